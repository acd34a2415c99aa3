//! `isc-password set`: change a password and follow the change to its end, with progress on
//! standard error.

use sailpoint_password::PasswordsExt as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anyhow::anyhow;
use sailpoint_password::{AccountChoice, PasswordTarget, PollConfig, Progress};

use crate::cli::{GlobalArgs, SetArgs};
use crate::client::build_client;
use crate::exit::{Code, Failure};
use crate::input::{read_password, Confirm};
use crate::output::finish;

pub async fn run(args: &SetArgs, global: &GlobalArgs) -> Result<(), Failure> {
    let client = build_client(global)?;
    let password = read_password("New password: ", Confirm::Yes)?;
    let account = match &args.account {
        Some(value) => AccountChoice::ByIdOrName(value.clone()),
        None => AccountChoice::Only,
    };
    let target = PasswordTarget::user(&args.user, &args.source);
    let poll = PollConfig::default()
        .with_first_delay(args.wait.first_delay())
        .with_deadline(args.wait.deadline());
    // Remembered for the Ctrl-C message: whether set-password may be on its way, and the
    // request id once it was accepted.
    let request_id = Mutex::new(None::<String>);
    let submitting = AtomicBool::new(false);
    let passwords = client
        .passwords()
        .with_api(global.api.into())
        .with_poll_config(poll)
        .with_policy_check(!args.skip_policy_check)
        .on_progress(|progress| {
            match progress {
                Progress::Submitting(_) => submitting.store(true, Ordering::SeqCst),
                Progress::Submitted { request_id: id } => {
                    if let Ok(mut slot) = request_id.lock() {
                        *slot = Some(id.clone());
                    }
                }
                _ => {}
            }
            show_progress(progress);
        });
    let change = passwords.change(&target, &account, password);
    let outcome = tokio::select! {
        outcome = change => outcome?,
        _ = tokio::signal::ctrl_c() => {
            let id = request_id.lock().ok().and_then(|slot| slot.clone());
            return Err(interrupted(id, submitting.load(Ordering::SeqCst)));
        }
    };
    // FAILED is reported as an error (exit code 5) with ISC's reasons.
    finish(outcome, global.json)
}

fn show_progress(progress: &Progress) {
    match progress {
        Progress::QueryingInfo => eprintln!("Querying password info..."),
        Progress::Submitting(ids) => eprintln!("Submitting the new password ({ids})..."),
        Progress::Submitted { request_id } => {
            eprintln!("Accepted as request {request_id}; waiting for ISC to apply it...")
        }
        Progress::Polled {
            poll,
            state,
            elapsed,
        } => eprintln!(
            "  status #{poll} after {:.1} s: {state}",
            elapsed.as_secs_f64()
        ),
        _ => {}
    }
}

/// Ctrl-C: the password may have changed once set-password may have left (`submitting`), and
/// surely may once it was accepted (`request_id`).
fn interrupted(request_id: Option<String>, submitting: bool) -> Failure {
    let mut failure = match &request_id {
        Some(id) => Failure::new(
            Code::Interrupted,
            "interrupted",
            anyhow!("interrupted while waiting; password change {id} was submitted and may still complete"),
        )
        .with_hint(format!("check with `isc-password status {id} --wait`")),
        None if submitting => Failure::new(
            Code::Interrupted,
            "interrupted",
            anyhow!("interrupted while set-password was on its way; the password may still change"),
        ),
        None => Failure::new(
            Code::Interrupted,
            "interrupted",
            anyhow!("interrupted before set-password was sent; nothing changed"),
        ),
    };
    failure.password_may_have_changed = request_id.is_some() || submitting;
    failure.request_id = request_id;
    failure
}

//! `isc-password status`: one status request, or `--wait` to poll until the change ends.

use anyhow::anyhow;
use sailpoint_beta::models::PasswordChangeState;
use sailpoint_password::PasswordsExt as _;
use sailpoint_password::{PasswordError, PollConfig, Progress};
use serde_json::json;

use crate::cli::{GlobalArgs, StatusArgs};
use crate::client::build_client;
use crate::exit::{Code, Failure};
use crate::output::{finish, print_json};

pub async fn run(args: &StatusArgs, global: &GlobalArgs) -> Result<(), Failure> {
    if args.request_id.trim().is_empty() {
        return Err(Failure::input(anyhow!("the request id is empty")));
    }
    let client = build_client(global)?;
    if args.wait {
        return wait(args, global, &client).await;
    }
    let status = match client
        .passwords()
        .with_api(global.api.into())
        .status(&args.request_id)
        .await
    {
        Ok(status) => status,
        Err(PasswordError::Status { source, .. })
            if source.status() == Some(isc_runtime::reqwest::StatusCode::NOT_FOUND) =>
        {
            return Err(Failure::new(
                Code::Failure,
                "not_found",
                anyhow!(
                    "ISC knows no password change request {} (HTTP 404)",
                    args.request_id
                ),
            )
            .with_hint("check the requestId; a request made seconds ago may not be visible yet"));
        }
        Err(error) => return Err(error.into()),
    };
    let state = status
        .state
        .as_ref()
        .map_or_else(|| "(no state)".to_owned(), ToString::to_string);
    if global.json {
        print_json(&json!({
            "requestId": status.request_id.clone().flatten().as_deref().unwrap_or(&args.request_id),
            "state": state,
            "errors": status.errors.clone().unwrap_or_default(),
            "sourceIds": status.source_ids.clone().unwrap_or_default(),
        }));
    } else {
        println!("password change {}: {state}", args.request_id);
        for error in status.errors.iter().flatten() {
            println!("  error: {error}");
        }
        for source in status.source_ids.iter().flatten() {
            println!("  source: {source}");
        }
    }
    // The exit code tells scripts the state: 0 FINISHED, 5 FAILED, 6 anything else.
    match status.state {
        Some(PasswordChangeState::Finished) => Ok(()),
        Some(PasswordChangeState::Failed) => Err(Failure::new(
            Code::ChangeFailed,
            "failed",
            anyhow!("ISC reports password change {} FAILED", args.request_id),
        )
        .result_printed()),
        _ => Err(Failure::new(
            Code::MayHaveChanged,
            "not_final",
            anyhow!(
                "password change {} is not finished yet ({state})",
                args.request_id
            ),
        )
        .with_hint(format!(
            "wait for it with `isc-password status {} --wait`",
            args.request_id
        ))
        .result_printed()),
    }
}

async fn wait(
    args: &StatusArgs,
    global: &GlobalArgs,
    client: &sailpoint_beta::Client,
) -> Result<(), Failure> {
    let poll = PollConfig::default()
        .with_first_delay(args.timing.first_delay())
        .with_deadline(args.timing.deadline());
    let passwords = client
        .passwords()
        .with_api(global.api.into())
        .with_poll_config(poll)
        .on_progress(|progress| {
            if let Progress::Polled {
                poll,
                state,
                elapsed,
            } = progress
            {
                eprintln!(
                    "  status #{poll} after {:.1} s: {state}",
                    elapsed.as_secs_f64()
                );
            }
        });
    let outcome = tokio::select! {
        outcome = passwords.wait(&args.request_id) => outcome?,
        _ = tokio::signal::ctrl_c() => {
            return Err(Failure::new(Code::Interrupted, "interrupted", anyhow!("interrupted while waiting")));
        }
    };
    finish(outcome, global.json)
}

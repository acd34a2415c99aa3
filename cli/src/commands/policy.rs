//! `isc-password policy show`: the structured policy that governs a source, as the Password
//! Policies API returns it, with what the local check makes of it.

use anyhow::anyhow;
use sailpoint_password::PasswordsExt as _;
use sailpoint_password::{DictionaryUse, PolicyBasis, PolicyFallback, SourcePolicy};
use serde_json::json;

use crate::cli::{GlobalArgs, PolicyAction, PolicyArgs, PolicyShowArgs};
use crate::client::build_client;
use crate::exit::{lookup_failure, Code, Failure};
use crate::output::print_json;

/// The scope the Password Policies API needs.
pub const POLICY_SCOPE: &str = "idn:password-policy:read";

pub async fn run(args: &PolicyArgs, global: &GlobalArgs) -> Result<(), Failure> {
    match &args.action {
        PolicyAction::Show(show_args) => show(show_args, global).await,
    }
}

async fn show(args: &PolicyShowArgs, global: &GlobalArgs) -> Result<(), Failure> {
    if args.source.trim().is_empty() {
        return Err(Failure::input(anyhow!("the source ID is empty")));
    }
    let client = build_client(global)?;
    let passwords = client.passwords().with_api(global.api.into());
    let policy = passwords
        .source_policy(&args.source)
        .await
        .map_err(|fallback| fallback_failure(&fallback, &args.source))?;
    // Without a group, say whether that is known: when the groups cannot be read, the policy
    // that lists the source is shown, and a group's policy might govern it instead.
    let groups_unreadable = match &policy.sync_group {
        Some(_) => None,
        None => passwords.sync_groups().await.err(),
    };
    let dictionary = DictionaryState::of(&policy);
    let checked: Vec<String> = policy
        .rules
        .constraints()
        .iter()
        .map(ToString::to_string)
        .collect();
    if global.json {
        print_json(&json!({
            "sourceId": args.source,
            "policy": policy.model,
            "syncGroup": policy.sync_group,
            "syncGroupsUnreadable": groups_unreadable.as_ref().map(ToString::to_string),
            "checkedLocally": checked,
            "notCheckedLocally": policy.rules.unchecked().iter().map(|rule| &rule.text).collect::<Vec<_>>(),
            "dictionary": {
                "used": dictionary.used,
                "words": dictionary.words,
                "unreadable": dictionary.unreadable,
            },
        }));
        return Ok(());
    }
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned());
    println!(
        "Policy:      {} ({})",
        or_none(&policy.model.name),
        or_none(&policy.model.id)
    );
    println!("Source id:   {}", args.source);
    match (&policy.sync_group, &groups_unreadable) {
        (Some(group), _) => println!(
            "Governed through sync group {} ({})",
            or_none(&group.name),
            or_none(&group.id)
        ),
        (None, None) => println!("Governed directly: the source is in no sync group"),
        (None, Some(failure)) => println!(
            "Governed by the policy that lists the source; the sync groups could not be read \
             ({failure}), so a group's policy may govern it instead"
        ),
    }
    println!("Checked locally:");
    for rule in &checked {
        println!("  - {rule}");
    }
    if checked.is_empty() {
        println!("  (none)");
    }
    println!("Not checked locally (ISC checks them):");
    for rule in policy.rules.unchecked() {
        println!("  - {} ({})", rule.text, rule.reason);
    }
    if policy.rules.unchecked().is_empty() {
        println!("  (none)");
    }
    match (dictionary.used, dictionary.words, &dictionary.unreadable) {
        (false, _, _) => println!("Dictionary:  not used"),
        (true, Some(words), _) => println!("Dictionary:  used, checked locally ({words} words)"),
        (true, None, Some(why)) => println!(
            "Dictionary:  used, but not checked locally: the dictionary could not be read ({why})"
        ),
        (true, None, None) => println!("Dictionary:  used, not checked locally"),
    }
    Ok(())
}

/// The dictionary part of the policy, from what [`SourcePolicy::basis`] says was done.
struct DictionaryState {
    used: bool,
    words: Option<usize>,
    unreadable: Option<String>,
}

impl DictionaryState {
    fn of(policy: &SourcePolicy) -> Self {
        let from_model = || DictionaryState {
            used: policy.model.use_dictionary == Some(true),
            words: None,
            unreadable: None,
        };
        match &policy.basis {
            PolicyBasis::Structured { dictionary, .. } => match dictionary {
                DictionaryUse::NotUsed => DictionaryState {
                    used: false,
                    words: None,
                    unreadable: None,
                },
                DictionaryUse::Checked { words } => DictionaryState {
                    used: true,
                    words: Some(*words),
                    unreadable: None,
                },
                DictionaryUse::Unreadable(failure) => DictionaryState {
                    used: true,
                    words: None,
                    unreadable: Some(failure.to_string()),
                },
                _ => from_model(),
            },
            _ => from_model(),
        }
    }
}

/// Why no policy could be shown, sorted into an exit code.
fn fallback_failure(fallback: &PolicyFallback, source_id: &str) -> Failure {
    match fallback {
        PolicyFallback::PoliciesUnreadable(failure) => {
            lookup_failure(failure, "the password policies", POLICY_SCOPE)
        }
        PolicyFallback::NoPolicyFound => Failure::new(
            Code::Failure,
            "no_policy",
            anyhow!(
                "no password policy governs source {source_id}: no policy lists it, and no \
                 sync group that could be read gives it one"
            ),
        )
        .with_hint(
            "--source takes the source's ID, not its name; `isc-password info --user USER \
             --source NAME` shows it as \"Source id\"",
        ),
        other => Failure::new(
            Code::Failure,
            "api",
            anyhow!("the policy of source {source_id} is not known: {other}"),
        ),
    }
}

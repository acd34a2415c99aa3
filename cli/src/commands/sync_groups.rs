//! `isc-password sync-groups list`: the tenant's password sync groups, the sources in each
//! sharing one password under one policy.

use sailpoint_beta::models::PasswordSyncGroup;
use sailpoint_password::PasswordsExt as _;
use serde_json::json;

use crate::cli::{GlobalArgs, SyncGroupsAction, SyncGroupsArgs};
use crate::client::build_client;
use crate::exit::{lookup_failure, Failure};
use crate::output::print_json;

/// The scope the Password Sync Groups API needs.
pub const SYNC_GROUP_SCOPE: &str = "idn:password-sync-group:read";

pub async fn run(args: &SyncGroupsArgs, global: &GlobalArgs) -> Result<(), Failure> {
    match args.action {
        SyncGroupsAction::List => list(global).await,
    }
}

async fn list(global: &GlobalArgs) -> Result<(), Failure> {
    let client = build_client(global)?;
    let groups = client
        .passwords()
        .with_api(global.api.into())
        .sync_groups()
        .await
        .map_err(|failure| {
            lookup_failure(&failure, "the password sync groups", SYNC_GROUP_SCOPE)
        })?;
    if global.json {
        print_json(&json!({ "syncGroups": groups }));
        return Ok(());
    }
    if groups.is_empty() {
        eprintln!("the tenant has no password sync groups");
    }
    for group in &groups {
        println!("{}", line(group));
    }
    Ok(())
}

/// `ID  NAME  policy POLICY_ID  sources: a, b`.
fn line(group: &PasswordSyncGroup) -> String {
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned());
    let sources = match group.source_ids.as_deref() {
        Some(ids) if !ids.is_empty() => ids.join(", "),
        _ => "(none)".to_owned(),
    };
    format!(
        "{}  {}  policy {}  sources: {sources}",
        or_none(&group.id),
        or_none(&group.name),
        or_none(&group.password_policy_id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_one_line_and_missing_values_say_so() {
        let group = PasswordSyncGroup::new()
            .with_name("Corp")
            .with_password_policy_id("p1")
            .with_source_ids(vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(line(&group), "(none)  Corp  policy p1  sources: a, b");
        assert_eq!(
            line(&PasswordSyncGroup::new()),
            "(none)  (none)  policy (none)  sources: (none)"
        );
    }
}

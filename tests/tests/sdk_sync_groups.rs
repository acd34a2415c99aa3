//! The Password Sync Groups API of the beta crate, driven through its typed mocks: paging with
//! `stream()`, a body sent as documented, read-only fields the server fills, and a typed 404.

use sailpoint_beta::apis::password_sync_groups::GetPasswordSyncGroupError;
use sailpoint_beta::mock;
use sailpoint_beta::models::{ErrorResponseDto, PasswordSyncGroup};
use sailpoint_beta::runtime::TryStreamExt;
use sailpoint_beta::Error;

/// A group as ISC returns it (read-only fields included), from JSON as on the wire.
fn group(id: &str, name: &str) -> PasswordSyncGroup {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "name": name,
        "passwordPolicyId": "policy-1",
        "sourceIds": ["source-a", "source-b"],
        "created": "2024-05-02T09:30:00Z",
        "modified": null
    }))
    .expect("a documented group")
}

#[tokio::test]
async fn every_group_is_listed_page_by_page() {
    let first = mock::get_password_sync_groups()
        .match_request(|r| r.offset() == Some("0") && r.limit() == Some("2"))
        .then_output(vec![group("g1", "one"), group("g2", "two")]);
    let last = mock::get_password_sync_groups()
        .match_request(|r| r.offset() == Some("2"))
        .then_output(vec![group("g3", "three")]);
    let end = mock::get_password_sync_groups()
        .match_request(|r| r.offset() == Some("3"))
        .then_output(Vec::new());
    let client = mock::client([first, last, end]);

    let groups: Vec<PasswordSyncGroup> = client
        .password_sync_groups()
        .get_password_sync_groups()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("every page");
    let names: Vec<_> = groups.iter().filter_map(|g| g.name.as_deref()).collect();
    assert_eq!(names, ["one", "two", "three"]);
    assert_eq!(groups[0].source_ids.as_deref().map(<[_]>::len), Some(2));
}

#[tokio::test]
async fn a_new_group_sends_its_members_and_reads_back_what_isc_assigned() {
    let create = mock::create_password_sync_group()
        .match_request(|r| {
            r.body().is_some_and(|body| {
                body.name.as_deref() == Some("Directory and mail")
                    && body.source_ids.as_deref()
                        == Some(&["source-a".to_owned(), "source-b".to_owned()][..])
                    // Read-only: never sent.
                    && body.id.is_none()
            }) && !String::from_utf8_lossy(r.raw().body_bytes()).contains("\"id\"")
        })
        .then_output(group("g9", "Directory and mail"));
    let client = mock::client([create.clone()]);
    let body = PasswordSyncGroup::new()
        .with_name("Directory and mail")
        .with_password_policy_id("policy-1")
        .with_source_ids(vec!["source-a".to_owned(), "source-b".to_owned()]);

    let created = client
        .password_sync_groups()
        .create_password_sync_group(&body)
        .send()
        .await
        .expect("created")
        .into_inner();
    assert_eq!(created.id.as_deref(), Some("g9"));
    assert!(created.created.is_some());
    assert_eq!(create.num_calls(), 1);
}

#[tokio::test]
async fn an_unknown_group_is_a_typed_404_and_a_delete_is_a_bare_204() {
    let missing = mock::get_password_sync_group()
        .match_request(|r| r.id() == "nope")
        .then_error(GetPasswordSyncGroupError::NotFound(
            ErrorResponseDto::new().with_tracking_id("track-404"),
        ));
    let delete = mock::delete_password_sync_group()
        .match_request(|r| r.id() == "g1")
        .then_output(());
    let client = mock::client([missing, delete.clone()]);
    let api = client.password_sync_groups();

    match api.get_password_sync_group("nope").send().await {
        Err(Error::Service(failure)) => {
            assert!(matches!(
                failure.error,
                GetPasswordSyncGroupError::NotFound(_)
            ));
            assert_eq!(failure.error.tracking_id(), Some("track-404"));
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
    let deleted = api
        .delete_password_sync_group("g1")
        .send()
        .await
        .expect("deleted");
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(delete.num_calls(), 1);
}

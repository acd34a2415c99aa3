//! Choosing the account to change from what query-password-info lists.

use sailpoint_beta::models::PasswordInfoAccount;
use sailpoint_password::{choose_account, AccountChoice, AccountError};

fn account(id: Option<&str>, name: Option<&str>) -> PasswordInfoAccount {
    let mut account = PasswordInfoAccount::new();
    account.account_id = id.map(str::to_owned);
    account.account_name = name.map(str::to_owned);
    account
}

fn two_accounts() -> Vec<PasswordInfoAccount> {
    vec![
        account(Some("CN=Abby,OU=Staff"), Some("Abby.Smith")),
        account(Some("CN=Abby-Admin,OU=Admins"), Some("Abby.Admin")),
    ]
}

#[test]
fn the_only_account_is_chosen() {
    let accounts = [account(Some("CN=Abby"), Some("Abby.Smith"))];
    assert_eq!(
        choose_account(&accounts, &AccountChoice::Only).unwrap(),
        "CN=Abby"
    );
}

#[test]
fn the_same_account_listed_twice_is_one_account() {
    // The upstream example lists one account twice.
    let accounts = [
        account(Some("CN=Abby"), Some("Abby.Smith")),
        account(Some("CN=Abby"), Some("Abby.Smith")),
    ];
    assert_eq!(
        choose_account(&accounts, &AccountChoice::Only).unwrap(),
        "CN=Abby"
    );
}

#[test]
fn several_accounts_make_only_ambiguous() {
    let error = choose_account(&two_accounts(), &AccountChoice::Only).unwrap_err();
    let AccountError::Ambiguous { candidates, .. } = &error else {
        panic!("expected Ambiguous, got {error:?}");
    };
    assert_eq!(candidates.len(), 2);
    assert_eq!(
        error.to_string(),
        "the only account is ambiguous: 2 accounts match; accounts on the source: \
         Abby.Smith [CN=Abby,OU=Staff], Abby.Admin [CN=Abby-Admin,OU=Admins]; choose one by accountId"
    );
}

#[test]
fn by_id_and_by_name_pick_exactly() {
    let accounts = two_accounts();
    let by_id = AccountChoice::ById("CN=Abby-Admin,OU=Admins".into());
    assert_eq!(
        choose_account(&accounts, &by_id).unwrap(),
        "CN=Abby-Admin,OU=Admins"
    );
    let by_name = AccountChoice::ByName("Abby.Smith".into());
    assert_eq!(
        choose_account(&accounts, &by_name).unwrap(),
        "CN=Abby,OU=Staff"
    );
    // Matching is case-sensitive, like ISC's identifiers.
    let wrong_case = AccountChoice::ByName("abby.smith".into());
    assert!(matches!(
        choose_account(&accounts, &wrong_case),
        Err(AccountError::NotFound { .. })
    ));
}

#[test]
fn by_id_or_name_matches_either_and_detects_clashes() {
    let accounts = two_accounts();
    let choice = |value: &str| AccountChoice::ByIdOrName(value.into());
    assert_eq!(
        choose_account(&accounts, &choice("Abby.Admin")).unwrap(),
        "CN=Abby-Admin,OU=Admins"
    );
    assert_eq!(
        choose_account(&accounts, &choice("CN=Abby,OU=Staff")).unwrap(),
        "CN=Abby,OU=Staff"
    );
    // One account's id is another account's name.
    let clash = [
        account(Some("abby"), Some("Abby Smith")),
        account(Some("CN=Other"), Some("abby")),
    ];
    assert!(matches!(
        choose_account(&clash, &choice("abby")),
        Err(AccountError::Ambiguous { .. })
    ));
}

#[test]
fn not_found_lists_the_candidates() {
    let error =
        choose_account(&two_accounts(), &AccountChoice::ByName("Abby.Root".into())).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the account with accountName \"Abby.Root\" does not exist; accounts on the source: \
         Abby.Smith [CN=Abby,OU=Staff], Abby.Admin [CN=Abby-Admin,OU=Admins]"
    );
}

#[test]
fn accounts_without_an_id_are_never_chosen() {
    let accounts = [account(None, Some("Abby.Smith"))];
    let error = choose_account(&accounts, &AccountChoice::Only).unwrap_err();
    assert!(
        matches!(error, AccountError::NoAccounts { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("Abby.Smith [no accountId]"),
        "{error}"
    );
    assert!(matches!(
        choose_account(&[], &AccountChoice::Only),
        Err(AccountError::NoAccounts { .. })
    ));
}

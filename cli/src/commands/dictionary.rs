//! `isc-password dictionary check`: whether a password contains a word of the tenant's
//! password dictionary, reporting how many but never which (nor the password).

use anyhow::anyhow;
use sailpoint_password::LookupFailure;
use sailpoint_password::PasswordsExt as _;
use serde_json::json;

use crate::cli::{DictionaryAction, DictionaryArgs, DictionaryCheckArgs, GlobalArgs};
use crate::client::build_client;
use crate::exit::{lookup_failure, Code, Failure};
use crate::input::{read_password, Confirm};
use crate::output::print_json;

/// The scope the Password Dictionary API needs.
pub const DICTIONARY_SCOPE: &str = "idn:password-dictionary:read";

pub async fn run(args: &DictionaryArgs, global: &GlobalArgs) -> Result<(), Failure> {
    match &args.action {
        DictionaryAction::Check(check_args) => check(check_args, global).await,
    }
}

async fn check(args: &DictionaryCheckArgs, global: &GlobalArgs) -> Result<(), Failure> {
    if !args.password_argument.is_empty() {
        return Err(Failure::input(anyhow!(
            "`dictionary check` takes no argument: an argument is visible to other users \
             (/proc/*/cmdline) and stays in shell history; pipe the password on standard input \
             or type it at the prompt (nothing was sent)"
        )));
    }
    // Configuration first, then the password (as `set` does), then the dictionary.
    let client = build_client(global)?;
    let password = read_password("Password to check: ", Confirm::No)?;
    let dictionary = match client
        .passwords()
        .with_api(global.api.into())
        .dictionary()
        .await
    {
        Ok(dictionary) => Some(dictionary),
        // None was ever uploaded: no password contains a word of it.
        Err(LookupFailure::NotFound) => None,
        Err(failure) => {
            return Err(lookup_failure(
                &failure,
                "the password dictionary",
                DICTIONARY_SCOPE,
            ))
        }
    };
    // Only the count leaves this point; the password is dropped (and zeroized) here.
    let (size, found) = match &dictionary {
        Some(dictionary) => (dictionary.len(), dictionary.words_in(&password)),
        None => (0, 0),
    };
    drop(password);
    let acceptable = found == 0;
    if global.json {
        print_json(&json!({
            "dictionaryWords": size,
            "wordsFound": found,
            "acceptable": acceptable,
        }));
    } else if dictionary.is_none() {
        println!("the tenant has no password dictionary: no password contains a word of it");
    } else {
        println!("{}", summary(size, found));
    }
    if acceptable {
        return Ok(());
    }
    Err(Failure::new(
        Code::Refused,
        "dictionary",
        anyhow!(
            "a policy that uses the dictionary refuses this password: it contains {}",
            words(found)
        ),
    )
    .with_hint("choose a password without common words; the words themselves are not shown")
    .result_printed())
}

/// The text result: how big the dictionary is when nothing was found, else how many words were.
fn summary(size: usize, found: u32) -> String {
    if found == 0 {
        format!(
            "the password contains no word of the tenant's password dictionary ({})",
            words(size)
        )
    } else {
        format!(
            "the password contains {} of the tenant's password dictionary",
            words(found)
        )
    }
}

/// "1 word", "5 words".
fn words(count: impl TryInto<u64>) -> String {
    match count.try_into().unwrap_or(u64::MAX) {
        1 => "1 word".to_owned(),
        n => format!("{n} words"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_words_and_names_none() {
        assert_eq!(
            summary(5, 0),
            "the password contains no word of the tenant's password dictionary (5 words)"
        );
        assert_eq!(
            summary(5, 1),
            "the password contains 1 word of the tenant's password dictionary"
        );
        assert_eq!(
            summary(5, 2),
            "the password contains 2 words of the tenant's password dictionary"
        );
    }
}

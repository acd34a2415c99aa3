//! JSON shapes of the password administration APIs: password policies, sync groups, the org
//! config and custom password instructions (the dictionary travels as a text file).
//!
//! Request bodies take every field as optional, and `null` as absent: ISC is lenient about
//! what it is sent, and the world decides what a missing field means. Unknown fields (such as
//! a policy's read-only `id` or `created`) are ignored, but a field of the wrong type fails
//! the whole body with 400.

use serde::{Deserialize, Serialize};

/// Body of a password policy create or replace.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordPolicyBody {
    pub name: Option<String>,
    pub description: Option<String>,
    pub source_ids: Option<Vec<String>>,
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub min_alpha: Option<i64>,
    pub min_upper: Option<i64>,
    pub min_lower: Option<i64>,
    pub min_numeric: Option<i64>,
    pub min_special: Option<i64>,
    pub min_character_types: Option<i64>,
    pub max_repeated_chars: Option<i64>,
    pub account_id_min_word_length: Option<i64>,
    pub account_name_min_word_length: Option<i64>,
    pub use_dictionary: Option<bool>,
    pub use_account_attributes: Option<bool>,
    pub use_identity_attributes: Option<bool>,
    pub validate_against_account_id: Option<bool>,
    pub validate_against_account_name: Option<bool>,
    pub default_policy: Option<bool>,
    pub enable_passwd_expiration: Option<bool>,
    pub password_expiration: Option<i64>,
    pub first_expiration_reminder: Option<i64>,
    pub require_strong_authn: Option<bool>,
    pub require_strong_auth_off_network: Option<bool>,
    pub require_strong_auth_untrusted_geographies: Option<bool>,
}

/// A password policy as ISC serves it: every rule present, an unset one at its "off" value
/// (0 for the minimums and `maxLength`, -1 for `maxRepeatedChars`, `minCharacterTypes` and
/// the word-length rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordPolicyDto {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub source_ids: Vec<String>,
    pub min_length: i64,
    pub max_length: i64,
    pub min_alpha: i64,
    pub min_upper: i64,
    pub min_lower: i64,
    pub min_numeric: i64,
    pub min_special: i64,
    pub min_character_types: i64,
    pub max_repeated_chars: i64,
    pub account_id_min_word_length: i64,
    pub account_name_min_word_length: i64,
    pub use_dictionary: bool,
    pub use_account_attributes: bool,
    pub use_identity_attributes: bool,
    pub validate_against_account_id: bool,
    pub validate_against_account_name: bool,
    pub default_policy: bool,
    pub enable_passwd_expiration: bool,
    pub password_expiration: i64,
    pub first_expiration_reminder: i64,
    pub require_strong_authn: bool,
    pub require_strong_auth_off_network: bool,
    pub require_strong_auth_untrusted_geographies: bool,
    pub created: Option<String>,
    pub modified: Option<String>,
}

/// Body of a password sync group create or replace.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordSyncGroupBody {
    pub name: Option<String>,
    pub password_policy_id: Option<String>,
    pub source_ids: Option<Vec<String>>,
}

/// A password sync group as ISC serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordSyncGroupDto {
    pub id: String,
    pub name: String,
    pub password_policy_id: String,
    pub source_ids: Vec<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

/// Body of a password org config create or update; an update changes only the fields given.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordOrgConfigBody {
    pub custom_instructions_enabled: Option<bool>,
    pub digit_token_enabled: Option<bool>,
    pub digit_token_duration_minutes: Option<i64>,
    pub digit_token_length: Option<i64>,
}

/// The tenant's password org config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordOrgConfigDto {
    pub custom_instructions_enabled: bool,
    pub digit_token_enabled: bool,
    pub digit_token_duration_minutes: i64,
    pub digit_token_length: i64,
}

/// Body of a custom password instruction create.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CustomPasswordInstructionBody {
    pub page_id: Option<String>,
    pub page_content: Option<String>,
    pub locale: Option<String>,
}

/// Custom instructions for one page in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CustomPasswordInstructionDto {
    pub page_id: String,
    pub page_content: String,
    pub locale: String,
}

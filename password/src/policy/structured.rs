//! The structured policy of the Password Policies API as a [`PasswordPolicy`]: each numeric
//! rule is spelled as the policy string ISC would write for it and parsed like one, so both
//! views of a policy share one reading of every rule.

use sailpoint_beta::models::PasswordPolicy as PolicyModel;

use super::{parse, PasswordPolicy, UncheckedReason, UncheckedRule};

/// The unchecked rule a dictionary policy keeps until its dictionary is attached.
pub(super) const USE_DICTIONARY: &str = "useDictionary is true";

impl PasswordPolicy {
    /// The rules of a structured password policy (`get_password_policy_by_id`,
    /// `list_password_policies`), as described under "The structured policy" above.
    pub fn from_structured(model: &PolicyModel) -> Self {
        let numeric = [
            ("minLength", model.min_length),
            ("maxLength", model.max_length),
            ("minAlpha", model.min_alpha),
            ("minUpper", model.min_upper),
            ("minLower", model.min_lower),
            ("minNumeric", model.min_numeric),
            ("minSpecial", model.min_special),
            ("minCharacterTypes", model.min_character_types),
            ("maxRepeatedChars", model.max_repeated_chars),
        ];
        let mut policy = PasswordPolicy::default();
        // 0 and -1 switch a rule off: such a rule is simply not part of the policy.
        for (name, value) in numeric {
            if let Some(value) = value.filter(|value| *value > 0) {
                let text = format!("{name} is {value}");
                match parse::parse_rule(&text) {
                    Ok(constraint) => policy.constraints.push(constraint),
                    Err(reason) => policy.unchecked.push(UncheckedRule { text, reason }),
                }
            }
        }
        let needs_server_data = [
            ("useAccountAttributes", model.use_account_attributes),
            ("useIdentityAttributes", model.use_identity_attributes),
            (
                "validateAgainstAccountId",
                model.validate_against_account_id,
            ),
            (
                "validateAgainstAccountName",
                model.validate_against_account_name,
            ),
        ];
        for (name, on) in needs_server_data {
            if on == Some(true) {
                policy.unchecked.push(UncheckedRule {
                    text: format!("{name} is true"),
                    reason: UncheckedReason::NeedsServerData,
                });
            }
        }
        if model.use_dictionary == Some(true) {
            policy.uses_dictionary = true;
            policy.unchecked.push(UncheckedRule {
                text: USE_DICTIONARY.to_owned(),
                reason: UncheckedReason::NeedsServerData,
            });
        }
        policy
    }
}

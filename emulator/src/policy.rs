//! Password policies: the rules a source enforces, how ISC words them, and the check itself.

use serde::{Deserialize, Serialize};

/// The rules of one password policy. Every rule is optional; an absent rule is not enforced.
///
/// ISC reports a policy as human-readable strings (`"passwordMinLength is 8"`); [`Self::describe`]
/// produces exactly those, in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordPolicy {
    /// Fewest characters allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Most characters allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Fewest letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_alpha: Option<u32>,
    /// Fewest decimal digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_numeric: Option<u32>,
    /// Fewest upper-case letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_upper: Option<u32>,
    /// Fewest lower-case letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_lower: Option<u32>,
    /// Fewest characters that are neither letters nor digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_special: Option<u32>,
    /// Longest run of one repeated character (`aaa` is a run of 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeated_char: Option<u32>,
    /// Fewest of the four character types (upper-case, lower-case, digit, special) a password
    /// must mix. While it is set, `minUpper`, `minLower`, `minNumeric` and `minSpecial` count
    /// only through it: a type is met when the password reaches that type's own minimum (or has
    /// one such character when the policy sets no minimum for it), and a password may miss the
    /// minimums of some types as long as enough types are met. This is the reading the SDK's
    /// local check documents, so the two agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_character_types: Option<u32>,
}

impl PasswordPolicy {
    /// The policy as ISC lists it in `PasswordInfo.policies`.
    pub fn describe(&self) -> Vec<String> {
        self.rules()
            .filter_map(|(name, value)| value.map(|value| format!("{name} is {value}")))
            .collect()
    }

    /// Every rule the password breaks, as messages for `PasswordStatus.errors`; empty when it
    /// satisfies the policy.
    pub fn violations(&self, password: &str) -> Vec<String> {
        let counts = CharCounts::of(password);
        let mut violations = Vec::new();
        let mut at_least = |rule: &str, limit: Option<u32>, actual: u32, what: &str| {
            if let Some(limit) = limit.filter(|limit| actual < *limit) {
                violations.push(format!(
                    "The password has {actual} {what}, fewer than the {limit} required ({rule} is {limit})."
                ));
            }
        };
        at_least(
            "passwordMinLength",
            self.min_length,
            counts.total,
            "characters",
        );
        at_least("passwordMinAlpha", self.min_alpha, counts.alpha, "letters");
        if self.min_character_types.is_none() {
            at_least(
                "passwordMinNumeric",
                self.min_numeric,
                counts.numeric,
                "digits",
            );
        }
        // With minCharacterTypes set, the per-type minimums count only through it (see the
        // field's documentation), so they are not reported one by one.
        if self.min_character_types.is_none() {
            at_least(
                "passwordMinUpper",
                self.min_upper,
                counts.upper,
                "upper-case letters",
            );
            at_least(
                "passwordMinLower",
                self.min_lower,
                counts.lower,
                "lower-case letters",
            );
            at_least(
                "passwordMinSpecial",
                self.min_special,
                counts.special,
                "special characters",
            );
        }
        if let Some(max) = self.max_length.filter(|max| counts.total > *max) {
            violations.push(format!(
                "The password has {} characters, more than the {max} allowed (passwordMaxLength is {max}).",
                counts.total
            ));
        }
        if let Some(max) = self.repeated_char.filter(|max| counts.longest_run > *max) {
            violations.push(format!(
                "The password repeats a character {} times in a row, more than the {max} allowed (passwordRepeatedChar is {max}).",
                counts.longest_run
            ));
        }
        if let Some(types) = self.min_character_types {
            let met = self.character_types_met(&counts);
            if met < types {
                violations.push(format!(
                    "The password mixes {met} character types, fewer than the {types} required (passwordMinCharType is {types})."
                ));
            }
        }
        violations
    }

    /// How many of upper-case, lower-case, digit and special the password meets: the type's
    /// own minimum when the policy sets one, one character of the type otherwise.
    fn character_types_met(&self, counts: &CharCounts) -> u32 {
        [
            (self.min_upper, counts.upper),
            (self.min_lower, counts.lower),
            (self.min_numeric, counts.numeric),
            (self.min_special, counts.special),
        ]
        .into_iter()
        .map(|(minimum, actual)| u32::from(actual >= minimum.unwrap_or(1).max(1)))
        .sum()
    }

    fn rules(&self) -> impl Iterator<Item = (&'static str, Option<u32>)> {
        [
            ("passwordMinLength", self.min_length),
            ("passwordMaxLength", self.max_length),
            ("passwordMinAlpha", self.min_alpha),
            ("passwordMinNumeric", self.min_numeric),
            ("passwordMinUpper", self.min_upper),
            ("passwordMinLower", self.min_lower),
            ("passwordMinSpecial", self.min_special),
            ("passwordRepeatedChar", self.repeated_char),
            ("passwordMinCharType", self.min_character_types),
        ]
        .into_iter()
    }
}

/// Character-class counts of one password, computed in a single pass.
#[derive(Default)]
struct CharCounts {
    total: u32,
    alpha: u32,
    numeric: u32,
    upper: u32,
    lower: u32,
    special: u32,
    longest_run: u32,
}

impl CharCounts {
    fn of(password: &str) -> Self {
        let mut counts = CharCounts::default();
        let mut previous = None;
        let mut run = 0;
        for c in password.chars() {
            counts.total += 1;
            if c.is_alphabetic() {
                counts.alpha += 1;
            } else if c.is_numeric() {
                counts.numeric += 1;
            } else {
                counts.special += 1;
            }
            counts.upper += u32::from(c.is_uppercase());
            counts.lower += u32::from(c.is_lowercase());
            run = if previous == Some(c) { run + 1 } else { 1 };
            counts.longest_run = counts.longest_run.max(run);
            previous = Some(c);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corp() -> PasswordPolicy {
        PasswordPolicy {
            min_length: Some(8),
            min_alpha: Some(1),
            min_numeric: Some(1),
            repeated_char: Some(3),
            ..PasswordPolicy::default()
        }
    }

    #[test]
    fn describes_rules_the_way_isc_does() {
        assert_eq!(
            corp().describe(),
            [
                "passwordMinLength is 8",
                "passwordMinAlpha is 1",
                "passwordMinNumeric is 1",
                "passwordRepeatedChar is 3"
            ]
        );
    }

    #[test]
    fn accepts_a_password_that_meets_every_rule() {
        assert!(corp().violations("abc12345").is_empty());
    }

    #[test]
    fn reports_each_broken_rule() {
        let violations = corp().violations("aaaa");
        assert_eq!(violations.len(), 3, "{violations:?}");
        assert!(violations[0].contains("passwordMinLength is 8"));
        assert!(violations[1].contains("passwordMinNumeric is 1"));
        assert!(violations[2].contains("passwordRepeatedChar is 3"));
    }

    #[test]
    fn min_character_types_counts_types_and_replaces_the_per_type_minimums() {
        let policy = PasswordPolicy {
            min_upper: Some(2),
            min_numeric: Some(1),
            min_character_types: Some(3),
            ..PasswordPolicy::default()
        };
        assert_eq!(
            policy.describe(),
            [
                "passwordMinNumeric is 1",
                "passwordMinUpper is 2",
                "passwordMinCharType is 3"
            ]
        );
        // Lower, digit and special: three types, though minUpper is missed.
        assert!(policy.violations("abc1!").is_empty());
        // One upper-case letter does not meet minUpper 2: lower and digit are only two types.
        let violations = policy.violations("Abc1");
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(violations[0].contains("passwordMinCharType is 3"));
        assert!(violations[0].contains("mixes 2 character types"));
    }

    #[test]
    fn counts_characters_not_bytes() {
        let policy = PasswordPolicy {
            max_length: Some(4),
            min_upper: Some(1),
            min_special: Some(1),
            ..PasswordPolicy::default()
        };
        assert!(policy.violations("Äé!ü").is_empty());
    }
}

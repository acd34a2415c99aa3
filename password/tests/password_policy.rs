//! Password policy: parsing ISC's `policies` strings and checking passwords locally.

use std::sync::Arc;

use sailpoint_password::{
    Constraint, PasswordDictionary, PasswordPolicy, UncheckedReason, UncheckedRule, Violation,
};
use secrecy::SecretString;

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn violations(policy: &PasswordPolicy, password: &str) -> Vec<Violation> {
    policy.check(&secret(password)).violations().to_vec()
}

#[test]
fn parses_the_documented_example() {
    let policy = PasswordPolicy::parse([
        "passwordRepeatedChar is 3",
        "passwordMinAlpha is 1",
        "passwordMinLength is 5",
        "passwordMinNumeric is 1",
    ]);
    assert_eq!(
        policy.constraints(),
        [
            Constraint::MaxRepeatedChars(3),
            Constraint::MinAlpha(1),
            Constraint::MinLength(5),
            Constraint::MinNumeric(1),
        ]
    );
    assert!(policy.unchecked().is_empty());
}

#[test]
fn parses_every_known_rule_and_its_aliases() {
    let cases = [
        ("passwordMinLength is 8", Constraint::MinLength(8)),
        ("passwordMaxLength is 64", Constraint::MaxLength(64)),
        ("passwordMinAlpha is 2", Constraint::MinAlpha(2)),
        ("passwordMinNumeric is 1", Constraint::MinNumeric(1)),
        ("passwordMinUpper is 1", Constraint::MinUpper(1)),
        ("passwordMinLower is 3", Constraint::MinLower(3)),
        ("passwordMinSpecial is 1", Constraint::MinSpecial(1)),
        ("passwordRepeatedChar is 2", Constraint::MaxRepeatedChars(2)),
        ("passwordMinCharType is 3", Constraint::MinCharacterTypes(3)),
        // V3 policy field names and other spellings.
        ("minCharacterTypes is 3", Constraint::MinCharacterTypes(3)),
        ("maxRepeatedChars = 4", Constraint::MaxRepeatedChars(4)),
        ("minLength: 10", Constraint::MinLength(10)),
        ("PASSWORD_MIN_UPPER IS 2", Constraint::MinUpper(2)),
        ("  passwordMinSpecial   is   1  ", Constraint::MinSpecial(1)),
    ];
    for (text, expected) in cases {
        assert_eq!(
            PasswordPolicy::parse([text]).constraints(),
            [expected],
            "{text}"
        );
    }
}

#[test]
fn rules_not_checked_locally_are_kept_with_a_reason() {
    let policy = PasswordPolicy::parse([
        "passwordMinLength is 8",
        "passwordHistory is 10",
        "useDictionary is true",
        "validateAgainstAccountId is true",
        "passwordFrobnication is 2",
        "passwordMinLength is eight",
        "passwordMaxLength is -1",
        "passwordRepeatedChar is 0",
        "passwordMinUpper is 99999999999",
        "just some text",
    ]);
    assert_eq!(policy.constraints(), [Constraint::MinLength(8)]);
    let reasons: Vec<(&str, UncheckedReason)> = policy
        .unchecked()
        .iter()
        .map(|rule| (rule.text.as_str(), rule.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("passwordHistory is 10", UncheckedReason::NeedsServerData),
            ("useDictionary is true", UncheckedReason::NeedsServerData),
            (
                "validateAgainstAccountId is true",
                UncheckedReason::NeedsServerData
            ),
            ("passwordFrobnication is 2", UncheckedReason::UnknownRule),
            ("passwordMinLength is eight", UncheckedReason::InvalidValue),
            ("passwordMaxLength is -1", UncheckedReason::Disabled),
            ("passwordRepeatedChar is 0", UncheckedReason::Disabled),
            (
                "passwordMinUpper is 99999999999",
                UncheckedReason::InvalidValue
            ),
            ("just some text", UncheckedReason::UnknownRule),
        ]
    );
}

#[test]
fn unknown_rules_never_fail_a_check_but_are_reported() {
    let policy = PasswordPolicy::parse(["passwordFrobnication is 2", "passwordMinLength is 3"]);
    let report = policy.check(&secret("abcd"));
    assert!(report.is_satisfied());
    assert_eq!(
        report.not_checked(),
        [UncheckedRule {
            text: "passwordFrobnication is 2".to_owned(),
            reason: UncheckedReason::UnknownRule
        }]
    );
    assert!(
        report.to_string().contains("not checked locally"),
        "{report}"
    );
}

#[test]
fn reports_every_violated_rule_at_once() {
    let policy = PasswordPolicy::parse([
        "passwordMinLength is 8",
        "passwordMinNumeric is 1",
        "passwordMinUpper is 1",
        "passwordMinSpecial is 1",
        "passwordMaxLength is 20",
    ]);
    assert_eq!(
        violations(&policy, "abc"),
        [
            Violation {
                constraint: Constraint::MinLength(8),
                actual: 3
            },
            Violation {
                constraint: Constraint::MinNumeric(1),
                actual: 0
            },
            Violation {
                constraint: Constraint::MinUpper(1),
                actual: 0
            },
            Violation {
                constraint: Constraint::MinSpecial(1),
                actual: 0
            },
        ]
    );
    assert!(violations(&policy, "Abcdefg1!").is_empty());
    assert_eq!(
        violations(&policy, "Abcdefg1!Abcdefg1!xyz"),
        [Violation {
            constraint: Constraint::MaxLength(20),
            actual: 21
        }]
    );
}

#[test]
fn length_counts_unicode_scalar_values() {
    let policy =
        PasswordPolicy::from_constraints([Constraint::MinLength(4), Constraint::MaxLength(4)]);
    // 4 characters, 10 bytes in UTF-8.
    assert!(violations(&policy, "密码€a").is_empty());
    // One emoji is one character even though Java counts two UTF-16 units.
    assert_eq!(
        violations(&policy, "🔐🔐🔐"),
        [Violation {
            constraint: Constraint::MinLength(4),
            actual: 3
        }]
    );
}

#[test]
fn repeated_char_is_the_longest_allowed_run() {
    let policy = PasswordPolicy::parse(["passwordRepeatedChar is 3"]);
    assert!(violations(&policy, "xaaay").is_empty());
    assert!(
        violations(&policy, "abababab").is_empty(),
        "only consecutive repeats count"
    );
    assert_eq!(
        violations(&policy, "xaaaay"),
        [Violation {
            constraint: Constraint::MaxRepeatedChars(3),
            actual: 4
        }]
    );
    assert_eq!(
        violations(&policy, "ééééé"),
        [Violation {
            constraint: Constraint::MaxRepeatedChars(3),
            actual: 5
        }]
    );
}

#[test]
fn character_classes_follow_the_documented_rules() {
    let policy = PasswordPolicy::from_constraints([
        Constraint::MinAlpha(6),
        Constraint::MinUpper(2),
        Constraint::MinLower(4),
        Constraint::MinNumeric(2),
        Constraint::MinSpecial(3),
    ]);
    // Letters: Ä, Z (upper); ß, é, 密 (caseless counts as lower), x (lower).
    // Digits: 7, ٣ (Arabic-Indic three). Special: space, '-', '€'.
    assert!(violations(&policy, "ÄZßé密x7٣ -€").is_empty());
    assert_eq!(
        violations(&policy, "ab1!"),
        [
            Violation {
                constraint: Constraint::MinAlpha(6),
                actual: 2
            },
            Violation {
                constraint: Constraint::MinUpper(2),
                actual: 0
            },
            Violation {
                constraint: Constraint::MinLower(4),
                actual: 2
            },
            Violation {
                constraint: Constraint::MinNumeric(2),
                actual: 1
            },
            Violation {
                constraint: Constraint::MinSpecial(3),
                actual: 1
            },
        ]
    );
}

#[test]
fn min_character_types_counts_types_present_without_per_type_minimums() {
    let policy = PasswordPolicy::parse(["passwordMinCharType is 3"]);
    assert!(violations(&policy, "abcDEF12").is_empty());
    assert!(violations(&policy, "abc-12").is_empty());
    assert_eq!(
        violations(&policy, "abcdef12"),
        [Violation {
            constraint: Constraint::MinCharacterTypes(3),
            actual: 2
        }]
    );
}

#[test]
fn min_character_types_replaces_individual_type_minimums() {
    let policy = PasswordPolicy::parse([
        "passwordMinCharType is 3",
        "passwordMinUpper is 2",
        "passwordMinLower is 1",
        "passwordMinNumeric is 1",
        "passwordMinSpecial is 1",
    ]);
    // Lower, digit and special are met; uppercase (needs 2) is not: 3 of 4.
    assert!(violations(&policy, "abc1!X").is_empty());
    // One uppercase does not reach the uppercase minimum of 2: only 2 types.
    assert_eq!(
        violations(&policy, "abcX1"),
        [Violation {
            constraint: Constraint::MinCharacterTypes(3),
            actual: 2
        }]
    );
}

#[test]
fn violation_messages_give_counts_and_never_the_password() {
    let policy = PasswordPolicy::parse([
        "passwordMinLength is 12",
        "passwordRepeatedChar is 2",
        "passwordMinCharType is 4",
    ]);
    let report = policy.check(&secret("zzzzq"));
    let text = report.to_string();
    assert!(text.contains("breaks 3 rules"), "{text}");
    assert!(
        text.contains("needs at least 12 characters, but it has 5"),
        "{text}"
    );
    assert!(
        text.contains("needs no character repeated more than 2 times in a row, but one character is repeated 4 times in a row"),
        "{text}"
    );
    assert!(text.contains("4 character types"), "{text}");
    assert!(
        !text.contains("zz") && !text.contains('q'),
        "the report leaks the password: {text}"
    );
}

#[test]
fn an_empty_policy_accepts_anything() {
    let report = PasswordPolicy::parse(Vec::<String>::new()).check(&secret("x"));
    assert!(report.is_satisfied());
    assert!(report.not_checked().is_empty());
}

/// A structured policy as the Password Policies API sends it.
fn structured(json: serde_json::Value) -> sailpoint_beta::models::PasswordPolicy {
    serde_json::from_value(json).expect("a documented policy")
}

#[test]
fn a_structured_policy_reads_like_its_policy_strings_and_leaves_out_switched_off_rules() {
    let policy = PasswordPolicy::from_structured(&structured(serde_json::json!({
        "id": "p-1",
        "minLength": 8,
        "maxLength": 0,
        "minAlpha": 1,
        "minNumeric": 1,
        "minUpper": 0,
        "minCharacterTypes": -1,
        "maxRepeatedChars": 3,
        "validateAgainstAccountName": true,
        "useDictionary": false
    })));
    assert_eq!(
        policy.constraints(),
        [
            Constraint::MinLength(8),
            Constraint::MinAlpha(1),
            Constraint::MinNumeric(1),
            Constraint::MaxRepeatedChars(3),
        ]
    );
    // The same rules as the strings ISC writes for them.
    let from_strings = PasswordPolicy::parse([
        "passwordMinLength is 8",
        "passwordMinAlpha is 1",
        "passwordMinNumeric is 1",
        "passwordRepeatedChar is 3",
    ]);
    assert_eq!(policy.constraints(), from_strings.constraints());
    assert_eq!(
        policy.unchecked(),
        [UncheckedRule {
            text: "validateAgainstAccountName is true".to_owned(),
            reason: UncheckedReason::NeedsServerData,
        }]
    );
    assert!(!policy.uses_dictionary());
}

#[test]
fn the_dictionary_rule_is_unchecked_until_the_dictionary_is_attached() {
    let policy = PasswordPolicy::from_structured(&structured(
        serde_json::json!({"minLength": 4, "useDictionary": true}),
    ));
    assert!(policy.uses_dictionary());
    // Without the dictionary: kept, never failed locally.
    assert!(policy.check(&secret("MyPassword1")).is_satisfied());
    assert_eq!(policy.unchecked()[0].text, "useDictionary is true");

    let dictionary = PasswordDictionary::parse(
        "# banned words\nlocale=en_US\n\nPassword\nqwerty\n  letmein  \npassword\n",
    );
    assert_eq!(dictionary.words(), ["password", "qwerty", "letmein"]);
    assert_eq!(dictionary.locale(), Some("en_US"));
    let policy = policy.with_dictionary(Arc::new(dictionary));
    assert!(policy.unchecked().is_empty());
    assert_eq!(
        violations(&policy, "MyPASSWORD1-qwerty"),
        [Violation {
            constraint: Constraint::NoDictionaryWord,
            actual: 2,
        }]
    );
    assert!(violations(&policy, "Tr0ub4dor&3").is_empty());
    // The report counts words and never names one (it would tell part of the password).
    let report = policy.check(&secret("xLetMeInx")).to_string();
    assert!(report.contains("contains 1 word of it"), "{report}");
    assert!(!report.to_lowercase().contains("letmein"), "{report}");
}

#[test]
fn a_policy_without_use_dictionary_ignores_a_dictionary() {
    let policy = PasswordPolicy::from_structured(&structured(serde_json::json!({"minLength": 4})))
        .with_dictionary(Arc::new(PasswordDictionary::parse("password\n")));
    assert!(policy.check(&secret("password")).is_satisfied());
    assert!(policy.dictionary().is_none());
}

#[test]
fn a_hostile_dictionary_is_bounded() {
    let huge: String = (0..50_000).map(|n| format!("w{n}\n")).collect();
    let dictionary = PasswordDictionary::parse(&huge);
    assert_eq!(dictionary.len(), 10_000);
    assert!(format!("{dictionary:?}").len() < 100);
}

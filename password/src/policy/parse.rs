//! Turning one ISC policy string ("passwordMinLength is 5") into a [`Constraint`].

use super::{Constraint, UncheckedReason};

/// Parses one policy string; the error says why it is kept unchecked instead.
pub(super) fn parse_rule(text: &str) -> Result<Constraint, UncheckedReason> {
    let (name, value) = split_name_value(text).ok_or(UncheckedReason::UnknownRule)?;
    let name = normalize_name(name);
    let Some(kind) = RuleKind::from_normalized_name(&name) else {
        return Err(if needs_server_data(&name) {
            UncheckedReason::NeedsServerData
        } else {
            UncheckedReason::UnknownRule
        });
    };
    let value: i64 = value.parse().map_err(|_| UncheckedReason::InvalidValue)?;
    if value < 0 || (value == 0 && kind.is_maximum()) {
        return Err(UncheckedReason::Disabled);
    }
    let value = u32::try_from(value).map_err(|_| UncheckedReason::InvalidValue)?;
    Ok(kind.with_value(value))
}

/// The policy rule a word of an ISC message names (`passwordMinLength`, `minLength`,
/// `passwordDictionary`, ...), by its name in the `policies` strings; `None` for other words.
pub(crate) fn rule_named(word: &str) -> Option<&'static str> {
    let name = normalize_name(word);
    if let Some(kind) = RuleKind::from_normalized_name(&name) {
        return Some(kind.policy_string_name());
    }
    match name.as_str() {
        "dictionary" | "usedictionary" => Some("passwordDictionary"),
        "history" => Some("passwordHistory"),
        _ => None,
    }
}

/// Splits "name is value", "name = value" or "name: value".
fn split_name_value(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    // ASCII lowercasing keeps byte offsets identical, so positions found in
    // `lower` are valid in `text`.
    let lower = text.to_ascii_lowercase();
    let (at, separator_len) = if let Some(at) = lower.find(" is ") {
        (at, " is ".len())
    } else {
        let at = text.find(['=', ':'])?;
        (at, 1)
    };
    let name = text[..at].trim();
    let value = text[at + separator_len..].trim();
    (!name.is_empty() && !value.is_empty()).then_some((name, value))
}

/// Lowercase, ASCII letters and digits only, without the `password` prefix:
/// "passwordMinLength", "minLength" and "MIN_LENGTH" all become "minlength".
fn normalize_name(name: &str) -> String {
    let normalized: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match normalized.strip_prefix("password") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => normalized,
    }
}

/// Rules about dictionaries, history or account/identity data can only be
/// checked by ISC.
fn needs_server_data(normalized: &str) -> bool {
    [
        "dictionary",
        "history",
        "account",
        "identity",
        "displayname",
        "triviality",
    ]
    .iter()
    .any(|word| normalized.contains(word))
}

#[derive(Clone, Copy)]
enum RuleKind {
    MinLength,
    MaxLength,
    MinAlpha,
    MinNumeric,
    MinUpper,
    MinLower,
    MinSpecial,
    MaxRepeatedChars,
    MinCharacterTypes,
}

impl RuleKind {
    fn from_normalized_name(name: &str) -> Option<Self> {
        Some(match name {
            "minlength" => Self::MinLength,
            "maxlength" => Self::MaxLength,
            "minalpha" | "minalphabetic" | "minletters" => Self::MinAlpha,
            "minnumeric" | "mindigit" | "mindigits" => Self::MinNumeric,
            "minupper" | "minuppercase" => Self::MinUpper,
            "minlower" | "minlowercase" => Self::MinLower,
            "minspecial" | "minspecialchar" | "minspecialchars" => Self::MinSpecial,
            "repeatedchar" | "repeatedchars" | "maxrepeatedchar" | "maxrepeatedchars" => {
                Self::MaxRepeatedChars
            }
            "minchartype" | "minchartypes" | "mincharactertype" | "mincharactertypes" => {
                Self::MinCharacterTypes
            }
            _ => return None,
        })
    }

    /// The name ISC gives the rule in the `policies` strings.
    fn policy_string_name(self) -> &'static str {
        match self {
            Self::MinLength => "passwordMinLength",
            Self::MaxLength => "passwordMaxLength",
            Self::MinAlpha => "passwordMinAlpha",
            Self::MinNumeric => "passwordMinNumeric",
            Self::MinUpper => "passwordMinUpper",
            Self::MinLower => "passwordMinLower",
            Self::MinSpecial => "passwordMinSpecial",
            Self::MaxRepeatedChars => "passwordRepeatedChar",
            Self::MinCharacterTypes => "passwordMinCharType",
        }
    }

    /// A maximum of 0 cannot be met by any non-empty password, so ISC can only
    /// mean "off" by it.
    fn is_maximum(self) -> bool {
        matches!(self, Self::MaxLength | Self::MaxRepeatedChars)
    }

    fn with_value(self, n: u32) -> Constraint {
        match self {
            Self::MinLength => Constraint::MinLength(n),
            Self::MaxLength => Constraint::MaxLength(n),
            Self::MinAlpha => Constraint::MinAlpha(n),
            Self::MinNumeric => Constraint::MinNumeric(n),
            Self::MinUpper => Constraint::MinUpper(n),
            Self::MinLower => Constraint::MinLower(n),
            Self::MinSpecial => Constraint::MinSpecial(n),
            Self::MaxRepeatedChars => Constraint::MaxRepeatedChars(n),
            Self::MinCharacterTypes => Constraint::MinCharacterTypes(n),
        }
    }
}

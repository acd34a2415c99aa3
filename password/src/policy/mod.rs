//! A typed view of a source's password policy, checked locally: from the `policies` strings
//! of query-password-info, or from the structured policy of the Password Policies API with the
//! tenant's dictionary. The semantics are documented on [`PasswordPolicy`].

mod check;
mod dictionary;
mod parse;
mod structured;

use std::fmt;
use std::sync::Arc;

pub use check::{PolicyReport, Violation};
pub use dictionary::PasswordDictionary;
pub(crate) use parse::rule_named;

/// A rule the SDK knows how to check locally. Counts are explained on
/// [`PasswordPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// At least N characters (`passwordMinLength`).
    MinLength(u32),
    /// At most N characters (`passwordMaxLength`).
    MaxLength(u32),
    /// At least N letters (`passwordMinAlpha`).
    MinAlpha(u32),
    /// At least N digits (`passwordMinNumeric`).
    MinNumeric(u32),
    /// At least N uppercase letters (`passwordMinUpper`).
    MinUpper(u32),
    /// At least N lowercase letters (`passwordMinLower`).
    MinLower(u32),
    /// At least N special characters (`passwordMinSpecial`).
    MinSpecial(u32),
    /// No run of one repeated character longer than N (`passwordRepeatedChar`).
    MaxRepeatedChars(u32),
    /// At least N of the four character types (`passwordMinCharType`).
    MinCharacterTypes(u32),
    /// No word of the tenant's password dictionary (`useDictionary`), checked only when the
    /// dictionary could be read (see [`PasswordPolicy::with_dictionary`]).
    NoDictionaryWord,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::MinLength(n) => write!(f, "at least {}", count(n, "character")),
            Self::MaxLength(n) => write!(f, "at most {}", count(n, "character")),
            Self::MinAlpha(n) => write!(f, "at least {}", count(n, "letter")),
            Self::MinNumeric(n) => write!(f, "at least {}", count(n, "digit")),
            Self::MinUpper(n) => write!(f, "at least {}", count(n, "uppercase letter")),
            Self::MinLower(n) => write!(f, "at least {}", count(n, "lowercase letter")),
            Self::MinSpecial(n) => write!(
                f,
                "at least {} (neither letter nor digit)",
                count(n, "special character")
            ),
            Self::MaxRepeatedChars(n) => {
                write!(
                    f,
                    "no character repeated more than {} in a row",
                    count(n, "time")
                )
            }
            Self::MinCharacterTypes(n) => write!(
                f,
                "at least {n} of the 4 character types (uppercase, lowercase, digit, special)"
            ),
            Self::NoDictionaryWord => f.write_str("no word of the tenant's password dictionary"),
        }
    }
}

/// A policy string that is not checked locally, kept as ISC sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UncheckedRule {
    /// The policy string exactly as received.
    pub text: String,
    /// Why it is not checked locally.
    pub reason: UncheckedReason,
}

impl fmt::Display for UncheckedRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" (not checked locally: {})",
            self.text, self.reason
        )
    }
}

/// Why a policy string is not checked locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UncheckedReason {
    /// A rule name this SDK does not know.
    UnknownRule,
    /// A rule that needs data only ISC has (dictionary, history, account or
    /// identity attributes).
    NeedsServerData,
    /// A known rule whose value is not a whole number in range.
    InvalidValue,
    /// A known rule switched off by its value (negative, or 0 for a maximum).
    Disabled,
}

impl fmt::Display for UncheckedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnknownRule => "unknown rule, ISC will check it",
            Self::NeedsServerData => "needs data only ISC has, ISC will check it",
            Self::InvalidValue => "the value is not a whole number, ISC will check it",
            Self::Disabled => "the value switches the rule off",
        })
    }
}

/// The password policy of one source, as far as it can be understood locally.
///
/// ISC describes the password policy of a source as strings such as
/// `"passwordMinLength is 5"`. [`PasswordPolicy::parse`] turns them into
/// [`Constraint`]s that [`PasswordPolicy::check`] evaluates against a candidate
/// password before anything is sent, reporting *every* violated rule at once.
/// Rules this SDK does not know, or that need data only the server has
/// (dictionary, history, account attributes), are kept verbatim as
/// [`UncheckedRule`]s and reported as "not checked locally", never as failures.
///
/// # Semantics
///
/// The server always has the last word. Where the exact server behaviour is
/// not documented, the local check takes the *more lenient* reading, so that it
/// never blocks a password ISC would accept.
///
/// * **Length** is counted in Unicode scalar values (`char`s), not bytes:
///   what a person counts. A character outside the Basic Multilingual Plane
///   (most emoji) is one character here but two UTF-16 units for a Java
///   server, so for such passwords a minimum length is the one rule checked
///   more strictly here than ISC may check it.
/// * Every character falls in exactly one **class**: a letter (Unicode
///   `Alphabetic`) is *uppercase* if it has the Unicode `Uppercase` property and
///   *lowercase* otherwise (so caseless letters such as CJK ideographs count as
///   lowercase); a non-letter with the Unicode `Numeric` property is a *digit*;
///   everything else, including spaces and punctuation, is *special*.
/// * `passwordMinAlpha N` counts letters (upper plus lower).
/// * `passwordRepeatedChar N` is the longest allowed run of one character: with
///   `N = 3`, `"aaa"` passes and `"aaaa"` fails. Only consecutive repeats count.
///   This is the "maximum repetition" reading that the V3 policy field name
///   `maxRepeatedChars` describes.
/// * `passwordMinCharType N` asks for at least N of the four types (uppercase,
///   lowercase, digit, special). A type is met when the password reaches that
///   type's own minimum, or has at least one such character when the policy sets
///   no minimum for it. While this rule is present, the per-type minimums count
///   only through it: a password may miss some of them if N types are met.
/// * A negative value (ISC uses `-1` for "not set"), and `0` for the maximum
///   rules, switches a rule off; it is kept as [`UncheckedReason::Disabled`].
///
/// Rule names are matched case-insensitively, with or without the `password`
/// prefix, and the V3 policy field names (`minCharacterTypes`,
/// `maxRepeatedChars`, ...) are accepted as aliases. Besides `name is value`,
/// `name = value` and `name: value` are understood.
///
/// # The structured policy
///
/// [`PasswordPolicy::from_structured`] reads the policy the Password Policies API returns: its
/// numeric rules mean what the strings above mean, a rule at its switched-off value (0, or -1)
/// is left out, and the rules that need account or identity data are kept unchecked. A policy
/// with `useDictionary` also asks for the tenant's [`PasswordDictionary`]: attach it with
/// [`PasswordPolicy::with_dictionary`], and a password containing one of its words breaks
/// [`Constraint::NoDictionaryWord`]; without it, that rule stays unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    constraints: Vec<Constraint>,
    unchecked: Vec<UncheckedRule>,
    /// Whether the policy refuses dictionary words (`useDictionary`).
    uses_dictionary: bool,
    dictionary: Option<Arc<PasswordDictionary>>,
}

impl PasswordPolicy {
    /// Parses the `policies` strings of a query-password-info response. This
    /// never fails: anything not understood becomes an [`UncheckedRule`].
    pub fn parse<I, S>(policies: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut policy = Self::default();
        for text in policies {
            match parse::parse_rule(text.as_ref()) {
                Ok(constraint) => policy.constraints.push(constraint),
                Err(reason) => policy.unchecked.push(UncheckedRule {
                    text: text.as_ref().to_owned(),
                    reason,
                }),
            }
        }
        policy
    }

    /// A policy made of the given constraints only.
    pub fn from_constraints(constraints: impl IntoIterator<Item = Constraint>) -> Self {
        Self {
            constraints: constraints.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Whether the policy refuses passwords that contain a word of the tenant's dictionary, so
    /// that a full check needs [`with_dictionary`](Self::with_dictionary).
    pub fn uses_dictionary(&self) -> bool {
        self.uses_dictionary
    }

    /// Checks the dictionary rule against `dictionary` from now on. Without `useDictionary`
    /// in the policy the dictionary is not consulted, as ISC would not.
    #[must_use]
    pub fn with_dictionary(mut self, dictionary: Arc<PasswordDictionary>) -> Self {
        if self.uses_dictionary {
            self.unchecked
                .retain(|rule| rule.text != structured::USE_DICTIONARY);
            if !self.constraints.contains(&Constraint::NoDictionaryWord) {
                self.constraints.push(Constraint::NoDictionaryWord);
            }
            self.dictionary = Some(dictionary);
        }
        self
    }

    /// The dictionary attached with [`with_dictionary`](Self::with_dictionary).
    pub fn dictionary(&self) -> Option<&PasswordDictionary> {
        self.dictionary.as_deref()
    }

    /// The rules checked locally, in the order received.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The rules kept but not checked locally, in the order received.
    pub fn unchecked(&self) -> &[UncheckedRule] {
        &self.unchecked
    }
}

/// "1 letter", "2 letters".
fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

//! Checking a candidate password against a [`PasswordPolicy`], reporting every
//! violated rule. Reports carry counts only, never characters of the password.

use std::fmt;

use secrecy::{ExposeSecret as _, SecretString};

use super::{count, Constraint, PasswordPolicy, UncheckedRule};
use crate::domain::PolicyBasis;

/// One rule the password does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Violation {
    /// The rule.
    pub constraint: Constraint,
    /// What the password has: its length, the number of characters of the
    /// class, the longest run of one character, or the number of character
    /// types met, depending on the rule.
    pub actual: u32,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actual = self.actual;
        match self.constraint {
            Constraint::MaxRepeatedChars(_) => write!(
                f,
                "needs {}, but one character is repeated {} in a row",
                self.constraint,
                count(actual, "time")
            ),
            // Never which word: that would tell part of the password.
            Constraint::NoDictionaryWord => write!(
                f,
                "needs {}, but it contains {} of it",
                self.constraint,
                count(actual, "word")
            ),
            _ => write!(f, "needs {}, but it has {actual}", self.constraint),
        }
    }
}

/// The outcome of [`PasswordPolicy::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyReport {
    violations: Vec<Violation>,
    not_checked: Vec<UncheckedRule>,
    /// Boxed: it is rarely there, and `PasswordError` carries the report by value.
    basis: Option<Box<PolicyBasis>>,
}

impl PolicyReport {
    /// True when no locally checked rule is violated. Rules in
    /// [`not_checked`](Self::not_checked) may still fail on the server.
    pub fn is_satisfied(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every violated rule, in policy order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The policy rules that were kept but not checked locally.
    pub fn not_checked(&self) -> &[UncheckedRule] {
        &self.not_checked
    }

    /// What the password was checked against, when the change workflow made the check
    /// (`None` for a bare [`PasswordPolicy::check`]).
    pub fn basis(&self) -> Option<&PolicyBasis> {
        self.basis.as_deref()
    }

    pub(crate) fn with_basis(mut self, basis: PolicyBasis) -> Self {
        self.basis = Some(Box::new(basis));
        self
    }
}

impl fmt::Display for PolicyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            f.write_str("the password meets every rule checked locally")?;
        } else {
            write!(
                f,
                "the password breaks {} of the source's password policy:",
                count(
                    u32::try_from(self.violations.len()).unwrap_or(u32::MAX),
                    "rule"
                )
            )?;
            for violation in &self.violations {
                write!(f, "\n  - {violation}")?;
            }
        }
        for rule in &self.not_checked {
            write!(f, "\n  - {rule}")?;
        }
        if let Some(basis) = &self.basis {
            write!(f, "\n  (checked against {basis})")?;
        }
        Ok(())
    }
}

impl PasswordPolicy {
    /// Checks `password` against every local rule and reports all violations.
    pub fn check(&self, password: &SecretString) -> PolicyReport {
        let stats = Stats::of(password.expose_secret());
        let types_rule_present = self
            .constraints
            .iter()
            .any(|c| matches!(c, Constraint::MinCharacterTypes(n) if *n > 0));
        let violations = self
            .constraints
            .iter()
            .filter_map(|&constraint| {
                let (actual, ok) = match constraint {
                    Constraint::MinLength(n) => (stats.length, stats.length >= n),
                    Constraint::MaxLength(n) => (stats.length, stats.length <= n),
                    Constraint::MinAlpha(n) => (stats.letters(), stats.letters() >= n),
                    Constraint::MaxRepeatedChars(n) => (stats.longest_run, stats.longest_run <= n),
                    Constraint::NoDictionaryWord => {
                        let found = self
                            .dictionary
                            .as_ref()
                            .map_or(0, |dictionary| dictionary.words_in(password));
                        (found, found == 0)
                    }
                    Constraint::MinCharacterTypes(n) => {
                        let met = self.character_types_met(&stats);
                        (met, met >= n)
                    }
                    // Per-type minimums count only through the character-type
                    // rule when one is present (see the module docs).
                    Constraint::MinUpper(n)
                    | Constraint::MinLower(n)
                    | Constraint::MinNumeric(n)
                    | Constraint::MinSpecial(n) => {
                        let actual = stats.of_class(constraint);
                        (actual, types_rule_present || actual >= n)
                    }
                };
                (!ok).then_some(Violation { constraint, actual })
            })
            .collect();
        PolicyReport {
            violations,
            not_checked: self.unchecked.clone(),
            basis: None,
        }
    }

    /// How many of the four character types reach their minimum (at least one
    /// character when the policy sets no minimum for the type).
    fn character_types_met(&self, stats: &Stats) -> u32 {
        let minimum_for = |class: Constraint| {
            self.constraints
                .iter()
                .filter(|c| std::mem::discriminant(*c) == std::mem::discriminant(&class))
                .map(|c| match *c {
                    Constraint::MinUpper(n)
                    | Constraint::MinLower(n)
                    | Constraint::MinNumeric(n)
                    | Constraint::MinSpecial(n) => n,
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
                .max(1)
        };
        [
            Constraint::MinUpper(0),
            Constraint::MinLower(0),
            Constraint::MinNumeric(0),
            Constraint::MinSpecial(0),
        ]
        .into_iter()
        .map(|class| u32::from(stats.of_class(class) >= minimum_for(class)))
        .sum()
    }
}

/// Character counts of a password, gathered in one pass.
#[derive(Debug, Default)]
struct Stats {
    length: u32,
    upper: u32,
    lower: u32,
    digits: u32,
    special: u32,
    longest_run: u32,
}

impl Stats {
    fn of(password: &str) -> Self {
        let mut stats = Self::default();
        let mut previous = None;
        let mut run = 0u32;
        for c in password.chars() {
            stats.length = stats.length.saturating_add(1);
            let class = if c.is_alphabetic() {
                if c.is_uppercase() {
                    &mut stats.upper
                } else {
                    &mut stats.lower
                }
            } else if c.is_numeric() {
                &mut stats.digits
            } else {
                &mut stats.special
            };
            *class = class.saturating_add(1);
            run = if previous == Some(c) {
                run.saturating_add(1)
            } else {
                1
            };
            previous = Some(c);
            stats.longest_run = stats.longest_run.max(run);
        }
        stats
    }

    fn letters(&self) -> u32 {
        self.upper.saturating_add(self.lower)
    }

    /// The count for a per-class minimum rule.
    fn of_class(&self, class: Constraint) -> u32 {
        match class {
            Constraint::MinUpper(_) => self.upper,
            Constraint::MinLower(_) => self.lower,
            Constraint::MinNumeric(_) => self.digits,
            Constraint::MinSpecial(_) => self.special,
            _ => 0,
        }
    }
}

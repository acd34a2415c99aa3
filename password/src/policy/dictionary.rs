//! The tenant's password dictionary: words no password may contain, where a source's password
//! policy asks for it (`useDictionary`).

use std::fmt;

use secrecy::{ExposeSecret as _, SecretString};
use zeroize::Zeroizing;

/// The most words kept from a dictionary file. ISC accepts at most 2,500; the margin only
/// exists so that a hostile answer cannot make a check take unbounded time.
const MAX_WORDS: usize = 10_000;

/// The words of the tenant's password dictionary, parsed from the text file ISC keeps
/// (`get_password_dictionary`).
///
/// The file is read as ISC documents it: a line starting with `#` is a comment, blank lines are
/// skipped, the first line starting with `locale=` names the locale, and every other line is one
/// word. A password *contains* a word when the word appears anywhere in it, compared without
/// regard to case (Unicode lower case): `Password1!` contains `password`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PasswordDictionary {
    /// Lower-cased, without duplicates, in file order.
    words: Vec<String>,
    locale: Option<String>,
}

impl PasswordDictionary {
    /// Parses the dictionary file. This never fails: lines that are not words (comments, blank
    /// lines, the locale line) are skipped, and words past the first 10,000 are ignored.
    pub fn parse(text: &str) -> Self {
        let mut dictionary = Self::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if dictionary.locale.is_none() {
                if let Some(locale) = line.strip_prefix("locale=") {
                    dictionary.locale = Some(locale.trim().to_owned());
                    continue;
                }
            }
            let word = line.to_lowercase();
            if dictionary.words.len() < MAX_WORDS && !dictionary.words.contains(&word) {
                dictionary.words.push(word);
            }
        }
        dictionary
    }

    /// The words, lower-cased, in file order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The locale the file names (`locale=en_US`), if any.
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// How many words the dictionary holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the dictionary holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How many of the dictionary's words `password` contains; 0 when it may be used. The
    /// lower-cased copy of the password this needs is zeroized before returning.
    pub fn words_in(&self, password: &SecretString) -> u32 {
        let lowered = Zeroizing::new(password.expose_secret().to_lowercase());
        let found = self
            .words
            .iter()
            .filter(|word| lowered.contains(word.as_str()))
            .count();
        u32::try_from(found).unwrap_or(u32::MAX)
    }
}

/// The words are not secret, but there may be thousands: `Debug` shows how many.
impl fmt::Debug for PasswordDictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordDictionary")
            .field("words", &self.words.len())
            .field("locale", &self.locale)
            .finish()
    }
}

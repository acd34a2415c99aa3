//! The tenant's password dictionary: reading the uploaded text file, and the check a policy
//! with `useDictionary` makes.
//!
//! The file is UTF-8 text read line by line: a line starting with `#` is a comment, blank
//! lines are skipped, the first line starting with `locale=` names the locale, and every other
//! line is one word.

use std::fmt;

use zeroize::Zeroizing;

/// Most words a dictionary may hold.
pub(crate) const MAX_WORDS: usize = 2_500;
/// Most characters a word may have.
pub(crate) const MAX_WORD_CHARS: usize = 128;

/// A parsed dictionary: the file as uploaded, and its words for matching.
pub(crate) struct Dictionary {
    /// The file exactly as uploaded, which is what reading the dictionary returns.
    file: String,
    /// The words as written, in file order.
    words: Vec<String>,
    /// The same words in Unicode lower case, what passwords are matched against.
    folded: Vec<String>,
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words are not secret, but thousands of them make useless debug output.
        f.debug_struct("Dictionary")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Dictionary {
    /// Reads an uploaded file, or says which line is wrong.
    pub(crate) fn parse(file: &[u8]) -> Result<Dictionary, String> {
        let text = std::str::from_utf8(file).map_err(|error| {
            let line = 1 + file[..error.valid_up_to()]
                .iter()
                .filter(|byte| **byte == b'\n')
                .count();
            format!("The dictionary file is not UTF-8 text: line {line} has an invalid byte.")
        })?;
        let mut words = Vec::new();
        let mut seen_locale = false;
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !seen_locale && line.starts_with("locale=") {
                seen_locale = true;
                continue;
            }
            check_word(line)
                .map_err(|why| format!("Line {} of the dictionary {why}", index + 1))?;
            if words.len() == MAX_WORDS {
                return Err(format!(
                    "Line {} of the dictionary would be word {}, but a dictionary holds at most {MAX_WORDS} words.",
                    index + 1,
                    MAX_WORDS + 1
                ));
            }
            words.push(line.to_owned());
        }
        Ok(Dictionary::new(text.to_owned(), words))
    }

    /// A dictionary of these words, as a file of one word a line. The words must have passed
    /// [`check_word`].
    pub(crate) fn of_words(words: &[String]) -> Dictionary {
        let file = words.iter().map(|word| format!("{word}\n")).collect();
        Dictionary::new(file, words.to_vec())
    }

    fn new(file: String, words: Vec<String>) -> Dictionary {
        let folded = words.iter().map(|word| word.to_lowercase()).collect();
        Dictionary {
            file,
            words,
            folded,
        }
    }

    /// The file as uploaded.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// The words, in file order.
    pub(crate) fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether `password` contains a word, compared in Unicode lower case.
    pub(crate) fn is_contained_in(&self, password: &str) -> bool {
        // The lower-case copy is as secret as the password itself.
        let password = Zeroizing::new(password.to_lowercase());
        self.folded
            .iter()
            .any(|word| password.contains(word.as_str()))
    }
}

/// Whether `word` may be a dictionary word: no white space, at most [`MAX_WORD_CHARS`]
/// characters. The error completes a sentence that names the word's place.
pub(crate) fn check_word(word: &str) -> Result<(), String> {
    if word.is_empty() {
        return Err("is empty; a word needs at least one character.".into());
    }
    if word.chars().any(char::is_whitespace) {
        return Err("contains white space; write one word per line.".into());
    }
    let length = word.chars().count();
    if length > MAX_WORD_CHARS {
        return Err(format!(
            "has {length} characters; a word has at most {MAX_WORD_CHARS}."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_the_first_locale_line_are_not_words() {
        let dictionary = Dictionary::parse(
            b"# banned words\r\nlocale=en_US\n\n  Password  \nqwerty\nlocale=fr\n",
        )
        .expect("valid");
        assert_eq!(dictionary.words(), ["Password", "qwerty", "locale=fr"]);
        assert!(dictionary.file().starts_with("# banned words\r\n"));
    }

    #[test]
    fn matching_is_by_containment_in_unicode_lower_case() {
        let dictionary = Dictionary::of_words(&["PassWord".into(), "ÉTÉ".into()]);
        assert!(dictionary.is_contained_in("my-PASSWORD-1"));
        assert!(dictionary.is_contained_in("bel-été-9"));
        assert!(!dictionary.is_contained_in("passw0rd"));
    }

    #[test]
    fn bad_lines_are_named() {
        let error = Dictionary::parse(b"ok\ntwo words\n").expect_err("white space");
        assert!(error.contains("Line 2"), "{error}");
        let long = format!("ok\n{}\n", "x".repeat(MAX_WORD_CHARS + 1));
        let error = Dictionary::parse(long.as_bytes()).expect_err("too long");
        assert!(error.contains("Line 2") && error.contains("129"), "{error}");
        let error = Dictionary::parse(b"ok\nfine\n\xff\xfe\n").expect_err("not UTF-8");
        assert!(error.contains("line 3"), "{error}");
    }

    #[test]
    fn at_most_2500_words() {
        let mut file = "w\n".repeat(MAX_WORDS);
        assert_eq!(
            Dictionary::parse(file.as_bytes())
                .expect("valid")
                .words()
                .len(),
            MAX_WORDS
        );
        file.push_str("one-more\n");
        let error = Dictionary::parse(file.as_bytes()).expect_err("too many");
        assert!(error.contains("2500"), "{error}");
    }
}

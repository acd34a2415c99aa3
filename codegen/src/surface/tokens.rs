//! The words of a lock-file line: bare words, `key=value` pairs, and `"quoted"` values for
//! text with spaces, quotes, `=` or `\` (type texts such as `BTreeMap<String, Value>`, tag
//! names such as `Password Management`).

use std::fmt::Write;

/// One word of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// The part before `=`, for `key=value` words.
    pub key: Option<String>,
    pub value: String,
}

/// `value` as one word: bare when that reads back the same, else quoted.
pub(super) fn word(value: &str) -> String {
    let bare = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\' | '='));
    if bare {
        return value.to_owned();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key=value`, the value quoted when it must be.
pub(super) fn pair(key: &str, value: &str) -> String {
    format!("{key}={}", word(value))
}

/// Splits a line into words; the error says what is wrong.
pub(super) fn split(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let mut bare = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !matches!(c, '"' | '=')) {
            bare.push(c);
        }
        let mut key = None;
        if chars.next_if_eq(&'=').is_some() {
            if bare.is_empty() {
                return Err("a word starts with `=`".to_owned());
            }
            key = Some(std::mem::take(&mut bare));
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !matches!(c, '"' | '=')) {
                bare.push(c);
            }
        }
        let value = if chars.next_if_eq(&'"').is_some() {
            if !bare.is_empty() {
                return Err(format!("a quote in the middle of the word {bare:?}"));
            }
            quoted(&mut chars)?
        } else if bare.is_empty() {
            return Err("an empty value (write \"\")".to_owned());
        } else {
            bare
        };
        match chars.peek() {
            None => {}
            Some(c) if c.is_whitespace() => {}
            Some(c) => return Err(format!("unexpected {c:?} after {value:?}")),
        }
        tokens.push(Token { key, value });
    }
}

/// The rest of a quoted value, after its opening quote.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut value = String::new();
    loop {
        match chars.next() {
            None => return Err("a quoted value does not end".to_owned()),
            Some('"') => return Ok(value),
            Some('\\') => value.push(escape(chars)?),
            Some(c) => value.push(c),
        }
    }
}

fn escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<char, String> {
    match chars.next() {
        Some('"') => Ok('"'),
        Some('\\') => Ok('\\'),
        Some('n') => Ok('\n'),
        Some('t') => Ok('\t'),
        Some('r') => Ok('\r'),
        Some('u') if chars.next_if_eq(&'{').is_some() => {
            let mut hex = String::new();
            while let Some(c) = chars.next_if(char::is_ascii_hexdigit) {
                hex.push(c);
            }
            if chars.next_if_eq(&'}').is_none() {
                return Err("`\\u{` without its `}`".to_owned());
            }
            u32::from_str_radix(&hex, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("`\\u{{{hex}}}` is not a character"))
        }
        Some(other) => Err(format!("unknown escape `\\{other}`")),
        None => Err("a quoted value ends with `\\`".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_as_written() {
        for value in [
            "plain",
            "BTreeMap<String, Value>",
            "",
            "a=b",
            "say \"hi\"\\",
            "line\nbreak\u{1}",
            "Größe",
        ] {
            let line = format!("{} {}", word(value), pair("key", value));
            let tokens = split(&line).unwrap_or_else(|error| panic!("{line}: {error}"));
            assert_eq!(tokens.len(), 2, "{line}");
            assert_eq!(tokens[0].key, None);
            assert_eq!(tokens[0].value, value);
            assert_eq!(tokens[1].key.as_deref(), Some("key"));
            assert_eq!(tokens[1].value, value);
        }
    }

    #[test]
    fn malformed_words_are_errors() {
        for line in [
            "\"open",
            "=x",
            "a\"b\"",
            "k=",
            "\"x\"y",
            "\"\\q\"",
            "\"\\u{zz}\"",
            "\"\\",
        ] {
            assert!(split(line).is_err(), "{line:?} should not split");
        }
    }
}

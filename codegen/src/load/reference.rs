//! `$ref` strings: `#/pointer`, `./file.yaml`, `../../v3/schemas/X.yaml#/pointer`.

use crate::error::{Error, Location};

/// A parsed `$ref`: an optional relative file and a JSON pointer (empty for the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    file: Option<String>,
    pointer: String,
}

impl Reference {
    pub(crate) fn parse(text: &str, location: &Location) -> Result<Reference, Error> {
        if text.contains("://") {
            return Err(Error::unsupported(
                location,
                format!("`$ref` {text:?} is a URL; only relative file references are supported"),
            ));
        }
        let (file, pointer) = match text.split_once('#') {
            Some((file, pointer)) => (file, pointer),
            None => (text, ""),
        };
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(Error::invalid(
                location,
                format!(
                    "`$ref` {text:?}: the part after `#` must be a JSON pointer starting with `/`"
                ),
            ));
        }
        let pointer = percent_decode(pointer);
        Ok(Reference {
            file: (!file.is_empty()).then(|| file.to_owned()),
            pointer,
        })
    }

    /// The file this reference points into, relative to the root folder, if it names one.
    pub(crate) fn target_file(&self, from_file: &str) -> Option<String> {
        let file = self.file.as_deref()?;
        let folder = match from_file.rsplit_once('/') {
            Some((folder, _)) => folder,
            None => "",
        };
        Some(normalize(&format!("{folder}/{file}")))
    }

    /// The location this reference points to.
    pub(crate) fn resolve(&self, from: &Location) -> Location {
        let file = self
            .target_file(&from.file)
            .unwrap_or_else(|| from.file.clone());
        Location::new(file, self.pointer.clone())
    }
}

/// Removes `.` segments and folds `..` lexically; leading `..` (above the root folder) stay.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// JSON pointers inside URIs may be percent-encoded (`%7B` for `{`).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let decoded = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str) -> Location {
        Location::new(file, "/x")
    }

    #[test]
    fn relative_files_climb_folders() {
        let reference =
            Reference::parse("../../v3/schemas/B.yaml", &at("beta/paths/a.yaml")).unwrap();
        assert_eq!(
            reference.resolve(&at("beta/paths/a.yaml")),
            Location::new("v3/schemas/B.yaml", "")
        );
    }

    #[test]
    fn local_pointers_stay_in_the_file() {
        let reference = Reference::parse("#/components/schemas/A", &at("root.yaml")).unwrap();
        assert_eq!(
            reference.resolve(&at("root.yaml")),
            Location::new("root.yaml", "/components/schemas/A")
        );
        let reference = Reference::parse("./x.yaml#/a%7Bb%7D", &at("dir/root.yaml")).unwrap();
        assert_eq!(
            reference.resolve(&at("dir/root.yaml")),
            Location::new("dir/x.yaml", "/a{b}")
        );
    }

    #[test]
    fn urls_are_rejected_with_the_location() {
        let error = Reference::parse("https://example.com/x.yaml", &at("a.yaml")).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("a.yaml#/x: not supported yet"));
    }
}

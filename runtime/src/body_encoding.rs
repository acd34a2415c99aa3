//! Request bodies other than plain JSON: JSON under another media type (JSON Patch),
//! `application/x-www-form-urlencoded`, `multipart/form-data`, text and raw bytes.

use bytes::Bytes;
use serde_json::Value;

use crate::{InvalidRequest, RequestBody};

/// The multipart boundary. Fixed, so `RequestBody::content_type` can stay `&'static str`; a
/// part that happens to contain it is refused rather than sent corrupted.
const BOUNDARY: &str = "isc-runtime-boundary-5b7e0c9d2f4a4e61a3c8";
const MULTIPART_CONTENT_TYPE: &str =
    "multipart/form-data; boundary=isc-runtime-boundary-5b7e0c9d2f4a4e61a3c8";

impl RequestBody {
    /// Serializes `value` as JSON, sent as `content_type` (such as `application/json-patch+json`).
    pub fn json_as<T: serde::Serialize + ?Sized>(
        value: &T,
        content_type: &'static str,
    ) -> Result<RequestBody, InvalidRequest> {
        let mut body = RequestBody::json(value)?;
        body.content_type = content_type;
        Ok(body)
    }

    /// Encodes the members of a struct as `application/x-www-form-urlencoded` pairs: strings as
    /// they are, lists as one pair per item, other values as JSON text; `null`s are left out.
    pub fn form<T: serde::Serialize + ?Sized>(value: &T) -> Result<RequestBody, InvalidRequest> {
        let members = members_of(value)?;
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &members {
            for item in items_of(value) {
                pairs.append_pair(name, &text_of(item));
            }
        }
        Ok(RequestBody {
            content_type: "application/x-www-form-urlencoded",
            bytes: Bytes::from(pairs.finish()),
        })
    }

    /// A text body.
    pub fn text(text: impl Into<String>, content_type: &'static str) -> RequestBody {
        RequestBody {
            content_type,
            bytes: Bytes::from(text.into()),
        }
    }

    /// A raw body, such as a file upload.
    pub fn bytes(bytes: impl Into<Bytes>, content_type: &'static str) -> RequestBody {
        RequestBody {
            content_type,
            bytes: bytes.into(),
        }
    }
}

/// Builds a `multipart/form-data` body part by part.
#[derive(Default)]
pub struct Multipart {
    body: Vec<u8>,
}

impl std::fmt::Debug for Multipart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Multipart")
            .field("len", &self.body.len())
            .finish()
    }
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        self.part(name, None, "text/plain; charset=utf-8", value.as_bytes())
    }

    /// Adds a field holding `value` as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        let json = serde_json::to_vec(value).map_err(|source| {
            InvalidRequest::with_source(
                format!("form field `{name}` could not be serialized"),
                source,
            )
        })?;
        self.part(name, None, "application/json", &json)
    }

    /// Adds a file part.
    pub fn file(
        &mut self,
        name: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(), InvalidRequest> {
        self.part(name, Some(file_name), "application/octet-stream", bytes)
    }

    /// Adds every member of a struct: strings as text, other values as JSON; `null`s are left
    /// out. File parts are added separately with [`Multipart::file`].
    pub fn members<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        for (name, value) in members_of(value)? {
            match value {
                Value::String(text) => self.text(&name, &text)?,
                other => self.json(&name, &other)?,
            }
        }
        Ok(())
    }

    /// The finished body.
    pub fn finish(mut self) -> RequestBody {
        self.body
            .extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        RequestBody {
            content_type: MULTIPART_CONTENT_TYPE,
            bytes: Bytes::from(self.body),
        }
    }

    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<(), InvalidRequest> {
        if contains(bytes, BOUNDARY.as_bytes()) {
            return Err(InvalidRequest::new(format!(
                "form field `{name}` contains the multipart boundary and cannot be sent"
            )));
        }
        let quote = |text: &str| {
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\r', '\n'], " ")
        };
        let mut disposition = format!("form-data; name=\"{}\"", quote(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        self.body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n")
                .as_bytes(),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The non-null members of a value that serializes as a JSON object.
fn members_of<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(String, Value)>, InvalidRequest> {
    let value = serde_json::to_value(value).map_err(|source| {
        InvalidRequest::with_source("the form could not be serialized", source)
    })?;
    match value {
        Value::Object(members) => Ok(members
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .collect()),
        _ => Err(InvalidRequest::new(
            "a form body must be an object with named fields",
        )),
    }
}

fn items_of(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Login<'a> {
        user: &'a str,
        tags: Vec<&'a str>,
        age: Option<u32>,
        admin: bool,
    }

    #[test]
    fn forms_encode_members_as_pairs() {
        let body = RequestBody::form(&Login {
            user: "jo lee&co",
            tags: vec!["a", "b"],
            age: None,
            admin: true,
        })
        .unwrap();
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            &body.bytes[..],
            b"user=jo+lee%26co&tags=a&tags=b&admin=true"
        );
    }

    #[test]
    fn multipart_bodies_have_one_part_per_field() {
        let mut form = Multipart::new();
        form.text("name", "report").unwrap();
        form.file("file", "a.csv", b"x,y\n").unwrap();
        let body = form.finish();
        assert!(body.content_type.ends_with(BOUNDARY));
        let text = String::from_utf8(body.bytes.to_vec()).unwrap();
        assert_eq!(
            text,
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nreport\r\n\
                 --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: application/octet-stream\r\n\r\nx,y\n\r\n\
                 --{BOUNDARY}--\r\n"
            )
        );
    }

    #[test]
    fn a_part_containing_the_boundary_is_refused() {
        let mut form = Multipart::new();
        assert!(form.file("f", "f", BOUNDARY.as_bytes()).is_err());
    }
}

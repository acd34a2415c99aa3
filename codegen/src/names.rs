//! Rust names from spec names: stable, valid identifiers that read well. Lowering names
//! types, fields and variants with them; emitting names error variants after status codes
//! (`status_name`), so both take them from here rather than one from the other.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers; fields and parameters with these names get a `_` suffix.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "unsafe", "use", "where", "while", "yield",
    "abstract", "become", "do", "final", "macro", "override", "unsized", "virtual",
];

/// Only ASCII letters and digits survive; everything else separates words.
fn ascii_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `PasswordInfoQueryDTO` → `PasswordInfoQueryDto`; `Password Info` → `PasswordInfo`.
pub(crate) fn type_name(text: &str) -> String {
    let name = ascii_words(text).to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("N{name}"),
        Some(_) if name == "Self" => "SelfType".to_owned(),
        Some(_) => name,
    }
}

/// `trackingId` → `tracking_id`; `type` → `type_`; `2fa` → `_2fa`.
pub(crate) fn value_name(text: &str) -> String {
    let name = ascii_words(text).to_snake_case();
    if name.is_empty() {
        return "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// Enum variant names from wire values: `IN_PROGRESS` → `InProgress`, `1` → `V1`.
pub(crate) fn variant_name(text: &str) -> String {
    let name = ascii_words(text).to_upper_camel_case();
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{name}"),
        Some(_) if name == "Self" || name == "Unknown" => format!("{name}Value"),
        Some(_) => name,
    }
}

/// The name of a documented status's variant: the reason phrase of a code (`TooManyRequests`),
/// the class of a range (`ClientError` for `4XX`), `Other` for `default`.
pub(crate) fn status_name_of(status: crate::ir::Status) -> String {
    use crate::ir::Status;
    match status {
        Status::Code(code) => status_name(code),
        Status::Range(1) => "Informational".to_owned(),
        Status::Range(2) => "Success".to_owned(),
        Status::Range(3) => "Redirection".to_owned(),
        Status::Range(4) => "ClientError".to_owned(),
        Status::Range(_) => "ServerError".to_owned(),
        Status::Default => "Other".to_owned(),
    }
}

/// The reason phrase of a status code as a type name: 429 → `TooManyRequests`.
pub(crate) fn status_name(code: u16) -> String {
    let phrase = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    phrase.to_owned()
}

/// `base`, or else `base2`, `base3`, ...: the first name `taken` does not claim. Numbering
/// in order keeps names stable when a spec is regenerated unchanged.
pub(crate) fn first_free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|number| format!("{base}{number}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_identifiers() {
        assert_eq!(type_name("PasswordInfoQueryDTO"), "PasswordInfoQueryDto");
        assert_eq!(type_name("Too Many Requests Error"), "TooManyRequestsError");
        assert_eq!(type_name("401"), "N401");
        assert_eq!(value_name("trackingId"), "tracking_id");
        assert_eq!(value_name("type"), "type_");
        assert_eq!(value_name("2fa-code"), "_2fa_code");
        assert_eq!(value_name("$filter"), "filter");
        assert_eq!(variant_name("IN_PROGRESS"), "InProgress");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(status_name(429), "TooManyRequests");
        assert_eq!(status_name(299), "Status299");
    }
}

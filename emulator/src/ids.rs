//! Random identifiers in the shapes ISC uses.

use rand::Rng;

/// 32 lower-case hex digits, the shape of ISC's request and tracking IDs.
pub(crate) fn hex32() -> String {
    format!("{:032x}", rand::thread_rng().gen::<u128>())
}

/// A UUID-shaped string (8-4-4-4-12 hex digits).
pub(crate) fn uuid_like() -> String {
    let hex = hex32();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `length` random decimal digits; leading zeros are kept.
pub(crate) fn digits(length: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..length)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(hex32().len(), 32);
        assert_eq!(uuid_like().matches('-').count(), 4);
        let token = digits(18);
        assert_eq!(token.len(), 18);
        assert!(token.bytes().all(|b| b.is_ascii_digit()));
    }
}

//! Digit tokens: short numeric one-time codes for help-desk password resets.
//!
//! The tenant's password org config decides whether they may be issued at all, and their
//! length and lifetime when a request gives none; without an org config the API's own
//! defaults apply.

use std::time::{Duration, Instant};

use super::org_config::LENGTHS;
use super::password_hash::PasswordHash;
use super::{required, Refusal, World};
use crate::ids;
use crate::wire;

/// Token length when neither the request nor the org config gives one.
const DEFAULT_LENGTH: i64 = 6;
/// Validity when neither the request nor the org config gives one, in minutes.
const DEFAULT_DURATION_MINUTES: i64 = 5;

struct IssuedDigitToken {
    user_name: String,
    /// Tokens are one-time secrets, so only their digest is kept.
    token: PasswordHash,
    issued_at: Instant,
    valid_for: Duration,
}

impl IssuedDigitToken {
    fn is_valid_at(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.issued_at) < self.valid_for
    }
}

/// Every digit token still valid.
#[derive(Default)]
pub(crate) struct DigitTokens {
    issued: Vec<IssuedDigitToken>,
}

impl World {
    /// `POST /beta/generate-password-reset-token/digit`.
    pub(crate) fn issue_digit_token(
        &mut self,
        request: wire::DigitTokenRequest,
        now: Instant,
    ) -> Result<wire::DigitToken, Refusal> {
        let user_name = required(request.user_id, "userId")?;
        let (default_length, default_minutes) = match self.org_config {
            Some(config) if !config.digit_token_enabled => {
                return Err(Refusal::BadRequest(
                    "Digit tokens are switched off for this tenant: its password org config has \
                     digitTokenEnabled false."
                        .into(),
                ));
            }
            Some(config) => (
                config.digit_token_length,
                config.digit_token_duration_minutes,
            ),
            None => (DEFAULT_LENGTH, DEFAULT_DURATION_MINUTES),
        };
        let length = request.length.unwrap_or(default_length);
        if !LENGTHS.contains(&length) {
            return Err(Refusal::BadRequest(format!(
                "length must be from {} to {} inclusive, not {length}.",
                LENGTHS.start(),
                LENGTHS.end()
            )));
        }
        let minutes = request.duration_minutes.unwrap_or(default_minutes);
        let valid_minutes = u64::try_from(minutes)
            .ok()
            .filter(|minutes| *minutes >= 1)
            .ok_or_else(|| {
                Refusal::BadRequest(format!(
                    "durationMinutes must be at least 1, not {minutes}."
                ))
            })?;
        if self.identity_id_of(&user_name).is_none() {
            return Err(Refusal::BadRequest(format!(
                "No identity has the userName {user_name:?}."
            )));
        }

        // `length` is within 6..=18, so the conversion cannot fail.
        let digit_token = ids::digits(usize::try_from(length).unwrap_or(6));
        let tokens = &mut self.digit_tokens.issued;
        tokens.retain(|token| token.is_valid_at(now));
        tokens.push(IssuedDigitToken {
            user_name,
            token: PasswordHash::new(&digit_token),
            issued_at: now,
            valid_for: Duration::from_secs(valid_minutes.saturating_mul(60)),
        });
        Ok(wire::DigitToken {
            digit_token,
            request_id: ids::uuid_like(),
        })
    }

    /// Whether `token` is a valid digit token for `user_name`, for tests.
    pub(crate) fn digit_token_is_valid(&self, user_name: &str, token: &str, now: Instant) -> bool {
        self.digit_tokens.issued.iter().any(|issued| {
            issued.user_name == user_name && issued.is_valid_at(now) && issued.token.matches(token)
        })
    }
}

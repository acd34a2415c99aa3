//! Digit tokens: short-lived numeric codes for help-desk assisted password resets.

use std::fmt;

use secrecy::SecretString;
use zeroize::Zeroize as _;

use super::versions;
use isc_runtime::Error;
use sailpoint_beta::apis::password_management::CreateDigitTokenError;
use sailpoint_beta::models::PasswordDigitTokenReset;

use super::workflow::Passwords;

/// The token lengths ISC accepts, in digits.
pub const DIGIT_TOKEN_LENGTHS: std::ops::RangeInclusive<u32> = 6..=18;

/// Optional settings of a digit token; ISC's defaults are 6 digits and 5 minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigitTokenOptions {
    length: Option<u32>,
    duration_minutes: Option<u32>,
}

impl DigitTokenOptions {
    /// ISC's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of digits, 6 to 18 (checked before sending).
    pub fn with_length(mut self, digits: u32) -> Self {
        self.length = Some(digits);
        self
    }

    /// How many minutes the token stays valid, at least 1 (checked before sending).
    pub fn with_duration_minutes(mut self, minutes: u32) -> Self {
        self.duration_minutes = Some(minutes);
        self
    }

    /// The requested length, if any.
    pub fn length(&self) -> Option<u32> {
        self.length
    }

    /// The requested lifetime in minutes, if any.
    pub fn duration_minutes(&self) -> Option<u32> {
        self.duration_minutes
    }
}

/// A generated digit token. The token is a secret: `Debug` does not show it.
pub struct DigitToken {
    /// The digits; reveal them with `secrecy::ExposeSecret`.
    pub token: SecretString,
    /// ISC's id of the generation request.
    pub request_id: Option<String>,
}

impl fmt::Debug for DigitToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigitToken")
            .field("token", &"[REDACTED]")
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// Why no digit token was created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DigitTokenError {
    /// The user id is empty; nothing was sent.
    #[error("the user id is empty; pass the user's login name (uid)")]
    EmptyUserId,
    /// The length is outside 6..=18; nothing was sent.
    #[error("a digit token must have 6 to 18 digits, not {length}; nothing was sent")]
    InvalidLength {
        /// The length asked for.
        length: u32,
    },
    /// The lifetime is 0 or too large; nothing was sent.
    #[error(
        "a digit token must stay valid for at least 1 minute (and at most {} minutes), not \
         {minutes}; nothing was sent",
        i32::MAX
    )]
    InvalidDuration {
        /// The lifetime asked for, in minutes.
        minutes: u32,
    },
    /// The API call failed.
    #[error("generate-password-reset-token/digit failed for user \"{user_id}\"")]
    Api {
        /// The user id sent.
        user_id: String,
        /// The API error.
        #[source]
        source: Box<Error<CreateDigitTokenError>>,
    },
    /// ISC answered without a token.
    #[error("ISC answered without a digit token for user \"{user_id}\"")]
    MissingToken {
        /// The user id sent.
        user_id: String,
    },
}

impl DigitTokenOptions {
    /// Checks the options as [`Passwords::create_digit_token`] does before sending.
    pub fn validate(&self) -> Result<(), DigitTokenError> {
        self.wire_values().map(drop)
    }

    /// Checks the options and converts them to the wire types.
    fn wire_values(&self) -> Result<(Option<i32>, Option<i32>), DigitTokenError> {
        let length = match self.length {
            Some(length) if !DIGIT_TOKEN_LENGTHS.contains(&length) => {
                return Err(DigitTokenError::InvalidLength { length })
            }
            // 6..=18 always fits an i32.
            Some(length) => i32::try_from(length).ok(),
            None => None,
        };
        let duration = match self.duration_minutes {
            Some(minutes) => Some(
                i32::try_from(minutes)
                    .ok()
                    .filter(|&minutes| minutes >= 1)
                    .ok_or(DigitTokenError::InvalidDuration { minutes })?,
            ),
            None => None,
        };
        Ok((length, duration))
    }
}

impl Passwords<'_> {
    /// Generates a digit token for a user (login name), after checking the
    /// options locally.
    pub async fn create_digit_token(
        &self,
        user_id: &str,
        options: DigitTokenOptions,
    ) -> Result<DigitToken, DigitTokenError> {
        if user_id.trim().is_empty() {
            return Err(DigitTokenError::EmptyUserId);
        }
        let (length, duration_minutes) = options.wire_values()?;
        // Unset options stay `None`, so ISC applies its own defaults.
        let mut body = PasswordDigitTokenReset::new(user_id);
        body.length = length;
        body.duration_minutes = duration_minutes;
        let response = versions::create_digit_token(self.client(), self.api(), &body)
            .await
            .map_err(|error| DigitTokenError::Api {
                user_id: user_id.to_owned(),
                source: Box::new(error),
            })?;
        let mut digits = response
            .digit_token
            .filter(|token| !token.is_empty())
            .ok_or_else(|| DigitTokenError::MissingToken {
                user_id: user_id.to_owned(),
            })?;
        // Copy into the secret, then wipe the plain `String` the model held.
        let token = SecretString::from(digits.as_str());
        digits.zeroize();
        Ok(DigitToken {
            token,
            request_id: response.request_id,
        })
    }
}

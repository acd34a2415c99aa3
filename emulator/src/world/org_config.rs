//! The tenant's password org config: custom instructions on or off, and the digit token
//! settings.

use std::ops::RangeInclusive;

use super::{Refusal, World};
use crate::seed::OrgConfigSeed;
use crate::wire::admin::{PasswordOrgConfigBody, PasswordOrgConfigDto};

/// The allowed digit token lifetimes, in minutes.
const DURATIONS: RangeInclusive<i64> = 1..=60;
/// The allowed digit token lengths.
pub(super) const LENGTHS: RangeInclusive<i64> = 6..=18;

/// What a created config has where its body is silent (the API description's defaults).
const CREATED_DEFAULTS: PasswordOrgConfigDto = PasswordOrgConfigDto {
    custom_instructions_enabled: false,
    digit_token_enabled: false,
    digit_token_duration_minutes: 5,
    digit_token_length: 6,
};

impl World {
    /// `GET /beta/password-org-config`.
    pub(crate) fn org_config(&self) -> Result<PasswordOrgConfigDto, Refusal> {
        self.org_config.ok_or_else(none)
    }

    /// `POST /beta/password-org-config`: only when the tenant has none, as in ISC.
    pub(crate) fn create_org_config(
        &mut self,
        body: PasswordOrgConfigBody,
    ) -> Result<PasswordOrgConfigDto, Refusal> {
        if self.org_config.is_some() {
            return Err(Refusal::BadRequest(
                "The tenant already has a password org config; change it with PUT.".into(),
            ));
        }
        let config = updated(CREATED_DEFAULTS, body)?;
        self.org_config = Some(config);
        Ok(config)
    }

    /// `PUT /beta/password-org-config`: changes the fields given, keeps the others.
    pub(crate) fn update_org_config(
        &mut self,
        body: PasswordOrgConfigBody,
    ) -> Result<PasswordOrgConfigDto, Refusal> {
        let current = self.org_config.ok_or_else(none)?;
        let config = updated(current, body)?;
        self.org_config = Some(config);
        Ok(config)
    }
}

/// The org config of a validated seed.
pub(super) fn seeded(seed: &OrgConfigSeed) -> PasswordOrgConfigDto {
    PasswordOrgConfigDto {
        custom_instructions_enabled: seed.custom_instructions_enabled,
        digit_token_enabled: seed.digit_token_enabled,
        digit_token_duration_minutes: i64::from(seed.digit_token_duration_minutes),
        digit_token_length: i64::from(seed.digit_token_length),
    }
}

/// `config` with the body's fields applied, or a 400 naming the first value out of range
/// (then nothing changes).
fn updated(
    mut config: PasswordOrgConfigDto,
    body: PasswordOrgConfigBody,
) -> Result<PasswordOrgConfigDto, Refusal> {
    if let Some(enabled) = body.custom_instructions_enabled {
        config.custom_instructions_enabled = enabled;
    }
    if let Some(enabled) = body.digit_token_enabled {
        config.digit_token_enabled = enabled;
    }
    if let Some(minutes) = body.digit_token_duration_minutes {
        config.digit_token_duration_minutes =
            in_range("digitTokenDurationMinutes", minutes, DURATIONS)?;
    }
    if let Some(length) = body.digit_token_length {
        config.digit_token_length = in_range("digitTokenLength", length, LENGTHS)?;
    }
    Ok(config)
}

fn in_range(field: &str, value: i64, range: RangeInclusive<i64>) -> Result<i64, Refusal> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(Refusal::BadRequest(format!(
            "{field} must be from {} to {} inclusive, not {value}.",
            range.start(),
            range.end()
        )))
    }
}

fn none() -> Refusal {
    Refusal::NotFound("The tenant has no password org config; create one with POST.".into())
}

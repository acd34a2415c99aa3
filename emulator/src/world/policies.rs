//! Password policies: the policies API, and which policy governs a source.
//!
//! A policy is stored as ISC serves it ([`PasswordPolicyDto`]); the rules set-password enforces
//! are read out of it when a change is prepared, so a replaced policy applies to the very next
//! change. A source is governed by at most one policy: a policy created or replaced with a
//! source that another policy lists takes the source over (the other policy drops it).

use std::collections::BTreeMap;

use super::{bounded_text, known_sources, Refusal, World};
use crate::clock;
use crate::ids;
use crate::policy::PasswordPolicy;
use crate::seed::Seed;
use crate::wire::admin::{PasswordPolicyBody, PasswordPolicyDto};

/// Most policies a tenant holds here, so that a client cannot grow the emulator without bound.
const MAX_POLICIES: usize = 1_000;

/// What set-password checks a password against.
#[derive(Debug, Clone, Default)]
pub(super) struct Enforced {
    pub(super) rules: PasswordPolicy,
    pub(super) use_dictionary: bool,
}

impl World {
    /// `GET /beta/password-policies`: every policy, ordered by ID.
    pub(crate) fn policies(&self) -> Vec<PasswordPolicyDto> {
        self.policies.values().cloned().collect()
    }

    /// `GET /beta/password-policies/{id}`.
    pub(crate) fn policy(&self, id: &str) -> Result<PasswordPolicyDto, Refusal> {
        self.policies.get(id).cloned().ok_or_else(|| unknown(id))
    }

    /// `POST /beta/password-policies`.
    pub(crate) fn create_policy(
        &mut self,
        body: PasswordPolicyBody,
    ) -> Result<PasswordPolicyDto, Refusal> {
        if self.policies.len() >= MAX_POLICIES {
            return Err(Refusal::BadRequest(format!(
                "The tenant already has {MAX_POLICIES} password policies, the most the emulator \
                 keeps; delete one first."
            )));
        }
        let now = clock::timestamp();
        let policy = self.policy_from_body(body, ids::hex32(), now.clone(), now)?;
        Ok(self.store(policy))
    }

    /// `PUT /beta/password-policies/{id}`: replaces the whole policy; the body's `id` is ignored.
    pub(crate) fn replace_policy(
        &mut self,
        id: &str,
        body: PasswordPolicyBody,
    ) -> Result<PasswordPolicyDto, Refusal> {
        let created = self
            .policies
            .get(id)
            .ok_or_else(|| unknown(id))?
            .created
            .clone();
        let policy = self.policy_from_body(
            body,
            id.to_owned(),
            created.unwrap_or_else(clock::timestamp),
            clock::timestamp(),
        )?;
        Ok(self.store(policy))
    }

    /// `DELETE /beta/password-policies/{id}`. A policy a sync group uses cannot be deleted: the
    /// group would be left without one.
    pub(crate) fn delete_policy(&mut self, id: &str) -> Result<(), Refusal> {
        if !self.policies.contains_key(id) {
            return Err(unknown(id));
        }
        if let Some(group) = self
            .sync_groups
            .values()
            .find(|group| group.password_policy_id == id)
        {
            return Err(Refusal::BadRequest(format!(
                "Password policy {id:?} is the policy of sync group {:?}; give the group another \
                 policy or delete it first.",
                group.name
            )));
        }
        self.policies.remove(id);
        Ok(())
    }

    /// The ID of the policy that governs a source: its sync group's, else the one whose
    /// `sourceIds` lists it, else none (any password is accepted).
    pub(crate) fn effective_policy_id(&self, source_id: &str) -> Option<&str> {
        match self.sync_group_of(source_id) {
            Some(group) => Some(group.password_policy_id.as_str()),
            None => self
                .policies
                .values()
                .find(|policy| policy.source_ids.iter().any(|id| id == source_id))
                .map(|policy| policy.id.as_str()),
        }
    }

    /// What set-password checks a new password on the source against, as things are now.
    pub(super) fn effective_policy(&self, source_id: &str) -> Enforced {
        self.effective_policy_id(source_id)
            .and_then(|id| self.policies.get(id))
            .map(|policy| Enforced {
                rules: rules_of(policy),
                use_dictionary: policy.use_dictionary,
            })
            .unwrap_or_default()
    }

    /// The source's policy as query-password-info lists it.
    pub(super) fn describe_policy_of(&self, source_id: &str) -> Vec<String> {
        let policy = self.effective_policy(source_id);
        let mut lines = policy.rules.describe();
        if policy.use_dictionary {
            lines.push("passwordDictionary is enabled".into());
        }
        lines
    }

    /// Stores a policy, taking its sources away from any other policy.
    fn store(&mut self, policy: PasswordPolicyDto) -> PasswordPolicyDto {
        for other in self.policies.values_mut() {
            if other.id == policy.id {
                continue;
            }
            let before = other.source_ids.len();
            other
                .source_ids
                .retain(|source_id| !policy.source_ids.contains(source_id));
            if other.source_ids.len() != before {
                other.modified = policy.modified.clone();
            }
        }
        self.policies.insert(policy.id.clone(), policy.clone());
        policy
    }

    /// A policy from a request body: every rule left out is off, every flag false.
    fn policy_from_body(
        &self,
        body: PasswordPolicyBody,
        id: String,
        created: String,
        modified: String,
    ) -> Result<PasswordPolicyDto, Refusal> {
        let rules = PasswordPolicy {
            min_length: zero_is_off("minLength", body.min_length)?,
            max_length: zero_is_off("maxLength", body.max_length)?,
            min_alpha: zero_is_off("minAlpha", body.min_alpha)?,
            min_numeric: zero_is_off("minNumeric", body.min_numeric)?,
            min_upper: zero_is_off("minUpper", body.min_upper)?,
            min_lower: zero_is_off("minLower", body.min_lower)?,
            min_special: zero_is_off("minSpecial", body.min_special)?,
            repeated_char: minus_one_is_off("maxRepeatedChars", body.max_repeated_chars)?,
            min_character_types: minus_one_is_off("minCharacterTypes", body.min_character_types)?,
        };
        if let (Some(min), Some(max)) = (rules.min_length, rules.max_length) {
            if max < min {
                return Err(Refusal::BadRequest(format!(
                    "maxLength {max} is below minLength {min}; use 0 for no maximum."
                )));
            }
        }
        if let Some(types) = rules.min_character_types.filter(|types| *types > 4) {
            return Err(Refusal::BadRequest(format!(
                "minCharacterTypes is {types}, but there are only 4 character types (upper-case, \
                 lower-case, digit, special); use -1 for no rule."
            )));
        }
        let mut policy = PasswordPolicyDto {
            id,
            name: bounded_text(body.name.unwrap_or_default(), "name")?,
            description: body
                .description
                .map(|text| bounded_text(text, "description"))
                .transpose()?,
            source_ids: known_sources(self, body.source_ids.unwrap_or_default())?,
            account_id_min_word_length: at_least(
                "accountIdMinWordLength",
                body.account_id_min_word_length,
                -1,
            )?,
            account_name_min_word_length: at_least(
                "accountNameMinWordLength",
                body.account_name_min_word_length,
                -1,
            )?,
            use_dictionary: body.use_dictionary.unwrap_or(false),
            use_account_attributes: body.use_account_attributes.unwrap_or(false),
            use_identity_attributes: body.use_identity_attributes.unwrap_or(false),
            validate_against_account_id: body.validate_against_account_id.unwrap_or(false),
            validate_against_account_name: body.validate_against_account_name.unwrap_or(false),
            default_policy: body.default_policy.unwrap_or(false),
            enable_passwd_expiration: body.enable_passwd_expiration.unwrap_or(false),
            password_expiration: at_least("passwordExpiration", body.password_expiration, 0)?,
            first_expiration_reminder: at_least(
                "firstExpirationReminder",
                body.first_expiration_reminder,
                0,
            )?,
            require_strong_authn: body.require_strong_authn.unwrap_or(false),
            require_strong_auth_off_network: body.require_strong_auth_off_network.unwrap_or(false),
            require_strong_auth_untrusted_geographies: body
                .require_strong_auth_untrusted_geographies
                .unwrap_or(false),
            created: Some(created),
            modified: Some(modified),
            ..off_rules()
        };
        set_rules(&mut policy, &rules);
        Ok(policy)
    }
}

/// The policies of a seed, keyed by ID, each listing the sources that name it.
pub(super) fn seeded(seed: &Seed, now: &str) -> BTreeMap<String, PasswordPolicyDto> {
    seed.policies
        .iter()
        .map(|policy| {
            let id = policy.policy_id();
            let mut dto = PasswordPolicyDto {
                id: id.clone(),
                name: policy.name.clone(),
                source_ids: seed
                    .sources
                    .iter()
                    .filter(|source| source.policy.as_deref() == Some(policy.name.as_str()))
                    .map(|source| source.id.clone())
                    .collect(),
                use_dictionary: policy.use_dictionary,
                created: Some(now.to_owned()),
                modified: Some(now.to_owned()),
                ..off_rules()
            };
            set_rules(&mut dto, &policy.rules);
            (id, dto)
        })
        .collect()
}

/// The rules a stored policy enforces: a value at or below zero is off.
pub(super) fn rules_of(policy: &PasswordPolicyDto) -> PasswordPolicy {
    let on = |value: i64| u32::try_from(value).ok().filter(|value| *value > 0);
    PasswordPolicy {
        min_length: on(policy.min_length),
        max_length: on(policy.max_length),
        min_alpha: on(policy.min_alpha),
        min_numeric: on(policy.min_numeric),
        min_upper: on(policy.min_upper),
        min_lower: on(policy.min_lower),
        min_special: on(policy.min_special),
        repeated_char: on(policy.max_repeated_chars),
        min_character_types: on(policy.min_character_types),
    }
}

/// Writes `rules` into the policy, an unset rule as its "off" value.
fn set_rules(policy: &mut PasswordPolicyDto, rules: &PasswordPolicy) {
    let or = |value: Option<u32>, off: i64| value.map_or(off, i64::from);
    policy.min_length = or(rules.min_length, 0);
    policy.max_length = or(rules.max_length, 0);
    policy.min_alpha = or(rules.min_alpha, 0);
    policy.min_numeric = or(rules.min_numeric, 0);
    policy.min_upper = or(rules.min_upper, 0);
    policy.min_lower = or(rules.min_lower, 0);
    policy.min_special = or(rules.min_special, 0);
    policy.max_repeated_chars = or(rules.repeated_char, -1);
    policy.min_character_types = or(rules.min_character_types, -1);
}

/// A policy with every rule off, every flag false and no name, to fill in.
fn off_rules() -> PasswordPolicyDto {
    PasswordPolicyDto {
        id: String::new(),
        name: String::new(),
        description: None,
        source_ids: Vec::new(),
        min_length: 0,
        max_length: 0,
        min_alpha: 0,
        min_upper: 0,
        min_lower: 0,
        min_numeric: 0,
        min_special: 0,
        min_character_types: -1,
        max_repeated_chars: -1,
        account_id_min_word_length: -1,
        account_name_min_word_length: -1,
        use_dictionary: false,
        use_account_attributes: false,
        use_identity_attributes: false,
        validate_against_account_id: false,
        validate_against_account_name: false,
        default_policy: false,
        enable_passwd_expiration: false,
        password_expiration: 0,
        first_expiration_reminder: 0,
        require_strong_authn: false,
        require_strong_auth_off_network: false,
        require_strong_auth_untrusted_geographies: false,
        created: None,
        modified: None,
    }
}

/// A rule whose "off" value is 0 (the minimums and `maxLength`).
fn zero_is_off(field: &str, value: Option<i64>) -> Result<Option<u32>, Refusal> {
    match value.unwrap_or(0) {
        0 => Ok(None),
        value => u32::try_from(value).map(Some).map_err(|_| {
            Refusal::BadRequest(format!(
                "{field} is {value}; it must be from 0 (no rule) to {}.",
                u32::MAX
            ))
        }),
    }
}

/// A rule whose "off" value is -1 (`maxRepeatedChars`, `minCharacterTypes`). 0 is taken as
/// off too: a limit of 0 would refuse every password, which no administrator means.
fn minus_one_is_off(field: &str, value: Option<i64>) -> Result<Option<u32>, Refusal> {
    match value.unwrap_or(-1) {
        -1 | 0 => Ok(None),
        value => u32::try_from(value).map(Some).map_err(|_| {
            Refusal::BadRequest(format!(
                "{field} is {value}; it must be -1 (no rule) or from 1 to {}.",
                u32::MAX
            ))
        }),
    }
}

/// A stored number that is not a rule here; `minimum` when left out.
fn at_least(field: &str, value: Option<i64>, minimum: i64) -> Result<i64, Refusal> {
    let value = value.unwrap_or(minimum);
    if value < minimum {
        return Err(Refusal::BadRequest(format!(
            "{field} is {value}; it must be at least {minimum}."
        )));
    }
    Ok(value)
}

fn unknown(id: &str) -> Refusal {
    Refusal::NotFound(format!("No password policy has the ID {id:?}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_values_round_trip_through_the_rules() {
        let rules = PasswordPolicy {
            min_length: Some(8),
            repeated_char: Some(3),
            ..PasswordPolicy::default()
        };
        let mut policy = off_rules();
        set_rules(&mut policy, &rules);
        assert_eq!((policy.min_length, policy.max_length), (8, 0));
        assert_eq!(
            (policy.max_repeated_chars, policy.min_character_types),
            (3, -1)
        );
        assert_eq!(rules_of(&policy), rules);
    }

    #[test]
    fn rule_values_are_range_checked() {
        assert_eq!(zero_is_off("minLength", Some(0)), Ok(None));
        assert_eq!(zero_is_off("minLength", None), Ok(None));
        assert!(zero_is_off("minLength", Some(-1)).is_err());
        assert!(zero_is_off("minLength", Some(i64::MAX)).is_err());
        assert_eq!(minus_one_is_off("maxRepeatedChars", Some(-1)), Ok(None));
        assert_eq!(minus_one_is_off("maxRepeatedChars", Some(2)), Ok(Some(2)));
        assert!(minus_one_is_off("maxRepeatedChars", Some(-2)).is_err());
        assert!(at_least("passwordExpiration", Some(-1), 0).is_err());
    }
}

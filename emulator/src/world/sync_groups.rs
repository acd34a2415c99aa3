//! Password sync groups: sources whose accounts share one password, under one policy.
//!
//! A source belongs to at most one group; a group that would take a source from another is
//! refused with 400 (unlike policies, which take sources over), because silently shrinking
//! another group changes which accounts a set-password reaches.

use std::collections::BTreeMap;

use super::{bounded_text, known_sources, required, shown, Refusal, World};
use crate::clock;
use crate::ids;
use crate::seed::Seed;
use crate::wire::admin::{PasswordSyncGroupBody, PasswordSyncGroupDto};

/// Most sync groups a tenant holds here, so that a client cannot grow the emulator without
/// bound.
const MAX_SYNC_GROUPS: usize = 1_000;

impl World {
    /// `GET /beta/password-sync-groups`: every group, ordered by ID.
    pub(crate) fn sync_groups(&self) -> Vec<PasswordSyncGroupDto> {
        self.sync_groups.values().cloned().collect()
    }

    /// `GET /beta/password-sync-groups/{id}`.
    pub(crate) fn sync_group(&self, id: &str) -> Result<PasswordSyncGroupDto, Refusal> {
        self.sync_groups.get(id).cloned().ok_or_else(|| unknown(id))
    }

    /// `POST /beta/password-sync-groups`.
    pub(crate) fn create_sync_group(
        &mut self,
        body: PasswordSyncGroupBody,
    ) -> Result<PasswordSyncGroupDto, Refusal> {
        if self.sync_groups.len() >= MAX_SYNC_GROUPS {
            return Err(Refusal::BadRequest(format!(
                "The tenant already has {MAX_SYNC_GROUPS} password sync groups, the most the \
                 emulator keeps; delete one first."
            )));
        }
        let now = clock::timestamp();
        let group = self.sync_group_from_body(body, ids::uuid_like(), now.clone(), now)?;
        self.sync_groups.insert(group.id.clone(), group.clone());
        Ok(group)
    }

    /// `PUT /beta/password-sync-groups/{id}`: replaces the group; the body's `id` is ignored.
    pub(crate) fn replace_sync_group(
        &mut self,
        id: &str,
        body: PasswordSyncGroupBody,
    ) -> Result<PasswordSyncGroupDto, Refusal> {
        let created = self
            .sync_groups
            .get(id)
            .ok_or_else(|| unknown(id))?
            .created
            .clone();
        let group = self.sync_group_from_body(
            body,
            id.to_owned(),
            created.unwrap_or_else(clock::timestamp),
            clock::timestamp(),
        )?;
        self.sync_groups.insert(group.id.clone(), group.clone());
        Ok(group)
    }

    /// `DELETE /beta/password-sync-groups/{id}`.
    pub(crate) fn delete_sync_group(&mut self, id: &str) -> Result<(), Refusal> {
        self.sync_groups
            .remove(id)
            .map(|_| ())
            .ok_or_else(|| unknown(id))
    }

    /// The group the source belongs to, if any.
    pub(crate) fn sync_group_of(&self, source_id: &str) -> Option<&PasswordSyncGroupDto> {
        self.sync_groups
            .values()
            .find(|group| group.source_ids.iter().any(|id| id == source_id))
    }

    /// A group from a request body; `id` is the group's own, so its current sources are not a
    /// conflict.
    fn sync_group_from_body(
        &self,
        body: PasswordSyncGroupBody,
        id: String,
        created: String,
        modified: String,
    ) -> Result<PasswordSyncGroupDto, Refusal> {
        let name = bounded_text(required(body.name, "name")?, "name")?;
        let password_policy_id = required(body.password_policy_id, "passwordPolicyId")?;
        if !self.policies.contains_key(&password_policy_id) {
            return Err(Refusal::BadRequest(format!(
                "passwordPolicyId {} is not the ID of a password policy.",
                shown(&password_policy_id)
            )));
        }
        let source_ids = known_sources(self, body.source_ids.unwrap_or_default())?;
        for source_id in &source_ids {
            if let Some(other) = self.sync_group_of(source_id).filter(|other| other.id != id) {
                return Err(Refusal::BadRequest(format!(
                    "Source {source_id:?} already belongs to sync group {:?}; a source belongs \
                     to at most one. Remove it from that group first.",
                    other.name
                )));
            }
        }
        Ok(PasswordSyncGroupDto {
            id,
            name,
            password_policy_id,
            source_ids,
            created: Some(created),
            modified: Some(modified),
        })
    }
}

/// The sync groups of a validated seed, keyed by ID.
pub(super) fn seeded(seed: &Seed, now: &str) -> BTreeMap<String, PasswordSyncGroupDto> {
    seed.sync_groups
        .iter()
        .filter_map(|group| {
            // Validation guarantees the policy exists; a group without one is skipped.
            let policy = seed
                .policies
                .iter()
                .find(|policy| policy.name == group.policy)?;
            Some((
                group.id.clone(),
                PasswordSyncGroupDto {
                    id: group.id.clone(),
                    name: group.name.clone(),
                    password_policy_id: policy.policy_id(),
                    source_ids: group.source_ids.clone(),
                    created: Some(now.to_owned()),
                    modified: Some(now.to_owned()),
                },
            ))
        })
        .collect()
}

fn unknown(id: &str) -> Refusal {
    Refusal::NotFound(format!("No password sync group has the ID {id:?}."))
}

//! Reading a `oneOf` that has no discriminator: which variant a value is.
//!
//! serde's `untagged` takes the first variant that reads the value, and a struct whose fields
//! are all optional reads any object: it takes the value and drops every member it does not
//! know, with no error. Here each variant says which members it knows, and a variant that
//! would leave out members the value holds loses to one that keeps them. Which members count:
//! those some variant knows, or every member when a variant keeps any (a map, extra members);
//! without such a variant, members no variant knows are skipped, as a struct skips unknown
//! members, so that a member added upstream does not make values unreadable. When every
//! variant that reads the value would leave some out, reading fails: never a value quietly
//! missing data.

use serde_json::Value;

/// One variant of an untagged `oneOf`, in the order variants are tried (most specific first).
pub struct Candidate<T> {
    /// The variant's name, for errors.
    pub name: &'static str,
    /// The members an object of this variant holds; `None` when it keeps any member (a map,
    /// extra members, any JSON value).
    pub members: Option<&'static [&'static str]>,
    /// Reads the value as this variant.
    pub read: fn(&Value) -> Result<T, serde_json::Error>,
}

impl<T> std::fmt::Debug for Candidate<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("name", &self.name)
            .field("members", &self.members)
            .finish_non_exhaustive()
    }
}

/// Reads `value` as the first variant that reads it and leaves out none of its members that
/// some variant knows, at any depth; see the module docs. `type_name` names the enum in
/// errors.
///
/// A variant's own members are checked from its member list; what lies deeper (the members
/// of a nested object) is checked by writing the read value back: a member of the input that
/// the written value lacks was dropped by a nested struct. Such a loss is allowed only where
/// every variant that reads the value loses it too (a member no variant knows, added
/// upstream); otherwise a variant that keeps it wins, and when none keeps everything some
/// variant knows, reading fails.
pub fn read_untagged<T: serde::Serialize, E: serde::de::Error>(
    value: &Value,
    type_name: &str,
    candidates: &[Candidate<T>],
) -> Result<T, E> {
    let keeps_any = candidates
        .iter()
        .any(|candidate| candidate.members.is_none());
    let held: Vec<&str> = match value {
        Value::Object(members) => members
            .keys()
            .map(String::as_str)
            .filter(|name| {
                keeps_any
                    || candidates.iter().any(|candidate| {
                        candidate
                            .members
                            .is_some_and(|members| members.contains(name))
                    })
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut first_error = None;
    // Variants that would leave out members: what each leaves out.
    let mut readers: Vec<(&str, Vec<String>)> = Vec::new();
    // Of those, the ones that keep their own members but drop deeper ones, with the value.
    let mut partial: Vec<(usize, T)> = Vec::new();
    for candidate in candidates {
        match (candidate.read)(value) {
            Ok(read) => {
                let left_out: Vec<String> = match candidate.members {
                    None => Vec::new(),
                    Some(members) => held
                        .iter()
                        .filter(|name| !members.contains(name))
                        .map(|name| (*name).to_owned())
                        .collect(),
                };
                if !left_out.is_empty() {
                    readers.push((candidate.name, left_out));
                    continue;
                }
                let lost = lost_members(value, &read);
                if lost.is_empty() {
                    return Ok(read);
                }
                partial.push((readers.len(), read));
                readers.push((candidate.name, lost));
            }
            Err(error) => {
                first_error.get_or_insert((candidate.name, error));
            }
        }
    }
    // A deeper member that every such variant drops is one no variant knows: skipped, as a
    // struct skips it. The first variant that drops nothing another keeps wins.
    let dropped_by_all = |path: &String| {
        partial
            .iter()
            .all(|(index, _)| readers[*index].1.contains(path))
    };
    let winner = partial
        .iter()
        .position(|(index, _)| readers[*index].1.iter().all(dropped_by_all));
    if let Some(position) = winner {
        return Ok(partial.swap_remove(position).1);
    }
    if !readers.is_empty() {
        let readers: Vec<String> = readers
            .iter()
            .map(|(name, left_out)| format!("{name} would leave out `{}`", left_out.join("`, `")))
            .collect();
        return Err(E::custom(format_args!(
            "{type_name}: no variant reads this value whole ({})",
            readers.join("; ")
        )));
    }
    Err(match first_error {
        Some((name, error)) => E::custom(format_args!(
            "{type_name}: the value matches no variant (as {name}: {error})"
        )),
        None => E::custom(format_args!("{type_name}: the value matches no variant")),
    })
}

/// The members of `input`, at any depth, that `read` written back as JSON lacks, as
/// `/`-joined paths (`metadata/custom_message`). A `null` member counts as absent: a struct
/// may write an unset optional either way. A value that cannot be written back has lost
/// everything (`/`).
fn lost_members<T: serde::Serialize>(input: &Value, read: &T) -> Vec<String> {
    let Ok(written) = serde_json::to_value(read) else {
        return vec!["/".to_owned()];
    };
    let mut lost = Vec::new();
    compare(input, &written, &mut String::new(), &mut lost);
    lost
}

/// Walks `input` beside `written`, noting the input's members the written value lacks.
/// Depth is bounded by the input, which `serde_json` parses at most 128 levels deep.
fn compare(input: &Value, written: &Value, path: &mut String, lost: &mut Vec<String>) {
    let mut visit =
        |segment: &str, input: &Value, written: Option<&Value>, lost: &mut Vec<String>| {
            let length = path.len();
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(segment);
            match written {
                Some(written) => compare(input, written, path, lost),
                None => lost.push(path.clone()),
            }
            path.truncate(length);
        };
    match (input, written) {
        (Value::Object(members), Value::Object(kept)) => {
            for (name, member) in members.iter().filter(|(_, member)| !member.is_null()) {
                visit(name, member, kept.get(name), lost);
            }
        }
        (Value::Array(items), Value::Array(kept)) => {
            for (index, item) in items.iter().enumerate() {
                visit(&index.to_string(), item, kept.get(index), lost);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq)]
    enum Trigger {
        Scheduled(Option<String>),
        Event(String, Option<String>),
        Open(Value),
    }

    /// Written back as the objects the variants read.
    impl serde::Serialize for Trigger {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = serde_json::Map::new();
            match self {
                Trigger::Scheduled(frequency) => {
                    if let Some(frequency) = frequency {
                        object.insert("frequency".to_owned(), json!(frequency));
                    }
                }
                Trigger::Event(id, form) => {
                    object.insert("id".to_owned(), json!(id));
                    if let Some(form) = form {
                        object.insert("formDefinitionId".to_owned(), json!(form));
                    }
                }
                Trigger::Open(value) => return value.serialize(serializer),
            }
            Value::Object(object).serialize(serializer)
        }
    }

    fn scheduled(value: &Value) -> Result<Trigger, serde_json::Error> {
        #[derive(serde::Deserialize)]
        struct Scheduled {
            frequency: Option<String>,
        }
        let read = Scheduled::deserialize(value)?;
        Ok(Trigger::Scheduled(read.frequency))
    }

    fn event(value: &Value) -> Result<Trigger, serde_json::Error> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Event {
            id: String,
            form_definition_id: Option<String>,
        }
        let read = Event::deserialize(value)?;
        Ok(Trigger::Event(read.id, read.form_definition_id))
    }

    use serde::Deserialize;

    /// Like SailPoint's `WorkflowTriggerAttributes`: a variant whose fields are all optional,
    /// tried first, reads any object.
    const TRIGGERS: &[Candidate<Trigger>] = &[
        Candidate {
            name: "Scheduled",
            members: Some(&["frequency"]),
            read: scheduled,
        },
        Candidate {
            name: "Event",
            members: Some(&["id", "formDefinitionId"]),
            read: event,
        },
    ];

    fn read(value: Value) -> Result<Trigger, serde_json::Error> {
        read_untagged(&value, "Trigger", TRIGGERS)
    }

    #[test]
    fn a_variant_that_would_drop_members_loses_to_one_that_keeps_them() {
        let event = read(json!({"id": "x", "formDefinitionId": "y"})).unwrap();
        assert_eq!(event, Trigger::Event("x".to_owned(), Some("y".to_owned())));
        let scheduled = read(json!({"frequency": "daily"})).unwrap();
        assert_eq!(scheduled, Trigger::Scheduled(Some("daily".to_owned())));
    }

    #[test]
    fn members_no_variant_knows_are_skipped_like_a_struct_skips_them() {
        let read = read(json!({"frequency": "daily", "addedUpstream": 1})).unwrap();
        assert_eq!(read, Trigger::Scheduled(Some("daily".to_owned())));
    }

    #[test]
    fn a_value_no_variant_reads_whole_is_an_error_not_a_loss() {
        let error = read(json!({"frequency": "daily", "formDefinitionId": "y"})).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Trigger: no variant reads this value whole (Scheduled would leave out \
             `formDefinitionId`)"
        );
        let error = read(json!("text")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Trigger: the value matches no variant (as Scheduled: "),
            "{error}"
        );
    }

    #[test]
    fn a_variant_that_keeps_any_member_wins_over_one_that_would_drop_some() {
        let candidates = [
            Candidate {
                name: "Scheduled",
                members: Some(&["frequency"][..]),
                read: scheduled,
            },
            Candidate {
                name: "Open",
                members: None,
                read: |value: &Value| Ok(Trigger::Open(value.clone())),
            },
        ];
        let whole = json!({"frequency": "daily"});
        let read: Trigger =
            read_untagged::<_, serde_json::Error>(&whole, "Trigger", &candidates).unwrap();
        assert_eq!(read, Trigger::Scheduled(Some("daily".to_owned())));
        let more = json!({"frequency": "daily", "other": 1});
        let read: Trigger =
            read_untagged::<_, serde_json::Error>(&more, "Trigger", &candidates).unwrap();
        assert_eq!(read, Trigger::Open(more));
    }

    /// Like Discord's moderation actions: two variants with the same members, whose nested
    /// `metadata` objects differ. The first would read the second's value and drop the nested
    /// member, without an error from its own member list.
    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    enum Action {
        Quarantine(Quarantine),
        Block(Block),
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Quarantine {
        kind: u8,
        metadata: QuarantineMetadata,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct QuarantineMetadata {
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Block {
        kind: u8,
        metadata: BlockMetadata,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct BlockMetadata {
        #[serde(skip_serializing_if = "Option::is_none")]
        custom_message: Option<String>,
    }

    const ACTIONS: &[Candidate<Action>] = &[
        Candidate {
            name: "Quarantine",
            members: Some(&["kind", "metadata"]),
            read: |value| Quarantine::deserialize(value).map(Action::Quarantine),
        },
        Candidate {
            name: "Block",
            members: Some(&["kind", "metadata"]),
            read: |value| Block::deserialize(value).map(Action::Block),
        },
    ];

    fn action(value: Value) -> Result<Action, serde_json::Error> {
        read_untagged(&value, "Action", ACTIONS)
    }

    #[test]
    fn a_variant_that_would_drop_a_nested_member_loses_to_one_that_keeps_it() {
        let block = action(json!({"kind": 1, "metadata": {"custom_message": "no"}})).unwrap();
        assert_eq!(
            block,
            Action::Block(Block {
                kind: 1,
                metadata: BlockMetadata {
                    custom_message: Some("no".to_owned())
                }
            })
        );
        let quarantine = action(json!({"kind": 1, "metadata": {"reason": "spam"}})).unwrap();
        assert!(
            matches!(quarantine, Action::Quarantine(_)),
            "{quarantine:?}"
        );
    }

    #[test]
    fn a_nested_member_no_variant_knows_is_skipped_and_one_both_lose_to_another_is_an_error() {
        let read = action(json!({"kind": 1, "metadata": {"addedUpstream": true}})).unwrap();
        assert!(matches!(read, Action::Quarantine(_)), "{read:?}");
        let error = action(json!({"kind": 1, "metadata": {"reason": "a", "custom_message": "b"}}))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Action: no variant reads this value whole (Quarantine would leave out \
             `metadata/custom_message`; Block would leave out `metadata/reason`)"
        );
    }
}

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
//!
//! Enums are open (a value added upstream reads as `Unknown`), so a member that a variant
//! restricts (`type: {enum: [2]}`) would not keep another variant from reading the value.
//! Each variant lists those members and values (`pins`), and the variants whose pins the
//! value satisfies are tried first.

use serde_json::Value;

/// One variant of an untagged `oneOf`, in the order variants are tried (most specific first).
pub struct Candidate<T> {
    /// The variant's name, for errors.
    pub name: &'static str,
    /// The members an object of this variant holds; `None` when it keeps any member (a map,
    /// extra members, any JSON value).
    pub members: Option<&'static [&'static str]>,
    /// Members whose values this variant restricts, each with the values it allows as JSON
    /// text (`("type", &["1"])`): a value that holds another there is not of this variant,
    /// unless no variant allows what it holds (a value added upstream).
    pub pins: &'static [(&'static str, &'static [&'static str])],
    /// Reads the value as this variant.
    pub read: fn(&Value) -> Result<T, serde_json::Error>,
}

impl<T> std::fmt::Debug for Candidate<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("name", &self.name)
            .field("members", &self.members)
            .field("pins", &self.pins)
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
    // Variants whose restricted members hold values they allow come first: `{"type": 2}`
    // is the variant that allows 2, though another would read it as an unknown value.
    if candidates
        .iter()
        .any(|candidate| !candidate.pins.is_empty())
    {
        let fitting: Vec<&Candidate<T>> = candidates
            .iter()
            .filter(|candidate| pins_hold(value, candidate.pins))
            .collect();
        if !fitting.is_empty() && fitting.len() < candidates.len() {
            if let Outcome::Read(read) = pick(value, &fitting) {
                return Ok(read);
            }
        }
    }
    let all: Vec<&Candidate<T>> = candidates.iter().collect();
    match pick(value, &all) {
        Outcome::Read(read) => Ok(read),
        Outcome::Partial(readers) => {
            let readers: Vec<String> = readers
                .iter()
                .map(|(name, left_out)| {
                    format!("{name} would leave out `{}`", left_out.join("`, `"))
                })
                .collect();
            Err(E::custom(format_args!(
                "{type_name}: no variant reads this value whole ({})",
                readers.join("; ")
            )))
        }
        Outcome::Unread(Some((name, error))) => Err(E::custom(format_args!(
            "{type_name}: the value matches no variant (as {name}: {error})"
        ))),
        Outcome::Unread(None) => Err(E::custom(format_args!(
            "{type_name}: the value matches no variant"
        ))),
    }
}

/// What [`pick`] found.
enum Outcome<T> {
    Read(T),
    /// Variants read the value, each leaving out these members.
    Partial(Vec<(&'static str, Vec<String>)>),
    /// No variant read the value: the first one's error.
    Unread(Option<(&'static str, serde_json::Error)>),
}

/// Whether every restricted member that `value` holds has a value the variant allows.
fn pins_hold(value: &Value, pins: &[(&str, &[&str])]) -> bool {
    pins.iter()
        .all(|(member, allowed)| match value.get(member) {
            None | Some(Value::Null) => true,
            Some(held) => {
                let text = held.to_string();
                allowed.contains(&text.as_str())
            }
        })
}

/// The first of `candidates` that reads `value` and keeps every member some variant knows.
fn pick<T: serde::Serialize>(value: &Value, candidates: &[&Candidate<T>]) -> Outcome<T> {
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
    let mut readers: Vec<(&'static str, Vec<String>)> = Vec::new();
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
                    return Outcome::Read(read);
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
        return Outcome::Read(partial.swap_remove(position).1);
    }
    if readers.is_empty() {
        Outcome::Unread(first_error)
    } else {
        Outcome::Partial(readers)
    }
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
            pins: &[],
            read: scheduled,
        },
        Candidate {
            name: "Event",
            members: Some(&["id", "formDefinitionId"]),
            pins: &[],
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
                pins: &[],
                read: scheduled,
            },
            Candidate {
                name: "Open",
                members: None,
                pins: &[],
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
            pins: &[],
            read: |value| Quarantine::deserialize(value).map(Action::Quarantine),
        },
        Candidate {
            name: "Block",
            members: Some(&["kind", "metadata"]),
            pins: &[],
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

    /// The same variants where each restricts `kind` (as Discord's do), and the `kind` is an
    /// open enum that reads any number: the value's `kind` picks the variant, even with no
    /// `metadata` to tell them apart, and a `kind` no variant allows is still read.
    const PINNED: &[Candidate<Action>] = &[
        Candidate {
            name: "Quarantine",
            members: Some(&["kind", "metadata"]),
            pins: &[("kind", &["1"])],
            read: |value| Quarantine::deserialize(value).map(Action::Quarantine),
        },
        Candidate {
            name: "Block",
            members: Some(&["kind", "metadata"]),
            pins: &[("kind", &["2"])],
            read: |value| Block::deserialize(value).map(Action::Block),
        },
    ];

    #[test]
    fn a_restricted_member_picks_the_variant_that_allows_its_value() {
        let read = |value: Value| read_untagged::<_, serde_json::Error>(&value, "Action", PINNED);
        let block = read(json!({"kind": 2, "metadata": {}})).unwrap();
        assert!(matches!(block, Action::Block(_)), "{block:?}");
        let quarantine = read(json!({"kind": 1, "metadata": {}})).unwrap();
        assert!(
            matches!(quarantine, Action::Quarantine(_)),
            "{quarantine:?}"
        );
        let added_upstream = read(json!({"kind": 9, "metadata": {}})).unwrap();
        assert!(matches!(
            added_upstream,
            Action::Quarantine(Quarantine { kind: 9, .. })
        ));
    }
}

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
/// some variant knows; see the module docs. `type_name` names the enum in errors.
pub fn read_untagged<T, E: serde::de::Error>(
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
    let mut readers: Vec<(&str, Vec<&str>)> = Vec::new();
    for candidate in candidates {
        match (candidate.read)(value) {
            Ok(read) => {
                let left_out: Vec<&str> = match candidate.members {
                    None => Vec::new(),
                    Some(members) => held
                        .iter()
                        .filter(|name| !members.contains(name))
                        .copied()
                        .collect(),
                };
                if left_out.is_empty() {
                    return Ok(read);
                }
                readers.push((candidate.name, left_out));
            }
            Err(error) => {
                first_error.get_or_insert((candidate.name, error));
            }
        }
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
}

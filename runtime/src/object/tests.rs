use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::json;

use super::*;

/// A model written the way the generator writes them: a required field, an optional one,
/// one whose `null` is kept, a required nullable one, a flattened part and extra members.
#[derive(Debug, PartialEq, Default)]
struct Model {
    id: String,
    note: Option<String>,
    clear: Option<Option<String>>,
    owner: Option<String>,
    base: Base,
    extra: BTreeMap<String, i64>,
}

/// A flattened part whose optional member may arrive as `null`.
#[derive(Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct Base {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let base = flattened_members(&self.base)?;
        let members = 2
            + count_set(&[self.note.is_some(), self.clear.is_some()])
            + base.len()
            + self.extra.len();
        let mut object = ObjectWriter::new(serializer, members)?;
        object.field("id", &self.id)?;
        object.optional("note", &self.note)?;
        object.present("clear", &self.clear)?;
        object.field("owner", &self.owner)?;
        object.flatten(&base)?;
        object.extra(&self.extra)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ModelVisitor;
        impl<'de> Visitor<'de> for ModelVisitor {
            type Value = Model;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a Model object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Model, A::Error> {
                let (mut id, mut note, mut clear, mut owner) = (None, None, None, None);
                let mut rest = Rest::default();
                while let Some(member) =
                    next_member(&mut map, &["id", "note", "clear", "owner"], Some(&mut rest))?
                {
                    match member {
                        0 => fill(&mut map, &mut id, "id")?,
                        1 => fill(&mut map, &mut note, "note")?,
                        2 => fill(&mut map, &mut clear, "clear")?,
                        3 => fill(&mut map, &mut owner, "owner")?,
                        _ => {}
                    }
                }
                Ok(Model {
                    id: required(id, "id")?,
                    note: note.flatten(),
                    clear,
                    owner: owner.flatten(),
                    base: rest.flattened(Some(&["kind"]))?,
                    extra: rest.extra()?,
                })
            }
        }
        deserializer.deserialize_map(ModelVisitor)
    }
}

/// A model without flattened parts or extra members, as most are: it travels in formats that
/// are not self-describing too.
#[derive(Debug, PartialEq, Clone)]
struct Plain {
    id: String,
    count: Option<i64>,
    clear: Option<Option<String>>,
    owner: Option<String>,
    children: Vec<Plain>,
}

impl Serialize for Plain {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = 3 + count_set(&[self.count.is_some(), self.clear.is_some()]);
        let mut object = ObjectWriter::new(serializer, members)?;
        object.field("id", &self.id)?;
        object.optional("count", &self.count)?;
        object.present("clear", &self.clear)?;
        object.field("owner", &self.owner)?;
        object.field("children", &self.children)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PlainVisitor;
        impl<'de> Visitor<'de> for PlainVisitor {
            type Value = Plain;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a Plain object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plain, A::Error> {
                let (mut id, mut count, mut clear, mut owner, mut children) =
                    (None, None, None, None, None);
                while let Some(member) = next_member(
                    &mut map,
                    &["id", "count", "clear", "owner", "children"],
                    None,
                )? {
                    match member {
                        0 => fill(&mut map, &mut id, "id")?,
                        1 => fill(&mut map, &mut count, "count")?,
                        2 => fill(&mut map, &mut clear, "clear")?,
                        3 => fill(&mut map, &mut owner, "owner")?,
                        4 => fill(&mut map, &mut children, "children")?,
                        _ => {}
                    }
                }
                Ok(Plain {
                    id: required(id, "id")?,
                    count: count.flatten(),
                    clear,
                    owner: owner.flatten(),
                    children: required(children, "children")?,
                })
            }
        }
        deserializer.deserialize_map(PlainVisitor)
    }
}

#[test]
fn members_round_trip_with_their_absent_and_null_rules() {
    let value = json!({"id": "a", "clear": null, "owner": null, "kind": "k", "x": 1});
    let model: Model = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        model,
        Model {
            id: "a".to_owned(),
            note: None,
            clear: Some(None),
            owner: None,
            base: Base {
                kind: Some("k".to_owned())
            },
            extra: BTreeMap::from([("x".to_owned(), 1)]),
        }
    );
    assert_eq!(serde_json::to_value(&model).unwrap(), value);
}

#[test]
fn a_missing_required_member_and_a_wrong_type_are_named() {
    let missing = serde_json::from_value::<Model>(json!({"owner": null})).unwrap_err();
    assert_eq!(missing.to_string(), "missing field `id`");
    let wrong = serde_json::from_str::<Model>(r#"{"id": 5, "owner": null}"#).unwrap_err();
    assert!(wrong.to_string().contains("expected a string"), "{wrong}");
    let not_an_object = serde_json::from_str::<Model>("[1]").unwrap_err();
    assert!(
        not_an_object.to_string().contains("a Model object"),
        "{not_an_object}"
    );
}

#[test]
fn a_member_given_twice_is_an_error_as_with_serde_derive() {
    let twice = r#"{"id": "a", "owner": null, "children": [], "owner": "b"}"#;
    let error = serde_json::from_str::<Plain>(twice).unwrap_err();
    assert!(
        error.to_string().starts_with("duplicate field `owner`"),
        "{error}"
    );
}

#[test]
fn absent_optional_members_are_left_out() {
    let model = Model {
        id: "a".to_owned(),
        ..Model::default()
    };
    assert_eq!(
        serde_json::to_value(&model).unwrap(),
        json!({"id": "a", "owner": null})
    );
}

#[test]
fn a_null_member_of_a_flattened_part_is_the_part_s_not_an_extra_member() {
    // `kind` belongs to the flattened part, which reads `null` as absent; it must not reach
    // the extra members, whose values are integers.
    let model: Model =
        serde_json::from_value(json!({"id": "a", "owner": "o", "kind": null, "x": 2})).unwrap();
    assert_eq!(model.base, Base::default());
    assert_eq!(model.extra, BTreeMap::from([("x".to_owned(), 2)]));
}

#[test]
fn nested_models_read_straight_from_the_input_and_unknown_members_are_skipped() {
    let text = r#"{"id":"root","unknown":{"deep":[1,2,{"x":null}]},"owner":null,
        "children":[{"id":"c","owner":"o","children":[],"count":3}]}"#;
    let plain: Plain = serde_json::from_str(text).unwrap();
    assert_eq!(plain.children[0].count, Some(3));
    assert_eq!(plain.children[0].owner.as_deref(), Some("o"));
}

#[test]
fn models_travel_in_a_format_that_is_not_self_describing() {
    let plain = Plain {
        id: "root".to_owned(),
        count: Some(7),
        clear: Some(None),
        owner: None,
        children: vec![Plain {
            id: "child".to_owned(),
            count: None,
            clear: Some(Some("x".to_owned())),
            owner: Some("o".to_owned()),
            children: Vec::new(),
        }],
    };
    let bytes = bincode::serialize(&plain).unwrap();
    let back: Plain = bincode::deserialize(&bytes).unwrap();
    assert_eq!(back, plain);
}

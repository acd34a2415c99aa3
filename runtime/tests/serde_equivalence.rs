//! Generated models read like serde's derive: a model written the way the generator writes
//! them (a map visitor over `next_member` and `fill`, `ObjectWriter`) and a `#[derive(Deserialize)]` twin of
//! the same shape decode the same inputs, generated and mutated (members dropped, `null`,
//! of the wrong type, given twice, unknown, nested deep), and must accept and refuse the same
//! ones and read the same values.

use isc_runtime::__private::{count_set, fill, next_member, required, ObjectWriter, Rest};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

/// Every member rule the generator emits: required, optional, explicit null, required
/// nullable, a nested model list, and an optional nested model.
#[derive(Debug, Clone, PartialEq)]
struct Generated {
    id: String,
    count: Option<i64>,
    clear: Option<Option<String>>,
    owner: Option<String>,
    children: Vec<Generated>,
    parent: Option<Box<Generated>>,
}

impl<'de> Deserialize<'de> for Generated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GeneratedVisitor;
        impl<'de> Visitor<'de> for GeneratedVisitor {
            type Value = Generated;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a `Generated` object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Generated, A::Error> {
                let (mut id, mut count, mut clear) = (None, None, None);
                let (mut owner, mut children, mut parent) = (None, None, None);
                let names = &["id", "count", "clear", "owner", "children", "parent"];
                while let Some(member) = next_member(&mut map, names, None)? {
                    match member {
                        0 => fill(&mut map, &mut id, "id")?,
                        1 => fill(&mut map, &mut count, "count")?,
                        2 => fill(&mut map, &mut clear, "clear")?,
                        3 => fill(&mut map, &mut owner, "owner")?,
                        4 => fill(&mut map, &mut children, "children")?,
                        5 => fill(&mut map, &mut parent, "parent")?,
                        _ => {}
                    }
                }
                Ok(Generated {
                    id: required(id, "id")?,
                    count: count.flatten(),
                    clear,
                    owner: owner.flatten(),
                    children: required(children, "children")?,
                    parent: parent.flatten(),
                })
            }
        }
        deserializer.deserialize_map(GeneratedVisitor)
    }
}

impl Serialize for Generated {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = 3 + count_set(&[
            self.count.is_some(),
            self.clear.is_some(),
            self.parent.is_some(),
        ]);
        let mut object = ObjectWriter::new(serializer, members)?;
        object.field("id", &self.id)?;
        object.optional("count", &self.count)?;
        object.present("clear", &self.clear)?;
        object.field("owner", &self.owner)?;
        object.field("children", &self.children)?;
        object.optional("parent", &self.parent)?;
        object.end()
    }
}

/// The same shape through serde's derive, as a hand-written SDK would declare it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Twin {
    id: String,
    #[serde(default)]
    count: Option<i64>,
    #[serde(default, deserialize_with = "explicit_null")]
    clear: Option<Option<String>>,
    #[serde(default)]
    owner: Option<String>,
    children: Vec<Twin>,
    #[serde(default)]
    parent: Option<Box<Twin>>,
}

/// serde's idiom for a member whose absence and `null` differ.
fn explicit_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

impl From<&Generated> for Twin {
    fn from(model: &Generated) -> Twin {
        Twin {
            id: model.id.clone(),
            count: model.count,
            clear: model.clear.clone(),
            owner: model.owner.clone(),
            children: model.children.iter().map(Twin::from).collect(),
            parent: model
                .parent
                .as_deref()
                .map(|parent| Box::new(Twin::from(parent))),
        }
    }
}

/// Values of the wrong type for any member, and `null`.
fn others() -> Vec<&'static str> {
    vec![
        "null",
        "1",
        "1.5",
        "true",
        "\"x\"",
        "[]",
        "[1]",
        "{}",
        "{\"id\":1}",
    ]
}

/// A valid object as member texts, in order.
fn base() -> Vec<(&'static str, String)> {
    vec![
        ("id", "\"a\"".to_owned()),
        ("count", "3".to_owned()),
        ("clear", "\"c\"".to_owned()),
        ("owner", "\"o\"".to_owned()),
        ("children", r#"[{"id":"child","children":[]}]"#.to_owned()),
        (
            "parent",
            r#"{"id":"p","children":[],"clear":null}"#.to_owned(),
        ),
    ]
}

fn object(members: &[(&str, String)]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{name:?}:{value}"))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// Every input: the base object, and for each member the object without it, with each other
/// value in its place, given twice, and with an unknown member added; plus deep nesting and
/// inputs that are not objects.
fn inputs() -> Vec<String> {
    let base = base();
    let mut inputs = vec![object(&base)];
    for index in 0..base.len() {
        let mut dropped = base.clone();
        dropped.remove(index);
        inputs.push(object(&dropped));
        for other in others() {
            let mut changed = base.clone();
            changed[index].1 = other.to_owned();
            inputs.push(object(&changed));
        }
        let mut twice = base.clone();
        twice.push(base[index].clone());
        inputs.push(object(&twice));
        let mut unknown = base.clone();
        unknown.insert(
            index,
            ("unknownMember", r#"{"deep":[null,{"x":1}]}"#.to_owned()),
        );
        inputs.push(object(&unknown));
    }
    // A chain nested `depth` levels (serde_json stops at 128 levels of arrays and objects, so
    // the deepest is refused by both), and a tree that doubles at every level.
    for depth in [1, 50, 100] {
        let mut nested = r#"{"id":"leaf","children":[]}"#.to_owned();
        for level in 0..depth {
            nested = format!(r#"{{"id":"n{level}","children":[{nested}]}}"#);
        }
        inputs.push(nested);
    }
    let mut tree = r#"{"id":"leaf","children":[]}"#.to_owned();
    for level in 0..12 {
        tree = format!(r#"{{"id":"t{level}","children":[{tree}],"parent":{tree}}}"#);
    }
    inputs.push(tree);
    inputs.extend(["[]", "null", "\"text\"", "{", "{\"id\":\"a\",}"].map(str::to_owned));
    inputs
}

#[test]
fn generated_models_accept_refuse_and_read_what_serde_derive_does() {
    let inputs = inputs();
    assert!(inputs.len() > 60, "{} inputs", inputs.len());
    let (mut accepted, mut refused) = (0, 0);
    for input in &inputs {
        let generated = serde_json::from_str::<Generated>(input);
        let twin = serde_json::from_str::<Twin>(input);
        match (&generated, &twin) {
            (Ok(generated), Ok(twin)) => {
                assert_eq!(&Twin::from(generated), twin, "{input}");
                accepted += 1;
            }
            (Err(_), Err(_)) => refused += 1,
            _ => panic!(
                "{input}: generated {:?}, derive {:?}",
                generated.as_ref().map(|_| "accepts"),
                twin.as_ref().map(|_| "accepts")
            ),
        }
    }
    // Both kinds occur, so the comparison says something either way.
    assert!(
        accepted > 10 && refused > 10,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn what_a_generated_model_writes_reads_back_the_same() {
    for input in inputs() {
        if let Ok(model) = serde_json::from_str::<Generated>(&input) {
            let written = serde_json::to_string(&model).unwrap();
            let again: Generated = serde_json::from_str(&written).unwrap();
            assert_eq!(again, model, "{input}");
        }
    }
}

/// Extra members beside a field, as `additionalProperties` makes them.
#[derive(Debug, PartialEq)]
struct Open {
    id: String,
    extra: std::collections::BTreeMap<String, Value>,
}

impl<'de> Deserialize<'de> for Open {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OpenVisitor;
        impl<'de> Visitor<'de> for OpenVisitor {
            type Value = Open;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an `Open` object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Open, A::Error> {
                let mut id = None;
                let mut rest = Rest::default();
                while next_member(&mut map, &["id"], Some(&mut rest))?.is_some() {
                    fill(&mut map, &mut id, "id")?;
                }
                Ok(Open {
                    id: required(id, "id")?,
                    extra: rest.extra()?,
                })
            }
        }
        deserializer.deserialize_map(OpenVisitor)
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct OpenTwin {
    id: String,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, Value>,
}

#[test]
fn extra_members_are_what_serde_flatten_keeps() {
    for input in [
        json!({"id": "a"}),
        json!({"id": "a", "x": 1, "y": [null]}),
        json!({"x": 1}),
        json!({"id": 1, "x": 1}),
    ] {
        let ours = serde_json::from_value::<Open>(input.clone());
        let theirs = serde_json::from_value::<OpenTwin>(input.clone());
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => {
                assert_eq!((ours.id, ours.extra), (theirs.id, theirs.extra), "{input}");
            }
            (Err(_), Err(_)) => {}
            (ours, theirs) => panic!("{input}: {ours:?} against {theirs:?}"),
        }
    }
}

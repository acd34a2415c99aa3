//! JSON round trips through the generated models of the constructs fixture: every shape the
//! generator emits decodes real JSON and encodes it back unchanged.

// `Tree` is deprecated in the fixture on purpose (to test `#[deprecated]`).
#![allow(deprecated)]

use isc_constructs::models::{
    ActionType, Circle, Color, Geometry, JsonPatchOperation, JsonPatchOperationValue, Outline,
    Priority, Scores, Shape, ShapeActionsItem, ShapeInput, ShapeInputCredential, ShapeInputTags,
    ShapeLayer, ShapeMascot, ShapeTrigger, Size, TagList, Tree,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{value} does not decode: {error}"));
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        value,
        "round trip changed the JSON"
    );
    decoded
}

#[test]
fn all_of_merges_parts_into_one_struct() {
    let shape: Shape = round_trip(json!({
        "id": "s1",
        "name": "wheel",
        "geometry": {"kind": "circle", "radius": 2.5},
        "color": "dark-blue",
        "labels": {"a": "b"},
        "extra": {"n": 1, "list": [true]},
        "anything": {"free": ["form"]},
        "loose": 3,
        "created": "2024-05-01T10:20:30.123+02:00",
        "day": "2024-05-01",
        "meta": {"source": "import"},
        "history": [{"when": "2024-01-01T00:00:00Z"}]
    }));
    assert_eq!(shape.id, "s1");
    assert_eq!(shape.color, Some(Some(Color::DarkBlue)));
    assert_eq!(shape.day.unwrap().to_string(), "2024-05-01");
    assert_eq!(shape.created.unwrap().timestamp_subsec_millis(), 123);
}

#[test]
fn unknown_fields_are_accepted() {
    let shape: Shape = serde_json::from_value(json!({
        "id": "s1", "geometry": {"kind": "square", "side": 3}, "futureField": [1, 2]
    }))
    .unwrap();
    assert!(matches!(shape.geometry, Geometry::Square(_)));
}

#[test]
fn a_discriminator_picks_the_variant_and_keeps_unknown_tags() {
    match round_trip::<Geometry>(json!({"kind": "square", "side": 4})) {
        Geometry::Square(square) => assert_eq!(square.side, 4),
        other => panic!("{other:?}"),
    }
    // The tag decides even when the fields would fit another variant.
    match round_trip::<Geometry>(json!({"kind": "circle", "radius": 4.0})) {
        Geometry::Circle(circle) => assert_eq!(circle.radius, 4.0),
        other => panic!("{other:?}"),
    }
    let unknown = json!({"kind": "triangle", "sides": [3, 4, 5]});
    assert!(matches!(
        round_trip::<Geometry>(unknown),
        Geometry::Unknown(_)
    ));
    let wrong = serde_json::from_value::<Geometry>(json!({"kind": "circle", "radius": "big"}));
    assert!(wrong.is_err());
}

#[test]
fn untagged_variants_are_tried_from_the_most_specific() {
    assert_eq!(round_trip::<Size>(json!(5)), Size::Integer(5));
    assert_eq!(round_trip::<Size>(json!(2.5)), Size::Number(2.5));
    assert_eq!(
        round_trip::<Size>(json!("large")),
        Size::String("large".into())
    );
    assert!(matches!(
        round_trip::<Size>(json!({"width": 1, "height": 2, "unit": "cm"})),
        Size::SizeExact(_)
    ));
    // Without `unit` the all-optional box matches; it must not swallow the exact size above.
    assert!(matches!(
        round_trip::<Size>(json!({"width": 1})),
        Size::SizeBox(_)
    ));
    assert!(matches!(
        round_trip::<ShapeInputTags>(json!(["a", "b"])),
        ShapeInputTags::List(_)
    ));
    assert!(matches!(
        round_trip::<ShapeInputTags>(json!("a,b")),
        ShapeInputTags::String(_)
    ));
}

#[test]
fn enums_are_open_and_an_explicit_null_is_kept() {
    assert_eq!(round_trip::<Color>(json!("red")), Color::Red);
    let unknown = round_trip::<Color>(json!("purple"));
    assert_eq!(unknown.as_str(), "purple");
    assert!(matches!(unknown, Color::Unknown(_)));
    let shape: Shape = serde_json::from_value(
        json!({"id": "s", "geometry": {"kind": "square", "side": 1}, "color": null}),
    )
    .unwrap();
    assert_eq!(shape.color, Some(None));
}

#[test]
fn optional_nullable_request_fields_can_send_an_explicit_null() {
    // Structs are `#[non_exhaustive]`: a user sets an explicit null on the field itself.
    let mut clear = ShapeInput::new();
    clear.note = Some(None);
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"note": null}));
    let leave = ShapeInput::default();
    assert_eq!(serde_json::to_value(&leave).unwrap(), json!({}));
    let set = ShapeInput::new().with_note("hi");
    assert_eq!(serde_json::to_value(&set).unwrap(), json!({"note": "hi"}));
    let read: ShapeInput = serde_json::from_value(json!({"note": null})).unwrap();
    assert_eq!(read.note, Some(None));
    // `id` is required but read-only: a request may leave it out.
    assert_eq!(
        serde_json::from_value::<ShapeInput>(json!({})).unwrap().id,
        None
    );
}

#[test]
fn recursive_schemas_nest() {
    let tree: Tree = round_trip(json!({
        "value": 1,
        "left": {"value": 2, "right": {"value": 3}},
        "children": [{"value": 4, "children": []}]
    }));
    assert_eq!(tree.left.unwrap().right.unwrap().value, 3);
}

#[test]
fn json_patch_values_of_every_kind() {
    let cases = [
        (json!("x"), "string"),
        (json!(true), "boolean"),
        (json!(7), "integer"),
        (json!({"a": 1}), "object"),
        (json!([1, "b"]), "array"),
    ];
    for (value, expected) in cases {
        let operation: JsonPatchOperation =
            round_trip(json!({"op": "replace", "path": "/name", "value": value}));
        assert_eq!(operation.op.as_str(), "replace");
        let kind = match operation.value.unwrap() {
            JsonPatchOperationValue::String(_) => "string",
            JsonPatchOperationValue::Boolean(_) => "boolean",
            JsonPatchOperationValue::Integer(_) => "integer",
            JsonPatchOperationValue::Any(_) => "object",
            JsonPatchOperationValue::List(_) => "array",
            _ => "a variant added after this test was written",
        };
        assert_eq!(kind, expected, "{value}");
    }
}

#[test]
fn integer_enums_travel_as_numbers_and_stay_open() {
    let shape: Shape = round_trip(json!({
        "id": "s1",
        "geometry": {"kind": "square", "side": 1},
        "priority": 2,
        "layer": 20
    }));
    assert_eq!(shape.priority, Some(Priority::V2));
    assert_eq!(shape.layer, Some(ShapeLayer::V20));
    assert_eq!(Priority::from(-1), Priority::Minus1);
    assert_eq!(Priority::VALUES, &[1, 2, 3, -1]);

    // A number the SDK does not know keeps its value and serializes back unchanged.
    let shape: Shape = round_trip(json!({
        "id": "s2",
        "geometry": {"kind": "square", "side": 1},
        "priority": 7
    }));
    let priority = shape.priority.unwrap();
    assert!(matches!(priority, Priority::Unknown(_)));
    assert_eq!(priority.as_i64(), 7);
    assert_eq!(priority.to_string(), "7");

    // A string is not an integer enum value.
    let wrong = serde_json::from_value::<Shape>(json!({
        "id": "s3",
        "geometry": {"kind": "square", "side": 1},
        "priority": "2"
    }));
    assert!(wrong.is_err());
}

#[test]
fn named_lists_and_maps_are_aliases_and_a_list_of_itself_is_a_newtype() {
    let shape: Shape = round_trip(json!({
        "id": "s1",
        "geometry": {"kind": "square", "side": 1},
        "tags": ["red", "round"],
        "outline": [[], [[]]],
        "scores": {"ann": 3, "bo": -1}
    }));
    // `TagList` and `Scores` are plain aliases: the list and map themselves.
    let tags: &TagList = shape.tags.as_ref().unwrap();
    assert_eq!(tags, &vec!["red".to_owned(), "round".to_owned()]);
    let scores: &Scores = shape.scores.as_ref().unwrap();
    assert_eq!(scores["bo"], -1);
    // `Outline` contains itself, so it is a newtype around a list of outlines.
    let outline: &Outline = shape.outline.as_ref().unwrap();
    assert_eq!(outline.0.len(), 2);
    assert_eq!(outline.0[1], Outline(vec![Outline(Vec::new())]));
}

#[test]
fn an_untagged_variant_that_would_drop_members_loses_to_one_that_keeps_them() {
    // `ScheduledTrigger` comes first and reads any object (its required member is nullable);
    // it would read this event trigger as `{"frequency": null}`, dropping both members.
    match round_trip::<ShapeTrigger>(json!({"id": "x", "formDefinitionId": "y"})) {
        ShapeTrigger::EventTrigger(event) => {
            assert_eq!(event.id, "x");
            assert_eq!(event.form_definition_id.as_deref(), Some("y"));
        }
        other => panic!("read as {other:?}"),
    }
    assert!(matches!(
        round_trip::<ShapeTrigger>(json!({"frequency": "daily"})),
        ShapeTrigger::ScheduledTrigger(_)
    ));
    // Members of both variants: no variant reads it whole, so it is an error, not a loss.
    let mixed = json!({"frequency": "daily", "formDefinitionId": "y"});
    let error = serde_json::from_value::<ShapeTrigger>(mixed).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no variant reads this value whole"),
        "{error}"
    );
}

#[test]
fn an_all_of_of_scalars_is_that_scalar() {
    let shape: Shape = round_trip(json!({
        "id": "s1", "geometry": {"kind": "square", "side": 3}, "version": "7.17"
    }));
    assert_eq!(shape.version.as_deref(), Some("7.17"));
}

#[test]
fn null_items_and_null_map_values_are_kept() {
    let shape: Shape = round_trip(json!({
        "id": "s1", "geometry": {"kind": "square", "side": 3},
        "notes": ["a", null], "weights": {"x": 0.5, "y": null}
    }));
    assert_eq!(shape.notes, Some(vec![Some("a".to_owned()), None]));
    let weights = shape.weights.unwrap();
    assert_eq!(weights.get("y"), Some(&None));
}

#[test]
fn an_explicit_null_survives_a_round_trip() {
    // `color` is optional and nullable: `null` and absent are told apart, both ways.
    let shape: Shape = round_trip(json!({
        "id": "s1", "geometry": {"kind": "square", "side": 3}, "color": null
    }));
    assert_eq!(shape.color, Some(None));
    let absent: Shape = round_trip(json!({"id": "s1", "geometry": {"kind": "square", "side": 3}}));
    assert_eq!(absent.color, None);
}

#[test]
fn secrets_reached_through_refs_list_items_and_scalar_all_of_never_show_in_debug() {
    let mut input = ShapeInput::new()
        .with_unlock_code("unlock-SECRET")
        .with_recovery_codes(vec!["recovery-SECRET".to_owned()])
        .with_pin("pin-SECRET")
        .with_note("visible note");
    input.name = Some("visible name".to_owned());
    input.credential = Some(ShapeInputCredential::String("credential-SECRET".to_owned()));
    let debug = format!("{input:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(
        debug.contains("visible note") && debug.contains("<redacted>"),
        "{debug}"
    );
    // The secrets still travel.
    let json = serde_json::to_value(&input).unwrap();
    assert_eq!(json["pin"], "pin-SECRET");
    assert_eq!(json["recoveryCodes"][0], "recovery-SECRET");
}

#[test]
fn a_discriminator_without_mapping_takes_the_tag_each_variant_allows() {
    // The variants are `Dog.yaml` and `Cat.yaml`, whose `type` allows only `dog` and `cat`:
    // real data carries those, not the schema names `Dog` and `Cat`.
    assert!(matches!(
        round_trip::<ShapeMascot>(json!({"type": "dog", "barks": true})),
        ShapeMascot::Dog(_)
    ));
    assert!(matches!(
        round_trip::<ShapeMascot>(json!({"type": "cat", "lives": 9})),
        ShapeMascot::Cat(_)
    ));
    // A variant whose tag property allows several values is selected by each (OpenAI's
    // `type: web_search | web_search_2025_08_26`).
    assert!(matches!(
        round_trip::<ShapeMascot>(json!({"type": "kitten", "lives": 9})),
        ShapeMascot::Cat(_)
    ));
    // The schema name, OpenAPI's default, still selects its variant.
    assert!(matches!(
        serde_json::from_value::<ShapeMascot>(json!({"type": "Dog"})).unwrap(),
        ShapeMascot::Dog(_)
    ));
}

#[test]
fn models_travel_in_a_format_that_is_not_self_describing() {
    let circle = Circle::new("circle", 2.5);
    let bytes = bincode::serialize(&circle).unwrap();
    assert_eq!(bincode::deserialize::<Circle>(&bytes).unwrap(), circle);
    let mut input = ShapeInput::new().with_note("n").with_pin("1234");
    input.name = Some("wheel".to_owned());
    let bytes = bincode::serialize(&input).unwrap();
    let back: ShapeInput = bincode::deserialize(&bytes).unwrap();
    assert_eq!(back.name.as_deref(), Some("wheel"));
    assert_eq!(back.note, Some(Some("n".to_owned())));
}

#[test]
fn an_untagged_variant_is_chosen_by_the_value_its_own_enum_allows() {
    // Both variants read `{"type": 2}` (`type` is the open `ActionType`); the second alone
    // allows 2. Before pins the first won.
    match round_trip::<ShapeActionsItem>(json!({"type": 2})) {
        ShapeActionsItem::AlertAction(alert) => assert_eq!(alert.type_, ActionType::V2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        round_trip::<ShapeActionsItem>(json!({"type": 1})),
        ShapeActionsItem::BlockAction(_)
    ));
    // The nested `metadata` member decides when `type` is a value neither variant allows.
    match round_trip::<ShapeActionsItem>(json!({"type": 7, "metadata": {"channelId": "c"}})) {
        ShapeActionsItem::AlertAction(alert) => {
            assert_eq!(alert.metadata.unwrap().channel_id.as_deref(), Some("c"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_untagged_variant_that_would_drop_a_nested_member_loses_or_is_an_error() {
    // `BlockAction` reads this too, and drops `metadata.channelId` without an error of its
    // own; the value keeps it, or reading fails, never a quiet loss.
    let mixed = json!({"type": 7, "metadata": {"channelId": "c", "customMessage": "m"}});
    let error = serde_json::from_value::<ShapeActionsItem>(mixed).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no variant reads this value whole"),
        "{error}"
    );
    // A nested member no variant knows (added upstream) is skipped, as a struct skips it.
    assert!(matches!(
        serde_json::from_value::<ShapeActionsItem>(json!({"type": 1, "metadata": {"new": 1}}))
            .unwrap(),
        ShapeActionsItem::BlockAction(_)
    ));
}

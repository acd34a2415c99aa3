//! `names.lock` reads back what it wrote, and a bad line is an error naming its line.

use std::path::Path;

use super::NamesLock;
use crate::ir::RenamedOperation;
use crate::Options;

fn constructs() -> NamesLock {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs/openapi.yaml");
    let (api, _) = crate::lower(&root, &Options::default()).expect("the constructs fixture lowers");
    NamesLock::of(&api)
}

#[test]
fn a_lowered_api_reads_back_equal() {
    let mut lock = constructs();
    // The parts the fixture has none of: aliases kept from renames, a deprecation, odd text,
    // a constant header.
    let (_, operation) = lock.operations.iter_mut().next().expect("operations");
    operation.deprecated = true;
    operation.tag = "Tag with \"quotes\" and = signs".to_owned();
    operation.renamed_from = vec![
        RenamedOperation {
            operation_id: "oldest Id".to_owned(),
            rust_name: "oldest_id".to_owned(),
            type_prefix: "OldestId".to_owned(),
        },
        RenamedOperation {
            operation_id: "older".to_owned(),
            rust_name: "older".to_owned(),
            type_prefix: "Older".to_owned(),
        },
    ];
    operation
        .constant_headers
        .insert("X-Opt-In".to_owned(), "yes please".to_owned());
    let text = lock.render();
    let parsed =
        NamesLock::parse(&text, "names.lock").unwrap_or_else(|error| panic!("{error}\n{text}"));
    assert_eq!(parsed, lock);
    assert_eq!(parsed.render(), text, "rendering is stable");
    for kind in [
        "format 2",
        "tag ",
        "type ",
        "field ",
        "value ",
        "variant ",
        "operation ",
        "parameter ",
        "body ",
        "status ",
        "constant ",
        "renamed ",
    ] {
        assert!(
            text.lines().any(|line| line.starts_with(kind)),
            "no `{kind}` line:\n{text}"
        );
    }
}

#[test]
fn bad_lines_are_errors_with_file_and_line() {
    let good = "# comment\n\ntag Shapes module=shapes struct=ShapesApi\ntype shapes.yaml# name=Shape module=shape kind=struct\n";
    NamesLock::parse(good, "x/names.lock").expect("valid");
    for (line, expected) in [
        ("nonsense here", "unknown line kind `nonsense`"),
        (
            "type shapes.yaml name=Other module=other kind=struct",
            "not FILE#POINTER",
        ),
        (
            "type other.yaml# name=Bad-Name module=bad kind=struct",
            "not a Rust identifier",
        ),
        (
            "type other.yaml# name=type module=type_ kind=struct",
            "not a Rust identifier",
        ),
        (
            "type other.yaml# name=Other module=other kind=table",
            "unknown type kind",
        ),
        (
            "type shapes.yaml# name=Again module=again kind=struct",
            "already listed",
        ),
        (
            "field missing.yaml# id required rust=id type=String",
            "no `type` line",
        ),
        (
            "field shapes.yaml# id maybe rust=id type=String",
            "`required` or `optional`",
        ),
        (
            "value shapes.yaml# A rust=A",
            "a `value` line for a type of kind `struct`",
        ),
        (
            "operation FETCH /x id=x method=x prefix=X tag=T source=a#/b",
            "not an HTTP method",
        ),
        (
            "operation GET /x id=x method=x prefix=X tag=T source=a#/b hidden",
            "expected `deprecated`",
        ),
        (
            "parameter GET /x query q optional rust=q type=String",
            "no `operation` line",
        ),
        ("tag \"open", "does not end"),
        ("tag T module=t struct=TApi module=u", "given twice"),
        ("tag T module=t", "needs `struct=`"),
        ("tag T module=t struct=TApi colour=red", "no `colour=`"),
        ("format 3", "not one this generator reads"),
        (
            "field shapes.yaml# id optional writable rust=id type=String",
            "expected `read-only`",
        ),
        (
            "field shapes.yaml# id required rust=id type=String new=first",
            "not an argument position",
        ),
        (
            "type other.yaml# name=Other module=other kind=enum repr=float",
            "not string or integer",
        ),
        (
            "type other.yaml# name=Other module=other kind=struct used=sideways",
            "not request, response or both",
        ),
    ] {
        let text = format!("{good}{line}\n");
        let error = NamesLock::parse(&text, "x/names.lock")
            .expect_err(line)
            .to_string();
        assert!(error.starts_with("x/names.lock:5: "), "{line}: {error}");
        assert!(error.contains(expected), "{line}: {error}");
    }
}

#[test]
fn the_constructs_lock_records_the_surface_format_1_did_not() {
    let text = constructs().render();
    for expected in [
        "format 2\n",
        // An integer enum, a oneOf with a discriminator, the directions types travel in.
        "name=Priority module=priority kind=enum repr=integer used=response",
        "name=Geometry module=geometry kind=oneof tag=kind used=response",
        "name=ShapeInput module=shape_input kind=struct used=request",
        // A read-only field, argument positions of `new` and of a method.
        "id optional read-only rust=id type=String",
        "radius required rust=radius type=f64 new=1",
        "path tag required rust=tag_path type=String arg=0",
        // What `send()` gives, and the catch-all error variant.
        "returns=CreateShapeSuccess",
        "default error shape=\"Other { body: Problem, status: u16 }\"",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
}

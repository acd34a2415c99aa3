//! What `compare` says about locks no spec pair in `tests/fixtures/changes` produces: a lock
//! of an older format, and arguments a regeneration could not keep in their order.

use super::{compare, Bump, Kind};
use crate::surface::NamesLock;

const HEAD: &str = "tag Pets module=pets struct=PetsApi\n\
    type p.yaml# name=Pet module=pet kind=struct\n\
    field p.yaml# id required rust=id type=String\n\
    field p.yaml# name required rust=name type=String\n\
    type s.yaml# name=Size module=size kind=enum\n\
    value s.yaml# 1 rust=V1\n\
    operation GET /a/{x}/b/{y} id=get method=get prefix=Get tag=Pets source=o.yaml#/get\n\
    parameter GET /a/{x}/b/{y} path x required rust=x type=String\n\
    parameter GET /a/{x}/b/{y} path y required rust=y type=String\n";

fn lock(text: &str) -> NamesLock {
    NamesLock::parse(text, "names.lock").unwrap_or_else(|error| panic!("{error}\n{text}"))
}

#[test]
fn what_an_older_lock_does_not_record_is_not_a_change() {
    let old = lock(HEAD);
    assert_eq!(old.format, 1);
    let new = lock(&format!(
        "format 2\n{}",
        HEAD.replace("kind=enum", "kind=enum repr=integer used=response")
            .replace("rust=x type=String", "rust=x type=String arg=1")
            .replace("rust=y type=String", "rust=y type=String arg=0")
            .replace("source=o.yaml#/get", "source=o.yaml#/get returns=Pet")
            + "status GET /a/{x}/b/{y} 200 success shape=Ok(Pet)\n\
               constant GET /a/{x}/b/{y} X-Flag value=true\n"
    ));
    let changes = compare(&old, &new);
    assert!(changes.is_empty(), "{:?}", changes.entries);
    // Against a lock of its own format, the same differences are changes.
    let changes = compare(&new.recorded_by(1), &new);
    assert!(changes.is_empty(), "{:?}", changes.entries);
    let full_old = lock(&format!(
        "format 2\n{}",
        HEAD.replace("rust=x type=String", "rust=x type=String arg=0")
            .replace("rust=y type=String", "rust=y type=String arg=1")
            .replace("source=o.yaml#/get", "source=o.yaml#/get returns=Pet")
    ));
    let kinds: Vec<Kind> = compare(&full_old, &new)
        .entries
        .iter()
        .map(|change| change.kind)
        .collect();
    assert!(kinds.contains(&Kind::EnumReprChanged), "{kinds:?}");
    assert!(kinds.contains(&Kind::ArgumentsReordered), "{kinds:?}");
    assert!(kinds.contains(&Kind::ConstantHeaderAdded), "{kinds:?}");
    assert!(kinds.contains(&Kind::StatusAdded), "{kinds:?}");
}

#[test]
fn arguments_in_another_order_are_a_major_change() {
    let old = lock(&format!(
        "format 2\n{}",
        HEAD.replace("rust=id type=String", "rust=id type=String new=0")
            .replace("rust=name type=String", "rust=name type=String new=1")
    ));
    let new = lock(&format!(
        "format 2\n{}",
        HEAD.replace("rust=id type=String", "rust=id type=String new=1")
            .replace("rust=name type=String", "rust=name type=String new=0")
    ));
    let changes = compare(&old, &new);
    assert_eq!(changes.bump(), Bump::Major);
    assert_eq!(changes.entries.len(), 1, "{:?}", changes.entries);
    assert_eq!(
        changes.entries[0].message,
        "the arguments of `Pet::new` are reordered: (`id`, `name`) became (`name`, `id`); \
         calls still compile and fill other fields"
    );
}

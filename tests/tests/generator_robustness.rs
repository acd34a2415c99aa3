//! The generator never panics on input: thousands of deterministic mutations of real specs
//! (a value replaced by the wrong type, a dangling or self `$ref`, an emptied member) must each
//! either generate or fail with an error that names a file.
//!
//! A panic fails the test through `catch_unwind`; a stack overflow aborts the test binary, which
//! fails it too.

use std::path::{Path, PathBuf};

use codegen::{Options, Spec};
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every YAML file under `folder`, parsed, named relative to it; `root` first.
fn spec_files(folder: &Path, root: &str) -> Vec<(String, Value)> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "yaml") {
                let name = path
                    .strip_prefix(folder)
                    .expect("under the folder")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("readable file");
                let value = codegen::parse_yaml(&text).expect("the unmutated spec parses");
                files.push((name, value));
            }
        }
    }
    files.sort_by(|a, b| (a.0 != root, &a.0).cmp(&(b.0 != root, &b.0)));
    assert_eq!(files[0].0, root, "the root file is in {}", folder.display());
    files
}

/// JSON pointers of every node in `value` (the whole document excluded).
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(members) => members
            .iter()
            .map(|(key, child)| (key.replace('~', "~0").replace('/', "~1"), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, child)| (index.to_string(), child))
            .collect(),
        _ => Vec::new(),
    };
    for (segment, child) in children {
        let pointer = format!("{prefix}/{segment}");
        out.push(pointer.clone());
        pointers(child, pointer, out);
    }
}

/// A small deterministic generator (xorshift64*), so every run tries the same mutations.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value % bound as u64) as usize
    }
}

/// What a mutated node is replaced with.
fn replacement(choice: usize, file: &str, pointer: &str) -> Value {
    match choice {
        0 => Value::Null,
        1 => json!(7),
        2 => json!("text"),
        3 => json!([]),
        4 => json!({}),
        5 => json!({"$ref": "#/nowhere"}),
        // A `$ref` to the node itself, or to the document it is in.
        6 => json!({"$ref": format!("#{pointer}")}),
        7 => json!({"$ref": format!("./{file}")}),
        8 => json!({"allOf": [{"$ref": format!("#{pointer}")}]}),
        _ => json!({"type": "array", "items": {"$ref": format!("#{pointer}")}}),
    }
}

fn mutate_and_generate(name: &str, folder: &Path, root: &str, mutations: usize, seed: u64) {
    let files = spec_files(folder, root);
    let mut targets: Vec<(usize, String)> = Vec::new();
    for (index, (_, value)) in files.iter().enumerate() {
        let mut found = Vec::new();
        pointers(value, String::new(), &mut found);
        targets.extend(found.into_iter().map(|pointer| (index, pointer)));
    }
    let mut rng = Rng(seed);
    let (mut generated, mut refused) = (0, 0);
    for _ in 0..mutations {
        let (file_index, pointer) = &targets[rng.below(targets.len())];
        let mut mutated = files.clone();
        let file_name = mutated[*file_index].0.clone();
        let choice = rng.below(10);
        let node = mutated[*file_index]
            .1
            .pointer_mut(pointer)
            .expect("the pointer was taken from this file");
        *node = replacement(choice, &file_name, pointer);
        let outcome = std::panic::catch_unwind(|| {
            Spec::from_values(mutated)
                .and_then(|spec| codegen::generate_from(&spec, &Options::default()))
        });
        match outcome {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(error)) => {
                refused += 1;
                // Every refusal names a place in the spec. An error without one
                // (`Error::Format`: the generator wrote Rust that does not parse) is a bug in
                // the generator, never a fair answer to a bad spec.
                let location = error.location().unwrap_or_else(|| {
                    panic!(
                        "{name}: replacing {file_name}#{pointer} made the generator fail without a location: {error}"
                    )
                });
                assert!(!location.file.is_empty(), "{name}: {error}");
            }
            Err(_) => panic!(
                "{name}: the generator panicked after replacing {file_name}#{pointer} with {}",
                replacement(choice, &file_name, pointer)
            ),
        }
    }
    // Both outcomes must occur, or the mutations are not exercising anything.
    assert!(
        generated > 0 && refused > 0,
        "{name}: {generated} generated, {refused} refused"
    );
}

#[test]
fn mutations_of_the_vendored_spec_never_panic() {
    mutate_and_generate(
        "spec",
        &workspace().join("spec"),
        "sailpoint-api.beta.yaml",
        600,
        0x5EED_0001,
    );
}

#[test]
fn mutations_of_the_constructs_fixture_never_panic() {
    mutate_and_generate(
        "constructs",
        &workspace().join("tests/fixtures/constructs"),
        "openapi.yaml",
        600,
        0x5EED_0002,
    );
}

/// A one-operation spec whose `components.schemas` are `schemas`, loaded.
fn spec_with_schemas(
    path: &str,
    schemas: serde_json::Map<String, Value>,
) -> Result<Spec, codegen::Error> {
    let root = json!({
        "openapi": "3.0.1",
        "info": {"title": "Chain", "version": "1"},
        "paths": {
            path: {
                "get": {
                    "operationId": "getChain",
                    "tags": ["Chain"],
                    "responses": {"200": {
                        "description": "The head of the chain.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
                    }}
                }
            }
        },
        "components": {"schemas": schemas}
    });
    Spec::from_values(vec![("openapi.yaml".to_owned(), root)])
}

/// Finding: lowering followed `$ref` chains by recursion, so a long enough chain overflowed
/// the stack (an abort, not an error). Run on a thread with a small stack, as a user's tool
/// might: a chain of 20,000 schemas must end in an error naming file and pointer.
/// Finding, later: bounding the depth was not enough once a level's frames grew (200 levels
/// of about 11 KiB overflowed a 2 MiB thread in a debug build), so lowering now grows its
/// stack on the heap and even a 512 KiB thread holds.
#[test]
fn a_very_long_ref_chain_is_an_error_not_a_stack_overflow() {
    const LENGTH: usize = 20_000;
    let outcome = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let mut by_property = serde_json::Map::new();
            let mut by_alias = serde_json::Map::new();
            for index in 0..LENGTH {
                let next = json!({"$ref": format!("#/components/schemas/S{}", index + 1)});
                by_property.insert(
                    format!("S{index}"),
                    json!({"type": "object", "properties": {"next": next}}),
                );
                by_alias.insert(format!("S{index}"), next);
            }
            by_property.insert(format!("S{LENGTH}"), json!({"type": "string"}));
            by_alias.insert(format!("S{LENGTH}"), json!({"type": "string"}));
            [by_property, by_alias].map(|schemas| {
                spec_with_schemas("/chain", schemas)
                    .and_then(|spec| codegen::generate_from(&spec, &Options::default()))
                    .map(|generated| generated.api.types.len())
                    .map_err(|error| error.to_string())
            })
        })
        .expect("the thread starts")
        .join()
        .expect("no panic");
    for result in outcome {
        let error = result.expect_err("a 20,000-deep chain is refused");
        assert!(error.contains("openapi.yaml#/"), "{error}");
        assert!(error.contains("deep"), "{error}");
    }
}

/// Finding: a literal `}` (or `{`) in a path outside a parameter was copied into a `format!`
/// string as it was, and the generated crate did not compile.
#[test]
fn literal_braces_in_a_path_are_escaped_in_the_format_string() {
    let mut schemas = serde_json::Map::new();
    schemas.insert("S0".to_owned(), json!({"type": "string"}));
    let root = json!({
        "openapi": "3.0.1",
        "info": {"title": "Braces", "version": "1"},
        "paths": {
            "/odd}name/{id}/x}": {
                "get": {
                    "operationId": "getOdd",
                    "tags": ["Odd"],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Done."}}
                }
            }
        },
        "components": {"schemas": schemas}
    });
    let spec = Spec::from_values(vec![("openapi.yaml".to_owned(), root)]).unwrap();
    let generated = codegen::generate_from(&spec, &Options::default()).expect("generates");
    let api = generated
        .files
        .iter()
        .find(|file| file.path == "src/apis/odd.rs")
        .expect("the API file");
    assert!(
        api.contents
            .contains(r#"format!("/odd}}name/{}/x}}", encode_path_segment(id))"#),
        "{}",
        api.contents
    );
}

//! Reading a spec: the root file and every file reachable through relative `$ref`s.
//!
//! This is the only module that touches the file system. Everything after it works on the
//! [`Spec`] in memory, so generation is a pure function of the loaded files.

mod reference;
mod yaml;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{push_segment, Diagnostics, Error, Location, WarningKind};

pub(crate) use reference::Reference;

/// Parses one YAML document into a JSON value (duplicate keys: the last one wins).
pub(crate) fn parse_yaml(text: &str) -> Result<Value, String> {
    yaml::parse(text).map(|parsed| parsed.value)
}

/// Every file of a spec, parsed, keyed by its path relative to the root file's folder.
#[derive(Debug)]
pub struct Spec {
    root_file: String,
    files: BTreeMap<String, Value>,
}

/// Where to stop following a `$ref` chain; a longer chain is a mistake (or hostile), and
/// refusing it keeps the work per reference bounded.
pub(crate) const MAX_REF_CHAIN: usize = 64;

impl Spec {
    /// Reads `root` and every file it reaches. Duplicate YAML keys become warnings.
    pub(crate) fn load(root: &Path, diagnostics: &mut Diagnostics) -> Result<Spec, Error> {
        let base_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
        let root_file = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = BTreeMap::new();
        // Where each file holds a `$ref`, kept for `check_references`.
        let mut references_by_file = BTreeMap::new();
        // Breadth first, one level of references at a time, each level's files read and
        // parsed on every core; results are taken in queue order, so errors and warnings come
        // in the same order as from a one-file-at-a-time walk.
        let mut level = vec![(root_file.clone(), Location::new(&root_file, ""))];
        while !level.is_empty() {
            let mut seen = std::collections::HashSet::new();
            level.retain(|(file, _)| !files.contains_key(file) && seen.insert(file.clone()));
            let loaded = crate::parallel::map(&level, |(file, referenced_from)| {
                let parsed = read_file(&base_dir, file, referenced_from)?;
                let mut references = Vec::new();
                collect_references(&parsed.value, file, &mut references);
                Ok((parsed, references))
            });
            let mut next = Vec::new();
            for ((file, _), result) in level.into_iter().zip(loaded) {
                let (parsed, references) = result?;
                for duplicate in parsed.duplicates {
                    diagnostics.warn(
                        WarningKind::DuplicateKey,
                        &Location::new(&file, duplicate.pointer),
                        "key appears twice in one mapping; the later value is used",
                    )?;
                }
                for wide in parsed.wide_numbers {
                    diagnostics.warn(
                        WarningKind::Approximated,
                        &Location::new(&file, wide.pointer),
                        format!(
                            "the integer {} does not fit 64 bits; it is read as the nearest double",
                            wide.text
                        ),
                    )?;
                }
                let mut locations = Vec::with_capacity(references.len());
                for (location, text) in references {
                    let reference = Reference::parse(&text, &location)?;
                    if let Some(target) = reference.target_file(&file) {
                        if !files.contains_key(&target) {
                            next.push((target, location.clone()));
                        }
                    }
                    locations.push(location);
                }
                references_by_file.insert(file.clone(), locations);
                files.insert(file, parsed.value);
            }
            level = next;
        }
        let spec = Spec { root_file, files };
        spec.check_references(&references_by_file)?;
        Ok(spec)
    }

    /// Builds a spec from in-memory files (tests, fuzzing); the first file is the root.
    pub fn from_values(files: Vec<(String, Value)>) -> Result<Spec, Error> {
        let root_file = files
            .first()
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
        let spec = Spec {
            root_file,
            files: files.into_iter().collect(),
        };
        let references_by_file = spec
            .files
            .iter()
            .map(|(file, value)| {
                let mut references = Vec::new();
                collect_references(value, file, &mut references);
                let locations = references.into_iter().map(|(location, _)| location);
                (file.clone(), locations.collect())
            })
            .collect();
        spec.check_references(&references_by_file)?;
        Ok(spec)
    }

    /// The root document.
    pub(crate) fn root(&self) -> Location {
        Location::new(&self.root_file, "")
    }

    /// The value at a location, if there is one.
    pub(crate) fn get(&self, location: &Location) -> Option<&Value> {
        self.files.get(&location.file)?.pointer(&location.pointer)
    }

    /// Follows `$ref`s from the value at `location` until a value without one.
    ///
    /// Returns the final location and value. Keys beside a `$ref` are not merged here; callers
    /// that care about them (schemas: `nullable`, `description`) read them at each hop.
    pub(crate) fn resolve<'a>(
        &'a self,
        location: &Location,
        value: &'a Value,
    ) -> Result<(Location, &'a Value), Error> {
        let mut current = (location.clone(), value);
        let mut chain = vec![location.to_string()];
        while let Some(text) = ref_of(current.1) {
            let target = Reference::parse(text, &current.0)?.resolve(&current.0);
            if chain.contains(&target.to_string()) {
                chain.push(target.to_string());
                return Err(Error::RefCycle {
                    location: location.clone(),
                    chain: chain.join(" -> "),
                });
            }
            if chain.len() > MAX_REF_CHAIN {
                return Err(ref_chain_too_deep(location));
            }
            chain.push(target.to_string());
            let next = self.get(&target).ok_or_else(|| Error::DanglingRef {
                location: current.0.clone(),
                reference: text.to_owned(),
                message: format!("nothing at {target}"),
            })?;
            current = (target, next);
        }
        Ok(current)
    }

    /// The value at a location, following `$ref`s.
    pub(crate) fn get_resolved(&self, location: &Location) -> Result<(Location, &Value), Error> {
        let value = self
            .get(location)
            .ok_or_else(|| Error::invalid(location, "expected a value here"))?;
        self.resolve(location, value)
    }

    /// The root document, as read (for tools that look at the spec without the generator's
    /// reading of it).
    pub fn root_document(&self) -> &Value {
        static NOTHING: Value = Value::Null;
        self.files.get(&self.root_file).unwrap_or(&NOTHING)
    }

    /// Every file that was read, in a stable order.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Fails on the first `$ref` that points to nothing or loops, so mistakes surface even in
    /// parts of the spec that generation does not reach. `references` holds, per file, the
    /// objects that have a `$ref`.
    ///
    /// Files are checked on every core; the first error in file order is returned.
    fn check_references(&self, references: &BTreeMap<String, Vec<Location>>) -> Result<(), Error> {
        let files: Vec<&Vec<Location>> = references.values().collect();
        let checked = crate::parallel::map(&files, |locations| {
            for location in locations.iter() {
                let value = self.get(location).unwrap_or(&Value::Null);
                self.resolve(location, value)?;
            }
            Ok(())
        });
        checked.into_iter().collect()
    }
}

/// The `$ref` string of an object, if it has one.
pub(crate) fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

fn read_file(
    base_dir: &Path,
    file: &str,
    referenced_from: &Location,
) -> Result<yaml::ParsedYaml, Error> {
    let path = base_dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|error| Error::Read {
        location: if file == referenced_from.file {
            Location::new(file, "")
        } else {
            referenced_from.clone()
        },
        message: format!("{file}: {error}"),
    })?;
    yaml::parse(&text).map_err(|message| Error::Parse {
        location: Location::new(file, ""),
        message,
    })
}

/// Members whose values are data, never references, whatever keys they hold: an `example` may
/// well show a JSON document with a `$ref` in it. `x-` extensions are data too.
fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Members whose keys are names the spec chose, not keywords: a property may be called
/// `default`, and `responses` has a `default` response, both of which hold references.
fn names_members(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "dependentSchemas"
            | "$defs"
            | "definitions"
            | "paths"
            | "webhooks"
            | "pathItems"
            | "responses"
            | "schemas"
            | "parameters"
            | "headers"
            | "requestBodies"
            | "securitySchemes"
            | "links"
            | "callbacks"
            | "content"
            | "encoding"
            | "variables"
            | "mapping"
    )
}

/// Every `$ref` string in a document, with the location of the object holding it; what lies
/// under a member that holds data ([`holds_data`], unless it is a name, [`names_members`]) is
/// not searched.
fn collect_references(value: &Value, file: &str, out: &mut Vec<(Location, String)>) {
    // One pointer, grown and cut back on the way down and up: a `Location` is made only for
    // the objects that hold a `$ref`, not for every node of the document.
    fn walk(
        value: &Value,
        names: bool,
        pointer: &mut String,
        file: &str,
        out: &mut Vec<(Location, String)>,
    ) {
        match value {
            Value::Object(map) => {
                if !names {
                    if let Some(Value::String(text)) = map.get("$ref") {
                        out.push((Location::new(file, pointer.as_str()), text.clone()));
                    }
                }
                for (key, child) in map {
                    if names || (key != "$ref" && !holds_data(key)) {
                        descend(key, child, !names && names_members(key), pointer, file, out);
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    descend(&index.to_string(), child, false, pointer, file, out);
                }
            }
            _ => {}
        }
    }
    fn descend(
        segment: &str,
        child: &Value,
        names: bool,
        pointer: &mut String,
        file: &str,
        out: &mut Vec<(Location, String)>,
    ) {
        if child.is_object() || child.is_array() {
            let length = pointer.len();
            push_segment(pointer, segment);
            walk(child, names, pointer, file, out);
            pointer.truncate(length);
        }
    }
    walk(value, false, &mut String::new(), file, out);
}

/// The error for a `$ref` chain longer than [`MAX_REF_CHAIN`] (the same wherever chains are
/// followed).
pub(crate) fn ref_chain_too_deep(location: &Location) -> Error {
    Error::unsupported(
        location,
        format!("a `$ref` chain more than {MAX_REF_CHAIN} deep, too deep to follow"),
    )
}

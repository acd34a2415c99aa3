//! `xtask bench-scaling`: generation time of synthetic specs of growing size, to show that no
//! step grows quadratically with the number of schemas or operations. Each size doubles the
//! one before; for linear work the time roughly doubles too.

use std::time::{Duration, Instant};

use anyhow::Result;

/// Schemas (and operations) in the smallest spec; each step doubles it.
const SMALLEST: usize = 250;
const STEPS: usize = 5;

pub(crate) fn run() -> Result<()> {
    let mut previous: Option<Duration> = None;
    for step in 0..STEPS {
        let size = SMALLEST << step;
        let value = codegen::parse_yaml(&synthetic_spec(size)).map_err(anyhow::Error::msg)?;
        let spec = codegen::Spec::from_values(vec![("synthetic.json".to_owned(), value)])?;
        // The best of three, since a run on a busy machine can only be slowed down.
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let started = Instant::now();
            let generated = codegen::generate_from(&spec, &codegen::Options::default())?;
            best = best.min(started.elapsed());
            assert_eq!(generated.api.operations.len(), size);
        }
        let growth = previous.map_or_else(String::new, |previous| {
            format!(
                "; x{:.2} for twice the size",
                best.as_secs_f64() / previous.as_secs_f64()
            )
        });
        println!(
            "{size:>5} schemas + {size:>5} operations: {:>7.1} ms ({:.1} µs per schema){growth}",
            best.as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e6 / size as f64
        );
        previous = Some(best);
    }
    Ok(())
}

/// A spec with `size` schemas (each with an enum, a list, a map and a reference to the one
/// before it) and `size` list operations over `size / 10` tags.
fn synthetic_spec(size: usize) -> String {
    let schemas: Vec<String> = (0..size)
        .map(|index| {
            let previous = if index == 0 {
                r#"{"type": "string"}"#.to_owned()
            } else {
                format!(r##"{{"$ref": "#/components/schemas/Thing{}"}}"##, index - 1)
            };
            format!(
                r#""Thing{index}": {{"type": "object", "description": "Thing number {index}.", "required": ["id"], "properties": {{"id": {{"type": "string"}}, "state": {{"type": "string", "enum": ["A", "B", "C"]}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}, "extra": {{"type": "object", "additionalProperties": {{"type": "integer"}}}}, "previous": {previous}}}}}"#
            )
        })
        .collect();
    let paths: Vec<String> = (0..size)
        .map(|index| {
            format!(
                r##""/things{index}/{{id}}": {{"get": {{"operationId": "listThings{index}", "tags": ["Tag{}"], "parameters": [{{"in": "path", "name": "id", "required": true, "schema": {{"type": "string"}}}}, {{"in": "query", "name": "limit", "schema": {{"type": "integer"}}}}, {{"in": "query", "name": "offset", "schema": {{"type": "integer"}}}}], "responses": {{"200": {{"description": "The things.", "content": {{"application/json": {{"schema": {{"type": "array", "items": {{"$ref": "#/components/schemas/Thing{index}"}}}}}}}}}}, "404": {{"description": "None."}}}}}}}}"##,
                index % (size / 10).max(1)
            )
        })
        .collect();
    format!(
        r#"{{"openapi": "3.0.1", "info": {{"title": "Synthetic", "version": "1"}}, "servers": [{{"url": "https://example.test/v1"}}], "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
        paths.join(", "),
        schemas.join(", ")
    )
}

//! How decoding a generated model scales with the body: wide (many siblings) and deep (long
//! chains of nested models), each timed against parsing the same text into a
//! `serde_json::Value`, in the same run. `cargo xtask bench` runs it in release mode. A ratio
//! that stays flat as the body grows wider or deeper means decoding is linear in its size.

use std::time::{Duration, Instant};

use isc_runtime::__private::{fill, next_member, required};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A model as the generator writes them: required, optional and nested members.
#[allow(dead_code)] // Decoded, never read.
struct Node {
    id: String,
    size: Option<i64>,
    note: Option<String>,
    children: Vec<Node>,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a node")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let (mut id, mut size, mut note, mut children) = (None, None, None, None);
                while let Some(member) =
                    next_member(&mut map, &["id", "size", "note", "children"], None)?
                {
                    match member {
                        0 => fill(&mut map, &mut id, "id")?,
                        1 => fill(&mut map, &mut size, "size")?,
                        2 => fill(&mut map, &mut note, "note")?,
                        3 => fill(&mut map, &mut children, "children")?,
                        _ => {}
                    }
                }
                Ok(Node {
                    id: required(id, "id")?,
                    size: size.flatten(),
                    note: note.flatten(),
                    children: required(children, "children")?,
                })
            }
        }
        deserializer.deserialize_map(NodeVisitor)
    }
}

fn leaf(index: usize) -> String {
    format!(r#"{{"id":"n{index}","size":{index},"note":"a note","children":[]}}"#)
}

/// One root with `width` leaves.
fn wide(width: usize) -> String {
    let leaves: Vec<String> = (0..width).map(leaf).collect();
    format!(r#"{{"id":"root","children":[{}]}}"#, leaves.join(","))
}

/// A root with `chains` chains of `depth` nested nodes each.
fn deep(chains: usize, depth: usize) -> String {
    let chains: Vec<String> = (0..chains)
        .map(|chain| {
            let mut node = leaf(chain);
            for level in 0..depth {
                node = format!(r#"{{"id":"c{chain}l{level}","size":{level},"children":[{node}]}}"#);
            }
            node
        })
        .collect();
    format!(r#"{{"id":"root","children":[{}]}}"#, chains.join(","))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time of decoding `text` as a model and as a `Value`, alternating, over 7 runs.
fn time(text: &str) -> (Duration, Duration) {
    let (mut ours, mut values) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let start = Instant::now();
        let node: Node = serde_json::from_str(text).expect("decodes");
        ours.push(start.elapsed());
        drop(node);
        let start = Instant::now();
        let value: serde_json::Value = serde_json::from_str(text).expect("parses");
        values.push(start.elapsed());
        drop(value);
    }
    (median(ours), median(values))
}

fn main() {
    println!("| body | size | model | Value | model / Value |\n|---|---|---|---|---|");
    let bodies = [
        ("wide, 25,000 leaves".to_owned(), wide(25_000)),
        ("wide, 50,000 leaves".to_owned(), wide(50_000)),
        ("wide, 100,000 leaves".to_owned(), wide(100_000)),
        ("deep, 2,000 chains of 8".to_owned(), deep(2_000, 8)),
        ("deep, 500 chains of 32".to_owned(), deep(500, 32)),
        ("deep, 250 chains of 60".to_owned(), deep(250, 60)),
    ];
    for (name, text) in &bodies {
        let (ours, value) = time(text);
        println!(
            "| {name} | {} KB | {:.1} ms | {:.1} ms | {:.2} |",
            text.len() / 1024,
            ours.as_secs_f64() * 1e3,
            value.as_secs_f64() * 1e3,
            ours.as_secs_f64() / value.as_secs_f64()
        );
    }
}

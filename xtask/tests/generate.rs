//! `cargo xtask generate` and `isc-codegen generate` write the same bytes: the xtask is a thin
//! caller of `codegen::cli` (which `codegen/tests/cli.rs` compares with the `isc-codegen`
//! binary), and only its default runtime (this workspace's, by path) is its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn files(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, folder: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                files.insert(relative, std::fs::read(&path).expect("a readable file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(folder, folder, &mut files);
    files
}

#[test]
fn xtask_generate_writes_what_isc_codegen_generate_writes() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = workspace.join("tests/fixtures/constructs/openapi.yaml");
    let folder = std::env::temp_dir().join(format!("xtask-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let (by_xtask, by_cli) = (folder.join("xtask"), folder.join("cli"));

    // The xtask with its default runtime: this workspace's, by path.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--name", "constructs-copy", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&by_xtask)
        .output()
        .expect("the xtask runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // What the installed isc-codegen runs, told where that runtime is.
    let args: Vec<String> = [
        "--name",
        "constructs-copy",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &by_cli.display().to_string(),
        "--runtime-path",
        &workspace.join("runtime").display().to_string(),
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    codegen::cli::run_generate(&args, &codegen::cli::Tool::installed())
        .unwrap_or_else(|error| panic!("{error}"));

    let (xtask, cli) = (files(&by_xtask), files(&by_cli));
    assert!(xtask.len() > 20, "{} files", xtask.len());
    assert_eq!(
        xtask.keys().collect::<Vec<_>>(),
        cli.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &xtask {
        assert!(cli[path] == *contents, "{} differs", path.display());
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

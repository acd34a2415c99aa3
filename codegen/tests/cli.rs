//! The `isc-codegen` binary: the same bytes as the library function `cargo xtask generate`
//! calls, `check`, exit codes, help, and spec errors through the binary and `Generator`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::cli::Tool;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace")
}

fn beta_spec() -> String {
    workspace()
        .join("spec/sailpoint-api.beta.yaml")
        .display()
        .to_string()
}

fn runtime() -> String {
    workspace().join("runtime").display().to_string()
}

/// An empty folder of its own for each test.
fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("isc-codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

fn isc_codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isc-codegen"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("isc-codegen runs")
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `folder`, by its path relative to it.
fn tree(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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

fn generate_args<'a>(out: &'a str, lock: &'a str, runtime: &'a str, spec: &'a str) -> Vec<&'a str> {
    vec![
        "--spec",
        spec,
        "--out",
        out,
        "--name",
        "password-copy",
        "--runtime-path",
        runtime,
        "--names",
        lock,
    ]
}

#[test]
fn the_binary_and_the_library_function_xtask_calls_write_the_same_bytes() {
    let folder = scratch("same-bytes");
    let (spec, runtime) = (beta_spec(), runtime());
    let by_library = folder.join("library");
    let by_binary = folder.join("binary");
    let library_out = by_library.display().to_string();
    let library_lock = by_library.join("names.lock").display().to_string();
    codegen::cli::run_generate(
        &strings(&generate_args(&library_out, &library_lock, &runtime, &spec)),
        &Tool::installed(),
    )
    .unwrap_or_else(|error| panic!("{error}"));

    let binary_out = by_binary.display().to_string();
    let binary_lock = by_binary.join("names.lock").display().to_string();
    let mut args = vec!["generate"];
    args.extend(generate_args(&binary_out, &binary_lock, &runtime, &spec));
    let output = isc_codegen(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    // Progress on stderr: each stage, timed.
    let progress = stderr(&output);
    for stage in ["loaded ", "lowered ", "emitted ", "wrote "] {
        assert!(
            progress.lines().any(|line| line
                .starts_with(&format!("isc-codegen generate: {stage}"))
                && line.ends_with(" s")),
            "no {stage:?} line in:\n{progress}"
        );
    }

    let (library, binary) = (tree(&by_library), tree(&by_binary));
    assert!(library.len() > 20, "{} files", library.len());
    assert_eq!(
        library.keys().collect::<Vec<_>>(),
        binary.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &library {
        assert!(binary[path] == *contents, "{} differs", path.display());
    }
    let lib = String::from_utf8(library[Path::new("src/lib.rs")].clone()).unwrap();
    assert!(lib.starts_with(&format!("{}\n", codegen::STANDALONE_HEADER)));
    assert!(library.contains_key(Path::new("names.lock")));
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn check_passes_on_a_fresh_crate_and_lists_every_stale_file() {
    let folder = scratch("check");
    let (spec, runtime) = (beta_spec(), runtime());
    let out = folder.join("crate");
    let out_text = out.display().to_string();
    let generation = [
        "--spec",
        &spec,
        "--name",
        "checked",
        "--tag",
        "Password Management",
        "--runtime-path",
        &runtime,
    ];
    let mut generate = vec!["generate", "--out", &out_text];
    generate.extend(generation);
    let mut check = vec!["check", "--dir", &out_text];
    check.extend(generation);

    assert!(isc_codegen(&generate).status.success());
    let fresh = isc_codegen(&check);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    // A changed file, a missing one, and a generated file no longer produced.
    let api = out.join("src/apis/password_management.rs");
    std::fs::write(&api, "// @generated by hand\n").unwrap();
    std::fs::remove_file(out.join("docs/README.md")).ok();
    let leftover = out.join("src/models/leftover.rs");
    std::fs::write(&leftover, format!("{}\n", codegen::STANDALONE_HEADER)).unwrap();
    let own = out.join("src/own.rs");
    std::fs::write(&own, "// hand-written\n").unwrap();
    let stale = isc_codegen(&check);
    assert_eq!(stale.status.code(), Some(1));
    let message = stderr(&stale);
    assert!(message.contains("is stale"), "{message}");
    assert!(
        message.contains(&format!("\n  {}", api.display())),
        "{message}"
    );
    assert!(
        message.contains(&format!("\n  {}", leftover.display())),
        "{message}"
    );
    assert!(!message.contains("own.rs"), "{message}");
    assert!(leftover.exists(), "check writes and removes nothing");

    // Generating again repairs it: the leftover goes, the hand-written file stays.
    assert!(isc_codegen(&generate).status.success());
    assert!(!leftover.exists());
    assert!(own.exists());
    assert_eq!(isc_codegen(&check).status.code(), Some(0));
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn usage_errors_exit_2_and_say_what_is_missing() {
    let spec = beta_spec();
    let no_runtime = isc_codegen(&["generate", "--spec", &spec, "--out", "/nonexistent/x"]);
    assert_eq!(no_runtime.status.code(), Some(2));
    let message = stderr(&no_runtime);
    assert!(
        message.starts_with("error: isc-codegen generate needs --runtime-version X")
            && message.contains("--runtime-path DIR")
            && message.contains("no workspace"),
        "{message}"
    );
    for args in [
        &["generate", "--bogus"][..],
        &["diff", "--old", "a.yaml"],
        &["check", "--spec", "a.yaml"],
        &["frobnicate"],
        &[],
    ] {
        let output = isc_codegen(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).starts_with("error: "), "{args:?}");
    }
    let not_runtime = isc_codegen(&[
        "generate",
        "--spec",
        &spec,
        "--out",
        "/nonexistent/x",
        "--runtime-path",
        "/",
    ]);
    assert_eq!(not_runtime.status.code(), Some(2));
    assert!(stderr(&not_runtime).contains("has no Cargo.toml"));
}

#[test]
fn every_command_has_help_with_examples_and_exit_codes() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["check", "-h"],
        &["help", "diff"],
    ] {
        let output = isc_codegen(args);
        assert!(output.status.success(), "{args:?}");
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(
            help.contains("Exit codes:") && help.contains("  2  usage error"),
            "{help}"
        );
        assert!(help.contains("Example"), "{help}");
        assert!(help.contains("isc-codegen "), "{help}");
    }
}

#[test]
fn a_spec_error_exits_1_with_file_and_pointer() {
    let broken = workspace().join("tests/fixtures/broken/dangling.yaml");
    let output = isc_codegen(&[
        "generate",
        "--spec",
        &broken.display().to_string(),
        "--out",
        "/nonexistent/never-written",
        "--runtime-version",
        "0.1",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 1, "{message}");
    assert!(lines[0].starts_with("error: dangling.yaml#/"), "{message}");
    assert!(!message.to_lowercase().contains("backtrace"), "{message}");
}

#[test]
fn a_spec_error_through_generator_names_file_and_pointer() {
    let folder = scratch("generator-error");
    let broken = workspace().join("tests/fixtures/broken/dangling.yaml");
    let error = codegen::Generator::new(&broken)
        .cargo_instructions(false)
        .write_to(&folder)
        .expect_err("a dangling $ref is refused");
    let location = error.location().expect("the error has a place");
    assert_eq!(location.file, "dangling.yaml");
    assert!(location.pointer.starts_with('/'), "{location}");
    assert!(error.to_string().starts_with("dangling.yaml#/"), "{error}");
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "nothing written"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn generator_writes_one_file_and_rewrites_it_only_when_it_changes() {
    let folder = scratch("generator-write");
    let generator = codegen::Generator::new(workspace().join("spec/sailpoint-api.beta.yaml"))
        .tags(["Password Management"])
        .cargo_instructions(false);
    let path = generator.write_to(&folder).unwrap();
    assert_eq!(path, folder.join("sailpoint_api_beta.rs"));
    let written = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(generator.write_to(&folder).unwrap(), path);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        written
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    std::fs::remove_dir_all(&folder).unwrap();
}

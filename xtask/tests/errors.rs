//! How `cargo xtask` reports a failure: one clear line naming file and JSON pointer, and no
//! backtrace of the xtask itself, even where developers set `RUST_BACKTRACE=1`.

use std::process::Command;

#[test]
fn a_spec_error_is_one_line_with_file_and_pointer_and_no_backtrace() {
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/broken/dangling.yaml"
    );
    let out = std::env::temp_dir().join("xtask-errors-test");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", broken, "--out"])
        .arg(&out)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the xtask runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("error: cargo xtask generate failed: "),
        "{stderr}"
    );
    assert!(lines[0].contains("dangling.yaml#/"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("backtrace"), "{stderr}");
}

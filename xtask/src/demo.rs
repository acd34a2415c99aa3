//! `cargo xtask demo`: the newcomer's first run. The code is the `demo` example of `tests/`
//! (it needs the emulator, which the xtask does not depend on), so this only runs it.

use anyhow::Result;

use crate::codegen::workspace_root;
use crate::process::cargo;

pub(crate) fn run() -> Result<()> {
    cargo(
        &workspace_root(),
        &["run", "-q", "-p", "isc-tests", "--example", "demo"],
    )
}

//! `cargo xtask generate`: a standalone crate from any OpenAPI 3.0 or 3.1 spec. The flags and
//! the work are `isc-codegen generate`'s (`codegen::cli`), so both write the same bytes; only
//! the default runtime differs: this workspace's `runtime/` by path.

use anyhow::Result;
use codegen::cli::Tool;

use crate::codegen::workspace_root;

/// `cargo xtask` as the library's CLI sees it: its name in messages, and this workspace's
/// runtime when no `--runtime-version` or `--runtime-path` is given.
pub(crate) fn tool() -> Tool {
    Tool {
        command: "cargo xtask".to_owned(),
        default_runtime: Some(workspace_root().join("runtime")),
    }
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    Ok(codegen::cli::run_generate(args, &tool())?)
}

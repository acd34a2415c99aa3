//! The `isc-codegen` command line: `generate`, `check` and `diff`.
//!
//! The flags are parsed here, once, and each command is a function of this library: the
//! `isc-codegen` binary calls [`main`], and `cargo xtask generate` and `diff` call
//! [`run_generate`] and [`run_diff`] with a [`Tool`] of their own (the name messages give the
//! tool, and the runtime a crate depends on when no flag says). The same flags give the same
//! bytes, whichever tool runs them.

mod args;
mod help;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub use args::{CheckArgs, DiffArgs, GenerateArgs, GenerationArgs, Parsed, DEFAULT_CRATE_NAME};

use crate::files::{self, FileError, Synced};
use crate::{
    Error, Generated, NamesLock, Options, RuntimeDependency, Selection, Spec, StandaloneCrate,
    STANDALONE_HEADER,
};

/// The exit code of success: generated, fresh, or the report printed.
pub const EXIT_OK: u8 = 0;
/// The exit code of a spec that cannot be generated, a file that cannot be written, or (for
/// `check`) a stale crate.
pub const EXIT_FAILED: u8 = 1;
/// The exit code of a usage error: an unknown or missing flag, a runtime not given.
pub const EXIT_USAGE: u8 = 2;

/// The folders of a standalone crate whose generated files no longer produced are removed.
const SWEPT_FOLDERS: &[&str] = &["src", "docs"];

/// Who runs the commands.
#[derive(Debug, Clone)]
pub struct Tool {
    /// How users call it, in help and messages: `isc-codegen`, `cargo xtask`.
    pub command: String,
    /// The runtime crate a generated crate depends on by path when neither
    /// `--runtime-version` nor `--runtime-path` is given; `None` makes one of them required.
    pub default_runtime: Option<PathBuf>,
}

impl Tool {
    /// The installed `isc-codegen` binary: it has no workspace, so no default runtime.
    pub fn installed() -> Self {
        Tool {
            command: "isc-codegen".to_owned(),
            default_runtime: None,
        }
    }
}

/// Why a command failed; [`CliError::exit_code`] is what the process exits with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// The command line is wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The spec cannot be generated; the error names the file and JSON pointer at fault.
    #[error(transparent)]
    Generation(#[from] Error),
    #[error(transparent)]
    File(#[from] FileError),
    /// `check` found generated files that differ from what the spec gives now.
    #[error("{}", stale_message(dir, files))]
    Stale { dir: PathBuf, files: Vec<PathBuf> },
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            _ => EXIT_FAILED,
        }
    }
}

fn stale_message(dir: &Path, files: &[PathBuf]) -> String {
    let mut message = format!(
        "{} is stale: regenerate it with the flags it was generated with. Stale files:",
        dir.display()
    );
    for file in files {
        let _ = write!(message, "\n  {}", file.display());
    }
    message
}

/// The `isc-codegen` binary: runs `args` (without the program name) and prints a failure as
/// `error: ...` on stderr.
pub fn main(args: &[String]) -> ExitCode {
    match run(args, &Tool::installed()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a command line: the command's name, then its flags.
pub fn run(args: &[String], tool: &Tool) -> Result<(), CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError::Usage(format!(
            "a command is required\n\n{}",
            help::help(tool, "")
        )));
    };
    match command.as_str() {
        "generate" => run_generate(rest, tool),
        "check" => run_check(rest, tool),
        "diff" => run_diff(rest, tool),
        "help" | "-h" | "--help" => {
            let topic = rest.first().map(String::as_str).unwrap_or("");
            if !["", "generate", "check", "diff"].contains(&topic) {
                return Err(CliError::Usage(format!(
                    "no command {topic:?}; see `{} --help`",
                    tool.command
                )));
            }
            print!("{}", help::help(tool, topic));
            Ok(())
        }
        "-V" | "--version" => {
            println!("{} {}", tool.command, env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(CliError::Usage(format!(
            "unknown command {other:?}; usage: {} (see `{} --help`)",
            help::synopsis(tool, ""),
            tool.command
        ))),
    }
}

/// `generate FLAGS`: parses them (printing the help for `--help`) and runs [`generate`].
pub fn run_generate(args: &[String], tool: &Tool) -> Result<(), CliError> {
    match GenerateArgs::parse(args, tool)? {
        Parsed::Run(args) => generate(&args, tool).map(drop),
        Parsed::Help => {
            print!("{}", help::help(tool, "generate"));
            Ok(())
        }
    }
}

/// `check FLAGS`: parses them (printing the help for `--help`) and runs [`check`].
pub fn run_check(args: &[String], tool: &Tool) -> Result<(), CliError> {
    match CheckArgs::parse(args, tool)? {
        Parsed::Run(args) => check(&args, tool),
        Parsed::Help => {
            print!("{}", help::help(tool, "check"));
            Ok(())
        }
    }
}

/// `diff FLAGS`: parses them (printing the help for `--help`) and runs [`diff`].
pub fn run_diff(args: &[String], tool: &Tool) -> Result<(), CliError> {
    match DiffArgs::parse(args, tool)? {
        Parsed::Run(args) => diff(&args, tool).map(drop),
        Parsed::Help => {
            print!("{}", help::help(tool, "diff"));
            Ok(())
        }
    }
}

/// What [`generate`] did.
#[derive(Debug)]
pub struct GenerateOutcome {
    pub generated: Generated,
    /// The files written and removed under `--out`.
    pub synced: Synced,
}

/// Generates a standalone crate into `args.out`, and the updated lock into `--names`.
pub fn generate(args: &GenerateArgs, tool: &Tool) -> Result<GenerateOutcome, CliError> {
    let progress = Progress::new(tool, "generate");
    let (options, old_lock) = options(&args.generation, tool, "generate")?;
    let generated = run_pipeline(&args.generation.spec, &options, &progress)?;
    let started = Instant::now();
    let synced = files::sync(
        &args.out,
        &generated.files,
        STANDALONE_HEADER,
        SWEPT_FOLDERS,
        false,
    )?;
    if let Some(path) = &args.generation.names {
        files::ensure_file_contents(path, &generated.names_lock, false)?;
        if let Some(old) = &old_lock {
            let changes = crate::changes::compare(old, &NamesLock::of(&generated.api));
            eprintln!("{}: {}", path.display(), changes.summary());
        }
    }
    progress.done(
        format_args!(
            "wrote {} files ({} changed, {} removed) to {}",
            synced.files,
            synced.changed.len(),
            synced.removed.len(),
            args.out.display()
        ),
        started,
    );
    Ok(GenerateOutcome { generated, synced })
}

/// Generates in memory and compares with `args.dir` (and `--names`): `Err(CliError::Stale)`
/// lists what differs. Writes nothing.
pub fn check(args: &CheckArgs, tool: &Tool) -> Result<(), CliError> {
    let progress = Progress::new(tool, "check");
    let (options, _) = options(&args.generation, tool, "check")?;
    let generated = run_pipeline(&args.generation.spec, &options, &progress)?;
    let started = Instant::now();
    let synced = files::sync(
        &args.dir,
        &generated.files,
        STANDALONE_HEADER,
        SWEPT_FOLDERS,
        true,
    )?;
    let mut stale: Vec<PathBuf> = synced.stale().cloned().collect();
    if let Some(path) = &args.generation.names {
        if files::ensure_file_contents(path, &generated.names_lock, true)?
            == files::FileState::Stale
        {
            stale.push(path.clone());
        }
    }
    progress.done(
        format_args!(
            "compared {} files with {}: {} stale",
            synced.files,
            args.dir.display(),
            stale.len()
        ),
        started,
    );
    if stale.is_empty() {
        Ok(())
    } else {
        Err(CliError::Stale {
            dir: args.dir.clone(),
            files: stale,
        })
    }
}

/// Prints the API-change report from `args.old` to `args.new` on stdout (warnings and a
/// summary on stderr) and returns it.
pub fn diff(args: &DiffArgs, tool: &Tool) -> Result<crate::SpecDiff, CliError> {
    let progress = Progress::new(tool, "diff");
    let started = Instant::now();
    let options = Options {
        selection: Selection {
            tags: args.tags.clone(),
        },
        ..Options::default()
    };
    let diff = crate::diff(&args.old, &args.new, &options)?;
    for warning in &diff.warnings {
        eprintln!("{warning}");
    }
    let title = format!("`{}` → `{}`", args.old.display(), args.new.display());
    print!("{}", diff.changes.render(&title, ""));
    progress.done(format_args!("{}", diff.changes.summary()), started);
    Ok(diff)
}

/// The options of a standalone crate, and the lock read from `--names`.
fn options(
    args: &GenerationArgs,
    tool: &Tool,
    command: &str,
) -> Result<(Options, Option<NamesLock>), CliError> {
    let runtime = runtime_dependency(args, tool, command)?;
    let old_lock = match &args.names {
        Some(path) => files::read_lock(path, &path.display().to_string())?,
        None => None,
    };
    let options = Options {
        selection: Selection {
            tags: args.tags.clone(),
        },
        strict: args.strict,
        strict_kinds: Vec::new(),
        header: STANDALONE_HEADER.to_owned(),
        crate_name: args.name.replace('-', "_"),
        standalone: Some(StandaloneCrate {
            name: args.name.clone(),
            runtime,
        }),
        // A standalone crate's own manifest declares the features.
        tag_features: true,
        names: old_lock.clone(),
    };
    Ok((options, old_lock))
}

/// The published runtime with `--runtime-version`, the folder of `--runtime-path` (made
/// absolute, so the crate can move), else the tool's own runtime if it has one.
fn runtime_dependency(
    args: &GenerationArgs,
    tool: &Tool,
    command: &str,
) -> Result<RuntimeDependency, CliError> {
    if let Some(version) = &args.runtime_version {
        return Ok(RuntimeDependency::Version(version.clone()));
    }
    if let Some(path) = &args.runtime_path {
        let folder = path.canonicalize().map_err(|error| {
            CliError::Usage(format!("--runtime-path {}: {error}", path.display()))
        })?;
        if !folder.join("Cargo.toml").is_file() {
            return Err(CliError::Usage(format!(
                "--runtime-path {} has no Cargo.toml: give the folder of the isc-runtime crate \
                 (runtime/ in the repository)",
                path.display()
            )));
        }
        return Ok(RuntimeDependency::Path(folder.display().to_string()));
    }
    match &tool.default_runtime {
        Some(path) => {
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            Ok(RuntimeDependency::Path(path.display().to_string()))
        }
        None => Err(CliError::Usage(format!(
            "{cmd} {command} needs --runtime-version X (the crate depends on the published \
             isc-runtime = \"X\") or --runtime-path DIR (on the isc-runtime crate in DIR): an \
             installed {cmd} has no workspace to take the runtime from",
            cmd = tool.command
        ))),
    }
}

/// Load, lower and emit, each stage timed on stderr, then the warnings.
fn run_pipeline(spec: &Path, options: &Options, progress: &Progress) -> Result<Generated, Error> {
    let mut diagnostics = crate::diagnostics(options);
    let started = Instant::now();
    let loaded = Spec::load(spec, &mut diagnostics)?;
    progress.done(
        format_args!("loaded {} files", loaded.file_names().count()),
        started,
    );
    let started = Instant::now();
    let api = crate::lower_spec(&loaded, options, &mut diagnostics)?;
    progress.done(
        format_args!(
            "lowered {} operations, {} types, {} warnings",
            api.operations.len(),
            api.types.len(),
            diagnostics.warnings.len()
        ),
        started,
    );
    let started = Instant::now();
    let generated = crate::emit_api(api, options, diagnostics.warnings)?;
    progress.done(
        format_args!("emitted {} files", generated.files.len()),
        started,
    );
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    Ok(generated)
}

/// Progress lines on stderr: `isc-codegen generate: loaded 412 files in 0.31 s`.
struct Progress {
    prefix: String,
}

impl Progress {
    fn new(tool: &Tool, command: &str) -> Self {
        Progress {
            prefix: format!("{} {command}", tool.command),
        }
    }

    fn done(&self, what: std::fmt::Arguments<'_>, started: Instant) {
        eprintln!("{}: {what} in {}", self.prefix, seconds(started.elapsed()));
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

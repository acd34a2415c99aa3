//! The flags of `generate`, `check` and `diff`, parsed once for every tool that offers them.

use std::path::PathBuf;

use super::{CliError, Tool};

/// A command's arguments, or a request for its help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    Run(T),
    Help,
}

/// What to generate, and how: the flags `generate` and `check` share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerationArgs {
    /// The spec's root file.
    pub spec: PathBuf,
    /// The package name (`--name`, default `generated-client`).
    pub name: String,
    /// `--tag`: only these tags' operations; empty means all.
    pub tags: Vec<String>,
    pub strict: bool,
    pub runtime_version: Option<String>,
    pub runtime_path: Option<PathBuf>,
    /// A `names.lock` to keep the names of (if it exists) and to write back.
    pub names: Option<PathBuf>,
}

/// `generate`: [`GenerationArgs`] and the crate's folder (`--out`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateArgs {
    pub generation: GenerationArgs,
    pub out: PathBuf,
}

/// `check`: [`GenerationArgs`] and the folder of the crate to compare (`--dir`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckArgs {
    pub generation: GenerationArgs,
    pub dir: PathBuf,
}

/// `diff`: two specs and the tags to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    pub tags: Vec<String>,
}

/// The name a crate gets without `--name`.
pub const DEFAULT_CRATE_NAME: &str = "generated-client";

impl GenerateArgs {
    pub fn parse(args: &[String], tool: &Tool) -> Result<Parsed<Self>, CliError> {
        Ok(
            match parse_generation(args, tool, "generate", "--out", "DIR")? {
                Parsed::Run((generation, out)) => Parsed::Run(GenerateArgs { generation, out }),
                Parsed::Help => Parsed::Help,
            },
        )
    }
}

impl CheckArgs {
    pub fn parse(args: &[String], tool: &Tool) -> Result<Parsed<Self>, CliError> {
        Ok(
            match parse_generation(args, tool, "check", "--dir", "DIR")? {
                Parsed::Run((generation, dir)) => Parsed::Run(CheckArgs { generation, dir }),
                Parsed::Help => Parsed::Help,
            },
        )
    }
}

impl DiffArgs {
    pub fn parse(args: &[String], tool: &Tool) -> Result<Parsed<Self>, CliError> {
        let usage = |message: String| usage_error(tool, "diff", &message);
        let (mut old, mut new, mut tags) = (None, None, Vec::new());
        let mut iter = args.iter();
        while let Some(flag) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| usage(format!("{flag} needs a value")))
            };
            match flag.as_str() {
                "-h" | "--help" => return Ok(Parsed::Help),
                "--old" => old = Some(PathBuf::from(value()?)),
                "--new" => new = Some(PathBuf::from(value()?)),
                "--tag" => tags.push(value()?),
                other => return Err(usage(format!("unknown argument {other:?}"))),
            }
        }
        let (Some(old), Some(new)) = (old, new) else {
            return Err(usage("--old SPEC and --new SPEC are required".to_owned()));
        };
        Ok(Parsed::Run(DiffArgs { old, new, tags }))
    }
}

/// The flags of `generate` (`folder_flag` `--out`) or `check` (`--dir`).
fn parse_generation(
    args: &[String],
    tool: &Tool,
    command: &str,
    folder_flag: &str,
    folder_value: &str,
) -> Result<Parsed<(GenerationArgs, PathBuf)>, CliError> {
    let usage = |message: String| usage_error(tool, command, &message);
    let (mut spec, mut folder, mut name, mut names) = (None, None, None, None);
    let (mut tags, mut strict, mut runtime_version, mut runtime_path) =
        (Vec::new(), false, None, None);
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| usage(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--name" => name = Some(value()?),
            "--tag" => tags.push(value()?),
            "--strict" => strict = true,
            "--runtime-version" => runtime_version = Some(value()?),
            "--runtime-path" => runtime_path = Some(PathBuf::from(value()?)),
            "--names" => names = Some(PathBuf::from(value()?)),
            flag if flag == folder_flag => folder = Some(PathBuf::from(value()?)),
            other => return Err(usage(format!("unknown argument {other:?}"))),
        }
    }
    let spec = spec.ok_or_else(|| usage("--spec FILE is required".to_owned()))?;
    let folder =
        folder.ok_or_else(|| usage(format!("{folder_flag} {folder_value} is required")))?;
    if runtime_version.is_some() && runtime_path.is_some() {
        return Err(usage(
            "--runtime-version and --runtime-path exclude each other: the crate depends on \
             the published runtime or on a folder"
                .to_owned(),
        ));
    }
    let generation = GenerationArgs {
        spec,
        name: name.unwrap_or_else(|| DEFAULT_CRATE_NAME.to_owned()),
        tags,
        strict,
        runtime_version,
        runtime_path,
        names,
    };
    Ok(Parsed::Run((generation, folder)))
}

/// A usage error of `command`: the message, the command's synopsis and where its help is.
pub(super) fn usage_error(tool: &Tool, command: &str, message: &str) -> CliError {
    let synopsis = super::help::synopsis(tool, command);
    CliError::Usage(format!(
        "{message}; usage: {synopsis} (see `{} {command} --help`)",
        tool.command
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &[&str]) -> Vec<String> {
        text.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn generate_takes_every_flag_and_defaults_the_name() {
        let tool = Tool::installed();
        let parsed = GenerateArgs::parse(
            &args(&[
                "--spec",
                "a.yaml",
                "--out",
                "out",
                "--tag",
                "A",
                "--tag",
                "B c",
                "--strict",
                "--runtime-path",
                "rt",
                "--names",
                "n.lock",
            ]),
            &tool,
        )
        .unwrap();
        let Parsed::Run(parsed) = parsed else {
            panic!("not help")
        };
        assert_eq!(parsed.out, PathBuf::from("out"));
        let generation = parsed.generation;
        assert_eq!(generation.spec, PathBuf::from("a.yaml"));
        assert_eq!(generation.name, DEFAULT_CRATE_NAME);
        assert_eq!(generation.tags, ["A", "B c"]);
        assert!(generation.strict);
        assert_eq!(generation.runtime_path, Some(PathBuf::from("rt")));
        assert_eq!(generation.names, Some(PathBuf::from("n.lock")));
        assert_eq!(
            GenerateArgs::parse(&args(&["--spec", "a", "--help"]), &tool).unwrap(),
            Parsed::Help
        );
    }

    #[test]
    fn mistakes_are_usage_errors_that_name_the_flag_and_the_help() {
        let tool = Tool::installed();
        let message = |result: Result<_, CliError>| match result {
            Err(error @ CliError::Usage(_)) => {
                assert_eq!(error.exit_code(), 2);
                error.to_string()
            }
            other => panic!("not a usage error: {other:?}"),
        };
        let unknown = message(GenerateArgs::parse(&args(&["--bogus"]), &tool).map(|_| ()));
        assert!(
            unknown.starts_with(
                "unknown argument \"--bogus\"; usage: isc-codegen generate --spec FILE --out DIR"
            ),
            "{unknown}"
        );
        assert!(
            unknown.ends_with("(see `isc-codegen generate --help`)"),
            "{unknown}"
        );
        let missing = message(CheckArgs::parse(&args(&["--spec", "a"]), &tool).map(|_| ()));
        assert!(missing.starts_with("--dir DIR is required"), "{missing}");
        let no_value = message(DiffArgs::parse(&args(&["--old"]), &tool).map(|_| ()));
        assert!(no_value.starts_with("--old needs a value"), "{no_value}");
        let both = message(
            GenerateArgs::parse(
                &args(&[
                    "--spec",
                    "a",
                    "--out",
                    "o",
                    "--runtime-version",
                    "1",
                    "--runtime-path",
                    "r",
                ]),
                &tool,
            )
            .map(|_| ()),
        );
        assert!(both.contains("exclude each other"), "{both}");
    }
}

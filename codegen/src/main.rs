//! `isc-codegen`: the generator's command line (`generate`, `check`, `diff`); see
//! `isc-codegen --help`. Everything it does is in the library's `cli` module, which `cargo
//! xtask generate` and `diff` call too.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    codegen::cli::main(&args)
}

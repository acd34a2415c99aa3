//! One module per subcommand; [`run`] dispatches to them.

mod dictionary;
mod digit_token;
mod encrypt;
mod info;
mod policy;
mod set;
mod status;
mod sync_groups;

use crate::cli::{Cli, Command};
use crate::client::refuse_secret_arguments;
use crate::exit::Failure;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    refuse_secret_arguments(global)?;
    match &cli.command {
        Command::Encrypt(args) => encrypt::run(args, global),
        Command::Info(args) => info::run(args, global).await,
        Command::Set(args) => set::run(args, global).await,
        Command::Status(args) => status::run(args, global).await,
        Command::DigitToken(args) => digit_token::run(args, global).await,
        Command::Policy(args) => policy::run(args, global).await,
        Command::SyncGroups(args) => sync_groups::run(args, global).await,
        Command::Dictionary(args) => dictionary::run(args, global).await,
    }
}

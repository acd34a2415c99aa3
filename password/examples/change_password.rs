//! Changes a password in one call. Usage, with `SAIL_BASE_URL`, `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (an API client) set and the new password on standard input:
//!
//! `cargo run -p sailpoint-beta --example change_password -- Abby.Smith Corp-AD`
use sailpoint_beta::{Client, ClientBuilder};
use sailpoint_password::PasswordsExt as _;
use sailpoint_password::{AccountChoice, PasswordTarget};
use secrecy::SecretString;
use zeroize::Zeroizing;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let [user, source] = <[String; 2]>::try_from(std::env::args().skip(1).collect::<Vec<_>>())
        .map_err(|_| "usage: change_password <userName> <sourceName>")?;
    let input = Zeroizing::new(std::io::read_to_string(std::io::stdin())?);
    let password = SecretString::from(input.trim_end_matches(['\r', '\n']));

    let client = Client::new(&ClientBuilder::from_env().build()?);
    let outcome = client
        .passwords()
        .change(
            &PasswordTarget::user(user, source),
            &AccountChoice::Only,
            password,
        )
        .await?
        .into_result()?; // a FAILED change becomes an error, with ISC's reasons
    println!("{outcome}");
    Ok(())
}

//! Reading secrets and keys: the password from standard input or a no-echo prompt (never from
//! the command line), and the public key from an argument or `@file`.

use std::io::{IsTerminal as _, Read as _};

use anyhow::{anyhow, Context as _};
use secrecy::{ExposeSecret as _, SecretString};
use zeroize::{Zeroize as _, Zeroizing};

use crate::exit::Failure;

/// More than any RSA key can encrypt (501 bytes for 4096 bits); reading stops after this, so
/// the buffer is allocated once and never reallocated (which would leave copies behind).
const MAX_PASSWORD_BYTES: usize = 4096;

/// Whether to ask twice at the prompt (for a new password).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Yes,
    No,
}

/// Reads the password from standard input when it is piped, else from a no-echo prompt.
pub fn read_password(prompt: &str, confirm: Confirm) -> Result<SecretString, Failure> {
    let password = if std::io::stdin().is_terminal() {
        prompt_password(prompt, confirm)?
    } else {
        read_password_from_stdin()?
    };
    if password.expose_secret().is_empty() {
        return Err(Failure::input(anyhow!(
            "the password is empty; pipe it on standard input or type it at the prompt"
        )));
    }
    Ok(password)
}

fn prompt_password(prompt: &str, confirm: Confirm) -> Result<SecretString, Failure> {
    let first = prompt_once(prompt)?;
    if confirm == Confirm::Yes {
        let second = prompt_once("Repeat it: ")?;
        if first.expose_secret() != second.expose_secret() {
            return Err(Failure::input(anyhow!(
                "the two passwords typed differ; nothing was sent"
            )));
        }
    }
    Ok(first)
}

fn prompt_once(prompt: &str) -> Result<SecretString, Failure> {
    let mut typed = rpassword::prompt_password(prompt)
        .context("could not read the password from the terminal")
        .map_err(Failure::input)?;
    let secret = SecretString::from(typed.as_str());
    typed.zeroize();
    Ok(secret)
}

/// Reads one password from standard input: everything up to the end, minus one trailing
/// line break (`\n` or `\r\n`), so `echo "$PW" | isc-password ...` works.
fn read_password_from_stdin() -> Result<SecretString, Failure> {
    let mut buffer = Zeroizing::new(Vec::with_capacity(MAX_PASSWORD_BYTES + 1));
    std::io::stdin()
        .lock()
        .take(MAX_PASSWORD_BYTES as u64 + 1)
        .read_to_end(&mut buffer)
        .context("could not read the password from standard input")
        .map_err(Failure::input)?;
    if buffer.len() > MAX_PASSWORD_BYTES {
        return Err(Failure::input(anyhow!(
            "standard input holds more than {MAX_PASSWORD_BYTES} bytes; pipe only the password"
        )));
    }
    let mut text: &[u8] = &buffer;
    if let Some(rest) = text.strip_suffix(b"\n") {
        text = rest.strip_suffix(b"\r").unwrap_or(rest);
    }
    let text = std::str::from_utf8(text)
        .map_err(|_| Failure::input(anyhow!("the password on standard input is not UTF-8")))?;
    Ok(SecretString::from(text))
}

/// The `--public-key` value: the key itself, or `@path` to read it from a file.
pub fn read_public_key(value: &str) -> Result<String, Failure> {
    match value.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("could not read the public key file {path}"))
            .map_err(Failure::input),
        None => Ok(value.to_owned()),
    }
}

//! Reading secrets and keys: the password from standard input or a no-echo prompt (never from
//! the command line), and the public key from an argument or `@file`.

use std::io::{IsTerminal as _, Read as _};
use std::path::Path;

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
///
/// It reads past std's process-wide stdin buffer, which would keep a copy of the password
/// for the life of the process, into one buffer allocated once and zeroized when dropped.
fn read_password_from_stdin() -> Result<SecretString, Failure> {
    let source = unbuffered_stdin()
        .context("could not open standard input")
        .map_err(Failure::input)?;
    read_password_from(source)
}

/// Standard input without std's buffer: `/dev/stdin` is a new descriptor on the same pipe,
/// file or terminal.
#[cfg(unix)]
fn unbuffered_stdin() -> std::io::Result<std::fs::File> {
    std::fs::File::open("/dev/stdin")
}

/// Elsewhere, std's handle; its buffer keeps what it read until the process ends.
#[cfg(not(unix))]
fn unbuffered_stdin() -> std::io::Result<std::io::Stdin> {
    Ok(std::io::stdin())
}

/// The password `source` holds, read into one fixed buffer (never grown, so never copied).
fn read_password_from(mut source: impl std::io::Read) -> Result<SecretString, Failure> {
    let mut buffer = Zeroizing::new(vec![0u8; MAX_PASSWORD_BYTES + 1]);
    let mut filled = 0;
    loop {
        let read = match source.read(&mut buffer[filled..]) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(Failure::input(
                    anyhow::Error::new(error)
                        .context("could not read the password from standard input"),
                ))
            }
        };
        if read == 0 {
            break;
        }
        filled += read;
    }
    if filled > MAX_PASSWORD_BYTES {
        return Err(Failure::input(anyhow!(
            "standard input holds more than {MAX_PASSWORD_BYTES} bytes; pipe only the password"
        )));
    }
    let mut text: &[u8] = &buffer[..filled];
    if let Some(rest) = text.strip_suffix(b"\n") {
        text = rest.strip_suffix(b"\r").unwrap_or(rest);
    }
    let text = std::str::from_utf8(text)
        .map_err(|_| Failure::input(anyhow!("the password on standard input is not UTF-8")))?;
    Ok(SecretString::from(text))
}

/// The longest secret file read: client secrets and access tokens are far shorter.
const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;

/// A secret from a file: its first line, without the line break. The file must hold one
/// non-empty line of at most 64 KiB.
pub fn read_secret_file(path: &Path, what: &str) -> Result<SecretString, Failure> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("could not open the {what} file {}", path.display()))
        .map_err(Failure::input)?;
    let mut buffer = Zeroizing::new(Vec::new());
    file.take(MAX_SECRET_FILE_BYTES + 1)
        .read_to_end(&mut buffer)
        .with_context(|| format!("could not read the {what} file {}", path.display()))
        .map_err(Failure::input)?;
    if buffer.len() as u64 > MAX_SECRET_FILE_BYTES {
        return Err(Failure::input(anyhow!(
            "the {what} file {} is larger than {MAX_SECRET_FILE_BYTES} bytes",
            path.display()
        )));
    }
    let text = std::str::from_utf8(&buffer)
        .map_err(|_| Failure::input(anyhow!("the {what} file {} is not UTF-8", path.display())))?;
    let line = text.lines().next().unwrap_or_default().trim();
    if line.is_empty() {
        return Err(Failure::input(anyhow!(
            "the {what} file {} is empty",
            path.display()
        )));
    }
    Ok(SecretString::from(line))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its bytes a few at a time, like a pipe.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let count = self.0.len().min(buf.len()).min(3);
            buf[..count].copy_from_slice(&self.0[..count]);
            self.0 = &self.0[count..];
            Ok(count)
        }
    }

    #[test]
    fn a_password_arrives_in_pieces_without_its_line_break() {
        let password = read_password_from(Trickle(b"Tr0ub4dor&3-\xc3\xbc\r\n")).unwrap();
        assert_eq!(password.expose_secret(), "Tr0ub4dor&3-\u{fc}");
    }

    #[test]
    fn too_much_input_is_refused_not_grown_into() {
        let long = vec![b'a'; MAX_PASSWORD_BYTES + 10];
        let error = read_password_from(Trickle(&long)).unwrap_err();
        assert!(
            error.error.to_string().contains("more than"),
            "{:#}",
            error.error
        );
        let exact = vec![b'a'; MAX_PASSWORD_BYTES];
        assert_eq!(
            read_password_from(Trickle(&exact))
                .unwrap()
                .expose_secret()
                .len(),
            MAX_PASSWORD_BYTES
        );
    }
}

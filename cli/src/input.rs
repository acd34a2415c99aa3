//! Reading secrets and keys: the password from standard input or a no-echo prompt (never from
//! the command line), secrets from files, and the public key from an argument or `@file`.
//!
//! Everything read from standard input or a file goes through [`read_bounded`]: at most a fixed
//! number of bytes, into one buffer allocated once and zeroized when dropped.

use std::io::{IsTerminal as _, Read};
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
fn read_password_from(source: impl Read) -> Result<SecretString, Failure> {
    let buffer = read_bounded(source, MAX_PASSWORD_BYTES).map_err(|error| match error {
        BoundedReadError::TooLong { limit } => Failure::input(anyhow!(
            "standard input holds more than {limit} bytes; pipe only the password"
        )),
        BoundedReadError::Io(error) => Failure::input(
            anyhow::Error::new(error).context("could not read the password from standard input"),
        ),
    })?;
    let mut text: &[u8] = &buffer;
    if let Some(rest) = text.strip_suffix(b"\n") {
        text = rest.strip_suffix(b"\r").unwrap_or(rest);
    }
    let text = std::str::from_utf8(text)
        .map_err(|_| Failure::input(anyhow!("the password on standard input is not UTF-8")))?;
    Ok(SecretString::from(text))
}

/// The most a secret or key file may hold. Client secrets and access tokens (a JWT of a few
/// KiB) are far shorter, and so is a public key in PEM or base64 (under 1 KiB for 4096 bits,
/// about 3 KiB for 16384); a larger file is refused, not read on (`@/dev/zero` stops here).
const MAX_FILE_BYTES: usize = 64 * 1024;

/// Why [`read_bounded`] gave up.
#[derive(Debug)]
enum BoundedReadError {
    /// The source holds more than `limit` bytes (how much more is not read).
    TooLong {
        limit: usize,
    },
    Io(std::io::Error),
}

/// Everything `source` holds, when that is at most `limit` bytes: read into one buffer
/// allocated once with room for `limit + 1` bytes (the extra byte tells "exactly `limit`" from
/// "more"), through `take(limit + 1)`. The buffer never grows, so no reallocation leaves a copy
/// of a secret behind in freed memory, and it is zeroized, spare capacity included, when
/// dropped. No more than `limit + 1` bytes are ever read, whatever the source (`/dev/zero`, a
/// FIFO, a huge file). Errors never carry the content.
fn read_bounded(source: impl Read, limit: usize) -> Result<Zeroizing<Vec<u8>>, BoundedReadError> {
    let room = limit.saturating_add(1);
    let mut buffer = Zeroizing::new(Vec::with_capacity(room));
    // Within the capacity just allocated: no reallocation.
    buffer.resize(room, 0);
    let mut source = source.take(u64::try_from(room).unwrap_or(u64::MAX));
    let mut filled = 0;
    while filled < room {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(BoundedReadError::Io(error)),
        }
    }
    if filled > limit {
        return Err(BoundedReadError::TooLong { limit });
    }
    // Shrinking the length keeps the allocation (and `Zeroizing` still wipes all of it).
    buffer.truncate(filled);
    Ok(buffer)
}

/// The content of the file at `path` (named `the {what} file` in errors), at most
/// [`MAX_FILE_BYTES`], through [`read_bounded`].
fn read_file_bounded(path: &Path, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("could not open the {what} file {}", path.display()))
        .map_err(Failure::input)?;
    read_bounded(file, MAX_FILE_BYTES).map_err(|error| match error {
        BoundedReadError::TooLong { limit } => Failure::input(anyhow!(
            "the {what} file {} is larger than {limit} bytes",
            path.display()
        )),
        BoundedReadError::Io(error) => Failure::input(
            anyhow::Error::new(error)
                .context(format!("could not read the {what} file {}", path.display())),
        ),
    })
}

/// A secret from a file: its first line, without the line break. The file must hold one
/// non-empty line, and at most [`MAX_FILE_BYTES`] in all.
pub fn read_secret_file(path: &Path, what: &str) -> Result<SecretString, Failure> {
    let buffer = read_file_bounded(path, what)?;
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

/// The `--public-key` value: the key itself, or `@path` to read it from a file of at most
/// [`MAX_FILE_BYTES`].
pub fn read_public_key(value: &str) -> Result<String, Failure> {
    let Some(path) = value.strip_prefix('@') else {
        return Ok(value.to_owned());
    };
    let buffer = read_file_bounded(Path::new(path), "public key")?;
    let text = std::str::from_utf8(&buffer)
        .map_err(|_| Failure::input(anyhow!("the public key file {path} is not UTF-8")))?;
    Ok(text.to_owned())
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

    /// An endless source, like `/dev/zero`, that counts the bytes it hands out.
    struct Endless {
        served: usize,
    }

    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(0);
            self.served += buf.len();
            Ok(buf.len())
        }
    }

    #[test]
    fn the_reader_fills_its_one_buffer_without_reallocating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exactly-the-limit");
        std::fs::write(&path, vec![b'k'; MAX_FILE_BYTES]).unwrap();
        let bytes = read_bounded(std::fs::File::open(&path).unwrap(), MAX_FILE_BYTES).unwrap();
        assert_eq!(bytes.len(), MAX_FILE_BYTES);
        // `Vec::with_capacity` gives exactly the capacity asked for, and any growth would have
        // at least doubled it: the buffer is still the one allocated first.
        assert_eq!(bytes.capacity(), MAX_FILE_BYTES + 1);
        assert!(bytes.iter().all(|&byte| byte == b'k'));

        // The same in small pieces, as from a pipe.
        let content = vec![b'p'; 100];
        let bytes = read_bounded(Trickle(&content), 100).unwrap();
        assert_eq!((bytes.len(), bytes.capacity()), (100, 101));
        assert_eq!(&bytes[..], &content[..]);
    }

    #[test]
    fn an_endless_source_is_refused_after_limit_plus_one_bytes() {
        let mut source = Endless { served: 0 };
        let error = read_bounded(&mut source, MAX_FILE_BYTES).unwrap_err();
        assert!(
            matches!(error, BoundedReadError::TooLong { limit } if limit == MAX_FILE_BYTES),
            "{error:?}"
        );
        assert_eq!(source.served, MAX_FILE_BYTES + 1, "nothing more is read");
    }

    #[test]
    fn a_secret_file_over_the_limit_is_refused_without_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        let line = "s3cret-line-";
        let mut content = line.repeat(MAX_FILE_BYTES / line.len());
        content.push_str(&"x".repeat(MAX_FILE_BYTES - content.len()));
        std::fs::write(&path, &content).unwrap();
        assert_eq!(
            read_secret_file(&path, "client secret")
                .unwrap()
                .expose_secret()
                .len(),
            MAX_FILE_BYTES,
            "exactly the limit is accepted"
        );
        content.push('\n');
        std::fs::write(&path, &content).unwrap();
        let failure = read_secret_file(&path, "client secret").unwrap_err();
        let message = format!("{:#}", failure.error);
        assert_eq!(failure.code, crate::exit::Code::InvalidInput);
        assert!(
            message.contains(&format!("is larger than {MAX_FILE_BYTES} bytes")),
            "{message}"
        );
        assert!(!message.contains(line), "never echoed: {message}");
    }
}

//! Custom password instructions: administrator text for the screens of the password flows,
//! per page and locale.

use super::{required, shown, Refusal, World};
use crate::wire::admin::{CustomPasswordInstructionBody, CustomPasswordInstructionDto};

/// The pages instructions can be shown on (`PasswordPageId`).
const PAGE_IDS: [&str; 12] = [
    "change-password:enter-password",
    "change-password:finish",
    "flow-selection:select",
    "forget-username:user-email",
    "mfa:enter-code",
    "mfa:enter-kba",
    "mfa:select",
    "reset-password:enter-password",
    "reset-password:enter-username",
    "reset-password:finish",
    "unlock-account:enter-username",
    "unlock-account:finish",
];
/// The locale of instructions that name none; it serves every locale without its own text.
const DEFAULT_LOCALE: &str = "default";
/// Most characters of `pageContent`.
const MAX_CONTENT_CHARS: usize = 1_000;
/// Most characters of a locale; BCP 47 tags in use are far shorter.
const MAX_LOCALE_CHARS: usize = 35;
/// Most instructions kept, so that a client cannot grow the emulator without bound through
/// made-up locales.
const MAX_INSTRUCTIONS: usize = 1_000;

impl World {
    /// `POST /beta/custom-password-instructions`: sets the text of one page in one locale,
    /// replacing any it had.
    pub(crate) fn create_instruction(
        &mut self,
        body: CustomPasswordInstructionBody,
    ) -> Result<CustomPasswordInstructionDto, Refusal> {
        let page_id = page_id(&required(body.page_id, "pageId")?)?;
        let page_content = body
            .page_content
            .ok_or_else(|| Refusal::BadRequest("pageContent is required.".into()))?;
        let length = page_content.chars().count();
        if length > MAX_CONTENT_CHARS {
            return Err(Refusal::BadRequest(format!(
                "pageContent has {length} characters; at most {MAX_CONTENT_CHARS} are allowed."
            )));
        }
        let locale = locale(body.locale.as_deref())?;
        let key = (page_id.to_owned(), locale.to_owned());
        if !self.instructions.contains_key(&key) && self.instructions.len() >= MAX_INSTRUCTIONS {
            return Err(Refusal::BadRequest(format!(
                "The tenant already has {MAX_INSTRUCTIONS} custom password instructions, the \
                 most the emulator keeps; delete some first."
            )));
        }
        let instruction = CustomPasswordInstructionDto {
            page_id: key.0.clone(),
            page_content,
            locale: key.1.clone(),
        };
        self.instructions.insert(key, instruction.clone());
        Ok(instruction)
    }

    /// `GET /beta/custom-password-instructions/{pageId}`.
    pub(crate) fn instruction(
        &self,
        page: &str,
        locale_name: Option<&str>,
    ) -> Result<CustomPasswordInstructionDto, Refusal> {
        let key = (page_id(page)?.to_owned(), locale(locale_name)?.to_owned());
        self.instructions
            .get(&key)
            .cloned()
            .ok_or_else(|| unknown(&key))
    }

    /// `DELETE /beta/custom-password-instructions/{pageId}`.
    pub(crate) fn delete_instruction(
        &mut self,
        page: &str,
        locale_name: Option<&str>,
    ) -> Result<(), Refusal> {
        let key = (page_id(page)?.to_owned(), locale(locale_name)?.to_owned());
        self.instructions
            .remove(&key)
            .map(|_| ())
            .ok_or_else(|| unknown(&key))
    }
}

/// A known page ID, or a 400 listing them.
fn page_id(page: &str) -> Result<&'static str, Refusal> {
    PAGE_IDS
        .iter()
        .find(|known| **known == page)
        .copied()
        .ok_or_else(|| {
            Refusal::BadRequest(format!(
                "pageId {} is not a page with instructions; use one of {}.",
                shown(page),
                PAGE_IDS.join(", ")
            ))
        })
}

/// The locale named, `default` when none is: letters, digits, `-` and `_` only.
fn locale(locale: Option<&str>) -> Result<&str, Refusal> {
    let locale = locale.unwrap_or(DEFAULT_LOCALE);
    let well_formed = !locale.is_empty()
        && locale.len() <= MAX_LOCALE_CHARS
        && locale
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !well_formed {
        return Err(Refusal::BadRequest(format!(
            "locale {} is not a language tag such as en or fr-CA (or default).",
            shown(locale)
        )));
    }
    Ok(locale)
}

fn unknown((page_id, locale): &(String, String)) -> Refusal {
    Refusal::NotFound(format!(
        "There are no custom instructions for page {page_id:?} in locale {locale:?}."
    ))
}

//! The tenant's password dictionary, as the world keeps it (parsing lives in
//! [`crate::dictionary`]).

use std::sync::Arc;

use super::{Refusal, World};
use crate::dictionary::Dictionary;

impl World {
    /// `GET /beta/password-dictionary`: the file as last uploaded.
    pub(crate) fn dictionary_file(&self) -> Result<String, Refusal> {
        self.dictionary
            .as_ref()
            .map(|dictionary| dictionary.file().to_owned())
            .ok_or_else(|| {
                Refusal::NotFound(
                    "The tenant has no password dictionary; upload one with PUT.".into(),
                )
            })
    }

    /// `PUT /beta/password-dictionary`: replaces the dictionary whole. A change already
    /// submitted was checked when it was submitted, against the dictionary of that moment.
    pub(crate) fn replace_dictionary(&mut self, dictionary: Dictionary) {
        self.dictionary = Some(Arc::new(dictionary));
    }

    /// The dictionary's words, for tests; empty when there is none.
    pub(crate) fn dictionary_words(&self) -> Vec<String> {
        self.dictionary
            .as_ref()
            .map(|dictionary| dictionary.words().to_vec())
            .unwrap_or_default()
    }

    /// The dictionary a new password on the source must avoid, if its policy uses one.
    pub(super) fn dictionary_for(&self, use_dictionary: bool) -> Option<Arc<Dictionary>> {
        self.dictionary.as_ref().filter(|_| use_dictionary).cloned()
    }
}

//! `inventory.toml`: read with spans, then validated into typed entries. Every
//! structural problem (syntax, unknown key, wrong type, bad enum value, bad
//! glob or regex) is collected with its span and reported at once; problems a
//! rule owns (duplicates, bad `op://` sources, missing reasons) are left to
//! the rules so they can be configured and suppressed like any finding.

pub(crate) mod load;

use std::ops::Range;

use crate::checklist::{self, Decision, Question};
use crate::diagnostic::Level;
use crate::source::SourceFile;

#[cfg(test)]
pub(crate) use load::parse;
pub(crate) use load::{load, InventoryError};

/// A value and the byte span it came from in `inventory.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Range<usize>,
}

/// The validated inventory.
#[derive(Debug)]
pub(crate) struct Inventory {
    pub(crate) source: SourceFile,
    pub(crate) obsolete_pattern: Option<String>,
    pub(crate) track_tag: Option<String>,
    pub(crate) exclude: Vec<String>,
    pub(crate) levels: Vec<(String, Level)>,
    pub(crate) secrets: Vec<Entry>,
    pub(crate) ignores: Vec<IgnoreEntry>,
}

/// `origin` of a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    External,
    Generated,
}

/// One `[[secret]]`.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: Spanned<String>,
    pub(crate) store: Option<Spanned<String>>,
    pub(crate) path: Option<Spanned<String>>,
    pub(crate) property: Option<Spanned<String>>,
    pub(crate) placeholders: Vec<Spanned<String>>,
    pub(crate) origin: Option<Spanned<Origin>>,
    pub(crate) source: Option<Spanned<String>>,
    pub(crate) regenerate: Option<Spanned<String>>,
    pub(crate) rotation: Option<Spanned<String>>,
    pub(crate) decision: Option<Spanned<String>>,
    /// Indexed like [`Question::ALL`].
    pub(crate) answers: [Option<Spanned<bool>>; 6],
}

impl Entry {
    pub(crate) fn decision(&self) -> Decision {
        let answers = self
            .answers
            .each_ref()
            .map(|answer| answer.as_ref().map(|a| a.value));
        checklist::decide(answers, self.is_external())
    }

    pub(crate) fn is_external(&self) -> bool {
        self.origin
            .as_ref()
            .is_some_and(|origin| origin.value == Origin::External)
    }

    pub(crate) fn answer(&self, question: Question) -> Option<&Spanned<bool>> {
        self.answers[question as usize].as_ref()
    }

    /// `store:path#property` as findings name it.
    pub(crate) fn claim(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let store = self
            .store
            .as_ref()
            .map_or("*", |store| store.value.as_str());
        Some(match &self.property {
            Some(property) => format!("{store}:{}#{}", path.value, property.value),
            None => format!("{store}:{}", path.value),
        })
    }
}

/// One `[[ignore]]`.
#[derive(Debug)]
pub(crate) struct IgnoreEntry {
    pub(crate) header: Range<usize>,
    pub(crate) rule: Spanned<String>,
    pub(crate) secret: Option<Spanned<String>>,
    pub(crate) file: Option<Spanned<String>>,
    pub(crate) reason: Option<Spanned<String>>,
}

/// A parsed `op://vault/item/[section/]field` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpReference {
    pub(crate) vault: String,
    pub(crate) item: String,
    pub(crate) section: Option<String>,
    pub(crate) field: String,
}

impl OpReference {
    /// Parses a secret reference as 1Password's CLI accepts it. Query
    /// parameters (`?attribute=otp`) are allowed after the field.
    ///
    /// See: <https://developer.1password.com/docs/cli/secret-reference-syntax/>
    pub(crate) fn parse(text: &str) -> Option<OpReference> {
        let rest = text.strip_prefix("op://")?;
        let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|part| part.trim().is_empty()) {
            return None;
        }
        let (section, field) = match parts.as_slice() {
            [_, _, field] => (None, *field),
            [_, _, section, field] => (Some(section.to_string()), *field),
            _ => return None,
        };
        Some(OpReference {
            vault: parts[0].to_string(),
            item: parts[1].to_string(),
            section,
            field: field.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_references_need_vault_item_and_field() {
        let full = OpReference::parse("op://Homelab/Authelia/storage-key").unwrap();
        assert_eq!(
            (full.vault.as_str(), full.item.as_str()),
            ("Homelab", "Authelia")
        );
        assert_eq!(full.field, "storage-key");
        let sectioned = OpReference::parse("op://V/1password connect/creds/token").unwrap();
        assert_eq!(sectioned.section.as_deref(), Some("creds"));
        assert!(OpReference::parse("op://V/I/f?attribute=otp").is_some());
        for bad in [
            "",
            "op://",
            "op://V/I",
            "op://V//f",
            "https://V/I/f",
            "op://V/I/s/f/x",
        ] {
            assert_eq!(OpReference::parse(bad), None, "{bad}");
        }
    }
}

//! `orphaned-entry`: an inventory entry nothing in the repository uses.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// Entries must describe secrets the cluster still uses.
pub(crate) struct OrphanedEntry;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "orphaned-entry",
    default_level: Level::Warning,
    docs: include_str!("../../rules/orphaned-entry.md"),
};

impl Rule for OrphanedEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        let inventory = context.inventory;
        for (entry, &referenced) in inventory.secrets.iter().zip(&context.coverage.referenced) {
            if referenced {
                continue;
            }
            let name = &entry.name.value;
            findings.push(
                Finding::new(META.id, &inventory.source, entry.name.span.clone(), format!("nothing in the repository references `{name}`"))
                    .secret(name.clone())
                    .label("unused entry")
                    .help("remove the entry if the secret is retired (and mark its 1Password item obsolete), or fix its store/path/property"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_an_unreferenced_entry_only() {
        let es = external_secret("mail", "smtp-password");
        let files = [("store.yaml", STORE), ("es.yaml", es.as_str())];
        let inventory = format!(
            "{HEADER}{}{}",
            stored_entry("smtp", "mail", "smtp-password"),
            stored_entry("old", "legacy", "x")
        );
        assert_eq!(
            findings_of("orphaned-entry", &files, &inventory),
            ["inventory.toml:11:8"]
        );
    }
}

//! `duplicate-entry`: two entries with one name, or claiming the same
//! store/path/property.

use std::collections::HashMap;

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};
use crate::inventory::Entry;

/// One secret, one entry.
pub(crate) struct DuplicateEntry;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "duplicate-entry",
    default_level: Level::Error,
    docs: include_str!("../../rules/duplicate-entry.md"),
};

impl Rule for DuplicateEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        let inventory = context.inventory;
        let mut names: HashMap<&str, &Entry> = HashMap::new();
        for entry in &inventory.secrets {
            let name = entry.name.value.as_str();
            let Some(first) = names.get(name) else {
                names.insert(name, entry);
                continue;
            };
            findings.push(
                Finding::new(
                    META.id,
                    &inventory.source,
                    entry.name.span.clone(),
                    format!("two entries are named `{name}`"),
                )
                .secret(name)
                .label("second entry")
                .also(first.name.span.clone(), "first entry")
                .help("give each entry a unique `name`, or merge the two"),
            );
        }

        for (index, entry) in inventory.secrets.iter().enumerate() {
            let Some(first) = inventory.secrets[..index]
                .iter()
                .find(|earlier| same_claim(earlier, entry))
            else {
                continue;
            };
            let (Some(path), Some(claim)) = (&entry.path, entry.claim()) else {
                continue;
            };
            findings.push(
                Finding::new(META.id, &inventory.source, path.span.clone(), format!("`{}` claims {claim}, already claimed by `{}`", entry.name.value, first.name.value))
                    .secret(entry.name.value.clone())
                    .label("claimed again here")
                    .also(first.path.as_ref().map_or(first.name.span.clone(), |p| p.span.clone()), "first claimed here")
                    .help("keep one entry per secret; if they are different secrets, set `store` or `property` to tell them apart"),
            );
        }
    }
}

/// Same path and property, and stores that can be the same (absent = any).
fn same_claim(first: &Entry, second: &Entry) -> bool {
    let (Some(a), Some(b)) = (&first.path, &second.path) else {
        return false;
    };
    let value =
        |field: &Option<crate::inventory::Spanned<String>>| field.as_ref().map(|f| f.value.clone());
    let stores_overlap = match (value(&first.store), value(&second.store)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    a.value.trim_matches('/') == b.value.trim_matches('/')
        && value(&first.property) == value(&second.property)
        && stores_overlap
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_a_repeated_name_and_a_repeated_claim() {
        let twice = format!(
            "{HEADER}{}{}",
            stored_entry("a", "app", "x"),
            stored_entry("a", "app", "y")
        );
        assert_eq!(
            findings_of("duplicate-entry", &[], &twice),
            ["inventory.toml:11:8"]
        );
        let claimed = format!(
            "{HEADER}{}{}",
            stored_entry("a", "app", "x"),
            stored_entry("b", "app", "x")
        );
        assert_eq!(
            findings_of("duplicate-entry", &[], &claimed),
            ["inventory.toml:13:8"]
        );
    }

    #[test]
    fn is_silent_on_distinct_entries() {
        let distinct = format!(
            "{HEADER}{}{}",
            stored_entry("a", "app", "x"),
            stored_entry("b", "app", "y")
        );
        assert!(findings_of("duplicate-entry", &[], &distinct).is_empty());
    }
}

//! `unbacked-secret`: a secret to be stored without a valid 1Password
//! reference, or any entry whose `source` is not a valid reference.

use super::{Context, Rule, RuleMeta};
use crate::checklist::Decision;
use crate::diagnostic::{Finding, Level};
use crate::inventory::{Entry, Inventory, OpReference};

fn no_source(inventory: &Inventory, entry: &Entry) -> Finding {
    let name = &entry.name.value;
    Finding::new(
        META.id,
        &inventory.source,
        entry.name.span.clone(),
        format!("`{name}` must be stored but has no `source`"),
    )
    .secret(name.clone())
    .label("decided \"store\"")
    .help("save the value in 1Password and add `source = \"op://VAULT/ITEM/FIELD\"`")
}

fn malformed(inventory: &Inventory, entry: &Entry, span: std::ops::Range<usize>) -> Finding {
    let name = &entry.name.value;
    Finding::new(META.id, &inventory.source, span, format!("`source` of `{name}` is not a valid op://vault/item/field reference"))
        .secret(name.clone())
        .label("not a secret reference")
        .help("write it as `op://VAULT/ITEM/FIELD` or `op://VAULT/ITEM/SECTION/FIELD` (1Password's \"Copy Secret Reference\")")
}

/// Stored secrets need a 1Password item to restore from.
pub(crate) struct UnbackedSecret;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unbacked-secret",
    default_level: Level::Error,
    docs: include_str!("../../rules/unbacked-secret.md"),
};

impl Rule for UnbackedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        let inventory = context.inventory;
        for entry in &inventory.secrets {
            let stored = matches!(entry.decision(), Decision::Store { .. });
            match &entry.source {
                Some(source) if OpReference::parse(&source.value).is_none() => {
                    findings.push(malformed(inventory, entry, source.span.clone()));
                }
                None if stored => findings.push(no_source(inventory, entry)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_without_source_or_with_a_bad_one_and_not_with_a_good_one() {
        let entry = |source: &str| {
            format!("{HEADER}[[secret]]\nname = \"a\"\norigin = \"external\"\n{source}")
        };
        assert_eq!(
            findings_of("unbacked-secret", &[], &entry("")),
            ["inventory.toml:4:8"]
        );
        assert_eq!(
            findings_of(
                "unbacked-secret",
                &[],
                &entry("source = \"op://Homelab/x\"\n")
            ),
            ["inventory.toml:6:10"]
        );
        assert!(findings_of(
            "unbacked-secret",
            &[],
            &entry("source = \"op://Homelab/x/password\"\n")
        )
        .is_empty());
    }
}

//! `unclassified-secret`: a reference that no inventory entry covers.

use super::coverage::needs_entry;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};
use crate::model::{FileModel, RefKind, SecretRef};

fn uncovered(file: &FileModel, reference: &SecretRef) -> Finding {
    let shown = reference.display();
    let help = match reference.kind {
        RefKind::Placeholder => {
            format!("add a [[secret]] entry with `placeholders = [\"{shown}\"]` and classify it")
        }
        _ => {
            "add a [[secret]] entry for it and answer its checklist (`seclint init` drafts entries)"
                .to_string()
        }
    };
    Finding::new(
        META.id,
        &file.source,
        reference.span.clone(),
        format!("no inventory entry covers {shown}"),
    )
    .secret(shown)
    .label("referenced here")
    .help(help)
}

/// Every secret a manifest uses must be declared and classified.
pub(crate) struct UnclassifiedSecret;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unclassified-secret",
    default_level: Level::Error,
    docs: include_str!("../../rules/unclassified-secret.md"),
};

impl Rule for UnclassifiedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for (file, covered) in context.files.iter().zip(&context.coverage.covered) {
            for (reference, &is_covered) in file.refs.iter().zip(covered) {
                let counts = reference.kind == RefKind::Placeholder || needs_entry(reference);
                if counts && !is_covered {
                    findings.push(uncovered(file, reference));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_an_uncovered_reference_and_not_on_a_covered_one() {
        let es = external_secret("mail", "smtp-password");
        let files = [("store.yaml", STORE), ("es.yaml", es.as_str())];
        assert_eq!(
            findings_of("unclassified-secret", &files, HEADER),
            ["es.yaml:12:14"]
        );
        let inventory = format!("{HEADER}{}", stored_entry("smtp", "mail", "smtp-password"));
        assert!(findings_of("unclassified-secret", &files, &inventory).is_empty());
    }

    #[test]
    fn a_full_kv_path_is_covered_by_the_short_entry() {
        let es = external_secret("kv/data/mail", "smtp-password");
        let files = [("store.yaml", STORE), ("es.yaml", es.as_str())];
        let inventory = format!("{HEADER}{}", stored_entry("smtp", "mail", "smtp-password"));
        assert!(findings_of("unclassified-secret", &files, &inventory).is_empty());
    }

    #[test]
    fn placeholders_need_an_entry_listing_them() {
        let values = [("values.yaml", "config: |\n  token = \"###UNSEAL###\"\n")];
        assert_eq!(
            findings_of("unclassified-secret", &values, HEADER),
            ["values.yaml:2:12"]
        );
        let inventory =
            format!("{HEADER}[[secret]]\nname = \"t\"\nplaceholders = [\"###UNSEAL###\"]\n");
        assert!(findings_of("unclassified-secret", &values, &inventory).is_empty());
    }

    #[test]
    fn onepassword_references_are_covered_by_the_entry_source() {
        let store = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: onepassword\nspec:\n  provider:\n    onepassword:\n      connectHost: http://connect\n      vaults:\n        Homelab: 1\n";
        let es = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}\n  data:\n    - secretKey: k\n      remoteRef: {key: Cloudflare, property: api-token}\n";
        let files = [("store.yaml", store), ("es.yaml", es)];
        let inventory = format!("{HEADER}[[secret]]\nname = \"cf\"\norigin = \"external\"\nsource = \"op://homelab/cloudflare/api-token\"\n");
        assert!(findings_of("unclassified-secret", &files, &inventory).is_empty());
    }
}

//! `unknown-secret-store`: a store reference the repository does not define.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

fn kind_name(cluster: bool) -> &'static str {
    if cluster {
        "ClusterSecretStore"
    } else {
        "SecretStore"
    }
}

/// References must go through a store the repository defines.
pub(crate) struct UnknownSecretStore;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unknown-secret-store",
    default_level: Level::Warning,
    docs: include_str!("../../rules/unknown-secret-store.md"),
};

impl Rule for UnknownSecretStore {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for store in &file.store_uses {
                if context.store_def(&store.name, store.cluster).is_some()
                    || store.name.contains("${")
                    || store.name.contains("{{")
                {
                    continue;
                }
                let wanted = kind_name(store.cluster);
                let (message, help) = match context.stores.get(store.name.as_str()) {
                    Some(_) => (
                        format!("`{}` is defined as a {}, but referenced as a {wanted}", store.name, kind_name(!store.cluster)),
                        format!("set `kind: {}` in the store reference", kind_name(!store.cluster)),
                    ),
                    None => (
                        format!("no {wanted} named `{}` is defined in the repository", store.name),
                        "fix the name, or add the store's manifest (set `unknown-secret-store = \"allow\"` in [rules] if stores live in another repository)".to_string(),
                    ),
                };
                findings.push(
                    Finding::new(META.id, &file.source, store.span.clone(), message)
                        .secret(store.name.clone())
                        .label("store referenced here")
                        .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_a_missing_store_and_a_wrong_kind_and_not_on_a_defined_one() {
        let es = external_secret("app", "x");
        let inventory = format!("{HEADER}{}", stored_entry("a", "app", "x"));
        assert_eq!(
            findings_of(
                "unknown-secret-store",
                &[("es.yaml", es.as_str())],
                &inventory
            ),
            ["es.yaml:8:11"]
        );
        let namespaced = STORE.replace("ClusterSecretStore", "SecretStore");
        let wrong_kind = [
            ("store.yaml", namespaced.as_str()),
            ("es.yaml", es.as_str()),
        ];
        assert_eq!(
            findings_of("unknown-secret-store", &wrong_kind, &inventory),
            ["es.yaml:8:11"]
        );
        let defined = [("store.yaml", STORE), ("es.yaml", es.as_str())];
        assert!(findings_of("unknown-secret-store", &defined, &inventory).is_empty());
    }
}

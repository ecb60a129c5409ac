//! `unresolvable-reference`: a reference seclint cannot match statically.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};
use crate::model::RefKind;

/// `dataFrom.find` and templated keys hide which secrets they read.
pub(crate) struct UnresolvableReference;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unresolvable-reference",
    default_level: Level::Warning,
    docs: include_str!("../../rules/unresolvable-reference.md"),
};

impl Rule for UnresolvableReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for reference in &file.refs {
                let why = match reference.kind {
                    RefKind::Find => "`dataFrom.find` selects secrets at run time",
                    RefKind::Generator | RefKind::Placeholder => continue,
                    _ if reference.is_templated() => {
                        "the key is templated and only known at deploy time"
                    }
                    _ if reference.key.is_empty() => "the reference has no key",
                    _ => continue,
                };
                findings.push(
                    Finding::new(META.id, &file.source, reference.span.clone(), format!("cannot tell statically which secrets {} reads: {why}", reference.display()))
                        .secret(reference.display())
                        .label("not matched against the inventory")
                        .help("prefer `data[].remoteRef` or `dataFrom[].extract` with literal keys; otherwise list the secrets it reads in the inventory and ignore this with a reason"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_find_and_templated_keys_and_not_on_literal_ones() {
        let find = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {name: openbao, kind: ClusterSecretStore}\n  dataFrom:\n    - find:\n        name: {regexp: '^app'}\n";
        let files = [("store.yaml", STORE), ("es.yaml", find)];
        assert_eq!(
            findings_of("unresolvable-reference", &files, HEADER),
            ["es.yaml:6:7"]
        );
        let templated = external_secret("${CLUSTER}/app", "x");
        let files = [("store.yaml", STORE), ("es.yaml", templated.as_str())];
        assert_eq!(
            findings_of("unresolvable-reference", &files, HEADER),
            ["es.yaml:12:14"]
        );
        let literal = external_secret("app", "x");
        let files = [("store.yaml", STORE), ("es.yaml", literal.as_str())];
        assert!(findings_of("unresolvable-reference", &files, HEADER).is_empty());
    }

    #[test]
    fn an_ignore_above_the_find_item_applies() {
        let find = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {name: openbao, kind: ClusterSecretStore}\n  dataFrom:\n    # seclint: ignore[unresolvable-reference] the app owns apps/\n    - find:\n        path: apps/\n";
        let files = [("store.yaml", STORE), ("es.yaml", find)];
        assert!(findings_of("unresolvable-reference", &files, HEADER).is_empty());
        assert!(findings_of("unused-ignore", &files, HEADER).is_empty());
    }
}

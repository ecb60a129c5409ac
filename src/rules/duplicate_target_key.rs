//! `duplicate-target-key`: one ExternalSecret writes the same key twice.

use std::collections::HashMap;

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// Each `secretKey` of an ExternalSecret must be distinct.
pub(crate) struct DuplicateTargetKey;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "duplicate-target-key",
    default_level: Level::Error,
    docs: include_str!("../../rules/duplicate-target-key.md"),
};

impl Rule for DuplicateTargetKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for keys in &file.target_keys {
                let mut seen = HashMap::new();
                for key in keys {
                    let Some(first) = seen.insert(key.text.as_str(), key.span.clone()) else {
                        continue;
                    };
                    let (first_line, _) = file.source.line_col(first.start);
                    findings.push(
                        Finding::new(
                            META.id,
                            &file.source,
                            key.span.clone(),
                            format!(
                                "`secretKey: {}` is written twice (first on line {first_line}); the later one silently wins",
                                key.text
                            ),
                        )
                        .secret(key.text.clone())
                        .label("written again here")
                        .also(first, "first written here")
                        .help("rename one of the keys, or remove the duplicate entry"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_a_repeated_secret_key_only() {
        let es = |second: &str| {
            format!("apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {{name: openbao, kind: ClusterSecretStore}}\n  data:\n    - secretKey: a\n      remoteRef: {{key: app, property: x}}\n    - secretKey: {second}\n      remoteRef: {{key: app, property: y}}\n")
        };
        let twice = es("a");
        assert_eq!(
            findings_of(
                "duplicate-target-key",
                &[("es.yaml", twice.as_str())],
                HEADER
            ),
            ["es.yaml:8:18"]
        );
        let distinct = es("b");
        assert!(findings_of(
            "duplicate-target-key",
            &[("es.yaml", distinct.as_str())],
            HEADER
        )
        .is_empty());
    }
}

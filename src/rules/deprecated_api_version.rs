//! `deprecated-api-version`: an ESO API version current ESO no longer serves.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// Whether ESO still serves `api_version` for `kind`. `v1beta1` is gone
/// since ESO 0.17; `v1alpha1` remains only for PushSecret.
/// See: <https://external-secrets.io/latest/introduction/deprecation-policy/>
fn is_served(api_version: &str, kind: &str) -> bool {
    match api_version.rsplit('/').next() {
        Some("v1") => true,
        Some("v1alpha1") => kind == "PushSecret",
        _ => false,
    }
}

/// Manifests on a removed API version fail to apply after an upgrade.
pub(crate) struct DeprecatedApiVersion;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "deprecated-api-version",
    default_level: Level::Error,
    docs: include_str!("../../rules/deprecated-api-version.md"),
};

impl Rule for DeprecatedApiVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for used in &file.api_versions {
                if is_served(&used.api_version, &used.kind) {
                    continue;
                }
                let current = if used.kind == "PushSecret" {
                    "external-secrets.io/v1alpha1"
                } else {
                    "external-secrets.io/v1"
                };
                findings.push(
                    Finding::new(META.id, &file.source, used.span.clone(), format!("`{}` {} is no longer served by current External Secrets Operator", used.api_version, used.kind))
                        .secret(used.kind.clone())
                        .label("removed API version")
                        .help(format!("change it to `apiVersion: {current}` (the fields of {} are the same in v1)", used.kind)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_served;
    use crate::rules::testing::*;

    #[test]
    fn only_v1_and_push_secret_v1alpha1_are_served() {
        assert!(is_served("external-secrets.io/v1", "ExternalSecret"));
        assert!(is_served("external-secrets.io/v1alpha1", "PushSecret"));
        assert!(!is_served("external-secrets.io/v1beta1", "ExternalSecret"));
        assert!(!is_served("external-secrets.io/v1alpha1", "ExternalSecret"));
    }

    #[test]
    fn fires_on_a_v1beta1_store() {
        let old = STORE.replace("/v1\n", "/v1beta1\n");
        assert_eq!(
            findings_of(
                "deprecated-api-version",
                &[("s.yaml", old.as_str())],
                HEADER
            ),
            ["s.yaml:1:13"]
        );
        assert!(findings_of("deprecated-api-version", &[("s.yaml", STORE)], HEADER).is_empty());
    }
}

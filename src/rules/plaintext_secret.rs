//! `plaintext-secret`: a literal credential committed to the repository.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};
use crate::model::{FileModel, Plaintext, PlaintextContext};

fn literal(file: &FileModel, plaintext: &Plaintext) -> Finding {
    let (place, help) = match plaintext.context {
        PlaintextContext::SecretData | PlaintextContext::SecretStringData => (
            "a Kubernetes Secret",
            "move the value to OpenBao and read it with an ExternalSecret, or encrypt this file with SOPS",
        ),
        PlaintextContext::Values => (
            "Helm values",
            "store the value in OpenBao and point the chart at the synced Secret (`existingSecret`), or use a `###PLACEHOLDER###` the deploy step fills",
        ),
        PlaintextContext::EmbeddedConfig => (
            "embedded configuration",
            "replace the value with a `###PLACEHOLDER###` the deploy step fills, or read it from the environment",
        ),
    };
    let key = &plaintext.key.text;
    // The finding stands at the key, so an ignore comment on the key's line
    // (or above it) applies even when the value is a block scalar below.
    Finding::new(
        META.id,
        &file.source,
        plaintext.key.span.clone(),
        format!(
            "literal credential `{key}` in {place} ({} character{}, value redacted)",
            plaintext.length,
            if plaintext.length == 1 { "" } else { "s" }
        ),
    )
    .secret(key.clone())
    .label("literal credential")
    .also(plaintext.span.clone(), "value redacted")
    .help(format!(
        "{help}; then rotate it, since it is in the git history"
    ))
}

/// Credentials never go into git in the clear.
pub(crate) struct PlaintextSecret;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "plaintext-secret",
    default_level: Level::Error,
    docs: include_str!("../../rules/plaintext-secret.md"),
};

impl Rule for PlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            findings.extend(
                file.plaintexts
                    .iter()
                    .map(|plaintext| literal(file, plaintext)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_values_literals_and_not_on_references_or_usernames() {
        let values = "auth:\n  username: admin\n  host: db\n  port: 5432\n  password: hunter2-test\n  existingSecret: app\n  token: ${TOKEN}\n";
        assert_eq!(
            findings_of("plaintext-secret", &[("values.yaml", values)], HEADER),
            ["values.yaml:5:3"]
        );
    }

    #[test]
    fn an_ignore_above_a_block_scalar_key_silences_it() {
        let values = "auth:\n  # seclint: ignore[plaintext-secret] local test stack\n  password: |\n    hunter2-test\n";
        assert!(findings_of("plaintext-secret", &[("values.yaml", values)], HEADER).is_empty());
        let bare = values.replace(
            "  # seclint: ignore[plaintext-secret] local test stack\n",
            "",
        );
        assert_eq!(
            findings_of(
                "plaintext-secret",
                &[("values.yaml", bare.as_str())],
                HEADER
            ),
            ["values.yaml:2:3"]
        );
    }

    #[test]
    fn an_inline_ignore_with_reason_silences_it() {
        let values = "auth:\n  # seclint: ignore[plaintext-secret] throwaway test database\n  password: hunter2-test\n";
        assert!(findings_of("plaintext-secret", &[("values.yaml", values)], HEADER).is_empty());
        assert!(findings_of("unused-ignore", &[("values.yaml", values)], HEADER).is_empty());
    }
}

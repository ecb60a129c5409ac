//! `seal-config`: an incomplete or insecure transit seal stanza.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// A transit seal must name everything it needs to unseal after a restart.
pub(crate) struct SealConfig;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "seal-config",
    default_level: Level::Warning,
    docs: include_str!("../../rules/seal-config.md"),
};

impl Rule for SealConfig {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for seal in &file.seals {
                if !seal.missing.is_empty() {
                    let missing = seal.missing.join("`, `");
                    findings.push(
                        Finding::new(META.id, &file.source, seal.span.clone(), format!("transit seal lacks `{missing}`"))
                            .secret("seal \"transit\"")
                            .label("seal stanza")
                            .help("set each in the stanza, or provide it through the server's environment (VAULT_ADDR, VAULT_TOKEN, VAULT_TRANSIT_SEAL_KEY_NAME, VAULT_TRANSIT_SEAL_MOUNT_PATH)"),
                    );
                }
                if let Some(span) = &seal.skip_verify {
                    findings.push(
                        Finding::new(
                            META.id,
                            &file.source,
                            span.clone(),
                            "transit seal sets `tls_skip_verify`",
                        )
                        .secret("seal \"transit\"")
                        .label("TLS verification disabled")
                        .help("remove it and set `tls_ca_cert` to the CA of the unsealing server"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn values(body: &str) -> String {
        format!(
            "server:\n  standalone:\n    config: |\n      seal \"transit\" {{\n{body}      }}\n"
        )
    }

    #[test]
    fn fires_on_missing_settings_and_skip_verify() {
        let partial =
            values("        address = \"https://bao:8200\"\n        tls_skip_verify = \"true\"\n");
        let found = findings_of("seal-config", &[("values.yaml", partial.as_str())], HEADER);
        assert_eq!(found, ["values.yaml:4:7", "values.yaml:6:9"]);
    }

    #[test]
    fn is_silent_on_a_complete_stanza_or_settings_from_the_environment() {
        let complete = values("        address = \"https://bao:8200\"\n        token = \"###T###\"\n        key_name = \"unseal\"\n        mount_path = \"transit/\"\n");
        let inventory = format!("{HEADER}[[secret]]\nname = \"t\"\nplaceholders = [\"###T###\"]\n");
        assert!(findings_of(
            "seal-config",
            &[("values.yaml", complete.as_str())],
            &inventory
        )
        .is_empty());
        let from_env = format!(
            "{}  extraEnvironmentVars:\n    VAULT_TOKEN: x\n",
            values(
                "        address = \"a\"\n        key_name = \"k\"\n        mount_path = \"t/\"\n"
            )
        );
        assert!(
            findings_of("seal-config", &[("values.yaml", from_env.as_str())], HEADER).is_empty()
        );
    }
}

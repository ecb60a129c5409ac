//! `ignore-without-reason`: a suppression that does not say why.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// Every ignore must carry its reason, so a reviewer can judge it.
pub(crate) struct IgnoreWithoutReason;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "ignore-without-reason",
    default_level: Level::Error,
    docs: include_str!("../../rules/ignore-without-reason.md"),
};

impl Rule for IgnoreWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            for ignore in file.ignores.iter().filter(|ignore| ignore.reason.is_none()) {
                let rules = ignore.rules.join(", ");
                findings.push(
                    Finding::new(META.id, &file.source, ignore.span.clone(), format!("ignore[{rules}] gives no reason"))
                        .label("no reason after the rule list")
                        .help("write why after the bracket: `# seclint: ignore[rule-id] test fixture, never deployed`"),
                );
            }
        }
        let inventory = context.inventory;
        for ignore in &inventory.ignores {
            if ignore
                .reason
                .as_ref()
                .is_some_and(|reason| !reason.value.trim().is_empty())
            {
                continue;
            }
            let span = ignore
                .reason
                .as_ref()
                .map_or(ignore.header.clone(), |reason| reason.span.clone());
            let mut finding = Finding::new(
                META.id,
                &inventory.source,
                span,
                format!("[[ignore]] of `{}` gives no reason", ignore.rule.value),
            )
            .label("no reason")
            .help("add `reason = \"...\"` saying why this exception is acceptable");
            if let Some(secret) = &ignore.secret {
                finding = finding.secret(secret.value.clone());
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_a_bare_inline_ignore_and_a_reasonless_table() {
        let values = "auth:\n  password: hunter2-test # seclint: ignore[plaintext-secret]\n";
        assert_eq!(
            findings_of("ignore-without-reason", &[("values.yaml", values)], HEADER),
            ["values.yaml:2:26"]
        );
        let table =
            format!("{HEADER}[[ignore]]\nrule = \"plaintext-secret\"\nsecret = \"password\"\n");
        assert_eq!(
            findings_of("ignore-without-reason", &[("values.yaml", values)], &table).len(),
            2
        );
    }

    #[test]
    fn is_silent_when_reasons_are_given() {
        let values =
            "auth:\n  password: hunter2-test # seclint: ignore[plaintext-secret] local test only\n";
        assert!(
            findings_of("ignore-without-reason", &[("values.yaml", values)], HEADER).is_empty()
        );
    }
}

//! `contradictory-origin`: an external credential claimed to be regenerable.

use super::{Context, Rule, RuleMeta};
use crate::checklist::Question;
use crate::diagnostic::{Finding, Level};

/// `origin = "external"` and `regenerable = true` cannot both hold.
pub(crate) struct ContradictoryOrigin;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "contradictory-origin",
    default_level: Level::Error,
    docs: include_str!("../../rules/contradictory-origin.md"),
};

impl Rule for ContradictoryOrigin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for entry in &context.inventory.secrets {
            let Some(answer) = entry.answer(Question::Regenerable) else {
                continue;
            };
            if !entry.is_external() || !answer.value {
                continue;
            }
            let name = &entry.name.value;
            let mut finding = Finding::new(META.id, &context.inventory.source, answer.span.clone(), format!("`{name}` is an external credential but claims to be regenerable"))
                .secret(name.clone())
                .label("contradicts `origin = \"external\"`")
                .help("an external credential can only be re-entered from 1Password: set `regenerable = false`, or `origin = \"generated\"` if this cluster creates it");
            if let Some(origin) = &entry.origin {
                finding = finding.also(origin.span.clone(), "origin declared here");
            }
            findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_external_and_regenerable_only() {
        let entry = |origin: &str, regenerable: bool| {
            format!("{HEADER}[[secret]]\nname = \"a\"\norigin = \"{origin}\"\n[secret.checklist]\nregenerable = {regenerable}\n")
        };
        assert_eq!(
            findings_of("contradictory-origin", &[], &entry("external", true)),
            ["inventory.toml:7:15"]
        );
        assert!(findings_of("contradictory-origin", &[], &entry("external", false)).is_empty());
        assert!(findings_of("contradictory-origin", &[], &entry("generated", true)).is_empty());
    }
}

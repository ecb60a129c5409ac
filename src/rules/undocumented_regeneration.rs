//! `undocumented-regeneration`: a secret to be regenerated without saying how.

use super::{Context, Rule, RuleMeta};
use crate::checklist::Decision;
use crate::diagnostic::{Finding, Level};

/// Regenerated secrets need the chart or command that recreates them.
pub(crate) struct UndocumentedRegeneration;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "undocumented-regeneration",
    default_level: Level::Error,
    docs: include_str!("../../rules/undocumented-regeneration.md"),
};

impl Rule for UndocumentedRegeneration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for entry in &context.inventory.secrets {
            if entry.decision() != Decision::Regenerate {
                continue;
            }
            if entry
                .regenerate
                .as_ref()
                .is_some_and(|how| !how.value.trim().is_empty())
            {
                continue;
            }
            let span = entry
                .regenerate
                .as_ref()
                .map_or(entry.name.span.clone(), |how| how.span.clone());
            let name = &entry.name.value;
            findings.push(
                Finding::new(META.id, &context.inventory.source, span, format!("`{name}` is to be regenerated but `regenerate` does not say how"))
                    .secret(name.clone())
                    .label("decided \"regenerate\"")
                    .help("name the chart or command that recreates it, e.g. `regenerate = \"helm upgrade authelia (chart generates it)\"`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const NO_STORE: &str = "[secret.checklist]\nregenerable = true\nencrypts_stored_data = false\nshared_externally = false\none_time_origin = false\ndownstream_dependents = false\nrotated_externally = false\n";

    #[test]
    fn fires_when_regenerate_is_empty_and_not_when_set() {
        let entry = |how: &str| format!("{HEADER}[[secret]]\nname = \"a\"\n{how}{NO_STORE}");
        assert_eq!(
            findings_of("undocumented-regeneration", &[], &entry("")),
            ["inventory.toml:4:8"]
        );
        assert_eq!(
            findings_of(
                "undocumented-regeneration",
                &[],
                &entry("regenerate = \" \"\n")
            ),
            ["inventory.toml:5:14"]
        );
        assert!(findings_of(
            "undocumented-regeneration",
            &[],
            &entry("regenerate = \"helm upgrade app\"\n")
        )
        .is_empty());
    }
}

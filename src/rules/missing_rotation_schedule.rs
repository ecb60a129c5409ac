//! `missing-rotation-schedule`: rotated externally, but no schedule written.

use super::{Context, Rule, RuleMeta};
use crate::checklist::Question;
use crate::diagnostic::{Finding, Level};

/// An externally rotated secret needs its rotation period documented.
pub(crate) struct MissingRotationSchedule;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "missing-rotation-schedule",
    default_level: Level::Error,
    docs: include_str!("../../rules/missing-rotation-schedule.md"),
};

impl Rule for MissingRotationSchedule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for entry in &context.inventory.secrets {
            let Some(answer) = entry
                .answer(Question::RotatedExternally)
                .filter(|a| a.value)
            else {
                continue;
            };
            if entry
                .rotation
                .as_ref()
                .is_some_and(|rotation| !rotation.value.trim().is_empty())
            {
                continue;
            }
            let name = &entry.name.value;
            findings.push(
                Finding::new(
                    META.id,
                    &context.inventory.source,
                    answer.span.clone(),
                    format!("`{name}` is rotated externally but has no `rotation` schedule"),
                )
                .secret(name.clone())
                .label("rotated externally")
                .help(
                    "add `rotation = \"90d\"` (the period after which 1Password's copy is stale)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_without_rotation_and_not_with_it() {
        let entry = |rotation: &str| {
            format!("{HEADER}[[secret]]\nname = \"a\"\norigin = \"external\"\nsource = \"op://V/I/f\"\n{rotation}[secret.checklist]\nrotated_externally = true\n")
        };
        assert_eq!(
            findings_of("missing-rotation-schedule", &[], &entry("")),
            ["inventory.toml:8:22"]
        );
        assert!(findings_of(
            "missing-rotation-schedule",
            &[],
            &entry("rotation = \"90d\"\n")
        )
        .is_empty());
    }
}

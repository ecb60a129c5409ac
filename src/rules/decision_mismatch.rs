//! `decision-mismatch`: the declared `decision` is not what the checklist
//! concludes.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};
use crate::inventory::{Entry, Inventory, Spanned};

fn mismatch(
    inventory: &Inventory,
    entry: &Entry,
    declared: &Spanned<String>,
    actual: &str,
) -> Finding {
    let name = &entry.name.value;
    Finding::new(
        META.id,
        &inventory.source,
        declared.span.clone(),
        format!(
            "`{name}` declares `{}` but its checklist decides `{actual}`",
            declared.value
        ),
    )
    .secret(name.clone())
    .label("declared here")
    .help(format!(
        "set `decision = \"{actual}\"`, or correct the checklist answers if they are wrong"
    ))
}

/// A written decision must agree with the checklist.
pub(crate) struct DecisionMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "decision-mismatch",
    default_level: Level::Error,
    docs: include_str!("../../rules/decision-mismatch.md"),
};

impl Rule for DecisionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for entry in &context.inventory.secrets {
            let (Some(declared), Some(actual)) = (&entry.decision, entry.decision().keyword())
            else {
                continue;
            };
            if declared.value != actual {
                findings.push(mismatch(context.inventory, entry, declared, actual));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_when_declared_differs_and_not_when_equal() {
        let entry = |decision: &str| {
            format!("{HEADER}[[secret]]\nname = \"a\"\norigin = \"external\"\ndecision = \"{decision}\"\n")
        };
        assert_eq!(
            findings_of("decision-mismatch", &[], &entry("regenerate")),
            ["inventory.toml:6:12"]
        );
        assert!(findings_of("decision-mismatch", &[], &entry("store")).is_empty());
    }
}

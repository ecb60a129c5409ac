//! `incomplete-classification`: an entry whose checklist stops before a
//! decision.

use super::{Context, Rule, RuleMeta};
use crate::checklist::{Decision, Question};
use crate::diagnostic::{Finding, Level};
use crate::inventory::{Entry, Inventory};

fn unanswered(inventory: &Inventory, entry: &Entry, missing: Question) -> Finding {
    let name = &entry.name.value;
    Finding::new(META.id, &inventory.source, entry.name.span.clone(), format!("`{name}` is unclassified: {missing} is unanswered"))
        .secret(name.clone())
        .label("entry declared here")
        .help(format!("answer `{}` in its [secret.checklist]; the questions are asked in order until one says \"store\"", missing.key()))
}

/// Every entry's checklist must reach a decision.
pub(crate) struct IncompleteClassification;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "incomplete-classification",
    default_level: Level::Error,
    docs: include_str!("../../rules/incomplete-classification.md"),
};

impl Rule for IncompleteClassification {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for entry in &context.inventory.secrets {
            if let Decision::Unclassified { missing } = entry.decision() {
                findings.push(unanswered(context.inventory, entry, missing));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_when_answers_stop_early_and_not_when_decided() {
        let gap =
            format!("{HEADER}[[secret]]\nname = \"a\"\n[secret.checklist]\nregenerable = true\n");
        assert_eq!(
            findings_of("incomplete-classification", &[], &gap),
            ["inventory.toml:4:8"]
        );
        let decided = format!("{HEADER}[[secret]]\nname = \"a\"\n[secret.checklist]\nregenerable = true\nencrypts_stored_data = true\n");
        assert!(findings_of("incomplete-classification", &[], &decided).is_empty());
    }
}

//! `unused-ignore`: an ignore that no longer suppresses anything. Runs after
//! suppression, so it is called by the engine rather than listed in
//! `ALL_RULES`.

use super::{Context, IgnoreUsage, RuleMeta};
use crate::diagnostic::{Finding, Level};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unused-ignore",
    default_level: Level::Warning,
    docs: include_str!("../../rules/unused-ignore.md"),
};

/// Reports every inline comment and `[[ignore]]` table that matched nothing.
pub(crate) fn check(context: &Context<'_>, usage: &IgnoreUsage, findings: &mut Vec<Finding>) {
    for (file, used) in context.files.iter().zip(&usage.inline) {
        for (ignore, &was_used) in file.ignores.iter().zip(used) {
            if was_used {
                continue;
            }
            let message = if ignore.rules.is_empty() {
                "malformed ignore comment: no `[rule-id]` list".to_string()
            } else {
                format!("ignore[{}] suppresses nothing", ignore.rules.join(", "))
            };
            findings.push(
                Finding::new(META.id, &file.source, ignore.span.clone(), message)
                    .label("stale or misplaced")
                    .help("remove it, or move it onto (or just above) the line it is meant for: `# seclint: ignore[rule-id] reason`"),
            );
        }
    }
    let inventory = context.inventory;
    for (ignore, &was_used) in inventory.ignores.iter().zip(&usage.tables) {
        if was_used {
            continue;
        }
        let target = ignore
            .secret
            .as_ref()
            .map_or(String::new(), |secret| format!(" for `{}`", secret.value));
        let mut finding = Finding::new(
            META.id,
            &inventory.source,
            ignore.rule.span.clone(),
            format!(
                "[[ignore]] of `{}`{target} suppresses nothing",
                ignore.rule.value
            ),
        )
        .label("stale exception")
        .help("remove the [[ignore]] table; the problem it excused is gone");
        if let Some(secret) = &ignore.secret {
            finding = finding.secret(secret.value.clone());
        }
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_ignores_that_match_nothing() {
        let values =
            "auth:\n  # seclint: ignore[plaintext-secret] no longer needed\n  username: admin\n";
        assert_eq!(
            findings_of("unused-ignore", &[("values.yaml", values)], HEADER),
            ["values.yaml:2:3"]
        );
        let table = format!(
            "{HEADER}[[ignore]]\nrule = \"orphaned-entry\"\nsecret = \"gone\"\nreason = \"old\"\n"
        );
        assert_eq!(
            findings_of("unused-ignore", &[], &table),
            ["inventory.toml:4:8"]
        );
    }

    #[test]
    fn a_file_glob_may_start_with_dot_slash() {
        let values = "auth:\n  password: hunter2-test\n";
        let table = format!("{HEADER}[[ignore]]\nrule = \"plaintext-secret\"\nfile = \"./values.yaml\"\nreason = \"local test stack\"\n");
        let files = [("values.yaml", values)];
        assert!(findings_of("plaintext-secret", &files, &table).is_empty());
        assert!(findings_of("unused-ignore", &files, &table).is_empty());
    }
}

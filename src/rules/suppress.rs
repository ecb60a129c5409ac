//! Applies inline `# seclint: ignore[...]` comments and `[[ignore]]` tables
//! to findings, and records which ignores suppressed something.

use super::Context;
use crate::diagnostic::Finding;

/// Which ignores were used: `inline[file][i]`, `tables[i]`.
#[derive(Debug, Default)]
pub(crate) struct IgnoreUsage {
    pub(crate) inline: Vec<Vec<bool>>,
    pub(crate) tables: Vec<bool>,
}

/// Drops suppressed findings; returns the rest and the usage.
pub(crate) fn apply(context: &Context<'_>, findings: Vec<Finding>) -> (Vec<Finding>, IgnoreUsage) {
    let mut usage = IgnoreUsage {
        inline: context
            .files
            .iter()
            .map(|file| vec![false; file.ignores.len()])
            .collect(),
        tables: vec![false; context.inventory.ignores.len()],
    };
    let file_index: std::collections::HashMap<&str, usize> = context
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.source.path.as_str(), index))
        .collect();
    let globs: Vec<Option<globset::GlobMatcher>> = context
        .inventory
        .ignores
        .iter()
        .map(|ignore| {
            let file = ignore.file.as_ref()?;
            globset::Glob::new(&file.value)
                .ok()
                .map(|glob| glob.compile_matcher())
        })
        .collect();

    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut suppressed = false;
        if let Some(&index) = file_index.get(finding.file.as_str()) {
            for (slot, ignore) in context.files[index].ignores.iter().enumerate() {
                if ignore.lines.contains(&finding.line)
                    && ignore.rules.iter().any(|rule| rule == finding.rule)
                {
                    usage.inline[index][slot] = true;
                    suppressed = true;
                }
            }
        }
        for (slot, ignore) in context.inventory.ignores.iter().enumerate() {
            let rule_ok = ignore.rule.value == finding.rule;
            let secret_ok = ignore
                .secret
                .as_ref()
                .is_none_or(|secret| finding.secret.as_deref() == Some(secret.value.as_str()));
            let file_ok = globs[slot]
                .as_ref()
                .is_none_or(|glob| glob.is_match(&finding.file));
            if rule_ok && secret_ok && file_ok {
                usage.tables[slot] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    (kept, usage)
}

//! `invalid-yaml`: a YAML file (not a template) that does not parse.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Finding, Level};

/// Secrets in a file seclint cannot read are not checked.
pub(crate) struct InvalidYaml;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "invalid-yaml",
    default_level: Level::Error,
    docs: include_str!("../../rules/invalid-yaml.md"),
};

impl Rule for InvalidYaml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>) {
        for file in context.files {
            let Some(error) = &file.error else {
                continue;
            };
            let end = (error.offset + 1).min(file.source.text.len());
            let message = format!("cannot parse this file as YAML: {}", error.message.trim());
            findings.push(
                Finding::new(META.id, &file.source, error.offset.min(end)..end, message)
                    .label("parsing stopped here")
                    .help("fix the syntax (documents after the broken one are still read); if it is a template, add it to `exclude`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_broken_yaml_but_not_on_templates_or_valid_files() {
        assert_eq!(
            findings_of("invalid-yaml", &[("a.yaml", "a: [1, 2\n")], HEADER).len(),
            1
        );
        assert!(
            findings_of("invalid-yaml", &[("a.yaml", "a: {{ .Values.x }\n")], HEADER).is_empty()
        );
        assert!(findings_of("invalid-yaml", &[("a.yaml", "a: 1\n")], HEADER).is_empty());
    }
}

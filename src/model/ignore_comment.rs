//! `# seclint: ignore[rule-id, ...] reason` comments in YAML files.

use std::ops::Range;

use crate::source::SourceFile;

/// One inline ignore comment and the lines it covers.
#[derive(Debug, Clone)]
pub(crate) struct InlineIgnore {
    pub(crate) rules: Vec<String>,
    pub(crate) reason: Option<String>,
    pub(crate) span: Range<usize>,
    /// 1-based lines whose findings it may suppress: its own, and the next
    /// one when the comment stands alone on its line.
    pub(crate) lines: Range<usize>,
}

impl InlineIgnore {
    /// Reads a comment (`text` is what follows `#`); `None` when it is not a
    /// seclint directive.
    pub(crate) fn parse(text: &str, span: Range<usize>, file: &SourceFile) -> Option<InlineIgnore> {
        let directive = text.trim().strip_prefix("seclint:")?.trim_start();
        let rest = directive.strip_prefix("ignore")?;
        let (rules, reason) = match rest
            .trim_start()
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
        {
            Some((list, reason)) => {
                let rules = list
                    .split(',')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect();
                (rules, reason)
            }
            None => (Vec::new(), ""),
        };
        let reason = reason.trim().trim_start_matches([':', '-', '—']).trim();
        let (line, _) = file.line_col(span.start);
        let own_line = file.line_span(line);
        let alone = file.text[own_line.start..span.start].trim().is_empty();
        let last = if alone { line + 1 } else { line };
        Some(InlineIgnore {
            rules,
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            span,
            lines: line..last + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<InlineIgnore> {
        let file = SourceFile::new("a.yaml".into(), format!("a: 1\n#{text}\nb: 2\n"));
        InlineIgnore::parse(text, 5..6 + text.len(), &file)
    }

    #[test]
    fn rules_and_reason_are_read() {
        let ignore =
            read(" seclint: ignore[plaintext-secret, orphaned-entry] test fixture").unwrap();
        assert_eq!(ignore.rules, ["plaintext-secret", "orphaned-entry"]);
        assert_eq!(ignore.reason.as_deref(), Some("test fixture"));
        assert_eq!(ignore.lines, 2..4);
    }

    #[test]
    fn a_missing_reason_is_none_and_other_comments_are_not_directives() {
        assert_eq!(
            read(" seclint: ignore[plaintext-secret]").unwrap().reason,
            None
        );
        assert!(read(" just a comment").is_none());
        assert!(read(" seclint: ignore plaintext").unwrap().rules.is_empty());
    }
}

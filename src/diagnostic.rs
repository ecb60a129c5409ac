//! Findings: what a rule reports, where, and what to do about it.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::source::SourceFile;

/// How serious a finding is; `Allow` turns a rule off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Allow,
    Warning,
    Error,
}

impl Level {
    pub(crate) fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Level::Allow => "allow",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// A secondary span in the same file, with what it shows.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    pub(crate) span: Range<usize>,
    pub(crate) text: String,
}

/// One problem found by a rule. Messages never contain secret values.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(crate) rule: &'static str,
    pub(crate) level: Level,
    pub(crate) file: String,
    pub(crate) span: Range<usize>,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) secret: Option<String>,
    pub(crate) message: String,
    pub(crate) label: String,
    pub(crate) help: String,
    pub(crate) labels: Vec<Label>,
}

impl Finding {
    /// A finding at `span` of `file`; the level is the rule's default until
    /// the configuration is applied.
    pub(crate) fn new(
        rule: &'static str,
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = file.line_col(span.start);
        Finding {
            rule,
            level: Level::Error,
            file: file.path.clone(),
            span,
            line,
            column,
            secret: None,
            message: message.into(),
            label: String::new(),
            help: String::new(),
            labels: Vec::new(),
        }
    }

    pub(crate) fn secret(mut self, name: impl Into<String>) -> Self {
        self.secret = Some(name.into());
        self
    }

    pub(crate) fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }

    pub(crate) fn help(mut self, text: impl Into<String>) -> Self {
        self.help = text.into();
        self
    }

    pub(crate) fn also(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Sort key: file, line, column, rule.
    pub(crate) fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.file, self.line, self.column, self.rule)
    }
}

//! `--format json`, exactly as SPEC §6.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::Level;
use crate::scan::Analysis;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: &'a Summary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: Level,
    file: &'a str,
    line: usize,
    column: usize,
    secret: Option<&'a str>,
    message: &'a str,
    help: &'a str,
}

pub(crate) fn render(analysis: &Analysis) -> anyhow::Result<String> {
    let findings = analysis
        .findings
        .iter()
        .map(|finding| JsonFinding {
            rule: finding.rule,
            level: finding.level,
            file: &finding.file,
            line: finding.line,
            column: finding.column,
            secret: finding.secret.as_deref(),
            message: &finding.message,
            help: &finding.help,
        })
        .collect();
    let report = Report {
        version: 1,
        summary: &analysis.summary,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}

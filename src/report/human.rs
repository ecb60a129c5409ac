//! Human output: miette diagnostics with the offending line (secret values
//! masked), then a one-line summary.

use std::collections::HashMap;
use std::ops::Range;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity,
};

use crate::cli::OutputArgs;
use crate::diagnostic::{Finding, Level};
use crate::inventory::load::Problem;
use crate::scan::Analysis;
use crate::source::SourceFile;

/// Renders every finding and the summary line.
pub(crate) fn render(analysis: &Analysis, output: &OutputArgs) -> String {
    let color = super::use_color(output.color, &std::io::stdout());
    let handler = handler(color);
    let sources = masked_sources(analysis);
    let mut text = String::new();
    for finding in &analysis.findings {
        let source = sources
            .get(finding.file.as_str())
            .cloned()
            .unwrap_or_default();
        let report = FindingReport {
            finding,
            source: NamedSource::new(&finding.file, WholeLines(source)),
            // The inventory holds no values; a manifest may, in a comment.
            distant_labels: finding.file == analysis.inventory.source.path,
        };
        if handler.render_report(&mut text, &report).is_err() {
            text.push_str(&format!("{}: {}\n", finding.rule, finding.message));
        }
    }
    if !output.quiet {
        text.push_str(&summary_line(analysis));
    }
    text
}

/// Inventory problems as diagnostics; the run stops after them.
pub(crate) fn inventory_problems(file: &SourceFile, problems: &[Problem], color: bool) -> String {
    let handler = handler(color);
    let mut text = String::new();
    for problem in problems {
        let report = ProblemReport {
            problem,
            source: NamedSource::new(&file.path, WholeLines(file.text.to_string())),
        };
        if handler.render_report(&mut text, &report).is_err() {
            text.push_str(&format!("{}: {}\n", file.path, problem.message));
        }
    }
    let count = problems.len();
    text.push_str(&format!(
        "error: {} is invalid ({count} problem{}); nothing was checked\n",
        file.path,
        plural(count)
    ));
    text
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // No context lines: a neighbouring line could hold a secret we did not
    // recognise, and the offending line is what the reader needs.
    GraphicalReportHandler::new_themed(theme)
        .with_context_lines(0)
        .with_width(100)
        .with_links(false)
}

/// Each file with findings, with every secret value replaced by `*`.
fn masked_sources(analysis: &Analysis) -> HashMap<&str, String> {
    let mut sources = HashMap::new();
    for finding in &analysis.findings {
        if sources.contains_key(finding.file.as_str()) {
            continue;
        }
        let text = match analysis.file(&finding.file) {
            Some(file) => file.source.masked(&file.sensitive),
            None => analysis
                .source(&finding.file)
                .map_or_else(String::new, |source| source.text.to_string()),
        };
        sources.insert(finding.file.as_str(), text);
    }
    sources
}

fn summary_line(analysis: &Analysis) -> String {
    let summary = &analysis.summary;
    let scope = format!(
        "{} file{}, {} reference{}, {} inventory entr{}",
        summary.files,
        plural(summary.files),
        summary.references,
        plural(summary.references),
        summary.secrets,
        if summary.secrets == 1 { "y" } else { "ies" }
    );
    if analysis.findings.is_empty() {
        return format!("no findings ({scope} checked)\n");
    }
    format!(
        "{} error{}, {} warning{} ({scope} checked)\n",
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings)
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// A finding as miette sees it.
struct FindingReport<'f> {
    finding: &'f Finding,
    source: NamedSource<WholeLines>,
    distant_labels: bool,
}

impl std::fmt::Debug for FindingReport<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.finding.message)
    }
}

impl std::fmt::Display for FindingReport<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingReport<'_> {}

impl Diagnostic for FindingReport<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.finding.level {
            Level::Error => Severity::Error,
            Level::Warning | Level::Allow => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        (!self.finding.help.is_empty())
            .then(|| Box::new(&self.finding.help) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.source.inner().0.as_str();
        let primary = labeled(&self.finding.label, &self.finding.span, true, text);
        // Labels on other lines would make miette print every line between
        // them, comments included; outside the inventory, keep to one line.
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count();
        let primary_line = line_of(self.finding.span.start);
        let others = self
            .finding
            .labels
            .iter()
            .filter(move |label| self.distant_labels || line_of(label.span.start) == primary_line)
            .map(|label| labeled(&label.text, &label.span, false, text));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

fn labeled(text: &str, span: &Range<usize>, primary: bool, source: &str) -> LabeledSpan {
    let label = (!text.is_empty()).then(|| text.to_string());
    // Only the first line of a multi-line value is shown: the lines after it
    // belong to the value, or (past a block scalar's end) to other keys.
    let first_line_end = source
        .get(span.start..span.end)
        .and_then(|spanned| spanned.find('\n'))
        .map_or(span.end, |at| span.start + at);
    let length = first_line_end.saturating_sub(span.start);
    if primary {
        LabeledSpan::new_primary_with_span(label, (span.start, length))
    } else {
        LabeledSpan::new_with_span(label, (span.start, length))
    }
}

/// An inventory problem as miette sees it.
struct ProblemReport<'p> {
    problem: &'p Problem,
    source: NamedSource<WholeLines>,
}

impl std::fmt::Debug for ProblemReport<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.problem.message)
    }
}

impl std::fmt::Display for ProblemReport<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.problem.message)
    }
}

impl std::error::Error for ProblemReport<'_> {}

impl Diagnostic for ProblemReport<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("inventory"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.problem
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.source.inner().0.as_str();
        Some(Box::new(std::iter::once(labeled(
            "here",
            &self.problem.span,
            true,
            text,
        ))))
    }
}

/// Source text whose snippets always cover whole lines, so the key and the
/// (masked) value of the offending line are shown together.
struct WholeLines(String);

impl miette::SourceCode for WholeLines {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.0.as_str();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).clamp(start, text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
        let whole = miette::SourceSpan::from((line_start, line_end - line_start));
        let contents = text.read_span(&whole, context_lines_before, context_lines_after)?;
        // Keep the exact column of the span for the `file:line:column` header.
        let column = text[line_start..start].chars().count();
        Ok(Box::new(miette::MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

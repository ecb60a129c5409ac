//! Renderers: one per output format. They receive the complete, sorted list
//! of findings and write the whole report at once.

pub(crate) mod catalogue;
mod human;
mod json;
mod sarif;

use std::io::IsTerminal;

use serde::Serialize;

use crate::cli::{Color, Format, OutputArgs};
use crate::diagnostic::{Finding, Level};
use crate::inventory::{Inventory, InventoryError};
use crate::model::FileModel;
use crate::scan::Analysis;

/// The counts every report carries.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) references: usize,
    pub(crate) secrets: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

impl Summary {
    pub(crate) fn new(files: &[FileModel], inventory: &Inventory, findings: &[Finding]) -> Self {
        let count = |level| {
            findings
                .iter()
                .filter(|finding| finding.level == level)
                .count()
        };
        Summary {
            files: files.len(),
            references: files.iter().map(|file| file.references).sum(),
            secrets: inventory.secrets.len(),
            errors: count(Level::Error),
            warnings: count(Level::Warning),
        }
    }
}

/// Writes the report for `analysis` to stdout in the chosen format.
pub(crate) fn render(analysis: &Analysis, output: &OutputArgs) -> anyhow::Result<()> {
    let text = match output.format {
        Format::Human => human::render(analysis, output),
        Format::Json => json::render(analysis)?,
        Format::Sarif => sarif::render(analysis)?,
    };
    crate::write_stdout(&text)
}

/// Reports a failed run on stderr: inventory problems as diagnostics with
/// their source lines, anything else as an error chain.
#[expect(clippy::print_stderr, reason = "the failure report goes to stderr")]
pub(crate) fn failure(error: &anyhow::Error, output: &OutputArgs) {
    let color = use_color(output.color, &std::io::stderr());
    let text = match error.downcast_ref::<InventoryError>() {
        Some(InventoryError::Invalid { file, problems }) => {
            human::inventory_problems(file, problems, color)
        }
        _ => {
            let causes: Vec<String> = error
                .chain()
                .skip(1)
                .map(|cause| format!("\n  caused by: {cause}"))
                .collect();
            format!("error: {error}{}\n", causes.concat())
        }
    };
    eprint!("{text}");
}

/// Whether to colour output written to `stream`.
pub(crate) fn use_color(choice: Color, stream: &impl IsTerminal) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

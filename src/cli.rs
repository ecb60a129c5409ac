//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keeps a GitOps repository's secret inventory honest, so that losing
/// OpenBao's storage is an outage and not data loss.
#[derive(Debug, Parser)]
#[command(name = "seclint", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 no error-level findings; 1 error-level findings (or warnings under --deny warnings); 2 the run itself failed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Static analysis of the whole repository, no network: the pre-commit and CI gate.
    Check(RootArgs),
    /// Write a starting inventory.toml from the references found, every entry unclassified.
    Init {
        #[command(flatten)]
        root: RootArgs,
        /// Overwrite an existing inventory.
        #[arg(long)]
        force: bool,
    },
    /// List the rules with their default level and summary.
    Rules,
    /// Print a rule's rationale, example and fix.
    Explain {
        /// The rule id, e.g. plaintext-secret.
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct RootArgs {
    /// The repository root to scan.
    #[arg(default_value = ".")]
    pub root: PathBuf,
    /// The inventory file (default: ROOT/inventory.toml).
    #[arg(long, value_name = "PATH")]
    pub inventory: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Report format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat findings of this level as failures too (`warnings`).
    #[arg(long, global = true, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// Print only findings, no summary line.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is honoured under auto).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// More logging on stderr (-v, -vv); RUST_LOG overrides.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

//! seclint: keeps a GitOps repository's secret inventory honest, so that the
//! inventory plus 1Password are enough to rebuild every secret after
//! OpenBao's storage is lost.
//!
//! Data flows one way: walk → parse (with spans) → model → rules → findings
//! → renderer.

mod checklist;
mod cli;
mod diagnostic;
mod init;
mod inventory;
mod model;
mod parse;
mod report;
mod rules;
mod scan;
mod source;
mod sources;

use std::io::{self, Write};

pub use cli::{Cli, Color, Command, Deny, Format, OutputArgs, RootArgs};

/// Exit code: no error-level findings.
pub const EXIT_OK: u8 = 0;
/// Exit code: error-level findings (or warnings under `--deny warnings`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the run itself failed.
pub const EXIT_FAILURE: u8 = 2;

/// Runs a parsed command line and returns the process exit code.
///
/// ```
/// use clap::Parser;
///
/// let cli = seclint::Cli::parse_from(["seclint", "rules", "--quiet"]);
/// assert_eq!(seclint::run(&cli), seclint::EXIT_OK);
///
/// let missing = seclint::Cli::parse_from(["seclint", "check", "/no/such/repository"]);
/// assert_eq!(seclint::run(&missing), seclint::EXIT_FAILURE);
/// ```
pub fn run(cli: &Cli) -> u8 {
    let result = match &cli.command {
        Command::Check(root) => scan::check(root, &cli.output),
        Command::Init { root, force } => init::init(root, *force, &cli.output),
        Command::Rules => report::catalogue::rules(&cli.output),
        Command::Explain { rule } => report::catalogue::explain(rule, &cli.output),
    };
    match result {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => EXIT_OK,
        Err(error) => {
            report::failure(&error, &cli.output);
            EXIT_FAILURE
        }
    }
}

/// Logging to stderr; `-q` keeps errors only, `-v`/`-vv` add more.
pub fn init_logging(output: &OutputArgs) {
    let default = match (output.quiet, output.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(report::use_color(output.color, &io::stderr()))
        .try_init();
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// Writes the whole report to stdout at once.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

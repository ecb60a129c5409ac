//! The `seclint` binary: parse arguments, set up logging, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match seclint::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // clap uses 2 for usage errors and 0 for --help / --version.
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    seclint::init_logging(&cli.output);
    ExitCode::from(seclint::run(&cli))
}

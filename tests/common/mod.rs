//! Helpers shared by the integration tests: how to start the binary.

use std::path::PathBuf;

use assert_cmd::Command;

/// The crate root: fixtures and the bundled example live here.
pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `seclint` binary with a deterministic environment: no colour, a fixed
/// terminal width for clap's help, no log filter from the caller, and the
/// crate root as working directory (so fixture paths are relative).
pub(crate) fn seclint() -> Command {
    let mut command = Command::cargo_bin("seclint").unwrap();
    command
        .current_dir(manifest_dir())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_LOG");
    command
}

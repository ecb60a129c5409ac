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

/// Every rule id, from `seclint rules --format json`; ids must be unique.
// `expect` cannot be used: each test crate compiles this module on its own,
// and only some of them call it.
#[allow(dead_code, reason = "used by the cli and rules tests only")]
pub(crate) fn rule_ids() -> Vec<String> {
    let output = seclint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<String> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate rule ids: {ids:?}");
    ids
}

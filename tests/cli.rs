//! End-to-end tests of the binary: exit codes, the JSON and SARIF report
//! shapes (SPEC §6), `init`, `rules`, `explain` and `--help`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::{Map, Value};

use common::{manifest_dir, rule_ids, seclint};

/// A bad fixture with error-level findings.
const ERRORS_FIXTURE: &str = "fixtures/unclassified-secret/bad";
/// A bad fixture whose only findings are warnings.
const WARNINGS_FIXTURE: &str = "fixtures/orphaned-entry/bad";
/// A fixture that raises every rule.
const ALL_RULES_FIXTURE: &str = "fixtures/all-rules";

// ---------------------------------------------------------------- exit codes

#[test]
fn bundled_example_is_clean() {
    seclint()
        .args(["check", ".", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn error_findings_exit_1() {
    seclint()
        .args(["check", ERRORS_FIXTURE, "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no findings").not());
}

#[test]
fn warnings_alone_exit_0() {
    seclint()
        .args(["check", WARNINGS_FIXTURE, "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 warnings"));
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    for format in ["human", "json", "sarif"] {
        seclint()
            .args(["check", WARNINGS_FIXTURE, "--deny", "warnings"])
            .args(["--format", format, "--color", "never"])
            .assert()
            .code(1);
    }
}

#[test]
fn deny_warnings_keeps_clean_runs_at_0() {
    seclint()
        .args(["check", ".", "--deny", "warnings", "--color", "never"])
        .assert()
        .code(0);
}

#[test]
fn missing_inventory_exits_2() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join(ERRORS_FIXTURE), repo.path());
    std::fs::remove_file(repo.path().join("inventory.toml")).unwrap();

    for stderr in stderr_of_failed_checks(repo.path()) {
        assert!(stderr.contains("inventory"), "{stderr}");
    }
}

#[test]
fn missing_explicit_inventory_exits_2() {
    let output = seclint()
        .args(["check", ".", "--inventory", "does-not-exist.toml"])
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert_failed_run(&output);
    assert!(text(&output.stderr).contains("does-not-exist.toml"));
}

#[test]
fn missing_root_exits_2() {
    let output = seclint()
        .args(["check", "no/such/dir", "--color", "never"])
        .output()
        .unwrap();
    assert_failed_run(&output);
}

#[test]
fn broken_inventory_syntax_exits_2() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join(ERRORS_FIXTURE), repo.path());
    let broken = "[inventory\nversion = 1\n\n[[secret]]\nname = \"app\n";
    std::fs::write(repo.path().join("inventory.toml"), broken).unwrap();

    for stderr in stderr_of_failed_checks(repo.path()) {
        assert!(stderr.contains("inventory.toml"), "{stderr}");
    }
}

#[test]
fn unknown_inventory_key_exits_2_and_names_it() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(
        &manifest_dir().join("fixtures/undocumented-regeneration/good"),
        repo.path(),
    );
    let path = repo.path().join("inventory.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let line = original
        .lines()
        .position(|line| line.starts_with("regenerate = "))
        .unwrap()
        + 1;
    let typo = original.replacen("\nregenerate = ", "\nregenrate = ", 1);
    std::fs::write(&path, typo).unwrap();

    for stderr in stderr_of_failed_checks(repo.path()) {
        assert!(stderr.contains("regenrate"), "{stderr}");
        assert!(
            stderr.contains(&format!("inventory.toml:{line}:")),
            "stderr does not name line {line}: {stderr}"
        );
    }
}

#[test]
fn unknown_flag_exits_2() {
    let output = seclint()
        .args(["check", ".", "--no-such-flag"])
        .output()
        .unwrap();
    assert_failed_run(&output);
    assert!(text(&output.stderr).contains("--no-such-flag"));
}

#[test]
fn unknown_format_exits_2() {
    let output = seclint()
        .args(["check", ".", "--format", "xml"])
        .output()
        .unwrap();
    assert_failed_run(&output);
}

#[test]
fn explain_unknown_rule_exits_2() {
    let output = seclint()
        .args(["explain", "no-such-rule"])
        .output()
        .unwrap();
    assert_failed_run(&output);
    assert!(text(&output.stderr).contains("no-such-rule"));
}

#[test]
fn broken_pipe_exits_quietly() {
    // The SARIF report of all-rules (over 100 kB) is larger than a pipe
    // buffer, so writing it hits the closed pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_seclint"))
        .current_dir(manifest_dir())
        .args(["check", ALL_RULES_FIXTURE, "--format", "sarif"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn quiet_drops_the_summary_line() {
    seclint()
        .args(["check", ".", "--quiet", "--color", "never"])
        .assert()
        .code(0)
        .stdout("");
    seclint()
        .args(["check", WARNINGS_FIXTURE, "--quiet", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("orphaned-entry"))
        .stdout(predicate::str::contains("checked)").not());
}

#[test]
fn ignore_files_exclude_globs_and_hidden_directories() {
    let repo = tempfile::tempdir().unwrap();
    let inventory = "[inventory]\nversion = 1\nexclude = [\"vendor/**\"]\n";
    let values = "auth:\n  password: fixture-literal-password\n";
    let files = [
        ("inventory.toml", inventory),
        (".gitignore", "ignored/\n"),
        ("ignored/values.yaml", values),
        ("vendor/values.yaml", values),
        (".git/values.yaml", values),
        (".archive/values.yaml", values),
    ];
    for (name, text) in files {
        let path = repo.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    let output = seclint()
        .arg("check")
        .arg(repo.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [".archive/values.yaml"], "{report:#}");
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
}

#[test]
fn rule_levels_can_be_changed_in_the_inventory() {
    let repo = tempfile::tempdir().unwrap();
    let values = "auth:\n  password: fixture-literal-password\n";
    std::fs::write(repo.path().join("values.yaml"), values).unwrap();
    let cases = [("error", 1, 1), ("warning", 0, 1), ("allow", 0, 0)];
    for (level, code, count) in cases {
        let inventory =
            format!("[inventory]\nversion = 1\n\n[rules]\nplaintext-secret = \"{level}\"\n");
        std::fs::write(repo.path().join("inventory.toml"), inventory).unwrap();
        let (actual, report) = check_json(repo.path().to_str().unwrap());
        assert_eq!(actual, code, "{level}: {report:#}");
        let findings = report["findings"].as_array().unwrap();
        assert_eq!(findings.len(), count, "{level}: {report:#}");
        if let Some(finding) = findings.first() {
            assert_eq!(finding["level"], level, "{report:#}");
        }
    }
}

// --------------------------------------------------------------- JSON shape

#[test]
fn json_report_has_the_documented_shape() {
    for dir in [ALL_RULES_FIXTURE, ERRORS_FIXTURE, WARNINGS_FIXTURE, "."] {
        let (code, report) = check_json(dir);
        assert_json_shape(dir, code, &report);
    }
}

#[test]
fn json_findings_are_sorted_by_file_line_rule() {
    let (_, report) = check_json(ALL_RULES_FIXTURE);
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() > 1);
    let keys: Vec<(String, u64, String)> = findings.iter().map(sort_key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

fn assert_json_shape(dir: &str, code: i32, report: &Value) {
    assert_keys(report, &["version", "summary", "findings"], dir);
    assert_eq!(report["version"], 1, "{dir}");
    let summary = &report["summary"];
    let summary_keys = ["files", "references", "secrets", "errors", "warnings"];
    assert_keys(summary, &summary_keys, dir);
    for key in summary_keys {
        assert!(
            summary[key].is_u64(),
            "{dir}: summary.{key} = {}",
            summary[key]
        );
    }

    let findings = report["findings"].as_array().unwrap();
    let finding_keys = [
        "rule", "level", "file", "line", "column", "secret", "message", "help",
    ];
    let rules = rule_ids();
    for finding in findings {
        assert_keys(finding, &finding_keys, dir);
        let rule = finding["rule"].as_str().unwrap().to_string();
        assert!(rules.contains(&rule), "{finding}");
        let level = finding["level"].as_str().unwrap();
        assert!(matches!(level, "error" | "warning"), "{finding}");
        let file = finding["file"].as_str().unwrap();
        assert!(!file.is_empty() && !file.starts_with('/') && !file.contains('\\'));
        assert!(!file.starts_with("./"), "{finding}");
        assert!(manifest_dir().join(dir).join(file).is_file(), "{finding}");
        assert!(finding["line"].as_u64().unwrap() >= 1, "{finding}");
        assert!(finding["column"].as_u64().unwrap() >= 1, "{finding}");
        for key in ["message", "help"] {
            assert!(finding[key].is_string(), "{finding}");
        }
        // `secret` is null when no entry or reference is concerned (a YAML
        // syntax error).
        let secret = &finding["secret"];
        assert!(secret.is_string() || secret.is_null(), "{finding}");
        assert!(!finding["message"].as_str().unwrap().is_empty());
    }

    let count = |level: &str| findings.iter().filter(|f| f["level"] == level).count();
    assert_eq!(summary["errors"], count("error"), "{dir}");
    assert_eq!(summary["warnings"], count("warning"), "{dir}");
    assert_eq!(code, i32::from(count("error") > 0), "{dir}");
}

fn assert_keys(object: &Value, expected: &[&str], context: &str) {
    let actual: BTreeSet<&str> = object
        .as_object()
        .unwrap_or_else(|| panic!("{context}: not an object: {object}"))
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(actual, expected, "{context}: keys of {object}");
}

fn sort_key(finding: &Value) -> (String, u64, String) {
    (
        finding["file"].as_str().unwrap().to_string(),
        finding["line"].as_u64().unwrap(),
        finding["rule"].as_str().unwrap().to_string(),
    )
}

// ---------------------------------------------------------------------- SARIF

#[test]
fn sarif_report_describes_every_rule_and_result() {
    let sarif = check_sarif(ALL_RULES_FIXTURE);
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];

    let descriptors = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = descriptors
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate rule objects: {ids:?}");
    let expected = rule_ids();
    assert_eq!(unique, expected.iter().map(String::as_str).collect());

    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        assert!(unique.contains(rule_id), "unknown ruleId {rule_id}");
        if let Some(index) = result["ruleIndex"].as_u64() {
            assert_eq!(ids[usize::try_from(index).unwrap()], rule_id, "{result}");
        }
    }
}

#[test]
fn sarif_results_match_json_findings() {
    let sarif = check_sarif(ALL_RULES_FIXTURE);
    let (_, report) = check_json(ALL_RULES_FIXTURE);

    let from_sarif: Vec<(String, String, u64, u64, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            (
                result["ruleId"].as_str().unwrap().to_string(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                location["region"]["startLine"].as_u64().unwrap(),
                location["region"]["startColumn"].as_u64().unwrap(),
                result["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let from_json: Vec<(String, String, u64, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_string(),
                finding["file"].as_str().unwrap().to_string(),
                finding["line"].as_u64().unwrap(),
                finding["column"].as_u64().unwrap(),
                finding["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(from_sarif, from_json);
}

#[test]
fn sarif_report_is_valid_against_the_schema() {
    let Some(schema) = sarif_schema() else {
        return;
    };
    for dir in [ALL_RULES_FIXTURE, ERRORS_FIXTURE, "."] {
        let sarif = check_sarif(dir);
        let errors = schema::validate(&schema, &sarif);
        assert!(
            errors.is_empty(),
            "{dir}: SARIF output violates the schema:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn schema_validator_rejects_broken_sarif() {
    // Guards the hand-written validator below: it must notice real mistakes.
    let Some(schema) = sarif_schema() else {
        return;
    };
    let mut sarif = check_sarif(ALL_RULES_FIXTURE);
    sarif["version"] = Value::from("2.0.0");
    sarif["runs"][0]["results"][0]["level"] = Value::from("fatal");
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    sarif["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let errors = schema::validate(&schema, &sarif);
    for needle in ["/version", "/level", "/startLine", "/driver"] {
        assert!(
            errors.iter().any(|error| error.contains(needle)),
            "no error mentions {needle}: {errors:#?}"
        );
    }
}

#[test]
fn sarif_uris_are_percent_encoded() {
    // SARIF §3.4.3: `uri` is a URI reference, so a space or a `%` in a path
    // must be percent-encoded; JSON keeps the plain path.
    let repo = tempfile::tempdir().unwrap();
    let values = "auth:\n  password: fixture-literal-password\n";
    std::fs::create_dir_all(repo.path().join("my apps")).unwrap();
    std::fs::write(repo.path().join("my apps/values%.yaml"), values).unwrap();
    std::fs::write(
        repo.path().join("inventory.toml"),
        "[inventory]\nversion = 1\n",
    )
    .unwrap();
    let root = repo.path().to_str().unwrap();

    let (_, report) = check_json(root);
    assert_eq!(report["findings"][0]["file"], "my apps/values%.yaml");
    let sarif = check_sarif(root);
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "my%20apps/values%25.yaml"
    );
    if let Some(schema) = sarif_schema() {
        let errors = schema::validate(&schema, &sarif);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

#[test]
fn columns_count_code_points() {
    // SPEC §6 columns are 1-based characters; SARIF declares
    // `unicodeCodePoints`. The finding stands at the key `password`, which
    // starts at character 10, byte 11.
    let repo = tempfile::tempdir().unwrap();
    let values = "auth:\n  {\u{fc}: 1, password: literal-value-here}\n";
    std::fs::write(repo.path().join("values.yaml"), values).unwrap();
    std::fs::write(
        repo.path().join("inventory.toml"),
        "[inventory]\nversion = 1\n",
    )
    .unwrap();
    let root = repo.path().to_str().unwrap();

    let (_, report) = check_json(root);
    assert_eq!(report["findings"][0]["line"], 2);
    assert_eq!(report["findings"][0]["column"], 10);
    let sarif = check_sarif(root);
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 10);
    assert_eq!(region["endColumn"], 18);
}

// ----------------------------------------------------------------------- init

#[test]
fn init_writes_an_inventory_that_check_can_read() {
    for fixture in [ERRORS_FIXTURE, "cluster"] {
        let repo = tempfile::tempdir().unwrap();
        copy_dir(&manifest_dir().join(fixture), repo.path());
        let inventory = repo.path().join("inventory.toml");
        let _ = std::fs::remove_file(&inventory);

        seclint().arg("init").arg(repo.path()).assert().code(0);
        assert!(inventory.is_file(), "{fixture}: no inventory written");
        assert_only_unclassified(fixture, repo.path(), None);
    }
}

#[test]
fn init_with_explicit_inventory_path() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join(ERRORS_FIXTURE), repo.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let inventory = elsewhere.path().join("inventory.toml");

    seclint()
        .arg("init")
        .arg(repo.path())
        .arg("--inventory")
        .arg(&inventory)
        .assert()
        .code(0);
    assert!(inventory.is_file());
    assert_only_unclassified(ERRORS_FIXTURE, repo.path(), Some(&inventory));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join(ERRORS_FIXTURE), repo.path());
    let inventory = repo.path().join("inventory.toml");
    let original = std::fs::read(&inventory).unwrap();

    let output = seclint().arg("init").arg(repo.path()).output().unwrap();
    assert_failed_run(&output);
    assert!(text(&output.stderr).contains("--force"), "{output:?}");
    assert_eq!(
        std::fs::read(&inventory).unwrap(),
        original,
        "inventory changed"
    );

    seclint()
        .arg("init")
        .arg(repo.path())
        .arg("--force")
        .assert()
        .code(0);
    assert_ne!(
        std::fs::read(&inventory).unwrap(),
        original,
        "not overwritten"
    );
    assert_only_unclassified(ERRORS_FIXTURE, repo.path(), None);
}

#[cfg(unix)]
#[test]
fn init_writes_through_a_symlink_with_readable_permissions() {
    use std::os::unix::fs::PermissionsExt as _;

    let repo = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join("cluster"), repo.path());
    let real = repo.path().join("real-inventory.toml");
    let link = repo.path().join("inventory.toml");
    std::os::unix::fs::symlink("real-inventory.toml", &link).unwrap();

    // A dangling link: init creates its target and keeps the link.
    seclint().arg("init").arg(repo.path()).assert().code(0);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(real.is_file());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "new inventory mode {mode:o}");

    // An existing file keeps its own permissions when overwritten.
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    seclint()
        .arg("init")
        .arg(repo.path())
        .arg("--force")
        .assert()
        .code(0);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
}

#[test]
fn init_drafts_kv_paths_without_the_mount() {
    let repo = tempfile::tempdir().unwrap();
    let store = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: openbao\nspec:\n  provider:\n    vault:\n      path: kv\n      version: v2\n";
    let external_secret = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef: {kind: ClusterSecretStore, name: openbao}\n  data:\n    - secretKey: a\n      remoteRef: {key: kv/data/app, property: a}\n    - secretKey: b\n      remoteRef: {key: app, property: a}\n";
    std::fs::write(repo.path().join("store.yaml"), store).unwrap();
    std::fs::write(repo.path().join("es.yaml"), external_secret).unwrap();

    seclint().arg("init").arg(repo.path()).assert().code(0);
    let inventory = std::fs::read_to_string(repo.path().join("inventory.toml")).unwrap();
    assert_eq!(inventory.matches("[[secret]]").count(), 1, "{inventory}");
    assert!(inventory.contains("path = \"app\""), "{inventory}");
}

#[cfg(unix)]
#[test]
fn an_inventory_that_is_not_a_regular_file_exits_2_at_once() {
    let repo = tempfile::tempdir().unwrap();
    let fifo = repo.path().join("inventory.toml");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|status| status.success()) {
        return;
    }
    let output = seclint()
        .arg("check")
        .arg(repo.path())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_failed_run(&output);
    assert!(
        text(&output.stderr).contains("not a regular file"),
        "{output:?}"
    );
}

#[test]
fn explain_and_rules_honour_json_and_refuse_sarif() {
    let output = seclint()
        .args(["explain", "plaintext-secret", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let rule: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rule["id"], "plaintext-secret");
    assert_eq!(rule["level"], "error");
    assert!(rule["docs"].as_str().unwrap().contains("## Why it matters"));

    for args in [
        &["rules", "--format", "sarif"][..],
        &["explain", "plaintext-secret", "--format", "sarif"],
    ] {
        let output = seclint().args(args).output().unwrap();
        assert_failed_run(&output);
        assert!(
            text(&output.stderr).contains("--format sarif"),
            "{output:?}"
        );
    }
}

#[test]
fn init_covers_every_reference_of_the_good_fixtures() {
    let mut failures = Vec::new();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("good"))
        .filter(|dir| dir.is_dir())
        .collect();
    fixtures.sort();
    for fixture in fixtures {
        let repo = tempfile::tempdir().unwrap();
        copy_dir(&fixture, repo.path());
        std::fs::remove_file(repo.path().join("inventory.toml")).unwrap();
        seclint().arg("init").arg(repo.path()).assert().code(0);

        let output = seclint()
            .arg("check")
            .arg(repo.path())
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let entries = report["summary"]["secrets"].as_u64().unwrap();
        let others: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|finding| finding["rule"] != "incomplete-classification")
            .collect();
        let expected = i32::from(entries > 0);
        if output.status.code() != Some(expected) || !others.is_empty() {
            failures.push(format!(
                "{}: exit {:?} (expected {expected}), other findings {others:?}",
                fixture.display(),
                output.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `check` on a freshly initialised repository fails with
/// `incomplete-classification` errors only (warnings allowed), never 2.
fn assert_only_unclassified(label: &str, root: &Path, inventory: Option<&Path>) {
    let mut command = seclint();
    command.arg("check").arg(root).args(["--format", "json"]);
    if let Some(inventory) = inventory {
        command.arg("--inventory").arg(inventory);
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{label}: {output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let errors: Vec<&Value> = findings.iter().filter(|f| f["level"] == "error").collect();
    assert!(!errors.is_empty(), "{label}");
    for error in errors {
        assert_eq!(
            error["rule"], "incomplete-classification",
            "{label}: {error}"
        );
    }
    assert!(
        report["summary"]["secrets"].as_u64().unwrap() > 0,
        "{label}"
    );
}

// ------------------------------------------------------ rules, explain, help

#[test]
fn rules_lists_18_unique_kebab_case_ids() {
    let ids = rule_ids();
    assert_eq!(ids.len(), 18, "{ids:?}");
    for id in &ids {
        let kebab = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && id.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        assert!(kebab, "{id} is not kebab-case");
    }

    let output = seclint().arg("rules").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let listed: Vec<String> = text(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert_eq!(listed, ids);
}

#[test]
fn explain_prints_the_rule_documentation() {
    seclint()
        .args(["explain", "plaintext-secret"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("plaintext-secret"))
        .stdout(predicate::str::contains("## Why it matters"));
}

#[test]
fn every_rule_is_explained_with_all_sections() {
    let sections = [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## Fixed example",
        "## Configuration",
        "## Known limits",
    ];
    for id in rule_ids() {
        let output = seclint().args(["explain", &id]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{id}");
        let doc = text(&output.stdout);
        for section in sections {
            assert!(doc.contains(section), "`explain {id}` lacks {section}");
        }
    }
}

#[test]
fn help_is_stable() {
    let output = seclint().arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("help", text(&output.stdout));

    let output = seclint().args(["check", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("check_help", text(&output.stdout));
}

// -------------------------------------------------------------------- helpers

/// A run that failed: exit 2, and never a "no findings" claim.
/// Runs `check` on `repo` in every format, asserts each run failed (exit 2,
/// never "no findings") and returns what each printed on stderr.
fn stderr_of_failed_checks(repo: &Path) -> Vec<String> {
    ["human", "json", "sarif"]
        .into_iter()
        .map(|format| {
            let output = seclint()
                .arg("check")
                .arg(repo)
                .args(["--format", format, "--color", "never"])
                .output()
                .unwrap();
            assert_failed_run(&output);
            text(&output.stderr)
        })
        .collect()
}

fn assert_failed_run(output: &std::process::Output) {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(!text(&output.stdout).contains("no findings"), "{output:?}");
    assert!(!text(&output.stderr).contains("no findings"), "{output:?}");
    assert!(!text(&output.stderr).contains("panicked"), "{output:?}");
}

fn check_json(dir: &str) -> (i32, Value) {
    let output = seclint()
        .args(["check", dir, "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{dir}: not JSON ({error}): {output:?}"));
    (output.status.code().unwrap(), report)
}

fn check_sarif(dir: &str) -> Value {
    let output = seclint()
        .args(["check", dir, "--format", "sarif"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{dir}: not JSON ({error}): {output:?}"))
}

/// The SARIF 2.1.0 schema kept beside the project (../shared/schemas).
/// The SARIF 2.1.0 schema from `../shared/schemas` (beside the repository in
/// CI); `None` in a clone without it, where schema checks are skipped.
fn sarif_schema() -> Option<Value> {
    let path = manifest_dir().join("../shared/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).unwrap())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a directory tree (files and directories only).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A small JSON Schema (draft-04) validator: the keywords the SARIF 2.1.0
/// schema uses, which avoids a heavy dependency. `format` is checked loosely
/// for `uri` and `uri-reference`; `default` and `description` are ignored.
mod schema {
    use super::{Map, Value};

    pub(super) fn validate(schema: &Value, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        check(schema, schema, instance, "", &mut errors);
        errors
    }

    fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(schema) = schema.as_object() else {
            return;
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = resolve(root, reference);
            check(root, target, value, at, errors);
            return;
        }
        if let Some(kind) = schema.get("type") {
            if !has_type(kind, value) {
                errors.push(format!("{at}: expected type {kind}, got {value}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                errors.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        check_alternatives(root, schema, value, at, errors);
        match value {
            Value::Object(object) => check_object(root, schema, object, at, errors),
            Value::Array(items) => check_array(root, schema, items, at, errors),
            Value::Number(number) => check_number(schema, number.as_f64().unwrap(), at, errors),
            Value::String(text) => check_string(schema, text, at, errors),
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn resolve<'s>(root: &'s Value, reference: &str) -> &'s Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {reference}"));
        root.pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"))
    }

    fn has_type(kind: &Value, value: &Value) -> bool {
        match kind {
            Value::Array(kinds) => kinds.iter().any(|kind| has_type(kind, value)),
            Value::String(kind) => match kind.as_str() {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "boolean" => value.is_boolean(),
                "null" => value.is_null(),
                "number" => value.is_number(),
                "integer" => {
                    value.is_i64()
                        || value.is_u64()
                        || value.as_f64().is_some_and(|number| number.fract() == 0.0)
                }
                other => panic!("unknown type {other}"),
            },
            _ => panic!("bad type keyword {kind}"),
        }
    }

    fn check_alternatives(
        root: &Value,
        schema: &Map<String, Value>,
        value: &Value,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        let passes = |alternative: &Value| {
            let mut inner = Vec::new();
            check(root, alternative, value, at, &mut inner);
            inner.is_empty()
        };
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            if !any.iter().any(passes) {
                errors.push(format!("{at}: matches none of anyOf {any:?}"));
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            let matched = one.iter().filter(|alternative| passes(alternative)).count();
            if matched != 1 {
                errors.push(format!("{at}: matches {matched} of oneOf {one:?}"));
            }
        }
    }

    fn check_object(
        root: &Value,
        schema: &Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                errors.push(format!("{at}/{name}: required property missing"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (name, member) in object {
            let path = format!("{at}/{name}");
            match (properties.and_then(|known| known.get(name)), additional) {
                (Some(property), _) => check(root, property, member, &path, errors),
                (None, Some(Value::Bool(false))) => {
                    errors.push(format!("{path}: property not allowed"));
                }
                (None, Some(extra)) => check(root, extra, member, &path, errors),
                (None, None) => {}
            }
        }
    }

    fn check_array(
        root: &Value,
        schema: &Map<String, Value>,
        items: &[Value],
        at: &str,
        errors: &mut Vec<String>,
    ) {
        if let Some(minimum) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < minimum {
                errors.push(format!("{at}: fewer than {minimum} items"));
            }
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (index, item) in items.iter().enumerate() {
                if items[..index].contains(item) {
                    errors.push(format!("{at}/{index}: duplicate item"));
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (index, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{at}/{index}"), errors);
            }
        }
    }

    fn check_number(schema: &Map<String, Value>, number: f64, at: &str, errors: &mut Vec<String>) {
        if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64) {
            if number < minimum {
                errors.push(format!("{at}: {number} < minimum {minimum}"));
            }
        }
        if let Some(maximum) = schema.get("maximum").and_then(Value::as_f64) {
            if number > maximum {
                errors.push(format!("{at}: {number} > maximum {maximum}"));
            }
        }
    }

    fn check_string(schema: &Map<String, Value>, text: &str, at: &str, errors: &mut Vec<String>) {
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            if !regex::Regex::new(pattern).unwrap().is_match(text) {
                errors.push(format!("{at}: {text:?} does not match {pattern}"));
            }
        }
        let is_uri_safe = !text.chars().any(|c| c.is_whitespace() || c == '\\');
        let has_scheme = regex::Regex::new("^[A-Za-z][A-Za-z0-9+.-]*:")
            .unwrap()
            .is_match(text);
        match schema.get("format").and_then(Value::as_str) {
            Some("uri") if !(has_scheme && is_uri_safe) => {
                errors.push(format!("{at}: {text:?} is not a URI"));
            }
            Some("uri-reference") if !is_uri_safe => {
                errors.push(format!("{at}: {text:?} is not a URI reference"));
            }
            _ => {}
        }
    }
}

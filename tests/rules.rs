//! Rule fixtures: every `fixtures/<id>/bad` repository is snapshotted (human
//! and JSON output) and must raise `<id>`; every `fixtures/<id>/good`
//! repository must be clean. All failing fixtures of a run are reported
//! together, like oxc's tester.

mod common;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{manifest_dir, rule_ids, seclint};

/// Rules whose default level is `warning` (SPEC §5); every other static rule
/// is an error.
const WARNING_RULES: [&str; 5] = [
    "orphaned-entry",
    "unknown-secret-store",
    "unresolvable-reference",
    "unused-ignore",
    "seal-config",
];

#[test]
fn bad_fixtures_raise_their_rule() {
    let mut failures = Vec::new();
    for (id, dir) in fixture_dirs("bad") {
        let human = seclint()
            .arg("check")
            .arg(&dir)
            .args(["--color", "never"])
            .output()
            .unwrap();
        let human_code = human.status.code();
        let (code, json, report) = check_json(&dir);

        // Each check separately, so that every mismatch is reported (and
        // every changed snapshot written) in one run.
        run_case(&mut failures, &format!("{id}/bad (human)"), || {
            insta::assert_snapshot!(format!("{id}_bad"), stdout(&human.stdout));
            Ok(())
        });
        run_case(&mut failures, &format!("{id}/bad (json)"), || {
            insta::assert_snapshot!(format!("{id}_bad_json"), json);
            Ok(())
        });
        run_case(&mut failures, &format!("{id}/bad"), || {
            check_bad(&id, &report, [Some(code), human_code])
        });
    }
    report(&failures);
}

#[test]
fn good_fixtures_are_clean() {
    let mut failures = Vec::new();
    for (id, dir) in fixture_dirs("good") {
        run_case(&mut failures, &format!("{id}/good"), || check_good(&dir));
    }
    report(&failures);
}

#[test]
fn every_rule_has_bad_and_good_fixtures() {
    let bad: BTreeSet<String> = fixture_dirs("bad").into_iter().map(|(id, _)| id).collect();
    let good: BTreeSet<String> = fixture_dirs("good").into_iter().map(|(id, _)| id).collect();
    for id in rule_ids() {
        assert!(bad.contains(&id), "no fixtures/{id}/bad");
        assert!(good.contains(&id), "no fixtures/{id}/good");
    }
}

#[test]
fn all_rules_fixture_raises_every_rule() {
    let (status, _, report) = check_json(&PathBuf::from("fixtures/all-rules"));
    let raised: BTreeSet<String> = findings(&report)
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap().to_string())
        .collect();
    let missing: Vec<String> = rule_ids()
        .into_iter()
        .filter(|id| !raised.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "fixtures/all-rules raises none of {missing:?}"
    );
    assert_eq!(status, 1, "all-rules has error-level findings");
}

#[test]
fn flagged_values_are_never_printed() {
    let mut dirs: Vec<PathBuf> = fixture_dirs("bad")
        .into_iter()
        .map(|(_, dir)| dir)
        .collect();
    dirs.push(PathBuf::from("fixtures/all-rules"));
    let mut failures = Vec::new();
    for dir in dirs {
        let (_, json, report) = check_json(&dir);
        let values: Vec<String> = findings(&report)
            .iter()
            .filter(|finding| finding["rule"] == "plaintext-secret")
            .map(|finding| flagged_value(&dir, finding))
            .collect();
        let mut printed = json;
        for format in [["--color", "never"], ["--format", "sarif"]] {
            let output = seclint()
                .arg("check")
                .arg(&dir)
                .args(format)
                .output()
                .unwrap();
            printed.push_str(&stdout(&output.stdout));
            printed.push_str(&String::from_utf8_lossy(&output.stderr));
        }
        for value in values {
            if printed.contains(&value) {
                failures.push(format!("{}: value {value:?} printed", dir.display()));
            }
        }
    }
    report(&failures);
}

/// The scalar a plaintext-secret finding points at, read from the fixture.
fn flagged_value(dir: &Path, finding: &Value) -> String {
    let file = manifest_dir()
        .join(dir)
        .join(finding["file"].as_str().unwrap());
    let text = std::fs::read_to_string(file).unwrap();
    let line_number = usize::try_from(finding["line"].as_u64().unwrap()).unwrap();
    let column = usize::try_from(finding["column"].as_u64().unwrap()).unwrap();
    let line = text.lines().nth(line_number - 1).unwrap();
    let rest: String = line.chars().skip(column - 1).collect();
    let value = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap().to_string(),
        // Unquoted, or the inside of an embedded `key = "value"` string.
        _ => rest
            .split(" #")
            .next()
            .unwrap()
            .trim()
            .trim_end_matches(['"', '\''])
            .to_string(),
    };
    assert!(value.len() >= 4, "{finding}: implausible value {value:?}");
    value
}

/// `fixtures/<id>/<kind>` for every rule directory that has one, sorted.
fn fixture_dirs(kind: &str) -> Vec<(String, PathBuf)> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(manifest_dir().join("fixtures")).unwrap() {
        let entry = entry.unwrap();
        let id = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join(kind).is_dir() {
            dirs.push((id.clone(), PathBuf::from("fixtures").join(&id).join(kind)));
        }
    }
    dirs.sort();
    assert!(!dirs.is_empty(), "no fixtures/*/{kind} directories");
    dirs
}

/// Runs one fixture's checks; a panic (failed snapshot or assertion) or an
/// `Err` becomes a recorded failure instead of ending the test.
fn run_case(failures: &mut Vec<String>, label: &str, case: impl FnOnce() -> Result<(), String>) {
    let outcome = catch_unwind(AssertUnwindSafe(case));
    let problem = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(problem)) => problem,
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|text| text.to_string()))
            .unwrap_or_else(|| "panicked".to_string()),
    };
    failures.push(format!("{label}: {problem}"));
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The bad fixture raises its rule at the rule's level, and both runs exit
/// 1 exactly when there is an error-level finding.
fn check_bad(id: &str, report: &Value, codes: [Option<i32>; 2]) -> Result<(), String> {
    let all = findings(report);
    let own: Vec<&Value> = all.iter().filter(|f| f["rule"] == id).collect();
    if own.is_empty() {
        return Err(format!("no `{id}` finding"));
    }
    let level = if WARNING_RULES.contains(&id) {
        "warning"
    } else {
        "error"
    };
    if let Some(other) = own.iter().find(|f| f["level"] != level) {
        return Err(format!("`{id}` finding is not at level {level}: {other}"));
    }
    let expected = i32::from(all.iter().any(|f| f["level"] == "error"));
    if codes != [Some(expected); 2] {
        return Err(format!(
            "exit codes {codes:?} (json, human); expected {expected}"
        ));
    }
    Ok(())
}

fn check_good(dir: &Path) -> Result<(), String> {
    let (status, _, report) = check_json(dir);
    let found = findings(&report);
    if !found.is_empty() {
        return Err(format!("expected no findings, got {found:#?}"));
    }
    if status != 0 {
        return Err(format!("exit code {status}, expected 0"));
    }
    Ok(())
}

/// `check DIR --format json`: exit code, stdout and the parsed report.
fn check_json(dir: &Path) -> (i32, String, Value) {
    let output = seclint()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let text = stdout(&output.stdout);
    let report = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {text}"));
    (output.status.code().unwrap(), text, report)
}

fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().unwrap().clone()
}

fn stdout(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

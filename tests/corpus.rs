//! Real repositories (`SECLINT_CORPUS`, see ../shared/README.md): `init`
//! then `check` on each must never fail as a run, and the reference count
//! must match an independent count made with serde_norway.

mod common;

use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value as Json;
use serde_norway::Value as Yaml;

use common::seclint;

#[test]
#[expect(
    clippy::print_stdout,
    reason = "per-repository counts are the test's report"
)]
fn corpus_when_available() {
    let Some(corpus) = std::env::var_os("SECLINT_CORPUS").map(PathBuf::from) else {
        println!("SECLINT_CORPUS is not set: corpus test skipped");
        return;
    };
    if !corpus.is_dir() {
        println!(
            "SECLINT_CORPUS={} is not a directory: skipped",
            corpus.display()
        );
        return;
    }

    let mut failures = Vec::new();
    for repo in repositories(&corpus) {
        let name = repo.file_name().unwrap().to_string_lossy().into_owned();
        match check_repository(&repo) {
            Ok(line) => println!("{name}: {line}"),
            Err(problems) => {
                println!("{name}: FAILED");
                failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each directory of the corpus is one repository.
fn repositories(corpus: &Path) -> Vec<PathBuf> {
    let mut repos: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    repos.sort();
    assert!(!repos.is_empty(), "no repositories in {}", corpus.display());
    repos
}

/// Runs `init` and `check` on one repository; `Ok` carries its counts.
fn check_repository(repo: &Path) -> Result<String, Vec<String>> {
    let mut problems = Vec::new();
    let scratch = tempfile::tempdir().unwrap();
    let inventory = scratch.path().join("inventory.toml");
    let had_inventory = repo.join("inventory.toml").exists();

    let init = seclint()
        .arg("init")
        .arg(repo)
        .arg("--inventory")
        .arg(&inventory)
        .output()
        .unwrap();
    if init.status.code() != Some(0) {
        problems.push(format!("init exited {:?}: {init:?}", init.status.code()));
        return Err(problems);
    }
    if had_inventory != repo.join("inventory.toml").exists() {
        problems.push("init wrote into the corpus".to_string());
    }
    let entries = std::fs::read_to_string(&inventory)
        .unwrap()
        .lines()
        .filter(|line| line.trim() == "[[secret]]")
        .count();

    let check = seclint()
        .arg("check")
        .arg(repo)
        .arg("--inventory")
        .arg(&inventory)
        .args(["--format", "json"])
        .output()
        .unwrap();
    for (command, output) in [("init", &init), ("check", &check)] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            problems.push(format!("{command} panicked: {stderr}"));
        }
    }
    let code = check.status.code();
    let Ok(report) = serde_json::from_slice::<Json>(&check.stdout) else {
        problems.push(format!(
            "check exited {code:?} without a JSON report: {check:?}"
        ));
        return Err(problems);
    };
    let findings = report["findings"].as_array().unwrap();
    let order: Vec<(&str, u64, &str)> = findings
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            (
                file,
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
            )
        })
        .collect();
    if !order.is_sorted() {
        problems.push("findings are not sorted by file, line, rule".to_string());
    }
    let errors = findings.iter().filter(|f| f["level"] == "error").count();

    let expected_code = if entries == 0 && errors == 0 { 0 } else { 1 };
    if code != Some(expected_code) {
        problems.push(format!(
            "check exited {code:?}, expected {expected_code} ({entries} entries, {errors} errors)"
        ));
    }

    let counted = count_references(repo);
    let reported = report["summary"]["references"].as_u64().unwrap();
    if reported != counted.total() {
        problems.push(format!(
            "summary.references = {reported}, independent count = {}; per file: {:?}",
            counted.total(),
            counted.per_file
        ));
    }
    problems.extend(misplaced_plaintext(repo, findings));

    if problems.is_empty() {
        Ok(format!(
            "{} references ({} files with references), {entries} entries, {errors} errors, {} warnings",
            reported,
            counted.per_file.len(),
            findings.len() - errors
        ))
    } else {
        Err(problems)
    }
}

// ------------------------------------------------------- independent count

/// References per file (only files with at least one).
#[derive(Default)]
struct Counted {
    per_file: Vec<(String, u64)>,
}

impl Counted {
    fn total(&self) -> u64 {
        self.per_file.iter().map(|(_, count)| count).sum()
    }
}

fn count_references(repo: &Path) -> Counted {
    let placeholder = Regex::new(r"###[A-Za-z0-9_.\-]+###").unwrap();
    let mut counted = Counted::default();
    for (relative, path) in yaml_files(repo) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if is_skipped_template(&relative, &text) {
            continue;
        }
        let (docs, broken) = documents(&text);
        // A file with `{{` that does not parse is a template, skipped whole.
        if broken && text.contains("{{") {
            continue;
        }
        let count: u64 = docs
            .iter()
            .map(|doc| references_in(&doc.value, &placeholder))
            .sum();
        if count > 0 {
            counted.per_file.push((relative, count));
        }
    }
    counted
}

/// seclint skips a file that contains `{{` below a `templates/` directory.
fn is_skipped_template(relative: &str, text: &str) -> bool {
    let mut dirs = relative.split('/').rev().skip(1);
    text.contains("{{") && dirs.any(|dir| dir == "templates")
}

/// Every `*.yaml` / `*.yml` file below `root` (hidden directories
/// included, `.git` skipped), as `(root-relative path, path)`, sorted.
fn yaml_files(root: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = entry.file_name();
            let kind = entry.file_type().unwrap();
            // seclint honours these; the independent count does not.
            assert!(
                name != ".gitignore" && name != ".ignore",
                "{} would change which files seclint reads",
                path.display()
            );
            if kind.is_dir() && name != ".git" {
                pending.push(path);
            } else if kind.is_file() && has_yaml_extension(&path) {
                let relative = path.strip_prefix(root).unwrap();
                let parts: Vec<_> = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect();
                files.push((parts.join("/"), path));
            }
        }
    }
    files.sort();
    files
}

fn has_yaml_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// One parsed document and the 1-based lines it spans.
struct Document {
    value: Yaml,
    first_line: usize,
    last_line: usize,
}

/// The documents of a file that parse (with merge keys applied), and
/// whether any did not. The text is split at `---` / `...` lines first so
/// that one broken document does not hide the rest, as in seclint.
fn documents(text: &str) -> (Vec<Document>, bool) {
    let mut docs = Vec::new();
    let mut broken = false;
    for (first_line, last_line, chunk) in chunks(text) {
        for deserializer in serde_norway::Deserializer::from_str(&chunk) {
            let Ok(mut value) = <Yaml as serde::Deserialize>::deserialize(deserializer) else {
                // After a syntax error the stream yields the same error forever.
                broken = true;
                break;
            };
            if value.apply_merge().is_err() || value.is_null() {
                continue;
            }
            docs.push(Document {
                value,
                first_line,
                last_line,
            });
        }
    }
    (docs, broken)
}

/// The text between document markers, with its first and last line.
fn chunks(text: &str) -> Vec<(usize, usize, String)> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut first_line = 1;
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let starts = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        let ends = line == "...";
        if starts || ends {
            chunks.push((first_line, line_number - 1, std::mem::take(&mut current)));
            first_line = line_number;
        }
        if !ends {
            current.push_str(line);
            current.push('\n');
        }
    }
    chunks.push((first_line, text.lines().count(), current));
    chunks
}

/// References one document contributes (docs/semantics.md "References").
fn references_in(doc: &Yaml, placeholder: &Regex) -> u64 {
    let mut count = placeholders_in(doc, placeholder);
    let api_version = doc.get("apiVersion").and_then(Yaml::as_str).unwrap_or("");
    if !api_version.starts_with("external-secrets.io/") {
        return count;
    }
    let spec = doc.get("spec");
    let length = |node: Option<&Yaml>, key: &str| {
        node.and_then(|n| n.get(key))
            .and_then(Yaml::as_sequence)
            .map_or(0, |items| items.len() as u64)
    };
    match doc.get("kind").and_then(Yaml::as_str).unwrap_or("") {
        "ExternalSecret" => count += length(spec, "data") + length(spec, "dataFrom"),
        "ClusterExternalSecret" => {
            let template = spec.and_then(|s| s.get("externalSecretSpec"));
            count += length(template, "data") + length(template, "dataFrom");
        }
        "PushSecret" => {
            let items = spec.and_then(|s| s.get("data")).and_then(Yaml::as_sequence);
            let pushed = items
                .into_iter()
                .flatten()
                .filter(|item| item.get("match").and_then(|m| m.get("remoteRef")).is_some());
            count += pushed.count() as u64;
        }
        _ => {}
    }
    count
}

fn is_sops(doc: &Yaml) -> bool {
    doc.get("sops").is_some_and(Yaml::is_mapping)
}

/// `###NAME###` tokens in every string value (not keys) of a document.
fn placeholders_in(node: &Yaml, placeholder: &Regex) -> u64 {
    match node {
        Yaml::String(text) => placeholder.find_iter(text).count() as u64,
        Yaml::Sequence(items) => items.iter().map(|i| placeholders_in(i, placeholder)).sum(),
        Yaml::Mapping(map) => map.values().map(|v| placeholders_in(v, placeholder)).sum(),
        Yaml::Tagged(tagged) => placeholders_in(&tagged.value, placeholder),
        Yaml::Null | Yaml::Bool(_) | Yaml::Number(_) => 0,
    }
}

// ------------------------------------------------ misplaced plaintext findings

/// plaintext-secret must not fire on values SOPS encrypted (`ENC[...]`), in
/// SealedSecrets or in ExternalSecrets: those are ciphertext or pointers. A
/// value a SOPS file left in clear (its `encrypted_regex` did not match) is
/// a real finding.
fn misplaced_plaintext(repo: &Path, findings: &[Json]) -> Vec<String> {
    let mut problems = Vec::new();
    for finding in findings.iter().filter(|f| f["rule"] == "plaintext-secret") {
        let file = finding["file"].as_str().unwrap();
        let line = usize::try_from(finding["line"].as_u64().unwrap()).unwrap();
        let Ok(text) = std::fs::read_to_string(repo.join(file)) else {
            continue;
        };
        let (docs, _) = documents(&text);
        let file_is_sops = docs.iter().any(|doc| is_sops(&doc.value));
        let doc = docs
            .into_iter()
            .find(|doc| doc.first_line <= line && line <= doc.last_line);
        let kind = doc
            .as_ref()
            .and_then(|doc| doc.value.get("kind"))
            .and_then(Yaml::as_str)
            .unwrap_or("");
        let flagged_line = text.lines().nth(line - 1).unwrap_or_default();
        let wrong_place = if file_is_sops && flagged_line.contains("ENC[") {
            Some("a SOPS-encrypted value")
        } else if kind == "SealedSecret" {
            Some("a SealedSecret")
        } else if matches!(kind, "ExternalSecret" | "ClusterExternalSecret") {
            Some("an ExternalSecret")
        } else {
            None
        };
        if let Some(place) = wrong_place {
            problems.push(format!("plaintext-secret in {place}: {file}:{line}"));
        }
    }
    problems
}

//! SPEC §7: a secret value never appears in any output. The fixture
//! `fixtures/redaction` plants distinctive fake values (`SECLINT-PLANTED-...`,
//! and one base64 `data` value that decodes to such a string); every output
//! format must flag them without printing them, in any encoding.

mod common;

use std::path::Path;

use assert_cmd::Command;
use regex::Regex;
use serde_json::Value;

use common::{manifest_dir, seclint};

const FIXTURE: &str = "fixtures/redaction";
/// The base64 `data` value of `fixtures/redaction/secret.yaml`.
const PLANTED_BASE64: &str = "U0VDTElOVC1QTEFOVEVELXNlY3JldC1kYXRhLWJhc2U2NC1jNDFk";
/// Every planted value starts with this; nothing else in the fixture does.
const PLANTED_PREFIX: &str = "SECLINT-PLANTED-";

#[test]
fn planted_values_never_appear_in_any_format() {
    let forbidden = forbidden_strings(&planted_values(&manifest_dir().join(FIXTURE)));
    for (label, mut command) in every_format(FIXTURE) {
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{label}: {output:?}");
        let printed = printed(&output);
        assert_none_leaked(&label, &printed, &forbidden);
        assert!(
            printed.contains("plaintext-secret"),
            "{label}: no plaintext-secret finding"
        );
    }
}

#[test]
fn colored_output_is_really_colored() {
    // Otherwise the `--color always` case above tests nothing new.
    let output = seclint()
        .env_remove("NO_COLOR")
        .args(["check", FIXTURE, "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
}

#[test]
fn every_planted_value_is_flagged() {
    let output = seclint()
        .args(["check", FIXTURE, "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let flagged: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "plaintext-secret")
        .map(|finding| {
            let file = finding["file"].as_str().unwrap().to_string();
            (file, finding["line"].as_u64().unwrap())
        })
        .collect();

    // Each line of the fixture that holds a planted value has a finding.
    for (file, line) in planted_lines(&manifest_dir().join(FIXTURE)) {
        assert!(
            flagged.contains(&(file.clone(), line)),
            "{file}:{line} holds a planted value but has no plaintext-secret finding: {flagged:?}"
        );
    }
}

#[test]
fn init_does_not_copy_planted_values() {
    let repo = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(manifest_dir().join(FIXTURE)).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "inventory.toml" {
            std::fs::copy(entry.path(), repo.path().join(entry.file_name())).unwrap();
        }
    }
    let forbidden = forbidden_strings(&planted_values(repo.path()));
    let output = seclint().arg("init").arg(repo.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_none_leaked("init output", &printed(&output), &forbidden);
    let written = std::fs::read_to_string(repo.path().join("inventory.toml")).unwrap();
    assert_none_leaked("written inventory", &written, &forbidden);

    let check = seclint()
        .arg("check")
        .arg(repo.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_ne!(check.status.code(), Some(2), "{check:?}");
    assert_none_leaked("check after init", &printed(&check), &forbidden);
}

/// A generated repository where each flagged value also sits on the lines
/// directly above and below it (comments), so that any context line in
/// the output would leak it.
#[test]
fn neighbouring_lines_are_not_shown() {
    let repo = tempfile::tempdir().unwrap();
    let values = "SECLINT-PLANTED-generated-values-71c2";
    let string_data = "SECLINT-PLANTED-generated-stringdata-0d4e";
    let transit = "SECLINT-PLANTED-generated-transit-e58a";
    write_generated_repo(repo.path(), values, string_data, transit);
    let forbidden = forbidden_strings(&[
        values.to_string(),
        string_data.to_string(),
        transit.to_string(),
    ]);

    let mut flagged_lines = Vec::new();
    for (label, mut command) in every_format(repo.path().to_str().unwrap()) {
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{label}: {output:?}");
        assert_none_leaked(&label, &printed(&output), &forbidden);
        if label == "json" {
            flagged_lines = plaintext_lines(&output.stdout);
        }
    }
    let expected = [
        ("openbao-values.yaml".to_string(), 9),
        ("secret.yaml".to_string(), 9),
        ("values.yaml".to_string(), 5),
    ];
    assert_eq!(flagged_lines, expected);
}

/// A file that does not parse has no known value spans to mask, so the
/// `invalid-yaml` finding must not print the line where parsing stopped
/// when a secret sits on it.
#[test]
fn unparsable_lines_are_not_printed() {
    let repo = tempfile::tempdir().unwrap();
    let in_values = "SECLINT-PLANTED-broken-values-2b9c";
    let in_secret = "SECLINT-PLANTED-broken-secret-88f0";
    let files = [
        ("inventory.toml", "[inventory]\nversion = 1\n".to_string()),
        (
            "values.yaml",
            format!("auth:\n  username: app\n  password: {in_values}: oops\n"),
        ),
        (
            "secret.yaml",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  \
                 password: \"{in_secret}\n"
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(repo.path().join(name), text).unwrap();
    }
    let planted = [in_values.to_string(), in_secret.to_string()];
    assert_never_printed(repo.path(), &planted, "invalid-yaml");
}

fn write_generated_repo(root: &Path, values: &str, string_data: &str, transit: &str) {
    let values_yaml = [
        "replicaCount: 1".to_string(),
        "auth:".to_string(),
        "  username: app".to_string(),
        format!("  # old: {values}"),
        format!("  password: {values}"),
        format!("  # previous password: {values}"),
    ];
    let secret_yaml = [
        "apiVersion: v1".to_string(),
        "kind: Secret".to_string(),
        "metadata:".to_string(),
        "  name: app".to_string(),
        "  namespace: default".to_string(),
        "type: Opaque".to_string(),
        "stringData:".to_string(),
        format!("  # old: {string_data}"),
        format!("  password: {string_data}"),
        format!("  # was: {string_data}"),
    ];
    let openbao_yaml = [
        "server:".to_string(),
        "  standalone:".to_string(),
        "    enabled: true".to_string(),
        "    config: |".to_string(),
        "      seal \"transit\" {".to_string(),
        "        address    = \"https://transit.example.net:8200\"".to_string(),
        "        key_name   = \"autounseal\"".to_string(),
        format!("        # old token: {transit}"),
        format!("        token      = \"{transit}\""),
        format!("        # rotated from {transit}"),
        "        mount_path = \"transit/\"".to_string(),
        "      }".to_string(),
    ];
    let files = [
        (
            "inventory.toml",
            vec!["[inventory]".to_string(), "version = 1".to_string()],
        ),
        ("values.yaml", values_yaml.to_vec()),
        ("secret.yaml", secret_yaml.to_vec()),
        ("openbao-values.yaml", openbao_yaml.to_vec()),
    ];
    for (name, lines) in files {
        std::fs::write(root.join(name), lines.join("\n") + "\n").unwrap();
    }
}

/// `(file, line)` of every plaintext-secret finding in a JSON report.
fn plaintext_lines(stdout: &[u8]) -> Vec<(String, u64)> {
    let report: Value = serde_json::from_slice(stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "plaintext-secret")
        .map(|finding| {
            let file = finding["file"].as_str().unwrap().to_string();
            (file, finding["line"].as_u64().unwrap())
        })
        .collect()
}

/// `check ROOT` in each output format (and with logging turned up).
/// Runs `check` on `repo` in every format: each run reports `rule`, and none
/// prints a planted value in any form.
fn assert_never_printed(repo: &Path, planted: &[String], rule: &str) {
    let forbidden = forbidden_strings(planted);
    let mut leaks = Vec::new();
    for (label, mut command) in every_format(repo.to_str().unwrap()) {
        let output = command.output().unwrap();
        let printed = printed(&output);
        assert!(printed.contains(rule), "{label}: {output:?}");
        if forbidden
            .iter()
            .any(|value| printed.contains(value.as_str()))
        {
            leaks.push(label);
        }
    }
    assert!(leaks.is_empty(), "planted values printed by: {leaks:?}");
}

fn every_format(root: &str) -> Vec<(String, Command)> {
    let mut commands = Vec::new();
    let variants: [(&str, &[&str]); 6] = [
        ("human --color never", &["--color", "never"]),
        ("human --color always", &["--color", "always"]),
        ("json", &["--format", "json"]),
        ("sarif", &["--format", "sarif"]),
        ("human -vv", &["--color", "never", "-vv"]),
        (
            "json --deny warnings",
            &["--format", "json", "--deny", "warnings"],
        ),
    ];
    for (label, args) in variants {
        let mut command = seclint();
        command.args(["check", root]).args(args);
        if label.contains("always") {
            command.env_remove("NO_COLOR");
        }
        commands.push((label.to_string(), command));
    }
    let mut traced = seclint();
    traced
        .env("RUST_LOG", "trace")
        .args(["check", root, "--format", "json"]);
    commands.push(("json RUST_LOG=trace".to_string(), traced));
    commands
}

/// stdout and stderr together, with ANSI escapes removed as well (colour
/// codes could split a value).
fn printed(output: &std::process::Output) -> String {
    let raw = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let ansi = Regex::new(r"\x1b\[[0-9;]*[A-Za-z]").unwrap();
    let plain = ansi.replace_all(&raw, "").into_owned();
    format!("{raw}\n{plain}")
}

fn assert_none_leaked(label: &str, printed: &str, forbidden: &[String]) {
    for value in forbidden {
        assert!(
            !printed.contains(value.as_str()),
            "{label}: output contains the planted value {value:?}"
        );
    }
}

/// The planted values in a directory's files: every `SECLINT-PLANTED-...`
/// token and every base64 token that decodes to one.
fn planted_values(dir: &Path) -> Vec<String> {
    let plain = Regex::new(r"SECLINT-PLANTED-[A-Za-z0-9_.-]+").unwrap();
    let encoded = Regex::new(r"[A-Za-z0-9+/]{16,}={0,2}").unwrap();
    let mut values = Vec::new();
    for (_, text) in fixture_files(dir) {
        values.extend(plain.find_iter(&text).map(|m| m.as_str().to_string()));
        for token in encoded.find_iter(&text) {
            let decodes_to_planted = base64_decode(token.as_str())
                .is_some_and(|bytes| bytes.starts_with(PLANTED_PREFIX.as_bytes()));
            if decodes_to_planted {
                values.push(token.as_str().to_string());
            }
        }
    }
    values.sort();
    values.dedup();
    values
}

/// `(file, 1-based line)` of each fixture line holding a planted value.
fn planted_lines(dir: &Path) -> Vec<(String, u64)> {
    let values = planted_values(dir);
    let mut lines = Vec::new();
    for (name, text) in fixture_files(dir) {
        for (index, line) in text.lines().enumerate() {
            if values.iter().any(|value| line.contains(value.as_str())) {
                lines.push((name.clone(), index as u64 + 1));
            }
        }
    }
    lines
}

fn fixture_files(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    files.sort();
    files
}

/// Each planted value, its base64 encoding, its base64 decoding (when it is
/// base64), and the common prefixes in both forms.
fn forbidden_strings(planted: &[String]) -> Vec<String> {
    let mut forbidden = vec![
        PLANTED_PREFIX.trim_end_matches('-').to_string(),
        base64_encode(PLANTED_PREFIX.trim_end_matches('-').as_bytes()),
    ];
    for value in planted {
        forbidden.push(value.clone());
        forbidden.push(base64_encode(value.as_bytes()));
        if let Some(decoded) = base64_decode(value) {
            if let Ok(text) = String::from_utf8(decoded) {
                forbidden.push(text);
            }
        }
    }
    forbidden
}

#[test]
fn planted_value_discovery_finds_the_fixture_values() {
    let planted = planted_values(&manifest_dir().join(FIXTURE));
    assert!(planted.iter().any(|value| value == PLANTED_BASE64));
    assert!(planted.len() >= 5, "{planted:?}");
    assert_eq!(
        base64_decode(PLANTED_BASE64).unwrap(),
        b"SECLINT-PLANTED-secret-data-base64-c41d"
    );
    assert_eq!(
        base64_encode(b"SECLINT-PLANTED-secret-data-base64-c41d"),
        PLANTED_BASE64
    );
    let forbidden = forbidden_strings(&planted);
    assert!(forbidden
        .iter()
        .any(|value| value == "U0VDTElOVC1QTEFOVEVE"));
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional); `None` if it is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(|byte| ALPHABET.iter().position(|&a| a == byte).map(|p| p as u32))
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Values the break tests reached the output with: a commented-out old value
/// between two labels of one finding, an escaped Argo CD values string, a
/// value behind an alias next to another finding, and a key holding the
/// value.
#[test]
fn values_near_findings_are_not_printed() {
    let repo = tempfile::tempdir().unwrap();
    let comment = "SECLINT-PLANTED-old-comment-6a1f";
    let escaped = "SECLINT-PLANTED-escaped-argo-0c5e";
    let anchored = "SECLINT-PLANTED-anchored-93d2";
    let in_key = "SECLINT-PLANTED-in-key-44b8";
    let files = [
        ("inventory.toml", "[inventory]\nversion = 1\n".to_string()),
        (
            "values.yaml",
            format!(
                "a:\n  password:\n    # rotated from {comment}\n    value-here\n\
                 shared: {{x: &pw {anchored}, y: \"###TOKEN_A###\"}}\n\
                 db:\n  password: *pw\n\
                 \"password={in_key}\": x1y2\n"
            ),
        ),
        (
            "externalsecret.yaml",
            format!(
                "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {{name: a}}\n\
                 spec:\n  secretStoreRef: {{kind: ClusterSecretStore, name: openbao}}\n  data:\n\
                 \x20   - secretKey: TOKEN\n      remoteRef: {{key: app, property: a}}\n\
                 \x20   # the old token was {comment}\n\
                 \x20   - secretKey: TOKEN\n      remoteRef: {{key: app, property: b}}\n"
            ),
        ),
        (
            "app.yaml",
            format!(
                "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: a}}\n\
                 spec:\n  source:\n    helm:\n      values: \"auth:\\n  p\\u0061ssword: {escaped}\\n\"\n"
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(repo.path().join(name), text).unwrap();
    }
    let planted = [comment, escaped, anchored, in_key].map(str::to_string);
    assert_never_printed(repo.path(), &planted, "plaintext-secret");
}

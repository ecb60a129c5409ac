//! `--format sarif`: SARIF 2.1.0, one rule object per rule id.
//! See: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use serde_json::{json, Value};

use crate::diagnostic::Level;
use crate::rules;
use crate::scan::Analysis;

pub(crate) fn render(analysis: &Analysis) -> anyhow::Result<String> {
    let catalogue = rules::catalogue();
    let rule_objects: Vec<Value> = catalogue
        .iter()
        .map(|meta| {
            json!({
                "id": meta.id,
                "shortDescription": {"text": meta.summary()},
                "help": {"text": meta.docs, "markdown": meta.docs},
                "defaultConfiguration": {"level": sarif_level(meta.default_level)},
            })
        })
        .collect();
    let results: Vec<Value> = analysis
        .findings
        .iter()
        .map(|finding| {
            let rule_index = catalogue.iter().position(|meta| meta.id == finding.rule);
            let source = analysis.source(&finding.file);
            let (end_line, end_column) = source.map_or((finding.line, finding.column), |s| {
                s.line_col(finding.span.end)
            });
            let mut message = finding.message.clone();
            if !finding.help.is_empty() {
                message = format!("{message}. {}", finding.help);
            }
            json!({
                "ruleId": finding.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(finding.level),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_reference(&finding.file)},
                        "region": {
                            "startLine": finding.line,
                            "startColumn": finding.column,
                            "endLine": end_line,
                            "endColumn": end_column.max(1),
                        }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "seclint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_objects,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

/// A relative path as a URI reference (SARIF §3.4.3): every byte outside
/// RFC 3986's unreserved set and `/` is percent-encoded.
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Allow => "none",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            super::uri_reference("apps/a b/%x/ü.yaml"),
            "apps/a%20b/%25x/%C3%BC.yaml"
        );
    }
}

//! `seclint rules` and `seclint explain RULE`.

use crate::cli::{Format, OutputArgs};
use crate::rules::{self, RuleMeta};
use crate::EXIT_OK;

/// Prints the rule catalogue: a table, or JSON.
pub(crate) fn rules(output: &OutputArgs) -> anyhow::Result<u8> {
    let catalogue = rules::catalogue();
    let text = match output.format {
        Format::Json => {
            let list: Vec<_> = catalogue.iter().map(|meta| describe(meta, false)).collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
        Format::Human => table(&catalogue),
        Format::Sarif => {
            anyhow::bail!("`--format sarif` is for `check`; `rules` prints human or json")
        }
    };
    crate::write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// Prints one rule's document: markdown, or JSON with the document in it.
pub(crate) fn explain(id: &str, output: &OutputArgs) -> anyhow::Result<u8> {
    let Some(meta) = rules::find(id) else {
        let known = rules::rule_ids().join(", ");
        anyhow::bail!("unknown rule `{id}`; known rules: {known}");
    };
    let text = match output.format {
        Format::Json => serde_json::to_string_pretty(&describe(meta, true))? + "\n",
        Format::Human => meta.docs.to_string(),
        Format::Sarif => {
            anyhow::bail!("`--format sarif` is for `check`; `explain` prints human or json")
        }
    };
    crate::write_stdout(&text)?;
    Ok(EXIT_OK)
}

fn describe(meta: &RuleMeta, with_docs: bool) -> serde_json::Value {
    let mut object = serde_json::json!({
        "id": meta.id,
        "level": meta.default_level,
        "summary": meta.summary(),
    });
    if with_docs {
        object["docs"] = serde_json::Value::from(meta.docs);
    }
    object
}

fn table(catalogue: &[&RuleMeta]) -> String {
    let width = catalogue
        .iter()
        .map(|meta| meta.id.len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for meta in catalogue {
        let level = meta.default_level.to_string();
        text.push_str(&format!(
            "{:width$}  {level:7}  {}\n",
            meta.id,
            meta.summary()
        ));
    }
    text
}

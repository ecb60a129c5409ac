//! `seclint rules` and `seclint explain RULE`.

use crate::cli::{Format, OutputArgs};
use crate::rules;
use crate::EXIT_OK;

/// Prints the rule catalogue.
pub(crate) fn rules(output: &OutputArgs) -> anyhow::Result<u8> {
    let catalogue = rules::catalogue();
    let text = if output.format == Format::Json {
        let list: Vec<_> = catalogue
            .iter()
            .map(|meta| serde_json::json!({"id": meta.id, "level": meta.default_level, "summary": meta.summary()}))
            .collect();
        serde_json::to_string_pretty(&list)? + "\n"
    } else {
        let width = catalogue
            .iter()
            .map(|meta| meta.id.len())
            .max()
            .unwrap_or(0);
        let mut text = String::new();
        for meta in &catalogue {
            text.push_str(&format!(
                "{:width$}  {:7}  {}\n",
                meta.id,
                meta.default_level.to_string(),
                meta.summary()
            ));
        }
        text
    };
    crate::write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// Prints one rule's document.
pub(crate) fn explain(id: &str) -> anyhow::Result<u8> {
    let Some(meta) = rules::find(id) else {
        let known = rules::rule_ids().join(", ");
        anyhow::bail!("unknown rule `{id}`; known rules: {known}");
    };
    crate::write_stdout(meta.docs)?;
    Ok(EXIT_OK)
}

//! Reading `inventory.toml` into [`Inventory`], collecting every problem.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, Item, TableLike};

use super::{Entry, IgnoreEntry, Inventory, Origin, Spanned};
use crate::checklist::Question;
use crate::diagnostic::Level;
use crate::source::SourceFile;

/// Why the inventory could not be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InventoryError {
    #[error("cannot read the inventory {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the inventory {} has {} problem(s)", file.path, problems.len())]
    Invalid {
        file: SourceFile,
        problems: Vec<Problem>,
    },
}

/// One problem in the inventory, at a span.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

const INVENTORY_KEYS: &[&str] = &["version", "obsolete_pattern", "track_tag", "exclude"];
const SECRET_KEYS: &[&str] = &[
    "name",
    "description",
    "store",
    "path",
    "property",
    "placeholders",
    "origin",
    "source",
    "regenerate",
    "rotation",
    "decision",
    "checklist",
];
const IGNORE_KEYS: &[&str] = &["rule", "secret", "file", "reason"];
const TOP_KEYS: &[&str] = &["inventory", "rules", "secret", "ignore"];

/// Reads and validates the inventory at `path`; `shown` is how findings name
/// the file; `rule_ids` are the ids `[rules]` and `[[ignore]]` may name.
pub(crate) fn load(
    path: &Path,
    shown: String,
    rule_ids: &[&str],
) -> Result<Inventory, InventoryError> {
    let text = std::fs::read_to_string(path).map_err(|source| InventoryError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(SourceFile::new(shown, text), rule_ids)
}

/// Validates inventory text already read.
pub(crate) fn parse(file: SourceFile, rule_ids: &[&str]) -> Result<Inventory, InventoryError> {
    let document = match Document::parse(file.text.to_string()) {
        Ok(document) => document,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_string();
            let problems = vec![Problem {
                span,
                message: format!("TOML syntax error: {message}"),
                help: None,
            }];
            return Err(InventoryError::Invalid { file, problems });
        }
    };
    let mut reader = Reader {
        problems: Vec::new(),
        rule_ids,
    };
    let inventory = reader.inventory(&document, &file);
    if reader.problems.is_empty() {
        Ok(inventory)
    } else {
        reader.problems.sort_by_key(|problem| problem.span.start);
        Err(InventoryError::Invalid {
            file,
            problems: reader.problems,
        })
    }
}

struct Reader<'r> {
    problems: Vec<Problem>,
    rule_ids: &'r [&'r str],
}

impl Reader<'_> {
    fn inventory(&mut self, document: &Document<String>, file: &SourceFile) -> Inventory {
        let root = document.as_table();
        self.unknown_keys(root, TOP_KEYS, "at the top level");
        let mut inventory = Inventory {
            source: file.clone(),
            obsolete_pattern: None,
            track_tag: None,
            exclude: Vec::new(),
            levels: Vec::new(),
            secrets: Vec::new(),
            ignores: Vec::new(),
        };
        match root.get("inventory") {
            Some(item) => self.header(item, &mut inventory),
            None => self.problem(
                0..0,
                "missing `[inventory]` table",
                Some("start the file with `[inventory]` and `version = 1`"),
            ),
        }
        if let Some(item) = root.get("rules") {
            inventory.levels = self.levels(item);
        }
        for table in self.array_of_tables(root, "secret") {
            inventory.secrets.push(self.secret(table));
        }
        for table in self.array_of_tables(root, "ignore") {
            if let Some(ignore) = self.ignore(table) {
                inventory.ignores.push(ignore);
            }
        }
        inventory
    }

    fn header(&mut self, item: &Item, inventory: &mut Inventory) {
        let Some(table) = self.table(item, "[inventory]") else {
            return;
        };
        self.unknown_keys(table, INVENTORY_KEYS, "in [inventory]");
        match table.get_key_value("version") {
            None => self.problem(
                span_of(item),
                "missing `version` in [inventory]",
                Some("add `version = 1`"),
            ),
            Some((_, version)) if version.as_integer() == Some(1) => {}
            Some((_, version)) => self.problem(
                span_of(version),
                "unsupported inventory version",
                Some("this seclint reads `version = 1`"),
            ),
        }
        inventory.obsolete_pattern = self.string(table, "obsolete_pattern").map(|s| s.value);
        if let Some(pattern) = table
            .get("obsolete_pattern")
            .filter(|_| inventory.obsolete_pattern.is_some())
        {
            if let Err(error) =
                regex::Regex::new(inventory.obsolete_pattern.as_deref().unwrap_or_default())
            {
                let message = format!(
                    "`obsolete_pattern` is not a valid regular expression: {}",
                    last_line(&error.to_string())
                );
                self.problem(span_of(pattern), message, None);
            }
        }
        inventory.track_tag = self.string(table, "track_tag").map(|s| s.value);
        for mut glob in self.strings(table, "exclude") {
            glob.value = root_relative(glob.value);
            if let Err(error) = globset::Glob::new(&glob.value) {
                self.problem(
                    glob.span.clone(),
                    format!("invalid glob in `exclude`: {}", error.kind()),
                    None,
                );
            }
            inventory.exclude.push(glob.value);
        }
    }

    fn levels(&mut self, item: &Item) -> Vec<(String, Level)> {
        let Some(table) = self.table(item, "[rules]") else {
            return Vec::new();
        };
        let mut levels = Vec::new();
        for (key, value) in table.iter() {
            let key_span = table
                .key(key)
                .and_then(|k| k.span())
                .unwrap_or_else(|| span_of(value));
            if !self.rule_ids.contains(&key) {
                let help = suggestion(key, self.rule_ids).map_or_else(
                    || "`seclint rules` lists the rule ids".to_string(),
                    |near| format!("did you mean `{near}`? `seclint rules` lists them"),
                );
                self.problem(
                    key_span,
                    format!("unknown rule `{key}` in [rules]"),
                    Some(&help),
                );
                continue;
            }
            match value.as_str().and_then(Level::parse) {
                Some(level) => levels.push((key.to_string(), level)),
                None => self.problem(
                    span_of(value),
                    format!("level of `{key}` must be \"error\", \"warning\" or \"allow\""),
                    None,
                ),
            }
        }
        levels
    }

    fn secret(&mut self, table: &dyn TableLike) -> Entry {
        self.unknown_keys(table, SECRET_KEYS, "in [[secret]]");
        let header = table_span(table);
        let name = self.string(table, "name").unwrap_or_else(|| {
            if !table.contains_key("name") {
                self.problem(
                    header.clone(),
                    "[[secret]] without `name`",
                    Some("give every entry a unique `name`"),
                );
            }
            Spanned {
                value: String::new(),
                span: header.clone(),
            }
        });
        if name.value.trim().is_empty() && !name.span.is_empty() && table.contains_key("name") {
            self.problem(name.span.clone(), "`name` is empty", None);
        }
        let origin = self.string(table, "origin").and_then(|origin| {
            let value = match origin.value.as_str() {
                "external" => Origin::External,
                "generated" => Origin::Generated,
                _ => {
                    self.problem(
                        origin.span,
                        "`origin` must be \"external\" or \"generated\"",
                        None,
                    );
                    return None;
                }
            };
            Some(Spanned {
                value,
                span: origin.span,
            })
        });
        let decision = self.string(table, "decision");
        if let Some(decision) = &decision {
            if !matches!(decision.value.as_str(), "store" | "regenerate") {
                self.problem(
                    decision.span.clone(),
                    "`decision` must be \"store\" or \"regenerate\"",
                    None,
                );
            }
        }
        Entry {
            store: self.string(table, "store"),
            path: self.string(table, "path"),
            property: self.string(table, "property"),
            placeholders: self.strings(table, "placeholders"),
            origin,
            source: self.string(table, "source"),
            regenerate: self.string(table, "regenerate"),
            rotation: self.string(table, "rotation"),
            decision: decision.filter(|d| matches!(d.value.as_str(), "store" | "regenerate")),
            answers: self.answers(table, &name.value),
            name,
        }
    }

    fn answers(&mut self, table: &dyn TableLike, name: &str) -> [Option<Spanned<bool>>; 6] {
        let mut answers = [None, None, None, None, None, None];
        let Some(item) = table.get("checklist") else {
            return answers;
        };
        let Some(checklist) = self.table(item, "`checklist`") else {
            return answers;
        };
        let keys: Vec<&str> = Question::ALL.iter().map(|q| q.key()).collect();
        self.unknown_keys(checklist, &keys, &format!("in the checklist of `{name}`"));
        for question in Question::ALL {
            let Some(value) = checklist.get(question.key()) else {
                continue;
            };
            match value.as_bool() {
                Some(answer) => {
                    answers[question as usize] = Some(Spanned {
                        value: answer,
                        span: span_of(value),
                    })
                }
                None => self.problem(
                    span_of(value),
                    format!("`{}` must be true or false", question.key()),
                    None,
                ),
            }
        }
        answers
    }

    fn ignore(&mut self, table: &dyn TableLike) -> Option<IgnoreEntry> {
        self.unknown_keys(table, IGNORE_KEYS, "in [[ignore]]");
        let header = table_span(table);
        let Some(rule) = self.string(table, "rule") else {
            self.problem(
                header,
                "[[ignore]] without `rule`",
                Some("name the rule id to ignore"),
            );
            return None;
        };
        if !self.rule_ids.contains(&rule.value.as_str()) {
            let help = suggestion(&rule.value, self.rule_ids)
                .map(|near| format!("did you mean `{near}`?"));
            self.problem(
                rule.span.clone(),
                format!("unknown rule `{}` in [[ignore]]", rule.value),
                help.as_deref(),
            );
        }
        let file = self.string(table, "file").map(|mut file| {
            file.value = root_relative(file.value);
            file
        });
        if let Some(file) = &file {
            if let Err(error) = globset::Glob::new(&file.value) {
                self.problem(
                    file.span.clone(),
                    format!("invalid glob in `file`: {}", error.kind()),
                    None,
                );
            }
        }
        Some(IgnoreEntry {
            header,
            rule,
            secret: self.string(table, "secret"),
            file,
            reason: self.string(table, "reason"),
        })
    }

    /// Every table of an array of tables (`[[key]]`), also written inline.
    fn array_of_tables<'d>(
        &mut self,
        root: &'d dyn TableLike,
        key: &str,
    ) -> Vec<&'d dyn TableLike> {
        let Some(item) = root.get(key) else {
            return Vec::new();
        };
        if let Some(array) = item.as_array_of_tables() {
            return array.iter().map(|table| table as &dyn TableLike).collect();
        }
        if let Some(array) = item.as_array() {
            let tables: Vec<&dyn TableLike> = array
                .iter()
                .filter_map(|value| value.as_inline_table().map(|t| t as &dyn TableLike))
                .collect();
            if tables.len() == array.len() {
                return tables;
            }
        }
        self.problem(
            span_of(item),
            format!("`{key}` must be written as [[{key}]] tables"),
            None,
        );
        Vec::new()
    }

    fn table<'d>(&mut self, item: &'d Item, what: &str) -> Option<&'d dyn TableLike> {
        let table = item.as_table_like();
        if table.is_none() {
            self.problem(span_of(item), format!("{what} must be a table"), None);
        }
        table
    }

    fn string(&mut self, table: &dyn TableLike, key: &str) -> Option<Spanned<String>> {
        let value = table.get(key)?;
        match value.as_str() {
            Some(text) => Some(Spanned {
                value: text.to_string(),
                span: span_of(value),
            }),
            None => {
                self.problem(span_of(value), format!("`{key}` must be a string"), None);
                None
            }
        }
    }

    fn strings(&mut self, table: &dyn TableLike, key: &str) -> Vec<Spanned<String>> {
        let Some(item) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            self.problem(
                span_of(item),
                format!("`{key}` must be an array of strings"),
                None,
            );
            return Vec::new();
        };
        let mut strings = Vec::new();
        for value in array.iter() {
            let span = value.span().unwrap_or_else(|| span_of(item));
            match value.as_str() {
                Some(text) => strings.push(Spanned {
                    value: text.to_string(),
                    span,
                }),
                None => self.problem(span, format!("`{key}` must contain only strings"), None),
            }
        }
        strings
    }

    fn unknown_keys(&mut self, table: &dyn TableLike, known: &[&str], place: &str) {
        for (key, value) in table.iter() {
            if known.contains(&key) {
                continue;
            }
            let span = table
                .key(key)
                .and_then(|k| k.span())
                .unwrap_or_else(|| span_of(value));
            let help = match suggestion(key, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known keys: {}", known.join(", ")),
            };
            self.problem(span, format!("unknown key `{key}` {place}"), Some(&help));
        }
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<&str>) {
        self.problems.push(Problem {
            span,
            message: message.into(),
            help: help.map(str::to_string),
        });
    }
}

/// Globs match root-relative paths; `./values.yaml` means `values.yaml`.
fn root_relative(glob: String) -> String {
    match glob.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => glob,
    }
}

fn span_of(item: &Item) -> Range<usize> {
    item.span().unwrap_or(0..0)
}

fn table_span(table: &dyn TableLike) -> Range<usize> {
    let first_key = table
        .iter()
        .filter_map(|(key, _)| table.key(key).and_then(|k| k.span()))
        .next();
    first_key.map_or(0..0, |span| span.start..span.start)
}

/// The closest known word, if it is close enough to be a typo.
fn suggestion<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The last line of a multi-line error message (the regex crate puts the
/// reason there, under a picture of the pattern).
fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["orphaned-entry", "plaintext-secret"];

    fn problems(text: &str) -> Vec<String> {
        match parse(SourceFile::new("inventory.toml".into(), text), RULES) {
            Ok(_) => Vec::new(),
            Err(InventoryError::Invalid { file, problems }) => problems
                .iter()
                .map(|p| {
                    format!(
                        "{}:{} {}",
                        file.line_col(p.span.start).0,
                        file.line_col(p.span.start).1,
                        p.message
                    )
                })
                .collect(),
            Err(other) => vec![other.to_string()],
        }
    }

    #[test]
    fn a_valid_inventory_loads() {
        let text = "[inventory]\nversion = 1\n[[secret]]\nname = \"a\"\npath = \"p\"\n[secret.checklist]\nregenerable = true\n";
        let inventory = parse(SourceFile::new("i".into(), text), RULES).unwrap();
        assert_eq!(inventory.secrets.len(), 1);
        assert!(inventory.secrets[0].answers[0].as_ref().unwrap().value);
    }

    #[test]
    fn a_misspelt_key_points_at_its_line_and_suggests_the_right_one() {
        let text = "[inventory]\nversion = 1\n[[secret]]\nname = \"a\"\nregenrate = \"helm\"\n";
        assert_eq!(
            problems(text),
            ["5:1 unknown key `regenrate` in [[secret]]"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = "[inventory]\nversion = 1\n[rules]\norphan = \"allow\"\n[[secret]]\nname = 3\norigin = \"cloud\"\n[secret.checklist]\nregenerable = \"yes\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("4:1 unknown rule `orphan`"));
    }

    #[test]
    fn levels_are_exactly_error_warning_or_allow() {
        let level = |value: &str| {
            problems(&format!(
                "[inventory]\nversion = 1\n[rules]\norphaned-entry = \"{value}\"\n"
            ))
        };
        for accepted in ["error", "warning", "allow"] {
            assert!(level(accepted).is_empty(), "{accepted}");
        }
        for refused in ["warn", "off", "deny", "Error"] {
            assert_eq!(level(refused).len(), 1, "{refused}");
        }
    }

    #[test]
    fn a_syntax_error_is_a_problem_with_a_position() {
        let found = problems("[inventory]\nversion = 1\n[[secret]\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("3:"), "{found:?}");
    }

    #[test]
    fn a_missing_header_and_version_are_reported() {
        assert_eq!(problems("").len(), 1);
        assert_eq!(problems("[inventory]\n").len(), 1);
        assert_eq!(problems("[inventory]\nversion = 2\n").len(), 1);
    }
}

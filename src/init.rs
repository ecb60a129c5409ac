//! `seclint init`: drafts an inventory from the references in the
//! repository — one entry per distinct store/path/property and per
//! placeholder, sorted, every entry unclassified — and writes it atomically.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::cli::{OutputArgs, RootArgs};
use crate::model::Provider;
use crate::model::{FileModel, RefKind};
use crate::rules::{needs_entry, normalise};
use crate::scan;
use crate::EXIT_OK;

/// One entry to write, keyed by what it claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Draft {
    store: Option<String>,
    path: Option<String>,
    property: Option<String>,
    placeholder: Option<String>,
}

pub(crate) fn init(root: &RootArgs, force: bool, output: &OutputArgs) -> anyhow::Result<u8> {
    let path = scan::inventory_path(&root.root, root.inventory.as_deref());
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        );
    }
    scan::ensure_directory(&root.root)?;
    let files = scan::read_files(&root.root, &[])?;
    let drafts = drafts(&files);
    let text = render(&drafts);
    write_atomically(&path, &text)?;
    if !output.quiet {
        let message = format!(
            "wrote {} with {} unclassified entr{}; answer each checklist, then run `seclint check`\n",
            path.display(),
            drafts.len(),
            if drafts.len() == 1 { "y" } else { "ies" }
        );
        crate::write_stdout(&message)?;
    }
    Ok(EXIT_OK)
}

/// Distinct references, each with where it is first used.
fn drafts(files: &[FileModel]) -> BTreeMap<Draft, Vec<String>> {
    // KV mounts by store name, so `kv/data/app` is drafted as `app`.
    let mounts: std::collections::HashMap<&str, &str> = files
        .iter()
        .flat_map(|file| &file.stores)
        .filter_map(|store| match &store.provider {
            Provider::Vault { mount: Some(mount) } => Some((store.name.as_str(), mount.as_str())),
            _ => None,
        })
        .collect();
    let mut drafts: BTreeMap<Draft, Vec<String>> = BTreeMap::new();
    for file in files {
        for reference in &file.refs {
            let draft = match reference.kind {
                RefKind::Placeholder => Draft {
                    store: None,
                    path: None,
                    property: None,
                    placeholder: Some(reference.key.clone()),
                },
                _ if !needs_entry(reference) => continue,
                _ => {
                    let store = reference.store.as_ref().map(|store| store.name.as_str());
                    let mount = store.and_then(|name| mounts.get(name).copied());
                    Draft {
                        store: store.map(str::to_string),
                        path: Some(normalise(&reference.key, mount).to_string()),
                        property: reference.property.clone(),
                        placeholder: None,
                    }
                }
            };
            let (line, _) = file.source.line_col(reference.span.start);
            drafts
                .entry(draft)
                .or_default()
                .push(format!("{}:{line}", file.source.path));
        }
    }
    drafts
}

fn render(drafts: &BTreeMap<Draft, Vec<String>>) -> String {
    let mut text = String::from(HEADER);
    let mut names = std::collections::HashSet::new();
    for (draft, uses) in drafts {
        let name = unique_name(draft, &mut names);
        let _ = writeln!(text, "\n[[secret]]\nname = {}", quoted(&name));
        let shown: Vec<&str> = uses.iter().take(3).map(String::as_str).collect();
        let more = uses.len().saturating_sub(3);
        let suffix = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        let _ = writeln!(text, "# used in {}{suffix}", shown.join(", "));
        for (key, value) in [
            ("store", &draft.store),
            ("path", &draft.path),
            ("property", &draft.property),
        ] {
            if let Some(value) = value {
                let _ = writeln!(text, "{key} = {}", quoted(value));
            }
        }
        if let Some(token) = &draft.placeholder {
            let _ = writeln!(text, "placeholders = [{}]", quoted(token));
        }
        text.push_str(ENTRY_TEMPLATE);
    }
    text
}

/// A readable, unique entry name from what the entry claims.
fn unique_name(draft: &Draft, taken: &mut std::collections::HashSet<String>) -> String {
    let parts: Vec<&str> = match &draft.placeholder {
        Some(token) => vec![token.as_str()],
        None => [&draft.path, &draft.property]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect(),
    };
    let base = slug(&parts.join("-"));
    let mut name = base.clone();
    if taken.contains(&name) {
        if let Some(store) = &draft.store {
            name = format!("{}-{base}", slug(store));
        }
    }
    let mut counter = 2;
    while taken.contains(&name) {
        name = format!("{base}-{counter}");
        counter += 1;
    }
    taken.insert(name.clone());
    name
}

fn slug(text: &str) -> String {
    let lowered: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let joined: Vec<&str> = lowered.split('-').filter(|part| !part.is_empty()).collect();
    if joined.is_empty() {
        "secret".to_string()
    } else {
        joined.join("-")
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// Writes through a temporary file in the same directory, then renames.
/// A symlinked inventory is written through to its target, and an existing
/// file keeps its permissions (a new one gets 0644, not tempfile's 0600).
pub(crate) fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let target = follow_symlinks(path);
    let path = target.as_path();
    let permissions = std::fs::metadata(path).map(|meta| meta.permissions()).ok();
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(directory)
        .with_context(|| format!("creating a temporary file in {}", directory.display()))?;
    temporary.write_all(text.as_bytes())?;
    if let Some(permissions) = permissions.or_else(new_file_permissions) {
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.as_file().sync_all()?;
    temporary
        .persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Where `path` finally points (it may not exist yet); stops after 40 links.
fn follow_symlinks(path: &Path) -> std::path::PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&current) else {
            break;
        };
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    current
}

/// A new inventory is readable by all, like any file in the repository.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere the temporary file's own permissions are fine.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

const HEADER: &str = r#"# Secret inventory, drafted by `seclint init`.
#
# Every secret the manifests use has an entry below. Classify each one by
# answering the checklist in [secret.checklist], in order, until an answer
# says "store" (or all six say "regenerate"):
#
#   regenerable           = false -> store   (can it be recreated at all?)
#   encrypts_stored_data  = true  -> store   (is stored data encrypted with it?)
#   shared_externally     = true  -> store   (does an external system hold a copy?)
#   one_time_origin       = true  -> store   (made by a process that cannot be repeated?)
#   downstream_dependents = true  -> store   (does anything depend on this exact value?)
#   rotated_externally    = true  -> store   (rotated by an external system? set `rotation`)
#
# Stored secrets need `source = "op://VAULT/ITEM/FIELD"`; regenerated ones need
# `regenerate = "chart or command that recreates it"`. External credentials
# get `origin = "external"` (question 1 is then "false" by definition).

[inventory]
version = 1
obsolete_pattern = "^OBSOLETE"
# exclude = ["vendor/**"]
"#;

const ENTRY_TEMPLATE: &str = r#"description = ""
# origin = "external"            # or "generated"
# source = "op://VAULT/ITEM/FIELD"
# regenerate = ""
[secret.checklist]
# regenerable =
# encrypts_stored_data =
# shared_externally =
# one_time_origin =
# downstream_dependents =
# rotated_externally =
"#;

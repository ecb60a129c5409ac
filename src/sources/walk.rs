//! Which files a run reads: YAML below the root, honouring `.gitignore`,
//! `.ignore` and the inventory's `exclude` globs.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

/// A file to scan: where it is and how findings name it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) path: PathBuf,
    pub(crate) shown: String,
}

/// Every `*.yaml` / `*.yml` below `root`, sorted by shown path.
pub(crate) fn yaml_files(root: &Path, exclude: &[String]) -> anyhow::Result<Vec<Candidate>> {
    let excluded = glob_set(exclude)?;
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                tracing::warn!(%error, "skipping an unreadable path");
                continue;
            }
        };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) || !is_yaml(entry.path()) {
            continue;
        }
        let shown = relative(root, entry.path());
        if excluded.is_match(&shown) {
            tracing::debug!(path = %shown, "excluded");
            continue;
        }
        files.push(Candidate {
            path: entry.into_path(),
            shown,
        });
    }
    files.sort_by(|a, b| a.shown.cmp(&b.shown));
    tracing::info!(files = files.len(), "YAML files found");
    Ok(files)
}

fn glob_set(patterns: &[String]) -> anyhow::Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob =
            Glob::new(pattern).with_context(|| format!("invalid exclude glob {pattern:?}"))?;
        builder.add(glob);
        // `vendor` and `vendor/` exclude the whole directory too.
        let directory = pattern.trim_end_matches('/');
        if !directory.contains('*') {
            builder.add(Glob::new(&format!("{directory}/**"))?);
        }
    }
    builder.build().context("building the exclude globs")
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// `root`-relative path with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

//! `seclint check`: load the inventory, read every YAML file in parallel,
//! run the rules, render the report.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::cli::{Deny, OutputArgs, RootArgs};
use crate::diagnostic::{Finding, Level};
use crate::inventory::{self, Inventory};
use crate::model::{self, FileModel};
use crate::report::{self, Summary};
use crate::rules::{self, Context};
use crate::sources::walk;
use crate::{EXIT_FINDINGS, EXIT_OK};

/// The outcome of analysing a repository.
pub(crate) struct Analysis {
    pub(crate) files: Vec<FileModel>,
    pub(crate) inventory: Inventory,
    pub(crate) findings: Vec<Finding>,
    pub(crate) summary: Summary,
}

impl Analysis {
    /// The source of a file findings name: the inventory or a scanned file
    /// (`files` is sorted by path, as the walk returns it).
    pub(crate) fn source(&self, path: &str) -> Option<&crate::source::SourceFile> {
        if self.inventory.source.path == path {
            return Some(&self.inventory.source);
        }
        self.file(path).map(|file| &file.source)
    }

    pub(crate) fn file(&self, path: &str) -> Option<&FileModel> {
        let index = self
            .files
            .binary_search_by(|file| file.source.path.as_str().cmp(path))
            .ok()?;
        Some(&self.files[index])
    }
}

pub(crate) fn check(root: &RootArgs, output: &OutputArgs) -> anyhow::Result<u8> {
    let analysis = analyse(&root.root, root.inventory.as_deref())?;
    report::render(&analysis, output)?;
    let fails = |finding: &Finding| match finding.level {
        Level::Error => true,
        Level::Warning => output.deny == Some(Deny::Warnings),
        Level::Allow => false,
    };
    Ok(if analysis.findings.iter().any(fails) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Loads the inventory and runs every rule over the repository at `root`.
pub(crate) fn analyse(root: &Path, inventory_path: Option<&Path>) -> anyhow::Result<Analysis> {
    ensure_directory(root)?;
    let inventory = load_inventory(root, inventory_path)?;
    let files = read_files(root, &inventory.exclude)?;
    let context = Context::new(&files, &inventory);
    let findings = rules::run(&context);
    let summary = Summary::new(&files, &inventory, &findings);
    Ok(Analysis {
        files,
        inventory,
        findings,
        summary,
    })
}

fn load_inventory(root: &Path, explicit: Option<&Path>) -> anyhow::Result<Inventory> {
    let path = inventory_path(root, explicit);
    if !path.exists() {
        let init = match explicit {
            Some(_) => format!(
                "seclint init {} --inventory {}",
                root.display(),
                path.display()
            ),
            None => format!("seclint init {}", root.display()),
        };
        anyhow::bail!(
            "no inventory at {}: run `{init}` to write a starting one",
            path.display()
        );
    }
    // A FIFO or device would block or never end.
    if !path.is_file() {
        anyhow::bail!("the inventory {} is not a regular file", path.display());
    }
    let shown = match path.strip_prefix(root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => path.display().to_string(),
    };
    let inventory = inventory::load(&path, shown, &rules::rule_ids())?;
    tracing::info!(path = %path.display(), entries = inventory.secrets.len(), "inventory loaded");
    Ok(inventory)
}

/// Where the inventory is: `--inventory`, else `ROOT/inventory.toml`.
pub(crate) fn inventory_path(root: &Path, explicit: Option<&Path>) -> PathBuf {
    explicit.map_or_else(|| root.join("inventory.toml"), Path::to_path_buf)
}

/// Fails with a clear message before anything else is read.
pub(crate) fn ensure_directory(root: &Path) -> anyhow::Result<()> {
    if !root.is_dir() {
        anyhow::bail!("{} is not a directory", root.display());
    }
    Ok(())
}

/// Finds and reads every YAML file; parsing runs on all cores.
pub(crate) fn read_files(root: &Path, exclude: &[String]) -> anyhow::Result<Vec<FileModel>> {
    let candidates =
        walk::yaml_files(root, exclude).with_context(|| format!("walking {}", root.display()))?;
    Ok(candidates
        .into_par_iter()
        .map(|candidate| read_one(&candidate))
        .collect())
}

fn read_one(candidate: &walk::Candidate) -> FileModel {
    let shown = candidate.shown.clone();
    match std::fs::read(&candidate.path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => model::extract(shown, text),
            Err(_) => unreadable(shown, "the file is not UTF-8 text"),
        },
        Err(error) => unreadable(shown, &format!("cannot read the file: {error}")),
    }
}

fn unreadable(shown: String, why: &str) -> FileModel {
    let mut file = FileModel::new(crate::source::SourceFile::new(shown, String::new()));
    file.error = Some(crate::parse::yaml::YamlError {
        message: why.to_string(),
        offset: 0,
    });
    file
}

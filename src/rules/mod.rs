//! The rule catalogue, the context rules read from, and the engine that runs
//! them, applies configured levels and ignores, and sorts the findings.

mod contradictory_origin;
mod coverage;
mod decision_mismatch;
mod deprecated_api_version;
mod duplicate_entry;
mod duplicate_target_key;
mod ignore_without_reason;
mod incomplete_classification;
mod invalid_yaml;
mod missing_rotation_schedule;
mod orphaned_entry;
mod plaintext_secret;
mod seal_config;
mod suppress;
mod unbacked_secret;
mod unclassified_secret;
mod undocumented_regeneration;
mod unknown_secret_store;
mod unresolvable_reference;
mod unused_ignore;

use std::collections::HashMap;

use crate::diagnostic::{Finding, Level};
use crate::inventory::Inventory;
use crate::model::{FileModel, StoreDef};

pub(crate) use coverage::{needs_entry, normalise, Coverage};
pub(crate) use suppress::IgnoreUsage;

/// What every rule declares about itself.
#[derive(Debug)]
pub(crate) struct RuleMeta {
    pub(crate) id: &'static str,
    pub(crate) default_level: Level,
    /// The rule's document, `rules/<id>.md`.
    pub(crate) docs: &'static str,
}

impl RuleMeta {
    /// The one-line summary: the first paragraph after the title.
    pub(crate) fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .skip(1)
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or_default()
    }
}

/// A check over the whole repository.
pub(crate) trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, context: &Context<'_>, findings: &mut Vec<Finding>);
}

/// Every rule, in catalogue order. `unused-ignore` is not here: it runs after
/// suppression, see [`run`].
pub(crate) static ALL_RULES: &[&dyn Rule] = &[
    &unclassified_secret::UnclassifiedSecret,
    &incomplete_classification::IncompleteClassification,
    &decision_mismatch::DecisionMismatch,
    &contradictory_origin::ContradictoryOrigin,
    &unbacked_secret::UnbackedSecret,
    &undocumented_regeneration::UndocumentedRegeneration,
    &missing_rotation_schedule::MissingRotationSchedule,
    &duplicate_entry::DuplicateEntry,
    &plaintext_secret::PlaintextSecret,
    &duplicate_target_key::DuplicateTargetKey,
    &orphaned_entry::OrphanedEntry,
    &unknown_secret_store::UnknownSecretStore,
    &unresolvable_reference::UnresolvableReference,
    &deprecated_api_version::DeprecatedApiVersion,
    &ignore_without_reason::IgnoreWithoutReason,
    &seal_config::SealConfig,
    &invalid_yaml::InvalidYaml,
];

/// Every rule's metadata, `unused-ignore` included, in catalogue order.
pub(crate) fn catalogue() -> Vec<&'static RuleMeta> {
    let mut metas: Vec<_> = ALL_RULES.iter().map(|rule| rule.meta()).collect();
    // `unused-ignore` sits beside `ignore-without-reason` in the catalogue.
    let beside = metas
        .iter()
        .position(|meta| meta.id == "ignore-without-reason")
        .unwrap_or(metas.len());
    metas.insert(beside, &unused_ignore::META);
    metas
}

/// Every rule id.
pub(crate) fn rule_ids() -> Vec<&'static str> {
    catalogue().iter().map(|meta| meta.id).collect()
}

/// Looks a rule up by id.
pub(crate) fn find(id: &str) -> Option<&'static RuleMeta> {
    catalogue().into_iter().find(|meta| meta.id == id)
}

/// What rules read: the scanned files, the inventory, the stores by name and
/// which entries cover which references.
pub(crate) struct Context<'a> {
    pub(crate) files: &'a [FileModel],
    pub(crate) inventory: &'a Inventory,
    pub(crate) stores: HashMap<&'a str, Vec<&'a StoreDef>>,
    pub(crate) coverage: Coverage,
}

impl<'a> Context<'a> {
    pub(crate) fn new(files: &'a [FileModel], inventory: &'a Inventory) -> Self {
        let mut stores: HashMap<&str, Vec<&StoreDef>> = HashMap::new();
        for store in files.iter().flat_map(|file| &file.stores) {
            stores.entry(store.name.as_str()).or_default().push(store);
        }
        let coverage = Coverage::compute(files, inventory, &stores);
        Context {
            files,
            inventory,
            stores,
            coverage,
        }
    }

    /// The store a reference goes through, when the repository defines it.
    pub(crate) fn store_def(&self, name: &str, cluster: bool) -> Option<&'a StoreDef> {
        let candidates = self.stores.get(name)?;
        candidates
            .iter()
            .copied()
            .find(|store| store.cluster == cluster)
    }
}

/// Runs every rule, applies levels and ignores; returns sorted findings.
pub(crate) fn run(context: &Context<'_>) -> Vec<Finding> {
    let levels: HashMap<&str, Level> = context
        .inventory
        .levels
        .iter()
        .map(|(id, level)| (id.as_str(), *level))
        .collect();
    let level_of = |meta: &RuleMeta| levels.get(meta.id).copied().unwrap_or(meta.default_level);

    let mut findings = Vec::new();
    for rule in ALL_RULES {
        let level = level_of(rule.meta());
        if level == Level::Allow {
            continue;
        }
        let start = findings.len();
        rule.check(context, &mut findings);
        for finding in &mut findings[start..] {
            finding.level = level;
        }
    }

    let (mut kept, usage) = suppress::apply(context, findings);
    let level = level_of(&unused_ignore::META);
    if level != Level::Allow {
        let start = kept.len();
        unused_ignore::check(context, &usage, &mut kept);
        for finding in &mut kept[start..] {
            finding.level = level;
        }
    }
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds a context from inline files for the rules' unit tests.

    use super::*;
    use crate::source::SourceFile;

    /// Runs every rule on `files` with `inventory` and returns
    /// `rule line:column` for each finding of `rule`.
    pub(crate) fn findings_of(rule: &str, files: &[(&str, &str)], inventory: &str) -> Vec<String> {
        let models: Vec<FileModel> = files
            .iter()
            .map(|(path, text)| crate::model::extract(path.to_string(), text.to_string()))
            .collect();
        let source = SourceFile::new("inventory.toml".into(), inventory.to_string());
        let inventory =
            crate::inventory::parse(source, &rule_ids()).expect("test inventory is valid");
        let context = Context::new(&models, &inventory);
        run(&context)
            .into_iter()
            .filter(|finding| finding.rule == rule)
            .map(|finding| format!("{}:{}:{}", finding.file, finding.line, finding.column))
            .collect()
    }

    /// The usual header of a test inventory.
    pub(crate) const HEADER: &str = "[inventory]\nversion = 1\n";

    /// A ClusterSecretStore `openbao` on the vault provider, KV v2 at `kv`.
    pub(crate) const STORE: &str = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: openbao\nspec:\n  provider:\n    vault:\n      server: https://bao:8200\n      path: kv\n      version: v2\n";

    /// An ExternalSecret reading `kv/<key>#<property>` through `openbao`.
    pub(crate) fn external_secret(key: &str, property: &str) -> String {
        format!("apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: openbao\n  data:\n    - secretKey: value\n      remoteRef:\n        key: {key}\n        property: {property}\n")
    }

    /// A fully classified, backed entry covering `openbao:<path>#<property>`.
    pub(crate) fn stored_entry(name: &str, path: &str, property: &str) -> String {
        format!("[[secret]]\nname = \"{name}\"\nstore = \"openbao\"\npath = \"{path}\"\nproperty = \"{property}\"\norigin = \"external\"\nsource = \"op://Homelab/{name}/{property}\"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_documented() {
        let metas = catalogue();
        let mut seen = std::collections::HashSet::new();
        for meta in &metas {
            assert!(seen.insert(meta.id), "duplicate id {}", meta.id);
            assert!(
                meta.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                meta.id
            );
            assert!(
                meta.docs.starts_with(&format!("# {}\n", meta.id)),
                "{} title",
                meta.id
            );
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Fixed example",
                "## Configuration",
                "## Known limits",
            ] {
                assert!(meta.docs.contains(section), "{} lacks {section}", meta.id);
            }
            assert!(!meta.summary().is_empty(), "{} summary", meta.id);
            let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(meta.id);
            assert!(
                fixture.join("bad").is_dir() && fixture.join("good").is_dir(),
                "{} fixtures",
                meta.id
            );
        }
        assert_eq!(metas.len(), 18);
    }
}

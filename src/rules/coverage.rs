//! Which inventory entries cover which references (SPEC §3, "What a
//! reference means depends on the store it goes through").

use std::collections::HashMap;

use crate::inventory::{Entry, Inventory, OpReference};
use crate::model::{FileModel, Provider, RefKind, SecretRef, StoreDef};

/// The result of matching every reference against every entry.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    /// For each file, for each reference: whether some entry covers it.
    pub(crate) covered: Vec<Vec<bool>>,
    /// For each entry: whether some reference reaches it.
    pub(crate) referenced: Vec<bool>,
}

impl Coverage {
    pub(crate) fn compute(
        files: &[FileModel],
        inventory: &Inventory,
        stores: &HashMap<&str, Vec<&StoreDef>>,
    ) -> Self {
        let mut referenced = vec![false; inventory.secrets.len()];
        let covered = files
            .iter()
            .map(|file| {
                file.refs
                    .iter()
                    .map(|reference| {
                        let provider = provider_of(reference, stores);
                        let mut any = false;
                        for (index, entry) in inventory.secrets.iter().enumerate() {
                            if covers(entry, reference, provider) {
                                referenced[index] = true;
                                any = true;
                            }
                        }
                        any
                    })
                    .collect()
            })
            .collect();
        Coverage {
            covered,
            referenced,
        }
    }
}

/// Whether a reference has to be backed by an inventory entry at all.
pub(crate) fn needs_entry(reference: &SecretRef) -> bool {
    !matches!(reference.kind, RefKind::Find | RefKind::Generator)
        && !reference.is_templated()
        && !reference.key.is_empty()
}

fn provider_of<'s>(
    reference: &SecretRef,
    stores: &HashMap<&str, Vec<&'s StoreDef>>,
) -> Option<&'s Provider> {
    let store = reference.store.as_ref()?;
    let candidates = stores.get(store.name.as_str())?;
    let exact = candidates.iter().find(|def| def.cluster == store.cluster);
    exact.or(candidates.first()).map(|def| &def.provider)
}

/// Whether `entry` covers `reference` going through a store of `provider`.
pub(crate) fn covers(entry: &Entry, reference: &SecretRef, provider: Option<&Provider>) -> bool {
    if reference.kind == RefKind::Placeholder {
        return entry
            .placeholders
            .iter()
            .any(|token| token.value == reference.key);
    }
    if !needs_entry(reference) {
        return false;
    }
    let store_name = reference.store.as_ref().map(|store| store.name.as_str());
    // A reference whose store is not known statically (a PushSecret's
    // `labelSelector`) can go through any store.
    let store_matches = match (&entry.store, store_name) {
        (Some(wanted), Some(actual)) => wanted.value == actual,
        _ => true,
    };
    if !store_matches {
        return false;
    }
    if path_matches(entry, reference, provider) {
        return true;
    }
    match provider {
        Some(Provider::OnePassword { vaults }) => source_matches(entry, reference, vaults, None),
        Some(Provider::OnePasswordSdk { vault }) => {
            sdk_source_matches(entry, reference, vault.as_deref())
        }
        _ => false,
    }
}

fn path_matches(entry: &Entry, reference: &SecretRef, provider: Option<&Provider>) -> bool {
    let Some(path) = &entry.path else {
        return false;
    };
    let mount = match provider {
        Some(Provider::Vault { mount }) => mount.as_deref(),
        _ => None,
    };
    if normalise(&path.value, mount) != normalise(&reference.key, mount) {
        return false;
    }
    match (&entry.property, &reference.property) {
        (Some(wanted), Some(actual)) => &wanted.value == actual,
        // A whole-key reference is covered by any entry on that key; an
        // entry for the whole key covers every property in it.
        _ => true,
    }
}

/// `/kv/data/app` and `kv/app` are `app` under mount `kv`.
pub(crate) fn normalise<'k>(key: &'k str, mount: Option<&str>) -> &'k str {
    let key = key.trim_matches('/');
    let Some(mount) = mount.map(|m| m.trim_matches('/')).filter(|m| !m.is_empty()) else {
        return key;
    };
    let Some(rest) = key.strip_prefix(mount).and_then(|r| r.strip_prefix('/')) else {
        return key;
    };
    rest.strip_prefix("data/").unwrap_or(rest)
}

/// 1Password Connect: `key` is the item title, `property` the field label.
fn source_matches(
    entry: &Entry,
    reference: &SecretRef,
    vaults: &[String],
    field: Option<&str>,
) -> bool {
    let Some(op) = entry
        .source
        .as_ref()
        .and_then(|source| OpReference::parse(&source.value))
    else {
        return false;
    };
    let vault_ok = vaults.is_empty()
        || vaults
            .iter()
            .any(|vault| vault.eq_ignore_ascii_case(&op.vault));
    let item_ok = op.item.eq_ignore_ascii_case(&reference.key);
    let wanted_field = field.or(reference.property.as_deref());
    vault_ok && item_ok && wanted_field.is_none_or(|wanted| op.field == wanted)
}

/// 1Password SDK: `key` is `item/[section/]field` in the store's one vault.
fn sdk_source_matches(entry: &Entry, reference: &SecretRef, vault: Option<&str>) -> bool {
    let Some(op) = entry
        .source
        .as_ref()
        .and_then(|source| OpReference::parse(&source.value))
    else {
        return false;
    };
    let parts: Vec<&str> = reference.key.split('/').collect();
    let (item, section, field) = match parts.as_slice() {
        [item, section, field] => (*item, Some(*section), Some(*field)),
        [item, field] => (*item, None, Some(*field)),
        _ => (reference.key.as_str(), None, reference.property.as_deref()),
    };
    let vault_ok = vault.is_none_or(|vault| vault.eq_ignore_ascii_case(&op.vault));
    // A reference without a section finds the field in any section.
    let section_ok = section.is_none_or(|section| op.section.as_deref() == Some(section));
    vault_ok
        && section_ok
        && op.item.eq_ignore_ascii_case(item)
        && field.is_none_or(|field| op.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::testing::*;

    const ONEPASSWORD_STORES: &str = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: onepassword\nspec:\n  provider:\n    onepassword:\n      vaults: {Homelab: 1}\n---\napiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: op-sdk\nspec:\n  provider:\n    onepasswordSDK:\n      vault: Homelab\n";

    fn reading(store: &str, key: &str, property: &str) -> String {
        format!("apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {{kind: ClusterSecretStore, name: {store}}}\n  data:\n    - secretKey: k\n      remoteRef: {{key: {key}, property: {property}}}\n")
    }

    #[test]
    fn a_source_covers_only_through_the_entry_store() {
        let es = reading("onepassword", "Grafana", "admin-password");
        let files = [
            ("stores.yaml", ONEPASSWORD_STORES),
            ("es.yaml", es.as_str()),
        ];
        let entry = |store: &str| {
            format!("{HEADER}[[secret]]\nname = \"g\"\n{store}path = \"grafana\"\norigin = \"external\"\nsource = \"op://Homelab/Grafana/admin-password\"\n")
        };
        assert_eq!(
            findings_of(
                "unclassified-secret",
                &files,
                &entry("store = \"openbao\"\n")
            )
            .len(),
            1
        );
        assert!(findings_of(
            "unclassified-secret",
            &files,
            &entry("store = \"onepassword\"\n")
        )
        .is_empty());
        assert!(findings_of("unclassified-secret", &files, &entry("")).is_empty());
    }

    #[test]
    fn sdk_sections_must_agree() {
        let inventory = format!("{HEADER}[[secret]]\nname = \"f\"\norigin = \"external\"\nsource = \"op://Homelab/Forgejo/SectionB/db\"\n");
        let other = reading("op-sdk", "Forgejo/SectionA/db", "x").replace(", property: x", "");
        let files = [
            ("stores.yaml", ONEPASSWORD_STORES),
            ("es.yaml", other.as_str()),
        ];
        assert_eq!(
            findings_of("unclassified-secret", &files, &inventory).len(),
            1
        );
        let same = other.replace("SectionA", "SectionB");
        let files = [
            ("stores.yaml", ONEPASSWORD_STORES),
            ("es.yaml", same.as_str()),
        ];
        assert!(findings_of("unclassified-secret", &files, &inventory).is_empty());
    }

    #[test]
    fn a_push_secret_with_a_label_selector_matches_any_store() {
        let push = "apiVersion: external-secrets.io/v1alpha1\nkind: PushSecret\nspec:\n  secretStoreRefs:\n    - labelSelector: {matchLabels: {store: openbao}}\n      kind: ClusterSecretStore\n  data:\n    - match: {secretKey: token, remoteRef: {remoteKey: pushed, property: token}}\n";
        let inventory = format!("{HEADER}{}", stored_entry("p", "pushed", "token"));
        let files = [("store.yaml", STORE), ("push.yaml", push)];
        assert!(findings_of("unclassified-secret", &files, &inventory).is_empty());
        assert!(findings_of("orphaned-entry", &files, &inventory).is_empty());
    }

    #[test]
    fn kv_paths_are_compared_without_mount_and_data_prefix() {
        assert_eq!(normalise("/kv/data/app", Some("kv")), "app");
        assert_eq!(normalise("kv/app", Some("kv/")), "app");
        assert_eq!(normalise("app", Some("kv")), "app");
        assert_eq!(normalise("kvx/app", Some("kv")), "kvx/app");
        assert_eq!(normalise("/app/", None), "app");
    }
}

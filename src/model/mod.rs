//! Typed views of what a scanned YAML file says about secrets: references,
//! store definitions, target keys, API versions, plaintext values, seal
//! stanzas and inline ignore comments. Built once per file by [`extract`].

mod credential;
mod embedded;
mod extract;
mod ignore_comment;

use std::ops::Range;

use crate::parse::yaml::YamlError;
use crate::source::SourceFile;

pub(crate) use extract::extract;
pub(crate) use ignore_comment::InlineIgnore;

/// Everything one file contributes to the run.
#[derive(Debug)]
pub(crate) struct FileModel {
    pub(crate) source: SourceFile,
    /// A Helm/Go template: not read further, not reported.
    pub(crate) template: bool,
    pub(crate) error: Option<YamlError>,
    pub(crate) refs: Vec<SecretRef>,
    /// Entries that ask for a secret: ExternalSecret `data`/`dataFrom`
    /// items, PushSecret `data` items, placeholder tokens. A PushSecret item
    /// counts once however many stores it pushes to.
    pub(crate) references: usize,
    pub(crate) stores: Vec<StoreDef>,
    pub(crate) store_uses: Vec<StoreUse>,
    /// The `secretKey`s of each ExternalSecret, in order.
    pub(crate) target_keys: Vec<Vec<Named>>,
    pub(crate) api_versions: Vec<ApiUse>,
    pub(crate) plaintexts: Vec<Plaintext>,
    pub(crate) seals: Vec<SealStanza>,
    pub(crate) ignores: Vec<InlineIgnore>,
    /// Spans of secret values: masked wherever source text is shown.
    pub(crate) sensitive: Vec<Range<usize>>,
}

impl FileModel {
    pub(crate) fn new(source: SourceFile) -> Self {
        FileModel {
            source,
            template: false,
            error: None,
            refs: Vec::new(),
            references: 0,
            stores: Vec::new(),
            store_uses: Vec::new(),
            target_keys: Vec::new(),
            api_versions: Vec::new(),
            plaintexts: Vec::new(),
            seals: Vec::new(),
            ignores: Vec::new(),
            sensitive: Vec::new(),
        }
    }
}

/// A string and where it stands.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub(crate) text: String,
    pub(crate) span: Range<usize>,
}

/// Where a reference comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// `ExternalSecret` `data[].remoteRef`.
    Data,
    /// `dataFrom[].extract`.
    Extract,
    /// `dataFrom[].find`: cannot be matched statically.
    Find,
    /// `sourceRef.generatorRef`: a generator makes the value.
    Generator,
    /// `PushSecret` `data[].match.remoteRef`.
    Push,
    /// A `###NAME###` token in values.
    Placeholder,
}

/// One entry that asks a store (or a deploy step) for a secret.
#[derive(Debug, Clone)]
pub(crate) struct SecretRef {
    pub(crate) kind: RefKind,
    pub(crate) store: Option<StoreUse>,
    pub(crate) key: String,
    pub(crate) property: Option<String>,
    pub(crate) span: Range<usize>,
}

impl SecretRef {
    /// `store:key#property`, `store:key`, or the placeholder token.
    pub(crate) fn display(&self) -> String {
        if self.kind == RefKind::Placeholder {
            return self.key.clone();
        }
        let store = self.store.as_ref().map_or("?", |store| store.name.as_str());
        match &self.property {
            Some(property) => format!("{store}:{}#{property}", self.key),
            None => format!("{store}:{}", self.key),
        }
    }

    /// Whether the key is built at deploy time (`{{ }}`, `${}`).
    pub(crate) fn is_templated(&self) -> bool {
        let templated = |text: &str| text.contains("{{") || text.contains("${");
        templated(&self.key) || self.property.as_deref().is_some_and(templated)
    }
}

/// A `secretStoreRef` / `storeRef` naming a store.
#[derive(Debug, Clone)]
pub(crate) struct StoreUse {
    pub(crate) name: String,
    pub(crate) cluster: bool,
    pub(crate) span: Range<usize>,
}

/// The provider a store talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Provider {
    Vault { mount: Option<String> },
    OnePassword { vaults: Vec<String> },
    OnePasswordSdk { vault: Option<String> },
    Other(String),
}

/// A `SecretStore` or `ClusterSecretStore`.
#[derive(Debug, Clone)]
pub(crate) struct StoreDef {
    pub(crate) name: String,
    pub(crate) cluster: bool,
    pub(crate) provider: Provider,
}

/// An `apiVersion` of an External Secrets document.
#[derive(Debug, Clone)]
pub(crate) struct ApiUse {
    pub(crate) api_version: String,
    pub(crate) kind: String,
    pub(crate) span: Range<usize>,
}

/// A literal credential; only the key and the value's length are kept.
#[derive(Debug, Clone)]
pub(crate) struct Plaintext {
    pub(crate) key: Named,
    pub(crate) length: usize,
    /// The value's span: masked in every snippet.
    pub(crate) span: Range<usize>,
    pub(crate) context: PlaintextContext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaintextContext {
    SecretData,
    SecretStringData,
    Values,
    EmbeddedConfig,
}

/// A `seal "transit" { ... }` stanza found in an embedded config string.
#[derive(Debug, Clone)]
pub(crate) struct SealStanza {
    pub(crate) span: Range<usize>,
    pub(crate) missing: Vec<&'static str>,
    pub(crate) skip_verify: Option<Range<usize>>,
}

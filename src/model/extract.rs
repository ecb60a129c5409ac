//! One file in, one [`FileModel`] out: reads each document by its
//! `apiVersion`/`kind` (or, for values files, as Helm values) and records
//! what the rules need, with spans.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::credential::{
    is_credential_key, is_doc_placeholder, is_literal_credential, is_reference, secrets_inside,
};
use super::embedded::EmbeddedMap;
use super::{
    ApiUse, FileModel, InlineIgnore, Named, Plaintext, PlaintextContext, Provider, RefKind,
    SealStanza, SecretRef, StoreDef, StoreUse,
};
use crate::parse::yaml::{self, NodeId, NodeKind, YamlFile};
use crate::source::SourceFile;

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"###[A-Za-z0-9_.\-]+###").expect("valid placeholder pattern"));
static HCL_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)(?:^|[\s{;,])([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*"([^"\n]*)""#)
        .expect("valid assignment pattern")
});
static HCL_HEREDOC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[\s{;,])([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n")
        .expect("valid heredoc pattern")
});
static CONFIG_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:#|//)[ \t]*(seclint:[^\n]*)$").expect("valid directive pattern")
});
static TRANSIT_SEAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"seal[ \t]+"transit"[ \t]*\{"#).expect("valid seal pattern"));
static HCL_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[\s{;,])([A-Za-z_][A-Za-z0-9_]*)[ \t]*=").expect("valid key pattern")
});

/// Transit seal settings and the environment variables that can stand in
/// for them. See: <https://openbao.org/docs/configuration/seal/transit/>
const SEAL_SETTINGS: [(&str, &[&str]); 4] = [
    ("address", &["VAULT_ADDR", "BAO_ADDR"]),
    ("token", &["VAULT_TOKEN", "BAO_TOKEN"]),
    (
        "key_name",
        &["VAULT_TRANSIT_SEAL_KEY_NAME", "BAO_TRANSIT_SEAL_KEY_NAME"],
    ),
    (
        "mount_path",
        &[
            "VAULT_TRANSIT_SEAL_MOUNT_PATH",
            "BAO_TRANSIT_SEAL_MOUNT_PATH",
        ],
    ),
];

/// Reads one file. `path` is relative to the root with `/` separators.
pub(crate) fn extract(path: String, text: String) -> FileModel {
    let mut model = FileModel::new(SourceFile::new(path, text));
    let source = model.source.clone();
    let has_braces = source.text.contains("{{");
    if has_braces && is_under_templates(&source.path) {
        model.template = true;
        return model;
    }

    let yaml = yaml::parse(&source.text);
    // Helm, Jinja and Flux templating make files that are YAML only once rendered.
    let templated = has_braces || source.text.contains("{%") || source.text.contains("${");
    if yaml.error.is_some() && templated {
        model.template = true;
        return model;
    }
    model.error = yaml.error.clone();
    if let Some(error) = &yaml.error {
        // The broken line is shown in the report but was never understood,
        // so whatever follows its key may be a secret: mask it.
        model.sensitive.push(unparsed_value(&source, error.offset));
    }
    for comment in &yaml.comments {
        if let Some(ignore) = InlineIgnore::parse(&comment.text, comment.span.clone(), &source) {
            model.ignores.push(ignore);
        }
    }

    let values_file = is_values_file(&source.path);
    let mut reader = Reader {
        yaml: &yaml,
        text: &source.text,
        model: &mut model,
    };
    for &doc in &yaml.docs {
        reader.document(doc, values_file);
    }
    model
}

/// The part of the line at `offset` after its first `: ` (or after its
/// indentation when it has none).
fn unparsed_value(source: &SourceFile, offset: usize) -> Range<usize> {
    let (line, _) = source.line_col(offset);
    let span = source.line_span(line);
    let text = &source.text[span.clone()];
    let start = match text.find(": ") {
        Some(colon) => colon + 2,
        None => text.len() - text.trim_start().len(),
    };
    span.start + start..span.end
}

/// Helm values files by name: `values.yaml`, `values-prod.yaml`,
/// `values.prod.yaml`, `app-values.yaml`.
pub(crate) fn is_values_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name);
    stem.starts_with("values") || stem.ends_with("-values") || stem.ends_with("_values")
}

fn is_under_templates(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|dir| dir == "templates")
}

struct Reader<'a> {
    yaml: &'a YamlFile,
    text: &'a str,
    model: &'a mut FileModel,
}

impl Reader<'_> {
    fn document(&mut self, doc: NodeId, values_file: bool) {
        let yaml = self.yaml;
        self.placeholders(yaml, doc);
        let api_version = yaml.get_str(doc, "apiVersion").unwrap_or_default();
        let kind = yaml.get_str(doc, "kind").unwrap_or_default();
        let group = api_version.split('/').next().unwrap_or_default();
        let spec = yaml.get(doc, "spec");

        if group == "external-secrets.io" {
            self.api_use(doc, api_version, kind);
        }
        match (group, kind, spec) {
            ("external-secrets.io", "ExternalSecret", Some(spec)) => self.external_secret(spec),
            ("external-secrets.io", "ClusterExternalSecret", Some(spec)) => {
                if let Some(template) = yaml.get(spec, "externalSecretSpec") {
                    self.external_secret(template);
                }
            }
            ("external-secrets.io", "PushSecret", Some(spec)) => self.push_secret(spec),
            ("external-secrets.io", "SecretStore" | "ClusterSecretStore", Some(spec)) => {
                self.store(doc, spec, kind == "ClusterSecretStore");
            }
            ("v1", "Secret", _) => self.kubernetes_secret(doc),
            ("helm.toolkit.fluxcd.io", "HelmRelease", Some(spec)) => {
                if let Some(values) = yaml.get(spec, "values") {
                    self.values((yaml, self.text), values, None);
                }
            }
            ("argoproj.io", "Application", Some(spec)) => self.argo_sources(spec),
            ("argoproj.io", "ApplicationSet", Some(spec)) => {
                if let Some(template) = yaml.path(spec, &["template", "spec"]) {
                    self.argo_sources(template);
                }
            }
            _ if values_file && kind.is_empty() => self.values((yaml, self.text), doc, None),
            _ => {}
        }
    }

    fn api_use(&mut self, doc: NodeId, api_version: &str, kind: &str) {
        let Some(node) = self.yaml.get(doc, "apiVersion") else {
            return;
        };
        self.model.api_versions.push(ApiUse {
            api_version: api_version.to_string(),
            kind: kind.to_string(),
            span: self.yaml.span(node),
        });
    }

    fn external_secret(&mut self, spec: NodeId) {
        let yaml = self.yaml;
        let default_store = yaml
            .get(spec, "secretStoreRef")
            .and_then(|node| self.store_use(node));
        let mut target_keys = Vec::new();

        for &item in yaml.items(yaml.get(spec, "data").unwrap_or(spec)) {
            self.model.references += 1;
            if let Some(key) = yaml.get(item, "secretKey") {
                target_keys.push(self.named(key));
            }
            let store = self.source_store(item).or_else(|| default_store.clone());
            if let Some(remote) = yaml.get(item, "remoteRef") {
                self.reference(RefKind::Data, store, remote, "key");
            } else if let Some(generator) = yaml.path(item, &["sourceRef", "generatorRef"]) {
                self.generator(generator);
            }
        }

        for &item in yaml.items(yaml.get(spec, "dataFrom").unwrap_or(spec)) {
            self.model.references += 1;
            let store = self.source_store(item).or_else(|| default_store.clone());
            if let Some(extract) = yaml.get(item, "extract") {
                self.reference(RefKind::Extract, store, extract, "key");
            } else if let Some((key, find)) = yaml.entry(item, "find") {
                // At the `find:` key, so an ignore above `- find:` applies.
                self.find(store, find, yaml.span(key));
            } else if let Some(generator) = yaml.path(item, &["sourceRef", "generatorRef"]) {
                self.generator(generator);
            } else {
                // Counted as a reference even when it says nothing we know.
                self.find(store, item, yaml.span(item));
            }
        }
        self.model.target_keys.push(target_keys);
    }

    fn push_secret(&mut self, spec: NodeId) {
        let yaml = self.yaml;
        let refs = yaml
            .get(spec, "secretStoreRefs")
            .map_or(&[][..], |n| yaml.items(n));
        let stores: Vec<StoreUse> = refs
            .iter()
            .filter_map(|&node| self.store_use(node))
            .collect();
        for &item in yaml.items(yaml.get(spec, "data").unwrap_or(spec)) {
            let Some(remote) = yaml.path(item, &["match", "remoteRef"]) else {
                continue;
            };
            self.model.references += 1;
            if stores.is_empty() {
                self.reference(RefKind::Push, None, remote, "remoteKey");
            }
            for store in &stores {
                self.reference(RefKind::Push, Some(store.clone()), remote, "remoteKey");
            }
        }
    }

    /// `data[].sourceRef.storeRef` overriding the ExternalSecret's store.
    fn source_store(&mut self, item: NodeId) -> Option<StoreUse> {
        let node = self.yaml.path(item, &["sourceRef", "storeRef"])?;
        self.store_use(node)
    }

    /// A `{name, kind}` store reference; recorded for `unknown-secret-store`.
    fn store_use(&mut self, node: NodeId) -> Option<StoreUse> {
        let yaml = self.yaml;
        let name = yaml.get(node, "name")?;
        let kind = yaml.get_str(node, "kind").unwrap_or("SecretStore");
        let store = StoreUse {
            name: yaml.str(name)?.to_string(),
            cluster: kind == "ClusterSecretStore",
            span: yaml.span(name),
        };
        self.model.store_uses.push(store.clone());
        Some(store)
    }

    fn reference(
        &mut self,
        kind: RefKind,
        store: Option<StoreUse>,
        remote: NodeId,
        key_field: &str,
    ) {
        let yaml = self.yaml;
        let key_node = yaml.get(remote, key_field);
        let key = key_node.and_then(|node| yaml.str(node)).unwrap_or_default();
        let span = key_node.map_or_else(|| yaml.span(remote), |node| yaml.span(node));
        self.model.refs.push(SecretRef {
            kind,
            store,
            key: key.to_string(),
            property: yaml.get_str(remote, "property").map(str::to_string),
            span,
        });
    }

    fn find(&mut self, store: Option<StoreUse>, find: NodeId, span: Range<usize>) {
        let yaml = self.yaml;
        let described = yaml
            .get_str(find, "path")
            .or_else(|| {
                yaml.path(find, &["name", "regexp"])
                    .and_then(|n| yaml.str(n))
            })
            .unwrap_or("*");
        self.model.refs.push(SecretRef {
            kind: RefKind::Find,
            store,
            key: described.to_string(),
            property: None,
            span,
        });
    }

    fn generator(&mut self, generator: NodeId) {
        let yaml = self.yaml;
        let name = yaml.get_str(generator, "name").unwrap_or_default();
        self.model.refs.push(SecretRef {
            kind: RefKind::Generator,
            store: None,
            key: name.to_string(),
            property: None,
            span: yaml.span(generator),
        });
    }

    fn store(&mut self, doc: NodeId, spec: NodeId, cluster: bool) {
        let yaml = self.yaml;
        let Some(name_node) = yaml.path(doc, &["metadata", "name"]) else {
            return;
        };
        let provider_node = yaml.get(spec, "provider");
        let (provider_name, config) = provider_node
            .and_then(|node| yaml.entries(node).next())
            .map(|(key, value)| (yaml.str(key).unwrap_or_default(), Some(value)))
            .unwrap_or(("", None));
        let setting = |key: &str| {
            config
                .and_then(|c| yaml.get_str(c, key))
                .map(str::to_string)
        };
        let provider = match provider_name {
            "vault" | "openbao" | "openBao" => Provider::Vault {
                mount: setting("path"),
            },
            "onepassword" => {
                let vaults = config.and_then(|c| yaml.get(c, "vaults"));
                let names = vaults.map_or_else(Vec::new, |v| {
                    yaml.entries(v)
                        .filter_map(|(k, _)| yaml.str(k).map(str::to_string))
                        .collect()
                });
                Provider::OnePassword { vaults: names }
            }
            "onepasswordSDK" => Provider::OnePasswordSdk {
                vault: setting("vault"),
            },
            other => Provider::Other(other.to_string()),
        };
        self.model.stores.push(StoreDef {
            name: yaml.str(name_node).unwrap_or_default().to_string(),
            cluster,
            provider,
        });
    }

    fn kubernetes_secret(&mut self, doc: NodeId) {
        let yaml = self.yaml;
        for (field, context) in [
            ("data", PlaintextContext::SecretData),
            ("stringData", PlaintextContext::SecretStringData),
        ] {
            let Some(map) = yaml.get(doc, field) else {
                continue;
            };
            for (key, value) in yaml.entries(map) {
                let Some(text) = yaml.str(value) else {
                    continue;
                };
                let span = yaml.span(value);
                let trimmed = text.trim();
                let null =
                    yaml.is_plain(value) && matches!(trimmed, "~" | "null" | "Null" | "NULL");
                let stands_for_a_value = is_reference(trimmed) || is_doc_placeholder(trimmed);
                if trimmed.is_empty() || null || trimmed.starts_with("ENC[") || stands_for_a_value {
                    continue;
                }
                self.plaintext(self.named(key), text, span, context);
            }
        }
    }

    fn argo_sources(&mut self, spec: NodeId) {
        let yaml = self.yaml;
        let single = yaml.get(spec, "source").into_iter();
        let many = yaml
            .get(spec, "sources")
            .map_or(&[][..], |n| yaml.items(n))
            .iter()
            .copied();
        for source in single.chain(many).collect::<Vec<_>>() {
            let Some(helm) = yaml.get(source, "helm") else {
                continue;
            };
            if let Some(object) = yaml.get(helm, "valuesObject") {
                self.values((yaml, self.text), object, None);
            }
            if let Some(values) = yaml.get(helm, "values") {
                match yaml.str(values) {
                    Some(text) => self.embedded_values(values, text),
                    None => self.values((yaml, self.text), values, None),
                }
            }
        }
    }

    /// Helm values written as a YAML string inside YAML.
    fn embedded_values(&mut self, node: NodeId, text: &str) {
        let map = embedded_map(self.yaml, self.text, node);
        let inner = yaml::parse(text);
        for comment in &inner.comments {
            let span = map.map(comment.span.clone());
            if let Some(ignore) = InlineIgnore::parse(&comment.text, span, &self.model.source) {
                self.model.ignores.push(ignore);
            }
        }
        for &doc in &inner.docs {
            self.values((&inner, text), doc, Some(&map));
        }
    }

    /// Reads a Helm values tree: literal credentials, secrets inside longer
    /// values, `name`/`value` environment pairs, embedded config and seals.
    fn values(&mut self, (yaml, text): (&YamlFile, &str), root: NodeId, map: Option<&EmbeddedMap>) {
        let mut found = Vec::new();
        let complete = yaml.walk(root, |key, node, at| {
            if let Some(candidate) = values_candidate(yaml, key, node, at) {
                found.push(candidate);
            }
        });
        if !complete {
            self.truncated(mapped(map, yaml.span(root)).start);
        }
        let mut env = None;
        for candidate in found {
            match candidate {
                ValuesCandidate::Literal { key, value, at } => {
                    let span = mapped(map, yaml.span(at));
                    if at != value {
                        // Reached through an alias: the anchor holds the value.
                        self.model.sensitive.push(mapped(map, yaml.span(value)));
                    }
                    let key = key_named(yaml, key, &span, map);
                    self.plaintext(
                        key,
                        yaml.str(value).unwrap_or_default(),
                        span,
                        PlaintextContext::Values,
                    );
                }
                ValuesCandidate::Inside { key, value } => {
                    let span = yaml.span(value);
                    let content = yaml.str(value).unwrap_or_default();
                    let inner = embedded_map(yaml, text, value);
                    let key = key_named(yaml, key, &mapped(map, span), map);
                    for secret in secrets_inside(content) {
                        let secret_text = &content[secret.clone()];
                        let at = mapped(map, inner.map(secret));
                        self.plaintext(key.clone(), secret_text, at, PlaintextContext::Values);
                    }
                }
                ValuesCandidate::Config { value } => {
                    // Only a seal stanza needs the environment: read it once, on demand.
                    let env = env.get_or_insert_with(|| seal_environment(yaml, root));
                    self.embedded_config((yaml, text), value, map, env);
                }
            }
        }
    }

    /// HCL (or similar `key = "value"` config) inside a values string.
    fn embedded_config(
        &mut self,
        (yaml, text): (&YamlFile, &str),
        node: NodeId,
        outer: Option<&EmbeddedMap>,
        env: &HashSet<String>,
    ) {
        let value = yaml.str(node).unwrap_or_default();
        let map = embedded_map(yaml, text, node);
        let to_file = |span: Range<usize>| mapped(outer, map.map(span));

        for (key, literal) in config_assignments(value) {
            let (key_text, literal_text) = (&value[key.clone()], &value[literal.clone()]);
            if is_credential_key(key_text) && is_literal_credential(key_text, literal_text, false) {
                let name = Named {
                    text: key_text.to_string(),
                    span: to_file(key),
                };
                let span = to_file(literal);
                self.plaintext(name, literal_text, span, PlaintextContext::EmbeddedConfig);
            }
        }
        // `# seclint: ignore[...]` written as a comment inside the config.
        for directive in CONFIG_DIRECTIVE.captures_iter(value) {
            let (Some(whole), Some(text)) = (directive.get(0), directive.get(1)) else {
                continue;
            };
            let span = to_file(whole.range());
            if let Some(ignore) = InlineIgnore::parse(text.as_str(), span, &self.model.source) {
                self.model.ignores.push(ignore);
            }
        }
        for found in TRANSIT_SEAL.find_iter(value) {
            if is_commented_out(value, found.start()) {
                continue;
            }
            let body = block_body(value, found.end());
            let mut stanza = seal_stanza(body, env);
            stanza.span = to_file(found.range());
            if let Some(skip) = stanza.skip_verify.take() {
                let start = found.end() + skip.start;
                stanza.skip_verify = Some(to_file(start..start + skip.len()));
            }
            self.model.seals.push(stanza);
        }
    }

    /// A document too large to walk: reported like a syntax error, since
    /// what was not read was not checked.
    fn truncated(&mut self, offset: usize) {
        if self.model.error.is_none() {
            let line = unparsed_value(&self.model.source, offset);
            self.model.sensitive.push(line);
            self.model.error = Some(crate::parse::yaml::YamlError {
                message: "the document expands to too many nodes (aliases included); the rest was not checked".to_string(),
                offset,
            });
        }
    }

    /// Records a literal credential under `key`; its value is masked
    /// wherever source text is shown.
    fn plaintext(
        &mut self,
        mut key: Named,
        value: &str,
        span: Range<usize>,
        context: PlaintextContext,
    ) {
        self.model.sensitive.push(span.clone());
        if !is_plain_name(&key.text) {
            // `"password=hunter2": x`: a key that may hold the value itself.
            self.model.sensitive.push(key.span.clone());
            key.text = "(key redacted)".to_string();
        }
        self.model.plaintexts.push(Plaintext {
            key,
            length: value.chars().count(),
            span,
            context,
        });
    }

    /// `###NAME###` tokens in any scalar of a document.
    fn placeholders(&mut self, yaml: &YamlFile, root: NodeId) {
        let mut found = Vec::new();
        let complete = yaml.walk(root, |_, node, _| {
            if let NodeKind::Scalar { value, .. } = &yaml.node(node).kind {
                if value.contains("###") {
                    found.push(node);
                }
            }
        });
        if !complete {
            self.truncated(yaml.span(root).start);
        }
        for node in found {
            let value = yaml.str(node).unwrap_or_default();
            let inner = embedded_map(yaml, self.text, node);
            for token in PLACEHOLDER.find_iter(value) {
                self.model.references += 1;
                let at = inner.map(token.range());
                self.model.refs.push(SecretRef {
                    kind: RefKind::Placeholder,
                    store: None,
                    key: token.as_str().to_string(),
                    property: None,
                    span: at,
                });
            }
        }
    }

    fn named(&self, node: NodeId) -> Named {
        Named {
            text: self.yaml.str(node).unwrap_or_default().to_string(),
            span: self.yaml.span(node),
        }
    }
}

/// A values node worth a closer look.
enum ValuesCandidate {
    /// A credential key with a literal value (`at` is where it was met).
    Literal {
        key: Option<NodeId>,
        value: NodeId,
        at: NodeId,
    },
    /// A value that may hold a secret inside (URL, connection string, PEM).
    Inside { key: Option<NodeId>, value: NodeId },
    /// A multi-line string that may be config (HCL) or carry directives.
    Config { value: NodeId },
}

/// Decides what, if anything, a node of a values tree needs.
fn values_candidate(
    yaml: &YamlFile,
    key: Option<NodeId>,
    node: NodeId,
    at: NodeId,
) -> Option<ValuesCandidate> {
    let (value, plain) = match &yaml.node(node).kind {
        NodeKind::Scalar { value, plain, .. } => (value, *plain),
        NodeKind::Mapping(_) => return environment_pair(yaml, node),
        NodeKind::Sequence(_) | NodeKind::Alias(_) => return None,
    };
    let key_text = key.and_then(|k| yaml.str(k)).unwrap_or_default();
    if is_credential_key(key_text) && is_literal_credential(key_text, value, plain) {
        return Some(ValuesCandidate::Literal {
            key,
            value: node,
            at,
        });
    }
    if value.contains('\n') && (value.contains('=') || value.contains("seclint:")) {
        return Some(ValuesCandidate::Config { value: node });
    }
    let may_hold = value.contains("://") || value.contains('=') || value.contains("PRIVATE KEY");
    (may_hold && !secrets_inside(value).is_empty())
        .then_some(ValuesCandidate::Inside { key, value: node })
}

/// `{name: DB_PASSWORD, value: literal}`, as in container `env` lists.
fn environment_pair(yaml: &YamlFile, map: NodeId) -> Option<ValuesCandidate> {
    let name = yaml.get(map, "name")?;
    let value = yaml.get(map, "value")?;
    let name_text = yaml.str(name)?;
    let value_text = yaml.str(value)?;
    let literal = is_credential_key(name_text)
        && is_literal_credential(name_text, value_text, yaml.is_plain(value));
    literal.then_some(ValuesCandidate::Literal {
        key: Some(name),
        value,
        at: value,
    })
}

/// The key a finding stands at (the value's own span when there is none).
fn key_named(
    yaml: &YamlFile,
    key: Option<NodeId>,
    fallback: &Range<usize>,
    map: Option<&EmbeddedMap>,
) -> Named {
    Named {
        text: key
            .and_then(|k| yaml.str(k))
            .unwrap_or_default()
            .to_string(),
        span: key.map_or(fallback.clone(), |k| mapped(map, yaml.span(k))),
    }
}

/// A key that can be echoed in a message: a short identifier.
fn is_plain_name(key: &str) -> bool {
    key.len() <= 80
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// How offsets inside a string node map back to the file `text` it is in.
fn embedded_map(yaml: &YamlFile, text: &str, node: NodeId) -> EmbeddedMap {
    let span = yaml.span(node);
    let value = yaml.str(node).unwrap_or_default();
    EmbeddedMap::new(
        value,
        &text[span.clone()],
        span.start,
        yaml.is_literal(node),
    )
}

fn mapped(map: Option<&EmbeddedMap>, span: Range<usize>) -> Range<usize> {
    map.map_or(span.clone(), |map| map.map(span))
}

/// `key = "value"` and `key = <<EOT ... EOT` assignments that are not
/// commented out: (key range, value range) in `config`.
fn config_assignments(config: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut found = Vec::new();
    for capture in HCL_ASSIGNMENT.captures_iter(config) {
        if let (Some(key), Some(literal)) = (capture.get(1), capture.get(2)) {
            found.push((key.range(), literal.range()));
        }
    }
    for capture in HCL_HEREDOC.captures_iter(config) {
        let (Some(key), Some(tag), Some(opening)) =
            (capture.get(1), capture.get(2), capture.get(0))
        else {
            continue;
        };
        let body_start = opening.end();
        let mut offset = body_start;
        for line in config[body_start..].split_inclusive('\n') {
            if line.trim() == tag.as_str() {
                let body_end = offset.saturating_sub(1).max(body_start);
                found.push((key.range(), body_start..body_end));
                break;
            }
            offset += line.len();
        }
    }
    found.retain(|(key, _)| !is_commented_out(config, key.start));
    found
}

/// Whether a `#` or `//` comment (outside quotes) starts before `at` on its
/// line.
fn is_commented_out(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let mut quoted = false;
    let mut previous = ' ';
    for character in text[line_start..at].chars() {
        match character {
            '"' => quoted = !quoted,
            '#' if !quoted => return true,
            '/' if !quoted && previous == '/' => return true,
            _ => {}
        }
        previous = character;
    }
    false
}

/// The text between a block's `{` (just before `start`) and its `}`.
fn block_body(text: &str, start: usize) -> &str {
    let mut depth = 1usize;
    for (offset, character) in text[start..].char_indices() {
        match character {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[start..start + offset];
                }
            }
            _ => {}
        }
    }
    &text[start..]
}

fn seal_stanza(body: &str, env: &HashSet<String>) -> SealStanza {
    let keys: HashSet<&str> = HCL_KEY
        .captures_iter(body)
        .filter_map(|capture| capture.get(1).map(|m| m.as_str()))
        .collect();
    let missing = SEAL_SETTINGS
        .iter()
        .filter(|(key, vars)| !keys.contains(key) && !vars.iter().any(|var| env.contains(*var)))
        .map(|(key, _)| *key)
        .collect();
    let skip_verify = HCL_ASSIGNMENT_ANY
        .captures_iter(body)
        .find(|capture| &capture[1] == "tls_skip_verify" && is_truthy(&capture[2]))
        .and_then(|capture| Some(capture.get(1)?.start()..capture.get(0)?.end()));
    SealStanza {
        span: 0..0,
        missing,
        skip_verify,
    }
}

static HCL_ASSIGNMENT_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)(?:^|[\s{;,])([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*"?([A-Za-z0-9_]*)"?"#)
        .expect("valid assignment pattern")
});

fn is_truthy(value: &str) -> bool {
    matches!(value.trim(), "true" | "1" | "True" | "TRUE")
}

/// Environment variable names the values set for the server (so that a seal
/// setting may come from the environment instead).
fn seal_environment(yaml: &YamlFile, root: NodeId) -> HashSet<String> {
    let mut names = HashSet::new();
    // A walk cut short only means fewer names: at worst an extra warning.
    let _complete = yaml.walk(root, |key, node, _| {
        let key_text = key.and_then(|k| yaml.str(k)).unwrap_or_default();
        let is_env_name = |text: &str| text.starts_with("VAULT_") || text.starts_with("BAO_");
        if is_env_name(key_text) {
            names.insert(key_text.to_string());
        }
        if matches!(key_text, "name" | "envName") {
            if let Some(text) = yaml.str(node).filter(|text| is_env_name(text)) {
                names.insert(text.to_string());
            }
        }
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(path: &str, text: &str) -> FileModel {
        extract(path.to_string(), text.to_string())
    }

    #[test]
    fn values_files_are_recognised_by_name() {
        for path in [
            "values.yaml",
            "a/values-prod.yml",
            "b/values.prod.yaml",
            "c/authelia-values.yaml",
        ] {
            assert!(is_values_file(path), "{path}");
        }
        for path in [
            "valuesless/app.yaml",
            "helmrelease.yaml",
            "a/my-values-file.yaml",
        ] {
            assert!(!is_values_file(path), "{path}");
        }
    }

    #[test]
    fn external_secret_data_and_data_from_become_references() {
        let text = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec:\n  secretStoreRef: {name: openbao, kind: ClusterSecretStore}\n  data:\n    - secretKey: a\n      remoteRef: {key: app, property: pw}\n  dataFrom:\n    - extract: {key: other}\n    - find: {name: {regexp: '^x'}}\n";
        let found = model("es.yaml", text);
        let shown: Vec<String> = found.refs.iter().map(SecretRef::display).collect();
        assert_eq!(shown, ["openbao:app#pw", "openbao:other", "openbao:^x"]);
        assert_eq!(found.refs[2].kind, RefKind::Find);
        assert_eq!(&text[found.refs[0].span.clone()], "app");
        assert!(found.refs[0].store.as_ref().unwrap().cluster);
    }

    #[test]
    fn a_template_under_templates_is_skipped_quietly() {
        let found = model(
            "chart/templates/secret.yaml",
            "{{- if .Values.x }}\nkind: Secret\n{{- end }}\n",
        );
        assert!(found.template && found.error.is_none());
    }

    #[test]
    fn a_broken_file_without_templates_keeps_its_error() {
        let found = model("broken.yaml", "a: [1, 2\n");
        assert!(!found.template && found.error.is_some());
    }

    #[test]
    fn secret_string_data_literals_are_plaintext_and_references_are_not() {
        let text = "apiVersion: v1\nkind: Secret\nstringData:\n  password: hunter2-test\n  user: admin\n  token: ${TOKEN}\n  ref: op://V/I/f\n";
        let found = model("s.yaml", text);
        assert_eq!(found.plaintexts.len(), 2);
        assert_eq!(found.plaintexts[0].length, 12);
    }

    #[test]
    fn empty_secret_values_are_not_plaintext() {
        let text = "apiVersion: v1\nkind: Secret\nstringData:\n  a:  # to fill\n  b: \n  c: ~\n";
        assert!(model("s.yaml", text).plaintexts.is_empty());
    }

    #[test]
    fn the_value_on_an_unparsable_line_is_masked() {
        let text = "a: 1\npassword: [hunter2-broken\n";
        let found = model("broken.yaml", text);
        let masked = found.source.masked(&found.sensitive);
        assert!(!masked.contains("hunter2"), "{masked}");
        assert!(masked.contains("password: "));
    }

    #[test]
    fn a_clear_value_in_a_sops_file_is_still_plaintext() {
        // SOPS encrypts values to `ENC[...]`; one added later in clear is not.
        let values = "auth:\n  password: ENC[AES256_GCM,data:abc]\n  token: added-in-clear-9f\nsops:\n  version: 3.8.1\n";
        let found = model("values.yaml", values);
        assert_eq!(found.plaintexts.len(), 1);
        assert_eq!(found.plaintexts[0].key.text, "token");
    }

    #[test]
    fn sops_encrypted_secrets_are_not_plaintext() {
        let text = "apiVersion: v1\nkind: Secret\nstringData:\n  password: ENC[AES256_GCM,data:abc]\nsops:\n  age: []\n";
        assert!(model("s.yaml", text).plaintexts.is_empty());
    }

    #[test]
    fn seal_stanza_in_embedded_config_is_checked() {
        let text = "server:\n  ha:\n    raft:\n      config: |\n        seal \"transit\" {\n          address = \"https://bao:8200\"\n          token = \"###UNSEAL###\"\n          key_name = \"k\"\n          tls_skip_verify = \"true\"\n        }\n";
        let found = model("values.yaml", text);
        assert_eq!(found.seals.len(), 1);
        assert_eq!(found.seals[0].missing, ["mount_path"]);
        assert!(found.seals[0].skip_verify.is_some());
        assert_eq!(&text[found.seals[0].span.clone()], "seal \"transit\" {");
        let placeholder = found
            .refs
            .iter()
            .find(|r| r.kind == RefKind::Placeholder)
            .unwrap();
        assert_eq!(&text[placeholder.span.clone()], "###UNSEAL###");
        assert!(found.plaintexts.is_empty());
    }

    #[test]
    fn literal_token_in_embedded_config_is_plaintext_at_its_position() {
        let text = "config: |\n  seal \"transit\" {\n    token = \"s.hunter2\"\n  }\n";
        let found = model("values.yaml", text);
        assert_eq!(found.plaintexts.len(), 1);
        assert_eq!(&text[found.plaintexts[0].span.clone()], "s.hunter2");
    }

    #[test]
    fn ignore_comments_inside_embedded_config_are_read() {
        let text =
            "config: |\n  # seclint: ignore[seal-config] lab cluster\n  seal \"transit\" {\n  }\n";
        let found = model("values.yaml", text);
        assert_eq!(found.ignores.len(), 1);
        assert_eq!(found.ignores[0].lines, 2..4);
    }

    #[test]
    fn one_line_and_commented_seal_stanzas() {
        let one_line = "config: |\n  seal \"transit\" { address = \"https://x\" token = \"s.leak\" key_name = \"k\" mount_path = \"t/\" tls_skip_verify = true }\n";
        let found = model("values.yaml", one_line);
        assert_eq!(found.plaintexts.len(), 1);
        assert_eq!(&one_line[found.plaintexts[0].span.clone()], "s.leak");
        assert!(
            found.seals[0].missing.is_empty(),
            "{:?}",
            found.seals[0].missing
        );
        assert!(found.seals[0].skip_verify.is_some());
        let commented = "config: |\n  # seal \"transit\" { token = \"s.leak\" }\n";
        let found = model("values.yaml", commented);
        assert!(found.seals.is_empty() && found.plaintexts.is_empty());
    }

    #[test]
    fn secrets_in_env_pairs_urls_heredocs_and_short_keys_are_plaintext() {
        let text = concat!(
            "env:\n",
            "  - {name: DB_PASSWORD, value: env-pair-secret}\n",
            "  - {name: DB_HOST, value: db}\n",
            "databaseUrl: postgres://app:url-secret@db:5432/app\n",
            "dsn: \"Server=db;User Id=app;Password=conn-secret;\"\n",
            "DB_PASS: short-key-secret\n",
            "config: |\n",
            "  seal \"transit\" {\n",
            "    token = <<EOT\n",
            "    heredoc-secret\n",
            "    EOT\n",
            "  }\n",
        );
        let found = model("values.yaml", text);
        let flagged: Vec<&str> = found
            .plaintexts
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        for secret in [
            "env-pair-secret",
            "url-secret",
            "conn-secret",
            "short-key-secret",
        ] {
            assert!(flagged.contains(&secret), "{secret} not in {flagged:?}");
        }
        assert!(
            flagged.iter().any(|f| f.contains("heredoc-secret")),
            "{flagged:?}"
        );
        assert_eq!(flagged.len(), 5, "{flagged:?}");
        let masked = found.source.masked(&found.sensitive);
        assert!(!masked.contains("secret"), "{masked}");
    }

    #[test]
    fn a_value_behind_an_alias_is_masked_at_its_anchor_and_odd_keys_are_redacted() {
        let text = "common: &pw anchored-secret-1\ndb:\n  password: *pw\n\"password=odd-key-secret\": x1y2\n";
        let found = model("values.yaml", text);
        let masked = found.source.masked(&found.sensitive);
        assert!(!masked.contains("anchored-secret"), "{masked}");
        assert!(!masked.contains("odd-key-secret"), "{masked}");
        assert!(found
            .plaintexts
            .iter()
            .all(|p| !p.key.text.contains("odd-key")));
    }

    #[test]
    fn a_laugh_bomb_does_not_hide_a_later_secret() {
        let mut text = String::from("l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for level in 1..8 {
            let refs = vec![format!("*l{}", level - 1); 10].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        text.push_str("z:\n  password: after-the-laughs\n");
        let found = model("values.yaml", &text);
        assert_eq!(found.plaintexts.len(), 1);
    }

    #[test]
    fn argo_inline_values_strings_are_read_as_values() {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    helm:\n      values: |\n        auth:\n          password: hunter2-argo\n";
        let found = model("app.yaml", text);
        assert_eq!(found.plaintexts.len(), 1);
        assert_eq!(&text[found.plaintexts[0].span.clone()], "hunter2-argo");
    }
}

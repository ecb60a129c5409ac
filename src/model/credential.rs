//! Telling a credential from a reference to one: which keys name secrets, and
//! which values are literal secrets rather than placeholders or pointers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]+:([^@\s/]+)@").expect("valid URL pattern")
});
static CONNECTION_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|;)[ \t]*(?:password|pwd)[ \t]*=[ \t]*([^;\n]+)").expect("valid pattern")
});
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:ns|us|ms|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|weeks?|y|years?)";
    Regex::new(&format!(r"(?i)^(?:\d+[ \t]*{unit}[ \t,]*(?:and[ \t]+)?)+$"))
        .expect("valid duration pattern")
});
static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----")
        .expect("valid PEM pattern")
});

/// Key words that name a secret value (compared without case, `_`, `-`, `.`).
const SECRET_WORDS: &[&str] = &[
    "tlskey",
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "accesskey",
    "secretkey",
    "clientsecret",
    "credential",
    "encryptionkey",
    "signingkey",
    "hmackey",
    "masterkey",
    "sessionkey",
    "unsealkey",
    "authkey",
    "jwtkey",
    "licensekey",
];

/// Key words that make a key describe a secret rather than hold one.
const DESCRIPTIVE_WORDS: &[&str] = &[
    "name",
    "ref",
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "user",
    "ttl",
    "expir",
    "period",
    "duration",
    "lifetime",
    "length",
    "size",
    "type",
    "mode",
    "policy",
    "audience",
    "header",
    "issuer",
    "mount",
    "role",
    "method",
    "format",
    "enable",
    "required",
    "rotat",
    "interval",
    "annotation",
    "label",
    "selector",
    "template",
    "location",
    "prefix",
    "suffix",
    "version",
    "count",
    "limit",
    "timeout",
    "existing",
    "generate",
    "create",
    "store",
    "provider",
    "kind",
    "strategy",
    "backend",
    "engine",
    "namespace",
    "volume",
    "mountpoint",
    "env",
    "source",
    "field",
    "reviewer",
    "validat",
    "cache",
    "refresh",
    "length",
    "hash",
    "algorithm",
    "lookup",
    "manager",
    "operator",
    "injector",
    "annotations",
    "sync",
    "target",
    "class",
    "retention",
    "schedule",
];

/// `SMTP_Password`, `smtp-password` and `smtpPassword` all become `smtppassword`.
fn normalise_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a mapping key names a value that is itself a credential.
pub(crate) fn is_credential_key(key: &str) -> bool {
    // `secret.reloader.stakater.com/reload`: an annotation, not a value.
    if key.contains('/') {
        return false;
    }
    let normal = normalise_key(key);
    // `DB_PASS`, `dbPwd`: short forms only count as a whole last word.
    let last = last_word(key);
    let short_form = matches!(last.as_str(), "pass" | "pwd");
    // `TSIG_SECRET_ALG`, `PASSWORD_COMPLEXITY`, `password_encryption`:
    // a setting about the secret, not the secret.
    let about_the_secret = [
        "alg",
        "algo",
        "complexity",
        "encryption",
        "authentication",
        "storage",
        "command",
        "strength",
    ];
    if about_the_secret.contains(&last.as_str()) {
        return false;
    }
    (short_form || SECRET_WORDS.iter().any(|word| normal.contains(word)))
        && !DESCRIPTIVE_WORDS.iter().any(|word| normal.contains(word))
        && !normal.ends_with("id")
        && !["keys", "secrets", "tokens", "passwords"]
            .iter()
            .any(|plural| normal.ends_with(plural))
}

/// The last word of a key split at `_`, `-`, `.` and camel case, lowercased.
fn last_word(key: &str) -> String {
    let tail = key.rsplit(['_', '-', '.']).next().unwrap_or(key);
    // A camel-case word starts where a lower-case letter meets an upper-case one.
    let start = tail
        .char_indices()
        .zip(tail.chars().skip(1))
        .filter(|((_, before), after)| before.is_ascii_lowercase() && after.is_ascii_uppercase())
        .map(|((at, before), _)| at + before.len_utf8())
        .last()
        .unwrap_or(0);
    tail[start..].to_ascii_lowercase()
}

/// Whether `value`, found under a credential key, is a literal secret: not
/// empty, not a typed scalar, not a reference, placeholder or key name.
pub(crate) fn is_literal_credential(key: &str, value: &str, plain: bool) -> bool {
    let value = value.trim();
    if value.is_empty() || (plain && is_typed_scalar(value)) {
        return false;
    }
    if is_reference(value) || is_doc_placeholder(value) {
        return false;
    }
    if value.starts_with('/') && !value.contains(char::is_whitespace) {
        return false;
    }
    if is_url_without_userinfo(value) || is_duration(value) {
        return false;
    }
    if names_a_resource(key, value) || is_file_name(value) {
        return false;
    }
    // `secretKey: password` or `tokenKey: admin-token` select a key in a
    // Secret; they do not hold the value.
    !(selects_a_key(key) && looks_like_key_name(value))
}

/// References and placeholders that stand for a value kept elsewhere.
pub(crate) fn is_reference(value: &str) -> bool {
    let whole = |open: &str, close: &str| value.starts_with(open) && value.ends_with(close);
    value.contains("{{")
        || value.contains("${")
        || is_dollar_reference(value)
        || whole("###", "###")
        || whole("<", ">")
        || whole("ENC[", "]")
        || value.starts_with("op://")
        || value.starts_with("ref+")
        || value.starts_with("vault:")
        || value.starts_with("secretref+")
        || value.starts_with("secret://")
        || value.starts_with("file://")
        || value.starts_with("env://")
}

/// Plain scalars that YAML (1.1 or 1.2) or a chart reads as a type, not text.
/// `$VAR`, `$__env{VAR}` (Grafana), `$secret-name:key` (Argo CD); not a
/// literal that merely starts with `$`.
fn is_dollar_reference(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('$') else {
        return false;
    };
    let env_name = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let argo = rest.split_once(':').is_some_and(|(name, key)| {
        !name.is_empty()
            && !key.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    env_name || argo || rest.starts_with("__env{") || rest.starts_with("__file{")
}

fn is_typed_scalar(value: &str) -> bool {
    let words = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "enabled", "disabled",
    ];
    words.iter().any(|word| value.eq_ignore_ascii_case(word)) || value.parse::<f64>().is_ok()
}

/// `xxxx`, `****`, `REPLACE_ME`, `YOUR_TOKEN_HERE`: documentation fillers.
pub(crate) fn is_doc_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let wrapped = value.len() > 4 && value.starts_with("**") && value.ends_with("**");
    if lower.contains("placeholder") || lower.contains("goes here") || wrapped {
        return true;
    }
    if value
        .chars()
        .all(|c| matches!(c, 'x' | 'X' | '*' | '-' | '.' | '_' | ' '))
    {
        return true;
    }
    let upper_word = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-');
    let fillers = [
        "REPLACE",
        "YOUR",
        "CHANGE_ME",
        "EXAMPLE",
        "PLACEHOLDER",
        "TODO",
        "FIXME",
        "SECRET_HERE",
    ];
    upper_word && fillers.iter().any(|filler| value.contains(filler))
}

fn is_url_without_userinfo(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '+')
        && !authority.contains('@')
        && !rest.contains('?')
}

/// `24h`, `1h30m`, `1 hour`, `90 days`: a lifetime setting, not a secret.
fn is_duration(value: &str) -> bool {
    DURATION.is_match(value)
}

/// `secret: gitlab-runner`, `passwordSecret: smtp`: a key naming the
/// Kubernetes Secret that holds a credential, with a resource name as value.
/// A bare `secret`/`clientSecret` needs a `-` in the name to count, since a
/// single lower-case word there may well be the secret itself.
fn names_a_resource(key: &str, value: &str) -> bool {
    let normal = normalise_key(key);
    let Some(prefix) = normal
        .strip_suffix("secrets")
        .or_else(|| normal.strip_suffix("secret"))
    else {
        return false;
    };
    let names_a_holder = [
        "password",
        "passwd",
        "token",
        "credential",
        "apikey",
        "tls",
        "cert",
        "existing",
    ]
    .iter()
    .any(|word| prefix.contains(word));
    let words: Vec<&str> = value.split('-').collect();
    let label = value.len() <= 63
        && words
            .iter()
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()));
    let generic = prefix.is_empty() || !names_a_holder;
    label && (names_a_holder || (generic && words.len() > 1))
}

/// `tls.key`, `credentials.json`: a file name inside a Secret or a mount.
fn is_file_name(value: &str) -> bool {
    let extensions = [
        ".json", ".pem", ".key", ".crt", ".yaml", ".yml", ".txt", ".p12",
    ];
    let lower = value.to_ascii_lowercase();
    let shaped = value
        .split(['-', '_', '.'])
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    shaped
        && extensions
            .iter()
            .any(|extension| lower.ends_with(extension))
}

/// Secrets that sit inside a longer value whatever its key: the password of
/// a URL (`postgres://app:PASSWORD@db/app`), `Password=` in a connection
/// string, a PEM private key. Returns their byte ranges in `value`.
pub(crate) fn secrets_inside(value: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for capture in URL_PASSWORD
        .captures_iter(value)
        .chain(CONNECTION_PASSWORD.captures_iter(value))
    {
        let Some(secret) = capture.get(1) else {
            continue;
        };
        let text = secret.as_str().trim();
        if !text.is_empty() && !is_reference(text) && !is_doc_placeholder(text) {
            found.push(secret.range());
        }
    }
    found.extend(PRIVATE_KEY.find_iter(value).map(|block| block.range()));
    found
}

/// `passwordKey`, `tokenKey`, `secretKey`: names a key inside a Secret. Keys
/// that are credentials themselves (`apiKey`, `privateKey`) do not.
fn selects_a_key(key: &str) -> bool {
    let normal = normalise_key(key);
    // `secretKey` is both: an S3 secret key, or the name of a key in a Secret.
    let is_value_key = SECRET_WORDS
        .iter()
        .filter(|word| word.ends_with("key") && **word != "secretkey")
        .any(|word| normal.ends_with(word));
    let names_a_key = normal.ends_with("key") && !is_value_key;
    names_a_key || normal.ends_with("secret")
}

/// `password`, `admin-password`, `AWS_SECRET_ACCESS_KEY`: a name, not a value.
fn looks_like_key_name(value: &str) -> bool {
    let shaped = value
        .split(['-', '_', '.'])
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    let lower = value.to_ascii_lowercase();
    let words = [
        "password",
        "pass",
        "user",
        "key",
        "token",
        "secret",
        "cert",
        "tls",
        "auth",
        "credential",
        "name",
        "id",
    ];
    shaped && words.iter().any(|word| lower.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_keys_are_recognised_and_descriptive_ones_are_not() {
        for key in [
            "password",
            "adminPassword",
            "api_key",
            "clientSecret",
            "token",
            "jwt_secret",
            "secretKey",
            "SMTP_PASSWORD",
            "encryption-key",
            "privateKey",
        ] {
            assert!(is_credential_key(key), "{key}");
        }
        for key in [
            "username",
            "user",
            "host",
            "port",
            "existingSecret",
            "secretName",
            "passwordFile",
            "tokenTTL",
            "secretRef",
            "url",
            "enabled",
            "accessKeyId",
            "tokenPath",
            "secretKeys",
        ] {
            assert!(!is_credential_key(key), "{key}");
        }
    }

    #[test]
    fn literals_are_credentials() {
        for value in [
            "hunter2",
            "changeme",
            "s3cr3t-value",
            "AKIA1234EXAMPLE99",
            "pässwört",
        ] {
            assert!(is_literal_credential("password", value, true), "{value}");
        }
    }

    #[test]
    fn references_and_placeholders_are_not_credentials() {
        let values = [
            "",
            "  ",
            "${SMTP_PASSWORD}",
            "$PASSWORD",
            "{{ .Values.password }}",
            "###UNSEAL###",
            "<path:kv/data/app#password>",
            "op://Homelab/SMTP/password",
            "ENC[AES256_GCM,data:abc]",
            "ref+vault://secret/app#/password",
            "xxxxxxxx",
            "********",
            "REPLACE_ME",
            "YOUR_TOKEN_HERE",
            "/var/run/secrets/token",
            "https://example.com/token",
            "<PASSWORD>",
        ];
        for value in values {
            assert!(
                !is_literal_credential("password", value, false),
                "{value:?}"
            );
        }
    }

    #[test]
    fn typed_plain_scalars_are_not_credentials_but_quoted_ones_are() {
        for value in ["true", "false", "null", "~", "1234", "3.5"] {
            assert!(!is_literal_credential("token", value, true), "{value}");
        }
        assert!(is_literal_credential("token", "1234", false));
    }

    #[test]
    fn key_selectors_name_a_key_not_a_value() {
        assert!(!is_literal_credential("secretKey", "password", true));
        assert!(!is_literal_credential(
            "passwordKey",
            "admin-password",
            true
        ));
        assert!(is_literal_credential("secretKey", "minio123", true));
        assert!(is_literal_credential("apiKey", "prod-api-key-7f3a", true));
        assert!(!is_literal_credential(
            "credentialsKey",
            "1password-credentials.json",
            true
        ));
    }

    #[test]
    fn short_password_words_count_only_as_a_whole_last_word() {
        for key in ["DB_PASS", "dbPwd", "pass", "smtp-pass"] {
            assert!(is_credential_key(key), "{key}");
        }
        for key in [
            "bypass",
            "compass",
            "passthrough",
            "PASSIVE_MODE",
            "TSIG_SECRET_ALG",
        ] {
            assert!(!is_credential_key(key), "{key}");
        }
    }

    #[test]
    fn settings_about_secrets_are_not_secrets() {
        let settings = [
            ("PASSWORD_COMPLEXITY", "lower,upper,digit", false),
            ("password_encryption", "scram-sha-256", true),
            ("access_token", "1 hour", true),
            ("access_token", "90 days", true),
            ("PasswordAuthentication", "no", true),
            ("credentialsSecret", "cloudflare", true),
            ("tokenSecret", "cf", true),
            ("passwordSecret", "smtp", true),
            ("tokenStorage", "memory", true),
            ("secretsEncryption", "enabled", true),
            ("passwordCommand", "cat /run/secrets/pw", true),
        ];
        for (key, value, plain) in settings {
            let flagged = is_credential_key(key) && is_literal_credential(key, value, plain);
            assert!(!flagged, "{key}: {value}");
        }
    }

    #[test]
    fn literals_that_start_with_a_dollar_are_still_literals() {
        assert!(is_literal_credential("password", "$ecretP4ss", true));
        assert!(is_literal_credential("clientSecret", "cf", true));
        for reference in ["$SMTP_PASSWORD", "$__env{PW}", "$argocd-secret:webhook"] {
            assert!(
                !is_literal_credential("password", reference, true),
                "{reference}"
            );
        }
    }

    #[test]
    fn annotations_plurals_durations_and_resource_names_are_not_credentials() {
        assert!(!is_credential_key("secret.reloader.stakater.com/reload"));
        assert!(!is_credential_key("imagePullSecrets"));
        assert!(!is_credential_key("idTokens"));
        assert!(!is_literal_credential("tokenLifetime", "24h", false));
        assert!(!is_literal_credential("secret", "gitlab-runner", true));
        assert!(is_literal_credential(
            "secret",
            "gitlab-runner-9f8e7d",
            true
        ));
        assert!(!is_literal_credential(
            "client_secret",
            "$__env{OAUTH_SECRET}",
            true
        ));
        assert!(!is_literal_credential(
            "token",
            "**access token goes here**",
            false
        ));
    }
}

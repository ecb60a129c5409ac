//! Telling a credential from a reference to one: which keys name secrets, and
//! which values are literal secrets rather than placeholders or pointers.

/// Key words that name a secret value (compared without case, `_`, `-`, `.`).
const SECRET_WORDS: &[&str] = &[
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

/// Whether a mapping key names a value that is itself a credential.
pub(crate) fn is_credential_key(key: &str) -> bool {
    let normal: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_WORDS.iter().any(|word| normal.contains(word))
        && !DESCRIPTIVE_WORDS.iter().any(|word| normal.contains(word))
        && !normal.ends_with("id")
        && !normal.ends_with("keys")
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
    if is_url_without_userinfo(value) {
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
        || (value.starts_with('$')
            && value[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
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

fn is_typed_scalar(value: &str) -> bool {
    matches!(
        value,
        "null" | "Null" | "NULL" | "~" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    ) || value.parse::<f64>().is_ok()
}

/// `xxxx`, `****`, `REPLACE_ME`, `YOUR_TOKEN_HERE`: documentation fillers.
fn is_doc_placeholder(value: &str) -> bool {
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

fn selects_a_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.ends_with("key") || lower == "secret" || lower.ends_with("secret")
}

/// `password`, `admin-password`, `AWS_SECRET_ACCESS_KEY`: a name, not a value.
fn looks_like_key_name(value: &str) -> bool {
    let shaped = value
        .split(['-', '_', '.'])
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphabetic()));
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
    }
}

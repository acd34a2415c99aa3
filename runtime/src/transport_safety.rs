//! Turns the configured base and token URLs into checked [`Url`]s: a tenant name becomes
//! `https://{tenant}.api.identitynow.com`, and plain HTTP is refused except for loopback hosts
//! (tests and the local emulator), because the client secret and bearer tokens travel on it.
//! For the same reason plain HTTP never goes through a proxy ([`proxy_use`]).

use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::config::ConfigError;

/// Which configured URL is being checked, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UrlRole {
    Base,
    Token,
}

impl UrlRole {
    fn name(self) -> &'static str {
        match self {
            UrlRole::Base => "base URL",
            UrlRole::Token => "token URL",
        }
    }

    fn invalid(self, value: &str, reason: &'static str) -> ConfigError {
        let value = shown(value);
        match self {
            UrlRole::Base => ConfigError::InvalidBaseUrl { value, reason },
            UrlRole::Token => ConfigError::InvalidTokenUrl { value, reason },
        }
    }
}

/// A tenant name (`acme`) or a full URL, as an `https` (or loopback `http`) URL without a
/// trailing slash.
pub(crate) fn resolve_base_url(value: &str) -> Result<Url, ConfigError> {
    let value = value.trim();
    if let Some(url) = crate::sailpoint::tenant_base_url(value) {
        return Url::parse(&url).map_err(|_| {
            UrlRole::Base.invalid(value, "the tenant name does not form a valid host")
        });
    }
    checked_url(value, UrlRole::Base)
}

/// A full URL, checked like the base URL.
pub(crate) fn resolve_token_url(value: &str) -> Result<Url, ConfigError> {
    checked_url(value.trim(), UrlRole::Token)
}

/// `{base}/oauth/token`, keeping any path prefix of the base URL.
pub(crate) fn default_token_url(base: &Url) -> Result<Url, ConfigError> {
    let text = format!("{}/oauth/token", base.as_str().trim_end_matches('/'));
    checked_url(&text, UrlRole::Token)
}

fn checked_url(value: &str, role: UrlRole) -> Result<Url, ConfigError> {
    let url = match Url::parse(value) {
        Ok(url) => url,
        Err(_) if !value.contains("://") => {
            return Err(role.invalid(value, "it has no scheme (expected https://...)"))
        }
        Err(_) => return Err(role.invalid(value, "it is not a valid URL")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        // Never echo credentials embedded in a URL.
        return Err(role.invalid("(redacted)", "it must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(role.invalid(value, "it must not have a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(ConfigError::InsecureUrl {
                role: role.name(),
                url: shown(value),
            })
        }
        _ => return Err(role.invalid(value, "the scheme must be https")),
    }
    if url.host().is_none() {
        return Err(role.invalid(value, "it has no host"));
    }
    Ok(url)
}

/// Whether the runtime's own HTTP client may use proxies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProxyUse {
    /// All URLs are HTTPS: explicit proxies, else the `*_PROXY` environment variables, apply.
    AsConfigured,
    /// A URL is plain HTTP: no proxy at all, not even one from the environment.
    Never,
}

/// How proxies may be used for `urls` (already checked: plain HTTP only for loopback hosts).
///
/// reqwest sends requests through the proxy named by `HTTP_PROXY` / `ALL_PROXY` unless
/// `NO_PROXY` lists the host, and loopback hosts are not exempt: with a plain-HTTP loopback
/// URL, the client secret and tokens would travel unencrypted to a proxy that may be on
/// another machine. So plain HTTP ignores environment proxies, and an explicit proxy
/// (`explicit_proxy`) is refused rather than silently ignored. (reqwest's `Proxy` does not
/// reveal its own URL, so "only a proxy on this machine" cannot be checked.)
pub(crate) fn proxy_use(
    urls: &[(UrlRole, &Url)],
    explicit_proxy: bool,
) -> Result<ProxyUse, ConfigError> {
    let Some((role, url)) = urls.iter().find(|(_, url)| url.scheme() == "http") else {
        return Ok(ProxyUse::AsConfigured);
    };
    if explicit_proxy {
        return Err(ConfigError::ProxyWithPlainHttp {
            role: role.name(),
            url: url.to_string(),
        });
    }
    Ok(ProxyUse::Never)
}

/// Whether the URL's host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => {
            address == Ipv6Addr::LOCALHOST
                || address
                    .to_ipv4_mapped()
                    .is_some_and(|v4: Ipv4Addr| v4.is_loopback())
        }
        None => false,
    }
}

/// A configured URL as an error message shows it: without user name and password, query and
/// fragment, any of which may carry a secret (`https://acme.example/?client_secret=...`).
fn shown(value: &str) -> String {
    let without_credentials = redact(value);
    let end = without_credentials
        .find(['?', '#'])
        .unwrap_or(without_credentials.len());
    without_credentials[..end].to_owned()
}

/// Drops everything before an `@` in the authority, in case a malformed URL carries credentials.
fn redact(value: &str) -> String {
    match (value.find("://"), value.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://(redacted)@{}", &value[..scheme_end], &value[at + 1..])
        }
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_name_becomes_identitynow_host() {
        let url = resolve_base_url("Acme").unwrap();
        assert_eq!(url.as_str(), "https://acme.api.identitynow.com/");
    }

    #[test]
    fn full_urls_and_loopback_http_are_accepted() {
        for ok in [
            "https://acme.api.identitynow.com",
            "https://acme.api.identitynow.com/",
            "http://127.0.0.1:8080",
            "http://localhost:1234/prefix",
            "http://[::1]:99",
        ] {
            assert!(resolve_base_url(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn remote_http_is_refused_with_a_reason() {
        let error = resolve_base_url("http://acme.api.identitynow.com").unwrap_err();
        assert!(matches!(error, ConfigError::InsecureUrl { .. }));
        let message = error.to_string();
        assert!(message.contains("plain-HTTP base URL"), "{message}");
        assert!(message.contains("unencrypted"), "{message}");
        let token = resolve_token_url("http://10.0.0.1/oauth/token").unwrap_err();
        assert!(token.to_string().contains("token URL"));
    }

    #[test]
    fn malformed_urls_are_refused_without_echoing_credentials() {
        assert!(resolve_base_url("acme.api.identitynow.com").is_err());
        assert!(resolve_base_url("ftp://acme").is_err());
        assert!(resolve_base_url("https://acme.example?x=1").is_err());
        let error = resolve_base_url("https://user:hunter2@acme.example").unwrap_err();
        assert!(!error.to_string().contains("hunter2"));
    }

    #[test]
    fn a_refused_url_is_echoed_without_its_query_or_fragment() {
        for (value, shown) in [
            (
                "https://acme.example/?client_secret=hunter2",
                "https://acme.example/",
            ),
            (
                "http://acme.example/beta?token=hunter2#x",
                "http://acme.example/beta",
            ),
            ("ftp://acme.example/#hunter2", "ftp://acme.example/"),
            ("https://ac me.example/?k=hunter2", "https://ac me.example/"),
            ("https://u:p@acme.example/?k=hunter2", "(redacted)"),
        ] {
            let message = resolve_base_url(value).unwrap_err().to_string();
            assert!(!message.contains("hunter2"), "{message}");
            assert!(message.contains(shown), "{shown} in {message}");
            let token = resolve_token_url(value).unwrap_err().to_string();
            assert!(!token.contains("hunter2"), "{token}");
        }
    }

    #[test]
    fn plain_http_never_goes_through_a_proxy() {
        let https = resolve_base_url("acme").unwrap();
        let http = resolve_base_url("http://127.0.0.1:8080").unwrap();
        let http_token = resolve_token_url("http://localhost:9/oauth/token").unwrap();
        let https_token = default_token_url(&https).unwrap();

        for explicit in [false, true] {
            let all_https = [(UrlRole::Base, &https), (UrlRole::Token, &https_token)];
            assert_eq!(
                proxy_use(&all_https, explicit).ok(),
                Some(ProxyUse::AsConfigured)
            );
        }
        assert_eq!(
            proxy_use(&[(UrlRole::Base, &http)], false).ok(),
            Some(ProxyUse::Never)
        );
        let token_only = [(UrlRole::Base, &https), (UrlRole::Token, &http_token)];
        assert_eq!(proxy_use(&token_only, false).ok(), Some(ProxyUse::Never));

        let refused = proxy_use(&token_only, true).unwrap_err();
        assert!(
            matches!(&refused, ConfigError::ProxyWithPlainHttp { role: "token URL", url }
                if url == "http://localhost:9/oauth/token"),
            "{refused:?}"
        );
        assert!(matches!(
            proxy_use(&[(UrlRole::Base, &http)], true),
            Err(ConfigError::ProxyWithPlainHttp {
                role: "base URL",
                ..
            })
        ));
    }

    #[test]
    fn default_token_url_keeps_path_prefix() {
        let base = resolve_base_url("http://127.0.0.1:9/isc").unwrap();
        assert_eq!(
            default_token_url(&base).unwrap().as_str(),
            "http://127.0.0.1:9/isc/oauth/token"
        );
    }
}

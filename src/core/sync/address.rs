//! The team server's address, as typed in the options page: checked and put in one form.
//!
//! Tokens travel in every request, so the address must be `https://`, except on this computer
//! (`localhost`, `127.x.x.x`, `[::1]`), where `http://` is fine (`./build.sh run`, the tests).

use serde::{Deserialize, Serialize};

/// Why an address is refused, in words the options page shows (translated there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum AddressError {
    #[error("type the server's address")]
    Empty,
    #[error("the address must start with https:// (or http:// for a server on this computer)")]
    NotHttp,
    #[error("the address has no server name")]
    NoHost,
    #[error("http:// is only accepted for a server on this computer; use https://")]
    InsecureRemote,
    #[error("the address must not hold a user name or password")]
    Credentials,
    #[error("the address must not hold ?, # or spaces")]
    Extra,
    #[error("the port must be a number from 1 to 65535")]
    BadPort,
}

impl AddressError {
    /// The extension's message key for this refusal (`_locales/*/messages.json`).
    pub fn message_key(self) -> &'static str {
        match self {
            AddressError::Empty => "addressEmpty",
            AddressError::NotHttp => "addressNotHttp",
            AddressError::NoHost => "addressNoHost",
            AddressError::InsecureRemote => "addressInsecure",
            AddressError::Credentials => "addressCredentials",
            AddressError::Extra => "addressExtra",
            AddressError::BadPort => "addressBadPort",
        }
    }
}

/// A checked server address: scheme, host, optional port and path prefix, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerAddress(String);

impl ServerAddress {
    /// Reads an address as a person types it (`https://tact.example.com/`, `http://127.0.0.1:8080`).
    pub fn parse(raw: &str) -> Result<ServerAddress, AddressError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(AddressError::Empty);
        }
        let (scheme, rest) = raw.split_once("://").ok_or(AddressError::NotHttp)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(AddressError::NotHttp);
        }
        if rest.chars().any(|c| c.is_whitespace() || c == '?' || c == '#' || c == '\\') {
            return Err(AddressError::Extra);
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(AddressError::Credentials);
        }
        let (host, port) = split_host_port(authority)?;
        if scheme == "http" && !is_loopback(&host) {
            return Err(AddressError::InsecureRemote);
        }
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        let path = path.trim_end_matches('/');
        Ok(ServerAddress(format!("{scheme}://{host}{port}{path}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of an API endpoint, e.g. `api("/sync?since=3")`.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.0)
    }
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl TryFrom<String> for ServerAddress {
    type Error = AddressError;

    fn try_from(raw: String) -> Result<ServerAddress, AddressError> {
        ServerAddress::parse(&raw)
    }
}

impl From<ServerAddress> for String {
    fn from(address: ServerAddress) -> String {
        address.0
    }
}

/// The token of an invite, from what the person pasted: the token itself (`tact_...`), or a
/// link that holds it (`.../invites/<token>`, `...?invite=<token>`). `None` when there is none.
pub fn invite_token(pasted: &str) -> Option<String> {
    let pasted = pasted.trim();
    let candidate = if let Some((_, rest)) = pasted.split_once("invite=") {
        rest.split(['&', '#']).next().unwrap_or_default()
    } else if let Some((_, rest)) = pasted.rsplit_once("/invites/") {
        rest.split(['/', '?', '#']).next().unwrap_or_default()
    } else {
        pasted
    };
    let valid = (8..=256).contains(&candidate.len()) && candidate.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| candidate.to_owned())
}

/// The lower-cased host (IPv6 in brackets) and the port, if any.
fn split_host_port(authority: &str) -> Result<(String, Option<u16>), AddressError> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (address, after) = inner.split_once(']').ok_or(AddressError::NoHost)?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or(AddressError::BadPort)?),
        };
        (format!("[{}]", address.to_ascii_lowercase()), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_ascii_lowercase(), Some(port)),
            None => (authority.to_ascii_lowercase(), None),
        }
    };
    let host_is_valid = host.len() > 2 && host.starts_with('[')
        || !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !host_is_valid {
        return Err(AddressError::NoHost);
    }
    let port = match port {
        None => None,
        Some(port) => Some(port.parse::<u16>().ok().filter(|port| *port > 0).ok_or(AddressError::BadPort)?),
    };
    Ok((host, port))
}

/// This computer: `localhost` (and its subdomains), `127.0.0.0/8`, `[::1]`.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4 && octets[0] == "127" && octets.iter().all(|octet| octet.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lower_cased_and_lose_their_trailing_slash() {
        let address = ServerAddress::parse("  HTTPS://Tact.Example.com/team/ ").map(String::from);
        assert_eq!(address.as_deref(), Ok("https://tact.example.com/team"));
        assert_eq!(ServerAddress::parse("http://127.0.0.1:8080/").map(String::from).as_deref(), Ok("http://127.0.0.1:8080"));
    }

    #[test]
    fn http_is_accepted_only_for_this_computer() {
        for local in ["http://localhost:8080", "http://127.0.0.1", "http://127.9.9.9:1", "http://[::1]:80", "http://tact.localhost"] {
            assert!(ServerAddress::parse(local).is_ok(), "{local}");
        }
        for remote in ["http://tact.example.com", "http://10.0.0.2:8080", "http://127.0.0.1.example.com", "http://[::2]"] {
            assert_eq!(ServerAddress::parse(remote), Err(AddressError::InsecureRemote), "{remote}");
        }
    }

    #[test]
    fn other_schemes_credentials_queries_and_bad_ports_are_refused() {
        assert_eq!(ServerAddress::parse(""), Err(AddressError::Empty));
        assert_eq!(ServerAddress::parse("tact.example.com"), Err(AddressError::NotHttp));
        assert_eq!(ServerAddress::parse("ftp://tact.example.com"), Err(AddressError::NotHttp));
        assert_eq!(ServerAddress::parse("https://me:pw@tact.example.com"), Err(AddressError::Credentials));
        assert_eq!(ServerAddress::parse("https://tact.example.com/?a=1"), Err(AddressError::Extra));
        assert_eq!(ServerAddress::parse("https://tact example.com"), Err(AddressError::Extra));
        assert_eq!(ServerAddress::parse("https://tact.example.com:0"), Err(AddressError::BadPort));
        assert_eq!(ServerAddress::parse("https://tact.example.com:99999"), Err(AddressError::BadPort));
        assert_eq!(ServerAddress::parse("https://:8080"), Err(AddressError::NoHost));
        assert_eq!(ServerAddress::parse("https://"), Err(AddressError::NoHost));
    }

    #[test]
    fn an_invite_is_read_from_its_token_or_a_link_holding_it() {
        let token = "tact_0123456789abcdef";
        assert_eq!(invite_token(token).as_deref(), Some(token));
        assert_eq!(invite_token(&format!(" https://tact.example.com/api/v1/invites/{token}/accept ")).as_deref(), Some(token));
        assert_eq!(invite_token(&format!("https://tact.example.com/join?invite={token}&x=1")).as_deref(), Some(token));
        assert_eq!(invite_token("hello world"), None);
        assert_eq!(invite_token("https://tact.example.com/invites/"), None);
    }

    #[test]
    fn api_paths_go_under_api_v1() {
        let address = ServerAddress::parse("https://tact.example.com/team").unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(address.api("/sync?since=4"), "https://tact.example.com/team/api/v1/sync?since=4");
    }
}

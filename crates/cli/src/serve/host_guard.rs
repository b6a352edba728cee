//! Which `Host` and `Origin` names the preview server answers: a defence against DNS rebinding,
//! where a web page on `evil.example` re-points its own name at 127.0.0.1 and reads the book
//! through the reader's browser. The browser then sends `Host: evil.example`, which is refused.
//!
//! Accepted are the loopback names (`localhost`, any `127.x.y.z`, `[::1]`, with or without a
//! port, any case, one trailing dot), the names given with `--allow-host` (a leading dot accepts
//! a domain and its subdomains), and, when the server listens on a non-loopback address the user
//! named, any IP literal (an IP address cannot be rebound). `Origin` must be `http://` or
//! `https://` with an accepted host; `Origin: null` is refused. A request without `Host` is
//! allowed only in HTTP/1.0: every browser sends `Host`, so such a request is not rebinding.

use std::net::IpAddr;

/// The accepted host names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostPolicy {
    /// Lower-cased configured names; a leading `.` means "and subdomains".
    allowed: Vec<String>,
    /// Accept any IP literal (the server listens on a non-loopback address).
    any_ip: bool,
}

impl HostPolicy {
    /// The policy for a server listening on `listen` with the extra names `allowed`.
    pub fn new(allowed: &[String], listen: IpAddr) -> HostPolicy {
        let allowed = allowed.iter().map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        HostPolicy { allowed, any_ip: !listen.is_loopback() }
    }

    /// True when a `Host` header value (or the authority of an absolute request target) names
    /// this server.
    pub fn allows_host(&self, authority: &str) -> bool {
        let Some(host) = host_of(authority) else { return false };
        if host == "localhost" {
            return true;
        }
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
            // A bracketed IPv6 literal is the only form with a colon; a bare one is malformed.
            let well_formed = ip.is_ipv4() != host.starts_with('[');
            return well_formed && (ip.is_loopback() || self.any_ip);
        }
        self.allowed.iter().any(|a| match a.strip_prefix('.') {
            Some(domain) => host == domain || host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.')),
            None => host == *a,
        })
    }

    /// True when an `Origin` header value is a page of this server.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let origin = origin.trim();
        let lower = origin.to_ascii_lowercase();
        let rest = lower.strip_prefix("http://").or_else(|| lower.strip_prefix("https://"));
        rest.is_some_and(|authority| !authority.contains('/') && self.allows_host(authority))
    }
}

/// The lower-cased host of `host[:port]` or `[v6][:port]`, without one trailing dot; `None`
/// when the port is not a number or the value is empty or holds characters no host has.
fn host_of(authority: &str) -> Option<String> {
    let a = authority.trim();
    let (host, port) = if a.starts_with('[') {
        let end = a.find(']')?;
        let port = &a[end + 1..];
        (&a[..=end], port.strip_prefix(':').or(if port.is_empty() { Some("") } else { None })?)
    } else {
        match a.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (a, ""),
        }
    };
    if !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
        return None;
    }
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '[' | ']' | ':');
    (!host.is_empty() && host.chars().all(allowed)).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn loopback_names_and_configured_ones() {
        let p = HostPolicy::new(&["book.test".into(), ".docs.test".into()], IpAddr::V4(Ipv4Addr::LOCALHOST));
        for ok in ["localhost", "LOCALHOST:3000", "localhost.", "127.0.0.1", "127.0.0.1:3000", "127.9.8.7:1", "[::1]", "[::1]:3000", "book.test:80", "docs.test", "a.b.docs.test:3000"] {
            assert!(p.allows_host(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:3000", "localhost.evil.example", "127.0.0.1.evil.example", "evilbook.test", "xdocs.test", "10.0.0.1", "::1", "[::1]x", "localhost:abc", "", "local host", "[::2]"] {
            assert!(!p.allows_host(bad), "{bad}");
        }
        assert!(p.allows_origin("http://localhost:3000") && p.allows_origin("https://127.0.0.1") && p.allows_origin("http://book.test"));
        for bad in ["http://evil.example", "null", "file://", "http://localhost:3000/x", "ftp://localhost", "http://localhost@evil.example"] {
            assert!(!p.allows_origin(bad), "{bad}");
        }
    }

    #[test]
    fn a_non_loopback_listener_accepts_ip_literals_only() {
        let p = HostPolicy::new(&[], IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert!(p.allows_host("192.168.1.20:3000") && p.allows_host("[fe80::1]") && p.allows_host("localhost"));
        assert!(!p.allows_host("evil.example") && !p.allows_host("my-laptop.local"));
    }
}

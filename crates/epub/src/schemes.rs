//! The URL schemes EPUBCheck accepts in an `href` (its list of registered schemes, from the IANA
//! registry: `http`, `https`, `mailto`, `tel`, `ftp` …). A link to any other scheme (`git:`,
//! `ssh:`, `vscode:` — allowed in a book by `[quire] allowed-url-schemes`) is an error for
//! EPUBCheck ("Non-registered URI scheme"), so the EPUB keeps such a link's text without the link.

use quire_core::resolve::schemes::effective_scheme;

/// The schemes EPUBCheck (`URISchemes`) treats as registered, lower-case.
pub const REGISTERED: &[&str] = &[
    "aaa", "aaas", "acap", "afs", "cap", "cid", "crid", "data", "dav", "dict", "dns", "dtn", "fax", "file", "ftp", "go",
    "gopher", "h323", "http", "https", "iax", "icap", "im", "imap", "info", "ipp", "irc", "iris", "iris.beep",
    "iris.lwz", "iris.xpc", "iris.xpcs", "javascript", "ldap", "mailserver", "mailto", "mid", "modem", "msrp",
    "msrps", "mtqp", "mupdate", "news", "nfs", "nntp", "opaquelocktoken", "pack", "pop", "pres", "prospero", "rtsp",
    "service", "shttp", "sip", "sips", "snews", "snmp", "soap.beep", "soap.beeps", "tag", "tel", "telnet", "tftp",
    "thismessage", "tip", "tn3270", "tv", "urn", "vemmi", "videotex", "wais", "xmlrpc.beep", "xmlrpc.beeps", "xmpp",
    "z39.50r", "z39.50s",
];

/// The scheme of `url` when EPUBCheck does not register it (lower-case); `None` for a registered
/// scheme, a relative path or a fragment.
pub fn unregistered(url: &str) -> Option<String> {
    effective_scheme(url).filter(|s| !REGISTERED.contains(&s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::unregistered;

    #[test]
    fn registered_schemes_and_paths_pass_others_do_not() {
        for ok in ["https://x.org", "HTTP://x", "mailto:a@b", "tel:+1", "ftp://f", "urn:isbn:1", "a.html#x", "#top", "//cdn/x"] {
            assert_eq!(unregistered(ok), None, "{ok}");
        }
        assert_eq!(unregistered("git://github.com/x.git").as_deref(), Some("git"));
        assert_eq!(unregistered("vscode:extension/x").as_deref(), Some("vscode"));
        assert_eq!(unregistered("SSH://host").as_deref(), Some("ssh"));
    }
}

//! Hostile input: `publish serve` on loopback: Host and Origin checks, header deadlines, slow-drip clients and many live-reload tabs.

#[allow(unused_imports)]
use crate::support;

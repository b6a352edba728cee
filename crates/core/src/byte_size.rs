//! A size in bytes for config keys such as `[quire] max-file-size`: a whole number of bytes, or
//! a string with a unit (`"64 MiB"`, `"500 kB"`, `"2 GiB"`, `"1048576"`).

use serde::{Deserialize, Deserializer};

/// A size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

/// Parses `"64 MiB"` style sizes: a whole or decimal number, optional spaces, an optional unit
/// (`B`, `kB`/`KB`/`K`, `MB`/`M`, `GB`/`G`, `KiB`, `MiB`, `GiB`; case-insensitive, decimal units
/// are powers of 1000, binary ones of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = (&s[..split], s[split..].trim());
    let value: f64 = num.parse().map_err(|_| format!("`{s}` is not a size (write e.g. \"64 MiB\" or a number of bytes)"))?;
    let mult: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("unknown unit `{unit}` in `{s}` (use B, kB, MB, GB, KiB, MiB or GiB)")),
    };
    let bytes = value * mult as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("`{s}` is out of range (at least 1 byte)"));
    }
    Ok(bytes as u64)
}

impl std::fmt::Display for ByteSize {
    /// `16 MiB` when the size is a whole number of MiB or KiB, else bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            n if n >= 1 << 20 && n % (1 << 20) == 0 => write!(f, "{} MiB", n >> 20),
            n if n >= 1 << 10 && n % (1 << 10) == 0 => write!(f, "{} KiB", n >> 10),
            n => write!(f, "{n} bytes"),
        }
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(0) => Err(serde::de::Error::custom("a size must be at least 1 byte")),
            Raw::Int(n) => Ok(ByteSize(n)),
            Raw::Text(s) => parse_size(&s).map(ByteSize).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64 MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1.5kB"), Ok(1500));
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 parsecs").is_err());
    }
}

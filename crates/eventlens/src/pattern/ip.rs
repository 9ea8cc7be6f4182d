//! IP addresses and CIDR blocks, parsed as event-ruler does (Java's `InetAddress` behind two
//! regular-expression guards).

use std::net::Ipv6Addr;

/// An address as Java gives it: 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpBytes(pub Vec<u8>);

/// Whether `s` passes event-ruler's guard (`[0-9]+(\.[0-9]+){3}` or hex digits and colons with a colon).
fn looks_like_ip(s: &str) -> bool {
    looks_like_v4(s) || looks_like_v6(s)
}

fn looks_like_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn looks_like_v6(s: &str) -> bool {
    s.contains(':') && s.bytes().all(|b| b == b':' || b.is_ascii_hexdigit())
}

/// Why a CIDR base address was refused.
enum AddressError {
    /// It looks like an address but does not parse (`Invalid IP address: …`).
    Invalid,
    /// It does not look like an address (`Nonstandard IP address: …`).
    Nonstandard,
}

/// Java reads at most 15 characters as an IPv4 literal (`IPAddressUtil.textToNumericFormatV4`);
/// anything longer is taken for a host name, which event-ruler never resolves.
const MAX_V4_LITERAL: usize = 15;

fn parse_guarded(s: &str) -> Result<IpBytes, AddressError> {
    if looks_like_v4(s) {
        if s.len() > MAX_V4_LITERAL {
            return Err(AddressError::Invalid);
        }
        let mut out = Vec::with_capacity(4);
        for part in s.split('.') {
            let trimmed = part.trim_start_matches('0');
            if trimmed.len() > 3 {
                return Err(AddressError::Invalid);
            }
            let v: u32 = if trimmed.is_empty() {
                0
            } else {
                trimmed.parse().map_err(|_| AddressError::Invalid)?
            };
            if v > 255 {
                return Err(AddressError::Invalid);
            }
            out.push(v as u8);
        }
        return Ok(IpBytes(out));
    }
    if looks_like_v6(s) {
        let addr: Ipv6Addr = without_padding(s)
            .parse()
            .map_err(|_| AddressError::Invalid)?;
        // Java turns IPv4-mapped IPv6 addresses into IPv4 ones.
        if let Some(v4) = addr.to_ipv4_mapped() {
            return Ok(IpBytes(v4.octets().to_vec()));
        }
        return Ok(IpBytes(addr.octets().to_vec()));
    }
    Err(AddressError::Nonstandard)
}

/// An IPv6 text with each group's leading zeros dropped: Java reads a group of any length whose
/// value fits 16 bits (`fe80::00001`), where the standard library takes at most four digits.
fn without_padding(s: &str) -> String {
    s.split(':')
        .map(|group| match group.trim_start_matches('0') {
            "" if !group.is_empty() => "0",
            digits => digits,
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// The bytes of the IP address `s` stands for, as EventBridge reads event values and
/// exact-match strings: 4 for IPv4 (and IPv4-mapped IPv6), 16 for IPv6; `None` for a string it
/// does not take as an address.
///
/// ```
/// assert_eq!(eventlens::ip_address_bytes("10.0.0.1"), Some(vec![10, 0, 0, 1]));
/// assert_eq!(eventlens::ip_address_bytes("::1").map(|b| b.len()), Some(16));
/// assert_eq!(eventlens::ip_address_bytes("10.0.0"), None);
/// ```
pub fn address_bytes(s: &str) -> Option<Vec<u8>> {
    parse_ip(s).map(|ip| ip.0)
}

/// The address a string stands for, if it looks like one and parses (used for event values and
/// for exact-match pattern strings, which event-ruler compares as addresses).
pub fn parse_ip(s: &str) -> Option<IpBytes> {
    if !looks_like_ip(s) {
        return None;
    }
    parse_guarded(s).ok()
}

/// A CIDR block as an inclusive byte range: host bits cleared at the low end, set at the high end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpRange {
    /// Lowest address in the block.
    pub low: Vec<u8>,
    /// Highest address in the block.
    pub high: Vec<u8>,
}

impl IpRange {
    /// Whether `ip` (same family) lies inside the block.
    pub fn contains(&self, ip: &IpBytes) -> bool {
        ip.0.len() == self.low.len()
            && ip.0.as_slice() >= self.low.as_slice()
            && ip.0.as_slice() <= self.high.as_slice()
    }

    /// Parses `ip/bits` with event-ruler's checks and messages.
    pub fn parse(cidr: &str) -> Result<IpRange, String> {
        // Java's String.split drops trailing empty strings.
        let mut parts: Vec<&str> = cidr.split('/').collect();
        while parts.len() > 1 && parts.last() == Some(&"") {
            parts.pop();
        }
        if parts.len() != 2 {
            return Err("Malformed CIDR, one '/' required".to_string());
        }
        let bits =
            parse_java_int(parts[1]).ok_or("Malformed CIDR, mask bits must be an integer")?;
        if bits < 0 {
            return Err("Malformed CIDR, mask bits must not be negative".to_string());
        }
        let ip = match parse_guarded(parts[0]) {
            Ok(ip) => ip,
            Err(AddressError::Invalid) => return Err(format!("Invalid IP address: {}", parts[0])),
            Err(AddressError::Nonstandard) => {
                return Err(format!("Nonstandard IP address: {}", parts[0]))
            }
        };
        let total = ip.0.len() as i64 * 8;
        if ip.0.len() == 4 && bits > 31 {
            return Err("IPv4 mask bits must be < 32".to_string());
        }
        if ip.0.len() == 16 && bits > 127 {
            return Err("IPv6 mask bits must be < 128".to_string());
        }
        let mut host_bits = total - bits;
        let mut low = ip.0.clone();
        let mut high = ip.0;
        for (lo, hi) in low.iter_mut().zip(high.iter_mut()).rev() {
            let mask = if host_bits >= 8 {
                0xff
            } else if host_bits > 0 {
                (1u8 << host_bits) - 1
            } else {
                0
            };
            *lo &= !mask;
            *hi |= mask;
            host_bits -= 8;
        }
        Ok(IpRange { low, high })
    }
}

/// Java's `Integer.parseInt`: optional sign, decimal digits, 32-bit range.
fn parse_java_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = s.parse().ok()?;
    (i32::MIN as i64..=i32::MAX as i64)
        .contains(&v)
        .then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_messages() {
        assert_eq!(
            IpRange::parse("bad-filter").unwrap_err(),
            "Malformed CIDR, one '/' required"
        );
        assert_eq!(
            IpRange::parse("xx.11.xx/8").unwrap_err(),
            "Nonstandard IP address: xx.11.xx"
        );
        assert_eq!(
            IpRange::parse("bad-/64filter").unwrap_err(),
            "Malformed CIDR, mask bits must be an integer"
        );
        assert_eq!(
            IpRange::parse("10.0.0.0/32").unwrap_err(),
            "IPv4 mask bits must be < 32"
        );
        assert_eq!(
            IpRange::parse("::ffff:0:0/96").unwrap_err(),
            "IPv4 mask bits must be < 32"
        );
    }

    #[test]
    fn ranges_and_canonical_forms() {
        let r = IpRange::parse("10.0.0.0/24").unwrap();
        assert!(r.contains(&parse_ip("10.0.0.255").unwrap()));
        assert!(!r.contains(&parse_ip("10.0.1.0").unwrap()));
        assert_eq!(parse_ip("10.0.0.010"), parse_ip("10.0.0.10"));
        assert_eq!(
            parse_ip("2001:db8::1"),
            parse_ip("2001:0DB8:0000:0000:0000:0000:0000:0001")
        );
        assert_eq!(parse_ip("10.0.0.256"), None);
    }

    /// Event texts as event-ruler (Java 17's `InetAddress` behind its guards) reads them against
    /// `10.0.0.0/24` and `fe80::/16`: each answer checked with event-ruler itself.
    #[test]
    fn event_spellings_as_event_ruler_reads_them() {
        let v4 = IpRange::parse("10.0.0.0/24").unwrap();
        let v6 = IpRange::parse("fe80::/16").unwrap();
        let inside =
            |range: &IpRange, text: &str| parse_ip(text).is_some_and(|ip| range.contains(&ip));
        for (text, want) in [
            ("10.0.0.10", true),
            ("10.0.0.010", true),
            ("10.0.0.0251", true),
            ("010.0.0.10", true),
            ("10.000.0.10", true),
            ("10.0.0.00000251", true),
            ("10.0.0.000000251", false),
            ("10.0.0.0000000000251", false),
            ("10.0.0.00256", false),
            ("10.0.0.256", false),
            ("1.2.3", false),
            ("10.0.0.10.1", false),
            ("0x0a.0.0.10", false),
            ("+10.0.0.1", false),
            (" 10.0.0.10", false),
            ("10.0.0.1/32", false),
            ("::ffff:a00:a", true),
            ("::FFFF:A00:A", true),
            ("::ffff:0a00:000a", true),
            ("0:0:0:0:0:ffff:a00:a", true),
            ("::ffff:10.0.0.10", false),
            ("::a00:a", false),
        ] {
            assert_eq!(inside(&v4, text), want, "{text} in 10.0.0.0/24");
        }
        for (text, want) in [
            ("fe80::1", true),
            ("FE80::1", true),
            ("fe80::0001", true),
            ("fe80::00001", true),
            ("fe80::0000000000001", true),
            ("fe80:0000000:0:0:0:0:0:1", true),
            ("fe80::10001", false),
            ("fe80::", true),
            ("fe80::1%eth0", false),
            ("fe80::1%1", false),
            ("[fe80::1]", false),
            ("fe80:::1", false),
            ("fe80::1::1", false),
            ("fe80:0:0:0:0:0:0:0:1", false),
            ("::ffff:a00:a", false),
        ] {
            assert_eq!(inside(&v6, text), want, "{text} in fe80::/16");
        }
    }
}

//! The address a request comes from, seen through the reverse proxies the
//! operator trusts (`trusted_proxies`).
//!
//! Behind a proxy every connection comes from the proxy; only a trusted
//! proxy's `X-Forwarded-For` is believed, read from the right (the entry the
//! nearest proxy added) past the other trusted proxies. A client that sends
//! its own `X-Forwarded-For` straight to the hub is not believed at all.

use axum::http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// An address range, `203.0.113.0/24` or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<IpRange, String> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let base: IpAddr = addr.trim().parse().map_err(|_| {
            format!("{text} is not an address or range, e.g. 10.0.0.5 or 10.0.0.0/8")
        })?;
        let bits = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(|| format!("{text}: the prefix length must be 0 to {bits}"))?,
        };
        Ok(IpRange { base, prefix })
    }
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.base, ip) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(b) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(b) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// The client's address: the peer's, or, when the peer is a trusted proxy,
/// the nearest untrusted address its `X-Forwarded-For` names.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpRange]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|r| r.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .copied()
        .find(|ip| !is_trusted(*ip))
        .or_else(|| forwarded.first().copied())
        .unwrap_or(peer)
}

/// The network a rate limit counts a client by: its address, or for IPv6
/// its /64, which one subscriber usually holds whole.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().expect("header"));
        }
        h
    }

    fn ranges(list: &[&str]) -> Vec<IpRange> {
        list.iter().map(|r| r.parse().expect("range")).collect()
    }

    #[test]
    fn rate_keys_count_an_ipv6_client_by_its_64() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(rate_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(rate_key(ip("2001:db8:1:2:bbbb::9")), ip("2001:db8:1:2::"));
        assert_eq!(rate_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(rate_key(ip("192.0.2.7")), ip("192.0.2.7"));
    }

    #[test]
    fn ranges_parse_and_match() {
        let r: IpRange = "10.0.0.0/8".parse().expect("range");
        assert!(r.contains("10.200.1.1".parse().expect("ip")));
        assert!(!r.contains("11.0.0.1".parse().expect("ip")));
        assert!(r.contains("::ffff:10.1.2.3".parse().expect("ip")));
        let one: IpRange = "2001:db8::1".parse().expect("range");
        assert!(one.contains("2001:db8::1".parse().expect("ip")));
        assert!(!one.contains("2001:db8::2".parse().expect("ip")));
        let all: IpRange = "0.0.0.0/0".parse().expect("range");
        assert!(all.contains("198.51.100.1".parse().expect("ip")));
        assert!("10.0.0.0/33".parse::<IpRange>().is_err());
        assert!("proxy".parse::<IpRange>().is_err());
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let trusted = ranges(&["127.0.0.1", "10.0.0.0/8"]);
        let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
        let stranger: IpAddr = "198.51.100.9".parse().expect("ip");
        // A client naming itself someone else, straight to the hub.
        assert_eq!(
            client_ip(stranger, &headers(&["203.0.113.1"]), &trusted),
            stranger
        );
        // Through the proxy: the nearest untrusted entry, not a forged one on the left.
        assert_eq!(
            client_ip(
                proxy,
                &headers(&["203.0.113.1, 198.51.100.7, 10.1.1.1"]),
                &trusted
            ),
            "198.51.100.7".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(
            client_ip(proxy, &headers(&["203.0.113.1", "198.51.100.8"]), &trusted),
            "198.51.100.8".parse::<IpAddr>().expect("ip")
        );
        // Nothing forwarded: the proxy itself.
        assert_eq!(client_ip(proxy, &headers(&[]), &trusted), proxy);
        // Nobody trusted: the peer, whatever it says.
        assert_eq!(client_ip(proxy, &headers(&["203.0.113.1"]), &[]), proxy);
    }
}

//! Which addresses a client may name for the SFU to send to: ICE candidates
//! trickled over the websocket and those written into an offer or answer.
//!
//! A candidate makes the SFU send connectivity checks to the address it
//! names, so a client could have the SFU probe hosts on the SFU's own
//! network (loopback services, the data centre's private range). Only
//! addresses of the kind the deployment serves are taken: public ones, plus
//! private ranges when the SFU itself sits on a private network that is not
//! published through NAT, plus loopback when it is bound to loopback (one
//! machine: a laptop, the tests). Pure code: no I/O.

use std::net::IpAddr;

/// The widest kind of address a client's candidate may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeerAddresses {
    /// Public addresses only.
    Public,
    /// Public and private ranges (RFC 1918, shared, link-local, unique local).
    Private,
    /// All of those and loopback.
    Loopback,
}

impl PeerAddresses {
    /// What fits a node bound to `bind`, reached at `public_ip` when set.
    pub fn for_node(bind: IpAddr, public_ip: Option<IpAddr>) -> PeerAddresses {
        if bind.is_loopback() {
            PeerAddresses::Loopback
        } else if public_ip.is_none() && kind(bind) == Kind::Private {
            PeerAddresses::Private
        } else {
            PeerAddresses::Public
        }
    }

    pub fn parse(text: &str) -> Option<PeerAddresses> {
        match text {
            "public" => Some(PeerAddresses::Public),
            "private" => Some(PeerAddresses::Private),
            "loopback" => Some(PeerAddresses::Loopback),
            _ => None,
        }
    }

    /// Whether a candidate may name `ip`.
    pub fn allows(self, ip: IpAddr) -> bool {
        match kind(ip) {
            Kind::Never => false,
            Kind::Public => true,
            Kind::Private => self >= PeerAddresses::Private,
            Kind::Loopback => self == PeerAddresses::Loopback,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Public,
    Private,
    Loopback,
    /// Unspecified, multicast, broadcast, documentation-free nonsense.
    Never,
}

fn kind(ip: IpAddr) -> Kind {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_unspecified() || v4.is_multicast() || v4.is_broadcast() || a == 0 {
                Kind::Never
            } else if v4.is_loopback() {
                Kind::Loopback
            } else if v4.is_private()
                || v4.is_link_local()
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
            {
                Kind::Private
            } else {
                Kind::Public
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_unspecified() || v6.is_multicast() {
                Kind::Never
            } else if v6.is_loopback() {
                Kind::Loopback
            } else if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
                // Unique local fc00::/7 and link-local fe80::/10.
                Kind::Private
            } else {
                Kind::Public
            }
        }
    }
}

/// Checks a candidate line (`candidate:…`, as trickled) field by field, and
/// that its address is one `allowed` takes. An mDNS name (`….local`) is
/// taken: the SFU resolves none, so it probes nothing with it.
pub fn check_candidate(line: &str, allowed: PeerAddresses) -> Result<(), String> {
    let fields: Vec<&str> = line
        .strip_prefix("candidate:")
        .ok_or("a candidate starts with candidate:")?
        .split_whitespace()
        .collect();
    let [foundation, component, transport, priority, address, port, typ, kind, ..] = fields[..]
    else {
        return Err("a candidate has at least eight fields".into());
    };
    let ip = address.parse::<IpAddr>().ok();
    let ok = !foundation.is_empty()
        && foundation.len() <= 32
        && matches!(component, "1" | "2")
        && matches!(transport.to_ascii_lowercase().as_str(), "udp" | "tcp")
        && priority.parse::<u32>().is_ok()
        && (ip.is_some() || (address.ends_with(".local") && address.len() <= 64))
        && port.parse::<u16>().is_ok()
        && typ == "typ"
        && matches!(kind, "host" | "srflx" | "prflx" | "relay");
    if !ok {
        return Err(format!("not a usable ICE candidate: {line}"));
    }
    match ip {
        Some(ip) if !allowed.allows(ip) => Err(format!(
            "this server sends to no address like {ip}: offer a public address (or a relay)"
        )),
        _ => Ok(()),
    }
}

/// An SDP with every candidate line removed that [`check_candidate`] would
/// refuse; the rest as it was.
pub fn keep_allowed_candidates(sdp: &str, allowed: PeerAddresses) -> String {
    let mut kept = String::with_capacity(sdp.len());
    for line in sdp.split_inclusive('\n') {
        let refused = line
            .trim_end()
            .strip_prefix("a=")
            .filter(|c| c.starts_with("candidate:"))
            .is_some_and(|c| check_candidate(c, allowed).is_err());
        if !refused {
            kept.push_str(line);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn each_kind_of_node_takes_its_kind_of_address() {
        let public = PeerAddresses::for_node(ip("203.0.113.4"), None);
        let nat = PeerAddresses::for_node(ip("10.0.0.4"), Some(ip("203.0.113.4")));
        let lan = PeerAddresses::for_node(ip("10.0.0.4"), None);
        let laptop = PeerAddresses::for_node(ip("127.0.0.1"), None);
        assert_eq!(public, PeerAddresses::Public);
        assert_eq!(
            nat,
            PeerAddresses::Public,
            "a node behind 1:1 NAT is public"
        );
        assert_eq!(lan, PeerAddresses::Private);
        assert_eq!(laptop, PeerAddresses::Loopback);
        for (address, public_ok, private_ok, loopback_ok) in [
            ("198.51.100.7", true, true, true),
            ("2001:db8::7", true, true, true),
            ("10.1.2.3", false, true, true),
            ("172.16.0.1", false, true, true),
            ("192.168.1.5", false, true, true),
            ("169.254.169.254", false, true, true),
            ("100.64.0.1", false, true, true),
            ("fd00::1", false, true, true),
            ("fe80::1", false, true, true),
            ("::ffff:10.0.0.1", false, true, true),
            ("127.0.0.1", false, false, true),
            ("::1", false, false, true),
            ("0.0.0.0", false, false, false),
            ("224.0.0.1", false, false, false),
            ("255.255.255.255", false, false, false),
        ] {
            assert_eq!(
                PeerAddresses::Public.allows(ip(address)),
                public_ok,
                "{address}"
            );
            assert_eq!(
                PeerAddresses::Private.allows(ip(address)),
                private_ok,
                "{address}"
            );
            assert_eq!(
                PeerAddresses::Loopback.allows(ip(address)),
                loopback_ok,
                "{address}"
            );
        }
    }

    #[test]
    fn candidates_are_checked_before_they_are_kept() {
        for good in [
            "candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host",
            "candidate:842163049 1 UDP 1677729535 203.0.113.7 61000 typ srflx raddr 10.0.0.2 rport 61000",
            "candidate:3 1 tcp 1518280447 ::1 9 typ host tcptype active",
            "candidate:4 1 udp 2122260223 4c2bd5b8-1f7e-4d2c-8f5e.local 55000 typ host",
        ] {
            assert_eq!(check_candidate(good, PeerAddresses::Loopback), Ok(()), "{good}");
        }
        for bad in [
            "candidate:1 1 UDP 99999999999 999.1.1.1 99999 typ host",
            "candidate:1 1 udp 1 127.0.0.1 50000 typ wormhole",
            "candidate:1 3 udp 1 127.0.0.1 50000 typ host",
            "1 1 udp 1 127.0.0.1 50000 typ host",
            "candidate:1 1 udp",
            "candidate:1 1 sctp 1 127.0.0.1 1 typ host",
        ] {
            assert!(
                check_candidate(bad, PeerAddresses::Loopback).is_err(),
                "{bad}"
            );
        }
        let inside = "candidate:1 1 udp 2130706431 10.0.0.9 6379 typ host";
        assert!(check_candidate(inside, PeerAddresses::Public).is_err());
        assert!(check_candidate(inside, PeerAddresses::Private).is_ok());
    }

    #[test]
    fn refused_candidates_leave_the_sdp_and_the_rest_stays() {
        let sdp = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n\
                   a=candidate:1 1 udp 2130706431 127.0.0.1 6379 typ host\r\n\
                   a=candidate:2 1 udp 2130706431 198.51.100.7 50000 typ host\r\n\
                   a=mid:0\r\n";
        let kept = keep_allowed_candidates(sdp, PeerAddresses::Public);
        assert!(!kept.contains("127.0.0.1"), "{kept}");
        assert!(
            kept.contains("198.51.100.7") && kept.contains("a=mid:0\r\n"),
            "{kept}"
        );
        assert_eq!(keep_allowed_candidates(sdp, PeerAddresses::Loopback), sdp);
    }
}

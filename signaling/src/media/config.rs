//! A node's media settings and the TURN credentials it hands out.

use crate::ice::PeerAddresses;
use crate::sfu::RoomConfig;
use hmac::{Hmac, Mac};
use plenary_protocol::ids::MeetingId;
use plenary_protocol::signal::ParticipantId;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

/// Media settings of a node.
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// The address media sockets bind to (loopback in tests).
    pub bind: IpAddr,
    /// UDP ports for media, inclusive; `None` for any free port.
    pub ports: Option<(u16, u16)>,
    /// The address browsers reach this node at when it is behind a 1:1 NAT.
    pub public_ip: Option<IpAddr>,
    /// STUN servers handed to browsers.
    pub stun: Vec<String>,
    pub turn: Option<TurnConfig>,
    pub room: RoomConfig,
    /// Threads carrying the media rooms (`workers.rs`).
    pub workers: usize,
    /// The addresses clients' ICE candidates may name (`ice.rs`).
    pub peer_addresses: PeerAddresses,
    /// The node relay, when several nodes share one meeting's media;
    /// without it one node carries each meeting's media.
    pub relay: Option<RelayConfig>,
    /// Media connections this node takes before the next joiner of a
    /// meeting it shares goes to another node carrying that meeting.
    pub capacity: usize,
}

/// Where this node's relay listens, and the key the nodes share.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub bind: std::net::SocketAddr,
    pub key: super::relay::RelayKey,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            ports: None,
            public_ip: None,
            stun: Vec::new(),
            turn: None,
            room: RoomConfig::default(),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            peer_addresses: PeerAddresses::Loopback,
            relay: None,
            capacity: 1_000,
        }
    }
}

/// TURN with the REST API scheme (coturn's `use-auth-secret`): the username
/// is `<expiry>:<meeting>:<participant>`, the password its HMAC-SHA1 under
/// the secret. coturn checks the expiry when an allocation is made, so a
/// short lifetime bounds how long handed-out credentials can open new
/// relays; the seat's connection hands out fresh ones while it lasts.
#[derive(Clone)]
pub struct TurnConfig {
    pub urls: Vec<String>,
    pub secret: String,
    pub ttl: Duration,
}

impl std::fmt::Debug for TurnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TurnConfig")
            .field("urls", &self.urls)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl TurnConfig {
    /// Credentials for `who` in `meeting`, valid until `now_secs + ttl`.
    pub fn credentials(
        &self,
        meeting: MeetingId,
        who: ParticipantId,
        now_secs: u64,
    ) -> (String, String) {
        let username = format!("{}:{meeting}:{}", now_secs + self.ttl.as_secs(), who.0);
        let credential = match Hmac::<sha1::Sha1>::new_from_slice(self.secret.as_bytes()) {
            Ok(mut mac) => {
                mac.update(username.as_bytes());
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
            }
            // HMAC takes keys of any length; kept total rather than panicking.
            Err(_) => String::new(),
        };
        (username, credential)
    }
}

/// A refused media request: the code and what to do, in words.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_credentials_follow_the_rest_api_scheme() {
        let turn = TurnConfig {
            urls: vec!["turn:127.0.0.1:3478".into()],
            secret: "north-lawn".into(),
            ttl: Duration::from_secs(600),
        };
        let meeting = MeetingId(uuid::Uuid::from_u128(0x42));
        let (user, password) = turn.credentials(meeting, ParticipantId(7), 1_000);
        assert_eq!(user, "1600:00000000-0000-0000-0000-000000000042:7");
        // Checked against `echo -n "$user" | openssl dgst -sha1 -hmac north-lawn -binary | base64`.
        assert_eq!(password, "p3t604gZIdoM/5yK9/OYk3IdNkY=");
    }
}

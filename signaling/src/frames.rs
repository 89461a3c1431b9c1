//! The leaf types every part of the signaling service shares: frames as the
//! socket layer hands them over and takes them, the wall clock, and random
//! numbers and token hashes. Nothing
//! here names another module of the crate, so nothing reaches back up.

use plenary_protocol::signal::{Millis, ServerMessage};
use sha2::{Digest, Sha256};

/// A frame received from the client, as the socket layer decoded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Text(String),
    /// Binary frames are not part of the protocol; only their size is kept.
    Binary(usize),
    /// Any control frame (pong or ping): the connection is alive.
    Control,
}

/// A frame for the socket layer to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    Text(String),
    /// A text frame shared by every connection it goes to (valid UTF-8).
    Shared(bytes::Bytes),
    Ping,
    /// Close with a websocket status code (1000 normal, 1008 policy, 1001 going away).
    Close {
        code: u16,
        reason: String,
    },
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> Millis {
    Millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    )
}

/// A server message as one text frame.
pub(crate) fn text(message: &ServerMessage) -> Outgoing {
    // Serialising our own enum cannot fail; an empty frame would be the worst case.
    Outgoing::Text(serde_json::to_string(message).unwrap_or_default())
}

/// The SHA-256 of a token, in hex: what is stored instead of the token.
pub(crate) fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 64 random bits (from the v4 UUID generator's source).
pub(crate) fn random_u64() -> u64 {
    let (high, _) = uuid::Uuid::new_v4().as_u64_pair();
    high
}

/// 244 random bits as 64 hex digits: a resume token.
pub(crate) fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

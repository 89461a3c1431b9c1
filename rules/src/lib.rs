//! The rules of Plenary's live parts, decided in plain code.
//!
//! - [`meeting`]: a running meeting's state and every change to it (seats,
//!   the lobby, the list of speakers, the floor and its timer, the chair's
//!   powers). Time is an argument in milliseconds.
//! - [`sfu`]: the media room's decisions: who publishes, who receives which
//!   track, mutes, layers of forwarding.
//! - [`ice`]: which ICE candidates a node may send media to.
//! - [`relay`]: what crosses between the nodes carrying one meeting's
//!   media: whose tracks each forwards, which nodes want each track.
//! - [`interpretation`]: which audio feeds each language's channel, what
//!   interpreters hear, handover between a booth's interpreters.
//! - [`sponsors`]: which documents are drafts, who may name, add or
//!   withdraw a draft's sponsors and when, and the list its history makes.
//! - [`single_sign_on`]: who a sign-in through the organisation's OpenID
//!   provider is, and the role its claims give.
//!
//! The drivers (`plenary-signaling`'s sessions, live store and WebRTC media
//! room) carry out what these decide and decide nothing themselves. New rules
//! (votes, interpretation channels) land here, with their unit tests.

pub mod ice;
pub mod interpretation;
pub mod meeting;
pub mod relay;
pub mod sfu;
pub mod simulcast;
pub mod single_sign_on;
pub mod speakers;
pub mod sponsors;
pub mod votes;

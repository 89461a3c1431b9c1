//! Live meetings: the websocket sessions, the live-state backends (in process
//! and Redis), the fan-out of updates and the WebRTC media room. They carry
//! out what `plenary-rules` decides (re-exported here as `meeting`, `sfu` and
//! `ice`, the paths the rest of the hub uses) and decide nothing themselves.

pub use plenary_rules::{ice, meeting, sfu, votes};

pub mod ballots;
pub mod fanout;
pub mod frames;
pub mod live;
pub mod media;
pub mod metrics;
pub mod node;
pub mod noise;
pub mod recording;
pub mod rtcp;
pub(crate) mod seating;
pub mod session;
pub mod workers;

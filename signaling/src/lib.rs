//! Live meetings. `meeting` holds the rules of a running meeting as plain
//! state and functions: no I/O, no clock (time is an argument), no async. The
//! websocket sessions and the live-state backends (in process and Redis) drive
//! it; they decide nothing themselves. `sfu` holds the media room's
//! decisions the same way, for the WebRTC driver to carry out.

pub mod fanout;
pub mod ice;
pub mod live;
pub mod media;
pub mod meeting;
pub mod rtcp;
pub mod session;
pub mod sfu;
pub mod workers;

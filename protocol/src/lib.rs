//! Plenary's wire types, shared by the server, the signaling service and the
//! browser frontend.
//!
//! Architecture invariant: this crate does no I/O and builds for
//! `wasm32-unknown-unknown`. It holds data shapes and their validation-free
//! (de)serialisation only; rules about what a value may be live in the server.

pub mod api;
pub mod error;
pub mod ids;
pub mod sdp;
pub mod signal;
pub mod symbol;
pub mod vote;

pub use error::{ErrorCode, FieldError, Problem};
pub use ids::*;

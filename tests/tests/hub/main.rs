//! The hub's end-to-end tests, one binary (linking the hub once): each
//! module is an area, run over real HTTP and websockets against the embedded
//! backends and the real services. The media tests (which measure this
//! process's memory, sockets and tasks) and the browser tests (Chromium)
//! are binaries of their own.

mod api;
mod audit;
mod desk;
mod documents;
mod edge;
mod interpretation;
mod live;
mod minutes;
mod organisation;
mod pages;
mod search;
mod sponsors;
mod statements;
mod titles;
mod two_factor;
mod votes;

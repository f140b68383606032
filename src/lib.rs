//! Tact: one crate, three layers.
//!
//! - [`core`]: pure logic and wire types, compiled for native and wasm32 alike.
//! - `web` (wasm32 only): the extension's agent, background and panel.
//! - `server` (native only): `tact serve`, storage and the CLI's tasks.
//!
//! See ARCHITECTURE.md for the invariants each layer keeps.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;

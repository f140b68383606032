//! The pure core: no DOM, no network, no clock, no file system.
//! Everything here compiles for native and wasm32 and is tested natively.

pub mod audit;
pub mod digest;
pub mod guidelines;
pub mod history;
pub mod library;
pub mod model;
pub mod policy;
pub mod reply;
pub mod reports;
pub mod sites;
pub mod sync;
pub mod template;

//! The language a reply is written in (defined once, in the wire model).

pub use crate::core::model::Lang;

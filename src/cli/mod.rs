//! The `tact` command's tasks besides serving: thin shells over `tact::core`.

pub mod audit;
pub mod check;

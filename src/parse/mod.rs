//! Parsers that keep byte positions.

pub(crate) mod yaml;

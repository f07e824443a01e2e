//! Integration tests of the domain crate against the shipped unit data.

mod access;
mod admin_units;
mod registry;
mod wishes;

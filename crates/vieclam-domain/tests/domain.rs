//! Integration tests of the domain crate against the shipped unit data.

mod admin_units;
mod access;

//! Browser tests: the web pages as a person sees them, in headless Chromium
//! (see harness.rs), each with a screenshot and an accessibility check.

mod harness;
mod harness_test;
mod journeys;
mod officer;
mod officer_exchange;
mod officer_imports;
mod officer_plans;
mod officer_registers;
mod officer_reports;

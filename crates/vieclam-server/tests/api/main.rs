//! API tests: the whole server on a random port, one fresh database a test.

mod auth;
mod exchange;
mod helpers;
mod holes;
mod invitations;
mod plans;
mod registers;
mod runtime;
mod search;
mod sheets;
mod signup;
mod system;
mod units;
mod users;
mod web;
mod web_employer;
mod web_officer;
mod web_officer_admin;
mod web_officer_exchange;
mod web_officer_imports;
mod web_officer_plans;
mod web_officer_registers;
mod web_officer_reports;
mod web_signup;
mod web_worker;
mod webkit;

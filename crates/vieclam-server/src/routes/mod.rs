//! The API's handlers, one module per resource.

pub mod applications;
pub mod audit;
pub mod claims;
pub mod counselling;
pub mod deletion_requests;
pub mod employers;
pub mod forecasts;
pub mod interviews;
pub mod invitations;
pub mod matching;
pub mod me;
pub mod plans;
pub mod prematch;
pub mod registrations;
pub mod schedule;
pub mod search;
pub mod session_reports;
pub mod sessions;
pub mod sheets;
pub mod signup;
pub mod units;
pub mod users;
pub mod venues;
pub mod workers;

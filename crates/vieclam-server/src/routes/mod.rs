//! The API's handlers, one module per resource.

pub mod audit;
pub mod employers;
pub mod matching;
pub mod plans;
pub mod search;
pub mod sheets;
pub mod units;
pub mod users;
pub mod workers;

//! The API's handlers, one module per resource.

pub mod audit;
pub mod units;
pub mod users;

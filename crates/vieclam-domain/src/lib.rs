//! Domain types and rules of vieclam. No I/O: everything here is pure and
//! can be tested without a database or a network.
//!
//! * [`admin_unit`]: administrative units in both structures and the
//!   crosswalk between them.
//! * [`access`]: roles, the principal making a request, and the access rules.
//! * [`account`]: checked usernames and passwords.
//! * [`audit`]: the actions and outcomes the audit trail records.
//! * [`privacy`]: a person's requests over their own data (Decree 13/2023).
//! * [`registry`]: workers, employers, vacancies and labour events, with the
//!   checked types of their fields.

pub mod access;
pub mod account;
pub mod admin_unit;
pub mod audit;
pub mod privacy;
pub mod registry;

pub use access::{AccessError, Field, Principal, Reach, Role, Visibility};
pub use account::{AccountError, NewPassword, Username};
pub use admin_unit::{
    AdminUnit, AdminUnitCode, AdminUnits, CrosswalkLink, CrosswalkRelation, UnitError, UnitKey,
    UnitKind, UnitLevel, UnitSearch, UnitStructure, REFORM_DATE,
};
pub use audit::{AuditAction, AuditOutcome};

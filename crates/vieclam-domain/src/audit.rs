//! The audit trail: who read or changed which record, when, and whether it
//! was allowed. Entries name records by kind and id, never by their content,
//! so the trail itself holds no personal data beyond those references.

use serde::{Deserialize, Serialize};

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Delete,
    Export,
    Login,
    Logout,
}

/// Whether it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Allowed,
    Denied,
    /// The attempt was made but failed (a wrong password, say).
    Failed,
}

macro_rules! string_enum {
    ($type:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $type {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

string_enum!(AuditAction {
    Read => "read",
    Create => "create",
    Update => "update",
    Delete => "delete",
    Export => "export",
    Login => "login",
    Logout => "logout",
});

string_enum!(AuditOutcome {
    Allowed => "allowed",
    Denied => "denied",
    Failed => "failed",
});

/// The kinds of records the trail names.
pub mod subject {
    pub const USER_ACCOUNT: &str = "user_account";
    pub const ADMIN_UNIT: &str = "admin_unit";
    pub const WORKER: &str = "worker";
    pub const EMPLOYER: &str = "employer";
    pub const VACANCY: &str = "vacancy";
    pub const AUDIT_LOG: &str = "audit_log";
    pub const DELETION_REQUEST: &str = "deletion_request";
}

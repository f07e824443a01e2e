//! User accounts: the checked forms of a username and a new password.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A login name: 3 to 64 characters of lower-case ASCII letters, digits,
/// `.`, `_`, `-` and `@` (so that an e-mail address works). Upper case is
/// folded to lower case, so "Admin" and "admin" are one account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Username, AccountError> {
        let name = text.trim().to_ascii_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@".contains(c);
        if (3..=64).contains(&name.len()) && name.chars().all(allowed) {
            Ok(Username(name))
        } else {
            Err(AccountError::BadUsername)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = AccountError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Username::parse(&text)
    }
}

impl From<Username> for String {
    fn from(name: Username) -> String {
        name.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A password chosen for a new account: at least 10 characters and at most
/// 256 (Argon2 hashes any length, but an unbounded one invites abuse).
/// `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(text: &str) -> Result<NewPassword, AccountError> {
        let n_chars = text.chars().count();
        if n_chars < Self::MIN_CHARS {
            Err(AccountError::PasswordTooShort)
        } else if n_chars > Self::MAX_CHARS {
            Err(AccountError::PasswordTooLong)
        } else {
            Ok(NewPassword(text.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("NewPassword(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("a username has 3 to 64 characters: letters a-z, digits, '.', '_', '-', '@'")]
    BadUsername,
    #[error("a password has at least 10 characters")]
    PasswordTooShort,
    #[error("a password has at most 256 characters")]
    PasswordTooLong,
}

impl AccountError {
    pub fn message_vi(&self) -> &'static str {
        match self {
            AccountError::BadUsername => {
                "Tên đăng nhập dài 3–64 ký tự, gồm chữ a-z, chữ số, '.', '_', '-', '@'"
            }
            AccountError::PasswordTooShort => "Mật khẩu phải có ít nhất 10 ký tự",
            AccountError::PasswordTooLong => "Mật khẩu dài tối đa 256 ký tự",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Admin ").unwrap().as_str(), "admin");
        assert!(Username::parse("can.bo@hanoi.gov.vn").is_ok());
        assert_eq!(Username::parse("ab"), Err(AccountError::BadUsername));
        assert_eq!(
            Username::parse("tên có dấu"),
            Err(AccountError::BadUsername)
        );
    }

    #[test]
    fn passwords_are_never_printed() {
        let password = NewPassword::parse("mật-khẩu-rất-dài").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
        assert_eq!(
            NewPassword::parse("short"),
            Err(AccountError::PasswordTooShort)
        );
    }
}

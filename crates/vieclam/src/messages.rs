//! Error reports for people at a terminal: Vietnamese first, English second.

use vieclam_domain::{AccessError, AccountError, UnitError};
use vieclam_store::StoreError;

/// A mistake of the user's, with the message in both languages.
#[derive(Debug, thiserror::Error)]
#[error("{message_en}")]
pub struct UserError {
    pub message_vi: String,
    pub message_en: String,
}

impl UserError {
    pub fn new(message_vi: impl Into<String>, message_en: impl Into<String>) -> UserError {
        UserError {
            message_vi: message_vi.into(),
            message_en: message_en.into(),
        }
    }
}

/// The Vietnamese message of the first error in the chain that has one.
fn message_vi(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        if let Some(error) = cause.downcast_ref::<UserError>() {
            Some(error.message_vi.clone())
        } else if let Some(error) = cause.downcast_ref::<StoreError>() {
            Some(error.message_vi())
        } else if let Some(error) = cause.downcast_ref::<UnitError>() {
            Some(error.message_vi())
        } else if let Some(error) = cause.downcast_ref::<vieclam_plans::PlanError>() {
            Some(error.message_vi())
        } else if let Some(error) = cause.downcast_ref::<vieclam_exchange::ExchangeError>() {
            Some(error.message_vi())
        } else if let Some(error) = cause.downcast_ref::<AccountError>() {
            Some(error.message_vi().to_owned())
        } else {
            cause
                .downcast_ref::<AccessError>()
                .map(AccessError::message_vi)
        }
    })
}

/// Prints an error to standard error.
pub fn report(error: &anyhow::Error) {
    if let Some(message) = message_vi(error) {
        eprintln!("Lỗi: {message}");
    }
    eprintln!("Error: {error:#}");
}

/// Writes a line to standard output. When the reader has gone (a pipe into
/// `head`), the command stops quietly instead of panicking.
pub fn say_line(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{line}") {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// `println!` that stops quietly on a closed pipe.
macro_rules! say {
    () => { $crate::messages::say_line("") };
    ($($argument:tt)*) => { $crate::messages::say_line(&format!($($argument)*)) };
}

pub(crate) use say;

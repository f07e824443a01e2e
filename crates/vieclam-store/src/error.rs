//! The errors of the storage layer, keeping a caller's mistake (a bad URL, a
//! taken username) apart from a failure of the database.

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL cannot be used. The URL itself is not repeated: it
    /// may hold a password.
    #[error("bad database URL: {reason}")]
    BadUrl { reason: String },
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A record with the same key exists.
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{what} not found")]
    NotFound { what: String },
    /// The data is locked by an approved report; the reason is always given.
    #[error(
        "locked: report {report_id} for {unit} {period} was approved on {decided_on}: {reason}"
    )]
    Locked {
        report_id: i64,
        unit: String,
        period: String,
        decided_on: String,
        reason: String,
    },
    /// A write would change a record outside the caller's area. The record
    /// is not named: its existence elsewhere is not the caller's to learn.
    #[error("a record is registered in another unit, outside the caller's area")]
    OutsideArea,
    /// A rule of the exchange refused the write, checked inside its
    /// transaction against the records as they are now; nothing was written.
    #[error("{0}")]
    Refused(vieclam_exchange::ExchangeError),
    /// Stored data that does not parse back (a corrupted row).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// What a conflict names, in Vietnamese where the phrase is known (the
/// rest, ids and codes, reads the same in both languages).
fn what_vi(what: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "the same vacancy (employer, title, place, deadline)",
            "vị trí tuyển dụng giống hệt (cùng nhà tuyển dụng, chức danh, nơi làm việc, hạn nộp)",
        ),
        ("citizen ID", "số căn cước công dân"),
        ("tax code", "mã số thuế"),
        ("account", "tài khoản"),
        ("plan", "kế hoạch"),
        ("session", "phiên giao dịch"),
        ("report", "báo cáo"),
        ("venue", "sàn giao dịch"),
        (
            "a decision on deletion request",
            "quyết định về yêu cầu xóa",
        ),
        ("the hire of worker", "việc tuyển người lao động"),
        ("a figure of", "số liệu"),
    ];
    for (english, vietnamese) in PHRASES {
        if let Some(rest) = what.strip_prefix(english) {
            return format!("{vietnamese}{rest}");
        }
    }
    what.to_owned()
}

impl StoreError {
    /// The message in Vietnamese, for errors a person can act on.
    pub fn message_vi(&self) -> String {
        match self {
            StoreError::BadUrl { reason } => format!(
                "Địa chỉ cơ sở dữ liệu không hợp lệ (dùng sqlite://tệp.db hoặc postgres://…): {reason}"
            ),
            StoreError::Connect(_) => "Không mở được cơ sở dữ liệu".to_owned(),
            StoreError::Migrate(_) => "Không cập nhật được lược đồ cơ sở dữ liệu".to_owned(),
            StoreError::Conflict { what } => format!("Đã tồn tại: {}", what_vi(what)),
            StoreError::NotFound { what } => format!("Không tìm thấy: {what}"),
            StoreError::Locked {
                report_id,
                unit,
                period,
                decided_on,
                reason,
            } => format!(
                "Số liệu đã khóa: báo cáo số {report_id} của {unit} kỳ {period} đã được duyệt ngày {decided_on}; lý do: {reason}"
            ),
            StoreError::OutsideArea => {
                "Hồ sơ đã đăng ký ở đơn vị khác, ngoài địa bàn của tài khoản".to_owned()
            }
            StoreError::Refused(refusal) => refusal.message_vi(),
            StoreError::Corrupt(_) | StoreError::Database(_) => "Lỗi cơ sở dữ liệu".to_owned(),
        }
    }

    /// Maps a unique-key violation to [`StoreError::Conflict`].
    pub(crate) fn conflict_or(error: sqlx::Error, what: impl Into<String>) -> StoreError {
        match &error {
            sqlx::Error::Database(database_error) if database_error.is_unique_violation() => {
                StoreError::Conflict { what: what.into() }
            }
            _ => StoreError::Database(error),
        }
    }
}

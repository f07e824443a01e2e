//! The one HTTP error type: every failure maps to a stable code, a status and
//! a message in Vietnamese and English. Internal details are logged (without
//! personal data) and never returned.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::{AccessError, AccountError, UnitError};
use vieclam_store::StoreError;

/// The error body of every failed request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `forbidden`, `unit_not_found`.
    pub code: &'static str,
    /// What went wrong, in Vietnamese.
    pub message_vi: String,
    /// What went wrong, in English.
    pub message_en: String,
    /// More about the failure, when there is more: for a record that failed
    /// validation, an array of every problem (field or column, value and
    /// reason in both languages); for a refused import, the import report
    /// (an object with its problems); other errors have none. Its shape
    /// depends on the error's `code`, so it is documented as any JSON value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Value>)]
    pub details: Option<serde_json::Value>,
}

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message_vi: String,
    pub message_en: String,
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message_vi: message_vi.into(),
            message_en: message_en.into(),
            details: None,
        }
    }

    /// Attaches the list of problems found.
    pub fn with_details(mut self, details: serde_json::Value) -> ApiError {
        self.details = Some(details);
        self
    }

    /// 422 for a record whose fields break rules, with every problem.
    pub fn invalid_record(problems: &[vieclam_domain::registry::FieldProblem]) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "record_invalid",
            "Hồ sơ có trường không hợp lệ; xem chi tiết",
            "The record has invalid fields; see details",
        )
        .with_details(problem_details(problems))
    }

    /// 400 for a form (a sign-up, a request of one's own) with fields a
    /// person must correct: every problem, each naming the field of the
    /// request as sent, so that a page shows it beside that field.
    pub fn fields_invalid(problems: &[vieclam_domain::registry::FieldProblem]) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "fields_invalid",
            "Có trường chưa hợp lệ; xem chi tiết từng trường",
            "Some fields are not valid; see the details of each",
        )
        .with_details(problem_details(problems))
    }

    /// 409 for a sign-up whose citizen ID is on file already. Who keeps
    /// the record is not said: naming the commune would tell anyone who
    /// types a citizen ID where that person lives.
    pub fn worker_on_file() -> ApiError {
        ApiError::new(
            StatusCode::CONFLICT,
            "worker_on_file",
            "Số CCCD này đã có hồ sơ người lao động. Không thể tự đăng ký lại; \
             để dùng hồ sơ đó, hãy liên hệ cán bộ lao động của xã, phường nơi bạn cư trú",
            "A worker record with this citizen ID is on file already. It cannot be signed up \
             for again; to use that record, ask the labour officer of the commune you live in",
        )
    }

    /// 409 for a sign-up whose tax code is registered already, naming the
    /// unit that keeps the employer (business registration data is public).
    pub fn employer_on_file(unit_name: &str) -> ApiError {
        ApiError::new(
            StatusCode::CONFLICT,
            "employer_on_file",
            format!(
                "Mã số thuế này đã được đăng ký. Không thể tự đăng ký lại; để dùng hồ sơ \
                 đơn vị, hãy liên hệ cán bộ của {unit_name}, nơi quản lý hồ sơ"
            ),
            format!(
                "This tax code is registered already. It cannot be signed up for again; to \
                 use that record, ask an officer of {unit_name}, which keeps it"
            ),
        )
    }

    /// 409 for a sign-up whose login (its phone or e-mail, `field`) is an
    /// account already.
    pub fn username_taken(field: &'static str) -> ApiError {
        let (what_vi, what_en) = if field == "phone" {
            ("Số điện thoại", "phone number")
        } else {
            ("Email", "e-mail address")
        };
        ApiError::new(
            StatusCode::CONFLICT,
            "username_taken",
            format!("{what_vi} này đã dùng cho một tài khoản; hãy đăng nhập, hoặc dùng số khác"),
            format!("This {what_en} is the login of an account already; log in, or use another"),
        )
        .with_details(serde_json::json!([{
            "field": field,
            "value": "",
            "reason_vi": format!("{what_vi} đã dùng cho một tài khoản"),
            "reason_en": format!("The {what_en} is the login of an account already"),
        }]))
    }

    pub fn too_many_signups() -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_signups",
            "Có quá nhiều lượt đăng ký từ địa chỉ này; hãy thử lại sau một giờ",
            "Too many sign-ups from this address; try again in an hour",
        )
    }

    pub fn deletion_request_not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "deletion_request_not_found",
            "Không có yêu cầu xóa dữ liệu này",
            "No such deletion request",
        )
    }

    pub fn deletion_request_decided() -> ApiError {
        ApiError::new(
            StatusCode::CONFLICT,
            "deletion_request_decided",
            "Yêu cầu xóa dữ liệu này đã được quyết định",
            "This deletion request has been decided already",
        )
    }

    pub fn bad_request(message_vi: impl Into<String>, message_en: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            message_vi,
            message_en,
        )
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Cần đăng nhập để thực hiện thao tác này",
            "You need to log in to do this",
        )
    }

    pub fn invalid_credentials() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "Tên đăng nhập hoặc mật khẩu không đúng",
            "Wrong username or password",
        )
    }

    pub fn session_invalid() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "session_invalid",
            "Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại",
            "The session is invalid or has expired; log in again",
        )
    }

    pub fn too_many_attempts() -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút",
            "Too many failed logins; try again in 15 minutes",
        )
    }

    pub fn forbidden(error: &AccessError) -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            error.message_vi(),
            capitalise(&error.to_string()),
        )
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Không tìm thấy địa chỉ này",
            "No such route",
        )
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Lỗi hệ thống; hãy thử lại sau",
            "Internal error; try again later",
        )
    }

    /// The error for a bare status produced outside our handlers (a body
    /// limit, a timeout, an unknown route or method).
    pub fn for_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
                status,
                "method_not_allowed",
                "Phương thức HTTP không được hỗ trợ tại địa chỉ này",
                "This HTTP method is not allowed here",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
            StatusCode::REQUEST_TIMEOUT => ApiError::new(
                status,
                "timeout",
                "Yêu cầu xử lý quá thời gian cho phép",
                "The request took too long",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                status,
                "unsupported_media_type",
                "Nội dung phải là JSON (Content-Type: application/json)",
                "The body must be JSON (Content-Type: application/json)",
            ),
            StatusCode::UNAUTHORIZED => ApiError::unauthenticated(),
            StatusCode::URI_TOO_LONG => ApiError::new(
                status,
                "uri_too_long",
                "Địa chỉ yêu cầu quá dài",
                "The request URI is too long",
            ),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ApiError::new(
                status,
                "headers_too_large",
                "Phần đầu yêu cầu quá lớn hoặc quá nhiều trường",
                "The request headers are too large or too many",
            ),
            status if status.is_server_error() => ApiError::internal(),
            status => ApiError::new(status, "bad_request", "Yêu cầu không hợp lệ", "Bad request"),
        }
    }
}

/// The `details` of a failed form or record: every problem, with its
/// field, value and reason in both languages.
fn problem_details(problems: &[vieclam_domain::registry::FieldProblem]) -> serde_json::Value {
    problems
        .iter()
        .map(|problem| {
            serde_json::json!({
                "field": problem.field,
                "value": problem.value,
                "reason_vi": problem.reason.reason_vi,
                "reason_en": problem.reason.reason_en,
            })
        })
        .collect()
}

pub(crate) fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "Nội dung gửi lên quá lớn",
        "The request body is too large",
    )
}

fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message_vi: self.message_vi,
                message_en: self.message_en,
                details: self.details,
            },
        };
        (self.status, axum::Json(body)).into_response()
    }
}

impl From<UnitError> for ApiError {
    fn from(error: UnitError) -> ApiError {
        let (status, code) = match &error {
            UnitError::UnknownUnit { .. } | UnitError::UnknownName(_) => {
                (StatusCode::NOT_FOUND, "unit_not_found")
            }
            UnitError::AmbiguousName { .. } => (StatusCode::BAD_REQUEST, "unit_ambiguous"),
            UnitError::MalformedCode(_) | UnitError::UnknownStructure(_) => {
                (StatusCode::BAD_REQUEST, "unit_code_invalid")
            }
            UnitError::BadData { .. } => return ApiError::internal(),
        };
        ApiError::new(
            status,
            code,
            error.message_vi(),
            capitalise(&error.to_string()),
        )
    }
}

impl From<AccessError> for ApiError {
    fn from(error: AccessError) -> ApiError {
        match error {
            AccessError::OutsideScope | AccessError::RoleNotAllowed(_) => {
                ApiError::forbidden(&error)
            }
            _ => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "scope_invalid",
                error.message_vi(),
                capitalise(&error.to_string()),
            ),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "account_invalid",
            error.message_vi(),
            capitalise(&error.to_string()),
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match &error {
            StoreError::Conflict { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                error.message_vi(),
                capitalise(&error.to_string()),
            ),
            StoreError::Locked { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "locked",
                error.message_vi(),
                capitalise(&error.to_string()),
            ),
            StoreError::OutsideArea => ApiError::new(
                StatusCode::FORBIDDEN,
                "registered_elsewhere",
                error.message_vi(),
                capitalise(&error.to_string()),
            ),
            StoreError::Refused(refusal) => refusal.clone().into(),
            StoreError::NotFound { .. } => ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                error.message_vi(),
                capitalise(&error.to_string()),
            ),
            _ => {
                // The store's errors carry no personal data: SQL text and
                // codes only.
                tracing::error!(error = %error, "storage failure");
                ApiError::internal()
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            }
            JsonRejection::BytesRejection(bytes)
                if bytes.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                payload_too_large()
            }
            other => ApiError::new(
                StatusCode::BAD_REQUEST,
                "json_invalid",
                "Nội dung JSON không hợp lệ hoặc thiếu trường bắt buộc",
                format!("Invalid JSON body: {}", other.body_text()),
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "query_invalid",
            "Tham số truy vấn không hợp lệ",
            format!("Invalid query parameters: {}", rejection.body_text()),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "path_invalid",
            "Đường dẫn không hợp lệ",
            format!("Invalid path: {}", rejection.body_text()),
        )
    }
}

/// `axum::Json` whose rejections are [`ApiError`]s.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` whose rejections are [`ApiError`]s.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejections are [`ApiError`]s.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

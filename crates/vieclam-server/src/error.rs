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
        let details = problems
            .iter()
            .map(|problem| {
                serde_json::json!({
                    "field": problem.field,
                    "value": problem.value,
                    "reason_vi": problem.reason.reason_vi,
                    "reason_en": problem.reason.reason_en,
                })
            })
            .collect();
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "record_invalid",
            "Hồ sơ có trường không hợp lệ; xem chi tiết",
            "The record has invalid fields; see details",
        )
        .with_details(serde_json::Value::Array(details))
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

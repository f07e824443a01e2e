//! The static files of the pages, compiled into the binary: the style
//! sheet, the one script of the site and htmx 2.0 (vendored from the npm
//! package `htmx.org`, 0BSD; its licence beside it).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::page::PagePath;

/// The vendored htmx: its file name carries the version, so it can be
/// cached for a year.
pub const HTMX: &str = "htmx-2.0.11.min.js";

/// One static file: name, content type, bytes.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "vieclam.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/vieclam.css"),
    ),
    (
        "vieclam.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/vieclam.js"),
    ),
    (
        HTMX,
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/htmx-2.0.11.min.js"),
    ),
    (
        "htmx-LICENSE.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../static/htmx-LICENSE.txt"),
    ),
];

/// Serves a static file by name; anything else is 404.
pub async fn serve(PagePath(name): PagePath<String>) -> Response {
    match FILES.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, bytes)) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "").into_response(),
    }
}

//! The registers an officer keeps, under `/can-bo`: the workers of the
//! unit (search, a worker's profile and timeline of labour events, an
//! event recorded, the profile edited with a reason), the employers and
//! their vacancies, and the queue of likely duplicates.
//!
//! Every page asks the shared functions the API asks (`registers`,
//! `records`, `employers`), so it shows and changes what the API would
//! for the same account, and every id in a path is checked against where
//! the record is (403 outside the officer's unit, 404 when none). A name
//! or a citizen ID typed to search is sent in a POST form, never in an
//! address; the filters of a GET address are codes of places and
//! statuses.

use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use crate::web::public::{FacetGroup, FacetLink, PageLink};
use crate::web::{format, Lang};
use crate::AppState;

pub mod duplicates;
pub mod employers;
pub mod vacancies;
pub mod workers;

/// Rows on a page of a list.
pub const PAGE_SIZE: u64 = 20;

/// The registers' pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/can-bo/nguoi-lao-dong",
            get(workers::search).post(workers::search_by_name),
        )
        .route("/can-bo/nguoi-lao-dong/{id}", get(workers::profile))
        .route(
            "/can-bo/nguoi-lao-dong/{id}/bien-dong",
            post(workers::add_event),
        )
        .route(
            "/can-bo/nguoi-lao-dong/{id}/sua",
            get(workers::edit_form).post(workers::edit_save),
        )
        .route("/can-bo/doanh-nghiep", get(employers::list))
        .route("/can-bo/doanh-nghiep/{id}", get(employers::show))
        .route(
            "/can-bo/doanh-nghiep/{id}/sua",
            get(employers::edit_form).post(employers::edit_save),
        )
        .route("/can-bo/tin-tuyen-dung/{id}", get(vacancies::show))
        .route("/can-bo/tin-tuyen-dung/{id}/dong", post(vacancies::close))
        .route(
            "/can-bo/tin-tuyen-dung/{id}/mo-lai",
            post(vacancies::reopen),
        )
        .route("/can-bo/trung-lap", get(duplicates::queue))
        .route(
            "/can-bo/trung-lap/{id}",
            get(duplicates::compare).post(duplicates::resolve),
        )
}

/// A path with the non-empty pairs of `query` as its query string.
pub fn href(path: &str, query: &[(&str, &str)]) -> String {
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .copied()
        .collect();
    if pairs.is_empty() {
        return path.to_owned();
    }
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{path}?{encoded}")
}

/// A facet: each value with its name and count, linked by `link_of`
/// (which sets the facet's filter to the value), the current one marked.
pub fn facet(
    title: &str,
    values: Vec<(String, String, u64)>,
    current: &str,
    link_of: &dyn Fn(&str) -> String,
    lang: Lang,
) -> FacetGroup {
    FacetGroup {
        title: title.to_owned(),
        links: values
            .into_iter()
            .map(|(value, label, count)| FacetLink {
                label,
                count: format::number(count, lang),
                href: link_of(&value),
                active: value == current,
            })
            .collect(),
        clear: (!current.is_empty()).then(|| link_of("")),
    }
}

/// The links of a list's pages around `current` (1-based), at most
/// `last`; none when everything fits one page.
pub fn pager(
    total: u64,
    current: u64,
    last_reachable: u64,
    link_of: &dyn Fn(u64) -> String,
    lang: Lang,
) -> Vec<PageLink> {
    let last = total.min(last_reachable).div_ceil(PAGE_SIZE).max(1);
    if last == 1 {
        return Vec::new();
    }
    let mut links = Vec::new();
    if current > 1 {
        links.push(PageLink {
            label: lang.pick("« Trước", "« Previous").to_owned(),
            href: Some(link_of(current - 1)),
            current: false,
        });
    }
    let first = current.saturating_sub(2).max(1);
    for number in first..=(first + 4).min(last) {
        links.push(PageLink {
            label: number.to_string(),
            href: Some(link_of(number)),
            current: number == current,
        });
    }
    if current < last {
        links.push(PageLink {
            label: lang.pick("Sau »", "Next »").to_owned(),
            href: Some(link_of(current + 1)),
            current: false,
        });
    }
    links
}

/// A value of a filter: `None` when empty.
pub fn filled(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// A (label, value) line of a record's facts.
#[derive(Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    /// The value differs from the other record's (comparisons only).
    pub differs: bool,
}

impl Fact {
    pub fn new(label: &str, value: impl Into<String>) -> Fact {
        Fact {
            label: label.to_owned(),
            value: value.into(),
            differs: false,
        }
    }
}

/// A notice of a change just made, from the redirect's `xong`.
pub fn notice_of(done: Option<&str>, lang: Lang) -> Option<String> {
    let text = match done? {
        "bien-dong" => lang.pick(
            "Đã ghi biến động. Tình trạng hiện tại và các chỉ số đã được cập nhật.",
            "The event is recorded. The current status and the figures are updated.",
        ),
        "sua" => lang.pick(
            "Đã lưu thay đổi hồ sơ cùng lý do.",
            "The changes are saved with their reason.",
        ),
        "dong" => lang.pick("Đã đóng tin tuyển dụng.", "The vacancy is closed."),
        "mo-lai" => lang.pick("Đã mở lại tin tuyển dụng.", "The vacancy is open again."),
        "khac-nhau" => lang.pick(
            "Đã ghi: hai hồ sơ là hai người khác nhau. Cả hai hồ sơ giữ nguyên.",
            "Recorded: the two records are two different people. Both stay as they are.",
        ),
        "cung-nguoi" => lang.pick(
            "Đã ghi: hai hồ sơ là cùng một người. Cả hai hồ sơ vẫn giữ nguyên cho đến khi cán bộ gộp thủ công.",
            "Recorded: the two records are the same person. Both stay as they are until an officer merges them by hand.",
        ),
        _ => return None,
    };
    Some(text.to_owned())
}

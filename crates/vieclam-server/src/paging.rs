//! Paging parameters, checked once for every route: `limit` and `offset`
//! from a request are hostile numbers. Each listing names its bounds; a
//! value past them is a 400 with the bound in both languages, never a
//! clamp that hides a mistake and never arithmetic that can overflow.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// `limit` and `offset` of a register listing.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1–500, 50 by default.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// 0–10,000,000, 0 by default.
    #[param(minimum = 0, maximum = 10_000_000)]
    pub offset: Option<u64>,
}

impl PageParams {
    /// The checked page, or a 400.
    pub fn page(&self) -> Result<vieclam_store::Page, ApiError> {
        Paging::check(self.limit, self.offset, PagingRule::REGISTER).map(Paging::page)
    }
}

/// The bounds of one kind of listing.
#[derive(Clone, Copy, Debug)]
pub struct PagingRule {
    pub default_limit: u32,
    pub max_limit: u32,
    /// The deepest first row a caller may ask for.
    pub max_offset: u32,
}

impl PagingRule {
    /// Listings of the registers, read from the database.
    pub const REGISTER: PagingRule = PagingRule {
        default_limit: 50,
        max_limit: 500,
        max_offset: 10_000_000,
    };
    /// Search results: offset + limit stays inside the engine's window.
    pub const SEARCH: PagingRule = PagingRule {
        default_limit: 20,
        max_limit: 100,
        max_offset: (vieclam_search::MAX_RESULT_WINDOW - 100) as u32,
    };
    /// Administrative units (reference data in memory).
    pub const UNITS: PagingRule = PagingRule {
        default_limit: 20,
        max_limit: 500,
        max_offset: 20_000,
    };
    /// The audit trail.
    pub const AUDIT: PagingRule = PagingRule {
        default_limit: 100,
        max_limit: 1_000,
        max_offset: 10_000_000,
    };
}

/// A checked page: `offset + limit` cannot overflow a `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub limit: u32,
    pub offset: u32,
}

impl Paging {
    /// Checks `limit` (1 to the rule's maximum) and `offset` (0 to the
    /// rule's maximum).
    pub fn check(
        limit: Option<u64>,
        offset: Option<u64>,
        rule: PagingRule,
    ) -> Result<Paging, ApiError> {
        let limit = limit.unwrap_or(u64::from(rule.default_limit));
        if limit == 0 || limit > u64::from(rule.max_limit) {
            return Err(ApiError::bad_request(
                format!("limit phải từ 1 đến {}", rule.max_limit),
                format!("limit must be from 1 to {}", rule.max_limit),
            ));
        }
        let offset = offset.unwrap_or(0);
        if offset > u64::from(rule.max_offset) {
            return Err(ApiError::bad_request(
                format!(
                    "offset tối đa là {}; hãy thu hẹp điều kiện tìm kiếm",
                    rule.max_offset
                ),
                format!(
                    "offset may be at most {}; narrow the search instead",
                    rule.max_offset
                ),
            ));
        }
        // Both fit in u32 and their sum stays below u32::MAX by the rules'
        // bounds, which the tests check.
        Ok(Paging {
            limit: limit as u32,
            offset: offset as u32,
        })
    }

    pub fn limit(self) -> usize {
        self.limit as usize
    }

    pub fn offset(self) -> usize {
        self.offset as usize
    }

    /// The store's page.
    pub fn page(self) -> vieclam_store::Page {
        vieclam_store::Page {
            limit: self.limit,
            offset: self.offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: [PagingRule; 4] = [
        PagingRule::REGISTER,
        PagingRule::SEARCH,
        PagingRule::UNITS,
        PagingRule::AUDIT,
    ];

    #[test]
    fn every_rule_keeps_offset_plus_limit_inside_u32_and_defaults_valid() {
        for rule in RULES {
            assert!(u64::from(rule.max_offset) + u64::from(rule.max_limit) < u64::from(u32::MAX));
            assert!(rule.default_limit >= 1 && rule.default_limit <= rule.max_limit);
            let page = Paging::check(None, None, rule).unwrap();
            assert_eq!(page.limit, rule.default_limit);
            assert_eq!(page.offset, 0);
        }
    }

    #[test]
    fn search_window_never_passes_the_engine_window() {
        let rule = PagingRule::SEARCH;
        assert!(
            rule.max_offset as usize + rule.max_limit as usize <= vieclam_search::MAX_RESULT_WINDOW
        );
    }

    #[test]
    fn hostile_paging_values_are_bad_requests() {
        for (limit, offset) in [
            (Some(0), None),
            (Some(501), None),
            (Some(u64::MAX), None),
            (None, Some(10_000_001)),
            (None, Some(100_000_000_000)),
            (None, Some(u64::MAX)),
        ] {
            let error = Paging::check(limit, offset, PagingRule::REGISTER).unwrap_err();
            assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST);
            assert_eq!(error.code, "bad_request");
        }
        assert_eq!(
            Paging::check(Some(500), Some(10_000_000), PagingRule::REGISTER).unwrap(),
            Paging {
                limit: 500,
                offset: 10_000_000
            }
        );
    }
}

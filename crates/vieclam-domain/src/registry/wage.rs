//! Wage ranges in VND per month, as written in job ads and forms.

use serde::{Deserialize, Serialize};

use super::invalid::InvalidValue;

/// A monthly wage range in VND; either end may be open. "Thỏa thuận"
/// (negotiable) is a range with neither end. Read from JSON through
/// [`WageRange::new`], so that no wage below zero or above
/// [`MAX_MONTHLY_WAGE`] gets past the edge ("−1" and "−2⁶³" once did).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "UncheckedWageRange")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WageRange {
    pub min_vnd: Option<i64>,
    pub max_vnd: Option<i64>,
}

/// The highest monthly wage vieclam accepts: a billion VND, some twenty
/// times the best-paid job ads; anything above is surely a typing mistake
/// (an annual figure, or zeros too many).
pub const MAX_MONTHLY_WAGE: i64 = 1_000_000_000;

/// A wage range as written in JSON, before its check.
#[derive(Deserialize)]
struct UncheckedWageRange {
    min_vnd: Option<i64>,
    max_vnd: Option<i64>,
}

impl TryFrom<UncheckedWageRange> for WageRange {
    type Error = InvalidValue;
    fn try_from(range: UncheckedWageRange) -> Result<WageRange, InvalidValue> {
        WageRange::new(range.min_vnd, range.max_vnd)
    }
}

impl WageRange {
    /// Checks a range: each end from 0 to [`MAX_MONTHLY_WAGE`], the
    /// minimum not above the maximum.
    pub fn new(min_vnd: Option<i64>, max_vnd: Option<i64>) -> Result<WageRange, InvalidValue> {
        for value in [min_vnd, max_vnd].into_iter().flatten() {
            if !(0..=MAX_MONTHLY_WAGE).contains(&value) {
                return Err(InvalidValue::new(
                    format!("Mức lương {value} đồng/tháng nằm ngoài khoảng hợp lý (0 – 1 tỷ)"),
                    format!("A wage of VND {value} a month is outside 0 – 1 billion"),
                ));
            }
        }
        if let (Some(min), Some(max)) = (min_vnd, max_vnd) {
            if min > max {
                return Err(InvalidValue::new(
                    "Mức lương tối thiểu lớn hơn mức tối đa",
                    "The minimum wage is above the maximum",
                ));
            }
        }
        Ok(WageRange { min_vnd, max_vnd })
    }

    /// Parses "8.000.000 - 12.000.000", "8-12 triệu", "8tr - 12tr",
    /// "từ 7 triệu", "đến 15 triệu", "10000000", "Thỏa thuận".
    pub fn parse(text: &str) -> Result<WageRange, InvalidValue> {
        let folded = vieclam_text::fold(text.trim());
        if folded.is_empty() || folded.contains("thoa thuan") || folded == "negotiable" {
            return Ok(WageRange::default());
        }
        // "triệu", "tr" or "8tr": amounts in millions.
        let million = folded
            .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
            .any(|word| {
                word == "trieu"
                    || word == "tr"
                    || (word.ends_with("tr") && word.starts_with(|c: char| c.is_ascii_digit()))
                    || (word.ends_with("trieu") && word.starts_with(|c: char| c.is_ascii_digit()))
            });
        let (low_text, high_text, open_low, open_high) = if let Some(rest) = folded
            .strip_prefix("tu ")
            .or_else(|| folded.strip_prefix("tren "))
            .or_else(|| folded.strip_prefix(">"))
        {
            (rest.to_owned(), String::new(), false, true)
        } else if let Some(rest) = folded
            .strip_prefix("den ")
            .or_else(|| folded.strip_prefix("duoi "))
            .or_else(|| folded.strip_prefix("<"))
        {
            (String::new(), rest.to_owned(), true, false)
        } else {
            match folded.split_once(['-', '–']) {
                Some((low, high)) => (low.to_owned(), high.to_owned(), false, false),
                None => (folded.clone(), folded.clone(), false, false),
            }
        };
        let parse_amount = |part: &str| -> Result<Option<i64>, InvalidValue> {
            let number: String = part
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect();
            if number.is_empty() {
                return Ok(None);
            }
            let value = if million {
                // "8,5 triệu" or "8.5 triệu": a decimal number of millions.
                let decimal = number.replace(',', ".");
                let millions: f64 = decimal.parse().map_err(|_| bad_wage(text))?;
                (millions * 1_000_000.0).round() as i64
            } else {
                number
                    .replace(['.', ','], "")
                    .parse::<i64>()
                    .map_err(|_| bad_wage(text))?
            };
            Ok(Some(value))
        };
        let min_vnd = if open_low {
            None
        } else {
            parse_amount(&low_text)?
        };
        let max_vnd = if open_high {
            None
        } else {
            parse_amount(&high_text)?
        };
        if min_vnd.is_none() && max_vnd.is_none() {
            return Err(bad_wage(text));
        }
        WageRange::new(min_vnd, max_vnd)
    }

    /// Parses one monthly amount as a form's field holds it: in millions
    /// ("9", "9,5", "9.5", "9 triệu", "9tr") or in VND with or without
    /// thousands grouped ("9.000.000", "9,000,000", "9000000", "9000000 đ").
    /// A number below a thousand is millions (nobody is paid 9 đ a month);
    /// dots or commas followed by exactly three digits group thousands, one
    /// followed by one or two digits is a decimal point. The result is
    /// from 0 to [`MAX_MONTHLY_WAGE`].
    pub fn parse_amount(text: &str) -> Result<i64, InvalidValue> {
        let folded = vieclam_text::fold(text.trim());
        let mut number = folded.as_str();
        for unit in ["vnd", "dong", "d", "trieu", "tr"] {
            if let Some(rest) = number.strip_suffix(unit) {
                number = rest.trim_end();
                break;
            }
        }
        if number.is_empty()
            || !number
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(bad_amount(text));
        }
        let groups: Vec<&str> = number.split(['.', ',']).collect();
        let grouped = groups.len() > 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|group| group.len() == 3);
        let value = if grouped || groups.len() == 1 {
            let whole: i64 = groups.concat().parse().map_err(|_| bad_amount(text))?;
            if whole < 1_000 {
                whole
                    .checked_mul(1_000_000)
                    .ok_or_else(|| bad_amount(text))?
            } else {
                whole
            }
        } else if groups.len() == 2 && !groups[0].is_empty() && (1..=2).contains(&groups[1].len()) {
            let millions: f64 = format!("{}.{}", groups[0], groups[1])
                .parse()
                .map_err(|_| bad_amount(text))?;
            (millions * 1_000_000.0).round() as i64
        } else {
            return Err(bad_amount(text));
        };
        if (0..=MAX_MONTHLY_WAGE).contains(&value) {
            Ok(value)
        } else {
            Err(bad_amount(text))
        }
    }

    /// The same check as [`WageRange::new`], for a range built in code.
    pub fn check(&self) -> Result<(), InvalidValue> {
        WageRange::new(self.min_vnd, self.max_vnd).map(|_| ())
    }

    /// "9–12 triệu", "từ 7 triệu", "thỏa thuận": the range as people say it.
    pub fn describe_vi(&self) -> String {
        let millions = |vnd: i64| {
            let value = vnd as f64 / 1_000_000.0;
            if value.fract() == 0.0 {
                format!("{value:.0}")
            } else {
                format!("{value:.1}").replace('.', ",")
            }
        };
        match (self.min_vnd, self.max_vnd) {
            (Some(min), Some(max)) if min == max => format!("{} triệu", millions(min)),
            (Some(min), Some(max)) => format!("{}–{} triệu", millions(min), millions(max)),
            (Some(min), None) => format!("từ {} triệu", millions(min)),
            (None, Some(max)) => format!("đến {} triệu", millions(max)),
            (None, None) => "thỏa thuận".to_owned(),
        }
    }
}

fn bad_amount(text: &str) -> InvalidValue {
    InvalidValue::new(
        format!(
            "Mức lương {:?} không đọc được: ghi số triệu (\"9\", \"9,5\") hoặc số đồng (\"9.000.000\"), tối đa 1 tỷ",
            text.trim()
        ),
        format!(
            "Cannot read the wage {:?}: write millions (\"9\", \"9,5\") or VND (\"9.000.000\"), at most a billion",
            text.trim()
        ),
    )
}

fn bad_wage(text: &str) -> InvalidValue {
    InvalidValue::new(
        format!(
            "Mức lương {:?} không đọc được (ví dụ: \"8-12 triệu\", \"8.000.000\", \"Thỏa thuận\")",
            text.trim()
        ),
        format!(
            "Cannot read the wage {:?} (e.g. \"8-12 triệu\", \"8.000.000\", \"Thỏa thuận\")",
            text.trim()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, min: Option<i64>, max: Option<i64>) {
        assert_eq!(
            WageRange::parse(text).unwrap(),
            WageRange {
                min_vnd: min,
                max_vnd: max
            },
            "{text:?}"
        );
    }

    #[test]
    fn wages_as_written() {
        check("8.000.000 - 12.000.000", Some(8_000_000), Some(12_000_000));
        check("8-12 triệu", Some(8_000_000), Some(12_000_000));
        check("8tr – 12tr", Some(8_000_000), Some(12_000_000));
        check("8,5 triệu", Some(8_500_000), Some(8_500_000));
        check("từ 7 triệu", Some(7_000_000), None);
        check("Đến 15 triệu", None, Some(15_000_000));
        check("10000000", Some(10_000_000), Some(10_000_000));
        check("Thỏa thuận", None, None);
        check("trên 5000000", Some(5_000_000), None);
        check("tu 9000000", Some(9_000_000), None);
        check("8triệu-9triệu", Some(8_000_000), Some(9_000_000));
        check("thoả thuận", None, None);
        assert!(WageRange::parse("12-8 triệu").is_err());
        assert!(WageRange::parse("nhiều tiền").is_err());
        assert!(WageRange::parse("5000 triệu").is_err());
        assert_eq!(
            WageRange::parse("9-12 triệu").unwrap().describe_vi(),
            "9–12 triệu"
        );
    }

    #[test]
    fn one_amount_in_millions_or_in_vnd() {
        let amount = |text: &str| WageRange::parse_amount(text);
        for (text, vnd) in [
            ("9", 9_000_000),
            ("9,5", 9_500_000),
            ("9.5", 9_500_000),
            ("12,25", 12_250_000),
            ("9.000.000", 9_000_000),
            ("9,000,000", 9_000_000),
            ("9000000", 9_000_000),
            ("9.000.000 đ", 9_000_000),
            ("9000000 VND", 9_000_000),
            ("9 triệu", 9_000_000),
            ("9tr", 9_000_000),
            (" 15 ", 15_000_000),
            ("0", 0),
            ("500.000", 500_000),
            ("1000", 1_000),
            ("1.000.000.000", 1_000_000_000),
        ] {
            assert_eq!(amount(text).ok(), Some(vnd), "{text:?}");
        }
        for text in [
            "",
            "abc",
            "-9",
            "9-12",
            "1.000.000.001",
            "9.5.5",
            "9.0000",
            ",5",
            "9,",
            "99999999999999999999",
            "1e9",
        ] {
            assert!(amount(text).is_err(), "{text:?}");
        }
    }

    /// Regression (issue 11): a wanted wage of −1 or −2⁶³ came in through
    /// JSON, which skipped `WageRange::new`.
    #[test]
    fn negative_wanted_wage_is_refused() {
        for json in [
            r#"{"min_vnd": -1, "max_vnd": null}"#,
            r#"{"min_vnd": -9223372036854775808}"#,
            r#"{"max_vnd": -5}"#,
            r#"{"min_vnd": 1000000001}"#,
            r#"{"min_vnd": 12000000, "max_vnd": 8000000}"#,
        ] {
            assert!(serde_json::from_str::<WageRange>(json).is_err(), "{json}");
        }
        assert_eq!(
            serde_json::from_str::<WageRange>(r#"{"min_vnd": 8000000}"#).unwrap(),
            WageRange {
                min_vnd: Some(8_000_000),
                max_vnd: None
            }
        );
        assert_eq!(
            serde_json::from_str::<WageRange>("{}").unwrap(),
            WageRange::default()
        );
        assert!(WageRange {
            min_vnd: Some(-1),
            max_vnd: None
        }
        .check()
        .is_err());
        for text in [
            "-1",
            "−1 triệu",
            "99999999999999999999",
            "1e12",
            "-9223372036854775808",
        ] {
            let parsed = WageRange::parse(text);
            assert!(
                parsed.is_err() || parsed.unwrap().check().is_ok(),
                "{text:?}"
            );
        }
    }
}

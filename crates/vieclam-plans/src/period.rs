//! Reporting periods (kỳ báo cáo): a month, a quarter, a half year, a year or
//! a span of years, always a whole number of months.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::PlanError;

/// A calendar month, counted from year 0 (`year * 12 + month - 1`), so that
/// months order and subtract as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn of(date: NaiveDate) -> Month {
        Month::new(date.year(), date.month())
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    /// The given day of this month, or its last day when the month is shorter.
    pub fn day(self, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), day).unwrap_or_else(|| self.last_day())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:04}-{:02}", self.year(), self.month())
    }
}

/// What kind of period, which decides how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
    Years,
}

/// A period: the months `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: Month,
    pub last: Month,
}

impl Period {
    pub fn month(month: Month) -> Period {
        Period {
            kind: PeriodKind::Month,
            first: month,
            last: month,
        }
    }

    pub fn year(year: i32) -> Period {
        Period {
            kind: PeriodKind::Year,
            first: Month::new(year, 1),
            last: Month::new(year, 12),
        }
    }

    pub fn quarter(year: i32, quarter: u32) -> Period {
        let first = Month::new(year, (quarter - 1) * 3 + 1);
        Period {
            kind: PeriodKind::Quarter,
            first,
            last: Month(first.0 + 2),
        }
    }

    pub fn half(year: i32, half: u32) -> Period {
        let first = Month::new(year, (half - 1) * 6 + 1);
        Period {
            kind: PeriodKind::Half,
            first,
            last: Month(first.0 + 5),
        }
    }

    /// Parses `2021`, `2021-Q1`, `2021-H1`, `2021-03` or `2023..2030`.
    pub fn parse(text: &str) -> Result<Period, PlanError> {
        let text = text.trim();
        let bad = || PlanError::BadPeriod(text.to_owned());
        let year = |part: &str| -> Result<i32, PlanError> {
            if part.len() != 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let year: i32 = part.parse().map_err(|_| bad())?;
            if (1900..=2200).contains(&year) {
                Ok(year)
            } else {
                Err(bad())
            }
        };
        if let Some((from, to)) = text.split_once("..") {
            let (from, to) = (year(from)?, year(to)?);
            if to < from {
                return Err(bad());
            }
            return Ok(Period {
                kind: PeriodKind::Years,
                first: Month::new(from, 1),
                last: Month::new(to, 12),
            });
        }
        let Some((head, tail)) = text.split_once('-') else {
            return Ok(Period::year(year(text)?));
        };
        let y = year(head)?;
        let number = |digits: &str, max: u32| -> Result<u32, PlanError> {
            let n: u32 = digits.parse().map_err(|_| bad())?;
            if (1..=max).contains(&n) && digits.bytes().all(|b| b.is_ascii_digit()) {
                Ok(n)
            } else {
                Err(bad())
            }
        };
        match tail.as_bytes().first() {
            Some(b'Q' | b'q') => Ok(Period::quarter(y, number(&tail[1..], 4)?)),
            Some(b'H' | b'h') => Ok(Period::half(y, number(&tail[1..], 2)?)),
            _ if tail.len() == 2 => Ok(Period::month(Month::new(y, number(tail, 12)?))),
            _ => Err(bad()),
        }
    }

    pub fn months(self) -> impl Iterator<Item = Month> {
        (self.first.0..=self.last.0).map(Month)
    }

    pub fn n_months(self) -> i32 {
        self.last.0 - self.first.0 + 1
    }

    pub fn contains(self, other: Period) -> bool {
        self.first <= other.first && other.last <= self.last
    }

    pub fn overlaps(self, other: Period) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    pub fn contains_month(self, month: Month) -> bool {
        self.first <= month && month <= self.last
    }

    pub fn first_day(self) -> NaiveDate {
        self.first.first_day()
    }

    pub fn last_day(self) -> NaiveDate {
        self.last.last_day()
    }

    /// The months of this period elapsed by `day` (the month holding `day`
    /// counts as elapsed only once it has ended), as a fraction 0–1.
    pub fn elapsed_fraction(self, day: NaiveDate) -> f64 {
        if day >= self.last_day() {
            return 1.0;
        }
        let done = (Month::of(day).0 - self.first.0).clamp(0, self.n_months());
        f64::from(done) / f64::from(self.n_months())
    }

    /// How people read it: "tháng 3/2021", "quý I/2021", "6 tháng đầu năm
    /// 2021", "năm 2021", "giai đoạn 2026–2030".
    pub fn label_vi(self) -> String {
        let y = self.first.year();
        match self.kind {
            PeriodKind::Month => format!("tháng {}/{}", self.first.month(), y),
            PeriodKind::Quarter => {
                let roman = ["I", "II", "III", "IV"][((self.first.month() - 1) / 3) as usize];
                format!("quý {roman}/{y}")
            }
            PeriodKind::Half if self.first.month() == 1 => format!("6 tháng đầu năm {y}"),
            PeriodKind::Half => format!("6 tháng cuối năm {y}"),
            PeriodKind::Year => format!("năm {y}"),
            PeriodKind::Years if self.last.year() == y => format!("năm {y}"),
            PeriodKind::Years => format!("giai đoạn {}–{}", y, self.last.year()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.first.year();
        match self.kind {
            PeriodKind::Month => write!(formatter, "{}", self.first),
            PeriodKind::Quarter => write!(formatter, "{y}-Q{}", (self.first.month() - 1) / 3 + 1),
            PeriodKind::Half => write!(formatter, "{y}-H{}", (self.first.month() - 1) / 6 + 1),
            PeriodKind::Year => write!(formatter, "{y}"),
            PeriodKind::Years => write!(formatter, "{y}..{}", self.last.year()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_print_back() {
        for text in [
            "2021",
            "2021-Q1",
            "2021-Q4",
            "2021-H2",
            "2021-03",
            "2023..2030",
        ] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        for bad in [
            "",
            "21",
            "2021-Q5",
            "2021-13",
            "2021-3",
            "2030..2023",
            "năm 2021",
            "2021-H0",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let q1 = Period::parse("2021-Q1").unwrap();
        assert_eq!(q1.months().count(), 3);
        assert!(Period::parse("2021").unwrap().contains(q1));
        assert_eq!(q1.last_day(), NaiveDate::from_ymd_opt(2021, 3, 31).unwrap());
        assert_eq!(q1.label_vi(), "quý I/2021");
        assert_eq!(Month::new(2024, 2).last_day().day(), 29);
    }
}

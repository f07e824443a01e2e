//! How numbers, money and dates are written on the pages: as people write
//! them in Vietnam ("12.000.000 đ", "9–12 triệu", 05/12/2026), with the
//! English forms beside them.

use chrono::NaiveDate;
use vieclam_domain::registry::WageRange;

use super::Lang;

/// A whole number with the thousands grouped: "160.000" in Vietnamese,
/// "160,000" in English.
pub fn number(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && index % 3 == digits.len() % 3 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// A signed whole number, grouped.
pub fn signed(n: i64, lang: Lang) -> String {
    let magnitude = number(n.unsigned_abs(), lang);
    if n < 0 {
        format!("−{magnitude}")
    } else {
        magnitude
    }
}

/// An amount of money: "12.000.000 đ" / "VND 12,000,000".
pub fn money(vnd: i64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} đ", signed(vnd, lang)),
        Lang::En => format!("VND {}", signed(vnd, lang)),
    }
}

/// Millions with at most one decimal, as job ads write them: 9, 9,5.
fn millions(vnd: i64, lang: Lang) -> String {
    let tenths = (vnd + 50_000) / 100_000;
    let whole = tenths / 10;
    let fraction = tenths % 10;
    let whole = signed(whole, lang);
    if fraction == 0 {
        whole
    } else {
        let comma = match lang {
            Lang::Vi => ',',
            Lang::En => '.',
        };
        format!("{whole}{comma}{fraction}")
    }
}

/// A monthly wage range as job ads write it: "9–12 triệu", "Từ 8 triệu",
/// "Đến 10 triệu", "Thỏa thuận"; amounts under a million in full.
pub fn wage(range: &WageRange, lang: Lang) -> String {
    let amount = |vnd: i64| {
        if vnd >= 1_000_000 {
            millions(vnd, lang)
        } else {
            signed(vnd, lang)
        }
    };
    let in_millions = |vnd: i64| vnd >= 1_000_000;
    let unit = |vnd: i64| match (lang, in_millions(vnd)) {
        (Lang::Vi, true) => " triệu",
        (Lang::Vi, false) => " đ",
        (Lang::En, true) => " million",
        (Lang::En, false) => "",
    };
    let prefix = match lang {
        Lang::Vi => "",
        Lang::En => "VND ",
    };
    match (range.min_vnd, range.max_vnd) {
        (None, None) => match lang {
            Lang::Vi => "Thỏa thuận".to_owned(),
            Lang::En => "Negotiable".to_owned(),
        },
        (Some(min), Some(max)) if min == max => {
            format!("{prefix}{}{}", amount(min), unit(min))
        }
        (Some(min), Some(max)) if in_millions(min) == in_millions(max) => {
            format!("{prefix}{}–{}{}", amount(min), amount(max), unit(max))
        }
        (Some(min), Some(max)) => format!(
            "{prefix}{}{} – {}{}",
            amount(min),
            unit(min),
            amount(max),
            unit(max)
        ),
        (Some(min), None) => match lang {
            Lang::Vi => format!("Từ {}{}", amount(min), unit(min)),
            Lang::En => format!("From VND {}{}", amount(min), unit(min)),
        },
        (None, Some(max)) => match lang {
            Lang::Vi => format!("Đến {}{}", amount(max), unit(max)),
            Lang::En => format!("Up to VND {}{}", amount(max), unit(max)),
        },
    }
}

/// A date as written in Vietnam: 05/12/2026 (day first in English too,
/// with the month's name, so that nobody reads it the American way).
pub fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => day.format("%d/%m/%Y").to_string(),
        Lang::En => day.format("%-d %b %Y").to_string(),
    }
}

/// A percentage with one decimal: "3,2%" / "3.2%".
pub fn percent(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Vi => format!("{}%", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

/// An indicator's figure in its measure: people and sessions as whole
/// numbers, rates as percentages, loans in billions of đồng.
pub fn measured(value: f64, measure: vieclam_plans::MeasureUnit, lang: Lang) -> String {
    use vieclam_plans::MeasureUnit;
    match measure {
        MeasureUnit::Percent | MeasureUnit::PercentPerYear => percent(value, lang),
        MeasureUnit::VndBillion => match lang {
            Lang::Vi => format!("{} tỷ đồng", figure(value, lang)),
            Lang::En => format!("VND {} billion", figure(value, lang)),
        },
        MeasureUnit::Index => figure(value, lang),
        MeasureUnit::People | MeasureUnit::Sessions => number(value.round().max(0.0) as u64, lang),
    }
}

/// A figure that may have decimals (a target, an actual, a rate): whole
/// numbers grouped ("160.000"), others with up to two decimals ("71,5",
/// "2,25"); English "160,000", "71.5".
pub fn figure(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let hundredths = (value.abs() * 100.0).round();
    let whole = (hundredths / 100.0).trunc() as u64;
    let fraction = (hundredths % 100.0) as u64;
    let sign = if value < 0.0 && hundredths > 0.0 {
        "−"
    } else {
        ""
    };
    let grouped = number(whole, lang);
    if fraction == 0 {
        return format!("{sign}{grouped}");
    }
    let comma = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    let decimals = format!("{fraction:02}");
    let decimals = decimals.trim_end_matches('0');
    format!("{sign}{grouped}{comma}{decimals}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(min: Option<i64>, max: Option<i64>) -> WageRange {
        WageRange::new(min, max).unwrap()
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(number(160_000, Lang::Vi), "160.000");
        assert_eq!(number(160_000, Lang::En), "160,000");
        assert_eq!(number(999, Lang::Vi), "999");
        assert_eq!(number(1_000, Lang::Vi), "1.000");
        assert_eq!(number(0, Lang::Vi), "0");
        assert_eq!(money(12_000_000, Lang::Vi), "12.000.000 đ");
        assert_eq!(money(12_000_000, Lang::En), "VND 12,000,000");
    }

    #[test]
    fn wages_read_as_job_ads_write_them() {
        assert_eq!(
            wage(&range(Some(9_000_000), Some(12_000_000)), Lang::Vi),
            "9–12 triệu"
        );
        assert_eq!(
            wage(&range(Some(9_500_000), Some(12_000_000)), Lang::Vi),
            "9,5–12 triệu"
        );
        assert_eq!(wage(&range(Some(8_000_000), None), Lang::Vi), "Từ 8 triệu");
        assert_eq!(
            wage(&range(None, Some(10_000_000)), Lang::Vi),
            "Đến 10 triệu"
        );
        assert_eq!(wage(&range(None, None), Lang::Vi), "Thỏa thuận");
        assert_eq!(wage(&range(None, None), Lang::En), "Negotiable");
        assert_eq!(
            wage(&range(Some(9_000_000), Some(12_000_000)), Lang::En),
            "VND 9–12 million"
        );
        assert_eq!(
            wage(&range(Some(25_000), Some(30_000)), Lang::Vi),
            "25.000–30.000 đ"
        );
    }

    #[test]
    fn figures_keep_their_decimals_only_when_they_have_some() {
        assert_eq!(figure(160_000.0, Lang::Vi), "160.000");
        assert_eq!(figure(71.5, Lang::Vi), "71,5");
        assert_eq!(figure(2.25, Lang::En), "2.25");
        assert_eq!(figure(1234.5, Lang::En), "1,234.5");
        assert_eq!(figure(-3.0, Lang::Vi), "−3");
        assert_eq!(figure(0.001, Lang::Vi), "0");
    }

    #[test]
    fn dates_put_the_day_first() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(date(day, Lang::Vi), "05/12/2026");
        assert_eq!(date(day, Lang::En), "5 Dec 2026");
        assert_eq!(percent(3.25, Lang::Vi), "3,2%");
    }

    #[test]
    fn figures_read_in_their_measure() {
        use vieclam_plans::MeasureUnit;
        assert_eq!(
            measured(160_000.0, MeasureUnit::People, Lang::Vi),
            "160.000"
        );
        assert_eq!(measured(2.5, MeasureUnit::Percent, Lang::Vi), "2,5%");
        assert_eq!(
            measured(1_250.5, MeasureUnit::VndBillion, Lang::Vi),
            "1.250,5 tỷ đồng"
        );
        assert_eq!(
            measured(1_250.5, MeasureUnit::VndBillion, Lang::En),
            "VND 1,250.5 billion"
        );
    }

    #[test]
    fn figures_keep_at_most_two_places() {
        assert_eq!(figure(1608.0, Lang::Vi), "1.608");
        assert_eq!(figure(1.5, Lang::Vi), "1,5");
        assert_eq!(figure(1.5, Lang::En), "1.5");
        assert_eq!(figure(-2.25, Lang::Vi), "−2,25");
        assert_eq!(figure(0.0, Lang::Vi), "0");
    }
}

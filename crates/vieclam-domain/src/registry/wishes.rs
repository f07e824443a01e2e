//! What a worker wants, as counsellors record it: several occupations in
//! order, broad wishes ("any factory work"), a wage per hour, day or month,
//! work abroad, and the kind of a disability with the support it needs.

use serde::{Deserialize, Serialize};

use super::classification::Country;
use super::coded::coded_enum;
use super::invalid::InvalidValue;
use super::reference::OccupationCode;
use super::wage::{WageRange, MAX_MONTHLY_WAGE};

/// The most wanted occupations a profile holds (the form's five lines).
pub const MAX_WANTED_OCCUPATIONS: usize = 5;

/// The most countries a wish to work abroad names.
pub const MAX_ABROAD_COUNTRIES: usize = 10;

/// The longest counsellor's note, in characters.
pub const MAX_COUNSELLOR_NOTE_CHARS: usize = 2_000;

/// The longest description of a disability's support needs, in characters.
pub const MAX_DISABILITY_NEEDS_CHARS: usize = 1_000;

/// The longest trip to work a profile may state, km (Hanoi is some 120 km
/// across).
pub const MAX_COMMUTE_KM: u16 = 200;

/// The trip a wish for "việc gần nhà" accepts when no distance is stated:
/// about 10 km, some 20–30 minutes by motorbike on the roads around a
/// commune.
pub const NEAR_HOME_KM: u16 = 10;

/// An occupation the worker wants, as stated: the unit group, the words
/// the worker or the sheet used, the classifier's confidence when the code
/// was read from those words, and whether a person (the officer or the
/// worker) confirmed the code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WantedOccupation {
    pub code: OccupationCode,
    /// The words as written ("thợ hàn"), when the wish was written as words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The classifier's confidence (0–1) in `code` for `words`, when the
    /// code was read from the words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Confirmed by the officer or the worker; an unconfirmed code is the
    /// classifier's reading, to be checked.
    #[serde(default)]
    pub confirmed: bool,
}

impl WantedOccupation {
    /// A code given as a code (by a form's choice, a sheet's code column or
    /// an old record): confirmed, with no words.
    pub fn confirmed(code: OccupationCode) -> WantedOccupation {
        WantedOccupation {
            code,
            words: None,
            confidence: None,
            confirmed: true,
        }
    }
}

coded_enum! {
    /// A wish that names no single occupation but a set of them ("công
    /// nhân nhà máy bất kỳ"), or a place ("việc gần nhà"). The sets are
    /// in [`BroadWish::unit_groups`].
    BroadWish, "Mong muốn chung", "broad wish" {
        AnyFactoryWork = "any_factory_work", "Công nhân nhà máy bất kỳ", ["cong nhan", "nha may", "cong nhan nha may", "lam nha may", "any factory work", "factory"];
        NearHome = "near_home", "Việc gần nhà", ["gan nha", "lam gan nha", "near home"];
        AnyOfficeWork = "any_office_work", "Việc văn phòng bất kỳ", ["van phong", "nhan vien van phong", "any office work", "office"];
        AnyServiceWork = "any_service_work", "Việc dịch vụ bất kỳ", ["dich vu", "phuc vu", "ban hang", "any service work", "service"];
        AnyConstruction = "any_construction", "Việc xây dựng bất kỳ", ["xay dung", "tho xay", "cong trinh", "any construction", "construction"];
        AnyAgriculture = "any_agriculture", "Việc nông nghiệp bất kỳ", ["nong nghiep", "nong lam ngu nghiep", "any agriculture", "agriculture"];
    }
}

/// Machine operators and assemblers of manufacturing (ISCO-08 sub-majors
/// 81 without mining 811, and 82), the labourers of manufacturing (932),
/// the garment, shoe and quality-check trades that factories in Hanoi's
/// industrial parks hire as "công nhân" (7531, 7533, 7536, 7543), and the
/// food-processing lines (7512 bakery and confectionery, 7514 fruit and
/// vegetable preserving).
const FACTORY_WORK: &[&str] = &[
    "8121", "8122", "8131", "8132", "8141", "8142", "8143", "8151", "8152", "8153", "8154", "8155",
    "8156", "8157", "8159", "8160", "8171", "8172", "8181", "8182", "8183", "8189", "8211", "8212",
    "8219", "9321", "9329", "7531", "7533", "7536", "7543", "7512", "7514",
];

/// General and keyboard clerks, customer-information, numerical and
/// material-recording clerks, and other clerical support (major group 4,
/// without the gambling, pawn and debt-collection units), with the
/// administrative secretaries (3343).
const OFFICE_WORK: &[&str] = &[
    "4110", "4120", "4131", "4132", "4211", "4222", "4223", "4224", "4225", "4226", "4229", "4311",
    "4312", "4313", "4321", "4322", "4323", "4411", "4415", "4416", "4419", "3343",
];

/// Cooks, waiters, bartenders, hairdressers, shop sales, cashiers and food
/// counters, child and home care, guards, and the service labourers:
/// cleaners, kitchen helpers, couriers (5120, 5131, 5223, 5230, 9412, 9112…).
const SERVICE_WORK: &[&str] = &[
    "5120", "5131", "5132", "5141", "5142", "5223", "5230", "5245", "5246", "5249", "5311", "5322",
    "5414", "9111", "9112", "9411", "9412", "9621",
];

/// Building frame and finishing trades, painters and cleaners of
/// structures (sub-major 71), building electricians (7411), earthmoving
/// plant operators (8342) and construction labourers (9312, 9313).
const CONSTRUCTION: &[&str] = &[
    "7111", "7112", "7113", "7114", "7115", "7119", "7121", "7122", "7123", "7124", "7125", "7126",
    "7127", "7131", "7132", "7133", "7411", "8342", "9312", "9313",
];

/// Market-oriented farmers, livestock and aquaculture workers, forestry
/// (sub-majors 61, 62 without hunting and deep-sea fishing) and the farm,
/// forestry and fishery labourers (921).
const AGRICULTURE: &[&str] = &[
    "6111", "6112", "6113", "6114", "6121", "6122", "6123", "6129", "6130", "6210", "6221", "6222",
    "9211", "9212", "9213", "9214", "9215", "9216",
];

/// Catch-all codes that stand for a broad wish when wanted: an officer
/// who writes 9329 ("lao động giản đơn trong sản xuất chưa được phân vào
/// đâu") for "việc gì trong nhà máy cũng được" means any factory work,
/// not that one residual group.
const CATCH_ALL: [(&str, BroadWish); 1] = [("9329", BroadWish::AnyFactoryWork)];

impl BroadWish {
    /// The broad wish a wanted catch-all code stands for.
    pub fn standing_for(code: &OccupationCode) -> Option<BroadWish> {
        CATCH_ALL
            .iter()
            .find(|(catch_all, _)| *catch_all == code.as_str())
            .map(|(_, wish)| *wish)
    }

    /// The ISCO-08 unit groups a wish stands for, in the order of the
    /// lists above; empty for a wish about a place ([`BroadWish::NearHome`]).
    pub fn unit_groups(self) -> Vec<OccupationCode> {
        let codes: &[&str] = match self {
            BroadWish::AnyFactoryWork => FACTORY_WORK,
            BroadWish::NearHome => &[],
            BroadWish::AnyOfficeWork => OFFICE_WORK,
            BroadWish::AnyServiceWork => SERVICE_WORK,
            BroadWish::AnyConstruction => CONSTRUCTION,
            BroadWish::AnyAgriculture => AGRICULTURE,
        };
        // Every code is checked against the taxonomy by a test; one that
        // failed would be skipped rather than bring a worker's page down.
        codes
            .iter()
            .filter_map(|code| OccupationCode::parse(code).ok())
            .collect()
    }
}

coded_enum! {
    /// The period a wage is stated for: people say "25 nghìn một giờ" or
    /// "300 nghìn một ngày" as often as a monthly figure. A month unless
    /// stated otherwise.
    #[derive(Default)]
    WagePeriod, "Kỳ trả lương", "wage period" {
        Hour = "hour", "Theo giờ", ["gio", "mot gio", "moi gio", "hourly", "per hour", "h"];
        Day = "day", "Theo ngày", ["ngay", "mot ngay", "moi ngay", "cong", "daily", "per day"];
        #[default]
        Month = "month", "Theo tháng", ["thang", "mot thang", "moi thang", "monthly", "per month"];
    }
}

/// Working hours in a day for converting an hourly wage: the normal
/// working day of Labour Code 2019 art. 105 (at most 8 hours).
pub const HOURS_PER_DAY: i64 = 8;

/// Working days in a month for converting a daily wage: 26, the
/// convention of Decree 145/2020/ND-CP (a month's wage divided by the
/// normal working days, at most 26) and of common payroll practice.
pub const DAYS_PER_MONTH: i64 = 26;

impl WagePeriod {
    /// How many of this period make a month: 8 h × 26 days, 26 days, 1.
    pub fn per_month(self) -> i64 {
        match self {
            WagePeriod::Hour => HOURS_PER_DAY * DAYS_PER_MONTH,
            WagePeriod::Day => DAYS_PER_MONTH,
            WagePeriod::Month => 1,
        }
    }

    /// An amount of this period as a monthly amount, which is how vacancy
    /// wages are compared.
    pub fn to_monthly(self, amount_vnd: i64) -> i64 {
        amount_vnd.saturating_mul(self.per_month())
    }

    /// The highest amount of this period: the one whose monthly amount is
    /// [`MAX_MONTHLY_WAGE`].
    pub fn max_vnd(self) -> i64 {
        MAX_MONTHLY_WAGE / self.per_month()
    }

    fn is_month(&self) -> bool {
        *self == WagePeriod::Month
    }

    /// "/giờ", "/ngày", "/tháng": the suffix of an amount in a sheet.
    pub fn suffix_vi(self) -> &'static str {
        match self {
            WagePeriod::Hour => "/giờ",
            WagePeriod::Day => "/ngày",
            WagePeriod::Month => "/tháng",
        }
    }

    /// Checks a range stated for this period: each end at most
    /// [`WagePeriod::max_vnd`].
    pub fn check(self, range: &WageRange) -> Result<(), InvalidValue> {
        for value in [range.min_vnd, range.max_vnd].into_iter().flatten() {
            if value > self.max_vnd() {
                return Err(InvalidValue::new(
                    format!(
                        "Mức lương {value} đồng {} quá cao (tối đa {} đồng)",
                        self.suffix_vi(),
                        self.max_vnd()
                    ),
                    format!(
                        "A wage of VND {value} per {} is too high (at most VND {})",
                        self.as_str(),
                        self.max_vnd()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Parses one amount of this period as a form or a sheet holds it. A
    /// month's amount reads as [`WageRange::parse_amount`]; an hour's or a
    /// day's amount below a thousand is in thousands ("25", "25k", "25
    /// nghìn" → 25 000), nobody being paid 25 đ an hour.
    pub fn parse_amount(self, text: &str) -> Result<i64, InvalidValue> {
        if self == WagePeriod::Month {
            return WageRange::parse_amount(text);
        }
        let folded = vieclam_text::fold(text.trim());
        let mut number = folded.as_str();
        let mut thousands = false;
        for unit in ["nghin", "ngan", "k"] {
            if let Some(rest) = number.strip_suffix(unit) {
                number = rest.trim_end();
                thousands = true;
                break;
            }
        }
        for unit in ["vnd", "dong", "d"] {
            if let Some(rest) = number.strip_suffix(unit) {
                number = rest.trim_end();
                break;
            }
        }
        let bad = || {
            InvalidValue::new(
                format!(
                    "Mức lương {:?} {} không đọc được: ghi số nghìn (\"25\", \"25k\") hoặc số đồng (\"25.000\")",
                    text.trim(),
                    self.suffix_vi()
                ),
                format!(
                    "Cannot read the wage {:?} per {}: write thousands (\"25\", \"25k\") or VND (\"25.000\")",
                    text.trim(),
                    self.as_str()
                ),
            )
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(bad());
        }
        let groups: Vec<&str> = number.split('.').collect();
        if groups.len() > 1 && groups[1..].iter().any(|group| group.len() != 3) {
            return Err(bad());
        }
        let whole: i64 = groups.concat().parse().map_err(|_| bad())?;
        let value = if thousands || whole < 1_000 {
            whole.checked_mul(1_000).ok_or_else(bad)?
        } else {
            whole
        };
        if value > self.max_vnd() {
            return Err(bad());
        }
        Ok(value)
    }
}

/// Parses a wage as people write it, with its period when written:
/// "25-30k/giờ", "300 nghìn/ngày", "8-12 triệu/tháng", or "8-12 triệu"
/// (no period written: `None`; the amounts are then read as `assumed`,
/// the period a separate column gives, or a month). A month's range reads
/// as [`WageRange::parse`]; an hour's or a day's as two amounts of
/// [`WagePeriod::parse_amount`], with "từ" or "đến" for an open end.
pub fn parse_stated_wage(
    text: &str,
    assumed: WagePeriod,
) -> Result<(WageRange, Option<WagePeriod>), InvalidValue> {
    let (amounts, period) = match text.rsplit_once('/') {
        Some((amounts, suffix)) => (amounts, Some(WagePeriod::parse(suffix)?)),
        None => (text, None),
    };
    let range = match period.unwrap_or(assumed) {
        WagePeriod::Month => WageRange::parse(amounts)?,
        period => {
            let folded = vieclam_text::fold(amounts.trim());
            let (low, high) = if let Some(rest) = folded.strip_prefix("tu ") {
                (Some(rest), None)
            } else if let Some(rest) = folded.strip_prefix("den ") {
                (None, Some(rest))
            } else {
                match folded.split_once(['-', '–']) {
                    Some((low, high)) => (Some(low), Some(high)),
                    None => (Some(folded.as_str()), Some(folded.as_str())),
                }
            };
            let amount =
                |part: Option<&str>| part.map(|part| period.parse_amount(part)).transpose();
            let range = WageRange::new(amount(low)?, amount(high)?)?;
            period.check(&range)?;
            range
        }
    };
    Ok((range, period))
}

/// Writes a wage so that [`parse_stated_wage`] reads it back: a month's
/// as the sheets always wrote it ("8000000-12000000", no period), an
/// hour's or a day's with its period ("25000-30000/giờ").
pub fn format_stated_wage(range: &WageRange, period: WagePeriod) -> String {
    let amounts = match (range.min_vnd, range.max_vnd) {
        (Some(min), Some(max)) if period != WagePeriod::Month && min == max => min.to_string(),
        (Some(min), Some(max)) => format!("{min}-{max}"),
        (Some(min), None) => format!("từ {min}"),
        (None, Some(max)) => format!("đến {max}"),
        (None, None) => return String::new(),
    };
    match period {
        WagePeriod::Month => amounts,
        period => format!("{amounts}{}", period.suffix_vi()),
    }
}

/// Serde's test for leaving a monthly period out of a record's JSON, so
/// that a record stated by the month is written as before.
pub(crate) fn is_monthly(period: &WagePeriod) -> bool {
    period.is_month()
}

/// A wish to work abroad under contract, and where.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AbroadWish {
    /// ISO 3166-1 alpha-2 codes ("JP", "KR", "TW", "DE"); empty when any
    /// country will do.
    #[serde(default)]
    pub countries: Vec<Country>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

coded_enum! {
    /// The kinds of disability of the Law on Persons with Disabilities
    /// 2010 art. 3(1), as Decree 28/2012/ND-CP art. 2 describes them.
    DisabilityKind, "Dạng khuyết tật", "disability kind" {
        Mobility = "mobility", "Khuyết tật vận động", ["van dong", "mobility"];
        Vision = "vision", "Khuyết tật nhìn", ["nhin", "thi giac", "khiem thi", "vision", "visual"];
        HearingSpeech = "hearing_speech", "Khuyết tật nghe, nói", ["nghe noi", "nghe", "noi", "khiem thinh", "hearing", "speech"];
        Intellectual = "intellectual", "Khuyết tật trí tuệ", ["tri tue", "intellectual"];
        Psychosocial = "psychosocial", "Khuyết tật thần kinh, tâm thần", ["than kinh tam than", "than kinh", "tam than", "psychosocial", "mental"];
        Other = "other", "Khuyết tật khác", ["khac", "other"];
    }
}

/// A disability's kinds and the support the worker needs at work. Having
/// one puts the worker in the disability priority group
/// ([`super::WorkerProfile::settle`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisabilityInfo {
    #[serde(default)]
    pub kinds: Vec<DisabilityKind>,
    /// The support needed, in the worker's words ("lối đi cho xe lăn").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of every broad wish is a unit group of the taxonomy in
    /// `data/occupations/isco08.csv`, and no set repeats a code.
    #[test]
    fn broad_wishes_name_unit_groups_of_the_taxonomy() {
        for (wish, codes) in [
            (BroadWish::AnyFactoryWork, FACTORY_WORK),
            (BroadWish::AnyOfficeWork, OFFICE_WORK),
            (BroadWish::AnyServiceWork, SERVICE_WORK),
            (BroadWish::AnyConstruction, CONSTRUCTION),
            (BroadWish::AnyAgriculture, AGRICULTURE),
        ] {
            for code in codes {
                assert!(OccupationCode::parse(code).is_ok(), "{wish:?} {code}");
            }
            let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
            assert_eq!(distinct.len(), codes.len(), "{wish:?}");
            assert_eq!(wish.unit_groups().len(), codes.len(), "{wish:?}");
        }
        assert!(BroadWish::NearHome.unit_groups().is_empty());
        let factory: Vec<String> = BroadWish::AnyFactoryWork
            .unit_groups()
            .iter()
            .map(|code| code.as_str().to_owned())
            .collect();
        for code in ["8121", "8219", "8189", "8160", "8153", "9329", "7543"] {
            assert!(factory.iter().any(|c| c == code), "{code}");
        }
    }

    #[test]
    fn broad_wishes_as_people_say_them() {
        for (text, wish) in [
            ("công nhân nhà máy bất kỳ", BroadWish::AnyFactoryWork),
            ("Công nhân", BroadWish::AnyFactoryWork),
            ("việc gần nhà", BroadWish::NearHome),
            ("gan nha", BroadWish::NearHome),
            ("any_service_work", BroadWish::AnyServiceWork),
            ("xây dựng", BroadWish::AnyConstruction),
        ] {
            assert_eq!(BroadWish::parse(text).ok(), Some(wish), "{text:?}");
        }
    }

    #[test]
    fn wages_per_period_become_monthly() {
        assert_eq!(WagePeriod::Hour.to_monthly(25_000), 5_200_000);
        assert_eq!(WagePeriod::Day.to_monthly(300_000), 7_800_000);
        assert_eq!(WagePeriod::Month.to_monthly(9_000_000), 9_000_000);
        assert!(WagePeriod::Hour.to_monthly(WagePeriod::Hour.max_vnd()) <= MAX_MONTHLY_WAGE);
        assert!(WagePeriod::Day.to_monthly(WagePeriod::Day.max_vnd()) <= MAX_MONTHLY_WAGE);
        for (text, period) in [
            ("giờ", WagePeriod::Hour),
            ("/ngày", WagePeriod::Day),
            ("Theo tháng", WagePeriod::Month),
        ] {
            assert_eq!(WagePeriod::parse(text).ok(), Some(period), "{text:?}");
        }
    }

    #[test]
    fn hourly_and_daily_amounts_as_written() {
        for (period, text, vnd) in [
            (WagePeriod::Hour, "25", 25_000),
            (WagePeriod::Hour, "25k", 25_000),
            (WagePeriod::Hour, "25 nghìn", 25_000),
            (WagePeriod::Hour, "25.000", 25_000),
            (WagePeriod::Hour, "25000 đ", 25_000),
            (WagePeriod::Day, "300", 300_000),
            (WagePeriod::Day, "350.000", 350_000),
            (WagePeriod::Month, "9", 9_000_000),
        ] {
            assert_eq!(period.parse_amount(text).ok(), Some(vnd), "{text:?}");
        }
        for (period, text) in [
            (WagePeriod::Hour, ""),
            (WagePeriod::Hour, "nhiều"),
            (WagePeriod::Hour, "-5"),
            (WagePeriod::Hour, "5.000.000"),
            (WagePeriod::Day, "25.5"),
            (WagePeriod::Day, "99999999999999999999"),
        ] {
            assert!(period.parse_amount(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn stated_wages_with_their_period_round_trip() {
        let range = |min: Option<i64>, max: Option<i64>| WageRange::new(min, max).unwrap();
        for (text, expected, period) in [
            (
                "25-30k/giờ",
                range(Some(25_000), Some(30_000)),
                Some(WagePeriod::Hour),
            ),
            (
                "300 nghìn/ngày",
                range(Some(300_000), Some(300_000)),
                Some(WagePeriod::Day),
            ),
            (
                "từ 250/ngày",
                range(Some(250_000), None),
                Some(WagePeriod::Day),
            ),
            (
                "8-12 triệu/tháng",
                range(Some(8_000_000), Some(12_000_000)),
                Some(WagePeriod::Month),
            ),
            ("8-12 triệu", range(Some(8_000_000), Some(12_000_000)), None),
        ] {
            assert_eq!(
                parse_stated_wage(text, WagePeriod::Month).ok(),
                Some((expected, period)),
                "{text:?}"
            );
            let period = period.unwrap_or_default();
            let written = format_stated_wage(&expected, period);
            assert_eq!(
                parse_stated_wage(&written, WagePeriod::Month)
                    .ok()
                    .map(|(range, p)| (range, p.unwrap_or_default())),
                Some((expected, period)),
                "{written:?}"
            );
        }
        for text in ["9 triệu/giờ", "25/tuần", "30-25k/giờ"] {
            assert!(
                parse_stated_wage(text, WagePeriod::Month).is_err(),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_stated_wage("300", WagePeriod::Day).ok(),
            Some((range(Some(300_000), Some(300_000)), None))
        );
    }

    #[test]
    fn disability_kinds_of_the_law() {
        for (text, kind) in [
            ("vận động", DisabilityKind::Mobility),
            ("nhìn", DisabilityKind::Vision),
            ("nghe, nói", DisabilityKind::HearingSpeech),
            ("trí tuệ", DisabilityKind::Intellectual),
            ("thần kinh, tâm thần", DisabilityKind::Psychosocial),
            ("khác", DisabilityKind::Other),
        ] {
            assert_eq!(DisabilityKind::parse(text).ok(), Some(kind), "{text:?}");
        }
    }
}

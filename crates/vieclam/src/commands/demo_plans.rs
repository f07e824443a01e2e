//! The demo's plans: the four seed plans loaded exactly, and a year of the
//! reporting cycle around them — figures the city's agencies entered (job
//! fairs, policy loans), reports sent on time, late or not at all, some
//! approved, and progress notes on Hòa Xá's tasks. Everything generated is
//! marked "dữ liệu demo" in its comment, and is deterministic per seed.
//! Computed indicators need nothing here: they come from the demo's labour
//! events.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::reporting::{self, ReportState};
use vieclam_plans::{Indicators, Period, PeriodKind, Source};
use vieclam_store::{ReportWrite, Store, TaskStatus, TaskUpdate, ValueWrite};

/// The marking of every generated free text a person reads.
pub(crate) const DEMO_NOTE: &str = "dữ liệu demo / demo data";

/// Noon in Vietnam on `day`.
fn noon(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(5, 0, 0).unwrap_or_default())
}

/// Loads the seed plans (once) and their demo reporting cycle. Returns the
/// number of plans, figures and reports written.
pub async fn load(
    store: &dyn Store,
    units: &AdminUnits,
    seed: u64,
    today: NaiveDate,
) -> anyhow::Result<(usize, usize, usize)> {
    if !store.list_plans().await?.is_empty() {
        return Ok((0, 0, 0));
    }
    let plans = vieclam_plans::fixtures(units)?;
    for plan in &plans {
        let province = units.current_province_code(&plan.unit)?;
        store
            .save_plan(plan, province.as_str(), noon(today))
            .await?;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x504c_414e);
    let indicators = Indicators::embedded();
    let mut n_values = 0;
    let mut n_reports = 0;
    // Hanoi 2025: the city's monthly figures, a third of each quarter's
    // target give or take, entered by the 10th of the next month, in the
    // structure in force that month.
    if let Some(plan) = plans.iter().find(|plan| plan.id == "hanoi-2025") {
        let mut owned: Vec<(String, UnitKey, Period, f64, NaiveDate)> = Vec::new();
        for target in &plan.targets {
            let submitted = indicators
                .get(&target.indicator)
                .is_ok_and(|i| i.source == Source::Submitted);
            // The total is the sum of the kinds, entered below.
            if !submitted
                || target.indicator == "sessions_total"
                || target.period.kind != PeriodKind::Quarter
                || target.unit != plan.unit
            {
                continue;
            }
            for month in target.period.months() {
                let entered_on = month.next().day(10);
                if entered_on > today {
                    continue;
                }
                let share = target.bound.headline() / 3.0 * rng.gen_range(0.80..1.15);
                let value = if target.indicator.starts_with("policy_loan_disbursed") {
                    (share * 10.0).round() / 10.0
                } else {
                    share.round()
                };
                let unit =
                    if month.last_day() < NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default() {
                        UnitKey::parse("legacy:01", NaiveDate::MAX)?
                    } else {
                        UnitKey::parse("2025:01", NaiveDate::MAX)?
                    };
                owned.push((
                    target.indicator.clone(),
                    unit,
                    Period::month(month),
                    value,
                    entered_on,
                ));
            }
        }
        let kinds = [
            "sessions_daily",
            "sessions_online",
            "sessions_thematic",
            "sessions_mobile",
        ];
        let mut totals: Vec<(String, UnitKey, Period, f64, NaiveDate)> = Vec::new();
        for (indicator, unit, period, value, entered_on) in &owned {
            if !kinds.contains(&indicator.as_str()) {
                continue;
            }
            match totals.iter_mut().find(|total| total.2 == *period) {
                Some(total) => total.3 += value,
                None => totals.push((
                    "sessions_total".to_owned(),
                    unit.clone(),
                    *period,
                    *value,
                    *entered_on,
                )),
            }
        }
        owned.extend(totals);
        for (indicator, unit, period, value, entered_on) in &owned {
            let agency = if indicator.starts_with("policy_loan") {
                "Chi nhánh Ngân hàng Chính sách xã hội thành phố Hà Nội"
            } else {
                "Trung tâm Dịch vụ việc làm Hà Nội"
            };
            store
                .record_values(
                    &[ValueWrite {
                        indicator,
                        unit,
                        province_code: "01",
                        period: *period,
                        value: *value,
                        agency: Some(agency),
                        comment: Some(DEMO_NOTE),
                        actor: None,
                    }],
                    noon(*entered_on),
                )
                .await?;
            n_values += 1;
        }
    }
    // The reports every plan's units owed so far: most on time, some late,
    // some missing; a part of the on-time ones approved.
    for plan in &plans {
        for obligation in reporting::obligations(plan, units, today) {
            if obligation.due > today + Duration::days(10) {
                continue;
            }
            let roll: u32 = rng.gen_range(0..100);
            let submitted_on = match roll {
                0..=74 => obligation.due - Duration::days(rng.gen_range(0..8)),
                75..=89 => obligation.due + Duration::days(rng.gen_range(1..25)),
                _ => continue,
            };
            if submitted_on > today || submitted_on < obligation.period.first_day() {
                continue;
            }
            let province = units.current_province_code(&obligation.unit)?;
            let report = store
                .submit_report(
                    &ReportWrite {
                        plan: &plan.id,
                        unit: &obligation.unit,
                        province_code: province.as_str(),
                        agency: obligation.agency.as_deref(),
                        period: obligation.period,
                        comment: Some(DEMO_NOTE),
                        flags: &[],
                        actor: None,
                    },
                    noon(submitted_on),
                )
                .await?;
            n_reports += 1;
            let decided_on = submitted_on + Duration::days(rng.gen_range(2..10));
            if roll < 50 && decided_on <= today {
                store
                    .decide_report(
                        report.id,
                        ReportState::Approved,
                        None,
                        &format!(
                            "Đã đối chiếu và duyệt số liệu {} ({DEMO_NOTE})",
                            obligation.period.label_vi()
                        ),
                        noon(decided_on),
                    )
                    .await?;
            }
        }
    }
    // Hòa Xá's task matrix: the first task of each group under way.
    if let Some(plan) = plans.iter().find(|plan| plan.id == "hoa-xa-2030") {
        let start = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();
        if today >= start {
            for task in plan.tasks.iter().filter(|task| task.task_no == 1) {
                store
                    .update_task(&TaskUpdate {
                        plan: plan.id.clone(),
                        group_no: task.group_no.clone(),
                        task_no: task.task_no,
                        status: TaskStatus::InProgress,
                        note: Some(format!(
                            "Đã giao {} triển khai ({DEMO_NOTE})",
                            task.lead_agency
                        )),
                        updated_by: None,
                        updated_at: noon(start),
                    })
                    .await?;
            }
        }
    }
    Ok((plans.len(), n_values, n_reports))
}

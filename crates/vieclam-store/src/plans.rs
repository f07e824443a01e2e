//! The plans' side of the store: plan documents, submitted figures with
//! their history, reports with approval locks, and task progress.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::registry::{
    EmploymentStatus, EventKind, ItSkill, Qualification, SocialInsurance,
};
use vieclam_domain::UnitKey;
use vieclam_plans::reporting::{ReportState, RuleFlag, Submission};
use vieclam_plans::{DataValue, Period, Plan};

use crate::registers::EventRecord;
use crate::StoreError;

/// A figure to record.
#[derive(Clone, Debug)]
pub struct ValueWrite<'a> {
    pub indicator: &'a str,
    pub unit: &'a UnitKey,
    /// The 2025 province of the unit.
    pub province_code: &'a str,
    pub period: Period,
    pub value: f64,
    pub agency: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub actor: Option<i64>,
}

/// A report to submit.
#[derive(Clone, Debug)]
pub struct ReportWrite<'a> {
    pub plan: &'a str,
    pub unit: &'a UnitKey,
    pub province_code: &'a str,
    pub agency: Option<&'a str>,
    pub period: Period,
    pub comment: Option<&'a str>,
    pub flags: &'a [RuleFlag],
    pub actor: Option<i64>,
}

/// The status of a task of a plan's task matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Delayed,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Delayed => "delayed",
        }
    }

    pub fn parse(text: &str) -> Option<TaskStatus> {
        [
            TaskStatus::NotStarted,
            TaskStatus::InProgress,
            TaskStatus::Done,
            TaskStatus::Delayed,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Chưa triển khai",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::Done => "Hoàn thành",
            TaskStatus::Delayed => "Chậm tiến độ",
        }
    }
}

/// One entry of a task's progress log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskUpdate {
    pub plan: String,
    pub group_no: String,
    pub task_no: u32,
    pub status: TaskStatus,
    pub note: Option<String>,
    pub updated_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

/// Plans, figures, reports and tasks, on both backends.
#[async_trait]
pub trait Plans: Send + Sync {
    /// Stores a plan, replacing one with the same id (loading fixtures).
    async fn save_plan(
        &self,
        plan: &Plan,
        province_code: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Stores a new plan; an existing id is [`StoreError::Conflict`],
    /// never replaced.
    async fn create_plan(
        &self,
        plan: &Plan,
        province_code: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Replaces the plan `plan.id` only while it is still kept by
    /// `current_unit` (the unit the caller was checked against): a plan
    /// moved meanwhile is [`StoreError::Conflict`], a missing one
    /// [`StoreError::NotFound`].
    async fn replace_plan(
        &self,
        plan: &Plan,
        current_unit: &str,
        province_code: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn list_plans(&self) -> Result<Vec<Plan>, StoreError>;

    async fn get_plan(&self, id: &str) -> Result<Option<Plan>, StoreError>;

    /// Records figures in one transaction, each replacing the current figure
    /// of its indicator, unit and period (kept as history). Nothing is
    /// written when any figure is locked by an approved report of its unit
    /// and period ([`StoreError::Locked`], with the reason), or when a figure
    /// overlaps one of another period length for the same indicator and unit
    /// ([`StoreError::Conflict`]): months and quarters would count twice.
    async fn record_values(
        &self,
        values: &[ValueWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<DataValue>, StoreError>;

    /// The current figures of these indicators (all when empty), optionally
    /// in one 2025 province.
    async fn current_values(
        &self,
        indicators: &[String],
        province_code: Option<&str>,
    ) -> Result<Vec<DataValue>, StoreError>;

    /// Every version of a figure, newest first, with when it was replaced.
    async fn value_history(
        &self,
        indicator: &str,
        unit: &UnitKey,
        period: Period,
    ) -> Result<Vec<(DataValue, Option<DateTime<Utc>>)>, StoreError>;

    /// The approved report that locks a unit's figures for a period, if any.
    async fn lock_on(
        &self,
        unit: &UnitKey,
        period: Period,
    ) -> Result<Option<Submission>, StoreError>;

    /// Submits a report. A report already submitted or approved for the same
    /// obligation is a [`StoreError::Conflict`]; a returned one is submitted
    /// again (its first submission time stays, for timeliness).
    async fn submit_report(
        &self,
        report: &ReportWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError>;

    async fn list_reports(&self, plan: &str) -> Result<Vec<Submission>, StoreError>;

    /// A plan's reports of one unit (`unit`), in one state (`state`), or
    /// both: what a unit owes, and what waits for approval, without
    /// reading every report of the plan.
    async fn list_reports_where(
        &self,
        plan: &str,
        unit: Option<&UnitKey>,
        state: Option<ReportState>,
    ) -> Result<Vec<Submission>, StoreError>;

    async fn get_report(&self, id: i64) -> Result<Option<Submission>, StoreError>;

    /// Approves or returns a report, with the reason.
    async fn decide_report(
        &self,
        id: i64,
        state: ReportState,
        actor: Option<i64>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError>;

    async fn update_task(&self, update: &TaskUpdate) -> Result<TaskUpdate, StoreError>;

    /// A plan's task log, oldest first.
    async fn task_updates(&self, plan: &str) -> Result<Vec<TaskUpdate>, StoreError>;

    /// The labour events of the workers with ids in `first..=last`, by
    /// worker then date: with [`crate::Registers::workers_after`], a scan of
    /// the registers that the statistics cube is built from.
    async fn events_of_workers(
        &self,
        first: i64,
        last: i64,
    ) -> Result<Vec<EventRecord>, StoreError>;

    /// What the statistics read of every worker with an id above
    /// `after_id`, by id, at most `limit`: columns only, no JSON.
    async fn worker_facts_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<WorkerFactRow>, StoreError>;

    /// What the statistics read of the events of the workers with ids in
    /// `first..=last`, by worker then date: columns only, no JSON.
    async fn event_facts_of_workers(
        &self,
        first: i64,
        last: i64,
    ) -> Result<Vec<EventFactRow>, StoreError>;
}

/// What the statistics read of a worker, from its columns (migration
/// 0009): the values of the profile as stored, nothing derived.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerFactRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub birth_date: chrono::NaiveDate,
    /// The residence given at registration, `structure:code`.
    pub residence: String,
    pub employment_status: EmploymentStatus,
    pub qualification: Qualification,
    pub it_skill: Option<ItSkill>,
    pub social_insurance: SocialInsurance,
    pub unemployment_insurance: bool,
    pub health_insurance: bool,
}

/// What the statistics read of a labour event, from its columns.
#[derive(Clone, Debug, PartialEq)]
pub struct EventFactRow {
    pub worker_id: i64,
    pub date: chrono::NaiveDate,
    pub kind: EventKind,
    /// For `moved`: the new unit, `structure:code`.
    pub unit: Option<String>,
    /// For `registered`: the situation.
    pub status: Option<EmploymentStatus>,
}

/// A stored code read back: a code no value has is a corrupt row.
pub(crate) fn code<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown stored code {text:?}")))
}

pub(crate) fn parse_period(text: &str) -> Result<Period, StoreError> {
    Period::parse(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn parse_unit(text: &str) -> Result<UnitKey, StoreError> {
    UnitKey::parse(text, chrono::NaiveDate::MAX)
        .map_err(|error| StoreError::Corrupt(error.to_string()))
}

macro_rules! sql_plans {
    ($store:ident, $db:ty) => {
        mod plans_impl {
            use chrono::{DateTime, Utc};
            use sqlx::Row as _;
            use vieclam_domain::UnitKey;
            use vieclam_plans::reporting::{ReportState, Submission};
            use vieclam_plans::{DataValue, Period, Plan};

            use super::$store;
            use crate::plans::{
                parse_period, parse_unit, Plans, ReportWrite, TaskStatus, TaskUpdate, ValueWrite,
            };
            use crate::registers::EventRecord;
            use crate::sql_registers::{from_json, to_json};
            use crate::StoreError;

            type DbRow = <$db as sqlx::Database>::Row;

            const VALUE_COLUMNS: &str = "id, indicator, unit, period, value, agency, comment, \
                 entered_by, entered_at, superseded_at";
            const REPORT_COLUMNS: &str = "id, plan_id, unit, agency, period, submitted_at, \
                 submitted_by, comment, state, decided_by, decided_at, decision_reason, flags";

            fn value_from_row(row: &DbRow) -> Result<DataValue, StoreError> {
                Ok(DataValue {
                    id: row.try_get("id")?,
                    indicator: row.try_get("indicator")?,
                    unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                    period: parse_period(&row.try_get::<String, _>("period")?)?,
                    value: row.try_get("value")?,
                    agency: row.try_get("agency")?,
                    comment: row.try_get("comment")?,
                    entered_by: row.try_get("entered_by")?,
                    entered_at: row.try_get("entered_at")?,
                })
            }

            fn report_from_row(row: &DbRow) -> Result<Submission, StoreError> {
                let agency: String = row.try_get("agency")?;
                let state: String = row.try_get("state")?;
                Ok(Submission {
                    id: row.try_get("id")?,
                    plan: row.try_get("plan_id")?,
                    unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                    agency: (!agency.is_empty()).then_some(agency),
                    period: parse_period(&row.try_get::<String, _>("period")?)?,
                    submitted_at: row.try_get("submitted_at")?,
                    submitted_by: row.try_get("submitted_by")?,
                    comment: row.try_get("comment")?,
                    state: ReportState::parse(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("report state {state:?}")))?,
                    decided_by: row.try_get("decided_by")?,
                    decided_at: row.try_get("decided_at")?,
                    decision_reason: row.try_get("decision_reason")?,
                    flags: from_json(&row.try_get::<String, _>("flags")?)?,
                })
            }

            fn task_from_row(row: &DbRow) -> Result<TaskUpdate, StoreError> {
                let status: String = row.try_get("status")?;
                let task_no: i64 = row.try_get("task_no")?;
                Ok(TaskUpdate {
                    plan: row.try_get("plan_id")?,
                    group_no: row.try_get("group_no")?,
                    task_no: u32::try_from(task_no)
                        .map_err(|_| StoreError::Corrupt("task number".to_owned()))?,
                    status: TaskStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("task status {status:?}")))?,
                    note: row.try_get("note")?,
                    updated_by: row.try_get("updated_by")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn locked(report: &Submission) -> StoreError {
                StoreError::Locked {
                    report_id: report.id,
                    unit: report.unit.to_string(),
                    period: report.period.to_string(),
                    decided_on: report
                        .decided_at
                        .map(|at| vieclam_plans::reporting::vietnam_day(at).to_string())
                        .unwrap_or_default(),
                    reason: report.decision_reason.clone().unwrap_or_default(),
                }
            }

            async fn lock_on<'e, E>(
                executor: E,
                unit: &UnitKey,
                period: Period,
            ) -> Result<Option<Submission>, StoreError>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let row = sqlx::query(&format!(
                    "SELECT {REPORT_COLUMNS} FROM report WHERE state = 'approved' AND unit = $1 \
                     AND period_first <= $2 AND period_last >= $3 ORDER BY id LIMIT 1"
                ))
                .bind(unit.to_string())
                .bind(i64::from(period.last.0))
                .bind(i64::from(period.first.0))
                .fetch_optional(executor)
                .await?;
                row.as_ref().map(report_from_row).transpose()
            }

            /// Runs a statement over a plan's row: the same eight values, in the
            /// same order ($1 id … $8 the time), for an insert, an upsert or an
            /// update.
            async fn write_plan_row<'e, E>(
                executor: E,
                statement: &'static str,
                plan: &Plan,
                province_code: &str,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                sqlx::query(statement)
                    .bind(&plan.id)
                    .bind(&plan.number)
                    .bind(plan.issued_on)
                    .bind(plan.unit.to_string())
                    .bind(province_code)
                    .bind(plan.period.to_string())
                    .bind(to_json(plan)?)
                    .bind(now)
                    .execute(executor)
                    .await?;
                Ok(())
            }

            #[async_trait::async_trait]
            impl Plans for $store {
                async fn save_plan(
                    &self,
                    plan: &Plan,
                    province_code: &str,
                    now: DateTime<Utc>,
                ) -> Result<(), StoreError> {
                    write_plan_row(
                        &self.pool,
                        "INSERT INTO plan (id, number, issued_on, unit, province_code, period, \
                         document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                         ON CONFLICT (id) DO UPDATE SET number = excluded.number, \
                         issued_on = excluded.issued_on, unit = excluded.unit, \
                         province_code = excluded.province_code, period = excluded.period, \
                         document = excluded.document, updated_at = excluded.updated_at",
                        plan,
                        province_code,
                        now,
                    )
                    .await?;
                    Ok(())
                }

                async fn create_plan(
                    &self,
                    plan: &Plan,
                    province_code: &str,
                    now: DateTime<Utc>,
                ) -> Result<(), StoreError> {
                    write_plan_row(
                        &self.pool,
                        "INSERT INTO plan (id, number, issued_on, unit, province_code, period, \
                         document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                        plan,
                        province_code,
                        now,
                    )
                    .await
                    .map_err(|error| match error {
                        StoreError::Database(error) => {
                            StoreError::conflict_or(error, format!("plan {}", plan.id))
                        }
                        other => other,
                    })?;
                    Ok(())
                }

                async fn replace_plan(
                    &self,
                    plan: &Plan,
                    current_unit: &str,
                    province_code: &str,
                    now: DateTime<Utc>,
                ) -> Result<(), StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let unit: Option<String> = sqlx::query_scalar("SELECT unit FROM plan WHERE id = $1")
                        .bind(&plan.id)
                        .fetch_optional(&mut *transaction)
                        .await?;
                    match unit {
                        None => {
                            return Err(StoreError::NotFound {
                                what: format!("plan {}", plan.id),
                            })
                        }
                        Some(unit) if unit != current_unit => {
                            return Err(StoreError::Conflict {
                                what: format!("plan {} (changed meanwhile)", plan.id),
                            })
                        }
                        Some(_) => {}
                    }
                    write_plan_row(
                        &mut *transaction,
                        "UPDATE plan SET number = $2, issued_on = $3, unit = $4, province_code = $5, \
                         period = $6, document = $7, updated_at = $8 WHERE id = $1",
                        plan,
                        province_code,
                        now,
                    )
                    .await?;
                    transaction.commit().await?;
                    Ok(())
                }

                async fn list_plans(&self) -> Result<Vec<Plan>, StoreError> {
                    let rows = sqlx::query("SELECT document FROM plan ORDER BY id")
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|row| from_json(&row.try_get::<String, _>("document")?))
                        .collect()
                }

                async fn get_plan(&self, id: &str) -> Result<Option<Plan>, StoreError> {
                    let row = sqlx::query("SELECT document FROM plan WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|row| from_json(&row.try_get::<String, _>("document")?))
                        .transpose()
                }

                async fn record_values(
                    &self,
                    values: &[ValueWrite<'_>],
                    now: DateTime<Utc>,
                ) -> Result<Vec<DataValue>, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let mut written = Vec::with_capacity(values.len());
                    for value in values {
                        if let Some(report) = lock_on(&mut *transaction, value.unit, value.period).await? {
                            return Err(locked(&report));
                        }
                        let unit = value.unit.to_string();
                        let period = value.period.to_string();
                        let overlapping: Option<String> = sqlx::query_scalar(
                            "SELECT period FROM data_value WHERE indicator = $1 AND unit = $2 \
                             AND superseded_at IS NULL AND period <> $3 \
                             AND period_first <= $4 AND period_last >= $5 LIMIT 1",
                        )
                        .bind(value.indicator)
                        .bind(&unit)
                        .bind(&period)
                        .bind(i64::from(value.period.last.0))
                        .bind(i64::from(value.period.first.0))
                        .fetch_optional(&mut *transaction)
                        .await?;
                        if let Some(other) = overlapping {
                            return Err(StoreError::Conflict {
                                what: format!(
                                    "a figure of {} for {unit} for {other}, which overlaps {period}",
                                    value.indicator
                                ),
                            });
                        }
                        sqlx::query(
                            "UPDATE data_value SET superseded_at = $1 WHERE indicator = $2 \
                             AND unit = $3 AND period = $4 AND superseded_at IS NULL",
                        )
                        .bind(now)
                        .bind(value.indicator)
                        .bind(&unit)
                        .bind(&period)
                        .execute(&mut *transaction)
                        .await?;
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO data_value (indicator, unit, province_code, period, \
                             period_first, period_last, value, agency, comment, entered_by, \
                             entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                             RETURNING id",
                        )
                        .bind(value.indicator)
                        .bind(&unit)
                        .bind(value.province_code)
                        .bind(&period)
                        .bind(i64::from(value.period.first.0))
                        .bind(i64::from(value.period.last.0))
                        .bind(value.value)
                        .bind(value.agency)
                        .bind(value.comment)
                        .bind(value.actor)
                        .bind(now)
                        .fetch_one(&mut *transaction)
                        .await?;
                        written.push(DataValue {
                            id,
                            indicator: value.indicator.to_owned(),
                            unit: value.unit.clone(),
                            period: value.period,
                            value: value.value,
                            agency: value.agency.map(str::to_owned),
                            comment: value.comment.map(str::to_owned),
                            entered_by: value.actor,
                            entered_at: now,
                        });
                    }
                    transaction.commit().await?;
                    Ok(written)
                }

                async fn current_values(
                    &self,
                    indicators: &[String],
                    province_code: Option<&str>,
                ) -> Result<Vec<DataValue>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {VALUE_COLUMNS} FROM data_value WHERE superseded_at IS NULL"
                    ));
                    if let Some(code) = province_code {
                        query.push(" AND province_code = ").push_bind(code);
                    }
                    if !indicators.is_empty() {
                        query.push(" AND indicator IN (");
                        let mut separated = query.separated(", ");
                        for indicator in indicators {
                            separated.push_bind(indicator.as_str());
                        }
                        query.push(")");
                    }
                    query.push(" ORDER BY id");
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(value_from_row).collect()
                }

                async fn value_history(
                    &self,
                    indicator: &str,
                    unit: &UnitKey,
                    period: Period,
                ) -> Result<Vec<(DataValue, Option<DateTime<Utc>>)>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {VALUE_COLUMNS} FROM data_value WHERE indicator = $1 AND unit = $2 \
                         AND period = $3 ORDER BY id DESC"
                    ))
                    .bind(indicator)
                    .bind(unit.to_string())
                    .bind(period.to_string())
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter()
                        .map(|row| Ok((value_from_row(row)?, row.try_get("superseded_at")?)))
                        .collect()
                }

                async fn lock_on(
                    &self,
                    unit: &UnitKey,
                    period: Period,
                ) -> Result<Option<Submission>, StoreError> {
                    lock_on(&self.pool, unit, period).await
                }

                async fn submit_report(
                    &self,
                    report: &ReportWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<Submission, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let agency = report.agency.unwrap_or("");
                    let existing = sqlx::query(
                        "SELECT id, state FROM report WHERE plan_id = $1 AND unit = $2 \
                         AND agency = $3 AND period = $4",
                    )
                    .bind(report.plan)
                    .bind(report.unit.to_string())
                    .bind(agency)
                    .bind(report.period.to_string())
                    .fetch_optional(&mut *transaction)
                    .await?;
                    let flags = to_json(&report.flags)?;
                    let id: i64 = match existing {
                        Some(row) => {
                            let state: String = row.try_get("state")?;
                            let id: i64 = row.try_get("id")?;
                            if state != ReportState::Returned.as_str() {
                                return Err(StoreError::Conflict {
                                    what: format!(
                                        "report {id} for {} {} ({state})",
                                        report.unit, report.period
                                    ),
                                });
                            }
                            sqlx::query(
                                "UPDATE report SET state = 'submitted', comment = $1, flags = $2, \
                                 submitted_by = $3 WHERE id = $4",
                            )
                            .bind(report.comment)
                            .bind(&flags)
                            .bind(report.actor)
                            .bind(id)
                            .execute(&mut *transaction)
                            .await?;
                            id
                        }
                        None => sqlx::query_scalar(
                            "INSERT INTO report (plan_id, unit, province_code, agency, period, \
                             period_first, period_last, submitted_at, submitted_by, comment, \
                             state, flags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                             'submitted', $11) RETURNING id",
                        )
                        .bind(report.plan)
                        .bind(report.unit.to_string())
                        .bind(report.province_code)
                        .bind(agency)
                        .bind(report.period.to_string())
                        .bind(i64::from(report.period.first.0))
                        .bind(i64::from(report.period.last.0))
                        .bind(now)
                        .bind(report.actor)
                        .bind(report.comment)
                        .bind(&flags)
                        .fetch_one(&mut *transaction)
                        .await
                        .map_err(|error| StoreError::conflict_or(error, "report"))?,
                    };
                    let row = sqlx::query(&format!("SELECT {REPORT_COLUMNS} FROM report WHERE id = $1"))
                        .bind(id)
                        .fetch_one(&mut *transaction)
                        .await?;
                    transaction.commit().await?;
                    report_from_row(&row)
                }

                async fn list_reports(&self, plan: &str) -> Result<Vec<Submission>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {REPORT_COLUMNS} FROM report WHERE plan_id = $1 ORDER BY period_first, unit, agency"
                    ))
                    .bind(plan)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(report_from_row).collect()
                }

                async fn list_reports_where(
                    &self,
                    plan: &str,
                    unit: Option<&UnitKey>,
                    state: Option<ReportState>,
                ) -> Result<Vec<Submission>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {REPORT_COLUMNS} FROM report WHERE plan_id = "
                    ));
                    query.push_bind(plan);
                    if let Some(unit) = unit {
                        query.push(" AND unit = ").push_bind(unit.to_string());
                    }
                    if let Some(state) = state {
                        query.push(" AND state = ").push_bind(state.as_str());
                    }
                    query.push(" ORDER BY period_first, unit, agency");
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(report_from_row).collect()
                }

                async fn get_report(&self, id: i64) -> Result<Option<Submission>, StoreError> {
                    let row = sqlx::query(&format!("SELECT {REPORT_COLUMNS} FROM report WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(report_from_row).transpose()
                }

                async fn decide_report(
                    &self,
                    id: i64,
                    state: ReportState,
                    actor: Option<i64>,
                    reason: &str,
                    now: DateTime<Utc>,
                ) -> Result<Submission, StoreError> {
                    let row = sqlx::query(&format!(
                        "UPDATE report SET state = $1, decided_by = $2, decided_at = $3, \
                         decision_reason = $4 WHERE id = $5 RETURNING {REPORT_COLUMNS}"
                    ))
                    .bind(state.as_str())
                    .bind(actor)
                    .bind(now)
                    .bind(reason)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    match row {
                        Some(row) => report_from_row(&row),
                        None => Err(StoreError::NotFound {
                            what: format!("report {id}"),
                        }),
                    }
                }

                async fn update_task(&self, update: &TaskUpdate) -> Result<TaskUpdate, StoreError> {
                    sqlx::query(
                        "INSERT INTO task_update (plan_id, group_no, task_no, status, note, \
                         updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&update.plan)
                    .bind(&update.group_no)
                    .bind(i64::from(update.task_no))
                    .bind(update.status.as_str())
                    .bind(update.note.as_deref())
                    .bind(update.updated_by)
                    .bind(update.updated_at)
                    .execute(&self.pool)
                    .await
                    .map_err(|error| match &error {
                        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                            StoreError::NotFound {
                                what: format!("plan {}", update.plan),
                            }
                        }
                        _ => StoreError::Database(error),
                    })?;
                    Ok(update.clone())
                }

                async fn task_updates(&self, plan: &str) -> Result<Vec<TaskUpdate>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT plan_id, group_no, task_no, status, note, updated_by, updated_at \
                         FROM task_update WHERE plan_id = $1 ORDER BY id",
                    )
                    .bind(plan)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(task_from_row).collect()
                }

                async fn events_of_workers(
                    &self,
                    first: i64,
                    last: i64,
                ) -> Result<Vec<EventRecord>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT id, worker_id, event, recorded_at, recorded_by FROM labour_event \
                         WHERE worker_id >= $1 AND worker_id <= $2 ORDER BY worker_id, event_date, id",
                    )
                    .bind(first)
                    .bind(last)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(super::registers_impl::event_from_row).collect()
                }

                async fn worker_facts_after(
                    &self,
                    after_id: i64,
                    limit: u32,
                ) -> Result<Vec<crate::plans::WorkerFactRow>, StoreError> {
                    use crate::plans::code;
                    use vieclam_domain::registry::{
                        EmploymentStatus, ItSkill, Qualification, SocialInsurance,
                    };
                    let rows = sqlx::query(
                        "SELECT id, created_at, birth_date, residence, employment_status, \
                         qualification, it_skill, social_insurance, unemployment_insurance, \
                         health_insurance FROM worker WHERE id > $1 ORDER BY id LIMIT $2",
                    )
                    .bind(after_id)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter()
                        .map(|row| {
                            let it_skill: Option<String> = row.try_get("it_skill")?;
                            Ok(crate::plans::WorkerFactRow {
                                id: row.try_get("id")?,
                                created_at: row.try_get("created_at")?,
                                birth_date: row.try_get("birth_date")?,
                                residence: row.try_get("residence")?,
                                employment_status: code(
                                    row.try_get("employment_status")?,
                                    EmploymentStatus::from_code,
                                )?,
                                qualification: code(
                                    row.try_get("qualification")?,
                                    Qualification::from_code,
                                )?,
                                it_skill: it_skill
                                    .map(|text| code(&text, ItSkill::from_code))
                                    .transpose()?,
                                social_insurance: code(
                                    row.try_get("social_insurance")?,
                                    SocialInsurance::from_code,
                                )?,
                                unemployment_insurance: row.try_get("unemployment_insurance")?,
                                health_insurance: row.try_get("health_insurance")?,
                            })
                        })
                        .collect()
                }

                async fn event_facts_of_workers(
                    &self,
                    first: i64,
                    last: i64,
                ) -> Result<Vec<crate::plans::EventFactRow>, StoreError> {
                    use crate::plans::code;
                    use vieclam_domain::registry::{EmploymentStatus, EventKind};
                    let rows = sqlx::query(
                        "SELECT worker_id, event_date, kind, unit, status FROM labour_event \
                         WHERE worker_id >= $1 AND worker_id <= $2 ORDER BY worker_id, event_date, id",
                    )
                    .bind(first)
                    .bind(last)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter()
                        .map(|row| {
                            let status: Option<String> = row.try_get("status")?;
                            Ok(crate::plans::EventFactRow {
                                worker_id: row.try_get("worker_id")?,
                                date: row.try_get("event_date")?,
                                kind: code(row.try_get("kind")?, EventKind::from_code)?,
                                unit: row.try_get("unit")?,
                                status: status
                                    .map(|text| code(&text, EmploymentStatus::from_code))
                                    .transpose()?,
                            })
                        })
                        .collect()
                }
            }
        }
    };
}

pub(crate) use sql_plans;

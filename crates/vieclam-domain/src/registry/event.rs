//! Labour events (di biến động lao động): dated changes in a worker's
//! situation. History is never overwritten: a worker's current state is
//! derived from the events, in date order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::classification::{Country, EmploymentStatus};
use super::coded::coded_enum;
use super::reference::OccupationCode;
use super::{check_date, check_text_length, FieldProblem, InvalidValue};
use crate::admin_unit::UnitKey;

/// The longest detail of an event (a course, a certificate, a note).
pub const MAX_EVENT_DETAIL_CHARS: usize = 2_000;

coded_enum! {
    /// What happened.
    EventKind, "Loại biến động", "event kind" {
        /// Entered in the register, with the situation at that time.
        Registered = "registered", "Đăng ký hồ sơ", ["dang ky"];
        Employed = "employed", "Có việc làm", ["co viec lam", "tim duoc viec", "di lam", "duoc tuyen dung"];
        LostJob = "lost_job", "Mất việc làm", ["mat viec", "nghi viec", "that nghiep"];
        LeftLabourForce = "left_labour_force", "Ra khỏi lực lượng lao động", ["nghi huu", "ra khoi llld"];
        Moved = "moved", "Chuyển nơi cư trú", ["chuyen di", "chuyen noi o"];
        WentAbroad = "went_abroad", "Đi làm việc ở nước ngoài", ["xuat canh", "di xuat khau lao dong", "di xkld"];
        Returned = "returned", "Về nước", ["ve nuoc", "tro ve"];
        Trained = "trained", "Được đào tạo", ["dao tao", "hoc nghe"];
        Certified = "certified", "Được cấp chứng chỉ", ["cap chung chi", "cap bang"];
    }
}

coded_enum! {
    /// Who reported the event.
    EventSource, "Nguồn thông tin", "event source" {
        SelfDeclared = "self_declared", "Người lao động tự khai", ["tu khai"];
        UnitSurvey = "unit_survey", "Điều tra cung - cầu lao động", ["dieu tra", "cung cau lao dong", "thu thap"];
        Employer = "employer", "Người sử dụng lao động báo", ["doanh nghiep"];
        Exchange = "exchange", "Sàn giao dịch việc làm", ["san gdvl", "phien gdvl"];
        Insurance = "insurance", "Cơ quan bảo hiểm xã hội", ["bhxh", "bhtn"];
        Import = "import", "Nhập từ tệp", ["nhap tep"];
    }
}

/// A labour event as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabourEvent {
    pub date: NaiveDate,
    pub kind: EventKind,
    pub source: EventSource,
    /// For `registered`: the situation at registration.
    pub status: Option<EmploymentStatus>,
    /// For `moved`: the new residence.
    pub unit: Option<UnitKey>,
    /// For `employed`: the employer, when registered here.
    pub employer_id: Option<i64>,
    /// For `employed`, `trained`: the occupation.
    pub occupation: Option<OccupationCode>,
    /// For `went_abroad`: the destination.
    pub country: Option<Country>,
    /// For `trained`, `certified`: the course or certificate; otherwise a note.
    pub detail: Option<String>,
    /// For a hire made through the exchange: the job-fair session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<i64>,
    /// For a hire made through the exchange: the vacancy filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacancy_id: Option<i64>,
}

impl LabourEvent {
    /// The rules of one event read from JSON: its date within
    /// [`super::EARLIEST_DATE`] ..= [`super::LATEST_DATE`] (the caller adds
    /// "not in the future", which needs today), its detail bounded.
    pub fn check(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Err(invalid) = check_date(self.date) {
            problems.push(FieldProblem::new("date", &self.date.to_string(), invalid));
        }
        if let Some(detail) = &self.detail {
            check_text_length(&mut problems, "detail", detail, MAX_EVENT_DETAIL_CHARS);
        }
        // Only a move names a unit: a unit on any other event would change
        // where the record is kept without moving the person.
        match (self.kind, &self.unit) {
            (EventKind::Moved, None) => problems.push(FieldProblem::new(
                "unit",
                "",
                InvalidValue::new(
                    "Biến động chuyển nơi ở phải có đơn vị nơi ở mới",
                    "A move must name the new unit of residence",
                ),
            )),
            (kind, Some(unit)) if kind != EventKind::Moved => problems.push(FieldProblem::new(
                "unit",
                &unit.to_string(),
                InvalidValue::new(
                    "Chỉ biến động chuyển nơi ở mới ghi đơn vị",
                    "Only a move names a unit",
                ),
            )),
            _ => {}
        }
        problems
    }
}

/// A worker's situation derived from events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerState {
    pub status: EmploymentStatus,
    pub residence: UnitKey,
    pub employer_id: Option<i64>,
    pub occupation: Option<OccupationCode>,
    pub abroad_in: Option<Country>,
    pub certificates: Vec<String>,
    /// The date of the last event that changed the status.
    pub status_since: Option<NaiveDate>,
}

impl WorkerState {
    /// The state at registration.
    pub fn initial(status: EmploymentStatus, residence: UnitKey) -> WorkerState {
        WorkerState {
            status,
            residence,
            employer_id: None,
            occupation: None,
            abroad_in: None,
            certificates: Vec::new(),
            status_since: None,
        }
    }

    /// Applies one event.
    pub fn apply(&mut self, event: &LabourEvent) {
        let status = match event.kind {
            EventKind::Registered => event.status,
            EventKind::Employed => {
                self.employer_id = event.employer_id;
                if event.occupation.is_some() {
                    self.occupation = event.occupation.clone();
                }
                Some(EmploymentStatus::Employed)
            }
            EventKind::LostJob => {
                self.employer_id = None;
                Some(EmploymentStatus::Unemployed)
            }
            EventKind::LeftLabourForce => {
                self.employer_id = None;
                Some(EmploymentStatus::OutOfLabourForce)
            }
            EventKind::WentAbroad => {
                self.employer_id = None;
                self.abroad_in = event.country;
                Some(EmploymentStatus::Abroad)
            }
            EventKind::Returned => {
                self.abroad_in = None;
                Some(EmploymentStatus::Unemployed)
            }
            EventKind::Moved => {
                if let Some(unit) = &event.unit {
                    self.residence = unit.clone();
                }
                None
            }
            EventKind::Trained | EventKind::Certified => {
                if let Some(detail) = &event.detail {
                    self.certificates.push(detail.clone());
                }
                None
            }
        };
        if let Some(status) = status {
            self.status = status;
            self.status_since = Some(event.date);
        }
    }

    /// The state after `events`, applied in date order (ties keep the order
    /// given, which is the order recorded).
    pub fn derive(initial: WorkerState, events: &[LabourEvent]) -> WorkerState {
        let mut ordered: Vec<&LabourEvent> = events.iter().collect();
        ordered.sort_by_key(|event| event.date);
        let mut state = initial;
        for event in ordered {
            state.apply(event);
        }
        state
    }

    /// The state on `day`: only events up to and including that day count.
    pub fn derive_on(initial: WorkerState, events: &[LabourEvent], day: NaiveDate) -> WorkerState {
        let until: Vec<LabourEvent> = events
            .iter()
            .filter(|event| event.date <= day)
            .cloned()
            .collect();
        WorkerState::derive(initial, &until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: &str, kind: EventKind) -> LabourEvent {
        LabourEvent {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            kind,
            source: EventSource::UnitSurvey,
            status: None,
            unit: None,
            employer_id: None,
            occupation: None,
            country: None,
            detail: None,
            session_id: None,
            vacancy_id: None,
        }
    }

    #[test]
    fn state_follows_events_in_date_order() {
        let home = UnitKey::parse("2025:10417", NaiveDate::MAX).unwrap();
        let initial = WorkerState::initial(EmploymentStatus::Unemployed, home);
        let events = vec![
            event("2025-03-01", EventKind::LostJob),
            LabourEvent {
                country: Some(Country::Japan),
                ..event("2024-05-01", EventKind::WentAbroad)
            },
            event("2024-01-10", EventKind::Employed),
            event("2025-01-20", EventKind::Returned),
        ];
        let now = WorkerState::derive(initial.clone(), &events);
        assert_eq!(now.status, EmploymentStatus::Unemployed);
        assert_eq!(now.abroad_in, None);
        let mid_2024 = WorkerState::derive_on(
            initial,
            &events,
            NaiveDate::from_ymd_opt(2024, 8, 1).unwrap(),
        );
        assert_eq!(mid_2024.status, EmploymentStatus::Abroad);
        assert_eq!(mid_2024.abroad_in, Some(Country::Japan));
    }
}

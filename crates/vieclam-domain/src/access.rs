//! Roles and the access rules that every endpoint applies: who may see which
//! administrative unit, and whose personal records.
//!
//! The rules live here, with no I/O, so that the server, the command line and
//! the tests ask the same questions and get the same answers.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::admin_unit::{AdminUnits, UnitKey, UnitLevel};

/// The roles of MISSION.md, plus the system administrator who creates the
/// first accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: creates accounts; sees the whole country.
    Admin,
    /// Sở Lao động / Sở Nội vụ: plans and targets for a province.
    ProvinceOfficer,
    /// Trung tâm Dịch vụ việc làm: venues, sessions, counselling, referrals.
    ExchangeStaff,
    /// Phòng LĐTBXH of a district, Phòng Văn hóa - Xã hội of a commune.
    UnitOfficer,
    /// Ngân hàng CSXH, BHXH, Thống kê: enters its figures, sees aggregates.
    PartnerAgency,
    Employer,
    Worker,
    /// Anyone, without an account.
    Public,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::ProvinceOfficer,
        Role::ExchangeStaff,
        Role::UnitOfficer,
        Role::PartnerAgency,
        Role::Employer,
        Role::Worker,
        Role::Public,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ProvinceOfficer => "province_officer",
            Role::ExchangeStaff => "exchange_staff",
            Role::UnitOfficer => "unit_officer",
            Role::PartnerAgency => "partner_agency",
            Role::Employer => "employer",
            Role::Worker => "worker",
            Role::Public => "public",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim().replace('-', "_");
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The Vietnamese name shown to people.
    pub fn name_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::ProvinceOfficer => "Cán bộ cấp tỉnh",
            Role::ExchangeStaff => "Cán bộ Trung tâm Dịch vụ việc làm",
            Role::UnitOfficer => "Cán bộ cấp huyện/xã",
            Role::PartnerAgency => "Cơ quan phối hợp",
            Role::Employer => "Người sử dụng lao động",
            Role::Worker => "Người lao động",
            Role::Public => "Công chúng",
        }
    }

    /// Roles whose accounts work inside an administrative unit.
    pub fn needs_unit_scope(self) -> bool {
        matches!(
            self,
            Role::ProvinceOfficer | Role::ExchangeStaff | Role::UnitOfficer | Role::PartnerAgency
        )
    }

    /// Roles that may read the personal records of people in their units.
    pub fn reads_personal_records(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::ProvinceOfficer | Role::ExchangeStaff | Role::UnitOfficer
        )
    }

    /// Roles that enter the figures agencies submit (job fairs, loans, …).
    pub fn enters_figures(self) -> bool {
        matches!(
            self,
            Role::Admin
                | Role::ProvinceOfficer
                | Role::UnitOfficer
                | Role::ExchangeStaff
                | Role::PartnerAgency
        )
    }

    /// Checks that a scope fits the role: a province officer is scoped to a
    /// province, a unit officer to a district or a commune; officers need a
    /// scope and the other roles have none.
    pub fn check_scope(self, scope: Option<&UnitKey>) -> Result<(), AccessError> {
        match (self.needs_unit_scope(), scope) {
            (true, None) => Err(AccessError::ScopeRequired(self)),
            (false, Some(_)) => Err(AccessError::ScopeNotAllowed(self)),
            (true, Some(scope)) => {
                let level = scope.code.level();
                let fits = match self {
                    Role::ProvinceOfficer => level == UnitLevel::Province,
                    Role::UnitOfficer => level != UnitLevel::Province,
                    _ => true,
                };
                if fits {
                    Ok(())
                } else {
                    Err(AccessError::ScopeLevelMismatch { role: self, level })
                }
            }
            (false, None) => Ok(()),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Who is asking: an account's identity, role and unit scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Option<i64>,
    pub role: Role,
    /// The unit the account works in; `None` for the whole country (admin)
    /// or for roles without a unit.
    pub scope: Option<UnitKey>,
}

impl Principal {
    /// A caller without an account.
    pub fn public() -> Principal {
        Principal {
            user_id: None,
            role: Role::Public,
            scope: None,
        }
    }

    /// May this caller see the inner workings of `unit` (its people,
    /// registers and figures)? Officers and partner agencies see their own
    /// unit and everything below it; the admin sees everything; the other
    /// roles see no unit's inner workings.
    pub fn may_read_unit(&self, units: &AdminUnits, unit: &UnitKey) -> Result<(), AccessError> {
        match self.role {
            Role::Admin => Ok(()),
            role if role.needs_unit_scope() => match &self.scope {
                Some(scope) if units.covers(scope, unit) => Ok(()),
                _ => Err(AccessError::OutsideScope),
            },
            _ => Err(AccessError::RoleNotAllowed(self.role)),
        }
    }

    /// May this caller read the personal record of someone who lives or
    /// works in `unit`?
    pub fn may_read_person_in(
        &self,
        units: &AdminUnits,
        unit: &UnitKey,
    ) -> Result<(), AccessError> {
        if !self.role.reads_personal_records() {
            return Err(AccessError::RoleNotAllowed(self.role));
        }
        self.may_read_unit(units, unit)
    }

    /// May this caller create an account with `role` scoped to `scope`? The
    /// admin creates any account; a province officer creates accounts below
    /// the admin inside the province; nobody else creates accounts.
    pub fn may_create_account(
        &self,
        units: &AdminUnits,
        role: Role,
        scope: Option<&UnitKey>,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::ProvinceOfficer if role != Role::Admin => match scope {
                Some(scope) => self.may_read_unit(units, scope),
                None => Ok(()),
            },
            _ => Err(AccessError::RoleNotAllowed(self.role)),
        }
    }
}

/// How many records an access shows at once: the same field may be shown
/// whole on one record at a desk and masked in a list or a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reach {
    /// One record, read by its id.
    One,
    /// A page of a listing, a search, a list of candidates.
    Many,
    /// A spreadsheet export.
    File,
}

impl Reach {
    pub const ALL: [Reach; 3] = [Reach::One, Reach::Many, Reach::File];
}

/// Fields whose showing depends on who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// A worker's citizen ID, birth date, phone and e-mail.
    PersonIdentifiers,
    /// An employer's contact person, phone and e-mail.
    EmployerContact,
    /// A worker's phone and e-mail on an application they made to an
    /// employer (by applying, or by accepting its invitation): shared with
    /// that employer so that it can call them.
    ApplicantContact,
}

impl Field {
    pub const ALL: [Field; 3] = [
        Field::PersonIdentifiers,
        Field::EmployerContact,
        Field::ApplicantContact,
    ];
}

/// How a field is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Visibility {
    Whole,
    Masked,
}

impl Role {
    /// How this role sees `field` when it reaches records this way. The one
    /// rule that JSON answers, exports and pages all ask (Decree 13/2023:
    /// no more personal data than the task needs).
    ///
    /// - Officers of a unit (and the admin) keep the registers: whole.
    /// - Exchange staff check a person in at the desk (one record: whole)
    ///   but match and refer in bulk (lists and files: masked).
    /// - Partner agencies work with aggregates: a contact is masked.
    /// - An employer sees its own contact whole (it reads only its own
    ///   record), and the contact of a worker who applied to it (the
    ///   worker shared it by applying; callers ask this field only on an
    ///   application to the employer); a worker sees their own identifiers
    ///   whole.
    /// - Everyone else never reaches these records; masked by default.
    pub fn visibility(self, field: Field, reach: Reach) -> Visibility {
        use Visibility::{Masked, Whole};
        match (self, field, reach) {
            (Role::Admin | Role::ProvinceOfficer | Role::UnitOfficer, _, _) => Whole,
            (Role::ExchangeStaff, Field::PersonIdentifiers, Reach::One) => Whole,
            (Role::ExchangeStaff, Field::PersonIdentifiers, Reach::Many | Reach::File) => Masked,
            (Role::ExchangeStaff, Field::EmployerContact, _) => Whole,
            (Role::ExchangeStaff, Field::ApplicantContact, Reach::One) => Whole,
            (Role::ExchangeStaff, Field::ApplicantContact, Reach::Many | Reach::File) => Masked,
            (Role::PartnerAgency, _, _) => Masked,
            (Role::Employer, Field::EmployerContact | Field::ApplicantContact, _) => Whole,
            (Role::Worker, Field::PersonIdentifiers, Reach::One) => Whole,
            (Role::Employer | Role::Worker | Role::Public, _, _) => Masked,
        }
    }

    /// Does this role read vacancies that are closed, filled or past their
    /// deadline? Officers who keep the registers do; an employer does for
    /// its own (checked by ownership); everyone else reads open vacancies
    /// whose deadline has not passed, in lists, search and by id alike.
    pub fn reads_closed_vacancies(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::ProvinceOfficer | Role::ExchangeStaff | Role::UnitOfficer
        )
    }

    /// Roles that read the plans, figures and reports of their unit.
    pub fn reads_figures(self) -> bool {
        self == Role::Admin || self.needs_unit_scope()
    }

    /// Roles that write plans (within their unit).
    pub fn writes_plans(self) -> bool {
        matches!(self, Role::Admin | Role::ProvinceOfficer)
    }

    /// Roles that create, change and delete employers and vacancies of
    /// their area (an employer account changes its own only).
    pub fn writes_employers(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::ProvinceOfficer | Role::ExchangeStaff | Role::UnitOfficer
        )
    }
}

/// The decisions about records and plans, each a pure function of who
/// asks, where the record is, and what the store knows about ownership.
impl Principal {
    /// A worker's record, kept where the worker lives now (`residence`).
    /// `own` says whether it is the caller's own record (a worker account
    /// linked to it). The same rule reads and writes: who may read a
    /// person's record keeps it.
    pub fn may_access_worker(
        &self,
        units: &AdminUnits,
        residence: &UnitKey,
        own: bool,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Worker if own => Ok(()),
            Role::Worker => Err(AccessError::RoleNotAllowed(Role::Worker)),
            _ => self.may_read_person_in(units, residence),
        }
    }

    /// An employer's record (or one of its vacancies), kept at `unit`;
    /// `own` says whether the caller is that employer. Partner agencies read
    /// but never write; an officer writes only inside their area.
    pub fn may_access_employer(
        &self,
        units: &AdminUnits,
        unit: &UnitKey,
        own: bool,
        write: bool,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Employer if own => Ok(()),
            Role::Employer => Err(AccessError::RoleNotAllowed(Role::Employer)),
            Role::PartnerAgency if write => Err(AccessError::RoleNotAllowed(Role::PartnerAgency)),
            role if write && !role.writes_employers() => Err(AccessError::RoleNotAllowed(role)),
            _ => self.may_read_unit(units, unit),
        }
    }

    /// The figures (indicators, submitted values, progress) of `unit`.
    pub fn may_read_figures(&self, units: &AdminUnits, unit: &UnitKey) -> Result<(), AccessError> {
        if !self.role.reads_figures() {
            return Err(AccessError::RoleNotAllowed(self.role));
        }
        self.may_read_unit(units, unit)
    }

    /// The hiring signals of employers in `unit` (who is likely to hire
    /// soon): for the exchange's outreach — its staff, the province officers
    /// who run it, the admin — within their unit. Never the public, an
    /// employer, a worker, a partner agency or a commune's officers: a
    /// signal names an employer and is not a published figure.
    pub fn may_read_hiring_signals(
        &self,
        units: &AdminUnits,
        unit: &UnitKey,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Admin | Role::ProvinceOfficer | Role::ExchangeStaff => {
                self.may_read_unit(units, unit)
            }
            role => Err(AccessError::RoleNotAllowed(role)),
        }
    }

    /// Entering the figures of `unit` that agencies submit.
    pub fn may_enter_figures(&self, units: &AdminUnits, unit: &UnitKey) -> Result<(), AccessError> {
        if !self.role.enters_figures() {
            return Err(AccessError::RoleNotAllowed(self.role));
        }
        self.may_read_unit(units, unit)
    }

    /// A plan kept by `plan_unit`: seen by staff whose unit it covers (a
    /// commune sees the city's plan) or who contain it.
    pub fn may_see_plan(&self, units: &AdminUnits, plan_unit: &UnitKey) -> Result<(), AccessError> {
        if !self.role.reads_figures() {
            return Err(AccessError::RoleNotAllowed(self.role));
        }
        match (&self.role, &self.scope) {
            (Role::Admin, _) => Ok(()),
            (_, Some(scope))
                if units.covers(scope, plan_unit) || units.covers(plan_unit, scope) =>
            {
                Ok(())
            }
            _ => Err(AccessError::OutsideScope),
        }
    }

    /// Creating or replacing a plan kept by `plan_unit` (checked both where
    /// a plan is now and where a new document puts it).
    pub fn may_write_plan(
        &self,
        units: &AdminUnits,
        plan_unit: &UnitKey,
    ) -> Result<(), AccessError> {
        if !self.role.writes_plans() {
            return Err(AccessError::RoleNotAllowed(self.role));
        }
        self.may_read_unit(units, plan_unit)
    }
}

/// The exchange's decisions (venues, sessions and the people at them).
/// Sessions and venues themselves are public (a job seeker finds them); who
/// registered, was interviewed or hired is personal.
impl Principal {
    /// Creating or editing a venue kept at `venue_unit`: the province's
    /// officers and the admin, who also name the staff that run it.
    pub fn may_manage_venue(
        &self,
        units: &AdminUnits,
        venue_unit: &UnitKey,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Admin | Role::ProvinceOfficer => self.may_read_unit(units, venue_unit),
            role => Err(AccessError::RoleNotAllowed(role)),
        }
    }

    /// Running a session at a venue kept at `venue_unit` — scheduling it,
    /// moving its status, registering people on their behalf, booking
    /// interviews, recording results, filing its report — and reading the
    /// people at it. `on_staff` says whether the caller is on the venue's
    /// staff: exchange staff run only the venues they are named to (and
    /// only inside their unit); the province's officers and the admin run
    /// any venue of their area.
    pub fn may_run_session(
        &self,
        units: &AdminUnits,
        venue_unit: &UnitKey,
        on_staff: bool,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Admin | Role::ProvinceOfficer => self.may_read_unit(units, venue_unit),
            Role::ExchangeStaff if on_staff => self.may_read_unit(units, venue_unit),
            Role::ExchangeStaff => Err(AccessError::OutsideScope),
            role => Err(AccessError::RoleNotAllowed(role)),
        }
    }

    /// Reading who came to a session and what came of it, without running
    /// it: those who run it, and the officers of the unit where it is held
    /// (a commune follows the mobile session it hosted).
    pub fn may_follow_session(
        &self,
        units: &AdminUnits,
        venue_unit: &UnitKey,
        session_unit: &UnitKey,
        on_staff: bool,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::UnitOfficer => self.may_read_unit(units, session_unit),
            _ => self.may_run_session(units, venue_unit, on_staff),
        }
    }

    /// Counselling, referring and following the unemployment-insurance
    /// claim of a worker who lives at `residence`: the officers who keep the
    /// worker's record (exchange staff included); a worker reads their own
    /// (`own`) and makes their own monthly check-in, nothing more.
    pub fn may_counsel(
        &self,
        units: &AdminUnits,
        residence: &UnitKey,
        own: bool,
        write: bool,
    ) -> Result<(), AccessError> {
        match self.role {
            Role::Worker if own && !write => Ok(()),
            Role::Worker => Err(AccessError::RoleNotAllowed(Role::Worker)),
            _ => self.may_read_person_in(units, residence),
        }
    }
}

/// The indicators anyone may read, for any unit, without an account:
/// aggregates the plans publish (new jobs, sessions held, people
/// counselled, the trained-labour and unemployment rates). No indicator
/// is about one person; small figures are still held back by
/// [`disclose`].
pub const PUBLIC_INDICATORS: &[&str] = &[
    "new_jobs",
    "sessions_total",
    "counselled",
    "trained_rate",
    "unemployment_rate",
];

/// Is this indicator one the public reads?
pub fn is_public_indicator(code: &str) -> bool {
    PUBLIC_INDICATORS.contains(&code)
}

/// A count of people below this is published as "fewer than" it: in a
/// small commune, "1 person with a disability found work" names them.
pub const MIN_PUBLIC_COUNT: f64 = 5.0;
/// A rate over fewer people than this is not published.
pub const MIN_PUBLIC_BASE: f64 = 50.0;

/// How a figure may be shown to the public.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Disclosed {
    /// The figure as it is.
    Value(f64),
    /// A count of people too small to show: "fewer than 5" (0 included, so
    /// that an absence is not told apart from one person).
    FewerThan(f64),
    /// A rate over too few people to show.
    Withheld,
    /// Nothing to show.
    NoData,
}

/// The statistical-disclosure rule of public figures: counts of people
/// under [`MIN_PUBLIC_COUNT`] are shown as "fewer than", rates over fewer
/// than [`MIN_PUBLIC_BASE`] people are withheld; counts of things (sessions)
/// are shown as they are.
pub fn disclose(
    value: Option<f64>,
    denominator: Option<f64>,
    counts_people: bool,
    is_rate: bool,
) -> Disclosed {
    let Some(value) = value else {
        return Disclosed::NoData;
    };
    if is_rate {
        return match denominator {
            Some(base) if base >= MIN_PUBLIC_BASE => Disclosed::Value(value),
            _ => Disclosed::Withheld,
        };
    }
    if counts_people && value < MIN_PUBLIC_COUNT {
        return Disclosed::FewerThan(MIN_PUBLIC_COUNT);
    }
    Disclosed::Value(value)
}

/// A person's rights over their own data (Decree 13/2023): reading all
/// of it, choosing what it is used for, asking for it to be erased; and
/// the officers who decide such a request.
impl Principal {
    /// Reading everything vieclam holds about the caller's own account and
    /// the records it speaks for: every account may, the public has none.
    pub fn may_read_own_data(&self) -> Result<(), AccessError> {
        match (self.role, self.user_id) {
            (Role::Public, _) | (_, None) => Err(AccessError::RoleNotAllowed(self.role)),
            _ => Ok(()),
        }
    }

    /// Giving or withdrawing consent, and asking for the record to be
    /// erased: a worker account over its own record (`own_record`: the
    /// account is linked to a worker). Officers change a person's record
    /// through the registers, not in the person's name.
    pub fn may_manage_own_data(&self, own_record: bool) -> Result<(), AccessError> {
        match self.role {
            Role::Worker if own_record && self.user_id.is_some() => Ok(()),
            role => Err(AccessError::RoleNotAllowed(role)),
        }
    }

    /// Listing the deletion requests of one's area: the officers who keep
    /// the registers (not the exchange's staff, who only use them).
    pub fn may_list_deletion_requests(&self) -> Result<(), AccessError> {
        match self.role {
            Role::Admin | Role::ProvinceOfficer | Role::UnitOfficer => Ok(()),
            role => Err(AccessError::RoleNotAllowed(role)),
        }
    }

    /// Deciding a deletion request about a record kept at `unit` (where
    /// the worker lives now): the officers of that unit or of a unit above
    /// it, and the admin.
    pub fn may_decide_deletion(
        &self,
        units: &AdminUnits,
        unit: &UnitKey,
    ) -> Result<(), AccessError> {
        self.may_list_deletion_requests()?;
        self.may_read_unit(units, unit)
    }
}

/// Why an access was refused, or why a role and scope do not fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("the unit lies outside the caller's administrative unit")]
    OutsideScope,
    #[error("the role {0} may not do this")]
    RoleNotAllowed(Role),
    #[error("the role {0} needs an administrative unit")]
    ScopeRequired(Role),
    #[error("the role {0} is not scoped to an administrative unit")]
    ScopeNotAllowed(Role),
    #[error("the role {role} cannot be scoped to a unit at {level:?} level")]
    ScopeLevelMismatch { role: Role, level: UnitLevel },
}

impl AccessError {
    pub fn message_vi(&self) -> String {
        match self {
            AccessError::OutsideScope => {
                "Đơn vị này nằm ngoài địa bàn được phân quyền của tài khoản".to_owned()
            }
            AccessError::RoleNotAllowed(role) => {
                format!(
                    "Vai trò \"{}\" không được phép thực hiện thao tác này",
                    role.name_vi()
                )
            }
            AccessError::ScopeRequired(role) => {
                format!(
                    "Vai trò \"{}\" phải gắn với một đơn vị hành chính",
                    role.name_vi()
                )
            }
            AccessError::ScopeNotAllowed(role) => {
                format!(
                    "Vai trò \"{}\" không gắn với đơn vị hành chính",
                    role.name_vi()
                )
            }
            AccessError::ScopeLevelMismatch { role, .. } => format!(
                "Vai trò \"{}\" không thể gắn với đơn vị ở cấp này",
                role.name_vi()
            ),
        }
    }
}

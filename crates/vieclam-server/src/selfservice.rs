//! A person's own side of vieclam (issue 13): signing up as a worker or an
//! employer, and a signed-in worker's control of their own data (Decree
//! 13/2023/NĐ-CP) — reading all of it (JSON or a workbook), giving or
//! withdrawing consent, asking for it to be erased — and the officers'
//! decision on such a request.
//!
//! The logic lives here so that the API's thin handlers (`routes::signup`,
//! `routes::me`, `routes::deletion_requests`) and the web pages call the
//! same functions. A form's problems are answered all at once
//! ([`ApiError::fields_invalid`]), each naming the field of the request
//! struct it belongs to, so that a page shows it beside that field.
//!
//! Rules kept here:
//! - **No takeover.** A sign-up never links an account to a record that is
//!   on file already (a worker imported by a commune, an employer
//!   registered by an officer): the record is claimed through an officer
//!   of the unit that keeps it. For a worker the unit is not named (that
//!   would tell anyone who types a citizen ID where the person lives); for
//!   an employer it is (business registration data is public).
//! - **Atomic.** The account, the record and the link are one store
//!   transaction ([`vieclam_store::Registers::signup_worker`]); a failure
//!   leaves nothing.
//! - **Throttled.** Each client address makes a few sign-ups an hour
//!   ([`crate::throttle::SignupThrottle`]).
//! - **Audited, never logged.** Every write leaves an audit entry naming
//!   the new account as its actor; log lines carry ids only.

use std::collections::BTreeSet;
use std::future::Future;
use std::net::IpAddr;
use std::time::Instant;

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use vieclam_domain::audit::subject;
use vieclam_domain::privacy::{parse_reason, DeletionDecision, DeletionStatus};
use vieclam_domain::registry::{
    parse_date, parse_org_name, CitizenId, Email, EmployerKind, EmployerProfile, EmploymentStatus,
    EventSource, FieldProblem, IndustryCode, InvalidValue, LabourEvent, PersonName, PhoneNumber,
    Qualification, Sex, SocialInsurance, TaxCode, WageRange, WorkerProfile, WorkerState,
};
use vieclam_domain::{
    AccessError, AuditAction, AuditOutcome, NewPassword, Principal, Role, UnitKey, Username,
};
use vieclam_exchange::Party;
use vieclam_store::{
    ApplicationFilter, ClaimFilter, ClaimRecord, CounsellingFilter, DeletionRequest,
    DeletionRequestWrite, EmployerWrite, InterviewFilter, NewUser, Page, StoreError, UserAccount,
    WorkerRecord, WorkerWrite,
};

use crate::auth::{hash_password, AccountView, Caller};
use crate::error::ApiError;
use crate::exchange::{
    claim_status_named, ApplicationView, CounsellingView, InterviewView, Named, RegistrationView,
};
use crate::paging::{Paging, PagingRule};
use crate::records::{load_worker, own_employer, own_worker};
use crate::scope::{
    area_of, audit, audit_result, audit_returned, check_audited, province_of, write_audit,
    AuditSubject,
};
use crate::views::VacancyView;
use crate::{vietnam_today, AppState};

/// A worker signing up: the fields of the form, as typed.
#[derive(Deserialize, ToSchema)]
pub struct WorkerSignup {
    /// Họ và tên / full name.
    #[schema(example = "Nguyễn Thị Thủy")]
    pub full_name: String,
    /// Số CCCD (12 chữ số) / citizen ID (12 digits); it must agree with the
    /// birth year and the sex.
    #[schema(example = "001195000123")]
    pub citizen_id: String,
    /// Ngày sinh / birth date, ISO (dd/mm/yyyy is read too).
    #[schema(format = Date, example = "1995-04-12")]
    pub birth_date: String,
    /// Giới tính / sex as the citizen ID records it: `male` or `female`
    /// ("Nam", "Nữ" are read too).
    #[schema(value_type = Sex)]
    pub sex: String,
    /// Nơi cư trú / the commune of residence: a commune code (read in the
    /// structure in force today) or `structure:code`.
    #[schema(example = "10417")]
    pub residence: String,
    /// Số điện thoại / phone; it becomes the login. A phone or an e-mail is
    /// required.
    #[schema(example = "0912345678")]
    pub phone: Option<String>,
    /// Email; the login when no phone is given.
    #[schema(example = "thuy@example.vn")]
    pub email: Option<String>,
    /// Mật khẩu / password: 10 to 256 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
}

/// An employer signing up: the fields of the form, as typed.
#[derive(Deserialize, ToSchema)]
pub struct EmployerSignup {
    /// Mã số thuế / tax code (10 digits with their check digit, or 13 for a
    /// branch).
    #[schema(example = "0101234560")]
    pub tax_code: String,
    /// Tên đơn vị / the organisation's name.
    #[schema(example = "Công ty TNHH May Hòa Xá")]
    pub name: String,
    /// Loại hình / the employer kind, by its code.
    #[schema(value_type = EmployerKind)]
    pub kind: String,
    /// Ngành kinh tế / the industry, a VSIC 2018 code.
    #[schema(example = "1410")]
    pub industry: Option<String>,
    /// Địa chỉ / the commune (or province) of the address: a code or
    /// `structure:code`.
    #[schema(example = "10417")]
    pub address_unit: String,
    /// Số nhà, đường / the street address.
    pub address_line: Option<String>,
    /// Người liên hệ / the contact person.
    #[schema(example = "Đỗ Minh Quân")]
    pub contact_name: String,
    /// Số điện thoại / phone; it becomes the login. A phone or an e-mail is
    /// required.
    pub phone: Option<String>,
    /// Email; the login when no phone is given.
    pub email: Option<String>,
    /// Mật khẩu / password: 10 to 256 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
}

/// What a sign-up made: the account and the record it speaks for.
#[derive(Clone, Debug)]
pub struct SignedUp {
    pub account: UserAccount,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
}

/// A sign-up as the API answers it. The client logs in next.
#[derive(Serialize, ToSchema)]
pub struct SignupView {
    pub account: AccountView,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
}

impl From<&SignedUp> for SignupView {
    fn from(signed_up: &SignedUp) -> SignupView {
        SignupView {
            account: AccountView::from(&signed_up.account),
            worker_id: signed_up.worker_id,
            employer_id: signed_up.employer_id,
        }
    }
}

/// Collects every problem of a form, each naming its field.
#[derive(Default)]
struct Form {
    problems: Vec<FieldProblem>,
}

impl Form {
    /// Parses a field; a failure is a problem with the value as typed (the
    /// start of it: a value may be megabytes).
    fn parse<T>(
        &mut self,
        field: &'static str,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.problem(field, text, reason);
                None
            }
        }
    }

    /// An optional field: absent or blank is `None`.
    fn parse_optional<T>(
        &mut self,
        field: &'static str,
        text: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Result<Option<T>, ()> {
        match text.map(str::trim).filter(|text| !text.is_empty()) {
            None => Ok(None),
            Some(text) => self.parse(field, text, parse).map(Some).ok_or(()),
        }
    }

    fn problem(&mut self, field: &'static str, value: &str, reason: InvalidValue) {
        let shown: String = value.chars().take(100).collect();
        self.problems.push(FieldProblem::new(field, &shown, reason));
    }

    /// The password: checked, never echoed.
    fn password(&mut self, text: &str) -> Option<NewPassword> {
        match NewPassword::parse(text) {
            Ok(password) => Some(password),
            Err(error) => {
                self.problems.push(FieldProblem::new(
                    "password",
                    "",
                    InvalidValue::new(error.message_vi(), capitalised(&error.to_string())),
                ));
                None
            }
        }
    }

    /// The login: the phone (normalised as `PhoneNumber` writes it) when
    /// given, else the e-mail in lower case. Gives the field it came from.
    fn username(
        &mut self,
        phone: &Result<Option<PhoneNumber>, ()>,
        email: &Result<Option<Email>, ()>,
    ) -> Option<(Username, &'static str)> {
        match (phone, email) {
            (Ok(Some(phone)), _) => Username::parse(phone.as_str())
                .ok()
                .map(|name| (name, "phone")),
            (Err(()), _) | (Ok(None), Err(())) => None,
            (Ok(None), Ok(Some(email))) => match Username::parse(email.as_str()) {
                Ok(name) => Some((name, "email")),
                Err(_) => {
                    self.problem(
                        "email",
                        email.as_str(),
                        InvalidValue::new(
                            "Email này không dùng làm tên đăng nhập được (tối đa 64 ký tự: \
                             chữ a-z, chữ số, '.', '_', '-', '@'); hãy nhập số điện thoại",
                            "This e-mail address cannot be a login (at most 64 characters: \
                             a-z, digits, '.', '_', '-', '@'); give a phone number",
                        ),
                    );
                    None
                }
            },
            (Ok(None), Ok(None)) => {
                for field in ["phone", "email"] {
                    self.problem(
                        field,
                        "",
                        InvalidValue::new(
                            "Cần số điện thoại hoặc email để đăng nhập",
                            "A phone number or an e-mail address is needed to log in",
                        ),
                    );
                }
                None
            }
        }
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::fields_invalid(&self.problems))
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// A unit code as a form gives it, read in today's structure when bare.
fn parse_unit_text(text: &str) -> Result<UnitKey, InvalidValue> {
    UnitKey::parse(text.trim(), vietnam_today())
        .map_err(|error| InvalidValue::new(error.message_vi(), capitalised(&error.to_string())))
}

/// The profile a worker's sign-up registers: what the form says, and the
/// rest empty for the worker (or an officer) to fill in later. A person
/// who signs up on the job exchange is registered as looking for work;
/// both consents are off until the worker gives them (Decree 13/2023
/// wants consent given, not presumed).
fn signup_profile(
    citizen_id: CitizenId,
    full_name: PersonName,
    birth_date: NaiveDate,
    sex: Sex,
    residence: UnitKey,
    phone: Option<PhoneNumber>,
    email: Option<Email>,
) -> WorkerProfile {
    WorkerProfile {
        citizen_id: Some(citizen_id),
        full_name,
        birth_date,
        sex,
        ethnicity: None,
        residence,
        phone,
        email,
        general_education: None,
        qualification: Qualification::None,
        qualification_field: None,
        certificates: Vec::new(),
        occupations: Vec::new(),
        skills: Vec::new(),
        languages: Vec::new(),
        it_skill: None,
        wanted_occupation: None,
        wanted_wage: WageRange::default(),
        wanted_units: Vec::new(),
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
        wanted_hours: None,
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::new(),
        social_insurance: SocialInsurance::None,
        unemployment_insurance: false,
        health_insurance: false,
        consent_share_with_employers: false,
        consent_receive_messages: false,
    }
}

/// Takes one sign-up from the client's address, or answers 429. Without
/// an address (a caller inside the process) nothing is counted.
fn take_signup(state: &AppState, address: Option<IpAddr>) -> Result<(), ApiError> {
    match address {
        Some(address) if !state.signup_throttle.try_take(address, Instant::now()) => {
            tracing::warn!("sign-up refused: the address has had its share of the hour");
            Err(ApiError::too_many_signups())
        }
        _ => Ok(()),
    }
}

/// Hashes a password off the async threads.
async fn hash(state: &AppState, password: NewPassword) -> Result<String, ApiError> {
    crate::blocking::run(state, move || hash_password(password.expose()))
        .await?
        .map_err(|_| ApiError::internal())
}

/// Audits a sign-up's writes: the account and the record, each created by
/// the new account.
async fn audit_signup(
    state: &AppState,
    account: &UserAccount,
    record_kind: &'static str,
    record_id: i64,
    unit: &UnitKey,
) -> Result<(), ApiError> {
    let principal = Principal {
        user_id: Some(account.id),
        role: account.role,
        scope: None,
    };
    write_audit(
        state,
        &principal,
        AuditAction::Create,
        AuditSubject {
            kind: subject::USER_ACCOUNT,
            id: account.id.to_string(),
            unit: None,
        },
        AuditOutcome::Allowed,
        Some("signup".to_owned()),
        &[],
    )
    .await?;
    write_audit(
        state,
        &principal,
        AuditAction::Create,
        AuditSubject {
            kind: record_kind,
            id: record_id.to_string(),
            unit: Some(unit),
        },
        AuditOutcome::Allowed,
        Some("signup".to_owned()),
        &[],
    )
    .await
}

/// A worker signs up: an account whose login is the phone (or the e-mail)
/// and a worker record registered by the worker themselves, linked, in one
/// transaction. The client logs in next.
pub async fn signup_worker(
    state: &AppState,
    address: Option<IpAddr>,
    form: WorkerSignup,
) -> Result<SignedUp, ApiError> {
    let today = vietnam_today();
    let mut checked = Form::default();
    let full_name = checked.parse("full_name", &form.full_name, PersonName::parse);
    let citizen_id = checked.parse("citizen_id", &form.citizen_id, CitizenId::parse);
    let birth_date = checked.parse("birth_date", &form.birth_date, parse_date);
    let sex = checked.parse("sex", &form.sex, Sex::parse);
    let residence = checked.parse("residence", &form.residence, parse_unit_text);
    let phone = checked.parse_optional("phone", form.phone.as_deref(), PhoneNumber::parse);
    let email = checked.parse_optional("email", form.email.as_deref(), Email::parse);
    let username = checked.username(&phone, &email);
    let password = checked.password(&form.password);
    // The rules across fields, exactly as the registers check a profile:
    // the citizen ID against birth date and sex, the age, the residence a
    // commune. They run once the fields they read have parsed.
    let profile = match (citizen_id, birth_date, sex, residence) {
        (Some(citizen_id), Some(birth_date), Some(sex), Some(residence)) => {
            let profile = signup_profile(
                citizen_id,
                full_name
                    .clone()
                    .unwrap_or_else(|| PersonName::parse("Người lao động").expect("a name")),
                birth_date,
                sex,
                residence,
                phone.clone().ok().flatten(),
                email.clone().ok().flatten(),
            );
            checked.problems.extend(profile.check(&state.units, today));
            Some(profile)
        }
        _ => None,
    };
    checked.finish()?;
    let (Some(profile), Some(_), Some((username, login_field)), Some(password)) =
        (profile, full_name, username, password)
    else {
        return Err(ApiError::internal());
    };
    let citizen_id = profile.citizen_id.clone().ok_or_else(ApiError::internal)?;

    take_signup(state, address)?;
    // No takeover: a record on file is claimed through its officers.
    if state
        .store
        .find_worker_by_citizen_id(citizen_id.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::worker_on_file());
    }
    if state
        .store
        .find_user_credentials(&username)
        .await?
        .is_some()
    {
        return Err(ApiError::username_taken(login_field));
    }
    let password_hash = hash(state, password).await?;
    let province_code = province_of(state, &profile.residence)?;
    let user = NewUser {
        username: username.clone(),
        password_hash,
        role: Role::Worker,
        scope: None,
        province_code: None,
        display_name: profile.full_name.as_str().to_owned(),
    };
    let written = state
        .store
        .signup_worker(
            &user,
            WorkerWrite {
                profile: &profile,
                province_code: &province_code,
                registered_on: today,
                source: EventSource::SelfDeclared,
                actor: None,
            },
            Utc::now(),
        )
        .await;
    let (account, record) = match written {
        Ok(written) => written,
        // Another sign-up (or an import) took the key meanwhile.
        Err(StoreError::Conflict { .. }) => {
            return Err(
                if state
                    .store
                    .find_worker_by_citizen_id(citizen_id.as_str())
                    .await?
                    .is_some()
                {
                    ApiError::worker_on_file()
                } else {
                    ApiError::username_taken(login_field)
                },
            );
        }
        Err(error) => return Err(error.into()),
    };
    audit_signup(
        state,
        &account,
        subject::WORKER,
        record.id,
        &record.state.residence,
    )
    .await?;
    // The same follow-up as a worker registered through the registers: the
    // search index, the matching forms and the statistics.
    crate::search::follow_worker(state, record.id).await;
    tracing::info!(
        user_id = account.id,
        worker_id = record.id,
        "worker signed up"
    );
    Ok(SignedUp {
        account,
        worker_id: Some(record.id),
        employer_id: None,
    })
}

/// An employer signs up: an account and the employer's record, linked, in
/// one transaction. The client logs in next.
pub async fn signup_employer(
    state: &AppState,
    address: Option<IpAddr>,
    form: EmployerSignup,
) -> Result<SignedUp, ApiError> {
    let mut checked = Form::default();
    let tax_code = checked.parse("tax_code", &form.tax_code, TaxCode::parse);
    let name = checked.parse("name", &form.name, parse_org_name);
    let kind = checked.parse("kind", &form.kind, EmployerKind::parse);
    let industry =
        checked.parse_optional("industry", form.industry.as_deref(), IndustryCode::parse);
    let address_unit = checked.parse("address_unit", &form.address_unit, parse_unit_text);
    let contact_name = checked.parse("contact_name", &form.contact_name, PersonName::parse);
    let phone = checked.parse_optional("phone", form.phone.as_deref(), PhoneNumber::parse);
    let email = checked.parse_optional("email", form.email.as_deref(), Email::parse);
    let username = checked.username(&phone, &email);
    let password = checked.password(&form.password);
    let address_line = form
        .address_line
        .as_deref()
        .map(|line| vieclam_text::nfc(line.trim()))
        .filter(|line| !line.is_empty());
    let profile = match (tax_code, name, kind, industry, address_unit, contact_name) {
        (
            Some(tax_code),
            Some(name),
            Some(kind),
            Ok(industry),
            Some(address_unit),
            Some(contact),
        ) => {
            let profile = EmployerProfile {
                tax_code: Some(tax_code),
                name,
                kind,
                industry,
                size: None,
                address_unit,
                address_line,
                contact_name: Some(contact),
                contact_phone: phone.clone().ok().flatten(),
                contact_email: email.clone().ok().flatten(),
            };
            for mut problem in profile.check(&state.units) {
                // The profile's contact fields are the form's phone and e-mail.
                problem.field = match problem.field {
                    "contact_phone" => "phone",
                    "contact_email" => "email",
                    field => field,
                };
                checked.problems.push(problem);
            }
            Some(profile)
        }
        _ => None,
    };
    checked.finish()?;
    let (Some(profile), Some((username, login_field)), Some(password)) =
        (profile, username, password)
    else {
        return Err(ApiError::internal());
    };
    let tax_code = profile.tax_code.clone().ok_or_else(ApiError::internal)?;

    take_signup(state, address)?;
    if let Some(on_file) = state
        .store
        .find_employer_by_tax_code(tax_code.as_str())
        .await?
    {
        return Err(employer_on_file(state, &on_file.profile.address_unit));
    }
    if state
        .store
        .find_user_credentials(&username)
        .await?
        .is_some()
    {
        return Err(ApiError::username_taken(login_field));
    }
    let password_hash = hash(state, password).await?;
    let province_code = province_of(state, &profile.address_unit)?;
    let user = NewUser {
        username,
        password_hash,
        role: Role::Employer,
        scope: None,
        province_code: None,
        display_name: profile.name.clone(),
    };
    let written = state
        .store
        .signup_employer(
            &user,
            EmployerWrite {
                profile: &profile,
                province_code: &province_code,
            },
            Utc::now(),
        )
        .await;
    let (account, record) = match written {
        Ok(written) => written,
        Err(StoreError::Conflict { .. }) => {
            return Err(
                match state
                    .store
                    .find_employer_by_tax_code(tax_code.as_str())
                    .await?
                {
                    Some(on_file) => employer_on_file(state, &on_file.profile.address_unit),
                    None => ApiError::username_taken(login_field),
                },
            );
        }
        Err(error) => return Err(error.into()),
    };
    audit_signup(
        state,
        &account,
        subject::EMPLOYER,
        record.id,
        &record.profile.address_unit,
    )
    .await?;
    tracing::info!(
        user_id = account.id,
        employer_id = record.id,
        "employer signed up"
    );
    Ok(SignedUp {
        account,
        worker_id: None,
        employer_id: Some(record.id),
    })
}

fn employer_on_file(state: &AppState, unit: &UnitKey) -> ApiError {
    let unit_name = state
        .units
        .get(unit)
        .map_or_else(|_| unit.to_string(), |unit| unit.name.clone());
    ApiError::employer_on_file(&unit_name)
}

// ---------------------------------------------------------------------
// Consent.

/// A worker's choices about their own profile.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct ConsentChoice {
    /// May employers see the profile among recommended candidates?
    pub share_with_employers: bool,
    /// May the exchange send job messages?
    pub receive_messages: bool,
}

/// The consents in force.
#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    pub worker_id: i64,
    pub share_with_employers: bool,
    pub receive_messages: bool,
    pub updated_at: DateTime<Utc>,
}

/// The worker record of a worker account acting on its own data, or the
/// refusal (audited).
async fn own_record(
    state: &AppState,
    caller: &Caller,
    action: AuditAction,
) -> Result<WorkerRecord, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let own = own_worker(state, principal).await?;
    check_audited(
        state,
        principal,
        action,
        AuditSubject {
            kind: subject::WORKER,
            id: "own".to_owned(),
            unit: None,
        },
        principal.may_manage_own_data(own.is_some()),
    )
    .await?;
    load_worker(state, own.ok_or_else(ApiError::internal)?).await
}

/// Writes a worker's consents through the one path that saves a worker's
/// profile (`records::update_worker_profile`: checked, audited, recorded as
/// self-declared, then the search index, the matching forms and the
/// statistics follow), so that a withdrawal takes effect on the next list
/// of candidates.
async fn write_consent(
    state: &AppState,
    caller: &Caller,
    record: WorkerRecord,
    choice: &ConsentChoice,
) -> Result<WorkerRecord, ApiError> {
    let mut profile = record.profile;
    profile.consent_share_with_employers = choice.share_with_employers;
    profile.consent_receive_messages = choice.receive_messages;
    crate::records::update_worker_profile(state, caller, record.id, profile).await
}

/// Gives or withdraws a worker's consents, at once.
pub async fn set_consent(
    state: &AppState,
    caller: &Caller,
    choice: ConsentChoice,
) -> Result<ConsentView, ApiError> {
    let record = own_record(state, caller, AuditAction::Update).await?;
    let record = write_consent(state, caller, record, &choice).await?;
    Ok(ConsentView {
        worker_id: record.id,
        share_with_employers: record.profile.consent_share_with_employers,
        receive_messages: record.profile.consent_receive_messages,
        updated_at: record.updated_at,
    })
}

// ---------------------------------------------------------------------
// Deletion requests.

/// A worker's request to erase their data.
#[derive(Deserialize, ToSchema)]
pub struct DeletionRequestForm {
    /// Why, in the person's words (optional, at most 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// An officer's decision on a deletion request.
#[derive(Deserialize, ToSchema)]
pub struct DeletionDecisionForm {
    /// `erase` (delete the record, close the account) or `refuse` (keep
    /// them: the law obliges the state to keep this record).
    #[schema(example = "refuse")]
    pub decision: String,
    /// Why; required for a refusal, which the person reads (at most 500
    /// characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// A deletion request as answered.
#[derive(Serialize, ToSchema)]
pub struct DeletionRequestView {
    pub id: i64,
    /// The account that asked.
    pub account_id: i64,
    /// The worker record it is about (its number stays after an erasure).
    pub worker_id: Option<i64>,
    /// Where the record was kept when asked, as `structure:code`.
    pub unit: String,
    pub unit_name: Option<String>,
    pub reason: Option<String>,
    /// `open`, `erased` or `refused`.
    pub status: Named,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl DeletionRequestView {
    pub fn of(state: &AppState, request: DeletionRequest) -> DeletionRequestView {
        DeletionRequestView {
            id: request.id,
            account_id: request.user_id,
            worker_id: request.worker_id,
            unit_name: state
                .units
                .get(&request.unit)
                .ok()
                .map(|unit| unit.name.clone()),
            unit: request.unit.to_string(),
            reason: request.reason,
            status: status_named(request.status),
            decided_at: request.decided_at,
            decision_reason: request.decision_reason,
            created_at: request.created_at,
        }
    }
}

fn status_named(status: DeletionStatus) -> Named {
    Named {
        code: status.as_str(),
        name_vi: status.name_vi(),
        name_en: status.name_en(),
    }
}

fn reason_of(field: &'static str, text: Option<&str>) -> Result<Option<String>, ApiError> {
    parse_reason(text).map_err(|reason| {
        let shown: String = text.unwrap_or_default().chars().take(100).collect();
        ApiError::fields_invalid(&[FieldProblem::new(field, &shown, reason)])
    })
}

/// A worker asks for their data to be erased (Decree 13/2023 art. 16):
/// both consents are withdrawn at once, and the request waits for an
/// officer of the unit that keeps the record. An account has one open
/// request: asking again answers it (the flag says whether it is new).
pub async fn request_deletion(
    state: &AppState,
    caller: &Caller,
    form: DeletionRequestForm,
) -> Result<(DeletionRequestView, bool), ApiError> {
    let reason = reason_of("reason", form.reason.as_deref())?;
    let record = own_record(state, caller, AuditAction::Create).await?;
    let principal = &caller.principal;
    let record =
        if record.profile.consent_share_with_employers || record.profile.consent_receive_messages {
            let withdrawn = ConsentChoice {
                share_with_employers: false,
                receive_messages: false,
            };
            write_consent(state, caller, record, &withdrawn).await?
        } else {
            record
        };
    let user_id = principal.user_id.ok_or_else(ApiError::unauthenticated)?;
    let (request, created) = state
        .store
        .request_deletion(
            &DeletionRequestWrite {
                user_id,
                worker_id: Some(record.id),
                unit: &record.state.residence,
                province_code: &record.province_code,
                reason: reason.as_deref(),
            },
            Utc::now(),
        )
        .await?;
    if created {
        audit(
            state,
            principal,
            AuditAction::Create,
            AuditSubject {
                kind: subject::DELETION_REQUEST,
                id: request.id.to_string(),
                unit: Some(&request.unit),
            },
            &Ok(()),
        )
        .await?;
    }
    Ok((DeletionRequestView::of(state, request), created))
}

/// The caller's latest deletion request, open or decided; `None` when
/// they never made one.
pub async fn own_deletion_request(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<DeletionRequestView>, ApiError> {
    let account = caller.require_account()?;
    caller.principal.may_read_own_data()?;
    let requests = state.store.deletion_requests_of(account.id).await?;
    Ok(requests
        .into_iter()
        .next()
        .map(|request| DeletionRequestView::of(state, request)))
}

/// The deletion requests of the caller's area (officers who keep the
/// registers), oldest first; `status` narrows them (`open`, `erased`,
/// `refused`). Audited with every request returned.
pub async fn list_deletion_requests(
    state: &AppState,
    caller: &Caller,
    status: Option<&str>,
    limit: Option<u64>,
    offset: Option<u64>,
) -> Result<Vec<DeletionRequestView>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::DELETION_REQUEST,
            id: "list".to_owned(),
            unit: principal.scope.as_ref(),
        },
        principal.may_list_deletion_requests(),
    )
    .await?;
    let status = status
        .map(|text| {
            DeletionStatus::parse(text).ok_or_else(|| {
                ApiError::bad_request(
                    "Trạng thái là open, erased hoặc refused",
                    "The status is open, erased or refused",
                )
            })
        })
        .transpose()?;
    let page = Paging::check(limit, offset, PagingRule::REGISTER)?.page();
    let area = area_of(state, principal, true);
    let requests = state
        .store
        .list_deletion_requests(&area, status, page)
        .await?;
    let ids: Vec<i64> = requests.iter().map(|request| request.id).collect();
    audit_returned(state, principal, subject::DELETION_REQUEST, "list", &ids).await?;
    Ok(requests
        .into_iter()
        .map(|request| DeletionRequestView::of(state, request))
        .collect())
}

/// An officer decides a deletion request about a record of their area
/// (checked where the record is now): erase deletes the worker record (its
/// events and exchange history with it) and closes the account, in one
/// transaction, and the search index, matching and statistics follow as
/// after any delete; refuse keeps both and records the reason.
pub async fn decide_deletion(
    state: &AppState,
    caller: &Caller,
    id: i64,
    form: DeletionDecisionForm,
) -> Result<DeletionRequestView, ApiError> {
    let account = caller.require_account()?;
    let principal = &caller.principal;
    let mut checked = Form::default();
    let decision = checked.parse("decision", &form.decision, DeletionDecision::parse);
    let reason = match parse_reason(form.reason.as_deref()) {
        Ok(reason) => reason,
        Err(invalid) => {
            checked.problem(
                "reason",
                form.reason.as_deref().unwrap_or_default(),
                invalid,
            );
            None
        }
    };
    if decision == Some(DeletionDecision::Refuse) && reason.is_none() && checked.problems.is_empty()
    {
        checked.problem(
            "reason",
            "",
            InvalidValue::new(
                "Cần nêu lý do không xóa; người yêu cầu sẽ đọc lý do này",
                "A refusal needs its reason; the person who asked reads it",
            ),
        );
    }
    checked.finish()?;
    let decision = decision.ok_or_else(ApiError::internal)?;
    let request = state
        .store
        .get_deletion_request(id)
        .await?
        .ok_or_else(ApiError::deletion_request_not_found)?;
    // Where the record is now decides who may decide; an erased or moved
    // record falls back to where it was when asked.
    let worker = match request.worker_id {
        Some(worker_id) => state.store.get_worker(worker_id).await?,
        None => None,
    };
    let unit = worker
        .as_ref()
        .map_or(&request.unit, |worker| &worker.state.residence);
    let allowed: Result<(), AccessError> = principal.may_decide_deletion(&state.units, unit);
    let subject_of = |unit| AuditSubject {
        kind: subject::DELETION_REQUEST,
        id: id.to_string(),
        unit: Some(unit),
    };
    if allowed.is_err() {
        audit(
            state,
            principal,
            AuditAction::Update,
            subject_of(unit),
            &allowed,
        )
        .await?;
        allowed?;
    }
    if request.status != DeletionStatus::Open {
        return Err(ApiError::deletion_request_decided());
    }
    let result = state
        .store
        .decide_deletion_request(id, decision, reason.as_deref(), account.id, Utc::now())
        .await
        .map_err(|error| match error {
            StoreError::Conflict { .. } => ApiError::deletion_request_decided(),
            error => error.into(),
        });
    audit_result(
        state,
        principal,
        AuditAction::Update,
        subject_of(unit),
        &result,
    )
    .await?;
    let decided = result?;
    if decision == DeletionDecision::Erase {
        if let Some(worker) = &worker {
            audit(
                state,
                principal,
                AuditAction::Delete,
                AuditSubject {
                    kind: subject::WORKER,
                    id: worker.id.to_string(),
                    unit: Some(&worker.state.residence),
                },
                &Ok(()),
            )
            .await?;
            crate::search::follow_worker(state, worker.id).await;
        }
        write_audit(
            state,
            principal,
            AuditAction::Update,
            AuditSubject {
                kind: subject::USER_ACCOUNT,
                id: decided.user_id.to_string(),
                unit: None,
            },
            AuditOutcome::Allowed,
            Some("deactivated: data erased on request".to_owned()),
            &[],
        )
        .await?;
    }
    tracing::info!(
        deletion_request_id = id,
        decision = decision.as_str(),
        "deletion request decided"
    );
    Ok(DeletionRequestView::of(state, decided))
}

// ---------------------------------------------------------------------
// One's own data.

/// A labour event of one's own record.
#[derive(Serialize, ToSchema)]
pub struct OwnEvent {
    pub id: i64,
    pub event: LabourEvent,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<i64>,
}

/// A check-in of an unemployment-insurance claim.
#[derive(Serialize, ToSchema)]
pub struct OwnCheckin {
    pub due: NaiveDate,
    pub made_on: NaiveDate,
    pub note: Option<String>,
}

/// An unemployment-insurance claim of one's own.
#[derive(Serialize, ToSchema)]
pub struct OwnClaim {
    pub id: i64,
    pub start: NaiveDate,
    pub months: u32,
    /// The unit that follows the claim, as `structure:code`.
    pub unit: String,
    pub status: Named,
    pub checkins: Vec<OwnCheckin>,
    pub created_at: DateTime<Utc>,
}

impl From<ClaimRecord> for OwnClaim {
    fn from(record: ClaimRecord) -> OwnClaim {
        OwnClaim {
            id: record.id,
            start: record.start,
            months: record.months,
            unit: record.unit.to_string(),
            status: claim_status_named(record.status),
            checkins: record
                .checkins
                .into_iter()
                .map(|checkin| OwnCheckin {
                    due: checkin.due,
                    made_on: checkin.made_on,
                    note: checkin.note,
                })
                .collect(),
            created_at: record.created_at,
        }
    }
}

/// Everything vieclam holds about a worker's own record.
#[derive(Serialize, ToSchema)]
pub struct OwnWorker {
    pub id: i64,
    pub province_code: String,
    /// The whole profile, identifiers included.
    #[schema(value_type = Object)]
    pub profile: WorkerProfile,
    /// The situation derived from the labour events.
    #[schema(value_type = Object)]
    pub state: WorkerState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub events: Vec<OwnEvent>,
    /// Applications, each with its dated steps.
    pub applications: Vec<ApplicationView>,
    /// Registrations for job-fair sessions.
    pub registrations: Vec<RegistrationView>,
    pub interviews: Vec<InterviewView>,
    pub counselling: Vec<CounsellingView>,
    /// Unemployment-insurance claims with their monthly check-ins.
    pub claims: Vec<OwnClaim>,
}

/// Everything vieclam holds about an employer account's own employer.
#[derive(Serialize, ToSchema)]
pub struct OwnEmployer {
    pub id: i64,
    pub province_code: String,
    /// The whole profile, contact included.
    #[schema(value_type = Object)]
    pub profile: EmployerProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every vacancy, open or not.
    pub vacancies: Vec<VacancyView>,
    /// Registrations for booths at job-fair sessions.
    pub registrations: Vec<RegistrationView>,
}

/// Everything vieclam holds about the caller: the account, the record it
/// speaks for with all that hangs on it, and the deletion requests.
#[derive(Serialize, ToSchema)]
pub struct OwnData {
    pub account: AccountView,
    pub worker: Option<OwnWorker>,
    pub employer: Option<OwnEmployer>,
    /// Newest first.
    pub deletion_requests: Vec<DeletionRequestView>,
    pub generated_at: DateTime<Utc>,
}

/// Every row a listing has, read a page at a time.
async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, StoreError>
where
    F: FnMut(Page) -> Fut,
    Fut: Future<Output = Result<Vec<T>, StoreError>>,
{
    const LIMIT: u32 = 500;
    let mut rows = Vec::new();
    loop {
        let offset = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let batch = fetch(Page {
            limit: LIMIT,
            offset,
        })
        .await?;
        let n_read = batch.len();
        rows.extend(batch);
        if n_read < LIMIT as usize {
            return Ok(rows);
        }
    }
}

async fn own_worker_data(state: &AppState, record: WorkerRecord) -> Result<OwnWorker, ApiError> {
    let id = record.id;
    let store = state.store.as_ref();
    let events = store.list_events(id).await?;
    let applications = ApplicationFilter {
        worker_id: Some(id),
        ..ApplicationFilter::default()
    };
    let applications = all_pages(|page| store.list_applications(&applications, page)).await?;
    let registrations = all_pages(|page| store.registrations_of(Party::Worker, id, page)).await?;
    let interviews = InterviewFilter {
        worker_id: Some(id),
        ..InterviewFilter::default()
    };
    let interviews = all_pages(|page| store.list_interviews(&interviews, page)).await?;
    let counselling = CounsellingFilter {
        worker_id: Some(id),
        ..CounsellingFilter::default()
    };
    let counselling = all_pages(|page| store.list_counselling(&counselling, page)).await?;
    let claims = ClaimFilter {
        worker_id: Some(id),
        ..ClaimFilter::default()
    };
    let claims = all_pages(|page| store.list_claims(&claims, page)).await?;
    Ok(OwnWorker {
        id,
        province_code: record.province_code,
        profile: record.profile,
        state: record.state,
        created_at: record.created_at,
        updated_at: record.updated_at,
        events: events
            .into_iter()
            .map(|event| OwnEvent {
                id: event.id,
                event: event.event,
                recorded_at: event.recorded_at,
                recorded_by: event.recorded_by,
            })
            .collect(),
        applications: applications.into_iter().map(Into::into).collect(),
        registrations: registrations
            .into_iter()
            .map(|registration| RegistrationView::of(registration, None))
            .collect(),
        interviews: interviews.into_iter().map(Into::into).collect(),
        counselling: counselling.into_iter().map(Into::into).collect(),
        claims: claims.into_iter().map(Into::into).collect(),
    })
}

/// Everything vieclam holds about the caller (any account), audited as a
/// read (`action` `Export` for the workbook) of the records it shows.
pub async fn own_data(
    state: &AppState,
    caller: &Caller,
    action: AuditAction,
) -> Result<OwnData, ApiError> {
    let account = caller.require_account()?;
    let principal = &caller.principal;
    principal.may_read_own_data()?;
    let worker = match own_worker(state, principal).await? {
        Some(id) => state.store.get_worker(id).await?,
        None => None,
    };
    let employer = match own_employer(state, principal).await? {
        Some(id) => state.store.get_employer(id).await?,
        None => None,
    };
    if let Some(record) = &worker {
        audit(
            state,
            principal,
            action,
            AuditSubject {
                kind: subject::WORKER,
                id: record.id.to_string(),
                unit: Some(&record.state.residence),
            },
            &Ok(()),
        )
        .await?;
    }
    if let Some(record) = &employer {
        audit(
            state,
            principal,
            action,
            AuditSubject {
                kind: subject::EMPLOYER,
                id: record.id.to_string(),
                unit: Some(&record.profile.address_unit),
            },
            &Ok(()),
        )
        .await?;
    }
    let worker = match worker {
        Some(record) => Some(own_worker_data(state, record).await?),
        None => None,
    };
    let employer = match employer {
        Some(record) => {
            let store = state.store.as_ref();
            let id = record.id;
            let vacancies = all_pages(|page| {
                store.list_vacancies(&vieclam_store::Area::All, Some(id), None, page)
            })
            .await?;
            let registrations =
                all_pages(|page| store.registrations_of(Party::Employer, id, page)).await?;
            Some(OwnEmployer {
                id,
                province_code: record.province_code,
                profile: record.profile,
                created_at: record.created_at,
                updated_at: record.updated_at,
                vacancies: vacancies.into_iter().map(VacancyView::from).collect(),
                registrations: registrations
                    .into_iter()
                    .map(|registration| RegistrationView::of(registration, None))
                    .collect(),
            })
        }
        None => None,
    };
    let deletion_requests = state
        .store
        .deletion_requests_of(account.id)
        .await?
        .into_iter()
        .map(|request| DeletionRequestView::of(state, request))
        .collect();
    Ok(OwnData {
        account: AccountView::from(account),
        worker,
        employer,
        deletion_requests,
        generated_at: Utc::now(),
    })
}

/// The caller's own data as an XLSX workbook, one sheet per section, the
/// same content as [`own_data`] (nested fields as `a.b` columns).
pub async fn own_data_workbook(state: &AppState, caller: &Caller) -> Result<Vec<u8>, ApiError> {
    let data = own_data(state, caller, AuditAction::Export).await?;
    let json = serde_json::to_value(&data).map_err(|_| ApiError::internal())?;
    let written = crate::blocking::run(state, move || {
        vieclam_sheets::write_workbook(&workbook_sheets(&json))
    })
    .await?;
    written.map_err(|error| {
        tracing::error!(error = %error, "own-data workbook not written");
        ApiError::internal()
    })
}

/// The sheets of the own-data workbook: (sheet name, path in the JSON).
const WORKBOOK_SECTIONS: &[(&str, &[&str])] = &[
    ("Tài khoản", &["account"]),
    ("Hồ sơ người lao động", &["worker"]),
    ("Biến động lao động", &["worker", "events"]),
    ("Ứng tuyển", &["worker", "applications"]),
    ("Đăng ký phiên GDVL", &["worker", "registrations"]),
    ("Phỏng vấn", &["worker", "interviews"]),
    ("Tư vấn", &["worker", "counselling"]),
    ("Trợ cấp thất nghiệp", &["worker", "claims"]),
    ("Hồ sơ đơn vị", &["employer"]),
    ("Vị trí tuyển dụng", &["employer", "vacancies"]),
    ("Đăng ký gian tuyển dụng", &["employer", "registrations"]),
    ("Yêu cầu xóa dữ liệu", &["deletion_requests"]),
];

/// The lists a record's sheet leaves to sheets of their own.
const LISTED_APART: &[&str] = &[
    "events",
    "applications",
    "registrations",
    "interviews",
    "counselling",
    "claims",
    "vacancies",
];

fn workbook_sheets(json: &Value) -> Vec<vieclam_sheets::SheetData> {
    let mut sheets = Vec::new();
    for (name, path) in WORKBOOK_SECTIONS {
        let Some(section) = path
            .iter()
            .try_fold(json, |value, key| value.get(key))
            .filter(|value| !value.is_null())
        else {
            continue;
        };
        let sheet = match section {
            Value::Array(items) => table_sheet(name, items),
            Value::Object(fields) => {
                let mut pairs = Vec::new();
                for (key, value) in fields {
                    if !LISTED_APART.contains(&key.as_str()) {
                        flatten(key, value, &mut pairs);
                    }
                }
                vieclam_sheets::SheetData {
                    name: (*name).to_owned(),
                    headers: vec!["Trường / field".to_owned(), "Giá trị / value".to_owned()],
                    rows: pairs
                        .into_iter()
                        .map(|(key, value)| vec![key, value])
                        .collect(),
                }
            }
            other => vieclam_sheets::SheetData {
                name: (*name).to_owned(),
                headers: vec!["Giá trị / value".to_owned()],
                rows: vec![vec![cell(other)]],
            },
        };
        sheets.push(sheet);
    }
    sheets
}

/// A list of objects as a table: a column per field (nested ones as
/// `a.b`), in the order they first appear.
fn table_sheet(name: &str, items: &[Value]) -> vieclam_sheets::SheetData {
    let mut headers: Vec<String> = Vec::new();
    let mut flattened = Vec::with_capacity(items.len());
    for item in items {
        let mut pairs = Vec::new();
        flatten("", item, &mut pairs);
        for (key, _) in &pairs {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
        flattened.push(pairs);
    }
    let rows = flattened
        .into_iter()
        .map(|pairs| {
            headers
                .iter()
                .map(|header| {
                    pairs
                        .iter()
                        .find(|(key, _)| key == header)
                        .map(|(_, value)| value.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect::<Vec<Vec<String>>>();
    if rows.is_empty() {
        return vieclam_sheets::SheetData {
            name: name.to_owned(),
            headers: vec!["Không có / none".to_owned()],
            rows: Vec::new(),
        };
    }
    vieclam_sheets::SheetData {
        name: name.to_owned(),
        headers,
        rows,
    }
}

/// Nested objects become `a.b` fields; a list of plain values one cell
/// joined by "; "; a list of objects one cell of JSON.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, inner) in fields {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, inner, out);
            }
        }
        Value::Array(items)
            if items
                .iter()
                .all(|item| !item.is_object() && !item.is_array()) =>
        {
            let joined = items.iter().map(cell).collect::<Vec<_>>().join("; ");
            out.push((prefix.to_owned(), joined));
        }
        other => out.push((prefix.to_owned(), cell(other))),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The answer status of a deletion request just made (201) or already open
/// (200).
pub fn request_status(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

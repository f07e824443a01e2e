//! The worker sheet: its columns as on the labour supply survey forms, the
//! row parser, and the row writer used by exports (so that an export
//! imports back unchanged).

use chrono::NaiveDate;
use vieclam_domain::registry::{
    parse_date, CitizenId, Email, EmploymentStatus, EthnicGroup, GeneralEducation, InvalidValue,
    ItSkill, Language, OccupationCode, OccupationExperience, PersonName, PhoneNumber,
    PriorityGroup, Qualification, Sex, SocialInsurance, WageRange, WorkHours, WorkerProfile,
};
use vieclam_domain::AdminUnits;

use crate::rows::{parse_sheet, refuse_repeated_keys, ParsedSheet, RowParser};
use crate::table::{Column, SheetError, Table};
use crate::units::{format_unit, parse_unit};

const fn column(
    field: &'static str,
    header_vi: &'static str,
    header_en: &'static str,
    aliases: &'static [&'static str],
) -> Column {
    Column {
        field,
        header_vi,
        header_en,
        aliases,
        required: false,
        pad_to: None,
    }
}

const fn required(mut column: Column) -> Column {
    column.required = true;
    column
}

const fn padded(mut column: Column, width: usize) -> Column {
    column.pad_to = Some(width);
    column
}

/// The worker sheet's columns, in the order exports write them.
pub const WORKER_COLUMNS: &[Column] = &[
    required(column(
        "full_name",
        "Họ và tên",
        "Full name",
        &["ho ten", "ten", "name"],
    )),
    required(column(
        "birth_date",
        "Ngày sinh",
        "Birth date",
        &["ngay thang nam sinh", "date of birth", "dob"],
    )),
    required(column("sex", "Giới tính", "Sex", &["gioi", "gender"])),
    required(padded(
        column(
            "citizen_id",
            "Số CCCD",
            "Citizen ID",
            &[
                "cccd",
                "so dinh danh ca nhan",
                "so cccd cmnd",
                "so can cuoc",
                "can cuoc cong dan",
            ],
        ),
        12,
    )),
    required(padded(
        column(
            "residence",
            "Mã xã",
            "Commune code",
            &[
                "ma xa phuong",
                "ma don vi hanh chinh",
                "ma xa noi cu tru",
                "residence",
            ],
        ),
        5,
    )),
    column("ethnicity", "Dân tộc", "Ethnicity", &[]),
    padded(
        column(
            "phone",
            "Số điện thoại",
            "Phone",
            &["dien thoai", "sdt", "so dt"],
        ),
        10,
    ),
    column("email", "Email", "E-mail", &["thu dien tu"]),
    column(
        "general_education",
        "Trình độ học vấn",
        "General education",
        &["trinh do giao duc pho thong", "hoc van"],
    ),
    column(
        "qualification",
        "Trình độ chuyên môn kỹ thuật",
        "Qualification",
        &["trinh do cmkt", "trinh do chuyen mon"],
    ),
    column(
        "qualification_field",
        "Chuyên ngành đào tạo",
        "Field of study",
        &["chuyen nganh", "nganh dao tao"],
    ),
    column(
        "certificates",
        "Chứng chỉ",
        "Certificates",
        &["chung chi nghe"],
    ),
    column(
        "occupations",
        "Nghề nghiệp",
        "Occupations",
        &["ma nghe", "nghe", "occupation"],
    ),
    column("skills", "Kỹ năng", "Skills", &[]),
    column("languages", "Ngoại ngữ", "Languages", &[]),
    column("it_skill", "Kỹ năng tin học", "IT skills", &["tin hoc"]),
    column(
        "wanted_occupation",
        "Nghề mong muốn",
        "Wanted occupation",
        &["cong viec mong muon"],
    ),
    column(
        "wanted_wage",
        "Mức lương mong muốn",
        "Wanted wage",
        &["luong mong muon"],
    ),
    column(
        "wanted_units",
        "Nơi làm việc mong muốn",
        "Wanted places",
        &["noi lam viec mong muon ma xa"],
    ),
    column(
        "wanted_hours",
        "Thời gian làm việc mong muốn",
        "Wanted hours",
        &[],
    ),
    column(
        "employment_status",
        "Tình trạng việc làm",
        "Employment status",
        &["tinh trang"],
    ),
    column(
        "priority_groups",
        "Đối tượng ưu tiên",
        "Priority groups",
        &["doi tuong"],
    ),
    column(
        "social_insurance",
        "Bảo hiểm xã hội",
        "Social insurance",
        &["bhxh"],
    ),
    column(
        "unemployment_insurance",
        "Bảo hiểm thất nghiệp",
        "Unemployment insurance",
        &["bhtn"],
    ),
    column(
        "health_insurance",
        "Bảo hiểm y tế",
        "Health insurance",
        &["bhyt"],
    ),
    column(
        "consent_share_with_employers",
        "Đồng ý chia sẻ với nhà tuyển dụng",
        "Consent to share with employers",
        &["dong y chia se"],
    ),
    column(
        "consent_receive_messages",
        "Đồng ý nhận tin việc làm",
        "Consent to receive messages",
        &["dong y nhan tin"],
    ),
];

/// Parses "3313:4; 7212" (unit group, optionally with years) into
/// occupations with experience.
fn parse_occupation_item(text: &str) -> Result<OccupationExperience, InvalidValue> {
    let (code, years) = match text.split_once(':') {
        Some((code, years)) => (code, Some(years)),
        None => (text, None),
    };
    let years = match years {
        Some(years) => years
            .trim()
            .trim_end_matches("năm")
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|years| *years <= 80)
            .ok_or_else(|| {
                InvalidValue::new(
                    format!("Số năm kinh nghiệm {:?} không hợp lệ (0–80)", years.trim()),
                    format!("Years of experience {:?} is not valid (0–80)", years.trim()),
                )
            })?,
        None => 0,
    };
    Ok(OccupationExperience {
        code: OccupationCode::parse(code)?,
        years,
    })
}

/// Settings of a worker import.
#[derive(Clone, Copy, Debug)]
pub struct WorkerImportSettings<'a> {
    pub units: &'a AdminUnits,
    /// The date whose structure bare unit codes are read in.
    pub codes_on: NaiveDate,
    /// Today, for the working-age check.
    pub today: NaiveDate,
}

/// Parses a worker row; every problem is recorded in `parser`.
pub fn parse_worker_row(
    parser: &mut RowParser<'_>,
    settings: WorkerImportSettings<'_>,
) -> Option<WorkerProfile> {
    let unit = |text: &str| parse_unit(text, settings.codes_on, settings.units);
    let full_name = parser.required("full_name", PersonName::parse);
    let birth_date = parser.required("birth_date", parse_date);
    let sex = parser.required("sex", Sex::parse);
    let citizen_id = parser.required("citizen_id", CitizenId::parse);
    let residence = parser.required("residence", unit);
    let ethnicity = parser.optional("ethnicity", EthnicGroup::parse);
    let phone = parser.optional("phone", PhoneNumber::parse);
    let email = parser.optional("email", Email::parse);
    let general_education = parser.optional("general_education", GeneralEducation::parse);
    let qualification = parser.optional("qualification", Qualification::parse);
    let qualification_field = parser.optional("qualification_field", |text| Ok(text.to_owned()));
    let certificates = parser.list("certificates", |text| Ok(text.to_owned()));
    let occupations = parser.list("occupations", parse_occupation_item);
    let skills = parser.list("skills", |text| Ok(text.to_owned()));
    let languages = parser.list("languages", Language::parse);
    let it_skill = parser.optional("it_skill", ItSkill::parse);
    let wanted_occupation = parser.optional("wanted_occupation", OccupationCode::parse);
    let wanted_wage = parser.optional("wanted_wage", WageRange::parse);
    let wanted_units = parser.list("wanted_units", unit);
    let wanted_hours = parser.optional("wanted_hours", WorkHours::parse);
    let employment_status = parser.optional("employment_status", EmploymentStatus::parse);
    let priority_groups = parser.list("priority_groups", PriorityGroup::parse);
    let social_insurance = parser.optional("social_insurance", SocialInsurance::parse);
    let unemployment_insurance = parser.flag("unemployment_insurance", false);
    let health_insurance = parser.flag("health_insurance", false);
    let consent_share = parser.flag("consent_share_with_employers", false);
    let consent_messages = parser.flag("consent_receive_messages", false);

    let profile = WorkerProfile {
        citizen_id: Some(citizen_id?),
        full_name: full_name?,
        birth_date: birth_date?,
        sex: sex?,
        ethnicity: ethnicity?,
        residence: residence?,
        phone: phone?,
        email: email?,
        general_education: general_education?,
        qualification: qualification?.unwrap_or(Qualification::None),
        qualification_field: qualification_field?,
        certificates: certificates?,
        occupations: occupations?,
        skills: skills?,
        languages: languages?,
        it_skill: it_skill?,
        wanted_occupation: wanted_occupation?,
        wanted_wage: wanted_wage?.unwrap_or_default(),
        wanted_units: wanted_units?,
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        wanted_hours: wanted_hours?,
        employment_status: employment_status?.unwrap_or(EmploymentStatus::Unemployed),
        priority_groups: priority_groups?.into_iter().collect(),
        social_insurance: social_insurance?.unwrap_or(SocialInsurance::None),
        unemployment_insurance: unemployment_insurance?,
        health_insurance: health_insurance?,
        consent_share_with_employers: consent_share?,
        consent_receive_messages: consent_messages?,
    };
    let problems = profile.check(settings.units, settings.today);
    if !problems.is_empty() {
        parser.field_problems(problems, &[]);
        return None;
    }
    Some(profile)
}

/// Parses a whole worker sheet; a citizen ID repeated inside the file is a
/// problem of every row after the first.
pub fn parse_workers(
    table: &Table,
    settings: WorkerImportSettings<'_>,
) -> Result<ParsedSheet<WorkerProfile>, SheetError> {
    let mut sheet = parse_sheet(table, WORKER_COLUMNS, |parser| {
        parse_worker_row(parser, settings)
    })?;
    refuse_repeated_keys(&mut sheet, "Số CCCD", |profile| {
        profile.citizen_id.as_ref().map(|id| id.as_str().to_owned())
    });
    Ok(sheet)
}

fn join<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    let shown: Vec<String> = items.iter().map(show).collect();
    vieclam_domain::registry::format_list(&shown)
}

fn yes_no(value: bool) -> String {
    if value { "Có" } else { "Không" }.to_owned()
}

/// The cells of a worker in [`WORKER_COLUMNS`] order. With `mask`, the
/// personal identifiers are masked (the export of a role that may not see
/// them).
pub fn worker_cells(profile: &WorkerProfile, mask: bool) -> Vec<String> {
    let wage = match (profile.wanted_wage.min_vnd, profile.wanted_wage.max_vnd) {
        (Some(min), Some(max)) => format!("{min}-{max}"),
        (Some(min), None) => format!("từ {min}"),
        (None, Some(max)) => format!("đến {max}"),
        (None, None) => String::new(),
    };
    let citizen_id = profile
        .citizen_id
        .as_ref()
        .map(|id| id.as_str().to_owned())
        .unwrap_or_default();
    let phone = profile
        .phone
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let email = profile
        .email
        .as_ref()
        .map(|e| e.as_str().to_owned())
        .unwrap_or_default();
    let (citizen_id, phone, email, birth_date) = if mask {
        (
            crate::mask::mask_digits(&citizen_id, 3, 3),
            crate::mask::mask_digits(&phone, 2, 2),
            crate::mask::mask_email(&email),
            format!("xx/xx/{}", profile.birth_date.format("%Y")),
        )
    } else {
        (
            citizen_id,
            phone,
            email,
            profile.birth_date.format("%d/%m/%Y").to_string(),
        )
    };
    vec![
        profile.full_name.as_str().to_owned(),
        birth_date,
        profile.sex.name_vi().to_owned(),
        citizen_id,
        format_unit(&profile.residence),
        profile
            .ethnicity
            .as_ref()
            .map(|e| format!("{} - {}", e.code(), e.name_vi()))
            .unwrap_or_default(),
        phone,
        email,
        profile
            .general_education
            .map(|e| e.name_vi().to_owned())
            .unwrap_or_default(),
        profile.qualification.name_vi().to_owned(),
        profile.qualification_field.clone().unwrap_or_default(),
        vieclam_domain::registry::format_list(&profile.certificates),
        join(&profile.occupations, |o| format!("{}:{}", o.code, o.years)),
        vieclam_domain::registry::format_list(&profile.skills),
        join(&profile.languages, |l| l.name_vi().to_owned()),
        profile
            .it_skill
            .map(|s| s.name_vi().to_owned())
            .unwrap_or_default(),
        profile
            .wanted_occupation
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        wage,
        join(&profile.wanted_units, format_unit),
        profile
            .wanted_hours
            .map(|h| h.name_vi().to_owned())
            .unwrap_or_default(),
        profile.employment_status.name_vi().to_owned(),
        join(
            &profile.priority_groups.iter().copied().collect::<Vec<_>>(),
            |g| g.name_vi().to_owned(),
        ),
        profile.social_insurance.name_vi().to_owned(),
        yes_no(profile.unemployment_insurance),
        yes_no(profile.health_insurance),
        yes_no(profile.consent_share_with_employers),
        yes_no(profile.consent_receive_messages),
    ]
}

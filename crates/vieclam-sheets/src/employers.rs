//! The employer sheet (doanh nghiệp) and the vacancy sheet (nhu cầu tuyển
//! dụng), as on the labour demand survey forms.

use chrono::NaiveDate;
use vieclam_domain::registry::{
    parse_date, parse_headcount, parse_org_name, parse_title, ContractType, Country, Email,
    EmployerKind, EmployerProfile, IndustryCode, InvalidValue, Language, OccupationCode,
    PersonName, PhoneNumber, Qualification, SizeBand, TaxCode, VacancyPosting, VacancyStatus,
    WageRange, WorkHours,
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
    required: bool,
    pad_to: Option<usize>,
) -> Column {
    Column {
        field,
        header_vi,
        header_en,
        aliases,
        required,
        pad_to,
    }
}

/// The employer sheet's columns, in export order.
pub const EMPLOYER_COLUMNS: &[Column] = &[
    column(
        "tax_code",
        "Mã số thuế",
        "Tax code",
        &["mst", "ma so doanh nghiep"],
        false,
        Some(10),
    ),
    column(
        "name",
        "Tên đơn vị",
        "Name",
        &["ten doanh nghiep", "ten co so", "ten"],
        true,
        None,
    ),
    column(
        "kind",
        "Loại hình",
        "Kind",
        &["loai hinh doanh nghiep"],
        true,
        None,
    ),
    column(
        "industry",
        "Mã ngành",
        "Industry",
        &[
            "nganh nghe kinh doanh chinh",
            "nganh kinh te",
            "ma nganh vsic",
        ],
        false,
        None,
    ),
    column(
        "size",
        "Quy mô lao động",
        "Size",
        &["so lao dong", "quy mo"],
        false,
        None,
    ),
    column(
        "address_unit",
        "Mã xã",
        "Commune code",
        &["ma xa phuong", "dia chi ma xa", "address unit"],
        true,
        Some(5),
    ),
    column(
        "address_line",
        "Địa chỉ",
        "Address",
        &["dia chi tru so"],
        false,
        None,
    ),
    column(
        "contact_name",
        "Người liên hệ",
        "Contact name",
        &[],
        false,
        None,
    ),
    column(
        "contact_phone",
        "Điện thoại liên hệ",
        "Contact phone",
        &["so dien thoai", "dien thoai"],
        false,
        Some(10),
    ),
    column(
        "contact_email",
        "Email liên hệ",
        "Contact e-mail",
        &["email"],
        false,
        None,
    ),
];

/// Settings shared by the employer and vacancy imports.
#[derive(Clone, Copy, Debug)]
pub struct SheetSettings<'a> {
    pub units: &'a AdminUnits,
    pub codes_on: NaiveDate,
}

fn parse_employer_row(
    parser: &mut RowParser<'_>,
    settings: SheetSettings<'_>,
) -> Option<EmployerProfile> {
    let tax_code = parser.optional("tax_code", TaxCode::parse);
    let name = parser.required("name", parse_org_name);
    let kind = parser.required("kind", EmployerKind::parse);
    let industry = parser.optional("industry", IndustryCode::parse);
    let size = parser.optional("size", SizeBand::parse_or_count);
    let address_unit = parser.required("address_unit", |text| {
        parse_unit(text, settings.codes_on, settings.units)
    });
    let address_line = parser.optional("address_line", |text| Ok(text.to_owned()));
    let contact_name = parser.optional("contact_name", PersonName::parse);
    let contact_phone = parser.optional("contact_phone", PhoneNumber::parse);
    let contact_email = parser.optional("contact_email", Email::parse);
    let profile = EmployerProfile {
        tax_code: tax_code?,
        name: name?,
        kind: kind?,
        industry: industry?,
        size: size?,
        address_unit: address_unit?,
        address_line: address_line?,
        contact_name: contact_name?,
        contact_phone: contact_phone?,
        contact_email: contact_email?,
    };
    let problems = profile.check(settings.units);
    if !problems.is_empty() {
        parser.field_problems(problems, &[]);
        return None;
    }
    Some(profile)
}

/// Parses an employer sheet; a tax code repeated in the file is a problem.
pub fn parse_employers(
    table: &Table,
    settings: SheetSettings<'_>,
) -> Result<ParsedSheet<EmployerProfile>, SheetError> {
    let mut sheet = parse_sheet(table, EMPLOYER_COLUMNS, |parser| {
        parse_employer_row(parser, settings)
    })?;
    refuse_repeated_keys(&mut sheet, "Mã số thuế", |profile| {
        profile
            .tax_code
            .as_ref()
            .map(|code| code.as_str().to_owned())
    });
    Ok(sheet)
}

/// The cells of an employer in [`EMPLOYER_COLUMNS`] order.
pub fn employer_cells(profile: &EmployerProfile) -> Vec<String> {
    vec![
        profile
            .tax_code
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        profile.name.clone(),
        profile.kind.name_vi().to_owned(),
        profile
            .industry
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        profile
            .size
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        format_unit(&profile.address_unit),
        profile.address_line.clone().unwrap_or_default(),
        profile
            .contact_name
            .as_ref()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        profile
            .contact_phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        profile
            .contact_email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
    ]
}

/// The vacancy sheet's columns, in export order.
pub const VACANCY_COLUMNS: &[Column] = &[
    column(
        "employer_tax_code",
        "Mã số thuế",
        "Employer tax code",
        &["mst", "mst doanh nghiep", "tax code"],
        true,
        Some(10),
    ),
    column(
        "title",
        "Vị trí tuyển dụng",
        "Job title",
        &["chuc danh", "vi tri", "ten cong viec", "title"],
        true,
        None,
    ),
    column(
        "occupation",
        "Mã nghề",
        "Occupation code",
        &["nghe", "occupation"],
        false,
        None,
    ),
    column(
        "headcount",
        "Số lượng cần tuyển",
        "Headcount",
        &["so luong"],
        true,
        None,
    ),
    column(
        "qualification",
        "Trình độ chuyên môn kỹ thuật",
        "Qualification",
        &["trinh do", "yeu cau trinh do"],
        false,
        None,
    ),
    column(
        "experience_years",
        "Kinh nghiệm (năm)",
        "Experience (years)",
        &["kinh nghiem", "so nam kinh nghiem"],
        false,
        None,
    ),
    column(
        "skills",
        "Kỹ năng",
        "Skills",
        &["yeu cau ky nang"],
        false,
        None,
    ),
    column("languages", "Ngoại ngữ", "Languages", &[], false, None),
    column(
        "wage",
        "Mức lương",
        "Wage",
        &["luong", "muc luong vnd thang"],
        false,
        None,
    ),
    column(
        "work_unit",
        "Nơi làm việc (mã xã)",
        "Work place (commune code)",
        &["noi lam viec", "ma xa noi lam viec", "work unit"],
        true,
        Some(5),
    ),
    column(
        "hours",
        "Thời gian làm việc",
        "Working hours",
        &[],
        false,
        None,
    ),
    column(
        "contract_type",
        "Loại hợp đồng",
        "Contract type",
        &["hop dong"],
        false,
        None,
    ),
    column(
        "deadline",
        "Hạn nộp hồ sơ",
        "Deadline",
        &["han tuyen", "thoi han"],
        false,
        None,
    ),
    column("status", "Trạng thái", "Status", &[], false, None),
    column(
        "disability_friendly",
        "Phù hợp người khuyết tật",
        "Suitable for workers with disabilities",
        &["nguoi khuyet tat"],
        false,
        None,
    ),
    column(
        "abroad_country",
        "Nước đến",
        "Destination country",
        &["lam viec o nuoc ngoai", "quoc gia"],
        false,
        None,
    ),
    column(
        "description",
        "Mô tả công việc",
        "Description",
        &["mo ta"],
        false,
        None,
    ),
];

/// A vacancy row: the employer's tax code and the posting (whose
/// `employer_id` the caller fills in from the tax code).
#[derive(Clone, Debug, PartialEq)]
pub struct VacancyRow {
    pub employer_tax_code: TaxCode,
    pub posting: VacancyPosting,
}

fn parse_experience(text: &str) -> Result<u8, InvalidValue> {
    text.trim()
        .trim_end_matches("năm")
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|years| *years <= 50)
        .ok_or_else(|| {
            InvalidValue::new(
                "Số năm kinh nghiệm từ 0 đến 50",
                "Years of experience from 0 to 50",
            )
        })
}

/// The least confidence at which the classifier's reading of a title
/// fills a missing occupation code.
pub const MIN_INFERENCE_CONFIDENCE: f32 = 0.5;

/// The occupation a vacancy title names, when the classifier is confident.
pub fn infer_occupation(title: &str) -> Option<OccupationCode> {
    vieclam_classify::Classifier::embedded()
        .classify(title, 1)
        .into_iter()
        .find(|prediction| prediction.confidence >= MIN_INFERENCE_CONFIDENCE)
        .and_then(|prediction| OccupationCode::parse(&prediction.code).ok())
}

fn parse_vacancy_row(
    parser: &mut RowParser<'_>,
    settings: SheetSettings<'_>,
) -> Option<VacancyRow> {
    let employer_tax_code = parser.required("employer_tax_code", TaxCode::parse);
    let title = parser.required("title", parse_title);
    let occupation = parser.optional("occupation", OccupationCode::parse);
    let headcount = parser.required("headcount", parse_headcount);
    let qualification = parser.optional("qualification", Qualification::parse);
    let experience_years = parser.optional("experience_years", parse_experience);
    let skills = parser.list("skills", |text| Ok(text.to_owned()));
    let languages = parser.list("languages", Language::parse);
    let wage = parser.optional("wage", WageRange::parse);
    let work_unit = parser.required("work_unit", |text| {
        parse_unit(text, settings.codes_on, settings.units)
    });
    let hours = parser.optional("hours", WorkHours::parse);
    let contract_type = parser.optional("contract_type", ContractType::parse);
    let deadline = parser.optional("deadline", parse_date);
    let status = parser.optional("status", VacancyStatus::parse);
    let disability_friendly = parser.flag("disability_friendly", false);
    let abroad_country = parser.optional("abroad_country", Country::parse);
    let description = parser.optional("description", |text| Ok(text.to_owned()));
    let title = title?;
    let given = occupation?;
    // A missing occupation is read from the title, and flagged as inferred.
    let inferred = match given {
        Some(_) => None,
        None => infer_occupation(&title),
    };
    let posting = VacancyPosting {
        employer_id: 0,
        title,
        occupation_inferred: inferred.is_some(),
        occupation: given.or(inferred),
        headcount: headcount?,
        qualification: qualification?,
        experience_years: experience_years?.unwrap_or(0),
        skills: skills?,
        languages: languages?,
        wage: wage?.unwrap_or_default(),
        work_unit: work_unit?,
        hours: hours?,
        contract_type: contract_type?,
        deadline: deadline?,
        status: status?.unwrap_or(VacancyStatus::Open),
        disability_friendly: disability_friendly?,
        abroad_country: abroad_country?,
        description: description?,
    };
    let problems = posting.check(settings.units);
    if !problems.is_empty() {
        parser.field_problems(problems, &[]);
        return None;
    }
    Some(VacancyRow {
        employer_tax_code: employer_tax_code?,
        posting,
    })
}

/// Parses a vacancy sheet.
pub fn parse_vacancies(
    table: &Table,
    settings: SheetSettings<'_>,
) -> Result<ParsedSheet<VacancyRow>, SheetError> {
    let mut sheet = parse_sheet(table, VACANCY_COLUMNS, |parser| {
        parse_vacancy_row(parser, settings)
    })?;
    refuse_repeated_keys(&mut sheet, "Vị trí tuyển dụng", |row| {
        Some(format!(
            "{}|{}|{}|{:?}",
            row.employer_tax_code,
            vieclam_text::exact_key(&row.posting.title),
            row.posting.work_unit,
            row.posting.deadline
        ))
    });
    Ok(sheet)
}

/// The cells of a vacancy in [`VACANCY_COLUMNS`] order.
pub fn vacancy_cells(employer_tax_code: &str, posting: &VacancyPosting) -> Vec<String> {
    let wage = match (posting.wage.min_vnd, posting.wage.max_vnd) {
        (Some(min), Some(max)) => format!("{min}-{max}"),
        (Some(min), None) => format!("từ {min}"),
        (None, Some(max)) => format!("đến {max}"),
        (None, None) => "Thỏa thuận".to_owned(),
    };
    vec![
        employer_tax_code.to_owned(),
        posting.title.clone(),
        posting
            .occupation
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        posting.headcount.to_string(),
        posting
            .qualification
            .map(|q| q.name_vi().to_owned())
            .unwrap_or_default(),
        posting.experience_years.to_string(),
        vieclam_domain::registry::format_list(&posting.skills),
        posting
            .languages
            .iter()
            .map(|l| l.name_vi())
            .collect::<Vec<_>>()
            .join("; "),
        wage,
        format_unit(&posting.work_unit),
        posting
            .hours
            .map(|h| h.name_vi().to_owned())
            .unwrap_or_default(),
        posting
            .contract_type
            .map(|c| c.name_vi().to_owned())
            .unwrap_or_default(),
        posting
            .deadline
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        posting.status.name_vi().to_owned(),
        if posting.disability_friendly {
            "Có"
        } else {
            "Không"
        }
        .to_owned(),
        posting
            .abroad_country
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        posting.description.clone().unwrap_or_default(),
    ]
}

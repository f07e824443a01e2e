//! The worker sheet: its columns as on the labour supply survey forms, the
//! row parser, and the row writer used by exports (so that an export
//! imports back unchanged).

use chrono::NaiveDate;
use vieclam_domain::registry::{
    format_stated_wage, parse_date, parse_stated_wage, AbroadWish, BroadWish, CitizenId, Country,
    DisabilityInfo, DisabilityKind, Email, EmploymentStatus, EthnicGroup, GeneralEducation,
    InvalidValue, ItSkill, Language, OccupationCode, OccupationExperience, PersonName, PhoneNumber,
    PriorityGroup, Qualification, Sex, SocialInsurance, WagePeriod, WageRange, WantedOccupation,
    WorkHours, WorkerProfile,
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
    // Several wishes in order, separated by ";": codes ("7212", "7212 -
    // Thợ hàn") or words, which the classifier reads.
    column(
        "wanted_occupation",
        "Nghề mong muốn",
        "Wanted occupations",
        &["cong viec mong muon", "wanted occupation"],
    ),
    column(
        "broad_wishes",
        "Mong muốn chung",
        "Broad wishes",
        &["mong muon chung", "viec bat ky"],
    ),
    // "25-30k/giờ", "300 nghìn/ngày", "8-12 triệu": a month unless the
    // cell or the period column says otherwise.
    column(
        "wanted_wage",
        "Mức lương mong muốn",
        "Wanted wage",
        &["luong mong muon"],
    ),
    column(
        "wanted_wage_period",
        "Kỳ trả lương",
        "Wage period",
        &["ky tra luong mong muon", "tra luong theo"],
    ),
    column(
        "wanted_units",
        "Nơi làm việc mong muốn",
        "Wanted places",
        &["noi lam viec mong muon ma xa"],
    ),
    column(
        "max_commute_km",
        "Khoảng cách đi làm tối đa (km)",
        "Longest commute (km)",
        &["khoang cach toi da", "di lam xa nhat", "max commute"],
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
        "wants_abroad",
        "Muốn đi làm việc ở nước ngoài",
        "Wants to work abroad",
        &[
            "muon di xuat khau lao dong",
            "xuat khau lao dong",
            "di nuoc ngoai",
        ],
    ),
    column(
        "abroad_countries",
        "Nước muốn đến",
        "Wanted countries",
        &["nuoc muon di", "wanted country"],
    ),
    column(
        "abroad_note",
        "Ghi chú đi nước ngoài",
        "Abroad note",
        &["ghi chu xuat khau lao dong"],
    ),
    column(
        "disability_kinds",
        "Dạng khuyết tật",
        "Disability kinds",
        &["dang tat", "loai khuyet tat", "disability"],
    ),
    column(
        "disability_needs",
        "Nhu cầu hỗ trợ",
        "Support needs",
        &["nhu cau ho tro cua nguoi khuyet tat", "support needs"],
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
    column(
        "counsellor_note",
        "Ghi chú",
        "Note",
        &["ghi chu cua can bo tu van", "counsellor note"],
    ),
];

/// The least confidence at which an occupation read from a worker's words
/// passes without a warning for the officer.
pub const MIN_WANTED_CONFIDENCE: f32 = crate::employers::MIN_INFERENCE_CONFIDENCE;

/// One item of "Nghề mong muốn": a code ("7212", "7212 - Thợ hàn": given
/// by a person, so confirmed, with the words after the code kept), or
/// words that the classifier reads (unconfirmed, with its confidence).
fn parse_wanted_item(text: &str) -> Result<WantedOccupation, InvalidValue> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        let code = OccupationCode::parse(text)?;
        let words = text
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches([' ', '-', '–', ':'])
            .trim();
        return Ok(WantedOccupation {
            code,
            words: (!words.is_empty()).then(|| words.to_owned()),
            confidence: None,
            confirmed: true,
        });
    }
    let best = vieclam_classify::Classifier::embedded()
        .classify(text, 1)
        .into_iter()
        .next()
        .and_then(|prediction| {
            let code = OccupationCode::parse(&prediction.code).ok()?;
            Some((code, prediction.confidence))
        });
    match best {
        Some((code, confidence)) => Ok(WantedOccupation {
            code,
            words: Some(text.to_owned()),
            confidence: Some(confidence),
            confirmed: false,
        }),
        None => Err(InvalidValue::new(
            format!("Không nhận ra nghề {text:?}: ghi mã nghề 4 chữ số hoặc tên nghề rõ hơn"),
            format!("Cannot tell the occupation {text:?}: write a 4-digit code or a plainer name"),
        )),
    }
}

/// One wanted occupation as the sheet writes it, so that it reads back
/// the same: a confirmed one as its code (and words), an unconfirmed one
/// as its words, which the classifier reads again to the same code.
fn format_wanted_item(wanted: &WantedOccupation) -> String {
    match (&wanted.words, wanted.confirmed) {
        (Some(words), false) => words.clone(),
        (Some(words), true) => format!("{} - {words}", wanted.code),
        (None, _) => wanted.code.to_string(),
    }
}

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
    let wanted_occupations = parser.list("wanted_occupation", parse_wanted_item);
    if let Some(wanted) = &wanted_occupations {
        for item in wanted {
            if let (Some(words), Some(confidence)) = (&item.words, item.confidence) {
                if !item.confirmed && confidence < MIN_WANTED_CONFIDENCE {
                    parser.warning(
                        "wanted_occupation",
                        words,
                        InvalidValue::new(
                            format!(
                                "Nghề đọc từ chữ với độ tin cậy thấp ({:.0}%): {} - {}; cán bộ cần xác nhận",
                                confidence * 100.0,
                                item.code,
                                item.code.name_vi()
                            ),
                            format!(
                                "Occupation read from words with low confidence ({:.0}%): {}; an officer should confirm it",
                                confidence * 100.0,
                                item.code
                            ),
                        ),
                    );
                }
            }
        }
    }
    let broad_wishes = parser.list("broad_wishes", BroadWish::parse);
    let wage_period = parser.optional("wanted_wage_period", WagePeriod::parse);
    let assumed_period = wage_period.flatten().unwrap_or_default();
    let stated_wage = parser.optional("wanted_wage", |text| {
        parse_stated_wage(text, assumed_period)
    });
    let wanted_units = parser.list("wanted_units", unit);
    let max_commute_km = parser.optional("max_commute_km", |text| {
        text.trim()
            .trim_end_matches("km")
            .trim()
            .parse::<u16>()
            .map_err(|_| {
                InvalidValue::new(
                    "Khoảng cách đi làm phải là số km, ví dụ 15",
                    "The commute must be a number of km, e.g. 15",
                )
            })
    });
    let wanted_hours = parser.optional("wanted_hours", WorkHours::parse);
    let employment_status = parser.optional("employment_status", EmploymentStatus::parse);
    let priority_groups = parser.list("priority_groups", PriorityGroup::parse);
    let social_insurance = parser.optional("social_insurance", SocialInsurance::parse);
    let unemployment_insurance = parser.flag("unemployment_insurance", false);
    let health_insurance = parser.flag("health_insurance", false);
    let consent_share = parser.flag("consent_share_with_employers", false);
    let consent_messages = parser.flag("consent_receive_messages", false);
    let wants_abroad = parser.flag("wants_abroad", false);
    let abroad_countries = parser.list("abroad_countries", Country::parse);
    let abroad_note = parser.optional("abroad_note", |text| Ok(text.to_owned()));
    let disability_kinds = parser.list("disability_kinds", DisabilityKind::parse);
    let disability_needs = parser.optional("disability_needs", |text| Ok(text.to_owned()));
    let counsellor_note = parser.optional("counsellor_note", |text| Ok(text.to_owned()));

    // The period written after the amounts and the one in its own column
    // must agree; either alone is the period, neither is a month.
    let (wanted_wage, wanted_wage_period) = match (stated_wage?, wage_period?) {
        (None, period) => (WageRange::default(), period.unwrap_or_default()),
        (Some((range, Some(written))), Some(column)) if written != column => {
            parser.problem(
                "wanted_wage_period",
                column.name_vi(),
                InvalidValue::new(
                    format!("Kỳ trả lương khác với mức lương ({})", written.suffix_vi()),
                    format!(
                        "The wage period differs from the wage's own ({})",
                        written.suffix_vi()
                    ),
                ),
            );
            (range, written)
        }
        (Some((range, written)), column) => {
            let period = written.or(column).unwrap_or_default();
            if let Err(invalid) = period.check(&range) {
                parser.problem("wanted_wage", &format_stated_wage(&range, period), invalid);
            }
            (range, period)
        }
    };
    let abroad_countries = abroad_countries?;
    let abroad_note = abroad_note?;
    let abroad = (wants_abroad? || !abroad_countries.is_empty() || abroad_note.is_some())
        .then_some(AbroadWish {
            countries: abroad_countries,
            note: abroad_note,
        });
    let disability_kinds = disability_kinds?;
    let disability_needs = disability_needs?;
    let disability =
        (!disability_kinds.is_empty() || disability_needs.is_some()).then_some(DisabilityInfo {
            kinds: disability_kinds,
            needs: disability_needs,
        });

    let mut profile = WorkerProfile {
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
        wanted_occupation: None,
        wanted_wage,
        wanted_units: wanted_units?,
        max_commute_km: max_commute_km?,
        wanted_occupations: wanted_occupations?,
        broad_wishes: broad_wishes?.into_iter().collect(),
        wanted_wage_period,
        abroad,
        disability,
        counsellor_note: counsellor_note?,
        wanted_hours: wanted_hours?,
        employment_status: employment_status?.unwrap_or(EmploymentStatus::Unemployed),
        priority_groups: priority_groups?.into_iter().collect(),
        social_insurance: social_insurance?.unwrap_or(SocialInsurance::None),
        unemployment_insurance: unemployment_insurance?,
        health_insurance: health_insurance?,
        consent_share_with_employers: consent_share?,
        consent_receive_messages: consent_messages?,
    };
    if !parser.problems.is_empty() {
        return None;
    }
    profile.settle();
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
    let wage = format_stated_wage(&profile.wanted_wage, profile.wanted_wage_period);
    let wage_period = if profile.wanted_wage_period == WagePeriod::Month {
        String::new()
    } else {
        profile.wanted_wage_period.name_vi().to_owned()
    };
    // Free text about a person (the note, a disability's needs) is left
    // out of the export of a role that may not see personal data, as the
    // identifiers are masked.
    let private_text = |text: &Option<String>| {
        if mask {
            String::new()
        } else {
            text.clone().unwrap_or_default()
        }
    };
    let abroad = profile.abroad.as_ref();
    let disability = profile.disability.as_ref();
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
        join(&profile.wanted(), format_wanted_item),
        join(
            &profile.broad_wishes.iter().copied().collect::<Vec<_>>(),
            |wish| wish.name_vi().to_owned(),
        ),
        wage,
        wage_period,
        join(&profile.wanted_units, format_unit),
        profile
            .max_commute_km
            .map(|km| km.to_string())
            .unwrap_or_default(),
        profile
            .wanted_hours
            .map(|h| h.name_vi().to_owned())
            .unwrap_or_default(),
        profile.employment_status.name_vi().to_owned(),
        join(
            &profile.priority_groups.iter().copied().collect::<Vec<_>>(),
            |g| g.name_vi().to_owned(),
        ),
        abroad.map(|_| yes_no(true)).unwrap_or_default(),
        abroad
            .map(|abroad| join(&abroad.countries, |country| country.as_str().to_owned()))
            .unwrap_or_default(),
        private_text(&abroad.and_then(|abroad| abroad.note.clone())),
        disability
            .map(|disability| join(&disability.kinds, |kind| kind.name_vi().to_owned()))
            .unwrap_or_default(),
        private_text(&disability.and_then(|disability| disability.needs.clone())),
        profile.social_insurance.name_vi().to_owned(),
        yes_no(profile.unemployment_insurance),
        yes_no(profile.health_insurance),
        yes_no(profile.consent_share_with_employers),
        yes_no(profile.consent_receive_messages),
        private_text(&profile.counsellor_note),
    ]
}

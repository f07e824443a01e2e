//! Sheets in, sheets out: every import failure mode, and export → import
//! round trips.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use vieclam_domain::registry::{
    AbroadWish, BroadWish, CitizenId, Country, DisabilityInfo, DisabilityKind, Email,
    EmploymentStatus, EthnicGroup, GeneralEducation, ItSkill, Language, OccupationCode,
    OccupationExperience, PersonName, PhoneNumber, PriorityGroup, Qualification, Sex,
    SocialInsurance, WagePeriod, WageRange, WantedOccupation, WorkHours, WorkerProfile,
};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_sheets::{
    parse_workers, read_table, worker_cells, write_sheet, ExportFormat, SheetError, SourceEncoding,
    WorkerImportSettings, WORKER_COLUMNS,
};

fn units() -> &'static AdminUnits {
    static UNITS: OnceLock<AdminUnits> = OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().unwrap())
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn settings() -> WorkerImportSettings<'static> {
    WorkerImportSettings {
        units: units(),
        codes_on: date("2026-11-24"),
        today: date("2026-11-24"),
    }
}

fn profile(serial: u32) -> WorkerProfile {
    WorkerProfile {
        citizen_id: CitizenId::compose("001", Sex::Female, 1995, serial),
        full_name: PersonName::parse("Nguyễn Thị Thuỷ").unwrap(),
        birth_date: date("1995-04-12"),
        sex: Sex::Female,
        ethnicity: Some(EthnicGroup::parse("Tày").unwrap()),
        residence: UnitKey::parse("2025:00004", date("2026-01-01")).unwrap(),
        phone: Some(PhoneNumber::parse("0912345678").unwrap()),
        email: Some(Email::parse("thuy@example.vn").unwrap()),
        general_education: Some(GeneralEducation::UpperSecondary),
        qualification: Qualification::College,
        qualification_field: Some("Kế toán".to_owned()),
        certificates: vec!["Chứng chỉ kế toán trưởng".to_owned()],
        occupations: vec![
            OccupationExperience {
                code: OccupationCode::parse("3313").unwrap(),
                years: 4,
            },
            OccupationExperience {
                code: OccupationCode::parse("4311").unwrap(),
                years: 1,
            },
        ],
        skills: vec!["MISA".to_owned(), "Excel".to_owned()],
        languages: vec![Language::English, Language::Japanese],
        it_skill: Some(ItSkill::Basic),
        wanted_occupation: Some(OccupationCode::parse("3313").unwrap()),
        wanted_wage: WageRange::new(Some(9_000_000), Some(12_000_000)).unwrap(),
        wanted_units: vec![
            UnitKey::parse("2025:01", date("2026-01-01")).unwrap(),
            UnitKey::parse("legacy:00004", date("2026-01-01")).unwrap(),
        ],
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
        wanted_hours: Some(WorkHours::FullTime),
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::from([PriorityGroup::EthnicMinority, PriorityGroup::Graduate]),
        social_insurance: SocialInsurance::Voluntary,
        unemployment_insurance: false,
        health_insurance: true,
        consent_share_with_employers: true,
        consent_receive_messages: false,
    }
}

#[test]
fn vietnamese_headers_in_any_order_with_a_bom() {
    let csv = "\u{FEFF}Mã xã,Số CCCD,Giới tính,Ngày sinh,Họ và tên,Số điện thoại\n\
               00004,001195000123,Nữ,12/04/1995,Nguyễn Thị Thuỷ,0912 345 678\n\
               10417,001085000456,Nam,1985-01-02,Trần Văn An,\n";
    let table = read_table(csv.as_bytes()).unwrap();
    assert_eq!(table.encoding, Some(SourceEncoding::Utf8WithBom));
    let sheet = parse_workers(&table, settings()).unwrap();
    assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
    assert_eq!(sheet.records.len(), 2);
    let (line, first) = &sheet.records[0];
    assert_eq!(*line, 2);
    assert_eq!(
        first.full_name.as_str(),
        "Nguyễn Thị Thuỷ",
        "names keep their spelling"
    );
    assert_eq!(first.residence.to_string(), "2025:00004");
    assert_eq!(first.phone.as_ref().unwrap().as_str(), "0912345678");
}

#[test]
fn english_headers_and_semicolons_work_too() {
    let csv = "Full name;Birth date;Sex;Citizen ID;Commune code\n\
               Lê Văn Bình;02/01/1985;male;001085000456;10417\n";
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    assert_eq!(sheet.records.len(), 1, "{:?}", sheet.problems);
}

#[test]
fn every_bad_row_is_reported_with_line_column_value_and_reason() {
    let csv = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n\
               Nguyễn Văn A,12/04/1995,Nam,001095000001,00004\n\
               Trần B,31/02/1990,Nam,001090000002,00004\n\
               Lê C,01/01/1990,Nữ,001090000003,99999\n\
               ,01/01/1990,Nữ,001190000004,00004\n\
               Phạm D,01/01/1991,Nam,001090000005,00004\n\
               Hoàng E,01/01/2015,Nam,001215000006,00004\n";
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    assert_eq!(sheet.records.len(), 1);
    let summary: Vec<(usize, &str, &str)> = sheet
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (3, "Ngày sinh", "31/02/1990"),
            (4, "Mã xã", "99999"),
            (5, "Họ và tên", ""),
            (6, "Số CCCD", "001090000005"),
            (7, "Ngày sinh", "2015-01-01"),
        ]
    );
    for problem in &sheet.problems {
        assert!(!problem.reason_vi.is_empty() && !problem.reason_en.is_empty());
    }
}

#[test]
fn a_citizen_id_repeated_in_the_file_is_refused() {
    let csv = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n\
               Nguyễn Văn A,12/04/1995,Nam,001095000001,00004\n\
               Nguyễn Văn A,12/04/1995,Nam,001095000001,00004\n";
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    assert_eq!(sheet.records.len(), 1);
    assert_eq!(sheet.problems.len(), 1);
    assert_eq!(sheet.problems[0].line, 3);
    assert!(sheet.problems[0].reason_vi.contains("dòng 2"));
}

#[test]
fn missing_required_columns_are_named() {
    let csv = "Họ và tên,Ngày sinh\nNguyễn Văn A,12/04/1995\n";
    let error = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap_err();
    match &error {
        SheetError::MissingColumns { columns } => {
            assert_eq!(columns, "Giới tính, Số CCCD, Mã xã");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.message_vi().contains("Thiếu cột"));
}

const HEADER: &str = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n";
const ROW: &str = "Nguyễn Văn Hùng,12/04/1995,Nam,001095000001,10417\n";

#[test]
fn windows_1258_files_are_converted() {
    use unicode_normalization::UnicodeNormalization;
    let text = format!("{HEADER}{ROW}");
    let mut windows_form = String::new();
    for character in text.nfd() {
        if matches!(character, '\u{0302}' | '\u{0306}' | '\u{031B}') {
            let mut tones = Vec::new();
            while windows_form.ends_with(|c: char| ('\u{0300}'..='\u{036F}').contains(&c)) {
                tones.push(windows_form.pop().unwrap());
            }
            let base = windows_form.pop().unwrap();
            windows_form.extend([base, character].iter().collect::<String>().nfc());
            windows_form.extend(tones.into_iter().rev());
        } else {
            windows_form.push(character);
        }
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&windows_form);
    assert!(!unmappable);
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.encoding, Some(SourceEncoding::Windows1258));
    let sheet = parse_workers(&table, settings()).unwrap();
    assert_eq!(sheet.records[0].1.full_name.as_str(), "Nguyễn Văn Hùng");
}

/// Encodes text in TCVN3 with the shipped table (lower-case letters only,
/// as the ABC fonts did).
fn tcvn3(text: &str) -> Vec<u8> {
    let table = include_str!("../../../data/encodings/tcvn3.csv");
    let map: std::collections::HashMap<char, u8> = table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let byte = u8::from_str_radix(fields.next()?, 16).ok()?;
            Some((fields.next()?.chars().next()?, byte))
        })
        .collect();
    text.chars()
        .map(|c| if c.is_ascii() { c as u8 } else { map[&c] })
        .collect()
}

#[test]
fn tcvn3_files_are_converted_raw_or_mangled() {
    let header = "Ho va ten,Ngay sinh,Gioi tinh,So CCCD,Ma xa\n";
    let row = "Nguyễn Văn Hùng,12/04/1995,Nam,001095000001,10417\n";
    let bytes = tcvn3(&format!("{header}{row}"));
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.encoding, Some(SourceEncoding::Tcvn3));
    let sheet = parse_workers(&table, settings()).unwrap();
    assert_eq!(sheet.records[0].1.full_name.as_str(), "Nguyễn Văn Hùng");

    let (mangled, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let table = read_table(mangled.as_bytes()).unwrap();
    assert_eq!(table.encoding, Some(SourceEncoding::Tcvn3InUtf8));
    let sheet = parse_workers(&table, settings()).unwrap();
    assert_eq!(sheet.records[0].1.full_name.as_str(), "Nguyễn Văn Hùng");
}

#[test]
fn unreadable_encodings_are_refused_not_imported() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(&[0x81, 0x8D, 0x8F, 0x90, 0x9D, b',', b'\n']);
    let error = read_table(&bytes).unwrap_err();
    assert!(matches!(error, SheetError::Encoding(_)));
    assert!(error.message_vi().contains("CSV UTF-8"));
}

#[test]
fn exports_import_back_unchanged_in_both_formats() {
    let profiles = vec![
        profile(1),
        profile(2),
        WorkerProfile {
            languages: vec![],
            ..profile(3)
        },
        with_wishes(4),
    ];
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let bytes = write_sheet(
            format,
            "Người lao động",
            WORKER_COLUMNS,
            profiles.iter().map(|p| worker_cells(p, false)),
        )
        .unwrap();
        let sheet = parse_workers(&read_table(&bytes).unwrap(), settings()).unwrap();
        assert!(
            sheet.problems.is_empty(),
            "{format:?}: {:?}",
            sheet.problems
        );
        let back: Vec<WorkerProfile> = sheet.records.into_iter().map(|(_, p)| p).collect();
        assert_eq!(back, profiles, "{format:?}");
    }
}

/// A profile with every wish a counsellor records: several occupations
/// (confirmed codes with and without words, words read by the classifier),
/// broad wishes, a daily wage, abroad, a disability and a note.
fn with_wishes(serial: u32) -> WorkerProfile {
    let classified = vieclam_classify::Classifier::embedded().classify("thợ hàn", 1);
    let mut profile = WorkerProfile {
        wanted_occupations: vec![
            WantedOccupation {
                code: OccupationCode::parse(&classified[0].code).unwrap(),
                words: Some("thợ hàn".to_owned()),
                confidence: Some(classified[0].confidence),
                confirmed: false,
            },
            WantedOccupation {
                code: OccupationCode::parse("8153").unwrap(),
                words: Some("công nhân may, cắt".to_owned()),
                confidence: None,
                confirmed: true,
            },
            WantedOccupation::confirmed(OccupationCode::parse("9329").unwrap()),
        ],
        broad_wishes: BTreeSet::from([BroadWish::AnyFactoryWork, BroadWish::NearHome]),
        wanted_wage: WageRange::new(Some(300_000), Some(350_000)).unwrap(),
        wanted_wage_period: WagePeriod::Day,
        abroad: Some(AbroadWish {
            countries: vec![Country::Japan, Country::Korea],
            note: Some("Đã học tiếng Nhật N4".to_owned()),
        }),
        disability: Some(DisabilityInfo {
            kinds: vec![DisabilityKind::HearingSpeech, DisabilityKind::Mobility],
            needs: Some("Phiên dịch ngôn ngữ ký hiệu".to_owned()),
        }),
        counsellor_note: Some("Gọi lại sau Tết".to_owned()),
        max_commute_km: Some(15),
        ..profile(serial)
    };
    profile
        .priority_groups
        .insert(PriorityGroup::ReturnedMigrant);
    profile.settle();
    profile
}

#[test]
fn wishes_as_written_by_counsellors_are_read() {
    let csv = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Nghề mong muốn,Mức lương mong muốn,Muốn đi làm việc ở nước ngoài,Nước muốn đến,Dạng khuyết tật,Nhu cầu hỗ trợ,Đối tượng ưu tiên,Ghi chú\n\
        An,01/01/1990,Nam,001090000001,00004,thợ hàn; 8153 - may công nghiệp; xyzzy qwerty,25-30k/giờ,Có,Nhật Bản; Hàn Quốc,vận động,Lối đi cho xe lăn,về nước,Cần gọi lại\n\
        Bình,01/01/1991,Nữ,001191000002,00004,,9 triệu,,,,,,\n";
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    // "xyzzy qwerty" names no trade: a problem of its row, with its column.
    assert_eq!(sheet.problems.len(), 1, "{:?}", sheet.problems);
    assert_eq!(sheet.problems[0].column, "Nghề mong muốn");
    assert_eq!(sheet.problems[0].value, "xyzzy qwerty");

    let csv = csv.replace("; xyzzy qwerty", "; kỹ thuật");
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
    let an = &sheet.records[0].1;
    let wanted = an.wanted();
    assert_eq!(wanted.len(), 3);
    assert_eq!(wanted[0].code.as_str(), "7212");
    assert_eq!(wanted[0].words.as_deref(), Some("thợ hàn"));
    assert!(!wanted[0].confirmed && wanted[0].confidence.is_some());
    assert_eq!(wanted[1].code.as_str(), "8153");
    assert!(wanted[1].confirmed);
    assert_eq!(an.wanted_occupation.as_ref().unwrap().as_str(), "7212");
    assert_eq!(an.wanted_wage_period, WagePeriod::Hour);
    assert_eq!(an.wanted_wage_monthly().min_vnd, Some(5_200_000));
    let abroad = an.abroad.as_ref().unwrap();
    assert_eq!(abroad.countries, [Country::Japan, Country::Korea]);
    assert!(an.priority_groups.contains(&PriorityGroup::Disability));
    assert!(an.priority_groups.contains(&PriorityGroup::ReturnedMigrant));
    assert_eq!(an.counsellor_note.as_deref(), Some("Cần gọi lại"));
    // A vague wish is read with low confidence: a warning for the
    // officer, on its row and column, that does not stop the row.
    assert!(
        sheet
            .warnings
            .iter()
            .any(|warning| warning.line == 2 && warning.value == "kỹ thuật"),
        "{:?}",
        sheet.warnings
    );
    assert!(!sheet
        .warnings
        .iter()
        .any(|warning| warning.value == "thợ hàn"));
    let binh = &sheet.records[1].1;
    assert_eq!(binh.wanted_wage_period, WagePeriod::Month);
    assert_eq!(binh.wanted_wage.min_vnd, Some(9_000_000));
}

#[test]
fn a_wage_period_column_and_a_written_period_must_agree() {
    let csv = "Full name,Birth date,Sex,Citizen ID,Commune code,Wanted wage,Wage period\n\
        An,01/01/1990,Nam,001090000001,00004,300,theo ngày\n\
        Ba,01/01/1990,Nam,001090000002,00004,300/ngày,giờ\n\
        Ca,01/01/1990,Nam,001090000003,00004,9000000,giờ\n";
    let sheet = parse_workers(&read_table(csv.as_bytes()).unwrap(), settings()).unwrap();
    assert_eq!(sheet.records.len(), 1, "{:?}", sheet.problems);
    assert_eq!(sheet.records[0].1.wanted_wage.min_vnd, Some(300_000));
    assert_eq!(sheet.records[0].1.wanted_wage_period, WagePeriod::Day);
    let lines: Vec<usize> = sheet.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4], "{:?}", sheet.problems);
}

#[test]
fn masked_exports_leave_out_notes_and_needs() {
    let profile = with_wishes(1);
    let cells = worker_cells(&profile, true);
    let text = cells.join("|");
    for private in ["Gọi lại sau Tết", "Phiên dịch", "tiếng Nhật"] {
        assert!(!text.contains(private), "{private}");
    }
    assert!(text.contains("Khuyết tật nghe, nói"));
    let unmasked = worker_cells(&profile, false).join("|");
    assert!(unmasked.contains("Gọi lại sau Tết"));
}

#[test]
fn masked_exports_hide_identifiers() {
    let cells = worker_cells(&profile(1), true);
    let citizen_id = &cells[3];
    assert!(citizen_id.contains('*') && citizen_id.starts_with("001"));
    assert_eq!(cells[6], "09******78");
    assert_eq!(cells[7], "t***@example.vn");
    assert_eq!(cells[1], "xx/xx/1995");
}

#[test]
fn numeric_xlsx_cells_get_their_leading_zeros_back() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (index, header) in ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã xã"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, index as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "Nguyễn Văn A").unwrap();
    sheet.write_string(1, 1, "12/04/1995").unwrap();
    sheet.write_string(1, 2, "Nam").unwrap();
    sheet.write_number(1, 3, 1_095_000_001.0).unwrap();
    sheet.write_number(1, 4, 4.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let parsed = parse_workers(&read_table(&bytes).unwrap(), settings()).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let worker = &parsed.records[0].1;
    assert_eq!(worker.citizen_id.as_ref().unwrap().as_str(), "001095000001");
    assert_eq!(worker.residence.code.as_str(), "00004");
}

/// Regression: a priority group whose name held a comma was split in two
/// on the way back in. Every field of thousands of generated workers must
/// survive an export and an import.
#[test]
fn generated_workers_survive_export_and_import_in_both_formats() {
    let city = vieclam_demo::CityGenerator::new(11, units(), "01", date("2026-11-24")).unwrap();
    // More rows than the parallel threshold: order must survive the threads.
    let profiles: Vec<WorkerProfile> = (0..5000).map(|index| city.worker(index).profile).collect();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let bytes = write_sheet(
            format,
            "workers",
            WORKER_COLUMNS,
            profiles.iter().map(|p| worker_cells(p, false)),
        )
        .unwrap();
        let sheet = parse_workers(&read_table(&bytes).unwrap(), settings()).unwrap();
        assert!(
            sheet.problems.is_empty(),
            "{format:?}: {:?}",
            &sheet.problems[..sheet.problems.len().min(3)]
        );
        let back: Vec<WorkerProfile> = sheet.records.into_iter().map(|(_, p)| p).collect();
        assert_eq!(back, profiles, "{format:?}");
    }
}

#[test]
fn a_missing_vacancy_occupation_is_read_from_the_title_and_flagged() {
    let csv = "Mã số thuế,Chức danh,Mã nghề,Số lượng,Nơi làm việc\n\
               0100112437,Tuyển gấp thợ hàn điện,,3,2025:10417\n\
               0100112437,Kế toán tổng hợp,2411,1,2025:10417\n\
               0100112437,???,,1,2025:10417\n";
    let table = vieclam_sheets::table::read_table(csv.as_bytes()).unwrap();
    let sheet = vieclam_sheets::parse_vacancies(
        &table,
        vieclam_sheets::SheetSettings {
            units: units(),
            codes_on: date("2026-11-24"),
        },
    )
    .unwrap();
    assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
    let welder = &sheet.records[0].1.posting;
    assert_eq!(welder.occupation.as_ref().unwrap().as_str(), "7212");
    assert!(welder.occupation_inferred);
    let accountant = &sheet.records[1].1.posting;
    assert_eq!(accountant.occupation.as_ref().unwrap().as_str(), "2411");
    assert!(
        !accountant.occupation_inferred,
        "a code given is kept as given"
    );
    let unknown = &sheet.records[2].1.posting;
    assert!(unknown.occupation.is_none() && !unknown.occupation_inferred);
}

// Hostile files (issue 11, item 7). Each is built here, byte by byte where
// it matters, and must be refused quickly with a clear error: before the
// fix each one made the reader allocate gigabytes or abort the process.

mod hostile {
    use std::io::Write;

    use vieclam_sheets::{read_table, read_table_with, SheetError, SheetLimits};

    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A zip of `parts`, deflated.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// The smallest workbook calamine opens: one sheet, and shared strings
    /// when given.
    fn xlsx(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
        let package = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let workbook = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        let workbook_relationships = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        );
        let mut parts: Vec<(&str, &[u8])> = vec![
            ("_rels/.rels", package.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            (
                "xl/_rels/workbook.xml.rels",
                workbook_relationships.as_bytes(),
            ),
            ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
        ];
        if let Some(shared_strings) = shared_strings {
            parts.push(("xl/sharedStrings.xml", shared_strings.as_bytes()));
        }
        zip_of(&parts)
    }

    fn sheet(dimension: Option<&str>, rows: &str) -> String {
        let dimension = dimension
            .map(|reference| format!(r#"<dimension ref="{reference}"/>"#))
            .unwrap_or_default();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension}<sheetData>{rows}</sheetData></worksheet>"#
        )
    }

    fn inline(reference: &str, text: &str) -> String {
        format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn the_hand_made_workbook_is_read_when_it_is_not_hostile() {
        // Rows out of order and a header that starts in column B: the
        // streaming reader must give what a calamine range gave.
        let rows = format!(
            r#"<row r="3">{}{}</row><row r="1">{}{}</row>"#,
            inline("B3", "Nguyễn Văn An"),
            inline("D3", "x"),
            inline("B1", "Họ và tên"),
            inline("C1", "Ngày sinh"),
        );
        let table = read_table(&xlsx(&sheet(Some("B1:D3"), &rows), None)).unwrap();
        assert_eq!(table.headers, ["Họ và tên", "Ngày sinh"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 3);
        let texts: Vec<&str> = table.rows[0]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["Nguyễn Văn An", "", "x"]);
    }

    #[test]
    fn xlsx_with_cells_at_a1_and_xfd1048576_is_refused_without_building_the_grid() {
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
        for dimension in [None, Some("A1:XFD1048576"), Some("A1")] {
            let bytes = xlsx(&sheet(dimension, rows), None);
            assert!(bytes.len() < 2048, "{} bytes", bytes.len());
            let error = read_table(&bytes).unwrap_err();
            assert_eq!(
                error,
                SheetError::TooManyRows { max_rows: 200_000 },
                "{dimension:?}"
            );
            assert_eq!(error.message_vi(), "Tệp có quá nhiều dòng (tối đa 200.000)");
            assert_eq!(
                error.to_string(),
                "the file has too many rows (at most 200,000)"
            );
        }
        // The same far cell in the first row: too many columns.
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>"#;
        assert_eq!(
            read_table(&xlsx(&sheet(None, rows), None)).unwrap_err(),
            SheetError::TooManyColumns { max_columns: 200 }
        );
    }

    #[test]
    fn xlsx_declaring_a_trillion_shared_strings_is_refused_before_they_are_reserved() {
        let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        for shared_strings in [
            format!(
                r#"<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1000000000000"><si><t>x</t></si></sst>"#
            ),
            // Behind a comment and a namespace prefix, as calamine still finds it.
            format!(
                r#"<?xml version="1.0"?><!-- <sst uniqueCount="1"> --><x:sst xmlns:x="{MAIN}" uniqueCount="1000000000000"><x:si><x:t>x</x:t></x:si></x:sst>"#
            ),
            // A count no decimal parser of ours reads is not let through.
            format!(r#"<sst xmlns="{MAIN}" uniqueCount="+1000000000000"><si><t>x</t></si></sst>"#),
        ] {
            let bytes = xlsx(&sheet(None, rows), Some(&shared_strings));
            match read_table(&bytes).unwrap_err() {
                SheetError::TooManySharedStrings { max, .. } => assert_eq!(max, 1_000_000),
                other => panic!("{other:?} for {shared_strings}"),
            }
        }
        // A table that hides its <sst> past the first 64 KiB is refused too.
        let hidden = format!(
            r#"<?xml version="1.0"?><!--{}--><sst xmlns="{MAIN}" uniqueCount="1000000000000"></sst>"#,
            " ".repeat(100_000)
        );
        assert!(matches!(
            read_table(&xlsx(&sheet(None, rows), Some(&hidden))).unwrap_err(),
            SheetError::Xlsx(_)
        ));
        // A real count passes, and the strings are read.
        let fine = format!(
            r#"<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>Họ và tên</t></si></sst>"#
        );
        let table = read_table(&xlsx(&sheet(None, rows), Some(&fine))).unwrap();
        assert_eq!(table.headers, ["Họ và tên"]);
    }

    #[test]
    fn xlsx_of_a_million_rows_is_refused_by_the_row_limit() {
        // Declared: refused at the <dimension>, before a row is read.
        let declared = sheet(Some("A1:A1000000"), "<row><c><v>1</v></c></row>");
        assert_eq!(
            read_table(&xlsx(&declared, None)).unwrap_err(),
            SheetError::TooManyRows { max_rows: 200_000 }
        );
        // Undeclared: refused at row 200,002, the first past the limit.
        let mut rows = String::with_capacity(27_000_000);
        rows.push_str(&format!(r#"<row>{}</row>"#, inline("A1", "Họ và tên")));
        for _ in 1..1_000_000 {
            rows.push_str("<row><c><v>1</v></c></row>");
        }
        let bytes = xlsx(&sheet(None, &rows), None);
        assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
        assert_eq!(
            read_table(&bytes).unwrap_err(),
            SheetError::TooManyRows { max_rows: 200_000 }
        );
    }

    #[test]
    fn xlsx_cell_longer_than_the_limit_is_refused() {
        let rows = format!(
            r#"<row r="1">{}</row><row r="2">{}</row>"#,
            inline("A1", "Mô tả"),
            inline("A2", &"á".repeat(40_000))
        );
        assert_eq!(
            read_table(&xlsx(&sheet(None, &rows), None)).unwrap_err(),
            SheetError::CellTooLong {
                line: 2,
                column: 1,
                max_chars: 32_767
            }
        );
    }

    #[test]
    fn xlsx_cell_reference_past_u32_is_refused_not_panicking() {
        let rows = format!(r#"<row>{}</row>"#, inline("A99999999999", "x"));
        assert!(read_table(&xlsx(&sheet(None, &rows), None)).is_err());
        let rows = format!(r#"<row>{}</row>"#, inline("AAAAAAAAAAAAAAA1", "x"));
        assert!(read_table(&xlsx(&sheet(None, &rows), None)).is_err());
    }

    #[test]
    fn zip_bomb_entry_is_refused_by_its_declared_size() {
        let limits = SheetLimits {
            max_uncompressed_bytes: 1024 * 1024,
            ..SheetLimits::default()
        };
        let rows = format!(r#"<row>{}</row>"#, inline("A1", "x"));
        let zeros = vec![b' '; 2 * 1024 * 1024];
        let mut parts_sheet = sheet(None, &rows).into_bytes();
        parts_sheet.extend_from_slice(&zeros);
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &parts_sheet)]);
        assert!(bomb.len() < 20_000, "{} bytes", bomb.len());
        let error = read_table_with(&bomb, &limits).unwrap_err();
        assert_eq!(
            error,
            SheetError::UncompressedTooLarge {
                max_bytes: 1024 * 1024
            }
        );
        assert_eq!(
            error.message_vi(),
            "Tệp XLSX giải nén ra quá lớn (tối đa 1 MiB)"
        );
    }

    /// The declared size binds: a part that inflates past what the zip
    /// directory says is an error, not more memory.
    #[test]
    fn zip_entry_inflating_past_its_declared_size_is_refused() {
        let rows = format!(r#"<row>{}</row>"#, inline("A1", "Họ và tên"));
        let mut bytes = xlsx(&sheet(None, &rows), None);
        assert!(read_table(&bytes).is_ok());
        // Declare the sheet 10 bytes long, in its local header and in the
        // central directory.
        let name = b"xl/worksheets/sheet1.xml";
        let mut patched = 0;
        for (signature, size_at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let name_at = if signature == b"PK\x03\x04" { 30 } else { 46 };
            let starts: Vec<usize> = bytes
                .windows(4)
                .enumerate()
                .filter(|(_, window)| window == signature)
                .map(|(at, _)| at)
                .collect();
            for start in starts {
                if bytes[start + name_at..].starts_with(name) {
                    bytes[start + size_at..start + size_at + 4]
                        .copy_from_slice(&10u32.to_le_bytes());
                    patched += 1;
                }
            }
        }
        assert_eq!(patched, 2);
        assert!(matches!(
            read_table(&bytes).unwrap_err(),
            SheetError::Xlsx(_)
        ));
    }

    #[test]
    fn file_over_the_byte_limit_is_refused_before_reading() {
        let limits = SheetLimits {
            max_bytes: 10,
            ..SheetLimits::default()
        };
        assert_eq!(
            read_table_with(b"a,b,c\n1,2,3\n", &limits).unwrap_err(),
            SheetError::FileTooLarge { max_bytes: 10 }
        );
    }

    #[test]
    fn csv_over_the_row_limit_is_refused() {
        let mut csv = String::from("Họ và tên,Ngày sinh\n");
        for index in 0..200_001 {
            csv.push_str(&format!("Người {index},01/01/1990\n"));
        }
        assert_eq!(
            read_table(csv.as_bytes()).unwrap_err(),
            SheetError::TooManyRows { max_rows: 200_000 }
        );
        // Blank lines do not count, and the limit is configurable.
        let limits = SheetLimits {
            max_rows: 2,
            ..SheetLimits::default()
        };
        assert!(read_table_with("a,b\n1,2\n\n\n3,4\n".as_bytes(), &limits).is_ok());
        assert_eq!(
            read_table_with("a,b\n1,2\n3,4\n5,6\n".as_bytes(), &limits).unwrap_err(),
            SheetError::TooManyRows { max_rows: 2 }
        );
    }

    #[test]
    fn csv_with_too_many_columns_or_too_long_a_cell_is_refused() {
        let wide = format!("a{}\n1\n", ",".repeat(1_000_000));
        assert_eq!(
            read_table(wide.as_bytes()).unwrap_err(),
            SheetError::TooManyColumns { max_columns: 200 }
        );
        // Delimiters inside quotes are not columns.
        let quoted = format!("a,b\n\"{}\",2\n", ",".repeat(1_000));
        assert_eq!(read_table(quoted.as_bytes()).unwrap().rows.len(), 1);
        let long = format!("a,b\n1,{}\n", "x".repeat(40_000));
        assert_eq!(
            read_table(long.as_bytes()).unwrap_err(),
            SheetError::CellTooLong {
                line: 2,
                column: 2,
                max_chars: 32_767
            }
        );
        let limits = SheetLimits {
            max_cells: 5,
            ..SheetLimits::default()
        };
        assert_eq!(
            read_table_with("a,b\n1,2\n3,4\n".as_bytes(), &limits).unwrap_err(),
            SheetError::TooManyCells { max_cells: 5 }
        );
    }
}

/// Regression (issue 11, item 11): CSV exports wrote cells starting with
/// `=`, `+`, `-`, `@` as they were, and Excel ran them as formulas. They are
/// now written behind an apostrophe, and the import takes it away again.
#[test]
fn formula_like_cells_are_guarded_in_csv_and_import_back_unchanged() {
    use vieclam_domain::registry::{EmployerKind, EmployerProfile, TaxCode};
    use vieclam_sheets::{employer_cells, parse_employers, SheetSettings, EMPLOYER_COLUMNS};
    let employer = EmployerProfile {
        tax_code: Some(TaxCode::parse("0100112437").unwrap()),
        name: "=HYPERLINK(\"http://evil.example\",\"Công ty An Phát\")".to_owned(),
        kind: EmployerKind::Company,
        industry: None,
        size: None,
        address_unit: UnitKey::parse("2025:00004", date("2026-01-01")).unwrap(),
        address_line: Some("+84 24 3825 1234, số 1 phố Huế".to_owned()),
        contact_name: Some(PersonName::parse("Trần Văn Bình").unwrap()),
        contact_phone: Some(PhoneNumber::parse("+84 912 345 678").unwrap()),
        contact_email: None,
    };
    let settings = SheetSettings {
        units: units(),
        codes_on: date("2026-11-24"),
    };
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let bytes = write_sheet(
            format,
            "Đơn vị",
            EMPLOYER_COLUMNS,
            [employer_cells(&employer)],
        )
        .unwrap();
        if format == ExportFormat::Csv {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.contains("\"'=HYPERLINK("), "{text}");
            assert!(text.contains("'+84 24 3825 1234"), "{text}");
        }
        let sheet = parse_employers(&read_table(&bytes).unwrap(), settings).unwrap();
        assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
        assert_eq!(sheet.records[0].1, employer, "{format:?}");
    }
}

/// Regression (issue 11, item 11): a vacancy description of 32,768
/// characters made every XLSX export of vacancies fail.
#[test]
fn xlsx_export_with_a_cell_past_excels_limit_is_cut_not_failed() {
    let columns = &WORKER_COLUMNS[..1];
    let long = "Mô tả công việc. ".repeat(3_000);
    let bytes = write_sheet(ExportFormat::Xlsx, "Vị trí", columns, [vec![long.clone()]]).unwrap();
    let table = read_table(&bytes).unwrap();
    let cell = &table.rows[0].cells[0].text;
    assert!(cell.ends_with('…'));
    assert_eq!(cell.chars().count(), 32_767);
    assert!(long.starts_with(cell.trim_end_matches('…')));
}

#[test]
fn utf16_csv_imports_and_is_reported_as_utf16() {
    let text = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\r\n\
                Nguyễn Văn Hùng,12/04/1995,Nam,001095000123,00004\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.encoding, Some(SourceEncoding::Utf16Le));
    assert_eq!(table.encoding.unwrap().name(), "UTF-16LE");
    let sheet = parse_workers(&table, settings()).unwrap();
    assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
    assert_eq!(sheet.records[0].1.full_name.as_str(), "Nguyễn Văn Hùng");
}

/// Found by fuzzing (fuzz/regressions/csv_reader/): rows of a CSV file with
/// Windows (CRLF) line ends were numbered one line early, and those of a
/// file with old Mac (CR) line ends all on line 1, so every problem report
/// pointed at the wrong line.
#[test]
fn crlf_and_cr_csv_rows_carry_their_lines_in_the_file() {
    for ending in ["\n", "\r\n", "\r"] {
        let csv = ["Tên,Mã", "Hà Nội,01", "", "Huế,46", "\"a", "b\",48"].join(ending) + ending;
        let table = read_table(csv.as_bytes()).unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 4, 5], "line ends {ending:?}");
    }
}

mod session_report {
    use std::io::Cursor;

    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use chrono::{NaiveDate, TimeZone, Utc};
    use vieclam_domain::registry::{PriorityGroup, Sex};
    use vieclam_domain::UnitKey;
    use vieclam_exchange::report::{
        build, ReportEmployer, ReportInput, ReportInterview, ReportOutcome, ReportSession,
        ReportVacancy, ReportWorker, SessionReport,
    };
    use vieclam_exchange::{Attendance, Outcome, SessionKind};
    use vieclam_sheets::session_report::{
        summary_lines, write_session_report, OCCUPATIONS_SHEET, SUMMARY_SHEET, WORKERS_SHEET,
    };

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Two employers (4 vacancies, 30 positions), five workers, and what
    /// came of them: figures worked out by hand below.
    fn report() -> SessionReport {
        let vacancy = |id, title: &str, occupation: Option<&str>, positions| ReportVacancy {
            id,
            title: title.to_owned(),
            occupation: occupation.map(str::to_owned),
            positions,
        };
        let employers = vec![
            ReportEmployer {
                id: 10,
                name: "Công ty TNHH Cơ khí Đông Anh".to_owned(),
                booth: Some(1),
                vacancies: vec![
                    vacancy(100, "Thợ hàn", Some("7212"), 5),
                    vacancy(101, "Kế toán", Some("2411"), 2),
                ],
            },
            ReportEmployer {
                id: 11,
                name: "Công ty CP May Thăng Long".to_owned(),
                booth: Some(2),
                vacancies: vec![
                    vacancy(102, "Công nhân may", Some("8153"), 20),
                    vacancy(103, "Lao động phổ thông", None, 3),
                ],
            },
        ];
        let worker = |id, sex, born: &str, groups: &[PriorityGroup], walk_in| ReportWorker {
            id,
            sex,
            birth_date: day(born),
            priority_groups: groups.to_vec(),
            walk_in,
            checked_in: false,
        };
        // Ages on 14/03/2025: 21, 35, 55, 25, 44.
        let workers = vec![
            worker(
                1,
                Sex::Female,
                "2003-03-15",
                &[PriorityGroup::Graduate],
                false,
            ),
            worker(
                2,
                Sex::Male,
                "1990-03-14",
                &[PriorityGroup::Disability],
                false,
            ),
            worker(3, Sex::Female, "1970-01-01", &[], true),
            worker(4, Sex::Male, "2000-03-14", &[], false),
            worker(5, Sex::Female, "1980-06-01", &[], true),
        ];
        let interview = |worker_id, vacancy_id, attendance| ReportInterview {
            worker_id,
            vacancy_id,
            attendance,
        };
        let interviews = vec![
            interview(1, 101, Attendance::Attended),
            interview(1, 102, Attendance::Attended),
            interview(2, 100, Attendance::Attended),
            interview(3, 102, Attendance::Attended),
            interview(4, 100, Attendance::NoShow),
        ];
        let outcome = |worker_id, vacancy_id, outcome, hour| ReportOutcome {
            worker_id,
            vacancy_id,
            outcome,
            recorded_at: Utc.with_ymd_and_hms(2025, 3, 14, hour, 0, 0).unwrap(),
        };
        let outcomes = vec![
            outcome(1, 101, Outcome::Shortlisted, 9),
            outcome(1, 101, Outcome::Hired, 11),
            outcome(1, 102, Outcome::Shortlisted, 10),
            outcome(2, 100, Outcome::Rejected, 10),
            outcome(3, 102, Outcome::Shortlisted, 10),
        ];
        build(ReportInput {
            session: &ReportSession {
                id: 7,
                kind: SessionKind::Daily,
                title: "Phiên giao dịch việc làm hàng ngày 14/03/2025".to_owned(),
                date: day("2025-03-14"),
                unit: UnitKey::parse("legacy:00157", NaiveDate::MAX).unwrap(),
                place: "Sàn GDVL Hà Nội, Cầu Giấy".to_owned(),
                organiser: "Trung tâm Dịch vụ việc làm Hà Nội".to_owned(),
            },
            employers: &employers,
            workers: &workers,
            interviews: &interviews,
            outcomes: &outcomes,
            reported_on: day("2025-03-17"),
        })
    }

    fn text(cell: &Data) -> String {
        match cell {
            Data::String(text) => text.clone(),
            Data::Float(value) => value.to_string(),
            Data::Int(value) => value.to_string(),
            Data::Empty => String::new(),
            other => format!("{other:?}"),
        }
    }

    /// The numbers right of the first cell in column `label_column` that
    /// reads `label`.
    fn figures(rows: &[Vec<Data>], label_column: usize, label: &str) -> Vec<f64> {
        let row = rows
            .iter()
            .find(|row| row.get(label_column).map(text).as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no row {label:?}"));
        row[label_column + 1..]
            .iter()
            .filter_map(|cell| match cell {
                Data::Float(value) => Some(*value),
                Data::Int(value) => Some(*value as f64),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_session_report_workbook_reads_back_with_its_figures() {
        let report = report();
        let bytes = write_session_report(&report).unwrap();
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            workbook.sheet_names(),
            [SUMMARY_SHEET, WORKERS_SHEET, OCCUPATIONS_SHEET]
        );
        let rows = |workbook: &mut Xlsx<_>, name: &str| -> Vec<Vec<Data>> {
            workbook
                .worksheet_range(name)
                .unwrap()
                .rows()
                .map(|row| row.to_vec())
                .collect()
        };

        let summary = rows(&mut workbook, SUMMARY_SHEET);
        assert_eq!(
            text(&summary[0][0]),
            "BÁO CÁO KẾT QUẢ PHIÊN GIAO DỊCH VIỆC LÀM"
        );
        assert_eq!(
            text(&summary[1][0]),
            "Phiên giao dịch việc làm hàng ngày 14/03/2025"
        );
        assert_eq!(
            text(&summary[2][0]),
            "Phiên giao dịch việc làm hàng ngày – ngày 14/03/2025 – tại Sàn GDVL Hà Nội, Cầu Giấy"
        );
        let expected = [
            ("Số doanh nghiệp tham gia", 2.0),
            ("Số vị trí việc làm", 4.0),
            ("Chỉ tiêu tuyển dụng (người)", 30.0),
            ("Số lao động đăng ký trước", 3.0),
            ("Số lao động đăng ký tại phiên", 2.0),
            // W1, W2 (interviews), W3, W5 (at the door); not W4.
            ("Số lao động tham gia phiên", 4.0),
            ("Trong đó: lao động nữ", 3.0),
            ("Trong đó: lao động thuộc đối tượng ưu tiên", 2.0),
            ("Số lượt phỏng vấn", 4.0),
            ("Số lượt vắng mặt phỏng vấn", 1.0),
            ("Số lao động được phỏng vấn", 3.0),
            ("Số lao động sơ tuyển", 2.0),
            ("Số lao động trúng tuyển", 1.0),
        ];
        assert_eq!(summary_lines(&report).len(), expected.len());
        for (label, value) in expected {
            assert_eq!(figures(&summary, 1, label), [value], "{label}");
        }
        assert!(summary
            .iter()
            .flatten()
            .any(|cell| text(cell) == "Ngày lập báo cáo: 17/03/2025"));

        let workers = rows(&mut workbook, WORKERS_SHEET);
        assert_eq!(figures(&workers, 0, "Tổng số"), [3.0, 2.0, 4.0]);
        assert_eq!(figures(&workers, 0, "Nam"), [2.0, 0.0, 1.0]);
        assert_eq!(figures(&workers, 0, "Nữ"), [1.0, 2.0, 3.0]);
        assert_eq!(figures(&workers, 0, "15–24"), [1.0, 0.0, 1.0]);
        assert_eq!(figures(&workers, 0, "25–34"), [1.0, 0.0, 0.0]);
        assert_eq!(figures(&workers, 0, "35–44"), [1.0, 1.0, 2.0]);
        assert_eq!(figures(&workers, 0, "55 trở lên"), [0.0, 1.0, 1.0]);
        assert_eq!(figures(&workers, 0, "Người khuyết tật"), [1.0, 0.0, 1.0]);
        assert_eq!(
            figures(&workers, 0, "Sinh viên mới tốt nghiệp"),
            [1.0, 0.0, 1.0]
        );
        assert_eq!(figures(&workers, 0, "Hộ nghèo"), [0.0, 0.0, 0.0]);

        let occupations = rows(&mut workbook, OCCUPATIONS_SHEET);
        // By code: vacancies, positions, interviewed, shortlisted, hired.
        assert_eq!(figures(&occupations, 1, "2411"), [1.0, 2.0, 1.0, 1.0, 1.0]);
        assert_eq!(figures(&occupations, 1, "7212"), [1.0, 5.0, 1.0, 0.0, 0.0]);
        assert_eq!(figures(&occupations, 1, "8153"), [1.0, 20.0, 2.0, 2.0, 0.0]);
        let name = occupations
            .iter()
            .find(|row| text(&row[1]) == "8153")
            .map(|row| text(&row[2]));
        assert_eq!(name.as_deref(), Some("Thợ vận hành máy may"));
        assert_eq!(
            figures(&occupations, 0, "Tổng cộng"),
            [4.0, 30.0, 3.0, 2.0, 1.0]
        );
    }

    #[test]
    fn the_printable_report_shows_the_same_figures_and_escapes_text() {
        let mut report = report();
        report.session.title = "Phiên <script>alert(1)</script>".to_owned();
        let page = vieclam_sheets::session_report::report_page(&report);
        assert!(page.contains("@page { size: A4"));
        assert!(!page.contains("<script>"), "text is escaped");
        assert!(page.contains("&lt;script&gt;"));
        for (label, value) in vieclam_sheets::session_report::summary_lines(&report) {
            assert!(
                page.contains(&format!("<td>{label}</td><td class=\"n\">{value}</td>")),
                "{label}"
            );
        }
    }
}

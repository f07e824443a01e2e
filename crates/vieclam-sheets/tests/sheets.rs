//! Sheets in, sheets out: every import failure mode, and export → import
//! round trips.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use vieclam_domain::registry::{
    CitizenId, Email, EmploymentStatus, EthnicGroup, GeneralEducation, ItSkill, Language,
    OccupationCode, OccupationExperience, PersonName, PhoneNumber, PriorityGroup, Qualification,
    Sex, SocialInsurance, WageRange, WorkHours, WorkerProfile,
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

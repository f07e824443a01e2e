//! The reading of conditions, case by case: each condition with and
//! without diacritics, in either tone style, negated, and beside the
//! distractors it must not be read from; the flag rule.

use super::*;

/// What one text reads as, by the labels of the data set
/// ("age:18-35", "sex:female", a group's code, …).
fn summary(conditions: &VacancyConditions) -> Vec<String> {
    evaluation::labels(conditions)
}

#[track_caller]
fn check(description: &str, expected: &[&str]) {
    let read = read_conditions("", description);
    assert_eq!(
        summary(&read),
        expected,
        "{description:?}\n{:#?}",
        read.evidence
    );
}

#[test]
fn examples_of_the_issue() {
    check("Có xe đưa đón", &["shuttle"]);
    check("xe đưa đón công nhân từ Hà Nội", &["shuttle"]);
    check("Nhận lao động chưa qua đào tạo", &["untrained"]);
    check("Không yêu cầu kinh nghiệm", &["untrained"]);
    check("Được đào tạo nghề", &["training"]);
    check("Đào tạo tại chỗ", &["training"]);
    check("Bao ăn ở", &["accommodation", "meals"]);
    check("Hỗ trợ nhà ở", &["accommodation"]);
    check("Có ký túc xá cho công nhân", &["accommodation"]);
    check("Ưu tiên bộ đội xuất ngũ", &["demobilised"]);
    check("Ưu tiên người khuyết tật", &["disability"]);
    check("Ưu tiên lao động địa phương", &["local_worker"]);
    check("Ưu tiên người dân tộc thiểu số", &["ethnic_minority"]);
    check("Ưu tiên lao động về nước", &["returned_migrant"]);
    check("Nữ từ 18-35 tuổi", &["age:18-35", "sex:female"]);
    check("Chỉ tuyển nam", &["sex:male"]);
    check("Dưới 30 tuổi", &["age:-30"]);
    check("Tuổi từ 20 đến 40", &["age:20-40"]);
}

#[test]
fn text_without_diacritics_reads_the_same() {
    check("nhan lao dong chua qua dao tao", &["untrained"]);
    check(
        "co xe dua don, bao an o",
        &["shuttle", "accommodation", "meals"],
    );
    check(
        "uu tien bo doi xuat ngu, nguoi dan toc thieu so",
        &["demobilised", "ethnic_minority"],
    );
    check("chi tuyen nu tu 18-35 tuoi", &["age:18-35", "sex:female"]);
    check("duoc dao tao tai cho", &["training"]);
    check("ho tro tien nha tro", &["accommodation"]);
    // "nam" typed without accents is also "năm" (years): read as years
    // where the words around say so.
    check("yeu cau 2 nam kinh nghiem", &[]);
    check("tuyen nam, tu 20 tuoi tro len", &["age:20-", "sex:male"]);
}

#[test]
fn either_tone_style_reads_the_same() {
    // "hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy": the old and the new
    // placement of the tone mark.
    check(
        "Nữ, sức khoẻ tốt, bao ăn ở",
        &["accommodation", "meals", "sex:female"],
    );
    check(
        "Nữ, sức khỏe tốt, bao ăn ở",
        &["accommodation", "meals", "sex:female"],
    );
    check("Đào tạo miễn phí, được hoà nhập", &["training"]);
}

#[test]
fn negated_conditions_are_not_found() {
    check("Không có xe đưa đón", &[]);
    check("không bao ăn ở", &[]);
    check("Không nhận lao động chưa qua đào tạo", &[]);
    check("ko có xe đưa đón, ko bao ăn", &[]);
    check("Xe đưa đón: không", &[]);
    check("Ăn ở tự túc", &[]);
    check(
        "Chưa có ký túc xá, hỗ trợ tiền nhà 500k/tháng",
        &["accommodation"],
    );
    check("Công ty không đào tạo, yêu cầu có tay nghề", &[]);
    check("Không nhận người chưa có kinh nghiệm", &[]);
    check("Không ưu tiên người địa phương", &[]);
    // A negation reaches only inside its clause.
    check("Không cần đặt cọc, có xe đưa đón", &["shuttle"]);
    // "không" that begins a finding of its own negates nothing after it.
    check("Không yêu cầu KN được đào tạo", &["training", "untrained"]);
    check("Không quá 35 tuổi", &["age:-35"]);
    // "500k" is five hundred thousand, not "500 không".
    check("hỗ trợ 500k tiền nhà", &["accommodation"]);
    // A negated upper bound is a lower one; "không tuyển nữ" is men only.
    check("Không nhận người dưới 18 tuổi", &["age:18-"]);
    check("Không tuyển nữ", &["sex:male"]);
}

#[test]
fn distractors_are_not_conditions() {
    check("Tuyển lái xe đưa đón khách du lịch", &[]);
    check("Tài xế lái xe đưa đón giám đốc", &[]);
    check("Trình độ đào tạo: đại học chính quy", &[]);
    check("Đã qua đào tạo nghề hàn", &[]);
    check("Chuyên viên đào tạo nội bộ", &[]);
    check("Nghỉ ăn trưa 1 tiếng", &[]);
    check("Nấu ăn ca cho 200 công nhân", &[]);
    check("Tư vấn bán nhà ở xã hội", &[]);
    check("Bảo vệ ký túc xá sinh viên", &[]);
    check("Yêu cầu có chỗ ở ổn định", &[]);
    check("Giáo viên dạy trẻ khuyết tật", &[]);
    check("Công ty TNHH Việt Nam, làm việc tại Nam Định", &[]);
    check("Lao động Nam Từ Liêm", &[]);
    check("Kinh nghiệm 5 năm, lương 15-20 triệu", &[]);
    check("Chiều cao 1m55 trở lên", &[]);
    check("Tuyển lao động đi Nhật Bản", &[]);
}

#[test]
fn both_sexes_are_no_limit() {
    check("Tuyển công nhân nam nữ", &[]);
    check("Nam/nữ từ 18-40 tuổi", &["age:18-40"]);
    check("Nam 18-45 tuổi, nữ 18-35 tuổi", &["age:18-45"]);
    check("Không phân biệt giới tính, ưu tiên nữ", &["prefer:female"]);
}

#[test]
fn groups_after_one_preference_word() {
    check(
        "Ưu tiên: bộ đội xuất ngũ, người khuyết tật nhẹ, lao động địa phương, hộ nghèo.",
        &[
            "demobilised",
            "disability",
            "local_worker",
            "poor_household",
        ],
    );
    check("Sinh viên mới ra trường được ưu tiên", &["graduate"]);
    check("Nhận sinh viên làm thêm", &["youth"]);
    check("Ưu tiên ứng viên ở gần công ty", &["local_worker"]);
    check("ưu tiên TTS đã về nước từ Nhật", &["returned_migrant"]);
    check("người khuyết tật", &[]);
}

#[test]
fn evidence_quotes_the_employers_words() {
    let read = read_conditions("Tuyển CN", "Lương 8tr. Có xe đưa đón CN, KTX miễn phí.");
    let quotes: Vec<(&str, Field)> = read
        .evidence
        .iter()
        .map(|evidence| (evidence.quote.as_str(), evidence.field))
        .collect();
    assert_eq!(
        quotes,
        [
            ("Có xe đưa đón CN", Field::Description),
            ("KTX miễn phí", Field::Description)
        ]
    );
    let description = "Lương 8tr. Có xe đưa đón CN, KTX miễn phí.";
    for evidence in &read.evidence {
        assert_eq!(&description[evidence.range.clone()], evidence.quote);
    }
    let far = read_conditions(
        "",
        "Ưu tiên các ứng viên có sức khỏe tốt, chăm chỉ và người khuyết tật",
    );
    assert_eq!(
        far.evidence_for(Condition::Preferred(PreferredGroup::Disability))
            .map(|evidence| evidence.quote.as_str())
            .collect::<Vec<_>>(),
        ["Ưu tiên … người khuyết tật"]
    );
}

#[test]
fn the_title_is_read_too() {
    let read = read_conditions("Tuyển 20 nữ công nhân may, bao ăn ở", "");
    assert_eq!(summary(&read), ["accommodation", "meals", "sex:female"]);
    assert!(read
        .evidence
        .iter()
        .all(|evidence| evidence.field == Field::Title));
}

#[test]
fn any_text_is_read_without_panicking() {
    for text in [
        "",
        " ",
        "...",
        "18-",
        "- 35 tuổi",
        "tuổi 999999999999 - 1",
        "ko",
        "k",
        "🙂 bao ăn",
        "nam nam nam",
    ] {
        read_conditions(text, text);
    }
    let long = "bao ăn ở, ".repeat(5_000);
    assert!(read_conditions("", &long).accommodation);
}

#[test]
fn preferred_groups_map_to_priority_groups() {
    assert_eq!(
        PreferredGroup::Demobilised.priority_group(),
        Some(PriorityGroup::Demobilised)
    );
    assert_eq!(PreferredGroup::LocalWorker.priority_group(), None);
    for group in PreferredGroup::ALL {
        assert_eq!(PreferredGroup::from_code(group.code()), Some(group));
    }
}

fn flags(description: &str) -> Vec<FlagKind> {
    discrimination(&read_conditions("", description))
        .into_iter()
        .map(|flag| flag.kind)
        .collect()
}

#[test]
fn the_flag_rule() {
    // A lowest age of 18, or of 15 to 17, protects minors: lawful.
    assert_eq!(flags("Từ đủ 18 tuổi trở lên"), []);
    assert_eq!(flags("Từ 15 tuổi, việc nhẹ"), []);
    assert_eq!(flags("Bao ăn ở, có xe đưa đón"), []);
    // An upper age, a lowest age above 18 or under 15, a sex: flagged.
    assert_eq!(flags("Tuổi từ 18 đến 35"), [FlagKind::UpperAgeLimit]);
    assert_eq!(flags("Dưới 30 tuổi"), [FlagKind::UpperAgeLimit]);
    assert_eq!(
        flags("Tuổi từ 20 đến 40"),
        [FlagKind::UpperAgeLimit, FlagKind::MinimumAgeAboveAdult]
    );
    assert_eq!(flags("Nhận từ 13 tuổi"), [FlagKind::ChildWorker]);
    assert_eq!(flags("Chỉ tuyển nam"), [FlagKind::SexLimit]);
    assert_eq!(flags("Ưu tiên nữ"), [FlagKind::SexPreference]);
    assert_eq!(
        flags("Nữ từ 18-35 tuổi"),
        [FlagKind::UpperAgeLimit, FlagKind::SexLimit]
    );
    assert_eq!(flags("Nam, nữ từ 18 tuổi"), []);
}

#[test]
fn a_flag_says_why_in_both_languages_and_quotes_the_words() {
    let flags = discrimination(&read_conditions("", "Tuyển nữ, dưới 30 tuổi"));
    assert_eq!(flags.len(), 2);
    let age = &flags[0];
    assert!(age.reason_vi().starts_with(law::REASON_VI));
    assert!(age.reason_en().starts_with(law::REASON_EN));
    assert_eq!(age.quotes, ["dưới 30 tuổi"]);
    assert_eq!(flags[1].quotes, ["Tuyển nữ"]);
}

//! The rules: which words say that a condition holds, which words around
//! them say that it does not (vetoes), and which words prefer a group.
//!
//! Written by reading how Vietnamese employers word their ads (the
//! development cases in this module's tests and `data/vacancy-conditions`);
//! each veto is there for a distractor met in such ads: a driver's job
//! "lái xe đưa đón khách" is not a shuttle for the workers, "trình độ đào
//! tạo: đại học" is not training given, "nghỉ ăn trưa" is a break, not a
//! meal.

use std::sync::OnceLock;

use vieclam_domain::registry::Sex;

use super::tokens::Pattern;
use super::PreferredGroup;

/// What a rule's match says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Finding {
    TrainingGiven,
    UntrainedAccepted,
    Shuttle,
    Accommodation,
    Meals,
    /// "bao ăn ở": both at once.
    AccommodationAndMeals,
    /// A group's name; kept only next to a word that prefers it.
    Group(PreferredGroup),
    /// Two numbers: a lower and an upper age.
    AgeRange,
    /// One number: the lowest age.
    AgeMin,
    /// One number: the highest age.
    AgeMax,
    /// Only this sex is hired.
    Sex(Sex),
    /// This sex is preferred.
    SexPreferred(Sex),
    /// This sex is not hired ("không tuyển nữ"); read without its negation.
    SexExcluded(Sex),
    /// Both sexes, or "không phân biệt giới tính".
    SexAny,
}

/// Findings that vetoes and overlaps are decided within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Topic {
    Training,
    Untrained,
    Shuttle,
    Accommodation,
    Meals,
    Group,
    Age,
    Sex,
    /// Kept apart from `Sex`, so that "công nhân nam nữ" is not read as
    /// "công nhân … nữ" by the longest match.
    SexAny,
}

impl Finding {
    pub(super) fn topic(self) -> Topic {
        match self {
            Finding::TrainingGiven => Topic::Training,
            Finding::UntrainedAccepted => Topic::Untrained,
            Finding::Shuttle => Topic::Shuttle,
            Finding::Accommodation | Finding::AccommodationAndMeals => Topic::Accommodation,
            Finding::Meals => Topic::Meals,
            Finding::Group(_) => Topic::Group,
            Finding::AgeRange | Finding::AgeMin | Finding::AgeMax => Topic::Age,
            Finding::Sex(_) | Finding::SexPreferred(_) | Finding::SexExcluded(_) => Topic::Sex,
            Finding::SexAny => Topic::SexAny,
        }
    }
}

/// The compiled rules, built once.
#[derive(Debug)]
pub(super) struct Rules {
    pub(super) findings: Vec<(Finding, Pattern)>,
    pub(super) vetoes: Vec<(Topic, Pattern)>,
    /// Words that prefer or welcome the group named after them.
    pub(super) triggers: Vec<Pattern>,
    /// Words after a group's name that prefer it ("… được ưu tiên").
    pub(super) trailing_triggers: Vec<Pattern>,
}

/// Words for a worker or a job in which a sex can follow ("công nhân nữ").
const ROLE: &str = "công_nhân|lao_động|người_lao_động|nhân_viên|thợ|bảo_vệ|tạp_vụ|giúp_việc|phụ_bếp|phục_vụ|lễ_tân|ứng_viên|kỹ_thuật_viên|kế_toán|lái_xe|tài_xế|thủ_kho|bốc_xếp|kho|giáo_viên|điều_dưỡng|học_viên";
const MALE: &str = "nam|nam_giới";
const FEMALE: &str = "nữ|nữ_giới";
const SEXES: &str = "nam|nữ|nam_giới|nữ_giới";

pub(super) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(build)
}

fn build() -> Rules {
    use Finding::*;
    use PreferredGroup as G;
    let mut findings: Vec<(Finding, String)> = Vec::new();
    let mut add = |finding: Finding, patterns: &[&str]| {
        findings.extend(
            patterns
                .iter()
                .map(|pattern| (finding, (*pattern).to_owned())),
        );
    };

    add(
        Shuttle,
        &[
            "xe_đưa_đón|xe_đưa_rước|xe_đón_đưa|xe_đưa_đi_làm|xe_đưa_công_nhân|xe_ca_đưa_đón|xe_buýt_đưa_đón|xe_bus_đưa_đón|xe_đón",
            "đưa_đón|đưa_rước|đón_đưa|đón_trả công_nhân|nhân_viên|người_lao_động|lao_động|CBCNV|công_nhân_viên",
            "đưa_đón|đưa_rước đi_làm|đi_về|tận_nơi|miễn_phí|hằng_ngày|hàng_ngày",
            "có|bố_trí|hỗ_trợ|được xe_đưa_đón|đưa_đón|xe_ca|xe_buýt|xe_bus|xe_đưa",
            "xe_ca|xe_buýt|xe_bus|ô_tô đưa_đón|đưa_rước|đón_trả|công_ty",
            "tuyến_xe|tuyến_xe_đưa_đón",
        ],
    );
    add(
        AccommodationAndMeals,
        &[
            "bao|hỗ_trợ|lo|miễn_phí|free|cung_cấp ăn ở|ăn_nghỉ",
            "bao_ăn và|+|cả? ở",
            "chỗ_ăn_ở|chỗ_ăn_nghỉ|chỗ_ăn_chỗ_ở",
            "ăn_ở miễn_phí|free",
        ],
    );
    add(
        Accommodation,
        &[
            "bao|bao_tiền ở|nhà_ở|chỗ_ở|phòng_ở|phòng|nhà|tiền_nhà|tiền_phòng",
            "có chỗ_ở|nhà_ở|phòng_ở|ký_túc_xá|kí_túc_xá|nhà_tập_thể|khu_tập_thể|phòng_trọ|nhà_trọ",
            "hỗ_trợ|bố_trí|sắp_xếp|cấp|lo|miễn_phí|free|phụ_cấp|trợ_cấp|được_ở|cho_ở|cung_cấp *2 nhà_ở|chỗ_ở|phòng_ở|tiền_nhà|tiền_thuê_nhà|tiền_phòng|tiền_trọ|nhà_trọ|phòng_trọ|tiền_ở|chỗ_nghỉ|nơi_ở|ký_túc_xá|kí_túc_xá|nhà_tập_thể|khu_tập_thể",
            "nhà_ở|chỗ_ở|phòng_ở|nơi_ở|ký_túc_xá|kí_túc_xá|phòng_trọ|nhà_trọ miễn_phí|free|cho_công_nhân|cho_người_lao_động|cho_nhân_viên|cho_lao_động|khép_kín|rộng_rãi|sạch_sẽ|đầy_đủ",
            "ở|được_ở|cho_ở ký_túc_xá|kí_túc_xá|nhà_tập_thể|tập_thể|miễn_phí",
        ],
    );
    add(
        Meals,
        &[
            "bao|bao_tiền ăn|cơm|bữa",
            "bao|cung_cấp|miễn_phí|có|được|hỗ_trợ|phụ_cấp|trợ_cấp|được_ăn *2 ăn_ca|ăn_trưa|cơm_trưa|cơm_ca|bữa_ăn|bữa_trưa|bữa_ca|suất_ăn|tiền_ăn|tiền_cơm|ăn_giữa_ca|ăn_sáng|ăn_tối|căng_tin|căn_tin|nhà_ăn|bếp_ăn",
            "hỗ_trợ|phụ_cấp|trợ_cấp ăn|cơm",
            "ăn_ca|ăn_trưa|cơm_trưa|cơm_ca|bữa_ăn|bữa_trưa|bữa_ca|suất_ăn|ăn_giữa_ca|tiền_ăn miễn_phí|free|tại_công_ty|tại_xưởng|tại_nhà_máy|công_ty_lo",
            "cơm_ca|suất_ăn_ca|ăn_ca|bữa_ăn_ca|bữa_ăn_giữa_ca",
        ],
    );
    add(
        TrainingGiven,
        &[
            "được|sẽ_được đào_tạo|training|huấn_luyện|hướng_dẫn|kèm_cặp|dạy_nghề|học_nghề|dạy_việc|chỉ_việc|chỉ_dạy|truyền_nghề|cầm_tay_chỉ_việc",
            "đào_tạo|training|huấn_luyện tại_chỗ|tại_công_ty|tại_xưởng|tại_nhà_máy|ban_đầu|từ_đầu|miễn_phí|bài_bản|nội_bộ|nghề|nâng_cao|thêm|cho_người_mới|người_mới|sau_khi_vào|khi_vào_làm|trước_khi_làm|có_lương|hưởng_lương",
            "công_ty|doanh_nghiệp|chúng_tôi|bên_mình|bên_em|xưởng|nhà_máy|quản_lý|tổ_trưởng sẽ? đào_tạo|hướng_dẫn|kèm_cặp|dạy_nghề|training",
            "sẽ|hỗ_trợ|nhận|tổ_chức|cam_kết đào_tạo|hướng_dẫn|dạy_nghề",
            "sẽ_được|được *2 hướng_dẫn|kèm_cặp|chỉ_việc|dạy_nghề|đào_tạo",
            "cầm_tay_chỉ_việc|kèm_cặp|chỉ_dạy_tận_tình|hướng_dẫn_tận_tình|hướng_dẫn_từ_đầu",
            "học_việc|học_nghề|thử_việc_có_đào_tạo có_lương|hưởng_lương|miễn_phí|được_trả_lương",
            "tham_gia|có các? khóa|khoá|chương_trình đào_tạo|huấn_luyện",
        ],
    );
    add(
        UntrainedAccepted,
        &[
            "chưa|không qua_đào_tạo|được_đào_tạo|có_kinh_nghiệm|có_tay_nghề|có_nghề|biết_việc|biết_nghề|làm_qua|từng_làm|có_bằng|có_bằng_cấp|có_chuyên_môn",
            "không|ko yêu_cầu|cần|đòi_hỏi|bắt_buộc có? kinh_nghiệm|bằng_cấp|trình_độ|tay_nghề|chuyên_môn|biết_việc|biết_nghề|học_vấn|bằng|chứng_chỉ",
            "lao_động_phổ_thông",
            "nhận|tuyển người_mới|người_mới_vào_nghề|người_mới_bắt_đầu",
            "nhận|nhận_cả|tuyển|kể_cả *2 chưa_biết|chưa_từng_làm|chưa_làm_qua|chưa_có_nghề",
            "chưa_biết|chưa_từng_làm|chưa_làm_qua .? sẽ|vẫn|cũng|được",
        ],
    );

    let groups: &[(PreferredGroup, &[&str])] = &[
        (
            G::Demobilised,
            &[
                "bộ_đội|quân_nhân|công_an|bộ_đội_công_an xuất_ngũ",
                "xuất_ngũ",
                "hoàn_thành|đã_hoàn_thành nghĩa_vụ_quân_sự|nghĩa_vụ_công_an",
                "đã|từng đi|qua bộ_đội|quân_ngũ|quân_đội",
                "bộ_đội|quân_nhân|cựu_chiến_binh",
            ],
        ),
        (
            G::Disability,
            &[
                "người? khuyết_tật|khiếm_thính|khiếm_thị|khuyết_tật_nhẹ|khuyết_tật_vận_động",
                "người_khuyết_tật",
            ],
        ),
        (
            G::LocalWorker,
            &[
                "lao_động|người|người_dân|ứng_viên|con_em địa_phương|tại_địa_phương|trên_địa_bàn|sở_tại|gần_nhà|quanh_khu_vực|khu_vực_lân_cận|lân_cận",
                "ở|sống|nhà gần công_ty|nhà_máy|xưởng|cửa_hàng|khu_công_nghiệp|nơi_làm_việc|cơ_sở|khu_vực",
                "có? hộ_khẩu|thường_trú|hộ_khẩu_thường_trú tại? hà_nội|huyện|quận|xã|phường|địa_phương|địa_bàn",
                "người|lao_động xã|huyện|quận|phường sở_tại|lân_cận",
                "người|lao_động|ứng_viên|người_dân đang? sinh_sống|cư_trú|sống|thường_trú tại|ở|trên|gần",
            ],
        ),
        (
            G::EthnicMinority,
            &[
                "người|đồng_bào|lao_động? dân_tộc_thiểu_số",
                "người_dân_tộc|đồng_bào_dân_tộc|lao_động_dân_tộc",
            ],
        ),
        (
            G::ReturnedMigrant,
            &[
                "lao_động|người|thực_tập_sinh|tu_nghiệp_sinh|kỹ_sư|người_lao_động đã|mới|vừa? về_nước|hồi_hương",
                "đã|từng đi? xuất_khẩu_lao_động|làm_việc_ở_nước_ngoài|làm_việc_tại_nước_ngoài|xuất_khẩu",
                "đã|từng đi|làm_việc_tại|làm_việc_ở|sang|làm_tại|làm_ở nhật|nhật_bản|hàn|hàn_quốc|đài_loan|nước_ngoài về?",
                "đi nhật|nhật_bản|hàn|hàn_quốc|đài_loan|nước_ngoài về",
                "hoàn_thành hợp_đồng *2 nước_ngoài",
            ],
        ),
        (
            G::PoorHousehold,
            &[
                "hộ|gia_đình|thuộc_hộ|con_em_hộ nghèo|cận_nghèo",
                "hộ_nghèo|hộ_cận_nghèo|hoàn_cảnh_khó_khăn|gia_đình_khó_khăn|gia_cảnh_khó_khăn|hoàn_cảnh_đặc_biệt_khó_khăn|gia_đình_có_hoàn_cảnh_khó_khăn",
            ],
        ),
        (
            G::Graduate,
            &[
                "sinh_viên|bạn|bạn_trẻ|người_trẻ|học_sinh|người|ứng_viên? mới|vừa tốt_nghiệp|ra_trường",
                "sinh_viên|học_sinh|ứng_viên đã? tốt_nghiệp mới_ra_trường|năm_nay",
            ],
        ),
        (
            G::Youth,
            &[
                "thanh_niên|lao_động_trẻ|người_trẻ|bạn_trẻ|sinh_viên|học_sinh|tuổi_trẻ",
                "đoàn_viên_thanh_niên",
            ],
        ),
    ];
    for (group, patterns) in groups {
        add(Group(*group), patterns);
    }

    // Age.
    let ranges = [
        "độ_tuổi|tuổi|tuổi_đời|tuổi_từ|độ_tuổi_từ|tuổi_lao_động từ? # đến|tới|~|-? #",
        "từ? # đến|tới|~? # tuổi",
        "từ? # tuổi đến|tới|~? # tuổi",
        "nam|nữ|nam_giới|nữ_giới từ? # đến|tới|~? #",
    ];
    add(AgeRange, &ranges);
    add(
        AgeMin,
        &[
            "từ|trên|đủ|từ_đủ|tối_thiểu|ít_nhất|lớn_hơn|hơn|phải_đủ # tuổi",
            "# tuổi trở_lên|trở_đi",
            "độ_tuổi|tuổi|tuổi_đời từ|trên|đủ|tối_thiểu|ít_nhất # trở_lên|trở_đi?",
        ],
    );
    add(
        AgeMax,
        &[
            "dưới|không_quá|tối_đa|chưa_quá|không_vượt_quá|chưa_đến|nhỏ_hơn|không_lớn_hơn|không_hơn|không_trên|đến # tuổi",
            "# tuổi trở_xuống|trở_lại|đổ_lại|đổ_xuống",
            "độ_tuổi|tuổi|tuổi_đời dưới|không_quá|tối_đa|chưa_quá|không_vượt_quá|đến # tuổi?",
        ],
    );

    // Sex.
    let sex_patterns = |sex: &str| -> Vec<String> {
        vec![
            format!("chỉ_tuyển|chỉ_nhận|chỉ_cần|chỉ_dành_cho|giới_tính|yêu_cầu|đối_tượng|tuyển|tuyển_gấp|cần_tuyển|cần|nhận|tuyển_dụng|chỉ #? {sex}"),
            format!("{ROLE} .? {sex}"),
            format!("{sex} {ROLE}"),
            format!("{sex} > từ|tuổi|độ_tuổi|dưới|trên|không_quá|tối_đa|đủ|khỏe_mạnh|chăm_chỉ|nhanh_nhẹn|cao|có_sức_khỏe|sức_khỏe|ngoại_hình"),
            format!("{sex} từ? # đến|tới|~? # tuổi?"),
            format!("{sex} giới"),
            format!("^ {sex} > ,"),
        ]
    };
    let male = sex_patterns(MALE);
    let female = sex_patterns(FEMALE);
    let male: Vec<&str> = male.iter().map(String::as_str).collect();
    let female: Vec<&str> = female.iter().map(String::as_str).collect();
    add(Sex(vieclam_domain::registry::Sex::Male), &male);
    add(Sex(vieclam_domain::registry::Sex::Female), &female);
    let prefer = |sex: &str| {
        format!(
            "ưu_tiên|ưu_tiên_tuyển|thích_hợp_với|phù_hợp_với|phù_hợp ứng_viên|người|lao_động|công_nhân|nhân_viên|ứng_cử_viên|các_bạn|bạn|chị_em|anh_em? {sex}"
        )
    };
    let (prefer_male, prefer_female) = (prefer(MALE), prefer(FEMALE));
    add(
        SexPreferred(vieclam_domain::registry::Sex::Male),
        &[&prefer_male],
    );
    add(
        SexPreferred(vieclam_domain::registry::Sex::Female),
        &[&prefer_female],
    );
    let exclude =
        |sex: &str| format!("không|ko tuyển|nhận|tuyển_dụng|nhận_hồ_sơ|dành_cho .? {sex}");
    let (exclude_male, exclude_female) = (exclude(MALE), exclude(FEMALE));
    add(
        SexExcluded(vieclam_domain::registry::Sex::Male),
        &[&exclude_male],
    );
    add(
        SexExcluded(vieclam_domain::registry::Sex::Female),
        &[&exclude_female],
    );
    let both_sexes = format!("{SEXES} và|hoặc|hay|lẫn|cả|hoặc_là|với|,? {SEXES}");
    add(
        SexAny,
        &[
            &both_sexes,
            "không_phân_biệt|không_yêu_cầu|không_giới_hạn|không_hạn_chế giới_tính|nam_nữ|nam|nữ",
            "giới_tính không|ko yêu_cầu|giới_hạn|phân_biệt|quan_trọng",
            "giới_tính tùy|bất_kỳ|tự_do",
            "cả_nam_và_nữ|cả_nam_lẫn_nữ|nam_nữ_đều|nam_nữ_như_nhau",
        ],
    );

    let vetoes: &[(Topic, &str)] = &[
        // A driver's job, or a shuttle for someone other than the workers.
        (Topic::Shuttle, "lái_xe|tài_xế|lái|phụ_xe|điều_hành|điều_phối *2 đưa_đón|đưa_rước|xe_đưa_đón|xe_đưa_rước|xe_ca|xe_buýt|xe_bus|xe_đón"),
        (Topic::Shuttle, "lái_xe|tài_xế|lái|phụ_xe *3 đưa_đón|đưa_rước|đón_trả|đưa"),
        (Topic::Shuttle, "đưa_đón|đưa_rước|đón_trả|đón|đưa *1 khách|hành_khách|học_sinh|trẻ|sếp|giám_đốc|lãnh_đạo|chuyên_gia|cán_bộ|bệnh_nhân|du_khách|khách_hàng|hàng_hóa|học_viên|giáo_viên|ban_giám_đốc|người_nước_ngoài|đối_tác"),
        (Topic::Shuttle, "dịch_vụ|kinh_doanh|điều_hành *2 xe_đưa_đón|đưa_đón|đưa_rước"),
        (Topic::Shuttle, "xe_đưa_đón|xe_đưa_rước|xe_đón|xe_ca|xe_buýt|xe_bus *1 khách|học_sinh|du_lịch|sân_bay"),
        // Selling or building housing, or working at a dormitory.
        (Topic::Accommodation, "bán|môi_giới|kinh_doanh|dự_án|tư_vấn|xây_dựng|thiết_kế|sàn *2 nhà_ở|chỗ_ở|căn_hộ|nhà_trọ|phòng_trọ|ký_túc_xá"),
        (Topic::Accommodation, "nhà_ở_xã_hội|nhà_ở_thương_mại"),
        (Topic::Accommodation, "quản_lý|bảo_vệ|vệ_sinh|dọn_dẹp|trực|tại|gần|ở_gần|làm_việc_tại|làm_việc_ở|làm_việc ký_túc_xá|kí_túc_xá|khu_tập_thể|nhà_tập_thể"),
        (Topic::Accommodation, "có|được|hỗ_trợ phòng|nhà nghỉ|thay_đồ|tắm|vệ_sinh|họp|máy|riêng|xưởng|kho|bếp"),
        // A break for lunch, cooking for others, a security guard.
        (Topic::Meals, "nghỉ|giờ_nghỉ|thời_gian_nghỉ|nghỉ_giữa_ca *2 ăn_trưa|ăn_ca|ăn_cơm|cơm_trưa|ăn_giữa_ca|trưa"),
        (Topic::Meals, "nấu|chế_biến|chia|phục_vụ|phát|nấu_ăn_cho *3 ăn_ca|ăn_trưa|cơm_trưa|cơm_ca|bữa_ăn|bữa_trưa|suất_ăn|cơm|bữa|căng_tin|căn_tin|bếp_ăn|nhà_ăn"),
        (Topic::Accommodation, "chỗ_ở|nơi_ở|nhà_ở ổn_định|cố_định|gần|hiện_tại|hiện_nay"),
        (Topic::Meals, "nhân_viên|cán_bộ|đội|công_ty bảo_an"),
        (Topic::Meals, "quản_lý|nhân_viên|bếp_trưởng *2 căng_tin|căn_tin|bếp_ăn|nhà_ăn|suất_ăn"),
        (Topic::Meals, "đồ_ăn|món_ăn|thức_ăn|dịch_vụ_ăn_uống|suất_ăn_công_nghiệp"),
        // Training as a requirement, a school, a trainer's job.
        (Topic::Training, "qua|đã_qua|đã_được|đã|từng_được|từng|trình_độ|hệ|loại_hình|chuyên_ngành|ngành|ngành_nghề|cơ_sở|trường|trung_tâm|viện|phòng|ban|bộ_phận|chứng_chỉ|bằng|văn_bằng|kinh_nghiệm|chuyên_viên|nhân_viên|giảng_viên|cán_bộ|trưởng|phó|quản_lý|giám_đốc|chương_trình_đào_tạo_của đào_tạo|huấn_luyện|training"),
        (Topic::Training, "đào_tạo chính_quy|đại_học|cao_đẳng|trung_cấp|sơ_cấp|chuyên_ngành|ngành|từ_xa|liên_thông|văn_bằng_hai|tại_chức|vừa_làm_vừa_học|sau_đại_học"),
        (Topic::Training, "phụ_trách|lập_kế_hoạch|tổ_chức_các_khóa|xây_dựng|thiết_kế|triển_khai|kế_hoạch|nhu_cầu|công_tác|hoạt_động|quản_lý *1 đào_tạo|huấn_luyện|hướng_dẫn"),
        (Topic::Training, "hướng_dẫn khách|khách_hàng|sử_dụng|lắp_đặt|thủ_tục|viên|học_sinh|sinh_viên|du_lịch|đoàn|người_dùng|đọc"),
        (Topic::Training, "có_khả_năng|khả_năng|kỹ_năng|có_kỹ_năng|biết *2 đào_tạo|huấn_luyện|hướng_dẫn|kèm_cặp"),
        // Caring for, teaching or lending to a group is a job, not a preference.
        (Topic::Group, "chăm_sóc|dạy|trông|đưa_đón|đưa_rước|phục_vụ|điều_trị|cho_vay|vay|tư_vấn_cho|giảng_dạy|gia_sư|giáo_viên *2 người_khuyết_tật|khuyết_tật|trẻ|học_sinh|sinh_viên|hộ_nghèo|hộ_cận_nghèo|người_dân_tộc|dân_tộc_thiểu_số|thanh_niên|người_cao_tuổi"),
        // "Nam" as a place, "năm" typed without accents.
        (Topic::Sex, "việt_nam|hà_nam|quảng_nam|miền_nam|phía_nam|nam_định|nam_từ_liêm|nam_thăng_long|nam_an_khánh|nam_sách|nam_đàn|nam_trực|nam_bộ|nam_phi|nam_hàn|nam_sơn|nam_hồng|nam_dư|nam_phong|nam_cao|nam_hà|nam_trung_bộ|đông_nam|tây_nam|đông_nam_á|hướng_nam|nam_mỹ|nam_á|nam_hải|nam_đồng|nam_thành|nam_triều"),
        (Topic::Sex, "năm ~ kinh_nghiệm|trở_lên|trở_lại|làm_việc|nay|qua|thứ|sau|đầu|tới|trước|học|sinh|công_tác|tuổi|liên_tục|đóng|gần_đây|hết|sẽ|đã|rồi"),
        (Topic::Sex, "# năm"),
        (Topic::Sex, "năm #"),
        (Topic::Sex, "hàng_năm|hằng_năm|cả_năm|mỗi_năm|tết|cuối_năm|đầu_năm|một_năm|nửa_năm|nhiều_năm|thưởng_năm|lương_tháng_13"),
    ];

    let triggers = [
        "ưu_tiên|ưu_tiên_tuyển|ưu_tiên_nhận|ưu_đãi",
        "dành_cho|dành_riêng_cho|dành_riêng",
        "nhận|tiếp_nhận|tuyển|tuyển_dụng|chào_đón|khuyến_khích|chào_mừng|sẵn_sàng_nhận|nhận_cả|kể_cả|bao_gồm_cả|hoan_nghênh|không_phân_biệt",
        "phù_hợp|thích_hợp|phù_hợp_với|phù_hợp_cho|thích_hợp_với|thích_hợp_cho|tạo_việc_làm_cho|việc_làm_cho|hỗ_trợ_việc_làm_cho",
    ];
    let trailing_triggers = ["được|sẽ_được|là ưu_tiên|ưu_tiên_tuyển|ưu_tiên_nhận|ưu_tiên_hơn|chào_đón|khuyến_khích_ứng_tuyển"];

    Rules {
        findings: findings
            .iter()
            .map(|(finding, source)| (*finding, Pattern::new(source)))
            .collect(),
        vetoes: vetoes
            .iter()
            .map(|(topic, source)| (*topic, Pattern::new(source)))
            .collect(),
        triggers: triggers.iter().map(|source| Pattern::new(source)).collect(),
        trailing_triggers: trailing_triggers
            .iter()
            .map(|source| Pattern::new(source))
            .collect(),
    }
}

/// Words that, before a condition, say that it does not hold.
pub(super) const NEGATORS: &[&str] = &["không", "chẳng", "chưa", "chả"];

/// Words after which "không" negates no condition that follows: "không
/// quá 35 tuổi", "không yêu cầu kinh nghiệm", "không chỉ …", "không mất phí".
pub(super) const NOT_NEGATING_AFTER: &[&str] = &[
    "quá", "chỉ", "yêu", "cần", "đòi", "mất", "tính", "thu", "phân", "giới", "kể", "những", "ngại",
    "ngừng", "bắt",
];

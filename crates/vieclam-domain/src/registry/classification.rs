//! The closed lists of the registries: qualifications, education, priority
//! groups, statuses, kinds, languages, destination countries.

use super::coded::coded_enum;

coded_enum! {
    /// Technical qualification (trình độ chuyên môn kỹ thuật).
    Qualification, "Trình độ chuyên môn kỹ thuật", "qualification" {
        None = "none", "Chưa qua đào tạo", ["khong", "chua dao tao", "khong co", "lao dong pho thong"];
        Elementary = "elementary", "Sơ cấp", ["so cap nghe", "chung chi nghe"];
        Intermediate = "intermediate", "Trung cấp", ["tc", "trung cap nghe", "trung cap chuyen nghiep"];
        College = "college", "Cao đẳng", ["cd", "cao dang nghe"];
        University = "university", "Đại học", ["dh", "cu nhan", "ky su", "bachelor"];
        Postgraduate = "postgraduate", "Trên đại học", ["thac si", "tien si", "ths", "ts", "master", "phd"];
    }
}

impl Qualification {
    /// True from the elementary (sơ cấp) level up: "trained with a
    /// certificate" in the plans' sense.
    pub fn is_certified(self) -> bool {
        self != Qualification::None
    }
}

coded_enum! {
    /// General education completed (trình độ giáo dục phổ thông).
    GeneralEducation, "Trình độ học vấn", "general education" {
        None = "none", "Chưa tốt nghiệp tiểu học", ["khong", "chua di hoc", "mu chu"];
        Primary = "primary", "Tiểu học", ["5 12", "5", "cap 1"];
        LowerSecondary = "lower_secondary", "Trung học cơ sở", ["thcs", "9 12", "9", "cap 2"];
        UpperSecondary = "upper_secondary", "Trung học phổ thông", ["thpt", "12 12", "12", "cap 3"];
    }
}

coded_enum! {
    /// Priority groups named in the plans (đối tượng ưu tiên).
    PriorityGroup, "Đối tượng ưu tiên", "priority group" {
        Disability = "disability", "Người khuyết tật", ["khuyet tat", "nkt"];
        EthnicMinority = "ethnic_minority", "Người dân tộc thiểu số", ["dan toc thieu so", "dtts"];
        PoorHousehold = "poor_household", "Hộ nghèo", ["ngheo"];
        NearPoorHousehold = "near_poor_household", "Hộ cận nghèo", ["can ngheo"];
        LandRecovered = "land_recovered", "Bị thu hồi đất", ["thu hoi dat", "thu hoi dat nong nghiep"];
        Demobilised = "demobilised", "Bộ đội và công an xuất ngũ", ["bo doi xuat ngu", "xuat ngu", "cong an xuat ngu", "bo doi cong an xuat ngu"];
        Graduate = "graduate", "Sinh viên mới tốt nghiệp", ["sinh vien tot nghiep", "moi tot nghiep"];
        PostRehabilitation = "post_rehabilitation", "Người sau cai nghiện", ["sau cai nghien"];
        ReleasedPrisoner = "released_prisoner", "Người chấp hành xong án phạt tù", ["chap hanh xong an phat tu", "sau cai tao"];
        ReturnedMigrant = "returned_migrant", "Người lao động về nước", ["ve nuoc", "lao dong ve nuoc", "nguoi ve nuoc", "hoi huong", "returned migrant", "returnee"];
    }
}

coded_enum! {
    /// A worker's situation (tình trạng việc làm), derived from events.
    EmploymentStatus, "Tình trạng việc làm", "employment status" {
        Employed = "employed", "Có việc làm", ["dang lam viec", "co viec"];
        Unemployed = "unemployed", "Thất nghiệp, đang tìm việc", ["that nghiep", "tim viec", "seeking", "dang tim viec"];
        OutOfLabourForce = "out_of_labour_force", "Không tham gia lực lượng lao động", ["ngoai luc luong lao dong", "khong tham gia"];
        Abroad = "abroad", "Đang làm việc ở nước ngoài", ["nuoc ngoai", "xuat khau lao dong", "xkld"];
    }
}

coded_enum! {
    /// IT skills (kỹ năng công nghệ thông tin).
    ItSkill, "Kỹ năng tin học", "IT skill" {
        None = "none", "Không", ["khong co"];
        Basic = "basic", "Cơ bản", ["tin hoc co ban", "van phong", "tin hoc van phong"];
        Advanced = "advanced", "Nâng cao", ["tin hoc nang cao", "chuyen sau"];
    }
}

coded_enum! {
    /// Working hours (thời gian làm việc).
    WorkHours, "Thời gian làm việc", "working hours" {
        FullTime = "full_time", "Toàn thời gian", ["hanh chinh", "full time"];
        PartTime = "part_time", "Bán thời gian", ["part time"];
        Shifts = "shifts", "Theo ca", ["ca kip", "lam ca"];
        Flexible = "flexible", "Linh hoạt", ["tu do"];
    }
}

coded_enum! {
    /// Contract type (loại hợp đồng lao động, Labour Code 2019 art. 20).
    ContractType, "Loại hợp đồng", "contract type" {
        Indefinite = "indefinite", "Không xác định thời hạn", ["khong thoi han", "vo thoi han"];
        FixedTerm = "fixed_term", "Xác định thời hạn", ["co thoi han", "thoi han"];
        Seasonal = "seasonal", "Thời vụ", ["mua vu", "theo mua vu"];
        Probation = "probation", "Thử việc", ["hop dong thu viec"];
    }
}

coded_enum! {
    /// Status of a vacancy.
    VacancyStatus, "Trạng thái vị trí tuyển dụng", "vacancy status" {
        Open = "open", "Đang tuyển", ["mo", "con han"];
        Filled = "filled", "Đã tuyển đủ", ["da tuyen", "du"];
        Closed = "closed", "Đã đóng", ["dong", "ngung tuyen"];
        Expired = "expired", "Hết hạn", ["qua han"];
    }
}

coded_enum! {
    /// Kind of employer (loại hình).
    EmployerKind, "Loại hình đơn vị", "employer kind" {
        Company = "company", "Doanh nghiệp", ["cong ty", "dn", "cong ty tnhh", "cong ty co phan", "tnhh", "cp"];
        Cooperative = "cooperative", "Hợp tác xã", ["htx"];
        HouseholdBusiness = "household_business", "Hộ kinh doanh", ["ho kinh doanh ca the", "hkd", "ho ca the"];
        PublicBody = "public_body", "Cơ quan, đơn vị sự nghiệp nhà nước", ["co quan nha nuoc", "don vi su nghiep", "nha nuoc"];
    }
}

coded_enum! {
    /// Size band by number of employees.
    SizeBand, "Quy mô lao động", "size band" {
        Micro = "micro", "Dưới 10 lao động", ["sieu nho", "1 9"];
        Small = "small", "10–49 lao động", ["nho", "10 49"];
        Medium = "medium", "50–199 lao động", ["vua", "50 199"];
        Large = "large", "200–999 lao động", ["lon", "200 999"];
        VeryLarge = "very_large", "Từ 1000 lao động", ["rat lon", "1000"];
    }
}

impl SizeBand {
    /// The band of an employer with `n_employees` workers.
    pub fn from_headcount(n_employees: u32) -> SizeBand {
        match n_employees {
            0..=9 => SizeBand::Micro,
            10..=49 => SizeBand::Small,
            50..=199 => SizeBand::Medium,
            200..=999 => SizeBand::Large,
            _ => SizeBand::VeryLarge,
        }
    }

    /// Parses a band, or a headcount given as a number.
    pub fn parse_or_count(text: &str) -> Result<SizeBand, super::InvalidValue> {
        match text.trim().replace(['.', ','], "").parse::<u32>() {
            Ok(n_employees) => Ok(SizeBand::from_headcount(n_employees)),
            Err(_) => SizeBand::parse(text),
        }
    }
}

coded_enum! {
    /// Social-insurance participation (bảo hiểm xã hội).
    SocialInsurance, "Bảo hiểm xã hội", "social insurance" {
        None = "none", "Không tham gia", ["khong", "chua tham gia"];
        Compulsory = "compulsory", "Bắt buộc", ["bhxh bat buoc"];
        Voluntary = "voluntary", "Tự nguyện", ["bhxh tu nguyen"];
    }
}

coded_enum! {
    /// Languages a worker speaks or a vacancy asks for (ISO 639-1 codes).
    Language, "Ngoại ngữ", "language" {
        Vietnamese = "vi", "Tiếng Việt", ["viet", "vietnamese"];
        English = "en", "Tiếng Anh", ["anh", "english", "anh van"];
        Chinese = "zh", "Tiếng Trung", ["trung", "chinese", "tieng hoa", "hoa"];
        Japanese = "ja", "Tiếng Nhật", ["nhat", "japanese"];
        Korean = "ko", "Tiếng Hàn", ["han", "korean", "han quoc"];
        French = "fr", "Tiếng Pháp", ["phap", "french"];
        German = "de", "Tiếng Đức", ["duc", "german"];
        Russian = "ru", "Tiếng Nga", ["nga", "russian"];
        Thai = "th", "Tiếng Thái", ["thai lan", "thai"];
        Lao = "lo", "Tiếng Lào", ["lao"];
        Khmer = "km", "Tiếng Khmer", ["khmer", "campuchia"];
        Spanish = "es", "Tiếng Tây Ban Nha", ["tay ban nha", "spanish"];
    }
}

coded_enum! {
    /// Destination countries of working abroad under contract (ISO 3166-1
    /// alpha-2), the common ones in the plans and the statistics.
    Country, "Nước đến", "destination country" {
        Japan = "JP", "Nhật Bản", ["nhat", "japan"];
        Korea = "KR", "Hàn Quốc", ["han", "korea", "south korea"];
        Taiwan = "TW", "Đài Loan", ["dai loan trung quoc", "taiwan"];
        China = "CN", "Trung Quốc", ["china"];
        Germany = "DE", "Đức", ["germany", "cong hoa lien bang duc"];
        Romania = "RO", "Romania", ["ru ma ni"];
        Poland = "PL", "Ba Lan", ["poland"];
        Hungary = "HU", "Hungary", ["hung ga ri"];
        CzechRepublic = "CZ", "Séc", ["cong hoa sec", "czech"];
        Russia = "RU", "Nga", ["lien bang nga", "russia"];
        Australia = "AU", "Úc", ["australia", "uc chau"];
        NewZealand = "NZ", "New Zealand", ["niu di lan"];
        Singapore = "SG", "Singapore", ["xinh ga po"];
        Malaysia = "MY", "Malaysia", ["ma lai xi a"];
        SaudiArabia = "SA", "Ả Rập Xê Út", ["saudi arabia", "a rap saudi"];
        Qatar = "QA", "Qatar", ["ca ta"];
        UnitedArabEmirates = "AE", "Các Tiểu vương quốc Ả Rập Thống nhất", ["uae", "dubai"];
        Israel = "IL", "Israel", ["i xra en"];
        Canada = "CA", "Canada", ["ca na da"];
        UnitedStates = "US", "Hoa Kỳ", ["my", "usa", "united states"];
        UnitedKingdom = "GB", "Vương quốc Anh", ["anh quoc", "uk", "united kingdom"];
        France = "FR", "Pháp", ["france"];
        Laos = "LA", "Lào", ["laos"];
        Cambodia = "KH", "Campuchia", ["cambodia"];
        Macao = "MO", "Ma Cao", ["macau", "macao"];
    }
}

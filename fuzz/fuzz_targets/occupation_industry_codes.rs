//! Codes checked against the shipped classifications: ISCO-08/VSCO
//! occupations, VSIC 2018 industries, the 54 ethnic groups, and the closed
//! lists of `coded_enum!` (qualification, languages, statuses, ...).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::{
    ContractType, Country, EmployerKind, EmploymentStatus, EthnicGroup, GeneralEducation,
    IndustryCode, ItSkill, Language, OccupationCode, PriorityGroup, Qualification, SizeBand,
    SocialInsurance, VacancyStatus, WorkHours,
};
use vieclam_fuzz::text;

macro_rules! coded {
    ($input:expr, $($kind:ty),+) => {$(
        if let Ok(value) = <$kind>::parse($input) {
            // The code and the Vietnamese name both read back.
            assert_eq!(<$kind>::parse(value.as_str()), Ok(value));
            assert_eq!(<$kind>::parse(value.name_vi()), Ok(value));
        }
    )+};
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let input = input.as_ref();
    if let Ok(code) = OccupationCode::parse(input) {
        assert_eq!(code.as_str().len(), 4);
        assert_eq!(OccupationCode::parse(code.as_str()).as_ref(), Ok(&code));
        let _ = (
            code.name_vi(),
            code.minor_group(),
            code.sub_major_group(),
            code.major_group(),
        );
    }
    if let Ok(code) = IndustryCode::parse(input) {
        assert_eq!(IndustryCode::parse(code.as_str()).as_ref(), Ok(&code));
        let _ = code.section();
    }
    if let Ok(group) = EthnicGroup::parse(input) {
        assert_eq!(EthnicGroup::parse(group.code()).as_ref(), Ok(&group));
        assert_eq!(EthnicGroup::parse(group.name_vi()).as_ref(), Ok(&group));
    }
    coded!(
        input,
        Qualification,
        GeneralEducation,
        PriorityGroup,
        EmploymentStatus,
        ItSkill,
        WorkHours,
        ContractType,
        Country,
        EmployerKind,
        SizeBand,
        SocialInsurance,
        VacancyStatus,
        Language
    );
    let _ = SizeBand::parse_or_count(input);
    // The title classifier that fills a missing occupation on import.
    if data.first().is_some_and(|b| b & 0x03 == 0) {
        if let Some(code) = vieclam_sheets::employers::infer_occupation(input) {
            assert!(OccupationCode::parse(code.as_str()).is_ok());
        }
    }
});

//! Property tests of the text keys: normalisation is idempotent, both tone
//! styles give the same key, and case never matters.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vieclam_text::{canonical_tone_placement, exact_key, fold, nfc};

/// Syllables written in both tone styles: (classic, new).
const TONE_STYLE_PAIRS: &[(&str, &str)] = &[
    ("hòa", "hoà"),
    ("hóa", "hoá"),
    ("họa", "hoạ"),
    ("thủy", "thuỷ"),
    ("thúy", "thuý"),
    ("khỏe", "khoẻ"),
    ("ủy", "uỷ"),
    ("lũy", "luỹ"),
    ("tòa", "toà"),
    ("xóa", "xoá"),
];

fn vietnamese_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Hà", "Nội", "Ứng", "Hòa", "hoà", "THUỶ", "thủy", "kế", "toán", "Đống", "Đa", "người",
            "lao", "động", "khoẻ", "quý", "giá", "nguyễn", "IT", "2025", "-", ",", " ",
        ]),
        0..8,
    )
    .prop_map(|parts| parts.join(" "))
}

proptest! {
    #[test]
    fn nfc_is_idempotent(text in "\\PC{0,40}") {
        let once = nfc(&text);
        prop_assert_eq!(nfc(&once), once.clone());
    }

    #[test]
    fn nfd_input_gives_the_same_keys(text in vietnamese_text()) {
        let decomposed: String = text.nfd().collect();
        prop_assert_eq!(exact_key(&decomposed), exact_key(&text));
        prop_assert_eq!(fold(&decomposed), fold(&text));
    }

    #[test]
    fn exact_key_is_idempotent(text in vietnamese_text()) {
        let once = exact_key(&text);
        prop_assert_eq!(exact_key(&once), once.clone());
        let placed = canonical_tone_placement(&text);
        prop_assert_eq!(canonical_tone_placement(&placed), placed);
    }

    #[test]
    fn upper_and_lower_case_agree(text in vietnamese_text()) {
        prop_assert_eq!(fold(&text.to_uppercase()), fold(&text.to_lowercase()));
        prop_assert_eq!(exact_key(&text.to_uppercase()), exact_key(&text.to_lowercase()));
    }

    #[test]
    fn both_tone_styles_have_one_key(index in 0..TONE_STYLE_PAIRS.len(), upper in any::<bool>()) {
        let (classic, new) = TONE_STYLE_PAIRS[index];
        let (classic, new) = if upper {
            (classic.to_uppercase(), new.to_uppercase())
        } else {
            (classic.to_owned(), new.to_owned())
        };
        prop_assert_eq!(exact_key(&classic), exact_key(&new));
        prop_assert_eq!(fold(&classic), fold(&new));
    }

    #[test]
    fn folding_removes_every_diacritic(text in vietnamese_text()) {
        let folded = fold(&text);
        prop_assert!(!vieclam_text::has_diacritics(&folded));
        prop_assert_eq!(fold(&folded), folded.clone());
    }
}

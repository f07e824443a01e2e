//! Vietnamese text done right: NFC normalisation, one tone-mark placement,
//! accent folding (with đ → d) and word splitting.
//!
//! Every piece of text that enters vieclam — a spreadsheet cell, a search
//! query, a unit name — goes through [`nfc`] first, because the same word can
//! arrive precomposed (Windows, most web forms) or decomposed (macOS). Two
//! keys are then derived from it:
//!
//! * [`exact_key`]: lower case, NFC, with the tone mark moved to one canonical
//!   vowel, so that "hoà" and "hòa", "thuỷ" and "thủy" are the same key while
//!   "bán" and "bạn" stay different.
//! * [`fold`]: lower case with every diacritic removed and đ → d, so that
//!   "ke toan" finds "Kế toán".
//!
//! Both keys also see through the look-alike characters text from the wild
//! carries — an eth for đ, a Cyrillic о inside "Cоng ty", a no-break or
//! zero-width space, fullwidth digits — by the hand-picked table of
//! `confusables.rs`; [`nfc`] keeps them, so display text is as typed.
//!
//! The crate has no dependencies beyond Unicode normalisation tables and does
//! no I/O.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

mod compounds;
mod confusables;
mod tone;

pub use compounds::{compounds, segment};
pub use tone::canonical_tone_placement;

/// Returns `text` in Unicode Normalization Form C.
///
/// Text that is already NFC (the common case) is copied without running the
/// full composition algorithm.
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// Lower-case NFC text with the tone mark of every syllable on its canonical
/// vowel: the key for "same word, same accents".
///
/// ```
/// use vieclam_text::exact_key;
/// assert_eq!(exact_key("Hoà Xá"), exact_key("hòa xá"));
/// assert_ne!(exact_key("bán hàng"), exact_key("bạn hàng"));
/// ```
pub fn exact_key(text: &str) -> String {
    let lower: String = unconfused(text).to_lowercase();
    canonical_tone_placement(&lower)
}

/// `text` in NFC with every look-alike character replaced by the letter it
/// imitates (or dropped, when invisible). The replacement is made on the
/// decomposed text, so that a look-alike base letter with a tone mark
/// ("о" + acute) composes into the Vietnamese letter ("ó").
fn unconfused(text: &str) -> String {
    if !confusables::may_hold_confusables(text) {
        return nfc(text);
    }
    let unconfuse = |character: char| confusables::confusable(character).unwrap_or(Some(character));
    // Before decomposing too: "İ" decomposes into "I" and a combining dot.
    let mapped: String = text.chars().filter_map(unconfuse).collect();
    mapped.nfd().filter_map(unconfuse).nfc().collect()
}

/// Lower-case text without diacritics, with đ and Đ folded to d: the key for
/// accent-free matching.
///
/// ```
/// use vieclam_text::fold;
/// assert_eq!(fold("Kế toán"), "ke toan");
/// assert_eq!(fold("Đống Đa"), "dong da");
/// ```
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for character in text.nfd() {
        let Some(character) = confusables::confusable(character).unwrap_or(Some(character)) else {
            continue;
        };
        if is_combining_mark(character) {
            continue;
        }
        match character {
            'đ' | 'Đ' => folded.push('d'),
            _ => folded.extend(character.to_lowercase()),
        }
    }
    folded
}

/// The base letter of one character, lower case, without diacritics (đ →
/// d); `None` when it does not fold to a single character.
pub fn fold_char(character: char) -> Option<char> {
    if matches!(character, 'đ' | 'Đ') {
        return Some('d');
    }
    let mut bases = std::iter::once(character)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase);
    let first = bases.next()?;
    bases.next().is_none().then_some(first)
}

/// True when `text` carries any Vietnamese diacritic (a tone mark, a vowel
/// mark or đ). A query without any is taken to be typed without accents.
pub fn has_diacritics(text: &str) -> bool {
    text.nfd()
        .any(|character| is_combining_mark(character) || matches!(character, 'đ' | 'Đ'))
}

/// The number of tone marks (grave, acute, tilde, hook, dot below) in a
/// text: a Vietnamese syllable has at most one.
pub fn tone_mark_count(text: &str) -> usize {
    text.nfd()
        .filter(|c| {
            matches!(
                c,
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
            )
        })
        .count()
}

/// Splits text into words: maximal runs of letters and digits, with the
/// combining marks that follow them (a mark with no precomposed letter, as
/// in "P\u{300}", stays in its word). Punctuation, spaces and symbols
/// separate words and are dropped.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|character: char| {
        !(character.is_alphanumeric() || unicode_normalization::char::is_combining_mark(character))
    })
    .filter(|word| !word.is_empty())
}

/// Folded words of `text`, joined by single spaces: the form in which names
/// are compared word by word without accents.
pub fn folded_words(text: &str) -> String {
    let folded = fold(text);
    words(&folded).collect::<Vec<_>>().join(" ")
}

/// Exact-key words of `text`, joined by single spaces.
pub fn exact_words(text: &str) -> String {
    let key = exact_key(text);
    words(&key).collect::<Vec<_>>().join(" ")
}

/// Combining diacritical marks (U+0300–U+036F): every Vietnamese tone mark
/// and vowel mark decomposes into one of these.
fn is_combining_mark(character: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&character)
}

/// A key that sorts Vietnamese text in dictionary order: letters by the
/// Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), then, for
/// words spelt with the same letters, by tone (none, huyền, hỏi, ngã,
/// sắc, nặng), ignoring case. Byte order of plain strings puts "Đ" after
/// "Z" and "Ă" after "Z"; this does not.
///
/// ```
/// use vieclam_text::collation_key;
/// let mut names = vec!["Đống Đa", "Ba Đình", "Cầu Giấy", "Dương Nội", "Ảnh", "An Khánh"];
/// names.sort_by_key(|name| collation_key(name));
/// assert_eq!(names, ["An Khánh", "Ảnh", "Ba Đình", "Cầu Giấy", "Dương Nội", "Đống Đa"]);
/// ```
pub fn collation_key(text: &str) -> Vec<u32> {
    // Primary: letters; secondary (appended after a separator): tones.
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    for character in nfc(text).nfd().collect::<String>().chars() {
        match character {
            '\u{0300}' => tones.push(1), // huyền
            '\u{0309}' => tones.push(2), // hỏi
            '\u{0303}' => tones.push(3), // ngã
            '\u{0301}' => tones.push(4), // sắc
            '\u{0323}' => tones.push(5), // nặng
            '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                // A vowel mark (breve, circumflex, horn) makes a letter of
                // its own, after the plain one.
                if let Some(last) = letters.last_mut() {
                    let mark = match character {
                        '\u{0306}' => 1,
                        '\u{0302}' => 2,
                        _ => 3,
                    };
                    *last += mark;
                }
            }
            c if is_combining_mark(c) => {}
            c => {
                for lower in c.to_lowercase() {
                    let weight = if lower == 'đ' {
                        u32::from('d') * 4 + 1
                    } else {
                        u32::from(lower) * 4
                    };
                    letters.push(weight);
                }
            }
        }
    }
    letters.push(0);
    letters.extend(tones);
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fold(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "fold({input:?})");
    }

    #[test]
    fn folds_vietnamese_letters() {
        check_fold("Kế toán", "ke toan");
        check_fold("Lái xe", "lai xe");
        check_fold("ĐỐNG ĐA", "dong da");
        check_fold("Ứng Hòa", "ung hoa");
        check_fold("Ứng Hoà", "ung hoa");
        check_fold("Thường Tín", "thuong tin");
        check_fold("Nhân viên bán hàng", "nhan vien ban hang");
        check_fold("ơ ư ă â ê ô", "o u a a e o");
    }

    #[test]
    fn nfc_composes_macos_text() {
        let decomposed: String = "Hoàn Kiếm".nfd().collect();
        assert_ne!(decomposed, "Hoàn Kiếm");
        assert_eq!(nfc(&decomposed), "Hoàn Kiếm");
    }

    #[test]
    fn diacritics_are_detected() {
        assert!(has_diacritics("bán hàng"));
        assert!(has_diacritics("Đa"));
        assert!(!has_diacritics("ban hang"));
        assert!(!has_diacritics("IT 2024"));
    }

    #[test]
    fn words_drop_punctuation() {
        assert_eq!(
            words("Q. Ba Đình, Hà Nội").collect::<Vec<_>>(),
            ["Q", "Ba", "Đình", "Hà", "Nội"]
        );
        assert_eq!(folded_words("  Thị xã  Sơn-Tây "), "thi xa son tay");
    }

    /// Look-alikes collected from real text: each `input` must give the
    /// same keys as `same_as`, while `nfc` keeps what was typed.
    fn check(input: &str, same_as: &str) {
        assert_eq!(exact_key(input), exact_key(same_as), "exact_key({input:?})");
        assert_eq!(fold(input), fold(same_as), "fold({input:?})");
        assert_eq!(exact_key(&exact_key(input)), exact_key(input), "idempotent");
    }

    #[test]
    fn look_alike_characters_give_the_keys_of_the_letters_they_imitate() {
        // Eth and African D for đ/Đ (a Windows-1258 file read as 1252).
        check("Ðống Ða", "Đống Đa");
        check("ðường", "đường");
        check("Ɖinh Tiên Hoàng", "Đinh Tiên Hoàng");
        check("ɖào tạo", "đào tạo");
        // Cyrillic inside Vietnamese words.
        check("Cоng ty", "Cong ty");
        check("Công ty Сổ phần", "Công ty Cổ phần");
        check("Hà Nоі", "Hà Noi");
        check("КẾ ТОÁN", "KẾ TOÁN");
        check("nhân viên bán hàng xе máy", "nhân viên bán hàng xe máy");
        check("thợ hàn điện ру", "thợ hàn điện py");
        // A Cyrillic о with a combining acute composes into ó.
        check("to\u{0301}an", "toán");
        check("tо\u{0301}an", "toán");
        // Greek omicron and alpha.
        check("Hà Nοi", "Hà Noi");
        check("Hòα Xá", "Hòa Xá");
        // Combining marks, and the deprecated tone marks U+0340/U+0341.
        check("Nguye\u{0302}\u{0303}n", "Nguyễn");
        check("ba\u{0341}n ha\u{0340}ng", "bán hàng");
        // Tone on the other vowel (already handled by tone placement).
        check("Hoà Xá", "Hòa Xá");
        check("Thuỷ", "Thủy");
        // Dotted and dotless i.
        check("İT", "IT");
        check("kỹ thuật vıên", "kỹ thuật viên");
        // Spaces and invisible characters.
        check("Hà\u{00A0}Nội", "Hà Nội");
        check("Hà\u{202F}Nội", "Hà Nội");
        check("Ngu\u{200B}yễn", "Nguyễn");
        check("\u{FEFF}Lái xe", "Lái xe");
        check("kế\u{00AD}toán", "kếtoán");
        // Fullwidth digits and letters in IDs and phones.
        check("０９１２３４５６７８", "0912345678");
        check("ＣＮＴＴ", "CNTT");
        // Curled apostrophes and non-ASCII hyphens in names.
        check("H’Hen Niê", "H'Hen Niê");
        check("Sơn\u{2011}Tây", "Sơn-Tây");
    }

    #[test]
    fn letters_that_only_resemble_each_other_stay_apart() {
        for (one, other) in [
            ("bán", "bạn"),
            ("Đa", "Da"),
            ("ơ", "o"),
            ("Ư", "U"),
            ("8–12", "8-12"),
        ] {
            assert_ne!(exact_key(one), exact_key(other), "{one:?} / {other:?}");
        }
        // Cyrillic letters without a Latin twin stay Cyrillic. (A word of
        // twins only, "Москва", does read as "mockba": a price paid
        // knowingly, Russian being rare in the registers.)
        assert_eq!(exact_key("Россия"), "poccия");
        // Display text keeps what was typed.
        assert_eq!(nfc("Ðống Ða"), "Ðống Ða");
        assert_eq!(nfc("Cоng ty"), "Cоng ty");
        assert_eq!(nfc("０９"), "０９");
    }

    /// Found by fuzzing (fuzz/regressions/text_normaliser/): a combining
    /// mark that NFC cannot compose ("P\u{300}") split its word, so the
    /// exact key of a word was taken over one syllable and then, keyed
    /// again, over another: "hòap a" became "hoàp a".
    #[test]
    fn exact_words_keep_a_stray_combining_mark_in_its_word() {
        let text = "Ho\u{300}aP\u{300}a";
        let once = exact_words(text);
        assert_eq!(exact_words(&once), once);
        assert_eq!(words("P\u{300}a b").collect::<Vec<_>>(), ["P\u{300}a", "b"]);
    }
}

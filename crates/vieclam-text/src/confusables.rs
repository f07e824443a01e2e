//! Look-alike characters in Vietnamese text from the wild, and which of
//! them the text keys ([`crate::exact_key`], [`crate::fold`]) read as the
//! letter they imitate. Display text is never changed: [`crate::nfc`]
//! keeps every character as typed; only the keys see through them.
//!
//! The table is small and hand-picked: each entry is a character seen in
//! registers, job ads or spreadsheets sent by offices, with the reason it
//! gets there. A character that merely resembles a letter in some font but
//! has no such story is left alone (Unicode's full confusables list would
//! fold away real text of other languages). Where a letter is mapped, its
//! other case is mapped too, so that the keys stay case-insensitive.
//!
//! Handled elsewhere, and so not here: decomposed (NFD) tone marks and the
//! Windows-1258 style of a combining tone after a precomposed vowel (NFC
//! composes both, and U+0340/U+0341, the deprecated "tone" marks, are
//! canonically U+0300/U+0301); the tone mark on the other vowel of a
//! syllable, "hoà" / "hòa" ([`crate::canonical_tone_placement`]).

/// What a key makes of one character: `Some(replacement)`, `Some(None)` when
/// it drops the character, `None` when the character is not a look-alike.
pub(crate) fn confusable(character: char) -> Option<Option<char>> {
    let replacement = match character {
        // Đ/đ. Windows-1252 has Ð (U+00D0) where Windows-1258 has Đ, so a
        // Vietnamese file read with the wrong code page — and text typed on
        // a keyboard without đ, by picking the nearest glyph — carries the
        // Icelandic eth. The African D (U+0189/U+0256) is the same glyph in
        // most fonts and comes from IPA and African-language keyboards.
        'Ð' | 'Ɖ' => 'Đ',
        'ð' | 'ɖ' => 'đ',

        // Cyrillic letters drawn like Latin ones. Russian-layout keyboards
        // (workers back from Russia, documents from Russian partners) and
        // spam that evades filters put them inside Vietnamese words:
        // "Cоng ty" with a Cyrillic о. Both cases of each pair.
        'А' => 'A',
        'а' => 'a',
        'В' => 'B',
        'в' => 'b',
        'Е' => 'E',
        'е' => 'e',
        'Н' => 'H',
        'н' => 'h',
        'І' => 'I',
        'і' => 'i',
        'К' => 'K',
        'к' => 'k',
        'М' => 'M',
        'м' => 'm',
        'О' => 'O',
        'о' => 'o',
        'Р' => 'P',
        'р' => 'p',
        'С' => 'C',
        'с' => 'c',
        'Т' => 'T',
        'т' => 't',
        'У' => 'Y',
        'у' => 'y',
        'Х' => 'X',
        'х' => 'x',

        // Greek letters drawn like Latin ones, from mathematical input and
        // the same spam: "Hà Nοi" with an omicron.
        'Α' => 'A',
        'α' => 'a',
        'Ε' => 'E',
        'ε' => 'e',
        'Ι' => 'I',
        'ι' => 'i',
        'Κ' => 'K',
        'κ' => 'k',
        'Μ' => 'M',
        'μ' => 'm',
        'Ν' => 'N',
        'ν' => 'n',
        'Ο' => 'O',
        'ο' => 'o',
        'Τ' => 'T',
        'τ' => 't',
        'Χ' => 'X',
        'χ' => 'x',

        // Dotted and dotless i from Turkish keyboards: "İ" lower-cases to
        // "i" plus a combining dot, which would split a key in two.
        'İ' => 'I',
        'ı' => 'i',

        // Apostrophes in names of the Central Highlands peoples ("H'Hen
        // Niê", "Y’Moan"): word processors curl the straight one.
        '’' | '‘' | 'ʼ' | 'ʻ' => '\'',

        // Hyphens that are not the hyphen-minus ("Sơn‑Tây" from a web page).
        '\u{2010}' | '\u{2011}' => '-',

        // Spaces that are not the space: no-break spaces from web pages and
        // Word, TCVN3 fonts' 0xA0, spaces of other widths.
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',

        // Invisible characters copied from web pages and chat apps inside
        // names and IDs: zero-width space, non-joiner, joiner, word joiner,
        // the byte-order mark inside text, the soft hyphen.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            return Some(None)
        }

        // Fullwidth ASCII from Japanese, Chinese and Korean input methods
        // (workers returning from work abroad type IDs and phones so):
        // "０９１２３４５６７８".
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(character) - 0xFEE0)?,

        _ => return None,
    };
    Some(Some(replacement))
}

/// True when `text` holds a character the keys treat as a look-alike, or
/// one that decomposes into such a character (a Cyrillic or Greek letter
/// with a diacritic): the keys take their slower path only then.
pub(crate) fn may_hold_confusables(text: &str) -> bool {
    text.chars().any(|character| {
        !character.is_ascii()
            && (confusable(character).is_some()
                || ('\u{0370}'..='\u{04FF}').contains(&character)
                || ('\u{1F00}'..='\u{1FFF}').contains(&character))
    })
}

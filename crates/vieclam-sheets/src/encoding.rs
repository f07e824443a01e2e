//! Text encodings of CSV files from Vietnamese offices: UTF-8 (with or
//! without a byte-order mark), UTF-16 (what Excel's "Unicode Text" saves,
//! with or without a byte-order mark), Windows-1258, and the legacy TCVN3 (ABC)
//! font encoding — raw, or already mangled into UTF-8 by a program that read
//! it as Windows-1252 ("Hµ Néi" for "Hà Nội").
//!
//! Detection decodes the bytes every plausible way and keeps the reading
//! whose text looks like Vietnamese; a file that reads as nothing plausible
//! is refused, never imported as mojibake.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How a file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8WithBom,
    /// UTF-16, little-endian (Excel's "Unicode Text" on Windows).
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    Windows1258,
    /// Raw TCVN3 (ABC) bytes.
    Tcvn3,
    /// TCVN3 text that had been read as Windows-1252 and saved as UTF-8.
    Tcvn3InUtf8,
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8WithBom => "UTF-8 (BOM)",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Windows1258 => "Windows-1258",
            SourceEncoding::Tcvn3 => "TCVN3 (ABC)",
            SourceEncoding::Tcvn3InUtf8 => "TCVN3 (ABC) in UTF-8",
        }
    }
}

/// The file's text cannot be read as Vietnamese in any known encoding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot tell the file's text encoding: it reads as Vietnamese neither in UTF-8, \
     Windows-1258 nor TCVN3; save it as \"CSV UTF-8\" and import again"
)]
pub struct UnknownEncoding;

impl UnknownEncoding {
    pub fn message_vi(&self) -> &'static str {
        "Không nhận ra bảng mã của tệp (không đọc được tiếng Việt theo UTF-8, Windows-1258 \
         hay TCVN3); hãy lưu tệp dưới dạng \"CSV UTF-8\" rồi nhập lại"
    }
}

const TCVN3_TABLE: &str = include_str!("../../../data/encodings/tcvn3.csv");

/// TCVN3 byte → character, for bytes 0x80–0xFF.
fn tcvn3_table() -> &'static HashMap<u8, char> {
    static TABLE: OnceLock<HashMap<u8, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for line in TCVN3_TABLE.lines().skip(1) {
            let mut fields = line.split(',');
            let (Some(byte), Some(character)) = (fields.next(), fields.next()) else {
                continue;
            };
            if let (Ok(byte), Some(character)) = (
                u8::from_str_radix(byte.trim(), 16),
                character.chars().next(),
            ) {
                table.insert(byte, character);
            }
        }
        // 0xA0 is a no-break space in TCVN3 fonts.
        table.insert(0xA0, ' ');
        table
    })
}

/// Decodes TCVN3 bytes; `None` when a byte has no meaning in TCVN3.
fn decode_tcvn3(bytes: &[u8]) -> Option<String> {
    let table = tcvn3_table();
    bytes
        .iter()
        .map(|&byte| {
            if byte < 0x80 {
                Some(char::from(byte))
            } else {
                table.get(&byte).copied()
            }
        })
        .collect()
}

/// The bytes of text that detection looks at: enough for any real sheet to
/// show its encoding, little enough to keep detection cheap on large files.
const SAMPLE_BYTES: usize = 256 * 1024;

/// The start of `text`, cut at a character boundary.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// How Vietnamese a text looks: (non-ASCII Vietnamese letters, other
/// non-ASCII characters, words that no Vietnamese syllable looks like).
fn score(text: &str) -> (usize, usize, usize) {
    let text = sample(text);
    let mut good = 0;
    let mut bad = 0;
    for character in text.chars().filter(|c| !c.is_ascii()) {
        if is_vietnamese_letter(character) {
            good += 1;
        } else if !matches!(
            character,
            '\u{FEFF}' | '–' | '—' | '“' | '”' | '‘' | '’' | '…' | '\u{A0}' | '°' | '₫' | '€'
        ) {
            bad += 1;
        }
    }
    let bad_words = text
        .split(|c: char| !c.is_alphabetic() && !('\u{0300}'..='\u{036F}').contains(&c))
        .filter(|word| !word.is_ascii() && !plausible_syllable(word))
        .count();
    (good, bad, bad_words)
}

/// A word with at most one tone mark, and no letter after its first that
/// is an upper-case accented one ("NguyÔn" is a misread, "Nguyễn" is not).
fn plausible_syllable(word: &str) -> bool {
    let n_tones = vieclam_text::tone_mark_count(word);
    let mid_capital = word
        .chars()
        .skip(1)
        .any(|c| c.is_uppercase() && !c.is_ascii());
    n_tones <= 1 && !mid_capital
}

/// A reading is plausible when almost no non-ASCII character is foreign to
/// Vietnamese text.
fn plausible((good, bad, _): (usize, usize, usize)) -> bool {
    bad == 0 || bad * 50 <= good
}

/// The byte order of UTF-16 text: from its byte-order mark, or else from
/// where its NUL bytes fall. A CSV's text is mostly ASCII (digits,
/// delimiters, unaccented letters), whose UTF-16 units have a zero high
/// byte — every second byte is NUL, on the odd side in little-endian and
/// the even side in big-endian — while no UTF-8 or 8-bit text holds NUL.
fn utf16_order(bytes: &[u8]) -> Option<(SourceEncoding, &[u8])> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Some((SourceEncoding::Utf16Le, rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Some((SourceEncoding::Utf16Be, rest));
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let n_pairs = head.len() / 2;
    if n_pairs == 0 {
        return None;
    }
    let nul_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // At least a quarter of the units ASCII, and (nearly) no NUL on the
    // other side.
    if nul_odd * 4 >= n_pairs && nul_even * 20 <= nul_odd {
        Some((SourceEncoding::Utf16Le, bytes))
    } else if nul_even * 4 >= n_pairs && nul_odd * 20 <= nul_even {
        Some((SourceEncoding::Utf16Be, bytes))
    } else {
        None
    }
}

/// Decodes a CSV file's bytes into NFC text, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), UnknownEncoding> {
    if let Some((encoding, rest)) = utf16_order(bytes) {
        let decoder = match encoding {
            SourceEncoding::Utf16Be => encoding_rs::UTF_16BE,
            _ => encoding_rs::UTF_16LE,
        };
        // An odd byte count or an unpaired surrogate is not UTF-16 text.
        if rest.len() % 2 != 0 {
            return Err(UnknownEncoding);
        }
        let text = decoder
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or(UnknownEncoding)?;
        let text = vieclam_text::nfc(&text);
        return if plausible(score(&text)) {
            Ok((text, encoding))
        } else {
            Err(UnknownEncoding)
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| UnknownEncoding)?;
        return finish_utf8(text, SourceEncoding::Utf8WithBom);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish_utf8(text, SourceEncoding::Utf8);
    }
    // An 8-bit file: Windows-1258 or TCVN3. Keep the more Vietnamese one.
    let (windows_1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let windows_1258 = vieclam_text::nfc(&windows_1258);
    let tcvn3 = decode_tcvn3(bytes).map(|text| vieclam_text::nfc(&text));
    let candidates = [
        Some((windows_1258, SourceEncoding::Windows1258)),
        tcvn3.map(|text| (text, SourceEncoding::Tcvn3)),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|(text, encoding)| (score(&text), text, encoding))
        .filter(|(score, _, _)| plausible(*score))
        .max_by_key(|((good, bad, bad_words), _, _)| {
            (usize::MAX - bad, usize::MAX - bad_words, *good)
        })
        .map(|(_, text, encoding)| (text, encoding))
        .ok_or(UnknownEncoding)
}

/// UTF-8 text, unless it is TCVN3 that went through Windows-1252.
fn finish_utf8(
    text: &str,
    encoding: SourceEncoding,
) -> Result<(String, SourceEncoding), UnknownEncoding> {
    let text = vieclam_text::nfc(text);
    let direct = score(&text);
    if direct.1 == 0 && direct.2 == 0 {
        return Ok((text, encoding));
    }
    // Map the characters back to the Windows-1252 bytes they came from and
    // read those bytes as TCVN3.
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if !unmappable {
        if let Some(repaired) = decode_tcvn3(&bytes).map(|text| vieclam_text::nfc(&text)) {
            let repaired_score = score(&repaired);
            if plausible(repaired_score)
                && (repaired_score.1, repaired_score.2) < (direct.1, direct.2)
            {
                return Ok((repaired, SourceEncoding::Tcvn3InUtf8));
            }
        }
    }
    if plausible(direct) {
        Ok((text, encoding))
    } else {
        Err(UnknownEncoding)
    }
}

/// True for a letter of written Vietnamese beyond ASCII: a Latin letter
/// with diacritics (đ and Đ included), or a tone mark left combining after a
/// letter that has no precomposed form with it (as Windows-1258 writes).
fn is_vietnamese_letter(character: char) -> bool {
    if matches!(
        character,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    ) {
        return true;
    }
    vieclam_text::fold_char(character).is_some_and(|base| base.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, encoding) = decode("Hà Nội".as_bytes()).unwrap();
        assert_eq!((text.as_str(), encoding), ("Hà Nội", SourceEncoding::Utf8));
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice("Hà Nội".as_bytes());
        assert_eq!(decode(&with_bom).unwrap().1, SourceEncoding::Utf8WithBom);
    }

    /// Text in the form Windows-1258 writes it: vowel marks precomposed,
    /// tone marks combining.
    pub(crate) fn windows_1258_form(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut output = String::new();
        for character in text.nfd() {
            if matches!(character, '\u{0302}' | '\u{0306}' | '\u{031B}') {
                // The tone mark may sit between the letter and its vowel
                // mark in NFD order ("ộ" = o, dot below, circumflex).
                let mut tones = Vec::new();
                while output.ends_with(|c: char| ('\u{0300}'..='\u{036F}').contains(&c)) {
                    tones.push(output.pop().unwrap_or(' '));
                }
                let base = output.pop().unwrap_or(' ');
                output.extend([base, character].iter().collect::<String>().nfc());
                output.extend(tones.into_iter().rev());
            } else {
                output.push(character);
            }
        }
        output
    }

    #[test]
    fn windows_1258_is_converted() {
        let source = windows_1258_form("Nguyễn Văn Hùng, Hà Nội, Đống Đa");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&source);
        assert!(!unmappable);
        let (text, encoding) = decode(&bytes).unwrap();
        assert_eq!(encoding, SourceEncoding::Windows1258);
        assert_eq!(text, "Nguyễn Văn Hùng, Hà Nội, Đống Đa");
    }

    #[test]
    fn tcvn3_raw_and_mangled_are_converted() {
        // "Hà Nội" in TCVN3: H, 0xB5 (à), space, N, 0xE9 (ộ), i.
        let raw = [b'H', 0xB5, b' ', b'N', 0xE9, b'i'];
        let (text, encoding) = decode(&raw).unwrap();
        assert_eq!((text.as_str(), encoding), ("Hà Nội", SourceEncoding::Tcvn3));
        let (mangled, _, _) = encoding_rs::WINDOWS_1252.decode(&raw);
        let (text, encoding) = decode(mangled.as_bytes()).unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("Hà Nội", SourceEncoding::Tcvn3InUtf8)
        );
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom
            .then_some('\u{FEFF}')
            .into_iter()
            .chain(text.chars())
            .collect::<String>();
        for unit in units.encode_utf16() {
            if big_endian {
                bytes.extend_from_slice(&unit.to_be_bytes());
            } else {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
        }
        bytes
    }

    #[test]
    fn utf16_csv_is_read_as_utf16_not_windows_1258() {
        let text = "Họ và tên,Ngày sinh\r\nNguyễn Văn Hùng,01/02/1990\r\n";
        for (big_endian, bom, expected) in [
            (false, true, SourceEncoding::Utf16Le),
            (true, true, SourceEncoding::Utf16Be),
            (false, false, SourceEncoding::Utf16Le),
            (true, false, SourceEncoding::Utf16Be),
        ] {
            let (decoded, encoding) = decode(&utf16(text, big_endian, bom)).unwrap();
            assert_eq!(
                (decoded.as_str(), encoding),
                (text, expected),
                "{expected:?}"
            );
        }
    }

    #[test]
    fn broken_utf16_is_refused() {
        // An odd number of bytes after the byte-order mark.
        assert_eq!(decode(b"\xFF\xFEa\x00b"), Err(UnknownEncoding));
        // An unpaired surrogate.
        assert_eq!(decode(b"\xFF\xFEa\x00\x00\xD8b\x00"), Err(UnknownEncoding));
    }

    #[test]
    fn nonsense_is_refused() {
        assert_eq!(
            decode(&[0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x81, 0x8D]),
            Err(UnknownEncoding)
        );
    }
}

//! One canonical place for the tone mark of a Vietnamese syllable.
//!
//! Vietnamese writes the same word with its tone mark on one of two vowels:
//! the classic style ("hòa", "thủy", "khỏe") and the newer style ("hoà",
//! "thuỷ", "khoẻ"). The official administrative-unit names use the classic
//! style and so does most text typed by people, so the classic style is the
//! canonical one here. Only syllables that carry exactly one tone mark and
//! look like a Vietnamese syllable (initial consonants, one vowel cluster,
//! an optional final consonant) are touched; anything else is returned as it
//! came.

use unicode_normalization::UnicodeNormalization;

const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const VOWEL_MARKS: [char; 3] = ['\u{0302}', '\u{0306}', '\u{031B}'];

/// Moves the tone mark of every syllable of `text` to its canonical vowel
/// (classic style) and returns NFC text. Case is kept.
///
/// ```
/// use vieclam_text::canonical_tone_placement;
/// assert_eq!(canonical_tone_placement("hoà"), "hòa");
/// assert_eq!(canonical_tone_placement("Thuỷ"), "Thủy");
/// assert_eq!(canonical_tone_placement("khoẻ"), "khỏe");
/// assert_eq!(canonical_tone_placement("hoàng"), "hoàng");
/// ```
pub fn canonical_tone_placement(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    for character in text.nfd() {
        // A mark opens no word: after a non-letter (as in U+0385, which
        // decomposes into a spacing diaeresis and an acute) it stays there.
        if character.is_alphabetic() || (is_mark(character) && !word.is_empty()) {
            word.push(character);
        } else {
            flush_word(&mut word, &mut output);
            output.push(character);
        }
    }
    flush_word(&mut word, &mut output);
    output.nfc().collect()
}

fn is_mark(character: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&character)
}

/// A letter of a decomposed word with the marks that follow it.
struct Letter {
    base: char,
    marks: Vec<char>,
}

impl Letter {
    fn is_vowel(&self) -> bool {
        matches!(
            self.base.to_ascii_lowercase(),
            'a' | 'e' | 'i' | 'o' | 'u' | 'y'
        )
    }

    fn has_vowel_mark(&self) -> bool {
        self.marks.iter().any(|mark| VOWEL_MARKS.contains(mark))
    }

    fn lower(&self) -> char {
        self.base.to_ascii_lowercase()
    }
}

fn flush_word(word: &mut Vec<char>, output: &mut String) {
    if word.is_empty() {
        return;
    }
    match replace_tone(word) {
        Some(placed) => output.extend(placed),
        None => output.extend(word.iter()),
    }
    word.clear();
}

/// Returns the word with its tone mark on the canonical vowel, or `None` when
/// the word is not a syllable whose tone mark can be placed.
fn replace_tone(word: &[char]) -> Option<Vec<char>> {
    let mut letters: Vec<Letter> = Vec::new();
    for &character in word {
        if is_mark(character) {
            letters.last_mut()?.marks.push(character);
        } else {
            letters.push(Letter {
                base: character,
                marks: Vec::new(),
            });
        }
    }
    let mut tones = letters
        .iter()
        .flat_map(|letter| letter.marks.iter())
        .filter(|mark| TONE_MARKS.contains(mark));
    let tone = *tones.next()?;
    if tones.next().is_some() {
        return None;
    }
    for letter in &mut letters {
        letter.marks.retain(|mark| !TONE_MARKS.contains(mark));
    }

    let first_vowel = letters.iter().position(Letter::is_vowel)?;
    let mut cluster_start = first_vowel;
    let next_is_vowel = letters.get(first_vowel + 1).is_some_and(Letter::is_vowel);
    if first_vowel > 0 && next_is_vowel {
        let initial = letters[first_vowel - 1].lower();
        let vowel = letters[first_vowel].lower();
        // In "qu" and "gi" the u and i belong to the initial consonant.
        if (initial == 'q' && vowel == 'u') || (initial == 'g' && vowel == 'i') {
            cluster_start += 1;
        }
    }
    let cluster_end = letters[cluster_start..]
        .iter()
        .position(|letter| !letter.is_vowel())
        .map_or(letters.len(), |offset| cluster_start + offset);
    let has_final = cluster_end < letters.len();
    if letters[cluster_end..].iter().any(Letter::is_vowel) {
        return None;
    }
    let cluster = cluster_start..cluster_end;
    let target = match cluster.len() {
        1 => cluster.start,
        2 | 3 => {
            let marked: Vec<usize> = cluster
                .clone()
                .filter(|&index| letters[index].has_vowel_mark())
                .collect();
            if let Some(&last_marked) = marked.last() {
                last_marked
            } else if cluster.len() == 3 || has_final {
                cluster.start + 1
            } else {
                cluster.start
            }
        }
        _ => return None,
    };
    letters[target].marks.push(tone);

    let mut placed = Vec::with_capacity(word.len());
    for letter in letters {
        placed.push(letter.base);
        placed.extend(letter.marks);
    }
    Some(placed)
}

#[cfg(test)]
mod tests {
    use super::canonical_tone_placement;

    fn check(input: &str, expected: &str) {
        assert_eq!(canonical_tone_placement(input), expected, "input {input:?}");
    }

    #[test]
    fn both_styles_meet() {
        check("hoà", "hòa");
        check("hòa", "hòa");
        check("Chuẩn hoá", "Chuẩn hóa");
        check("thuỷ", "thủy");
        check("khoẻ", "khỏe");
        check("uỷ ban", "ủy ban");
        check("Ứng Hoà", "Ứng Hòa");
        check("thuý", "thúy");
    }

    #[test]
    fn placement_with_final_consonant_and_vowel_marks() {
        check("hoàng", "hoàng");
        check("toán", "toán");
        check("thuyết", "thuyết");
        check("người", "người");
        check("nguyễn", "nguyễn");
        check("khuỷu", "khuỷu");
        check("quý", "quý");
        check("quá", "quá");
        check("giá", "giá");
        check("gì", "gì");
        check("ngoài", "ngoài");
    }

    #[test]
    fn leaves_other_text_alone() {
        check("IT-2024, Hà Nội!", "IT-2024, Hà Nội!");
        check("café", "café");
        check("", "");
    }

    /// Found by fuzzing (fuzz/regressions/text_normaliser/): U+0385 "΅"
    /// decomposes into "¨" and an acute, and the acute opened the next
    /// word, whose tone therefore was not placed until the text was keyed
    /// a second time.
    #[test]
    fn a_mark_after_a_non_letter_opens_no_word() {
        check("\u{385}e\u{1E3F}", "\u{385}\u{E9}m");
        let once = canonical_tone_placement("\u{385}e\u{1E3F}");
        assert_eq!(canonical_tone_placement(&once), once);
    }
}

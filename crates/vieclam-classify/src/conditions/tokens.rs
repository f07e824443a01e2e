//! A vacancy's text as words with their place in it, and the small pattern
//! language the rules of `rules.rs` are written in.
//!
//! Every word keeps the byte range it was read from, so that a condition can
//! quote the employer's own words; its folded form (no diacritics, đ → d)
//! and its exact key (NFC, one tone placement) are compared with the
//! pattern's words. A text written with diacritics is read strictly — "năm"
//! (year) is not "nam" (male) — and a text written without them loosely, by
//! the folded form only (see [`Tokens::read`]).
//!
//! # Patterns
//!
//! A pattern is a list of elements separated by spaces:
//!
//! - `xe_đưa_đón|xe_đưa_rước` — one of these phrases (`_` joins the words
//!   of a phrase, `|` separates the choices);
//! - `#` — a number; `.` — any word that is not a number;
//! - a `?` after an element makes it optional;
//! - `*3` — up to three words of any kind;
//! - `^` — the start of a sentence; `,` — the end of a clause (a comma,
//!   colon or the end of the sentence comes next);
//! - `>` — the match ends here, though what follows must match too ("nữ >
//!   dưới" finds "nữ" where "dưới" follows);
//! - `~` — no comma or colon here: "năm ~ kinh_nghiệm" is not "nam,
//!   kinh nghiệm".
//!
//! A match never crosses the end of a sentence (`.`, `!`, `?`, a new
//! line, a bullet); commas, colons, slashes, brackets and dashes are read
//! through, so "bao ăn, ở" is "bao ăn ở" and "18-35" is two numbers in a row.

use std::ops::Range;

/// Only this much of a text is read: a vacancy's description is seldom a
/// tenth of it, and the bound keeps one call's time small for any input.
pub(super) const MAX_INPUT_BYTES: usize = 20_000;

/// A text counts as written with diacritics when at least this share of
/// its words carry one. Vietnamese prose has most of its syllables
/// marked; a text typed without accents has none or a stray few.
const ACCENTED_SHARE: f32 = 0.25;

/// One word of a text.
#[derive(Clone, Debug)]
pub(super) struct Token {
    /// Bytes of the original text the word was read from; the words an
    /// abbreviation expands to share the abbreviation's range.
    pub(super) range: Range<usize>,
    /// Lower case, no diacritics, đ → d.
    pub(super) folded: String,
    /// Lower case, NFC, canonical tone placement.
    pub(super) exact: String,
    /// Whether `exact` must agree with a pattern's word, not only `folded`.
    pub(super) strict: bool,
    /// The value of a word of digits.
    pub(super) number: Option<u32>,
    /// Written against the word before without a separator ("500k",
    /// "35t"): such a "k" is a thousand, never "không".
    pub(super) glued: bool,
    /// Index of the sentence; a pattern stays inside one.
    pub(super) sentence: u32,
    /// Index of the clause (a comma or a colon ends one); a negation
    /// reaches only inside its clause.
    pub(super) clause: u32,
}

/// Abbreviations and chat spellings, folded, and the words they stand for.
/// Ambiguous ones are read in the sense these rules need: "CN" is "công
/// nhân" (a worker), as in "xe đưa đón CN"; "k" is "không" unless glued to
/// a number ("500k").
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ko", "không"),
    ("k", "không"),
    ("kh", "không"),
    ("hok", "không"),
    ("khg", "không"),
    ("dc", "được"),
    ("dk", "được"),
    ("cn", "công nhân"),
    ("nv", "nhân viên"),
    ("ld", "lao động"),
    ("nld", "người lao động"),
    ("ldpt", "lao động phổ thông"),
    ("kn", "kinh nghiệm"),
    ("ktx", "ký túc xá"),
    ("nkt", "người khuyết tật"),
    ("dtts", "dân tộc thiểu số"),
    ("xkld", "xuất khẩu lao động"),
    ("tts", "thực tập sinh"),
    ("sv", "sinh viên"),
    ("cty", "công ty"),
    ("dn", "doanh nghiệp"),
    ("kcn", "khu công nghiệp"),
    ("bdxn", "bộ đội xuất ngũ"),
    ("nvqs", "nghĩa vụ quân sự"),
];

/// The words of one text.
#[derive(Debug)]
pub(super) struct Tokens<'t> {
    pub(super) text: &'t str,
    pub(super) tokens: Vec<Token>,
}

/// What separates two words.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Gap {
    /// Nothing: a number glued to letters.
    Glued,
    Space,
    /// A comma, colon, bracket, slash or dash: the clause ends.
    Clause,
    /// A full stop, new line or bullet: the sentence ends.
    Sentence,
}

fn gap_of(character: char) -> Gap {
    match character {
        '.' | '!' | '?' | '\n' | '\r' | '•' | '●' | '·' | '*' | '◦' | '▪' | '✓' | '✔' | '|' => {
            Gap::Sentence
        }
        character if character.is_whitespace() => Gap::Space,
        _ => Gap::Clause,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Letter,
    Digit,
}

fn class_of(character: char) -> Option<Class> {
    if character.is_ascii_digit() {
        Some(Class::Digit)
    } else if character.is_alphanumeric() || unicode_mark(character) {
        Some(Class::Letter)
    } else {
        None
    }
}

/// Combining marks belong to the word they follow (text typed decomposed).
fn unicode_mark(character: char) -> bool {
    matches!(character, '\u{0300}'..='\u{036F}')
}

impl<'t> Tokens<'t> {
    /// Splits `text` into words, expands abbreviations, and decides whether
    /// the text is read strictly (written with diacritics) or loosely.
    pub(super) fn read(text: &'t str) -> Tokens<'t> {
        let text = truncate(text, MAX_INPUT_BYTES);
        let mut words: Vec<(Range<usize>, Gap)> = Vec::new();
        let mut start: Option<(usize, Class)> = None;
        let mut gap = Gap::Sentence;
        for (index, character) in text.char_indices() {
            let class = class_of(character);
            match (start, class) {
                (Some((_, current)), Some(class)) if current == class => {}
                (Some((begin, _)), Some(class)) => {
                    words.push((begin..index, gap));
                    gap = Gap::Glued;
                    start = Some((index, class));
                }
                (None, Some(class)) => start = Some((index, class)),
                (Some((begin, _)), None) => {
                    words.push((begin..index, gap));
                    gap = gap_of(character);
                    start = None;
                }
                (None, None) => {
                    let here = gap_of(character);
                    if here > gap {
                        gap = here;
                    }
                }
            }
        }
        if let Some((begin, _)) = start {
            words.push((begin..text.len(), gap));
        }

        let n_accented = words
            .iter()
            .filter(|(range, _)| vieclam_text::has_diacritics(&text[range.clone()]))
            .count();
        let n_letter_words = words
            .iter()
            .filter(|(range, _)| !text[range.clone()].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        let accented_text =
            n_letter_words > 0 && n_accented as f32 >= ACCENTED_SHARE * n_letter_words as f32;

        let mut tokens = Vec::with_capacity(words.len());
        let (mut sentence, mut clause) = (0u32, 0u32);
        for (index, (range, gap)) in words.into_iter().enumerate() {
            if index > 0 {
                if gap == Gap::Sentence {
                    sentence += 1;
                }
                if gap >= Gap::Clause {
                    clause += 1;
                }
            }
            let raw = &text[range.clone()];
            let folded = vieclam_text::fold(raw);
            let glued = gap == Gap::Glued;
            let number = raw
                .bytes()
                .all(|byte| byte.is_ascii_digit())
                .then(|| raw.parse().ok())
                .flatten();
            let after_number = glued
                && tokens
                    .last()
                    .is_some_and(|previous: &Token| previous.number.is_some());
            let expansion = if after_number {
                // "18-35t", "35T": years of age; "500k" stays a thousand.
                (folded == "t").then_some("tuổi")
            } else {
                ABBREVIATIONS
                    .iter()
                    .find(|(short, _)| *short == folded)
                    .map(|(_, long)| *long)
            };
            match expansion {
                Some(long) => {
                    for word in long.split(' ') {
                        tokens.push(Token {
                            range: range.clone(),
                            folded: vieclam_text::fold(word),
                            exact: vieclam_text::exact_key(word),
                            strict: true,
                            number: None,
                            glued,
                            sentence,
                            clause,
                        });
                    }
                }
                None => tokens.push(Token {
                    range,
                    exact: vieclam_text::exact_key(raw),
                    strict: accented_text || vieclam_text::has_diacritics(raw),
                    folded,
                    number,
                    glued,
                    sentence,
                    clause,
                }),
            }
        }
        Tokens { text, tokens }
    }

    /// The original words from token `start` to token `end` (exclusive).
    pub(super) fn quote(&self, start: usize, end: usize) -> (Range<usize>, &'t str) {
        let from = self.tokens[start].range.start;
        let to = self.tokens[end - 1].range.end;
        (from..to, &self.text[from..to])
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// One word of a pattern.
#[derive(Clone, Debug)]
struct PatternWord {
    folded: String,
    exact: String,
}

impl PatternWord {
    fn new(word: &str) -> PatternWord {
        PatternWord {
            folded: vieclam_text::fold(word),
            exact: vieclam_text::exact_key(word),
        }
    }

    fn matches(&self, token: &Token) -> bool {
        token.folded == self.folded && (!token.strict || token.exact == self.exact)
    }
}

#[derive(Clone, Debug)]
enum Element {
    Phrases {
        choices: Vec<Vec<PatternWord>>,
        optional: bool,
    },
    Number {
        optional: bool,
    },
    AnyWord {
        optional: bool,
    },
    Gap(usize),
    SentenceStart,
    ClauseEnd,
    EndHere,
    SameClause,
}

/// A compiled pattern (see the module's documentation for the syntax).
#[derive(Clone, Debug)]
pub(super) struct Pattern {
    elements: Vec<Element>,
}

impl Pattern {
    /// Compiles `source`; the patterns are this crate's own constants, so a
    /// mistake in one is a bug that the unit tests meet at once.
    pub(super) fn new(source: &str) -> Pattern {
        let elements = source
            .split_whitespace()
            .map(|element| {
                let (body, optional) = match element.strip_suffix('?') {
                    Some(body) => (body, true),
                    None => (element, false),
                };
                if let Some(count) = body.strip_prefix('*') {
                    let count = count
                        .parse()
                        .unwrap_or_else(|_| panic!("bad gap {element:?} in {source:?}"));
                    return Element::Gap(count);
                }
                match body {
                    "^" => Element::SentenceStart,
                    ">" => Element::EndHere,
                    "~" => Element::SameClause,
                    "," => Element::ClauseEnd,
                    "#" => Element::Number { optional },
                    "." => Element::AnyWord { optional },
                    _ => Element::Phrases {
                        choices: body
                            .split('|')
                            .map(|phrase| phrase.split('_').map(PatternWord::new).collect())
                            .collect(),
                        optional,
                    },
                }
            })
            .collect();
        Pattern { elements }
    }

    /// The end (exclusive) of the longest match starting at token `start`.
    pub(super) fn match_at(&self, tokens: &[Token], start: usize) -> Option<usize> {
        let sentence = tokens.get(start)?.sentence;
        let end = best_end(&self.elements, tokens, start, sentence)?;
        // An empty match (every element optional, nothing there) is none.
        (end > start).then_some(end)
    }

    /// Every match in `tokens`, as `start..end` ranges of token indices,
    /// the longest at each start.
    pub(super) fn find_all(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        (0..tokens.len())
            .filter_map(|start| self.match_at(tokens, start).map(|end| start..end))
            .collect()
    }
}

fn in_sentence(tokens: &[Token], index: usize, sentence: u32) -> Option<&Token> {
    tokens.get(index).filter(|token| token.sentence == sentence)
}

/// The furthest end at which `elements` match from `position`.
fn best_end(
    elements: &[Element],
    tokens: &[Token],
    position: usize,
    sentence: u32,
) -> Option<usize> {
    let Some((element, rest)) = elements.split_first() else {
        return Some(position);
    };
    let mut best: Option<usize> = None;
    let mut consider = |end: Option<usize>| {
        if let Some(end) = end {
            best = Some(best.map_or(end, |best: usize| best.max(end)));
        }
    };
    match element {
        Element::Phrases { choices, optional } => {
            for phrase in choices {
                let fits = phrase.iter().enumerate().all(|(offset, word)| {
                    in_sentence(tokens, position + offset, sentence)
                        .is_some_and(|token| word.matches(token))
                });
                if fits {
                    consider(best_end(rest, tokens, position + phrase.len(), sentence));
                }
            }
            if *optional {
                consider(best_end(rest, tokens, position, sentence));
            }
        }
        Element::Number { optional } | Element::AnyWord { optional } => {
            let want_number = matches!(element, Element::Number { .. });
            if in_sentence(tokens, position, sentence)
                .is_some_and(|token| token.number.is_some() == want_number)
            {
                consider(best_end(rest, tokens, position + 1, sentence));
            }
            if *optional {
                consider(best_end(rest, tokens, position, sentence));
            }
        }
        Element::EndHere => {
            if best_end(rest, tokens, position, sentence).is_some() {
                consider(Some(position));
            }
        }
        Element::SameClause => {
            let joined = position > 0
                && tokens
                    .get(position)
                    .is_some_and(|token| token.clause == tokens[position - 1].clause);
            if joined {
                consider(best_end(rest, tokens, position, sentence));
            }
        }
        Element::SentenceStart => {
            if position == 0 || tokens[position - 1].sentence != sentence {
                consider(best_end(rest, tokens, position, sentence));
            }
        }
        Element::ClauseEnd => {
            let ends = position > 0
                && tokens
                    .get(position)
                    .is_none_or(|token| token.clause != tokens[position - 1].clause);
            if ends {
                consider(best_end(rest, tokens, position, sentence));
            }
        }
        Element::Gap(count) => {
            for skip in 0..=*count {
                if skip > 0 && in_sentence(tokens, position + skip - 1, sentence).is_none() {
                    break;
                }
                consider(best_end(rest, tokens, position + skip, sentence));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        Tokens::read(text)
            .tokens
            .into_iter()
            .map(|token| token.folded)
            .collect()
    }

    fn matches(pattern: &str, text: &str) -> Vec<String> {
        let tokens = Tokens::read(text);
        Pattern::new(pattern)
            .find_all(&tokens.tokens)
            .into_iter()
            .map(|range| tokens.quote(range.start, range.end).1.to_owned())
            .collect()
    }

    #[test]
    fn words_keep_their_place_and_abbreviations_expand() {
        assert_eq!(
            folded("Có KTX, 18-35t"),
            ["co", "ky", "tuc", "xa", "18", "35", "tuoi"]
        );
        assert_eq!(folded("hỗ trợ 500k"), ["ho", "tro", "500", "k"]);
        assert_eq!(folded("ko bao ăn"), ["khong", "bao", "an"]);
        let tokens = Tokens::read("xe đưa đón. Bao ăn, ở");
        let sentences: Vec<u32> = tokens.tokens.iter().map(|t| t.sentence).collect();
        let clauses: Vec<u32> = tokens.tokens.iter().map(|t| t.clause).collect();
        assert_eq!(sentences, [0, 0, 0, 1, 1, 1]);
        assert_eq!(clauses, [0, 0, 0, 1, 1, 2]);
    }

    #[test]
    fn accented_text_is_read_strictly_and_plain_text_loosely() {
        assert_eq!(
            matches("nam", "Tuyển 5 năm kinh nghiệm"),
            Vec::<String>::new()
        );
        assert_eq!(matches("nam", "tuyen nam"), ["nam"]);
        // In a text with diacritics a bare "nam" is "nam", not "năm".
        assert_eq!(matches("năm", "Tuyển nam công nhân"), Vec::<String>::new());
        assert_eq!(matches("hòa_bình", "Hoà Bình"), ["Hoà Bình"]);
    }

    #[test]
    fn patterns_read_through_commas_but_not_sentences() {
        assert_eq!(matches("bao ăn ở", "Bao ăn, ở miễn phí"), ["Bao ăn, ở"]);
        assert_eq!(
            matches("bao ăn ở", "Bao ăn. Ở miễn phí"),
            Vec::<String>::new()
        );
        assert_eq!(
            matches("từ? # đến|tới? # tuổi", "nữ từ 18-35 tuổi"),
            ["từ 18-35 tuổi", "18-35 tuổi"]
        );
        assert_eq!(matches("^ nữ ,", "Yêu cầu. Nữ, khỏe"), ["Nữ"]);
        assert_eq!(matches("^ nữ ,", "Yêu cầu nữ, khỏe"), Vec::<String>::new());
        assert_eq!(
            matches("hỗ_trợ *2 nhà_ở", "hỗ trợ 100% nhà ở"),
            ["hỗ trợ 100% nhà ở"]
        );
        assert_eq!(
            matches("công_nhân .? nữ", "công nhân may nữ"),
            ["công nhân may nữ"]
        );
    }
}

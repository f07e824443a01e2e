//! Multi-syllable words. Vietnamese writes a word of several syllables
//! with spaces between them ("công nghệ thông tin", "kế toán"); search
//! and matching keep such words together as phrases. The words known are
//! the hand-written list `data/text/compounds-vi.txt`.

use std::collections::HashSet;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../../data/text/compounds-vi.txt");

/// The longest word of the lexicon, in syllables.
const MAX_SYLLABLES: usize = 4;

fn lexicon() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        LEXICON
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(crate::folded_words)
            .collect()
    })
}

/// Where the known compound words lie in a run of folded syllables, as
/// `start..end` index pairs, longest match first from the left.
///
/// ```
/// let words = ["tuyen", "ke", "toan", "tong", "hop"];
/// assert_eq!(vieclam_text::compounds(&words), vec![(1, 5)]);
/// ```
pub fn compounds<S: AsRef<str>>(folded: &[S]) -> Vec<(usize, usize)> {
    let lexicon = lexicon();
    let mut found = Vec::new();
    let mut start = 0;
    let mut candidate = String::new();
    while start < folded.len() {
        let longest = (2..=MAX_SYLLABLES.min(folded.len() - start))
            .rev()
            .find(|&length| {
                candidate.clear();
                for (index, word) in folded[start..start + length].iter().enumerate() {
                    if index > 0 {
                        candidate.push(' ');
                    }
                    candidate.push_str(word.as_ref());
                }
                lexicon.contains(&candidate)
            });
        match longest {
            Some(length) => {
                found.push((start, start + length));
                start += length;
            }
            None => start += 1,
        }
    }
    found
}

/// The words of `text` in their exact key, with each known compound joined
/// by `_` ("công_nghệ_thông_tin"), as Vietnamese word segmenters write them.
pub fn segment(text: &str) -> Vec<String> {
    let exact: Vec<String> = crate::words(&crate::exact_key(text))
        .map(str::to_owned)
        .collect();
    let folded: Vec<String> = exact.iter().map(|word| crate::fold(word)).collect();
    let mut segments = Vec::with_capacity(exact.len());
    let mut next = 0;
    for (start, end) in compounds(&folded) {
        segments.extend(exact[next..start].iter().cloned());
        segments.push(exact[start..end].join("_"));
        next = end;
    }
    segments.extend(exact[next..].iter().cloned());
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lexicon_entry_is_found_whole() {
        for line in LEXICON
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let folded: Vec<String> = crate::words(&crate::fold(line))
                .map(str::to_owned)
                .collect();
            assert!(folded.len() >= 2 && folded.len() <= MAX_SYLLABLES, "{line}");
            assert_eq!(compounds(&folded), vec![(0, folded.len())], "{line}");
        }
    }

    #[test]
    fn segments_keep_compounds_together() {
        assert_eq!(
            segment("Tuyển nhân viên Công nghệ thông tin"),
            ["tuyển", "nhân_viên", "công_nghệ_thông_tin"]
        );
        assert_eq!(segment("kế toán"), ["kế_toán"]);
        assert_eq!(segment("ke toan kho"), ["ke_toan", "kho"]);
        // Both tone styles segment alike, into the canonical key.
        assert_eq!(segment("Chuẩn hoá dữ liệu"), segment("chuẩn hóa dữ liệu"));
        assert_eq!(segment(""), Vec::<String>::new());
    }
}

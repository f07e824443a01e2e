//! vieclam-text: NFC, the exact key (canonical tone placement), accent
//! folding, word splitting and compound segmentation — no panic, and the
//! invariants every key relies on:
//!
//! * `nfc`, `exact_key`, `fold`, `folded_words`, `exact_words` and
//!   `canonical_tone_placement` are idempotent (a stored key, keyed again,
//!   is the same key);
//! * moving a tone mark changes neither the folded text nor the number of
//!   tone marks;
//! * a folded text carries no Vietnamese diacritic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_fuzz::text;
use vieclam_text::{
    canonical_tone_placement, compounds, exact_key, exact_words, fold, fold_char, folded_words,
    has_diacritics, nfc, segment, tone_mark_count, words,
};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let input = input.as_ref();

    let composed = nfc(input);
    assert_eq!(nfc(&composed), composed, "nfc is idempotent");

    let key = exact_key(input);
    assert_eq!(exact_key(&key), key, "exact_key is idempotent");
    assert_eq!(nfc(&key), key, "exact_key is NFC");

    let placed = canonical_tone_placement(input);
    assert_eq!(
        canonical_tone_placement(&placed),
        placed,
        "tone placement is idempotent"
    );
    assert_eq!(
        fold(&placed),
        fold(input),
        "tone placement keeps the folded text"
    );
    assert_eq!(
        tone_mark_count(&placed),
        tone_mark_count(input),
        "tone placement keeps the tones"
    );

    let folded = fold(input);
    assert_eq!(fold(&folded), folded, "fold is idempotent");
    assert!(
        !has_diacritics(&folded),
        "fold leaves no diacritic: {folded:?}"
    );

    let folded_w = folded_words(input);
    assert_eq!(
        folded_words(&folded_w),
        folded_w,
        "folded_words is idempotent"
    );
    let exact_w = exact_words(input);
    assert_eq!(exact_words(&exact_w), exact_w, "exact_words is idempotent");

    for character in input.chars().take(64) {
        let _ = fold_char(character);
    }
    let syllables: Vec<&str> = words(&folded_w).collect();
    for (start, end) in compounds(&syllables) {
        assert!(start < end && end <= syllables.len());
    }
    let _ = segment(input);
});

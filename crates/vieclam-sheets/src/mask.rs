//! Masking of personal identifiers in exports for roles that may not see
//! them (Decree 13/2023 on personal data).

/// Keeps the first `keep_start` and last `keep_end` characters.
pub fn mask_digits(text: &str, keep_start: usize, keep_end: usize) -> String {
    let characters: Vec<char> = text.chars().collect();
    if characters.len() <= keep_start + keep_end {
        return "*".repeat(characters.len());
    }
    characters
        .iter()
        .enumerate()
        .map(|(index, character)| {
            if index < keep_start || index >= characters.len() - keep_end {
                *character
            } else {
                '*'
            }
        })
        .collect()
}

/// "thuy@example.vn" → "t***@example.vn".
pub fn mask_email(text: &str) -> String {
    match text.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => mask_digits(text, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_digits("001095000123", 3, 3), "001******123");
        assert_eq!(mask_digits("0912345678", 2, 2), "09******78");
        assert_eq!(mask_digits("", 2, 2), "");
        assert_eq!(mask_email("thuy@example.vn"), "t***@example.vn");
    }
}

//! TaxCode::parse and the check-digit rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::TaxCode;
use vieclam_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    if let Ok(code) = TaxCode::parse(&input) {
        let s = code.as_str();
        assert!(
            s.len() == 10 || (s.len() == 14 && s.as_bytes()[10] == b'-'),
            "{s:?}"
        );
        assert_eq!(code.enterprise().len(), 10);
        assert_eq!(code.is_branch(), s.len() > 10);
        assert_eq!(TaxCode::parse(s).as_ref(), Ok(&code));
        let digits: Vec<u8> = code.enterprise().bytes().map(|b| b - b'0').collect();
        assert_eq!(TaxCode::check_digit(&digits[..9]), Some(digits[9]));
    }
    // The check digit of any bytes, not only digits.
    if let Some(check) = TaxCode::check_digit(data) {
        assert!(check <= 9);
    }
});

//! People's and organisations' names, phones, e-mails, sex, yes/no cells,
//! list cells, job titles and usernames.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::{
    format_list, parse_flag, parse_list, parse_org_name, parse_title, Email, PersonName,
    PhoneNumber, Sex,
};
use vieclam_domain::Username;
use vieclam_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let input = input.as_ref();
    if let Ok(name) = PersonName::parse(input) {
        assert!((2..=100).contains(&name.as_str().chars().count()));
        assert_eq!(PersonName::parse(name.as_str()).as_ref(), Ok(&name));
        assert_eq!(vieclam_text::nfc(name.as_str()), name.as_str());
    }
    if let Ok(phone) = PhoneNumber::parse(input) {
        let digits = phone.as_str();
        assert!(digits.starts_with('0') && (10..=11).contains(&digits.len()));
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(PhoneNumber::parse(digits).as_ref(), Ok(&phone));
    }
    if let Ok(email) = Email::parse(input) {
        assert!(email.as_str().len() <= 254);
        assert_eq!(Email::parse(email.as_str()).as_ref(), Ok(&email));
    }
    if let Ok(sex) = Sex::parse(input) {
        assert_eq!(Sex::parse(sex.name_vi()), Ok(sex));
        assert_eq!(Sex::parse(sex.as_str()), Ok(sex));
    }
    if let Ok(name) = parse_org_name(input) {
        assert_eq!(parse_org_name(&name).as_ref(), Ok(&name));
    }
    if let Ok(title) = parse_title(input) {
        assert_eq!(parse_title(&title).as_ref(), Ok(&title));
    }
    let _ = parse_flag(input);
    let items = parse_list(input);
    assert!(items.iter().all(|item| !item.is_empty()));
    // A list written back as a cell reads back as the same items.
    assert_eq!(parse_list(&format_list(&items)), items);
    if let Ok(user) = Username::parse(input) {
        assert_eq!(Username::parse(user.as_str()).as_ref(), Ok(&user));
    }
});

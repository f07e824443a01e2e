//! The access rules: roles, scopes and the units each may read.

use chrono::NaiveDate;
use vieclam_domain::{AccessError, Principal, Role, UnitKey};

use crate::admin_units::units;

fn key(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

fn officer(role: Role, scope: &str) -> Principal {
    Principal {
        user_id: Some(1),
        role,
        scope: Some(key(scope)),
    }
}

#[test]
fn district_officer_reads_own_district_and_its_communes_only() {
    let ba_dinh = officer(Role::UnitOfficer, "legacy:001");
    assert_eq!(ba_dinh.may_read_unit(units(), &key("legacy:001")), Ok(()));
    assert_eq!(ba_dinh.may_read_unit(units(), &key("legacy:00001")), Ok(()));
    assert_eq!(
        ba_dinh.may_read_unit(units(), &key("legacy:002")),
        Err(AccessError::OutsideScope)
    );
    assert_eq!(
        ba_dinh.may_read_unit(units(), &key("legacy:01")),
        Err(AccessError::OutsideScope),
        "the province above is outside a district's scope"
    );
}

#[test]
fn roles_without_units_read_no_unit() {
    for role in [Role::Employer, Role::Worker, Role::Public] {
        let principal = Principal {
            user_id: None,
            role,
            scope: None,
        };
        assert_eq!(
            principal.may_read_unit(units(), &key("2025:01")),
            Err(AccessError::RoleNotAllowed(role))
        );
    }
    let admin = Principal {
        user_id: Some(1),
        role: Role::Admin,
        scope: None,
    };
    assert_eq!(admin.may_read_unit(units(), &key("2025:79")), Ok(()));
}

#[test]
fn partner_agencies_see_units_but_not_people() {
    let bank = officer(Role::PartnerAgency, "2025:01");
    assert_eq!(bank.may_read_unit(units(), &key("2025:00004")), Ok(()));
    assert_eq!(
        bank.may_read_person_in(units(), &key("2025:00004")),
        Err(AccessError::RoleNotAllowed(Role::PartnerAgency))
    );
    let commune = officer(Role::UnitOfficer, "2025:00004");
    assert_eq!(
        commune.may_read_person_in(units(), &key("2025:00004")),
        Ok(())
    );
    assert_eq!(
        commune.may_read_person_in(units(), &key("2025:00008")),
        Err(AccessError::OutsideScope)
    );
}

#[test]
fn scopes_must_fit_roles() {
    assert_eq!(
        Role::ProvinceOfficer.check_scope(Some(&key("2025:01"))),
        Ok(())
    );
    assert!(Role::ProvinceOfficer
        .check_scope(Some(&key("2025:00004")))
        .is_err());
    assert!(Role::UnitOfficer
        .check_scope(Some(&key("2025:01")))
        .is_err());
    assert!(Role::UnitOfficer.check_scope(None).is_err());
    assert!(Role::Worker.check_scope(Some(&key("2025:01"))).is_err());
    assert_eq!(Role::Admin.check_scope(None), Ok(()));
}

#[test]
fn only_admin_and_province_officers_create_accounts() {
    let hanoi = officer(Role::ProvinceOfficer, "2025:01");
    assert_eq!(
        hanoi.may_create_account(units(), Role::UnitOfficer, Some(&key("2025:00004"))),
        Ok(())
    );
    assert_eq!(
        hanoi.may_create_account(units(), Role::UnitOfficer, Some(&key("2025:25747"))),
        Err(AccessError::OutsideScope)
    );
    assert!(hanoi
        .may_create_account(units(), Role::Admin, None)
        .is_err());
    let commune = officer(Role::UnitOfficer, "2025:00004");
    assert!(commune
        .may_create_account(units(), Role::Worker, None)
        .is_err());
}

#[test]
fn roles_parse_from_their_names() {
    for role in Role::ALL {
        assert_eq!(Role::parse(role.as_str()), Some(role));
    }
    assert_eq!(Role::parse("unit-officer"), Some(Role::UnitOfficer));
    assert_eq!(Role::parse("boss"), None);
}

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

/// The whole matrix of decisions: every role × action × where the record
/// is, as a table. `ok` allowed, `out` outside the caller's unit, `role`
/// the role may not do it. Columns: admin, province officer (Hanoi),
/// exchange staff (Hanoi), unit officer (Hòa Xá), partner agency (Hanoi),
/// employer, worker, public.
#[test]
fn every_role_action_and_place_decides_as_the_table_says() {
    let principals: Vec<Principal> = Role::ALL
        .into_iter()
        .map(|role| match role {
            Role::ProvinceOfficer | Role::ExchangeStaff | Role::PartnerAgency => {
                officer(role, "2025:01")
            }
            Role::UnitOfficer => officer(role, "2025:10417"),
            role => Principal {
                user_id: (role != Role::Public).then_some(9),
                role,
                scope: None,
            },
        })
        .collect();
    let hoa_xa = key("2025:10417");
    let hanoi = key("2025:01");
    let hcmc = key("2025:79");
    type Decide<'a> = dyn Fn(&Principal) -> Result<(), AccessError> + 'a;
    let cases: Vec<(&str, Box<Decide<'_>>, [&str; 8])> = vec![
        (
            "a person's record inside",
            Box::new(|p| p.may_access_worker(units(), &hoa_xa, false)),
            ["ok", "ok", "ok", "ok", "role", "role", "role", "role"],
        ),
        (
            "a person's record outside",
            Box::new(|p| p.may_access_worker(units(), &hcmc, false)),
            ["ok", "out", "out", "out", "role", "role", "role", "role"],
        ),
        (
            "one's own record",
            Box::new(|p| p.may_access_worker(units(), &hcmc, true)),
            ["ok", "out", "out", "out", "role", "role", "ok", "role"],
        ),
        (
            "an employer inside, read",
            Box::new(|p| p.may_access_employer(units(), &hoa_xa, false, false)),
            ["ok", "ok", "ok", "ok", "ok", "role", "role", "role"],
        ),
        (
            "an employer outside, read",
            Box::new(|p| p.may_access_employer(units(), &hcmc, false, false)),
            ["ok", "out", "out", "out", "out", "role", "role", "role"],
        ),
        (
            "an employer inside, write",
            Box::new(|p| p.may_access_employer(units(), &hoa_xa, false, true)),
            ["ok", "ok", "ok", "ok", "role", "role", "role", "role"],
        ),
        (
            "an employer outside, write",
            Box::new(|p| p.may_access_employer(units(), &hcmc, false, true)),
            ["ok", "out", "out", "out", "role", "role", "role", "role"],
        ),
        (
            "one's own employer, write",
            Box::new(|p| p.may_access_employer(units(), &hcmc, true, true)),
            ["ok", "out", "out", "out", "role", "ok", "role", "role"],
        ),
        (
            "figures inside, read",
            Box::new(|p| p.may_read_figures(units(), &hoa_xa)),
            ["ok", "ok", "ok", "ok", "ok", "role", "role", "role"],
        ),
        (
            "figures outside, read",
            Box::new(|p| p.may_read_figures(units(), &hcmc)),
            ["ok", "out", "out", "out", "out", "role", "role", "role"],
        ),
        (
            "figures inside, enter",
            Box::new(|p| p.may_enter_figures(units(), &hoa_xa)),
            ["ok", "ok", "ok", "ok", "ok", "role", "role", "role"],
        ),
        (
            "figures of the city, enter",
            Box::new(|p| p.may_enter_figures(units(), &hanoi)),
            ["ok", "ok", "ok", "out", "ok", "role", "role", "role"],
        ),
        (
            "the city's plan, see",
            Box::new(|p| p.may_see_plan(units(), &hanoi)),
            ["ok", "ok", "ok", "ok", "ok", "role", "role", "role"],
        ),
        (
            "another province's plan, see",
            Box::new(|p| p.may_see_plan(units(), &hcmc)),
            ["ok", "out", "out", "out", "out", "role", "role", "role"],
        ),
        (
            "the city's plan, write",
            Box::new(|p| p.may_write_plan(units(), &hanoi)),
            ["ok", "ok", "role", "role", "role", "role", "role", "role"],
        ),
        (
            "another province's plan, write",
            Box::new(|p| p.may_write_plan(units(), &hcmc)),
            ["ok", "out", "role", "role", "role", "role", "role", "role"],
        ),
        (
            "one's own data, read",
            Box::new(|p| p.may_read_own_data()),
            ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "role"],
        ),
        (
            "one's own record: consent, deletion request",
            Box::new(|p| p.may_manage_own_data(true)),
            ["role", "role", "role", "role", "role", "role", "ok", "role"],
        ),
        (
            "an account without a record: consent, deletion request",
            Box::new(|p| p.may_manage_own_data(false)),
            [
                "role", "role", "role", "role", "role", "role", "role", "role",
            ],
        ),
        (
            "deletion requests, list",
            Box::new(|p| p.may_list_deletion_requests()),
            ["ok", "ok", "role", "ok", "role", "role", "role", "role"],
        ),
        (
            "a deletion request inside, decide",
            Box::new(|p| p.may_decide_deletion(units(), &hoa_xa)),
            ["ok", "ok", "role", "ok", "role", "role", "role", "role"],
        ),
        (
            "a deletion request outside, decide",
            Box::new(|p| p.may_decide_deletion(units(), &hcmc)),
            ["ok", "out", "role", "out", "role", "role", "role", "role"],
        ),
    ];
    let mut wrong = Vec::new();
    for (name, decide, expected) in &cases {
        for (principal, expected) in principals.iter().zip(expected) {
            let got = match decide(principal) {
                Ok(()) => "ok",
                Err(AccessError::OutsideScope) => "out",
                Err(AccessError::RoleNotAllowed(_)) => "role",
                Err(_) => "other",
            };
            if got != *expected {
                wrong.push(format!(
                    "{name} for {}: expected {expected}, got {got}",
                    principal.role
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// How each role sees each field, one record at a time, in lists and in
/// files. `W` whole, `M` masked; columns as above.
#[test]
fn every_role_field_and_reach_shows_as_the_table_says() {
    use vieclam_domain::{Field, Reach, Visibility};
    let table = [
        (Field::PersonIdentifiers, Reach::One, "WWWWMMWM"),
        (Field::PersonIdentifiers, Reach::Many, "WWMWMMMM"),
        (Field::PersonIdentifiers, Reach::File, "WWMWMMMM"),
        (Field::EmployerContact, Reach::One, "WWWWMWMM"),
        (Field::EmployerContact, Reach::Many, "WWWWMWMM"),
        (Field::EmployerContact, Reach::File, "WWWWMWMM"),
        (Field::ApplicantContact, Reach::One, "WWWWMWMM"),
        (Field::ApplicantContact, Reach::Many, "WWMWMWMM"),
        (Field::ApplicantContact, Reach::File, "WWMWMWMM"),
    ];
    assert_eq!(table.len(), Field::ALL.len() * Reach::ALL.len());
    for (field, reach, expected) in table {
        let got: String = Role::ALL
            .into_iter()
            .map(|role| match role.visibility(field, reach) {
                Visibility::Whole => 'W',
                Visibility::Masked => 'M',
            })
            .collect();
        assert_eq!(got, expected, "{field:?} {reach:?}");
    }
}

#[test]
fn only_staff_who_keep_the_registers_read_closed_vacancies() {
    let readers: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| role.reads_closed_vacancies())
        .collect();
    assert_eq!(
        readers,
        [
            Role::Admin,
            Role::ProvinceOfficer,
            Role::ExchangeStaff,
            Role::UnitOfficer
        ]
    );
}

#[test]
fn the_exchange_is_run_by_its_staff_and_the_province_and_followed_by_its_commune() {
    let hanoi = key("2025:01");
    let ba_dinh_ward = key("2025:00004");
    let hcmc = key("2025:79");
    let public = Principal::public();
    let worker = Principal {
        user_id: Some(9),
        role: Role::Worker,
        scope: None,
    };
    let employer = Principal {
        user_id: Some(8),
        role: Role::Employer,
        scope: None,
    };
    let province = officer(Role::ProvinceOfficer, "2025:01");
    let staff = officer(Role::ExchangeStaff, "2025:01");
    let commune = officer(Role::UnitOfficer, "2025:00004");
    let bank = officer(Role::PartnerAgency, "2025:01");
    // Venues: the province's officers and the admin.
    assert_eq!(province.may_manage_venue(units(), &hanoi), Ok(()));
    assert_eq!(
        province.may_manage_venue(units(), &hcmc),
        Err(AccessError::OutsideScope)
    );
    for who in [&staff, &commune, &bank, &worker, &employer, &public] {
        assert_eq!(
            who.may_manage_venue(units(), &hanoi),
            Err(AccessError::RoleNotAllowed(who.role))
        );
    }
    // Sessions: staff only at the venues they are named to.
    assert_eq!(staff.may_run_session(units(), &hanoi, true), Ok(()));
    assert_eq!(
        staff.may_run_session(units(), &hanoi, false),
        Err(AccessError::OutsideScope)
    );
    assert_eq!(
        staff.may_run_session(units(), &hcmc, true),
        Err(AccessError::OutsideScope),
        "a staff list naming someone outside the venue's unit gives nothing"
    );
    assert_eq!(province.may_run_session(units(), &hanoi, false), Ok(()));
    for who in [&commune, &bank, &worker, &employer, &public] {
        assert_eq!(
            who.may_run_session(units(), &hanoi, true),
            Err(AccessError::RoleNotAllowed(who.role))
        );
    }
    // A commune follows the session it hosts, not others.
    assert_eq!(
        commune.may_follow_session(units(), &hanoi, &ba_dinh_ward, false),
        Ok(())
    );
    assert_eq!(
        commune.may_follow_session(units(), &hanoi, &key("2025:00008"), false),
        Err(AccessError::OutsideScope)
    );
    assert_eq!(
        bank.may_follow_session(units(), &hanoi, &ba_dinh_ward, false),
        Err(AccessError::RoleNotAllowed(Role::PartnerAgency))
    );
    // Counselling and claims: the keepers of the record; a worker reads
    // their own and writes only their check-in (decided by the caller).
    assert_eq!(
        staff.may_counsel(units(), &ba_dinh_ward, false, true),
        Ok(())
    );
    assert_eq!(
        commune.may_counsel(units(), &ba_dinh_ward, false, true),
        Ok(())
    );
    assert_eq!(
        commune.may_counsel(units(), &key("2025:00008"), false, false),
        Err(AccessError::OutsideScope)
    );
    assert_eq!(
        worker.may_counsel(units(), &ba_dinh_ward, true, false),
        Ok(())
    );
    assert_eq!(
        worker.may_counsel(units(), &ba_dinh_ward, true, true),
        Err(AccessError::RoleNotAllowed(Role::Worker))
    );
    assert_eq!(
        worker.may_counsel(units(), &ba_dinh_ward, false, false),
        Err(AccessError::RoleNotAllowed(Role::Worker))
    );
    for who in [&bank, &employer, &public] {
        assert_eq!(
            who.may_counsel(units(), &ba_dinh_ward, false, false),
            Err(AccessError::RoleNotAllowed(who.role))
        );
    }
}

#[test]
fn public_figures_hold_back_small_counts_and_thin_rates() {
    use vieclam_domain::access::{disclose, is_public_indicator, Disclosed};
    assert!(is_public_indicator("new_jobs"));
    assert!(!is_public_indicator("policy_loan_disbursed"));
    // People: under 5 is "fewer than 5", zero included.
    assert_eq!(
        disclose(Some(3.0), None, true, false),
        Disclosed::FewerThan(5.0)
    );
    assert_eq!(
        disclose(Some(0.0), None, true, false),
        Disclosed::FewerThan(5.0)
    );
    assert_eq!(
        disclose(Some(5.0), None, true, false),
        Disclosed::Value(5.0)
    );
    // Sessions are not people.
    assert_eq!(
        disclose(Some(1.0), None, false, false),
        Disclosed::Value(1.0)
    );
    // Rates need a base of 50 people.
    assert_eq!(
        disclose(Some(3.2), Some(49.0), true, true),
        Disclosed::Withheld
    );
    assert_eq!(disclose(Some(3.2), None, true, true), Disclosed::Withheld);
    assert_eq!(
        disclose(Some(3.2), Some(50.0), true, true),
        Disclosed::Value(3.2)
    );
    assert_eq!(disclose(None, None, true, false), Disclosed::NoData);
}

//! The engine on a handful of vacancies: accents, filters, facets, order.

use super::*;

fn vacancy(id: i64, title: &str, commune: &str, wage: (i64, i64)) -> VacancyDoc {
    VacancyDoc {
        id,
        title: title.to_owned(),
        occupation_code: Some("5223".to_owned()),
        occupation_name: None,
        skills: vec![],
        employer_name: "Công ty TNHH Minh Phát".to_owned(),
        description: None,
        units: vec![format!("2025:{commune}"), "2025:01".to_owned()],
        commune: format!("2025:{commune}"),
        wage_min: Some(wage.0),
        wage_max: Some(wage.1),
        qualification: None,
        contract_type: Some("fixed_term".to_owned()),
        disability_friendly: false,
        abroad: false,
        open: true,
        headcount: 2,
        posted_at: 1_700_000_000 + id,
    }
}

fn index() -> VacancyIndex {
    let index = VacancyIndex::new().unwrap();
    index
        .upsert(&[
            vacancy(1, "Nhân viên bán hàng", "00004", (7_000_000, 9_000_000)),
            vacancy(
                2,
                "Chăm sóc bạn hàng thân thiết",
                "00004",
                (8_000_000, 10_000_000),
            ),
            VacancyDoc {
                occupation_code: Some("3313".to_owned()),
                headcount: 5,
                ..vacancy(3, "Kế toán tổng hợp", "10417", (10_000_000, 15_000_000))
            },
            VacancyDoc {
                occupation_code: Some("8332".to_owned()),
                disability_friendly: true,
                ..vacancy(4, "Lái xe tải", "10417", (12_000_000, 16_000_000))
            },
            VacancyDoc {
                open: false,
                ..vacancy(
                    5,
                    "Nhân viên bán hàng online",
                    "00004",
                    (6_000_000, 8_000_000),
                )
            },
            vacancy(6, "Kỹ sư hoá học", "00004", (15_000_000, 20_000_000)),
        ])
        .unwrap();
    index
}

fn ids(index: &VacancyIndex, query: VacancyQuery) -> Vec<i64> {
    index
        .search(&VacancyQuery { limit: 10, ..query })
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

fn text(text: &str) -> VacancyQuery {
    VacancyQuery {
        text: text.to_owned(),
        ..VacancyQuery::default()
    }
}

#[test]
fn exact_accents_rank_first_and_accent_free_queries_find_accented_words() {
    let index = index();
    assert_eq!(ids(&index, text("bán hàng")), [1, 2]);
    assert_eq!(ids(&index, text("bạn hàng")), [2, 1]);
    assert_eq!(ids(&index, text("ke toan")), [3]);
    assert_eq!(ids(&index, text("LAI XE")), [4]);
    // Either tone style finds the other.
    assert_eq!(ids(&index, text("kỹ sư hóa học")), [6]);
    assert!(ids(&index, text("thợ lặn")).is_empty());
}

#[test]
fn filters_keep_to_what_was_asked() {
    let index = index();
    let in_hoa_xa = VacancyQuery {
        unit: Some("2025:10417".to_owned()),
        ..text("")
    };
    assert_eq!(ids(&index, in_hoa_xa), [3, 4]);
    let well_paid = VacancyQuery {
        wage_min: Some(15_000_000),
        ..text("")
    };
    assert_eq!(ids(&index, well_paid), [3, 4, 6]);
    let accounting = VacancyQuery {
        occupation: Some("33".to_owned()),
        ..text("")
    };
    assert_eq!(ids(&index, accounting), [3]);
    let inclusive = VacancyQuery {
        disability_friendly: Some(true),
        ..text("")
    };
    assert_eq!(ids(&index, inclusive), [4]);
    let with_closed = VacancyQuery {
        include_closed: true,
        ..text("ban hang")
    };
    assert_eq!(ids(&index, with_closed).len(), 3);
}

#[test]
fn facets_and_headcount_cover_every_match() {
    let index = index();
    let results = index
        .search(&VacancyQuery {
            limit: 1,
            ..text("")
        })
        .unwrap();
    assert_eq!(results.total, 5);
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.total_headcount, 2 + 2 + 5 + 2 + 2);
    let communes: Vec<(String, u64)> = results
        .by_commune
        .iter()
        .map(|f| (f.value.clone(), f.count))
        .collect();
    assert!(communes.contains(&("2025:00004".to_owned(), 3)));
    assert!(communes.contains(&("2025:10417".to_owned(), 2)));
}

#[test]
fn sorting_and_paging() {
    let index = index();
    assert_eq!(
        ids(
            &index,
            VacancyQuery {
                sort: SortOrder::Newest,
                ..text("")
            }
        ),
        [6, 4, 3, 2, 1]
    );
    assert_eq!(
        ids(
            &index,
            VacancyQuery {
                sort: SortOrder::Wage,
                ..text("")
            }
        ),
        [6, 4, 3, 2, 1]
    );
    assert_eq!(
        ids(
            &index,
            VacancyQuery {
                sort: SortOrder::Newest,
                offset: 2,
                ..text("")
            }
        ),
        [3, 2, 1]
    );
}

#[test]
fn changes_are_searchable_at_once() {
    let index = index();
    index
        .upsert(&[vacancy(1, "Thợ hàn điện", "00004", (9_000_000, 12_000_000))])
        .unwrap();
    assert!(ids(&index, text("bán hàng")).iter().all(|id| *id != 1));
    assert_eq!(ids(&index, text("tho han")), [1]);
    index.remove(&[1]).unwrap();
    assert!(ids(&index, text("tho han")).is_empty());
    assert_eq!(index.len(), 5);
}

#[test]
fn typeahead_completes_words_with_or_without_accents() {
    let mut suggestions = Suggestions::default();
    suggestions.add(
        SuggestionKind::Occupation,
        "Kế toán viên",
        Some("3313".to_owned()),
    );
    suggestions.add(
        SuggestionKind::Occupation,
        "Kế toán trưởng",
        Some("2411".to_owned()),
    );
    suggestions.add(SuggestionKind::Skill, "Kế hoạch sản xuất", None);
    suggestions.add(
        SuggestionKind::Unit,
        "Xã Hòa Xá",
        Some("2025:10417".to_owned()),
    );
    let texts = |typed: &str| -> Vec<String> {
        suggestions
            .suggest(typed, &[], 10)
            .into_iter()
            .map(|s| s.text)
            .collect()
    };
    assert_eq!(texts("ke toa"), ["Kế toán viên", "Kế toán trưởng"]);
    assert_eq!(
        texts("kế"),
        ["Kế toán viên", "Kế toán trưởng", "Kế hoạch sản xuất"]
    );
    assert_eq!(texts("hoa xa"), ["Xã Hòa Xá"]);
    assert_eq!(texts("hoà x"), ["Xã Hòa Xá"]);
    assert!(texts("").is_empty());
    assert_eq!(
        suggestions.suggest("k", &[SuggestionKind::Skill], 10).len(),
        1
    );
}

#[test]
fn abbreviations_match_their_expansions() {
    let index = VacancyIndex::new().unwrap();
    index
        .upsert(&[
            vacancy(
                1,
                "Nhân viên kinh doanh phần mềm",
                "00004",
                (7_000_000, 9_000_000),
            ),
            vacancy(
                2,
                "NV kinh doanh thiết bị điện",
                "00004",
                (7_000_000, 9_000_000),
            ),
            vacancy(3, "Giúp việc gia đình", "00004", (7_000_000, 9_000_000)),
        ])
        .unwrap();
    let mut found = ids(&index, text("nv kinh doanh"));
    found.sort_unstable();
    assert_eq!(found, [1, 2]);
    assert_eq!(ids(&index, text("osin")), [3]);
}

#[test]
fn quoted_words_must_match_as_a_phrase() {
    let index = index();
    // "hàng bán" has both words of vacancy 1 and 2, in another order.
    assert_eq!(ids(&index, text("hàng bán")), [1, 2]);
    assert!(ids(&index, text("\"hàng bán\"")).is_empty());
    assert_eq!(ids(&index, text("\"ban hang\" online")), Vec::<i64>::new());
    assert_eq!(ids(&index, text("\"ban hang\" nhan vien")), [1]);
    assert_eq!(ids(&index, text("“tổng hợp”")), [3]);
}

#[test]
fn compacting_keeps_every_document_and_answer() {
    let index = index();
    index
        .upsert(&[vacancy(7, "Nhân viên kho", "00004", (6_000_000, 7_000_000))])
        .unwrap();
    let before = index.search(&text("nhan vien")).unwrap();
    index.compact().unwrap();
    assert_eq!(index.segments(), 1);
    let after = index.search(&text("nhan vien")).unwrap();
    assert_eq!(before.total, after.total);
    assert_eq!(before.by_commune, after.by_commune);
    assert_eq!(before.total_headcount, after.total_headcount);
}

/// Vacancies for the occupation tests: software developers (2512) that
/// share no word with "lập trình", one that does, a tester of a related
/// unit group, a teacher who teaches programming, and a shop assistant.
fn programming_index() -> VacancyIndex {
    let index = VacancyIndex::new().unwrap();
    let developer = |id, title: &str, commune, wage, code: &str| VacancyDoc {
        occupation_code: Some(code.to_owned()),
        headcount: 3,
        ..vacancy(id, title, commune, wage)
    };
    index
        .upsert(&[
            developer(
                1,
                "Kỹ sư phần mềm",
                "00004",
                (20_000_000, 30_000_000),
                "2512",
            ),
            developer(
                2,
                "Lập trình viên Java",
                "10417",
                (15_000_000, 25_000_000),
                "2512",
            ),
            developer(
                3,
                "Kỹ sư phần mềm nhúng",
                "10417",
                (10_000_000, 12_000_000),
                "2512",
            ),
            VacancyDoc {
                skills: vec!["dạy lập trình Scratch".to_owned()],
                ..developer(
                    4,
                    "Giáo viên tin học",
                    "00004",
                    (8_000_000, 9_000_000),
                    "2356",
                )
            },
            developer(
                5,
                "Nhân viên bán hàng",
                "00004",
                (7_000_000, 9_000_000),
                "5223",
            ),
        ])
        .unwrap();
    index
}

fn reading(text: &str) -> VacancyQuery {
    VacancyQuery {
        text: text.to_owned(),
        read_occupation: true,
        ..VacancyQuery::default()
    }
}

#[test]
fn a_query_naming_an_occupation_finds_its_vacancies_without_a_shared_word() {
    let index = programming_index();
    // The words alone find the Java developer and the teacher.
    let words = ids(&index, text("lập trình"));
    assert_eq!(words.len(), 2);
    assert!(!words.contains(&1));
    // Read as an occupation, the software engineers come too, after them.
    let found = ids(&index, reading("lập trình"));
    assert_eq!(found[..2], words[..]);
    assert!(found[2..].contains(&1) && found[2..].contains(&3));
    assert!(!found.contains(&5), "a shop assistant is no programmer");
    // Without accents too.
    assert!(ids(&index, reading("lap trinh")).contains(&1));
}

#[test]
fn occupation_matches_are_matches_in_the_counts() {
    let index = programming_index();
    let words = index.search(&text("lập trình")).unwrap();
    let both = index.search(&reading("lập trình")).unwrap();
    assert_eq!(words.total, 2);
    assert_eq!(both.total, 4);
    assert_eq!(both.total_headcount, 4 * 3);
    let group_25 = |results: &SearchResults| {
        results
            .by_occupation_group
            .iter()
            .find(|facet| facet.value == "25")
            .map(|facet| facet.count)
    };
    assert_eq!(group_25(&words), Some(1));
    assert_eq!(group_25(&both), Some(3));
    // Sorted by date, every match takes its place by date.
    let newest = ids(
        &index,
        VacancyQuery {
            sort: SortOrder::Newest,
            ..reading("lập trình")
        },
    );
    assert_eq!(newest, [4, 3, 2, 1]);
}

#[test]
fn a_quoted_phrase_is_not_read_as_an_occupation() {
    let index = programming_index();
    let quoted = index.search(&reading("\"lập trình\"")).unwrap();
    assert_eq!(quoted.total, 2);
    assert!(quoted.hits.iter().all(|hit| hit.id != 1 && hit.id != 3));
}

#[test]
fn an_empty_query_is_unchanged_by_reading_occupations() {
    let index = programming_index();
    let plain = index.search(&text("")).unwrap();
    let read = index.search(&reading("")).unwrap();
    assert_eq!(plain, read);
}

#[test]
fn filters_restrict_occupation_matches_too() {
    let index = programming_index();
    let in_hoa_xa = VacancyQuery {
        unit: Some("2025:10417".to_owned()),
        ..reading("lập trình")
    };
    assert_eq!(ids(&index, in_hoa_xa.clone()), [2, 3]);
    assert_eq!(index.search(&in_hoa_xa).unwrap().total, 2);
    let well_paid = VacancyQuery {
        wage_min: Some(20_000_000),
        ..reading("lập trình")
    };
    assert_eq!(ids(&index, well_paid), [2, 1]);
    let other_group = VacancyQuery {
        occupation: Some("23".to_owned()),
        ..reading("lập trình")
    };
    assert_eq!(ids(&index, other_group), [4]);
}

fn worker(id: i64, name: &str, occupation: &str, commune: &str) -> WorkerDoc {
    WorkerDoc {
        id,
        name: name.to_owned(),
        occupation_names: vec![occupation.to_owned()],
        occupation_codes: vec!["7212".to_owned()],
        occupation_group: Some("72".to_owned()),
        skills: vec!["hàn hồ quang".to_owned()],
        other_texts: vec![],
        residence: format!("2025:{commune}"),
        province: "01".to_owned(),
        units: vec![format!("2025:{commune}"), "2025:01".to_owned()],
        commune: format!("2025:{commune}"),
        status: "unemployed".to_owned(),
        qualification: "elementary".to_owned(),
        priority_groups: vec![],
        registered_at: 1_700_000_000 + id,
    }
}

fn workers() -> WorkerIndex {
    let index = WorkerIndex::new().unwrap();
    index
        .upsert(&[
            worker(1, "Nguyễn Văn An", "Thợ hàn", "00004"),
            worker(2, "Trần Thị Bình", "Thợ hàn", "10417"),
            WorkerDoc {
                status: "employed".to_owned(),
                priority_groups: vec!["disability".to_owned()],
                ..worker(3, "Lê Văn Hòa", "Thợ hàn điện", "10417")
            },
            WorkerDoc {
                province: "79".to_owned(),
                units: vec!["2025:26734".to_owned(), "2025:79".to_owned()],
                ..worker(4, "Phạm Thị Dung", "Kế toán", "26734")
            },
        ])
        .unwrap();
    index
}

fn worker_query(text: &str, scope: WorkerScope) -> WorkerQuery {
    WorkerQuery {
        text: text.to_owned(),
        scope,
        unit: None,
        occupation: None,
        qualification: None,
        status: None,
        priority_group: None,
        limit: 10,
        offset: 0,
    }
}

#[test]
fn worker_results_and_facets_hold_only_the_scope() {
    let index = workers();
    let hoa_xa = WorkerScope::Residences(vec!["2025:10417".to_owned()]);
    let found = index
        .search(&worker_query("tho han", hoa_xa.clone()))
        .unwrap();
    let mut ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [2, 3]);
    assert_eq!(found.total, 2);
    assert_eq!(
        found.by_commune,
        [FacetCount {
            value: "2025:10417".to_owned(),
            count: 2
        }]
    );
    let statuses: u64 = found.by_status.iter().map(|f| f.count).sum();
    assert_eq!(statuses, 2);
    // A name outside the scope is not found, not even counted.
    let outside = index
        .search(&worker_query("Nguyễn Văn An", hoa_xa))
        .unwrap();
    assert_eq!(outside.total, 0);
    assert!(outside.by_commune.is_empty());
    // A province sees its own, the admin everything, nobody else nothing.
    let hanoi = index
        .search(&worker_query("", WorkerScope::Province("01".to_owned())))
        .unwrap();
    assert_eq!(hanoi.total, 3);
    assert_eq!(
        index
            .search(&worker_query("", WorkerScope::All))
            .unwrap()
            .total,
        4
    );
    assert_eq!(
        index
            .search(&worker_query("", WorkerScope::Nothing))
            .unwrap()
            .total,
        0
    );
    let empty = WorkerScope::Residences(vec![]);
    assert_eq!(index.search(&worker_query("", empty)).unwrap().total, 0);
}

#[test]
fn workers_are_found_by_name_occupation_and_filters() {
    let index = workers();
    let all = || worker_query("", WorkerScope::All);
    let by_name = index
        .search(&worker_query("le van hoa", WorkerScope::All))
        .unwrap();
    assert_eq!(by_name.hits[0].id, 3);
    let accountants = index
        .search(&worker_query("kế toán", WorkerScope::All))
        .unwrap();
    assert_eq!(
        accountants.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        [4]
    );
    let employed = WorkerQuery {
        status: Some("employed".to_owned()),
        ..all()
    };
    assert_eq!(index.search(&employed).unwrap().total, 1);
    let disabled = WorkerQuery {
        priority_group: Some("disability".to_owned()),
        ..all()
    };
    assert_eq!(index.search(&disabled).unwrap().hits[0].id, 3);
    let in_unit = WorkerQuery {
        unit: Some("2025:79".to_owned()),
        ..all()
    };
    assert_eq!(index.search(&in_unit).unwrap().hits[0].id, 4);
    // Without text, newest registrations first.
    let newest: Vec<i64> = index
        .search(&all())
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(newest, [4, 3, 2, 1]);
    index.remove(&[4]).unwrap();
    assert_eq!(index.search(&all()).unwrap().total, 3);
}

#[test]
fn a_filter_every_document_meets_still_filters_once_one_does_not() {
    let index = index();
    let in_hanoi = || VacancyQuery {
        unit: Some("2025:01".to_owned()),
        ..text("")
    };
    let everything = ids(&index, text(""));
    assert_eq!(ids(&index, in_hanoi()), everything);
    index
        .upsert(&[VacancyDoc {
            units: vec!["2025:26734".to_owned(), "2025:79".to_owned()],
            ..vacancy(8, "Nhân viên bán hàng", "26734", (7_000_000, 9_000_000))
        }])
        .unwrap();
    assert_eq!(ids(&index, in_hanoi()), everything);
    assert!(ids(&index, text("")).contains(&8));
}

#[test]
fn compacting_while_the_index_merges_on_its_own_keeps_everything() {
    // Many small commits make many segments, which the writer's merge
    // policy starts merging in the background while we compact.
    let index = WorkerIndex::new().unwrap();
    for batch in 0..40 {
        let workers: Vec<WorkerDoc> = (0..250)
            .map(|n| worker(batch * 250 + n + 1, "Nguyễn Văn An", "Thợ hàn", "00004"))
            .collect();
        index.upsert(&workers).unwrap();
    }
    index.compact().unwrap();
    assert_eq!(index.len(), 10_000);
    let all = index.search(&worker_query("", WorkerScope::All)).unwrap();
    assert_eq!(all.total, 10_000);
}

#[test]
fn a_bulk_loaded_index_merges_once_and_then_takes_changes_as_usual() {
    // A rebuild beside the live index loads it in many commits with the
    // writer's own merges off, so the one merge at the end never races one
    // of them (the old retry loop slept on the async thread when it did).
    let index = WorkerIndex::for_bulk_load().unwrap();
    for batch in 0..20 {
        let workers: Vec<WorkerDoc> = (0..100)
            .map(|n| worker(batch * 100 + n + 1, "Trần Thị Bình", "Thợ may", "00004"))
            .collect();
        index.upsert(&workers).unwrap();
    }
    index.compact().unwrap();
    assert_eq!(index.len(), 2_000);
    index
        .upsert(&[worker(5_000, "Lê Văn Cường", "Thợ hàn", "10417")])
        .unwrap();
    index.remove(&[1]).unwrap();
    let all = index.search(&worker_query("", WorkerScope::All)).unwrap();
    assert_eq!(all.total, 2_000);
    let welder = index
        .search(&worker_query("cuong", WorkerScope::All))
        .unwrap();
    assert_eq!(welder.hits.len(), 1);
}

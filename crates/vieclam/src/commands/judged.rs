//! The judged matching set (`data/matching-judged`): a fixed Hanoi market
//! of vacancies and worker profiles with grades written by reading both
//! texts as an employment-service counsellor would, independently of the
//! scorer. This module loads it into the product's own domain records and
//! measures, in both directions, the matching engine (built as the server
//! builds it) beside a BM25 baseline (the product's search engine).

use std::collections::{BTreeSet, HashMap};

use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDate, Utc};
use vieclam_classify::Classifier;
use vieclam_domain::registry::{
    BroadWish, EmploymentStatus, Language, OccupationCode, OccupationExperience, PersonName,
    PriorityGroup, Qualification, Sex, SocialInsurance, VacancyPosting, VacancyStatus, WageRange,
    WantedOccupation, WorkHours, WorkerProfile, WorkerState,
};
use vieclam_domain::{AdminUnitCode, AdminUnits, UnitKey, UnitStructure};
use vieclam_match::{Opening, OpeningIndex, Seeker, SeekerIndex, Viewer, Weights};
use vieclam_search::evaluation::{score, Scores};
use vieclam_search::{VacancyIndex, VacancyQuery, WorkerIndex, WorkerQuery, WorkerScope};
use vieclam_store::{VacancyRecord, WorkerRecord};

const VACANCIES_CSV: &str = include_str!("../../../../data/matching-judged/vacancies.csv");
const WORKERS_CSV: &str = include_str!("../../../../data/matching-judged/workers.csv");
const JUDGMENTS_CSV: &str = include_str!("../../../../data/matching-judged/judgments.csv");

/// The least grade that counts as relevant for recall and MRR.
pub const RELEVANT: u32 = 2;
/// How many results each list is scored on.
pub const K: usize = 10;

/// A vacancy of the judged market.
pub struct JudgedVacancy {
    pub id: i64,
    pub employer_name: String,
    pub posting: VacancyPosting,
}

/// A worker of the judged market, as a commune officer recorded them.
pub struct JudgedWorker {
    pub id: i64,
    /// The occupation as the worker said it, free text.
    pub occupation_text: String,
    /// The code the officer confirmed among the classifier's suggestions
    /// (see the data's README).
    pub confirmed_code: OccupationCode,
    pub experience_years: u8,
    /// Further occupations the worker named, in order, as the officer
    /// recorded them.
    pub more_codes: Vec<OccupationCode>,
    pub profile: WorkerProfile,
    pub state: WorkerState,
}

impl JudgedWorker {
    /// The profile with `code` as the occupation wanted and held (the
    /// confirmed code, or what the classifier alone would give).
    pub fn profile_with(&self, code: Option<&OccupationCode>) -> WorkerProfile {
        let mut profile = self.profile.clone();
        profile.wanted_occupation = code.cloned();
        profile.wanted_occupations = code
            .into_iter()
            .chain(&self.more_codes)
            .cloned()
            .map(WantedOccupation::confirmed)
            .collect();
        profile.settle();
        profile.occupations = match code {
            Some(code) if self.experience_years > 0 => vec![OccupationExperience {
                code: code.clone(),
                years: self.experience_years,
            }],
            _ => Vec::new(),
        };
        profile
    }
}

/// The whole set: vacancies, workers and the grades of (worker, vacancy)
/// pairs; an unlisted pair is graded 0.
pub struct JudgedSet {
    pub vacancies: Vec<JudgedVacancy>,
    pub workers: Vec<JudgedWorker>,
    pub grades: HashMap<(i64, i64), u32>,
}

fn records(text: &str, what: &str) -> anyhow::Result<Vec<csv::StringRecord>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{what} is not well-formed CSV"))
}

/// A wanted place: a 2025 commune by its code, or a district of the old
/// structure written `legacy:DDD` (a worker who names "Chương Mỹ").
fn wanted_place(text: &str) -> anyhow::Result<UnitKey> {
    match text.strip_prefix("legacy:") {
        Some(code) => Ok(UnitKey {
            structure: UnitStructure::Legacy,
            code: AdminUnitCode::parse(code).map_err(|e| anyhow!("district {code:?}: {e}"))?,
        }),
        None => commune(text),
    }
}

fn commune(code: &str) -> anyhow::Result<UnitKey> {
    Ok(UnitKey {
        structure: UnitStructure::TwoTier2025,
        code: AdminUnitCode::parse(code).map_err(|e| anyhow!("commune {code:?}: {e}"))?,
    })
}

fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

fn optional<T>(
    cell: &str,
    parse: impl Fn(&str) -> Result<T, vieclam_domain::registry::InvalidValue>,
) -> anyhow::Result<Option<T>> {
    if cell.trim().is_empty() {
        return Ok(None);
    }
    parse(cell).map(Some).map_err(|e| anyhow!("{cell:?}: {e}"))
}

/// The items of a list cell (`list`), each parsed.
fn parsed<T>(
    cell: &str,
    parse: impl Fn(&str) -> Result<T, vieclam_domain::registry::InvalidValue>,
) -> anyhow::Result<Vec<T>> {
    list(cell)
        .iter()
        .map(|item| parse(item).map_err(|e| anyhow!("{item:?}: {e}")))
        .collect()
}

fn vacancy(record: &csv::StringRecord) -> anyhow::Result<JudgedVacancy> {
    let field = |i: usize| record.get(i).unwrap_or_default();
    let posting = VacancyPosting {
        employer_id: 1,
        title: field(3).to_owned(),
        occupation: optional(field(4), OccupationCode::parse)?,
        occupation_inferred: false,
        headcount: field(13).parse().context("headcount")?,
        qualification: optional(field(5), Qualification::parse)?,
        experience_years: field(6).parse().context("experience_years")?,
        skills: list(field(7)),
        languages: parsed(field(11), Language::parse)?,
        wage: WageRange {
            min_vnd: Some(field(8).parse().context("wage_min_vnd")?),
            max_vnd: Some(field(9).parse().context("wage_max_vnd")?),
        },
        work_unit: commune(field(2))?,
        hours: optional(field(10), WorkHours::parse)?,
        contract_type: None,
        deadline: None,
        status: VacancyStatus::Open,
        disability_friendly: field(12) == "true",
        abroad_country: None,
        description: Some(field(14).to_owned()).filter(|text| !text.is_empty()),
    };
    Ok(JudgedVacancy {
        id: field(0).parse().context("vacancy_id")?,
        employer_name: field(1).to_owned(),
        posting,
    })
}

fn worker(record: &csv::StringRecord) -> anyhow::Result<JudgedWorker> {
    let field = |i: usize| record.get(i).unwrap_or_default();
    let id: i64 = field(0).parse().context("worker_id")?;
    let residence = commune(field(1))?;
    let confirmed_code = OccupationCode::parse(field(3)).map_err(|e| anyhow!("{e}"))?;
    let experience_years: u8 = field(4).parse().context("experience_years")?;
    let wanted_units = list(field(8))
        .iter()
        .map(|code| wanted_place(code))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let priority_groups: BTreeSet<PriorityGroup> = parsed(field(12), PriorityGroup::parse)?
        .into_iter()
        .collect();
    // Matching never reads name, birth date or sex; the record needs them.
    // The name holds no word a query could match in the worker index.
    let profile = WorkerProfile {
        citizen_id: None,
        full_name: PersonName::parse("Ẩn Danh").map_err(|e| anyhow!("{e}"))?,
        birth_date: NaiveDate::from_ymd_opt(1990, 1, 1).context("a date")?,
        sex: Sex::Female,
        ethnicity: None,
        residence: residence.clone(),
        phone: None,
        email: None,
        general_education: None,
        qualification: Qualification::parse(field(6)).map_err(|e| anyhow!("{e}"))?,
        qualification_field: Some(field(7).to_owned()).filter(|text| !text.is_empty()),
        certificates: Vec::new(),
        occupations: Vec::new(),
        skills: list(field(5)),
        languages: parsed(field(11), Language::parse)?,
        it_skill: None,
        wanted_occupation: None,
        wanted_wage: WageRange {
            min_vnd: Some(field(9).parse().context("wage_min_vnd")?),
            max_vnd: None,
        },
        wanted_units,
        wanted_hours: optional(field(10), WorkHours::parse)?,
        employment_status: EmploymentStatus::Unemployed,
        priority_groups,
        social_insurance: SocialInsurance::None,
        unemployment_insurance: false,
        health_insurance: false,
        consent_share_with_employers: true,
        consent_receive_messages: true,
        wanted_occupations: Vec::new(),
        // The wishes the officer recorded from what the worker said
        // ("việc gì trong nhà máy cũng được", "chỉ làm gần nhà").
        broad_wishes: parsed(field(14), BroadWish::parse)?.into_iter().collect(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
    };
    let mut worker = JudgedWorker {
        id,
        occupation_text: field(2).to_owned(),
        confirmed_code,
        experience_years,
        more_codes: parsed(field(15), OccupationCode::parse)?,
        profile,
        state: WorkerState::initial(EmploymentStatus::Unemployed, residence),
    };
    worker.profile = worker.profile_with(Some(&worker.confirmed_code));
    Ok(worker)
}

impl JudgedSet {
    /// The set shipped in the binary.
    pub fn embedded() -> anyhow::Result<JudgedSet> {
        let vacancies = records(VACANCIES_CSV, "vacancies.csv")?
            .iter()
            .enumerate()
            .map(|(row, record)| {
                vacancy(record).with_context(|| format!("vacancies.csv row {}", row + 2))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let workers = records(WORKERS_CSV, "workers.csv")?
            .iter()
            .enumerate()
            .map(|(row, record)| {
                worker(record).with_context(|| format!("workers.csv row {}", row + 2))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut grades = HashMap::new();
        for (row, record) in records(JUDGMENTS_CSV, "judgments.csv")?.iter().enumerate() {
            let number = |i: usize| -> anyhow::Result<i64> {
                record
                    .get(i)
                    .unwrap_or_default()
                    .parse()
                    .with_context(|| format!("judgments.csv row {} column {}", row + 2, i + 1))
            };
            let grade = u32::try_from(number(2)?).context("a grade from 0 to 3")?;
            grades.insert((number(0)?, number(1)?), grade);
        }
        Ok(JudgedSet {
            vacancies,
            workers,
            grades,
        })
    }

    /// The graded vacancies of one worker.
    pub fn jobs_graded(&self, worker_id: i64) -> HashMap<i64, u32> {
        self.grades
            .iter()
            .filter(|((w, _), grade)| *w == worker_id && **grade > 0)
            .map(|((_, v), grade)| (*v, *grade))
            .collect()
    }

    /// The graded workers of one vacancy.
    pub fn candidates_graded(&self, vacancy_id: i64) -> HashMap<i64, u32> {
        self.grades
            .iter()
            .filter(|((_, v), grade)| *v == vacancy_id && **grade > 0)
            .map(|((w, _), grade)| (*w, *grade))
            .collect()
    }

    /// The vacancies with at least one worker graded relevant: the queries
    /// of the candidates direction.
    pub fn judged_vacancies(&self) -> Vec<i64> {
        let ids: BTreeSet<i64> = self
            .grades
            .iter()
            .filter(|(_, grade)| **grade >= RELEVANT)
            .map(|((_, v), _)| *v)
            .collect();
        ids.into_iter().collect()
    }

    fn vacancy_record(vacancy: &JudgedVacancy) -> VacancyRecord {
        VacancyRecord {
            id: vacancy.id,
            province_code: "01".to_owned(),
            posting: vacancy.posting.clone(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    fn worker_record(worker: &JudgedWorker, profile: WorkerProfile) -> WorkerRecord {
        WorkerRecord {
            id: worker.id,
            province_code: "01".to_owned(),
            profile,
            state: worker.state.clone(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}

/// How the workers' occupations are coded for a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// The code the officer confirmed (import with confirmation).
    Confirmed,
    /// The classifier's first reading of the free text, unconfirmed.
    ClassifierTop1,
}

/// The classifier's best unit groups for a worker's words, as the import
/// and the worker's own form suggest them.
pub fn suggestions(text: &str, k: usize) -> Vec<OccupationCode> {
    Classifier::embedded()
        .classify(&vieclam_text::nfc(text), k)
        .iter()
        .filter_map(|prediction| OccupationCode::parse(&prediction.code).ok())
        .collect()
}

/// One ranked list with its scores.
pub struct Ranked {
    pub query_id: i64,
    pub ids: Vec<i64>,
    pub scores: Scores,
}

/// Both directions of one system.
pub struct Figures {
    pub jobs: Vec<Ranked>,
    pub candidates: Vec<Ranked>,
}

fn workers_as(set: &JudgedSet, coding: Coding) -> Vec<WorkerProfile> {
    set.workers
        .iter()
        .map(|worker| match coding {
            Coding::Confirmed => worker.profile.clone(),
            Coding::ClassifierTop1 => {
                worker.profile_with(suggestions(&worker.occupation_text, 1).first())
            }
        })
        .collect()
}

/// The matching engine, built as the server builds it: every open vacancy
/// through `Opening::of` into one `OpeningIndex`, every worker through
/// `Seeker::of` into one `SeekerIndex`, default weights, an officer's view.
pub fn matching(set: &JudgedSet, units: &AdminUnits, coding: Coding, weights: &Weights) -> Figures {
    let openings = OpeningIndex::new(
        set.vacancies
            .iter()
            .map(|vacancy| Opening::of(units, vacancy.id, &vacancy.posting))
            .collect(),
    );
    let seekers: Vec<Seeker> = set
        .workers
        .iter()
        .zip(workers_as(set, coding))
        .map(|(worker, profile)| Seeker::of(units, worker.id, &profile, &worker.state))
        .collect();
    let jobs = seekers
        .iter()
        .map(|seeker| {
            let ids: Vec<i64> = openings
                .top_for(seeker, K, weights, Viewer::Officer)
                .iter()
                .filter_map(|hit| openings.get(hit.index).map(|opening| opening.id))
                .collect();
            ranked(seeker.id, ids, &set.jobs_graded(seeker.id))
        })
        .collect();
    let seeker_index = SeekerIndex::new(seekers);
    let candidates = set
        .judged_vacancies()
        .into_iter()
        .filter_map(|id| set.vacancies.iter().find(|vacancy| vacancy.id == id))
        .map(|vacancy| {
            let opening = Opening::of(units, vacancy.id, &vacancy.posting);
            let ids: Vec<i64> = seeker_index
                .top_for(&opening, K, weights, Viewer::Officer, |_, _| true)
                .iter()
                .filter_map(|hit| seeker_index.get(hit.index).map(|seeker| seeker.id))
                .collect();
            ranked(vacancy.id, ids, &set.candidates_graded(vacancy.id))
        })
        .collect();
    Figures { jobs, candidates }
}

/// One line of a worker's list, as `vieclam evaluate --worker` prints it.
pub struct Explained {
    pub vacancy_id: i64,
    pub score: f32,
    pub parts: [f32; 8],
    pub grade: u32,
}

/// The first `k` vacancies matching ranks for one worker (confirmed
/// codes), with their scores, parts and the grade the set gives them; and
/// the graded vacancies matching left out of those `k`.
pub fn explain(
    set: &JudgedSet,
    units: &AdminUnits,
    worker_id: i64,
    k: usize,
    weights: &Weights,
) -> (Vec<Explained>, Vec<Explained>) {
    let openings: Vec<Opening> = set
        .vacancies
        .iter()
        .map(|vacancy| Opening::of(units, vacancy.id, &vacancy.posting))
        .collect();
    let Some(worker) = set.workers.iter().find(|worker| worker.id == worker_id) else {
        return (Vec::new(), Vec::new());
    };
    let seeker = Seeker::of(units, worker.id, &worker.profile, &worker.state);
    let graded = set.jobs_graded(worker_id);
    let mut all: Vec<Explained> = openings
        .iter()
        .map(|opening| {
            let scored = vieclam_match::score(&seeker, opening, weights, Viewer::Officer);
            Explained {
                vacancy_id: opening.id,
                score: scored.score,
                parts: scored.parts,
                grade: graded.get(&opening.id).copied().unwrap_or(0),
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.vacancy_id.cmp(&b.vacancy_id))
    });
    let missed = all
        .iter()
        .skip(k)
        .filter(|line| line.grade >= 2)
        .map(|line| Explained { ..*line })
        .collect();
    all.truncate(k);
    (all, missed)
}

fn ranked(query_id: i64, ids: Vec<i64>, grades: &HashMap<i64, u32>) -> Ranked {
    let scores = score(&ids, grades);
    Ranked {
        query_id,
        ids,
        scores,
    }
}

/// The queries a person types into the search box for a list: the
/// occupation words first, then each skill; the product's search wants
/// every word of a query, so one long query would find almost nothing.
fn queries(head: &str, skills: &[String]) -> Vec<String> {
    std::iter::once(head.to_owned())
        .chain(skills.iter().cloned())
        .filter(|text| !text.trim().is_empty())
        .collect()
}

/// The first `K` distinct ids of the queries' answers, in order.
fn fill(answers: impl Iterator<Item = Vec<i64>>) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::with_capacity(K);
    for answer in answers {
        for id in answer {
            if ids.len() == K {
                return ids;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The BM25 baseline: the product's search engine (tantivy) over the
/// vacancies as the server indexes them (`vacancy_doc`), queried with the
/// worker's occupation words and skills; and over the workers as the
/// server indexes them (`worker_doc`: the confirmed occupation's name,
/// skills, qualification field), queried with the vacancy's title and
/// skills.
pub fn bm25(set: &JudgedSet, units: &AdminUnits) -> anyhow::Result<Figures> {
    let vacancy_index = VacancyIndex::new().context("the vacancy index")?;
    let documents: Vec<_> = set
        .vacancies
        .iter()
        .map(|vacancy| {
            vieclam_server::search::vacancy_doc(
                units,
                &JudgedSet::vacancy_record(vacancy),
                &vacancy.employer_name,
            )
        })
        .collect();
    vacancy_index.upsert(&documents)?;
    let worker_index = WorkerIndex::new().context("the worker index")?;
    let documents: Vec<_> = set
        .workers
        .iter()
        .map(|worker| {
            vieclam_server::search::worker_doc(
                units,
                &JudgedSet::worker_record(worker, worker.profile.clone()),
            )
        })
        .collect();
    worker_index.upsert(&documents)?;
    let mut jobs = Vec::with_capacity(set.workers.len());
    for worker in &set.workers {
        let mut answers = Vec::new();
        for text in queries(&worker.occupation_text, &worker.profile.skills) {
            let found = vacancy_index.search(&VacancyQuery {
                text,
                limit: K,
                ..VacancyQuery::default()
            })?;
            answers.push(found.hits.iter().map(|hit| hit.id).collect());
        }
        jobs.push(ranked(
            worker.id,
            fill(answers.into_iter()),
            &set.jobs_graded(worker.id),
        ));
    }
    let mut candidates = Vec::new();
    for id in set.judged_vacancies() {
        let Some(vacancy) = set.vacancies.iter().find(|vacancy| vacancy.id == id) else {
            continue;
        };
        let mut answers = Vec::new();
        for text in queries(&vacancy.posting.title, &vacancy.posting.skills) {
            let found = worker_index.search(&WorkerQuery {
                text,
                scope: WorkerScope::All,
                unit: None,
                occupation: None,
                qualification: None,
                status: None,
                priority_group: None,
                limit: K,
                offset: 0,
            })?;
            answers.push(found.hits.iter().map(|hit| hit.id).collect());
        }
        candidates.push(ranked(
            id,
            fill(answers.into_iter()),
            &set.candidates_graded(id),
        ));
    }
    Ok(Figures { jobs, candidates })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_judged_set_loads_whole_and_consistent() {
        let set = JudgedSet::embedded().expect("the judged set loads");
        assert!(set.workers.len() >= 40, "{} workers", set.workers.len());
        assert!(
            set.vacancies.len() >= 300,
            "{} vacancies",
            set.vacancies.len()
        );
        let vacancy_ids: BTreeSet<i64> = set.vacancies.iter().map(|v| v.id).collect();
        let worker_ids: BTreeSet<i64> = set.workers.iter().map(|w| w.id).collect();
        assert_eq!(
            vacancy_ids.len(),
            set.vacancies.len(),
            "vacancy ids are unique"
        );
        assert_eq!(worker_ids.len(), set.workers.len(), "worker ids are unique");
        for ((worker, vacancy), grade) in &set.grades {
            assert!(
                worker_ids.contains(worker),
                "judgment names worker {worker}"
            );
            assert!(
                vacancy_ids.contains(vacancy),
                "judgment names vacancy {vacancy}"
            );
            assert!(*grade <= 3, "grade {grade} of ({worker}, {vacancy})");
        }
        for worker in &set.workers {
            let graded = set.jobs_graded(worker.id);
            let relevant = graded.values().filter(|g| **g >= RELEVANT).count();
            assert!(
                relevant >= 3,
                "worker {} has {relevant} relevant vacancies",
                worker.id
            );
        }
        let units = AdminUnits::embedded().expect("units");
        for vacancy in &set.vacancies {
            assert!(
                vacancy.posting.check(&units).is_empty(),
                "vacancy {} is a valid posting: {:?}",
                vacancy.id,
                vacancy.posting.check(&units)
            );
        }
    }

    /// Known values on a hand example, so that a wrong metric fails here:
    /// ranked [9, 1, 2]; grades 1 → 3, 2 → 1, 3 → 2.
    #[test]
    fn the_metrics_give_known_values_on_a_hand_example() {
        let grades = HashMap::from([(1, 3), (2, 1), (3, 2)]);
        let scores = score(&[9, 1, 2], &grades);
        // DCG = 7/log2(3) + 1/log2(4); IDCG = 7 + 3/log2(3) + 1/2.
        let dcg = 7.0 / 3f64.log2() + 0.5;
        let idcg = 7.0 + 3.0 / 3f64.log2() + 0.5;
        assert!((scores.ndcg - dcg / idcg).abs() < 1e-9, "{}", scores.ndcg);
        assert!((scores.ndcg - 0.5234).abs() < 1e-3);
        // Relevant (grade ≥ 2): 1 and 3; only 1 is found, at rank 2.
        assert_eq!(scores.recall, 0.5);
        assert_eq!(scores.reciprocal_rank, 0.5);
    }

    #[test]
    fn the_baseline_fills_its_ten_from_queries_in_order_without_repeats() {
        let ids = fill(vec![vec![3, 1], vec![1, 4], (10..30).collect()].into_iter());
        assert_eq!(ids, vec![3, 1, 4, 10, 11, 12, 13, 14, 15, 16]);
    }
}

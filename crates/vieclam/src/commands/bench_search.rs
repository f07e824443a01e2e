//! `vieclam bench search`: the same mixed query set — with and without
//! diacritics, with unit and wage filters — against vieclam's engine and
//! against PostgreSQL full-text search (two tsvectors: exact and unaccented,
//! GIN indexes) over the same generated vacancies, in the same run.
//!
//! Both engines are warmed up first (every query of the set asked once,
//! untimed), and their answers are compared: the totals each reports and
//! how many of vieclam's top 10 PostgreSQL's top 10 holds too.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use vieclam_search::evaluation::{mean, score, Scores};
use vieclam_search::{VacancyDoc, VacancyIndex, VacancyQuery};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// Vacancies to generate and index.
    #[arg(long, default_value_t = 1_000_000)]
    pub vacancies: u64,
    /// Queries to time per engine (the mixed set, repeated).
    #[arg(long, default_value_t = 2_000)]
    pub queries: usize,
    /// PostgreSQL to compare with (a fresh schema is used and dropped).
    #[arg(long, env = "VIECLAM_BENCH_PG")]
    pub pg: Option<String>,
    /// Time the words alone, without reading the query as an occupation
    /// (the server reads it).
    #[arg(long)]
    pub words_only: bool,
}

/// Words people type, half with diacritics and half without.
const QUERY_WORDS: [&str; 24] = [
    "kế toán",
    "ke toan",
    "lái xe",
    "lai xe",
    "bán hàng",
    "ban hang",
    "công nhân may",
    "cong nhan may",
    "thợ hàn",
    "tho han",
    "giáo viên",
    "giao vien",
    "bảo vệ",
    "bao ve",
    "nhân viên kinh doanh",
    "nhan vien kinh doanh",
    "kỹ sư phần mềm",
    "ky su phan mem",
    "điều dưỡng",
    "dieu duong",
    "phục vụ",
    "phuc vu",
    "thợ điện",
    "tho dien",
];

struct Case {
    text: String,
    unit: Option<String>,
    wage_min: Option<i64>,
}

fn cases(communes: &[String]) -> Vec<Case> {
    let mut cases = Vec::new();
    for (index, word) in QUERY_WORDS.iter().enumerate() {
        cases.push(Case {
            text: (*word).to_owned(),
            unit: None,
            wage_min: None,
        });
        cases.push(Case {
            text: (*word).to_owned(),
            unit: Some(communes[index * 7 % communes.len()].clone()),
            wage_min: None,
        });
        cases.push(Case {
            text: (*word).to_owned(),
            unit: Some("2025:01".to_owned()),
            wage_min: Some(8_000_000),
        });
    }
    cases
}

/// What an engine answered to one case: the total and the top ids.
#[derive(Clone, Debug, Default)]
struct Answer {
    total: u64,
    top: Vec<i64>,
}

struct Timing {
    name: &'static str,
    /// One answer per case, asked before the timing (the warm-up).
    answers: Vec<Answer>,
    micros: Vec<f64>,
    total_seconds: f64,
    /// Mean nDCG@10 over the hand-judged relevance set.
    ndcg: f64,
}

const RELEVANCE_CORPUS: &str = include_str!("../../../../data/search-relevance/corpus.csv");
const RELEVANCE_QUERIES: &str = include_str!("../../../../data/search-relevance/queries.csv");
const RELEVANCE_JUDGMENTS: &str = include_str!("../../../../data/search-relevance/judgments.csv");

fn csv_records(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .flatten()
        .collect()
}

/// The hand-judged corpus, queries and grades of `data/search-relevance`.
struct RelevanceSet {
    documents: Vec<VacancyDoc>,
    queries: Vec<(String, String)>,
    grades: HashMap<String, HashMap<i64, u32>>,
}

fn relevance_set() -> RelevanceSet {
    let documents = csv_records(RELEVANCE_CORPUS)
        .iter()
        .map(|record| VacancyDoc {
            id: record[0].parse().unwrap_or_default(),
            title: record[1].to_owned(),
            occupation_code: Some(record[2].to_owned()),
            occupation_name: vieclam_domain::registry::OccupationCode::parse(&record[2])
                .ok()
                .map(|code| code.name_vi().to_owned()),
            employer_name: record[3].to_owned(),
            skills: record[4].split(';').map(str::to_owned).collect(),
            description: None,
            units: vec!["2025:01".to_owned()],
            commune: "2025:00004".to_owned(),
            wage_min: None,
            wage_max: None,
            qualification: None,
            contract_type: None,
            disability_friendly: false,
            abroad: false,
            open: true,
            headcount: 1,
            posted_at: 0,
        })
        .collect();
    let queries = csv_records(RELEVANCE_QUERIES)
        .iter()
        .map(|record| (record[0].to_owned(), record[1].to_owned()))
        .collect();
    let mut grades: HashMap<String, HashMap<i64, u32>> = HashMap::new();
    for record in csv_records(RELEVANCE_JUDGMENTS) {
        grades.entry(record[0].to_owned()).or_default().insert(
            record[1].parse().unwrap_or_default(),
            record[2].parse().unwrap_or_default(),
        );
    }
    RelevanceSet {
        documents,
        queries,
        grades,
    }
}

impl Timing {
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.micros.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
        sorted.get(rank).copied().unwrap_or(0.0)
    }

    fn qps(&self) -> f64 {
        self.micros.len() as f64 / self.total_seconds.max(1e-9)
    }
}

pub async fn run(args: SearchBenchArgs) -> anyhow::Result<()> {
    let units = super::admin_units()?;
    let today = vieclam_server::vietnam_today();
    let city = vieclam_demo::CityGenerator::new(2026, &units, "01", today)
        .ok_or_else(|| UserError::new("Không tạo được dữ liệu mẫu", "Cannot generate the data"))?;
    let n_employers = (args.vacancies / 3).max(1);

    let started = Instant::now();
    let documents: Vec<VacancyDoc> = (0..args.vacancies)
        .map(|index| {
            let vacancy = city.vacancy(index, n_employers);
            let posting = vacancy.posting;
            let (unit_terms, commune) =
                vieclam_server::search::unit_terms(&units, &posting.work_unit);
            VacancyDoc {
                id: index as i64 + 1,
                title: posting.title.clone(),
                occupation_code: posting.occupation.as_ref().map(ToString::to_string),
                occupation_name: posting
                    .occupation
                    .as_ref()
                    .map(|code| code.name_vi().to_owned()),
                skills: posting.skills.clone(),
                employer_name: format!("Doanh nghiệp {}", vacancy.employer_tax_code),
                description: None,
                units: unit_terms,
                commune,
                wage_min: posting.wage.min_vnd,
                wage_max: posting.wage.max_vnd,
                qualification: posting.qualification.map(|q| q.as_str().to_owned()),
                contract_type: posting.contract_type.map(|c| c.as_str().to_owned()),
                disability_friendly: posting.disability_friendly,
                abroad: posting.abroad_country.is_some(),
                // Every generated vacancy counts as open, so both engines
                // search the same million.
                open: true,
                headcount: u64::from(posting.headcount),
                posted_at: 1_700_000_000 + index as i64,
            }
        })
        .collect();
    say!(
        "{} vacancies generated in {:.1} s",
        documents.len(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let index = VacancyIndex::new()?;
    for chunk in documents.chunks(100_000) {
        index.upsert(chunk)?;
    }
    index.compact()?;
    say!(
        "vieclam index built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let communes: Vec<String> = {
        let mut communes: Vec<String> = documents.iter().map(|d| d.commune.clone()).collect();
        communes.sort();
        communes.dedup();
        communes
    };
    let cases = cases(&communes);

    let query_of = |case: &Case| VacancyQuery {
        text: case.text.clone(),
        unit: case.unit.clone(),
        wage_min: case.wage_min,
        limit: 10,
        read_occupation: !args.words_only,
        ..VacancyQuery::default()
    };
    // The warm-up: every case once, untimed; its answers are compared.
    let mut answers = Vec::with_capacity(cases.len());
    for case in &cases {
        let results = index.search(&query_of(case))?;
        answers.push(Answer {
            total: results.total,
            top: results.hits.iter().map(|hit| hit.id).collect(),
        });
    }
    let mut timings = Vec::new();
    let started = Instant::now();
    let mut micros = Vec::with_capacity(args.queries);
    let mut by_case: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for round in 0..args.queries {
        let query = query_of(&cases[round % cases.len()]);
        let one = Instant::now();
        let results = index.search(&query)?;
        let elapsed = one.elapsed().as_secs_f64() * 1e6;
        micros.push(elapsed);
        by_case[round % cases.len()].push(elapsed);
        std::hint::black_box(results);
    }
    let total_seconds = started.elapsed().as_secs_f64();
    let mut slowest: Vec<(f64, usize)> = by_case
        .iter_mut()
        .enumerate()
        .filter(|(_, times)| !times.is_empty())
        .map(|(index, times)| {
            times.sort_by(f64::total_cmp);
            (times[times.len() / 2], index)
        })
        .collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    say!("slowest queries of vieclam (median ms):");
    for (median, index) in slowest.iter().take(5) {
        let case = &cases[*index];
        say!(
            "  {:>7.2}  {:?} unit={} wage≥{}",
            median / 1000.0,
            case.text,
            case.unit.as_deref().unwrap_or("-"),
            case.wage_min.map_or("-".to_owned(), |w| w.to_string())
        );
    }
    let relevance = relevance_set();
    let judged = VacancyIndex::new()?;
    judged.upsert(&relevance.documents)?;
    // The hand-judged set both ways: the words alone, and the words with
    // the occupation the query names.
    let mut judged_scores: Vec<(&str, Vec<Scores>)> = Vec::new();
    for (name, read_occupation) in [("words only", false), ("words + occupation", true)] {
        let mut scores: Vec<Scores> = Vec::new();
        for (id, text) in &relevance.queries {
            let results = judged.search(&VacancyQuery {
                text: text.clone(),
                limit: 10,
                read_occupation,
                ..VacancyQuery::default()
            })?;
            let ranked: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
            scores.push(score(&ranked, &relevance.grades[id]));
        }
        judged_scores.push((name, scores));
    }
    let timed = usize::from(!args.words_only);
    timings.push(Timing {
        name: "vieclam (tantivy)",
        answers,
        micros,
        total_seconds,
        ndcg: mean(&judged_scores[timed].1, |s| s.ndcg),
    });

    if let Some(pg) = &args.pg {
        timings.push(postgres(pg, &documents, &cases, args.queries, &relevance).await?);
    } else {
        say!("PostgreSQL: skipped (give --pg postgres://… or VIECLAM_BENCH_PG)");
    }

    say!();
    say!(
        "{:<26} {:>10} {:>10} {:>12} {:>9}",
        "engine",
        "p50 ms",
        "p99 ms",
        "queries/s",
        "nDCG@10"
    );
    for timing in &timings {
        say!(
            "{:<26} {:>10.2} {:>10.2} {:>12.0} {:>9.3}",
            timing.name,
            timing.percentile(50.0) / 1000.0,
            timing.percentile(99.0) / 1000.0,
            timing.qps(),
            timing.ndcg
        );
    }
    if let [ours, theirs] = timings.as_slice() {
        say!(
            "throughput: vieclam ÷ PostgreSQL = {:.1}",
            ours.qps() / theirs.qps()
        );
        compare_answers(&cases, &ours.answers, &theirs.answers);
    }
    say!("vieclam returns the top 10, the total, the headcount and three facets; PostgreSQL the top 10 and the total.");
    say!(
        "vieclam timed {}.",
        if args.words_only {
            "on the words only"
        } else {
            "reading each query as an occupation too, as the server does"
        }
    );
    say!();
    say!(
        "{:<26} {:>9} {:>10}",
        "data/search-relevance",
        "nDCG@10",
        "recall@10"
    );
    for (name, scores) in &judged_scores {
        say!(
            "{:<26} {:>9.3} {:>10.3}",
            name,
            mean(scores, |s| s.ndcg),
            mean(scores, |s| s.recall)
        );
    }
    Ok(())
}

/// How far the two engines agree, case by case: equal totals, the ratio
/// of the totals, and the share of vieclam's top 10 in PostgreSQL's.
/// They are not meant to agree exactly: vieclam reads the query as an
/// occupation too and ranks by BM25 with an exact-accent boost;
/// PostgreSQL ranks by `ts_rank` and requires every folded word.
fn compare_answers(cases: &[Case], ours: &[Answer], theirs: &[Answer]) {
    say!();
    say!("vieclam vs PostgreSQL, case by case (warm-up answers):");
    say!(
        "  {:<24} {:>10} {:>10} {:>9} {:>12}",
        "query",
        "unit",
        "vieclam",
        "PG",
        "top-10 both"
    );
    let mut same_total = 0;
    let mut overlaps = Vec::new();
    for ((case, a), b) in cases.iter().zip(ours).zip(theirs) {
        if a.total == b.total {
            same_total += 1;
        }
        let theirs: std::collections::HashSet<i64> = b.top.iter().copied().collect();
        let both = a.top.iter().filter(|id| theirs.contains(id)).count();
        let overlap = if a.top.is_empty() && b.top.is_empty() {
            1.0
        } else {
            both as f64 / a.top.len().max(b.top.len()) as f64
        };
        overlaps.push(overlap);
        say!(
            "  {:<24} {:>10} {:>10} {:>9} {:>11.0} %",
            case.text,
            case.unit.as_deref().unwrap_or("-"),
            a.total,
            b.total,
            overlap * 100.0
        );
    }
    overlaps.sort_by(f64::total_cmp);
    say!(
        "equal totals in {same_total} of {} cases; top-10 overlap: mean {:.0} %, median {:.0} %",
        cases.len(),
        overlaps.iter().sum::<f64>() / overlaps.len().max(1) as f64 * 100.0,
        overlaps.get(overlaps.len() / 2).copied().unwrap_or(0.0) * 100.0
    );
}

async fn postgres(
    url: &str,
    documents: &[VacancyDoc],
    cases: &[Case],
    n_queries: usize,
    relevance: &RelevanceSet,
) -> anyhow::Result<Timing> {
    let schema = format!("vieclam_bench_search_{}", std::process::id());
    let admin = sqlx::PgPool::connect(url)
        .await
        .context("cannot reach PostgreSQL")?;
    sqlx::query("CREATE EXTENSION IF NOT EXISTS unaccent")
        .execute(&admin)
        .await?;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&admin)
        .await?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&format!(
            "{url}{separator}options=-c%20search_path%3D{schema},public"
        ))
        .await?;
    let started = Instant::now();
    load_table(&pool, "vacancy_fts", documents).await?;
    say!(
        "PostgreSQL table and GIN indexes built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Exact matches rank above folded ones; every folded word must match.
    let sql = "SELECT id, count(*) OVER () AS total FROM vacancy_fts \
               WHERE folded @@ plainto_tsquery('simple', unaccent(lower($1))) \
               AND ($2::text IS NULL OR units @> ARRAY[$2::text]) \
               AND ($3::bigint IS NULL OR wage_max >= $3) \
               ORDER BY 2 * ts_rank(exact, plainto_tsquery('simple', lower($1))) \
                      + ts_rank(folded, plainto_tsquery('simple', unaccent(lower($1)))) DESC \
               LIMIT 10";
    // The warm-up: every case once, untimed; its answers are compared.
    let mut answers = Vec::with_capacity(cases.len());
    for case in cases {
        let rows = sqlx::query(sql)
            .bind(&case.text)
            .bind(case.unit.as_deref())
            .bind(case.wage_min)
            .fetch_all(&pool)
            .await?;
        answers.push(Answer {
            total: rows
                .first()
                .map_or(0, |row| sqlx::Row::get::<i64, _>(row, "total") as u64),
            top: rows
                .iter()
                .map(|row| sqlx::Row::get::<i64, _>(row, "id"))
                .collect(),
        });
    }
    let started = Instant::now();
    let mut micros = Vec::with_capacity(n_queries);
    for round in 0..n_queries {
        let case = &cases[round % cases.len()];
        let one = Instant::now();
        let rows = sqlx::query(sql)
            .bind(&case.text)
            .bind(case.unit.as_deref())
            .bind(case.wage_min)
            .fetch_all(&pool)
            .await?;
        micros.push(one.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(rows);
    }
    let total_seconds = started.elapsed().as_secs_f64();

    load_table(&pool, "judged_fts", &relevance.documents).await?;
    let judged_sql = sql.replace("vacancy_fts", "judged_fts");
    let mut scores: Vec<Scores> = Vec::new();
    for (id, text) in &relevance.queries {
        let rows = sqlx::query(&judged_sql)
            .bind(text)
            .bind(None::<String>)
            .bind(None::<i64>)
            .fetch_all(&pool)
            .await?;
        let ranked: Vec<i64> = rows
            .iter()
            .map(|row| sqlx::Row::get::<i64, _>(row, "id"))
            .collect();
        scores.push(score(&ranked, &relevance.grades[id]));
    }
    let timing = Timing {
        name: "PostgreSQL FTS",
        answers,
        micros,
        total_seconds,
        ndcg: mean(&scores, |s| s.ndcg),
    };
    pool.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await?;
    Ok(timing)
}

/// A table of the documents with two tsvectors — exact (lower case) and
/// folded (unaccent) — and GIN indexes: the best PostgreSQL setup we know
/// for accent-insensitive search that can still prefer exact accents.
async fn load_table(
    pool: &sqlx::PgPool,
    table: &str,
    documents: &[VacancyDoc],
) -> anyhow::Result<()> {
    use sqlx::postgres::PgPoolCopyExt;
    sqlx::query(&format!(
        "CREATE TABLE {table} (id BIGINT, doc TEXT, units TEXT[], wage_max BIGINT)"
    ))
    .execute(pool)
    .await?;
    let mut copy = pool
        .copy_in_raw(&format!(
            "COPY {table} (id, doc, units, wage_max) FROM STDIN"
        ))
        .await?;
    let escape = |text: &str| text.replace('\\', "\\\\").replace(['\t', '\n'], " ");
    let mut buffer = String::new();
    for document in documents {
        let mut doc = vec![document.title.clone(), document.employer_name.clone()];
        doc.extend(document.occupation_name.clone());
        doc.extend(document.skills.iter().cloned());
        let units = format!(
            "{{{}}}",
            document
                .units
                .iter()
                .map(|u| format!("\"{u}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        let wage = document.wage_max.or(document.wage_min).unwrap_or(i64::MAX);
        buffer.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            document.id,
            escape(&doc.join(" ")),
            units,
            wage
        ));
        if buffer.len() > 1 << 20 {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    copy.send(buffer.as_bytes()).await?;
    copy.finish().await?;
    for statement in [
        format!("ALTER TABLE {table} ADD COLUMN exact tsvector"),
        format!("ALTER TABLE {table} ADD COLUMN folded tsvector"),
        format!(
            "UPDATE {table} SET exact = to_tsvector('simple', lower(doc)), \
             folded = to_tsvector('simple', unaccent(lower(doc)))"
        ),
        format!("CREATE INDEX {table}_folded ON {table} USING GIN (folded)"),
        format!("CREATE INDEX {table}_units ON {table} USING GIN (units)"),
        format!("CREATE INDEX {table}_wage ON {table} (wage_max)"),
        format!("ANALYZE {table}"),
    ] {
        sqlx::query(&statement).execute(pool).await?;
    }
    Ok(())
}

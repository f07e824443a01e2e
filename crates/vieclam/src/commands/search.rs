//! `vieclam search`: job search from the command line, over the store's
//! open vacancies.

use clap::Args;
use vieclam_search::{SortOrder, VacancyQuery};
use vieclam_server::search::SearchEngine;

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, with or without diacritics.
    pub query: String,
    /// Only vacancies in this unit (a code or structure:code) or below.
    #[arg(long)]
    pub unit: Option<String>,
    /// An occupation code of 1 to 4 digits.
    #[arg(long)]
    pub occupation: Option<String>,
    /// At least this wage, in VND a month.
    #[arg(long)]
    pub wage_min: Option<i64>,
    /// relevance, newest or wage.
    #[arg(long, default_value = "relevance")]
    pub sort: String,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub async fn run(db: &str, args: SearchArgs) -> anyhow::Result<()> {
    let (store, units) = super::open_store(db).await?;
    let engine = SearchEngine::new(&units)?;
    engine.rebuild(store.clone(), units.clone()).await?;
    let unit = args
        .unit
        .as_deref()
        .map(|text| -> anyhow::Result<String> {
            let key = vieclam_domain::UnitKey::parse(text, vieclam_server::vietnam_today())?;
            units.get(&key)?;
            Ok(key.to_string())
        })
        .transpose()?;
    let sort = match args.sort.as_str() {
        "relevance" => SortOrder::Relevance,
        "newest" => SortOrder::Newest,
        "wage" => SortOrder::Wage,
        other => {
            return Err(UserError::new(
                format!("Cách sắp xếp {other:?} không hợp lệ: dùng relevance, newest hoặc wage"),
                format!("Unknown sort {other:?}: use relevance, newest or wage"),
            )
            .into())
        }
    };
    let results = engine.vacancies.search(&VacancyQuery {
        text: vieclam_text::nfc(&args.query),
        unit,
        occupation: args.occupation,
        wage_min: args.wage_min,
        sort,
        limit: args.limit.clamp(1, 100),
        read_occupation: true,
        ..VacancyQuery::default()
    })?;
    say!(
        "{} vị trí / vacancies, {} người cần tuyển / people wanted",
        results.total,
        results.total_headcount
    );
    for hit in &results.hits {
        if let Some(record) = store.get_vacancy(hit.id).await? {
            let posting = record.posting;
            say!(
                "{:>7}  {:<48} {:<12} {:>3} người  {}",
                record.id,
                posting.title,
                posting.work_unit.to_string(),
                posting.headcount,
                posting.wage.describe_vi()
            );
        }
    }
    Ok(())
}

//! `vieclam units`: list, search and show administrative units from the
//! shipped data, in either structure.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use vieclam_domain::{
    AdminUnit, AdminUnitCode, AdminUnits, UnitKey, UnitLevel, UnitSearch, UnitStructure,
};

use crate::messages::{say, UserError};

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Search units by name, with or without diacritics ("ung hoa", "Q. Ba Đình").
    Search(SearchArgs),
    /// List units: provinces, or the units below one unit.
    List(ListArgs),
    /// Show one unit by code, with its parents, children and crosswalk links.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct StructureArgs {
    /// Read codes in the structure valid on this date (YYYY-MM-DD); today by default.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Use this structure: legacy (before 1 July 2025) or 2025.
    #[arg(long)]
    pub structure: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    pub query: String,
    #[command(flatten)]
    pub structure: StructureArgs,
    /// province, district or commune.
    #[arg(long)]
    pub level: Option<String>,
    /// Only units in this province (a code in the searched structure).
    #[arg(long)]
    pub province: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// List the units directly below this code; without it, the provinces.
    #[arg(long)]
    pub parent: Option<String>,
    #[command(flatten)]
    pub structure: StructureArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A code (2, 3 or 5 digits) or structure:code.
    pub code: String,
    #[command(flatten)]
    pub structure: StructureArgs,
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: UnitsCommand) -> anyhow::Result<()> {
    let units = super::admin_units()?;
    match command {
        UnitsCommand::Search(args) => search(&units, args),
        UnitsCommand::List(args) => list(&units, args),
        UnitsCommand::Show(args) => show(&units, args),
    }
}

fn today() -> NaiveDate {
    vieclam_server::vietnam_today()
}

fn parse_structure(text: Option<&str>) -> anyhow::Result<Option<UnitStructure>> {
    text.map(|text| {
        UnitStructure::parse(text)
            .ok_or_else(|| vieclam_domain::UnitError::UnknownStructure(text.to_owned()).into())
    })
    .transpose()
}

fn parse_level(text: Option<&str>) -> anyhow::Result<Option<UnitLevel>> {
    text.map(|text| {
        UnitLevel::parse(text).ok_or_else(|| {
            UserError::new(
                format!("Cấp {text:?} không hợp lệ: dùng province, district hoặc commune"),
                format!("Unknown level {text:?}: use province, district or commune"),
            )
            .into()
        })
    })
    .transpose()
}

fn structure_label(structure: UnitStructure) -> &'static str {
    match structure {
        UnitStructure::Legacy => "trước 01/7/2025 (legacy)",
        UnitStructure::TwoTier2025 => "từ 01/7/2025 (2025)",
    }
}

fn print_unit(unit: &AdminUnit, json: bool) -> anyhow::Result<()> {
    if json {
        say!("{}", serde_json::to_string(unit)?);
    } else {
        say!(
            "{:<7} {:<6} {:<9} {:<40} tỉnh/province {}",
            unit.structure.as_str(),
            unit.code.as_str(),
            unit.level.as_str(),
            unit.name,
            unit.province_code
        );
    }
    Ok(())
}

fn search(units: &AdminUnits, args: SearchArgs) -> anyhow::Result<()> {
    let structure = parse_structure(args.structure.structure.as_deref())?
        .or(args.structure.date.map(UnitStructure::valid_on));
    let options = UnitSearch {
        structure,
        level: parse_level(args.level.as_deref())?,
        province_code: args
            .province
            .as_deref()
            .map(AdminUnitCode::parse)
            .transpose()?,
        limit: args.limit.max(1),
    };
    let hits = units.search(&args.query, &options);
    if hits.is_empty() {
        return Err(UserError::new(
            format!("Không tìm thấy đơn vị nào khớp {:?}", args.query),
            format!("No unit matches {:?}", args.query),
        )
        .into());
    }
    if !args.json {
        match structure {
            Some(structure) => say!("Cấu trúc / structure: {}", structure_label(structure)),
            None => say!("Tìm trong cả hai cấu trúc / searched both structures"),
        }
    }
    for hit in hits {
        print_unit(hit.unit, args.json)?;
    }
    Ok(())
}

fn list(units: &AdminUnits, args: ListArgs) -> anyhow::Result<()> {
    let date = args.structure.date.unwrap_or_else(today);
    let structure = parse_structure(args.structure.structure.as_deref())?
        .unwrap_or_else(|| UnitStructure::valid_on(date));
    if !args.json {
        say!("Cấu trúc / structure: {}", structure_label(structure));
    }
    match args.parent {
        Some(parent) => {
            let key = UnitKey {
                structure,
                code: AdminUnitCode::parse(&parent)?,
            };
            units.get(&key)?;
            for unit in units.children(&key) {
                print_unit(unit, args.json)?;
            }
        }
        None => {
            for unit in units
                .all()
                .iter()
                .filter(|unit| unit.structure == structure && unit.level == UnitLevel::Province)
            {
                print_unit(unit, args.json)?;
            }
        }
    }
    Ok(())
}

fn show(units: &AdminUnits, args: ShowArgs) -> anyhow::Result<()> {
    let date = args.structure.date.unwrap_or_else(today);
    let key = match parse_structure(args.structure.structure.as_deref())? {
        Some(structure) => UnitKey {
            structure,
            code: AdminUnitCode::parse(&args.code)?,
        },
        None => UnitKey::parse(&args.code, date)?,
    };
    let unit = units.get(&key)?;
    if args.json {
        return print_unit(unit, true);
    }
    say!("Cấu trúc / structure: {}", structure_label(unit.structure));
    say!("{} — {} ({})", unit.code, unit.name, unit.level.as_str());
    for ancestor in units.ancestors(unit) {
        say!("  thuộc / in: {} {}", ancestor.code, ancestor.name);
    }
    let n_children = units.children(&key).count();
    if n_children > 0 {
        say!("  {n_children} đơn vị trực thuộc / units directly below");
    }
    match unit.structure {
        UnitStructure::Legacy => {
            for link in units.links_from_legacy(unit).take(50) {
                let new_key = UnitKey {
                    structure: UnitStructure::TwoTier2025,
                    code: link.code_2025.clone(),
                };
                let new_unit = units.get(&new_key)?;
                say!(
                    "  → từ 01/7/2025 / since 2025: {} {} ({})",
                    new_unit.code,
                    new_unit.name,
                    link.relation.as_str()
                );
            }
            let roll_up = units.roll_up_to_2025(&key)?;
            say!(
                "  số liệu cộng dồn vào / data rolls up into: {} {}",
                roll_up.code,
                roll_up.name
            );
        }
        UnitStructure::TwoTier2025 => {
            for link in units.links_into_2025(unit).take(50) {
                let old_key = UnitKey {
                    structure: UnitStructure::Legacy,
                    code: link.legacy_code.clone(),
                };
                let old_unit = units.get(&old_key)?;
                say!(
                    "  ← trước 01/7/2025 / before: {} {} ({})",
                    old_unit.code,
                    old_unit.name,
                    link.relation.as_str()
                );
            }
        }
    }
    Ok(())
}

//! `vieclam`: the command line over the library crates. Thin on purpose:
//! parse arguments, open the store, call a library, print the result.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod messages;

/// Hệ thống thông tin thị trường lao động và sàn giao dịch việc làm.
/// Labour-market information system and public job exchange.
#[derive(Debug, Parser)]
#[command(name = "vieclam", version, about, long_about = None)]
struct Cli {
    /// Database URL: sqlite://FILE (embedded, the default) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "VIECLAM_DB", default_value = vieclam_store::DEFAULT_DATABASE_URL)]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server (API, OpenAPI document, metrics).
    Serve(commands::serve::ServeArgs),
    /// Create the database, or bring an existing one up to date, and load
    /// the administrative units.
    Migrate,
    /// Look up administrative units (no database needed).
    #[command(subcommand)]
    Units(commands::units::UnitsCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Search open vacancies, with or without diacritics.
    Search(commands::search::SearchArgs),
    /// Import a CSV or XLSX file into a register.
    Import(commands::sheets::ImportArgs),
    /// Export a register to CSV or XLSX.
    Export(commands::sheets::ExportArgs),
    /// Classify a job title or CV line into ISCO-08 / VSCO unit groups.
    Classify(commands::classify::ClassifyArgs),
    /// Best vacancies for a worker, or best workers for a vacancy, with reasons.
    Match(commands::matching::MatchArgs),
    /// A series of the living data with its forecast, a unit's shortages, or
    /// the employers likely to hire.
    Forecast(commands::forecast::ForecastArgs),
    /// Print the classifier's accuracy and matching quality in both directions.
    Evaluate(commands::evaluate::EvaluateArgs),
    /// Plans and their progress: `report plans`, `report progress --plan …`.
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    /// Benchmarks measured beside their peers in the same run.
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
    /// Set up a demo installation and serve it.
    Demo(commands::demo::DemoArgs),
    /// The job exchange: `exchange sessions`, `exchange schedule`, `exchange report`.
    #[command(subcommand)]
    Exchange(commands::exchange::ExchangeCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!(
                "Lỗi: không khởi động được tiến trình / Error: cannot start the runtime: {error}"
            );
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(&cli.db, args).await,
            Command::Migrate => commands::serve::migrate(&cli.db).await,
            Command::Units(command) => commands::units::run(command),
            Command::User(command) => commands::user::run(&cli.db, command).await,
            Command::Search(args) => commands::search::run(&cli.db, args).await,
            Command::Import(args) => commands::sheets::import(&cli.db, args).await,
            Command::Export(args) => commands::sheets::export(&cli.db, args).await,
            Command::Demo(args) => commands::demo::run(&cli.db, args).await,
            Command::Bench(command) => commands::bench::run(command).await,
            Command::Classify(args) => commands::classify::run(args),
            Command::Evaluate(args) => commands::evaluate::run(args),
            Command::Forecast(args) => commands::forecast::run(&cli.db, args).await,
            Command::Match(args) => commands::matching::run(&cli.db, args).await,
            Command::Report(command) => commands::report::run(&cli.db, command).await,
            Command::Exchange(command) => commands::exchange::run(&cli.db, command).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            messages::report(&error);
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every subcommand's arguments are well formed (no name taken twice,
    /// e.g. a subcommand's own `--db` beside the global one, which clap
    /// only finds out when the argument is read).
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}

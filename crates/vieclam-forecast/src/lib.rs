//! Supply-and-demand forecasting ("AI Dự báo Cung - Cầu"): monthly series
//! per measure × occupation × unit from the living data ([`series`]), each
//! forecast 1–24 months ahead by the model its own back-test picks
//! ([`model`]), reconciled bottom-up so that every level adds up
//! ([`engine`]), read as shortages and surpluses with the months a series
//! broke ([`shortage`]), and the employers likely to hire soon
//! ([`signals`]).

pub mod engine;
pub mod model;
pub mod progress;
pub mod series;
pub mod shortage;
pub mod signals;

pub use engine::{Engine, ForecastMonth, HistoryMonth, SeriesForecast};
pub use model::{forecast, Method, Outcome, MAX_HORIZON, MIN_POINTS};
pub use series::{Ledger, LedgerBuilder, Measure, Selection, Series};
pub use shortage::{balances, Balance, Flag};
pub use signals::{backtest, rank, Backtest, EmployerHistory, Signal};

//! `vieclam classify "…"`: a job title or CV line → the most likely
//! ISCO-08 / VSCO unit groups with their confidence, best first.

use clap::Args;
use vieclam_classify::Classifier;

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// A job title or CV line, with or without diacritics ("NV kinh doanh").
    pub text: String,
    /// How many unit groups to print.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<()> {
    let predictions =
        Classifier::embedded().classify(&vieclam_text::nfc(&args.text), args.top.clamp(1, 20));
    if predictions.is_empty() {
        return Err(UserError::new(
            format!("Không nhận ra nghề nào trong {:?}", args.text),
            format!("No occupation recognised in {:?}", args.text),
        )
        .into());
    }
    for prediction in predictions {
        say!(
            "{}  {:>5.1} %  {} / {}",
            prediction.code,
            prediction.confidence * 100.0,
            prediction.name_vi,
            prediction.name_en
        );
    }
    Ok(())
}

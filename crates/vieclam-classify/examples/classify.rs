//! Classifies the job titles given as arguments, or one per line on
//! standard input, and prints the best three unit groups with their
//! confidence and the time the call took.
//!
//! `cargo run --release -p vieclam-classify --example classify -- "thợ hàn" "NV kinh doanh"`

use std::io::BufRead;
use std::time::Instant;

use vieclam_classify::Classifier;

fn main() {
    let start = Instant::now();
    let classifier = Classifier::embedded();
    println!(
        "model built in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let lines: Vec<String> = if arguments.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        arguments
    };
    for line in lines {
        let start = Instant::now();
        let predictions = classifier.classify(&line, 3);
        let micros = start.elapsed().as_secs_f64() * 1e6;
        println!("{line:?} ({micros:.0} µs)");
        if predictions.is_empty() {
            println!("    (no usable word)");
        }
        for prediction in predictions {
            println!(
                "    {} {:5.1}%  {} / {}",
                prediction.code,
                100.0 * prediction.confidence,
                prediction.name_vi,
                prediction.name_en
            );
        }
    }
}

//! Charts as inline SVG, drawn on the server: no script, no inline style
//! (the content-security policy forbids both), only SVG presentation
//! attributes and the CSS classes `chart-*` of `static/vieclam.css`.
//!
//! Every chart is an image to assistive technology (`role="img"`, a
//! `<title>` naming what it shows); the page puts a table with the same
//! figures next to it, so nothing is said by the drawing alone. Every text
//! put in the SVG is escaped here: labels come from unit and indicator
//! names, which an import may have filled.

use std::fmt::Write;

/// Escapes text for SVG (XML) content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A number as SVG coordinates want it: at most one decimal, no "-0".
fn coordinate(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The points of a line through `values` in a box `width` × `height`
/// (inset by `pad`), scaled from `bottom` to `top` (by default the
/// smallest and the largest value); a missing value breaks the line, so
/// each returned run is drawn on its own.
fn runs(
    values: &[Option<f64>],
    width: f64,
    height: f64,
    pad: f64,
    (bottom, top): (Option<f64>, Option<f64>),
) -> Vec<Vec<(f64, f64)>> {
    let finite = values.iter().flatten().copied().filter(|v| v.is_finite());
    let largest = top.unwrap_or_else(|| finite.clone().fold(f64::MIN, f64::max));
    let smallest = bottom.unwrap_or_else(|| finite.fold(f64::MAX, f64::min));
    let span = if largest - smallest > 0.0 {
        largest - smallest
    } else {
        1.0
    };
    let step = if values.len() > 1 {
        (width - 2.0 * pad) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let mut all = Vec::new();
    let mut run = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(value) => {
                let x = pad + step * index as f64;
                let y = height - pad - (value - smallest) / span * (height - 2.0 * pad);
                run.push((x, y));
            }
            None => {
                if !run.is_empty() {
                    all.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        all.push(run);
    }
    all
}

/// Writes one run as a polyline, or a dot when it has a single point.
fn draw_run(svg: &mut String, run: &[(f64, f64)], class: &str) {
    if let [(x, y)] = run {
        let _ = write!(
            svg,
            r#"<circle class="{class}-dot" cx="{}" cy="{}" r="1.5"/>"#,
            coordinate(*x),
            coordinate(*y)
        );
        return;
    }
    let points: Vec<String> = run
        .iter()
        .map(|(x, y)| format!("{},{}", coordinate(*x), coordinate(*y)))
        .collect();
    let _ = write!(
        svg,
        r#"<polyline class="{class}" fill="none" points="{}"/>"#,
        points.join(" ")
    );
}

/// A small line of `values` (a missing one leaves a gap), 100 × 24, for a
/// figure's trend beside it in a table or on a card; `label` says what the
/// line is ("Việc làm mới, 12 tháng") and becomes its accessible name. The
/// line spans its smallest to its largest value, to show the trend's shape;
/// a flat series lies on the bottom edge.
pub fn sparkline(values: &[Option<f64>], label: &str) -> String {
    let label = escape(label);
    let mut svg = format!(
        r#"<svg class="chart-sparkline" role="img" aria-label="{label}" viewBox="0 0 100 24" width="100" height="24" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>"#
    );
    for run in runs(values, 100.0, 24.0, 2.0, (None, None)) {
        draw_run(&mut svg, &run, "chart-spark");
    }
    svg.push_str("</svg>");
    svg
}

/// One group of the bar chart: a name and its two figures.
pub struct Bar {
    pub label: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
}

/// Horizontal bars, one pair per unit (the target, hollow, and the actual,
/// filled, on the same scale), with the name of each unit to the left.
/// `title` names the chart; `legend` gives the words for target and actual.
pub fn bars(title: &str, bars: &[Bar], legend: (&str, &str)) -> String {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 200.0;
    const ROW: f64 = 26.0;
    const TOP: f64 = 28.0;
    let largest = bars
        .iter()
        .flat_map(|bar| [bar.target, bar.actual])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let scale = if largest > 0.0 {
        (WIDTH - LABEL - 16.0) / largest
    } else {
        0.0
    };
    let height = TOP + ROW * bars.len() as f64 + 8.0;
    let title = escape(title);
    let mut svg = format!(
        r#"<svg class="chart chart-bars" role="img" aria-label="{title}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet"><title>{title}</title>"#,
        w = coordinate(WIDTH),
        h = coordinate(height),
    );
    let (target_word, actual_word) = (escape(legend.0), escape(legend.1));
    let _ = write!(
        svg,
        r#"<g class="chart-legend"><rect class="chart-target" x="{x}" y="6" width="14" height="10"/><text x="{tx}" y="15">{target_word}</text><rect class="chart-actual" x="{x2}" y="6" width="14" height="10"/><text x="{tx2}" y="15">{actual_word}</text></g>"#,
        x = coordinate(LABEL),
        tx = coordinate(LABEL + 18.0),
        x2 = coordinate(LABEL + 140.0),
        tx2 = coordinate(LABEL + 158.0),
    );
    for (index, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * index as f64;
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            coordinate(LABEL - 6.0),
            coordinate(y + 15.0),
            escape(&shorten(&bar.label, 30))
        );
        if let Some(target) = bar.target.filter(|v| v.is_finite() && *v > 0.0) {
            let _ = write!(
                svg,
                r#"<rect class="chart-target" x="{}" y="{}" width="{}" height="20"/>"#,
                coordinate(LABEL),
                coordinate(y + 2.0),
                coordinate(target * scale)
            );
        }
        if let Some(actual) = bar.actual.filter(|v| v.is_finite() && *v > 0.0) {
            let _ = write!(
                svg,
                r#"<rect class="chart-actual" x="{}" y="{}" width="{}" height="12"/>"#,
                coordinate(LABEL),
                coordinate(y + 6.0),
                coordinate(actual * scale)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A line of `values` over `labels` (months, quarters), with the labels
/// below and the largest value marked on the left; a missing value leaves
/// a gap. `top` raises the scale to a target so the line shows how far off
/// it is.
pub fn line(title: &str, labels: &[String], values: &[Option<f64>], top: Option<f64>) -> String {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 200.0;
    const LEFT: f64 = 56.0;
    const BOTTOM: f64 = 24.0;
    let largest = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(top.unwrap_or(0.0), f64::max);
    let title = escape(title);
    let mut svg = format!(
        r#"<svg class="chart chart-line" role="img" aria-label="{title}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet"><title>{title}</title>"#,
        w = coordinate(WIDTH),
        h = coordinate(HEIGHT),
    );
    let _ = write!(
        svg,
        r#"<line class="chart-axis" x1="{l}" y1="8" x2="{l}" y2="{b}"/><line class="chart-axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/><text class="chart-label" x="{tx}" y="16" text-anchor="end">{top}</text><text class="chart-label" x="{tx}" y="{b}" text-anchor="end">0</text>"#,
        l = coordinate(LEFT),
        b = coordinate(HEIGHT - BOTTOM),
        r = coordinate(WIDTH - 8.0),
        tx = coordinate(LEFT - 4.0),
        top = escape(&trim_number(largest)),
    );
    // The plot area is the box right of the axis and above the labels;
    // `runs` works in a box at the origin, so its points are shifted.
    let plot_width = WIDTH - LEFT - 8.0;
    let plot_height = HEIGHT - BOTTOM - 8.0;
    let step = if values.len() > 1 {
        (plot_width - 16.0) / (values.len() - 1) as f64
    } else {
        0.0
    };
    for run in runs(
        values,
        plot_width,
        plot_height,
        8.0,
        (Some(0.0), Some(largest)),
    ) {
        let shifted: Vec<(f64, f64)> = run.iter().map(|(x, y)| (x + LEFT, y + 8.0)).collect();
        draw_run(&mut svg, &shifted, "chart-trend");
    }
    let every = labels.len().div_ceil(12).max(1);
    for (index, label) in labels.iter().enumerate().step_by(every) {
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            coordinate(LEFT + 8.0 + step * index as f64),
            coordinate(HEIGHT - 6.0),
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A whole number as the axis shows it (no grouping: the table beside the
/// chart carries the formatted figure).
fn trim_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A label cut to `max` characters with an ellipsis, so a long unit name
/// keeps inside the chart's left margin (the table gives it in full).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_is_a_small_labelled_image() {
        let svg = sparkline(&[Some(1.0), Some(3.0), Some(2.0)], "Việc làm mới");
        assert!(svg.starts_with("<svg class=\"chart-sparkline\" role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 100 24\""));
        assert!(svg.contains("<title>Việc làm mới</title>"));
        assert!(svg.contains("<polyline"));
        assert!(!svg.contains("style="));
        // The largest value is at the top edge, the smallest at the bottom.
        assert!(svg.contains("points=\"2,22 50,2 98,12\""), "{svg}");
    }

    #[test]
    fn sparkline_gap_splits_the_line_and_a_lone_point_is_a_dot() {
        let svg = sparkline(&[Some(1.0), Some(2.0), None, Some(2.0)], "x");
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 1);
        let empty = sparkline(&[None, None], "x");
        assert!(!empty.contains("<polyline") && !empty.contains("<circle"));
        let flat = sparkline(&[Some(0.0), Some(0.0)], "x");
        assert!(flat.contains("points=\"2,22 98,22\""), "{flat}");
    }

    #[test]
    fn every_text_is_escaped() {
        let hostile = "<script>\"&'";
        for svg in [
            sparkline(&[Some(1.0)], hostile),
            bars(
                hostile,
                &[Bar {
                    label: hostile.to_owned(),
                    target: Some(2.0),
                    actual: Some(1.0),
                }],
                (hostile, hostile),
            ),
            line(hostile, &[hostile.to_owned()], &[Some(1.0)], None),
        ] {
            assert!(!svg.contains("<script>"), "{svg}");
            assert!(!svg.contains("\"&'"), "{svg}");
            assert!(svg.contains("&lt;script&gt;&quot;&amp;&#39;"), "{svg}");
        }
    }

    #[test]
    fn bars_share_one_scale() {
        let svg = bars(
            "t",
            &[
                Bar {
                    label: "A".into(),
                    target: Some(100.0),
                    actual: Some(50.0),
                },
                Bar {
                    label: "B".into(),
                    target: None,
                    actual: Some(200.0),
                },
            ],
            ("Chỉ tiêu", "Thực hiện"),
        );
        // 424 px for the largest figure (200): A's target 212, its actual 106.
        assert!(svg.contains("width=\"212\" height=\"20\""), "{svg}");
        assert!(svg.contains("width=\"106\" height=\"12\""), "{svg}");
        assert!(svg.contains("width=\"424\" height=\"12\""), "{svg}");
        assert_eq!(svg.matches("class=\"chart-target\"").count(), 2); // legend + A
    }

    #[test]
    fn line_is_scaled_to_the_target() {
        let svg = line(
            "t",
            &["T1".into(), "T2".into()],
            &[Some(0.0), Some(50.0)],
            Some(100.0),
        );
        assert!(svg.contains(">100</text>"), "{svg}");
        assert!(svg.contains("<polyline class=\"chart-trend\""));
        assert!(svg.contains(">T2</text>"));
    }
}

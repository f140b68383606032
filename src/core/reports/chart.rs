//! Bar charts as geometry, for the console to draw as SVG: pure, so the scaling is tested
//! natively and the web layer only creates the elements. Each chart goes out with its numbers
//! in a table beside it; the geometry here is the picture, not the data's only form.

/// The drawing area, in SVG user units (the SVG scales to its box).
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 240.0;
/// Room for the value axis on the left and the period labels below.
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 8.0;

/// One bar: its box, and what it stands for (its `<title>` when drawn).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// `2026-11-02: 5`.
    pub label: String,
    /// Which series (0 or 1), for its colour.
    pub series: usize,
}

/// A text placed on the chart (period labels under the bars, the axis's top value).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// A bar chart: one group of bars per period, one bar per series.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
    /// The baseline's height (y of the axis).
    pub baseline: f64,
    /// The largest value shown, as the axis's top label says.
    pub max: f64,
}

/// A chart of `categories` (period labels) with one or two `series` of values (`None`: nothing
/// measured, no bar). `format` writes a value for its label.
pub fn bar_chart(categories: &[String], series: &[Vec<Option<f64>>], format: impl Fn(f64) -> String) -> BarChart {
    let max = series.iter().flatten().flatten().copied().fold(0.0_f64, f64::max);
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let baseline = HEIGHT - BOTTOM;
    let slot = if categories.is_empty() { plot_width } else { plot_width / categories.len() as f64 };
    let bar_width = (slot * 0.8) / series.len().max(1) as f64;
    let mut bars = Vec::new();
    let mut labels = vec![Label { x: LEFT - 6.0, y: TOP + 4.0, text: format(max) }];
    let label_every = categories.len().div_ceil(12).max(1);
    for (index, category) in categories.iter().enumerate() {
        let slot_x = LEFT + slot * index as f64;
        for (which, values) in series.iter().enumerate() {
            let Some(value) = values.get(index).copied().flatten() else { continue };
            let height = if max > 0.0 { value / max * plot_height } else { 0.0 };
            bars.push(Bar {
                x: slot_x + slot * 0.1 + bar_width * which as f64,
                y: baseline - height,
                width: bar_width,
                height,
                label: format!("{category}: {}", format(value)),
                series: which,
            });
        }
        if index % label_every == 0 {
            labels.push(Label { x: slot_x + slot / 2.0, y: baseline + 16.0, text: short_label(category) });
        }
    }
    BarChart { bars, labels, baseline, max }
}

/// `2026-11-02` reads `11-02` under a bar; a month `2026-11` stays whole.
fn short_label(period: &str) -> String {
    if period.len() == 10 {
        period[5..].to_owned()
    } else {
        period.to_owned()
    }
}

/// Milliseconds as a person reads a response time: `45 s`, `12 min`, `3.5 h`, `2.1 d`.
pub fn duration_text(ms: f64) -> String {
    let seconds = ms / 1000.0;
    if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else if seconds < 3600.0 {
        format!("{:.0} min", seconds / 60.0)
    } else if seconds < 86_400.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} d", seconds / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(n: usize) -> Vec<String> {
        (1..=n).map(|day| format!("2026-11-{day:02}")).collect()
    }

    #[test]
    fn the_largest_value_fills_the_plot_and_the_others_scale() {
        let chart = bar_chart(&periods(3), &[vec![Some(5.0), Some(10.0), Some(0.0)]], |v| format!("{v}"));
        assert_eq!(chart.bars.len(), 3);
        let tallest = &chart.bars[1];
        assert_eq!(tallest.height, HEIGHT - TOP - BOTTOM);
        assert_eq!(tallest.y + tallest.height, chart.baseline);
        assert_eq!(chart.bars[0].height, tallest.height / 2.0);
        assert_eq!(chart.bars[2].height, 0.0);
        assert_eq!(chart.bars[1].label, "2026-11-02: 10");
        assert!(chart.bars.iter().all(|bar| bar.width > 0.0 && bar.x >= LEFT && bar.x + bar.width <= WIDTH - RIGHT));
    }

    #[test]
    fn nothing_measured_draws_no_bar_and_all_zero_draws_flat_bars() {
        let chart = bar_chart(&periods(2), &[vec![None, Some(0.0)]], |v| format!("{v}"));
        assert_eq!(chart.bars.len(), 1);
        assert_eq!(chart.bars[0].height, 0.0, "no division by a zero maximum");
    }

    #[test]
    fn two_series_sit_side_by_side_within_their_period() {
        let chart = bar_chart(&periods(2), &[vec![Some(1.0), Some(2.0)], vec![Some(3.0), Some(4.0)]], |v| format!("{v}"));
        let first: Vec<&Bar> = chart.bars.iter().filter(|bar| bar.label.starts_with("2026-11-01")).collect();
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].x + first[0].width, first[1].x);
        assert_eq!((first[0].series, first[1].series), (0, 1));
    }

    #[test]
    fn long_ranges_label_every_few_periods() {
        let chart = bar_chart(&periods(30), &[vec![Some(1.0); 30]], |v| format!("{v}"));
        // The axis's top value, then one label every ceil(30 / 12) = 3 periods.
        assert_eq!(chart.labels.len(), 1 + 10);
        assert_eq!(chart.labels[1].text, "11-01");
    }

    #[test]
    fn durations_read_in_the_right_unit() {
        assert_eq!(duration_text(45_000.0), "45 s");
        assert_eq!(duration_text(20.0 * 60_000.0), "20 min");
        assert_eq!(duration_text(3.5 * 3_600_000.0), "3.5 h");
        assert_eq!(duration_text(2.0 * 86_400_000.0), "2.0 d");
    }
}

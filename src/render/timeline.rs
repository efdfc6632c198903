//! The layout of a procedure's timeline picture: an inline SVG, no script, drawn top to
//! bottom so it fits a 320 px phone. Steps sit at their week on a vertical axis, pushed
//! down only as far as needed to keep labels apart. In a language written right to left
//! the template mirrors the picture: the axis near the right edge, the weeks to its right
//! and the labels to its left, each text anchored at its start or end as before (SVG's
//! `text-anchor` follows `direction`). Here are the positions and the
//! wrapped labels; the `timeline.html` template draws them, so its escaping is the
//! template engine's, as everywhere else. Each step's mark links to the step (the
//! picture is a group of links, not one image); the numbered step list is the text
//! equivalent.

use serde::Serialize;

use super::reader::Reader;
use super::views::StepView;
use crate::model::Direction;

/// Where the first step sits; across, the template places the axis and the labels.
const TOP: i64 = 24;
const LINE_HEIGHT: i64 = 18;
const PIXELS_PER_WEEK: i64 = 3;
/// Characters per label line at the SVG's font size within its width.
const LINE_CHARS: usize = 25;

/// The picture, top to bottom: its height, where the axis starts and ends, and a row per
/// step. The template places them across its 320 px.
#[derive(Serialize)]
pub struct Timeline {
    pub height: i64,
    pub top: i64,
    pub axis_end: i64,
    /// The direction of the labels' language, `ltr` or `rtl`: the template mirrors the
    /// picture for `rtl`.
    pub dir: &'static str,
    /// "The 9 steps of this procedure", in the reader's language.
    pub desc: String,
    pub rows: Vec<Row>,
}

/// One step: its dot at `y`, its week and its label's lines, linked to the step.
#[derive(Serialize)]
pub struct Row {
    /// `#step-id`. The link's name is its label, "3. The company doctor makes a problem
    /// analysis" (the week beside it is hidden from screen readers: the step list says it).
    pub href: String,
    pub y: i64,
    /// The height of the row's link area, from `y - 12` (rows never overlap).
    pub height: i64,
    /// The baseline of the week label and the first line.
    pub text_y: i64,
    /// `6`, `8–10`, or `…` when the week is not known.
    pub week: String,
    pub lines: Vec<Line>,
}

#[derive(Serialize)]
pub struct Line {
    pub y: i64,
    pub text: String,
}

/// Lays out `steps` for a reader; their labels run in `direction`.
pub fn layout(steps: &[StepView], reader: &Reader, direction: Direction) -> Timeline {
    let mut rows = Vec::with_capacity(steps.len());
    let mut y = TOP;
    let first_week = steps.iter().filter_map(|s| s.week_start).min().unwrap_or(0);
    for step in steps {
        // Saturating: resolve refuses absurd weeks, but drawing must never overflow.
        let at_week = step
            .week_start
            .map_or(y, |w| TOP.saturating_add(w.saturating_sub(first_week).saturating_mul(PIXELS_PER_WEEK)));
        y = y.max(at_week);
        let lines = wrap(&format!("{}. {}", step.number, step.title), LINE_CHARS);
        let height = i64::try_from(lines.len()).unwrap_or(1) * LINE_HEIGHT + 14;
        let week = match (step.week_start, step.week_end) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            (None, _) => "…".to_string(),
        };
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| Line { y: y + 5 + i64::try_from(i).unwrap_or(0) * LINE_HEIGHT, text })
            .collect();
        rows.push(Row { href: format!("#{}", step.id), y, height, text_y: y + 5, week, lines });
        y = y.saturating_add(height);
    }
    let height = y + 8;
    Timeline {
        height,
        top: TOP,
        axis_end: height - 8,
        dir: direction.name(),
        desc: reader.ui("timeline_desc").replace("{n}", &steps.len().to_string()),
        rows,
    }
}

/// Splits text into lines of at most `width` characters at spaces (a longer word gets
/// a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_short_and_words_whole() {
        assert_eq!(wrap("Your employer reports you sick to UWV", 16), ["Your employer", "reports you sick", "to UWV"]);
        assert_eq!(wrap("", 10), [""]);
    }
}

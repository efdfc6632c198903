//! The layout of a procedure's timeline picture: an inline SVG, no script, drawn top to
//! bottom so it fits a 320 px phone. Steps sit at their week on a vertical axis, pushed
//! down only as far as needed to keep labels apart. In a language written right to left
//! the picture is mirrored: weeks at the right, the axis beside them, labels to its left,
//! each text anchored at its start (`text-anchor` follows the page's `direction`, so the
//! template's anchors need no change). Here are the positions and the
//! wrapped labels; the `timeline.html` template draws them, so its escaping is the
//! template engine's, as everywhere else. The step list under it is the text
//! equivalent, and the way to each step: the picture itself has no links, as an image
//! with focusable parts confuses screen readers.

use serde::Serialize;

use super::reader::Reader;
use super::views::StepView;
use crate::model::Direction;

const WIDTH: i64 = 320;
const TOP: i64 = 24;
const AXIS_X: i64 = 84;
const LABEL_X: i64 = 100;
const LINE_HEIGHT: i64 = 18;
const PIXELS_PER_WEEK: i64 = 3;
/// Characters per label line at the SVG's font size within its width.
const LINE_CHARS: usize = 25;

/// The picture: its size, the axis and a row per step.
#[derive(Serialize)]
pub struct Timeline {
    pub width: i64,
    pub height: i64,
    pub top: i64,
    pub axis_x: i64,
    /// Where the axis ends.
    pub axis_end: i64,
    /// Where the week labels end (`text-anchor="end"`, towards the axis) and the step
    /// labels start.
    pub week_x: i64,
    pub label_x: i64,
    /// The direction of the labels, `ltr` or `rtl`, set on the picture: a fallback's
    /// labels run their own way inside a page of the other.
    pub dir: &'static str,
    /// "The 9 steps of this procedure", in the reader's language.
    pub desc: String,
    pub rows: Vec<Row>,
}

/// One step: its dot at `y`, its week and its label's lines.
#[derive(Serialize)]
pub struct Row {
    pub y: i64,
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

/// Lays out `steps` for a reader, whose labels run in `direction`.
pub fn layout(steps: &[StepView], reader: &Reader, direction: Direction) -> Timeline {
    // Positions are worked out left to right and mirrored for a right-to-left language.
    let x = |from_left: i64| match direction {
        Direction::Ltr => from_left,
        Direction::Rtl => WIDTH - from_left,
    };
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
        rows.push(Row { y, text_y: y + 5, week, lines });
        y = y.saturating_add(height);
    }
    let height = y + 8;
    Timeline {
        width: WIDTH,
        height,
        top: TOP,
        axis_x: x(AXIS_X),
        axis_end: height - 8,
        week_x: x(AXIS_X - 14),
        label_x: x(LABEL_X),
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

//! The timeline picture of a procedure: an inline SVG, no script, drawn top to bottom so
//! it fits a 320 px phone. Steps sit at their week on a vertical axis, pushed down only
//! as far as needed to keep labels apart. The step list under it is the text equivalent,
//! and the way to each step: the picture itself has no links, as an image with
//! focusable parts confuses screen readers.

use std::fmt::Write;

use super::context::ui;
use super::theme::UiStrings;
use super::views::StepView;

const WIDTH: i64 = 320;
const TOP: i64 = 24;
const AXIS_X: i64 = 84;
const LABEL_X: i64 = 100;
const LINE_HEIGHT: i64 = 18;
const PIXELS_PER_WEEK: i64 = 3;
/// Characters per label line at the SVG's font size within its width.
const LINE_CHARS: usize = 25;

pub fn svg(steps: &[StepView], strings: &UiStrings) -> String {
    let mut rows = Vec::new();
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
        rows.push((y, step, lines));
        y = y.saturating_add(height);
    }
    let height = y + 8;
    let mut out = String::new();
    let title = ui(strings, "timeline_title");
    let desc = ui(strings, "timeline_desc").replace("{n}", &steps.len().to_string());
    let _ = write!(
        out,
        r#"<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg"><title id="timeline-title">{}</title><desc id="timeline-desc">{}</desc>"#,
        escape(title),
        escape(&desc)
    );
    let _ = write!(out, r#"<line class="axis" x1="{AXIS_X}" y1="{TOP}" x2="{AXIS_X}" y2="{}"/>"#, height - 8);
    for (y, step, lines) in rows {
        let week = match (step.week_start, step.week_end) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            (None, _) => "…".to_string(),
        };
        let _ = write!(
            out,
            r#"<g><circle class="dot" cx="{AXIS_X}" cy="{y}" r="7"/><text class="week" x="{wx}" y="{ty}" text-anchor="end">{week}</text>"#,
            wx = AXIS_X - 14,
            ty = y + 5,
            week = escape(&week),
        );
        for (i, line) in lines.iter().enumerate() {
            let line_y = y + 5 + i64::try_from(i).unwrap_or(0) * LINE_HEIGHT;
            let _ = write!(out, r#"<text class="label" x="{LABEL_X}" y="{line_y}">{}</text>"#, escape(line));
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_short_and_words_whole() {
        assert_eq!(wrap("Your employer reports you sick to UWV", 16), ["Your employer", "reports you sick", "to UWV"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}

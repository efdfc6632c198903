//! Splitting a page into TOML front matter and markdown body, and writing a key into
//! the front matter's text (`translated_from`, by `signpost mark-translated`).

use std::ops::Range;

/// Where the front matter and the body are in a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The TOML between the `+++` lines.
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitProblem {
    #[error("the file does not start with front matter")]
    NoOpening,
    #[error("the front matter is never closed")]
    NoClosing,
}

impl SplitProblem {
    pub fn help(&self) -> &'static str {
        match self {
            SplitProblem::NoOpening => {
                "start the file with a line `+++`, the TOML front matter (at least `title = \"…\"`), and another line `+++`"
            }
            SplitProblem::NoClosing => "add a line with only `+++` after the last front matter key",
        }
    }
}

/// Splits `text` (LF line endings, no BOM) at its `+++` lines. A delimiter line may end in
/// spaces; the body starts after the closing line.
pub fn split(text: &str) -> Result<Split, SplitProblem> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return Err(SplitProblem::NoOpening);
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut line_start = front_start;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split { front_matter: front_start..line_start, body: body_start..text.len() });
        }
        line_start = line_end + 1;
    }
    Err(SplitProblem::NoClosing)
}

/// The unknown key and the keys serde expected, from serde's standard message
/// "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
pub fn unknown_key_in(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let known = expected.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), known))
}

/// `text` (a page file as it is on disk, with any byte-order mark and CRLF line ends)
/// with `translated_from` set to `value`, and nothing else changed, byte for byte: an
/// existing value is replaced where it is written (its comments, spacing and the order of
/// keys stay), else a line is added after the opening `+++`, ending as that line ends.
/// `None` when `text` has no front matter.
pub fn with_translated_from(text: &str, value: &str) -> Option<String> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let opening = lines.next().filter(|line| line.trim_end() == "+++")?;
    let front_start = start + opening.len();
    let mut front_end = front_start;
    for line in lines {
        if line.trim_end() == "+++" {
            let front = &text[front_start..front_end];
            let quoted = toml::Value::String(value.to_string()).to_string();
            return Some(match super::key_span(front, &["translated_from"]) {
                Some((_, written)) => {
                    let (from, to) = (front_start + written.start, front_start + written.end);
                    format!("{}{quoted}{}", &text[..from], &text[to..])
                }
                None => {
                    // A closing line follows, so the opening line has its line end.
                    let line_end = if opening.ends_with("\r\n") { "\r\n" } else { "\n" };
                    format!("{}translated_from = {quoted}{line_end}{}", &text[..front_start], &text[front_start..])
                }
            });
        }
        front_end += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let text = "+++\ntitle = \"x\"\n+++\n# Body\n";
        let split = split(text).unwrap();
        assert_eq!(&text[split.front_matter.clone()], "title = \"x\"\n");
        assert_eq!(&text[split.body.clone()], "# Body\n");
    }

    #[test]
    fn a_file_of_only_front_matter_has_an_empty_body() {
        let text = "+++\ntitle = \"x\"\n+++";
        assert_eq!(&text[split(text).unwrap().body], "");
    }

    #[test]
    fn missing_delimiters_are_reported() {
        assert_eq!(split("# no front matter"), Err(SplitProblem::NoOpening));
        assert_eq!(split(""), Err(SplitProblem::NoOpening));
        assert_eq!(split("+++\ntitle = \"x\"\n"), Err(SplitProblem::NoClosing));
    }

    #[test]
    fn delimiter_lines_may_have_trailing_spaces() {
        assert!(split("+++  \ntitle = \"x\"\n+++ \n").is_ok());
    }

    #[test]
    fn reads_serde_unknown_field_messages() {
        let (unknown, known) = unknown_key_in("unknown field `titel`, expected one of `title`, `summary`").unwrap();
        assert_eq!(unknown, "titel");
        assert_eq!(known, ["title", "summary"]);
        assert_eq!(unknown_key_in("unknown field `x`, expected `y`").unwrap().1, ["y"]);
    }

    #[test]
    fn marking_changes_only_the_value_in_a_file_with_bom_crlf_and_comments() {
        let text = "\u{feff}+++\r\ntitle = \"X\"  # the name\r\ntranslated_from = 'old' # checked by Ana\r\nsummary = \"S\"\r\n+++\r\nBody\r\n";
        let marked = with_translated_from(text, "0123abcd").unwrap();
        assert_eq!(
            marked,
            "\u{feff}+++\r\ntitle = \"X\"  # the name\r\ntranslated_from = \"0123abcd\" # checked by Ana\r\nsummary = \"S\"\r\n+++\r\nBody\r\n"
        );
        let unmarked = "\u{feff}+++\r\ntitle = \"X\"\r\n+++\r\nBody\r\n";
        assert_eq!(
            with_translated_from(unmarked, "0123abcd").unwrap(),
            "\u{feff}+++\r\ntranslated_from = \"0123abcd\"\r\ntitle = \"X\"\r\n+++\r\nBody\r\n"
        );
    }

    #[test]
    fn marking_adds_or_replaces_the_line_and_keeps_the_rest() {
        let text = "+++\ntitle = \"X\"\n+++\nBody\n";
        assert_eq!(
            with_translated_from(text, "abc").unwrap(),
            "+++\ntranslated_from = \"abc\"\ntitle = \"X\"\n+++\nBody\n"
        );
        let marked = "+++\ntitle = \"X\"\ntranslated_from = \"old\"\n+++\nBody\n";
        assert_eq!(
            with_translated_from(marked, "new").unwrap(),
            "+++\ntitle = \"X\"\ntranslated_from = \"new\"\n+++\nBody\n"
        );
        assert!(with_translated_from("no front matter", "x").is_none());
    }
}

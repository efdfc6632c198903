//! Diagnostics are for people: each says what is wrong, where (`file:line:col`), why it
//! matters and how to fix it. Stages collect them instead of stopping at the first one,
//! so an editor sees every problem of a run at once. The exit code is decided at the end
//! from the worst severity.
//!
//! Human output is rendered by miette with a snippet of the file; `--format json` emits
//! the same fields. Human output shows every control character as `\u{…}` (see
//! [`printable`]): text from a file must not drive the terminal. Every code is a
//! [`Code`], documented in `docs/diagnostics.md`.

mod code;

pub use code::{Code, Stage};

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, never a failure (a page about rules that have ended).
    Note,
    Warning,
    Error,
}

/// A place in a source file: the file and a byte range in its text.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Location {
    pub fn new(file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Self { file: Arc::clone(file), span }
    }

    /// The start of a file, for problems that concern the whole file.
    pub fn file_start(file: &Arc<SourceFile>) -> Self {
        Self::new(file, 0..0)
    }

    pub fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.span.start)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.line_col();
        write!(f, "{}:{line}:{col}", self.file.display_path())
    }
}

/// One problem found in the content, the theme or the command line.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable code, `signpost::unknown_key`: documented, and safe for tools to match on.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where it is; `None` for problems outside any file (a missing directory).
    pub location: Option<Location>,
    /// The label under the snippet: what is wrong at that exact spot.
    pub label: Option<String>,
    pub help: Option<String>,
    /// Other places that take part, such as the original a translation contradicts.
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    /// A diagnostic with the severity its code has.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            location: None,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_span(self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        self.at(Location::new(file, span))
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, location: Location, note: impl Into<String>) -> Self {
        self.related.push((location, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (String, usize, Code) {
        match &self.location {
            Some(location) => (location.file.display_path(), location.span.start, self.code),
            None => (String::new(), 0, self.code),
        }
    }
}

/// All diagnostics of a run, in a stable order (by file, then position).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn note_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Note).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file and position, so output is the same every run.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| d.sort_key());
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Rendered for a terminal: a snippet per diagnostic, and a count at the end.
    pub fn to_human(&self, color: bool) -> String {
        let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        for diagnostic in self.sorted() {
            let report = HumanReport::new(diagnostic);
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&format!("{}: {}\n", diagnostic.code, printable(&diagnostic.message)));
            }
            out.push('\n');
        }
        out
    }

    /// One JSON document: `{"errors": N, "warnings": N, "diagnostics": [...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let items: Vec<JsonDiagnostic> = self.sorted().into_iter().map(JsonDiagnostic::from).collect();
        serde_json::json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "notes": self.note_count(),
            "diagnostics": items,
        })
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Self { items: iter.into_iter().collect() }
    }
}

#[derive(Serialize)]
struct JsonLocation {
    file: String,
    line: usize,
    column: usize,
}

impl From<&Location> for JsonLocation {
    fn from(location: &Location) -> Self {
        let (line, column) = location.line_col();
        Self { file: location.file.display_path(), line, column }
    }
}

#[derive(Serialize)]
struct JsonRelated {
    #[serde(flatten)]
    location: JsonLocation,
    message: String,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    code: Code,
    severity: Severity,
    message: String,
    #[serde(flatten)]
    location: Option<JsonLocation>,
    help: Option<String>,
    related: Vec<JsonRelated>,
}

impl From<&Diagnostic> for JsonDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        Self {
            code: d.code,
            severity: d.severity,
            message: d.message.clone(),
            location: d.location.as_ref().map(JsonLocation::from),
            help: d.help.clone(),
            related: d
                .related
                .iter()
                .map(|(location, message)| JsonRelated { location: location.into(), message: message.clone() })
                .collect(),
        }
    }
}

/// Whether a character would act on a terminal instead of showing: control characters
/// (C0, DEL, C1; ESC starts colour, cursor and title sequences, BEL rings) other than
/// newline and tab, and the bidirectional overrides that reorder what is shown.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` for a terminal: each character that would act on it instead of showing
/// (`acts_on_terminal`) written out as `\u{1b}`. Text without one comes back as it is.
/// JSON output needs no such care: serde_json escapes control characters itself.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if acts_on_terminal(c) { c.escape_unicode().to_string() } else { c.to_string() })
            .collect(),
    )
}

/// `text` cut to its first `chars` characters, with `…` when something was cut: for values
/// quoted in a message (a parser's error may quote a whole line of megabytes).
pub fn clipped(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        Some((at, _)) => Cow::Owned(format!("{}{CUT}", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// The most characters of a message, label or help shown in human output: a message
/// quoting a huge value must not flood the terminal (`--format json` keeps them whole).
const LONGEST_MESSAGE: usize = 1_000;

/// Where byte `offset` of `text` lands in [`printable`]`(text)`.
fn printable_offset(text: &str, offset: usize) -> usize {
    let grown: usize = text
        .char_indices()
        .take_while(|(at, _)| *at < offset)
        .filter(|(_, c)| acts_on_terminal(*c))
        .map(|(_, c)| c.escape_unicode().len() - c.len_utf8())
        .sum();
    offset + grown
}

/// Lines kept on each side of a diagnostic's place: more than the snippet shows
/// ([`Diagnostics::to_human`] asks for one).
const EXCERPT_LINES: usize = 2;

/// The lines of a file around a diagnostic's place, made [`printable`], for miette to show
/// as it would show them from the whole file. Handing it the whole file copied and
/// scanned the file for every diagnostic: an import's 209 warnings on an XLIFF file of
/// 3 MB took 4 s.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// The byte offset and the line (from 0) in the file where `text` starts. Spans are
    /// counted from the file's start up to there, and in `text`'s bytes after.
    offset: usize,
    line: usize,
    /// The place in `text`'s bytes, and its column in the file (from 0, in characters, as
    /// `--format json` counts): miette counts bytes of what it is shown, which differ from
    /// the file's characters after an `é`, an escaped control character or a cut.
    place: usize,
    column: usize,
}

/// The longest line, in bytes of the file, a snippet shows whole. A longer line (minified text, a PO
/// string on one line) is shown as a window around the place, with `…` where it is cut:
/// a whole line of megabytes flooded the terminal, and miette cannot draw a marker more
/// than 65,535 columns in (it panicked).
const LONGEST_LINE: usize = 240;

/// Bytes a cut line keeps before the place, and at least after it.
const WINDOW_SIDE: usize = 100;

const CUT: &str = "…";

impl Excerpt {
    /// The excerpt of `file` around `span`, and the span in the excerpt's terms.
    fn around(name: String, file: &SourceFile, span: Range<usize>) -> (Self, Range<usize>) {
        let text = &file.text;
        let bytes = text.as_bytes();
        let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1);
        let next_line = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |newline| at + newline + 1);
        let mut from = line_start(span.start);
        let mut to = next_line(span.end);
        for _ in 0..EXCERPT_LINES {
            from = line_start(from.saturating_sub(1));
            to = next_line(to);
        }
        // Cut before it is made printable: a line of megabytes is not copied for each of
        // its diagnostics (an XLIFF file on one line, with 209 warnings).
        let (kept, kept_span) = cut_long_lines(&text[from..to], span.start - from..span.end - from);
        let (shown, start, end) = match printable(&kept) {
            Cow::Borrowed(_) => (kept.to_string(), kept_span.start, kept_span.end),
            Cow::Owned(shown) => {
                (shown, printable_offset(&kept, kept_span.start), printable_offset(&kept, kept_span.end))
            }
        };
        // `line_col` counts from 1, miette from 0.
        let (place_line, place_column) = file.line_col(span.start);
        let line = place_line - 1 - memchr::memchr_iter(b'\n', &bytes[from..span.start]).count();
        let excerpt = Self { name, text: shown, offset: from, line, place: start, column: place_column - 1 };
        (excerpt, from + start..from + end)
    }
}

/// `text` with each line longer than [`LONGEST_LINE`] cut to a window: around the start of
/// `span` on its line, from the line's start on the others. Returns the text and `span` in
/// it (its end kept inside the window of its line).
fn cut_long_lines(text: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    let content_length = |line: &str| line.trim_end_matches('\n').len();
    if text.split_inclusive('\n').all(|line| content_length(line) <= LONGEST_LINE) {
        return (Cow::Borrowed(text), span);
    }
    let mut cut = String::with_capacity(text.len().min(8 * LONGEST_LINE));
    let (mut start, mut end) = (0, 0);
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let (content_end, line_end) = (line_start + content_length(line), line_start + line.len());
        // Whether a place is on this line (the end of the text is on the last one).
        let on_line = |at: usize| (line_start..line_end).contains(&at) || (at == line_end && at == text.len());
        // What the line keeps: all of a short line, a window of a long one.
        let window = if content_end - line_start <= LONGEST_LINE {
            line_start..content_end
        } else {
            let anchor = if on_line(span.start) { span.start } else { line_start };
            // On a character's first byte (`str::floor_char_boundary` is newer than our
            // `rust-version`).
            let mut window_start = anchor.saturating_sub(WINDOW_SIDE).max(line_start);
            while !text.is_char_boundary(window_start) {
                window_start -= 1;
            }
            let mut window_end = (anchor + WINDOW_SIDE).max(window_start + 2 * WINDOW_SIDE).min(content_end);
            while !text.is_char_boundary(window_end) {
                window_end += 1;
            }
            window_start..window_end
        };
        if window.start > line_start {
            cut.push_str(CUT);
        }
        let mapped = |at: usize| cut.len() + at.clamp(window.start, window.end) - window.start;
        if on_line(span.start) {
            start = mapped(span.start);
        }
        if on_line(span.end) {
            end = mapped(span.end).max(start);
        }
        cut.push_str(&text[window.clone()]);
        if window.end < content_end {
            cut.push_str(CUT);
        }
        cut.push_str(&text[content_end..line_end]);
        line_start = line_end;
    }
    (Cow::Owned(cut), start..end)
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inside = span.offset().checked_sub(self.offset).ok_or(miette::MietteError::OutOfBounds)?;
        let shown =
            self.text.as_str().read_span(&(inside, span.len()).into(), context_lines_before, context_lines_after)?;
        // miette reads from the place: for the snippet, and for the column it names.
        let column = if inside == self.place { self.column } else { shown.column() };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            shown.data(),
            (shown.span().offset() + self.offset, shown.span().len()).into(),
            shown.line() + self.line,
            column,
            shown.line_count(),
        )))
    }
}

/// Adapts a [`Diagnostic`] to miette's trait for rendering; related places in other
/// files become nested reports, each with its own snippet.
#[derive(Debug)]
struct HumanReport {
    /// The code's name, or `note` for a related place.
    code: &'static str,
    severity: Severity,
    message: String,
    source: Option<Excerpt>,
    span: Option<miette::SourceSpan>,
    label: Option<String>,
    help: Option<String>,
    related: Vec<HumanReport>,
}

impl HumanReport {
    /// Every text in it made [`printable`]: messages and help often quote values from
    /// files, and the snippet is the file itself.
    fn new(d: &Diagnostic) -> Self {
        let shown = |text: &str| printable(&clipped(text, LONGEST_MESSAGE)).into_owned();
        let mut report = Self::located(
            d.code.name(),
            d.severity,
            shown(&d.message),
            d.location.as_ref(),
            d.label.as_deref().map(shown),
        );
        report.help = d.help.as_deref().map(shown);
        report.related = d
            .related
            .iter()
            .map(|(location, note)| Self::located("note", Severity::Note, shown(note), Some(location), None))
            .collect();
        report
    }

    fn located(
        code: &'static str,
        severity: Severity,
        message: String,
        location: Option<&Location>,
        label: Option<String>,
    ) -> Self {
        let (source, span) = match location {
            Some(location) => {
                // miette adds `:line:col` to the name itself.
                let name = printable(&location.file.display_path()).into_owned();
                let text = &location.file.text;
                let start = location.span.start.min(text.len());
                let end = location.span.end.clamp(start, text.len());
                let (excerpt, span) = Excerpt::around(name, &location.file, start..end);
                (Some(excerpt), Some(miette::SourceSpan::new(span.start.into(), span.len())))
            }
            None => (None, None),
        };
        Self { code, severity, message, source, span, label, help: None, related: Vec::new() }
    }
}

impl fmt::Display for HumanReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HumanReport {}

impl miette::Diagnostic for HumanReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(self.label.clone(), span))))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}

/// A panic caught at the top of a command or a rebuild, as a diagnostic: Signpost failed
/// while `doing` something (a bug in Signpost, not in the editor's files), with the panic's
/// message. The caller says in its help what became of the output.
pub fn internal_failure(panic: &(dyn std::any::Any + Send), doing: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Internal,
        format!("Signpost failed while {doing} (a bug in Signpost, not in your files): {}", panic_message(panic)),
    )
}

/// The message a panic was raised with (`panic!` gives a `&str` or a `String`).
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// "Did you mean …?" for a misspelt name, when one known name is close enough.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn did_you_mean_finds_a_close_name() {
        assert_eq!(did_you_mean("bedrijfsart", ["bedrijfsarts", "uwv"]), Some("bedrijfsarts"));
    }

    #[test]
    fn did_you_mean_stays_quiet_for_unrelated_names() {
        assert_eq!(did_you_mean("zzz", ["bedrijfsarts", "uwv"]), None);
    }

    #[test]
    fn json_carries_file_line_and_column() {
        let file = SourceFile::new(PathBuf::from("a.md"), "+++\ntitel = 1\n+++\n".into());
        let diagnostics: Diagnostics =
            [Diagnostic::new(Code::UnknownKey, "unknown key").at_span(&file, 4..9)].into_iter().collect();
        let json = diagnostics.to_json();
        assert_eq!(json["errors"], 1);
        assert_eq!(json["diagnostics"][0]["file"], "a.md");
        assert_eq!(json["diagnostics"][0]["line"], 2);
        assert_eq!(json["diagnostics"][0]["column"], 1);
    }

    #[test]
    fn control_characters_from_files_never_reach_the_terminal() {
        let text = "+++\ntitle = \"\u{1b}]0;owned\u{7}x\"\nactor = \"\u{1b}[2Jbad\u{9b}\"\n+++\n";
        let file = SourceFile::new(PathBuf::from("a\u{1b}[31m.md"), text.into());
        let at = text.find("actor").unwrap();
        let diagnostics: Diagnostics = [Diagnostic::new(Code::UnknownReference, "no role `\u{1b}[2Jbad\u{9b}`")
            .at_span(&file, at..at + 5)
            .label("\u{7}here")
            .help("did you mean `\u{202e}x`?")
            .related(Location::file_start(&file), "the \u{1b}[1mother")]
        .into_iter()
        .collect();
        for color in [false, true] {
            let shown = diagnostics.to_human(color);
            // With colour, miette writes its own escape sequences: each starts `ESC [` and
            // ends at a letter. What remains must hold no control character at all.
            let mut rest = shown.as_str();
            let mut own_stripped = String::new();
            while let Some(at) = rest.find("\u{1b}[") {
                own_stripped.push_str(&rest[..at]);
                let tail = &rest[at + 2..];
                let end = tail.find(|c: char| c.is_ascii_alphabetic()).map_or(tail.len(), |e| e + 1);
                rest = &tail[end..];
            }
            own_stripped.push_str(rest);
            let found: Vec<char> = own_stripped.chars().filter(|c| acts_on_terminal(*c)).collect();
            assert!(found.is_empty(), "{found:?} in {shown}");
            if !color {
                assert!(shown.contains("\\u{1b}[2Jbad\\u{9b}"), "the value is shown, escaped: {shown}");
                assert!(shown.contains("a\\u{1b}[31m.md:3:1"), "the file name and line: {shown}");
            }
        }
    }

    /// One `unknown_key` error at the first `word` of `text`, in a file named `name`.
    fn unknown_word(name: &str, text: &str, word: &str) -> Diagnostics {
        let file = SourceFile::new(PathBuf::from(name), text.into());
        let at = text.find(word).expect("the word is in the text");
        [Diagnostic::new(Code::UnknownKey, "unknown").at_span(&file, at..at + word.len()).label("this one")]
            .into_iter()
            .collect()
    }

    #[test]
    fn a_snippet_with_escaped_characters_still_marks_the_right_place() {
        let shown = unknown_word("x.toml", "a = \"\u{1b}\u{1b}\"\nwrong = 1\n", "wrong").to_human(false);
        let marked = shown.lines().skip_while(|l| !l.contains("wrong = 1")).nth(1).unwrap_or_default();
        let column = |line: &str, needle: &str| line.find(needle).map(|b| line[..b].chars().count());
        let code_line = shown.lines().find(|l| l.contains("wrong = 1")).unwrap_or_default();
        assert_eq!(column(marked, "─"), column(code_line, "wrong"), "{shown}");
    }

    #[test]
    fn human_output_counts_a_column_in_characters_as_json_does() {
        let diagnostics = unknown_word("pl.md", "+++\ntitle = \"Zaświadczenie \u{1b}ł\" titel = 1\n+++\n", "titel");
        assert_eq!(diagnostics.to_json()["diagnostics"][0]["column"], 28);
        let shown = diagnostics.to_human(false);
        assert!(shown.contains("pl.md:2:28]"), "{shown}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_place_with_the_place_named_in_the_file() {
        // 100,000 bytes of two-byte letters and escapes before the place, more after: the
        // whole line flooded the terminal, and miette panicked drawing a marker that far in.
        let long = format!("{}\u{1b} wrong {}", "é".repeat(50_000), "😀".repeat(50_000));
        let text = format!("x = 1\n{long}\ny = 2\n{} last\n", "z".repeat(300));
        let file = SourceFile::new(PathBuf::from("long.toml"), text.clone());
        let at = text.find("wrong").unwrap();
        // The place, a word on its line, and whether the marker is drawn under it (a place
        // over several lines is marked by a bracket in the margin).
        let places = [
            (at..at + 5, "wrong", true),
            (at..text.len(), "wrong", false),
            (text.len() - 5..text.len() - 1, "last", true),
        ];
        for (span, word, marked_below) in places {
            let diagnostics: Diagnostics =
                [Diagnostic::new(Code::UnknownKey, "unknown").at_span(&file, span.clone()).label("this one")]
                    .into_iter()
                    .collect();
            let shown = diagnostics.to_human(false);
            assert!(shown.len() < 3_000, "{span:?}: {} bytes", shown.len());
            // The place is named by its line and its column in characters, as in JSON.
            let line_start = text[..span.start].rfind('\n').map_or(0, |n| n + 1);
            let column = text[line_start..span.start].chars().count() + 1;
            let line = text[..span.start].lines().count() + usize::from(line_start == span.start);
            assert!(shown.contains(&format!("long.toml:{line}:{column}]")), "{span:?}: {shown}");
            let json = diagnostics.to_json();
            assert_eq!(
                (json["diagnostics"][0]["line"].as_u64(), json["diagnostics"][0]["column"].as_u64()),
                (Some(line as u64), Some(column as u64))
            );
            let code_line = shown.lines().find(|l| l.contains(word) && l.contains('│')).unwrap_or_default();
            assert!(code_line.contains('…'), "{span:?}: {shown}");
            if marked_below {
                let marked = shown.lines().skip_while(|l| *l != code_line).nth(1).unwrap_or_default();
                let char_column = |line: &str, needle: &str| line.find(needle).map(|b| line[..b].chars().count());
                assert_eq!(char_column(marked, "─"), char_column(code_line, word), "{span:?}: {shown}");
            }
        }
    }

    #[test]
    fn a_snippet_from_an_excerpt_is_the_snippet_from_the_whole_file() {
        // Control characters before the place and on its line, a last line without a
        // line break: the excerpt must show what the whole file, made printable, shows.
        let mut text: String = (1..=80).map(|n| format!("line {n} = \"\u{1b}[{n}m é\"\n")).collect();
        text.push_str("last = \u{7}1");
        let file = SourceFile::new(PathBuf::from("big.toml"), text.clone());
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor()).with_context_lines(1);
        let render = |report: &HumanReport| {
            let mut out = String::new();
            handler.render_report(&mut out, report).expect("renders");
            out
        };
        let places = [
            0..4,
            text.find("line 2 ").unwrap()..text.find("line 3 ").unwrap(),
            {
                let at = text.find("line 50 ").unwrap();
                at + 10..at + 12
            },
            text.len() - 4..text.len(),
            text.len()..text.len(),
        ];
        for span in places {
            let diagnostic = Diagnostic::new(Code::UnknownKey, "unknown").at_span(&file, span.clone()).label("here");
            let excerpt = HumanReport::new(&diagnostic);
            let mut whole = HumanReport::new(&diagnostic);
            let shown = printable(&text).into_owned();
            // Both name the place by its column in characters of the file.
            let (place, column) = (printable_offset(&text, span.start), file.line_col(span.start).1 - 1);
            whole.span = Some(
                (
                    printable_offset(&text, span.start),
                    printable_offset(&text, span.end) - printable_offset(&text, span.start),
                )
                    .into(),
            );
            whole.source = Some(Excerpt { name: "big.toml".into(), text: shown, offset: 0, line: 0, place, column });
            let (from_excerpt, from_whole) = (render(&excerpt), render(&whole));
            assert_eq!(from_excerpt, from_whole, "{span:?}");
            assert!(from_excerpt.contains("big.toml:"), "{from_excerpt}");
        }
    }

    #[test]
    fn human_output_names_file_line_and_help() {
        let file = SourceFile::new(PathBuf::from("a.md"), "+++\ntitel = 1\n+++\n".into());
        let diagnostics: Diagnostics = [Diagnostic::new(Code::UnknownKey, "unknown key `titel`")
            .at_span(&file, 4..9)
            .help("did you mean `title`?")]
        .into_iter()
        .collect();
        let text = diagnostics.to_human(false);
        assert!(text.contains("a.md:2:1"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }
}

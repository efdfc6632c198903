//! The site model: plain data passed between the stages, no I/O. `load` fills
//! [`RawSite`] with the files as written ([`LoadedFile`], [`FrontMatter`]); `resolve`
//! turns it into [`Site`], typed and with every reference resolved, which every later
//! stage only reads, and [`Sources`], where each fact was written. The key registry
//! ([`keys`]) says which front-matter keys each kind of page takes.

mod config;
pub mod facts;
mod front_matter;
mod key;
pub mod keys;
mod path;
mod relations;
mod site;

pub use config::{
    ComparisonFact, ComparisonKind, DEFAULT_MAX_PAGE_BYTES, Direction, Language, Licence, Limits,
    ReadabilityThresholds, SiteConfig,
};
pub use facts::{Facts, Party};
pub use front_matter::{ComparisonValue, FrontMatter, LetterDeadline, RemedyFrontMatter, Source, StepFrontMatter};
pub use key::{PageKey, PageKind, is_safe_segment};
pub use path::{PathProblem, is_country_code, page_of};
pub use relations::{BackLink, Relations, StepRef};
pub use site::{Page, Shown, Site, Sources, StepTexts, Texts, Translation};

use std::ops::Range;
use std::sync::Arc;

use crate::source::SourceFile;

/// One markdown file as read from disk: which page and language it is, its parsed front
/// matter and where its body starts.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub key: PageKey,
    pub lang: String,
    pub file: Arc<SourceFile>,
    pub front_matter: FrontMatter,
    /// Byte offset of the front matter's TOML in the file, to turn TOML spans into file spans.
    pub front_matter_offset: usize,
    /// Byte range of the markdown body in the file.
    pub body: Range<usize>,
}

impl LoadedFile {
    pub fn body(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }

    /// A span inside the front matter, as a span in the file.
    pub fn front_matter_span(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.front_matter_offset..span.end + self.front_matter_offset
    }
}

/// What `load` hands to `resolve`: the configuration and every file, sorted by key and
/// language.
#[derive(Debug)]
pub struct RawSite {
    pub config: SiteConfig,
    pub files: Vec<LoadedFile>,
}

/// A heading of a page body, with the id its anchor gets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link written in a page body that points inside the site (`@/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub target: PageKey,
    /// A pinned language (`@/nl/x.en.md`), or `None` for "the reader's language".
    pub lang: Option<String>,
    pub anchor: Option<String>,
}

/// A body's plain text (`markdown::plain_text`), kept by `markdown::outline` as runs of
/// the body itself, so the search index does not parse every body a second time (at
/// 30,000 pages that parse was a sixth of the index). A run is a piece of the body or of
/// `added` (text markdown shows differently from how it is written: a curly quote, an
/// entity), followed by nothing, a space (a line break) or a paragraph break: about two
/// hundred bytes for a page of prose.
#[derive(Debug, Clone, PartialEq)]
pub enum PlainText {
    Runs {
        runs: Vec<Run>,
        added: String,
    },
    /// The text itself, for a body of [`RUNS_BELOW`] bytes or more, whose offsets might
    /// not fit a run.
    Whole(String),
}

/// Bodies below this size keep their plain text as runs. Offsets take 30 bits of a run:
/// even if every byte of the body became three bytes of `added`, they stay below 2^30.
const RUNS_BELOW: usize = 1 << 28;

/// A piece of a [`PlainText`] in eight bytes (a large site keeps millions): bytes
/// `start..end` of the body, or of `added` when the top bit of `start` is set, then
/// what the top two bits of `end` say ([`THEN_SPACE`], [`THEN_BREAK`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    start: u32,
    end: u32,
}

const IN_ADDED: u32 = 1 << 31;
const THEN_SPACE: u32 = 1 << 30;
const THEN_BREAK: u32 = 2 << 30;
const OFFSET: u32 = (1 << 30) - 1;

impl Run {
    fn range(self) -> Range<usize> {
        (self.start & OFFSET) as usize..(self.end & OFFSET) as usize
    }

    fn then(self) -> u32 {
        self.end & !OFFSET
    }
}

impl Default for PlainText {
    fn default() -> Self {
        PlainText::Runs { runs: Vec::new(), added: String::new() }
    }
}

impl PlainText {
    /// An empty text, to be filled with the events of `body`.
    pub fn for_body(body: &str) -> Self {
        if body.len() < RUNS_BELOW { PlainText::default() } else { PlainText::Whole(String::new()) }
    }

    /// The text of a `Text` event at `span` of `body`.
    pub fn push_text(&mut self, body: &str, span: Range<usize>, text: &str) {
        let (runs, added) = match self {
            PlainText::Runs { runs, added } => (runs, added),
            PlainText::Whole(whole) => return whole.push_str(text),
        };
        let offset =
            |at: usize| u32::try_from(at).ok().filter(|at| *at <= OFFSET).expect("a body kept as runs is small");
        let run = if body.get(span.clone()) == Some(text) {
            Run { start: offset(span.start), end: offset(span.end) }
        } else {
            let start = offset(added.len());
            added.push_str(text);
            Run { start: start | IN_ADDED, end: offset(added.len()) }
        };
        // A run that goes on where the last one ended, in the same text and with nothing
        // after it (text around an escaped character, say), joins it.
        match runs.last_mut() {
            Some(last)
                if last.then() == 0
                    && last.end == run.start & OFFSET
                    && last.start & IN_ADDED == run.start & IN_ADDED =>
            {
                last.end = run.end;
            }
            _ => runs.push(run),
        }
    }

    /// A line break.
    pub fn push_space(&mut self) {
        self.push_then(THEN_SPACE, " ");
    }

    /// The end of a paragraph, heading, list item or table cell.
    pub fn push_break(&mut self) {
        self.push_then(THEN_BREAK, "\n\n");
    }

    /// What follows the last run: an empty run carries it when the last run has one.
    fn push_then(&mut self, then: u32, text: &str) {
        match self {
            PlainText::Runs { runs, .. } => match runs.last_mut() {
                Some(last) if last.then() == 0 => last.end |= then,
                _ => runs.push(Run { start: 0, end: then }),
            },
            PlainText::Whole(whole) => whole.push_str(text),
        }
    }

    /// Frees what growing left over: the runs of every page stay in memory.
    pub fn shrink_to_fit(&mut self) {
        match self {
            PlainText::Runs { runs, added } => {
                runs.shrink_to_fit();
                added.shrink_to_fit();
            }
            PlainText::Whole(whole) => whole.shrink_to_fit(),
        }
    }

    /// The text, given `body`, the body it was read from.
    pub fn text(&self, body: &str) -> String {
        let (runs, added) = match self {
            PlainText::Runs { runs, added } => (runs, added),
            PlainText::Whole(whole) => return whole.clone(),
        };
        let mut text = String::with_capacity(body.len());
        for run in runs {
            let from = if run.start & IN_ADDED == 0 { body } else { added.as_str() };
            text.push_str(from.get(run.range()).unwrap_or_default());
            text.push_str(match run.then() {
                THEN_SPACE => " ",
                THEN_BREAK => "\n\n",
                _ => "",
            });
        }
        text
    }
}

/// A link written in a page body, with its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    pub destination: String,
    pub span: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body too large for runs keeps its text whole: the same text as runs give.
    #[test]
    fn a_plain_text_kept_whole_reads_as_one_kept_as_runs() {
        let body = "It's here &amp; there";
        let (mut runs, mut whole) = (PlainText::for_body(body), PlainText::Whole(String::new()));
        for text in [&mut runs, &mut whole] {
            text.push_text(body, 0..2, "It");
            text.push_text(body, 2..3, "’");
            text.push_text(body, 3..9, "s here");
            text.push_space();
            text.push_text(body, 10..15, "&");
            text.push_break();
            text.push_break();
        }
        assert!(matches!(runs, PlainText::Runs { .. }));
        assert_eq!(runs.text(body), "It’s here &\n\n\n\n");
        assert_eq!(whole.text(body), runs.text(body));
    }
}

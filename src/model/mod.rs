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
pub use path::{PathProblem, page_of};
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

/// A link written in a page body, with its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    pub destination: String,
    pub span: Range<usize>,
}

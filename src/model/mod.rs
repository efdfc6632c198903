//! The site model: plain data passed between the stages, no I/O and no logic beyond
//! naming things. `load` fills [`RawSite`], `resolve` turns it into [`Site`], which every
//! later stage only reads.

mod config;
mod front_matter;
mod key;
mod relations;

pub use config::{
    ComparisonFact, ComparisonKind, DEFAULT_MAX_PAGE_BYTES, Language, Limits, ReadabilityThresholds, SiteConfig,
};
pub use front_matter::{
    ComparisonValue, FrontMatter, LetterDeadline, Remedy, Source, StepFrontMatter, civil_date, contradicted_keys,
    next_steps, step_weeks,
};
pub use key::{PageKey, PageKind, is_safe_segment};
pub use relations::{Party, Relations, StepRef};

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::markdown::{self, Outline};
use crate::source::SourceFile;

/// One markdown file as read from disk: which page and language it is, its parsed front
/// matter and where its body starts.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub key: PageKey,
    pub lang: String,
    pub file: Arc<SourceFile>,
    /// Shared with the translation resolve makes of this file, so the copy of every file
    /// `serve` hands to resolve after a save costs a pointer each, not the front matter.
    pub front_matter: Arc<FrontMatter>,
    /// Byte offset of the front matter's TOML in the file, to turn TOML spans into file spans.
    pub front_matter_offset: usize,
    /// Byte range of the markdown body in the file.
    pub body: Range<usize>,
    /// The body's outline, made by `resolve` on first need. Shared between clones, so
    /// `serve`, which keeps the files and resolves a copy after every save, parses
    /// only the file that was saved (a reloaded file starts with an empty cell).
    pub outline: Arc<OnceLock<Outline>>,
}

impl LoadedFile {
    pub fn body(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }

    /// The body's outline: taken from the cell when no clone shares it (a build), else
    /// copied from the cell, made first if it is empty.
    pub fn take_outline(&mut self) -> Outline {
        let cell = std::mem::take(&mut self.outline);
        match Arc::try_unwrap(cell) {
            Ok(cell) => cell.into_inner().unwrap_or_else(|| markdown::outline(self.body())),
            Err(shared) => shared.get_or_init(|| markdown::outline(self.body())).clone(),
        }
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
    pub config_file: Arc<SourceFile>,
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

/// One language version of a page, as written in a file.
#[derive(Debug)]
pub struct Translation {
    pub lang: String,
    pub file: Arc<SourceFile>,
    pub body: Range<usize>,
    /// Behind a pointer: a page keeps its translations in a `BTreeMap`, whose nodes have
    /// room for eleven, so an inline front matter costs its size eleven times per page.
    /// Shared with the [`LoadedFile`] it came from.
    pub front_matter: Arc<FrontMatter>,
    /// Byte offset of the front matter in the file: TOML spans plus this are file spans.
    pub front_matter_offset: usize,
    pub headings: Vec<Heading>,
    /// The `@/` links the body writes, read with the headings so the body is parsed
    /// once before rendering.
    pub internal_links: Vec<WrittenLink>,
}

impl Translation {
    pub fn body(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.id == anchor)
    }
}

/// A page with all its translations. Facts are read from the default-language
/// translation; the others only add text.
#[derive(Debug)]
pub struct Page {
    pub key: PageKey,
    pub translations: BTreeMap<String, Translation>,
    pub default_lang: String,
}

impl Page {
    /// The translation that carries the facts.
    pub fn original(&self) -> &Translation {
        // `resolve` only builds pages that have a default-language file.
        &self.translations[&self.default_lang]
    }
}

/// The resolved site: every page, in key order, and which translation each language
/// shows. Read-only from here on.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub index: BTreeMap<PageKey, usize>,
    pub relations: Relations,
    /// Page → the pages its `@/` links lead to, in any language: when a page changes,
    /// only the links into it can break.
    pub link_targets: BTreeMap<PageKey, BTreeSet<PageKey>>,
    /// The day the site is built for: validity notices compare against it.
    pub today: jiff::civil::Date,
}

impl Site {
    pub fn page(&self, key: &PageKey) -> Option<&Page> {
        self.index.get(key).and_then(|&i| self.pages.get(i))
    }

    /// The translation shown to readers of `lang`: their own, else the first of the
    /// fallback chain that exists. Always `Some` for pages built by `resolve`.
    pub fn shown_translation<'a>(&self, page: &'a Page, lang: &str) -> Option<&'a Translation> {
        self.config.fallback_chain(lang).into_iter().find_map(|candidate| page.translations.get(candidate))
    }
}

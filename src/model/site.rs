//! The resolved site: every page with its facts, typed and with references resolved, and
//! its translations with their text. Nothing here points back into front matter; where
//! a fact was written is kept apart, in [`Sources`], for resolve and check.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use super::facts::Facts;
use super::{Heading, LoadedFile, PageKey, PlainText, Relations, SiteConfig, Source, WrittenLink};
use crate::source::SourceFile;

/// The resolved site: every page, in key order. Read-only from here on.
pub struct Site {
    pub config: SiteConfig,
    /// In key order. A page may be replaced by one of the same key, never added or
    /// removed: [`Site::position`] keeps where each key is.
    pub pages: Vec<Page>,
    pub relations: Relations,
    /// The day the site is built for: validity notices compare against it.
    pub today: jiff::civil::Date,
    /// Each page's key → its place in `pages`. Every link of every page is looked up by
    /// key; a binary search comparing the keys' strings was 3 % of a build of procedures.
    positions: foldhash::HashMap<PageKey, usize>,
}

/// Without the positions, which follow from the pages and whose order varies by run.
impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("config", &self.config)
            .field("pages", &self.pages)
            .field("relations", &self.relations)
            .field("today", &self.today)
            .finish_non_exhaustive()
    }
}

impl Site {
    /// The site of `pages`, which are in key order.
    pub fn new(config: SiteConfig, pages: Vec<Page>, relations: Relations, today: jiff::civil::Date) -> Self {
        debug_assert!(pages.is_sorted_by(|a, b| a.key < b.key), "pages come in key order, as `pages_from` needs");
        let positions = pages.iter().enumerate().map(|(at, page)| (page.key.clone(), at)).collect();
        Self { config, pages, relations, today, positions }
    }

    pub fn page(&self, key: &PageKey) -> Option<&Page> {
        self.position(key).map(|at| &self.pages[at])
    }

    /// Where the page `key` is in [`Site::pages`].
    pub fn position(&self, key: &PageKey) -> Option<usize> {
        self.positions.get(key).copied()
    }

    /// The pages from `start` on, in key order.
    pub fn pages_from(&self, start: &PageKey) -> &[Page] {
        &self.pages[self.pages.partition_point(|page| page.key < *start)..]
    }

    /// The translation shown to readers of `lang`: their own, else the first of the
    /// fallback chain that exists. Always `Some` for pages built by `resolve`.
    pub fn shown_translation<'a>(&self, page: &'a Page, lang: &str) -> Option<&'a Translation> {
        // The chain starts with `lang`; most pages have it, and this is asked for every
        // link of every page, so the chain is made only when they do not.
        if let Some(own) = page.translations.get(lang) {
            return Some(own);
        }
        self.config.fallback_chain(lang).into_iter().find_map(|candidate| page.translations.get(candidate))
    }
}

/// A page with all its translations and its facts.
#[derive(Debug, Clone)]
pub struct Page {
    pub key: PageKey,
    /// The language of the original, which carries the facts: the site's default.
    pub default_lang: String,
    pub translations: BTreeMap<String, Translation>,
    /// The days between which the rules on the page apply.
    pub valid_from: Option<jiff::civil::Date>,
    pub valid_until: Option<jiff::civil::Date>,
    pub sources: Vec<Source>,
    /// The glossary concept the page realises (roles and free pages).
    pub concept: Option<PageKey>,
    pub facts: Facts,
}

impl Page {
    /// The translation that carries the facts.
    pub fn original(&self) -> &Translation {
        // `resolve` only builds pages that have a default-language file.
        &self.translations[&self.default_lang]
    }

    /// A text of the page as a reader of the `shown` translation sees it: that
    /// translation's, else the original's, with the language it is in.
    pub fn text<'a>(
        &'a self,
        shown: &'a Translation,
        field: impl Fn(&'a Translation) -> Option<&'a str>,
    ) -> Option<Shown<'a>> {
        [shown, self.original()]
            .into_iter()
            .find_map(|translation| Some(Shown { text: field(translation)?, lang: &translation.lang }))
    }
}

/// A text with the language it is written in, which differs from the reader's where
/// a translation lacks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Shown<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

/// One language version of a page: its text, as written in one file.
#[derive(Debug, Clone)]
pub struct Translation {
    pub lang: String,
    pub file: Arc<SourceFile>,
    /// Byte range of the markdown body in the file.
    pub body: Range<usize>,
    pub headings: Vec<Heading>,
    /// The `@/` links the body writes, read with the headings so the body is parsed
    /// once before rendering.
    pub internal_links: Vec<WrittenLink>,
    /// The body's plain text as runs of it, read with the headings: search indexes it.
    pub plain: PlainText,
    pub title: String,
    pub summary: Option<String>,
    /// Other words people search for, in this language.
    pub terms: Vec<String>,
    /// The day this file's facts were last checked.
    pub reviewed: Option<jiff::civil::Date>,
    /// `None` when it writes none of them, as most pages: the site holds a translation of
    /// every file while it is built.
    pub texts: Option<Box<Texts>>,
}

impl Translation {
    pub fn body(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }

    /// The text a reader reads: the body without its markdown.
    pub fn plain_text(&self) -> String {
        self.plain.text(self.body())
    }

    /// The texts besides title and summary (none, for most pages).
    pub fn texts(&self) -> &Texts {
        static NONE: Texts = Texts {
            start: None,
            recognise: None,
            contact: None,
            education: None,
            steps: Vec::new(),
            objection_how: None,
            appeal_how: None,
            comparison: BTreeMap::new(),
        };
        self.texts.as_deref().unwrap_or(&NONE)
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.id == anchor)
    }
}

/// The texts of a translation besides its title and summary; each kind of page uses
/// its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    /// What week 0 of a procedure counts from.
    pub start: Option<String>,
    /// How to recognise a letter.
    pub recognise: Option<String>,
    /// How to reach an organisation.
    pub contact: Option<String>,
    /// The training a role needs.
    pub education: Option<String>,
    /// A procedure's step texts, in the order of its steps.
    pub steps: Vec<StepTexts>,
    /// How to send a letter's objection and appeal.
    pub objection_how: Option<String>,
    pub appeal_how: Option<String>,
    /// A country's answers to `text` comparison facts in this language, by fact id.
    pub comparison: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepTexts {
    pub title: Option<String>,
    pub deadline: Option<String>,
    pub rights: Option<String>,
    pub duties: Option<String>,
}

/// The files a site was resolved from, and what resolve learnt of them beyond the site:
/// where each fact is written (for diagnostics) and which pages each page's links lead
/// to. Resolve reads it again when pages are saved (`serve`), and `check` for its
/// diagnostics; render and index never do.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// Every page file, sorted by key and language.
    pub files: Vec<LoadedFile>,
    /// Page → the pages its `@/` links lead to, in any language: when a page changes,
    /// only the links into it can break.
    pub link_targets: BTreeMap<PageKey, BTreeSet<PageKey>>,
}

impl Sources {
    pub fn new(mut files: Vec<LoadedFile>) -> Self {
        files.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
        Self { files, link_targets: BTreeMap::new() }
    }

    /// The files of page `key`, by language.
    pub fn of(&self, key: &PageKey) -> &[LoadedFile] {
        let start = self.files.partition_point(|f| &f.key < key);
        let end = self.files.partition_point(|f| &f.key <= key);
        &self.files[start..end]
    }

    /// The file of page `key` in `lang`.
    pub fn file(&self, key: &PageKey, lang: &str) -> Option<&LoadedFile> {
        self.of(key).iter().find(|f| f.lang == lang)
    }
}

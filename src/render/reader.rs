//! How a view reads the site: through a [`Reader`], which hands out other pages only
//! for a stated part (their title, their facts) and, while `serve` renders, records
//! each read. The incremental engine re-renders an output when a save changed a part it
//! read, so a template that starts showing another page's field is covered without a
//! rule about it: the view that gave the template that field read it here.

use std::borrow::Cow;
use std::cell::RefCell;

use super::theme::{Theme, UiStrings, ui};
use crate::model::{Page, PageKey, PageKind, Relations, Shown, Site, SiteConfig, Translation};
use crate::output::Urls;

/// The parts of a page a view can read, each changing on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Its title and summary in every language: what a link to it shows.
    Title,
    /// Everything else the front matter says: facts and the other texts, review dates.
    Content,
    /// The markdown body, its headings and links.
    Body,
}

/// One thing an output read of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Read {
    /// A part of the page at this place in the site's list.
    Page(usize, Part),
    /// The back-links of a page (for a concept, its glossary page; for a country, its
    /// overview), which change when other pages change.
    BackLinks(PageKey),
}

/// The reads of one output, or nothing when no one needs them (`build`).
pub type Reads = Option<RefCell<Vec<Read>>>;

/// The site as one output in one language reads it.
pub struct Reader<'a> {
    site: &'a Site,
    pub urls: &'a Urls,
    pub strings: &'a UiStrings,
    /// The reader's language.
    pub lang: &'a str,
    reads: &'a Reads,
    /// Whether page bodies are made compact (the theme's templates were, when it loaded).
    compact: bool,
    /// Whether a procedure's body is shown only in parts (see [`Theme::procedure_body_in_parts`]).
    pub procedure_body_in_parts: bool,
}

impl<'a> Reader<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, urls: &'a Urls, lang: &'a str, reads: &'a Reads) -> Self {
        Self {
            site,
            urls,
            strings: theme.strings_for(lang),
            lang,
            reads,
            compact: theme.compact(),
            procedure_body_in_parts: theme.procedure_body_in_parts(),
        }
    }

    /// The same reads, for another language or with other URLs.
    pub fn with(&self, urls: &'a Urls, strings: &'a UiStrings, lang: &'a str) -> Self {
        Self { urls, strings, lang, ..*self }
    }

    /// A page body's HTML as the page shows it: compact when the templates are.
    pub fn body_html(&self, html: String) -> String {
        if self.compact { super::compact::compact(&html, super::compact::Syntax::Html) } else { html }
    }

    fn record(&self, read: Read) {
        if let Some(reads) = self.reads {
            reads.borrow_mut().push(read);
        }
    }

    fn record_page(&self, page: &Page, part: Part) {
        if self.reads.is_some()
            && let Some(at) = self.site.position(&page.key)
        {
            self.record(Read::Page(at, part));
        }
    }

    pub fn config(&self) -> &'a SiteConfig {
        &self.site.config
    }

    pub fn today(&self) -> jiff::civil::Date {
        self.site.today
    }

    /// A UI string in the reader's language.
    pub fn ui(&self, key: &'a str) -> &'a str {
        ui(self.strings, key)
    }

    /// A UI string whose key is made on the spot (`milestone_plan`), or the key when the
    /// theme lacks it.
    pub fn ui_owned(&self, key: &str) -> Cow<'a, str> {
        match self.strings.get(key).and_then(toml::Value::as_str) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(key.to_string()),
        }
    }

    /// Whether a page of `kind` exists (in `country`, when given).
    pub fn any_of(&self, kind: PageKind, country: Option<&str>) -> bool {
        let start = PageKey { kind, country: country.map(str::to_string), id: String::new() };
        self.site
            .pages_from(&start)
            .first()
            .is_some_and(|page| page.key.kind == kind && (country.is_none() || page.key.country.as_deref() == country))
    }

    /// The page at `key`, of which the view reads `part`.
    pub fn page(&self, key: &PageKey, part: Part) -> Option<&'a Page> {
        let page = self.site.page(key)?;
        self.record_page(page, part);
        Some(page)
    }

    /// `page` itself, of which the view reads `part`: the page an output is about.
    pub fn own(&self, page: &'a Page, part: Part) -> &'a Page {
        self.record_page(page, part);
        page
    }

    /// The pages of one kind in `country` (`None`: those without a country), in key
    /// order, of which the view reads `part`. A range of the site's pages, so a
    /// listing costs its own length rather than a scan of every page.
    pub fn pages_of(&self, kind: PageKind, country: Option<&str>, part: Part) -> Vec<&'a Page> {
        let start = PageKey { kind, country: country.map(str::to_string), id: String::new() };
        let pages: Vec<&Page> = self
            .site
            .pages_from(&start)
            .iter()
            .take_while(|page| page.key.kind == kind && page.key.country.as_deref() == country)
            .collect();
        pages.iter().for_each(|page| self.record_page(page, part));
        pages
    }

    /// Every page of `kind` (every page: `None`), in key order, of which the view reads `part`.
    pub fn all(&self, kind: Option<PageKind>, part: Part) -> Vec<&'a Page> {
        let pages: Vec<&Page> = match kind {
            None => self.site.pages.iter().collect(),
            Some(kind) => {
                let start = PageKey { kind, country: None, id: String::new() };
                self.site.pages_from(&start).iter().take_while(|page| page.key.kind == kind).collect()
            }
        };
        pages.iter().for_each(|page| self.record_page(page, part));
        pages
    }

    /// The pages in `range` of the site's list, of which the view reads `part`.
    pub fn page_range(&self, range: std::ops::Range<usize>, part: Part) -> &'a [Page] {
        let pages = self.site.pages.get(range).unwrap_or_default();
        pages.iter().for_each(|page| self.record_page(page, part));
        pages
    }

    /// The back-links of the page at `key` (a concept's glossary page, a country's
    /// overview): read only the entries of `key` from them.
    pub fn back_links(&self, key: &PageKey) -> &'a Relations {
        if self.reads.is_some() {
            self.record(Read::BackLinks(key.clone()));
        }
        &self.site.relations
    }

    /// The translation readers of this language see of `page`.
    pub fn shown(&self, page: &'a Page) -> &'a Translation {
        self.shown_in(page, self.lang)
    }

    /// The translation readers of `lang` see of `page`.
    pub fn shown_in(&self, page: &'a Page, lang: &str) -> &'a Translation {
        self.site.shown_translation(page, lang).unwrap_or_else(|| page.original())
    }

    /// `page`'s title as this reader sees it, with its language. The caller has read the
    /// page's [`Part::Title`].
    pub fn title(&self, page: &'a Page) -> Shown<'a> {
        let shown = self.shown(page);
        Shown { text: &shown.title, lang: &shown.lang }
    }

    /// The output folder of `page` in the reader's language.
    pub fn dir_of(&self, page: &Page) -> String {
        Urls::page_dir(self.lang, &page.key)
    }

    /// The name of `country` in the reader's language, with the language it is in: from
    /// `site.toml`, else its overview's title, else its code in capitals.
    pub fn country_name(&self, country: &str) -> (Cow<'a, str>, &'a str) {
        if let Some(name) = self.site.config.countries.get(country).and_then(|c| c.name.get(self.lang)) {
            return (Cow::Borrowed(name), self.lang);
        }
        match self.page(&PageKey::country(country), Part::Title) {
            Some(overview) => {
                let title = self.title(overview);
                (Cow::Borrowed(title.text), title.lang)
            }
            None => (Cow::Owned(country.to_uppercase()), self.lang),
        }
    }
}

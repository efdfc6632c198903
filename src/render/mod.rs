//! render: `&Site` → output files in memory. The output is cut into [`Unit`]s, each
//! rendered as one: a page in every language, or one of the files that gather many
//! pages (a letter finder, the A–Z index, the sitemap, the data export). Units render in
//! parallel; each is a pure function of the site, the theme and the URLs, so the result
//! is the same whatever the order. Asked to, a unit records what it read of the site
//! ([`Read`]), which is how `serve` knows what a save changes. Nothing is written to disk
//! here.

mod compact;
mod export;
mod listings;
mod reader;
mod site_files;
mod theme;
mod timeline;
mod views;

pub use reader::{Part, Read};
pub use theme::Theme;

use std::cell::RefCell;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Facts, PageKind, Site};
use crate::output::{OutputFile, Urls};
use reader::{Reader, Reads};

/// A part of the output that is rendered as one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// The page at this place in the site's list, in every language.
    Page(usize),
    /// A country's letter finder in a language.
    LetterFinder {
        lang: String,
        country: String,
    },
    /// The comparison of countries in a language: of all of them, or of the two of
    /// `pair`.
    Compare {
        lang: String,
        pair: Option<[String; 2]>,
    },
    /// The search page of a language (its index is made by `index`).
    Search(String),
    /// The A–Z index of a language.
    AToZ(String),
    /// The glossary index of a language.
    GlossaryIndex(String),
    /// The root: a chooser of languages.
    Root,
    /// The 404 pages, one per language and one at the root.
    NotFound,
    /// `sitemap.xml`: the only sitemap, or the index of the parts when there are more.
    Sitemap,
    /// Part `n` (from 0) of a sitemap too long for one file.
    SitemapPart(usize),
    Robots,
    /// The Atom feed of a language.
    Feed(String),
    /// `data/site.json`.
    Export,
    /// The theme's static files.
    StaticFiles,
}

/// A unit as rendered: its files, and what it read of the site when that was asked for.
pub struct Rendered {
    pub unit: Unit,
    pub files: Vec<OutputFile>,
    pub reads: Vec<Read>,
}

/// How many pages each language got, and how many of those are fallbacks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LanguageCount {
    pub pages: usize,
    pub fallbacks: usize,
}

/// Every unit of the site: the files that gather pages, then the pages. The gathering
/// files come first because a few of them are large (`data/site.json`, the comparisons,
/// a second or so each at 30,000 pages): started last, they kept one core busy after the
/// other had run out of pages.
pub fn units(site: &Site) -> Vec<Unit> {
    let mut units = site_wide_units(site);
    units.extend((0..site.pages.len()).map(Unit::Page));
    units
}

/// The units that are not pages. Each exists as long as the pages it lists do, so the
/// list changes only with a page added or removed.
pub fn site_wide_units(site: &Site) -> Vec<Unit> {
    let any = |kind: PageKind| site.pages.iter().any(|p| p.key.kind == kind);
    let countries_with_letters: std::collections::BTreeSet<&str> =
        site.pages.iter().filter(|p| p.key.kind == PageKind::Letter).filter_map(|p| p.key.country.as_deref()).collect();
    // The comparisons: of all countries, and of each two (in page order, as the pages
    // comparing them link to them).
    let countries: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.key.kind == PageKind::Country)
        .filter_map(|p| p.key.country.as_deref())
        .collect();
    let mut comparisons = Vec::new();
    if !countries.is_empty() {
        comparisons.push(None);
        for (i, a) in countries.iter().enumerate() {
            comparisons.extend(countries[i + 1..].iter().map(|b| Some([a.to_string(), b.to_string()])));
        }
    }
    let mut units = Vec::new();
    for lang in site.config.language_codes() {
        let lang = lang.to_string();
        for country in &countries_with_letters {
            units.push(Unit::LetterFinder { lang: lang.clone(), country: country.to_string() });
        }
        units.extend(comparisons.iter().map(|pair| Unit::Compare { lang: lang.clone(), pair: pair.clone() }));
        units.push(Unit::Search(lang.clone()));
        units.push(Unit::AToZ(lang.clone()));
        if any(PageKind::Glossary) {
            units.push(Unit::GlossaryIndex(lang.clone()));
        }
        units.push(Unit::Feed(lang));
    }
    units.extend([Unit::Root, Unit::NotFound, Unit::Sitemap, Unit::Robots, Unit::Export, Unit::StaticFiles]);
    let sitemap_parts = site_files::sitemap_parts(site).len();
    if sitemap_parts > 1 {
        units.extend((0..sitemap_parts).map(Unit::SitemapPart));
    }
    units
}

/// Renders the whole site into memory, sorted by path: what `serve` serves and `check`
/// inspects. `build` uses [`render_each`] instead, to write files as they are made.
pub fn render(site: &Site, theme: &Theme, urls: &Urls) -> (Vec<OutputFile>, Diagnostics) {
    let in_memory = |path: &str, write: &mut Stream| {
        let mut bytes = Vec::new();
        write(&mut bytes).expect("writing into memory does not fail, and nothing cancels a full render");
        OutputFile { path: path.to_string(), bytes }
    };
    let (mut files, diagnostics) = render_each(site, theme, urls, |file| file, in_memory);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, diagnostics)
}

/// Writes a file into the writer it is given, as the file is made.
pub type Stream<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// Renders every file of the site and hands each to `emit` as soon as it is made, on
/// rayon's threads, so no more of the site is in memory than the units being rendered.
/// The data export, over 100 MB on a large site, goes to `stream` instead: with its path
/// and a [`Stream`] that writes it while it is made. Returns what `emit` and `stream`
/// returned for each file. A failed unit is not emitted; its diagnostic says why.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    emit: impl Fn(OutputFile) -> T + Sync,
    stream: impl Fn(&str, &mut Stream) -> T + Sync,
) -> (Vec<T>, Diagnostics) {
    let results: Vec<Result<Vec<T>, Diagnostic>> = units(site)
        .par_iter()
        .with_max_len(crate::PAGES_PER_TASK)
        .map(|unit| match unit {
            Unit::Export => {
                let reader = Reader::new(site, theme, urls, &site.config.default_language, &None);
                let mut write = |writer: &mut dyn std::io::Write| {
                    export::write_site_json(&reader, theme, &|| false, writer).map_err(std::io::Error::from)
                };
                Ok(vec![stream(export::PATH, &mut write)])
            }
            _ => unit_files(site, theme, urls, unit, &None, &|| false)
                .map(|files| files.into_iter().map(&emit).collect()),
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut emitted = Vec::new();
    for result in once_per_problem(results, &mut diagnostics) {
        emitted.extend(result);
    }
    (emitted, diagnostics)
}

/// Renders `units`, each with what it read of the site (in parallel). Each file is byte
/// for byte what [`render`] makes. A unit is left out when `cancelled` says so before it
/// is done (`data/site.json`, the one unit that takes long, asks it as it goes): the
/// caller renders it later.
pub fn render_units(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    units: &[Unit],
    cancelled: &(dyn Fn() -> bool + Sync),
) -> (Vec<Rendered>, Diagnostics) {
    let results: Vec<Result<Rendered, Diagnostic>> = units
        .par_iter()
        .with_max_len(crate::PAGES_PER_TASK)
        .filter_map(|unit| {
            if cancelled() {
                return None;
            }
            let reads: Reads = Some(RefCell::new(Vec::new()));
            let files = match unit_files(site, theme, urls, unit, &reads, cancelled) {
                Ok(files) => files,
                Err(problem) => return Some(Err(problem)),
            };
            if cancelled() {
                return None;
            }
            let mut reads = reads.map(RefCell::into_inner).unwrap_or_default();
            reads.sort_unstable();
            reads.dedup();
            Some(Ok(Rendered { unit: unit.clone(), files, reads }))
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let rendered = once_per_problem(results, &mut diagnostics);
    (rendered, diagnostics)
}

/// The successes, and each failure once: one broken template fails every unit that
/// uses it.
fn once_per_problem<T>(results: Vec<Result<T, Diagnostic>>, diagnostics: &mut Diagnostics) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => done.push(value),
            Err(d) => {
                if seen.insert(format!("{}{:?}", d.message, d.location.as_ref().map(ToString::to_string))) {
                    diagnostics.push(d);
                }
            }
        }
    }
    done
}

/// How many pages each language gets, and how many of them fall back to another.
pub fn language_counts(site: &Site) -> BTreeMap<String, LanguageCount> {
    site.config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let fallbacks = site.pages.iter().filter(|p| !p.translations.contains_key(lang)).count();
            (lang.to_string(), LanguageCount { pages: site.pages.len(), fallbacks })
        })
        .collect()
}

/// The files of one unit.
fn unit_files<'a>(
    site: &'a Site,
    theme: &'a Theme,
    urls: &'a Urls,
    unit: &'a Unit,
    reads: &'a Reads,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Vec<OutputFile>, Diagnostic> {
    fn reader<'a>(site: &'a Site, theme: &'a Theme, urls: &'a Urls, lang: &'a str, reads: &'a Reads) -> Reader<'a> {
        Reader::new(site, theme, urls, lang, reads)
    }
    let reader = |lang: &'a str| reader(site, theme, urls, lang, reads);
    let one = |file: Result<OutputFile, Diagnostic>| file.map(|f| vec![f]);
    match unit {
        Unit::Page(at) => page_files(site, theme, urls, *at, reads),
        Unit::LetterFinder { lang, country } => one(site_files::letter_finder(&reader(lang), theme, country)),
        Unit::Compare { lang, pair } => {
            one(site_files::compare(&reader(lang), theme, pair.as_ref().map(|[a, b]| [a.as_str(), b.as_str()])))
        }
        Unit::Search(lang) => one(site_files::search(&reader(lang), theme)),
        Unit::AToZ(lang) => one(site_files::a_to_z(&reader(lang), theme)),
        Unit::GlossaryIndex(lang) => one(site_files::glossary_index(&reader(lang), theme)),
        Unit::Root => one(site_files::language_chooser(&reader(&site.config.default_language), theme)),
        Unit::NotFound => site_files::not_found_pages(&reader(&site.config.default_language), theme),
        Unit::Sitemap => match site_files::sitemap_parts(site).as_slice() {
            [only] => one(site_files::sitemap(
                &reader(&site.config.default_language),
                theme,
                only.clone(),
                "sitemap.xml".into(),
            )),
            parts => one(site_files::sitemap_index(urls, theme, parts.len())),
        },
        Unit::SitemapPart(number) => {
            let pages = site_files::sitemap_parts(site).swap_remove(*number);
            let path = site_files::sitemap_part_path(*number);
            one(site_files::sitemap(&reader(&site.config.default_language), theme, pages, path))
        }
        Unit::Robots => one(site_files::robots_txt(urls, theme)),
        Unit::Feed(lang) => one(site_files::feed(&reader(lang), theme)),
        // Given up, it makes nothing (the caller sees `cancelled` and drops it).
        Unit::Export => Ok(export::site_json(&reader(&site.config.default_language), theme, cancelled)
            .map(|bytes| OutputFile { path: export::PATH.into(), bytes })
            .into_iter()
            .collect()),
        Unit::StaticFiles => Ok(theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile { path: path.clone(), bytes: bytes.clone() })
            .collect()),
    }
}

/// The page at `at`, in every language.
fn page_files(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    at: usize,
    reads: &Reads,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let page = site.pages.get(at).expect("units name pages of the site");
    let languages = site.config.language_codes();
    let mut files = Vec::with_capacity(languages.len());
    for lang in languages {
        let r = Reader::new(site, theme, urls, lang, reads);
        // A page shows all of itself, in every language (fallbacks show its text too).
        for part in [Part::Title, Part::Content, Part::Body] {
            r.own(page, part);
        }
        let shown = r.shown(page);
        let dir = r.dir_of(page);
        let mut view = r.page_view(page, shown);
        let mut context = tera::Context::new();
        let mut site_view = r.site_view(&dir, &page.key.path(), Some(page));
        site_view.feedback = r.feedback(&shown.title, &dir);
        context.insert("site", &site_view);
        context.insert_value("t", theme.strings_value(lang));
        match &page.facts {
            Facts::Procedure(procedure) => {
                let procedure = r.procedure_view(page, procedure, shown);
                // The step list at the top is the page's table of contents, with the
                // body's own sections (`procedure.sections`): no second list beside it.
                view.toc.clear();
                context.insert("procedure", &procedure);
            }
            Facts::Letter(letter) => context.insert("letter", &r.letter_view(page, letter, shown)),
            Facts::Role(role) => context.insert("role", &r.role_view(page, role, shown)),
            Facts::Organisation(organisation) => {
                context.insert("organisation", &r.organisation_view(page, organisation, shown))
            }
            Facts::Country(country) => context.insert("country", &r.country_view(page, country)),
            Facts::Glossary => context.insert("glossary", &r.glossary_view(page)),
            Facts::CrossBorder => context.insert("cross_border", &r.cross_border_view(page)),
            Facts::Home => context.insert("home", &r.home_view(page)),
            Facts::Page => {}
        }
        context.insert("page", &view);
        if let Some(help) = r.help_block(page) {
            context.insert("help", &help);
        }
        let kind_template = format!("{}.html", page.key.kind.name());
        let template =
            if theme.templates.contains_template(&kind_template) { kind_template.as_str() } else { "page.html" };
        let html = theme.render(template, &context)?;
        files.push(OutputFile { path: format!("{dir}index.html"), bytes: html });
    }
    Ok(files)
}

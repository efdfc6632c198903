//! render: `&Site` → output files in memory. Pages are rendered in parallel; each is a
//! pure function of the site, the theme and the language, so the result is the same
//! whatever the order. Nothing is written to disk here.

mod context;
mod export;
mod listings;
mod theme;
mod timeline;
mod urls;
mod views;

pub use theme::{Theme, builtin_ui_strings, load_theme, theme_folders};
pub use urls::Urls;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Page, PageKind, Site};
use context::{PageContext, iso_date, ui};

/// One file of the built site: its path below the output root (`/`-separated, made only
/// of checked segments) and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// How many pages each language got, and how many of those are fallbacks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LanguageCount {
    pub pages: usize,
    pub fallbacks: usize,
}

pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub languages: BTreeMap<String, LanguageCount>,
}

/// Renders the whole site into memory, sorted by path: what `serve` serves and `check`
/// inspects. `build` uses [`render_each`] instead, to write files as they are made.
pub fn render(site: &Site, theme: &Theme, urls: &Urls) -> (Rendered, Diagnostics) {
    let (mut files, languages, diagnostics) = render_each(site, theme, urls, |file| file);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (Rendered { files, languages }, diagnostics)
}

/// Renders every file of the site and hands each to `emit` as soon as it is made, on
/// rayon's threads, so no more of the site is in memory than the pages being rendered.
/// Returns what `emit` returned for each file (pages first, in site order), the page
/// counts and the diagnostics. A failed page is not emitted; its diagnostic says why.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    emit: impl Fn(OutputFile) -> T + Sync,
) -> (Vec<T>, BTreeMap<String, LanguageCount>, Diagnostics) {
    let all: Vec<&Page> = site.pages.iter().collect();
    // The files that are not pages (the sitemap is large) render beside the pages, so
    // neither waits for the other.
    let ((mut emitted, counts, mut diagnostics), (others, other_diagnostics)) = rayon::join(
        || pages_in_every_language(site, theme, urls, &all, &emit),
        || site_wide_files_emitted(site, theme, urls, &emit),
    );
    emitted.extend(others);
    diagnostics.extend(other_diagnostics);
    (emitted, counts, diagnostics)
}

/// Renders only `chosen` pages, in every language: what `serve` re-renders after an
/// edit. Each file is byte for byte what [`render`] makes for that page.
pub fn render_pages(site: &Site, theme: &Theme, urls: &Urls, chosen: &[&Page]) -> (Vec<OutputFile>, Diagnostics) {
    let (files, _, diagnostics) = pages_in_every_language(site, theme, urls, chosen, &|file| file);
    (files, diagnostics)
}

/// The files that list or gather many pages (letter finders, comparison, glossary index,
/// the root, 404 pages, sitemap, feeds, the data export) and the theme's static files.
/// `serve` makes them again after every edit, since almost any edit shows in one of them.
pub fn site_wide_files(site: &Site, theme: &Theme, urls: &Urls) -> (Vec<OutputFile>, Diagnostics) {
    site_wide_files_emitted(site, theme, urls, &|file| file)
}

fn pages_in_every_language<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    chosen: &[&Page],
    emit: &(impl Fn(OutputFile) -> T + Sync),
) -> (Vec<T>, BTreeMap<String, LanguageCount>, Diagnostics) {
    let languages = site.config.language_codes();
    let jobs: Vec<(&Page, &str)> =
        chosen.iter().flat_map(|page| languages.iter().map(move |lang| (*page, *lang))).collect();
    let results: Vec<Result<(T, &str, bool), Diagnostic>> = jobs
        .par_iter()
        .filter_map(|(page, lang)| render_page(site, theme, urls, page, lang))
        .map(|result| result.map(|(file, lang, is_fallback)| (emit(file), lang, is_fallback)))
        .collect();

    let mut diagnostics = Diagnostics::new();
    let mut seen_template_errors = std::collections::BTreeSet::new();
    let mut emitted = Vec::with_capacity(results.len());
    let mut counts: BTreeMap<String, LanguageCount> =
        languages.iter().map(|l| (l.to_string(), LanguageCount::default())).collect();
    for result in results {
        match result {
            Ok((done, lang, is_fallback)) => {
                let count = counts.entry(lang.to_string()).or_default();
                count.pages += 1;
                count.fallbacks += usize::from(is_fallback);
                emitted.push(done);
            }
            // One broken template fails every page that uses it: report it once.
            Err(d) => {
                if seen_template_errors.insert(format!(
                    "{}{:?}",
                    d.message,
                    d.location.as_ref().map(ToString::to_string)
                )) {
                    diagnostics.push(d);
                }
            }
        }
    }
    (emitted, counts, diagnostics)
}

/// The site-wide files rendered in parallel, each handed to `emit`.
fn site_wide_files_emitted<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    emit: &(impl Fn(OutputFile) -> T + Sync),
) -> (Vec<T>, Diagnostics) {
    let languages = site.config.language_codes();
    let made: Vec<Result<T, Diagnostic>> = other_files(site, theme, urls, &languages)
        .par_iter()
        .flat_map_iter(|part| part())
        .map(|r| r.map(emit))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut emitted = Vec::with_capacity(made.len());
    for other in made {
        match other {
            Ok(done) => emitted.push(done),
            Err(d) => diagnostics.push(d),
        }
    }
    (emitted, diagnostics)
}

/// Makes some of the files that are not content pages.
type OtherFiles<'a> = Box<dyn Fn() -> Vec<Result<OutputFile, Diagnostic>> + Send + Sync + 'a>;

/// The files that are not content pages, as independent parts to render in parallel:
/// derived pages per language, the language chooser, 404 pages, the sitemap,
/// `robots.txt`, a feed per language, the data export and the theme's static files.
fn other_files<'a>(site: &'a Site, theme: &'a Theme, urls: &'a Urls, languages: &[&'a str]) -> Vec<OtherFiles<'a>> {
    let mut parts: Vec<OtherFiles<'a>> = Vec::new();
    for &lang in languages {
        parts.push(Box::new(move || generated_pages(site, theme, urls, lang)));
    }
    parts.push(Box::new(move || vec![language_chooser(site, theme, urls)]));
    parts.push(Box::new(move || not_found_pages(site, theme, urls)));
    parts.push(Box::new(move || vec![sitemap(site, theme, urls)]));
    parts.push(Box::new(move || vec![robots_txt(theme, urls)]));
    for &lang in languages {
        parts.push(Box::new(move || vec![feed(site, theme, urls, lang)]));
    }
    parts.push(Box::new(move || {
        vec![Ok(OutputFile { path: "data/site.json".into(), bytes: export::site_json(site, urls) })]
    }));
    parts.push(Box::new(move || {
        theme
            .static_files
            .iter()
            .map(|(path, bytes)| Ok(OutputFile { path: path.clone(), bytes: bytes.clone() }))
            .collect()
    }));
    parts
}

fn strings_for<'a>(theme: &'a Theme, lang: &str) -> &'a theme::UiStrings {
    static EMPTY: std::sync::LazyLock<theme::UiStrings> = std::sync::LazyLock::new(BTreeMap::new);
    theme.strings.get(lang).unwrap_or(&EMPTY)
}

fn render_template(theme: &Theme, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
    theme
        .templates
        .render(name, context)
        .map(without_control_characters)
        .map_err(|e| theme::template_diagnostic(&e, &theme.template_sources))
}

/// Drops control characters (other than tab and line ends): a `\u0001` written in a
/// TOML string is invisible to editors, an error in HTML and makes XML (the feed, the
/// sitemap) unreadable.
fn without_control_characters(text: String) -> String {
    const KEPT: [char; 3] = ['\t', '\n', '\r'];
    if crate::source::first_control_character(&text, &KEPT).is_none() {
        return text;
    }
    text.chars().filter(|&c| !c.is_control() || KEPT.contains(&c)).collect()
}

fn render_page<'s>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    page: &Page,
    lang: &'s str,
) -> Option<Result<(OutputFile, &'s str, bool), Diagnostic>> {
    let shown = site.shown_translation(page, lang)?;
    let strings = strings_for(theme, lang);
    let ctx = PageContext { site, urls, strings, lang };
    let dir = ctx.dir_of(page);
    let mut view = ctx.page_view(page, shown);
    let mut context = tera::Context::new();
    context.insert("site", &ctx.site_view(&dir, &page.key.path(), Some(page)));
    context.insert("t", strings);
    match page.key.kind {
        PageKind::Procedure => {
            if let Some(procedure) = ctx.procedure_view(page, shown) {
                // "On this page" lists the parts around the steps and the step list
                // itself, not every step: the numbered list is the overview of those.
                let step_ids: Vec<&str> = procedure.steps.iter().map(|s| s.id.as_str()).collect();
                view.toc.retain(|h| !step_ids.contains(&h.id.as_str()));
                let first_after_steps = shown
                    .headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .take_while(|h| !step_ids.contains(&h.id.as_str()))
                    .count()
                    .min(view.toc.len());
                let step_list = [("steps", "steps_title"), ("deadlines-title", "deadlines_title")].map(|(id, key)| {
                    crate::model::Heading { level: 2, id: id.to_string(), text: context::ui(strings, key).to_string() }
                });
                view.toc.splice(first_after_steps..first_after_steps, step_list);
                context.insert("procedure", &procedure);
            }
        }
        PageKind::Letter => context.insert("letter", &ctx.letter_view(page, shown)),
        PageKind::Role => context.insert("role", &ctx.role_view(page, shown)),
        PageKind::Organisation => context.insert("organisation", &ctx.organisation_view(page, shown)),
        PageKind::Country => context.insert("country", &ctx.country_view(page)),
        PageKind::Glossary => context.insert("glossary", &ctx.glossary_view(page)),
        PageKind::CrossBorder => context.insert("cross_border", &ctx.cross_border_view(page)),
        PageKind::Home => context.insert("home", &ctx.home_view(page)),
        PageKind::Page => {}
    }
    context.insert("page", &view);
    if let Some(help) = ctx.help_block(page) {
        context.insert("help", &help);
    }
    let kind_template = format!("{}.html", page.key.kind.name());
    let template = if theme.templates.contains_template(&kind_template) { kind_template.as_str() } else { "page.html" };
    let is_fallback = shown.lang != lang;
    Some(
        render_template(theme, template, &context)
            .map(|html| (OutputFile { path: format!("{dir}index.html"), bytes: html.into_bytes() }, lang, is_fallback)),
    )
}

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<context::Alternate>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    summary: Option<String>,
    href: String,
    updated: String,
}

/// The root: a chooser that names every language in itself; no redirect, so a Polish
/// reader is never sent to the English site by a browser setting.
fn language_chooser(site: &Site, theme: &Theme, urls: &Urls) -> Result<OutputFile, Diagnostic> {
    let default = site.config.default_language.as_str();
    let languages = site.config.language_codes();
    let root_ctx = PageContext { site, urls, strings: strings_for(theme, default), lang: default };
    let mut context = tera::Context::new();
    context.insert("site", &root_ctx.site_view("", "", None));
    context.insert("t", strings_for(theme, default));
    context.insert(
        "titles",
        &languages.iter().map(|l| site.config.languages.get(*l).map_or("", |x| x.title.as_str())).collect::<Vec<_>>(),
    );
    render_template(theme, "root.html", &context)
        .map(|html| OutputFile { path: "index.html".into(), bytes: html.into_bytes() })
}

/// A 404 page per language and one at the root. They are served at any depth, so their
/// links are absolute even when the site uses relative links.
fn not_found_pages(site: &Site, theme: &Theme, urls: &Urls) -> Vec<Result<OutputFile, Diagnostic>> {
    let default = site.config.default_language.as_str();
    let absolute = Urls { relative: false, ..urls.clone() };
    let mut out = Vec::new();
    for lang in site.config.language_codes().into_iter().chain([""]) {
        let page_lang = if lang.is_empty() { default } else { lang };
        let ctx = PageContext { site, urls: &absolute, strings: strings_for(theme, page_lang), lang: page_lang };
        let mut context = tera::Context::new();
        context.insert("site", &ctx.site_view(&format!("{lang}/"), "", None));
        context.insert("t", strings_for(theme, page_lang));
        let path = if lang.is_empty() { "404.html".to_string() } else { format!("{lang}/404.html") };
        out.push(
            render_template(theme, "404.html", &context).map(|html| OutputFile { path, bytes: html.into_bytes() }),
        );
    }
    out
}

/// Every real translation with its `hreflang` alternates (fallbacks are left out).
fn sitemap(site: &Site, theme: &Theme, urls: &Urls) -> Result<OutputFile, Diagnostic> {
    let default = site.config.default_language.as_str();
    let sitemap: Vec<SitemapEntry> = site
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            page.translations.iter().map(move |(lang, translation)| {
                let mut alternates: Vec<context::Alternate> = page
                    .translations
                    .keys()
                    .map(|code| context::Alternate {
                        hreflang: code.clone(),
                        href: urls.absolute(&Urls::page_dir(code, &page.key)),
                    })
                    .collect();
                alternates.push(context::Alternate {
                    hreflang: "x-default".into(),
                    href: urls.absolute(&Urls::page_dir(default, &page.key)),
                });
                SitemapEntry {
                    loc: urls.absolute(&Urls::page_dir(lang, &page.key)),
                    lastmod: translation.front_matter.reviewed.as_ref().and_then(|d| iso_date(d.get_ref())),
                    alternates,
                }
            })
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("entries", &sitemap);
    render_template(theme, "sitemap.xml", &context)
        .map(|xml| OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() })
}

fn robots_txt(theme: &Theme, urls: &Urls) -> Result<OutputFile, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("sitemap", &urls.absolute("sitemap.xml"));
    render_template(theme, "robots.txt", &context)
        .map(|text| OutputFile { path: "robots.txt".into(), bytes: text.into_bytes() })
}

/// An Atom feed of the pages written in `lang`, newest review first: what changed is
/// what was checked again.
fn feed(site: &Site, theme: &Theme, urls: &Urls, lang: &str) -> Result<OutputFile, Diagnostic> {
    let mut entries: Vec<FeedEntry> = site
        .pages
        .iter()
        .filter_map(|page| {
            let translation = page.translations.get(lang)?;
            let updated = translation.front_matter.reviewed.as_ref().and_then(|d| iso_date(d.get_ref()))?;
            Some(FeedEntry {
                title: translation.front_matter.title.as_ref().map_or_else(String::new, |t| t.get_ref().clone()),
                summary: translation.front_matter.summary.clone(),
                href: urls.absolute(&Urls::page_dir(lang, &page.key)),
                updated: format!("{updated}T00:00:00Z"),
            })
        })
        .collect();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.href.cmp(&b.href)));
    entries.truncate(100);
    let strings = strings_for(theme, lang);
    let mut context = tera::Context::new();
    context.insert("lang", lang);
    context.insert("title", &site.config.languages.get(lang).map_or("", |l| l.title.as_str()));
    context.insert("subtitle", ui(strings, "feed_subtitle"));
    context.insert("self_href", &urls.absolute(&format!("{lang}/atom.xml")));
    context.insert("home_href", &urls.absolute(&format!("{lang}/")));
    context
        .insert("updated", &entries.first().map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()));
    context.insert("entries", &entries);
    render_template(theme, "atom.xml", &context)
        .map(|xml| OutputFile { path: format!("{lang}/atom.xml"), bytes: xml.into_bytes() })
}

/// The order search results are grouped in: what a citizen looks for first.
const SEARCH_KINDS: [PageKind; 9] = [
    PageKind::Procedure,
    PageKind::Letter,
    PageKind::Role,
    PageKind::Organisation,
    PageKind::Glossary,
    PageKind::CrossBorder,
    PageKind::Country,
    PageKind::Page,
    PageKind::Home,
];

/// The derived pages of one language: a letter finder per country that has letters, the
/// search page and the A–Z index, the comparison of countries, and the glossary index.
fn generated_pages(site: &Site, theme: &Theme, urls: &Urls, lang: &str) -> Vec<Result<OutputFile, Diagnostic>> {
    let strings = strings_for(theme, lang);
    let ctx = PageContext { site, urls, strings, lang };
    let render_listing = |path: String, template: &str, fill: &dyn Fn(&mut tera::Context)| {
        let dir = format!("{lang}/{path}");
        let mut context = tera::Context::new();
        context.insert("site", &ctx.site_view(&dir, &path, None));
        context.insert("t", strings);
        fill(&mut context);
        render_template(theme, template, &context)
            .map(|html| OutputFile { path: format!("{dir}index.html"), bytes: html.into_bytes() })
    };
    let mut out = Vec::new();
    let countries_with_letters: std::collections::BTreeSet<&str> =
        site.pages.iter().filter(|p| p.key.kind == PageKind::Letter).filter_map(|p| p.key.country.as_deref()).collect();
    for country in countries_with_letters {
        let finder = ctx.letter_finder(country);
        let title = format!("{} – {}", ui(strings, "letter_finder_title"), finder.country);
        out.push(render_listing(format!("{country}/letters/"), "letters.html", &|c| {
            c.insert("finder", &finder);
            c.insert("title", &title);
        }));
    }
    if site.pages.iter().any(|p| p.key.kind == PageKind::Country) {
        let comparison = ctx.comparison();
        out.push(render_listing("compare/".into(), "compare.html", &|c| {
            c.insert("comparison", &comparison);
            c.insert("title", ui(strings, "compare_title"));
        }));
    }
    let search_dir = format!("{lang}/search/");
    let finders = ctx.letter_finder_links(&search_dir);
    let kinds: Vec<serde_json::Value> = SEARCH_KINDS
        .iter()
        .map(|kind| serde_json::json!({ "name": kind.name(), "label": ui(strings, &format!("group_{}", kind.name())) }))
        .collect();
    out.push(render_listing("search/".into(), "search.html", &|c| {
        c.insert("title", ui(strings, "search_title"));
        c.insert("finders", &finders);
        c.insert("kinds", &kinds);
        c.insert("index_href", urls.href(&search_dir, &search_dir).trim_end_matches("index.html"));
        c.insert("a_to_z_href", &urls.href(&search_dir, &format!("{lang}/a-z/")));
        c.insert("relative", &urls.relative);
    }));
    let a_to_z = ctx.a_to_z();
    let finders = ctx.letter_finder_links(&format!("{lang}/a-z/"));
    out.push(render_listing("a-z/".into(), "a-z.html", &|c| {
        c.insert("title", ui(strings, "a_to_z_title"));
        c.insert("groups", &a_to_z);
        c.insert("finders", &finders);
    }));
    if site.pages.iter().any(|p| p.key.kind == PageKind::Glossary) {
        let concepts = ctx.glossary_index();
        out.push(render_listing("glossary/".into(), "glossary-index.html", &|c| {
            c.insert("concepts", &concepts);
            c.insert("title", ui(strings, "glossary_title"));
        }));
    }
    out
}

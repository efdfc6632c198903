//! The files that gather many pages: the derived listing pages of each language (letter
//! finders, comparison, search, A–Z, glossary index), the root language chooser, the
//! 404 pages, the sitemap, `robots.txt` and the feeds.

use rayon::prelude::*;
use serde::Serialize;

use super::Theme;
use super::reader::{Part, Reader};
use super::views::{Alternate, alternates};
use crate::diagnostics::Diagnostic;
use crate::model::PageKind;
use crate::output::{OutputFile, Urls};

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

/// A derived page at `path` below the reader's language folder, with `template` and
/// what `fill` puts in its context.
fn listing(
    r: &Reader,
    theme: &Theme,
    path: &str,
    template: &str,
    fill: &dyn Fn(&mut tera::Context),
) -> Result<OutputFile, Diagnostic> {
    let dir = format!("{}/{path}", r.lang);
    let mut context = tera::Context::new();
    context.insert("site", &r.site_view(&dir, path, None));
    context.insert("t", r.strings);
    fill(&mut context);
    theme
        .render(template, &context)
        .map(|html| OutputFile { path: format!("{dir}index.html"), bytes: html.into_bytes() })
}

pub fn letter_finder(r: &Reader, theme: &Theme, country: &str) -> Result<OutputFile, Diagnostic> {
    let finder = r.letter_finder(country);
    let title = format!("{} – {}", r.ui("letter_finder_title"), finder.country);
    listing(r, theme, &format!("{country}/letters/"), "letters.html", &|c| {
        c.insert("finder", &finder);
        c.insert("title", &title);
    })
}

pub fn compare(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let comparison = r.comparison();
    listing(r, theme, "compare/", "compare.html", &|c| {
        c.insert("comparison", &comparison);
        c.insert("title", r.ui("compare_title"));
    })
}

pub fn search(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let search_dir = format!("{}/search/", r.lang);
    let finders = r.letter_finder_links(&search_dir);
    let kinds: Vec<serde_json::Value> = SEARCH_KINDS
        .iter()
        .map(|kind| serde_json::json!({ "name": kind.name(), "label": r.ui_owned(&format!("group_{}", kind.name())) }))
        .collect();
    listing(r, theme, "search/", "search.html", &|c| {
        c.insert("title", r.ui("search_title"));
        c.insert("finders", &finders);
        c.insert("kinds", &kinds);
        c.insert("index_href", r.urls.href(&search_dir, &search_dir).trim_end_matches("index.html"));
        c.insert("a_to_z_href", &r.urls.href(&search_dir, &format!("{}/a-z/", r.lang)));
        c.insert("relative", &r.urls.relative);
    })
}

pub fn a_to_z(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let groups = r.a_to_z();
    let finders = r.letter_finder_links(&format!("{}/a-z/", r.lang));
    listing(r, theme, "a-z/", "a-z.html", &|c| {
        c.insert("title", r.ui("a_to_z_title"));
        c.insert("groups", &groups);
        c.insert("finders", &finders);
    })
}

pub fn glossary_index(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let concepts = r.glossary_index();
    listing(r, theme, "glossary/", "glossary-index.html", &|c| {
        c.insert("concepts", &concepts);
        c.insert("title", r.ui("glossary_title"));
    })
}

/// The root: a chooser that names every language in itself; no redirect, so a Polish
/// reader is never sent to the English site by a browser setting. `r` reads in the
/// default language.
pub fn language_chooser(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let config = r.config();
    let mut context = tera::Context::new();
    context.insert("site", &r.site_view("", "", None));
    context.insert("t", r.strings);
    context.insert(
        "titles",
        &config
            .language_codes()
            .iter()
            .map(|l| config.languages.get(*l).map_or("", |x| x.title.as_str()))
            .collect::<Vec<_>>(),
    );
    theme.render("root.html", &context).map(|html| OutputFile { path: "index.html".into(), bytes: html.into_bytes() })
}

/// A 404 page per language and one at the root (in the default language, which `r`
/// reads in). They are served at any depth, so their links are absolute even when the
/// site uses relative links.
pub fn not_found_pages(r: &Reader, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let absolute = Urls { relative: false, ..r.urls.clone() };
    let default = r.config().default_language.as_str();
    let mut out = Vec::new();
    for lang in r.config().language_codes().into_iter().chain([""]) {
        let page_lang = if lang.is_empty() { default } else { lang };
        let strings = theme.strings_for(page_lang);
        let in_lang = r.with(&absolute, strings, page_lang);
        let mut context = tera::Context::new();
        context.insert("site", &in_lang.site_view(&format!("{lang}/"), "", None));
        context.insert("t", strings);
        let path = if lang.is_empty() { "404.html".to_string() } else { format!("{lang}/404.html") };
        out.push(theme.render("404.html", &context).map(|html| OutputFile { path, bytes: html.into_bytes() })?);
    }
    Ok(out)
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate<'a>>,
}

/// Every real translation with its `hreflang` alternates (fallbacks are left out).
pub fn sitemap(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let default = r.config().default_language.as_str();
    let urls = r.urls;
    // In parallel: at 30,000 pages the sitemap is the largest file of the site.
    let entries: Vec<SitemapEntry> = r
        .all(None, Part::Content)
        .par_iter()
        .flat_map_iter(|page| {
            page.translations.iter().map(move |(lang, translation)| SitemapEntry {
                loc: urls.absolute(&Urls::page_dir(lang, &page.key)),
                lastmod: translation.reviewed.map(|d| d.to_string()),
                alternates: alternates(page, urls, default),
            })
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("entries", &entries);
    theme.render("sitemap.xml", &context).map(|xml| OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() })
}

pub fn robots_txt(urls: &Urls, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("sitemap", &urls.absolute("sitemap.xml"));
    theme.render("robots.txt", &context).map(|text| OutputFile { path: "robots.txt".into(), bytes: text.into_bytes() })
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    href: String,
    updated: String,
}

/// An Atom feed of the pages written in the reader's language, newest review first: what
/// changed is what was checked again.
pub fn feed(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let lang = r.lang;
    let mut entries: Vec<FeedEntry> = r
        .all(None, Part::Content)
        .into_iter()
        .filter_map(|page| {
            let translation = page.translations.get(lang)?;
            let updated = translation.reviewed?;
            r.own(page, Part::Title);
            Some(FeedEntry {
                title: &translation.title,
                summary: translation.summary.as_deref(),
                href: r.urls.absolute(&Urls::page_dir(lang, &page.key)),
                updated: format!("{updated}T00:00:00Z"),
            })
        })
        .collect();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.href.cmp(&b.href)));
    entries.truncate(100);
    let mut context = tera::Context::new();
    context.insert("lang", lang);
    context.insert("title", &r.config().languages.get(lang).map_or("", |l| l.title.as_str()));
    context.insert("subtitle", r.ui("feed_subtitle"));
    context.insert("self_href", &r.urls.absolute(&format!("{lang}/atom.xml")));
    context.insert("home_href", &r.urls.absolute(&format!("{lang}/")));
    context
        .insert("updated", &entries.first().map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()));
    context.insert("entries", &entries);
    theme
        .render("atom.xml", &context)
        .map(|xml| OutputFile { path: format!("{lang}/atom.xml"), bytes: xml.into_bytes() })
}

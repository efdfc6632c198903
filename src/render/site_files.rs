//! The files that gather many pages: the derived listing pages of each language (letter
//! finders, comparison, search, A–Z, glossary index), the root language chooser, the
//! 404 pages, the sitemap, `robots.txt` and the feeds.

use rayon::prelude::*;
use serde::Serialize;

use super::Theme;
use super::listings::compare_dir;
use super::reader::{Part, Reader};
use super::theme::ui;
use super::views::{Alternate, Link, alternates};
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

/// A derived page at `path` below the reader's language folder, titled `title`, with
/// `template` and what `fill` puts in its context.
fn listing(
    r: &Reader,
    theme: &Theme,
    path: &str,
    template: &str,
    title: &str,
    fill: &dyn Fn(&mut tera::Context),
) -> Result<OutputFile, Diagnostic> {
    let dir = format!("{}/{path}", r.lang);
    let mut site = r.site_view(&dir, path, None);
    site.feedback = r.feedback(title, &dir);
    let mut context = tera::Context::new();
    context.insert("site", &site);
    context.insert_value("t", theme.strings_value(r.lang));
    context.insert("title", title);
    fill(&mut context);
    theme.render(template, &context).map(|html| OutputFile { path: format!("{dir}index.html"), bytes: html })
}

pub fn letter_finder(r: &Reader, theme: &Theme, country: &str) -> Result<OutputFile, Diagnostic> {
    let finder = r.letter_finder(country);
    let title = format!("{} – {}", r.ui("letter_finder_title"), finder.country);
    listing(r, theme, &format!("{country}/letters/"), "letters.html", &title, &|c| c.insert("finder", &finder))
}

/// The comparison of every country, or of the two of `pair`: a page for each two is the
/// choice of countries that works without JavaScript (`compare.js` adds a choice of any).
pub fn compare(r: &Reader, theme: &Theme, pair: Option<[&str; 2]>) -> Result<OutputFile, Diagnostic> {
    let comparison = r.comparison(pair);
    let dir = compare_dir(r.lang, pair);
    let path = dir.strip_prefix(&format!("{}/", r.lang)).unwrap_or(&dir);
    let compare_title = r.ui("compare_title");
    let title = match pair {
        Some([a, b]) => {
            r.ui("compare_pair_title").replace("{a}", &r.country_name(a).0).replace("{b}", &r.country_name(b).0)
        }
        None => compare_title.to_string(),
    };
    let parent = pair.map(|_| (compare_title, r.urls.href(&dir, &compare_dir(r.lang, None))));
    listing(r, theme, path, "compare.html", &title, &|c| {
        c.insert("comparison", &comparison);
        if let Some((title, href)) = &parent {
            c.insert("parent", &serde_json::json!({ "title": title, "href": href }));
        }
    })
}

/// The search form and what to browse without it: on the search page and the 404 pages.
#[derive(Serialize)]
struct SearchView<'a> {
    /// The search page, where the form's query goes (`?q=`).
    href: String,
    a_to_z_href: String,
    /// The letter finder of each country with letters.
    finders: Vec<Link<'a>>,
}

fn search_view<'a>(r: &Reader<'a>, from_dir: &str) -> SearchView<'a> {
    SearchView {
        href: r.urls.href(from_dir, &format!("{}/search/", r.lang)),
        a_to_z_href: r.urls.href(from_dir, &format!("{}/a-z/", r.lang)),
        finders: r.letter_finder_links(from_dir),
    }
}

pub fn search(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let search_dir = format!("{}/search/", r.lang);
    let search = search_view(r, &search_dir);
    let kinds: Vec<serde_json::Value> = SEARCH_KINDS
        .iter()
        .map(|kind| serde_json::json!({ "name": kind.name(), "label": r.ui_owned(&format!("group_{}", kind.name())) }))
        .collect();
    listing(r, theme, "search/", "search.html", r.ui("search_title"), &|c| {
        c.insert("finders", &search.finders);
        c.insert("kinds", &kinds);
        c.insert("index_href", r.urls.href(&search_dir, &search_dir).trim_end_matches("index.html"));
        c.insert("a_to_z_href", &search.a_to_z_href);
        c.insert("relative", &r.urls.relative);
    })
}

pub fn a_to_z(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let groups = r.a_to_z();
    let finders = r.letter_finder_links(&format!("{}/a-z/", r.lang));
    listing(r, theme, "a-z/", "a-z.html", r.ui("a_to_z_title"), &|c| {
        c.insert("groups", &groups);
        c.insert("finders", &finders);
    })
}

pub fn glossary_index(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let concepts = r.glossary_index();
    listing(r, theme, "glossary/", "glossary-index.html", r.ui("glossary_title"), &|c| {
        c.insert("concepts", &concepts);
    })
}

/// The root: a chooser that names every language in itself; no redirect, so a Polish
/// reader is never sent to the English site by a browser setting. It is the `x-default`
/// of the home pages, and names them as its alternates. `r` reads in the default language.
pub fn language_chooser(r: &Reader, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let config = r.config();
    let codes = config.language_codes();
    let mut alternates: Vec<Alternate> =
        codes.iter().map(|code| Alternate { hreflang: code, href: r.urls.absolute(&format!("{code}/")) }).collect();
    alternates.push(Alternate { hreflang: "x-default", href: r.urls.absolute("") });
    let mut site = r.site_view("", "", None);
    site.feedback = r.feedback(site.title, "");
    let mut context = tera::Context::new();
    context.insert("site", &site);
    context.insert_value("t", theme.strings_value(r.lang));
    context.insert("alternates", &alternates);
    context.insert(
        "titles",
        &codes.iter().map(|l| config.languages.get(*l).map_or("", |x| x.title.as_str())).collect::<Vec<_>>(),
    );
    theme.render("root.html", &context).map(|html| OutputFile { path: "index.html".into(), bytes: html })
}

/// One language's line on the root 404 page, in that language.
#[derive(Serialize)]
struct LanguageLine<'a> {
    lang: &'a str,
    /// "Page not found", in that language.
    title: &'a str,
    home_href: String,
    /// "Go to the home page", in that language.
    home: &'a str,
    search_href: String,
    search: &'a str,
}

/// A 404 page per language, with the search form, the letter finders and the home page,
/// and one at the root that says it in every language. They are served at any depth, so
/// their links are absolute even when the site uses relative links.
pub fn not_found_pages(r: &Reader, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let absolute = Urls { relative: false, ..r.urls.clone() };
    let codes = r.config().language_codes();
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for lang in &codes {
        let strings = theme.strings_for(lang);
        let in_lang = r.with(&absolute, strings, lang);
        let dir = format!("{lang}/");
        let title = ui(strings, "not_found_title");
        let mut site = in_lang.site_view(&dir, "", None);
        site.feedback = in_lang.feedback(title, &format!("{lang}/404.html"));
        let search = search_view(&in_lang, &dir);
        lines.push(LanguageLine {
            lang,
            title,
            home_href: site.home_href.clone(),
            home: ui(strings, "go_home"),
            search_href: search.href.clone(),
            search: ui(strings, "search_title"),
        });
        let mut context = tera::Context::new();
        context.insert("site", &site);
        context.insert_value("t", theme.strings_value(lang));
        context.insert("search", &search);
        let path = format!("{lang}/404.html");
        out.push(theme.render("404.html", &context).map(|html| OutputFile { path, bytes: html })?);
    }
    let default = r.config().default_language.as_str();
    let strings = theme.strings_for(default);
    let in_default = r.with(&absolute, strings, default);
    let mut site = in_default.site_view("", "", None);
    site.feedback = in_default.feedback(&lines.iter().map(|l| l.title).collect::<Vec<_>>().join(" · "), "404.html");
    let mut context = tera::Context::new();
    context.insert("site", &site);
    context.insert_value("t", theme.strings_value(default));
    context.insert("lines", &lines);
    out.push(theme.render("404-root.html", &context).map(|html| OutputFile { path: "404.html".into(), bytes: html })?);
    Ok(out)
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate<'a>>,
}

/// The most URLs one sitemap file lists. The sitemap protocol allows 50,000; a smaller
/// part keeps the memory a part takes while it is rendered small, and parts render in
/// parallel.
pub const SITEMAP_URLS: usize = 10_000;

/// The pages each sitemap file lists, as ranges of the site's page list: one range while
/// the site has at most [`SITEMAP_URLS`] URLs (every real translation is one), else
/// consecutive ranges of at most that many URLs each, listed by a sitemap index.
pub fn sitemap_parts(site: &crate::model::Site) -> Vec<std::ops::Range<usize>> {
    split_by_urls(site.pages.iter().map(|page| page.translations.len()), SITEMAP_URLS)
}

/// Consecutive ranges of pages, each of at most `most` URLs (a page with more has a range
/// of its own), given each page's number of URLs. Always at least one range.
fn split_by_urls(urls_per_page: impl Iterator<Item = usize>, most: usize) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let (mut start, mut end, mut urls) = (0, 0, 0);
    for (at, count) in urls_per_page.enumerate() {
        if urls + count > most && at > start {
            parts.push(start..at);
            (start, urls) = (at, 0);
        }
        urls += count;
        end = at + 1;
    }
    parts.push(start..end);
    parts
}

/// The sitemap file that lists the pages in `pages`: every real translation with its
/// `hreflang` alternates (fallbacks are left out). `path` is `sitemap.xml` for a site
/// with one part, else a part's own name.
pub fn sitemap(
    r: &Reader,
    theme: &Theme,
    pages: std::ops::Range<usize>,
    path: String,
) -> Result<OutputFile, Diagnostic> {
    let default = r.config().default_language.as_str();
    let urls = r.urls;
    let entries: Vec<SitemapEntry> = r
        .page_range(pages, Part::Content)
        .par_iter()
        .flat_map_iter(|page| {
            page.translations.iter().map(move |(lang, translation)| SitemapEntry {
                loc: urls.page_url(lang, &page.key),
                lastmod: translation.reviewed.map(|d| d.to_string()),
                alternates: alternates(page, urls, default),
            })
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("entries", &entries);
    theme.render("sitemap.xml", &context).map(|xml| OutputFile { path, bytes: xml })
}

/// The name of sitemap part `number` (from 0) of a site with more than one.
pub fn sitemap_part_path(number: usize) -> String {
    format!("sitemap-{}.xml", number + 1)
}

/// `sitemap.xml` of a site with more than one sitemap part: a sitemap index naming each.
pub fn sitemap_index(urls: &Urls, theme: &Theme, parts: usize) -> Result<OutputFile, Diagnostic> {
    let sitemaps: Vec<String> = (0..parts).map(|number| urls.absolute(&sitemap_part_path(number))).collect();
    let mut context = tera::Context::new();
    context.insert("sitemaps", &sitemaps);
    theme.render("sitemap-index.xml", &context).map(|xml| OutputFile { path: "sitemap.xml".into(), bytes: xml })
}

pub fn robots_txt(urls: &Urls, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("sitemap", &urls.absolute("sitemap.xml"));
    theme.render("robots.txt", &context).map(|text| OutputFile { path: "robots.txt".into(), bytes: text })
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
                href: r.urls.page_url(lang, &page.key),
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
    theme.render("atom.xml", &context).map(|xml| OutputFile { path: format!("{lang}/atom.xml"), bytes: xml })
}

#[cfg(test)]
mod tests {
    use super::split_by_urls;

    #[test]
    fn a_site_within_the_limit_has_one_sitemap_with_every_page() {
        assert_eq!(split_by_urls([3, 3, 2].into_iter(), 10), vec![0..3]);
        assert_eq!(split_by_urls(std::iter::empty(), 10), vec![0..0]);
    }

    #[test]
    fn parts_follow_each_other_and_none_lists_more_than_the_limit() {
        let urls = [3, 3, 3, 1, 3, 2, 2];
        let parts = split_by_urls(urls.into_iter(), 6);
        assert_eq!(parts, vec![0..2, 2..4, 4..6, 6..7]);
        for part in &parts {
            assert!(urls[part.clone()].iter().sum::<usize>() <= 6, "{part:?}");
        }
    }

    #[test]
    fn a_page_with_more_urls_than_the_limit_gets_a_part_of_its_own() {
        assert_eq!(split_by_urls([1, 9, 1].into_iter(), 4), vec![0..1, 1..2, 2..3]);
    }
}

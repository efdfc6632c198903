//! The files around the pages (sitemap, feed, robots, 404), relative links, minifying,
//! and the promise that a failed build changes nothing.

use crate::support::{Fixture, attr, one, select};
use signpost::diagnostics::Code;

#[test]
fn the_sitemap_lists_each_translation_with_its_alternates() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    let doc = scraper::Html::parse_fragment(&sitemap);
    let locs: Vec<String> = select(&doc, "url > loc").into_iter().map(|l| l.text().collect()).collect();
    assert!(locs.contains(&"https://example.org/help/nl/nl/organisations/uwv/".to_string()), "{locs:?}");
    // Fallback pages are not in the sitemap: only real translations are.
    assert!(!locs.iter().any(|l| l.contains("/pl/nl/organisations/")), "{locs:?}");
    let uwv_alternates = select(&doc, "url")
        .into_iter()
        .find(|u| u.text().any(|t| t == "https://example.org/help/en/nl/organisations/uwv/"))
        .expect("uwv entry");
    let hreflangs: Vec<String> = uwv_alternates
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|e| e.value().name() == "xhtml:link")
        .map(|e| attr(e, "hreflang"))
        .collect();
    assert_eq!(hreflangs, ["en", "nl", "x-default"]);
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let robots = site.read("robots.txt");
    assert!(robots.lines().any(|l| l == "Sitemap: https://example.org/help/sitemap.xml"), "{robots}");
}

#[test]
fn each_language_has_a_feed_of_pages_newest_review_first() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let feed = scraper::Html::parse_fragment(&site.read("nl/atom.xml"));
    let updated: Vec<String> = select(&feed, "entry > updated").into_iter().map(|u| u.text().collect()).collect();
    assert_eq!(updated, ["2026-11-02T00:00:00Z", "2026-10-02T00:00:00Z", "2026-09-02T00:00:00Z"]);
}

#[test]
fn each_language_has_a_404_page_in_that_language() {
    let site = Fixture::copy("basic");
    site.build_ok();
    for (path, lang) in [("en/404.html", "en"), ("nl/404.html", "nl"), ("pl/404.html", "pl")] {
        let page = site.html(path);
        assert_eq!(attr(one(&page, "html"), "lang"), lang);
        assert_eq!(attr(one(&page, "main p a"), "href"), format!("/help/{lang}/"));
        // The search box, in that language.
        assert_eq!(attr(one(&page, "main form[role=search]"), "action"), format!("/help/{lang}/search/"));
    }
    // The root's names every language, each in its own.
    let root = site.html("404.html");
    let langs: Vec<String> = select(&root, "main li[lang]").into_iter().map(|li| attr(li, "lang")).collect();
    assert_eq!(langs, ["en", "nl", "pl"]);
    for lang in ["en", "nl", "pl"] {
        assert!(!select(&root, &format!("main li[lang={lang}] a[href='/help/{lang}/']")).is_empty(), "{lang}");
    }
}

#[test]
fn relative_urls_work_from_disk() {
    let site = Fixture::copy("basic");
    let mut options = site.options();
    options.relative_urls = true;
    signpost::build(&options).expect("builds");
    let page = site.html("nl/nl/organisations/uwv/index.html");
    assert_eq!(attr(one(&page, "link[rel=stylesheet]"), "href"), "../../../../static/style.css");
    assert_eq!(attr(one(&page, ".site-title"), "href"), "../../../../nl/index.html");
    // Every relative link resolves to a file that exists.
    for a in select(&page, "a[href]") {
        let href = attr(a, "href");
        if href.starts_with('#') || href.starts_with("http") {
            continue;
        }
        let path = href.split('#').next().unwrap_or_default();
        let target = site.output().join("nl/nl/organisations/uwv").join(path);
        assert!(target.is_file(), "{href} → {}", target.display());
    }
}

#[test]
fn html_is_minified_by_default_and_not_with_no_minify() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let plain = site.read("en/index.html");
    let mut options = site.options();
    options.minify = true;
    signpost::build(&options).expect("builds");
    let minified = site.read("en/index.html");
    assert!(minified.len() < plain.len());
    // Minifying keeps the document the same for a reader.
    let (a, b) = (scraper::Html::parse_document(&plain), scraper::Html::parse_document(&minified));
    assert_eq!(crate::support::text(one(&a, "h1")), crate::support::text(one(&b, "h1")));
}

/// A failed build removes its staging folder (and any folder it moved aside).
fn assert_no_staging_left(site: &Fixture) {
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("signpost"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let before = site.output_snapshot();
    site.write("content/nl/organisations/uwv.nl.md", "+++\ntitle = \"UWV\"\nsector = \"private\"\n+++\n");
    assert!(site.build().is_err());
    assert_eq!(site.output_snapshot(), before);
    assert_no_staging_left(&site);
}

#[test]
fn a_template_error_found_after_pages_were_written_leaves_the_previous_output() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let before = site.output_snapshot();
    // 404 pages are rendered after every content page, and `build` writes each page as
    // soon as it is rendered: the staging folder already holds pages when this fails.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}{{ t.no_such_string }}{% endblock main %}",
    );
    let errors = site.build_err();
    assert!(errors.iter().any(|d| d.code == Code::Template), "{errors:?}");
    assert_eq!(site.output_snapshot(), before);
    assert_no_staging_left(&site);
}

#[test]
fn an_output_inside_the_content_is_refused_and_nothing_is_written() {
    let site = Fixture::copy("basic");
    let mut options = site.options();
    options.output = site.content().join("public");
    let failure = signpost::build(&options).expect_err("must refuse");
    assert_eq!(failure.exit_code(), 2);
    assert!(failure.diagnostics().iter().any(|d| d.code == Code::BadOutput));
    assert!(!site.content().join("public").exists());
}

#[test]
fn the_same_content_builds_the_same_bytes() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let first = site.output_snapshot();
    site.build_ok();
    assert_eq!(site.output_snapshot(), first);
}

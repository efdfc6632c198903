//! Every page in every language: translations, fallbacks, hreflang, the switcher.

use crate::support::{Fixture, attr, one, select, text};

#[test]
fn every_page_is_built_in_every_language() {
    let site = Fixture::copy("basic");
    let report = site.build_ok();
    for lang in ["en", "nl", "pl"] {
        assert_eq!(report.languages[lang].pages, 6, "{lang}");
        one(&site.html(&format!("{lang}/nl/organisations/uwv/index.html")), "h1");
    }
    assert_eq!(report.languages["en"].fallbacks, 0);
    assert_eq!(report.languages["pl"].fallbacks, 5);
}

#[test]
fn html_lang_is_the_readers_language_and_the_text_keeps_its_own() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("pl/nl/organisations/uwv/index.html");
    assert_eq!(attr(one(&page, "html"), "lang"), "pl");
    // Polish falls back to Dutch first (site.toml), then English.
    // The fallback text carries its own language; the page's own words stay Polish.
    assert_eq!(attr(one(&page, "article h1"), "lang"), "nl");
    assert_eq!(attr(one(&page, "article .content"), "lang"), "nl");
    assert!(one(&page, ".fallback-notice").value().attr("lang").is_none());
}

#[test]
fn a_fallback_page_says_so_in_the_readers_language_and_links_the_original() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("pl/nl/organisations/uwv/index.html");
    let notice = one(&page, ".fallback-notice");
    assert!(text(notice).contains("wersję po niderlandzku"), "{}", text(notice));
    assert!(text(notice).starts_with("Ta strona"), "notice must be in Polish: {}", text(notice));
    assert_eq!(attr(one(&page, ".fallback-notice a"), "href"), "/help/nl/nl/organisations/uwv/");
}

#[test]
fn a_translated_page_has_no_fallback_notice() {
    let site = Fixture::copy("basic");
    site.build_ok();
    assert!(select(&site.html("nl/nl/organisations/uwv/index.html"), ".fallback-notice").is_empty());
}

#[test]
fn hreflang_lists_real_translations_and_x_default() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("pl/nl/organisations/uwv/index.html");
    let alternates: Vec<(String, String)> = select(&page, "link[rel=alternate][hreflang]")
        .into_iter()
        .map(|l| (attr(l, "hreflang"), attr(l, "href")))
        .collect();
    assert_eq!(
        alternates,
        [
            ("en".into(), "https://example.org/help/en/nl/organisations/uwv/".into()),
            ("nl".into(), "https://example.org/help/nl/nl/organisations/uwv/".into()),
            ("x-default".into(), "https://example.org/help/en/nl/organisations/uwv/".into()),
        ]
    );
    // A fallback page points search engines at the page it shows.
    assert_eq!(attr(one(&page, "link[rel=canonical]"), "href"), "https://example.org/help/nl/nl/organisations/uwv/");
}

#[test]
fn the_language_switcher_keeps_the_reader_on_the_same_page() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    let links: Vec<(String, String)> =
        select(&page, ".language-switcher a").into_iter().map(|a| (text(a), attr(a, "href"))).collect();
    assert_eq!(
        links,
        [
            ("English".into(), "/help/en/nl/procedures/poortwachter/".into()),
            ("Nederlands".into(), "/help/nl/nl/procedures/poortwachter/".into()),
            ("Polski".into(), "/help/pl/nl/procedures/poortwachter/".into()),
        ]
    );
    assert_eq!(attr(one(&page, ".language-switcher a[aria-current]"), "lang"), "en");
}

#[test]
fn a_translation_inherits_facts_it_does_not_repeat() {
    let site = Fixture::copy("basic");
    site.build_ok();
    // Sources are written only in the English original.
    let page = site.html("nl/nl/organisations/uwv/index.html");
    assert_eq!(text(one(&page, ".sources li")), "About UWV. UWV, 2025.");
}

#[test]
fn internal_links_go_to_the_readers_language_unless_pinned() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("nl/nl/procedures/poortwachter/index.html");
    assert_eq!(attr(one(&page, ".content a"), "href"), "/help/nl/nl/organisations/uwv/#contact");
    let english = site.html("pl/nl/procedures/poortwachter/index.html");
    // Polish readers see the Dutch text, whose link leads to the Polish page.
    assert_eq!(attr(one(&english, ".content a"), "href"), "/help/pl/nl/organisations/uwv/#contact");
    let original = site.html("en/nl/procedures/poortwachter/index.html");
    let hrefs: Vec<String> = select(&original, ".content a").into_iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["/help/en/nl/organisations/uwv/", "/help/en/nl/organisations/uwv/#contact"]);
}

#[test]
fn dates_are_written_in_the_readers_language() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let home = site.html("nl/index.html");
    let reviewed = one(&home, ".reviewed time");
    assert_eq!(text(reviewed), "2 november 2026");
    assert_eq!(attr(reviewed, "datetime"), "2026-11-02");
    assert_eq!(text(one(&site.html("pl/index.html"), ".reviewed time")), "3 listopada 2026");
}

#[test]
fn the_root_lets_the_reader_choose_a_language() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let root = site.html("index.html");
    let names: Vec<String> = select(&root, "main a").into_iter().map(text).collect();
    assert_eq!(names, ["English", "Nederlands", "Polski"]);
}

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

/// `build` writes files as they are made, and the data export while it is serialised;
/// `prepare` (what `serve` and `check` use) renders them into memory. Both give the same
/// files with the same bytes.
#[test]
fn what_a_build_writes_is_byte_for_byte_what_is_rendered_in_memory() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let mut written: Vec<(String, Vec<u8>)> = site
        .output_snapshot()
        .into_iter()
        .map(|(path, bytes)| {
            let relative = path.strip_prefix(site.output()).expect("below the output");
            (relative.to_string_lossy().replace('\\', "/"), bytes)
        })
        .filter(|(path, _)| path != signpost::write::MARKER)
        .collect();
    written.sort();
    let rendered: Vec<(String, Vec<u8>)> = signpost::prepare(&site.options())
        .expect("builds")
        .files
        .into_iter()
        .map(|file| (file.path, file.bytes))
        .collect();
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&written), paths(&rendered));
    assert!(rendered.iter().any(|(path, bytes)| path == "data/site.json" && bytes.len() > 1000), "the export");
    for ((path, on_disk), (_, in_memory)) in written.iter().zip(&rendered) {
        assert!(on_disk == in_memory, "{path} differs between the build and the render in memory");
    }
}

/// An element as the parser sees it: its name, its attributes sorted, and its text nodes
/// with white space collapsed (those of white space only left out).
type ElementShape = (String, Vec<(String, String)>, Vec<String>);

fn element_shapes(html: &scraper::Html) -> Vec<ElementShape> {
    html.root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .map(|element| {
            let mut attributes: Vec<(String, String)> =
                element.value().attrs().map(|(name, value)| (name.to_string(), value.to_string())).collect();
            attributes.sort();
            let texts = element
                .children()
                .filter_map(|child| {
                    child.value().as_text().map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
                })
                .filter(|text| !text.is_empty())
                .collect();
            (element.value().name().to_string(), attributes, texts)
        })
        .collect()
}

#[test]
fn a_minified_page_has_the_elements_attributes_and_words_of_the_plain_one() {
    let site = Fixture::copy("domain");
    let plain_output = site.root.join("plain");
    signpost::build(&signpost::BuildOptions { output: plain_output.clone(), ..site.options() }).expect("plain build");
    signpost::build(&signpost::BuildOptions { minify: true, ..site.options() }).expect("minified build");
    let plain = crate::support::snapshot(&plain_output);
    let minified = crate::support::snapshot(&site.output());
    assert_eq!(plain.len(), minified.len());
    let mut pages = 0;
    for ((plain_path, plain_bytes), (minified_path, minified_bytes)) in plain.iter().zip(&minified) {
        assert_eq!(plain_path.strip_prefix(&plain_output).ok(), minified_path.strip_prefix(site.output()).ok());
        if plain_path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let parse = |bytes: &[u8]| scraper::Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"));
        let (plain_page, minified_page) = (parse(plain_bytes), parse(minified_bytes));
        assert_eq!(element_shapes(&minified_page), element_shapes(&plain_page), "{}", plain_path.display());
        assert!(minified_bytes.len() < plain_bytes.len(), "{} is not smaller minified", plain_path.display());
        let minified_text = String::from_utf8_lossy(minified_bytes);
        assert!(minified_text.contains("</p>") || !minified_text.contains("<p"), "closing tags stay");
    }
    assert!(pages > 20, "compared {pages} pages");
}

#[test]
fn a_template_error_in_a_minified_build_names_the_line_the_author_wrote() {
    let site = Fixture::copy("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p class=\"a\">\n  {{ t.go_home }}\n</p>\n{{ t.no_such_string }}\n{% endblock main %}",
    );
    let failure = signpost::build(&signpost::BuildOptions { minify: true, ..site.options() }).expect_err("fails");
    let errors: Vec<_> = failure.diagnostics().iter().filter(|d| d.is_error()).cloned().collect();
    assert_eq!(crate::support::place(&errors[0]), (Code::Template, "404.html".into(), 6));
}

#[test]
fn minified_style_sheets_and_scripts_are_smaller_and_keep_their_words() {
    let site = Fixture::copy("basic");
    signpost::build(&signpost::BuildOptions { minify: true, ..site.options() }).expect("minified build");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for name in ["style.css", "search.js"] {
        let written = site.read(&format!("static/{name}"));
        let source = std::fs::read_to_string(theme.join(name)).expect("theme file");
        assert!(written.len() * 10 < source.len() * 9, "{name}: {} bytes of {}", written.len(), source.len());
        assert!(written.contains(if name.ends_with(".css") { ".skip-link" } else { "SignpostSearch" }), "{name}");
    }
}

//! Markdown features and the encodings editors save files in.

use crate::support::{Fixture, attr, one, select, text};

#[test]
fn written_heading_ids_are_kept_and_others_get_unique_slugs() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("en/nl/organisations/uwv/index.html");
    let ids: Vec<String> = select(&page, ".content h2").into_iter().map(|h| attr(h, "id")).collect();
    assert_eq!(ids, ["contact", "opening-hours", "opening-hours-2"]);
}

#[test]
fn tables_footnotes_and_smart_punctuation_render() {
    let site = Fixture::copy("basic");
    site.build_ok();
    let page = site.html("en/nl/organisations/uwv/index.html");
    let cells: Vec<String> = select(&page, ".content table td").into_iter().map(text).collect();
    assert_eq!(cells, ["Monday", "8–17"]);
    assert_eq!(select(&page, ".content .footnote-definition").len(), 1);
    let first = text(select(&page, ".content p")[0]);
    assert_eq!(first, "UWV pays benefits – and “checks” them.");
}

#[test]
fn raw_html_in_markdown_is_shown_as_text_not_run() {
    let site = Fixture::copy("basic");
    site.write(
        "content/about.en.md",
        "+++\ntitle = \"About\"\n+++\n<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> [x](javascript:alert(1))\n",
    );
    site.build_ok();
    let page = site.html("en/about/index.html");
    assert!(select(&page, "script").is_empty());
    assert!(select(&page, ".content img").is_empty());
    assert!(select(&page, "a[href^='javascript']").is_empty());
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_build_the_same_page() {
    let site = Fixture::copy("basic");
    let crlf = "\u{feff}+++\r\ntitle = \"Windows file\"\r\nreviewed = 2026-11-01\r\n+++\r\n## Step one {#one}\r\n\r\nText.\r\n";
    site.write("content/windows.en.md", crlf);
    site.build_ok();
    let page = site.html("en/windows/index.html");
    assert_eq!(text(one(&page, "h1")), "Windows file");
    assert_eq!(attr(one(&page, ".content h2"), "id"), "one");
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters_work() {
    let site = Fixture::copy("basic");
    site.write("content/nl/Ziek uit dienst.en.md", "+++\ntitle = \"Sick without a job\"\n+++\nText.\n");
    site.write("content/nl/førtidspension.en.md", "+++\ntitle = \"Early pension\"\n+++\nText.\n");
    site.build_ok();
    one(&site.html("en/nl/ziek-uit-dienst/index.html"), "h1");
    one(&site.html("en/nl/førtidspension/index.html"), "h1");
}

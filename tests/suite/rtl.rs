//! Right-to-left languages, on the Arabic fixture (`tests/fixtures/rtl`): `dir` on every
//! page and on text in a language of the other direction, the mirrored timeline, and a
//! stylesheet without physical left and right.

use std::path::Path;

use crate::support::{Fixture, attr, one, select, text};

/// Every HTML file of the output, as paths relative to it.
fn html_pages(site: &Fixture) -> Vec<String> {
    let output = site.output();
    let mut pages: Vec<String> = walkdir::WalkDir::new(&output)
        .into_iter()
        .map(|entry| entry.expect("output readable"))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "html"))
        .map(|entry| entry.path().strip_prefix(&output).expect("inside output").to_string_lossy().replace('\\', "/"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_arabic_page_runs_right_to_left_and_every_english_page_left_to_right() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    let pages = html_pages(&site);
    let arabic: Vec<&String> = pages.iter().filter(|p| p.starts_with("ar/")).collect();
    let english: Vec<&String> = pages.iter().filter(|p| p.starts_with("en/")).collect();
    assert!(arabic.len() >= 10 && english.len() >= 10, "{pages:?}");
    for page in arabic {
        let html = site.html(page);
        let root = one(&html, "html");
        assert_eq!((attr(root, "lang").as_str(), attr(root, "dir").as_str()), ("ar", "rtl"), "{page}");
    }
    for page in english {
        let html = site.html(page);
        let root = one(&html, "html");
        assert_eq!((attr(root, "lang").as_str(), attr(root, "dir").as_str()), ("en", "ltr"), "{page}");
    }
}

#[test]
fn an_english_fallback_inside_the_arabic_site_runs_left_to_right() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    // The employer has no Arabic text: the page is Arabic around English.
    let page = site.html("ar/nl/organisations/werkgever/index.html");
    assert_eq!(attr(one(&page, "html"), "dir"), "rtl");
    // The English text (heading, summary, body) carries its language and direction; the
    // interface around it stays Arabic.
    let heading = one(&page, "article h1");
    assert_eq!((attr(heading, "lang").as_str(), attr(heading, "dir").as_str()), ("en", "ltr"));
    assert_eq!(text(heading), "Your employer (werkgever)");
    let body = one(&page, "article .content");
    assert_eq!((attr(body, "lang").as_str(), attr(body, "dir").as_str()), ("en", "ltr"));
    assert!(text(one(&page, ".fallback-notice")).starts_with("هذه الصفحة"), "the notice is Arabic");
    // Its name inside an Arabic page (the procedure's steps) is marked where it appears.
    let procedure = site.html("ar/nl/procedures/poortwachter/index.html");
    let names = select(&procedure, r#"a[href$="/organisations/werkgever/"] span[lang]"#);
    assert!(!names.is_empty());
    for name in names {
        assert_eq!((attr(name, "lang").as_str(), attr(name, "dir").as_str()), ("en", "ltr"), "{}", name.html());
    }
    // A step's right that the Arabic translation lacks shows in English, marked.
    let rights = select(&procedure, "#wia-besluit dd span[lang]")
        .into_iter()
        .find(|span| text(*span) == "You may object within six weeks.")
        .expect("the English right");
    assert_eq!((attr(rights, "lang").as_str(), attr(rights, "dir").as_str()), ("en", "ltr"));
    // An Arabic name inside an Arabic text stays unmarked.
    for uwv in select(&procedure, r#"article a[href$="/organisations/uwv/"]"#) {
        assert!(uwv.value().attr("dir").is_none(), "{}", uwv.html());
    }
}

#[test]
fn each_language_link_runs_its_own_way() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    let english = site.html("en/nl/procedures/poortwachter/index.html");
    let to_arabic = one(&english, r#".language-switcher a[hreflang="ar"]"#);
    assert_eq!((attr(to_arabic, "lang").as_str(), attr(to_arabic, "dir").as_str()), ("ar", "rtl"));
    let arabic = site.html("ar/nl/procedures/poortwachter/index.html");
    let to_english = one(&arabic, r#".language-switcher a[hreflang="en"]"#);
    assert_eq!((attr(to_english, "lang").as_str(), attr(to_english, "dir").as_str()), ("en", "ltr"));
    let root = site.html("index.html");
    assert_eq!(attr(one(&root, r#".language-chooser li[lang="ar"]"#), "dir"), "rtl");
    assert_eq!(attr(one(&root, r#".language-chooser li[lang="en"]"#), "dir"), "ltr");
}

#[test]
fn addresses_and_phone_numbers_run_left_to_right_in_arabic() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    let page = site.html("ar/nl/organisations/uwv/index.html");
    let phone = one(&page, r#"article a[href="tel:+31888989294"]"#);
    assert_eq!(attr(phone, "dir"), "ltr");
    assert_eq!(text(phone), "088 898 92 94");
    let websites = select(&page, r#"article a[href="https://www.uwv.nl/"]"#);
    assert_eq!(websites.len(), 2, "the organisation's website and the link in its text");
    assert!(websites.iter().all(|a| attr(*a, "dir") == "ltr"));
    assert!(select(&page, r#"dd span[dir="ltr"]"#).iter().any(|s| text(*s) == "+31 88 898 92 94"));
}

fn first<'a>(html: &'a scraper::Html, css: &str) -> scraper::ElementRef<'a> {
    select(html, css).into_iter().next().unwrap_or_else(|| panic!("no `{css}`"))
}

/// The across positions of the timeline's axis, dots, week labels and step labels (the
/// first row's: all rows share them), and the picture's `direction`.
fn timeline_positions(site: &Fixture, page: &str) -> (Vec<i64>, Option<String>) {
    let html = site.html(page);
    let svg = one(&html, "svg.timeline");
    let number = |element: scraper::ElementRef, name: &str| -> i64 {
        attr(element, name).parse().unwrap_or_else(|_| panic!("{name} of {}", element.html()))
    };
    let positions = vec![
        number(one(&html, "svg.timeline line.axis"), "x1"),
        number(first(&html, "svg.timeline circle.dot"), "cx"),
        number(first(&html, "svg.timeline text.week"), "x"),
        number(first(&html, "svg.timeline text.label"), "x"),
    ];
    (positions, svg.value().attr("direction").map(str::to_string))
}

#[test]
fn the_timeline_is_mirrored_in_arabic() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    let (english, english_direction) = timeline_positions(&site, "en/nl/procedures/poortwachter/index.html");
    let (arabic, arabic_direction) = timeline_positions(&site, "ar/nl/procedures/poortwachter/index.html");
    assert_eq!(english_direction, None, "left to right needs no attribute");
    assert_eq!(arabic_direction.as_deref(), Some("rtl"), "labels anchored from the right");
    let html = site.html("ar/nl/procedures/poortwachter/index.html");
    let width: i64 = attr(one(&html, "svg.timeline"), "width").parse().expect("a width");
    let mirrored: Vec<i64> = english.iter().map(|x| width - x).collect();
    assert_eq!(arabic, mirrored, "English {english:?}");
    assert!(arabic[0] > width / 2, "the axis sits on the right: {arabic:?}");
    // The labels are the Arabic step titles, in order.
    let labels: Vec<String> = select(&html, "svg.timeline text.label").into_iter().map(text).collect();
    assert!(labels.first().is_some_and(|l| l.starts_with("1. تُبلغ")), "{labels:?}");
}

#[test]
fn site_toml_direction_overrides_what_the_code_says() {
    let site = Fixture::copy("rtl");
    let config = site.root.join("content/site.toml");
    let text = std::fs::read_to_string(&config).expect("site.toml");
    let changed = text.replace("title = \"الدليل\"", "title = \"الدليل\"\ndirection = \"ltr\"");
    assert_ne!(text, changed);
    std::fs::write(&config, changed).expect("write site.toml");
    site.build_ok();
    let page = site.html("ar/nl/index.html");
    assert_eq!(attr(one(&page, "html"), "dir"), "ltr");
    let (positions, direction) = timeline_positions(&site, "ar/nl/procedures/poortwachter/index.html");
    assert_eq!((positions[0], direction), (84, None));
}

#[test]
fn a_direction_that_is_neither_ltr_nor_rtl_is_refused() {
    let site = Fixture::copy("rtl");
    let config = site.root.join("content/site.toml");
    let text = std::fs::read_to_string(&config).expect("site.toml");
    std::fs::write(&config, text.replace("title = \"الدليل\"", "title = \"الدليل\"\ndirection = \"right\""))
        .expect("write site.toml");
    let errors = site.build_err();
    assert!(!errors.is_empty());
    let rendered: String = errors.iter().map(|e| format!("{e:?}")).collect();
    assert!(rendered.contains("rtl"), "says what it takes: {rendered}");
}

/// The declarations in `css` that say left or right: a physical property (`margin-left`,
/// `left`, `border-top-right-radius`), a value (`text-align: left`, `float: right`), or
/// a four-value shorthand whose left and right differ (`padding: 0 0 1rem 1.25rem`).
/// Comments and strings are left out.
fn physical_declarations(css: &str) -> Vec<String> {
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find(['/', '"', '\'']) {
        plain.push_str(&rest[..at]);
        let quote = &rest[at..at + 1];
        rest = &rest[at..];
        let end = if quote == "/" && rest.starts_with("/*") {
            rest.find("*/").map_or(rest.len(), |e| e + 2)
        } else if quote == "/" {
            plain.push('/');
            1
        } else {
            plain.push_str("\"\"");
            rest[1..].find(quote).map_or(rest.len(), |e| e + 2)
        };
        rest = &rest[end..];
    }
    plain.push_str(rest);
    let mut found = Vec::new();
    for declaration in plain.split(['{', '}', ';']) {
        let Some((property, value)) = declaration.split_once(':') else { continue };
        let property = property.trim().to_ascii_lowercase();
        // A selector (`a:visited`) has no value before the next brace; a property is a
        // single word.
        if property.is_empty() || !property.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            continue;
        }
        let value = value.trim().to_ascii_lowercase();
        let words: Vec<&str> = value.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')).collect();
        let physical_property = property.split('-').any(|part| part == "left" || part == "right");
        let physical_value = words.iter().any(|w| *w == "left" || *w == "right");
        let values: Vec<&str> = value.split_whitespace().filter(|v| *v != "!important").collect();
        let four_sided =
            ["margin", "padding", "inset", "border-width", "border-style", "border-color", "border-radius"]
                .contains(&property.as_str());
        let uneven = four_sided && values.len() == 4 && values.get(1) != values.get(3);
        if physical_property || physical_value || uneven {
            found.push(format!("{property}: {value}"));
        }
    }
    found
}

#[test]
fn the_physical_check_finds_left_and_right() {
    let css = "a:visited { color: red; } .x { margin-left: 1rem; } .y { text-align: right; }\n\
               .z { padding: 0 0 1rem 1.25rem; } .w { left: 0; } .v { border-top-left-radius: 2px; }\n\
               .ok { margin: 0 auto; padding: 0 1rem 0.5rem; content: \"left\"; inset-inline-start: 0; }\n\
               /* margin-right: 0; */ .u { float: left !important; }";
    assert_eq!(
        physical_declarations(css),
        [
            "margin-left: 1rem",
            "text-align: right",
            "padding: 0 0 1rem 1.25rem",
            "left: 0",
            "border-top-left-radius: 2px",
            "float: left !important",
        ]
    );
}

#[test]
fn the_default_theme_says_start_and_end_not_left_and_right() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css");
    let css = std::fs::read_to_string(&path).expect("the default theme's stylesheet");
    assert!(css.contains("inset-inline-start"), "the stylesheet is the one expected");
    let physical = physical_declarations(&css);
    assert!(
        physical.is_empty(),
        "{}: use logical properties (margin-inline-start, padding-inline-end, inset-inline-start, \
         border-inline-start, text-align: start), so pages in Arabic mirror: {physical:#?}",
        path.display()
    );
}

#[test]
fn the_arrow_from_a_letter_to_its_reader_points_the_way_the_text_reads() {
    let site = Fixture::copy("rtl");
    site.build_ok();
    let arrow_of = |page: &str| -> String {
        let html = site.html(page);
        let step = one(&html, "#wia-besluit");
        let dd = step
            .select(&scraper::Selector::parse("dd").expect("selector"))
            .find(|dd| {
                dd.select(&scraper::Selector::parse(r#"a[href$="/letters/wia-besluit/"]"#).expect("selector"))
                    .next()
                    .is_some()
            })
            .expect("the step's letter");
        text(dd).chars().filter(|c| matches!(c, '←' | '→')).collect()
    };
    assert_eq!(arrow_of("en/nl/procedures/poortwachter/index.html"), "→");
    assert_eq!(arrow_of("ar/nl/procedures/poortwachter/index.html"), "←");
}

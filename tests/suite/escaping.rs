//! Script injection: XSS payloads in every field that reaches the output, checked on the
//! parsed output, never on substrings of it.
//!
//! For each field and payload the `domain` fixture is built twice, minified and not:
//! once with the payload, once with an inert text of the same length and words. Then:
//!
//! - every HTML page has no `<script>` but the theme's `calculator.js`, `steps.js` and `search.js`, no `on*`
//!   attribute, no `href`/`src`/… with a script URL (`javascript:`, `vbscript:`, `data:`
//!   as a browser reads it: trimmed, tabs and newlines removed, any case), no frame,
//!   object, `<base>` or refresh, and no SVG but the timeline, which holds only its own
//!   kinds of element;
//! - for a front-matter or `site.toml` text, every HTML page has exactly the elements and
//!   attributes it has with the inert text: a payload adds nothing to the document;
//! - `sitemap.xml` and every `atom.xml` pass a strict reading: only the elements of their
//!   schema, every attribute quoted, every `<` that opens no known element and every `&`
//!   that starts no entity is an error; `data/site.json` is valid JSON;
//! - the payload is shown as text where the field is shown (and in the feed and the
//!   export as data), character for character.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{ElementRef, Html};
use serde_json::Value;
use signpost::BuildOptions;
use signpost::diagnostics::Code;

use crate::support::{Fixture, attr, one, select, text};

const PAYLOADS: [&str; 6] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
    "</title><script>alert(1)</script>",
    "]]></x><script>",
];

/// URLs a browser would run as script, as an editor (or an attacker) might write them.
const SCRIPT_URLS: [&str; 6] = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
];

/// `text` as a TOML string value.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The payload with every character that is not a letter, digit or space replaced by
/// `x`: the same length and words (so the timeline wraps it the same way), nothing that
/// means anything in HTML, XML, TOML, markdown or a URL.
fn inert(payload: &str) -> String {
    payload.chars().map(|c| if c.is_alphanumeric() || c == ' ' { c } else { 'x' }).collect()
}

/// Replaces `from` (which must be there) in a file of the site.
fn replace(site: &Fixture, path: &str, from: &str, to: &str) {
    let original = std::fs::read_to_string(site.root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(original.contains(from), "`{from}` is not in {path}");
    site.write(path, original.replacen(from, to, 1));
}

fn build(site: &Fixture, minify: bool) -> Result<(), signpost::BuildFailure> {
    signpost::build(&BuildOptions { minify, ..site.options() }).map(|_| ())
}

fn build_ok(site: &Fixture, minify: bool) {
    if let Err(failure) = build(site, minify) {
        panic!("build failed:\n{}", failure.diagnostics().to_human(false));
    }
}

// ---------------------------------------------------------------------------------------
// What no output file may contain.

/// A URL a browser would run as script: leading and trailing controls and spaces are
/// ignored, tabs and newlines anywhere are removed, the scheme is case-insensitive.
fn is_script_url(value: &str) -> bool {
    let cleaned: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| cleaned.starts_with(scheme))
}

const URL_ATTRIBUTES: [&str; 9] =
    ["href", "src", "action", "formaction", "poster", "data", "background", "cite", "srcset"];
/// The timeline's parts: each step's mark is a link (`a`) with a hit area (`rect`).
const TIMELINE_ELEMENTS: [&str; 8] = ["title", "desc", "line", "g", "a", "rect", "circle", "text"];

fn html_problems(file: &str, document: &Html) -> Vec<String> {
    let mut problems = Vec::new();
    for element in select(document, "*") {
        let name = element.value().name();
        let at = format!("{file}: <{name}>");
        if name == "script" {
            let src = element.value().attr("src").unwrap_or_default();
            let theirs = ["static/calculator.js", "static/steps.js", "static/search.js", "static/compare.js"]
                .iter()
                .any(|s| src.ends_with(s));
            if !theirs || !element.text().collect::<String>().trim().is_empty() {
                problems.push(format!("{at} is not one of the theme's scripts (src `{src}`)"));
            }
        }
        if ["iframe", "frame", "frameset", "object", "embed", "applet", "base", "math"].contains(&name)
            || (name == "meta" && element.value().attr("http-equiv").is_some())
        {
            problems.push(format!("{at} must not be in a page"));
        }
        if name == "svg" {
            if !element.value().classes().any(|c| c == "timeline") {
                problems.push(format!("{at} is an SVG other than the timeline"));
            }
            for inner in element.descendants().skip(1).filter_map(ElementRef::wrap) {
                if !TIMELINE_ELEMENTS.contains(&inner.value().name()) {
                    problems.push(format!("{at} holds a <{}>", inner.value().name()));
                }
            }
        }
        for (attribute, value) in element.value().attrs() {
            if attribute.to_ascii_lowercase().starts_with("on") {
                problems.push(format!("{at} has the event handler {attribute}=\"{value}\""));
            }
            if URL_ATTRIBUTES.contains(&attribute.to_ascii_lowercase().as_str()) && is_script_url(value) {
                problems.push(format!("{at} has the script URL {attribute}=\"{value}\""));
            }
        }
    }
    problems
}

/// One element of a strictly read XML file: its path from the root
/// (`feed/entry/title`), its attributes and its own text, both unescaped.
#[derive(Debug)]
struct XmlElement {
    path: String,
    attributes: Vec<(String, String)>,
    text: String,
}

fn unescape_xml(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semicolon = rest[amp..].find(';').ok_or_else(|| format!("a bare `&` in `{text}`"))?;
        let entity = &rest[amp + 1..amp + semicolon];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = match entity.strip_prefix("#x") {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => entity.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                number.and_then(char::from_u32).ok_or_else(|| format!("an unknown entity `&{entity};`"))?
            }
        };
        out.push(decoded);
        rest = &rest[amp + semicolon + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Reads an XML file whose elements must all be in `schema`: only characters XML 1.0
/// allows, tags well formed and balanced, attributes double-quoted, one root, no
/// comments, CDATA or processing instructions after the declaration. Any `<` that does not open or close a schema
/// element is an error, so unescaped text cannot pass.
fn read_xml(xml: &str, schema: &[&str]) -> Result<Vec<XmlElement>, String> {
    if let Some(c) =
        xml.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}')
    {
        return Err(format!("the character U+{:04X} is not allowed in XML", u32::from(c)));
    }
    let mut rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("the file does not start with the XML declaration")?;
    let mut elements: Vec<XmlElement> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let next = rest.find('<');
        let text = unescape_xml(&rest[..next.unwrap_or(rest.len())])?;
        match open.last() {
            Some(&i) => elements[i].text.push_str(&text),
            None if !text.trim().is_empty() => return Err(format!("text outside the root: `{text}`")),
            None => {}
        }
        let Some(next) = next else { break };
        let end = rest[next..].find('>').ok_or("a tag is never closed")? + next;
        let tag = &rest[next + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let i = open.pop().ok_or_else(|| format!("`</{name}>` closes nothing"))?;
            let expected = elements[i].path.rsplit('/').next().unwrap_or_default();
            if expected != name {
                return Err(format!("`</{name}>` closes `<{expected}>`"));
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !schema.contains(&name) {
            return Err(format!("`<{tag}>` is not an element of the schema"));
        }
        let mut attributes = Vec::new();
        let mut rest_of_tag = &tag[name_end..];
        loop {
            let trimmed = rest_of_tag.trim_start();
            if trimmed.is_empty() {
                break;
            }
            if trimmed.len() == rest_of_tag.len() {
                return Err(format!("attributes of `<{name}>` run together"));
            }
            let (attribute, after) =
                trimmed.split_once("=\"").ok_or_else(|| format!("a bad attribute in `<{tag}>`"))?;
            if attribute.is_empty() || !attribute.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-') {
                return Err(format!("a bad attribute name `{attribute}` in `<{name}>`"));
            }
            let (value, after) = after.split_once('"').ok_or_else(|| format!("an unclosed attribute in `<{name}>`"))?;
            if value.contains('<') {
                return Err(format!("a `<` in the attribute {attribute} of `<{name}>`"));
            }
            attributes.push((attribute.to_string(), unescape_xml(value)?));
            rest_of_tag = after;
        }
        let path = match open.last() {
            Some(&parent) => format!("{}/{name}", elements[parent].path),
            None => {
                roots += 1;
                if roots > 1 {
                    return Err("more than one root element".into());
                }
                name.to_string()
            }
        };
        elements.push(XmlElement { path, attributes, text: String::new() });
        if !empty {
            open.push(elements.len() - 1);
        }
    }
    match open.last() {
        Some(&i) => Err(format!("`<{}>` is never closed", elements[i].path)),
        None if roots == 0 => Err("no root element".into()),
        None => Ok(elements),
    }
}

const SITEMAP_SCHEMA: [&str; 5] = ["urlset", "url", "loc", "lastmod", "xhtml:link"];
const ATOM_SCHEMA: [&str; 10] =
    ["feed", "title", "subtitle", "id", "link", "updated", "author", "name", "entry", "summary"];

/// Checks every file of the output for injected markup and script (see the module
/// comment), and panics with every problem found.
fn assert_no_injection(site: &Fixture) {
    let mut problems = Vec::new();
    for (path, bytes) in site.output_snapshot() {
        let file = path.strip_prefix(site.output()).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let Some(extension) = Path::new(&file).extension().and_then(|e| e.to_str()) else { continue };
        let text = || String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{file} is not UTF-8"));
        match extension {
            "html" => problems.extend(html_problems(&file, &Html::parse_document(&text()))),
            "xml" => {
                let schema: &[&str] = if file == "sitemap.xml" { &SITEMAP_SCHEMA } else { &ATOM_SCHEMA };
                match read_xml(&text(), schema) {
                    Err(problem) => problems.push(format!("{file}: {problem}")),
                    Ok(elements) => {
                        for element in elements {
                            for (attribute, value) in &element.attributes {
                                if attribute.starts_with("on") || (attribute == "href" && is_script_url(value)) {
                                    problems.push(format!("{file}: <{}> has {attribute}=\"{value}\"", element.path));
                                }
                            }
                        }
                    }
                }
            }
            "json" => {
                if let Err(problem) = serde_json::from_str::<Value>(&text()) {
                    problems.push(format!("{file}: not valid JSON: {problem}"));
                }
            }
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// How many elements of each name with each set of attribute names a page has.
fn shape(document: &Html) -> BTreeMap<String, usize> {
    let mut shape = BTreeMap::new();
    for element in select(document, "*") {
        let mut attributes: Vec<&str> = element.value().attrs().map(|(name, _)| name).collect();
        attributes.sort_unstable();
        *shape.entry(format!("{}[{}]", element.value().name(), attributes.join(" "))).or_insert(0) += 1;
    }
    shape
}

/// Every HTML page of `site` has the elements and attributes it has in `plain`.
fn assert_same_shape(plain: &Fixture, site: &Fixture, payload: &str) {
    let pages = |fixture: &Fixture| -> BTreeMap<String, BTreeMap<String, usize>> {
        fixture
            .output_snapshot()
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
            .map(|(path, bytes)| {
                let file = path.strip_prefix(fixture.output()).unwrap_or(&path).to_string_lossy().into_owned();
                (file, shape(&Html::parse_document(&String::from_utf8_lossy(&bytes))))
            })
            .collect()
    };
    let (expected, found) = (pages(plain), pages(site));
    assert_eq!(expected.keys().collect::<Vec<_>>(), found.keys().collect::<Vec<_>>(), "`{payload}` changed the pages");
    for (file, shape) in &expected {
        let other = &found[file];
        let differences: Vec<String> = shape
            .keys()
            .chain(other.keys())
            .filter(|k| shape.get(*k) != other.get(*k))
            .map(|k| format!("{k}: {:?} → {:?}", shape.get(k), other.get(k)))
            .collect();
        assert!(differences.is_empty(), "`{payload}` changed the elements of {file}:\n{}", differences.join("\n"));
    }
}

/// Puts a text in one field of a copy of `domain`, builds it with each payload and with
/// its inert twin, minified and not, and checks that nothing is injected, the pages
/// keep their shape, and `shown` finds the payload as text.
fn check_text_field(put: impl Fn(&Fixture, &str), shown: impl Fn(&Fixture, &str)) {
    for payload in PAYLOADS {
        for minify in [false, true] {
            let site = Fixture::copy("domain");
            put(&site, payload);
            build_ok(&site, minify);
            let plain = Fixture::copy("domain");
            put(&plain, &inert(payload));
            build_ok(&plain, minify);
            assert_no_injection(&site);
            assert_same_shape(&plain, &site, payload);
            shown(&site, payload);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Where a field is shown.

fn texts(site: &Fixture, page: &str, css: &str) -> Vec<String> {
    select(&site.html(page), css).into_iter().map(text).collect()
}

/// Some element matching `css` on `page` has exactly the text `expected`.
fn assert_shown(site: &Fixture, page: &str, css: &str, expected: &str) {
    let found = texts(site, page, css);
    assert!(found.iter().any(|t| t == expected), "{page}: no `{css}` reads `{expected}`; found {found:?}");
}

fn xml(site: &Fixture, file: &str, schema: &[&str]) -> Vec<XmlElement> {
    read_xml(&site.read(file), schema).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn xml_texts(elements: &[XmlElement], path: &str) -> Vec<String> {
    elements.iter().filter(|e| e.path == path).map(|e| e.text.clone()).collect()
}

fn export(site: &Fixture) -> Value {
    serde_json::from_str(&site.read("data/site.json")).expect("data/site.json is JSON")
}

fn exported_page(json: &Value, path: &str) -> Value {
    json["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("{path} not exported"))
}

const UWV: &str = "content/nl/organisations/uwv.en.md";
const PROCEDURE: &str = "content/nl/procedures/poortwachter.en.md";
const LETTER: &str = "content/nl/letters/wia-besluit.en.md";
const COUNTRY: &str = "content/nl/_index.en.md";

// ---------------------------------------------------------------------------------------
// Front-matter text.

#[test]
fn a_page_title_and_summary_are_text_everywhere_they_are_shown() {
    check_text_field(
        |site, text| {
            replace(site, UWV, "title = \"UWV\"\n", &format!("title = {0}\nsummary = {0}\n", toml_string(text)))
        },
        |site, payload| {
            let page = "en/nl/organisations/uwv/index.html";
            assert_shown(site, page, "article h1", payload);
            assert_shown(site, page, "article .summary", payload);
            assert_eq!(attr(one(&site.html(page), "meta[name=description]"), "content"), payload);
            assert!(texts(site, page, "title")[0].starts_with(&format!("{payload} – ")), "{page}: <title>");
            assert_shown(site, "en/nl/index.html", "a", payload);
            assert_shown(site, "en/nl/procedures/poortwachter/index.html", ".help-block a", payload);
            assert_shown(site, "en/nl/letters/index.html", "h2", &format!("Sender: {payload}"));
            let feed = xml(site, "en/atom.xml", &ATOM_SCHEMA);
            assert!(xml_texts(&feed, "feed/entry/title").contains(&payload.to_string()), "en/atom.xml: entry title");
            assert!(xml_texts(&feed, "feed/entry/summary").contains(&payload.to_string()), "en/atom.xml: summary");
            assert_shown(site, "en/a-z/index.html", "section a", payload);
            let records: Vec<Value> = (0..)
                .map_while(|n| std::fs::read(site.output().join(format!("en/search/p/{n}.js"))).ok())
                .flat_map(|bytes| crate::support::search_data(&bytes).as_array().cloned().expect("search records"))
                .collect();
            assert!(records.iter().any(|r| r[0] == payload), "en/search/p: the title is data in a search record");
            let exported = exported_page(&export(site), "nl/organisations/uwv");
            assert_eq!(
                (&exported["titles"]["en"], &exported["summaries"]["en"]),
                (&Value::from(payload), &Value::from(payload))
            );
        },
    );
}

#[test]
fn step_titles_deadlines_rights_and_duties_are_text_in_the_lists_and_the_timeline() {
    check_text_field(
        |site, text| {
            let text = toml_string(text);
            replace(
                site,
                PROCEDURE,
                "title = \"The company doctor writes a problem analysis\"",
                &format!("title = {text}"),
            );
            replace(site, PROCEDURE, "deadline = \"Before the end of week 6\"", &format!("deadline = {text}"));
            replace(site, PROCEDURE, "rights = \"You may object within six weeks.\"", &format!("rights = {text}"));
            replace(site, PROCEDURE, "duties = \"Report sick on your first day.\"", &format!("duties = {text}"));
        },
        |site, payload| {
            let page = "en/nl/procedures/poortwachter/index.html";
            assert_shown(site, page, "li#probleemanalyse h3", &format!("2 {payload}"));
            assert_shown(site, page, "li#probleemanalyse dd", payload);
            assert_shown(site, page, "li#wia-besluit dd", payload);
            assert_shown(site, page, "li#ziekmelding dd", payload);
            assert_shown(site, page, ".date-list a[href=\"#probleemanalyse\"]", &format!("2. {payload}"));
            assert_shown(site, page, ".step-list a[href=\"#probleemanalyse\"] .step-list-title", payload);
            let labels = texts(site, page, "svg.timeline text.label").join(" ");
            assert!(labels.contains(&format!("2. {payload}")), "{page}: timeline labels {labels:?}");
            let in_step = format!("The Gatekeeper path: {payload}");
            assert_shown(site, "en/nl/roles/bedrijfsarts/index.html", "a", &in_step);
            assert_shown(site, "en/compare/index.html", "a", &in_step);
            let steps = exported_page(&export(site), "nl/procedures/poortwachter")["facts"]["steps"].clone();
            assert_eq!(steps[1]["titles"]["en"], payload);
        },
    );
}

#[test]
fn a_letters_recognise_text_is_text() {
    check_text_field(
        |site, text| {
            replace(
                site,
                LETTER,
                "recognise = \"A letter from UWV titled 'Besluit WIA'.\"",
                &format!("recognise = {}", toml_string(text)),
            )
        },
        |site, payload| assert_shown(site, "en/nl/letters/wia-besluit/index.html", "dl.letter-facts dd", payload),
    );
}

#[test]
fn an_organisations_contact_and_phone_are_text() {
    check_text_field(
        |site, text| {
            let text = toml_string(text);
            replace(site, UWV, "phone = \"088 898 92 94\"", &format!("phone = {text}"));
            replace(site, UWV, "contact = \"Call on working days.\"", &format!("contact = {text}"));
        },
        |site, payload| {
            let found = texts(site, "en/nl/organisations/uwv/index.html", "dl.organisation-facts dd");
            assert_eq!(found.iter().filter(|t| *t == payload).count(), 2, "{found:?}");
            assert_eq!(exported_page(&export(site), "nl/organisations/uwv")["facts"]["phone"], payload);
        },
    );
}

#[test]
fn a_sources_title_and_publisher_are_text_on_the_page_and_in_the_comparison() {
    check_text_field(
        |site, text| {
            let text = toml_string(text);
            replace(
                site,
                LETTER,
                "title = \"WIA\"\npublisher = \"UWV\"",
                &format!("title = {text}\npublisher = {text}"),
            );
            replace(
                site,
                COUNTRY,
                "title = \"Return to work across borders\"\npublisher = \"UWV\"",
                &format!("title = {text}\npublisher = {text}"),
            );
        },
        |site, payload| {
            let source = format!("{payload}. {payload}, 2025.");
            assert_shown(site, "en/nl/letters/wia-besluit/index.html", "ul.sources li", &source);
            // Cited once, as a footnote of the key facts and of the country's column.
            assert_shown(site, "en/nl/index.html", ".key-facts .footnotes li", &source);
            assert_shown(site, "en/compare/index.html", "[data-country=nl] .footnotes li", &source);
            let exported = exported_page(&export(site), "nl/letters/wia-besluit");
            assert_eq!(
                (&exported["sources"][0]["title"], &exported["sources"][0]["publisher"]),
                (&Value::from(payload), &Value::from(payload))
            );
        },
    );
}

#[test]
fn glossary_terms_inject_nothing() {
    check_text_field(
        |site, text| {
            replace(
                site,
                "content/glossary/caseworker.en.md",
                "summary = ",
                &format!("terms = [{}, \"case manager\"]\nsummary = ", toml_string(text)),
            )
        },
        |site, _| assert_shown(site, "en/glossary/caseworker/index.html", "article h1", "Caseworker"),
    );
}

// ---------------------------------------------------------------------------------------
// site.toml text.

#[test]
fn site_titles_language_names_and_country_names_are_text() {
    check_text_field(
        |site, text| {
            let text = toml_string(text);
            let config = "content/site.toml";
            replace(site, config, "title = \"Signpost\"", &format!("title = {text}"));
            replace(site, config, "name = \"English\"", &format!("name = {text}"));
            replace(site, config, "name = \"Nederlands\"", &format!("name = {text}"));
            let original = std::fs::read_to_string(site.content().join("site.toml")).expect("site.toml");
            site.write(config, format!("{original}\n[countries.nl]\nname = {{ en = {text}, nl = {text} }}\n"));
        },
        |site, payload| {
            let home = "en/index.html";
            assert_shown(site, home, "a.site-title", payload);
            assert!(texts(site, home, "title")[0].ends_with(&format!(" – {payload}")), "{home}: <title>");
            assert_shown(site, home, "nav.language-switcher a[lang=en]", payload);
            assert_shown(site, home, "nav.language-switcher a[lang=nl]", payload);
            assert_shown(site, "index.html", "h1", payload);
            assert_shown(site, "index.html", "main a", payload);
            // The fallback notice names the language in the reader's words (the theme's
            // `in_language`), not by site.toml's name.
            let notice = texts(site, "nl/nl/organisations/werkgever/index.html", "p.fallback-notice").join(" ");
            assert!(notice.contains("in het Engels"), "the fallback notice names the language: {notice:?}");
            assert_shown(site, "en/nl/letters/index.html", "h1", &format!("I got a letter – {payload}"));
            assert_shown(site, "en/glossary/company-doctor/index.html", "dl.per-country dt", payload);
            let feed = xml(site, "en/atom.xml", &ATOM_SCHEMA);
            assert_eq!(xml_texts(&feed, "feed/title"), [payload]);
            let json = export(site);
            assert_eq!(
                (&json["languages"][0]["title"], &json["languages"][0]["name"]),
                (&Value::from(payload), &Value::from(payload))
            );
        },
    );
}

#[test]
fn comparison_labels_are_text() {
    check_text_field(
        |site, text| {
            let text = toml_string(text);
            replace(
                site,
                "content/site.toml",
                "label = { en = \"The plan covers work\", nl = \"Het plan gaat over werk\" }",
                &format!("label = {{ en = {text}, nl = {text} }}"),
            );
        },
        |site, payload| {
            for lang in ["en", "nl"] {
                assert_shown(site, &format!("{lang}/compare/index.html"), ".answers dt", payload);
                assert_shown(site, &format!("{lang}/nl/index.html"), ".key-facts dt", payload);
            }
            assert_eq!(export(site)["comparison_facts"][0]["label"]["en"], payload);
        },
    );
}

// ---------------------------------------------------------------------------------------
// URLs from front matter: a script URL must not become a link (or must be refused).

/// Builds a site with `url` put in by `put`. Either the build is refused with an error in
/// `file` (a bad URL is the editor's to fix), or nothing is injected anywhere.
fn check_url_field(file: &str, put: impl Fn(&Fixture, &str)) {
    for url in SCRIPT_URLS.iter().chain(&PAYLOADS) {
        for minify in [false, true] {
            let site = Fixture::copy("domain");
            put(&site, url);
            match build(&site, minify) {
                Ok(()) => assert_no_injection(&site),
                Err(failure) => {
                    let located = failure.diagnostics().iter().filter(|d| d.is_error()).all(|d| {
                        d.location.as_ref().is_some_and(|l| l.file.path.ends_with(file) && l.line_col().0 > 1)
                    });
                    assert!(
                        located,
                        "`{url}`: refused, but not at its line in {file}:\n{}",
                        failure.diagnostics().to_human(false)
                    );
                }
            }
        }
    }
}

#[test]
fn an_organisation_website_cannot_run_script() {
    check_url_field("uwv.en.md", |site, url| {
        replace(site, UWV, "website = \"https://www.uwv.nl/\"", &format!("website = {}", toml_string(url)))
    });
}

#[test]
fn a_source_url_cannot_run_script() {
    check_url_field("wia-besluit.en.md", |site, url| {
        replace(site, LETTER, "publisher = \"UWV\"", &format!("publisher = \"UWV\"\nurl = {}", toml_string(url)))
    });
}

/// The base URL reaches every page (canonical and alternate links), the sitemap's `<loc>`
/// and the feeds' links. Only http(s) is accepted, so the payloads ride after the host.
#[test]
fn a_base_url_cannot_inject_into_pages_the_sitemap_or_the_feeds() {
    for payload in PAYLOADS {
        let url = format!("https://example.org/{payload}/");
        for minify in [false, true] {
            let site = Fixture::copy("domain");
            replace(
                &site,
                "content/site.toml",
                "base_url = \"https://example.org/\"",
                &format!("base_url = {}", toml_string(&url)),
            );
            match build(&site, minify) {
                Ok(()) => {
                    assert_no_injection(&site);
                    let locations = xml_texts(&xml(&site, "sitemap.xml", &SITEMAP_SCHEMA), "urlset/url/loc");
                    assert!(!locations.is_empty(), "`{url}`: the sitemap lists no page");
                    for location in locations {
                        assert!(location.starts_with("https://example.org/"), "`{url}`: sitemap entry {location}");
                        assert!(
                            !location.contains(['<', '>', '"', ' ']),
                            "`{url}`: sitemap entry {location} is not one URL"
                        );
                    }
                }
                Err(failure) => {
                    let located = failure
                        .diagnostics()
                        .iter()
                        .filter(|d| d.is_error())
                        .all(|d| d.location.as_ref().is_some_and(|l| l.file.path.ends_with("site.toml")));
                    assert!(
                        located,
                        "`{url}`: refused, but not in site.toml:\n{}",
                        failure.diagnostics().to_human(false)
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown bodies.

/// Raw HTML, script URLs in every kind of link, and attribute breakers, for a body.
fn hostile_markdown() -> String {
    let mut body = String::from(
        r#"Intro.

<script>alert(1)</script>

<img src=x onerror=alert(1)>

<svg onload=alert(1)>

Inline <img src=x onerror=alert(1)> and <svg/onload=alert(1)> and <a href="javascript:alert(1)">a</a>.

[plain](javascript:alert(1)) [upper](JaVaScRiPt:alert(1)) [entity](javascript&#58;alert(1)) [tab](java&#9;script:alert(1)) [angle](<javascript:alert(1)>) [vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [reference][r]

<javascript:alert(1)>

![image](javascript:alert(1)) ![quote" onerror="alert(1)](x.png)

[titled](https://example.org "\" onmouseover=\"alert(1)")

[r]: javascript:alert(1)

| column | other |
|---|---|
| <script>alert(1)</script> | [cell](javascript:alert(1)) |

"#,
    );
    for payload in PAYLOADS {
        body.push_str(&format!("{payload}\n\n"));
    }
    body
}

/// Curly quotes back to straight ones: smart punctuation is not injection.
fn straight(text: &str) -> String {
    text.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

fn check_hostile_body(site: &Fixture, page: &str, content: &str) {
    let shown = straight(&texts(site, page, content).join(" "));
    for payload in PAYLOADS {
        assert!(shown.contains(payload), "{page}: `{payload}` is not shown as text in {shown:?}");
    }
    for written in ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<svg/onload=alert(1)>"] {
        assert!(shown.contains(written), "{page}: `{written}` is not shown as text");
    }
    let document = site.html(page);
    for link in select(&document, &format!("{content} a")) {
        let label = text(link);
        if ["plain", "upper", "entity", "tab", "angle", "vb", "data", "reference", "cell", "javascript:alert(1)"]
            .contains(&label.as_str())
        {
            assert_eq!(attr(link, "href"), "#", "{page}: the link `{label}`");
        }
    }
}

#[test]
fn raw_html_and_script_urls_in_a_body_are_text_and_dead_links() {
    for minify in [false, true] {
        let site = Fixture::copy("domain");
        site.write("content/about.en.md", format!("+++\ntitle = \"About\"\n+++\n{}", hostile_markdown()));
        build_ok(&site, minify);
        assert_no_injection(&site);
        check_hostile_body(&site, "en/about/index.html", "article .content");
        // The fallback copy in the other language shows the same text.
        check_hostile_body(&site, "nl/about/index.html", "article .content");
    }
}

#[test]
fn raw_html_and_script_urls_in_a_procedures_text_and_step_details_are_text_and_dead_links() {
    for minify in [false, true] {
        let site = Fixture::copy("domain");
        let hostile = hostile_markdown();
        replace(
            &site,
            PROCEDURE,
            "This is how the first two years go.\n",
            &format!("This is how the first two years go.\n\n{hostile}"),
        );
        replace(
            &site,
            PROCEDURE,
            "The doctor talks with you.",
            &format!("The doctor talks with you.\n\n{}", hostile.replace("[r]:", "[s]:").replace("[r]", "[s]")),
        );
        build_ok(&site, minify);
        assert_no_injection(&site);
        let page = "en/nl/procedures/poortwachter/index.html";
        check_hostile_body(&site, page, "article > .content");
        check_hostile_body(&site, page, "li#probleemanalyse .step-details");
    }
}

#[test]
fn heading_ids_and_link_titles_cannot_break_out_of_their_attributes() {
    // An id that is not a safe segment is refused at its heading (and never rendered).
    let site = Fixture::copy("domain");
    site.write(
        "content/about.en.md",
        "+++\ntitle = \"About\"\n+++\n## Two {#x\"onmouseover=\"alert(1)}\n\nTwo.\n\n## Three {#y'onmouseover='alert(1)}\n",
    );
    let places: Vec<_> = site.build_err().iter().map(crate::support::place).collect();
    let at = |line| (Code::BadHeadingId, "about.en.md".to_string(), line);
    assert_eq!(places, [at(4), at(8)]);
    for payload in PAYLOADS {
        for minify in [false, true] {
            let site = Fixture::copy("domain");
            let heading_text = payload.replace(['{', '}'], "");
            site.write(
                "content/about.en.md",
                format!(
                    "+++\ntitle = \"About\"\n+++\n## {heading_text}\n\nOne.\n\n[titled](https://example.org {})\n",
                    serde_json::to_string(payload).expect("string")
                ),
            );
            build_ok(&site, minify);
            assert_no_injection(&site);
            let page = "en/about/index.html";
            let headings: Vec<String> = texts(&site, page, "article h2").iter().map(|t| straight(t)).collect();
            assert!(headings.contains(&heading_text), "{page}: no heading reads `{heading_text}`: {headings:?}");
            let document = site.html(page);
            let titled = select(&document, "article .content a")
                .into_iter()
                .find(|a| text(*a) == "titled")
                .expect("the titled link");
            assert_eq!(straight(titled.value().attr("title").unwrap_or_default()), payload);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The checks themselves: a check that cannot fail proves nothing.

#[test]
fn the_checks_catch_injected_markup() {
    let page = Html::parse_document(
        r#"<html><head><script>alert(1)</script></head><body><a href=" JaVa&#x09;Script:alert(1)">x</a><img src=x onerror=alert(1)><svg class="timeline"><foreignObject></foreignObject></svg><iframe></iframe></body></html>"#,
    );
    let problems = html_problems("bad.html", &page);
    assert_eq!(problems.len(), 5, "{problems:#?}");

    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let feed = |body: &str| read_xml(&format!("{declaration}<feed>{body}</feed>"), &ATOM_SCHEMA);
    assert!(feed("<title><script>alert(1)</script></title>").is_err());
    assert!(feed("<title>]]></x><script></title>").is_err());
    assert!(feed("<title>a & b</title>").is_err());
    assert!(feed("<title>a \u{1} b</title>").is_err());
    assert!(feed("<link href=\"x\" onload=\"y\"/><title>x</title>").is_ok_and(|e| e[1].attributes[1].0 == "onload"));
    assert!(feed("<title x=\"<script>\">a</title>").is_err());
    assert!(feed("<title>a</title><title>b</entry>").is_err());
    let elements = feed("<title>&lt;script&gt; &amp; &#39;x&#x27;</title>").expect("well formed");
    assert_eq!(xml_texts(&elements, "feed/title"), ["<script> & 'x'"]);
}

#[test]
fn the_checks_catch_a_theme_that_does_not_escape() {
    let unescaped = "{% if party.href %}<a href=\"{{ party.href }}\">{{ party.name | safe }}</a>{% else %}{{ party.name | safe }}{% endif %}";
    let put = |site: &Fixture, text: &str| {
        site.write("templates/party.html", unescaped);
        replace(site, UWV, "title = \"UWV\"\n", &format!("title = {}\n", toml_string(text)));
    };
    for payload in ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"] {
        let site = Fixture::copy("domain");
        put(&site, payload);
        build_ok(&site, false);
        let plain = Fixture::copy("domain");
        put(&plain, &inert(payload));
        build_ok(&plain, false);
        assert!(std::panic::catch_unwind(|| assert_no_injection(&site)).is_err(), "`{payload}` went unnoticed");
        assert!(
            std::panic::catch_unwind(|| assert_same_shape(&plain, &site, payload)).is_err(),
            "`{payload}`: same shape"
        );
    }
}

/// Control characters (a stray escape from a copied text) are not allowed in XML 1.0: in
/// a title they make the feed unreadable for every feed reader, and they are a parse
/// error in HTML. They must be refused at their line, or left out of the output.
#[test]
fn control_characters_in_a_title_keep_the_feed_well_formed() {
    for minify in [false, true] {
        let site = Fixture::copy("domain");
        replace(&site, UWV, "title = \"UWV\"\n", "title = \"UW\\u0001V\\u001b\"\n");
        match build(&site, minify) {
            Ok(()) => {
                assert_no_injection(&site);
                for (path, bytes) in site.output_snapshot() {
                    let text = String::from_utf8_lossy(&bytes);
                    let control = text.chars().find(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'));
                    assert_eq!(control, None, "{} holds a control character", path.display());
                }
            }
            Err(failure) => {
                let errors: Vec<_> = failure.diagnostics().iter().filter(|d| d.is_error()).collect();
                assert!(
                    errors.iter().all(|d| d.location.as_ref().is_some_and(|l| l.file.path.ends_with("uwv.en.md"))),
                    "{}",
                    failure.diagnostics().to_human(false)
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown.

/// A heading's attribute block is the one place markdown writes attributes: anything but
/// the id (an event handler, `autofocus`, a class) is refused at its line, also in a
/// translation other languages fall back to, so no page (nor its fallback copies) runs it.
#[test]
fn a_heading_attribute_block_with_script_is_refused_at_its_line_in_the_page_and_its_fallback_copies() {
    let site = Fixture::copy("basic");
    let page = "content/nl/organisations/uwv.nl.md";
    let attack = "## Contact {#contact tabindex=1 autofocus onfocus=alert(document.domain)}";
    replace(&site, page, "## Contact opnemen {#contact}", attack);
    let text = std::fs::read_to_string(site.root.join(page)).expect("page");
    let line = text[..text.find(attack).expect("written")].matches('\n').count() + 1;
    let places: Vec<_> = site.build_err().iter().map(crate::support::place).collect();
    let expected = (Code::HeadingAttribute, "uwv.nl.md".to_string(), line);
    assert_eq!(places, [expected.clone(), expected.clone(), expected], "tabindex, autofocus and onfocus");
    assert!(!site.output().exists(), "nothing was written");
}

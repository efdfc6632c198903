//! Issue 24, part B: the reader is told which language each link and text is in, the
//! comparison answers in the reader's words, every page offers a way to report a mistake,
//! and the 404 pages lead on.

use scraper::Html;
use signpost::diagnostics::Code;

use crate::support::{Fixture, attr, one, place, select, text};

fn built() -> Fixture {
    let site = Fixture::copy("domain");
    site.build_ok();
    site
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

fn hrefs(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(|a| attr(a, "href")).collect()
}

/// Every link in `main` to a page of this site that is shown in English on the Dutch
/// site (a fallback) carries `hreflang="en"`, its title marked English and the visible
/// "(Engels)"; every link to a page shown in Dutch carries neither.
#[test]
fn links_to_fallback_pages_say_so_and_links_to_translations_do_not() {
    let site = built();
    let page = site.html("nl/nl/procedures/poortwachter/index.html");
    let doctor = one(&page, "main .step-facts a[href='/nl/nl/roles/bedrijfsarts/']");
    assert_eq!(attr(doctor, "hreflang"), "en");
    assert_eq!(text(one(&page, "main .step-facts a[href='/nl/nl/roles/bedrijfsarts/'] .lang-tag")), "(Engels)");
    assert_eq!(attr(one(&page, "main .step-facts a[href='/nl/nl/roles/bedrijfsarts/'] span[lang]"), "lang"), "en");
    for uwv in select(&page, "main a[href='/nl/nl/organisations/uwv/']") {
        assert!(uwv.value().attr("hreflang").is_none());
    }
    assert!(select(&page, "main a[href='/nl/nl/organisations/uwv/'] .lang-tag").is_empty());

    // The same holds for every link on the page: the tag goes with the fallback.
    for home in ["nl/index.html", "nl/nl/letters/index.html", "nl/nl/index.html", "nl/compare/index.html"] {
        let page = site.html(home);
        for link in select(&page, "main a[href^='/nl/']") {
            let href = attr(link, "href");
            let target = site.html(&format!("{}index.html", href.trim_start_matches('/').split('#').next().unwrap()));
            let fallback = !select(&target, ".fallback-notice").is_empty();
            let tagged = link.select(&scraper::Selector::parse(".lang-tag").unwrap()).next().is_some();
            assert_eq!(link.value().attr("hreflang").is_some(), fallback, "{home}: {href}");
            assert_eq!(tagged, fallback, "{home}: {href} tag");
        }
    }
}

/// A fallback page keeps the reader's language for what the site says (breadcrumbs, the
/// notice, labels) and marks the English text it shows.
#[test]
fn fallback_text_carries_its_language_and_the_frame_stays_in_the_readers() {
    let site = built();
    let page = site.html("nl/nl/roles/bedrijfsarts/index.html");
    assert_eq!(attr(one(&page, "html"), "lang"), "nl");
    assert_eq!(attr(one(&page, "article h1"), "lang"), "en");
    assert_eq!(attr(one(&page, "article .content"), "lang"), "en");
    assert_eq!(texts(&page, ".breadcrumbs a")[0], "Start");
    assert!(text(one(&page, ".fallback-notice")).contains("U leest de versie in het Engels."));
    // A translated page carries no `lang` of its own below `html`.
    let translated = site.html("nl/nl/procedures/poortwachter/index.html");
    assert!(translated.root_element().select(&scraper::Selector::parse("article h1[lang]").unwrap()).next().is_none());
    // Fallback step texts inside a translated page are marked where they are shown.
    let english_steps = site.html("nl/dk/procedures/sygedagpenge/index.html");
    assert_eq!(attr(one(&english_steps, "article h1"), "lang"), "en");
}

/// Who acts in a step: the reader is "U" in Dutch; a translated organisation by its Dutch
/// title. The comparison's yes/no/unknown answers and a translated `text` answer are in
/// the reader's language.
#[test]
fn actors_and_comparison_answers_are_in_the_readers_language() {
    let site = Fixture::copy("domain");
    site.write(
        "content/nl/_index.nl.md",
        "+++\ntitle = \"Nederland\"\nreviewed = 2026-11-01\n\n[facts.plan_max_duration]\ntext = \"2 jaar\"\n+++\nEerst uw werkgever, dan UWV.\n",
    );
    site.build_ok();
    let page = site.html("nl/nl/procedures/poortwachter/index.html");
    let actors = texts(&page, ".step-facts dd");
    assert!(actors.contains(&"U".to_string()), "{actors:?}");
    assert!(actors.contains(&"UWV".to_string()), "{actors:?}");
    assert!(!actors.iter().any(|a| a == "You"), "{actors:?}");

    let compare = site.html("nl/compare/index.html");
    assert_eq!(texts(&compare, "[data-country=dk] .answers dd"), ["Niet bekend", "Niet bekend"]);
    assert_eq!(texts(&compare, "[data-country=nl] .answers dd"), ["Ja Bron [1]", "2 jaar"]);
    // The English original keeps its own answer; an untranslated one is marked English.
    let english = site.html("en/compare/index.html");
    assert_eq!(texts(&english, "[data-country=nl] .answers dd")[1], "2 years");
    let overview = site.html("nl/nl/index.html");
    assert_eq!(texts(&overview, ".key-facts dd"), ["Ja Bron [1]", "2 jaar"]);
}

/// `feedback` in site.toml puts a "report a mistake" link on every page, with the page
/// filled in; without it, no page has one.
#[test]
fn every_page_offers_to_report_a_mistake_where_site_toml_says() {
    let site = Fixture::copy("domain");
    let config = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
    site.write(
        "content/site.toml",
        config.replacen(
            "default_language = \"en\"\n",
            "default_language = \"en\"\nfeedback = \"https://tracker.example.org/new?title={title}&page={url}&lang={lang}\"\n",
            1,
        ),
    );
    site.build_ok();
    let page = site.html("nl/nl/procedures/poortwachter/index.html");
    let link = one(&page, "footer .feedback a");
    assert_eq!(text(link), "Meld een fout op deze pagina");
    let title = text(one(&page, "h1"));
    assert_eq!(
        attr(link, "href"),
        format!(
            "https://tracker.example.org/new?title={}&page=https%3A%2F%2Fexample.org%2Fnl%2Fnl%2Fprocedures%2Fpoortwachter%2F&lang=nl",
            title.replace(' ', "%20")
        )
    );
    for path in
        ["index.html", "404.html", "en/index.html", "en/compare/index.html", "nl/404.html", "nl/nl/letters/index.html"]
    {
        assert_eq!(select(&site.html(path), "footer .feedback a").len(), 1, "{path}");
    }

    let without = built();
    assert!(select(&without.html("en/index.html"), ".feedback").is_empty());
}

#[test]
fn a_feedback_address_that_is_not_one_is_refused_at_its_line() {
    for bad in ["\"javascript:alert(1)\"", "\"https://example.org/new?t={page}\"", "\"mailto:?subject=x\""] {
        let site = Fixture::copy("domain");
        let config = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
        site.write(
            "content/site.toml",
            config.replacen(
                "default_language = \"en\"\n",
                &format!("default_language = \"en\"\nfeedback = {bad}\n"),
                1,
            ),
        );
        let errors = site.build_err();
        let places: Vec<_> = errors.iter().map(place).collect();
        assert_eq!(places, [(Code::BadFeedbackAddress, "site.toml".to_string(), 3)], "{bad}");
    }
}

/// A 404 page in each language leads to the search, the letter finders and home; the
/// root's names every language in its own.
#[test]
fn the_404_pages_lead_to_search_letters_and_home() {
    let site = built();
    for lang in ["en", "nl"] {
        let page = site.html(&format!("{lang}/404.html"));
        assert_eq!(attr(one(&page, "html"), "lang"), lang);
        assert_eq!(attr(one(&page, "main form[role=search]"), "action"), format!("/{lang}/search/"));
        assert_eq!(one(&page, "main form[role=search] input").value().attr("name"), Some("q"));
        let links = hrefs(&page, "main a");
        for expected in [format!("/{lang}/"), format!("/{lang}/dk/letters/"), format!("/{lang}/nl/letters/")] {
            assert!(links.contains(&expected), "{lang}: {expected} in {links:?}");
        }
    }
    let root = site.html("404.html");
    let named: Vec<String> = select(&root, "main li[lang]").into_iter().map(|li| attr(li, "lang")).collect();
    assert_eq!(named, ["en", "nl"]);
    assert!(texts(&root, "main li[lang=nl]")[0].contains("Pagina niet gevonden"));
    assert_eq!(hrefs(&root, "main li[lang=nl] a"), ["/nl/", "/nl/search/"]);
}

/// Every `hreflang` alternate is an absolute address, and the home pages name the root's
/// language chooser as `x-default`.
#[test]
fn hreflang_alternates_are_absolute_and_the_root_is_x_default() {
    let site = built();
    let alternates = |path: &str| -> Vec<(String, String)> {
        select(&site.html(path), "head link[rel=alternate][hreflang]")
            .into_iter()
            .map(|l| (attr(l, "hreflang"), attr(l, "href")))
            .collect()
    };
    let expected: Vec<(String, String)> =
        [("en", "https://example.org/en/"), ("nl", "https://example.org/nl/"), ("x-default", "https://example.org/")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(alternates("index.html"), expected);
    for home in ["en/index.html", "nl/index.html"] {
        assert_eq!(alternates(home), expected, "{home}");
    }
    for path in ["nl/nl/procedures/poortwachter/index.html", "en/compare/index.html", "nl/dk/index.html"] {
        for (lang, href) in alternates(path) {
            assert!(href.starts_with("https://example.org/"), "{path}: {lang} {href}");
        }
    }
}

/// A letter from the company doctor is found under the organisation the doctor works for,
/// with the doctor named; an invitation carries no "how to object" notice.
#[test]
fn the_letter_finder_finds_a_letter_from_the_company_doctor() {
    let site = Fixture::copy("domain");
    site.write(
        "content/nl/letters/uitnodiging.en.md",
        "+++\ntitle = \"Invitation from the company doctor\"\nkind = \"invitation\"\nsender = \"bedrijfsarts\"\nrecipients = [\"you\"]\nreviewed = 2026-11-01\n\n[[sources]]\ntitle = \"Arbowet\"\npublisher = \"Overheid\"\nyear = 2025\n+++\n## What is this letter? {#what-is-it}\n\nAn invitation.\n\n## What must I do, and by when? {#what-to-do}\n\nGo.\n\n## What happens next? {#what-next}\n\nA talk.\n\n## Do you disagree? {#disagree}\n\nTalk to the doctor.\n",
    );
    site.build_ok();
    let page = site.html("nl/nl/letters/index.html");
    let groups = texts(&page, "main section h2");
    let employer = groups.iter().position(|h| h.contains("Your employer")).expect("a group for the employer");
    let section = select(&page, "main section")[employer];
    let letters: Vec<String> = section.select(&scraper::Selector::parse("ul a").unwrap()).map(text).collect();
    assert!(letters.iter().any(|l| l.starts_with("Invitation from the company doctor")), "{letters:?}");
    assert!(text(section).contains("Company doctor"), "the doctor is named: {}", text(section));
    let invitation = site.html("en/nl/letters/uitnodiging/index.html");
    let notice = text(one(&invitation, ".guidance"));
    assert!(!notice.contains("how to object"), "{notice}");
}

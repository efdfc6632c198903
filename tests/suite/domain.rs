//! The views derived from facts, on a two-country fixture in two languages.

use crate::support::{Fixture, attr, one, select, text};

fn built() -> Fixture {
    let site = Fixture::copy("domain");
    site.build_ok();
    site
}

fn hrefs(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(|a| attr(a, "href")).collect()
}

fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

#[test]
fn procedure_steps_are_listed_in_order_with_their_ids_as_anchors() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    let ids: Vec<String> = select(&page, "ol.steps > li").into_iter().map(|li| attr(li, "id")).collect();
    assert_eq!(
        ids,
        ["ziekmelding", "probleemanalyse", "plan-van-aanpak", "melding-42", "wia-aanvraag", "wia-besluit", "bezwaar"]
    );
    assert_eq!(text(one(&page, "#plan-van-aanpak .step-title")), "3 You and your employer make a plan");
}

#[test]
fn each_step_says_when_who_which_letter_to_whom_and_what_next() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    assert_eq!(
        texts(&page, "#probleemanalyse .step-facts dd"),
        ["Week 6", "Company doctor", "Before the end of week 6", "First assessment"]
    );
    assert_eq!(texts(&page, "#plan-van-aanpak .step-facts dd")[0], "Weeks 6–8");
    // A step that follows another has no week of its own: its date is that step's.
    assert_eq!(texts(&page, "#wia-aanvraag .step-facts dd")[0], "After: Your employer reports you to UWV");
    let letter = texts(&page, "#melding-42 .step-facts dd");
    assert_eq!(letter[2], "Sick report in week 42 → UWV");
    assert_eq!(
        hrefs(&page, "#melding-42 .step-facts a"),
        ["/en/nl/organisations/werkgever/", "/en/nl/letters/ziekmelding-42/", "/en/nl/organisations/uwv/"]
    );
    assert_eq!(texts(&page, "#ziekmelding .step-facts dd")[1], "You");
    // A branch names its next step; a plain sequence does not repeat "next".
    assert_eq!(hrefs(&page, "#wia-aanvraag .step-next a"), ["#wia-besluit"]);
    assert!(select(&page, "#ziekmelding .step-next").is_empty());
}

#[test]
fn each_step_carries_the_text_written_under_its_heading() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    assert_eq!(texts(&page, "#ziekmelding .step-details p"), ["Call your employer.", "Your manager."]);
    // Sub-headings repeated in two steps keep unique ids on the page.
    let sub_ids: Vec<String> = select(&page, ".step-details h3").into_iter().map(|h| attr(h, "id")).collect();
    assert_eq!(sub_ids, ["who-to-call", "who-to-call-2"]);
    // Text before the first step and after the last one stays outside the list.
    assert_eq!(text(select(&page, ".content > p")[0]), "This is how the first two years go.");
    assert_eq!(attr(one(&page, ".content > h2#if-you-disagree"), "id"), "if-you-disagree");
}

/// The default theme shows a procedure's body in its parts; a theme whose procedure pages
/// are drawn by another template gets the body whole in `page.content`, as on other pages,
/// instead of an empty page.
#[test]
fn a_theme_drawing_procedures_with_its_own_template_gets_the_whole_body() {
    let default = built();
    let page = default.html("en/nl/procedures/poortwachter/index.html");
    let paragraphs = texts(&page, "p");
    assert_eq!(paragraphs.iter().filter(|p| *p == "Call your employer.").count(), 1, "{paragraphs:?}");
    for template in ["{% extends \"page.html\" %}\n", "<main>{{ page.content | safe }}</main>\n"] {
        let site = Fixture::copy("domain");
        site.write("templates/procedure.html", template);
        site.build_ok();
        let page = site.html("en/nl/procedures/poortwachter/index.html");
        let paragraphs = texts(&page, "p");
        for written in ["This is how the first two years go.", "Call your employer.", "You agree on steps."] {
            assert_eq!(paragraphs.iter().filter(|p| *p == written).count(), 1, "{template}: {paragraphs:?}");
        }
        assert_eq!(text(one(&page, "h2#plan-van-aanpak")), "Plan");
    }
}

#[test]
fn the_timeline_is_an_svg_with_a_dot_per_step_each_a_link_to_its_step() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    let svg = one(&page, "svg.timeline");
    // A group of links, named by its title, not one image: each mark is a way to its step.
    assert_eq!(attr(svg, "role"), "group");
    assert_eq!(attr(svg, "aria-labelledby"), "timeline-title");
    assert_eq!(attr(svg, "aria-describedby"), "timeline-desc");
    assert_eq!(select(&page, "svg.timeline circle").len(), 7);
    assert_eq!(
        hrefs(&page, "svg.timeline a"),
        [
            "#ziekmelding",
            "#probleemanalyse",
            "#plan-van-aanpak",
            "#melding-42",
            "#wia-aanvraag",
            "#wia-besluit",
            "#bezwaar"
        ]
    );
    // The link's name is its visible label; the week beside it is hidden from screen readers.
    assert_eq!(
        texts(&page, "svg.timeline a[href=\"#probleemanalyse\"] text.label").join(" "),
        "2. The company doctor writes a problem analysis"
    );
    assert!(select(&page, "svg.timeline a").iter().all(|a| a.value().attr("aria-label").is_none()));
    assert!(select(&page, "svg.timeline text.week").iter().all(|t| attr(*t, "aria-hidden") == "true"));
    // Every dot is inside its link.
    assert_eq!(select(&page, "svg.timeline a circle").len(), 7);
    let weeks = texts(&page, "svg.timeline text.week");
    assert_eq!(weeks, ["0", "6", "6–8", "42", "42", "104", "104"]);
    // Dots are placed by week: later weeks lower down.
    let ys: Vec<i64> =
        select(&page, "svg.timeline circle").into_iter().map(|c| attr(c, "cy").parse().unwrap()).collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    assert!(ys[5] - ys[3] > ys[1] - ys[0], "62 weeks must take more room than 6: {ys:?}");
}

#[test]
fn the_step_list_at_the_top_links_every_step_with_its_timing() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    // It comes before the body's text and the steps themselves.
    let html = page.html();
    let list_at = html.find("class=\"step-list\"").expect("step list");
    assert!(list_at < html.find("This is how the first two years go.").expect("intro"));
    assert!(list_at < html.find("class=\"steps\"").expect("steps"));
    assert_eq!(
        hrefs(&page, "nav.step-nav ol.step-list > li > a"),
        [
            "#ziekmelding",
            "#probleemanalyse",
            "#plan-van-aanpak",
            "#melding-42",
            "#wia-aanvraag",
            "#wia-besluit",
            "#bezwaar"
        ]
    );
    assert_eq!(texts(&page, ".step-list-number"), ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(
        texts(&page, ".step-list-when"),
        [
            "Week 0",
            "Week 6",
            "Weeks 6–8",
            "Week 42",
            "After: Your employer reports you to UWV",
            "Week 104",
            "After: UWV decides"
        ]
    );
    // The days of each step's weeks, for "now" once a date is entered; none for a step
    // that follows another.
    let days: Vec<(String, String)> = select(&page, ".step-list > li")
        .into_iter()
        .map(|li| {
            (
                li.value().attr("data-first-day").unwrap_or("").into(),
                li.value().attr("data-last-day").unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(days[2], ("42".into(), "62".into()));
    assert_eq!(days[4], (String::new(), String::new()));
    // "Your dates", "Do you disagree?" and "Who to contact" from the top. This body has no
    // `{#disagree}` section, so "Do you disagree?" leads to the step whose time runs
    // from a letter, the objection.
    assert_eq!(hrefs(&page, "nav.step-nav .jump-links a"), ["#deadlines-title", "#bezwaar", "#help-title"]);
    assert_eq!(texts(&page, "nav.step-nav .jump-links a")[1], "Do you disagree?");
    assert!(select(&page, "#help-title").len() == 1, "the link to who to contact lands");
    assert!(select(&page, "#deadlines-title").len() == 1);
}

#[test]
fn every_step_opens_and_closes_without_javascript_under_its_heading() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    let steps = select(&page, "ol.steps > li.step");
    assert_eq!(steps.len(), 7);
    for step in &steps {
        // The step's id is on the list item, so a link lands on the summary, visible
        // while the step is closed.
        let details = step.select(&scraper::Selector::parse(":scope > details.step-toggle").unwrap()).count();
        assert_eq!(details, 1, "{}", attr(*step, "id"));
        let summary =
            step.select(&scraper::Selector::parse(":scope > details > summary > h3.step-title").unwrap()).count();
        assert_eq!(summary, 1, "{}", attr(*step, "id"));
    }
    assert_eq!(texts(&page, "#probleemanalyse summary .step-summary-when"), ["Week 6"]);
    // The facts and the body's text are inside the details.
    assert_eq!(select(&page, "details.step-toggle .step-facts").len(), 7);
    assert_eq!(texts(&page, "#ziekmelding details .step-details p"), ["Call your employer.", "Your manager."]);
    // steps.js opens the step a link leads to.
    assert!(select(&page, "script[src$=\"static/steps.js\"]").len() == 1);
}

#[test]
fn your_dates_is_a_list_with_every_deadline_in_words_and_its_offset() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    // No table that scrolls sideways.
    assert!(select(&page, "table").is_empty());
    // Every step with a week or a deadline; "You apply" comes after another step and has
    // no deadline, so no date of its own.
    let whens = texts(&page, "ol.date-list .date-when");
    assert_eq!(whens, ["Week 0", "Week 6", "Weeks 6–8", "Week 42", "Week 104", "After: UWV decides"]);
    // A week: its first and last day from the first day of sickness.
    let week = one(&page, "ol.date-list > li:nth-child(3) .calc-date");
    assert_eq!(
        (attr(week, "data-from"), attr(week, "data-days"), attr(week, "data-last-days")),
        ("first-day".into(), "42".into(), "62".into())
    );
    // `deadline_week = 6` ("before the end of week 6"): the last day of the sixth week,
    // start + 6 × 7 − 1, not the first day of week 6.
    let due = one(&page, "ol.date-list > li:nth-child(2) .calc-date");
    assert_eq!(
        (attr(due, "data-from"), attr(due, "data-days"), attr(due, "data-months")),
        ("first-day".into(), "41".into(), "0".into())
    );
    assert_eq!(texts(&page, "ol.date-list > li:nth-child(2) .date-due"), ["Deadline: Before the end of week 6"]);
    // The form and the dates only appear when the script runs.
    assert!(one(&page, "form.calculator").value().attr("hidden").is_some());
    assert!(select(&page, ".calc-date").iter().all(|d| d.value().attr("hidden").is_some()));
}

#[test]
fn a_deadline_from_a_letter_counts_from_the_date_the_reader_enters_for_that_letter() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    // The calculator asks for the first day of sickness at the top, and for the date on
    // the decision beside the deadline it gives, in "Your dates"; both hidden without script.
    let inputs: Vec<String> =
        select(&page, ".calculator input[type=date]").into_iter().map(|i| attr(i, "id")).collect();
    assert_eq!(inputs, ["first-day", "letter-letter-date-wia-besluit"]);
    assert_eq!(select(&page, "nav.step-nav form.calculator input").len(), 1);
    let field = one(&page, "ol.date-list > li:nth-child(6) .calculator");
    assert!(field.value().attr("hidden").is_some());
    assert_eq!(texts(&page, "label[for=\"letter-letter-date-wia-besluit\"]"), ["The date on the letter: WIA decision"]);
    // The objection: 6 weeks from the letter's date, not from the first day of sickness.
    let due = one(&page, "ol.date-list > li:nth-child(6) .calc-date");
    assert_eq!(attr(due, "data-from"), "letter-letter-date-wia-besluit");
    assert_eq!((attr(due, "data-days"), attr(due, "data-months")), ("42".into(), "0".into()));
    // The step list at the top gives the same date, and says where to enter the letter's.
    let listed = one(&page, "ol.step-list > li:nth-child(7) .calc-date");
    assert_eq!(attr(listed, "data-from"), "letter-letter-date-wia-besluit");
    assert_eq!(attr(listed, "data-hint"), "Enter the date on the letter under “Your dates” to see this date.");
    // Without JavaScript the words say it.
    assert_eq!(
        texts(&page, "ol.date-list > li:nth-child(6) .date-due"),
        ["Deadline: Within 6 weeks of the date on the letter"]
    );
    // Dutch: the same input, the words in Dutch.
    let nl = site.html("nl/nl/procedures/poortwachter/index.html");
    assert_eq!(
        attr(one(&nl, "ol.date-list > li:nth-child(6) .calc-date"), "data-from"),
        "letter-letter-date-wia-besluit"
    );
}

#[test]
fn a_decision_letter_has_an_objection_calculator_from_its_date() {
    let site = built();
    let page = site.html("en/nl/letters/wia-besluit/index.html");
    let section = one(&page, "section.letter-dates");
    // All of it is the script's: hidden without it, where the facts above say the time in words.
    assert!(section.value().attr("hidden").is_some());
    assert_eq!(attr(one(&page, "label[for=objection-from]"), "for"), "objection-from");
    let due = one(&page, ".letter-dates .calc-date");
    assert_eq!(
        (attr(due, "data-from"), attr(due, "data-days"), attr(due, "data-months")),
        ("objection-from".into(), "42".into(), "0".into())
    );
    assert!(select(&page, "script[src$=\"static/calculator.js\"]").len() == 1);
    // A letter that is not a decision has none.
    let other = site.html("en/nl/letters/ziekmelding-42/index.html");
    assert!(select(&other, "section.letter-dates").is_empty());
    assert!(select(&other, "script[src$=\"static/calculator.js\"]").is_empty());
}

#[test]
fn a_translation_shows_its_own_step_titles_with_inherited_facts() {
    let site = built();
    let page = site.html("nl/nl/procedures/poortwachter/index.html");
    assert_eq!(text(one(&page, "#probleemanalyse .step-title")), "2 De bedrijfsarts maakt een probleemanalyse");
    assert_eq!(texts(&page, "#probleemanalyse .step-facts dd")[0], "Week 6");
    assert_eq!(texts(&page, "#ziekmelding .step-details p"), ["Bel uw werkgever."]);
}

#[test]
fn procedure_and_letter_pages_say_they_are_guidance_and_who_decides() {
    let site = built();
    let procedure = site.html("en/nl/procedures/poortwachter/index.html");
    assert!(text(one(&procedure, ".guidance")).contains("UWV decides"));
    let letter = site.html("en/nl/letters/ziekmelding-42/index.html");
    assert!(text(one(&letter, ".guidance")).contains("not a decision"));
}

#[test]
fn only_a_decision_letter_tells_the_reader_how_to_contest_it() {
    let site = built();
    let decision = site.html("en/nl/letters/wia-besluit/index.html");
    assert!(text(one(&decision, ".guidance")).contains("UWV decides, and its letter tells you how to object"));
    let information = site.html("en/nl/letters/ziekmelding-42/index.html");
    let notice = text(one(&information, ".guidance"));
    assert!(notice.contains("This letter is not a decision, so you cannot object to it"), "{notice}");
    assert!(!notice.contains("tells you how to object"), "{notice}");
    assert_eq!(texts(&information, ".letter-facts dd")[0], "Information, not a decision");
    assert!(!texts(&information, ".letter-facts dt").contains(&"Object".to_string()));
    let invitation = site.html("en/dk/letters/indkaldelse/index.html");
    assert_eq!(texts(&invitation, ".letter-facts dd")[0], "An invitation");
}

#[test]
fn a_deadline_that_runs_from_a_letter_names_the_letter() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    let facts = texts(&page, "#bezwaar .step-facts dt");
    let deadline = facts.iter().position(|dt| dt == "Deadline").expect("a deadline");
    assert_eq!(
        texts(&page, "#bezwaar .step-facts dd")[deadline],
        "Within 6 weeks of the date on the letter: WIA decision"
    );
    assert_eq!(hrefs(&page, "#bezwaar .step-facts dd a[href*='letters']"), ["/en/nl/letters/wia-besluit/"]);
    let dutch = site.html("nl/nl/procedures/poortwachter/index.html");
    assert_eq!(
        texts(&dutch, "#bezwaar .step-facts dd")[deadline],
        "Binnen 6 weken na de datum op de brief: WIA decision (Engels)"
    );
    // The letter is not translated: its link says so, and its title is marked English.
    assert_eq!(attr(one(&dutch, "#bezwaar .step-facts dd a[href*='letters']"), "hreflang"), "en");
    assert_eq!(attr(one(&dutch, "#bezwaar .step-facts dd a[href*='letters'] span[lang]"), "lang"), "en");
}

#[test]
fn a_letter_page_names_sender_deadlines_and_links_its_step() {
    let site = built();
    let page = site.html("en/nl/letters/wia-besluit/index.html");
    assert_eq!(
        texts(&page, ".letter-facts dt"),
        ["What this letter is", "Sent by", "Sent to", "How to recognise it", "Object", "Who decides"]
    );
    assert_eq!(texts(&page, ".letter-facts dd")[0], "A decision: you can contest it");
    assert_eq!(
        texts(&page, ".letter-facts dd")[4],
        "Within 6 weeks of the date on the letter (bezwaar). Send it to UWV. In writing, to UWV."
    );
    assert_eq!(text(one(&page, ".letter-facts .official-term")), "bezwaar");
    assert_eq!(hrefs(&page, "#related-in-steps ~ ul a"), ["/en/nl/procedures/poortwachter/#wia-besluit"]);
    let headings: Vec<String> = select(&page, ".content h2").into_iter().map(|h| attr(h, "id")).collect();
    assert_eq!(headings, ["what-is-it", "what-to-do", "what-next", "disagree"]);
}

#[test]
fn the_letter_finder_groups_letters_by_sender_organisation() {
    let site = built();
    let page = site.html("en/nl/letters/index.html");
    assert_eq!(texts(&page, "main h2"), ["Sender: UWV", "Sender: Your employer"]);
    assert_eq!(texts(&page, "main section ul a"), ["WIA decision", "Sick report in week 42"]);
    let danish = site.html("en/dk/letters/index.html");
    assert_eq!(texts(&danish, "main h2"), ["Sender: Municipality"]);
}

#[test]
fn a_role_page_lists_steps_letters_and_equivalents_abroad() {
    let site = built();
    let page = site.html("en/nl/roles/arbeidsdeskundige/index.html");
    assert_eq!(hrefs(&page, "#related-acts-in ~ ul a"), ["/en/nl/procedures/poortwachter/#wia-besluit"]);
    assert_eq!(texts(&page, "#related-equivalents ~ ul a"), ["Denmark: Caseworker (sagsbehandler)"]);
    assert_eq!(texts(&page, ".role-facts dd"), ["UWV", "No", "Caseworker"]);
    let doctor = site.html("en/nl/roles/bedrijfsarts/index.html");
    assert_eq!(
        texts(&doctor, "#related-acts-in ~ ul a"),
        ["The Gatekeeper path: The company doctor writes a problem analysis"]
    );
}

#[test]
fn an_organisation_page_lists_roles_letters_and_procedures() {
    let site = built();
    let page = site.html("en/nl/organisations/uwv/index.html");
    assert_eq!(texts(&page, "#related-roles ~ ul a"), ["Labour expert"]);
    assert_eq!(texts(&page, "#related-procedures ~ ul a"), ["The Gatekeeper path"]);
    assert_eq!(texts(&page, "#related-letters-sent ~ ul a"), ["WIA decision"]);
    assert_eq!(texts(&page, "#related-letters-received ~ ul a"), ["Sick report in week 42"]);
    let employer = site.html("en/nl/organisations/werkgever/index.html");
    assert_eq!(texts(&employer, "#related-roles ~ ul a"), ["Company doctor"]);
}

#[test]
fn a_country_overview_shows_institutions_facts_and_cross_border_pages() {
    let site = built();
    let page = site.html("en/nl/index.html");
    assert_eq!(texts(&page, "#related-institutions ~ ul a"), ["UWV"]);
    assert_eq!(texts(&page, ".key-facts dd"), ["Yes Source [1]", "2 years"]);
    assert_eq!(texts(&page, ".key-facts .footnotes li"), ["Return to work across borders. UWV, 2025."]);
    assert_eq!(hrefs(&page, "#related-cross-border ~ ul a"), ["/en/cross-border/dk-nl/"]);
    let denmark = site.html("en/dk/index.html");
    assert_eq!(hrefs(&denmark, "#related-cross-border ~ ul a"), ["/en/cross-border/dk-nl/"]);
    let denmark_states: Vec<String> =
        select(&denmark, ".key-facts dd").into_iter().map(|dd| attr(dd, "class")).collect();
    assert_eq!(denmark_states, ["fact-unknown", "fact-unknown"]);
}

#[test]
fn the_comparison_puts_countries_side_by_side_with_sources() {
    let site = built();
    let page = site.html("en/compare/index.html");
    assert_eq!(texts(&page, ".compare-column h3"), ["Denmark", "The Netherlands"]);
    assert_eq!(texts(&page, "[data-country=dk] .answers dd"), ["Not known", "Not known"]);
    assert_eq!(texts(&page, "[data-country=nl] .answers dd"), ["Yes Source [1]", "2 years"]);
    let states: Vec<Option<&str>> =
        select(&page, "[data-country=nl] .answers dd").into_iter().map(|dd| dd.value().attr("class")).collect();
    assert_eq!(states, [Some("fact-yes"), None]);
    // Each source once, under its country's column, and the answer points to it.
    assert_eq!(texts(&page, "[data-country=nl] .footnotes li"), ["Return to work across borders. UWV, 2025."]);
    assert_eq!(hrefs(&page, "[data-country=nl] .footnote-ref"), ["#source-nl-1"]);
    assert!(select(&page, "[data-country=dk] .footnotes li").is_empty());
    // The milestones are reachable from the top; the pair pages work without JavaScript.
    assert_eq!(hrefs(&page, ".on-this-page a"), ["#choose", "#answers", "#milestones", "#roles"]);
    assert_eq!(hrefs(&page, ".pair-list a"), ["/en/compare/dk-nl/", "/en/compare/dk-nl/"]);
    let pair = site.html("en/compare/dk-nl/index.html");
    assert_eq!(texts(&pair, ".compare-column h3"), ["Denmark", "The Netherlands"]);
    assert_eq!(hrefs(&pair, ".compare-choice p a"), ["/en/compare/?countries=dk,nl"]);
    // Labels and answers come in the reader's language.
    let dutch = site.html("nl/compare/index.html");
    assert_eq!(texts(&dutch, "[data-country=nl] .answers dt"), ["Het plan gaat over werk", "Langste plan"]);
    assert_eq!(texts(&dutch, "[data-country=dk] .answers dd"), ["Niet bekend", "Niet bekend"]);
    assert_eq!(texts(&dutch, "[data-country=nl] .answers dd")[0], "Ja Bron [1]");
}

#[test]
fn the_comparison_aligns_procedures_by_milestone_and_roles_by_concept() {
    let site = built();
    let page = site.html("en/compare/index.html");
    let first_assessment = select(&page, "#milestones ~ section")[0];
    let links: Vec<String> = first_assessment.select(&scraper::Selector::parse("a").unwrap()).map(text).collect();
    assert_eq!(
        links,
        [
            "Sickness benefit follow-up: A talk with your caseworker",
            "The Gatekeeper path: The company doctor writes a problem analysis"
        ]
    );
    assert!(text(first_assessment).contains("(Week 8)"));
    let roles = texts(&page, "#roles ~ section dd a");
    assert_eq!(roles, ["Caseworker (sagsbehandler)", "Labour expert", "Company doctor"]);
}

#[test]
fn a_glossary_concept_lists_the_role_in_each_country() {
    let site = built();
    let page = site.html("nl/glossary/caseworker/index.html");
    assert_eq!(texts(&page, ".per-country dt"), ["Denmark", "Nederland"]);
    assert_eq!(hrefs(&page, ".per-country a"), ["/nl/dk/roles/sagsbehandler/", "/nl/nl/roles/arbeidsdeskundige/"]);
    let index = site.html("en/glossary/index.html");
    assert_eq!(texts(&index, "main .link-list a"), ["Caseworker", "Company doctor"]);
}

#[test]
fn pages_valid_only_later_or_no_longer_say_so_at_the_top() {
    let site = built();
    let future = site.html("en/dk/reform/index.html");
    assert_eq!(
        text(one(&future, ".validity-warning")),
        "These rules start on 1 January 2027. Until then, other rules apply."
    );
    let expired = site.html("en/dk/old-rules/index.html");
    assert_eq!(
        text(one(&expired, ".validity-warning")),
        "These rules ended on 31 December 2025. They no longer apply."
    );
    assert!(select(&site.html("en/nl/index.html"), ".validity-warning").is_empty());
}

#[test]
fn the_home_page_offers_three_ways_in_with_countries_in_the_readers_language() {
    let site = Fixture::copy("domain");
    let config = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
    site.write(
        "content/site.toml",
        format!("{config}\n[countries.dk]\nname = {{ en = \"Denmark\", nl = \"Denemarken\" }}\n"),
    );
    site.build_ok();
    let page = site.html("nl/index.html");
    assert_eq!(texts(&page, ".entry-points > section > h2").len(), 3);
    // Letters: every country with letters, named in Dutch, to its letter finder.
    assert_eq!(hrefs(&page, "#entry-letter ~ .country-picker > li > a"), ["/nl/dk/letters/", "/nl/nl/letters/"]);
    assert_eq!(texts(&page, "#entry-letter ~ .country-picker > li > a"), ["Denemarken", "Nederland"]);
    // Sick: every country with its procedures.
    assert_eq!(
        texts(&page, "#entry-sick ~ .country-picker .country-procedures a"),
        ["Sickness benefit follow-up (Engels)", "Het poortwachterstraject"]
    );
    // Abroad: comparison, glossary and cross-border pages.
    assert_eq!(hrefs(&page, "#entry-abroad ~ ul a"), ["/nl/compare/", "/nl/glossary/", "/nl/cross-border/dk-nl/"]);
}

#[test]
fn on_a_procedure_page_the_step_list_is_the_table_of_contents() {
    let site = built();
    let page = site.html("en/nl/procedures/poortwachter/index.html");
    // No second "On this page" beside the step list; the body's other sections are in it.
    assert!(select(&page, ".on-this-page").is_empty());
    assert_eq!(hrefs(&page, "nav.step-nav .section-links a"), ["#if-you-disagree"]);
}

#[test]
fn citizen_pages_end_with_the_same_who_to_contact_block() {
    let site = built();
    let letter = site.html("en/nl/letters/wia-besluit/index.html");
    assert_eq!(hrefs(&letter, ".help-block a"), ["/en/nl/organisations/uwv/", "/en/nl/organisations/uwv/"]);
    assert!(text(one(&letter, ".help-block")).contains("Who decides: UWV"));
    // A role's block names the organisation it works for; a letter sent by a role names
    // the role's organisation.
    let role = site.html("en/nl/roles/bedrijfsarts/index.html");
    assert_eq!(hrefs(&role, ".help-block a"), ["/en/nl/organisations/werkgever/"]);
    let procedure = site.html("en/dk/procedures/sygedagpenge/index.html");
    assert_eq!(hrefs(&procedure, ".help-block a"), ["/en/dk/organisations/kommune/", "/en/dk/organisations/kommune/"]);
    // The block sits in the same place: the last part of the article.
    for page in [&letter, &role, &procedure] {
        let last = select(page, "article > *").into_iter().last().expect("article has children");
        assert_eq!(attr(last, "class"), "help-block");
    }
    assert!(select(&site.html("en/glossary/caseworker/index.html"), ".help-block").is_empty());
}

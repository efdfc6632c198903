//! `signpost check`: each check fires on a fixture made for it, and marking a
//! translation clears the stale warning.

use assert_cmd::Command;
use signpost::diagnostics::Code;

use crate::support::{Fixture, place};

fn check(site: &Fixture) -> signpost::check::CheckReport {
    let mut options = site.options();
    options.today = Some(jiff::civil::date(2026, 11, 23));
    signpost::check::check(&options).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)))
}

fn codes(report: &signpost::check::CheckReport, file: &str) -> Vec<Code> {
    report.diagnostics.iter().filter(|d| place(d).1 == file).map(|d| d.code).collect()
}

#[test]
fn pages_that_fall_back_are_counted_per_language() {
    let report = check(&Fixture::copy("basic"));
    assert_eq!(report.missing_translations["en"].len(), 0);
    assert_eq!(report.missing_translations["nl"], ["nl/_index", "nl/roles/bedrijfsarts", "glossary/company-doctor"]);
    assert_eq!(report.missing_translations["pl"].len(), 5);
}

#[test]
fn a_translation_of_an_older_original_is_stale_until_marked() {
    let site = Fixture::copy("basic");
    let translation = site.content().join("nl/organisations/uwv.nl.md");
    // Unmarked: check asks for a mark.
    assert!(codes(&check(&site), "uwv.nl.md").contains(&Code::TranslationUntracked));
    // Marked: quiet.
    signpost::mark_translated(&site.content(), std::slice::from_ref(&translation)).expect("marks");
    assert!(
        !codes(&check(&site), "uwv.nl.md")
            .iter()
            .any(|c| matches!(c, Code::TranslationUntracked | Code::TranslationStale))
    );
    // The original's text changes: stale, pointing at the recorded line.
    let original = site.content().join("nl/organisations/uwv.en.md");
    let text = std::fs::read_to_string(&original).unwrap().replace("UWV pays benefits", "UWV pays and checks benefits");
    site.write("content/nl/organisations/uwv.en.md", text);
    let report = check(&site);
    let stale = report.diagnostics.iter().find(|d| d.code == Code::TranslationStale).expect("stale");
    assert_eq!(place(stale), (Code::TranslationStale, "uwv.nl.md".into(), 2));
    // A new review date alone does not make it stale.
    let site = Fixture::copy("basic");
    signpost::mark_translated(
        &site.content(),
        std::slice::from_ref(&site.content().join("nl/organisations/uwv.nl.md")),
    )
    .expect("marks");
    let text = std::fs::read_to_string(site.content().join("nl/organisations/uwv.en.md"))
        .unwrap()
        .replace("2026-10-01", "2026-11-20");
    site.write("content/nl/organisations/uwv.en.md", text);
    assert!(!codes(&check(&site), "uwv.nl.md").contains(&Code::TranslationStale));
}

#[test]
fn an_overdue_review_is_a_warning_with_the_due_date() {
    let site = Fixture::copy("basic");
    let text = std::fs::read_to_string(site.content().join("nl/organisations/uwv.en.md"))
        .unwrap()
        .replace("2026-10-01", "2024-01-15");
    site.write("content/nl/organisations/uwv.en.md", text);
    let report = check(&site);
    let overdue = report.diagnostics.iter().find(|d| d.code == Code::ReviewOverdue).expect("overdue");
    assert_eq!(place(overdue), (Code::ReviewOverdue, "uwv.en.md".into(), 7));
    assert!(overdue.message.contains("2025-01-14"), "{}", overdue.message);
}

#[test]
fn pages_without_sources_or_review_date_are_warnings() {
    let report = check(&Fixture::copy("basic"));
    assert!(codes(&report, "company-doctor.en.md").contains(&Code::Unsourced));
    assert!(codes(&report, "company-doctor.en.md").contains(&Code::NotReviewed));
}

#[test]
fn rules_not_in_force_today_are_notes_not_warnings() {
    let report = check(&Fixture::copy("domain"));
    assert!(codes(&report, "reform.en.md").contains(&Code::RulesNotYet));
    assert!(codes(&report, "old-rules.en.md").contains(&Code::RulesEnded));
    let note = report.diagnostics.iter().find(|d| d.code == Code::RulesEnded).unwrap();
    assert_eq!(note.severity, signpost::diagnostics::Severity::Note);
}

#[test]
fn a_broken_anchor_fails_check_as_it_fails_build() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\n[x](@/nl/organisations/uwv.md#nowhere)\n");
    let mut options = site.options();
    options.today = Some(jiff::civil::date(2026, 11, 23));
    let failure = signpost::check::check(&options).expect_err("fails");
    assert_eq!(place(failure.diagnostics().sorted()[0]).0, Code::BrokenLink);
}

#[test]
fn a_hard_dutch_paragraph_is_flagged_with_its_hardest_sentences() {
    let site = Fixture::copy("basic");
    let hard = "Indien de werknemer ten gevolge van arbeidsongeschiktheid niet in staat is de overeengekomen werkzaamheden te verrichten, is de werkgever gehouden gedurende een tijdvak van ten hoogste honderdvier weken het loon gedeeltelijk door te betalen, onverminderd de verplichtingen inzake re-integratie. ";
    site.write("content/moeilijk.en.md", "+++\ntitle = \"Easy\"\n+++\nYou are sick. You call your boss. Your boss calls the doctor. The doctor talks with you. You make a plan together. You work a bit more each week. You get better. You go back to work. This is how it goes for most people. It takes some weeks. Your boss pays you. You keep your job. Ask for help when you need it. The doctor helps you. Your boss helps you too. You are not alone. Call us with your questions. We help you find your way. We explain each letter. We explain each step.\n");
    site.write("content/moeilijk.nl.md", format!("+++\ntitle = \"Moeilijk\"\n+++\n{}\n", hard.repeat(3)));
    let report = check(&site);
    let warning = report.diagnostics.iter().find(|d| d.code == Code::HardToRead).expect("hard to read");
    assert_eq!(place(warning).1, "moeilijk.nl.md");
    assert!(warning.message.starts_with("Flesch–Douma"), "{}", warning.message);
    let dutch = report.readability.iter().find(|r| r.file.ends_with("moeilijk.nl.md")).expect("scored");
    assert!(!dutch.passes);
    assert!(dutch.hardest[0].starts_with("Indien de werknemer"), "{:?}", dutch.hardest);
    let english = report.readability.iter().find(|r| r.file.ends_with("moeilijk.en.md")).expect("scored");
    assert!(english.passes, "{english:?}");
    assert_eq!(english.formula, "Flesch Reading Ease");
}

#[test]
fn strict_mode_fails_on_warnings_and_json_has_the_tables() {
    let site = Fixture::copy("basic");
    let bin = || Command::cargo_bin("signpost").expect("binary");
    bin().current_dir(&site.root).arg("check").assert().code(0);
    bin().current_dir(&site.root).args(["check", "--strict"]).assert().code(1);
    let output = bin().current_dir(&site.root).args(["check", "--format", "json"]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(json["warnings"].as_u64().unwrap() > 0);
    assert_eq!(json["missing_translations"]["pl"].as_array().unwrap().len(), 5);
    assert!(json["readability"].is_array());
}

#[test]
fn mark_translated_refuses_an_original() {
    let site = Fixture::copy("basic");
    let failure = signpost::mark_translated(&site.content(), &[site.content().join("nl/organisations/uwv.en.md")])
        .expect_err("refused");
    assert_eq!(failure.diagnostics().iter().next().unwrap().code, Code::NotATranslation);
}

#[test]
fn external_links_in_bodies_sources_and_websites_are_listed_not_fetched() {
    let site = Fixture::copy("basic");
    site.write("content/links.en.md", "+++\ntitle = \"Links\"\n+++\nIntro.\n\nSee [the law](https://wetten.overheid.nl/) or [mail us](mailto:help@example.org).\n");
    let report = check(&site);
    let listed: Vec<(String, usize, &str)> = report
        .external_links
        .iter()
        .map(|l| (l.file.rsplit('/').next().unwrap_or_default().to_string(), l.line, l.url.as_str()))
        .collect();
    assert!(listed.contains(&("links.en.md".into(), 6, "https://wetten.overheid.nl/")), "{listed:?}");
    assert!(listed.contains(&("links.en.md".into(), 6, "mailto:help@example.org")), "{listed:?}");
    assert!(listed.iter().any(|(file, _, url)| file == "uwv.en.md" && *url == "https://www.uwv.nl/"), "{listed:?}");
}

/// A translation saved with a byte-order mark and CRLF line ends, with comments: marking
/// it changes the one value and not a byte more.
#[test]
fn mark_translated_changes_only_the_translated_from_value_byte_for_byte() {
    let site = Fixture::copy("basic");
    let path = site.content().join("nl/organisations/uwv.nl.md");
    let lf = std::fs::read_to_string(&path).unwrap();
    let with_line = lf.replacen("+++\n", "+++\ntranslated_from = \"0000000000000000\" # by Ana\n", 1);
    let crlf = format!("\u{feff}{}", with_line.replace('\n', "\r\n"));
    std::fs::write(&path, &crlf).unwrap();
    let marked = signpost::mark_translated(&site.content(), std::slice::from_ref(&path)).expect("marks");
    let fingerprint = &marked[0].1;
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, crlf.replacen("0000000000000000", fingerprint, 1));
    assert!(
        !codes(&check(&site), "uwv.nl.md")
            .iter()
            .any(|c| matches!(c, Code::TranslationUntracked | Code::TranslationStale))
    );
}

//! One case per validation rule on facts: each names the code, the file and the line.

use crate::support::{Fixture, place};
use signpost::diagnostics::Code;

const PROCEDURE: &str = "content/nl/procedures/poortwachter.en.md";

/// The domain fixture with `from` replaced by `to` in one file.
fn with_change(file: &str, from: &str, to: &str) -> Fixture {
    let site = Fixture::copy("domain");
    let text = std::fs::read_to_string(site.root.join(file)).expect("fixture file");
    assert!(text.contains(from), "{from:?} not in {file}");
    site.write(file, text.replacen(from, to, 1));
    site
}

/// Code, file and line of the first error.
fn first_place(site: &Fixture) -> (Code, String, usize) {
    place(&site.build_err()[0])
}

fn first_error(site: &Fixture) -> (Code, String, usize, String) {
    let errors = site.build_err();
    let first = &errors[0];
    let (code, file, line) = place(first);
    (code, file, line, first.help.clone().unwrap_or_default())
}

#[test]
fn an_unknown_actor_is_reported_with_a_suggestion() {
    let site = with_change(PROCEDURE, "actor = \"bedrijfsarts\"", "actor = \"bedrijfsart\"");
    let (code, file, line, help) = first_error(&site);
    assert_eq!((code, file.as_str(), line), (Code::UnknownReference, "poortwachter.en.md", 19));
    assert!(help.starts_with("did you mean `bedrijfsarts`?"), "{help}");
}

#[test]
fn an_unknown_letter_organisation_or_concept_is_reported() {
    let site = with_change(PROCEDURE, "letter = \"ziekmelding-42\"", "letter = \"ziekmelding-43\"");
    assert_eq!(first_place(&site), (Code::UnknownReference, "poortwachter.en.md".into(), 36));
    let site = with_change(
        "content/nl/roles/bedrijfsarts.en.md",
        "concept = \"company-doctor\"",
        "concept = \"company-docter\"",
    );
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::UnknownReference, 5));
    assert!(help.starts_with("did you mean `company-doctor`?"), "{help}");
    let site = with_change("content/nl/_index.en.md", "institutions = [\"uwv\"]", "institutions = [\"uvw\"]");
    assert_eq!(first_error(&site).2, 4);
}

#[test]
fn a_duplicate_step_id_is_an_error() {
    let site = with_change(PROCEDURE, "id = \"probleemanalyse\"", "id = \"ziekmelding\"");
    let errors = site.build_err();
    assert!(errors.iter().any(|e| place(e) == (Code::DuplicateStep, "poortwachter.en.md".into(), 16)), "{errors:?}");
}

#[test]
fn next_pointing_nowhere_is_an_error() {
    let site = with_change(PROCEDURE, "next = [\"wia-besluit\"]", "next = [\"wia-besluiten\"]");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::UnknownReference, 44));
    assert!(help.starts_with("did you mean `wia-besluit`?"), "{help}");
}

#[test]
fn a_cycle_of_steps_is_an_error() {
    let site = with_change(PROCEDURE, "next = [\"wia-besluit\"]", "next = [\"ziekmelding\"]");
    let errors = site.build_err();
    assert!(errors.iter().any(|e| e.code == Code::StepCycle), "{errors:?}");
}

#[test]
fn a_step_before_its_predecessor_is_an_error() {
    let site = with_change(PROCEDURE, "week = 42", "week = 4");
    let (code, _, line, _) = first_error(&site);
    assert_eq!((code, line), (Code::StepTiming, 34));
}

#[test]
fn a_reversed_week_range_is_an_error() {
    let site = with_change(PROCEDURE, "weeks = [6, 8]", "weeks = [8, 6]");
    let errors = site.build_err();
    assert!(errors.iter().any(|e| place(e) == (Code::StepTiming, "poortwachter.en.md".into(), 27)), "{errors:?}");
}

#[test]
fn a_letter_sent_by_someone_else_than_the_steps_actor_is_an_error() {
    let site = with_change("content/nl/letters/ziekmelding-42.en.md", "sender = \"werkgever\"", "sender = \"uwv\"");
    let errors = site.build_err();
    let mismatch = errors.iter().find(|e| e.code == Code::LetterSenderMismatch).expect("mismatch reported");
    assert_eq!(place(mismatch), (Code::LetterSenderMismatch, "poortwachter.en.md".into(), 36));
    assert_eq!(mismatch.related[0].0.file.path.file_name().unwrap(), "ziekmelding-42.en.md");
}

#[test]
fn a_letter_sent_by_the_actors_organisation_is_fine() {
    // The labour expert works for UWV, which sends the WIA decision.
    let site = Fixture::copy("domain");
    site.build_ok();
}

#[test]
fn validity_that_ends_before_it_starts_is_an_error() {
    let site = with_change("content/dk/old-rules.en.md", "valid_until = 2025-12-31", "valid_until = 2019-12-31");
    assert_eq!(first_place(&site), (Code::ValidityReversed, "old-rules.en.md".into(), 4));
}

#[test]
fn a_review_date_in_the_future_is_an_error() {
    let site = with_change("content/nl/organisations/uwv.nl.md", "reviewed = 2026-11-01", "reviewed = 2027-01-01");
    assert_eq!(first_place(&site), (Code::ReviewedInFuture, "uwv.nl.md".into(), 4));
}

#[test]
fn procedures_and_letters_without_sources_are_errors() {
    let site = with_change(
        "content/dk/letters/indkaldelse.en.md",
        "[[sources]]\ntitle = \"Sygedagpengeloven\"\npublisher = \"Folketinget\"\nyear = 2024\n",
        "",
    );
    let (code, file, _) = first_place(&site);
    assert_eq!((code, file.as_str()), (Code::MissingSources, "indkaldelse.en.md"));
    let site = with_change(
        "content/dk/procedures/sygedagpenge.en.md",
        "[[sources]]\ntitle = \"Sygedagpengeloven\"\npublisher = \"Folketinget\"\nyear = 2024\n",
        "",
    );
    let (code, file, _) = first_place(&site);
    assert_eq!((code, file.as_str()), (Code::MissingSources, "sygedagpenge.en.md"));
}

#[test]
fn a_tri_state_fact_takes_only_yes_no_or_unknown() {
    let site = with_change("content/nl/_index.en.md", "value = \"yes\"", "value = \"maybe\"");
    assert_eq!(first_place(&site), (Code::BadComparisonValue, "_index.en.md".into(), 8));
}

#[test]
fn an_organisation_kind_outside_the_list_is_an_error() {
    let site =
        with_change("content/nl/organisations/uwv.en.md", "kind = \"social-security\"", "kind = \"social-securty\"");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::BadChoice, 3));
    assert_eq!(help, "did you mean `social-security`?");
}

const DECISION: &str = "content/nl/letters/wia-besluit.en.md";

#[test]
fn a_decision_letter_must_say_how_to_contest_it() {
    let site = Fixture::copy("domain");
    let text = std::fs::read_to_string(site.root.join(DECISION)).expect("fixture file");
    let without = text.replace(
        "[objection]\nname = \"bezwaar\"\nto = \"uwv\"\nwithin_weeks = 6\nhow = \"In writing, to UWV.\"\n",
        "",
    );
    assert_ne!(without, text);
    site.write(DECISION, without);
    let (code, file, line, help) = first_error(&site);
    assert_eq!((code, file.as_str(), line), (Code::MissingFact, "wia-besluit.en.md", 3));
    assert!(help.contains("[objection]"), "{help}");
}

#[test]
fn only_a_decision_can_be_contested() {
    let site = with_change(DECISION, "kind = \"decision\"", "kind = \"information\"");
    assert_eq!(first_place(&site), (Code::LetterKind, "wia-besluit.en.md".into(), 10));
    let site = with_change(DECISION, "kind = \"decision\"", "kind = \"verdict\"");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::BadChoice, 3));
    assert!(help.contains("decision"), "{help}");
}

#[test]
fn a_letter_the_reader_sends_is_of_the_kind_sent_by_you() {
    let site = with_change(DECISION, "sender = \"uwv\"", "sender = \"you\"");
    let errors = site.build_err();
    assert!(errors.iter().any(|e| place(e) == (Code::LetterKind, "wia-besluit.en.md".into(), 3)), "{errors:?}");
}

#[test]
fn an_objection_names_who_receives_it_and_the_term_on_the_letter() {
    let site = with_change(DECISION, "to = \"uwv\"\n", "to = \"uwvv\"\n");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::UnknownReference, 12));
    assert!(help.starts_with("did you mean `uwv`?"), "{help}");
    let site = with_change(DECISION, "name = \"bezwaar\"\n", "");
    assert_eq!(first_place(&site), (Code::MissingFact, "wia-besluit.en.md".into(), 10));
}

#[test]
fn a_time_limit_has_exactly_one_unit_within_ten_years() {
    let site = with_change(DECISION, "within_weeks = 6\n", "within_weeks = 6\nwithin_days = 42\n");
    assert_eq!(first_place(&site), (Code::BadDeadline, "wia-besluit.en.md".into(), 14));
    let site = with_change(DECISION, "within_weeks = 6\n", "");
    assert_eq!(first_place(&site), (Code::BadDeadline, "wia-besluit.en.md".into(), 10));
    for bad in ["0", "-1", "521", "9223372036854775807"] {
        let site = with_change(DECISION, "within_weeks = 6", &format!("within_weeks = {bad}"));
        assert_eq!(first_place(&site), (Code::BadDeadline, "wia-besluit.en.md".into(), 13), "{bad}");
    }
    let site = with_change(DECISION, "within_weeks = 6\n", "within_weeks = 6\ncounted_from = \"delivery\"\n");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::BadChoice, 14));
    assert!(help.contains("receipt"), "{help}");
}

#[test]
fn a_deadline_runs_from_the_letter_of_an_earlier_step() {
    let site = with_change(PROCEDURE, "step = \"wia-besluit\"", "step = \"wia-besluiten\"");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::UnknownReference, 61));
    assert!(help.starts_with("did you mean `wia-besluit`?"), "{help}");
    // A step that sends no letter.
    let site = with_change(PROCEDURE, "step = \"wia-besluit\"", "step = \"wia-aanvraag\"");
    assert_eq!(first_place(&site), (Code::BadDeadline, "poortwachter.en.md".into(), 61));
    // Two deadlines for one step.
    let site =
        with_change(PROCEDURE, "to = [\"uwv\"]\ndeadline_from", "to = [\"uwv\"]\ndeadline_week = 110\ndeadline_from");
    assert_eq!(first_place(&site), (Code::StepTiming, "poortwachter.en.md".into(), 61));
    let site = with_change(PROCEDURE, "within_weeks = 6 }", "within_weeks = 0 }");
    assert_eq!(first_place(&site), (Code::BadDeadline, "poortwachter.en.md".into(), 61));
}

#[test]
fn a_translation_inherits_the_objection_and_may_not_change_its_facts() {
    let site = Fixture::copy("domain");
    let translation = "content/nl/letters/wia-besluit.nl.md";
    let body = "+++\ntitle = \"WIA-besluit\"\n\n[objection]\nhow = \"Schriftelijk, aan UWV.\"\n+++\nTekst.\n";
    site.write(translation, body);
    site.build_ok();
    let page = site.html("nl/nl/letters/wia-besluit/index.html");
    let objection = crate::support::text(crate::support::one(&page, ".letter-facts dd:nth-of-type(5)"));
    assert_eq!(objection, "Binnen 6 weken na de datum op de brief (bezwaar). Sturen naar UWV. Schriftelijk, aan UWV.");
    site.write(translation, body.replace("how =", "within_weeks = 4\nhow ="));
    let (code, file, line) = first_place(&site);
    assert_eq!((code, file.as_str(), line), (Code::TranslationContradicts, "wia-besluit.nl.md", 4));
}

#[test]
fn the_retired_object_within_weeks_key_says_what_to_write_instead() {
    let site = with_change(DECISION, "recognise =", "object_within_weeks = 6\nrecognise =");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), (Code::UnknownKey, 7));
    assert!(help.contains("[objection]"), "{help}");
}

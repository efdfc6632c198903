//! One case per validation rule on facts: each names the code, the file and the line.

use crate::support::{Fixture, place};

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
fn first_place(site: &Fixture) -> (&'static str, String, usize) {
    place(&site.build_err()[0])
}

fn first_error(site: &Fixture) -> (&'static str, String, usize, String) {
    let errors = site.build_err();
    let first = &errors[0];
    let (code, file, line) = place(first);
    (code, file, line, first.help.clone().unwrap_or_default())
}

#[test]
fn an_unknown_actor_is_reported_with_a_suggestion() {
    let site = with_change(PROCEDURE, "actor = \"bedrijfsarts\"", "actor = \"bedrijfsart\"");
    let (code, file, line, help) = first_error(&site);
    assert_eq!((code, file.as_str(), line), ("signpost::unknown_reference", "poortwachter.en.md", 19));
    assert!(help.starts_with("did you mean `bedrijfsarts`?"), "{help}");
}

#[test]
fn an_unknown_letter_organisation_or_concept_is_reported() {
    let site = with_change(PROCEDURE, "letter = \"ziekmelding-42\"", "letter = \"ziekmelding-43\"");
    assert_eq!(first_place(&site), ("signpost::unknown_reference", "poortwachter.en.md".into(), 36));
    let site = with_change(
        "content/nl/roles/bedrijfsarts.en.md",
        "concept = \"company-doctor\"",
        "concept = \"company-docter\"",
    );
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), ("signpost::unknown_reference", 5));
    assert!(help.starts_with("did you mean `company-doctor`?"), "{help}");
    let site = with_change("content/nl/_index.en.md", "institutions = [\"uwv\"]", "institutions = [\"uvw\"]");
    assert_eq!(first_error(&site).2, 4);
}

#[test]
fn a_duplicate_step_id_is_an_error() {
    let site = with_change(PROCEDURE, "id = \"probleemanalyse\"", "id = \"ziekmelding\"");
    let errors = site.build_err();
    assert!(
        errors.iter().any(|e| place(e) == ("signpost::duplicate_step", "poortwachter.en.md".into(), 16)),
        "{errors:?}"
    );
}

#[test]
fn next_pointing_nowhere_is_an_error() {
    let site = with_change(PROCEDURE, "next = [\"wia-besluit\"]", "next = [\"wia-besluiten\"]");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), ("signpost::unknown_reference", 44));
    assert!(help.starts_with("did you mean `wia-besluit`?"), "{help}");
}

#[test]
fn a_cycle_of_steps_is_an_error() {
    let site = with_change(PROCEDURE, "next = [\"wia-besluit\"]", "next = [\"ziekmelding\"]");
    let errors = site.build_err();
    assert!(errors.iter().any(|e| e.code == "signpost::step_cycle"), "{errors:?}");
}

#[test]
fn a_step_before_its_predecessor_is_an_error() {
    let site = with_change(PROCEDURE, "week = 42", "week = 4");
    let (code, _, line, _) = first_error(&site);
    assert_eq!((code, line), ("signpost::step_timing", 34));
}

#[test]
fn a_reversed_week_range_is_an_error() {
    let site = with_change(PROCEDURE, "weeks = [6, 8]", "weeks = [8, 6]");
    let errors = site.build_err();
    assert!(
        errors.iter().any(|e| place(e) == ("signpost::step_timing", "poortwachter.en.md".into(), 27)),
        "{errors:?}"
    );
}

#[test]
fn a_letter_sent_by_someone_else_than_the_steps_actor_is_an_error() {
    let site = with_change("content/nl/letters/ziekmelding-42.en.md", "sender = \"werkgever\"", "sender = \"uwv\"");
    let errors = site.build_err();
    let mismatch = errors.iter().find(|e| e.code == "signpost::letter_sender_mismatch").expect("mismatch reported");
    assert_eq!(place(mismatch), ("signpost::letter_sender_mismatch", "poortwachter.en.md".into(), 36));
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
    assert_eq!(first_place(&site), ("signpost::validity_reversed", "old-rules.en.md".into(), 4));
}

#[test]
fn a_review_date_in_the_future_is_an_error() {
    let site = with_change("content/nl/organisations/uwv.nl.md", "reviewed = 2026-11-01", "reviewed = 2027-01-01");
    assert_eq!(first_place(&site), ("signpost::reviewed_in_future", "uwv.nl.md".into(), 4));
}

#[test]
fn procedures_and_letters_without_sources_are_errors() {
    let site = with_change(
        "content/dk/letters/indkaldelse.en.md",
        "[[sources]]\ntitle = \"Sygedagpengeloven\"\npublisher = \"Folketinget\"\nyear = 2024\n",
        "",
    );
    let (code, file, _) = first_place(&site);
    assert_eq!((code, file.as_str()), ("signpost::missing_sources", "indkaldelse.en.md"));
    let site = with_change(
        "content/dk/procedures/sygedagpenge.en.md",
        "[[sources]]\ntitle = \"Sygedagpengeloven\"\npublisher = \"Folketinget\"\nyear = 2024\n",
        "",
    );
    let (code, file, _) = first_place(&site);
    assert_eq!((code, file.as_str()), ("signpost::missing_sources", "sygedagpenge.en.md"));
}

#[test]
fn a_tri_state_fact_takes_only_yes_no_or_unknown() {
    let site = with_change("content/nl/_index.en.md", "value = \"yes\"", "value = \"maybe\"");
    assert_eq!(first_place(&site), ("signpost::bad_comparison_value", "_index.en.md".into(), 8));
}

#[test]
fn an_organisation_kind_outside_the_list_is_an_error() {
    let site =
        with_change("content/nl/organisations/uwv.en.md", "kind = \"social-security\"", "kind = \"social-securty\"");
    let (code, _, line, help) = first_error(&site);
    assert_eq!((code, line), ("signpost::bad_choice", 3));
    assert_eq!(help, "did you mean `social-security`?");
}

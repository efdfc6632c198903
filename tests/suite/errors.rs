//! Bad content gets a clear error with file and line, and every error of a run is
//! reported together.

use crate::support::{Fixture, place};
use signpost::diagnostics::Code;

#[test]
fn a_translation_that_contradicts_a_fact_names_both_files() {
    let site = Fixture::copy("basic");
    site.write(
        "content/nl/organisations/uwv.nl.md",
        "+++\ntitle = \"UWV\"\nsector = \"private\"\n+++\n## Contact {#contact}\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(place(&errors[0]), (Code::TranslationContradicts, "uwv.nl.md".into(), 3));
    let (original, _) = &errors[0].related[0];
    assert_eq!(original.file.path.file_name().unwrap(), "uwv.en.md");
    assert_eq!(original.line_col().0, 5);
}

#[test]
fn a_translation_with_other_steps_is_an_error() {
    let site = Fixture::copy("basic");
    let path = "content/nl/procedures/poortwachter.nl.md";
    let text = std::fs::read_to_string(site.root.join(path)).unwrap().replace("week = 6", "week = 7");
    site.write(path, text);
    let errors = site.build_err();
    assert_eq!(place(&errors[0]).0, Code::TranslationContradicts);
    assert!(errors[0].message.contains("week"), "{}", errors[0].message);
}

#[test]
fn a_broken_link_is_an_error_with_file_and_line() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nIntro.\n\nSee [UWV](@/nl/organisations/uvw.md).\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::BrokenLink, "about.en.md".into(), 6));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `@/nl/organisations/uwv.md`?"));
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\n[x](@/nl/organisations/uwv.md#contacts)\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::BrokenLink, "about.en.md".into(), 4));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `#contact`?"));
}

#[test]
fn unknown_keys_get_a_did_you_mean_in_pages_and_site_toml() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitle = \"About\"\nsumary = \"x\"\n+++\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::UnknownKey, "about.en.md".into(), 3));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `summary`?"));

    let site = Fixture::copy("basic");
    let config = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
    site.write("content/site.toml", config.replace("default_language", "default_langauge"));
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::UnknownKey, "site.toml".into(), 2));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `default_language`?"));
}

#[test]
fn a_key_of_another_kind_is_refused() {
    let site = Fixture::copy("basic");
    site.write("content/nl/roles/x.en.md", "+++\ntitle = \"X\"\nsender = \"uwv\"\n+++\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::KeyNotForKind, "x.en.md".into(), 3));
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = Fixture::copy("basic");
    site.write("content/a.en.md", "+++\ntitel = \"A\"\n+++\n");
    site.write("content/b.en.md", "no front matter\n");
    site.write("content/c.en.md", "+++\ntitle = \"C\"\n+++\n[x](@/nowhere.md)\n");
    site.write("content/d.xx.md", "+++\ntitle = \"D\"\n+++\n");
    let errors = site.build_err();
    let codes: Vec<Code> = errors.iter().map(|e| e.code).collect();
    for expected in [Code::UnknownKey, Code::NoFrontMatter, Code::UnknownLanguage, Code::BrokenLink] {
        assert!(codes.contains(&expected), "{expected} missing from {codes:?}");
    }
}

#[test]
fn front_matter_that_is_never_closed_is_reported_at_the_file() {
    let site = Fixture::copy("basic");
    site.write("content/a.en.md", "+++\ntitle = \"A\"\n\nBody\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::NoFrontMatter, "a.en.md".into(), 1));
    assert!(errors[0].message.contains("never closed"));
}

#[test]
fn a_translation_without_an_original_is_an_error() {
    let site = Fixture::copy("basic");
    site.write("content/only-dutch.nl.md", "+++\ntitle = \"Alleen Nederlands\"\n+++\n");
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::MissingOriginal, "only-dutch.nl.md".into(), 1));
}

#[test]
fn a_language_without_ui_strings_is_an_error() {
    let site = Fixture::copy("basic");
    let config = std::fs::read_to_string(site.content().join("site.toml")).unwrap();
    site.write("content/site.toml", format!("{config}\n[languages.fr]\nname = \"Français\"\ntitle = \"Panneau\"\n"));
    let errors = site.build_err();
    assert!(errors.iter().any(|e| e.code == Code::MissingUiStrings && e.message.contains("`fr`")));
}

#[test]
fn a_site_can_override_a_template_and_template_errors_name_file_and_line() {
    let site = Fixture::copy("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p class=custom>{{ t.go_home }}</p>{% endblock main %}",
    );
    site.build_ok();
    crate::support::one(&site.html("nl/404.html"), "p.custom");

    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ t.no_such_string }}\n{% endblock main %}",
    );
    let errors = site.build_err();
    assert_eq!(place(&errors[0]), (Code::Template, "404.html".into(), 3));
}

#[test]
fn a_failed_build_reports_every_file_once_sorted() {
    let site = Fixture::copy("basic");
    site.write("content/b.en.md", "+++\ntitel = \"B\"\n+++\n");
    site.write("content/a.en.md", "+++\ntitel = \"A\"\n+++\n");
    let failure = site.build().expect_err("fails");
    let files: Vec<String> = failure.diagnostics().sorted().iter().map(|d| place(d).1).collect();
    assert_eq!(files, ["a.en.md", "b.en.md"]);
}

#[test]
fn a_page_at_the_address_of_a_generated_page_is_refused_and_nothing_is_lost() {
    let site = Fixture::copy("basic");
    let page = "+++\ntitle = \"Mine\"\n+++\nMy own text.\n";
    site.write("content/search.en.md", page);
    site.write("content/nl/letters.en.md", page);
    let errors = site.build_err();
    let mut places: Vec<_> = errors.iter().map(place).collect();
    places.sort();
    assert_eq!(
        places,
        vec![(Code::BadFileName, "letters.en.md".into(), 1), (Code::BadFileName, "search.en.md".into(), 1)]
    );
    assert!(errors.iter().all(|e| e.help.as_deref().is_some_and(|h| h.starts_with("rename the file"))));
    assert!(!site.output().exists(), "a refused build writes nothing");
}

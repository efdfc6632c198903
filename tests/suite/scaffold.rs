//! `signpost init` and `signpost new`: the example site builds and checks clean in its
//! languages, every kind of new page builds with its placeholders named by file and
//! line, a translation skeleton inherits the facts, and bad input is refused with
//! nothing written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use signpost::diagnostics::{Code, Diagnostic};
use signpost::model::PageKind;
use signpost::scaffold::{InitOptions, NewOptions, Written};

use crate::support::{Fixture, attr, one, place, select, text};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

fn signpost() -> Command {
    Command::cargo_bin("signpost").expect("binary built")
}

/// A new site in a temporary folder, made by `init` with these languages.
fn init(languages: &[&str], default: Option<&str>) -> Fixture {
    let site = Fixture::empty();
    let options = InitOptions {
        folder: site.root.clone(),
        languages: languages.iter().map(|l| l.to_string()).collect(),
        default_language: default.map(str::to_string),
        today: TODAY,
    };
    if let Err(errors) = signpost::scaffold::init(&options) {
        panic!("init {languages:?} failed:\n{}", errors.to_human(false));
    }
    site
}

fn check(site: &Fixture) -> signpost::check::CheckReport {
    signpost::check::check(&site.options()).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)))
}

/// Facts given to `new`, by front-matter key.
type Facts<'a> = &'a [(&'a str, &'a [&'a str])];

fn new_page(
    site: &Fixture,
    kind: PageKind,
    page: &str,
    lang: Option<&str>,
    facts: Facts,
) -> Result<Written, Vec<Diagnostic>> {
    let options = NewOptions {
        content: site.content(),
        kind,
        page: page.to_string(),
        lang: lang.map(str::to_string),
        facts: facts
            .iter()
            .map(|(key, values)| (key.to_string(), values.iter().map(|v| v.to_string()).collect()))
            .collect(),
        today: TODAY,
    };
    signpost::scaffold::new_page(&options).map_err(|errors| errors.iter().cloned().collect())
}

/// Every file below `root`, to compare before and after a refused command.
fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).map(|e| e.path().to_path_buf()).collect();
    files.sort();
    files
}

#[test]
fn init_builds_and_passes_the_strict_check_in_every_language_pair() {
    let pairs: &[&[&str]] =
        &[&["en", "nl"], &["en", "pl"], &["nl", "da"], &["da", "en"], &["pl", "nl"], &["nl", "en", "da", "pl"]];
    for languages in pairs {
        let site = init(languages, None);
        site.build_ok();
        let report = check(&site);
        let warnings: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| format!("{:?} {}", d.code, d.message))
            .collect();
        assert!(report.passes(true), "{languages:?}: {warnings:?}");
        for lang in *languages {
            assert!(report.missing_translations[*lang].is_empty(), "{lang}: every page is translated");
            let procedure = site.html(&format!("{lang}/xx/procedures/apply-for-benefit/index.html"));
            let steps: Vec<String> =
                select(&procedure, "ol.steps > li.step").into_iter().map(|li| attr(li, "id")).collect();
            assert_eq!(steps, ["apply", "decision", "objection"], "{lang}");
            assert_eq!(attr(one(&procedure, "html"), "lang"), *lang);
            let letter = site.html(&format!("{lang}/xx/letters/benefit-decision/index.html"));
            assert_eq!(
                select(&letter, "dl.letter-facts .official-term").len(),
                1,
                "{lang}: the letter says how to object"
            );
        }
    }
}

/// Each language with example words and theme strings is the default once, so each
/// one's original (with the facts) is built and checked.
#[test]
fn init_checks_clean_with_each_language_as_the_default() {
    for lang in ["en", "nl", "da", "pl"] {
        let site = init(&[lang], None);
        site.build_ok();
        assert!(check(&site).passes(true), "{lang}");
        let home = site.html(&format!("{lang}/index.html"));
        assert!(!text(one(&home, "main h1")).is_empty());
    }
}

/// The default theme has no UI strings in German, French, Spanish, Swedish or Finnish:
/// `init` writes the English ones into `i18n/`, marked, so the site builds; `check`
/// passes and `check --strict` names exactly that file as left to do. Each is the
/// default here, so its example words are the originals, facts and all.
#[test]
fn a_language_without_theme_strings_builds_and_strict_check_names_its_ui_strings() {
    let titles = [
        ("de", "Beispielratgeber"),
        ("fr", "Guide d'exemple"),
        ("es", "Guía de ejemplo"),
        ("sv", "Exempelguide"),
        ("fi", "Esimerkkiopas"),
    ];
    for (lang, title) in titles {
        let site = init(&[lang, "en"], None);
        site.build_ok();
        let report = check(&site);
        assert!(report.passes(false), "{lang}: no errors");
        let left: Vec<(Code, String, usize)> = report.diagnostics.iter().map(place).collect();
        assert_eq!(left, [(Code::Placeholder, format!("{lang}.toml"), 1)], "{lang}");
        let home = site.html(&format!("{lang}/index.html"));
        assert_eq!(attr(one(&home, "html"), "lang"), lang);
        assert_eq!(text(one(&home, "main h1")), title);
        let letter = site.html(&format!("{lang}/xx/letters/benefit-decision/index.html"));
        assert_eq!(select(&letter, "dl.letter-facts .official-term").len(), 1, "{lang}: the letter says how to object");
    }
}

/// A language with neither example words nor theme strings builds too; its texts are
/// the English ones, each a placeholder to translate.
#[test]
fn a_language_without_example_words_gets_placeholders_to_translate() {
    let site = init(&["it", "nl"], None);
    site.build_ok();
    let report = check(&site);
    assert!(report.passes(false));
    let placeholders: Vec<(Code, String, usize)> =
        report.diagnostics.iter().filter(|d| d.code == Code::Placeholder).map(place).collect();
    assert!(
        placeholders.contains(&(Code::Placeholder, "site.toml".into(), 13)),
        "the language's name: {placeholders:?}"
    );
    assert!(placeholders.contains(&(Code::Placeholder, "it.toml".into(), 1)), "the UI strings");
    assert!(placeholders.contains(&(Code::Placeholder, "_index.it.md".into(), 2)), "the home page's title");
    let home = site.html("it/index.html");
    assert_eq!(text(one(&home, "main h1")), "TODO: Example guide");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let site = Fixture::copy("basic");
    let before = files_below(&site.root);
    let output = signpost().current_dir(&site.root).args(["init", "."]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("signpost::not_empty") && stderr.contains("is not empty"), "{stderr}");
    assert_eq!(files_below(&site.root), before, "nothing written");

    let file = site.root.join("content/site.toml");
    let output = signpost().args(["init"]).arg(&file).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a file"));
    assert_eq!(files_below(&site.root), before);
}

#[cfg(unix)]
#[test]
fn init_refuses_a_symbolic_link_even_to_an_empty_folder() {
    let site = Fixture::empty();
    let elsewhere = site.root.with_file_name("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    std::os::unix::fs::symlink(&elsewhere, &site.root).expect("link");
    let output = signpost().arg("init").arg(&site.root).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_dir(&elsewhere).expect("readable").count(), 0, "nothing written where it leads");
}

/// `git init` first, then `signpost init .`: a folder holding only `.git` counts as empty.
#[test]
fn init_writes_into_a_folder_that_holds_only_git() {
    let site = Fixture::empty();
    std::fs::create_dir_all(site.root.join(".git")).expect("dir");
    let output = signpost().current_dir(&site.root).args(["init", "."]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    // Through the binary: it writes today's date as `reviewed`, which the fixed day of
    // the library's test builds would call the future.
    let build = signpost().current_dir(&site.root).arg("build").output().expect("runs");
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
}

#[test]
fn init_names_every_file_it_wrote() {
    let site = Fixture::empty();
    let output = signpost().arg("init").arg(&site.root).args(["--languages", "nl,en"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let named: Vec<PathBuf> = stdout.lines().filter_map(|line| line.strip_prefix("  ")).map(PathBuf::from).collect();
    let written: Vec<PathBuf> = files_below(&site.root).into_iter().filter(|path| path.is_file()).collect();
    let mut named_sorted = named.clone();
    named_sorted.sort();
    assert_eq!(named_sorted, written);
    assert!(named.contains(&site.root.join("content/_index.nl.md")));
}

/// The lines of the placeholders `check` reports in `file`.
fn placeholder_lines(report: &signpost::check::CheckReport, file: &Path) -> Vec<usize> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Placeholder && d.location.as_ref().is_some_and(|l| l.file.path == file))
        .map(|d| place(d).2)
        .collect()
}

/// The lines of a file that hold the marker, counted here apart from `check`.
fn marked_lines(path: &Path) -> Vec<usize> {
    let text = std::fs::read_to_string(path).expect("written");
    text.lines().enumerate().filter(|(_, line)| line.contains("TODO:")).map(|(i, _)| i + 1).collect()
}

#[test]
fn new_writes_every_kind_of_page_that_builds_and_check_names_each_placeholder_with_its_line() {
    let site = init(&["en", "nl"], None);
    let pages: &[(PageKind, &str, Facts, &str)] = &[
        (PageKind::Country, "dk", &[], "dk/_index.en.md"),
        (PageKind::Organisation, "xx/employer", &[("kind", &["employer"])], "xx/organisations/employer.en.md"),
        (PageKind::Role, "xx/company-doctor", &[("organisations", &["employer"])], "xx/roles/company-doctor.en.md"),
        (
            PageKind::Procedure,
            "xx/benefit-review",
            &[("decides", &["benefits-office"])],
            "xx/procedures/benefit-review.en.md",
        ),
        (
            PageKind::Letter,
            "xx/invitation",
            &[("sender", &["caseworker"]), ("kind", &["invitation"])],
            "xx/letters/invitation.en.md",
        ),
        (
            PageKind::Letter,
            "xx/payment-stop",
            &[("sender", &["benefits-office"]), ("kind", &["decision"])],
            "xx/letters/payment-stop.en.md",
        ),
        (
            PageKind::Letter,
            "xx/my-objection",
            &[("sender", &["you"]), ("recipients", &["benefits-office"])],
            "xx/letters/my-objection.en.md",
        ),
        (PageKind::Glossary, "company-doctor", &[], "glossary/company-doctor.en.md"),
        (PageKind::CrossBorder, "dk-xx", &[], "cross-border/dk-xx.en.md"),
        (PageKind::Page, "about", &[], "about.en.md"),
        (PageKind::Page, "xx/history", &[("concept", &["caseworker"])], "xx/history.en.md"),
    ];
    let mut written = Vec::new();
    for (kind, page, facts, file) in pages {
        let result = new_page(&site, *kind, page, None, facts).unwrap_or_else(|e| panic!("{page}: {e:?}"));
        assert_eq!(result.files, [site.content().join(file)], "{page}");
        assert!(result.placeholders > 0, "{page}: a skeleton has something to fill in");
        written.push((site.content().join(file), result.placeholders));
    }
    site.build_ok();
    let report = check(&site);
    assert!(report.passes(false), "a skeleton has no errors");
    assert!(!report.passes(true), "but the strict check fails on its placeholders");
    for (path, count) in &written {
        let lines = placeholder_lines(&report, path);
        let name = path.display();
        assert_eq!(lines, marked_lines(path), "{name}");
        assert_eq!(lines.len(), *count, "{name}: as many as `new` said");
        assert_eq!(lines.first(), Some(&2), "{name}: the title comes first");
    }
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).filter(|c| *c != Code::Placeholder).collect();
    assert!(codes.is_empty(), "only placeholders are left: {codes:?}");
    // What was given is written as given; the sender's kind follows from `you`.
    let letter = site.html("en/xx/letters/my-objection/index.html");
    assert_eq!(select(&letter, "dl.letter-facts dd").len(), 3, "kind, sender and recipients");
    let decision = site.html("en/xx/letters/payment-stop/index.html");
    assert_eq!(select(&decision, "dl.letter-facts .official-term").len(), 1, "a decision says how to object");
}

/// Deleting every `TODO:` line leaves a page with no placeholder that still builds:
/// the stand-ins are values the build accepts.
#[test]
fn a_skeleton_without_its_placeholder_lines_still_loads() {
    let site = init(&["en"], None);
    new_page(&site, PageKind::Organisation, "xx/employer", None, &[]).expect("written");
    let path = site.content().join("xx/organisations/employer.en.md");
    let text = std::fs::read_to_string(&path).expect("written");
    let filled = text.replace("TODO: the page title", "Employer").replace("TODO: ", "");
    std::fs::write(&path, filled).expect("write");
    site.build_ok();
    assert!(placeholder_lines(&check(&site), &path).is_empty());
}

#[test]
fn a_translation_skeleton_inherits_the_facts_and_follows_the_original() {
    let site = init(&["en", "nl"], None);
    new_page(
        &site,
        PageKind::Letter,
        "xx/payment-stop",
        None,
        &[("sender", &["benefits-office"]), ("kind", &["decision"])],
    )
    .expect("original");
    let written = new_page(&site, PageKind::Letter, "xx/payment-stop", Some("nl"), &[]).expect("translation");
    let path = site.content().join("xx/letters/payment-stop.nl.md");
    assert_eq!(written.files, std::slice::from_ref(&path));
    // Text only: no facts in the file.
    let file = std::fs::read_to_string(&path).expect("written");
    let front = file.split("+++").nth(1).expect("front matter");
    let table: toml::Table = toml::from_str(front).expect("toml");
    let keys: Vec<&str> = table.keys().map(String::as_str).collect();
    assert_eq!(keys, ["title", "reviewed", "translated_from"]);
    site.build_ok();
    let letter = site.html("nl/xx/letters/payment-stop/index.html");
    let sender = one(&letter, "dl.letter-facts dd:nth-of-type(2) a[href$='/nl/xx/organisations/benefits-office/']");
    assert_eq!(text(sender), "Uitkeringsbureau", "the sender, inherited, in Dutch");
    assert_eq!(select(&letter, "dl.letter-facts .official-term").len(), 1, "the objection, inherited");
    let report = check(&site);
    let about_it: Vec<Code> =
        report.diagnostics.iter().filter(|d| place(d).1 == "payment-stop.nl.md").map(|d| d.code).collect();
    assert!(!about_it.is_empty() && about_it.iter().all(|c| *c == Code::Placeholder), "{about_it:?}");

    // A procedure's translation lists the steps by id, with their texts to translate.
    new_page(&site, PageKind::Procedure, "xx/apply-for-benefit", Some("pl"), &[]).expect_err("no language pl");
    std::fs::remove_file(site.content().join("xx/procedures/apply-for-benefit.nl.md")).expect("remove");
    new_page(&site, PageKind::Procedure, "xx/apply-for-benefit", Some("nl"), &[]).expect("translation");
    site.build_ok();
    let procedure = site.html("nl/xx/procedures/apply-for-benefit/index.html");
    let titles: Vec<String> = select(&procedure, "ol.steps > li.step .step-title").into_iter().map(text).collect();
    assert_eq!(
        titles,
        [
            "1 TODO: You apply for the benefit",
            "2 TODO: The Benefits Office decides",
            "3 TODO: You object to the decision"
        ]
    );
    // The weeks, inherited: the first two steps by week (days from the start), the
    // objection after the decision, by the date on its letter.
    let days: Vec<String> = select(&procedure, ".date-list > li[data-first-day]")
        .into_iter()
        .map(|li| attr(li, "data-first-day"))
        .collect();
    assert_eq!(days, ["0", "56"], "the weeks, inherited");
    assert_eq!(attr(one(&procedure, ".date-list .calc-date[data-from^=\"letter-\"]"), "data-days"), "42");
}

fn codes_of(result: Result<Written, Vec<Diagnostic>>) -> Vec<Code> {
    result.expect_err("refused").iter().map(|d| d.code).collect()
}

#[test]
fn unknown_references_are_refused_with_did_you_mean_and_nothing_is_written() {
    let site = init(&["en", "nl"], None);
    let before = files_below(&site.root);
    let errors = new_page(
        &site,
        PageKind::Letter,
        "xx/payment-stop",
        None,
        &[("sender", &["benefits-ofice"]), ("kind", &["decison"])],
    )
    .expect_err("refused");
    let found: Vec<(Code, Option<String>)> = errors.iter().map(|d| (d.code, d.help.clone())).collect();
    assert_eq!(found.len(), 2, "both problems at once: {found:?}");
    assert_eq!(found[0].0, Code::UnknownReference);
    assert!(found[0].1.as_deref().is_some_and(|h| h.starts_with("did you mean `benefits-office`?")), "{found:?}");
    assert_eq!(found[1], (Code::BadChoice, Some("did you mean `decision`?".into())));
    assert_eq!(
        codes_of(new_page(&site, PageKind::Role, "xx/doctor", None, &[("organisations", &["employer"])])),
        [Code::UnknownReference]
    );
    assert_eq!(
        codes_of(new_page(&site, PageKind::Role, "xx/doctor", None, &[("concept", &["casework"])])),
        [Code::UnknownReference]
    );
    assert_eq!(
        codes_of(new_page(&site, PageKind::Role, "xx/doctor", None, &[("sender", &["you"])])),
        [Code::KeyNotForKind]
    );
    assert_eq!(
        codes_of(new_page(&site, PageKind::Letter, "xx/letter", None, &[])),
        [Code::MissingFact],
        "a letter needs its sender"
    );
    assert_eq!(
        codes_of(new_page(
            &site,
            PageKind::Letter,
            "xx/letter",
            None,
            &[("sender", &["you"]), ("kind", &["decision"])]
        )),
        [Code::LetterKind]
    );
    let country = new_page(&site, PageKind::Organisation, "xy/employer", None, &[]).expect_err("no country xy");
    assert_eq!(country[0].code, Code::UnknownReference);
    assert!(country[0].help.as_deref().is_some_and(|h| h.starts_with("the site has xx;")), "{:?}", country[0].help);
    assert_eq!(codes_of(new_page(&site, PageKind::CrossBorder, "dk-xx", None, &[])), [Code::UnknownReference]);
    assert_eq!(
        codes_of(new_page(&site, PageKind::Letter, "xx/benefit-decison", Some("nl"), &[])),
        [Code::MissingOriginal]
    );
    assert_eq!(codes_of(new_page(&site, PageKind::Letter, "xx/benefit-decision", Some("nl"), &[])), [Code::PageExists]);
    assert_eq!(
        codes_of(new_page(&site, PageKind::Letter, "xx/benefit-decision", Some("de"), &[])),
        [Code::UnknownLanguage]
    );
    assert_eq!(
        codes_of(new_page(
            &site,
            PageKind::Procedure,
            "xx/apply-for-benefit",
            Some("nl"),
            &[("decides", &["benefits-office"])]
        )),
        [Code::BadArgument],
        "a translation takes no facts"
    );
    assert_eq!(files_below(&site.root), before, "nothing was written");
}

#[test]
fn new_never_writes_over_a_page() {
    let site = init(&["en"], None);
    let path = site.content().join("xx/roles/caseworker.en.md");
    let before = std::fs::read(&path).expect("written by init");
    assert_eq!(codes_of(new_page(&site, PageKind::Role, "xx/caseworker", None, &[])), [Code::PageExists]);
    // Spelled otherwise, it is the same page.
    assert_eq!(codes_of(new_page(&site, PageKind::Role, "xx/Caseworker", None, &[])), [Code::PageExists]);
    assert_eq!(std::fs::read(&path).expect("still there"), before);
}

#[test]
fn hostile_page_names_are_refused_before_anything_is_written() {
    let site = init(&["en"], None);
    let before = files_below(site.root.parent().expect("temp dir"));
    for page in
        ["../x", "xx/../../etc", "/etc/passwd", "xx/a/b", "xx\\a", "xx/a.b", "xx/..", "xx/", "", "xx/_index", "XX/a"]
    {
        let codes = codes_of(new_page(&site, PageKind::Organisation, page, None, &[]));
        assert_eq!(codes, [Code::BadArgument], "{page:?}");
    }
    assert_eq!(codes_of(new_page(&site, PageKind::Page, "_index", None, &[])), [Code::BadArgument], "the home page");
    assert_eq!(codes_of(new_page(&site, PageKind::CrossBorder, "xx-dk", None, &[])), [Code::BadArgument], "order");
    let mut options = NewOptions {
        content: site.content().join("site.toml"),
        kind: PageKind::Glossary,
        page: "x".into(),
        lang: None,
        facts: Vec::new(),
        today: TODAY,
    };
    let errors = signpost::scaffold::new_page(&options).expect_err("a file is no content folder");
    assert_eq!(errors.iter().next().map(|d| d.code), Some(Code::NoContent));
    options.content = site.root.join("missing");
    assert!(signpost::scaffold::new_page(&options).is_err());
    assert_eq!(files_below(site.root.parent().expect("temp dir")), before);
}

#[cfg(unix)]
#[test]
fn a_content_folder_that_links_outside_is_not_written_through() {
    let site = init(&["en"], None);
    let outside = site.root.with_file_name("outside");
    std::fs::create_dir_all(&outside).expect("dir");
    std::fs::remove_dir_all(site.content().join("xx/letters")).expect("remove");
    std::os::unix::fs::symlink(&outside, site.content().join("xx/letters")).expect("link");
    let errors = new_page(&site, PageKind::Letter, "xx/sneaky", None, &[("sender", &["you"])]).expect_err("refused");
    assert_eq!(errors[0].code, Code::BadArgument);
    assert!(errors[0].message.contains("outside the content folder"), "{}", errors[0].message);
    assert_eq!(std::fs::read_dir(&outside).expect("readable").count(), 0);
}

#[test]
fn new_through_the_binary_says_what_it_wrote_and_exits_2_when_it_refuses() {
    let site = init(&["en"], None);
    let output = signpost()
        .current_dir(&site.root)
        .args(["new", "letter", "xx/invitation", "--sender", "caseworker", "--kind", "invitation"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Wrote content/xx/letters/invitation.en.md"));
    let output = signpost()
        .current_dir(&site.root)
        .args(["new", "letter", "xx/other", "--sender", "casewroker"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `caseworker`?") && stderr.contains("Nothing was written."), "{stderr}");
    assert!(!site.content().join("xx/letters/other.en.md").exists());
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    for command in [&[][..], &["init"], &["new"], &["build"], &["serve"], &["check"], &["mark-translated"]] {
        let output = signpost().args(command).arg("--help").output().expect("runs");
        assert!(output.status.success(), "{command:?}");
        let help = String::from_utf8_lossy(&output.stdout);
        let example = help.lines().skip_while(|line| !line.starts_with("Example")).nth(1).unwrap_or_default();
        assert!(example.trim_start().starts_with("signpost "), "{command:?}: {help}");
    }
}

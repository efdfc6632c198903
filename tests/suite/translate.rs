//! `signpost translate`: export a language as PO or XLIFF, fill it as a translator's
//! tool would, import it; and every way a translation file can be wrong.

use std::path::{Path, PathBuf};

use rspolib::{FileOptions, POFile};
use signpost::diagnostics::Code;
use signpost::translate::{Format, PageChoice};

use crate::support::{Fixture, attr, one, place, select, snapshot, text};

fn export(content: &Path, lang: &str, choice: PageChoice, format: Format) -> String {
    let options = signpost::BuildOptions { content: content.to_path_buf(), ..signpost::BuildOptions::default() };
    signpost::translate::export(&options, lang, choice, format)
        .unwrap_or_else(|f| panic!("export failed:\n{}", f.diagnostics().to_human(false)))
        .text
}

fn parse_po(text: &str) -> POFile {
    rspolib::pofile(FileOptions { path_or_content: format!("{text}\n"), wrapwidth: 78, byte_content: None })
        .expect("the export reads back")
}

/// The PO text with each entry of `page` translated by `translate` (given the msgid and
/// the unit key), fuzzy marks cleared, as a translator would leave it.
fn translated(po: &str, page: &str, translate: impl Fn(&str, &str) -> String) -> String {
    let mut file = parse_po(po);
    for entry in &mut file.entries {
        let context = entry.msgctxt.clone().unwrap_or_default();
        let Some((p, key)) = context.split_once(' ') else { continue };
        if p == page {
            entry.msgstr = Some(translate(&entry.msgid, key));
            entry.flags.retain(|f| f != "fuzzy");
        }
    }
    file.to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write translation file");
    path
}

fn import(content: &Path, file: &Path) -> Result<signpost::translate::ImportReport, signpost::BuildFailure> {
    signpost::translate::import(content, file)
}

fn import_errors(content: &Path, file: &Path) -> Vec<signpost::diagnostics::Diagnostic> {
    match import(content, file) {
        Ok(report) => panic!("the import should have been refused, it wrote {:?}", report.written),
        Err(failure) => failure.diagnostics().iter().filter(|d| d.is_error()).cloned().collect(),
    }
}

/// The line of the entry of `page`/`key` with its `msgstr` in `po`.
fn msgstr_line(po: &str, page: &str, key: &str) -> usize {
    let context = format!("msgctxt \"{page} {key}\"");
    let start = po.lines().position(|l| l == context).unwrap_or_else(|| panic!("no entry {page} {key}"));
    start + po.lines().skip(start).position(|l| l.starts_with("msgstr")).expect("msgstr") + 1
}

#[test]
fn exporting_and_importing_every_shipped_translation_changes_no_file() {
    let site = Fixture::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let content = site.root.clone();
    let before = snapshot(&content);
    let work = tempfile::tempdir().expect("temp dir");
    // Every language through PO, one through XLIFF too: each import renders the whole site,
    // so the test keeps to four of them (XLIFF's own round trip has a test of its own).
    let rounds = [
        ("nl", Format::Po, "all.po"),
        ("da", Format::Po, "all.po"),
        ("pl", Format::Po, "all.po"),
        ("pl", Format::Xliff, "all.xlf"),
    ];
    for (lang, format, name) in rounds {
        let file = write(work.path(), name, &export(&content, lang, PageChoice::ALL, format));
        let report = import(&content, &file).unwrap_or_else(|f| panic!("{lang}:\n{}", f.diagnostics().to_human(false)));
        assert!(report.written.is_empty(), "{lang}: {:?}", report.written);
        let count = |suffix: &str| before.iter().filter(|(p, _)| p.to_string_lossy().ends_with(suffix)).count();
        let (pages, translations) = (count(".en.md"), count(&format!(".{lang}.md")));
        // Pages whose blocks or links differ from the original's come back fuzzy and
        // are listed, not written; every other translation is read back exactly.
        assert_eq!(report.unchanged.len() + report.warnings.warning_count(), pages, "{lang}");
        assert!(!report.unchanged.is_empty() && report.unchanged.len() <= translations, "{lang}");
        assert!(before == snapshot(&content), "{lang} ({name}) changed a file");
    }
}

#[test]
fn a_page_translated_through_po_is_served_with_the_original_facts() {
    let site = Fixture::copy("basic");
    let po = export(&site.content(), "pl", PageChoice { missing: true, ..PageChoice::default() }, Format::Po);
    let filled = translated(&po, "nl/procedures/poortwachter", |msgid, _| format!("PL {msgid}"));
    let file = write(&site.root, "pl.po", &filled);
    let report = import(&site.content(), &file).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)));
    let written = site.content().join("nl/procedures/poortwachter.pl.md");
    assert_eq!(report.written, std::slice::from_ref(&written));
    let file_text = std::fs::read_to_string(&written).expect("written");
    assert!(!file_text.contains("week ="), "facts are not copied into a translation:\n{file_text}");
    site.build_ok();
    let page = site.html("pl/nl/procedures/poortwachter/index.html");
    assert_eq!(text_of(&page, "h1"), "PL The Gatekeeper path");
    let ids: Vec<String> = select(&page, "ol.steps > li").into_iter().map(|li| attr(li, "id")).collect();
    assert_eq!(ids, ["ziekmelding", "probleemanalyse"]);
    assert_eq!(text(one(&page, "#probleemanalyse .step-title")), "2 PL The company doctor writes a problem analysis");
    assert!(text(one(&page, "#probleemanalyse")).contains('6'), "the week comes from the original");
    let links: Vec<String> = select(&page, "#probleemanalyse a").into_iter().map(|a| attr(a, "href")).collect();
    assert!(links.iter().any(|l| l.ends_with("/pl/nl/organisations/uwv/")), "{links:?}");
    // The file is not a fallback any more, and check counts no unit of it as missing.
    let options = site.options();
    let report = signpost::check::check(&options).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)));
    let before = signpost::translate::unit_counts(&signpost::prepare(&Fixture::copy("basic").options()).unwrap().site);
    let units = units_of_page(&po, "nl/procedures/poortwachter");
    assert_eq!(report.translation_units["pl"].missing, before["pl"].missing - units);
    assert_eq!(report.translation_units["pl"].fuzzy, before["pl"].fuzzy);
}

fn units_of_page(po: &str, page: &str) -> usize {
    parse_po(po)
        .entries
        .iter()
        .filter(|e| e.msgctxt.as_deref().is_some_and(|c| c.starts_with(&format!("{page} "))))
        .count()
}

fn text_of(page: &scraper::Html, css: &str) -> String {
    text(one(page, css))
}

#[test]
fn the_xliff_export_reads_back_with_its_codes() {
    let site = Fixture::copy("basic");
    let xliff = export(&site.content(), "pl", PageChoice::ALL, Format::Xliff);
    assert!(xliff.contains("<g id=\"1\" ctype=\"link\">UWV</g>"), "{xliff}");
    // Fill one page's targets as a tool would: the source copied into a target.
    let filled = fill_xliff(&xliff, "nl/procedures/poortwachter");
    let file = write(&site.root, "pl.xlf", &filled);
    let report = import(&site.content(), &file).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)));
    assert_eq!(report.written.len(), 1);
    let text = std::fs::read_to_string(site.content().join("nl/procedures/poortwachter.pl.md")).unwrap();
    assert!(text.contains("See [UWV](@/nl/organisations/uwv.md)"), "{text}");
    site.build_ok();
}

/// Each unit of `page` gets a target that repeats its source.
fn fill_xliff(xliff: &str, page: &str) -> String {
    let mut out = String::new();
    let mut in_page = false;
    for line in xliff.split_inclusive('\n') {
        if line.trim_start().starts_with("<file ") {
            in_page = line.contains(&format!("original=\"{page}\""));
        }
        out.push_str(line);
        if in_page && line.trim_start().starts_with("<source>") {
            let indent = &line[..line.len() - line.trim_start().len()];
            let target =
                line.trim().replacen("<source>", "<target state=\"translated\">", 1).replace("</source>", "</target>");
            out.push_str(&format!("{indent}{target}\n"));
        }
    }
    out
}

#[test]
fn a_broken_placeholder_is_refused_at_its_line_and_nothing_is_written() {
    let site = Fixture::copy("basic");
    let before = snapshot(&site.content());
    let po = export(&site.content(), "pl", PageChoice::ALL, Format::Po);
    let key = "body#probleemanalyse/1";
    let filled = translated(&po, "nl/procedures/poortwachter", |msgid, k| {
        if k == key { "Zobacz {1}UWV{/1} i {2}oryginał".to_string() } else { format!("PL {msgid}") }
    });
    let file = write(&site.root, "pl.po", &filled);
    let errors = import_errors(&site.content(), &file);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        place(&errors[0]),
        (Code::BrokenPlaceholder, "pl.po".into(), msgstr_line(&filled, "nl/procedures/poortwachter", key))
    );
    assert!(errors[0].message.contains("{2} is never closed"), "{}", errors[0].message);
    assert!(before == snapshot(&site.content()));
}

#[test]
fn units_for_a_page_that_is_gone_or_an_original_that_changed_are_refused() {
    let site = Fixture::copy("basic");
    let po = export(&site.content(), "pl", PageChoice::ALL, Format::Po);
    let filled = translated(&po, "nl/procedures/poortwachter", |msgid, _| format!("PL {msgid}"));
    let file = write(&site.root, "pl.po", &filled);
    // The original's first step changes after the export.
    let original = site.content().join("nl/procedures/poortwachter.en.md");
    let text = std::fs::read_to_string(&original).unwrap().replace("Tell your employer.", "Tell your employer today.");
    std::fs::write(&original, text).unwrap();
    let errors = import_errors(&site.content(), &file);
    let line = msgstr_line(&filled, "nl/procedures/poortwachter", "body#ziekmelding/1");
    assert_eq!(
        errors.iter().map(place).collect::<Vec<_>>(),
        [(Code::OriginalChangedSinceExport, "pl.po".into(), line)]
    );
    // Marked reviewed, the unit is taken.
    let reviewed = filled.replace(
        "msgctxt \"nl/procedures/poortwachter body#ziekmelding/1\"",
        "#, reviewed\nmsgctxt \"nl/procedures/poortwachter body#ziekmelding/1\"",
    );
    let file = write(&site.root, "pl.po", &reviewed);
    import(&site.content(), &file).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)));
    // A page that no longer exists (renamed since the export).
    let site = Fixture::copy("basic");
    let filled = filled.replace("msgctxt \"nl/procedures/poortwachter ", "msgctxt \"nl/procedures/gone ");
    let file = write(&site.root, "pl.po", &filled);
    let errors = import_errors(&site.content(), &file);
    assert_eq!(errors[0].code, Code::UnitForUnknownPage);
    assert_eq!(place(&errors[0]).2, msgstr_line(&filled, "nl/procedures/gone", "title"));
}

#[test]
fn a_file_for_another_language_is_refused() {
    let site = Fixture::copy("basic");
    let po = export(&site.content(), "pl", PageChoice::ALL, Format::Po);
    for other in ["de", "en"] {
        let file = write(&site.root, "x.po", &po.replace("\"Language: pl\\n\"", &format!("\"Language: {other}\\n\"")));
        let errors = import_errors(&site.content(), &file);
        assert_eq!(place(&errors[0]).0, Code::TranslationFileLanguage, "{other}");
        assert_eq!(place(&errors[0]).2, po.lines().position(|l| l.starts_with("\"Language:")).unwrap() + 1);
    }
    let xliff = export(&site.content(), "pl", PageChoice::ALL, Format::Xliff);
    let file = write(&site.root, "x.xlf", &xliff.replacen("target-language=\"pl\"", "target-language=\"nl\"", 1));
    assert_eq!(import_errors(&site.content(), &file)[0].code, Code::TranslationFileLanguage);
    let unknown = signpost::translate::export(&site.options(), "fr", PageChoice::ALL, Format::Po);
    assert!(unknown.is_err_and(|f| f.exit_code() == 2));
}

#[test]
fn a_page_with_untranslated_units_is_listed_not_written() {
    let site = Fixture::copy("basic");
    let po = export(&site.content(), "pl", PageChoice::ALL, Format::Po);
    let filled = translated(&po, "nl/procedures/poortwachter", |msgid, key| {
        if key == "start" { String::new() } else { format!("PL {msgid}") }
    });
    let file = write(&site.root, "pl.po", &filled);
    let report = import(&site.content(), &file).unwrap_or_else(|f| panic!("{}", f.diagnostics().to_human(false)));
    assert!(report.written.is_empty());
    let warning = report.warnings.iter().find(|d| d.message.contains("nl/procedures/poortwachter")).expect("listed");
    assert_eq!(warning.code, Code::PageNotTranslated);
    assert!(warning.help.as_deref().unwrap_or("").contains("start (untranslated)"), "{:?}", warning.help);
    assert!(!site.content().join("nl/procedures/poortwachter.pl.md").exists());
}

/// Imports `translation` for the unit `key` of the poortwachter page (every other unit
/// translated as `PL <source>`), builds, and returns the Polish page's HTML and file.
fn import_unit(
    key: &str,
    translation: &str,
) -> Result<(scraper::Html, String), Vec<signpost::diagnostics::Diagnostic>> {
    let site = Fixture::copy("basic");
    let po = export(&site.content(), "pl", PageChoice::ALL, Format::Po);
    let filled = translated(&po, "nl/procedures/poortwachter", |msgid, k| {
        if k == key { translation.to_string() } else { format!("PL {msgid}") }
    });
    let file = write(&site.root, "pl.po", &filled);
    match import(&site.content(), &file) {
        Ok(_) => {
            site.build_ok();
            let text = std::fs::read_to_string(site.content().join("nl/procedures/poortwachter.pl.md")).unwrap();
            Ok((site.html("pl/nl/procedures/poortwachter/index.html"), text))
        }
        Err(failure) => Err(failure.diagnostics().iter().filter(|d| d.is_error()).cloned().collect()),
    }
}

#[test]
fn script_and_raw_html_in_a_unit_are_text_as_in_a_hand_written_file() {
    let (page, _) = import_unit("body#ziekmelding/1", "Powiedz <script>alert(1)</script> i <b onclick=\"x()\">to</b>.")
        .expect("escaped, not refused");
    assert!(select(&page, "main script").is_empty());
    assert!(select(&page, "main b").is_empty());
    assert!(text(one(&page, "#ziekmelding")).contains("<script>alert(1)</script>"));
}

#[test]
fn markup_a_translator_types_stays_text() {
    let (page, _) =
        import_unit("body#ziekmelding/1", "*Nie* [link](javascript:alert(1)) ![x](y.png)").expect("escaped");
    let step = one(&page, "#ziekmelding");
    assert!(select(&page, "#ziekmelding em").is_empty() && select(&page, "#ziekmelding a").is_empty());
    assert!(select(&page, "#ziekmelding img").is_empty());
    assert!(text(step).contains("*Nie* [link](javascript:alert(1))"), "{}", text(step));
}

#[test]
fn a_unit_cannot_add_blocks_headings_or_ids() {
    let headings = |page: &scraper::Html| select(page, "main h1, main h2, main h3").len();
    let (plain, _) = import_unit("body#ziekmelding/1", "Tekst").expect("plain text");
    for hostile in ["Tekst\n\n## Nowy nagłówek {#evil}", "# Tytuł", "- punkt", "> cytat", "    kod"] {
        match import_unit("body#ziekmelding/1", hostile) {
            Ok((page, _)) => {
                assert!(select(&page, "#evil").is_empty(), "{hostile}");
                assert_eq!(headings(&page), headings(&plain), "{hostile}");
                assert!(
                    select(&page, "#ziekmelding ul, #ziekmelding blockquote, #ziekmelding pre").is_empty(),
                    "{hostile}"
                );
            }
            Err(errors) => assert_eq!(errors[0].code, Code::UnitChangesStructure, "{hostile}"),
        }
    }
    let (page, _) = import_unit("body#probleemanalyse", "Analiza {#evil}").expect("escaped");
    assert!(select(&page, "#evil").is_empty());
}

#[test]
fn a_title_cannot_add_front_matter_keys_or_end_the_front_matter() {
    let (page, file) = import_unit("title", "A\" sender = \"uwv\" \\\" +++").expect("a title of one line");
    assert_eq!(text(one(&page, "h1")), "A\" sender = \"uwv\" \\\" +++");
    assert!(!file.lines().any(|l| l.starts_with("sender")), "{file}");
    let errors = import_unit("title", "A\n+++\nsender = \"uwv\"\n+++").expect_err("two lines");
    assert_eq!(errors[0].code, Code::BrokenPlaceholder);
    let (_, file) = import_unit("body#ziekmelding/1", "x\n+++\nsender = \"uwv\"\n+++").expect("body text");
    let front = file.split("+++").nth(1).unwrap_or_default();
    assert!(!front.contains("sender"), "{file}");
}

#[test]
fn a_stale_translation_comes_back_fuzzy_with_the_earlier_source() {
    let site = Fixture::copy("basic");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(&site.root)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    let translation = site.content().join("nl/procedures/poortwachter.nl.md");
    signpost::mark_translated(&site.content(), std::slice::from_ref(&translation)).expect("marks");
    git(&["add", "."]);
    git(&["commit", "-qm", "translated"]);
    let original = site.content().join("nl/procedures/poortwachter.en.md");
    let text =
        std::fs::read_to_string(&original).unwrap().replace("Tell your employer.", "Tell your employer at once.");
    std::fs::write(&original, text).unwrap();
    let po = export(&site.content(), "nl", PageChoice { stale: true, ..PageChoice::default() }, Format::Po);
    let file = parse_po(&po);
    let entry = |key: &str| {
        file.entries
            .iter()
            .find(|e| e.msgctxt.as_deref() == Some(format!("nl/procedures/poortwachter {key}").as_str()))
            .unwrap_or_else(|| panic!("{key}"))
    };
    let changed = entry("body#ziekmelding/1");
    assert!(changed.flags.contains(&"fuzzy".to_string()));
    assert_eq!(changed.previous_msgid.as_deref(), Some("Tell your employer."));
    assert_eq!(changed.msgstr.as_deref(), Some("Vertel het uw werkgever."));
    let same = entry("steps.ziekmelding.title");
    assert!(!same.flags.contains(&"fuzzy".to_string()) && same.previous_msgid.is_none());
    let xliff = export(&site.content(), "nl", PageChoice { stale: true, ..PageChoice::default() }, Format::Xliff);
    assert!(xliff.contains("state=\"needs-review-translation\""));
    assert!(xliff.contains("<alt-trans alttranstype=\"previous-version\"><source>Tell your employer.</source>"));
}

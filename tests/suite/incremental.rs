//! The incremental engine (`signpost::incremental`), as `serve` drives it: after every
//! kind of save, and the follow-ups it leaves, the output is byte for byte what a full
//! build of the same files makes; only the units a save reaches are rendered again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use signpost::incremental::{FollowUp, Rebuilt, Workspace};

use crate::serve::default_theme_file;
use crate::support::Fixture;

/// A save as the server sees it: the file's new text, then the workspace's update.
struct Edit {
    file: &'static str,
    from: &'static str,
    to: &'static str,
}

const fn edit(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit { file, from, to }
}

const TITLE: Edit = edit("content/nl/organisations/uwv.en.md", "title = \"UWV\"", "title = \"UWV agency\"");
const STEP: Edit =
    edit("content/nl/procedures/poortwachter.en.md", "actor = \"bedrijfsarts\"", "actor = \"arbeidsdeskundige\"");
const STEP_WEEK: Edit = edit("content/nl/procedures/poortwachter.en.md", "week = 42", "week = 40");
const SENDER: Edit = edit("content/nl/letters/wia-besluit.en.md", "sender = \"uwv\"", "sender = \"arbeidsdeskundige\"");
const TRANSLATION: Edit = edit("content/nl/organisations/uwv.nl.md", "title = \"UWV\"", "title = \"Het UWV\"");
const CONCEPT: Edit =
    edit("content/glossary/company-doctor.en.md", "title = \"Company doctor\"", "title = \"Works doctor\"");
const ROLE: Edit =
    edit("content/nl/roles/bedrijfsarts.en.md", "organisations = [\"werkgever\"]", "organisations = [\"uwv\"]");
const COUNTRY: Edit = edit("content/nl/_index.en.md", "title = \"The Netherlands\"", "title = \"Netherlands\"");
/// A new heading and a new link in a body: the page's outline (table of contents,
/// anchors) and the linked page's back-links change.
const BODY: Edit = edit(
    "content/nl/letters/wia-besluit.en.md",
    "Read it.",
    "Read it.\n\n### Ask for help {#ask}\n\nThe [labour expert](@/nl/roles/arbeidsdeskundige.md) explains it.",
);
/// A sentence reworded, nothing else: only the page itself shows it.
const PROSE: Edit = edit(
    "content/nl/letters/wia-besluit.en.md",
    "UWV decides on your benefit.",
    "UWV decides whether you get a benefit.",
);
/// A link into another page, to a heading of its English version.
const ANCHOR_LINK: Edit = edit(
    "content/nl/roles/arbeidsdeskundige.en.md",
    "Looks at what work you can do.",
    "Looks at what work you can do. [If you disagree](@/nl/procedures/poortwachter.en.md#if-you-disagree).",
);
/// Renames the heading [`ANCHOR_LINK`] leads to: with that link in, a page that was not
/// saved fails to resolve.
const HEADING_RENAME: Edit =
    edit("content/nl/procedures/poortwachter.en.md", "## If you disagree", "## When you disagree");
/// The labour expert stops working for UWV: a step in which they act, or that sends a
/// letter they send, no longer matches the letter's sender when UWV is the other one.
const ROLE_LEAVES: Edit =
    edit("content/nl/roles/arbeidsdeskundige.en.md", "organisations = [\"uwv\"]", "organisations = [\"werkgever\"]");
/// UWV itself, not the labour expert, acts in the step that sends the WIA decision.
const WIA_BY_UWV: Edit = edit(
    "content/nl/procedures/poortwachter.en.md",
    "actor = \"arbeidsdeskundige\"\nletter = \"wia-besluit\"",
    "actor = \"uwv\"\nletter = \"wia-besluit\"",
);
/// The sick-leave letter comes from UWV, while the employer acts in its step.
const LETTER_FROM_UWV: Edit =
    edit("content/nl/letters/ziekmelding-42.en.md", "sender = \"werkgever\"", "sender = \"uwv\"");
/// Names an actor that does not exist: resolve fails.
const BROKEN: Edit = edit("content/nl/procedures/poortwachter.en.md", "actor = \"werkgever\"", "actor = \"werkgevr\"");

const NEW_ROLE: &str = "content/nl/roles/verzekeringsarts.en.md";
const NEW_ROLE_TEXT: &str = "+++\ntitle = \"Insurance doctor\"\norganisations = [\"uwv\"]\nmedical = true\nconcept = \"company-doctor\"\nreviewed = 2026-11-01\n+++\nAssesses you for UWV.\n";

/// Applies `edit` (or, with `undo`, takes it back) to its file; returns the file's path.
fn apply(site: &Fixture, edit: &Edit, undo: bool) -> std::path::PathBuf {
    let path = site.root.join(edit.file);
    let text = std::fs::read_to_string(&path).expect("fixture file");
    let (from, to) = if undo { (edit.to, edit.from) } else { (edit.from, edit.to) };
    assert!(text.contains(from), "{} should contain {from}", edit.file);
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path
}

/// Applies `edit` (or, with `undo`, takes it back) and updates the workspace.
fn save(site: &Fixture, workspace: &mut Workspace, edit: &Edit, undo: bool) -> Result<Rebuilt, String> {
    let path = apply(site, edit, undo);
    let rebuilt = workspace.update(&[path], &BTreeSet::new()).map_err(|problems| problems.to_human(false))?;
    catch_up(workspace);
    Ok(rebuilt)
}

/// What `serve` does once the browser has been told to reload: the other pages the
/// save shows in, the site-wide files, then the search files. Returns what it made.
fn catch_up(workspace: &mut Workspace) -> Vec<FollowUp> {
    let mut done = Vec::new();
    while let Some(step) = workspace.follow_up(&|| false) {
        done.push(step.expect("what the save reaches renders"));
    }
    done
}

/// Whether any search shard of `lang` in the workspace indexes the folded `word`.
fn indexed(workspace: &Workspace, lang: &str, word: &str) -> bool {
    workspace.output().iter().filter(|(path, _)| path.starts_with(&format!("{lang}/search/t/"))).any(|(_, bytes)| {
        let shard = crate::support::search_data(bytes);
        shard["w"].get(word).is_some()
    })
}

#[test]
fn a_page_edit_updates_the_pages_at_once_and_the_search_files_when_asked() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    assert!(workspace.follow_up(&|| false).is_none(), "a fresh build is up to date");
    let file = "content/nl/organisations/uwv.en.md";
    let text = std::fs::read_to_string(site.root.join(file)).expect("fixture file");
    site.write(file, format!("{text}\nZebracrossing.\n"));
    workspace.update(&[site.root.join(file)], &BTreeSet::new()).expect("the edit builds");
    let page = String::from_utf8_lossy(&workspace.output()["en/nl/organisations/uwv/index.html"]).into_owned();
    assert!(page.contains("Zebracrossing"), "the page shows the edit");
    assert!(!indexed(&workspace, "en", "zebracrossing"), "the search files wait for the follow-up");
    assert!(workspace.follow_up(&|| true).is_none(), "a follow-up cancelled by a newer save puts nothing in");
    assert!(!indexed(&workspace, "en", "zebracrossing"), "and leaves the search files as they were");
    let follow_up = workspace.follow_up(&|| false).map(|done| done.expect("indexes"));
    assert_eq!(follow_up, Some(FollowUp::Search), "new prose reaches no other page, only the search files");
    assert!(indexed(&workspace, "en", "zebracrossing"));
    assert!(workspace.follow_up(&|| false).is_none(), "nothing left to do");
    assert_same_as_full_build(&site, &workspace, "an edit and a search refresh");
}

/// Panics, naming the first differing file, unless the workspace holds exactly what a
/// fresh full build of the same files makes.
/// The export's JSON, parsed, written out again: every title it lists is in there.
fn exported(workspace: &Workspace) -> String {
    let bytes = &workspace.output()["data/site.json"];
    serde_json::from_slice::<serde_json::Value>(bytes).expect("data/site.json is JSON").to_string()
}

#[test]
fn a_title_edit_updates_its_page_at_once_then_the_pages_listing_it_then_the_site_wide_files() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let text = std::fs::read_to_string(site.root.join(TITLE.file)).expect("fixture file");
    site.write(TITLE.file, text.replacen(TITLE.from, TITLE.to, 1));
    let rebuilt = workspace.update(&[site.root.join(TITLE.file)], &BTreeSet::new()).expect("the edit builds");
    assert!(matches!(rebuilt, Rebuilt::Pages(_)), "{rebuilt:?}");
    let page = scraper::Html::parse_document(&String::from_utf8_lossy(
        &workspace.output()["en/nl/organisations/uwv/index.html"],
    ));
    assert_eq!(crate::support::text(crate::support::one(&page, "h1")), "UWV agency", "the page shows the edit at once");
    let listed_in = "en/nl/index.html";
    let lists_new_title = |workspace: &Workspace| {
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&workspace.output()[listed_in]));
        crate::support::select(&html, "main a").iter().any(|a| crate::support::text(*a) == "UWV agency")
    };
    assert!(!lists_new_title(&workspace), "the country overview waits for the follow-up");
    assert!(!exported(&workspace).contains("UWV agency"), "so do the site-wide files");
    let mut next = || workspace.follow_up(&|| false).map(|done| done.expect("renders"));
    assert_eq!(next(), Some(FollowUp::Pages));
    assert!(lists_new_title(&workspace), "{listed_in} lists the new title");
    assert!(!exported(&workspace).contains("UWV agency"), "the site-wide files come next");
    let mut next = || workspace.follow_up(&|| false).map(|done| done.expect("renders"));
    assert_eq!(next(), Some(FollowUp::SiteWide));
    assert!(exported(&workspace).contains("UWV agency"));
    let mut next = || workspace.follow_up(&|| false).map(|done| done.expect("indexes"));
    assert_eq!(next(), Some(FollowUp::Search));
    assert_eq!(workspace.follow_up(&|| false).map(|done| done.is_ok()), None, "nothing left to do");
    assert_same_as_full_build(&site, &workspace, "a title edit and the follow-ups");
}

#[test]
fn a_follow_up_given_up_part_way_keeps_what_it_finished_and_makes_the_rest_next_time() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    // A newer save comes in after the follow-up has asked `asked` times: before a page,
    // a listing, the data export, a page of the search index, or after the last.
    for asked in 0..40 {
        let path = apply(&site, &TITLE, asked % 2 == 1);
        workspace.update(&[path], &BTreeSet::new()).expect("the edit builds");
        let asks = AtomicUsize::new(0);
        let newer_save = || asks.fetch_add(1, Ordering::SeqCst) >= asked;
        while let Some(done) = workspace.follow_up(&newer_save) {
            done.expect("renders");
        }
        catch_up(&mut workspace);
        assert_same_as_full_build(&site, &workspace, &format!("a follow-up given up after {asked} looks"));
    }
}

fn assert_same_as_full_build(site: &Fixture, workspace: &Workspace, after: &str) {
    let full = match signpost::prepare(&site.options()) {
        Ok(prepared) => prepared.files,
        Err(failure) => panic!("after {after}: the full build failed:\n{}", failure.diagnostics().to_human(false)),
    };
    let kept = workspace.output();
    let full_paths: Vec<&str> = full.iter().map(|f| f.path.as_str()).collect();
    let kept_paths: Vec<&str> = kept.keys().map(String::as_str).collect();
    assert_eq!(kept_paths, full_paths, "after {after}: the same files");
    for file in &full {
        let bytes = kept.get(&file.path).map(|b| &b[..]).unwrap_or_default();
        assert!(
            bytes == file.bytes.as_slice(),
            "after {after}: {} differs from the full build:\n--- kept\n{}\n--- full\n{}",
            file.path,
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&file.bytes)
        );
    }
}

#[test]
fn each_incremental_rebuild_is_byte_for_byte_a_full_build() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let pages = signpost::prepare(&site.options()).expect("builds").site.pages.len();
    assert_same_as_full_build(&site, &workspace, "the first build");

    let mut rendered = BTreeMap::new();
    for (name, edit) in [
        ("a title change", &TITLE),
        ("a step's actor change", &STEP),
        ("a step's week change", &STEP_WEEK),
        ("a letter's sender change", &SENDER),
        ("a translation edit", &TRANSLATION),
        ("a glossary title change", &CONCEPT),
        ("a role's organisation change", &ROLE),
        ("a new heading and link in a body", &BODY),
        ("a reworded sentence", &PROSE),
    ] {
        match save(&site, &mut workspace, edit, false) {
            Ok(Rebuilt::Pages(count)) => {
                assert!(count < pages, "{name}: {count} of {pages} pages");
                rendered.insert(name, count);
            }
            other => panic!("{name} should re-render some pages, not {other:?}"),
        }
        assert_same_as_full_build(&site, &workspace, name);
    }
    // A body shows on its own page only (its links and headings too: no other page reads
    // them); a title shows wherever the page is listed or named.
    assert_eq!(rendered["a reworded sentence"], 1, "{rendered:?}");
    assert_eq!(rendered["a new heading and link in a body"], 1, "{rendered:?}");
    assert!(rendered["a title change"] > 1, "{rendered:?}");

    save(&site, &mut workspace, &ANCHOR_LINK, false).expect("a link to a heading");
    assert_same_as_full_build(&site, &workspace, "a link to a heading");
    let renamed = save(&site, &mut workspace, &HEADING_RENAME, false).expect_err("the link breaks");
    assert!(
        renamed.contains("arbeidsdeskundige.en.md") && renamed.contains("#if-you-disagree"),
        "the error names the page whose link broke, not the page saved: {renamed}"
    );
    save(&site, &mut workspace, &HEADING_RENAME, true).expect("the heading back");
    assert_same_as_full_build(&site, &workspace, "a heading renamed and back");
    save(&site, &mut workspace, &ANCHOR_LINK, true).expect("the link taken out");

    let broken = save(&site, &mut workspace, &BROKEN, false).expect_err("the broken edit fails");
    assert!(broken.contains("werkgevr"), "{broken}");
    save(&site, &mut workspace, &BROKEN, true).expect("the fix builds");
    assert_same_as_full_build(&site, &workspace, "a broken edit and its fix");

    site.write(NEW_ROLE, NEW_ROLE_TEXT);
    let added = workspace.update(&[site.root.join(NEW_ROLE)], &BTreeSet::new()).expect("the addition builds");
    assert_eq!(added, Rebuilt::Everything);
    assert_same_as_full_build(&site, &workspace, "adding a page");
    save(&site, &mut workspace, &TITLE, true).expect("an edit after the addition");
    assert_same_as_full_build(&site, &workspace, "an edit after adding a page");
    std::fs::remove_file(site.root.join(NEW_ROLE)).expect("delete");
    workspace.update(&[site.root.join(NEW_ROLE)], &BTreeSet::new()).expect("the deletion builds");
    assert_same_as_full_build(&site, &workspace, "deleting a page");

    save(&site, &mut workspace, &COUNTRY, false).expect("a country edit");
    assert_same_as_full_build(&site, &workspace, "a country overview edit");
}

/// An editor's save leaves files `load` never reads beside the page (vim's test file
/// `4913` and its backup `~`, made and deleted; an emacs backup that stays): none of them
/// rebuilds the site. A new page, `site.toml`, a new folder and a folder of pages moved
/// away each do, and the result is what a full build makes.
#[test]
fn files_load_never_reads_rebuild_nothing_and_pages_and_folders_rebuild_everything() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let folder = site.content().join("nl/roles");
    let update = |workspace: &mut Workspace, path: std::path::PathBuf| {
        workspace.update(&[path], &BTreeSet::new()).unwrap_or_else(|problems| panic!("{}", problems.to_human(false)))
    };
    site.write("content/nl/roles/4913", "");
    assert_eq!(update(&mut workspace, folder.join("4913")), Rebuilt::Pages(0), "vim's test file made");
    std::fs::remove_file(folder.join("4913")).expect("delete");
    assert_eq!(update(&mut workspace, folder.join("4913")), Rebuilt::Pages(0), "and deleted");
    site.write("content/nl/roles/bedrijfsarts.nl.md~", "an old copy");
    assert_eq!(update(&mut workspace, folder.join("bedrijfsarts.nl.md~")), Rebuilt::Pages(0), "a backup");
    assert_same_as_full_build(&site, &workspace, "editor files");

    site.write(NEW_ROLE, NEW_ROLE_TEXT);
    assert_eq!(update(&mut workspace, site.root.join(NEW_ROLE)), Rebuilt::Everything, "a new page");
    assert_eq!(update(&mut workspace, site.content().join("site.toml")), Rebuilt::Everything, "site.toml");
    std::fs::create_dir(site.content().join("de")).expect("folder");
    assert_eq!(update(&mut workspace, site.content().join("de")), Rebuilt::Everything, "a new folder");
    // The roles are named by other pages: without them the site does not build.
    std::fs::rename(&folder, site.root.join("roles-away")).expect("move away");
    let missing = workspace.update(std::slice::from_ref(&folder), &BTreeSet::new()).expect_err("roles are missing");
    assert!(missing.to_human(false).contains("bedrijfsarts"), "{}", missing.to_human(false));
    std::fs::rename(site.root.join("roles-away"), &folder).expect("move back");
    assert_eq!(update(&mut workspace, folder.clone()), Rebuilt::Everything, "the folder back");
    assert_same_as_full_build(&site, &workspace, "a folder of pages moved away and back");
}

/// The errors among `diagnostics`, each written out whole, in the order they are shown.
fn errors(diagnostics: &signpost::diagnostics::Diagnostics) -> Vec<String> {
    diagnostics.sorted().into_iter().filter(|d| d.is_error()).map(|d| format!("{d:?}")).collect()
}

#[test]
fn resolving_only_the_edited_pages_gives_what_resolving_every_file_gives() {
    let site = Fixture::copy("domain");
    let today = jiff::civil::date(2026, 11, 23);
    let load = || signpost::load::load(&site.content()).0.expect("the files load");
    let (mut kept, mut sources, found) = signpost::resolve::resolve(load(), today);
    assert!(!found.has_errors(), "{}", found.to_human(false));
    // As in `serve`: the pages edited since the site last resolved without errors.
    let mut edited = std::collections::BTreeSet::new();
    let mut mismatches = 0;
    for (edit, undo) in [
        (&STEP, false),
        (&ANCHOR_LINK, false),
        (&HEADING_RENAME, false),
        (&SENDER, false),
        (&HEADING_RENAME, true),
        (&BROKEN, false),
        (&ROLE, false),
        (&BROKEN, true),
        (&TRANSLATION, false),
        (&CONCEPT, false),
        (&BODY, false),
        // The rule between a step and its letter, checked again only for the steps that
        // read an edited page: through the edited procedure, the letter, the actor, and
        // the letter's sender.
        (&ROLE_LEAVES, false),
        (&WIA_BY_UWV, false),
        (&ROLE_LEAVES, true),
        (&ROLE_LEAVES, false),
        (&ROLE_LEAVES, true),
        (&SENDER, true),
        (&LETTER_FROM_UWV, false),
        (&LETTER_FROM_UWV, true),
        (&WIA_BY_UWV, true),
        (&ROLE_LEAVES, false),
        (&ROLE_LEAVES, true),
    ] {
        let path = apply(&site, edit, undo);
        let raw = load();
        let saved = raw.files.iter().find(|f| f.file.path == path).expect("the saved file is loaded");
        edited.insert(saved.key.clone());
        // As the engine does: the kept files of the edited pages are those just read.
        for file in raw.files.iter().filter(|f| edited.contains(&f.key)) {
            let at = sources.files.iter().position(|k| k.key == file.key && k.lang == file.lang).expect("a known file");
            sources.files[at] = file.clone();
        }
        let (full, full_sources, found) = signpost::resolve::resolve(raw, today);
        let before = format!("{kept:?}");
        let what = format!("{}{}", if undo { "undo " } else { "" }, edit.to);
        match signpost::resolve::resolve_pages(&mut kept, &mut sources, &edited, today) {
            Ok(_) => {
                assert!(!found.has_errors(), "{what}: resolve finds errors:\n{}", found.to_human(false));
                assert_eq!(format!("{kept:?}"), format!("{full:?}"), "{what}: the same site");
                assert_eq!(sources.link_targets, full_sources.link_targets, "{what}: the same link targets");
                edited.clear();
            }
            Err(problems) => {
                mismatches += usize::from(errors(&problems).iter().any(|e| e.contains("LetterSenderMismatch")));
                assert!(found.has_errors(), "{what}: only resolving the edited pages finds errors");
                assert_eq!(errors(&problems), errors(&found), "{what}: the same errors");
                assert_eq!(format!("{kept:?}"), before, "{what}: the site as it was");
            }
        }
    }
    assert!(edited.is_empty(), "the last edit resolves");
    assert_eq!(mismatches, 4, "each way a step and its letter can stop matching was tried");
}

#[test]
fn a_theme_edit_renders_again_from_the_same_site_and_a_static_file_edit_replaces_only_it() {
    let site = Fixture::copy("domain");
    // The site's own stylesheet, letter template and English strings, beside its content.
    let (style, letter, strings) = ("static/style.css", "templates/letter.html", "i18n/en.toml");
    for file in [style, letter, strings] {
        site.write(file, default_theme_file(file));
    }
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    // A tab shows one letter: after a template save it is rendered at once, the other
    // letter when the rest follow.
    let (open, other) = ("en/nl/letters/wia-besluit/index.html", "en/nl/letters/ziekmelding-42/index.html");
    let edit = |workspace: &mut Workspace, file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(site.root.join(file)).expect("site file");
        assert!(text.contains(from), "{file} should contain {from}");
        site.write(file, text.replacen(from, to, 1));
        workspace.update(&[site.root.join(file)], &BTreeSet::from([open.to_string()]))
    };

    let rebuilt = edit(&mut workspace, style, "body", "body, main").expect("a new rule");
    assert_eq!(rebuilt, Rebuilt::StaticFiles);
    assert!(String::from_utf8_lossy(&workspace.output()["static/style.css"]).contains("body, main"));
    assert_same_as_full_build(&site, &workspace, "a stylesheet edited");

    let marker = "<p class=\"site-marker\">Checked by the site</p>";
    let rebuilt =
        edit(&mut workspace, letter, "{% block after_content %}", &format!("{{% block after_content %}}{marker}"))
            .expect("a changed template");
    assert_eq!(rebuilt, Rebuilt::EveryPage);
    let marked = |workspace: &Workspace, path: &str| {
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&workspace.output()[path]));
        crate::support::select(&page, ".site-marker").len() == 1
    };
    assert!(marked(&workspace, open) && !marked(&workspace, other), "the open page first");
    assert!(workspace.follow_up(&|| true).is_none(), "a newer save stops the rest");
    assert!(!marked(&workspace, other));
    catch_up(&mut workspace);
    assert!(marked(&workspace, other), "then the others");
    let rebuilt = edit(&mut workspace, strings, "Skip to main content", "Skip to the text").expect("a new string");
    assert_eq!(rebuilt, Rebuilt::EveryPage);
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a template and a string edited");

    // A template that does not compile: the last good pages stay, the error names it.
    let good = workspace.output()[open].clone();
    let text = std::fs::read_to_string(site.root.join(letter)).expect("site file");
    site.write(letter, text.replacen("{% endblock after_content %}", "{% if %}", 1));
    let broken =
        workspace.update(&[site.root.join(letter)], &BTreeSet::new()).expect_err("the template fails").to_human(false);
    assert!(broken.contains("letter.html"), "{broken}");
    assert_eq!(workspace.output()[open], good, "the last good page stays");
    site.write(letter, text);
    workspace.update(&[site.root.join(letter)], &BTreeSet::new()).expect("the fix builds");
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a broken template and its fix");

    // A page whose save failed stays reported when the stylesheet is saved next.
    let broken_page = apply(&site, &BROKEN, false);
    workspace.update(std::slice::from_ref(&broken_page), &BTreeSet::new()).expect_err("the broken page fails");
    let text = std::fs::read_to_string(site.root.join(style)).expect("site file");
    site.write(style, format!("{text}\n/* again */\n"));
    let still = workspace
        .update(&[site.root.join(style)], &BTreeSet::new())
        .expect_err("the page is still broken")
        .to_human(false);
    assert!(still.contains("werkgevr"), "{still}");
    apply(&site, &BROKEN, true);
    workspace.update(&[broken_page], &BTreeSet::new()).expect("the fix builds");
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a broken page, a stylesheet edit, the fix");

    // A page and the theme in one burst: everything is built again.
    let page_file = apply(&site, &PROSE, false);
    let text = std::fs::read_to_string(site.root.join(style)).expect("site file");
    site.write(style, format!("{text}\n/* more */\n"));
    let both = workspace.update(&[page_file, site.root.join(style)], &BTreeSet::new()).expect("both build");
    assert_eq!(both, Rebuilt::Everything);
    assert_same_as_full_build(&site, &workspace, "a page and the stylesheet at once");
}

#[test]
fn a_file_that_fails_to_load_stays_reported_while_other_files_are_saved() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let letter = "content/nl/letters/wia-besluit.en.md";
    let text = std::fs::read_to_string(site.root.join(letter)).expect("fixture file");
    // Front matter that is not TOML: the file cannot even be read into a page.
    site.write(letter, text.replacen("+++", "+++\ntitle = ", 1));
    let first = workspace.update(&[site.root.join(letter)], &BTreeSet::new()).expect_err("the broken file fails");
    assert!(first.to_human(false).contains("wia-besluit.en.md"), "{}", first.to_human(false));
    let again = save(&site, &mut workspace, &PROSE_ELSEWHERE, false).expect_err("the broken file still fails");
    assert!(again.contains("wia-besluit.en.md"), "saving another file hides nothing: {again}");
    site.write(letter, text);
    workspace.update(&[site.root.join(letter)], &BTreeSet::new()).expect("the fix builds");
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a load error, another save, and the fix");
}

/// A reworded sentence in another page than [`PROSE`].
const PROSE_ELSEWHERE: Edit =
    edit("content/nl/organisations/uwv.en.md", "UWV decides on benefits.", "UWV decides who gets a benefit.");

#[test]
fn random_sequences_of_edits_stay_byte_for_byte_a_full_build() {
    let edits = [
        &TITLE,
        &STEP,
        &STEP_WEEK,
        &SENDER,
        &TRANSLATION,
        &CONCEPT,
        &ROLE,
        &COUNTRY,
        &BODY,
        &PROSE,
        &ANCHOR_LINK,
        &HEADING_RENAME,
        &BROKEN,
    ];
    let index_of = |wanted: &Edit| edits.iter().position(|e| e.to == wanted.to).expect("listed");
    let (anchor_link, heading_rename, broken) = (index_of(&ANCHOR_LINK), index_of(&HEADING_RENAME), index_of(&BROKEN));
    // A fixed linear congruential sequence: random enough to mix the edits, the same on
    // every run so a failure can be replayed.
    let mut state: u64 = 0x5eed;
    let mut next = |below: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize % below
    };
    for round in 0..6 {
        let site = Fixture::copy("domain");
        let mut workspace = Workspace::build(&site.options()).expect("first build");
        let mut applied = vec![false; edits.len()];
        let mut history = Vec::new();
        for _ in 0..8 {
            let pick = next(edits.len());
            let undo = applied[pick];
            applied[pick] = !undo;
            history.push(format!("{}{}", if undo { "undo " } else { "" }, edits[pick].to));
            let result = save(&site, &mut workspace, edits[pick], undo);
            // The misspelt actor fails until it is taken back, the link to a renamed
            // heading until either is; nothing else may fail.
            let fails = applied[broken] || (applied[anchor_link] && applied[heading_rename]);
            assert_eq!(result.is_err(), fails, "round {round}: {history:?}: {result:?}");
            if !fails {
                assert_same_as_full_build(&site, &workspace, &format!("round {round}: {history:?}"));
            }
        }
    }
}

/// A site's role template that starts showing the role's glossary concept by name,
/// without a link: nothing in the role page's HTML leads to the concept, and no rule
/// says that a role shows its concept's title. The role view read that title while the
/// page was rendered, so a later edit of the concept reaches the role page all the same.
#[test]
fn a_template_that_starts_showing_another_pages_field_is_kept_up_to_date() {
    let site = Fixture::copy("domain");
    let template = "templates/role.html";
    let linked = "{% set link = role.concept %}{% include \"link.html\" %}";
    let default = default_theme_file(template);
    assert!(default.contains(linked), "the default role template links its concept");
    site.write(template, &default);
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let role_page = "en/nl/roles/bedrijfsarts/index.html";
    let concept_name = |workspace: &Workspace| {
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&workspace.output()[role_page]));
        crate::support::select(&page, ".concept-name").iter().map(|e| crate::support::text(*e)).collect::<Vec<_>>()
    };

    // The template starts showing the concept's title, as text.
    site.write(template, default.replace(linked, "<span class=\"concept-name\">{{ role.concept.title }}</span>"));
    let rebuilt = workspace.update(&[site.root.join(template)], &BTreeSet::new()).expect("the template compiles");
    assert_eq!(rebuilt, Rebuilt::EveryPage);
    catch_up(&mut workspace);
    assert_eq!(concept_name(&workspace), ["Company doctor"]);
    assert_same_as_full_build(&site, &workspace, "a template showing the concept by name");

    // The concept's title changes: the role page follows, though it does not link there.
    let rebuilt = save(&site, &mut workspace, &CONCEPT, false).expect("the glossary edit builds");
    assert!(matches!(rebuilt, Rebuilt::Pages(count) if count > 1), "{rebuilt:?}");
    assert_eq!(concept_name(&workspace), ["Works doctor"]);
    assert_same_as_full_build(&site, &workspace, "the concept renamed");
}

/// Only the units that read what a save changed are made again: a new review date is
/// content (the sitemap, the feed and the export show it), not a title, so no listing
/// of titles is rendered again.
#[test]
fn a_review_date_reaches_the_files_that_show_it_and_no_listing_of_titles() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    let listing = |workspace: &Workspace| workspace.output()["en/a-z/index.html"].clone();
    let (a_to_z, sitemap) = (listing(&workspace), workspace.output()["sitemap.xml"].clone());
    let reviewed = edit("content/nl/organisations/uwv.en.md", "reviewed = 2026-11-01", "reviewed = 2026-11-20");
    let rebuilt = save(&site, &mut workspace, &reviewed, false).expect("the edit builds");
    assert_eq!(rebuilt, Rebuilt::Pages(1), "only the page itself shows its review date among the pages");
    assert!(Arc::ptr_eq(&listing(&workspace), &a_to_z), "the A–Z index was not made again");
    assert!(!Arc::ptr_eq(&workspace.output()["sitemap.xml"], &sitemap), "the sitemap was");
    assert_same_as_full_build(&site, &workspace, "a new review date");
}

#[test]
fn careless_and_hostile_references_in_a_save_give_what_a_full_build_gives() {
    let site = Fixture::copy("domain");
    let mut workspace = Workspace::build(&site.options()).expect("first build");
    // Careless: an organisation named twice. Hostile: a role working for itself, a letter
    // sent by a procedure, a step sending a role as its letter.
    for (edit, fails) in [
        (
            edit(
                "content/nl/roles/bedrijfsarts.en.md",
                "organisations = [\"werkgever\"]",
                "organisations = [\"werkgever\", \"werkgever\"]",
            ),
            false,
        ),
        (
            edit(
                "content/nl/roles/bedrijfsarts.en.md",
                "organisations = [\"werkgever\", \"werkgever\"]",
                "organisations = [\"bedrijfsarts\"]",
            ),
            true,
        ),
        (edit("content/nl/letters/ziekmelding-42.en.md", "sender = \"werkgever\"", "sender = \"poortwachter\""), true),
        (
            edit(
                "content/nl/procedures/poortwachter.en.md",
                "letter = \"ziekmelding-42\"",
                "letter = \"bedrijfsarts\"",
            ),
            true,
        ),
    ] {
        let outcome = save(&site, &mut workspace, &edit, false);
        let full = signpost::prepare(&site.options());
        assert_eq!(outcome.is_err(), fails, "{}: {outcome:?}", edit.to);
        assert_eq!(full.is_err(), fails, "{}: the full build agrees", edit.to);
        if let Err(shown) = outcome {
            assert!(
                shown.contains(edit.file.rsplit('/').next().unwrap_or_default()) || shown.contains("poortwachter"),
                "{shown}"
            );
            save(&site, &mut workspace, &edit, true).expect("the edit taken back builds");
        }
        assert_same_as_full_build(&site, &workspace, edit.to);
    }
}

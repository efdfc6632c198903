//! `signpost serve` through the real binary on a free port: pages, the reload event
//! after a save, the error overlay over the last good page, refused traversal.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::Fixture;

pub(crate) struct Server {
    child: Child,
    pub(crate) address: String,
    /// Kept open: the server writes a line per rebuild.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(site: &Fixture) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("signpost"))
        .current_dir(&site.root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("ready line");
    let address = first.split("http://").nth(1).and_then(|rest| rest.split('/').next()).expect("address").to_string();
    Server { child, address, _stdout: stdout }
}

/// A raw HTTP/1.0 request, so the path is sent exactly as written (no client
/// normalises `..`). Returns the status, the header lines and the body.
fn request(server: &Server, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: {}\r\n\r\n", server.address).expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// [`request`] without the headers.
pub(crate) fn get(server: &Server, method: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(server, method, path);
    (status, body)
}

/// The value of one response header (its name in lower case).
fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| line.strip_prefix(&format!("{name}: ")).map(str::to_string))
}

/// Connects to the event stream, as the reload script of a tab showing `page` does (or
/// for every rebuild), and returns a reader positioned after the headers.
fn events(server: &Server, page: Option<&str>) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let query = page.map(|page| format!("?page={}", page.replace('/', "%2F"))).unwrap_or_default();
    write!(stream, "GET /__signpost/events{query} HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).expect("request");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line).expect("headers") > 0 && line != "\r\n" {
        line.clear();
    }
    reader
}

/// The next `data:` line of the stream (waits for the event; gives up after a few
/// keep-alive comments, about a minute).
fn next_event(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    for _ in 0..10 {
        line.clear();
        assert!(reader.read_line(&mut line).expect("event") > 0, "stream closed");
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    }
    panic!("no event arrived");
}

#[test]
fn serve_answers_pages_and_refuses_to_leave_the_site() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let (status, body) = get(&server, "GET", "/nl/nl/organisations/uwv/");
    assert_eq!(status, 200);
    let page = scraper::Html::parse_document(&body);
    assert_eq!(crate::support::text(crate::support::one(&page, "h1")), "UWV");
    assert!(crate::support::select(&page, "script").iter().any(|s| s.inner_html().contains("__signpost/events")));
    let (status, body) = get(&server, "HEAD", "/nl/");
    assert_eq!((status, body.as_str()), (200, ""));
    assert_eq!(get(&server, "GET", "/nl/nothing/").0, 404);
    std::fs::write(site.root.parent().unwrap().join("secret.txt"), "secret").unwrap();
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/nl/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/%00"]
    {
        let (status, body) = get(&server, "GET", path);
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("secret"), "{path}");
    }
    assert_eq!(get(&server, "POST", "/nl/").0, 405);
}

#[test]
fn a_save_sends_a_reload_event_and_a_broken_save_shows_the_errors_over_the_last_good_page() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let mut stream = events(&server, None);
    let first = next_event(&mut stream);

    let page = "content/nl/organisations/uwv.en.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.write(page, text.replace("UWV pays benefits", "UWV pays benefits quickly"));
    let second = next_event(&mut stream);
    assert_ne!(first, second);
    let (_, body) = get(&server, "GET", "/en/nl/organisations/uwv/");
    assert!(body.contains("quickly"), "the rebuilt page is served");

    site.write(page, text.replace("title = \"UWV\"", "titel = \"UWV\""));
    let third = next_event(&mut stream);
    assert_ne!(second, third);
    let (status, body) = get(&server, "GET", "/en/nl/organisations/uwv/");
    assert_eq!(status, 200);
    let html = scraper::Html::parse_document(&body);
    let overlay = crate::support::text(crate::support::one(&html, "#signpost-build-error"));
    assert!(overlay.contains("uwv.en.md:2:1"), "{overlay}");
    assert!(overlay.contains("did you mean `title`?"), "{overlay}");
    assert!(body.contains("quickly"), "the last good page stays");

    site.write(page, text);
    next_event(&mut stream);
    let (_, body) = get(&server, "GET", "/en/nl/organisations/uwv/");
    assert!(crate::support::select(&scraper::Html::parse_document(&body), "#signpost-build-error").is_empty());
}

/// The generation an event names.
fn generation(event: String) -> u64 {
    event.parse().unwrap_or_else(|_| panic!("an event names a generation: {event}"))
}

#[test]
fn each_tab_reloads_once_per_save_and_only_when_its_page_changed() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let mut organisation = events(&server, Some("/en/nl/organisations/uwv/"));
    let mut index = events(&server, Some("/en/a-z/"));
    next_event(&mut organisation);
    next_event(&mut index);
    let page = "content/nl/organisations/uwv.en.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    let reworded = text.replace("UWV pays benefits", "UWV pays benefits quickly");
    assert_ne!(reworded, text);

    site.write(page, reworded.clone());
    let prose = generation(next_event(&mut organisation));
    // A new title shows on the page at once, in the A–Z index when the site-wide files
    // follow: each tab hears of the rebuild that changed what it shows.
    site.write(page, reworded.replace("title = \"UWV\"", "title = \"UWV agency\""));
    let title = generation(next_event(&mut organisation));
    let listed = generation(next_event(&mut index));
    assert!(prose < title && title < listed, "the A–Z tab skipped the prose edit: {prose} {title} {listed}");
    let (_, body) = get(&server, "GET", "/en/a-z/");
    let index_page = scraper::Html::parse_document(&body);
    let links = crate::support::select(&index_page, "main a");
    assert!(links.iter().any(|a| crate::support::text(*a) == "UWV agency"), "the A–Z index lists the new title");

    site.write(page, text);
    let back = generation(next_event(&mut organisation));
    assert!(back > listed, "the organisation's tab was not told of the site-wide files: {title} {listed} {back}");
}

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
/// Names an actor that does not exist: resolve fails.
const BROKEN: Edit = edit("content/nl/procedures/poortwachter.en.md", "actor = \"werkgever\"", "actor = \"werkgevr\"");

const NEW_ROLE: &str = "content/nl/roles/verzekeringsarts.en.md";
const NEW_ROLE_TEXT: &str = "+++\ntitle = \"Insurance doctor\"\norganisations = [\"uwv\"]\nmedical = true\nconcept = \"company-doctor\"\nreviewed = 2026-11-01\n+++\nAssesses you for UWV.\n";

#[test]
fn a_stylesheet_edit_reloads_the_tabs_whose_pages_stay_the_same() {
    let site = Fixture::copy("basic");
    let style = default_theme_file("static/style.css");
    site.write("static/style.css", &style);
    let server = start(&site);
    let mut tab = events(&server, Some("/en/"));
    let before = generation(next_event(&mut tab));
    site.write("static/style.css", format!("{style}\nmain {{ outline: 1px solid red }}\n"));
    let after = generation(next_event(&mut tab));
    assert!(after > before, "{before} {after}");
    let (status, served) = get(&server, "GET", "/static/style.css");
    assert_eq!(status, 200);
    assert!(served.contains("outline: 1px solid red"), "the new stylesheet is served");
}

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
fn save(
    site: &Fixture,
    workspace: &mut signpost::serve::Workspace,
    edit: &Edit,
    undo: bool,
) -> Result<signpost::serve::Rebuilt, String> {
    let path = apply(site, edit, undo);
    let rebuilt = workspace.update(&[path]).map_err(|problems| problems.to_human(false))?;
    catch_up(workspace);
    Ok(rebuilt)
}

/// What `serve` does once the browser has been told to reload: the other pages the
/// save shows in, the site-wide files, then the search files.
fn catch_up(workspace: &mut signpost::serve::Workspace) {
    workspace.refresh_pages(&|| false).expect("the other pages render");
    workspace.refresh_site_wide().expect("the site-wide files render");
    workspace.refresh_search(&|| false);
}

/// Whether any search shard of `lang` in the workspace indexes the folded `word`.
fn indexed(workspace: &signpost::serve::Workspace, lang: &str, word: &str) -> bool {
    workspace.output().iter().filter(|(path, _)| path.starts_with(&format!("{lang}/search/t/"))).any(|(_, bytes)| {
        let shard = crate::support::search_data(bytes);
        shard["w"].get(word).is_some()
    })
}

#[test]
fn a_page_edit_updates_the_pages_at_once_and_the_search_files_when_asked() {
    let site = Fixture::copy("domain");
    let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
    assert!(!workspace.refresh_search(&|| false), "a fresh build's search files are up to date");
    let file = "content/nl/organisations/uwv.en.md";
    let text = std::fs::read_to_string(site.root.join(file)).expect("fixture file");
    site.write(file, format!("{text}\nZebracrossing.\n"));
    workspace.update(&[site.root.join(file)]).expect("the edit builds");
    let page = String::from_utf8_lossy(&workspace.output()["en/nl/organisations/uwv/index.html"]).into_owned();
    assert!(page.contains("Zebracrossing"), "the page shows the edit");
    assert!(!indexed(&workspace, "en", "zebracrossing"), "the search files wait for refresh_search");
    assert!(!workspace.refresh_search(&|| true), "a refresh cancelled by a newer save puts nothing in");
    assert!(!indexed(&workspace, "en", "zebracrossing"), "and leaves the search files as they were");
    assert!(workspace.refresh_search(&|| false), "the search files are still outdated after the cancel");
    assert!(indexed(&workspace, "en", "zebracrossing"));
    assert!(!workspace.refresh_search(&|| false), "nothing left to do");
    assert_same_as_full_build(&site, &workspace, "an edit and a search refresh");
}

/// Panics, naming the first differing file, unless the workspace holds exactly what a
/// fresh full build of the same files makes.
/// The export's JSON, parsed, written out again: every title it lists is in there.
fn exported(workspace: &signpost::serve::Workspace) -> String {
    let bytes = &workspace.output()["data/site.json"];
    serde_json::from_slice::<serde_json::Value>(bytes).expect("data/site.json is JSON").to_string()
}

#[test]
fn a_title_edit_updates_its_page_at_once_and_the_pages_listing_it_when_asked() {
    let site = Fixture::copy("domain");
    let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
    assert!(!workspace.refresh_site_wide().expect("renders"), "a fresh build's site-wide files are up to date");
    let text = std::fs::read_to_string(site.root.join(TITLE.file)).expect("fixture file");
    site.write(TITLE.file, text.replacen(TITLE.from, TITLE.to, 1));
    let rebuilt = workspace.update(&[site.root.join(TITLE.file)]).expect("the edit builds");
    assert!(matches!(rebuilt, signpost::serve::Rebuilt::Pages(_)), "{rebuilt:?}");
    let page = scraper::Html::parse_document(&String::from_utf8_lossy(
        &workspace.output()["en/nl/organisations/uwv/index.html"],
    ));
    assert_eq!(crate::support::text(crate::support::one(&page, "h1")), "UWV agency", "the page shows the edit at once");
    assert!(!exported(&workspace).contains("UWV agency"), "the site-wide files wait for refresh_site_wide");
    assert!(workspace.refresh_site_wide().expect("renders"));
    assert!(exported(&workspace).contains("UWV agency"));
    assert!(!workspace.refresh_site_wide().expect("renders"), "nothing left to do");
    let listed_in = "en/nl/index.html";
    let lists_new_title = |workspace: &signpost::serve::Workspace| {
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&workspace.output()[listed_in]));
        crate::support::select(&html, "main a").iter().any(|a| crate::support::text(*a) == "UWV agency")
    };
    assert!(!lists_new_title(&workspace), "the country overview waits for refresh_pages");
    assert!(workspace.refresh_pages(&|| false).expect("renders"));
    assert!(lists_new_title(&workspace), "{listed_in} lists the new title");
    assert!(!workspace.refresh_pages(&|| false).expect("renders"), "nothing left to do");
    workspace.refresh_search(&|| false);
    assert_same_as_full_build(&site, &workspace, "a title edit and the refreshes");
}

fn assert_same_as_full_build(site: &Fixture, workspace: &signpost::serve::Workspace, after: &str) {
    let full = match signpost::prepare(&site.options()) {
        Ok(prepared) => prepared.rendered.files,
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
    let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
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
            Ok(signpost::serve::Rebuilt::Pages(count)) => {
                assert!(count < pages, "{name}: {count} of {pages} pages");
                rendered.insert(name, count);
            }
            other => panic!("{name} should re-render some pages, not {other:?}"),
        }
        assert_same_as_full_build(&site, &workspace, name);
    }
    // Prose shows on its own page only; a new link or heading also changes the pages
    // around it (back-links, overviews).
    assert_eq!(rendered["a reworded sentence"], 1, "{rendered:?}");
    assert!(rendered["a new heading and link in a body"] > 1, "{rendered:?}");

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
    let added = workspace.update(&[site.root.join(NEW_ROLE)]).expect("the addition builds");
    assert_eq!(added, signpost::serve::Rebuilt::Everything);
    assert_same_as_full_build(&site, &workspace, "adding a page");
    save(&site, &mut workspace, &TITLE, true).expect("an edit after the addition");
    assert_same_as_full_build(&site, &workspace, "an edit after adding a page");
    std::fs::remove_file(site.root.join(NEW_ROLE)).expect("delete");
    workspace.update(&[site.root.join(NEW_ROLE)]).expect("the deletion builds");
    assert_same_as_full_build(&site, &workspace, "deleting a page");

    save(&site, &mut workspace, &COUNTRY, false).expect("a country edit");
    assert_same_as_full_build(&site, &workspace, "a country overview edit");
}

/// The errors among `diagnostics`, each written out whole.
fn errors(diagnostics: &signpost::diagnostics::Diagnostics) -> Vec<String> {
    diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{d:?}")).collect()
}

#[test]
fn resolving_only_the_edited_pages_gives_what_resolving_every_file_gives() {
    let site = Fixture::copy("domain");
    let today = jiff::civil::date(2026, 11, 23);
    let load = || signpost::load::load(&site.content()).0.expect("the files load");
    let (mut kept, found) = signpost::resolve::resolve(load(), today);
    assert!(!found.has_errors(), "{}", found.to_human(false));
    // As in `serve`: the pages edited since the site last resolved without errors.
    let mut edited = std::collections::BTreeSet::new();
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
    ] {
        let path = apply(&site, edit, undo);
        let raw = load();
        let saved = raw.files.iter().find(|f| f.file.path == path).expect("the saved file is loaded");
        edited.insert(saved.key.clone());
        let files = raw.files.iter().filter(|f| edited.contains(&f.key)).cloned().collect();
        let (full, found) = signpost::resolve::resolve(raw, today);
        let before = format!("{kept:?}");
        let what = format!("{}{}", if undo { "undo " } else { "" }, edit.to);
        match signpost::resolve::resolve_pages(&mut kept, files, today) {
            Ok(_) => {
                assert!(!found.has_errors(), "{what}: resolve finds errors:\n{}", found.to_human(false));
                assert_eq!(format!("{kept:?}"), format!("{full:?}"), "{what}: the same site");
                edited.clear();
            }
            Err(problems) => {
                assert_eq!(errors(&problems), errors(&found), "{what}: the same errors");
                assert_eq!(format!("{kept:?}"), before, "{what}: the site as it was");
            }
        }
    }
    assert!(edited.is_empty(), "the last edit resolves");
}

/// The default theme's file at `inner` (`templates/letter.html`).
fn default_theme_file(inner: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default").join(inner);
    std::fs::read_to_string(path).expect("default theme file")
}

#[test]
fn a_theme_edit_renders_again_from_the_same_site_and_a_static_file_edit_replaces_only_it() {
    let site = Fixture::copy("domain");
    // The site's own stylesheet, letter template and English strings, beside its content.
    let (style, letter, strings) = ("static/style.css", "templates/letter.html", "i18n/en.toml");
    for file in [style, letter, strings] {
        site.write(file, default_theme_file(file));
    }
    let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
    let edit = |workspace: &mut signpost::serve::Workspace, file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(site.root.join(file)).expect("site file");
        assert!(text.contains(from), "{file} should contain {from}");
        site.write(file, text.replacen(from, to, 1));
        workspace.update(&[site.root.join(file)])
    };

    let rebuilt = edit(&mut workspace, style, "body", "body, main").expect("a new rule");
    assert_eq!(rebuilt, signpost::serve::Rebuilt::StaticFiles);
    assert!(String::from_utf8_lossy(&workspace.output()["static/style.css"]).contains("body, main"));
    assert_same_as_full_build(&site, &workspace, "a stylesheet edited");

    // A tab shows one letter: it is rendered with the new template at once, the other
    // letter when the rest follow.
    let (open, other) = ("en/nl/letters/wia-besluit/index.html", "en/nl/letters/ziekmelding-42/index.html");
    workspace.show_first(["/en/nl/letters/wia-besluit/".to_string()].into());
    let marker = "<p class=\"site-marker\">Checked by the site</p>";
    let rebuilt =
        edit(&mut workspace, letter, "{% block after_content %}", &format!("{{% block after_content %}}{marker}"))
            .expect("a changed template");
    assert_eq!(rebuilt, signpost::serve::Rebuilt::EveryPage);
    let marked = |workspace: &signpost::serve::Workspace, path: &str| {
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&workspace.output()[path]));
        crate::support::select(&page, ".site-marker").len() == 1
    };
    assert!(marked(&workspace, open) && !marked(&workspace, other), "the open page first");
    assert!(!workspace.refresh_pages(&|| true).expect("renders"), "a newer save stops the rest");
    assert!(!marked(&workspace, other));
    catch_up(&mut workspace);
    assert!(marked(&workspace, other), "then the others");
    let rebuilt = edit(&mut workspace, strings, "Skip to main content", "Skip to the text").expect("a new string");
    assert_eq!(rebuilt, signpost::serve::Rebuilt::EveryPage);
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a template and a string edited");

    // A template that does not compile: the last good pages stay, the error names it.
    let good = workspace.output()[open].clone();
    let text = std::fs::read_to_string(site.root.join(letter)).expect("site file");
    site.write(letter, text.replacen("{% endblock after_content %}", "{% if %}", 1));
    let broken = workspace.update(&[site.root.join(letter)]).expect_err("the template fails").to_human(false);
    assert!(broken.contains("letter.html"), "{broken}");
    assert_eq!(workspace.output()[open], good, "the last good page stays");
    site.write(letter, text);
    workspace.update(&[site.root.join(letter)]).expect("the fix builds");
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a broken template and its fix");

    // A page whose save failed stays reported when the stylesheet is saved next.
    let broken_page = apply(&site, &BROKEN, false);
    workspace.update(std::slice::from_ref(&broken_page)).expect_err("the broken page fails");
    let text = std::fs::read_to_string(site.root.join(style)).expect("site file");
    site.write(style, format!("{text}\n/* again */\n"));
    let still = workspace.update(&[site.root.join(style)]).expect_err("the page is still broken").to_human(false);
    assert!(still.contains("werkgevr"), "{still}");
    apply(&site, &BROKEN, true);
    workspace.update(&[broken_page]).expect("the fix builds");
    catch_up(&mut workspace);
    assert_same_as_full_build(&site, &workspace, "a broken page, a stylesheet edit, the fix");

    // A page and the theme in one burst: everything is built again.
    let page_file = apply(&site, &PROSE, false);
    let text = std::fs::read_to_string(site.root.join(style)).expect("site file");
    site.write(style, format!("{text}\n/* more */\n"));
    let both = workspace.update(&[page_file, site.root.join(style)]).expect("both build");
    assert_eq!(both, signpost::serve::Rebuilt::Everything);
    assert_same_as_full_build(&site, &workspace, "a page and the stylesheet at once");
}

#[test]
fn a_file_that_fails_to_load_stays_reported_while_other_files_are_saved() {
    let site = Fixture::copy("domain");
    let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
    let letter = "content/nl/letters/wia-besluit.en.md";
    let text = std::fs::read_to_string(site.root.join(letter)).expect("fixture file");
    // Front matter that is not TOML: the file cannot even be read into a page.
    site.write(letter, text.replacen("+++", "+++\ntitle = ", 1));
    let first = workspace.update(&[site.root.join(letter)]).expect_err("the broken file fails");
    assert!(first.to_human(false).contains("wia-besluit.en.md"), "{}", first.to_human(false));
    let again = save(&site, &mut workspace, &PROSE_ELSEWHERE, false).expect_err("the broken file still fails");
    assert!(again.contains("wia-besluit.en.md"), "saving another file hides nothing: {again}");
    site.write(letter, text);
    workspace.update(&[site.root.join(letter)]).expect("the fix builds");
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
        let mut workspace = signpost::serve::Workspace::build(&site.options()).expect("first build");
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

#[test]
fn files_get_their_content_type_folders_their_index_and_addresses_are_decoded() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    for (path, expected) in [
        ("/nl/", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/calculator.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/data/site.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let (status, head, _) = request(&server, "GET", path);
        assert_eq!((status, header(&head, "content-type").as_deref()), (200, Some(expected)), "{path}");
    }
    let (status, head, _) = request(&server, "GET", "/nl/nl/organisations/uwv");
    assert_eq!((status, header(&head, "location").as_deref()), (301, Some("/nl/nl/organisations/uwv/")));
    let (_, folder) = get(&server, "GET", "/nl/nl/organisations/uwv/");
    let (status, index) = get(&server, "GET", "/nl/nl/organisations/uwv/index.html");
    assert_eq!((status, &index), (200, &folder), "a folder serves its index.html");
    let (status, decoded) = get(&server, "GET", "/nl/nl/organisations/%75%77%76/");
    assert_eq!((status, &decoded), (200, &folder), "percent-encoded letters name the same page");

    let (status, head, body) = request(&server, "HEAD", "/nl/nothing/");
    assert_eq!((status, body.as_str()), (404, ""), "HEAD of a missing page: the status, no body");
    assert_eq!(header(&head, "content-type").as_deref(), Some("text/html; charset=utf-8"));
    let (_, missing) = get(&server, "GET", "/nl/nothing/");
    let page = scraper::Html::parse_document(&missing);
    assert_eq!(crate::support::attr(crate::support::one(&page, "html"), "lang"), "nl", "the Dutch 404 page");
}

#[test]
fn absolute_paths_and_raw_backslashes_never_reach_the_disk() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let secret = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "secret").unwrap();
    let absolute = secret.to_string_lossy().replace('\\', "/");
    for path in [
        format!("/{absolute}"),
        absolute.clone(),
        "//etc/passwd".to_string(),
        "/%2Fetc%2Fpasswd".to_string(),
        "/..\\secret.txt".to_string(),
        "/nl/..\\..\\secret.txt".to_string(),
        format!("http://{}/../secret.txt", server.address),
    ] {
        let (status, body) = get(&server, "GET", &path);
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(!body.contains("secret"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_at_once() {
    use std::os::unix::process::ExitStatusExt;
    let site = Fixture::copy("basic");
    let mut server = start(&site);
    let mut stream = events(&server, None);
    next_event(&mut stream);
    let killed = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status().expect("kill runs");
    assert!(killed.success());
    // A server that ignored the signal would still run, and the event stream it held
    // open would not close.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("the server can be waited for") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the server still runs 10 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.code() == Some(0) || status.code() == Some(130) || status.signal() == Some(2),
        "ended with {status:?}"
    );
    let mut rest = String::new();
    stream.read_to_string(&mut rest).expect("the event stream ends instead of timing out");
    assert!(!rest.contains("data:"), "no event after the signal: {rest}");
    assert!(TcpStream::connect(&server.address).is_err(), "nothing listens any more");
}

/// A heading with an event handler, saved while serving: the last good page stays, with
/// the error over it; neither the page nor its fallback copy ever carries the handler.
#[test]
fn a_heading_attribute_saved_while_serving_is_shown_as_an_error_and_never_rendered() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let mut stream = events(&server, None);
    next_event(&mut stream);
    let page = "content/nl/organisations/uwv.nl.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.write(
        page,
        text.replace("## Contact opnemen {#contact}", "## Contact {#contact tabindex=1 autofocus onfocus=alert(1)}"),
    );
    next_event(&mut stream);
    for address in ["/nl/nl/organisations/uwv/", "/pl/nl/organisations/uwv/"] {
        let (status, body) = get(&server, "GET", address);
        assert_eq!(status, 200, "{address}");
        let html = scraper::Html::parse_document(&body);
        let overlay = crate::support::text(crate::support::one(&html, "#signpost-build-error"));
        assert!(overlay.contains("signpost::heading_attribute") && overlay.contains("uwv.nl.md:9"), "{overlay}");
        for heading in crate::support::select(&html, "h1, h2, h3, h4, h5, h6") {
            let names: Vec<&str> = heading.value().attrs().map(|(name, _)| name).filter(|n| *n != "id").collect();
            assert!(names.is_empty(), "{address}: a heading has {names:?}");
        }
    }
}

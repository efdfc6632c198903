//! `signpost serve` through the real binary on a free port: pages, the reload event
//! after a save, the error overlay over the last good page, refused traversal.

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
    start_in(&site.root, &["serve"])
}

/// `signpost` run with `args` (a serve command) in `folder`, on a free port.
pub(crate) fn start_in(folder: &std::path::Path, args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("signpost"))
        .current_dir(folder)
        .args(args)
        .args(["--port", "0"])
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
/// The basic fixture served, its event stream past the first build's event, and the text
/// of its file `page`.
fn serving_basic(page: &str) -> (Fixture, Server, BufReader<TcpStream>, String) {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let mut stream = events(&server, None);
    next_event(&mut stream);
    let text = std::fs::read_to_string(site.root.join(page)).expect("the page");
    (site, server, stream, text)
}

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

/// `--content` naming a file, or a folder that does not exist: no save can make a site of
/// it, so serve stops at once and says so (it served the error page of a file, and for a
/// missing folder said only that it could not be watched).
#[test]
fn serve_without_a_content_folder_stops_and_says_there_is_none() {
    let site = Fixture::copy("basic");
    let missing = site.content().join("not-here");
    for content in [missing, site.content().join("site.toml")] {
        let output = Command::new(assert_cmd::cargo::cargo_bin("signpost"))
            .args(["serve", "--port", "0", "--content"])
            .arg(&content)
            .output()
            .expect("signpost runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("there is no content folder at {}", content.display())), "{stderr}");
        assert!(stderr.contains("--content DIR"), "{stderr}");
        assert!(!stderr.contains("cannot watch") && !String::from_utf8_lossy(&output.stdout).contains("Serving"));
    }
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

/// An error 100,000 characters into a line once panicked the thread that rebuilds while
/// printing it (miette cannot draw a marker that far in): the error never showed, and
/// no save after it was seen. Now it shows, at its real column, and the fix is seen.
#[test]
fn an_error_far_into_a_long_line_is_shown_while_serving_and_the_next_save_is_seen() {
    let page = "content/nl/organisations/uwv.en.md";
    let (site, server, mut stream, text) = serving_basic(page);
    site.write(page, format!("{text}\n{}[a link](@/nowhere/nothing.md) end\n", "ß ".repeat(50_000)));
    next_event(&mut stream);
    let (_, body) = get(&server, "GET", "/en/nl/organisations/uwv/");
    let html = scraper::Html::parse_document(&body);
    let overlay = crate::support::text(crate::support::one(&html, "#signpost-build-error"));
    let line = text.lines().count() + 2;
    assert!(overlay.contains(&format!("uwv.en.md:{line}:100001")), "{}", &overlay[..overlay.len().min(2_000)]);
    assert!(overlay.len() < 5_000, "{} bytes", overlay.len());

    site.write(page, text.replace("UWV pays benefits", "UWV pays benefits quickly"));
    next_event(&mut stream);
    let (_, body) = get(&server, "GET", "/en/nl/organisations/uwv/");
    let html = scraper::Html::parse_document(&body);
    assert!(crate::support::select(&html, "#signpost-build-error").is_empty(), "the fix is seen");
    assert!(body.contains("quickly"));
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
    // The A–Z index follows the page, so its tab hears of a later generation, or of the
    // same one when both were published before the page's tab woke up to look.
    assert!(prose < title && title <= listed, "the A–Z tab skipped the prose edit: {prose} {title} {listed}");
    let (_, body) = get(&server, "GET", "/en/a-z/");
    let index_page = scraper::Html::parse_document(&body);
    let links = crate::support::select(&index_page, "main a");
    assert!(links.iter().any(|a| crate::support::text(*a) == "UWV agency"), "the A–Z index lists the new title");

    site.write(page, text);
    let back = generation(next_event(&mut organisation));
    assert!(back > listed, "the organisation's tab was not told of the site-wide files: {title} {listed} {back}");
}

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

/// A site without a `templates/` folder that gets one while serving: the override is read
/// at once, and saves inside the new folder are seen from then on.
#[test]
fn a_theme_folder_made_while_serving_is_read_and_watched() {
    let site = Fixture::copy("domain");
    assert!(!site.root.join("templates").exists(), "the fixture has no templates folder");
    let server = start(&site);
    let page = "/en/nl/procedures/poortwachter/";
    let mut tab = events(&server, Some(page));
    let before = generation(next_event(&mut tab));
    assert!(get(&server, "GET", page).1.contains("step-list"), "the default procedure template");
    site.write("templates/procedure.html", "<main>First override</main>\n");
    let first = wait_for(&server, page, "First override");
    assert!(!first.contains("step-list"), "{first}");
    site.write("templates/procedure.html", "<main>Saved later</main>\n");
    wait_for(&server, page, "Saved later");
    let after = generation(next_event(&mut tab));
    assert!(after > before, "{before} {after}");
}

/// A theme folder that is a link to a folder inside the site is watched (the watcher
/// follows no links, so it watches the folder the link leads to); one leading out of the
/// site is refused, and the site is served with the error over it.
#[test]
fn a_linked_theme_folder_inside_the_site_is_watched_and_one_leading_out_is_refused() {
    let site = Fixture::copy("basic");
    let marked = |text: &str| page_template_opening_main_with(&format!("<p>{text}</p>"));
    site.write("shared-theme/page.html", marked("Linked first"));
    std::os::unix::fs::symlink("shared-theme", site.root.join("templates")).expect("link");
    let server = start(&site);
    let address = "/en/nl/organisations/uwv/";
    wait_for(&server, address, "Linked first");
    site.write("shared-theme/page.html", marked("Saved through the link"));
    wait_for(&server, address, "Saved through the link");

    let other = Fixture::copy("basic");
    std::os::unix::fs::symlink(site.root.join("shared-theme"), other.root.join("templates")).expect("link");
    let server = start(&other);
    let (_, shown) = get(&server, "GET", address);
    let html = scraper::Html::parse_document(&shown);
    let overlay = crate::support::text(crate::support::one(&html, "#signpost-build-error"));
    assert!(overlay.contains("templates is a symbolic link to") && overlay.contains("outside"), "{overlay}");
    assert!(!shown.contains("Saved through the link"), "nothing behind the link is read");
}

/// `serve --content .` run inside the content folder: the theme folders are the ones
/// beside it (not inside it), and a save of a page at the content folder's top level
/// shows. Before, the content folder was taken for the folder holding it, and those
/// saves were dropped as the site folder's own.
#[test]
fn with_content_dot_top_level_saves_and_theme_folders_beside_it_are_seen() {
    let site = Fixture::copy("basic");
    site.write("templates/page.html", page_template_opening_main_with("<p>Theme beside content</p>"));
    let server = start_in(&site.content(), &["serve", "--content", "."]);
    let home = "/en/";
    wait_for(&server, home, "Theme beside content");
    let text = std::fs::read_to_string(site.content().join("_index.en.md")).expect("home page");
    site.write("content/_index.en.md", text.replace("Help when you are sick", "Help when you are ill"));
    wait_for(&server, home, "Help when you are ill");
}

/// The content folder moved away and back, or deleted and made again (a script that
/// exports the content afresh): the errors show while it is gone, and saves are seen
/// after it is back.
#[test]
fn a_content_folder_moved_away_and_back_or_made_again_is_watched_again() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let address = "/en/nl/organisations/uwv/";
    let page = "content/nl/organisations/uwv.en.md";
    let text = std::fs::read_to_string(site.root.join(page)).expect("page");
    std::fs::rename(site.content(), site.root.join("away")).expect("move away");
    wait_for(&server, address, "signpost-build-error");
    std::fs::rename(site.root.join("away"), site.content()).expect("move back");
    saved_and_shown(&site, &server, &text, "after the move");

    std::fs::remove_dir_all(site.content()).expect("delete");
    crate::support::copy_tree(&crate::support::fixtures().join("basic/content"), &site.content());
    saved_and_shown(&site, &server, &text, "after the copy");
}

/// Waits until the fixture's UWV page is shown without errors, lets the rebuilds that
/// follow a folder's return end, then saves the page (`text`) with `marker` added: the
/// save must show, so the watcher saw it.
fn saved_and_shown(site: &Fixture, server: &Server, text: &str, marker: &str) {
    let address = "/en/nl/organisations/uwv/";
    for _ in 0..200 {
        if !get(server, "GET", address).1.contains("signpost-build-error") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    site.write(
        "content/nl/organisations/uwv.en.md",
        text.replace("UWV pays benefits", &format!("UWV pays benefits {marker}")),
    );
    let shown = wait_for(server, address, marker);
    assert!(!shown.contains("signpost-build-error"), "{shown}");
}

/// The page at `path` once it holds `text` (it is asked every 50 ms, for up to 10 s).
fn wait_for(server: &Server, path: &str, text: &str) -> String {
    for _ in 0..200 {
        let (status, body) = get(server, "GET", path);
        if status == 200 && body.contains(text) {
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never showed {text:?}");
}

/// The default theme's `page.html` with `html` first in each page's main part: a template
/// override whose effect a test can see.
pub(crate) fn page_template_opening_main_with(html: &str) -> String {
    let page = default_theme_file("templates/page.html");
    assert!(page.contains("{% block main %}"), "page.html has a main block");
    page.replacen("{% block main %}", &format!("{{% block main %}}{html}"), 1)
}

/// The default theme's file at `inner` (`templates/letter.html`).
pub(crate) fn default_theme_file(inner: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default").join(inner);
    std::fs::read_to_string(path).expect("default theme file")
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
    let page = "content/nl/organisations/uwv.nl.md";
    let (site, server, mut stream, text) = serving_basic(page);
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
            let names: Vec<&str> =
                heading.value().attrs().map(|(name, _)| name).filter(|n| *n != "id" && *n != "lang").collect();
            assert!(names.is_empty(), "{address}: a heading has {names:?}");
        }
    }
}

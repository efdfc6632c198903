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
/// normalises `..`). Returns the status and the body.
pub(crate) fn get(server: &Server, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: {}\r\n\r\n", server.address).expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Connects to the event stream and returns a reader positioned after the headers.
fn events(server: &Server) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    write!(stream, "GET /__signpost/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).expect("request");
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
    let mut stream = events(&server);
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

//! Answers one request from a snapshot of the built site held in memory: a pure function
//! from method and URL to status, content type and body, so it is tested without
//! sockets. Paths are looked up as keys of the snapshot, never joined to a folder, so
//! no URL can reach a file outside the site; `..`, backslashes and NUL are refused
//! before that anyway.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::incremental::Files;
use percent_encoding::percent_decode_str;

/// The built site as served: output paths to bytes, and the last build's errors.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Files,
    /// Counts successful and failed builds; the browser reloads when it changes.
    pub generation: u64,
    /// The errors of the last build, when it failed (the files are the last good site).
    pub error: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects from `/nl` to `/nl/`.
    pub location: Option<String>,
}

impl Reply {
    pub fn text(status: u16, message: &str) -> Self {
        Self { status, content_type: "text/plain; charset=utf-8", body: message.as_bytes().to_vec(), location: None }
    }
}

/// The address of the event stream the reload script listens to.
pub const EVENTS_PATH: &str = "/__signpost/events";

/// Injected before `</body>` of every HTML page while serving (never in `build`): it
/// reloads the page when a rebuild changed it. It names its page to the event stream,
/// which sends a new generation only when that page's answer changed
/// ([`event_stream_page`]).
const RELOAD_SCRIPT: &str = r#"<script>(function(){var seen=null;var events=new EventSource("/__signpost/events?page="+encodeURIComponent(location.pathname));events.onmessage=function(e){if(seen!==null&&e.data!==seen){location.reload();}seen=e.data;};})();</script>"#;

/// For a request to the event stream, the address of the page the tab shows, when it
/// named one (`?page=`, as the reload script does); `None` for any other request. A
/// stream without a page hears of every rebuild.
pub fn event_stream_page(url: &str) -> Option<Option<String>> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path != EVENTS_PATH {
        return None;
    }
    let page = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|value| percent_decode_str(value).decode_utf8().ok())
        .map(|value| value.into_owned());
    Some(page)
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The output path a URL path names, or `None` when it tries to leave the site.
pub fn output_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').skip(1).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    let mut path = segments.join("/");
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// The longest address answered. Real ones are a few hundred bytes; browsers stop near 2 MB.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// The most header lines answered; browsers send about twenty.
pub const MAX_HEADERS: usize = 100;
/// The most header bytes (names and values) answered.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The refusal of a request, before anything is looked up: 414 for a long address, 431
/// for too many or too large headers, 403 for a `Host` that is not this server's
/// ([`is_own_host`]), 400 for a GET or HEAD that carries a body (the site is read-only; a
/// body there is a confused or hostile client). `address` is the address served on.
/// `None` when the request may be answered.
pub fn refusal(url: &str, headers: &[(&str, &str)], address: SocketAddr) -> Option<Reply> {
    if url.len() > MAX_URL_BYTES {
        return Some(Reply::text(414, "URI too long."));
    }
    let header_bytes: usize = headers.iter().map(|(name, value)| name.len() + value.len()).sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return Some(Reply::text(431, "Request header fields too large."));
    }
    if let Some((_, host)) =
        headers.iter().find(|(name, host)| name.eq_ignore_ascii_case("host") && !is_own_host(host, address))
    {
        let message = format!(
            "Forbidden: this preview server answers only for localhost and its own address, not for the host {host:?}. Open http://{address}/ instead."
        );
        return Some(Reply::text(403, &message));
    }
    let has_body = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value.trim() != "0")
    });
    has_body.then(|| Reply::text(400, "Bad request: a GET or HEAD request has no body."))
}

/// Whether a `Host` header names this server: `localhost`, `127.0.0.1`, `[::1]` or the
/// address served on, with any port; when serving on every address (`--bind 0.0.0.0`),
/// any IP address. A name the server does not know is how DNS rebinding works (a page of
/// `evil.example`, whose name then points at 127.0.0.1, reads the drafts), so it is
/// refused, as the dev servers of Vite and webpack do.
pub fn is_own_host(host: &str, address: SocketAddr) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]` or `[::1]:8000`.
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.strip_prefix(':').is_some_and(is_port) => ip,
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let own =
        [std::net::IpAddr::from([127, 0, 0, 1]), std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST), address.ip()];
    name.parse::<std::net::IpAddr>().is_ok_and(|ip| own.contains(&ip) || address.ip().is_unspecified())
}

fn is_port(text: &str) -> bool {
    text.parse::<u16>().is_ok()
}

/// What a browser tab shows of a snapshot: its page's answer (with the error overlay,
/// if any) and the theme's static files, which every page loads (the stylesheet, the
/// scripts). The tab reloads when this changes, and only then.
#[derive(Debug, PartialEq, Eq)]
pub struct ShownInTab {
    page: Vec<u8>,
    static_files: Vec<(String, Arc<Vec<u8>>)>,
}

/// What a tab on `url` shows of `snapshot`.
pub fn shown_in_tab(snapshot: &Snapshot, url: &str) -> ShownInTab {
    let static_files = snapshot
        .files
        .range::<_, str>((std::ops::Bound::Included("static/"), std::ops::Bound::Unbounded))
        .take_while(|(path, _)| path.starts_with("static/"))
        .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
        .collect();
    ShownInTab { page: respond(snapshot, url).body, static_files }
}

/// The answer to a GET (or HEAD: the server leaves out the body) for `url`.
pub fn respond(snapshot: &Snapshot, url: &str) -> Reply {
    let Some(path) = output_path(url) else {
        return Reply::text(400, "Bad request: this address leaves the site.");
    };
    if snapshot.files.is_empty()
        && let Some(error) = &snapshot.error
    {
        // The first build failed: there is no good site yet, only the errors to show.
        let empty = b"<!DOCTYPE html><html lang=en><title>Build failed</title><body></body></html>".to_vec();
        let body = with_reload_and_overlay(empty, Some(error));
        return Reply { status: 503, content_type: "text/html; charset=utf-8", body, location: None };
    }
    if let Some(bytes) = snapshot.files.get(&path) {
        return page(snapshot, &path, bytes.to_vec(), 200);
    }
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("{}/", url.split(['?', '#']).next().unwrap_or(""));
        return Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(location),
        };
    }
    // The 404 page of the language the address is in, else the site's.
    let language_404 = path.split('/').next().map(|lang| format!("{lang}/404.html"));
    let not_found = language_404.filter(|p| snapshot.files.contains_key(p)).unwrap_or_else(|| "404.html".to_string());
    match snapshot.files.get(&not_found) {
        Some(bytes) => page(snapshot, &not_found, bytes.to_vec(), 404),
        None => Reply::text(404, "Not found."),
    }
}

fn page(snapshot: &Snapshot, path: &str, bytes: Vec<u8>, status: u16) -> Reply {
    let content_type = content_type(path);
    let body = if path.ends_with(".html") { with_reload_and_overlay(bytes, snapshot.error.as_deref()) } else { bytes };
    Reply { status, content_type, body, location: None }
}

/// Adds the reload script and, when the last build failed, an overlay with its errors,
/// before `</body>` (or at the end when there is none).
fn with_reload_and_overlay(bytes: Vec<u8>, error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes).into_owned();
    let mut injected = String::new();
    if let Some(error) = error {
        injected.push_str(r#"<div id="signpost-build-error" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#fff3f2;color:#1b1b1b;border-top:6px solid #d4351c;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647"><strong>The last build failed. You see the previous version of the site.</strong>"#);
        injected.push('\n');
        let mut escaped = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = tera::escape_html(error, &mut escaped);
        injected.push_str(&String::from_utf8_lossy(&escaped));
        injected.push_str("</div>");
    }
    injected.push_str(RELOAD_SCRIPT);
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + injected.len());
    out.push_str(&html[..at]);
    out.push_str(&injected);
    out.push_str(&html[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Snapshot {
        let mut files = Files::new();
        files.insert("en/index.html".to_string(), b"<html><body><h1>Home</h1></body></html>".to_vec().into());
        files.insert("en/404.html".to_string(), b"<html><body>Not here</body></html>".to_vec().into());
        files.insert("404.html".to_string(), b"<html><body>Lost</body></html>".to_vec().into());
        files.insert("static/style.css".to_string(), b"body{}".to_vec().into());
        Snapshot { files, generation: 1, error: None }
    }

    #[test]
    fn folders_serve_their_index_with_the_reload_script() {
        let reply = respond(&site(), "/en/");
        assert_eq!((reply.status, reply.content_type), (200, "text/html; charset=utf-8"));
        let body = String::from_utf8(reply.body).unwrap();
        assert!(
            body.contains("EventSource(\"/__signpost/events?page=\"+encodeURIComponent(location.pathname))"),
            "{body}"
        );
        assert!(body.ends_with("</script></body></html>"), "{body}");
    }

    #[test]
    fn other_files_are_served_as_they_are_with_their_type() {
        let reply = respond(&site(), "/static/style.css?v=1");
        assert_eq!(
            (reply.status, reply.content_type, reply.body.as_slice()),
            (200, "text/css; charset=utf-8", &b"body{}"[..])
        );
    }

    #[test]
    fn a_folder_without_slash_redirects() {
        assert_eq!(respond(&site(), "/en").location.as_deref(), Some("/en/"));
    }

    #[test]
    fn missing_pages_get_the_404_of_their_language() {
        let reply = respond(&site(), "/en/nothing/");
        assert_eq!(reply.status, 404);
        assert!(String::from_utf8(reply.body).unwrap().contains("Not here"));
        assert!(String::from_utf8(respond(&site(), "/xx/").body).unwrap().contains("Lost"));
    }

    #[test]
    fn addresses_that_try_to_leave_the_site_are_refused() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/en/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/en/..%5c..%5cwin.ini",
            "/%00",
            "/a/./b",
            "//etc/passwd/..",
            "etc/passwd",
            "/%ff%fe",
        ] {
            assert_eq!(respond(&site(), url).status, 400, "{url}");
        }
    }

    #[test]
    fn the_event_stream_learns_which_page_the_tab_shows() {
        assert_eq!(event_stream_page("/__signpost/events"), Some(None));
        assert_eq!(
            event_stream_page("/__signpost/events?page=%2Fen%2Fnl%2F%25C3%25A9%2F"),
            Some(Some("/en/nl/%C3%A9/".to_string())),
            "the page's own percent-encoding survives"
        );
        assert_eq!(event_stream_page("/__signpost/events?x=1&page=%2Fnl%2F"), Some(Some("/nl/".to_string())));
        assert_eq!(event_stream_page("/en/?page=%2Fnl%2F"), None);
        assert_eq!(event_stream_page("/__signpost/eventsx"), None);
    }

    #[test]
    fn a_tab_sees_its_page_and_the_static_files() {
        let before = site();
        let mut after = site();
        after.files.insert("en/404.html".to_string(), b"<html><body>Gone</body></html>".to_vec().into());
        assert_eq!(shown_in_tab(&before, "/en/"), shown_in_tab(&after, "/en/"), "another page changed");
        after.files.insert("static/style.css".to_string(), b"body{color:red}".to_vec().into());
        assert_ne!(shown_in_tab(&before, "/en/"), shown_in_tab(&after, "/en/"), "the stylesheet changed");
        after.files.insert("en/index.html".to_string(), b"<html><body><h1>Start</h1></body></html>".to_vec().into());
        assert_ne!(shown_in_tab(&site(), "/en/"), shown_in_tab(&after, "/en/"), "the page changed");
    }

    #[test]
    fn percent_encoded_letters_are_decoded() {
        assert_eq!(output_path("/da/dk/f%C3%B8rtidspension/").as_deref(), Some("da/dk/førtidspension/index.html"));
    }

    #[test]
    fn a_failed_build_shows_its_errors_over_the_last_good_page() {
        let mut snapshot = site();
        snapshot.error = Some("error: <unknown key> at content/a.en.md:2:1".into());
        let body = String::from_utf8(respond(&snapshot, "/en/").body).unwrap();
        assert!(body.contains("<h1>Home</h1>"));
        assert!(body.contains("id=\"signpost-build-error\""));
        assert!(body.contains("&lt;unknown key&gt; at content/a.en.md:2:1"), "{body}");
    }

    const SERVED_ON: &str = "127.0.0.1:1111";

    #[test]
    fn only_hosts_that_name_this_server_are_answered() {
        let on = |address: &str| address.parse::<SocketAddr>().unwrap();
        for host in ["127.0.0.1", "127.0.0.1:1111", "localhost", "LocalHost:1111", "[::1]", "[::1]:80"] {
            assert!(is_own_host(host, on(SERVED_ON)), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.5",
            "",
            "[::1]x",
            "localhost:x",
            "127.0.0.1:99999",
        ] {
            assert!(!is_own_host(host, on(SERVED_ON)), "{host}");
        }
        assert!(is_own_host("192.168.1.5:8000", on("192.168.1.5:8000")), "the address served on");
        assert!(is_own_host("10.0.0.5", on("0.0.0.0:8000")), "any address when serving on every one");
        assert!(!is_own_host("evil.example", on("0.0.0.0:8000")), "but never a name");
        let refused = refusal("/", &[("Host", "evil.example:1111")], on(SERVED_ON)).map(|r| r.status);
        assert_eq!(refused, Some(403));
        assert_eq!(refusal("/", &[("Accept", "*/*")], on(SERVED_ON)), None, "HTTP/1.0 sends no Host");
    }

    #[test]
    fn oversized_requests_are_refused_before_anything_is_looked_up() {
        let long = format!("/{}", "a".repeat(MAX_URL_BYTES));
        let on = SERVED_ON.parse().unwrap();
        assert_eq!(refusal(&long, &[], on).map(|r| r.status), Some(414));
        let many = vec![("X-A", "b"); MAX_HEADERS + 1];
        assert_eq!(refusal("/", &many, on).map(|r| r.status), Some(431));
        let large = "v".repeat(MAX_HEADER_BYTES);
        assert_eq!(refusal("/", &[("Cookie", &large)], on).map(|r| r.status), Some(431));
        assert_eq!(refusal("/", &[("Content-Length", "5")], on).map(|r| r.status), Some(400));
        assert_eq!(refusal("/", &[("transfer-encoding", "chunked")], on).map(|r| r.status), Some(400));
    }

    #[test]
    fn ordinary_requests_are_not_refused() {
        let browser = [("Host", "127.0.0.1:1111"), ("Accept", "text/html"), ("Content-Length", "0")];
        let on = SERVED_ON.parse().unwrap();
        assert_eq!(refusal("/en/?q=x", &browser, on), None);
        assert_eq!(refusal(&format!("/{}", "a".repeat(MAX_URL_BYTES - 1)), &browser, on), None);
    }
}

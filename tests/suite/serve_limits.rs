//! The dev server refuses requests too large or too broken to answer, with an error
//! status, and keeps serving: sent over a raw `TcpStream`, so nothing is tidied on the way.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::serve::{Server, get, start};
use crate::support::Fixture;

/// Sends `request` as it is and returns the status of the answer (0 when there is none).
/// The server may close the connection before reading all of a refused request; what it
/// wrote before that still counts.
fn status_of(server: &Server, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn oversized_and_malformed_requests_get_an_error_and_the_server_keeps_serving() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let long_url = format!("GET /{} HTTP/1.0\r\nHost: x\r\n\r\n", "a".repeat(100 * 1024));
    let many_headers = format!("GET /nl/ HTTP/1.0\r\n{}\r\n", "X-Filler: 1\r\n".repeat(1000));
    let huge_header = format!("GET /nl/ HTTP/1.0\r\nCookie: {}\r\n\r\n", "c".repeat(100 * 1024));
    let cases: [(&str, &[u8], u16); 6] = [
        ("a 100 KB URL", long_url.as_bytes(), 414),
        ("a thousand headers", many_headers.as_bytes(), 431),
        ("a 100 KB header", huge_header.as_bytes(), 431),
        ("a body on GET", b"GET /nl/ HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello", 400),
        ("a malformed request line", b"NONSENSE\r\n\r\n", 400),
        ("a header without a colon", b"GET /nl/ HTTP/1.0\r\nno colon here\r\n\r\n", 400),
    ];
    for (what, request, expected) in cases {
        assert_eq!(status_of(&server, request), expected, "{what}");
        assert_eq!(get(&server, "GET", "/nl/").0, 200, "the server stopped serving after {what}");
    }
}

/// One client sends request after request on one connection and never reads an answer
/// (its socket buffers fill, and the server's writes to it block): another client is
/// still answered, because each connection is answered on a thread of its own.
#[test]
fn a_client_that_never_reads_its_answers_does_not_hold_up_the_others() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let mut stuck = TcpStream::connect(&server.address).expect("connects");
    // 3,000 answers of the 12 KB script are 36 MB: far more than loopback buffers hold.
    let request = format!("GET /static/search.js HTTP/1.1\r\nHost: {}\r\n\r\n", server.address);
    stuck.write_all(request.repeat(3000).as_bytes()).expect("pipelined requests");
    for _ in 0..3 {
        assert_eq!(get(&server, "GET", "/nl/").0, 200, "another client waited for the stuck one");
    }
    drop(stuck);
}

/// The status of a request with `host` as its `Host` header (over HTTP/1.1, which
/// requires one).
fn status_for_host(server: &Server, path: &str, host: &str) -> u16 {
    status_of(server, format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes())
}

/// DNS rebinding: a page of `evil.example`, whose name is then pointed at 127.0.0.1,
/// would read the drafts. Only requests for localhost and the server's address are
/// answered; the event stream too.
#[test]
fn a_request_for_another_host_name_is_refused_with_403() {
    let site = Fixture::copy("basic");
    let server = start(&site);
    let port = server.address.rsplit(':').next().expect("port").to_string();
    for host in [format!("evil.example:{port}"), "evil.example".into(), format!("localhost.evil.example:{port}")] {
        assert_eq!(status_for_host(&server, "/nl/", &host), 403, "{host}");
        assert_eq!(status_for_host(&server, "/__signpost/events", &host), 403, "{host}: the event stream");
    }
    for host in [server.address.clone(), format!("localhost:{port}"), "127.0.0.1".into()] {
        assert_eq!(status_for_host(&server, "/nl/", &host), 200, "{host}");
    }
    assert_eq!(status_of(&server, b"GET /nl/ HTTP/1.0\r\n\r\n"), 200, "HTTP/1.0 without a Host");
}

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

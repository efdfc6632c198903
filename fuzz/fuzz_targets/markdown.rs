//! Markdown as `resolve` reads it and `render` writes it, on any text: never a panic, and
//! raw HTML or script URLs never reach the output as markup.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let outline = signpost::markdown::outline(body);
    let _ = signpost::markdown::plain_text(body);
    // Every heading but the first becomes a step, to exercise the section cutting too.
    let step_ids: Vec<&str> = outline.headings.iter().skip(1).map(|h| h.id.as_str()).collect();
    let href_for = |destination: &str| Some(format!("/{}/", destination.trim_start_matches("@/")));
    for (_, html) in signpost::markdown::to_html_sections(body, &step_ids, &href_for) {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "raw HTML reached the output: {html}");
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in lower.match_indices(attribute) {
                let value = &lower[at + attribute.len()..];
                let value = value.split('"').next().unwrap_or("");
                let scheme = value.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
                assert!(
                    matches!(scheme, None | Some("http" | "https" | "mailto" | "tel")),
                    "unsafe URL {value} in {html}"
                );
            }
        }
    }
});

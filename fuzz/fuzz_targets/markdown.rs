//! Markdown as `resolve` reads it and `render` writes it, on any text: never a panic, and
//! raw HTML, script URLs or heading attributes other than the id never reach the output
//! as markup.
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
        // A heading opens as `<hN>` or `<hN id="…">`, with nothing else in the tag.
        for level in 1..=6 {
            let open = format!("<h{level}");
            for (at, _) in lower.match_indices(&open) {
                let tag = &lower[at..lower[at..].find('>').map_or(lower.len(), |end| at + end + 1)];
                let attributes = tag[open.len()..].trim_end_matches('>');
                let only_id = attributes.is_empty()
                    || attributes.strip_prefix(" id=\"").is_some_and(|rest| rest.find('"') == Some(rest.len() - 1));
                assert!(only_id, "a heading carries more than its id: {tag} in {html}");
            }
        }
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

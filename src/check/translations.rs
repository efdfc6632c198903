//! Stale translations without git: a translation records a fingerprint of its original's
//! text (`translated_from`); when the original's text changes, the fingerprints differ.
//! Only text counts: a fact changed in the original reaches every translation anyway,
//! and a new review date does not make a translation stale.

use crate::model::FrontMatter;

/// FNV-1a, 64 bits: small, stable across Rust versions and platforms (unlike std's
/// hasher), and plenty to notice that a text changed.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The fingerprint of an original's translatable text: title, summary and the other text
/// keys, step texts, how to contest a decision, and the body (whitespace at the ends
/// ignored).
pub fn fingerprint(front_matter: &FrontMatter, body: &str) -> String {
    let mut parts: Vec<&str> = vec![
        front_matter.title.as_ref().map_or("", |t| t.get_ref().as_str()),
        front_matter.summary.as_deref().unwrap_or(""),
        front_matter.start.as_deref().unwrap_or(""),
        front_matter.recognise.as_deref().unwrap_or(""),
        front_matter.contact.as_deref().unwrap_or(""),
        front_matter.education.as_deref().unwrap_or(""),
    ];
    for step in front_matter.steps.iter().flat_map(|s| s.get_ref()) {
        for text in [&step.title, &step.deadline, &step.rights, &step.duties] {
            parts.push(text.as_deref().unwrap_or(""));
        }
    }
    // Only where present, so pages without a remedy keep the fingerprints they had.
    for remedy in [&front_matter.objection, &front_matter.appeal].into_iter().flatten() {
        parts.extend(remedy.get_ref().how.as_deref());
    }
    parts.push(body.trim());
    format!("{:016x}", fnv1a(&parts))
}

/// `text` (a page file as it is on disk, with any byte-order mark and CRLF line ends)
/// with `translated_from` set to `value`, and nothing else changed, byte for byte: an
/// existing value is replaced where it is written (its comments, spacing and the order of
/// keys stay), else a line is added after the opening `+++`, ending as that line ends.
/// `None` when `text` has no front matter.
pub fn with_translated_from(text: &str, value: &str) -> Option<String> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let opening = lines.next().filter(|line| line.trim_end() == "+++")?;
    let front_start = start + opening.len();
    let mut front_end = front_start;
    for line in lines {
        if line.trim_end() == "+++" {
            let front = &text[front_start..front_end];
            let quoted = toml::Value::String(value.to_string()).to_string();
            return Some(match crate::load::key_span(front, &["translated_from"]) {
                Some((_, written)) => {
                    let (from, to) = (front_start + written.start, front_start + written.end);
                    format!("{}{quoted}{}", &text[..from], &text[to..])
                }
                None => {
                    // A closing line follows, so the opening line has its line end.
                    let line_end = if opening.ends_with("\r\n") { "\r\n" } else { "\n" };
                    format!("{}translated_from = {quoted}{line_end}{}", &text[..front_start], &text[front_start..])
                }
            });
        }
        front_end += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(toml_text: &str) -> FrontMatter {
        toml::from_str(toml_text).expect("valid front matter")
    }

    #[test]
    fn the_fingerprint_changes_with_the_text_only() {
        let a = fingerprint(&front("title = \"A\"\nreviewed = 2026-01-01"), "Body.\n");
        let same_text_new_review = fingerprint(&front("title = \"A\"\nreviewed = 2026-06-01"), "Body.");
        let new_body = fingerprint(&front("title = \"A\"\nreviewed = 2026-01-01"), "Body changed.");
        let new_title = fingerprint(&front("title = \"B\"\nreviewed = 2026-01-01"), "Body.");
        assert_eq!(a, same_text_new_review);
        assert_ne!(a, new_body);
        assert_ne!(a, new_title);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn moving_text_between_fields_changes_the_fingerprint() {
        assert_ne!(
            fingerprint(&front("title = \"AB\""), ""),
            fingerprint(&front("title = \"A\"\nsummary = \"B\""), "")
        );
    }

    #[test]
    fn marking_changes_only_the_value_in_a_file_with_bom_crlf_and_comments() {
        let text = "\u{feff}+++\r\ntitle = \"X\"  # the name\r\ntranslated_from = 'old' # checked by Ana\r\nsummary = \"S\"\r\n+++\r\nBody\r\n";
        let marked = with_translated_from(text, "0123abcd").unwrap();
        assert_eq!(
            marked,
            "\u{feff}+++\r\ntitle = \"X\"  # the name\r\ntranslated_from = \"0123abcd\" # checked by Ana\r\nsummary = \"S\"\r\n+++\r\nBody\r\n"
        );
        let unmarked = "\u{feff}+++\r\ntitle = \"X\"\r\n+++\r\nBody\r\n";
        assert_eq!(
            with_translated_from(unmarked, "0123abcd").unwrap(),
            "\u{feff}+++\r\ntranslated_from = \"0123abcd\"\r\ntitle = \"X\"\r\n+++\r\nBody\r\n"
        );
    }

    #[test]
    fn marking_adds_or_replaces_the_line_and_keeps_the_rest() {
        let text = "+++\ntitle = \"X\"\n+++\nBody\n";
        assert_eq!(
            with_translated_from(text, "abc").unwrap(),
            "+++\ntranslated_from = \"abc\"\ntitle = \"X\"\n+++\nBody\n"
        );
        let marked = "+++\ntitle = \"X\"\ntranslated_from = \"old\"\n+++\nBody\n";
        assert_eq!(
            with_translated_from(marked, "new").unwrap(),
            "+++\ntitle = \"X\"\ntranslated_from = \"new\"\n+++\nBody\n"
        );
        assert!(with_translated_from("no front matter", "x").is_none());
    }
}

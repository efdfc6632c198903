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

/// The front matter of `text` with `translated_from` set to `value`: an existing line is
/// replaced, else one is added after the opening `+++`. `None` when `text` has no front
/// matter.
pub fn with_translated_from(text: &str, value: &str) -> Option<String> {
    let split = crate::load::split(text).ok()?;
    let line = format!("translated_from = \"{value}\"");
    let front = text.get(split.front_matter.clone())?;
    let replaced: Vec<String> = front
        .lines()
        .map(|l| if l.trim_start().starts_with("translated_from") { line.clone() } else { l.to_string() })
        .collect();
    let had_line = front.lines().any(|l| l.trim_start().starts_with("translated_from"));
    let mut new_front = replaced.join("\n");
    if !had_line {
        new_front = format!("{line}\n{new_front}");
    }
    if !new_front.ends_with('\n') {
        new_front.push('\n');
    }
    Some(format!("{}{new_front}{}", &text[..split.front_matter.start], &text[split.front_matter.end..]))
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

//! gettext PO files, through rspolib: one entry per unit, `msgctxt` naming the page and
//! the unit (`nl/procedures/poortwachter body#about/2`), the original's file and line as
//! the reference, and the page, the placeholders and the original's fingerprint in the
//! extracted comments. A unit whose original changed is `fuzzy`, with the earlier
//! source text as `#| msgid`.

use std::sync::Arc;

use rspolib::{FileOptions, POEntry, POFile};

use super::catalog::{Catalog, FINGERPRINT, ReadCatalog, ReadUnit, split_context};
use super::tagged::Tagged;
use crate::diagnostics::{Code, Diagnostic, clipped};
use crate::source::SourceFile;

/// What the header comment says of the file, by which a later export knows it may
/// replace it.
pub(super) const WRITTEN_BY: &str = "written by `signpost translate export`";

/// The PO text of `catalog`; `today` (`2026-11-23 10:00+0000`) is its revision date.
pub fn write(catalog: &Catalog, today: &str) -> String {
    let mut po = POFile::new(FileOptions { path_or_content: String::new(), wrapwidth: 78, byte_content: None });
    po.header = Some(format!(
        "{} — translation into `{}`, {WRITTEN_BY}.\nTranslate each msgstr. Keep every placeholder: {{1}}…{{/1}} around text, {{2/}} alone;\nyou may move them, not drop, repeat or cross them. The comments say what each one is.",
        catalog.project, catalog.language
    ));
    for (key, value) in [
        ("Project-Id-Version", catalog.project.as_str()),
        ("PO-Revision-Date", today),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", catalog.language.as_str()),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", "signpost translate export"),
        ("X-Source-Language", catalog.source_language.as_str()),
    ] {
        po.metadata.insert(key.to_string(), value.to_string());
    }
    for page in &catalog.pages {
        for unit in &page.units {
            let mut entry = POEntry::new(0);
            entry.msgctxt = Some(format!("{} {}", page.page, unit.source.key));
            entry.msgid = unit.source.source.to_po();
            entry.msgstr = Some(unit.translation.as_ref().map(Tagged::to_po).unwrap_or_default());
            let mut comment = vec![format!("{}. {}", capitalised(&unit.source.what), page.note())];
            comment.extend(unit.source.codes.iter().enumerate().map(|(i, code)| code.describe(i + 1)));
            comment.extend(unit.notes.iter().cloned());
            comment.push(format!("{FINGERPRINT}{}", page.fingerprint));
            entry.comment = Some(comment.iter().flat_map(|line| wrapped(line)).collect::<Vec<_>>().join("\n"));
            entry.occurrences = vec![(page.original.clone(), unit.source.line.to_string())];
            if unit.fuzzy {
                entry.flags.push("fuzzy".to_string());
            }
            entry.previous_msgid = unit.previous.as_ref().map(Tagged::to_po);
            po.entries.push(entry);
        }
    }
    po.to_string()
}

/// `line` cut into lines of at most 60 characters, at spaces where it can: rspolib
/// wraps longer comment lines without repeating the `#.` that marks them, which breaks
/// the file.
fn wrapped(line: &str) -> Vec<String> {
    let words = line.split(' ').flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars.chunks(60).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>()
    });
    let mut lines = vec![String::new()];
    for word in words {
        let Some(last) = lines.last_mut() else { break };
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > 60 {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(&word);
        }
    }
    lines
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Reads a PO file written by [`write`] and edited in a translator's tool.
pub fn read(file: Arc<SourceFile>) -> Result<ReadCatalog, Diagnostic> {
    let mut content = file.text.clone();
    // rspolib takes a text without a line break for a path to read: a PO file always has one.
    content.push('\n');
    let po = rspolib::pofile(FileOptions { path_or_content: content, wrapwidth: 78, byte_content: None }).map_err(
        |error| {
            let at = offset_of_line(&line_starts(&file.text), &file.text, syntax_error_line(&error));
            // rspolib's message quotes the line, which may be a whole catalog long.
            let error = error.to_string();
            Diagnostic::new(
                Code::TranslationFileInvalid,
                format!("not a PO file that can be read: {}", clipped(&error, 120)),
            )
            .at_span(&file, at..at)
            .help("open it in a PO editor (Poedit, Weblate) and save it again, or export it again")
        },
    )?;
    let language_at = file.text.find("\"Language:").unwrap_or(0);
    let starts = line_starts(&file.text);
    let mut units = Vec::new();
    for entry in &po.entries {
        let entry_start = offset_of_line(&starts, &file.text, entry.linenum);
        let at = msgstr_offset(&file.text, entry_start);
        let Some((page, key)) = entry.msgctxt.as_deref().and_then(split_context) else {
            return Err(Diagnostic::new(
                Code::TranslationFileInvalid,
                format!(
                    "the entry for “{}” does not say which page it belongs to (no msgctxt)",
                    clipped(&entry.msgid, 40)
                ),
            )
            .at_span(&file, entry_start..entry_start)
            .help("every entry keeps the msgctxt the export wrote; export the file again if it was removed"));
        };
        let comment = entry.comment.as_deref().unwrap_or("");
        let fingerprint =
            comment.lines().find_map(|line| line.trim().strip_prefix(FINGERPRINT)).map(|f| f.trim().to_string());
        let translation = entry.msgstr.as_deref().filter(|t| !t.trim().is_empty()).map(Tagged::from_po);
        units.push(ReadUnit {
            page: page.to_string(),
            key: key.to_string(),
            source: Tagged::from_po(&entry.msgid),
            translation,
            fuzzy: entry.flags.iter().any(|f| f == "fuzzy"),
            reviewed: entry.flags.iter().any(|f| f == "reviewed"),
            fingerprint,
            at,
        });
    }
    Ok(ReadCatalog {
        source_language: po.metadata.get("X-Source-Language").map(|l| l.trim().to_string()),
        language: po.metadata.get("Language").map(|l| l.trim().to_string()),
        language_at,
        units,
        file,
    })
}

fn syntax_error_line(error: &rspolib::errors::SyntaxError) -> usize {
    use rspolib::errors::SyntaxError;
    match error {
        SyntaxError::UnescapedDoubleQuoteFound { line, .. } | SyntaxError::Custom { line, .. } => *line,
        _ => 1,
    }
}

/// The byte offset where each line of `text` starts: an entry's line number becomes its
/// offset without counting the lines from the top again (a catalog of every page has
/// 5,600 entries; counting took most of an import's time).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1)).collect()
}

/// The byte offset where 1-based `line` starts (`starts` from [`line_starts`]), or the
/// end of the text for a line past its last.
fn offset_of_line(starts: &[usize], text: &str, line: usize) -> usize {
    starts.get(line.max(1) - 1).copied().unwrap_or(text.len())
}

/// The offset of the `msgstr` line of the entry starting at `from`.
fn msgstr_offset(text: &str, from: usize) -> usize {
    let mut offset = from;
    for line in text.get(from..).unwrap_or("").split_inclusive('\n') {
        if line.starts_with("msgstr") {
            return offset;
        }
        offset += line.len();
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        let text = "a\nb\nmsgstr \"\"\n";
        let starts = line_starts(text);
        assert_eq!(offset_of_line(&starts, text, 0), 0);
        assert_eq!(offset_of_line(&starts, text, 1), 0);
        assert_eq!(offset_of_line(&starts, text, 3), 4);
        assert_eq!(offset_of_line(&starts, text, 4), text.len());
        assert_eq!(offset_of_line(&starts, text, 9), text.len());
        assert_eq!(offset_of_line(&line_starts("a\nb"), "a\nb", 3), 3);
        assert_eq!(msgstr_offset(text, 2), 4);
    }

    #[test]
    fn a_broken_string_of_a_megabyte_is_reported_at_its_line_without_quoting_it_whole() {
        let text = format!("msgid \"\"\nmsgstr \"\"\n\nmsgid \"{}\n", "x".repeat(1_000_000));
        let file = SourceFile::new(std::path::PathBuf::from("nl.po"), text);
        let Err(problem) = read(file) else { panic!("an unterminated string is not a PO file") };
        assert!(problem.message.starts_with("not a PO file that can be read"), "{}", problem.message);
        assert!(problem.message.chars().count() < 200, "{} characters", problem.message.chars().count());
        let location = problem.location.expect("the place");
        assert_eq!(location.file.line_col(location.span.start).0, 4);
    }
}

//! Placeholders: what an editor still has to fill in. `signpost init` and `signpost new`
//! write [`PLACEHOLDER`] where they cannot know the words or the facts (a title, who
//! receives a letter, a translation, UI strings copied from English); every line that
//! holds it, in a page, in `site.toml` or in the site's own UI strings (`i18n/`), is a
//! warning with its place, so `check --strict` fails until each one is done. Reads only.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::load::{MAX_SETTINGS_BYTES, read_regular_file};
use crate::model::Site;
use crate::source::SourceFile;

/// The marker of a placeholder, in a text (`title = "TODO: the page title"`), in a
/// comment after a value that only stands in for the real one (`week = 0  # TODO: …`), or
/// at the start of a body paragraph.
pub const PLACEHOLDER: &str = "TODO:";

/// Each placeholder of the site's pages, its `site.toml` and its `i18n/` files.
pub fn check_placeholders(site: &Site, content: &Path, diagnostics: &mut Diagnostics) {
    for translation in site.pages.iter().flat_map(|page| page.translations.values()) {
        placeholders_in(&translation.file, diagnostics);
    }
    let site_root = crate::load::site_root(content);
    let mut files = vec![content.join("site.toml")];
    if let Ok(entries) = std::fs::read_dir(site_root.join("i18n")) {
        let mut found: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    // The build read these files already, as the same kind of regular file; one that
    // cannot be read again now has nothing to report here.
    for path in files {
        let Ok(bytes) = read_regular_file(&path, &site_root, MAX_SETTINGS_BYTES) else { continue };
        if let Ok(text) = String::from_utf8(bytes) {
            placeholders_in(&SourceFile::new(path, text), diagnostics);
        }
    }
}

/// A warning at each line of `file` that holds a placeholder.
pub fn placeholders_in(file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) {
    let mut line_start = 0;
    for line in file.text.split_inclusive('\n') {
        if let Some(at) = line.find(PLACEHOLDER) {
            let start = line_start + at;
            // The rest of the line, without the quote that closes a text.
            let what: String = line[at..].trim_end().trim_end_matches(['"', '\'']).chars().take(90).collect();
            diagnostics.push(
                Diagnostic::new(Code::Placeholder, format!("still to fill in: {what}"))
                    .at_span(file, start..start + PLACEHOLDER.len())
                    .label("placeholder")
                    .help(format!(
                        "write the real text or value here and delete `{PLACEHOLDER}` (for a translation: translate the words after it)"
                    )),
            );
        }
        line_start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_with_the_marker_is_reported_at_its_line_and_column() {
        let file = SourceFile::new(
            "x.en.md".into(),
            "+++\ntitle = \"TODO: the page title\"\nweek = 0  # TODO: when\nsummary = \"Done\"\n+++\nTODO: the text\n"
                .into(),
        );
        let mut diagnostics = Diagnostics::new();
        placeholders_in(&file, &mut diagnostics);
        let places: Vec<(usize, usize)> =
            diagnostics.iter().map(|d| d.location.as_ref().map_or((0, 0), |l| l.line_col())).collect();
        assert_eq!(places, [(2, 10), (3, 13), (6, 1)]);
        assert!(diagnostics.iter().all(|d| d.code == Code::Placeholder));
        assert_eq!(
            diagnostics.iter().next().map(|d| d.message.as_str()),
            Some("still to fill in: TODO: the page title")
        );
    }

    #[test]
    fn a_file_without_the_marker_has_no_placeholder() {
        let file = SourceFile::new("x.en.md".into(), "+++\ntitle = \"To do: nothing\"\n+++\ntodo list\n".into());
        let mut diagnostics = Diagnostics::new();
        placeholders_in(&file, &mut diagnostics);
        assert!(diagnostics.is_empty());
    }
}

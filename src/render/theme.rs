//! The theme: tera templates, UI strings per language and static files. Read from
//! `themes/<name>/` beside the content directory when it exists, else from the default
//! theme built into the binary, so `signpost build` works on any content folder. A site
//! overrides single templates in `templates/` and UI strings in `i18n/` beside its
//! content directory.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{MAX_SETTINGS_BYTES, MAX_STATIC_BYTES, read_regular_file, visible_entries};
use crate::source::SourceFile;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// UI strings of one language: `key = "text"` or `key = ["list", "of", "text"]`.
pub type UiStrings = BTreeMap<String, toml::Value>;

pub struct Theme {
    pub templates: tera::Tera,
    /// Template name → its source, to point template errors at a file and line.
    pub template_sources: BTreeMap<String, Arc<SourceFile>>,
    pub strings: BTreeMap<String, UiStrings>,
    /// Path below the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Whether `other` renders every page as this theme does: the same templates and UI
    /// strings, whatever its static files are.
    pub fn renders_like(&self, other: &Theme) -> bool {
        fn texts(theme: &Theme) -> impl Iterator<Item = (&String, &String)> {
            theme.template_sources.iter().map(|(name, file)| (name, &file.text))
        }
        self.strings == other.strings && texts(self).eq(texts(other))
    }
}

/// Where the theme's files come from: a folder on disk or the copy built into the binary.
enum ThemeSource {
    Disk(PathBuf),
    Builtin,
}

/// One theme file: its path inside the theme (`templates/base.html`), its display path,
/// its bytes.
struct ThemeFile {
    inner: String,
    shown: PathBuf,
    bytes: Vec<u8>,
}

impl ThemeSource {
    fn files(&self, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
        match self {
            ThemeSource::Disk(root) => files_on_disk(root, "", diagnostics),
            ThemeSource::Builtin => {
                let mut files = Vec::new();
                collect_builtin(&DEFAULT_THEME, &mut files);
                files
            }
        }
    }
}

fn collect_builtin(dir: &Dir<'static>, files: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let inner = file.path().to_string_lossy().replace('\\', "/");
        files.push(ThemeFile {
            shown: PathBuf::from(format!("(built-in theme)/{inner}")),
            inner,
            bytes: file.contents().to_vec(),
        });
    }
    for sub in dir.dirs() {
        collect_builtin(sub, files);
    }
}

/// The files below `root`, each named `prefix/` and its path inside `root`. Only regular
/// files are read (links only when they stay inside `root`), up to a size limit: anything
/// else is an error naming the file. Hidden files and folders are left out.
fn files_on_disk(root: &Path, prefix: &str, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    for entry in visible_entries(root) {
        let entry = match entry {
            Ok(entry) => entry,
            // A theme folder that does not exist is no theme folder.
            Err(error) if error.depth() == 0 && error.io_error().is_some_and(|e| e.kind() == ErrorKind::NotFound) => {
                continue;
            }
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                let source = error.into_io_error().unwrap_or_else(|| std::io::Error::other("a loop of links"));
                diagnostics.push(crate::load::FileProblem::Unreadable { path, source }.diagnostic("theme file"));
                continue;
            }
        };
        // Folders, and links to folders (which are not walked into).
        if entry.path().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let inside = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let inner = if prefix.is_empty() { inside } else { format!("{prefix}/{inside}") };
        let limit = if inner.starts_with("static/") { MAX_STATIC_BYTES } else { MAX_SETTINGS_BYTES };
        match read_regular_file(entry.path(), root, limit) {
            Ok(bytes) => files.push(ThemeFile { inner, shown: entry.path().to_path_buf(), bytes }),
            Err(problem) => diagnostics.push(problem.diagnostic("theme file")),
        }
    }
    files
}

/// The site's own folders beside its content: templates, UI strings and static files,
/// each winning over the theme's folder of the same name.
const SITE_FOLDERS: [&str; 3] = ["templates", "i18n", "static"];

/// The folders beside the content folder that the theme is read from: the themes, and
/// the site's own [`SITE_FOLDERS`]. Whether they exist or not.
pub fn theme_folders(content_dir: &Path) -> Vec<PathBuf> {
    let site_root = content_dir.parent().unwrap_or(Path::new("."));
    std::iter::once("themes").chain(SITE_FOLDERS).map(|name| site_root.join(name)).collect()
}

/// Loads the theme for a site whose content is in `content_dir`, with the site's own
/// overrides, and checks that every language has every UI string.
pub fn load_theme(
    content_dir: &Path,
    theme_name: &str,
    languages: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<Theme> {
    let site_root = content_dir.parent().unwrap_or(Path::new("."));
    let on_disk = site_root.join("themes").join(theme_name);
    let source = if on_disk.is_dir() {
        ThemeSource::Disk(on_disk)
    } else if theme_name == "default" {
        ThemeSource::Builtin
    } else {
        diagnostics.push(
            Diagnostic::error(
                "signpost::unknown_theme",
                format!("there is no theme `{theme_name}` in {}", on_disk.display()),
            )
            .help("set `theme = \"default\"` in site.toml, or create the theme folder"),
        );
        return None;
    };
    let mut files = source.files(diagnostics);
    // The site's own templates and strings win over the theme's.
    for folder in SITE_FOLDERS {
        for file in files_on_disk(&site_root.join(folder), folder, diagnostics) {
            files.retain(|existing| existing.inner != file.inner);
            files.push(file);
        }
    }

    let mut template_sources = BTreeMap::new();
    let mut strings = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut string_files: BTreeMap<String, Arc<SourceFile>> = BTreeMap::new();
    for file in files {
        if let Some(name) = file.inner.strip_prefix("templates/") {
            match String::from_utf8(file.bytes) {
                Ok(text) => {
                    template_sources.insert(name.to_string(), SourceFile::new(file.shown, text));
                }
                Err(_) => diagnostics.push(not_utf8(&file.shown)),
            }
        } else if let Some(name) = file.inner.strip_prefix("i18n/") {
            let Some(lang) = name.strip_suffix(".toml") else {
                continue;
            };
            match String::from_utf8(file.bytes) {
                Ok(text) => {
                    let source = SourceFile::new(file.shown, text);
                    match toml::from_str::<UiStrings>(&source.text) {
                        Ok(table) => {
                            strings.insert(lang.to_string(), table);
                            string_files.insert(lang.to_string(), source);
                        }
                        Err(error) => {
                            diagnostics.push(crate::load::toml_diagnostic(&source, 0, &error, "the UI strings"))
                        }
                    }
                }
                Err(_) => diagnostics.push(not_utf8(&file.shown)),
            }
        } else if let Some(name) = file.inner.strip_prefix("static/") {
            static_files.insert(format!("static/{name}"), file.bytes);
        }
    }
    check_strings(&strings, &string_files, languages, diagnostics);
    let templates = compile_templates(&template_sources, diagnostics)?;
    Some(Theme { templates, template_sources, strings, static_files })
}

fn not_utf8(path: &Path) -> Diagnostic {
    Diagnostic::error("signpost::not_utf8", format!("{} is not valid UTF-8", path.display()))
        .help("save the file as UTF-8")
}

/// Every configured language needs every UI string that any of the theme's languages
/// has: a missing one would show a blank where a citizen expects a word.
fn check_strings(
    strings: &BTreeMap<String, UiStrings>,
    files: &BTreeMap<String, Arc<SourceFile>>,
    languages: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let all_keys: std::collections::BTreeSet<&String> = strings.values().flat_map(|table| table.keys()).collect();
    for lang in languages {
        let Some(table) = strings.get(*lang) else {
            diagnostics.push(
                Diagnostic::error("signpost::missing_ui_strings", format!("the theme has no UI strings for `{lang}`"))
                    .help(format!("add i18n/{lang}.toml beside your content folder, with the keys of the theme's i18n/en.toml translated")),
            );
            continue;
        };
        let missing: Vec<&str> =
            all_keys.iter().filter(|k| !table.contains_key(k.as_str())).map(|k| k.as_str()).collect();
        if !missing.is_empty() {
            let mut d = Diagnostic::error(
                "signpost::missing_ui_strings",
                format!("the UI strings for `{lang}` lack {}: {}", missing.len(), missing.join(", ")),
            )
            .help("add the missing keys, translated, to this file");
            if let Some(file) = files.get(*lang) {
                d = d.at(Location::file_start(file));
            }
            diagnostics.push(d);
        }
    }
}

fn compile_templates(sources: &BTreeMap<String, Arc<SourceFile>>, diagnostics: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let raw: Vec<(&str, &str)> = sources.iter().map(|(name, file)| (name.as_str(), file.text.as_str())).collect();
    match tera.add_raw_templates(raw) {
        Ok(()) => Some(tera),
        Err(error) => {
            diagnostics.push(template_diagnostic(&error, sources));
            None
        }
    }
}

/// A tera error as a diagnostic pointing at the template file and line. Errors between
/// templates (an `include` or `extends` cycle, a missing parent) point at the tag that
/// names the other template, with each further step of a cycle as a related place.
pub fn template_diagnostic(error: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    let mut diagnostic = Diagnostic::error("signpost::template", format!("template error: {message}"))
        .help("fix the template; the error is at the marked place");
    let (tag, chain) = match error.kind() {
        tera::ErrorKind::CircularInclude { include_chain, .. } => ("include", include_chain.clone()),
        tera::ErrorKind::CircularExtend { inheritance_chain, tpl } => {
            // The chain lists the parents found from `tpl` on, ending in one seen before.
            ("extends", std::iter::once(tpl).chain(inheritance_chain).cloned().collect())
        }
        tera::ErrorKind::MissingParent { current, parent } => ("extends", vec![current.clone(), parent.clone()]),
        _ => ("", Vec::new()),
    };
    let mut steps = chain.windows(2).filter_map(|pair| match pair {
        [from, to] => {
            sources.get(from).and_then(|file| tag_naming(file, tag, to).map(|span| Location::new(file, span)))
        }
        _ => None,
    });
    if let Some(report) = report
        && let Some(file) = sources.get(report.filename())
    {
        diagnostic = diagnostic.at_span(file, report.span().range.clone());
    } else if let Some(first) = steps.next() {
        diagnostic = diagnostic.at(first);
        for step in steps {
            diagnostic = diagnostic.related(step, format!("the chain goes on here ({tag})"));
        }
    } else if let Some(source) = std::error::Error::source(error) {
        diagnostic.message = format!("{}: {source}", diagnostic.message);
    }
    diagnostic
}

/// Where `file` writes `{% <tag> "<name>" %}` (or with single quotes): the span of the tag
/// word and the name.
fn tag_naming(file: &SourceFile, tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let text = &file.text;
    text.match_indices(tag).find_map(|(at, _)| {
        let rest = &text[at + tag.len()..];
        let quoted = rest.trim_start();
        let quote = quoted.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let named = quoted[1..].strip_prefix(name)?.starts_with(quote);
        let end = at + tag.len() + (rest.len() - quoted.len()) + name.len() + 2;
        named.then_some(at..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys the views make from facts (`letter_kind_decision`,
    /// `appeal_counted_from_receipt`, …) are not in any template, so the check that
    /// every language has every key the default language has cannot see one missing in
    /// all of them: it would show as the raw key on a page.
    #[test]
    fn the_default_strings_name_every_value_a_fact_can_take() {
        use crate::resolve::{COUNTED_FROM, LETTER_KINDS, MILESTONES, ORGANISATION_KINDS};
        let file = DEFAULT_THEME.get_file("i18n/en.toml").expect("English strings");
        let strings: toml::Table = toml::from_str(file.contents_utf8().expect("UTF-8")).expect("valid TOML");
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(LETTER_KINDS.iter().map(|kind| format!("letter_kind_{kind}")));
        wanted.extend(
            COUNTED_FROM
                .iter()
                .flat_map(|from| [format!("counted_from_{from}"), format!("appeal_counted_from_{from}")]),
        );
        wanted.extend(
            ["days", "weeks", "months"]
                .iter()
                .flat_map(|unit| [format!("within_{unit}"), format!("within_{unit}_one")]),
        );
        wanted.extend(MILESTONES.iter().map(|milestone| format!("milestone_{milestone}")));
        wanted.extend(ORGANISATION_KINDS.iter().map(|kind| format!("organisation_kind_{kind}")));
        wanted.extend(["sector_public", "sector_private", "fact_yes", "fact_no", "fact_unknown"].map(String::from));
        let missing: Vec<&String> = wanted.iter().filter(|key| !strings.contains_key(key.as_str())).collect();
        assert!(missing.is_empty(), "themes/default/i18n/en.toml lacks {missing:?}");
    }
}

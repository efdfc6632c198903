//! The theme: tera templates, UI strings per language and static files. Read from
//! `themes/<name>/` beside the content directory when it exists, else from the default
//! theme built into the binary, so `signpost build` works on any content folder. A site
//! overrides single templates in `templates/` and UI strings in `i18n/` beside its
//! content directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
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
    fn files(&self) -> Vec<ThemeFile> {
        match self {
            ThemeSource::Disk(root) => files_on_disk(root, root),
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

fn files_on_disk(root: &Path, dir: &Path) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let inner = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push(ThemeFile { inner, shown: entry.path().to_path_buf(), bytes });
        }
    }
    files
}

/// The UI strings the built-in default theme has for `lang` (`i18n/<lang>.toml`), as
/// written: `signpost init` copies the English ones for a language it has none for.
pub fn builtin_ui_strings(lang: &str) -> Option<&'static str> {
    DEFAULT_THEME.get_file(format!("i18n/{lang}.toml")).and_then(|file| file.contents_utf8())
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
            Diagnostic::new(Code::UnknownTheme, format!("there is no theme `{theme_name}` in {}", on_disk.display()))
                .help("set `theme = \"default\"` in site.toml, or create the theme folder"),
        );
        return None;
    };
    let mut files = source.files();
    // The site's own templates and strings win over the theme's.
    for folder in SITE_FOLDERS {
        for mut file in files_on_disk(&site_root.join(folder), &site_root.join(folder)) {
            file.inner = format!("{folder}/{}", file.inner);
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
    Diagnostic::new(Code::NotUtf8, format!("{} is not valid UTF-8", path.display())).help("save the file as UTF-8")
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
                Diagnostic::new(Code::MissingUiStrings, format!("the theme has no UI strings for `{lang}`"))
                    .help(format!("add i18n/{lang}.toml beside your content folder, with the keys of the theme's i18n/en.toml translated")),
            );
            continue;
        };
        let missing: Vec<&str> =
            all_keys.iter().filter(|k| !table.contains_key(k.as_str())).map(|k| k.as_str()).collect();
        if !missing.is_empty() {
            let mut d = Diagnostic::new(
                Code::MissingUiStrings,
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

/// A tera error as a diagnostic pointing at the template file and line.
pub fn template_diagnostic(error: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    let mut diagnostic = Diagnostic::new(Code::Template, format!("template error: {message}"))
        .help("fix the template; the error is at the marked place");
    if let Some(report) = report
        && let Some(file) = sources.get(report.filename())
    {
        diagnostic = diagnostic.at_span(file, report.span().range.clone());
    } else if let Some(source) = std::error::Error::source(error) {
        diagnostic.message = format!("{}: {source}", diagnostic.message);
    }
    diagnostic
}

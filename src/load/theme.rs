//! The theme's files: templates, UI strings per language and static files, read from
//! `themes/<name>/` beside the content directory when it exists, else from the default
//! theme built into the binary, so `signpost build` works on any content folder. A site
//! overrides single templates in `templates/`, UI strings in `i18n/` and static files in
//! `static/` beside its content directory. Render compiles and checks what is read here.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use super::file::link_target_inside;
use super::{FileProblem, MAX_SETTINGS_BYTES, MAX_STATIC_BYTES, read_regular_file, visible_entries};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::SourceFile;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// UI strings of one language: `key = "text"` or `key = ["list", "of", "text"]`.
pub type UiStrings = BTreeMap<String, toml::Value>;

/// A theme as read: its templates' sources, its UI strings per language (with the file
/// each came from, to point at it) and its static files.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// Template name → its source.
    pub templates: BTreeMap<String, Arc<SourceFile>>,
    pub strings: BTreeMap<String, (UiStrings, Arc<SourceFile>)>,
    /// Path below the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
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
                diagnostics.push(FileProblem::Unreadable { path, source }.diagnostic("theme file"));
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

/// The UI strings the built-in default theme has for `lang` (`i18n/<lang>.toml`), as
/// written: `signpost init` copies the English ones for a language it has none for.
pub fn builtin_ui_strings(lang: &str) -> Option<&'static str> {
    DEFAULT_THEME.get_file(format!("i18n/{lang}.toml")).and_then(|file| file.contents_utf8())
}

/// The template `name` of the built-in default theme, as written.
pub fn builtin_template(name: &str) -> Option<&'static str> {
    DEFAULT_THEME.get_file(format!("templates/{name}")).and_then(|file| file.contents_utf8())
}

/// The site's own folders beside its content: templates, UI strings and static files,
/// each winning over the theme's folder of the same name.
const SITE_FOLDERS: [&str; 3] = ["templates", "i18n", "static"];

/// The folder holding the content folder, where the theme folders are: the current
/// folder for a bare `content`, the one above for `--content .` (whose parent by text
/// is the content folder itself, which made `serve` miss saves at its top level).
pub fn site_root(content_dir: &Path) -> PathBuf {
    let components: Vec<Component> = content_dir.components().collect();
    match components.as_slice() {
        [Component::CurDir] => PathBuf::from(".."),
        [.., Component::CurDir | Component::ParentDir] => content_dir.join(".."),
        _ => {
            content_dir.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
        }
    }
}

/// The folders beside the content folder that the theme is read from: the themes, and
/// the site's own [`SITE_FOLDERS`]. Whether they exist or not.
pub fn theme_folders(content_dir: &Path) -> Vec<PathBuf> {
    let site_root = site_root(content_dir);
    std::iter::once("themes").chain(SITE_FOLDERS).map(|name| site_root.join(name)).collect()
}

/// Refuses a theme folder that is a symbolic link (or lies in a linked `themes/`) leading
/// out of `site_root`, the folder holding `content/`, as a linked theme file is refused:
/// a `templates` link to `/usr/share` would otherwise make every file there a template,
/// and `serve` would watch them all. A folder that does not exist is no problem, a link
/// that leads nowhere is.
pub fn theme_folder_inside_site(folder: &Path, site_root: &Path) -> Result<(), FileProblem> {
    if folder.symlink_metadata().is_err() {
        return Ok(());
    }
    link_target_inside(folder, site_root).map(drop)
}

/// Reads the theme `theme_name` for a site whose content is in `content_dir`, with the
/// site's own overrides. `None` when the theme does not exist.
pub fn load_theme(content_dir: &Path, theme_name: &str, diagnostics: &mut Diagnostics) -> Option<ThemeFiles> {
    let site_root = site_root(content_dir);
    let on_disk = site_root.join("themes").join(theme_name);
    // Every folder leading out of the site is named, the theme's and the site's own.
    let mut inside_site = |folder: &Path| {
        let checked = theme_folder_inside_site(folder, &site_root);
        checked.map_err(|problem| diagnostics.push(problem.diagnostic("theme folder"))).is_ok()
    };
    let site_folders: Vec<&str> =
        SITE_FOLDERS.into_iter().filter(|folder| inside_site(&site_root.join(folder))).collect();
    let source = if on_disk.is_dir() {
        if !inside_site(&on_disk) {
            return None;
        }
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
    let mut files = source.files(diagnostics);
    // The site's own templates and strings win over the theme's.
    for folder in site_folders {
        for file in files_on_disk(&site_root.join(folder), folder, diagnostics) {
            files.retain(|existing| existing.inner != file.inner);
            files.push(file);
        }
    }
    let mut theme = ThemeFiles::default();
    for file in files {
        if let Some(name) = file.inner.strip_prefix("templates/") {
            match String::from_utf8(file.bytes) {
                Ok(text) => {
                    theme.templates.insert(name.to_string(), SourceFile::new(file.shown, text));
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
                            theme.strings.insert(lang.to_string(), (table, source));
                        }
                        Err(error) => diagnostics.push(super::toml_diagnostic(&source, 0, &error, "the UI strings")),
                    }
                }
                Err(_) => diagnostics.push(not_utf8(&file.shown)),
            }
        } else if let Some(name) = file.inner.strip_prefix("static/") {
            theme.static_files.insert(format!("static/{name}"), file.bytes);
        }
    }
    Some(theme)
}

fn not_utf8(path: &Path) -> Diagnostic {
    Diagnostic::new(Code::NotUtf8, format!("{} is not valid UTF-8", path.display())).help("save the file as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_root_is_the_folder_holding_the_content_folder_however_it_is_named() {
        for (content, root) in [
            ("content", "."),
            ("./content", "."),
            ("site/content", "site"),
            ("/srv/site/content", "/srv/site"),
            (".", ".."),
            ("./", ".."),
            ("..", "../.."),
            ("site/content/..", "site/content/../.."),
        ] {
            assert_eq!(site_root(Path::new(content)), Path::new(root), "{content}");
        }
    }
}

//! Test support: copy a fixture site to a temporary folder, build it with the library,
//! and read the result as parsed HTML.

use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use signpost::diagnostics::{Code, Diagnostic};
use signpost::{BuildFailure, BuildOptions, BuildReport};

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

impl Fixture {
    /// A copy of `tests/fixtures/<name>` in a fresh temporary folder.
    pub fn copy(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(&fixtures().join(name), &root);
        Self { _dir: dir, root }
    }

    /// A temporary folder with nothing in it yet, for a site a test makes itself
    /// (`signpost init`); `root` does not exist until then.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        Self { _dir: dir, root }
    }

    /// A copy of any folder (the shipped `content/`) in a fresh temporary folder, as `root`.
    pub fn copy_dir(from: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(from, &root);
        Self { _dir: dir, root }
    }

    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Saves `text` at `relative` whole, as an editor's safe save does: written beside the
    /// site, then renamed into place. Written in place, a watcher could read the file
    /// emptied and not yet written when the machine is busy, and a `serve` test would see
    /// an extra rebuild that fails.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create dir");
        let saving = self.root.with_file_name(".saving");
        std::fs::write(&saving, text).expect("write file");
        std::fs::rename(&saving, path).expect("move the file into place");
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            content: self.content(),
            output: self.output(),
            base_url: None,
            relative_urls: false,
            minify: false,
            search: true,
            today: Some(jiff::civil::date(2026, 11, 23)),
        }
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        signpost::build(&self.options())
    }

    /// Builds and panics with the rendered diagnostics if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(failure) => panic!("build failed:\n{}", failure.diagnostics().to_human(false)),
        }
    }

    /// Builds, expects failure, returns the error diagnostics.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(failure) => failure.diagnostics().iter().filter(|d| d.is_error()).cloned().collect(),
        }
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.output().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.read(relative))
    }

    /// Every file of the output with its bytes, for comparing two outputs.
    pub fn output_snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(&self.output())
    }
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    files
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`, found {}", found.len());
    found[0]
}

pub fn text(element: ElementRef) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn attr(element: ElementRef, name: &str) -> String {
    element.value().attr(name).unwrap_or_else(|| panic!("no attribute {name}")).to_string()
}

/// The code, file name and line of a diagnostic.
pub fn place(diagnostic: &Diagnostic) -> (Code, String, usize) {
    let location = diagnostic.location.as_ref().unwrap_or_else(|| panic!("{} has no location", diagnostic.message));
    let file = location.file.path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    (diagnostic.code, file, location.line_col().0)
}

/// The data of a search index file, whose text is `SignpostSearch.loaded("<name>",<json>);`.
/// Panics unless the file is exactly that one call with JSON arguments, so no text in the
/// data can end the call and run as script.
pub fn search_data(bytes: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(bytes);
    let Some(arguments) = text.strip_prefix("SignpostSearch.loaded(").and_then(|t| t.strip_suffix(");\n")) else {
        panic!("not a search index file: {text}")
    };
    let call: serde_json::Value =
        serde_json::from_str(&format!("[{arguments}]")).expect("the call's arguments are JSON");
    assert!(call[0].is_string(), "the first argument names the file");
    call[1].clone()
}

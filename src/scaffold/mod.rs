//! scaffold: the files an editor starts from. [`init`] writes a small working site into a
//! new or empty folder; [`new_page`] writes one page, or a translation of one, into a
//! site. Both write every page through the key registry ([`page`]), check what they are
//! given against the site before writing anything, mark what they cannot know with the
//! placeholder `check` reports ([`crate::check::PLACEHOLDER`]), never write over a file,
//! and take back what they wrote when writing fails half-way.

mod init;
mod new;
mod page;
mod starter;

pub use init::{InitOptions, init};
pub use new::{NewOptions, new_page};

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::PLACEHOLDER;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// What a command wrote.
#[derive(Debug)]
pub struct Written {
    /// Every file, in the order written.
    pub files: Vec<PathBuf>,
    /// How many placeholders they hold, for the editor to fill in.
    pub placeholders: usize,
    /// What the editor should know about what was written (a language whose UI strings
    /// are still English).
    pub notes: Vec<String>,
}

/// `text` marked as a placeholder: the words to replace (or translate) follow the marker.
/// A text marked already stays as it is.
fn placeholder(text: &str) -> String {
    if text.starts_with(PLACEHOLDER) { text.to_string() } else { format!("{PLACEHOLDER} {text}") }
}

/// How many placeholders `text` holds: one per line, as `check` counts them.
fn placeholders_in(text: &str) -> usize {
    text.lines().filter(|line| line.contains(PLACEHOLDER)).count()
}

/// A body in another language, to translate: the text as it is, headings and their
/// `{#id}` kept (links and step sections depend on them), under one placeholder.
fn body_to_translate(body: &str, language: &str) -> String {
    let line = placeholder(&format!(
        "translate the text below into {language}, keeping each heading's {{#id}}; then delete this line."
    ));
    format!("{line}\n\n{}", body.trim_start_matches('\n'))
}

/// Files and folders written so far, so that a failure can take them back: a command
/// either writes everything it set out to, or nothing.
#[derive(Default)]
struct Creation {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Creation {
    /// Writes `text` into a new file at `path`, making the folders it needs. Never
    /// replaces a file: an existing one (or a link in its place) is an error.
    fn file(&mut self, path: &Path, text: &str) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty() && dir.symlink_metadata().is_err()) {
            missing.push(dir.to_path_buf());
            folder = dir.parent();
        }
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(&dir)?;
            self.folders.push(dir);
        }
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        self.files.push(path.to_path_buf());
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }

    /// Makes `folder` (and its parents) when it does not exist yet.
    fn folder(&mut self, folder: &Path) -> std::io::Result<()> {
        if folder.symlink_metadata().is_ok() {
            return Ok(());
        }
        if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.folder(parent)?;
        }
        std::fs::create_dir(folder)?;
        self.folders.push(folder.to_path_buf());
        Ok(())
    }

    /// Removes what was written, newest first. Best effort: this runs after a failure,
    /// and a file that cannot be removed is no reason to hide the first error.
    fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }

    /// Writes every file below `root`, or none: on the first failure, what was written is
    /// removed again and the failure returned.
    fn all(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Diagnostics> {
        let mut creation = Creation::default();
        let mut result = creation.folder(root).map_err(|error| (root.to_path_buf(), error));
        for (relative, text) in files {
            if result.is_err() {
                break;
            }
            let path = root.join(relative);
            result = creation.file(&path, text).map_err(|error| (path, error));
        }
        match result {
            Ok(()) => Ok(creation.files),
            Err((path, error)) => {
                creation.undo();
                let diagnostic = if error.kind() == std::io::ErrorKind::AlreadyExists {
                    Diagnostic::new(Code::PageExists, format!("{} exists already", path.display()))
                        .help("nothing was written: Signpost never writes over a file")
                } else {
                    Diagnostic::new(Code::WriteFailed, format!("cannot write {}: {error}", path.display()))
                        .help("nothing was written; check the folder's permissions and the free space")
                };
                Err([diagnostic].into_iter().collect())
            }
        }
    }
}

fn failure(diagnostic: Diagnostic) -> Diagnostics {
    [diagnostic].into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_half_way_takes_back_every_file_and_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).expect("dir");
        std::fs::write(root.join("content/a/taken.md"), "mine").expect("file");
        let files = vec![
            (PathBuf::from("content/new/one.md"), "1".to_string()),
            (PathBuf::from("content/a/taken.md"), "2".to_string()),
        ];
        let errors = Creation::all(&root, &files).expect_err("the second file exists");
        assert_eq!(errors.iter().next().map(|d| d.code), Some(Code::PageExists));
        assert!(!root.join("content/new").exists(), "the folder made for the first file is gone");
        assert_eq!(std::fs::read_to_string(root.join("content/a/taken.md")).ok().as_deref(), Some("mine"));
    }

    #[test]
    fn a_translation_body_keeps_its_text_under_one_placeholder() {
        let body = body_to_translate("\n## Contact {#contact}\n\nCall us.\n", "Nederlands");
        assert_eq!(placeholders_in(&body), 1);
        assert!(body.ends_with("## Contact {#contact}\n\nCall us.\n"));
    }
}

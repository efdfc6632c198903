//! write: output files → disk. The site is written into a staging folder beside the
//! output and swapped in at the end, so a failed build leaves the previous site exactly
//! as it was, and readers of a served folder never see half a site. Only `build` minifies.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::output::OutputFile;

/// The file that marks a folder as Signpost's output. A folder without it is never
/// replaced: pointing `--output` at the wrong folder must not delete someone's files.
pub const MARKER: &str = ".signpost-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the output folder {output} is the content folder")]
    OutputIsContent { output: PathBuf },
    #[error("the output folder {output} is inside the content folder {content}")]
    OutputInsideContent { output: PathBuf, content: PathBuf },
    #[error("the output folder {output} contains the content folder {content}")]
    OutputContainsContent { output: PathBuf, content: PathBuf },
    #[error("{output} exists and was not made by signpost, so it will not be replaced")]
    NotSignpostOutput { output: PathBuf },
    #[error("{output} is a file, not a folder")]
    OutputIsAFile { output: PathBuf },
    #[error("refusing to write {path}: the path leaves the output folder")]
    UnsafePath { path: String },
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl WriteError {
    pub fn help(&self) -> String {
        match self {
            WriteError::OutputIsContent { .. }
            | WriteError::OutputInsideContent { .. }
            | WriteError::OutputContainsContent { .. } => {
                "choose an output folder next to the content folder, such as `--output public`".into()
            }
            WriteError::NotSignpostOutput { output } => {
                format!("remove {} yourself if it may go, or choose another folder with `--output`", output.display())
            }
            WriteError::OutputIsAFile { .. } => "choose a folder name with `--output`".into(),
            WriteError::UnsafePath { .. } => {
                "this is a bug in signpost: please report it with the content that caused it".into()
            }
            WriteError::Io { .. } => "check free disk space and permissions of the output's parent folder".into(),
        }
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        move |source| WriteError::Io { path: path.to_path_buf(), source }
    }
}

/// An absolute, normalised form of a path that may not exist yet: the longest existing
/// ancestor is canonicalised (resolving links), the rest appended.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(found) = std::fs::canonicalize(path) {
        return found;
    }
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(found) = std::fs::canonicalize(existing) {
            let mut result = found;
            for part in missing.iter().rev() {
                result.push(part);
            }
            return result;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Refuses an output folder that would overwrite or swallow the content.
pub fn check_output_location(content: &Path, output: &Path) -> Result<(), WriteError> {
    let content_abs = absolute(content);
    let output_abs = absolute(output);
    if content_abs == output_abs {
        return Err(WriteError::OutputIsContent { output: output.to_path_buf() });
    }
    if output_abs.starts_with(&content_abs) {
        return Err(WriteError::OutputInsideContent { output: output.to_path_buf(), content: content.to_path_buf() });
    }
    if content_abs.starts_with(&output_abs) {
        return Err(WriteError::OutputContainsContent { output: output.to_path_buf(), content: content.to_path_buf() });
    }
    if output.is_file() {
        return Err(WriteError::OutputIsAFile { output: output.to_path_buf() });
    }
    if output.is_dir() && !output.join(MARKER).is_file() {
        let empty = std::fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(WriteError::NotSignpostOutput { output: output.to_path_buf() });
        }
    }
    Ok(())
}

/// A `/`-separated output path as a relative path that cannot leave the output folder.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let relative = PathBuf::from(path);
    let only_normal = relative.components().all(|c| matches!(c, Component::Normal(_)));
    let no_tricks = !path.contains('\\') && !path.contains('\0') && !path.is_empty();
    (only_normal && no_tricks).then_some(relative)
}

fn minified(file: &OutputFile) -> Option<Vec<u8>> {
    if !file.is_html() {
        return None;
    }
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    Some(minify_html::minify(&file.bytes, &cfg))
}

/// A site being written: a staging folder beside the output that files go into one by
/// one, from any thread, as soon as they are ready, so the build never holds the whole
/// site in memory. [`Staging::finish`] swaps it in; dropping it unfinished (an error, a
/// render that failed after some files were written) removes it and leaves the output
/// untouched.
pub struct Staging {
    folder: PathBuf,
    output: PathBuf,
    retired: PathBuf,
    minify_html: bool,
    finished: bool,
}

impl Staging {
    /// Makes an empty staging folder for `output`. Call [`check_output_location`] first.
    pub fn create(output: &Path, minify_html: bool) -> Result<Staging, WriteError> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
        std::fs::create_dir_all(&parent).map_err(WriteError::io(&parent))?;
        let folder = parent.join(format!(".{name}.signpost-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.signpost-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        // From here on the folder exists, so `Drop` must clean it up on every failure.
        let staging = Staging { folder, output: output.to_path_buf(), retired, minify_html, finished: false };
        std::fs::create_dir(&staging.folder).map_err(WriteError::io(&staging.folder))?;
        Ok(staging)
    }

    /// Writes one file (minified first when it is HTML and minifying is on). Safe to call
    /// from several threads at once; files must have different paths.
    pub fn write(&self, file: &OutputFile) -> Result<(), WriteError> {
        let relative =
            safe_relative_path(&file.path).ok_or_else(|| WriteError::UnsafePath { path: file.path.clone() })?;
        let path = self.folder.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(WriteError::io(folder))?;
        }
        let minified = if self.minify_html { minified(file) } else { None };
        std::fs::write(&path, minified.as_deref().unwrap_or(&file.bytes)).map_err(WriteError::io(&path))
    }

    /// Marks the folder as Signpost's and swaps it in for the output.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let marker = self.folder.join(MARKER);
        std::fs::write(&marker, b"This folder is built by signpost and replaced on every build.\n")
            .map_err(WriteError::io(&marker))?;
        swap_in(&self.folder, &self.output, &self.retired)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

/// Writes the site into `output`, replacing what was there only once everything is
/// written. On error the staging folder is removed and `output` is untouched.
pub fn write_site(files: Vec<OutputFile>, output: &Path, minify_html: bool) -> Result<(), WriteError> {
    let staging = Staging::create(output, minify_html)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.finish()
}

/// Moves the old output aside, the new one in, then deletes the old one. If the second
/// rename fails the old output is moved back.
fn swap_in(staging: &Path, output: &Path, retired: &Path) -> Result<(), WriteError> {
    let had_output = output.exists();
    if had_output {
        let _ = std::fs::remove_dir_all(retired);
        std::fs::rename(output, retired).map_err(WriteError::io(output))?;
    }
    if let Err(source) = std::fs::rename(staging, output) {
        if had_output {
            let _ = std::fs::rename(retired, output);
        }
        return Err(WriteError::Io { path: output.to_path_buf(), source });
    }
    if had_output {
        remove_in_parallel(retired);
    }
    Ok(())
}

/// Deletes a retired output. A site of 30,000 pages is as many folders, and deleting
/// them one by one took a seventh of the build, so the folders two levels down (a
/// language's sections) are deleted side by side. Symbolic links are removed, never
/// followed.
fn remove_in_parallel(root: &Path) {
    let entries = |dir: &Path| std::fs::read_dir(dir).into_iter().flatten().flatten().collect::<Vec<_>>();
    let below: Vec<_> = entries(root)
        .into_iter()
        .flat_map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => entries(&entry.path()),
            _ => vec![entry],
        })
        .collect();
    below.par_iter().for_each(|entry| {
        let _ = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(entry.path()),
            _ => std::fs::remove_file(entry.path()),
        };
    });
    let _ = std::fs::remove_dir_all(root);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_cannot_climb_out() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a\\..\\b", "", "./a/../.."] {
            assert!(safe_relative_path(bad).is_none(), "{bad:?} must be refused");
        }
        assert!(safe_relative_path("nl/nl/uwv/index.html").is_some());
    }

    #[test]
    fn output_inside_content_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        assert!(matches!(check_output_location(&content, &content), Err(WriteError::OutputIsContent { .. })));
        assert!(matches!(
            check_output_location(&content, &content.join("public")),
            Err(WriteError::OutputInsideContent { .. })
        ));
        assert!(matches!(check_output_location(&content, dir.path()), Err(WriteError::OutputContainsContent { .. })));
        assert!(check_output_location(&content, &dir.path().join("public")).is_ok());
    }

    #[test]
    fn a_folder_not_made_by_signpost_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let output = dir.path().join("mine");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("thesis.txt"), "precious").unwrap();
        assert!(matches!(check_output_location(&content, &output), Err(WriteError::NotSignpostOutput { .. })));
    }

    #[test]
    fn writing_replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let first = vec![OutputFile { path: "old.html".into(), bytes: b"old".to_vec() }];
        write_site(first, &output, false).unwrap();
        let second = vec![OutputFile { path: "nl/index.html".into(), bytes: b"new".to_vec() }];
        write_site(second, &output, false).unwrap();
        assert!(!output.join("old.html").exists());
        assert_eq!(std::fs::read(output.join("nl/index.html")).unwrap(), b"new");
        assert!(output.join(MARKER).is_file());
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn a_staging_folder_dropped_unfinished_is_removed_and_the_output_kept() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(vec![OutputFile { path: "a.html".into(), bytes: b"a".to_vec() }], &output, false).unwrap();
        let staging = Staging::create(&output, true).unwrap();
        staging.write(&OutputFile { path: "nl/b.html".into(), bytes: b"<p>b</p>".to_vec() }).unwrap();
        drop(staging);
        assert_eq!(std::fs::read(output.join("a.html")).unwrap(), b"a");
        let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).collect();
        assert_eq!(entries.len(), 1, "only the output is left");
    }

    #[test]
    fn an_unsafe_path_fails_the_write_and_keeps_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(vec![OutputFile { path: "a.html".into(), bytes: b"a".to_vec() }], &output, false).unwrap();
        let bad = vec![OutputFile { path: "../escape.html".into(), bytes: b"x".to_vec() }];
        assert!(matches!(write_site(bad, &output, false), Err(WriteError::UnsafePath { .. })));
        assert_eq!(std::fs::read(output.join("a.html")).unwrap(), b"a");
        assert!(!dir.path().join("escape.html").exists());
    }
}

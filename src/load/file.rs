//! Reading one file the site is made of (a page, `site.toml`, a template, UI strings, a
//! static file) without trusting what is at its path: only a regular file, reached
//! through links only when they stay inside the folder it belongs to, and only up to a
//! size limit. Anything else is refused before a byte is read, so a `site.toml` linked to
//! `/proc/self/environ` never shows the environment in an error, `/dev/zero` never fills
//! the memory, and a FIFO never hangs the build.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::source::SourceFile;

/// The largest `site.toml`, template or UI strings file read. The shipped ones are a few
/// kilobytes.
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// The largest static file of a theme or site read (each is held in memory for the
/// build). The shipped ones are a few kilobytes; fonts and images stay far below.
pub const MAX_STATIC_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    #[error("{} is a symbolic link to {}, outside {}", path.display(), target.display(), root.display())]
    LinkOutside { path: PathBuf, target: PathBuf, root: PathBuf },
    #[error("{} is a symbolic link that cannot be followed: {source}", path.display())]
    BrokenLink { path: PathBuf, source: std::io::Error },
    #[error("{} is {kind}, not a regular file", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{} is more than {limit} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: std::io::Error },
}

impl FileProblem {
    /// The stable code; `what` names the kind of file for the help text.
    pub fn diagnostic(&self, what: &str) -> Diagnostic {
        let (code, help) = match self {
            FileProblem::LinkOutside { root, .. } => {
                (Code::LinkOutsideFolder, format!("copy the {what} into {} instead of linking to it", root.display()))
            }
            FileProblem::BrokenLink { .. } => {
                (Code::BrokenSymlink, format!("remove the link or point it at the {what} itself"))
            }
            FileProblem::NotRegular { .. } => {
                (Code::NotARegularFile, format!("put a regular file there as the {what}, or remove it"))
            }
            FileProblem::TooLarge { .. } => {
                (Code::FileTooLarge, format!("this cannot be a {what}: check that it is the right file"))
            }
            FileProblem::Unreadable { .. } => {
                (Code::Unreadable, "check that the file exists and that you may read it".to_string())
            }
        };
        Diagnostic::new(code, self.to_string()).at(whole_file(self.path())).help(help)
    }

    pub fn path(&self) -> &Path {
        match self {
            FileProblem::LinkOutside { path, .. }
            | FileProblem::BrokenLink { path, .. }
            | FileProblem::NotRegular { path, .. }
            | FileProblem::TooLarge { path, .. }
            | FileProblem::Unreadable { path, .. } => path,
        }
    }
}

/// The entries below `root`, sorted by name so every run sees the same order, without
/// hidden files and folders (editor swap files, `.git`) and without following links.
pub fn visible_entries(root: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'))
}

/// A location for a problem with a whole file whose text is not read (too large, a
/// link that cannot be followed): its path at line 1.
pub fn whole_file(path: &Path) -> Location {
    Location::file_start(&SourceFile::new(path.to_path_buf(), String::new()))
}

/// What kind of thing a file type is, for a message.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() { "a folder" } else { "not a file" }
}

/// Reads `path`, which must be a regular file (or a link that leads to one inside
/// `root`), of at most `limit` bytes. A file that grows while it is read (or claims a
/// size of 0, as `/proc` files do) is cut off at the limit and refused.
pub fn read_regular_file(path: &Path, root: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let unreadable = |source| FileProblem::Unreadable { path: path.to_path_buf(), source };
    let link = std::fs::symlink_metadata(path).map_err(unreadable)?;
    // What is not a link is described already; a link is followed once it is known to
    // stay inside `root`.
    let meta = if link.file_type().is_symlink() {
        link_target_inside(path, root)?;
        std::fs::metadata(path).map_err(unreadable)?
    } else {
        link
    };
    if !meta.is_file() {
        return Err(FileProblem::NotRegular { path: path.to_path_buf(), kind: kind_of(meta.file_type()) });
    }
    if meta.len() > limit {
        return Err(FileProblem::TooLarge { path: path.to_path_buf(), size: meta.len(), limit });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge { path: path.to_path_buf(), size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Where the link (or path through links) `path` leads, when that is inside `root`: a link
/// to nowhere or out of `root` is refused.
pub(super) fn link_target_inside(path: &Path, root: &Path) -> Result<PathBuf, FileProblem> {
    let target =
        std::fs::canonicalize(path).map_err(|source| FileProblem::BrokenLink { path: path.to_path_buf(), source })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&root) {
        Ok(target)
    } else {
        Err(FileProblem::LinkOutside { path: path.to_path_buf(), target, root })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_their_folder_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("site.toml"), "a = 1").unwrap();
        std::fs::write(dir.path().join("secret"), "SECRET").unwrap();
        std::os::unix::fs::symlink("site.toml", root.join("inside")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("outside")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero")).unwrap();
        std::os::unix::fs::symlink("nowhere", root.join("broken")).unwrap();
        assert_eq!(read_regular_file(&root.join("site.toml"), &root, 100).unwrap(), b"a = 1");
        assert_eq!(read_regular_file(&root.join("inside"), &root, 100).unwrap(), b"a = 1");
        assert!(matches!(read_regular_file(&root.join("outside"), &root, 100), Err(FileProblem::LinkOutside { .. })));
        assert!(matches!(read_regular_file(&root.join("zero"), &root, 100), Err(FileProblem::LinkOutside { .. })));
        assert!(matches!(
            read_regular_file(Path::new("/dev/zero"), Path::new("/"), 100),
            Err(FileProblem::NotRegular { .. })
        ));
        assert!(matches!(read_regular_file(&root.join("broken"), &root, 100), Err(FileProblem::BrokenLink { .. })));
        assert!(matches!(read_regular_file(&root, dir.path(), 100), Err(FileProblem::NotRegular { .. })));
        assert!(matches!(read_regular_file(&root.join("site.toml"), &root, 4), Err(FileProblem::TooLarge { .. })));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_claiming_no_size_is_still_cut_off_at_the_limit() {
        // `/proc` files say they are empty and are not.
        let environ = Path::new("/proc/self/environ");
        assert_eq!(std::fs::metadata(environ).unwrap().len(), 0);
        assert!(matches!(read_regular_file(environ, Path::new("/"), 1), Err(FileProblem::TooLarge { .. })));
    }
}

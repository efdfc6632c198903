//! write: output files → disk. The site is written into a staging folder beside the
//! output and swapped in at the end, so a failed build leaves the previous site exactly
//! as it was, and readers of a served folder never see half a site. Only `build` minifies.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::output::OutputFile;

/// The file that marks a folder as Signpost's output. A folder without it is never
/// replaced: pointing `--output` at the wrong folder must not delete someone's files.
pub const MARKER: &str = ".signpost-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the output folder {} is the content folder", output.display())]
    OutputIsContent { output: PathBuf, content: PathBuf },
    #[error("the output folder {} is inside the content folder {}", output.display(), content.display())]
    OutputInsideContent { output: PathBuf, content: PathBuf },
    #[error("the output folder {} contains the content folder {}", output.display(), content.display())]
    OutputContainsContent { output: PathBuf, content: PathBuf },
    #[error("the output folder {} is or holds {what}", output.display())]
    OutputHoldsProtected { output: PathBuf, what: String, content: PathBuf },
    #[error("the output folder {} is or sits inside the theme folder {}", output.display(), theme.display())]
    OutputInsideTheme { output: PathBuf, theme: PathBuf, content: PathBuf },
    #[error("{} exists and was not made by signpost, so it will not be replaced", output.display())]
    NotSignpostOutput { output: PathBuf },
    #[error("{} is a file, not a folder", output.display())]
    OutputIsAFile { output: PathBuf },
    #[error("{} is a symbolic link that leads nowhere ({source})", link.display())]
    BrokenLink { link: PathBuf, source: std::io::Error },
    #[error("the output folder {} changed while the site was being built: it now leads to {}", output.display(), now.display())]
    OutputMoved { output: PathBuf, now: PathBuf },
    #[error("refusing to write {path}: the path leaves the output folder")]
    UnsafePath { path: String },
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl WriteError {
    pub fn help(&self) -> String {
        match self {
            WriteError::OutputIsContent { content, .. }
            | WriteError::OutputInsideContent { content, .. }
            | WriteError::OutputContainsContent { content, .. }
            | WriteError::OutputHoldsProtected { content, .. }
            | WriteError::OutputInsideTheme { content, .. } => match beside(content) {
                Some(folder) => {
                    format!("choose a folder beside the content folder, such as `--output {}`", folder.display())
                }
                None => format!(
                    "every folder is inside {}: pass the folder of your pages with `--content`",
                    content.display()
                ),
            },
            WriteError::NotSignpostOutput { output } => {
                format!("remove {} yourself if it may go, or choose another folder with `--output`", output.display())
            }
            WriteError::OutputIsAFile { .. } => "choose a folder name with `--output`".into(),
            WriteError::BrokenLink { .. } => {
                "point the link at an existing folder, remove it, or choose another folder with `--output`".into()
            }
            WriteError::OutputMoved { .. } => {
                "something else changed the output folder (or a link on its way) during the build: run the build again"
                    .into()
            }
            WriteError::UnsafePath { .. } => {
                "this is a bug in signpost: please report it with the content that caused it".into()
            }
            WriteError::Io { .. } => "check free disk space and permissions of the output's parent folder".into(),
        }
    }

    /// Whether the output folder was refused (`signpost::bad_output`), rather than
    /// writing failing on the way.
    pub fn is_about_location(&self) -> bool {
        !matches!(self, WriteError::UnsafePath { .. } | WriteError::Io { .. })
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        move |source| WriteError::Io { path: path.to_path_buf(), source }
    }
}

/// An output folder beside `content` (absolute): `public`, or `public-site` for a content
/// folder itself named `public`. Said in full, since `--output public` is refused when
/// the content folder is the current one (`--content .`). `None` for `/`, beside which
/// nothing is.
fn beside(content: &Path) -> Option<PathBuf> {
    let name = if content.file_name().is_some_and(|name| name == "public") { "public-site" } else { "public" };
    Some(content.parent()?.join(name))
}

/// `path` made absolute and without `.` and `..`, by text alone (no link is followed).
fn lexical(path: &Path) -> Result<PathBuf, WriteError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(WriteError::io(Path::new(".")))?.join(path)
    };
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    Ok(normal)
}

/// The folder `path` names, found the way the operating system finds it: each part
/// that exists is followed (a symbolic link to where it leads, `..` to the real parent
/// of what came before), and the parts that do not exist yet are added by text, which is
/// where creating them puts them. The result is absolute and has no `.`, `..` or link in
/// it, the last part included: a link to a folder stands for that folder.
fn real_location(path: &Path) -> Result<PathBuf, WriteError> {
    let mut real = PathBuf::new();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(WriteError::io(Path::new(".")))?.join(path)
    };
    // A file met on the way: nothing may follow it, not even `..`.
    let mut file: Option<PathBuf> = None;
    for component in absolute.components() {
        if let Some(file) = file.take() {
            return Err(WriteError::OutputIsAFile { output: file });
        }
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                let next = real.join(name);
                real = match std::fs::symlink_metadata(&next) {
                    Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(&next)
                        .map_err(|source| WriteError::BrokenLink { link: next.clone(), source })?,
                    Ok(_) => next,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => next,
                    Err(source) => return Err(WriteError::Io { path: next, source }),
                };
                if std::fs::metadata(&real).is_ok_and(|meta| !meta.is_dir()) {
                    file = Some(real.clone());
                }
            }
            other => real.push(other),
        }
    }
    Ok(real)
}

/// Where the site will be written, checked: see [`check_output_location`].
#[derive(Debug, Clone)]
pub struct OutputLocation {
    content: PathBuf,
    /// The output as given (for messages and for checking again).
    output: PathBuf,
    /// The real folder the site is swapped into: absolute, no link on the way.
    folder: PathBuf,
}

impl OutputLocation {
    /// The real folder the site goes into (a link given as output leads here).
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Checks again, after folders were created or time passed: the output must still
    /// lead to the same real folder and pass every check.
    fn check_again(&self) -> Result<(), WriteError> {
        let now = check_output_location(&self.content, &self.output)?;
        if now.folder != self.folder {
            return Err(WriteError::OutputMoved { output: self.output.clone(), now: now.folder });
        }
        Ok(())
    }
}

/// Whether `a` is `b` or lies inside it: by their paths, or by `b` being, on disk, the
/// same folder as `a` or one of its folders, as a case-insensitive file system makes
/// `Content` of `content`.
fn is_within(a: &Path, b: &Path) -> bool {
    if a.starts_with(b) {
        return true;
    }
    let Some(b) = folder_identity(b) else { return false };
    a.ancestors().any(|ancestor| folder_identity(ancestor) == Some(b))
}

/// Which folder on disk a path is (device and inode), when it exists.
#[cfg(unix)]
fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|meta| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Refuses an output folder that would overwrite or swallow the content, or anything
/// Signpost did not make. The output is followed as the operating system will follow it
/// (`..`, `.`, symbolic links anywhere on the way, folders that do not exist yet), and
/// compared by its real place as well as by its text. Refused: the content folder, a
/// folder inside it or holding it (so every folder above it, `/` too), the home folder,
/// the folder signpost runs in and the folders above it, the theme folders beside the
/// content, a file, and a non-empty folder without the [`MARKER`].
pub fn check_output_location(content: &Path, output: &Path) -> Result<OutputLocation, WriteError> {
    let shown = output.to_path_buf();
    let folder = real_location(output)?;
    let content_real = std::fs::canonicalize(content).map_err(WriteError::io(content))?;
    let said = lexical(output)?;
    let content_said = lexical(content)?;
    let relation = |output: &Path, content: &Path| match (is_within(output, content), is_within(content, output)) {
        (true, true) => Some(WriteError::OutputIsContent { output: shown.clone(), content: content.to_path_buf() }),
        (true, false) => {
            Some(WriteError::OutputInsideContent { output: shown.clone(), content: content.to_path_buf() })
        }
        (false, true) => {
            Some(WriteError::OutputContainsContent { output: shown.clone(), content: content.to_path_buf() })
        }
        (false, false) => None,
    };
    if let Some(refused) = relation(&folder, &content_real).or_else(|| relation(&said, &content_said)) {
        return Err(refused);
    }
    let protected = [
        std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|home| ("your home folder", PathBuf::from(home))),
        std::env::current_dir().ok().map(|here| ("the folder signpost runs in", here)),
    ];
    for (what, place) in protected.into_iter().flatten() {
        let real = std::fs::canonicalize(&place).unwrap_or(place);
        if is_within(&real, &folder) {
            return Err(WriteError::OutputHoldsProtected {
                output: shown,
                what: format!("{what} ({})", real.display()),
                content: content_said,
            });
        }
    }
    for theme in crate::load::theme_folders(content) {
        let theme_said = lexical(&theme)?;
        let theme_real = real_location(&theme).unwrap_or_else(|_| theme_said.clone());
        if is_within(&folder, &theme_real) || is_within(&said, &theme_said) {
            return Err(WriteError::OutputInsideTheme { output: shown, theme, content: content_said });
        }
    }
    match std::fs::symlink_metadata(&folder) {
        Ok(meta) if meta.is_dir() => {
            let marked = std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file());
            let empty = std::fs::read_dir(&folder).map_err(WriteError::io(&folder))?.next().is_none();
            if !marked && !empty {
                return Err(WriteError::NotSignpostOutput { output: shown });
            }
        }
        Ok(_) => return Err(WriteError::OutputIsAFile { output: shown }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(WriteError::Io { path: folder, source }),
    }
    Ok(OutputLocation { content: content.to_path_buf(), output: shown, folder })
}

/// A `/`-separated output path as a relative path that cannot leave the output folder.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let relative = PathBuf::from(path);
    let only_normal = relative.components().all(|c| matches!(c, Component::Normal(_)));
    let no_tricks = !path.contains('\\') && !path.contains('\0') && !path.is_empty();
    (only_normal && no_tricks).then_some(relative)
}

/// A site being written: a staging folder beside the output that files go into one by
/// one, from any thread, as soon as they are ready, so the build never holds the whole
/// site in memory. [`Staging::finish`] swaps it in; dropping it unfinished (an error, a
/// render that failed after some files were written) removes it and leaves the output
/// untouched.
pub struct Staging {
    folder: PathBuf,
    location: OutputLocation,
    retired: PathBuf,
    finished: bool,
}

impl Staging {
    /// Makes an empty staging folder beside the checked output, after removing what
    /// interrupted builds left there. Returns warnings about leftovers it could not remove.
    pub fn create(location: OutputLocation) -> Result<(Staging, Diagnostics), WriteError> {
        let output = location.folder.clone();
        let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
            let content = lexical(&location.content).unwrap_or_else(|_| location.content.clone());
            return Err(WriteError::OutputHoldsProtected {
                output,
                what: "the root of the file system".into(),
                content,
            });
        };
        std::fs::create_dir_all(parent).map_err(WriteError::io(parent))?;
        // Creating folders (or anyone else) may have changed where the path leads.
        location.check_again()?;
        let warnings = remove_leftovers(parent, name);
        let folder = parent.join(sibling_name(name, NEW, std::process::id()));
        let retired = parent.join(sibling_name(name, OLD, std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        // From here on the folder exists, so `Drop` must clean it up on every failure.
        let staging = Staging { folder, location, retired, finished: false };
        std::fs::create_dir(&staging.folder).map_err(WriteError::io(&staging.folder))?;
        Ok((staging, warnings))
    }

    /// Writes one file. Safe to call
    /// from several threads at once; files must have different paths.
    pub fn write(&self, file: &OutputFile) -> Result<(), WriteError> {
        let path = self.place_for(&file.path)?;
        std::fs::write(&path, &file.bytes).map_err(WriteError::io(&path))
    }

    /// Writes one file through a buffer while `write` makes it: for a file too large to
    /// hold in memory beside the rest of the build (the data export). Safe to call from
    /// several threads at once, as [`Staging::write`].
    pub fn write_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        use std::io::Write;
        let path = self.place_for(path)?;
        let file = std::fs::File::create(&path).map_err(WriteError::io(&path))?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 18, file);
        write(&mut buffered).and_then(|()| buffered.flush()).map_err(WriteError::io(&path))
    }

    /// Where the file at output path `path` goes in the staging folder, its folder made.
    fn place_for(&self, path: &str) -> Result<PathBuf, WriteError> {
        let relative = safe_relative_path(path).ok_or_else(|| WriteError::UnsafePath { path: path.to_string() })?;
        let path = self.folder.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(WriteError::io(folder))?;
        }
        Ok(path)
    }

    /// Marks the folder as Signpost's and swaps it in for the output, after checking the
    /// output once more. Returns a warning when the previous output could not be deleted.
    pub fn finish(mut self) -> Result<Diagnostics, WriteError> {
        let marker = self.folder.join(MARKER);
        std::fs::write(&marker, b"This folder is built by signpost and replaced on every build.\n")
            .map_err(WriteError::io(&marker))?;
        self.location.check_again()?;
        swap_in(&self.folder, &self.location.folder, &self.retired)?;
        self.finished = true;
        let mut warnings = Diagnostics::new();
        if std::fs::symlink_metadata(&self.retired).is_ok() {
            warnings.push(
                Diagnostic::new(
                    Code::LeftoverKept,
                    format!("the previous output was moved to {} but could not be deleted", self.retired.display()),
                )
                .help("delete it yourself (check its permissions); the next build tries again"),
            );
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

/// What a build names the folder it writes (`.public.signpost-new-<pid>`) and the old
/// output it moves aside (`.public.signpost-old-<pid>`), beside the output.
const NEW: &str = ".signpost-new-";
const OLD: &str = ".signpost-old-";

fn sibling_name(output_name: &std::ffi::OsStr, kind: &str, pid: u32) -> OsString {
    let mut name = OsString::from(".");
    name.push(output_name);
    name.push(kind);
    name.push(pid.to_string());
    name
}

/// The process that left `entry` beside an output called `output_name`, when `entry` is
/// named like a staging or retired folder.
fn leftover_of(entry: &std::ffi::OsStr, output_name: &std::ffi::OsStr) -> Option<u32> {
    let rest = entry.as_encoded_bytes().strip_prefix(b".")?.strip_prefix(output_name.as_encoded_bytes())?;
    let pid = [NEW, OLD].iter().find_map(|kind| rest.strip_prefix(kind.as_bytes()))?;
    if pid.is_empty() || !pid.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(pid).ok()?.parse().ok()
}

/// A leftover older than this is stale whatever its process id says: no build takes a
/// day, so a running process with that id is another program that reused the number.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Whether the process that left a folder may still be writing it: a build running
/// beside this one. Where the system does not say (no `/proc`), a leftover counts as
/// live until it is [`STALE_AFTER`] old.
fn may_still_be_running(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    let old = modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age > STALE_AFTER);
    if old {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() { proc.join(pid.to_string()).exists() } else { true }
}

/// Removes what interrupted builds left beside the output (staging folders, old outputs
/// moved aside), unless their process may still be running. Links and files with those
/// names are never followed or removed. Each leftover that stays gets a warning.
fn remove_leftovers(parent: &Path, output_name: &std::ffi::OsStr) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let Ok(entries) = std::fs::read_dir(parent) else { return warnings };
    let mut leftovers: Vec<(PathBuf, u32)> = entries
        .flatten()
        .filter_map(|entry| leftover_of(&entry.file_name(), output_name).map(|pid| (entry.path(), pid)))
        .filter(|(_, pid)| *pid != std::process::id())
        .collect();
    leftovers.sort();
    for (path, pid) in leftovers {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if may_still_be_running(pid, meta.modified().ok()) {
            continue;
        }
        let problem = if meta.is_dir() {
            match std::fs::remove_dir_all(&path) {
                Ok(()) => continue,
                Err(error) => format!("could not be removed: {error}"),
            }
        } else {
            "is not a folder, so it was left alone".to_string()
        };
        warnings.push(
            Diagnostic::new(
                Code::LeftoverKept,
                format!("{} is left from an interrupted build (process {pid}) and {problem}", path.display()),
            )
            .help("delete it yourself if you do not need it"),
        );
    }
    warnings
}

/// Writes the site into `output`, replacing what was there only once everything is
/// written. On error the staging folder is removed and `output` is untouched.
pub fn write_site(files: Vec<OutputFile>, content: &Path, output: &Path) -> Result<Diagnostics, WriteError> {
    let (staging, mut warnings) = Staging::create(check_output_location(content, output)?)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    warnings.extend(staging.finish()?);
    Ok(warnings)
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

    /// A temporary folder with a `content/` folder in it.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("site.toml"), "precious").unwrap();
        (dir, content)
    }

    #[test]
    fn a_refused_output_is_answered_with_a_folder_beside_the_content_where_there_is_one() {
        let help = |content: &str| {
            WriteError::OutputInsideContent { output: PathBuf::from("x"), content: PathBuf::from(content) }.help()
        };
        assert!(help("/srv/site/content").ends_with("`--output /srv/site/public`"), "{}", help("/srv/site/content"));
        assert!(help("/srv/site/public").ends_with("`--output /srv/site/public-site`"));
        assert!(!help("/").contains("--output"), "{}", help("/"));
        // The same for an output refused as the home folder or inside a theme folder: with
        // `--content .`, `--output public` would be refused too.
        let content = PathBuf::from("/srv/site/content");
        let output = PathBuf::from("x");
        for refused in [
            WriteError::OutputHoldsProtected {
                output: output.clone(),
                what: "your home folder".into(),
                content: content.clone(),
            },
            WriteError::OutputInsideTheme { output, theme: "/srv/site/templates".into(), content },
        ] {
            assert!(refused.help().ends_with("`--output /srv/site/public`"), "{}", refused.help());
        }
    }

    fn one_file(path: &str, bytes: &[u8]) -> Vec<OutputFile> {
        vec![OutputFile { path: path.into(), bytes: bytes.to_vec() }]
    }

    #[test]
    fn output_paths_cannot_climb_out() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a\\..\\b", "", "./a/../.."] {
            assert!(safe_relative_path(bad).is_none(), "{bad:?} must be refused");
        }
        assert!(safe_relative_path("nl/nl/uwv/index.html").is_some());
    }

    #[test]
    fn output_inside_content_is_refused() {
        let (dir, content) = site();
        assert!(matches!(check_output_location(&content, &content), Err(WriteError::OutputIsContent { .. })));
        assert!(matches!(
            check_output_location(&content, &content.join("public")),
            Err(WriteError::OutputInsideContent { .. })
        ));
        assert!(matches!(check_output_location(&content, dir.path()), Err(WriteError::OutputContainsContent { .. })));
        assert!(check_output_location(&content, &dir.path().join("public")).is_ok());
    }

    #[test]
    fn an_output_that_climbs_back_through_a_missing_folder_is_followed_to_where_it_leads() {
        let (dir, content) = site();
        for output in ["zzz/../content", "zzz/./../content/", "a/b/../../content", "content/x/..", "./zzz//..//content"]
        {
            assert!(
                matches!(
                    check_output_location(&content, &dir.path().join(output)),
                    Err(WriteError::OutputIsContent { .. })
                ),
                "{output}"
            );
        }
        std::fs::create_dir(dir.path().join("mine")).unwrap();
        std::fs::write(dir.path().join("mine/thesis.txt"), "precious").unwrap();
        assert!(matches!(
            check_output_location(&content, &dir.path().join("zzz/../mine")),
            Err(WriteError::NotSignpostOutput { .. })
        ));
        assert!(!dir.path().join("zzz").exists(), "checking creates nothing");
        let fine = check_output_location(&content, &dir.path().join("zzz/../new/./site/")).unwrap();
        assert_eq!(fine.folder(), std::fs::canonicalize(dir.path()).unwrap().join("new/site"));
    }

    #[cfg(unix)]
    #[test]
    fn links_on_the_way_to_the_output_are_followed_before_it_is_checked() {
        let (dir, content) = site();
        std::os::unix::fs::symlink(&content, dir.path().join("to-content")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("to-root")).unwrap();
        for output in ["to-content", "to-content/public", "to-root/content", "to-root/to-content/.."] {
            assert!(check_output_location(&content, &dir.path().join(output)).is_err(), "{output}");
        }
    }

    #[test]
    fn the_home_folder_and_the_folder_signpost_runs_in_are_refused() {
        let (_dir, content) = site();
        let here = std::env::current_dir().unwrap();
        assert!(matches!(check_output_location(&content, &here), Err(WriteError::OutputHoldsProtected { .. })));
        if let Some(parent) = here.parent() {
            assert!(check_output_location(&content, parent).is_err());
        }
        assert!(check_output_location(&content, Path::new("/")).is_err());
    }

    #[test]
    fn a_folder_not_made_by_signpost_is_not_replaced() {
        let (dir, content) = site();
        let output = dir.path().join("mine");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("thesis.txt"), "precious").unwrap();
        assert!(matches!(check_output_location(&content, &output), Err(WriteError::NotSignpostOutput { .. })));
    }

    #[test]
    fn writing_replaces_the_previous_output_whole() {
        let (dir, content) = site();
        let output = dir.path().join("public");
        write_site(one_file("old.html", b"old"), &content, &output).unwrap();
        write_site(one_file("nl/index.html", b"new"), &content, &output).unwrap();
        assert!(!output.join("old.html").exists());
        assert_eq!(std::fs::read(output.join("nl/index.html")).unwrap(), b"new");
        assert!(output.join(MARKER).is_file());
        let mut left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        left.sort();
        assert_eq!(left, ["content", "public"]);
    }

    #[test]
    fn a_staging_folder_dropped_unfinished_is_removed_and_the_output_kept() {
        let (dir, content) = site();
        let output = dir.path().join("public");
        write_site(one_file("a.html", b"a"), &content, &output).unwrap();
        let (staging, _) = Staging::create(check_output_location(&content, &output).unwrap()).unwrap();
        staging.write(&OutputFile { path: "nl/b.html".into(), bytes: b"<p>b</p>".to_vec() }).unwrap();
        drop(staging);
        assert_eq!(std::fs::read(output.join("a.html")).unwrap(), b"a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "only the content and the output are left");
    }

    /// A file streamed into the staging folder arrives whole; a stream that fails, or a
    /// path that would leave the folder, fails with the file named and writes nothing
    /// outside it.
    #[test]
    fn a_streamed_file_is_written_whole_or_fails_with_its_path() {
        let (dir, content) = site();
        let output = dir.path().join("public");
        let (staging, _) = Staging::create(check_output_location(&content, &output).unwrap()).unwrap();
        let mut whole = |writer: &mut dyn std::io::Write| (0..1000).try_for_each(|i| write!(writer, "{i},"));
        staging.write_streamed("data/site.json", &mut whole).unwrap();
        let mut failing = |writer: &mut dyn std::io::Write| {
            writer.write_all(b"{")?;
            Err(std::io::Error::other("the disk is full"))
        };
        let failed = staging.write_streamed("data/other.json", &mut failing).unwrap_err();
        assert!(matches!(&failed, WriteError::Io { path, .. } if path.ends_with("data/other.json")), "{failed:?}");
        let escaping = staging.write_streamed("../outside.json", &mut whole).unwrap_err();
        assert!(matches!(escaping, WriteError::UnsafePath { .. }));
        staging.finish().unwrap();
        let expected: String = (0..1000).map(|i| format!("{i},")).collect();
        assert_eq!(std::fs::read_to_string(output.join("data/site.json")).unwrap(), expected);
        assert!(!dir.path().join("outside.json").exists());
    }

    #[test]
    fn an_unsafe_path_fails_the_write_and_keeps_the_old_output() {
        let (dir, content) = site();
        let output = dir.path().join("public");
        write_site(one_file("a.html", b"a"), &content, &output).unwrap();
        let bad = one_file("../escape.html", b"x");
        assert!(matches!(write_site(bad, &content, &output), Err(WriteError::UnsafePath { .. })));
        assert_eq!(std::fs::read(output.join("a.html")).unwrap(), b"a");
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn leftovers_are_recognised_by_their_exact_names() {
        let name = std::ffi::OsStr::new("public");
        assert_eq!(leftover_of(std::ffi::OsStr::new(".public.signpost-new-42"), name), Some(42));
        assert_eq!(leftover_of(std::ffi::OsStr::new(".public.signpost-old-7"), name), Some(7));
        for other in [
            ".public.signpost-new-",
            ".public.signpost-new-+4",
            ".publix.signpost-new-4",
            "public",
            ".pub.signpost-old-1",
        ] {
            assert_eq!(leftover_of(std::ffi::OsStr::new(other), name), None, "{other}");
        }
    }
}

//! Earlier versions of an original, from git: a translation records only the
//! fingerprint of the original it follows (`translated_from`), and the text behind it is
//! what a translator needs to see what changed. Without git, or when the version is
//! not in the history, there is none, and the units are marked fuzzy without it.

use std::path::Path;
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

use super::units::PageFile;

/// How far back to look: a translation older than this many changes of its original
/// is compared with the current original only.
const MAX_VERSIONS: usize = 200;

/// The version of the file at `path` whose fingerprint is `fingerprint`, if git knows it.
pub fn earlier_version(path: &Path, fingerprint: &str) -> Option<PageFile> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name()?.to_str()?;
    let log = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["log", "--format=%H", &format!("--max-count={MAX_VERSIONS}"), "--", name])
        .output()
        .ok()
        .filter(|out| out.status.success())?;
    String::from_utf8_lossy(&log.stdout).lines().find_map(|commit| {
        let shown = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["show", &format!("{}:./{name}", commit.trim())])
            .output()
            .ok()
            .filter(|out| out.status.success())?;
        let text = String::from_utf8(shown.stdout).ok()?.replace("\r\n", "\n");
        // As load reads files, so fingerprints compare.
        let text: String = text.strip_prefix('\u{feff}').unwrap_or(&text).nfc().collect();
        let version = PageFile::parse(path.to_path_buf(), text)?;
        (version.fingerprint() == fingerprint).then_some(version)
    })
}

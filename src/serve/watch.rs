//! Watches the content folder and the site's theme folders; each burst of saves
//! (debounced) triggers one rebuild.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::{ServeError, Shared};
use crate::BuildOptions;

/// The folders whose changes change the site: content, and beside it the themes and the
/// site's own templates, UI strings and static files, where they exist.
fn watched_folders(options: &BuildOptions) -> Vec<PathBuf> {
    let site_root = options.content.parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    let mut folders = vec![options.content.clone()];
    for name in ["themes", "templates", "i18n", "static"] {
        let folder = site_root.join(name);
        if folder.is_dir() {
            folders.push(folder);
        }
    }
    folders
}

/// Starts watching; the returned debouncer must be kept alive as long as watching should go on.
pub fn watch(
    options: &BuildOptions,
    shared: Arc<Shared>,
) -> Result<Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>, ServeError> {
    let build = options.clone();
    let mut debouncer = new_debouncer(Duration::from_millis(50), None, move |result: DebounceEventResult| {
        if let Ok(events) = result
            && events.iter().any(|e| !e.kind.is_access())
        {
            // Errors are shown in the browser; the terminal gets one line per rebuild. A
            // closed terminal must not stop the rebuilds, so write errors are ignored.
            let line = match shared.rebuild(&build) {
                Ok(()) => "Rebuilt.",
                Err(_) => "Rebuild failed: the errors are shown in the browser; the last good site stays up.",
            };
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    })
    .map_err(|e| ServeError::Watch { path: options.content.display().to_string(), reason: e.to_string() })?;
    for folder in watched_folders(options) {
        debouncer
            .watch(&folder, RecursiveMode::Recursive)
            .map_err(|e| ServeError::Watch { path: folder.display().to_string(), reason: e.to_string() })?;
    }
    Ok(debouncer)
}

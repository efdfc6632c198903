//! Watches the content folder and the site's theme folders; each burst of saves
//! (debounced) triggers one rebuild.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::{Rebuilder, ServeError};
use crate::BuildOptions;
use crate::incremental::Rebuilt;

/// Starts watching; the returned debouncer must be kept alive as long as watching should go on.
/// Rebuilds run on a thread of their own, one after the other; saves that come in during
/// a rebuild are taken together in the next one. `on_rebuilt` hears of each.
pub fn watch(
    options: &BuildOptions,
    rebuilder: Rebuilder,
    on_rebuilt: impl Fn(Result<Rebuilt, String>) + Send + 'static,
) -> Result<Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>, ServeError> {
    let (saves, saved) = mpsc::channel::<Vec<PathBuf>>();
    // Bursts sent by the watcher; the rebuild thread compares it with the bursts it took
    // to know that a newer save waits.
    let sent = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&sent);
    // An editor's save (truncate, write, close, or write and rename) takes a few
    // milliseconds; 20 ms of quiet ends it, and the wait is part of every reload.
    let mut debouncer = new_debouncer(Duration::from_millis(20), None, move |result: DebounceEventResult| {
        let changed: Vec<PathBuf> =
            result.into_iter().flatten().filter(|e| !e.kind.is_access()).flat_map(|e| e.event.paths).collect();
        if !changed.is_empty() {
            counter.fetch_add(1, Ordering::SeqCst);
            // The rebuild thread only ends when this sender is dropped.
            let _ = saves.send(changed);
        }
    })
    .map_err(|e| ServeError::Watch { path: options.content.display().to_string(), reason: e.to_string() })?;
    for folder in crate::incremental::watched_folders(options) {
        debouncer
            .watch(&folder, RecursiveMode::Recursive)
            .map_err(|e| ServeError::Watch { path: folder.display().to_string(), reason: e.to_string() })?;
    }
    std::thread::spawn(move || rebuild_after_saves(rebuilder, &saved, &sent, on_rebuilt));
    Ok(debouncer)
}

/// Takes every burst of saves waiting, rebuilds once for all of them, then makes what
/// the rebuild left outdated unless another burst arrived meanwhile. Ends when the
/// watcher stops.
fn rebuild_after_saves(
    mut rebuilder: Rebuilder,
    saved: &mpsc::Receiver<Vec<PathBuf>>,
    sent: &AtomicU64,
    on_rebuilt: impl Fn(Result<Rebuilt, String>),
) {
    let mut taken: u64 = 0;
    while let Ok(mut changed) = saved.recv() {
        taken += 1;
        while let Ok(more) = saved.try_recv() {
            changed.extend(more);
            taken += 1;
        }
        on_rebuilt(rebuilder.after_save(&changed));
        if let Err(failed) = rebuilder.catch_up(&|| sent.load(Ordering::SeqCst) != taken) {
            on_rebuilt(Err(failed));
        }
    }
}

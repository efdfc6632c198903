//! Watches the content folder and the site's theme folders; each burst of saves
//! (debounced) triggers one rebuild. A theme folder made while serving (a first
//! `templates/` beside `content/`) is read at once and watched from then on.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{Config, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use super::{Rebuilder, ServeError};
use crate::BuildOptions;
use crate::incremental::{Rebuilt, WatchedFolders};

/// What watches the site's folders; watching ends when the last handle is dropped.
pub type Watcher = Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>;

/// Starts watching; the returned watcher must be kept alive as long as watching should go on.
/// Rebuilds run on a thread of their own, one after the other; saves that come in during
/// a rebuild are taken together in the next one. `on_rebuilt` hears of each.
pub fn watch(
    options: &BuildOptions,
    rebuilder: Rebuilder,
    on_rebuilt: impl Fn(Result<Rebuilt, String>) + Send + 'static,
) -> Result<Watcher, ServeError> {
    let watch_error = |path: &Path, e: &dyn std::fmt::Display| ServeError::Watch {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let (saves, saved) = mpsc::channel::<Vec<PathBuf>>();
    // Bursts sent by the watcher; the rebuild thread compares it with the bursts it took
    // to know that a newer save waits.
    let sent = Arc::new(AtomicU64::new(0));
    let send = {
        let (saves, sent) = (saves.clone(), Arc::clone(&sent));
        move |changed: Vec<PathBuf>| {
            sent.fetch_add(1, Ordering::SeqCst);
            // The rebuild thread only ends when every sender is dropped.
            let _ = saves.send(changed);
        }
    };
    drop(saves);
    let watched = WatchedFolders::new(options).map_err(|(path, e)| watch_error(&path, &e))?;
    let (appeared, appearing) = mpsc::channel::<PathBuf>();
    // The watcher's callback owns `watched`; what to watch is read from it first.
    let (recursive, site_root) = (watched.recursive.clone(), watched.site_root.clone());
    let on_events = {
        let send = send.clone();
        move |result: DebounceEventResult| {
            let changed: Vec<PathBuf> = result
                .into_iter()
                .flatten()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.event.paths)
                .filter(|path| watched.matters(path))
                .collect();
            for folder in changed.iter().filter(|path| watched.is_site_root_entry(path) && path.is_dir()) {
                let _ = appeared.send(folder.clone());
            }
            if !changed.is_empty() {
                send(changed);
            }
        }
    };
    // An editor's save (truncate, write, close, or write and rename) takes a few
    // milliseconds; 20 ms of quiet ends it, and the wait is part of every reload. Links
    // inside the watched folders are not followed: `load` reads no folder through one.
    let mut debouncer = new_debouncer_opt(
        Duration::from_millis(20),
        None,
        on_events,
        RecommendedCache::new(),
        Config::default().with_follow_symlinks(false),
    )
    .map_err(|e| watch_error(&options.content, &e))?;
    for folder in recursive {
        debouncer.watch(&folder, RecursiveMode::Recursive).map_err(|e| watch_error(&folder, &e))?;
    }
    debouncer.watch(&site_root, RecursiveMode::NonRecursive).map_err(|e| watch_error(&site_root, &e))?;
    let watcher = Arc::new(Mutex::new(debouncer));
    let (handle, options) = (Arc::downgrade(&watcher), options.clone());
    // A theme folder that appears (unless it leads out of the site) and the content folder
    // put back are watched from now on; files written into them before the watch began
    // are read by a second rebuild.
    std::thread::spawn(move || {
        for folder in appearing.into_iter().filter_map(|folder| crate::incremental::watched_folder(&folder, &options)) {
            let Some(watcher) = handle.upgrade() else { break };
            let mut watcher = watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if watcher.watch(&folder, RecursiveMode::Recursive).is_ok() {
                send(vec![folder]);
            }
        }
    });
    std::thread::spawn(move || rebuild_after_saves(rebuilder, &saved, &sent, on_rebuilt));
    Ok(watcher)
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

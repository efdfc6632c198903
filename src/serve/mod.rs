//! serve: HTTP, watching and reload. Builds the site into memory, serves it on
//! 127.0.0.1, watches the content and the theme, hands every save to the incremental
//! engine ([`crate::incremental`]) and tells open pages to reload (Server-Sent Events).
//! A failed rebuild keeps the last good site and shows its errors in the page. Each
//! result is swapped in whole; nothing is written to disk, and nothing is printed: what
//! happened is told to the caller.

mod connections;
mod http;
mod watch;

pub use http::{Reply, Snapshot, output_path, respond};

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::diagnostics::Code;
use crate::incremental::{Files, FollowUp, Rebuilt, Workspace};
use crate::{BuildFailure, BuildOptions};

/// What `signpost serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub address: SocketAddr,
}

/// The snapshot being served and a signal for the event streams when it changes.
#[derive(Default)]
pub struct Shared {
    snapshot: Mutex<Arc<Snapshot>>,
    changed: Condvar,
    /// The address of each page open in a browser tab, with how many tabs show it.
    open_in_tabs: Mutex<BTreeMap<String, usize>>,
}

/// A tab's event stream, counted in [`Shared::open_in_tabs`] while it lasts.
struct OpenTab<'a> {
    shared: &'a Shared,
    address: String,
}

impl<'a> OpenTab<'a> {
    fn new(shared: &'a Shared, address: &str) -> Self {
        if let Ok(mut open) = shared.open_in_tabs.lock() {
            *open.entry(address.to_string()).or_default() += 1;
        }
        Self { shared, address: address.to_string() }
    }
}

impl Drop for OpenTab<'_> {
    fn drop(&mut self) {
        if let Ok(mut open) = self.shared.open_in_tabs.lock()
            && let Some(count) = open.get_mut(&self.address)
        {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

impl Shared {
    /// The addresses of the pages open in a tab now.
    fn open_in_tabs(&self) -> std::collections::BTreeSet<String> {
        self.open_in_tabs.lock().unwrap_or_else(std::sync::PoisonError::into_inner).keys().cloned().collect()
    }

    /// The snapshot being served. A thread that panicked while holding the lock left a
    /// whole snapshot in it (it is only ever replaced whole), so that one is served.
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Swaps in the new site, or keeps the old one with the errors, and wakes the event
    /// streams.
    fn publish(&self, outcome: Result<&Files, &str>) {
        let previous = self.current();
        let next = match outcome {
            Ok(files) => Snapshot { files: files.clone(), generation: previous.generation + 1, error: None },
            Err(error) => Snapshot {
                files: previous.files.clone(),
                generation: previous.generation + 1,
                error: Some(error.to_string()),
            },
        };
        *self.snapshot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
        self.changed.notify_all();
    }

    /// Swaps in files that no open page shows (the search index) without telling the
    /// pages to reload: the generation stays.
    fn replace_quietly(&self, files: &Files) {
        let mut slot = self.snapshot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let next = Snapshot { files: files.clone(), generation: slot.generation, error: slot.error.clone() };
        *slot = Arc::new(next);
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes.
    fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let Ok(guard) = self.snapshot.lock() else { return seen };
        match self.changed.wait_timeout_while(guard, timeout, |s| s.generation == seen) {
            Ok((guard, _)) => guard.generation,
            Err(_) => seen,
        }
    }
}

/// Keeps the site between saves and publishes each rebuild.
struct Rebuilder {
    options: BuildOptions,
    /// `None` until the first build succeeds.
    workspace: Option<Workspace>,
    shared: Arc<Shared>,
    /// The threads the follow-ups run on: all cores but one, so the watcher, the
    /// rebuild after the next save and the event streams find a free core at once.
    background: rayon::ThreadPool,
}

impl Rebuilder {
    /// Updates the site after the files at `paths` changed (all of it when `paths` is
    /// empty or nothing was built yet), and publishes the result: the browser reloads
    /// as soon as the pages its tabs show are ready; [`Rebuilder::catch_up`] follows.
    fn after_save(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, String> {
        self.guarded(|rebuilder| rebuilder.update(paths))
    }

    /// Makes what the last rebuild left outdated (see [`Rebuilder::update_rest`]).
    fn catch_up(&mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<(), String> {
        self.guarded(|rebuilder| rebuilder.update_rest(cancelled))
    }

    /// Runs `work`; should it panic (a bug), the panic is shown in the page as a failed
    /// rebuild, the last good site stays, and the next save builds the site anew. Without
    /// this the thread that rebuilds ended with the panic, and no later save was seen.
    fn guarded<T>(&mut self, work: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut *self)));
        outcome.unwrap_or_else(|panic| {
            // Whatever the workspace held may be half updated.
            self.workspace = None;
            let text = panic_report(panic.as_ref());
            self.shared.publish(Err(&text));
            Err(text)
        })
    }

    /// [`Rebuilder::after_save`] without the guard.
    fn update(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, String> {
        let outcome = if let Some(workspace) = self.workspace.as_mut() {
            let open = self.shared.open_in_tabs().iter().filter_map(|address| output_path(address)).collect();
            workspace.update(paths, &open)
        } else {
            Workspace::build(&self.options)
                .map(|built| {
                    self.workspace = Some(built);
                    Rebuilt::Everything
                })
                .map_err(|failure| failure.diagnostics().clone())
        };
        let result = match (outcome, &self.workspace) {
            (Ok(rebuilt), Some(workspace)) => {
                self.shared.publish(Ok(workspace.output()));
                Ok(rebuilt)
            }
            (Err(problems), _) => {
                let text = problems.to_human(false);
                self.shared.publish(Err(&text));
                Err(text)
            }
            // A success always leaves a workspace.
            (Ok(rebuilt), None) => Ok(rebuilt),
        };
        // Only now, with the reload out.
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.free_leftovers();
        }
        result
    }

    /// Makes what the last rebuild left outdated, each part published as it is done
    /// (the tabs showing one of its pages reload; the search files are swapped in
    /// without a reload). Stops as soon as `cancelled` says another save came in: that
    /// save's rebuild comes first, and catches up after. `Err`: a page or site-wide file
    /// failed to render, and the full build run to report it failed too (its errors are
    /// published).
    fn update_rest(&mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<(), String> {
        let Some(workspace) = self.workspace.as_mut() else { return Ok(()) };
        while let Some(done) = self.background.install(|| workspace.follow_up(cancelled)) {
            match done {
                Ok(FollowUp::Pages | FollowUp::SiteWide) => self.shared.publish(Ok(workspace.output())),
                Ok(FollowUp::Search) => self.shared.replace_quietly(workspace.output()),
                Err(problems) => {
                    let text = problems.to_human(false);
                    self.shared.publish(Err(&text));
                    return Err(text);
                }
            }
        }
        Ok(())
    }
}

/// What a failed rebuild shows when Signpost itself failed: the panic's message, and what
/// to do.
fn panic_report(panic: &(dyn std::any::Any + Send)) -> String {
    let report = crate::diagnostics::internal_failure(panic, "rebuilding")
        .help("the last good site stays; save again to build it anew, and please report this with the file you saved");
    crate::diagnostics::Diagnostics::from_iter([report]).to_human(false)
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {reason}")]
    Listen { address: SocketAddr, reason: String },
    #[error("cannot watch {path} for changes: {reason}")]
    Watch { path: String, reason: String },
    /// The content folder holds no `site.toml` and cannot be watched for one either
    /// (`--content /` meets `/proc`): no site is coming, so the watching's reason is moot.
    #[error("there is no site.toml in {content}")]
    NoSite { content: String },
    /// `--content` names a file or nothing: no save can make it a site.
    #[error("there is no content folder at {content}")]
    NoContent { content: String },
    #[error("cannot start the threads that rebuild after a save: {reason}")]
    Threads { reason: String },
}

/// Starts serving; `on_ready` gets the address actually bound (the port may have been
/// 0) and the first build's result, `on_rebuilt` the result of every rebuild after a
/// save (the errors, rendered, when it failed). Runs until the process ends.
pub fn serve(
    options: &ServeOptions,
    on_ready: impl FnOnce(SocketAddr, Result<(), String>),
    on_rebuilt: impl Fn(Result<Rebuilt, String>) + Send + 'static,
) -> Result<(), ServeError> {
    if !options.build.content.is_dir() {
        return Err(ServeError::NoContent { content: options.build.content.display().to_string() });
    }
    let server = tiny_http::Server::http(options.address)
        .map_err(|e| ServeError::Listen { address: options.address, reason: e.to_string() })?;
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    let mut build = options.build.clone();
    build.minify = false;
    build.base_url = Some(format!("http://{address}/"));
    let shared = Arc::new(Shared::default());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    let background = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| ServeError::Threads { reason: e.to_string() })?;
    let mut rebuilder = Rebuilder { options: build.clone(), workspace: None, shared: Arc::clone(&shared), background };
    let first = rebuilder.after_save(&[]).map(|_| ());
    let _watcher = watch::watch(&build, rebuilder, on_rebuilt).map_err(|error| {
        if crate::holds_no_site(&build.content) {
            ServeError::NoSite { content: build.content.display().to_string() }
        } else {
            error
        }
    })?;
    on_ready(address, first);
    let answers = Arc::clone(&shared);
    let connections = connections::Connections::new(connections::MAX_ANSWERING, move |request| {
        answer(request, &answers, address);
    });
    let open_streams = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        if let Some(page) = http::event_stream_page(request.url())
            && let Some(stream) = OpenStream::new(&open_streams)
        {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || stream_events(request, &shared, page.as_deref(), address, stream));
            continue;
        }
        connections.hand_over(request.remote_addr().copied(), request);
    }
    Ok(())
}

/// The most event streams (open tabs) served at once; each holds a thread while its tab
/// is open. Beyond it a tab's stream is refused with 503 (the tab then reloads no more
/// until one closes).
const MAX_STREAMS: usize = 64;

/// A place among the [`MAX_STREAMS`], given back when the stream ends.
struct OpenStream(Arc<AtomicUsize>);

impl OpenStream {
    fn new(open: &Arc<AtomicUsize>) -> Option<Self> {
        let taken = open.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < MAX_STREAMS).then_some(n + 1));
        taken.ok().map(|_| Self(Arc::clone(open)))
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The refusal of a request before it is looked up ([`http::refusal`]), if any.
fn refusal(request: &tiny_http::Request, address: SocketAddr) -> Option<Reply> {
    let headers: Vec<(&str, &str)> =
        request.headers().iter().map(|h| (h.field.as_str().as_str(), h.value.as_str())).collect();
    http::refusal(request.url(), &headers, address)
}

fn answer(request: tiny_http::Request, shared: &Shared, address: SocketAddr) {
    let allowed = matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head);
    let reply = if let Some(refused) = refusal(&request, address) {
        refused
    } else if http::event_stream_page(request.url()).is_some() {
        // Only when every stream place is taken (see `MAX_STREAMS`).
        Reply::text(503, "Too many open tabs: close some, then reload this one.")
    } else if allowed {
        respond(&shared.current(), request.url())
    } else {
        Reply::text(405, "Only GET and HEAD.")
    };
    send(request, reply);
}

fn send(request: tiny_http::Request, reply: Reply) {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = [
        ("Content-Type", Some(reply.content_type.to_string())),
        ("Cache-Control", Some("no-store".into())),
        ("Location", reply.location),
    ];
    for (name, value) in headers {
        if let Some(header) = value.and_then(|v| tiny_http::Header::from_bytes(name.as_bytes(), v.as_bytes()).ok()) {
            response.add_header(header);
        }
    }
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// A Server-Sent Events stream: the current generation at once, then each new one, and a
/// comment every 15 s so proxies keep the connection open. Ends when the browser leaves.
/// With the address of the tab's `page`, a new generation is sent only when the answer
/// for that page changed (its bytes, or the errors shown over it): a save reloads the
/// tabs it changed, and only once each, although the pages it touches and the site-wide
/// files are published one after the other.
fn stream_events(
    request: tiny_http::Request,
    shared: &Shared,
    page: Option<&str>,
    address: SocketAddr,
    _place: OpenStream,
) {
    if let Some(refused) = refusal(&request, address) {
        return send(request, refused);
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let first = shared.current();
    let mut seen = first.generation;
    // The tab's page and what it was last told to show there, to compare each new
    // snapshot's answer with.
    let _tab = page.map(|url| OpenTab::new(shared, url));
    let mut shown = page.map(|url| (url, http::shown_in_tab(&first, url)));
    drop(first);
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| write!(writer, "data: {seen}\n\n"))
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let now = shared.wait_for_change(seen, Duration::from_secs(15));
        let changed = now != seen
            && match &mut shown {
                Some((url, shown)) => {
                    let answer = http::shown_in_tab(&shared.current(), url);
                    let differs = answer != *shown;
                    *shown = answer;
                    differs
                }
                None => true,
            };
        let message = if changed { format!("data: {now}\n\n") } else { ": keep-alive\n\n".to_string() };
        seen = now;
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

/// The exit code for a failure to start: 2, it could not run.
pub fn failure_from(error: &ServeError) -> BuildFailure {
    let help = match error {
        ServeError::Listen { .. } => "choose another port with --port, or stop the program that uses it",
        ServeError::Watch { .. } => {
            "check that the folder exists and can be read, and the system's limit on watched files"
        }
        ServeError::NoSite { .. } | ServeError::NoContent { .. } => {
            "run signpost in the folder that holds `content/`, or pass `--content DIR`"
        }
        ServeError::Threads { .. } => {
            "the system refused new threads: close other programs, or raise the limit on processes"
        }
    };
    BuildFailure::Environment(
        [crate::diagnostics::Diagnostic::new(Code::Serve, error.to_string()).help(help)].into_iter().collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn a_panic_while_rebuilding_is_shown_as_a_failed_rebuild_and_the_next_one_runs() {
        let shared = Arc::new(Shared::default());
        let background = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        let mut rebuilder =
            Rebuilder { options: BuildOptions::default(), workspace: None, shared: Arc::clone(&shared), background };
        // Panics on the pool's thread too, as a rendering bug would.
        let failed = rebuilder
            .guarded(|r| -> Result<(), String> { r.background.install(|| panic!("index out of bounds: \u{1b}[2J")) });
        let text = failed.expect_err("a panic is a failed rebuild");
        assert!(text.contains("signpost::internal") && text.contains("index out of bounds"), "{text}");
        assert!(!text.contains('\u{1b}'), "escaped: {text}");
        let shown = shared.current();
        assert_eq!((shown.generation, shown.error.as_deref()), (1, Some(text.as_str())));
        assert_eq!(rebuilder.guarded(|_| Ok(7)), Ok(7), "the next rebuild runs");
        let message = String::from("a formatted message");
        assert!(panic_report(&message).contains("a formatted message"));
    }

    #[test]
    fn tabs_are_counted_while_their_streams_last() {
        let shared = Shared::default();
        let first = OpenTab::new(&shared, "/en/");
        let second = OpenTab::new(&shared, "/en/");
        let other = OpenTab::new(&shared, "/nl/");
        let open = |addresses: &[&str]| addresses.iter().map(|a| a.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(shared.open_in_tabs(), open(&["/en/", "/nl/"]));
        drop(other);
        drop(first);
        assert_eq!(shared.open_in_tabs(), open(&["/en/"]), "one tab still shows /en/");
        drop(second);
        assert!(shared.open_in_tabs().is_empty());
    }
}

//! The site kept between saves, brought up to date after each without running every
//! stage on every file: the engine `serve` drives. [`Workspace::update`] takes the
//! changed files and makes at once what their tabs need (the saved pages, or after a
//! theme save the pages open in a tab); [`Workspace::follow_up`] then makes, step by
//! step and giving up when a newer save waits, everything else the change reaches.
//!
//! What a change reaches is known from what each output read while it was rendered
//! ([`Read`]): a save changes some parts of some pages (their title, their facts, their
//! body) and some back-links, and every unit that read one of those is made again. No
//! rule says which pages show which; a template that starts showing another page's
//! field is covered because the view that handed it over read it. docs/serve.md has the
//! details; the test suite compares the result byte for byte with a full build after
//! every kind of edit.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::{Page, PageKey, Site, SiteConfig, Sources};
use crate::output::{OutputFile, Urls};
use crate::render::{Part, Read, Rendered, Theme, Unit};
use crate::resolve::Replaced;
use crate::{BuildFailure, BuildOptions};

/// How many units [`Workspace::follow_up`] renders before it puts them in the output:
/// about 50 ms of work on 2 cores for pages (each in 3 languages, at 30,000 pages).
/// Whether another save came in is asked before each unit, and as `data/site.json` is
/// made, so a newer save waits for at most the units being rendered (one per core).
const UNITS_AT_A_TIME: usize = 100;

/// The output files by path, as served. Copies share what did not change, so handing
/// the server a copy after each save costs nothing, however many files the site has;
/// and each file's bytes are kept as rendered, not copied (`data/site.json` is over
/// 100 MB at 30,000 pages).
pub type Files = imbl::OrdMap<String, Arc<Vec<u8>>>;

/// How a save was handled, for the terminal and for tests that check the fast path ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Only these many pages are rendered again (each in every language): the saved ones
    /// at once, the others they show in by [`Workspace::follow_up`].
    Pages(usize),
    /// Only the theme's static files changed: they alone are replaced.
    StaticFiles,
    /// Templates or UI strings changed: every unit is rendered again from the same
    /// resolved site, the pages open in a tab at once, the others by
    /// [`Workspace::follow_up`].
    EveryPage,
    Everything,
}

/// What one call of [`Workspace::follow_up`] made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// Pages the last saves show in: publish them (their tabs reload).
    Pages,
    /// The files that gather many pages (listings, sitemap, feeds, the data export).
    SiteWide,
    /// The search files, which no tab shows: swap them in without a reload.
    Search,
}

/// One unit of the output as last rendered: the files it made and what it read.
struct Made {
    unit: Unit,
    files: Vec<String>,
    reads: Vec<Read>,
}

/// The last good site and what is needed to update it after a save.
pub struct Workspace {
    options: BuildOptions,
    config: SiteConfig,
    /// Every page file as last read, with where its facts are written.
    sources: Sources,
    /// Where each page file is in `sources`, by its canonical path, to find it from a
    /// watcher's path.
    file_index: BTreeMap<PathBuf, usize>,
    theme: Theme,
    urls: Urls,
    site: Site,
    output: Files,
    /// Every unit, as last rendered.
    made: Vec<Made>,
    /// Where each unit is in `made`.
    unit_index: HashMap<Unit, usize>,
    /// Each read → the units (places in `made`) that read it when last rendered: what
    /// a change reaches, looked up without going through every unit's reads.
    readers: foldhash::HashMap<Read, Vec<usize>>,
    /// Page files saved since the last good build: an edit that fails is kept here, so
    /// the build after its fix covers what it touched.
    pending: BTreeSet<PathBuf>,
    /// A full build failed since: the kept files may describe another site.
    stale: bool,
    /// Units outdated by the last saves and not made again yet.
    outdated: BTreeSet<usize>,
    /// Whether the search files are older than the site.
    search_outdated: bool,
    /// What the last saves replaced or gave up, freed once the browser was told to reload:
    /// at 30,000 pages the pages a save replaced, or a search index given up half-way,
    /// take tens of milliseconds to free, which would otherwise delay the reload.
    leftovers: Vec<Box<dyn Send>>,
}

/// What a save asks of the workspace.
enum Change {
    /// Known page files changed in place.
    Pages(BTreeSet<PathBuf>),
    /// Files of the theme changed (templates, UI strings, static files), and nothing in
    /// the content.
    Theme,
    /// Anything else: a page added or deleted, `site.toml`, or pages and the theme at
    /// once. Everything is built again.
    Everything,
}

impl Workspace {
    /// Runs every stage, as `signpost build` does, and keeps what it read and made.
    pub fn build(options: &BuildOptions) -> Result<Self, BuildFailure> {
        let (raw, diagnostics) = crate::load_site(options)?;
        let config = raw.config.clone();
        let crate::Resolved { site, sources, theme, urls, diagnostics } =
            crate::resolve_loaded(options, raw, diagnostics)?;
        let (rendered, problems) =
            crate::render::render_units(&site, &theme, &urls, &crate::render::units(&site), &|| false);
        let (search_files, notes) = crate::index::index(&site);
        let mut found = diagnostics;
        found.extend(problems);
        found.extend(notes);
        if found.has_errors() {
            return Err(BuildFailure::Content(found));
        }
        let file_index = sources
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| std::fs::canonicalize(&f.file.path).ok().map(|p| (p, i)))
            .collect();
        let mut workspace = Self {
            options: options.clone(),
            config,
            sources,
            file_index,
            theme,
            urls,
            site,
            output: Files::new(),
            made: Vec::new(),
            unit_index: HashMap::new(),
            readers: foldhash::HashMap::default(),
            pending: BTreeSet::new(),
            stale: false,
            outdated: BTreeSet::new(),
            search_outdated: false,
            leftovers: Vec::new(),
        };
        workspace.put(rendered);
        workspace.output.extend(search_files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
        Ok(workspace)
    }

    /// The files being served.
    pub fn output(&self) -> &Files {
        &self.output
    }

    /// Brings the output up to date after the files at `paths` changed, as far as the
    /// tabs of the change need at once: the saved pages, or after a theme save the
    /// pages at `open` (output paths of pages open in a browser tab). Page by page when
    /// only known pages or the theme changed, else by a full build. On failure the last
    /// good output stays, and the save is remembered for the next attempt.
    pub fn update(&mut self, paths: &[PathBuf], open: &BTreeSet<String>) -> Result<Rebuilt, Diagnostics> {
        if self.stale {
            return self.build_again();
        }
        match self.classify(paths) {
            Change::Pages(pages) => match self.update_pages(&pages) {
                Ok(count) => Ok(Rebuilt::Pages(count)),
                Err(Some(problems)) => Err(problems),
                Err(None) => self.build_again(),
            },
            // A page save that failed stays reported: only a build with it may follow.
            Change::Theme if self.pending.is_empty() => self.update_theme(open),
            Change::Theme | Change::Everything => self.build_again(),
        }
    }

    /// Makes the next part of what the last saves left outdated, unless `cancelled` says
    /// a newer save waits (it is asked before each unit, while `data/site.json` is made
    /// and once per page while the search index is made): first the pages the saves show in,
    /// then the files that gather many pages, then the search files. `None` when nothing
    /// is left or a newer save waits. A failure is a template's (resolve passed): a full
    /// build runs to report it, as `build` would.
    pub fn follow_up(&mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Result<FollowUp, Diagnostics>> {
        let is_page = |made: &Made| matches!(made.unit, Unit::Page(_));
        for (phase, pages) in [(FollowUp::Pages, true), (FollowUp::SiteWide, false)] {
            let mut rendered_any = false;
            loop {
                if cancelled() {
                    return None;
                }
                let round: Vec<usize> = self
                    .outdated
                    .iter()
                    .copied()
                    .filter(|&at| is_page(&self.made[at]) == pages)
                    .take(UNITS_AT_A_TIME)
                    .collect();
                if round.is_empty() {
                    break;
                }
                if let Err(problems) = self.render(&round, cancelled) {
                    return Some(self.build_again().map(|_| phase).or(Err(problems)));
                }
                rendered_any = true;
            }
            if rendered_any {
                return Some(Ok(phase));
            }
        }
        if !self.search_outdated {
            return None;
        }
        match crate::index::index_unless(&self.site, cancelled) {
            Ok((search_files, _)) => {
                let old: Vec<String> =
                    self.output.keys().filter(|path| crate::index::is_index_file(path)).cloned().collect();
                old.iter().for_each(|path| drop(self.output.remove(path)));
                self.output.extend(search_files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
                self.search_outdated = false;
                Some(Ok(FollowUp::Search))
            }
            Err(given_up) => {
                self.leftovers.push(given_up);
                None
            }
        }
    }

    /// Frees, on another thread, what the last saves replaced or gave up: `serve` calls
    /// it once the reload is out, so the rebuild the reload waits for does not share the
    /// processor with freeing.
    pub fn free_leftovers(&mut self) {
        let kept = std::mem::take(&mut self.leftovers);
        if !kept.is_empty() {
            std::thread::spawn(move || drop(kept));
        }
    }

    /// A full build from the files on disk, replacing everything kept.
    fn build_again(&mut self) -> Result<Rebuilt, Diagnostics> {
        match Self::build(&self.options) {
            Ok(fresh) => {
                let old = std::mem::replace(self, fresh);
                self.leftovers.push(Box::new(old.site));
                Ok(Rebuilt::Everything)
            }
            Err(BuildFailure::Content(problems) | BuildFailure::Environment(problems)) => {
                // The files on disk no longer match what is kept: only a full build may
                // follow.
                self.stale = true;
                Err(problems)
            }
        }
    }

    /// Puts rendered units into the output and keeps what they read; they are no
    /// longer outdated.
    fn put(&mut self, rendered: Vec<Rendered>) {
        for Rendered { unit, files, reads } in rendered {
            let paths = files.iter().map(|f| f.path.clone()).collect();
            self.output.extend(files.into_iter().map(|OutputFile { path, bytes }| (path, Arc::new(bytes))));
            let at = match self.unit_index.get(&unit) {
                Some(&at) => at,
                None => {
                    self.unit_index.insert(unit.clone(), self.made.len());
                    self.made.push(Made { unit, files: Vec::new(), reads: Vec::new() });
                    self.made.len() - 1
                }
            };
            let made = &mut self.made[at];
            // A unit made again mostly reads what it read before (a listing of
            // thousands of pages): then the table of readers stays as it is.
            if made.reads != reads {
                for read in &made.reads {
                    if let Some(units) = self.readers.get_mut(read) {
                        units.retain(|&u| u != at);
                    }
                }
                for read in &reads {
                    self.readers.entry(read.clone()).or_default().push(at);
                }
                made.reads = reads;
            }
            made.files = paths;
            self.outdated.remove(&at);
        }
    }

    /// Renders the units at `at` in `made` into the output, those not begun or not
    /// finished when `cancelled` says so left outdated. Only a template can fail here
    /// (resolve passed).
    fn render(&mut self, at: &[usize], cancelled: &(dyn Fn() -> bool + Sync)) -> Result<(), Diagnostics> {
        let units: Vec<Unit> = at.iter().map(|&i| self.made[i].unit.clone()).collect();
        let (rendered, problems) = crate::render::render_units(&self.site, &self.theme, &self.urls, &units, cancelled);
        if problems.has_errors() {
            return Err(problems);
        }
        self.put(rendered);
        Ok(())
    }

    /// Loads the theme again after only its files changed; the resolved site stays.
    /// Changed static files are all a browser needs. Changed templates or UI strings
    /// make every unit outdated, and render the pages open in a tab (at `open`) at once.
    /// The search files stay: they are made from the site alone. A theme that fails to
    /// load keeps the last good output, and only a full build may follow, as after any
    /// failed build; one that fails to render a page runs a full build, which reports it.
    fn update_theme(&mut self, open: &BTreeSet<String>) -> Result<Rebuilt, Diagnostics> {
        let mut problems = Diagnostics::new();
        let loaded = crate::theme(&self.options, &self.config, &mut problems);
        let Some(theme) = loaded.filter(|_| !problems.has_errors()) else {
            self.stale = true;
            return Err(problems);
        };
        let renders_like = theme.renders_like(&self.theme);
        let old_theme = std::mem::replace(&mut self.theme, theme);
        // The pages load the static files: they are replaced at once either way.
        old_theme.static_files.keys().for_each(|path| drop(self.output.remove(path)));
        self.leftovers.push(Box::new(old_theme));
        let static_files = self.unit_index.get(&Unit::StaticFiles).copied();
        if self.render(&static_files.into_iter().collect::<Vec<_>>(), &|| false).is_err() {
            return self.build_again();
        }
        if renders_like {
            return Ok(Rebuilt::StaticFiles);
        }
        self.outdated.extend(0..self.made.len());
        let shown: Vec<usize> = (0..self.made.len())
            .filter(|&at| {
                matches!(self.made[at].unit, Unit::Page(_)) && self.made[at].files.iter().any(|f| open.contains(f))
            })
            .collect();
        if self.render(&shown, &|| false).is_err() {
            return self.build_again();
        }
        Ok(Rebuilt::EveryPage)
    }

    /// `Err(None)`: this change needs a full build. Renders only the saved pages; the
    /// units the change reaches wait for [`Workspace::follow_up`]. Counts the pages of both.
    fn update_pages(&mut self, paths: &BTreeSet<PathBuf>) -> Result<usize, Option<Diagnostics>> {
        self.pending.extend(paths.iter().cloned());
        self.reload_pending()?;
        let edited: BTreeSet<PageKey> = self
            .pending
            .iter()
            .filter_map(|p| self.file_index.get(p))
            .map(|&i| self.sources.files[i].key.clone())
            .collect();
        let today = crate::today(&self.options);
        let replaced =
            crate::resolve::resolve_pages(&mut self.site, &mut self.sources, &edited, today).map_err(Some)?;
        self.pending.clear();
        let changed = self.changed_reads(&replaced);
        self.leftovers.push(Box::new(replaced));
        // The saved pages first, so their tabs reload at once.
        let saved: Vec<usize> = edited
            .iter()
            .filter_map(|key| self.site.position(key))
            .filter_map(|page| self.unit_index.get(&Unit::Page(page)).copied())
            .collect();
        let reached: BTreeSet<usize> = changed
            .iter()
            .filter_map(|read| self.readers.get(read))
            .flatten()
            .copied()
            .filter(|at| !saved.contains(at))
            .collect();
        if !changed.is_empty() {
            self.render(&saved, &|| false).map_err(|_| None)?;
            self.search_outdated = true;
        }
        self.outdated.extend(reached.iter().copied());
        let pages = |at: &&usize| matches!(self.made[**at].unit, Unit::Page(_));
        Ok(saved.iter().filter(pages).count() + reached.iter().filter(pages).count())
    }

    /// What the last save changed of the site, from the pages it `replaced`: the parts
    /// of each page that differ, and the back-links.
    fn changed_reads(&self, replaced: &Replaced) -> HashSet<Read> {
        let mut changed = HashSet::new();
        for before in &replaced.pages {
            let Some(at) = self.site.position(&before.key) else { continue };
            let now = &self.site.pages[at];
            let title_changed = !before
                .translations
                .values()
                .map(|t| (&t.title, &t.summary))
                .eq(now.translations.values().map(|t| (&t.title, &t.summary)));
            let body_changed = !before
                .translations
                .values()
                .map(|t| (t.body(), &t.headings, &t.internal_links))
                .eq(now.translations.values().map(|t| (t.body(), &t.headings, &t.internal_links)));
            if title_changed {
                changed.insert(Read::Page(at, Part::Title));
            }
            if body_changed {
                changed.insert(Read::Page(at, Part::Body));
            }
            // Whatever else differs is content: facts, other texts, review dates.
            if !same_content(before, now) {
                changed.insert(Read::Page(at, Part::Content));
            }
        }
        changed.extend(replaced.back_links_changed.iter().cloned().map(Read::BackLinks));
        changed
    }

    /// Reads every page file saved since the last good build again, so an error in one
    /// is reported until it is fixed, whichever file is saved next. `Err(None)`: a file
    /// was deleted or renamed into another page's name, which needs a full build.
    fn reload_pending(&mut self) -> Result<(), Option<Diagnostics>> {
        let mut diagnostics = Diagnostics::new();
        for path in &self.pending {
            let Some(&at) = self.file_index.get(path) else { return Err(None) };
            let kept = &self.sources.files[at];
            let (loaded, found) = crate::load::load_page_file(&self.options.content, &kept.file.path, &self.config);
            diagnostics.extend(found);
            match loaded {
                Some(file) if file.key == kept.key && file.lang == kept.lang => self.sources.files[at] = file,
                Some(_) => return Err(None),
                None if !path.is_file() => return Err(None),
                None => {}
            }
        }
        if diagnostics.has_errors() { Err(Some(diagnostics)) } else { Ok(()) }
    }

    /// Whether a change at `path` below the content folder `content`, not a page file as
    /// last read, may change the site: a new or deleted page or `site.toml`, or a folder,
    /// or what held page files (a folder moved away brings no event for its files). An
    /// editor's backup and temporary files change nothing (vim's save made and deleted two,
    /// and each save rebuilt the whole site).
    fn may_change_the_site(&self, path: &Path, content: &Path) -> bool {
        let held_pages =
            self.file_index.range(path.to_path_buf()..).next().is_some_and(|(page, _)| page.starts_with(path));
        crate::load::reads_file(path, content) || held_pages || path.is_dir()
    }

    fn classify(&self, paths: &[PathBuf]) -> Change {
        let content = canonical(&self.options.content);
        let theme_folders: Vec<PathBuf> =
            crate::load::theme_folders(&self.options.content).iter().map(|f| canonical(f)).collect();
        let mut pages = BTreeSet::new();
        let mut theme = false;
        for path in paths.iter().map(|p| canonical(p)) {
            if let Ok(below_content) = path.strip_prefix(&content) {
                if below_content.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
                    // `load` skips hidden files and folders (editor swap files, `.git`).
                    continue;
                }
                if self.file_index.contains_key(&path) && path.is_file() {
                    pages.insert(path);
                } else if self.may_change_the_site(&path, &content) {
                    return Change::Everything;
                }
            } else if theme_folders.iter().any(|folder| path.starts_with(folder)) {
                theme = true;
            } else {
                return Change::Everything;
            }
        }
        match (theme, pages.is_empty()) {
            (false, _) => Change::Pages(pages),
            (true, true) => Change::Theme,
            (true, false) => Change::Everything,
        }
    }
}

/// Whether two versions of a page say the same besides their titles, summaries and bodies.
fn same_content(a: &Page, b: &Page) -> bool {
    fn texts(
        page: &Page,
    ) -> impl Iterator<Item = (&String, &Vec<String>, Option<jiff::civil::Date>, &crate::model::Texts)> {
        page.translations.values().map(|t| (&t.lang, &t.terms, t.reviewed, t.texts()))
    }
    a.valid_from == b.valid_from
        && a.valid_until == b.valid_until
        && a.sources == b.sources
        && a.concept == b.concept
        && a.facts == b.facts
        && texts(a).eq(texts(b))
}

/// What `serve` watches, and which of the paths a watcher reports change the site.
pub struct WatchedFolders {
    /// Watched with all they hold: content, and beside it the themes and the site's own
    /// templates, UI strings and static files, where they exist and `load` would read them
    /// (not through a link leading out of the site). Each as its real path, links
    /// resolved: a watcher that follows no links still watches a folder given as one.
    pub recursive: Vec<PathBuf>,
    /// The folder holding them, as its real path, watched on its own level only: for a
    /// theme folder made (or removed) while serving, and the content folder put back after
    /// it was moved or deleted (a watch ends with its folder).
    pub site_root: PathBuf,
    /// The names of the content and theme folders, the site root's only entries that matter.
    site_folder_names: Vec<std::ffi::OsString>,
}

impl WatchedFolders {
    /// Fails when the folder holding the content folder cannot be found.
    pub fn new(options: &BuildOptions) -> Result<WatchedFolders, (PathBuf, std::io::Error)> {
        let site_root = crate::load::site_root(&options.content);
        let real_root = std::fs::canonicalize(&site_root).map_err(|e| (site_root, e))?;
        let theme_folders = crate::load::theme_folders(&options.content);
        let recursive = std::iter::once(canonical(&options.content))
            .chain(theme_folders.iter().filter_map(|f| watched_folder(f, options)))
            .collect();
        let site_folder_names = theme_folders
            .iter()
            .chain([&options.content])
            .filter_map(|folder| folder.file_name().map(ToOwned::to_owned))
            .collect();
        Ok(WatchedFolders { recursive, site_root: real_root, site_folder_names })
    }

    /// Whether a change at `path` may change the site: anything in the watched folders,
    /// and of the site root's own entries only the content and theme folders.
    pub fn matters(&self, path: &Path) -> bool {
        !self.is_site_root_entry(path)
            || path.file_name().is_some_and(|name| self.site_folder_names.iter().any(|n| n == name))
    }

    /// Whether `path` sits right in the site root: a folder there that [`Self::matters`]
    /// has appeared (or come back) and is to be watched from now on ([`watched_folder`]).
    pub fn is_site_root_entry(&self, path: &Path) -> bool {
        path.parent() == Some(self.site_root.as_path())
    }
}

/// The real path of `folder`, the content folder or a theme folder, when it is one to
/// watch ([`WatchedFolders::recursive`]' rule), also for a folder made (or put back)
/// while serving.
pub fn watched_folder(folder: &Path, options: &BuildOptions) -> Option<PathBuf> {
    let site_root = crate::load::site_root(&options.content);
    let real = canonical(folder);
    let is_content = real == canonical(&options.content);
    let readable = is_content || crate::load::theme_folder_inside_site(folder, &site_root).is_ok();
    (folder.is_dir() && readable).then_some(real)
}

/// The path with symbolic links and `..` resolved, also for a file just deleted (its
/// folder is resolved), so a watcher's path matches the one `load` read.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => std::fs::canonicalize(parent).map(|p| p.join(name)),
            _ => Err(std::io::ErrorKind::NotFound.into()),
        })
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watch_covers_content_and_existing_theme_folders_and_of_the_site_root_only_those() {
        let temp = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(temp.path()).expect("real path");
        for folder in ["content/nl", "templates", "themes/default"] {
            std::fs::create_dir_all(root.join(folder)).expect("folder");
        }
        std::os::unix::fs::symlink(std::env::temp_dir(), root.join("static")).expect("link out of the site");
        let options = BuildOptions { content: root.join("content"), ..BuildOptions::default() };
        let watched = WatchedFolders::new(&options).expect("the site root exists");
        assert_eq!(watched.site_root, root);
        assert_eq!(watched.recursive, [root.join("content"), root.join("themes"), root.join("templates")]);
        for path in ["content", "templates", "i18n", "static", "themes", "content/nl/x.md", "templates/a/b.html"] {
            assert!(watched.matters(&root.join(path)), "{path}");
        }
        for path in ["notes.txt", "public", ".git"] {
            assert!(!watched.matters(&root.join(path)), "{path}");
        }
        assert!(
            watched.is_site_root_entry(&root.join("i18n")) && !watched.is_site_root_entry(&root.join("content/nl"))
        );
    }
}

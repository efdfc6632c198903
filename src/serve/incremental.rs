//! The site `serve` keeps in memory between saves, and how a save of one page becomes a
//! new site without running every stage on every file: the loaded files, the resolved
//! site, the rendered output and, per page, the pages its HTML links to. A save re-reads
//! that one file, resolves that page again (with the site's facts and the links into
//! it) unless resolve cannot notice the change, renders the saved page at once, then
//! only the other pages the edit can show in.
//! The dependency model is in docs/serve.md; the test suite compares the result byte
//! for byte with a fresh full build after every kind of edit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::{LoadedFile, Page, PageKey, PageKind, Relations, Site, SiteConfig};
use crate::render::{OutputFile, Theme, Urls};
use crate::resolve::EditKind;
use crate::{BuildFailure, BuildOptions};

/// How many pages [`Workspace::refresh_pages`] renders between two looks at whether
/// another save came in: about 50 ms of work on 2 cores (each page in 3 languages, at
/// 30,000 pages), so a save made while every page is rendered again waits no longer.
const PAGES_AT_A_TIME: usize = 100;

/// The last good site and everything needed to update it after a save.
pub struct Workspace {
    options: BuildOptions,
    config: SiteConfig,
    /// Every page file as last read, sorted by key and language (as `load` returns them).
    files: Vec<LoadedFile>,
    /// Where each page file is, canonicalised, to find it from a watcher's path.
    file_index: BTreeMap<PathBuf, usize>,
    theme: Theme,
    urls: Urls,
    site: Site,
    output: BTreeMap<String, Arc<[u8]>>,
    /// Page → the pages its HTML (in any language) links to.
    links: BTreeMap<PageKey, BTreeSet<PageKey>>,
    /// Output folder (`nl/nl/organisations/uwv/`) → the page there, in every language.
    page_at: BTreeMap<String, PageKey>,
    /// Page files saved since the last good build: an edit that fails is kept here, so
    /// the build after its fix re-renders what it touched.
    pending: BTreeSet<PathBuf>,
    /// A full build failed since: the kept files may describe another site.
    stale: bool,
    /// Pages a save showed in, other than the saved pages, not rendered again yet:
    /// [`Workspace::refresh_pages`] renders them.
    outdated_pages: BTreeSet<PageKey>,
    /// Front matter changed since the site-wide files were made:
    /// [`Workspace::refresh_site_wide`] makes them again.
    site_wide_outdated: bool,
    /// Pages changed since the search files were made: [`Workspace::refresh_search`]
    /// makes them again.
    search_outdated: bool,
    /// The site a save replaced, a search index given up: freed once the browser was
    /// told to reload ([`Workspace::free_leftovers`]), not before.
    leftovers: crate::Leftovers,
    /// Addresses of the pages open in a browser tab ([`Workspace::show_first`]).
    open_in_tabs: BTreeSet<String>,
}

/// How a save was handled, for the terminal and for tests that check the fast path ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Only these many pages are rendered again (each in every language): the saved ones
    /// at once, the others by [`Workspace::refresh_pages`].
    Pages(usize),
    /// Only the theme's static files changed: they alone are replaced.
    StaticFiles,
    /// Templates or UI strings changed: every page and site-wide file is rendered again
    /// from the same resolved site, the pages open in a tab at once, the others by
    /// [`Workspace::refresh_pages`] and [`Workspace::refresh_site_wide`].
    EveryPage,
    Everything,
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
        let (raw, diagnostics) = crate::load::load(&options.content);
        let Some(raw) = raw else {
            // Nothing to build from: `prepare` says why, exactly as `build` would.
            return Err(crate::prepare(options).err().unwrap_or(BuildFailure::Content(diagnostics)));
        };
        let (config, files) = (raw.config.clone(), raw.files.clone());
        let crate::Prepared { site, theme, urls, rendered, .. } = crate::prepare_loaded(options, raw, diagnostics)?;
        let output = rendered.files.into_iter().map(|f| (f.path, Arc::from(f.bytes))).collect();
        let mut workspace = Self {
            options: options.clone(),
            file_index: BTreeMap::new(),
            config,
            files,
            theme,
            urls,
            site,
            output,
            links: BTreeMap::new(),
            page_at: BTreeMap::new(),
            pending: BTreeSet::new(),
            stale: false,
            outdated_pages: BTreeSet::new(),
            site_wide_outdated: false,
            search_outdated: false,
            leftovers: crate::Leftovers::default(),
            open_in_tabs: BTreeSet::new(),
        };
        let languages = workspace.site.config.language_codes();
        workspace.page_at = workspace
            .site
            .pages
            .iter()
            .flat_map(|p| languages.iter().map(move |lang| (Urls::page_dir(lang, &p.key), p.key.clone())))
            .collect();
        workspace.file_index = workspace
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| std::fs::canonicalize(&f.file.path).ok().map(|p| (p, i)))
            .collect();
        let all: BTreeSet<PageKey> = workspace.site.pages.iter().map(|p| p.key.clone()).collect();
        workspace.links = workspace.links_of(&all);
        Ok(workspace)
    }

    /// The files being served.
    pub fn output(&self) -> &BTreeMap<String, Arc<[u8]>> {
        &self.output
    }

    /// Brings the pages up to date after the files at `paths` changed: page by page when
    /// only known pages changed, else by a full build. On failure the last good output
    /// stays, and the edit is remembered for the next attempt. Only the saved pages are
    /// sure to be up to date: [`Workspace::refresh_pages`],
    /// [`Workspace::refresh_site_wide`] and [`Workspace::refresh_search`] follow, in that
    /// order, after the browser was told to reload.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
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
            Change::Theme if self.pending.is_empty() => self.update_theme(),
            Change::Theme | Change::Everything => self.build_again(),
        }
    }

    /// The addresses of the pages open in a browser tab (`/en/nl/`): after a change of
    /// the theme, which every page shows, they are rendered and published first.
    pub fn show_first(&mut self, addresses: BTreeSet<String>) {
        self.open_in_tabs = addresses;
    }

    /// Loads the theme again after only its files changed; the resolved site stays.
    /// Changed static files are all a browser needs. Changed templates or UI strings
    /// render every page and site-wide file again: the pages open in a tab at once, the
    /// others after the reload ([`Workspace::refresh_pages`],
    /// [`Workspace::refresh_site_wide`]). The search files stay: they are made from the
    /// site alone. A theme that fails to load keeps the last good output, and only a
    /// full build may follow, as after any failed build; one that fails to render a
    /// page runs a full build, which reports it.
    fn update_theme(&mut self) -> Result<Rebuilt, Diagnostics> {
        let mut problems = Diagnostics::new();
        let languages = self.config.language_codes();
        let loaded = crate::render::load_theme(&self.options.content, &self.config.theme, &languages, &mut problems);
        let Some(theme) = loaded.filter(|_| !problems.has_errors()) else {
            self.stale = true;
            return Err(problems);
        };
        // The pages load the static files: they are published at once either way.
        let old_static = &self.theme.static_files;
        self.output.retain(|path, _| !old_static.contains_key(path));
        self.output.extend(theme.static_files.iter().map(|(path, bytes)| (path.clone(), Arc::from(&bytes[..]))));
        let renders_like = theme.renders_like(&self.theme);
        self.leftovers.keep(std::mem::replace(&mut self.theme, theme));
        if renders_like {
            return Ok(Rebuilt::StaticFiles);
        }
        let open: BTreeSet<PageKey> = self
            .open_in_tabs
            .iter()
            .filter_map(|address| super::output_path(address))
            .filter_map(|path| self.page_at.get(path.strip_suffix("index.html")?).cloned())
            .collect();
        if self.render_round(&open).is_err() {
            return self.build_again();
        }
        self.outdated_pages = self.site.pages.iter().map(|p| p.key.clone()).filter(|key| !open.contains(key)).collect();
        self.site_wide_outdated = true;
        Ok(Rebuilt::EveryPage)
    }

    /// A full build from the files on disk, replacing everything kept.
    fn build_again(&mut self) -> Result<Rebuilt, Diagnostics> {
        match Self::build(&self.options) {
            Ok(fresh) => {
                *self = fresh;
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

    /// `Err(None)`: this change needs a full build. Renders only the changed pages; the
    /// others the change shows in wait for [`Workspace::refresh_pages`]. Counts both.
    fn update_pages(&mut self, pages: &BTreeSet<PathBuf>) -> Result<usize, Option<Diagnostics>> {
        self.pending.extend(pages.iter().cloned());
        self.reload_pending()?;
        let pending: Vec<usize> = self.pending.iter().filter_map(|p| self.file_index.get(p).copied()).collect();
        let changed: BTreeSet<PageKey> = pending.iter().map(|&i| self.files[i].key.clone()).collect();
        let edit = pending
            .iter()
            .map(|&i| crate::resolve::edit_kind(&self.site, &self.files[i]))
            .max()
            .unwrap_or(EditKind::Prose);
        let mut affected = if edit != EditKind::Other {
            // Resolving again would find what it found before: the saved text goes
            // straight into the site.
            for &i in &pending {
                crate::resolve::replace_translation(&mut self.site, self.files[i].clone());
            }
            if edit == EditKind::Prose {
                // Prose shows on its own page only.
                self.render_round(&changed).map_err(|()| None)?;
                self.search_outdated = true;
                self.pending.clear();
                return Ok(changed.len());
            }
            self.affected(&self.site.relations, &changed)
        } else {
            let files: Vec<LoadedFile> = self.files.iter().filter(|f| changed.contains(&f.key)).cloned().collect();
            let today = self.options.today.unwrap_or_else(|| jiff::Zoned::now().date());
            let replaced = crate::resolve::resolve_pages(&mut self.site, files, today).map_err(Some)?;
            let affected = self.affected(&replaced.relations, &changed);
            self.leftovers.keep(replaced);
            affected
        };
        // The saved pages first, so their tabs reload at once. Rendering them may reveal
        // pages they now link to: those gain a back-link, so they join the rest.
        let links = self.render_round(&changed).map_err(|()| None)?;
        affected.extend(links.into_values().flatten());
        affected.extend(changed.iter().cloned());
        let count = affected.len();
        self.outdated_pages.extend(affected.into_iter().filter(|key| !changed.contains(key)));
        self.site_wide_outdated = true;
        self.search_outdated = true;
        self.pending.clear();
        Ok(count)
    }

    /// Renders the pages the last saves showed in besides the saved pages themselves
    /// (back-links, overviews, related pages, or every page after a theme change);
    /// `Ok(false)` when none were. They are rendered [`PAGES_AT_A_TIME`] at a time, and
    /// when `cancelled` says another save came in, the rest wait for the next call.
    /// A failure is a template's: a full build runs to report it.
    pub fn refresh_pages(&mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<bool, Diagnostics> {
        let mut rendered_any = false;
        while !self.outdated_pages.is_empty() && !cancelled() {
            let rest = match self.outdated_pages.iter().nth(PAGES_AT_A_TIME).cloned() {
                Some(first_of_rest) => self.outdated_pages.split_off(&first_of_rest),
                None => BTreeSet::new(),
            };
            let round = std::mem::replace(&mut self.outdated_pages, rest);
            if self.render_round(&round).is_err() {
                return self.build_again().map(|_| true);
            }
            rendered_any = true;
        }
        Ok(rendered_any)
    }

    /// Reads every page file saved since the last good build again, so an error in one
    /// is reported until it is fixed, whichever file is saved next. `Err(None)`: a file
    /// was deleted or renamed into another page's name, which needs a full build.
    fn reload_pending(&mut self) -> Result<(), Option<Diagnostics>> {
        let mut diagnostics = Diagnostics::new();
        for path in &self.pending {
            let Some(&at) = self.file_index.get(path) else { return Err(None) };
            let (loaded, found) =
                crate::load::load_page_file(&self.options.content, &self.files[at].file.path, &self.config);
            diagnostics.extend(found);
            match loaded {
                Some(file) if file.key == self.files[at].key && file.lang == self.files[at].lang => {
                    self.files[at] = file
                }
                Some(_) => return Err(None),
                None if !path.is_file() => return Err(None),
                None => {}
            }
        }
        if diagnostics.has_errors() { Err(Some(diagnostics)) } else { Ok(()) }
    }

    /// Makes the site-wide files again (root, 404 pages, letter finders, comparison,
    /// glossary index, feeds, sitemap, `data/site.json`) after a save changed front
    /// matter; `Ok(false)` when they were up to date. Each lists or counts every page, so
    /// at 30,000 pages they take longer than the saved page and those around it:
    /// `serve` reloads the browser first and calls this after. A failure here is a
    /// template's (resolve passed): a full build runs to report it, as `build` would.
    pub fn refresh_site_wide(&mut self) -> Result<bool, Diagnostics> {
        if !self.site_wide_outdated {
            return Ok(false);
        }
        let (site_wide, problems) = crate::render::site_wide_files(&self.site, &self.theme, &self.urls);
        if problems.has_errors() {
            return self.build_again().map(|_| true);
        }
        self.output.extend(site_wide.into_iter().map(|f| (f.path, Arc::from(f.bytes))));
        self.site_wide_outdated = false;
        Ok(true)
    }

    /// Makes the search files again after pages changed; `false` when they were up to
    /// date. The index scores every page against every other (BM25's document
    /// frequencies), so it is made whole, which at 30,000 pages takes longer than the
    /// pages themselves: `serve` reloads the browser first and swaps these in after,
    /// and gives up (`false`, still outdated) when `cancelled` says another save came in.
    pub fn refresh_search(&mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> bool {
        if !self.search_outdated {
            return false;
        }
        let search_files = match crate::index::index_unless(&self.site, cancelled) {
            Ok((search_files, _)) => search_files,
            Err(given_up) => {
                self.leftovers.extend(given_up);
                return false;
            }
        };
        self.output.retain(|path, _| !crate::index::is_index_file(path));
        self.output.extend(search_files.into_iter().map(|f| (f.path, Arc::from(f.bytes))));
        self.search_outdated = false;
        true
    }

    /// Frees, on another thread, what the last saves replaced or gave up: `serve` calls
    /// it once the reload is out, so the rebuild the reload waits for does not share the
    /// processor with freeing.
    pub fn free_leftovers(&mut self) {
        self.leftovers.free_in_background();
    }

    fn classify(&self, paths: &[PathBuf]) -> Change {
        let content = canonical(&self.options.content);
        let theme_folders: Vec<PathBuf> =
            crate::render::theme_folders(&self.options.content).iter().map(|f| canonical(f)).collect();
        let mut pages = BTreeSet::new();
        let mut theme = false;
        for path in paths.iter().map(|p| canonical(p)) {
            if let Ok(below_content) = path.strip_prefix(&content) {
                if below_content.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
                    // `load` skips hidden files and folders (editor swap files, `.git`).
                    continue;
                }
                if !self.file_index.contains_key(&path) || !path.is_file() {
                    return Change::Everything;
                }
                pages.insert(path);
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

    /// The pages an edit of `changed` can show in: see docs/serve.md.
    fn affected(&self, old_relations: &Relations, changed: &BTreeSet<PageKey>) -> BTreeSet<PageKey> {
        let everything = || self.site.pages.iter().map(|p| p.key.clone()).collect();
        // Overviews and cross-border pages show in the breadcrumbs, lists and notices of
        // many pages without a link back to each: an edit of one renders every page.
        if changed.iter().any(|k| matches!(k.kind, PageKind::Home | PageKind::Country | PageKind::CrossBorder)) {
            return everything();
        }
        let mut affected: BTreeSet<PageKey> = self
            .site
            .pages
            .iter()
            .filter(|p| matches!(p.key.kind, PageKind::Home | PageKind::Country))
            .map(|p| p.key.clone())
            .collect();
        for key in changed {
            affected.insert(key.clone());
            affected.extend(self.links.get(key).into_iter().flatten().cloned());
            affected.extend(self.links.iter().filter(|(_, to)| to.contains(key)).map(|(from, _)| from.clone()));
            affected.extend(related(old_relations, key));
            affected.extend(related(&self.site.relations, key));
        }
        affected.retain(|k| self.site.page(k).is_some());
        affected
    }

    /// Renders `keys` into the output, replacing what they were in every language.
    fn render_pages(&mut self, keys: &BTreeSet<PageKey>) -> Result<(), Diagnostics> {
        let chosen: Vec<&Page> = keys.iter().filter_map(|k| self.site.page(k)).collect();
        let (files, problems) = crate::render::render_pages(&self.site, &self.theme, &self.urls, &chosen);
        if problems.has_errors() {
            return Err(problems);
        }
        for key in keys {
            for lang in self.site.config.language_codes() {
                self.output.remove(&format!("{}index.html", Urls::page_dir(lang, key)));
            }
        }
        self.output.extend(files.into_iter().map(|OutputFile { path, bytes }| (path, Arc::from(bytes))));
        Ok(())
    }

    /// Renders `keys` and records whom they link to now; returns those links. A page
    /// that fails to render after resolve passed is a template's fault and the output
    /// is half updated: `Err` asks for a full build, to report it.
    fn render_round(&mut self, keys: &BTreeSet<PageKey>) -> Result<BTreeMap<PageKey, BTreeSet<PageKey>>, ()> {
        self.render_pages(keys).map_err(|_| ())?;
        let new_links = self.links_of(keys);
        self.links.extend(new_links.clone());
        Ok(new_links)
    }

    /// For each of `keys`, the pages its rendered HTML links to, in any language.
    /// Pages in parallel: after a theme change every page is read again.
    fn links_of(&self, keys: &BTreeSet<PageKey>) -> BTreeMap<PageKey, BTreeSet<PageKey>> {
        let languages = self.site.config.language_codes();
        let base_url = format!("{}/", self.site.config.base_url.trim_end_matches('/'));
        // Not `self` in the closure: the leftovers it keeps are not `Sync`.
        let (output, page_at) = (&self.output, &self.page_at);
        keys.par_iter()
            .map(|key| {
                let mut targets = BTreeSet::new();
                for lang in &languages {
                    let dir = Urls::page_dir(lang, key);
                    let Some(html) = output.get(&format!("{dir}index.html")) else { continue };
                    for href in hrefs(&String::from_utf8_lossy(html)) {
                        if let Some(target) = target_dir(&dir, &href, &base_url).and_then(|d| page_at.get(&d))
                            && target != key
                        {
                            targets.insert(target.clone());
                        }
                    }
                }
                (key.clone(), targets)
            })
            .collect()
    }
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

/// The pages the back-links computed in `resolve` tie to `key`, either way.
fn related(r: &Relations, key: &PageKey) -> BTreeSet<PageKey> {
    let mut out = BTreeSet::new();
    for map in [&r.steps_sending_letter, &r.steps_by_actor] {
        out.extend(map.get(key).into_iter().flatten().map(|s| s.procedure.clone()));
        out.extend(map.iter().filter(|(_, steps)| steps.iter().any(|s| &s.procedure == key)).map(|(k, _)| k.clone()));
    }
    for map in [&r.letters_sent, &r.letters_received, &r.roles_of_organisation, &r.procedures_of_organisation] {
        out.extend(map.get(key).into_iter().flatten().cloned());
        out.extend(map.iter().filter(|(_, keys)| keys.contains(key)).map(|(k, _)| k.clone()));
    }
    for (concept, keys) in &r.realisations_of_concept {
        if keys.contains(key) {
            out.extend(keys.iter().cloned());
            out.insert(PageKey { kind: PageKind::Glossary, country: None, id: concept.clone() });
        }
    }
    out
}

/// The values of the `href` attributes in `html`, with the escapes tera writes undone.
fn hrefs(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|value| value.replace("&#x2F;", "/").replace("&amp;", "&"))
}

/// The output folder `href`, written in a page in `from_dir`, points at; `None` for
/// addresses outside the site.
fn target_dir(from_dir: &str, href: &str, base_url: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut segments: Vec<&str> = Vec::new();
    let path = if let Some(rest) = href.strip_prefix(base_url) {
        rest
    } else if let Some(rest) = href.strip_prefix('/') {
        rest
    } else if href.contains(':') {
        return None;
    } else {
        segments.extend(from_dir.split('/').filter(|s| !s.is_empty()));
        href
    };
    for segment in path.split('/') {
        match segment {
            "" | "." | "index.html" => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let joined: String = segments.iter().map(|s| format!("{s}/")).collect();
    percent_decode_str(&joined).decode_utf8().ok().map(|d| d.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_to_the_folder_they_name() {
        let base = "http://127.0.0.1:1/";
        assert_eq!(
            target_dir("en/nl/roles/x/", "../../letters/y/index.html#a", base).as_deref(),
            Some("en/nl/letters/y/")
        );
        assert_eq!(target_dir("en/", "/en/nl/f%C3%B8r/", base).as_deref(), Some("en/nl/før/"));
        assert_eq!(target_dir("en/", "http://127.0.0.1:1/da/", base).as_deref(), Some("da/"));
        assert_eq!(target_dir("en/", "https://example.org/", base), None);
    }

    #[test]
    fn hrefs_undo_the_template_escapes() {
        let found: Vec<String> = hrefs(r#"<a href="&#x2F;en&#x2F;">x</a><link href="a?b&amp;c">"#).collect();
        assert_eq!(found, ["/en/", "a?b&c"]);
    }
}

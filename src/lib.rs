//! Signpost turns multilingual markdown about rights, duties, roles and procedures per
//! country into a static site. [`build`] runs the pipeline:
//! load → resolve → render → index → write, collecting diagnostics at every stage.

pub mod check;
pub mod diagnostics;
pub mod incremental;
pub mod index;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod text;
pub mod translate;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use diagnostics::{Code, Diagnostic, Diagnostics};
use output::{OutputFile, Urls};
use render::LanguageCount;

/// The most pages (files, units) one rayon task works through in a row. Rayon cuts a
/// list into as few runs as its threads keep busy; a thread that comes free late (the
/// index's, beside rendering) then finds nothing left to take but the other's current
/// run, and the last second or more of a 30,000-page build ran on one core (three
/// seconds of 15 on the procedures corpus). Short runs leave work to take until the end.
pub(crate) const PAGES_PER_TASK: usize = 8;

/// What `signpost build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Forces relative links on (the site setting can also turn them on).
    pub relative_urls: bool,
    pub minify: bool,
    /// Writes the search index (`build` only: serve and check always make it). Off, the
    /// search page offers only the A–Z index; for benchmarks against tools that build
    /// no index, and for quick local builds.
    pub search: bool,
    /// The day to build for (validity notices, review dates); today when `None`.
    pub today: Option<jiff::civil::Date>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            content: PathBuf::from("content"),
            output: PathBuf::from("public"),
            base_url: None,
            relative_urls: false,
            minify: true,
            search: true,
            today: None,
        }
    }
}

/// A successful build: what was written, and the warnings found on the way.
#[derive(Debug)]
pub struct BuildReport {
    pub languages: BTreeMap<String, LanguageCount>,
    pub files_written: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// Why a build did not produce a site. `Content` problems are the editor's to fix (exit
/// code 1); `Environment` problems are about the command line, folders or the disk (exit 2).
#[derive(Debug)]
pub enum BuildFailure {
    Content(Diagnostics),
    Environment(Diagnostics),
}

impl BuildFailure {
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            BuildFailure::Content(d) | BuildFailure::Environment(d) => d,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            BuildFailure::Content(_) => 1,
            BuildFailure::Environment(_) => 2,
        }
    }
}

fn environment(diagnostic: Diagnostic) -> BuildFailure {
    BuildFailure::Environment([diagnostic].into_iter().collect())
}

/// The site after every stage but writing: what `build` writes and `check` inspects.
pub struct Prepared {
    pub site: model::Site,
    /// Where the site's facts are written, for `check`'s diagnostics.
    pub sources: model::Sources,
    /// Every file of the site, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings and notes found on the way (errors make `prepare` fail).
    pub diagnostics: Diagnostics,
}

/// The site after load and resolve, with what rendering needs.
pub(crate) struct Resolved {
    pub site: model::Site,
    pub sources: model::Sources,
    pub theme: render::Theme,
    pub urls: Urls,
    pub diagnostics: Diagnostics,
}

/// Runs load → resolve and loads the theme. Fails with every error found.
fn load_and_resolve(options: &BuildOptions) -> Result<Resolved, BuildFailure> {
    let (raw, diagnostics) = load_site(options)?;
    resolve_loaded(options, raw, diagnostics)
}

/// Runs load, with the diagnostics it found. Fails when there is nothing to build from.
pub(crate) fn load_site(options: &BuildOptions) -> Result<(model::RawSite, Diagnostics), BuildFailure> {
    if !options.content.is_dir() {
        return Err(environment(
            Diagnostic::new(Code::NoContent, format!("there is no content folder at {}", options.content.display()))
                .help("run signpost in the folder that holds `content/`, or pass `--content DIR`"),
        ));
    }
    let (raw, diagnostics) = load::load(&options.content);
    match raw {
        Some(raw) => Ok((raw, diagnostics)),
        // No `site.toml` at all: not a content folder. One that cannot be read is the
        // content's problem.
        None if holds_no_site(&options.content) => Err(BuildFailure::Environment(diagnostics)),
        None => Err(BuildFailure::Content(diagnostics)),
    }
}

/// Whether `content` has no `site.toml` at all (one that cannot be read is still there):
/// it is not a content folder.
pub(crate) fn holds_no_site(content: &std::path::Path) -> bool {
    std::fs::symlink_metadata(content.join("site.toml")).is_err()
}

/// The theme of a site whose configuration is `config`, read and compiled.
pub(crate) fn theme(
    options: &BuildOptions,
    config: &model::SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<render::Theme> {
    let files = load::load_theme(&options.content, &config.theme, diagnostics)?;
    render::Theme::compile(files, &config.language_codes(), options.minify, diagnostics)
}

/// The day the site is built for.
pub(crate) fn today(options: &BuildOptions) -> jiff::civil::Date {
    options.today.unwrap_or_else(|| jiff::Zoned::now().date())
}

/// The base URL given on the command line, checked as `base_url` in `site.toml` is: it
/// lands in the same places (canonical links, sitemap, feeds, robots.txt).
fn base_url_given(options: &BuildOptions) -> Result<Option<&str>, BuildFailure> {
    if let Some(url) = &options.base_url {
        load::check_base_url(url, "`--base-url https://example.org/`").map_err(environment)?;
    }
    Ok(options.base_url.as_deref())
}

/// Runs resolve on files already loaded (with the diagnostics `load` found) and loads
/// the theme.
pub(crate) fn resolve_loaded(
    options: &BuildOptions,
    raw: model::RawSite,
    mut diagnostics: Diagnostics,
) -> Result<Resolved, BuildFailure> {
    let theme = theme(options, &raw.config, &mut diagnostics);
    let (mut site, sources, resolve_diagnostics) = resolve::resolve(raw, today(options));
    diagnostics.extend(resolve_diagnostics);
    if let Some(base_url) = base_url_given(options)? {
        site.config.base_url = base_url.to_string();
    }
    let urls = Urls::new(&site.config.base_url, options.relative_urls || site.config.relative_urls);
    let Some(theme) = theme else {
        return Err(BuildFailure::Content(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    Ok(Resolved { site, sources, theme, urls, diagnostics })
}

/// Runs load → resolve → render in memory. Fails with every error found.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, BuildFailure> {
    let (raw, diagnostics) = load_site(options)?;
    prepare_loaded(options, raw, diagnostics)
}

/// Runs resolve → render in memory on files already loaded (`translate import` puts
/// the files it would write among them first). Fails with every error found.
pub(crate) fn prepare_loaded(
    options: &BuildOptions,
    raw: model::RawSite,
    diagnostics: Diagnostics,
) -> Result<Prepared, BuildFailure> {
    let Resolved { site, sources, theme, urls, mut diagnostics } = resolve_loaded(options, raw, diagnostics)?;
    let (mut files, render_diagnostics) = render::render(&site, &theme, &urls);
    diagnostics.extend(render_diagnostics);
    let (search_files, index_diagnostics) = index::index(&site);
    diagnostics.extend(index_diagnostics);
    files.extend(search_files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    Ok(Prepared { site, sources, files, diagnostics })
}

/// Builds the site. On any error nothing in `options.output` changes. Each file is
/// written to the staging folder as soon as it is rendered, so memory holds the site's
/// sources and model but not its output.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let write_failure = |e: write::WriteError| {
        let code = if e.is_about_location() { Code::BadOutput } else { Code::WriteFailed };
        environment(Diagnostic::new(code, e.to_string()).help(e.help()))
    };
    base_url_given(options)?;
    // Checked before anything is read, so a refusal costs nothing; again once the site
    // is ready to write, and by `Staging` after it creates folders and before the swap.
    if options.content.is_dir() {
        write::check_output_location(&options.content, &options.output).map_err(write_failure)?;
    }
    let Resolved { site, sources, theme, urls, mut diagnostics } = load_and_resolve(options)?;
    let location = write::check_output_location(&options.content, &options.output).map_err(write_failure)?;
    let (staging, leftovers) = write::Staging::create(location).map_err(write_failure)?;
    diagnostics.extend(leftovers);
    let languages = render::language_counts(&site);
    // The search index is made from the site, not from the pages' HTML, so it is built
    // beside the rendering.
    // Search files are written as each language's are made; the first failure is kept.
    let search_files = std::sync::atomic::AtomicUsize::new(0);
    let search_failure: std::sync::Mutex<Option<write::WriteError>> = std::sync::Mutex::new(None);
    let write_search_files = |files: Vec<OutputFile>| {
        search_files.fetch_add(files.len(), std::sync::atomic::Ordering::Relaxed);
        if let Err(error) = files.par_iter().try_for_each(|file| staging.write(file)) {
            search_failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(error);
        }
    };
    let ((written, render_diagnostics), index_diagnostics) = rayon::join(
        || {
            let stream = |path: &str, write: &mut render::Stream| staging.write_streamed(path, write);
            render::render_each(&site, &theme, &urls, |file| staging.write(&file), stream)
        },
        || if options.search { index::index_each(&site, &write_search_files) } else { Diagnostics::new() },
    );
    diagnostics.extend(render_diagnostics);
    diagnostics.extend(index_diagnostics);
    if diagnostics.has_errors() {
        // Dropping the staging folder removes what was written of it.
        return Err(BuildFailure::Content(diagnostics));
    }
    let files_written = written.len() + search_files.into_inner();
    written.into_iter().collect::<Result<(), _>>().map_err(write_failure)?;
    if let Some(error) = search_failure.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        return Err(write_failure(error));
    }
    diagnostics.extend(staging.finish().map_err(write_failure)?);
    let report = BuildReport { languages, files_written, elapsed: started.elapsed(), warnings: diagnostics };
    // The model and the sources are freed only now: freeing every file's front matter in
    // the middle of the build left the allocator's arenas so fragmented that rendering
    // took a fifth longer. Freeing them, millions of small allocations, takes a third of a
    // second on one core at 30,000 pages: a thread of its own does it, so the caller
    // (`signpost build` ends here) need not wait. Should no thread start, they are freed
    // here.
    let _ = std::thread::Builder::new().spawn(move || drop((site, sources, theme, urls)));
    Ok(report)
}

/// Records in each translation file the fingerprint of its original's current text
/// (`translated_from`), after an editor checked the translation against it. Returns each
/// file with the fingerprint written.
pub fn mark_translated(content: &std::path::Path, files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, BuildFailure> {
    let (raw, diagnostics) = load::load(content);
    let Some(raw) = raw else { return Err(BuildFailure::Content(diagnostics)) };
    let same_file = |a: &std::path::Path, b: &std::path::Path| {
        std::fs::canonicalize(a).ok().zip(std::fs::canonicalize(b).ok()).is_some_and(|(a, b)| a == b)
    };
    let mut marked = Vec::new();
    let mut problems = Diagnostics::new();
    for file in files {
        let Some(translation) = raw.files.iter().find(|f| same_file(&f.file.path, file)) else {
            problems.push(
                Diagnostic::new(Code::NotAPage, format!("{} is not a page of {}", file.display(), content.display()))
                    .help("name a translation file inside the content folder"),
            );
            continue;
        };
        let original = raw.files.iter().find(|f| f.key == translation.key && f.lang == raw.config.default_language);
        let Some(original) = original.filter(|o| o.lang != translation.lang) else {
            problems.push(
                Diagnostic::new(Code::NotATranslation, format!("{} is not a translation", file.display())).help(
                    format!("only files in another language than `{}` follow an original", raw.config.default_language),
                ),
            );
            continue;
        };
        let fingerprint = model::keys::fingerprint(&original.front_matter, original.body());
        // The file as it is on disk (the loaded text lost its BOM and CRLF): only the one
        // value changes.
        let on_disk = load::read_regular_file(file, content, raw.config.limits.max_page_bytes)
            .map_err(|problem| problem.diagnostic("page"))
            .and_then(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|_| Diagnostic::new(Code::NotUtf8, format!("{} is not valid UTF-8", file.display())))
            });
        let text = match on_disk {
            Ok(text) => text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Some(updated) = load::with_translated_from(&text, &fingerprint) else { continue };
        if let Err(error) = std::fs::write(file, updated) {
            problems.push(Diagnostic::new(Code::WriteFailed, format!("cannot write {}: {error}", file.display())));
            continue;
        }
        marked.push((file.clone(), fingerprint));
    }
    if problems.has_errors() { Err(BuildFailure::Environment(problems)) } else { Ok(marked) }
}

//! Signpost turns multilingual markdown about rights, duties, roles and procedures per
//! country into a static site. [`build`] runs the pipeline:
//! load → resolve → render → index → write, collecting diagnostics at every stage.

pub mod check;
pub mod diagnostics;
pub mod index;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod source;
pub mod translate;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Code, Diagnostic, Diagnostics};
use render::{LanguageCount, Urls};

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

/// Work replaced or given up, kept to be freed later: at 30,000 pages a resolved site, or
/// a search index given up half-way, takes tens of milliseconds to free, which `serve`
/// would otherwise spend between a save and the browser's reload.
#[derive(Default)]
pub struct Leftovers(Vec<Box<dyn Send>>);

impl Leftovers {
    pub fn keep<T: Send + 'static>(&mut self, value: T) {
        self.0.push(Box::new(value));
    }

    pub fn extend(&mut self, more: Leftovers) {
        self.0.extend(more.0);
    }

    /// Frees what was kept, on a thread of its own.
    pub fn free_in_background(&mut self) {
        let kept = std::mem::take(&mut self.0);
        if !kept.is_empty() {
            std::thread::spawn(move || drop(kept));
        }
    }
}

fn environment(diagnostic: Diagnostic) -> BuildFailure {
    BuildFailure::Environment([diagnostic].into_iter().collect())
}

/// The site after every stage but writing: what `build` writes and `check` inspects.
pub struct Prepared {
    pub site: model::Site,
    /// The theme and URLs it was rendered with: `serve` renders again with them.
    pub theme: render::Theme,
    pub urls: Urls,
    pub rendered: render::Rendered,
    /// Warnings and notes found on the way (errors make `prepare` fail).
    pub diagnostics: Diagnostics,
}

/// The site after load and resolve, with what rendering needs: the step `build` and
/// [`prepare`] share before they render in their own ways.
struct Resolved {
    site: model::Site,
    theme: render::Theme,
    urls: Urls,
    diagnostics: Diagnostics,
}

/// Runs load → resolve and loads the theme. Fails with every error found.
fn load_and_resolve(options: &BuildOptions) -> Result<Resolved, BuildFailure> {
    let (raw, diagnostics) = load_site(options)?;
    resolve_loaded(options, raw, diagnostics)
}

/// Runs load, with the diagnostics it found. Fails when there is nothing to build from.
fn load_site(options: &BuildOptions) -> Result<(model::RawSite, Diagnostics), BuildFailure> {
    if !options.content.is_dir() {
        return Err(environment(
            Diagnostic::new(Code::NoContent, format!("there is no content folder at {}", options.content.display()))
                .help("run signpost in the folder that holds `content/`, or pass `--content DIR`"),
        ));
    }
    let (raw, diagnostics) = load::load(&options.content);
    match raw {
        Some(raw) => Ok((raw, diagnostics)),
        None if !options.content.join("site.toml").is_file() => Err(BuildFailure::Environment(diagnostics)),
        None => Err(BuildFailure::Content(diagnostics)),
    }
}

/// Runs resolve on files already loaded (with the diagnostics `load` found) and loads
/// the theme.
fn resolve_loaded(
    options: &BuildOptions,
    raw: model::RawSite,
    mut diagnostics: Diagnostics,
) -> Result<Resolved, BuildFailure> {
    let theme = render::load_theme(&options.content, &raw.config.theme, &raw.config.language_codes(), &mut diagnostics);
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let (mut site, resolve_diagnostics) = resolve::resolve(raw, today);
    diagnostics.extend(resolve_diagnostics);
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    let urls = Urls::new(&site.config.base_url, options.relative_urls || site.config.relative_urls);
    let Some(theme) = theme else {
        return Err(BuildFailure::Content(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    Ok(Resolved { site, theme, urls, diagnostics })
}

/// Runs load → resolve → render in memory. Fails with every error found.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, BuildFailure> {
    render_in_memory(load_and_resolve(options)?)
}

/// Runs resolve → render on files already loaded (with the diagnostics `load` found):
/// `serve` keeps a copy of the files, so later saves need to read only what changed.
pub fn prepare_loaded(
    options: &BuildOptions,
    raw: model::RawSite,
    diagnostics: Diagnostics,
) -> Result<Prepared, BuildFailure> {
    render_in_memory(resolve_loaded(options, raw, diagnostics)?)
}

fn render_in_memory(resolved: Resolved) -> Result<Prepared, BuildFailure> {
    let Resolved { site, theme, urls, mut diagnostics } = resolved;
    let (mut rendered, render_diagnostics) = render::render(&site, &theme, &urls);
    diagnostics.extend(render_diagnostics);
    let (search_files, index_diagnostics) = index::index(&site);
    diagnostics.extend(index_diagnostics);
    rendered.files.extend(search_files);
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    Ok(Prepared { site, theme, urls, rendered, diagnostics })
}

/// Builds the site. On any error nothing in `options.output` changes. Each file is
/// written to the staging folder as soon as it is rendered, so memory holds the site's
/// sources and model but not its output.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let failure =
        |code: Code| move |e: write::WriteError| environment(Diagnostic::new(code, e.to_string()).help(e.help()));
    let write_failure = failure(Code::WriteFailed);
    if options.content.is_dir() {
        write::check_output_location(&options.content, &options.output).map_err(failure(Code::BadOutput))?;
    }
    let Resolved { site, theme, urls, mut diagnostics } = load_and_resolve(options)?;
    let staging = write::Staging::create(&options.output, options.minify).map_err(write_failure)?;
    // The search index is made from the site, not from the pages' HTML, so it is built
    // beside the rendering.
    let ((written, languages, render_diagnostics), (search_files, index_diagnostics)) = rayon::join(
        || render::render_each(&site, &theme, &urls, |file| staging.write(&file)),
        || if options.search { index::index(&site) } else { (Vec::new(), Diagnostics::new()) },
    );
    diagnostics.extend(render_diagnostics);
    diagnostics.extend(index_diagnostics);
    if diagnostics.has_errors() {
        // Dropping the staging folder removes what was written of it.
        return Err(BuildFailure::Content(diagnostics));
    }
    let files_written = written.len() + search_files.len();
    written.into_iter().collect::<Result<(), _>>().map_err(write_failure)?;
    search_files.iter().try_for_each(|file| staging.write(file)).map_err(write_failure)?;
    staging.finish().map_err(write_failure)?;
    Ok(BuildReport { languages, files_written, elapsed: started.elapsed(), warnings: diagnostics })
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
        let Some(updated) = load::with_translated_from(&translation.file.text, &fingerprint) else { continue };
        if let Err(error) = std::fs::write(file, updated) {
            problems.push(Diagnostic::new(Code::WriteFailed, format!("cannot write {}: {error}", file.display())));
            continue;
        }
        marked.push((file.clone(), fingerprint));
    }
    if problems.has_errors() { Err(BuildFailure::Environment(problems)) } else { Ok(marked) }
}

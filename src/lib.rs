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
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics};
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
    pub rendered: render::Rendered,
    /// Warnings and notes found on the way (errors make `prepare` fail).
    pub diagnostics: Diagnostics,
}

/// Runs load → resolve → render in memory. Fails with every error found.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, BuildFailure> {
    if !options.content.is_dir() {
        return Err(environment(
            Diagnostic::error(
                "signpost::no_content",
                format!("there is no content folder at {}", options.content.display()),
            )
            .help("run signpost in the folder that holds `content/`, or pass `--content DIR`"),
        ));
    }
    let (raw, mut diagnostics) = load::load(&options.content);
    let Some(raw) = raw else {
        let no_config = !options.content.join("site.toml").is_file();
        return Err(if no_config {
            BuildFailure::Environment(diagnostics)
        } else {
            BuildFailure::Content(diagnostics)
        });
    };
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
    let (mut rendered, render_diagnostics) = render::render(&site, &theme, &urls);
    diagnostics.extend(render_diagnostics);
    let (search_files, index_diagnostics) = index::index(&site);
    diagnostics.extend(index_diagnostics);
    rendered.files.extend(search_files);
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    Ok(Prepared { site, rendered, diagnostics })
}

/// Builds the site. On any error nothing in `options.output` changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    if options.content.is_dir() {
        write::check_output_location(&options.content, &options.output)
            .map_err(|e| environment(Diagnostic::error("signpost::bad_output", e.to_string()).help(e.help())))?;
    }
    let Prepared { rendered, diagnostics, .. } = prepare(options)?;
    let files_written = rendered.files.len();
    write::write_site(rendered.files, &options.output, options.minify)
        .map_err(|e| environment(Diagnostic::error("signpost::write_failed", e.to_string()).help(e.help())))?;
    Ok(BuildReport { languages: rendered.languages, files_written, elapsed: started.elapsed(), warnings: diagnostics })
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
                Diagnostic::error(
                    "signpost::not_a_page",
                    format!("{} is not a page of {}", file.display(), content.display()),
                )
                .help("name a translation file inside the content folder"),
            );
            continue;
        };
        let original = raw.files.iter().find(|f| f.key == translation.key && f.lang == raw.config.default_language);
        let Some(original) = original.filter(|o| o.lang != translation.lang) else {
            problems.push(
                Diagnostic::error("signpost::not_a_translation", format!("{} is not a translation", file.display()))
                    .help(format!(
                        "only files in another language than `{}` follow an original",
                        raw.config.default_language
                    )),
            );
            continue;
        };
        let fingerprint = check::fingerprint(&original.front_matter, original.body());
        let Some(updated) = check::with_translated_from(&translation.file.text, &fingerprint) else { continue };
        if let Err(error) = std::fs::write(file, updated) {
            problems
                .push(Diagnostic::error("signpost::write_failed", format!("cannot write {}: {error}", file.display())));
            continue;
        }
        marked.push((file.clone(), fingerprint));
    }
    if problems.has_errors() { Err(BuildFailure::Environment(problems)) } else { Ok(marked) }
}

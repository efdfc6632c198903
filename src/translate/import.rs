//! `signpost translate import`: a translated PO or XLIFF file back into `<id>.<lang>.md`
//! files. Everything is checked before anything is written: the file's language, each
//! unit's page and part, its placeholders, whether the original changed since the
//! export; then the new files go through load, resolve and render with the rest of the
//! site, exactly as files written by hand. Any error: nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::catalog::{ReadCatalog, ReadUnit};
use super::rebuild::rebuild;
use super::tagged::{Tagged, check_codes};
use super::units::{existing, units_of};
use super::{po, xliff};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{LoadedFile, RawSite, Site};
use crate::source::SourceFile;
use crate::{BuildFailure, BuildOptions};

/// What an import did.
#[derive(Debug)]
pub struct ImportReport {
    pub language: String,
    /// Files written, new or changed.
    pub written: Vec<PathBuf>,
    /// Files the units left exactly as they were.
    pub unchanged: Vec<PathBuf>,
    /// Pages not written, each with why (untranslated or fuzzy units).
    pub warnings: Diagnostics,
}

/// A page ready to be written.
struct Ready {
    path: PathBuf,
    relative: PathBuf,
    text: String,
    unchanged: bool,
}

/// Reads `file` and writes the pages it translates into `content`.
pub fn import(content: &Path, file: &Path) -> Result<ImportReport, BuildFailure> {
    let catalog = read_catalog(file)?;
    let options = BuildOptions { content: content.to_path_buf(), ..BuildOptions::default() };
    let (raw, diagnostics) = crate::load::load(content);
    let Some(raw) = raw else { return Err(BuildFailure::Content(diagnostics)) };
    let site = match crate::prepare_loaded(&options, copy_of(&raw), diagnostics) {
        Ok(prepared) => prepared.site,
        Err(failure) => return Err(failure),
    };
    let language = language_of(&catalog, &site)?;
    let mut errors = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    let mut pages: BTreeMap<&str, Vec<&ReadUnit>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for unit in &catalog.units {
        if !pages.contains_key(unit.page.as_str()) {
            order.push(&unit.page);
        }
        pages.entry(&unit.page).or_default().push(unit);
    }
    let by_path: BTreeMap<String, usize> =
        site.pages.iter().enumerate().map(|(i, p)| (p.key.content_path(), i)).collect();
    let mut ready = Vec::new();
    let context = Import { catalog: &catalog, site: &site, content, language: &language };
    for name in order {
        let read = &pages[name];
        let Some(page) = by_path.get(name).and_then(|&i| site.pages.get(i)) else {
            errors.push(
                at(&catalog, read[0].at, Code::UnitForUnknownPage, format!("the page `{name}` no longer exists"))
                    .help("its original was removed or renamed: export the file again, or leave these units out"),
            );
            continue;
        };
        if let Some(prepared) = page_from_units(&context, page, read, &mut errors, &mut warnings) {
            ready.push(prepared);
        }
    }
    if errors.has_errors() {
        return Err(BuildFailure::Content(errors));
    }
    check_site(&options, raw, &ready)?;
    let mut report = ImportReport { language, written: Vec::new(), unchanged: Vec::new(), warnings };
    for page in ready {
        if page.unchanged {
            report.unchanged.push(page.path);
            continue;
        }
        write_atomically(&page.path, &page.text).map_err(|error| {
            BuildFailure::Environment(
                [Diagnostic::new(Code::WriteFailed, format!("cannot write {}: {error}", page.path.display()))]
                    .into_iter()
                    .collect(),
            )
        })?;
        report.written.push(page.path);
    }
    Ok(report)
}

fn copy_of(raw: &RawSite) -> RawSite {
    RawSite { config: raw.config.clone(), files: raw.files.clone() }
}

/// Far above the translation file of any real site: every page of the shipped site in
/// one language is 3.5 MB of XLIFF.
const MAX_TRANSLATION_FILE_BYTES: u64 = 1 << 30;

/// The translation file, as text in the same normal form as content files, read as PO
/// or XLIFF.
fn read_catalog(path: &Path) -> Result<ReadCatalog, BuildFailure> {
    // A FIFO or device (`/dev/zero`) is refused before reading, a file that keeps growing
    // at the limit.
    let bytes = crate::load::read_regular_file(path, Path::new("/"), MAX_TRANSLATION_FILE_BYTES)
        .map_err(|problem| crate::environment(problem.diagnostic("translation file")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        crate::environment(Diagnostic::new(Code::Unreadable, format!("{} is not UTF-8 text", path.display())))
    })?;
    let text: String = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n").nfc().collect();
    let is_xliff = path.extension().is_some_and(|e| e == "xlf" || e == "xliff")
        || text.trim_start().starts_with("<?xml")
        || text.trim_start().starts_with("<xliff");
    let file = SourceFile::new(path.to_path_buf(), text);
    let read = if is_xliff { xliff::read(file) } else { po::read(file) };
    read.map_err(|d| BuildFailure::Content([d].into_iter().collect()))
}

fn at(catalog: &ReadCatalog, offset: usize, code: Code, message: String) -> Diagnostic {
    Diagnostic::new(code, message).at_span(&catalog.file, offset..offset)
}

/// The site language the file is for: one the site translates into, from its default.
fn language_of(catalog: &ReadCatalog, site: &Site) -> Result<String, BuildFailure> {
    let config = &site.config;
    let said = catalog.language.clone().unwrap_or_default().to_lowercase().replace('_', "-");
    let language = if config.languages.contains_key(&said) {
        Some(said.clone())
    } else {
        said.split('-').next().filter(|l| config.languages.contains_key(*l)).map(str::to_string)
    };
    let others: Vec<&str> = config.language_codes().into_iter().filter(|l| *l != config.default_language).collect();
    let problem = match (&language, &catalog.source_language) {
        (None, _) => Some(format!("the file is for `{said}`, which the site does not translate into")),
        (Some(l), _) if *l == config.default_language => {
            Some(format!("the file is for `{l}`, the site's default language, which follows no original"))
        }
        (Some(_), Some(source)) if *source != config.default_language => Some(format!(
            "the file was made from `{source}`, but the site's originals are in `{}`",
            config.default_language
        )),
        _ => None,
    };
    match (problem, language) {
        (None, Some(language)) => Ok(language),
        (problem, _) => Err(BuildFailure::Content(
            [at(catalog, catalog.language_at, Code::TranslationFileLanguage, problem.unwrap_or_default()).help(
                format!(
                    "export a file for one of the site's languages ({}) with `signpost translate export --lang …`",
                    others.join(", ")
                ),
            )]
            .into_iter()
            .collect(),
        )),
    }
}

/// What every page of one import shares.
#[derive(Clone, Copy)]
struct Import<'a> {
    catalog: &'a ReadCatalog,
    site: &'a Site,
    content: &'a Path,
    language: &'a str,
}

/// The new text of one page's translation from its units, or `None` (with errors or a
/// warning said) when it cannot or may not be written.
fn page_from_units(
    import: &Import,
    page: &crate::model::Page,
    read: &[&ReadUnit],
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) -> Option<Ready> {
    let Import { catalog, site, content, language } = *import;
    let files = super::export::PageFiles::of(page, language)?;
    let (original, translation) = (files.original, files.translation);
    let fingerprint = original.fingerprint();
    let units = units_of(&original);
    let found = translation.as_ref().map(|t| existing(&units, t));
    let mut translations: BTreeMap<String, Tagged> = BTreeMap::new();
    let mut unfinished: Vec<String> = Vec::new();
    let before = errors.error_count();
    for unit in read {
        let Some(source) = units.iter().find(|u| u.key == unit.key) else {
            errors.push(
                at(
                    catalog,
                    unit.at,
                    Code::UnitForUnknownPage,
                    format!("`{}` has no `{}` any more", unit.page, unit.key),
                )
                .help("the original changed since the export: export the file again"),
            );
            continue;
        };
        let Some(exported_from) = &unit.fingerprint else {
            errors.push(
                at(
                    catalog,
                    unit.at,
                    Code::TranslationFileInvalid,
                    format!("the unit `{}` of `{}` lost the original's fingerprint", unit.key, unit.page),
                )
                .help("keep the comments (notes) the export wrote; export the file again"),
            );
            continue;
        };
        if *exported_from != fingerprint && unit.source.to_po() != source.source.to_po() && !unit.reviewed {
            errors.push(
                at(catalog, unit.at, Code::OriginalChangedSinceExport, format!("the original of `{}` ({}) changed since the export", unit.page, source.what))
                    .label(format!("translated from: {}", unit.source.to_po()))
                    .help(format!(
                        "the original now says: “{}”. Export again, or check the translation against it and mark the unit reviewed (PO: flag `reviewed`; XLIFF: approved=\"yes\")",
                        source.source.to_po()
                    )),
            );
            continue;
        }
        let Some(text) = unit.translation.clone().map(Tagged::trimmed).filter(|t| !t.is_empty()) else {
            if !source.optional() {
                unfinished.push(format!("{} (untranslated)", source.key));
            }
            continue;
        };
        if unit.fuzzy && !unit.reviewed {
            unfinished.push(format!("{} (fuzzy)", source.key));
            continue;
        }
        if let Err(problem) = check_codes(&text, &source.codes) {
            errors.push(
                at(catalog, unit.at, Code::BrokenPlaceholder, format!("{} of `{}`: {problem}", source.what, unit.page))
                    .help(format!("the original: “{}”", source.source.to_po())),
            );
            continue;
        }
        if source.single_line() && text.text_only().contains('\n') {
            errors.push(
                at(
                    catalog,
                    unit.at,
                    Code::BrokenPlaceholder,
                    format!("{} of `{}` is one line in the original", source.what, unit.page),
                )
                .help("write the translation on one line"),
            );
            continue;
        }
        translations.insert(source.key.clone(), text);
    }
    for source in &units {
        if !source.optional() && !read.iter().any(|u| u.key == source.key) {
            unfinished.push(format!("{} (not in the file: the original gained it after the export)", source.key));
        }
    }
    if errors.error_count() > before {
        return None;
    }
    if !unfinished.is_empty() {
        warnings.push(
            at(
                catalog,
                read[0].at,
                Code::PageNotTranslated,
                format!("`{}` is not written: {} unit(s) unfinished", page.key, unfinished.len()),
            )
            .help(format!("translate and un-fuzzy: {}", unfinished.join(", "))),
        );
        return None;
    }
    let text = match rebuild(&original, &units, &translations, translation.as_ref().zip(found.as_ref()), &fingerprint) {
        Ok(text) => text,
        Err(refused) => {
            for (key, why) in refused {
                let offset = read.iter().find(|u| u.key == key).map_or(read[0].at, |u| u.at);
                errors.push(
                    at(catalog, offset, Code::UnitChangesStructure, format!("`{key}` of `{}`: {why}", page.key))
                        .help("write it as plain text: markdown and HTML in a translation are not allowed to add blocks, headings or ids"),
                );
            }
            return None;
        }
    };
    let path = match &translation {
        Some(t) => t.file.path.clone(),
        None => translation_path(&original.file.path, &site.config.default_language, language)?,
    };
    let relative = path.strip_prefix(content).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
    let unchanged = translation.as_ref().is_some_and(|t| t.file.text == text);
    Some(Ready { path, relative, text, unchanged })
}

/// `content/nl/x.en.md` → `content/nl/x.pl.md`.
fn translation_path(original: &Path, default: &str, language: &str) -> Option<PathBuf> {
    let name = original.file_name()?.to_str()?;
    let stem = name.strip_suffix(&format!(".{default}.md"))?;
    Some(original.with_file_name(format!("{stem}.{language}.md")))
}

/// Loads, resolves and renders the site with the new files in place of the old: an
/// imported file passes every check a file written by hand passes.
fn check_site(options: &BuildOptions, mut raw: RawSite, ready: &[Ready]) -> Result<(), BuildFailure> {
    let site_toml = std::fs::read_to_string(options.content.join("site.toml")).unwrap_or_default();
    for page in ready.iter().filter(|p| !p.unchanged) {
        let pages = [(page.relative.clone(), page.text.clone().into_bytes())];
        let (loaded, diagnostics) = crate::load::load_from_memory(site_toml.as_bytes(), &pages);
        if diagnostics.has_errors() {
            return Err(BuildFailure::Content(diagnostics));
        }
        let Some(mut file) = loaded.and_then(|l| l.files.into_iter().next()) else {
            return Err(BuildFailure::Content(diagnostics));
        };
        file.file = SourceFile::new(page.path.clone(), file.file.text.clone());
        replace_file(&mut raw.files, file);
    }
    raw.files.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
    crate::prepare_loaded(options, raw, Diagnostics::new()).map(|_| ())
}

fn replace_file(files: &mut Vec<LoadedFile>, file: LoadedFile) {
    match files.iter_mut().find(|f| f.key == file.key && f.lang == file.lang) {
        Some(slot) => *slot = file,
        None => files.push(file),
    }
}

/// Writes beside the file and renames, so a file is never half written.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.signpost-import-{}", std::process::id()));
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

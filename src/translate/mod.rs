//! translate: hands a language to a translator as a PO or XLIFF file and takes it back.
//! The units are the key registry's text keys and the body's blocks ([`units`]);
//! inline markup travels as placeholders ([`tagged`]); `export` and `import` are the two
//! commands, `po` and `xliff` the two formats. Facts are never exported, and an
//! imported file passes the same load, resolve and render checks as one written by hand.

mod body;
mod catalog;
mod export;
mod history;
mod import;
mod po;
mod rebuild;
mod tagged;
mod units;
mod xliff;

pub use export::PageChoice;
pub use import::{ImportReport, import};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Site;
use crate::{BuildFailure, BuildOptions};

/// The two file formats translators' tools read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Po,
    Xliff,
}

/// What `signpost translate export` wrote.
#[derive(Debug)]
pub struct Exported {
    pub text: String,
    pub pages: usize,
    pub counts: UnitCounts,
}

/// How many units a language has, and how many of them need work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UnitCounts {
    pub units: usize,
    /// Without a translation.
    pub missing: usize,
    /// Translated from an earlier original, or with markup that differs: to look at.
    pub fuzzy: usize,
}

impl UnitCounts {
    fn add(&mut self, units: &[units::Unit]) {
        self.units += units.len();
        self.missing += units.iter().filter(|u| u.translation.is_none() && !u.source.optional()).count();
        self.fuzzy += units.iter().filter(|u| u.fuzzy).count();
    }
}

/// How far into a file its mark is looked for: past a long site title in the PO header.
const MARK_WITHIN_BYTES: u64 = 64 * 1024;

/// Whether an export may be written to `path`: a new file, or one an earlier export wrote,
/// which a new export replaces. Anything else is refused before the export is made, so a
/// mistyped `--output` cannot write over `site.toml`, a page or other work.
pub fn may_write(path: &std::path::Path) -> Result<(), Diagnostic> {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if meta.is_file() {
        let mut start = Vec::new();
        let read = std::fs::File::open(path).and_then(|file| file.take(MARK_WITHIN_BYTES).read_to_end(&mut start));
        let start = String::from_utf8_lossy(&start);
        // What the PO header comment and the XLIFF `<file>` of every export say.
        let xliff_mark = format!("product-name=\"{}\"", xliff::PRODUCT_NAME);
        if read.is_ok() && (start.contains(po::WRITTEN_BY) || start.contains(&xliff_mark)) {
            return Ok(());
        }
    }
    Err(Diagnostic::new(
        Code::NotAnExport,
        format!("{} exists and is not a translation file that `signpost translate export` wrote", path.display()),
    )
    .help("write the export to a new file, such as `--output pl.po`; an earlier export is replaced"))
}

/// The translatable text of the chosen pages of the site in `options.content`, in
/// `lang`, as a PO or XLIFF file.
pub fn export(
    options: &BuildOptions,
    lang: &str,
    choice: PageChoice,
    format: Format,
) -> Result<Exported, BuildFailure> {
    let site = crate::prepare(options)?.site;
    let config = &site.config;
    if !config.languages.contains_key(lang) || *lang == config.default_language {
        let others: Vec<&str> = config.language_codes().into_iter().filter(|l| *l != config.default_language).collect();
        return Err(BuildFailure::Environment(
            [Diagnostic::new(Code::UnknownLanguage, format!("the site does not translate into `{lang}`"))
                .help(format!("choose one of: {}", others.join(", ")))]
            .into_iter()
            .collect(),
        ));
    }
    let catalog = export::catalog(&site, lang, choice);
    let mut counts = UnitCounts::default();
    for page in &catalog.pages {
        counts.add(&page.units);
    }
    let text = match format {
        Format::Po => po::write(&catalog, &jiff::Zoned::now().strftime("%Y-%m-%d %H:%M%z").to_string()),
        Format::Xliff => xliff::write(&catalog),
    };
    Ok(Exported { text, pages: catalog.pages.len(), counts })
}

/// Per language other than the default, how many units are missing or fuzzy: what
/// `signpost check` reports.
pub fn unit_counts(site: &Site) -> BTreeMap<String, UnitCounts> {
    let mut counts = BTreeMap::new();
    for lang in site.config.language_codes() {
        if lang == site.config.default_language {
            continue;
        }
        let total: &mut UnitCounts = counts.entry(lang.to_string()).or_default();
        for files in site.pages.iter().filter_map(|page| export::PageFiles::of(page, lang)) {
            total.add(&files.units(&files.basis()));
        }
    }
    counts
}

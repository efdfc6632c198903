//! resolve: [`RawSite`] → [`Site`]. The one place where files are checked against each
//! other: translations are grouped into pages, facts in translations are compared with
//! the original, references between pages are followed and turned into back-links, and
//! every internal link and anchor is checked. No I/O.

mod facts;
mod links;

pub use facts::{MILESTONES, ORGANISATION_KINDS, party};
mod translations;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::{LoadedFile, Page, RawSite, Relations, Site};

/// Resolves the site as of `today` (reviews may not lie after it).
pub fn resolve(raw: RawSite, today: jiff::civil::Date) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let RawSite { config, files, .. } = raw;
    let pages = translations::group_into_pages(files, &config.default_language, &mut diagnostics);
    let index: BTreeMap<_, _> =
        pages.iter().enumerate().map(|(i, page): (usize, &Page)| (page.key.clone(), i)).collect();
    let mut site = Site { config, pages, index, relations: Relations::default(), today };
    site.relations = facts::check_facts(&site, &mut diagnostics);
    links::check_internal_links(&site, &mut diagnostics);
    (site, diagnostics)
}

/// How a file read again differs from its translation in the resolved `site`, as far as
/// resolve can tell; ordered from the least to the most it asks of `serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EditKind {
    /// Only prose: the same front matter, headings and link targets, and nothing in the
    /// body that resolve reports. It shows on that page alone.
    Prose,
    /// Prose and at most `title` and `summary`, which resolve never reads: they show
    /// where the page is shown or listed.
    TitleOrSummary,
    /// Anything else (or a file the site does not have): resolve must run again.
    Other,
}

/// What kind of edit `file` is. For the first two kinds, resolving every file again would
/// give `site` with only this translation replaced: `serve` then puts the file in with
/// [`replace_translation`] instead. Parses the body once (into the file's outline cell).
pub fn edit_kind(site: &Site, file: &LoadedFile) -> EditKind {
    let Some(old) = site.page(&file.key).and_then(|page| page.translations.get(&file.lang)) else {
        return EditKind::Other;
    };
    let outline = file.outline.get_or_init(|| crate::markdown::outline(file.body()));
    fn targets(links: &[crate::model::WrittenLink]) -> impl Iterator<Item = &str> {
        links.iter().map(|link| link.destination.as_str())
    }
    let same_outline = old.headings == outline.headings
        && outline.duplicate_ids.is_empty()
        && outline.too_deep.is_none()
        && targets(&old.internal_links).eq(targets(&outline.internal_links));
    if !same_outline {
        return EditKind::Other;
    }
    if old.front_matter == file.front_matter {
        return EditKind::Prose;
    }
    let mut front_matter = (*file.front_matter).clone();
    front_matter.title.clone_from(&old.front_matter.title);
    front_matter.summary.clone_from(&old.front_matter.summary);
    if *old.front_matter == front_matter { EditKind::TitleOrSummary } else { EditKind::Other }
}

/// Puts a file whose [`edit_kind`] is not [`EditKind::Other`] into `site` as its
/// translation.
pub fn replace_translation(site: &mut Site, file: LoadedFile) {
    let Some(&at) = site.index.get(&file.key) else { return };
    let lang = file.lang.clone();
    // The outline passed `edit_kind`: nothing to report.
    let translation = translations::translation_from(file, &mut Diagnostics::new());
    if let Some(page) = site.pages.get_mut(at) {
        page.translations.insert(lang, translation);
    }
}

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

/// Whether `file`, read again, differs from its translation in the resolved `site` only
/// in prose: the same front matter, headings and link targets, and nothing in its body
/// that resolve reports. Resolve reads nothing else of a body, so resolving every file
/// again would give `site` with only this translation's text replaced: `serve` then
/// puts the file in with [`replace_prose`] instead. Parses the body once (into the
/// file's outline cell).
pub fn only_prose_changed(site: &Site, file: &LoadedFile) -> bool {
    let Some(old) = site.page(&file.key).and_then(|page| page.translations.get(&file.lang)) else {
        return false;
    };
    let outline = file.outline.get_or_init(|| crate::markdown::outline(file.body()));
    fn targets(links: &[crate::model::WrittenLink]) -> impl Iterator<Item = &str> {
        links.iter().map(|link| link.destination.as_str())
    }
    old.front_matter == file.front_matter
        && old.headings == outline.headings
        && outline.duplicate_ids.is_empty()
        && outline.too_deep.is_none()
        && targets(&old.internal_links).eq(targets(&outline.internal_links))
}

/// Puts a file for which [`only_prose_changed`] holds into `site` as its translation.
pub fn replace_prose(site: &mut Site, file: LoadedFile) {
    let Some(&at) = site.index.get(&file.key) else { return };
    let lang = file.lang.clone();
    // The outline passed `only_prose_changed`: nothing to report.
    let translation = translations::translation_from(file, &mut Diagnostics::new());
    if let Some(page) = site.pages.get_mut(at) {
        page.translations.insert(lang, translation);
    }
}

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

/// Whether resolving every file again, with `file` read again, would give `site` with only
/// this translation replaced: its body has the same headings and link targets and
/// nothing resolve reports, and its front matter differs at most in `title` and
/// `summary`, which resolve never reads (they only show where the page is shown or
/// listed). `serve` then puts the file in with [`replace_translation`] instead. Parses
/// the body once (into the file's outline cell).
pub fn resolves_alike(site: &Site, file: &LoadedFile) -> bool {
    let Some(old) = translation_in(site, file) else { return false };
    let outline = file.outline.get_or_init(|| crate::markdown::outline(file.body()));
    fn targets(links: &[crate::model::WrittenLink]) -> impl Iterator<Item = &str> {
        links.iter().map(|link| link.destination.as_str())
    }
    let mut front_matter = (*file.front_matter).clone();
    front_matter.title.clone_from(&old.front_matter.title);
    front_matter.summary.clone_from(&old.front_matter.summary);
    *old.front_matter == front_matter
        && old.headings == outline.headings
        && outline.duplicate_ids.is_empty()
        && outline.too_deep.is_none()
        && targets(&old.internal_links).eq(targets(&outline.internal_links))
}

/// [`resolves_alike`], and with the same front matter: only the page's prose changed,
/// which shows on that page alone.
pub fn only_prose_changed(site: &Site, file: &LoadedFile) -> bool {
    translation_in(site, file).is_some_and(|old| old.front_matter == file.front_matter) && resolves_alike(site, file)
}

fn translation_in<'s>(site: &'s Site, file: &LoadedFile) -> Option<&'s crate::model::Translation> {
    site.page(&file.key).and_then(|page| page.translations.get(&file.lang))
}

/// Puts a file for which [`resolves_alike`] holds into `site` as its translation.
pub fn replace_translation(site: &mut Site, file: LoadedFile) {
    let Some(&at) = site.index.get(&file.key) else { return };
    let lang = file.lang.clone();
    // The outline passed `resolves_alike`: nothing to report.
    let translation = translations::translation_from(file, &mut Diagnostics::new());
    if let Some(page) = site.pages.get_mut(at) {
        page.translations.insert(lang, translation);
    }
}

//! resolve: [`RawSite`] → [`Site`]. The one place where files are checked against each
//! other: translations are grouped into pages, facts in translations are compared with
//! the original, references between pages are followed and turned into back-links, and
//! every internal link and anchor is checked. No I/O.

mod facts;
mod links;

pub use facts::{COUNTED_FROM, LETTER_KINDS, MILESTONES, ORGANISATION_KINDS, party};
mod translations;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostics;
use crate::model::{LoadedFile, Page, RawSite, Relations, Site};

/// Resolves the site as of `today` (reviews may not lie after it).
pub fn resolve(raw: RawSite, today: jiff::civil::Date) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let RawSite { config, files, .. } = raw;
    let pages = translations::group_into_pages(files, &config.default_language, &mut diagnostics);
    let index: BTreeMap<_, _> =
        pages.iter().enumerate().map(|(i, page): (usize, &Page)| (page.key.clone(), i)).collect();
    let mut site = Site { config, pages, index, relations: Relations::default(), link_targets: BTreeMap::new(), today };
    site.relations = facts::check_facts(&site, &mut diagnostics);
    let every_page: Vec<&Page> = site.pages.iter().collect();
    site.link_targets = links::check_internal_links(&site, &every_page, &mut diagnostics);
    (site, diagnostics)
}

/// What [`resolve_pages`] took out of the site: the pages as they were, and the
/// relations between all pages before the edit.
pub struct Replaced {
    pub pages: Vec<Page>,
    pub relations: Relations,
}

/// Resolves `site` again after some of its pages were edited, without touching the
/// others: `files` are every file of the edited pages (no page added or removed), and
/// `site` resolved without errors before. Gives the site and the errors [`resolve`] of
/// every file would give, because grouping files into pages is done page by page, the
/// facts are checked across the whole site again (a few milliseconds at 30,000 pages),
/// and a page's links depend only on the page and the pages they lead to: so the links
/// checked again are those of the edited pages and of the pages linking to them. On
/// errors `site` stays as it was.
pub fn resolve_pages(
    site: &mut Site,
    files: Vec<LoadedFile>,
    today: jiff::civil::Date,
) -> Result<Replaced, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let edited = translations::group_into_pages(files, &site.config.default_language, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let mut edited_keys = BTreeSet::new();
    let (mut places, mut replaced) = (Vec::new(), Vec::new());
    // The caller passes files of known pages only: there is a place for each.
    for page in edited {
        if let Some(&at) = site.index.get(&page.key) {
            edited_keys.insert(page.key.clone());
            places.push(at);
            replaced.push(std::mem::replace(&mut site.pages[at], page));
        }
    }
    let resolved_for = std::mem::replace(&mut site.today, today);
    let relations = facts::check_facts(site, &mut diagnostics);
    // In key order, which is page order: the errors come in the order `resolve` gives.
    let to_check: Vec<&Page> = site
        .link_targets
        .iter()
        .filter(|(key, targets)| edited_keys.contains(*key) || !targets.is_disjoint(&edited_keys))
        .filter_map(|(key, _)| site.page(key))
        .collect();
    let link_targets = links::check_internal_links(site, &to_check, &mut diagnostics);
    if diagnostics.has_errors() {
        for (&at, page) in places.iter().zip(replaced.iter_mut()) {
            std::mem::swap(&mut site.pages[at], page);
        }
        site.today = resolved_for;
        return Err(diagnostics);
    }
    site.link_targets.extend(link_targets);
    Ok(Replaced { pages: replaced, relations: std::mem::replace(&mut site.relations, relations) })
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
        && outline.is_clean()
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

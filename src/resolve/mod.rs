//! resolve: [`RawSite`] → [`Site`] and [`Sources`]. The one place where files are
//! checked against each other and front matter becomes typed facts: translations are
//! grouped into pages and compared with their original, every reference is looked up
//! and resolved, the back-links are collected, and every internal link and anchor is
//! checked. Nothing after resolve reads front matter. No I/O.

mod entities;
mod facts;
mod links;
mod translations;

pub use entities::civil_date;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::{BackLink, Page, PageKey, RawSite, Relations, Site, Sources};
use entities::{Existing, ExistingPages};

/// Resolves the site as of `today` (reviews may not lie after it). Returns the site, the
/// files it was made from, and every problem found.
pub fn resolve(raw: RawSite, today: jiff::civil::Date) -> (Site, Sources, Diagnostics) {
    let RawSite { config, files } = raw;
    let mut sources = Sources::new(files);
    let mut diagnostics = Diagnostics::new();
    // A page exists when it has an original; every reference is looked up among these.
    let existing: BTreeSet<PageKey> =
        sources.files.iter().filter(|f| f.lang == config.default_language).map(|f| f.key.clone()).collect();
    let keys: Vec<&PageKey> = sources.files.iter().map(|f| &f.key).collect::<BTreeSet<_>>().into_iter().collect();
    let lookup = Existing { pages: ExistingPages::Originals(&existing), config: &config };
    let built: Vec<(Option<Page>, Diagnostics)> = keys
        .par_iter()
        .with_max_len(crate::PAGES_PER_TASK)
        .map(|key| {
            let mut found = Diagnostics::new();
            (translations::page_from_files(&lookup, sources.of(key), today, &mut found), found)
        })
        .collect();
    let mut pages = Vec::with_capacity(existing.len());
    for (page, found) in built {
        pages.extend(page);
        diagnostics.extend(found);
    }
    let mut site = Site::new(config, pages, Relations::default(), today);
    site.relations = facts::back_links(&site);
    facts::check_senders(&site, &sources, &mut diagnostics);
    let every_page: Vec<&Page> = site.pages.iter().collect();
    sources.link_targets = links::check_internal_links(&site, &every_page, &mut diagnostics);
    (site, sources, diagnostics)
}

/// What [`resolve_pages`] took out of the site: the pages as they were, and which pages'
/// back-links changed with them.
pub struct Replaced {
    pub pages: Vec<Page>,
    /// Each page (by key) that shows a back-link the edit added or took away.
    pub back_links_changed: BTreeSet<PageKey>,
}

/// Resolves the `edited` pages of `site` again from their files in `sources` (saved
/// since; no page added or removed), without touching the others, when `site`
/// resolved without errors before. Gives the site and the errors [`resolve`] of every
/// file would give: a page's facts depend only on its files and on which pages exist;
/// each back-link names the page that makes it, so the edited pages' old ones are taken
/// out and their new ones put in; the rule between a step and its letter is checked for
/// the steps that read an edited page; and a page's links depend only on the page and
/// the pages they lead to, so the links checked again are those of the edited pages and
/// of the pages linking to them. On errors `site` stays as it was.
pub fn resolve_pages(
    site: &mut Site,
    sources: &mut Sources,
    edited: &BTreeSet<PageKey>,
    today: jiff::civil::Date,
) -> Result<Replaced, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let lookup = Existing { pages: ExistingPages::Site(site), config: &site.config };
    let made: Vec<(usize, Page)> = edited
        .iter()
        .filter_map(|key| {
            let at = site.position(key)?;
            Some((at, translations::page_from_files(&lookup, sources.of(key), today, &mut diagnostics)?))
        })
        .collect();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let mut replaced = Vec::with_capacity(made.len());
    let mut places = Vec::with_capacity(made.len());
    let (mut taken, mut added) = (BTreeSet::new(), BTreeSet::new());
    for (at, page) in made {
        let before: BTreeSet<BackLink> = facts::back_links_of(&site.pages[at]).into_iter().collect();
        let after: BTreeSet<BackLink> = facts::back_links_of(&page).into_iter().collect();
        taken.extend(before.difference(&after).cloned());
        added.extend(after.difference(&before).cloned());
        places.push(at);
        debug_assert_eq!(site.pages[at].key, page.key, "a page is replaced by one of its key: positions stay");
        replaced.push(std::mem::replace(&mut site.pages[at], page));
    }
    let resolved_for = std::mem::replace(&mut site.today, today);
    taken.iter().for_each(|link| site.relations.remove(link));
    added.iter().for_each(|link| site.relations.add(link.clone()));
    facts::check_senders_around(site, sources, edited, &mut diagnostics);
    // In key order, which is page order: the errors come in the order `resolve` gives.
    let to_check: Vec<&Page> = sources
        .link_targets
        .iter()
        .filter(|(key, targets)| edited.contains(*key) || !targets.is_disjoint(edited))
        .filter_map(|(key, _)| site.page(key))
        .collect();
    let link_targets = links::check_internal_links(site, &to_check, &mut diagnostics);
    if diagnostics.has_errors() {
        for (&at, page) in places.iter().zip(replaced.iter_mut()) {
            std::mem::swap(&mut site.pages[at], page);
        }
        added.iter().for_each(|link| site.relations.remove(link));
        taken.into_iter().for_each(|link| site.relations.add(link));
        site.today = resolved_for;
        return Err(diagnostics);
    }
    sources.link_targets.extend(link_targets);
    let back_links_changed = taken.iter().chain(&added).map(BackLink::shown_on).collect();
    Ok(Replaced { pages: replaced, back_links_changed })
}

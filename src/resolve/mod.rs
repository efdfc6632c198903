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
use crate::model::{Page, RawSite, Relations, Site};

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

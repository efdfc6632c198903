//! resolve: [`RawSite`] → [`Site`]. The one place where files are checked against each
//! other: translations are grouped into pages, facts in translations are compared with
//! the original, and every internal link and anchor is followed. No I/O.

mod links;
mod translations;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::{Page, RawSite, Site};

pub fn resolve(raw: RawSite) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let RawSite { config, files, .. } = raw;
    let pages = translations::group_into_pages(files, &config.default_language, &mut diagnostics);
    let index: BTreeMap<_, _> = pages
        .iter()
        .enumerate()
        .map(|(i, page): (usize, &Page)| (page.key.clone(), i))
        .collect();
    let site = Site {
        config,
        pages,
        index,
    };
    links::check_internal_links(&site, &mut diagnostics);
    (site, diagnostics)
}

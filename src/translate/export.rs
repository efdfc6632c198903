//! `signpost translate export`: the units of the chosen pages in one language, with the
//! translation so far, as a catalog for a PO or XLIFF file. Facts are never exported:
//! they live in the default-language file.

use super::catalog::{Catalog, CatalogPage};
use super::history;
use super::units::{Basis, PageFile, Unit, translated_units};
use crate::model::{Page, Site};
use crate::render::Urls;

/// Which pages to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageChoice {
    /// Pages with no file in the language.
    pub missing: bool,
    /// Translations whose original changed since (or that do not say which version they
    /// follow).
    pub stale: bool,
    /// Translations that follow the current original.
    pub current: bool,
}

impl PageChoice {
    pub const ALL: PageChoice = PageChoice { missing: true, stale: true, current: true };
}

/// Where the translation of `page` into `lang` stands.
pub fn basis_of(page: &Page, lang: &str) -> Basis {
    let Some(translation) = page.translations.get(lang) else { return Basis::Missing };
    let original = PageFile::from(page.original());
    let Some(recorded) = translation.front_matter.translated_from.as_ref() else { return Basis::Unknown };
    if *recorded.get_ref() == original.fingerprint() {
        return Basis::Current;
    }
    match history::earlier_version(&original.file.path, recorded.get_ref()) {
        Some(earlier) => Basis::Earlier(earlier),
        None => Basis::Unknown,
    }
}

/// The units of `page` in `lang`, with the translation so far.
pub fn page_units(page: &Page, lang: &str, basis: &Basis) -> Vec<Unit> {
    let original = PageFile::from(page.original());
    let translation = page.translations.get(lang).map(PageFile::from);
    translated_units(&original, translation.as_ref(), basis)
}

/// The catalog of `site`'s pages in `lang` that `choice` selects, in page order.
pub fn catalog(site: &Site, lang: &str, choice: PageChoice) -> Catalog {
    let urls = Urls::new(&site.config.base_url, false);
    let mut pages = Vec::new();
    for page in &site.pages {
        let basis = basis_of(page, lang);
        let chosen = match basis {
            Basis::Missing => choice.missing,
            Basis::Current => choice.current,
            Basis::Earlier(_) | Basis::Unknown => choice.stale,
        };
        if !chosen {
            continue;
        }
        let original = page.original();
        pages.push(CatalogPage {
            page: page.key.content_path(),
            original: original.file.display_path(),
            title: original.front_matter.title.as_ref().map(|t| t.get_ref().clone()).unwrap_or_default(),
            url: urls.absolute(&Urls::page_dir(lang, &page.key)),
            fingerprint: PageFile::from(original).fingerprint(),
            units: page_units(page, lang, &basis),
        });
    }
    Catalog {
        source_language: site.config.default_language.clone(),
        language: lang.to_string(),
        project: site.config.languages.get(&site.config.default_language).map(|l| l.title.clone()).unwrap_or_default(),
        pages,
    }
}

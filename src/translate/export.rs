//! `signpost translate export`: the units of the chosen pages in one language, with the
//! translation so far, as a catalog for a PO or XLIFF file. Facts are never exported:
//! they live in the default-language file.

use super::catalog::{Catalog, CatalogPage};
use super::history;
use super::units::{Basis, PageFile, Unit, translated_units};
use crate::model::{Page, Site};
use crate::output::Urls;

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

/// A page's original and its translation into one language, read from the site.
pub struct PageFiles {
    pub original: PageFile,
    pub translation: Option<PageFile>,
}

impl PageFiles {
    pub fn of(page: &Page, lang: &str) -> Option<Self> {
        Some(Self {
            original: PageFile::of(page.original())?,
            translation: page.translations.get(lang).and_then(PageFile::of),
        })
    }

    /// Where the translation stands against the original.
    pub fn basis(&self) -> Basis {
        let Some(translation) = &self.translation else { return Basis::Missing };
        let Some(recorded) = translation.front_matter.translated_from.as_ref() else { return Basis::Unknown };
        if *recorded.get_ref() == self.original.fingerprint() {
            return Basis::Current;
        }
        match history::earlier_version(&self.original.file.path, recorded.get_ref()) {
            Some(earlier) => Basis::Earlier(earlier),
            None => Basis::Unknown,
        }
    }

    /// The units, with the translation so far.
    pub fn units(&self, basis: &Basis) -> Vec<Unit> {
        translated_units(&self.original, self.translation.as_ref(), basis)
    }
}

/// The catalog of `site`'s pages in `lang` that `choice` selects, in page order.
pub fn catalog(site: &Site, lang: &str, choice: PageChoice) -> Catalog {
    let urls = Urls::new(&site.config.base_url, false);
    let mut pages = Vec::new();
    for page in &site.pages {
        let Some(files) = PageFiles::of(page, lang) else { continue };
        let basis = files.basis();
        let chosen = match basis {
            Basis::Missing => choice.missing,
            Basis::Current => choice.current,
            Basis::Earlier(_) | Basis::Unknown => choice.stale,
        };
        if !chosen {
            continue;
        }
        pages.push(CatalogPage {
            page: page.key.content_path(),
            original: files.original.file.display_path(),
            title: page.original().title.clone(),
            url: urls.page_url(lang, &page.key),
            fingerprint: files.original.fingerprint(),
            units: files.units(&basis),
        });
    }
    Catalog {
        source_language: site.config.default_language.clone(),
        language: lang.to_string(),
        project: site.config.languages.get(&site.config.default_language).map(|l| l.title.clone()).unwrap_or_default(),
        pages,
    }
}

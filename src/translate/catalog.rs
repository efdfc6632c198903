//! The translation file's contents independent of its format: what export writes (pages
//! with their units) and what import reads back (units with where they stand in the
//! file). `po` and `xliff` turn one into text and text into the other.

use std::sync::Arc;

use super::tagged::Tagged;
use super::units::Unit;
use crate::source::SourceFile;

/// What `signpost translate export` writes.
pub struct Catalog {
    /// The site's default language, which every original is written in.
    pub source_language: String,
    pub language: String,
    /// The site's title in the default language, to name the project in the file.
    pub project: String,
    pub pages: Vec<CatalogPage>,
}

/// One page of a catalog.
pub struct CatalogPage {
    /// How editors name it: `nl/procedures/poortwachter`.
    pub page: String,
    /// The original's file, as the site shows it.
    pub original: String,
    pub title: String,
    /// The page's address in the translation's language.
    pub url: String,
    /// The fingerprint of the original's text the units were taken from.
    pub fingerprint: String,
    pub units: Vec<Unit>,
}

impl CatalogPage {
    /// The note every unit of the page carries: which page, where, which version.
    pub fn note(&self) -> String {
        format!("Page “{}”, {}", self.title, self.url)
    }
}

/// One unit as a translator sent it back.
#[derive(Debug, Clone)]
pub struct ReadUnit {
    pub page: String,
    pub key: String,
    pub source: Tagged,
    /// `None` when it has no translation (empty).
    pub translation: Option<Tagged>,
    /// Marked as needing a look (PO `fuzzy`, XLIFF `needs-review-…`).
    pub fuzzy: bool,
    /// Marked as checked against the current original (PO flag `reviewed`, XLIFF
    /// `approved="yes"` or a `final`/`signed-off` target).
    pub reviewed: bool,
    /// The original's fingerprint at the export.
    pub fingerprint: Option<String>,
    /// Byte offset of the unit's translation (or the unit) in the file.
    pub at: usize,
}

/// A translation file as read.
pub struct ReadCatalog {
    pub file: Arc<SourceFile>,
    pub source_language: Option<String>,
    pub language: Option<String>,
    /// Where the language is said in the file.
    pub language_at: usize,
    pub units: Vec<ReadUnit>,
}

/// The `fingerprint …` line every unit's note ends with.
pub const FINGERPRINT: &str = "fingerprint ";

/// Splits `nl/procedures/poortwachter body#about/2` into page and unit key.
pub fn split_context(context: &str) -> Option<(&str, &str)> {
    let (page, key) = context.split_once(' ')?;
    (!key.is_empty()).then_some((page, key))
}

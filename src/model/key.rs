//! Which page a file is, independent of language: its kind, country and id. The key
//! also gives the page's path in the output, so only ids that are safe as a single path
//! segment may ever become part of one.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Home,
    Page,
    Country,
    Organisation,
    Role,
    Procedure,
    Letter,
    CrossBorder,
    Glossary,
}

impl PageKind {
    /// Every kind, in key order.
    pub const ALL: [PageKind; 9] = [
        PageKind::Home,
        PageKind::Page,
        PageKind::Country,
        PageKind::Organisation,
        PageKind::Role,
        PageKind::Procedure,
        PageKind::Letter,
        PageKind::CrossBorder,
        PageKind::Glossary,
    ];

    /// The folder a kind lives in inside a country (or at the top for glossary and
    /// cross-border pages).
    pub fn folder(self) -> Option<&'static str> {
        match self {
            PageKind::Organisation => Some("organisations"),
            PageKind::Role => Some("roles"),
            PageKind::Procedure => Some("procedures"),
            PageKind::Letter => Some("letters"),
            PageKind::CrossBorder => Some("cross-border"),
            PageKind::Glossary => Some("glossary"),
            PageKind::Home | PageKind::Page | PageKind::Country => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Page => "page",
            PageKind::Country => "country",
            PageKind::Organisation => "organisation",
            PageKind::Role => "role",
            PageKind::Procedure => "procedure",
            PageKind::Letter => "letter",
            PageKind::CrossBorder => "cross-border",
            PageKind::Glossary => "glossary",
        }
    }
}

/// Identifies a page across languages. Ordering gives the build its stable order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageKey {
    pub kind: PageKind,
    pub country: Option<String>,
    /// Empty for the home page and country overviews.
    pub id: String,
}

impl PageKey {
    pub fn home() -> Self {
        Self { kind: PageKind::Home, country: None, id: String::new() }
    }

    /// The overview of `country`.
    pub fn country(country: &str) -> Self {
        Self { kind: PageKind::Country, country: Some(country.to_string()), id: String::new() }
    }

    /// The glossary page of the concept `id`.
    pub fn glossary(id: &str) -> Self {
        Self { kind: PageKind::Glossary, country: None, id: id.to_string() }
    }

    /// The page's path below a language folder, ending in `/` (empty for home):
    /// `nl/organisations/uwv/`.
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(self.folders().map(|folder| folder.len() + 1).sum());
        for folder in self.folders() {
            path.push_str(folder);
            path.push('/');
        }
        path
    }

    /// The folders of [`PageKey::path`], outermost first: country, kind, id (each where
    /// there is one).
    pub fn folders(&self) -> impl Iterator<Item = &str> {
        let id = Some(self.id.as_str()).filter(|id| !id.is_empty());
        [self.country.as_deref(), self.kind.folder(), id].into_iter().flatten()
    }

    /// How editors write a link to this page: `nl/organisations/uwv` (`_index` for
    /// overviews), without language or extension.
    pub fn content_path(&self) -> String {
        let path = self.path();
        let trimmed = path.trim_end_matches('/');
        match self.kind {
            PageKind::Home => "_index".to_string(),
            PageKind::Country => format!("{trimmed}/_index"),
            _ => trimmed.to_string(),
        }
    }
}

/// A page is named by its content path (`nl/organisations/uwv`) wherever it is written
/// out for tools, as in `data/site.json`.
impl serde::Serialize for PageKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.content_path())
    }
}

impl fmt::Display for PageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.content_path())
    }
}

/// Whether a string may be used as one path segment of the output: no separators, no
/// dots at all (so never `..`), no control characters, not empty. Everything that
/// becomes part of an output path passes through this.
pub fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 200
        && segment.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !segment.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: PageKind, country: Option<&str>, id: &str) -> PageKey {
        PageKey { kind, country: country.map(str::to_string), id: id.to_string() }
    }

    #[test]
    fn organisation_path_nests_under_country_and_folder() {
        assert_eq!(key(PageKind::Organisation, Some("nl"), "uwv").path(), "nl/organisations/uwv/");
    }

    #[test]
    fn home_path_is_empty_and_country_path_is_the_code() {
        assert_eq!(PageKey::home().path(), "");
        assert_eq!(key(PageKind::Country, Some("dk"), "").path(), "dk/");
        assert_eq!(key(PageKind::Country, Some("dk"), "").content_path(), "dk/_index");
    }

    #[test]
    fn safe_segments_refuse_traversal_and_separators() {
        for bad in ["..", ".", "a/b", "a\\b", "", "a.b", "C:", "-x", "a\0b"] {
            assert!(!is_safe_segment(bad), "{bad:?} must be refused");
        }
        for good in ["uwv", "førtidspension", "wia-beslissing", "a_b"] {
            assert!(is_safe_segment(good), "{good:?} must be allowed");
        }
    }

    proptest::proptest! {
        /// Whatever a string holds, if it passes as a segment it is one plain path
        /// component: joined to a folder it stays inside it.
        #[test]
        fn a_safe_segment_never_leaves_its_folder(segment in "(\\PC|[./\\:\0])*") {
            if is_safe_segment(&segment) {
                proptest::prop_assert!(!segment.is_empty());
                proptest::prop_assert!(!segment.contains(['/', '\\', '.', '\0', ':']), "{:?}", segment);
                let joined = std::path::Path::new("/out").join(&segment);
                proptest::prop_assert_eq!(joined.parent(), Some(std::path::Path::new("/out")));
                proptest::prop_assert!(matches!(
                    std::path::Path::new(&segment).components().collect::<Vec<_>>().as_slice(),
                    [std::path::Component::Normal(_)]
                ));
            }
        }
    }
}

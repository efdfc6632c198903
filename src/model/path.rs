//! File name ↔ page: which page and language a file under `content/` is. The rules are
//! in `docs/content-model.md`; every id that comes out of here is safe as a path segment.

use std::path::{Component, Path};

use super::is_safe_segment;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{PageKey, PageKind};

/// Why a path under `content/` is not a page, in words an editor can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("the file name `{0}` has no language")]
    NoLanguage(String),
    #[error("`{0}` is not a usable id: ids may hold letters, digits, `-` and `_` only")]
    UnsafeId(String),
    #[error("`{0}` is not a country code: a country folder is an ISO 3166-1 alpha-2 code in lower case")]
    NotACountry(String),
    #[error("pages cannot live in `{0}`")]
    UnexpectedFolder(String),
    #[error("a cross-border page is named after two country codes, `<a>-<b>`, not `{0}`")]
    NotACountryPair(String),
    #[error("the folder `{0}` has no overview page (`_index`)")]
    NoIndexHere(String),
    #[error("the page `{0}` would have the address of {1}")]
    ReservedId(String, &'static str),
}

impl PathProblem {
    /// How to fix it.
    pub fn help(&self) -> String {
        match self {
            PathProblem::NoLanguage(name) => {
                format!("add the language code before `.md`, for example `{}.en.md`", name.trim_end_matches(".md"))
            }
            PathProblem::UnsafeId(_) => "rename the file; spaces become `-`, dots and slashes are not allowed".into(),
            PathProblem::NotACountry(_) => "use a folder such as `nl`, `dk` or `de`, or move the page to the top level".into(),
            PathProblem::UnexpectedFolder(_) => {
                "inside a country, pages go in `organisations/`, `roles/`, `procedures/` or `letters/`, or directly in the country folder".into()
            }
            PathProblem::NotACountryPair(_) => "name it like `nl-pl.en.md`, with the codes in alphabetical order".into(),
            PathProblem::NoIndexHere(_) => "give the page its own id instead of `_index`".into(),
            PathProblem::ReservedId(..) => {
                "rename the file: Signpost makes that page itself, and one of the two would be lost".into()
            }
        }
    }
}

/// The page key and language of a markdown file, from its path relative to `content/`.
pub fn page_of(relative: &Path) -> Result<(PageKey, String), PathProblem> {
    let mut folders: Vec<String> = Vec::new();
    let mut name = String::new();
    let components: Vec<Component> = relative.components().collect();
    for (i, component) in components.iter().enumerate() {
        let Component::Normal(part) = component else {
            return Err(PathProblem::UnexpectedFolder(relative.display().to_string()));
        };
        let part = part.to_string_lossy().to_string();
        if i + 1 == components.len() {
            name = part;
        } else {
            folders.push(part);
        }
    }
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let Some((id_part, lang)) = stem.rsplit_once('.') else {
        return Err(PathProblem::NoLanguage(name.clone()));
    };
    if lang.is_empty() || id_part.is_empty() {
        return Err(PathProblem::NoLanguage(name.clone()));
    }
    let lang = lang.to_lowercase();
    let is_index = id_part == "_index";
    let id = if is_index { String::new() } else { normalise_id(id_part)? };
    let folder_refs: Vec<&str> = folders.iter().map(String::as_str).collect();

    let key = match folder_refs.as_slice() {
        [] if is_index => PageKey::home(),
        [] => {
            if let Some(what) = reserved_top_level(&id) {
                return Err(PathProblem::ReservedId(id, what));
            }
            PageKey { kind: PageKind::Page, country: None, id }
        }
        ["glossary"] | ["cross-border"] if is_index => {
            return Err(PathProblem::NoIndexHere(folders.join("/")));
        }
        ["glossary"] => PageKey { kind: PageKind::Glossary, country: None, id },
        ["cross-border"] => {
            let valid_pair = id.split_once('-').is_some_and(|(a, b)| is_country_code(a) && is_country_code(b) && a < b);
            if !valid_pair {
                return Err(PathProblem::NotACountryPair(id));
            }
            PageKey { kind: PageKind::CrossBorder, country: None, id }
        }
        [country] => {
            let country = country_code(country)?;
            if is_index {
                PageKey { kind: PageKind::Country, country: Some(country), id }
            } else if let Some(kind) = kind_in_country_folder(&id) {
                let what = if kind == PageKind::Letter {
                    "the country's letter finder"
                } else {
                    "a folder of the country's pages"
                };
                return Err(PathProblem::ReservedId(format!("{country}/{id}"), what));
            } else {
                PageKey { kind: PageKind::Page, country: Some(country), id }
            }
        }
        [country, folder] => {
            let country = country_code(country)?;
            let Some(kind) = kind_in_country_folder(folder) else {
                return Err(PathProblem::UnexpectedFolder(folders.join("/")));
            };
            if is_index {
                return Err(PathProblem::NoIndexHere(folders.join("/")));
            }
            PageKey { kind, country: Some(country), id }
        }
        _ => return Err(PathProblem::UnexpectedFolder(folders.join("/"))),
    };
    Ok((key, lang))
}

/// The kind of the pages in a folder inside a country (`nl/letters/`), if it is one.
fn kind_in_country_folder(folder: &str) -> Option<PageKind> {
    match folder {
        "organisations" => Some(PageKind::Organisation),
        "roles" => Some(PageKind::Role),
        "procedures" => Some(PageKind::Procedure),
        "letters" => Some(PageKind::Letter),
        _ => None,
    }
}

/// What Signpost itself puts at the address of a top-level page with this id, if anything:
/// the pages it makes for every language, and the countries' folders.
fn reserved_top_level(id: &str) -> Option<&'static str> {
    match id {
        "search" => Some("the search page"),
        "a-z" => Some("the A–Z index"),
        "compare" => Some("the comparison of countries"),
        "glossary" => Some("the glossary"),
        "cross-border" => Some("the folder of cross-border pages"),
        _ if is_country_code(id) => Some("a country's overview"),
        _ => None,
    }
}

/// Lower case, spaces to `-`; anything else that is not safe in a URL path is refused
/// rather than silently changed, so two files never end up with one id by accident.
fn normalise_id(raw: &str) -> Result<String, PathProblem> {
    // Nearly every id is written as it is used (`wia-besluit`): nothing to change. Every
    // `@/` link in a page comes through here, and the general way below made five strings.
    let id = if raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
        raw.to_string()
    } else {
        // File names may come decomposed (NFD, as macOS writes them); text is NFC
        // everywhere else. The quick check spares composing the names that already are.
        let composed: std::borrow::Cow<str> = match is_nfc_quick(raw.chars()) {
            IsNormalized::Yes => raw.into(),
            _ => raw.nfc().collect::<String>().into(),
        };
        composed.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
    };
    if is_safe_segment(&id) { Ok(id) } else { Err(PathProblem::UnsafeId(raw.to_string())) }
}

/// A country code as the content's folders use it: two lower-case letters (`nl`).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn country_code(folder: &str) -> Result<String, PathProblem> {
    if is_country_code(folder) { Ok(folder.to_string()) } else { Err(PathProblem::NotACountry(folder.to_string())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Result<(PageKey, String), PathProblem> {
        page_of(Path::new(path))
    }

    #[test]
    fn language_is_the_last_part_before_md() {
        let (key, lang) = page("nl/organisations/uwv.nl.md").unwrap();
        assert_eq!(lang, "nl");
        assert_eq!(key.kind, PageKind::Organisation);
        assert_eq!(key.id, "uwv");
        assert_eq!(key.country.as_deref(), Some("nl"));
    }

    #[test]
    fn index_files_are_home_and_country_overviews() {
        assert_eq!(page("_index.en.md").unwrap().0, PageKey::home());
        assert_eq!(page("dk/_index.da.md").unwrap().0.kind, PageKind::Country);
    }

    #[test]
    fn spaces_become_hyphens_and_non_ascii_letters_stay() {
        assert_eq!(page("dk/førtids pension.da.md").unwrap().0.id, "førtids-pension");
    }

    #[test]
    fn decomposed_letters_in_file_names_are_composed() {
        assert_eq!(page("glossary/cafe\u{301}.en.md").unwrap().0.id, "caf\u{e9}");
    }

    #[test]
    fn a_file_without_language_is_refused() {
        assert!(matches!(page("nl/uwv.md"), Err(PathProblem::NoLanguage(_))));
    }

    #[test]
    fn dots_and_traversal_in_ids_are_refused() {
        assert!(matches!(page("nl/a.b.c.en.md"), Err(PathProblem::UnsafeId(_))));
        assert!(page("../x.en.md").is_err());
    }

    #[test]
    fn cross_border_pages_need_an_ordered_country_pair() {
        assert!(page("cross-border/nl-pl.en.md").is_ok());
        assert!(matches!(page("cross-border/pl-nl.en.md"), Err(PathProblem::NotACountryPair(_))));
    }

    #[test]
    fn ids_at_the_addresses_of_generated_pages_are_refused() {
        for path in [
            "search.en.md",
            "a-z.en.md",
            "compare.nl.md",
            "glossary.en.md",
            "nl.en.md",
            "nl/letters.en.md",
            "dk/roles.da.md",
        ] {
            assert!(matches!(page(path), Err(PathProblem::ReservedId(..))), "{path}");
        }
        assert!(page("searching.en.md").is_ok());
        assert!(page("nl/letter.en.md").is_ok());
        assert!(page("eu-coordination.en.md").is_ok());
    }

    #[test]
    fn unknown_folders_are_refused() {
        assert!(matches!(page("nl/forms/x.en.md"), Err(PathProblem::UnexpectedFolder(_))));
        assert!(matches!(page("netherlands/x.en.md"), Err(PathProblem::NotACountry(_))));
    }

    use proptest::strategy::Strategy;

    /// A file name part: often one of the names the rules know, often anything at all.
    fn any_part() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            proptest::sample::select(vec![
                "nl",
                "dk",
                "_index",
                "glossary",
                "cross-border",
                "organisations",
                "nl-pl",
                "..",
                ".",
                ""
            ])
            .prop_map(str::to_string),
            "(\\PC|[./\\:\0 ])*",
        ]
    }

    proptest::proptest! {
        /// An id written as it is used is kept as it is, exactly as the general way (NFC,
        /// trimmed, lower case, spaces as hyphens) would leave it; any other id goes the
        /// general way.
        #[test]
        fn an_id_needing_no_change_is_kept_as_the_general_way_keeps_it(raw in "[a-z0-9_-]{0,12}|[a-zA-Z0-9_ é\u{301}-]{0,12}") {
            let general: String = raw.nfc().collect::<String>().trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
            let expected = if is_safe_segment(&general) { Ok(general) } else { Err(PathProblem::UnsafeId(raw.clone())) };
            proptest::prop_assert_eq!(normalise_id(&raw), expected);
        }

        /// Any path under `content/` either is refused or names a page whose output path
        /// is made of safe segments only, so it stays inside the output folder.
        #[test]
        fn any_file_name_gives_an_output_path_inside_the_output(
            folders in proptest::collection::vec(any_part(), 0..4),
            id in any_part(),
            lang in any_part(),
        ) {
            let path = [folders.join("/"), format!("{id}.{lang}.md")].join("/");
            if let Ok((key, _)) = page_of(Path::new(path.trim_start_matches('/'))) {
                let output = key.path();
                for segment in output.split_terminator('/') {
                    proptest::prop_assert!(is_safe_segment(segment), "{:?} from {:?}", segment, path);
                }
                let joined = Path::new("/out/en").join(&output);
                proptest::prop_assert!(joined.starts_with("/out/en"));
                proptest::prop_assert!(Path::new(&output).components().all(|c| matches!(c, Component::Normal(_))));
            }
        }
    }
}

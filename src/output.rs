//! The built site's shape, shared by the stages that make it and the one that writes
//! it: an output file ([`OutputFile`]), where a page lives in the output and how one
//! page links to another ([`Urls`]). Every URL the templates see is made here, so
//! switching to relative links (for `file://` and sub-path hosting) changes one place.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::model::PageKey;

/// One file of the built site: its path below the output root (`/`-separated, made only
/// of checked segments) and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Characters escaped in a URL path segment; letters of any script are encoded as UTF-8.
const PATH: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'%');

#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://example.org/sub/`, always with one trailing slash.
    pub base_url: String,
    /// `/sub/`: the path part of the base URL.
    pub base_path: String,
    pub relative: bool,
}

impl Urls {
    pub fn new(base_url: &str, relative: bool) -> Self {
        let base_url = format!("{}/", base_url.trim_end_matches('/'));
        let after_scheme = base_url.split_once("://").map_or(base_url.as_str(), |(_, rest)| rest);
        let base_path = after_scheme.find('/').map_or("/".to_string(), |i| after_scheme[i..].to_string());
        Self { base_url, base_path, relative }
    }

    /// The output folder of a page in a language, below the output root: `nl/nl/organisations/uwv/`.
    pub fn page_dir(lang: &str, key: &PageKey) -> String {
        format!("{lang}/{}", key.path())
    }

    /// A link from a page in `from_dir` to `target` (a path below the output root; a
    /// folder ends in `/`).
    pub fn href(&self, from_dir: &str, target: &str) -> String {
        let target = encode_path(target);
        if self.relative {
            let depth = from_dir.split('/').filter(|s| !s.is_empty()).count();
            let mut href = "../".repeat(depth);
            href.push_str(&target);
            if href.is_empty() || href.ends_with('/') {
                href.push_str("index.html");
            }
            href
        } else {
            format!("{}{target}", self.base_path)
        }
    }

    /// The absolute URL, for sitemaps, feeds, `hreflang` and canonical links.
    pub fn absolute(&self, target: &str) -> String {
        format!("{}{}", self.base_url, encode_path(target))
    }
}

/// Characters escaped in a value put into a URL's query (a page title in a feedback
/// address): everything but letters, digits and `-_.~`.
const QUERY_VALUE: &AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The feedback address of a page: `template` (from `site.toml`, checked by `load`) with
/// `{title}`, `{url}` and `{lang}` filled in, each percent-encoded.
pub fn feedback_href(template: &str, title: &str, url: &str, lang: &str) -> String {
    let encoded = |value: &str| utf8_percent_encode(value, QUERY_VALUE).to_string();
    template.replace("{title}", &encoded(title)).replace("{url}", &encoded(url)).replace("{lang}", &encoded(lang))
}

/// `PATH` leaves `/` alone, so the whole path is encoded at once.
fn encode_path(path: &str) -> std::borrow::Cow<'_, str> {
    utf8_percent_encode(path, PATH).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_links_start_at_the_base_path() {
        let urls = Urls::new("https://example.org/help", false);
        assert_eq!(urls.base_path, "/help/");
        assert_eq!(urls.href("nl/nl/", "en/nl/"), "/help/en/nl/");
    }

    #[test]
    fn relative_links_climb_to_the_root_and_name_index_files() {
        let urls = Urls::new("https://example.org/", true);
        assert_eq!(urls.href("nl/nl/organisations/uwv/", "en/"), "../../../../en/index.html");
        assert_eq!(urls.href("nl/", "static/style.css"), "../static/style.css");
        assert_eq!(urls.href("", ""), "index.html");
    }

    #[test]
    fn a_feedback_address_gets_the_page_percent_encoded() {
        let href = feedback_href(
            "mailto:fouten@example.org?subject={title}&body={url}",
            "Zwolnienie & ZUS?",
            "https://example.org/pl/pl/zus/",
            "pl",
        );
        assert_eq!(
            href,
            "mailto:fouten@example.org?subject=Zwolnienie%20%26%20ZUS%3F&body=https%3A%2F%2Fexample.org%2Fpl%2Fpl%2Fzus%2F"
        );
        assert_eq!(feedback_href("https://t.example.org/new?l={lang}", "", "", "da"), "https://t.example.org/new?l=da");
    }

    #[test]
    fn non_ascii_segments_are_percent_encoded() {
        let urls = Urls::new("https://example.org", false);
        assert_eq!(urls.absolute("da/dk/førtidspension/"), "https://example.org/da/dk/f%C3%B8rtidspension/");
    }
}

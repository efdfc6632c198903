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
        // Letters of other scripts in the path (`/hjælp/`) as UTF-8 percent escapes, which a
        // sitemap requires; the host is ASCII already (`load::check_base_url`).
        let base_url = format!("{}/", utf8_percent_encode(base_url.trim_end_matches('/'), CONTROLS));
        let after_scheme = base_url.split_once("://").map_or(base_url.as_str(), |(_, rest)| rest);
        let base_path = after_scheme.find('/').map_or("/".to_string(), |i| after_scheme[i..].to_string());
        Self { base_url, base_path, relative }
    }

    /// The output folder of a page in a language, below the output root: `nl/nl/organisations/uwv/`.
    pub fn page_dir(lang: &str, key: &PageKey) -> String {
        let mut dir = String::with_capacity(page_dir_length(lang, key));
        for folder in page_folders(lang, key) {
            dir.push_str(folder);
            dir.push('/');
        }
        dir
    }

    /// A link from a page in `from_dir` to `target` (a path below the output root; a
    /// folder ends in `/`).
    pub fn href(&self, from_dir: &str, target: &str) -> String {
        self.href_of(from_dir, target.len(), |href| push_encoded(href, target))
    }

    /// A link from a page in `from_dir` to the page `key` in `lang`: `href` of its
    /// `page_dir`, written at once (pages link to many pages; the strings made between
    /// were about 4 % of a build).
    pub fn page_href(&self, from_dir: &str, lang: &str, key: &PageKey) -> String {
        self.href_of(from_dir, page_dir_length(lang, key), |href| push_encoded_page_dir(href, lang, key))
    }

    /// `target_length` is the length of what `push_target` writes when it needs no escaping.
    fn href_of(&self, from_dir: &str, target_length: usize, push_target: impl FnOnce(&mut String)) -> String {
        if self.relative {
            let depth = from_dir.split('/').filter(|s| !s.is_empty()).count();
            let mut href = String::with_capacity(3 * depth + target_length + "index.html".len());
            for _ in 0..depth {
                href.push_str("../");
            }
            push_target(&mut href);
            if href.is_empty() || href.ends_with('/') {
                href.push_str("index.html");
            }
            href
        } else {
            let mut href = String::with_capacity(self.base_path.len() + target_length);
            href.push_str(&self.base_path);
            push_target(&mut href);
            href
        }
    }

    /// The absolute URL, for sitemaps, feeds, `hreflang` and canonical links.
    pub fn absolute(&self, target: &str) -> String {
        let mut url = String::with_capacity(self.base_url.len() + target.len());
        url.push_str(&self.base_url);
        push_encoded(&mut url, target);
        url
    }

    /// The absolute URL of the page `key` in `lang`.
    pub fn page_url(&self, lang: &str, key: &PageKey) -> String {
        let mut url = String::with_capacity(self.base_url.len() + page_dir_length(lang, key));
        url.push_str(&self.base_url);
        push_encoded_page_dir(&mut url, lang, key);
        url
    }
}

/// The folders of `page_dir`: the language, then the page's own.
fn page_folders<'k>(lang: &'k str, key: &'k PageKey) -> impl Iterator<Item = &'k str> {
    std::iter::once(lang).chain(key.folders())
}

fn page_dir_length(lang: &str, key: &PageKey) -> usize {
    page_folders(lang, key).map(|folder| folder.len() + 1).sum()
}

fn push_encoded_page_dir(out: &mut String, lang: &str, key: &PageKey) {
    for folder in page_folders(lang, key) {
        push_encoded(out, folder);
        out.push('/');
    }
}

/// `PATH` leaves `/` alone, so a whole path is encoded at once.
fn push_encoded(out: &mut String, path: &str) {
    /// The bytes no path needs escaped, looked up in a table: paths are mostly ids, and
    /// percent-encoding's own scan took about 1,500 instructions a page's path.
    const KEPT: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 128 {
            table[byte] = (byte as u8).is_ascii_alphanumeric() || matches!(byte as u8, b'-' | b'_' | b'.' | b'/');
            byte += 1;
        }
        table
    };
    if path.bytes().all(|byte| KEPT[usize::from(byte)]) {
        out.push_str(path);
    } else {
        out.extend(utf8_percent_encode(path, PATH));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageKind;

    #[test]
    fn absolute_links_start_at_the_base_path() {
        let urls = Urls::new("https://example.org/help", false);
        assert_eq!(urls.base_path, "/help/");
        assert_eq!(urls.href("nl/nl/", "en/nl/"), "/help/en/nl/");
    }

    #[test]
    fn the_base_url_gets_one_trailing_slash_and_its_path_percent_encoded() {
        let urls = Urls::new("https://example.org/hjælp//", false);
        assert_eq!(urls.base_url, "https://example.org/hj%C3%A6lp/");
        assert_eq!(urls.base_path, "/hj%C3%A6lp/");
        assert_eq!(urls.absolute("da/"), "https://example.org/hj%C3%A6lp/da/");
        assert_eq!(Urls::new("https://example.org/a%20b", false).base_url, "https://example.org/a%20b/", "kept");
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

    proptest::proptest! {
        /// A link to a page, written at once, is the link to its folder, in either kind of
        /// links, whatever the id holds.
        #[test]
        fn a_page_link_is_the_link_to_its_folder(
            kind in proptest::sample::select(PageKind::ALL.to_vec()),
            country in proptest::option::of("[a-z]{2}"),
            id in "[a-zA-Z0-9 ./_%#?ø{}-]{0,12}",
            from_dir in "([a-z]{1,3}/){0,4}",
            relative: bool,
        ) {
            let urls = Urls::new("https://example.org/sub", relative);
            let key = PageKey { kind, country, id };
            let dir = Urls::page_dir("pl", &key);
            proptest::prop_assert_eq!(urls.page_href(&from_dir, "pl", &key), urls.href(&from_dir, &dir));
            proptest::prop_assert_eq!(urls.page_url("pl", &key), format!("https://example.org/sub/{}", utf8_percent_encode(&dir, PATH)));
        }
    }

    #[test]
    fn non_ascii_segments_are_percent_encoded() {
        let urls = Urls::new("https://example.org", false);
        assert_eq!(urls.absolute("da/dk/førtidspension/"), "https://example.org/da/dk/f%C3%B8rtidspension/");
    }
}

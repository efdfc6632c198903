//! load: disk → [`RawSite`]. Reads `site.toml` and every markdown file under the content
//! directory (sorted, so every run sees the same order), splits and parses front
//! matter, and checks what can be checked per file: file name, encoding, TOML, keys
//! allowed for the page's kind. Cross-file rules belong to `resolve`.

mod file;
mod front_matter;
mod theme;

use file::whole_file;
pub use file::{FileProblem, MAX_SETTINGS_BYTES, MAX_STATIC_BYTES, read_regular_file, visible_entries};
pub use front_matter::{split, unknown_key_in, with_translated_from};
pub use theme::{
    ThemeFiles, UiStrings, builtin_template, builtin_ui_strings, load_theme, site_root, theme_folder_inside_site,
    theme_folders,
};

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{FrontMatter, LoadedFile, RawSite, SiteConfig, keys, page_of};
use crate::source::{SourceFile, first_control_character};

/// Reads the site from the content directory. Returns `None` only when there is nothing
/// to build from (no `site.toml`, or it cannot be parsed); every other problem is a
/// diagnostic and the file is left out.
pub fn load(content_dir: &Path) -> (Option<RawSite>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let config_path = content_dir.join(CONFIG_FILE);
    let bytes = match read_regular_file(&config_path, content_dir, MAX_SETTINGS_BYTES) {
        Ok(bytes) => bytes,
        Err(problem) => {
            diagnostics.push(problem.diagnostic("site.toml"));
            return (None, diagnostics);
        }
    };
    let Some(config) = config_from(&config_path, bytes, &mut diagnostics) else {
        return (None, diagnostics);
    };
    // Files are read and parsed in parallel; each keeps its own diagnostics, merged in
    // path order so every run reports the same way.
    let loaded: Vec<(Option<LoadedFile>, Diagnostics)> = markdown_files(content_dir, &mut diagnostics)
        .par_iter()
        .with_max_len(crate::PAGES_PER_TASK)
        .map(|path| {
            let mut found = Diagnostics::new();
            (load_file(content_dir, path, &config, &mut found), found)
        })
        .collect();
    let mut files = Vec::with_capacity(loaded.len());
    for (file, found) in loaded {
        files.extend(file);
        diagnostics.extend(found);
    }
    (Some(site_of(config, files)), diagnostics)
}

/// Reads a site from `site.toml`'s bytes and page files given by their path relative to
/// the content directory, through the same checks as [`load`]. For fuzzing and tests
/// that build sites no disk could hold (paths the file system refuses, any bytes).
pub fn load_from_memory(site_toml: &[u8], pages: &[(PathBuf, Vec<u8>)]) -> (Option<RawSite>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let content_dir = Path::new("content");
    let Some(config) = config_from(&content_dir.join("site.toml"), site_toml.to_vec(), &mut diagnostics) else {
        return (None, diagnostics);
    };
    let mut files = Vec::new();
    for (relative, bytes) in pages {
        let path = content_dir.join(relative);
        if is_markdown(&path) && within_size_limit(&path, bytes.len() as u64, &config, &mut diagnostics) {
            files.extend(page_from(content_dir, &path, bytes.clone(), &config, &mut diagnostics));
        }
    }
    (Some(site_of(config, files)), diagnostics)
}

fn config_from(path: &Path, bytes: Vec<u8>, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
    let file = source_from(path, bytes, diagnostics)?;
    parse_config(&file, diagnostics)
}

/// The pages in the build's stable order (by key, then language).
fn site_of(config: SiteConfig, mut files: Vec<LoadedFile>) -> RawSite {
    files.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
    RawSite { config, files }
}

/// Whether a page of `size` bytes may be read; a diagnostic naming the file, its size,
/// the limit and the setting that raises it when not.
fn within_size_limit(path: &Path, size: u64, config: &SiteConfig, diagnostics: &mut Diagnostics) -> bool {
    let limit = config.limits.max_page_bytes;
    if size <= limit {
        return true;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::PageTooLarge,
            format!("{} is {size} bytes, more than the limit of {limit} bytes", path.display()),
        )
        .at(whole_file(path))
        .help(format!(
            "split the page into several pages, or raise the limit in site.toml: `[limits] max_page_bytes = {}`",
            size.next_multiple_of(1_000_000)
        )),
    );
    false
}

/// Reads one page file again, as [`load`] reads each: what `serve` does after a save, so
/// an edit costs one file, not the whole folder. `None` with diagnostics when it is broken.
pub fn load_page_file(content_dir: &Path, path: &Path, config: &SiteConfig) -> (Option<LoadedFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let file = load_file(content_dir, path, config, &mut diagnostics);
    (file, diagnostics)
}

/// One page file from the disk: a regular file (or a link to one inside the content
/// folder) within the size limit, which comes from the file system, so an oversized file
/// is never read.
fn load_file(
    content_dir: &Path,
    path: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<LoadedFile> {
    match read_regular_file(path, content_dir, config.limits.max_page_bytes) {
        Ok(bytes) => page_from(content_dir, path, bytes, config, diagnostics),
        Err(FileProblem::TooLarge { size, .. }) => {
            within_size_limit(path, size, config, diagnostics);
            None
        }
        Err(problem) => {
            diagnostics.push(problem.diagnostic("page"));
            None
        }
    }
}

/// Every `.md` entry below `content_dir` that is not a folder, sorted by path. Hidden files and folders
/// (editor swap files, `.git`) are skipped. Symbolic links are followed only when they
/// stay inside the content directory.
fn markdown_files(content_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let root = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    let mut found = Vec::new();
    for entry in visible_entries(content_dir) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(Path::to_path_buf).unwrap_or_else(|| content_dir.to_path_buf());
                diagnostics.push(
                    Diagnostic::new(Code::Unreadable, format!("cannot read {}: {error}", path.display()))
                        .help("check the file's permissions"),
                );
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        if entry.file_type().is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) if target.starts_with(&root) => {
                    if !target.is_dir() && is_markdown(&path) {
                        found.push(path);
                    }
                }
                Ok(target) => diagnostics.push(
                    Diagnostic::new(
                        Code::LinkOutsideContent,
                        format!(
                            "{} is a symbolic link to {}, outside the content directory",
                            path.display(),
                            target.display()
                        ),
                    )
                    .at(whole_file(&path))
                    .help("copy the file into the content directory instead of linking to it"),
                ),
                Err(error) => diagnostics.push(
                    Diagnostic::new(
                        Code::BrokenSymlink,
                        format!("{} is a symbolic link that cannot be followed: {error}", path.display()),
                    )
                    .at(whole_file(&path))
                    .help("remove the link or point it at a file inside the content directory"),
                ),
            }
            continue;
        }
        // Not only regular files: reading a FIFO or a device named `.md` is refused with
        // an error naming it, rather than skipped without a word.
        if !entry.file_type().is_dir() && is_markdown(&path) {
            found.push(path);
        }
    }
    found
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

/// Whether [`load`] reads the file at `path` of the content folder `content_dir`, when it is
/// a file: `site.toml` and the markdown files. Others (an editor's backup `uwv.en.md~`,
/// vim's test file `4913`, a temporary file of `sed -i`) it passes over.
pub fn reads_file(path: &Path, content_dir: &Path) -> bool {
    is_markdown(path) || path == content_dir.join(CONFIG_FILE)
}

/// The site's configuration, in the content folder.
const CONFIG_FILE: &str = "site.toml";

/// A file's bytes as text: UTF-8 with or without BOM, CRLF turned into LF and Unicode in
/// NFC, so that spans, slugs and search keys never depend on how an editor saved it.
fn source_from(path: &Path, bytes: Vec<u8>, diagnostics: &mut Diagnostics) -> Option<Arc<SourceFile>> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).to_string();
            let file = SourceFile::new(path.to_path_buf(), lossy);
            let (line, _) = file.line_col(valid);
            diagnostics.push(
                Diagnostic::new(Code::NotUtf8, format!("{} is not valid UTF-8 (line {line})", path.display()))
                    .at_span(&file, valid..valid)
                    .help("save the file as UTF-8 in your editor"),
            );
            return None;
        }
    };
    let text = normalised(text);
    let file = SourceFile::new(path.to_path_buf(), text);
    // Control characters are invisible in an editor and invalid in XML (the feed, the
    // sitemap): refuse them where they are.
    if let Some((at, c)) = first_control_character(file.text.as_bytes(), &['\n', '\t']) {
        diagnostics.push(
            Diagnostic::new(
                Code::ControlCharacter,
                format!("the file contains the invisible control character U+{:04X}", u32::from(c)),
            )
            .at_span(&file, at..at + c.len_utf8())
            .help("delete it (it often comes from copying text out of a PDF or a word processor)"),
        );
        return None;
    }
    Some(file)
}

/// `text` without a byte-order mark, with LF line ends and in NFC. Text that already is
/// (nearly every file) is returned as it came, without a copy: the quick NFC check is far
/// cheaper than decomposing and recomposing every character.
fn normalised(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    if !is_nfc(&text) {
        text = text.nfc().collect();
    }
    // Sources stay in memory for the whole build: keep them at their exact size.
    text.shrink_to_fit();
    text
}

/// Whether the quick NFC check finds `text` in NFC. An ASCII character is in NFC and resets
/// the check, so only the runs of other characters are checked, each on its own; the ASCII
/// between them (most of nearly every file) is passed over 64 bytes at a time.
fn is_nfc(text: &str) -> bool {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let ascii = bytes[at..].chunks(BLOCK).take_while(|block| block.is_ascii()).count() * BLOCK;
        let Some(start) = (at + ascii..bytes.len()).find(|&i| !bytes[i].is_ascii()) else { return true };
        let end = (start..bytes.len()).find(|&i| bytes[i].is_ascii()).unwrap_or(bytes.len());
        // Both ends are ASCII bytes or the ends of the text, so character boundaries.
        if is_nfc_quick(text[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        at = end;
    }
    true
}

fn parse_config(file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
    match toml::from_str::<SiteConfig>(&file.text) {
        Ok(config) => {
            let before = diagnostics.error_count();
            check_config(&config, file, diagnostics);
            (diagnostics.error_count() == before).then_some(config)
        }
        Err(error) => {
            diagnostics.push(toml_diagnostic(file, 0, &error, "site.toml"));
            None
        }
    }
}

/// Where the key at `path` (`["languages", "en"]`) and its value are written in a TOML
/// text, when the text parses and has it: a diagnostic about a key then points at its
/// own line, whatever the table is called (`[languages."../x"]`) and whatever comments
/// mention it.
pub fn key_span(text: &str, path: &[&str]) -> Option<(Range<usize>, Range<usize>)> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let mut table = document.get_ref();
    let (last, parents) = path.split_last()?;
    for name in parents {
        match table.get(*name).map(|value| value.get_ref()) {
            Some(toml::de::DeValue::Table(inner)) => table = inner,
            _ => return None,
        }
    }
    let (key, value) = table.get_key_value(*last)?;
    Some((key.span(), value.span()))
}

/// Rules for `site.toml` that serde cannot express.
fn check_config(config: &SiteConfig, file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) {
    let here = |path: &[&str]| key_span(&file.text, path).map_or(0..0, |(key, _)| key);
    let codes: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    if !config.languages.contains_key(&config.default_language) {
        let mut d = Diagnostic::new(
            Code::UnknownLanguage,
            format!("the default language `{}` is not declared under [languages]", config.default_language),
        )
        .at_span(file, here(&["default_language"]));
        d = d.help(match did_you_mean(&config.default_language, codes.iter().copied()) {
            Some(close) => {
                format!("did you mean `{close}`? Otherwise add a [languages.{}] table", config.default_language)
            }
            None => format!("add a [languages.{}] table with a name and a title", config.default_language),
        });
        diagnostics.push(d);
    }
    for (code, language) in &config.languages {
        if !is_language_code(code) {
            diagnostics.push(
                Diagnostic::new(Code::BadLanguageCode, format!("`{code}` is not a language code"))
                    .at_span(file, here(&["languages", code]))
                    .help("use a lower-case ISO 639-1 code such as `en`, `nl`, `da` or `pl`"),
            );
        }
        for (key, value, help) in [
            (
                "name",
                &language.name,
                "write the language's name in itself, such as `Nederlands`: the language menu shows it",
            ),
            (
                "title",
                &language.title,
                "write the site's title in this language: every page's header and title show it",
            ),
        ] {
            if value.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::new(Code::MissingTitle, format!("language `{code}` has an empty `{key}`"))
                        .at_span(file, here(&["languages", code, key]))
                        .help(help),
                );
            }
        }
        for fallback in &language.fallback {
            if !config.languages.contains_key(fallback) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownLanguage,
                        format!("language `{code}` falls back to `{fallback}`, which is not declared"),
                    )
                    .at_span(file, here(&["languages", code, "fallback"]))
                    .help(format!("declare [languages.{fallback}] or remove it from the fallback list")),
                );
            }
        }
    }
    for (code, country) in &config.countries {
        if !crate::model::is_country_code(code) {
            diagnostics.push(
                Diagnostic::new(Code::BadCountryCode, format!("`{code}` is not a country code"))
                    .at_span(file, here(&["countries", code]))
                    .help("use the two lower-case letters of the country's folder, such as `[countries.nl]`"),
            );
        }
        for lang in country.name.iter().filter(|(_, name)| name.trim().is_empty()).map(|(lang, _)| lang) {
            diagnostics.push(
                Diagnostic::new(Code::MissingTitle, format!("country `{code}` has an empty name in `{lang}`"))
                    .at_span(file, here(&["countries", code, "name", lang]))
                    .help("write the country's name in that language, or leave the language out to show another"),
            );
        }
    }
    // The theme is read from `themes/<theme>/` beside the content: a name with a `/` or
    // `..` would read (and publish the static files of) any folder.
    if !crate::model::is_safe_segment(&config.theme) {
        diagnostics.push(
            Diagnostic::new(Code::UnknownTheme, format!("`{}` is not a theme name", config.theme))
                .at_span(file, key_span(&file.text, &["theme"]).map_or(0..0, |(_, value)| value))
                .help("name a folder in themes/ beside the content folder, such as `theme = \"default\"`"),
        );
    }
    if let Err(problem) = check_base_url(&config.base_url, "`https://example.org/`") {
        diagnostics.push(problem.at_span(file, here(&["base_url"])));
    }
    if let Some(feedback) = &config.feedback
        && let Err(problem) = feedback_problem(feedback)
    {
        diagnostics.push(
            Diagnostic::new(Code::BadFeedbackAddress, format!("the feedback address `{feedback}` {problem}"))
                .at_span(file, key_span(&file.text, &["feedback"]).map_or(0..0, |(_, value)| value))
                .help(
                    "write an http(s) or mailto address, such as `mailto:mistakes@example.org?subject={title}&body={url}`; \
                     `{title}`, `{url}` and `{lang}` stand for the page's title, address and language",
                ),
        );
    }
    check_readability_thresholds(config, file, diagnostics);
}

/// Whether `url` is one http(s) URL with a host, without any character a URL written into a
/// page cannot hold (spaces, controls, `<>"{}|\^` and the backtick).
fn is_http_url(url: &str) -> bool {
    after_http_scheme(url).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/')) && !url.contains(not_in_urls)
}

/// `url` after `https://` or `http://`, when it starts with one.
fn after_http_scheme(url: &str) -> Option<&str> {
    url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))
}

/// Checks `url` as the address the site is published at (`base_url` in `site.toml` and
/// `--base-url`); `example` shows how a right one is given there. Every page, the sitemap
/// and the feeds start their links with it, so beyond being an http(s) URL its host is in
/// ASCII (letters of other scripts in the path are percent-encoded by
/// [`crate::output::Urls`]), and it holds no user name or password, query, fragment, broken
/// `%` escape or `.` segment, each of which every link of the site would carry.
pub fn check_base_url(url: &str, example: &str) -> Result<(), Diagnostic> {
    let after_scheme = after_http_scheme(url).unwrap_or(url);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or(after_scheme);
    let path = &after_scheme[authority.len()..];
    let (message, help) = if !is_http_url(url) {
        (
            format!("the base URL `{url}` is not an http(s) URL"),
            format!("write the address the site will be published at, such as {example}"),
        )
    } else if authority.contains('@') {
        (
            format!("the base URL `{url}` holds a user name or password, which every page would show"),
            "write the address readers use, without `name:password@`".to_string(),
        )
    } else if !authority.is_ascii() {
        (
            format!("the host `{authority}` of the base URL is not written in ASCII, as sitemaps and feeds need it"),
            "write the host in its ASCII form, as your domain registrar shows it: `bücher.example` is \
             `xn--bcher-kva.example`"
                .to_string(),
        )
    } else if path.contains(['?', '#']) {
        (
            format!(
                "the base URL `{url}` has a query or fragment (`?…` or `#…`), which would end up inside every link"
            ),
            format!("write only the address of the site's folder, such as {example}"),
        )
    } else if path.split('/').any(|segment| segment == "." || segment == "..") {
        (
            format!("the base URL `{url}` has a `.` or `..` folder"),
            format!("write the folder's address as readers see it, such as {example}"),
        )
    } else if !has_whole_escapes(path) {
        (
            format!("the base URL `{url}` has a `%` that does not start an escape such as `%20`"),
            "write `%25` for a percent sign".to_string(),
        )
    } else {
        return Ok(());
    };
    Err(Diagnostic::new(Code::BadBaseUrl, message).help(help))
}

/// Whether every `%` in `text` starts an escape of two hexadecimal digits.
fn has_whole_escapes(text: &str) -> bool {
    text.match_indices('%').all(|(at, _)| {
        text.as_bytes().get(at + 1..at + 3).is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
    })
}

/// Characters no URL written into a page may hold.
fn not_in_urls(c: char) -> bool {
    c.is_whitespace() || c.is_control() || "<>\"`{}|\\^".contains(c)
}

/// The placeholders a feedback address may hold, each filled in per page (percent-encoded).
pub const FEEDBACK_PLACEHOLDERS: [&str; 3] = ["{title}", "{url}", "{lang}"];

/// What is wrong with a feedback address, if anything. It is written into every page's
/// footer, so it is held to the base URL's rules (no character a URL cannot hold): an
/// http(s) URL with a host, or `mailto:` with an address; and its braces only in
/// [`FEEDBACK_PLACEHOLDERS`].
fn feedback_problem(address: &str) -> Result<(), &'static str> {
    let mut filled = address.to_string();
    for placeholder in FEEDBACK_PLACEHOLDERS {
        filled = filled.replace(placeholder, "x");
    }
    if filled.contains(['{', '}']) {
        return Err("names a placeholder other than {title}, {url} and {lang}");
    }
    if filled.contains(not_in_urls) {
        return Err("holds a character no address can (a space, a quote, `<`, `>`, …)");
    }
    match filled.strip_prefix("mailto:") {
        Some(rest) if rest.split('?').next().is_some_and(|mailbox| mailbox.contains('@')) => Ok(()),
        Some(_) => Err("is a mailto address without an address to write to"),
        None if is_http_url(&filled) => Ok(()),
        None => Err("is not an http(s) or mailto address"),
    }
}

/// The readability limits `signpost check` compares with: finite numbers in the range
/// the formulas give (see docs/readability.md), so a limit never passes or fails every
/// page by mistake (`nan` passed none and failed none).
fn check_readability_thresholds(config: &SiteConfig, file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) {
    let limits = &config.readability;
    for (key, value) in [
        ("lix_max", limits.lix_max),
        ("flesch_douma_min", limits.flesch_douma_min),
        ("flesch_reading_ease_min", limits.flesch_reading_ease_min),
    ] {
        if !READABILITY_LIMIT_RANGE.contains(&value) {
            let span = key_span(&file.text, &["readability", key]).map_or(0..0, |(_, value)| value);
            diagnostics.push(
                Diagnostic::new(
                    Code::OutOfRange,
                    format!(
                        "`{key} = {value}` is not a readability limit: it must be a number from {} to {}",
                        READABILITY_LIMIT_RANGE.start(),
                        READABILITY_LIMIT_RANGE.end()
                    ),
                )
                .at_span(file, span)
                .help("the defaults are lix_max = 45, flesch_douma_min = 50 and flesch_reading_ease_min = 50"),
            );
        }
    }
}

/// The readability limits allowed: LIX, Flesch–Douma and Flesch Reading Ease all give
/// scores in about this range for real text.
pub const READABILITY_LIMIT_RANGE: std::ops::RangeInclusive<f64> = 0.0..=100.0;

/// A language code as used in file names and URLs: 2–3 lower-case letters, optionally
/// followed by a region (`pt-br`).
pub fn is_language_code(code: &str) -> bool {
    let (language, region) = code.split_once('-').unwrap_or((code, "x"));
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && (1..=8).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Keys earlier versions took, with what to write instead: a site written for them gets
/// the way forward, not only "unknown key".
const RETIRED_KEYS: &[(&str, &str)] = &[(
    "object_within_weeks",
    "a decision letter now says how to contest it in an `[objection]` table: `name` (the term on the letter), `to`, `within_weeks = …` (or `within_days`, `within_months`) and `how`; also set `kind = \"decision\"` (docs/content-model.md)",
)];

/// Turns a TOML error into a diagnostic at the right place in the file. Unknown keys get
/// a "did you mean" from the keys serde expected.
pub fn toml_diagnostic(file: &Arc<SourceFile>, offset: usize, error: &toml::de::Error, what: &str) -> Diagnostic {
    let span = error.span().map_or(offset..offset, |s| s.start + offset..s.end + offset);
    let message = error.message().to_string();
    if let Some((unknown, known)) = unknown_key_in(&message) {
        let renamed = RETIRED_KEYS.iter().find(|(key, _)| *key == unknown).map(|(_, instead)| instead.to_string());
        let help = match renamed.or_else(|| {
            did_you_mean(&unknown, known.iter().map(String::as_str)).map(|close| format!("did you mean `{close}`?"))
        }) {
            Some(help) => help,
            None => format!("the keys allowed here are: {}", known.join(", ")),
        };
        return Diagnostic::new(Code::UnknownKey, format!("unknown key `{unknown}` in {what}"))
            .at_span(file, span)
            .label("not a known key")
            .help(help);
    }
    Diagnostic::new(Code::InvalidToml, format!("{what} is not valid: {message}"))
        .at_span(file, span)
        .label(message)
        .help("see docs/content-model.md for the keys and their types")
}

/// One page file from its bytes: file name, language, front matter and the checks that
/// need only this file.
fn page_from(
    content_dir: &Path,
    path: &Path,
    bytes: Vec<u8>,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<LoadedFile> {
    let relative = path.strip_prefix(content_dir).unwrap_or(path);
    let file = source_from(path, bytes, diagnostics)?;
    let (key, lang) = match page_of(relative) {
        Ok(found) => found,
        Err(problem) => {
            diagnostics.push(
                Diagnostic::new(Code::BadFileName, format!("{}: {problem}", relative.display()))
                    .at_span(&file, 0..0)
                    .help(problem.help()),
            );
            return None;
        }
    };
    if !config.languages.contains_key(&lang) {
        let codes = config.languages.keys().map(String::as_str);
        let help = match did_you_mean(&lang, codes) {
            Some(close) => {
                format!("did you mean `{close}`? Otherwise declare [languages.{lang}] in site.toml")
            }
            None => format!("declare [languages.{lang}] in site.toml, or rename the file"),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::UnknownLanguage,
                format!("the language `{lang}` of this file is not declared in site.toml"),
            )
            .at_span(&file, 0..0)
            .help(help),
        );
        return None;
    }
    let parts = match split(&file.text) {
        Ok(parts) => parts,
        Err(problem) => {
            diagnostics.push(
                Diagnostic::new(Code::NoFrontMatter, format!("{}: {problem}", relative.display()))
                    .at_span(&file, 0..0)
                    .help(problem.help()),
            );
            return None;
        }
    };
    let toml_text = file.text.get(parts.front_matter.clone()).unwrap_or("");
    let front_matter: FrontMatter = match toml::from_str(toml_text) {
        Ok(front_matter) => front_matter,
        Err(error) => {
            diagnostics.push(toml_diagnostic(&file, parts.front_matter.start, &error, "the front matter"));
            return None;
        }
    };
    let loaded =
        LoadedFile { key, lang, file, front_matter, front_matter_offset: parts.front_matter.start, body: parts.body };
    check_keys_for_kind(&loaded, diagnostics);
    check_title(&loaded, diagnostics);
    Some(loaded)
}

/// A key that exists, but not for this kind of page (a `sender` on a role page).
fn check_keys_for_kind(file: &LoadedFile, diagnostics: &mut Diagnostics) {
    let kind = file.key.kind;
    for (key, span) in keys::keys_not_for(kind, &file.front_matter) {
        let span = span.map_or(file.front_matter_offset..file.front_matter_offset, |s| file.front_matter_span(s));
        let allowed: Vec<&str> = keys::keys_of(kind).filter(|k| !k.kinds.is_empty()).map(|k| k.name).collect();
        let help = if allowed.is_empty() {
            format!("a {} page only takes the common keys (title, summary, reviewed, sources, …)", kind.name())
        } else {
            format!("a {} page takes: {}", kind.name(), allowed.join(", "))
        };
        diagnostics.push(
            Diagnostic::new(Code::KeyNotForKind, format!("`{key}` does not belong on a {} page", kind.name()))
                .at_span(&file.file, span)
                .help(help),
        );
    }
}

fn check_title(file: &LoadedFile, diagnostics: &mut Diagnostics) {
    let missing = match &file.front_matter.title {
        None => true,
        Some(title) => title.get_ref().trim().is_empty(),
    };
    if missing {
        diagnostics.push(
            Diagnostic::new(Code::MissingTitle, "the page has no title")
                .at_span(&file.file, file.front_matter_offset..file.front_matter_offset)
                .help("add `title = \"…\"` to the front matter"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_normalised_whether_or_not_the_quick_check_passes() {
        // `e` + combining acute is not NFC; `é` is; a BOM and CRLF go either way.
        assert_eq!(normalised("\u{feff}caf\u{65}\u{301}\r\nx".to_string()), "caf\u{e9}\nx");
        assert_eq!(normalised("café, ærø, ĳ\n".to_string()), "café, ærø, ĳ\n");
        // A character the quick check answers "maybe" for is normalised in full.
        assert_eq!(normalised("\u{1100}\u{1161}".to_string()), "\u{ac00}");
    }

    proptest::proptest! {
        /// Checking the runs of characters outside ASCII one by one answers as the quick
        /// check of the whole text does: marks after ASCII letters, Hangul jamo, text
        /// around them, and ASCII runs longer than a block of 64 bytes.
        #[test]
        fn runs_outside_ascii_are_in_nfc_exactly_when_the_whole_text_is(
            text in "([a-z ]{0,70}|[\u{300}-\u{36f}]|\u{1100}\u{1161}|[éøłß–’\u{ac00}]|e\u{301}){0,12}"
        ) {
            proptest::prop_assert_eq!(is_nfc(&text), is_nfc_quick(text.chars()) == IsNormalized::Yes);
        }
    }

    #[test]
    fn language_codes_are_short_lower_case() {
        assert!(is_language_code("en"));
        assert!(is_language_code("pt-br"));
        assert!(!is_language_code("EN"));
        assert!(!is_language_code("english"));
        assert!(!is_language_code("../x"));
    }

    #[test]
    fn a_base_url_is_one_http_url() {
        let config = |url: &str| {
            let text = format!(
                "base_url = \"{url}\"\ndefault_language = \"en\"\n[languages.en]\nname = \"E\"\ntitle = \"S\"\n"
            );
            let mut diagnostics = Diagnostics::new();
            let file = SourceFile::new(PathBuf::from("site.toml"), text);
            parse_config(&file, &mut diagnostics).is_some()
        };
        assert!(config("https://example.org/help/"));
        assert!(config("http://localhost:1111/a%20b/"));
        assert!(config("https://example.org/ayuda/pagos-por-enfermedad/"));
        assert!(config("https://example.org/hjælp/"), "the path is encoded where it is written");
        assert!(config("https://xn--bcher-kva.example/"));
        assert!(config("https://example.org:8080/a.b/..c/%C3%A6/"));
        assert!(config("http://[::1]:8080/"));
        for bad in [
            "ftp://example.org/",
            "https://example.org/<script>/",
            "https://example.org/a b/",
            "https://e.org/\\\\x",
            "http://",
            "https:///x",
            "javascript:alert(1)//",
            "https://bücher.example/",
            "https://bücher.example",
            "https://example.org/#x",
            "https://example.org/?a=1",
            "https://example.org?a=1",
            "https://name:password@example.org/",
            "https://example.org/a/../b/",
            "https://example.org/./",
            "https://example.org/%zz/",
            "https://example.org/50%",
        ] {
            assert!(!config(bad), "{bad}");
        }
    }

    #[test]
    fn a_theme_name_is_a_plain_folder_name() {
        let themed = |theme: &str| {
            let text = format!(
                "base_url = \"https://e.org/\"\ntheme = \"{theme}\"\ndefault_language = \"en\"\n[languages.en]\nname = \"E\"\ntitle = \"S\"\n"
            );
            parse_config(&SourceFile::new(PathBuf::from("site.toml"), text), &mut Diagnostics::new()).is_some()
        };
        assert!(themed("default") && themed("my-theme"));
        for bad in ["../../etc", "a/b", ".", "", "C:\\\\x"] {
            assert!(!themed(bad), "theme {bad:?}");
        }
    }

    #[test]
    fn a_feedback_address_is_http_or_mailto_with_known_placeholders() {
        for good in [
            "mailto:fouten@example.org?subject={title}&body={url}",
            "https://tracker.example.org/new?title={title}&page={url}&lang={lang}",
            "http://localhost:8000/feedback",
        ] {
            assert_eq!(feedback_problem(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "mailto:?subject={title}",
            "mailto:",
            "https://example.org/new?title={name}",
            "https://example.org/a b",
            "https://example.org/\"onmouseover=x",
            "ftp://example.org/",
            "/relative/path",
        ] {
            assert!(feedback_problem(bad).is_err(), "{bad}");
        }
    }
}

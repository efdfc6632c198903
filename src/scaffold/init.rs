//! `signpost init`: a small site that builds and passes `check --strict` as it is, in a
//! new or empty folder. It has a `site.toml` with the languages asked for, a home page
//! per language, and one example country with an organisation, a role, a procedure of
//! three steps whose decision letter can be objected to, and a glossary concept, in every
//! language Signpost has example words in (the others get a home page to translate). A
//! language the default theme has no UI strings for gets the English ones to translate
//! in `i18n/`. Every file is checked in memory by load and resolve before any is written.

use std::path::{Path, PathBuf};

use super::page::{Keep, PageDraft};
use super::starter::{self, COUNTRY, PAGES, Words};
use super::{Creation, Written, failure, placeholder, placeholders_in};
use crate::check::PLACEHOLDER;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{FrontMatter, keys};
use crate::{load, resolve};

/// What `signpost init` is asked for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to write into: new, or empty.
    pub folder: PathBuf,
    /// Language codes, as given (`en`, `nl`).
    pub languages: Vec<String>,
    /// The default language; the first of `languages` when `None`.
    pub default_language: Option<String>,
    /// The day written as every page's `reviewed` date.
    pub today: jiff::civil::Date,
}

/// Writes the example site into `options.folder`, or nothing: an unusable language, a
/// folder that is not empty, a file or a link, and a failure half-way all leave the disk
/// as it was.
pub fn init(options: &InitOptions) -> Result<Written, Diagnostics> {
    let languages = languages_of(options)?;
    check_folder(&options.folder)?;
    let (files, notes) = site_files(&languages, options.today);
    verify(&files, options.today)?;
    let written = Creation::all(&options.folder, &files)?;
    let placeholders = files.iter().map(|(_, text)| placeholders_in(text)).sum();
    Ok(Written { files: written, placeholders, notes })
}

/// The language codes, each once, the default first.
fn languages_of(options: &InitOptions) -> Result<Vec<String>, Diagnostics> {
    let mut codes: Vec<String> = Vec::new();
    for code in options.languages.iter().map(|code| code.trim().to_lowercase()).filter(|code| !code.is_empty()) {
        if !load::is_language_code(&code) {
            return Err(failure(
                Diagnostic::new(Code::BadArgument, format!("`{code}` is not a language code"))
                    .help("give lower-case ISO 639-1 codes separated by commas, such as `--languages en,nl`"),
            ));
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let Some(first) = codes.first().cloned() else {
        return Err(failure(
            Diagnostic::new(Code::BadArgument, "no language given")
                .help("name the site's languages: `--languages en,nl`"),
        ));
    };
    let default = options.default_language.as_deref().map(|code| code.trim().to_lowercase()).unwrap_or(first);
    let Some(at) = codes.iter().position(|code| *code == default) else {
        return Err(failure(
            Diagnostic::new(
                Code::BadArgument,
                format!("the default language `{default}` is not one of the languages ({})", codes.join(", ")),
            )
            .help(format!("add it: `--languages {default},{}`", codes.join(","))),
        ));
    };
    let default = codes.remove(at);
    codes.insert(0, default);
    Ok(codes)
}

/// A folder `init` may write into: one that does not exist yet, or an empty one (a
/// `.git` folder alone allowed). Never a file, and never a symbolic link, which could
/// lead anywhere.
fn check_folder(folder: &Path) -> Result<(), Diagnostics> {
    let refuse = |why: String| {
        failure(Diagnostic::new(Code::NotEmpty, format!("{} {why}", folder.display())).help(
            "`signpost init` writes only into a new or empty folder, so it never overwrites anything: name a new folder, such as `signpost init my-site`",
        ))
    };
    let metadata = match folder.symlink_metadata() {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(failure(Diagnostic::new(
                Code::Unreadable,
                format!("cannot read {}: {error}", folder.display()),
            )));
        }
        Ok(metadata) => metadata,
    };
    if metadata.file_type().is_symlink() {
        return Err(refuse("is a symbolic link".into()));
    }
    if !metadata.is_dir() {
        return Err(refuse("is a file, not a folder".into()));
    }
    let entries = std::fs::read_dir(folder).map_err(|error| {
        failure(Diagnostic::new(Code::Unreadable, format!("cannot read {}: {error}", folder.display())))
    })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .filter(|name| name != ".git")
        .collect();
    names.sort();
    if names.is_empty() {
        return Ok(());
    }
    let more = if names.len() > 3 { ", …" } else { "" };
    Err(refuse(format!("is not empty: it holds {}{more}", names[..names.len().min(3)].join(", "))))
}

/// Every file of the example site, with its path below the folder, and the notes for the
/// editor.
fn site_files(languages: &[String], today: jiff::civil::Date) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let words: Vec<(&str, Words)> = languages.iter().map(|lang| (lang.as_str(), Words::of(lang))).collect();
    let content = Path::new("content");
    let mut files = vec![(content.join("site.toml"), site_toml(&words))];
    let Some(((default, original_words), others)) = words.split_first() else { return (files, Vec::new()) };
    for (name, path) in PAGES {
        let Ok((key, _)) = crate::model::page_of(Path::new(&format!("{path}.{default}.md"))) else { continue };
        let (values, body) = original_words.page(name, today);
        let original = draft(key.kind, values, Keep::Everything, body).text();
        let fingerprint = fingerprint_of(&original);
        files.push((content.join(format!("{path}.{default}.md")), original));
        // A language without words of its own gets its home page only: a page to
        // translate in every language would bury the site's real placeholders.
        for (lang, words) in others.iter().filter(|(_, words)| words.own || *name == "home") {
            let (mut values, body) = words.page(name, today);
            if let Some(fingerprint) = &fingerprint {
                values.insert("translated_from".into(), toml::Value::String(fingerprint.clone()));
            }
            files.push((content.join(format!("{path}.{lang}.md")), draft(key.kind, values, Keep::Text, body).text()));
        }
    }
    let mut notes = Vec::new();
    for (lang, words) in &words {
        if load::builtin_ui_strings(lang).is_none() {
            files.push((PathBuf::from(format!("i18n/{lang}.toml")), ui_strings_to_translate(lang)));
            notes.push(format!(
                "The default theme has no UI strings in `{lang}` yet: i18n/{lang}.toml holds its English ones, to translate."
            ));
        }
        if !words.own {
            notes.push(format!(
                "Signpost has no example text in `{lang}` (only in {}): the pages in `{lang}` hold the English text, marked `{PLACEHOLDER}` to translate.",
                starter::languages().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    files.push((PathBuf::from(".gitignore"), "# The built site: `signpost build` makes it again.\n/public/\n".into()));
    (files, notes)
}

fn draft(kind: crate::model::PageKind, values: toml::Table, keep: Keep, body: String) -> PageDraft {
    PageDraft { kind, values, notes: Default::default(), keep, show_unset: false, body }
}

/// The `translated_from` a translation of the page `text` records: the fingerprint of
/// its text, as `check` computes it.
fn fingerprint_of(text: &str) -> Option<String> {
    let split = load::split(text).ok()?;
    let front_matter: FrontMatter = toml::from_str(text.get(split.front_matter)?).ok()?;
    Some(keys::fingerprint(&front_matter, text.get(split.body)?))
}

/// `site.toml`: the languages with their names and titles, the default first, each other
/// one falling back to it; and the example country's name in each language.
fn site_toml(words: &[(&str, Words)]) -> String {
    let text_value = |text: &str| toml::Value::String(text.to_string()).to_string();
    let default = words.first().map_or("en", |(lang, _)| *lang);
    let mut text = format!(
        "# The site's settings; docs/content-model.md (\"site.toml\") says what each one does.\n\
         # The address the site will be published at, with its sub-path: links, the sitemap\n\
         # and the feeds use it (`signpost build --base-url` overrides it).\n\
         base_url = \"https://example.org/\"\n\
         default_language = \"{default}\"\n\
         # Days after a page's `reviewed` date at which `signpost check` asks for a new review.\n\
         review_interval_days = 365\n\
         # Where readers report a mistake (the \"Report a mistake on this page\" link of every page);\n\
         # {{title}} and {{url}} become the page's title and address:\n\
         # feedback = \"mailto:you@example.org?subject={{title}}&body={{url}}\"\n"
    );
    for (lang, words) in words {
        text.push_str(&format!("\n[languages.{lang}]\n"));
        if words.own {
            text.push_str(&format!("name = {}\n", text_value(words.text("language"))));
        } else {
            text.push_str(&format!(
                "name = \"{lang}\"  # {}\n",
                placeholder("the name of this language in itself, as its readers write it")
            ));
        }
        text.push_str(&format!("title = {}\n", text_value(words.text("site_title"))));
        if *lang != default {
            text.push_str(&format!(
                "# A page not yet translated into this language is shown in these, in order.\nfallback = [\"{default}\"]\n"
            ));
        }
    }
    text.push_str(
        "\n# The licence your texts are published under, named in the data export (data/site.json):\n\
         # [licence]\n\
         # name = \"CC BY 4.0\"\n\
         # url = \"https://creativecommons.org/licenses/by/4.0/\"\n",
    );
    let names: Vec<String> =
        words.iter().map(|(lang, words)| format!("{lang} = {}", text_value(words.text("country")))).collect();
    text.push_str(&format!(
        "\n# The example country's name in each language, for lists and pickers.\n[countries.{COUNTRY}]\nname = {{ {} }}\n",
        names.join(", ")
    ));
    text
}

/// The default theme's English UI strings, to translate into `lang`.
fn ui_strings_to_translate(lang: &str) -> String {
    format!(
        "# {}\n\
         # Signpost's default theme has no UI strings in `{lang}` yet, so `signpost init` copied\n\
         # its English ones: until they are translated, buttons and notices are in English.\n\
         # This file wins over the theme's; delete it to use the theme's own, once it has them.\n{}",
        placeholder(&format!("translate these UI strings into `{lang}`, then delete this line.")),
        load::builtin_ui_strings("en").unwrap_or_default()
    )
}

/// Loads and resolves the site in memory, as a build would: a site `init` would write
/// with an error is refused before anything is written.
fn verify(files: &[(PathBuf, String)], today: jiff::civil::Date) -> Result<(), Diagnostics> {
    let content = Path::new("content");
    let site_toml = files.iter().find(|(path, _)| *path == content.join("site.toml")).map_or("", |(_, text)| text);
    let pages: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "md"))
        .filter_map(|(path, text)| Some((path.strip_prefix(content).ok()?.to_path_buf(), text.clone().into_bytes())))
        .collect();
    let (raw, mut diagnostics) = load::load_from_memory(site_toml.as_bytes(), &pages);
    if let Some(raw) = raw {
        diagnostics.extend(resolve::resolve(raw, today).2);
    }
    if diagnostics.has_errors() { Err(diagnostics) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(languages: &[&str], default: Option<&str>) -> InitOptions {
        InitOptions {
            folder: PathBuf::from("unused"),
            languages: languages.iter().map(|l| l.to_string()).collect(),
            default_language: default.map(str::to_string),
            today: jiff::civil::date(2026, 11, 23),
        }
    }

    #[test]
    fn the_default_language_comes_first_and_each_language_once() {
        assert_eq!(languages_of(&options(&["nl", " EN", "nl"], Some("en"))).ok(), Some(vec!["en".into(), "nl".into()]));
        assert_eq!(languages_of(&options(&["da", "en"], None)).ok(), Some(vec!["da".into(), "en".into()]));
    }

    #[test]
    fn a_language_that_is_no_code_or_a_default_outside_the_languages_is_refused() {
        for (languages, default) in [(vec!["../x"], None), (vec![], None), (vec!["en"], Some("nl"))] {
            let errors = languages_of(&options(&languages, default)).expect_err("refused");
            assert_eq!(errors.iter().next().map(|d| d.code), Some(Code::BadArgument), "{languages:?} {default:?}");
        }
    }

    #[test]
    fn every_example_site_loads_and_resolves_without_errors() {
        for languages in [vec!["en"], vec!["nl", "da"], vec!["it", "en"], vec!["pl", "pt-br"]] {
            let codes: Vec<String> = languages.iter().map(|l| l.to_string()).collect();
            let (files, _) = site_files(&codes, jiff::civil::date(2026, 11, 23));
            if let Err(errors) = verify(&files, jiff::civil::date(2026, 11, 23)) {
                panic!("{languages:?}:\n{}", errors.to_human(false));
            }
        }
    }

    #[test]
    fn the_licence_and_feedback_commented_out_in_site_toml_are_ones_the_build_takes() {
        let words = [("en", Words::of("en"))];
        let uncommented = site_toml(&words)
            .replace("# [licence]", "[licence]")
            .replace("# name", "name")
            .replace("# url", "url")
            .replace("# feedback", "feedback");
        let config: crate::model::SiteConfig = toml::from_str(&uncommented).expect("site.toml parses");
        assert_eq!(config.licence.map(|licence| licence.name).as_deref(), Some("CC BY 4.0"));
        assert_eq!(config.feedback.as_deref(), Some("mailto:you@example.org?subject={title}&body={url}"));
    }

    #[test]
    fn a_language_without_theme_strings_gets_the_english_ones_to_translate() {
        let (files, notes) = site_files(&["en".into(), "de".into()], jiff::civil::date(2026, 11, 23));
        let (_, strings) = files.iter().find(|(path, _)| *path == Path::new("i18n/de.toml")).expect("i18n/de.toml");
        assert_eq!(placeholders_in(strings), 1);
        let table: toml::Table = toml::from_str(strings).expect("valid TOML");
        let english: toml::Table = toml::from_str(load::builtin_ui_strings("en").unwrap_or_default()).expect("en");
        assert_eq!(table, english);
        assert_eq!(notes.len(), 1);
        assert!(!files.iter().any(|(path, _)| *path == Path::new("i18n/en.toml")));
    }
}

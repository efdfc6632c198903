//! The theme, ready to render with: its templates compiled (tera), its UI strings checked
//! for every language of the site, its static files. Read from disk by `load`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::load::ThemeFiles;
pub use crate::load::UiStrings;
use crate::source::SourceFile;

pub struct Theme {
    pub templates: tera::Tera,
    /// Template name → its source, to point template errors at a file and line.
    pub template_sources: BTreeMap<String, Arc<SourceFile>>,
    pub strings: BTreeMap<String, UiStrings>,
    /// Path below the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Compiles the templates of `files` and checks that every one of `languages` has
    /// every UI string. `None` when a template does not compile.
    pub fn compile(files: ThemeFiles, languages: &[&str], diagnostics: &mut Diagnostics) -> Option<Theme> {
        let ThemeFiles { templates: template_sources, strings, static_files } = files;
        let (strings, string_files): (BTreeMap<_, _>, BTreeMap<_, _>) =
            strings.into_iter().map(|(lang, (table, file))| ((lang.clone(), table), (lang, file))).unzip();
        check_strings(&strings, &string_files, languages, diagnostics);
        let templates = compile_templates(&template_sources, diagnostics)?;
        Some(Theme { templates, template_sources, strings, static_files })
    }

    /// Whether `other` renders every page as this theme does: the same templates and UI
    /// strings, whatever its static files are.
    pub fn renders_like(&self, other: &Theme) -> bool {
        fn texts(theme: &Theme) -> impl Iterator<Item = (&String, &String)> {
            theme.template_sources.iter().map(|(name, file)| (name, &file.text))
        }
        self.strings == other.strings && texts(self).eq(texts(other))
    }

    /// The UI strings of `lang` (none for a language the theme lacks, which the theme
    /// check reports before rendering starts).
    pub fn strings_for(&self, lang: &str) -> &UiStrings {
        static EMPTY: std::sync::LazyLock<UiStrings> = std::sync::LazyLock::new(BTreeMap::new);
        self.strings.get(lang).unwrap_or(&EMPTY)
    }

    /// Renders template `name`: the text with control characters dropped, or the
    /// template's error pointing at its file and line.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.templates
            .render(name, context)
            .map(without_control_characters)
            .map_err(|e| template_diagnostic(&e, &self.template_sources))
    }
}

/// A UI string, or its key when missing (the theme check reports missing keys before
/// rendering starts, so this only shows in a broken override).
pub fn ui<'a>(strings: &'a UiStrings, key: &'a str) -> &'a str {
    strings.get(key).and_then(toml::Value::as_str).unwrap_or(key)
}

/// Drops control characters (other than tab and line ends): a `\u0001` written in a
/// TOML string is invisible to editors, an error in HTML and makes XML (the feed, the
/// sitemap) unreadable.
fn without_control_characters(text: String) -> String {
    const KEPT: [char; 3] = ['\t', '\n', '\r'];
    if crate::source::first_control_character(&text, &KEPT).is_none() {
        return text;
    }
    text.chars().filter(|&c| !c.is_control() || KEPT.contains(&c)).collect()
}

/// Every configured language needs every UI string that any of the theme's languages
/// has: a missing one would show a blank where a citizen expects a word.
fn check_strings(
    strings: &BTreeMap<String, UiStrings>,
    files: &BTreeMap<String, Arc<SourceFile>>,
    languages: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let all_keys: std::collections::BTreeSet<&String> = strings.values().flat_map(|table| table.keys()).collect();
    for lang in languages {
        let Some(table) = strings.get(*lang) else {
            diagnostics.push(
                Diagnostic::new(Code::MissingUiStrings, format!("the theme has no UI strings for `{lang}`"))
                    .help(format!("add i18n/{lang}.toml beside your content folder, with the keys of the theme's i18n/en.toml translated")),
            );
            continue;
        };
        let missing: Vec<&str> =
            all_keys.iter().filter(|k| !table.contains_key(k.as_str())).map(|k| k.as_str()).collect();
        if !missing.is_empty() {
            let mut d = Diagnostic::new(
                Code::MissingUiStrings,
                format!("the UI strings for `{lang}` lack {}: {}", missing.len(), missing.join(", ")),
            )
            .help("add the missing keys, translated, to this file");
            if let Some(file) = files.get(*lang) {
                d = d.at(Location::file_start(file));
            }
            diagnostics.push(d);
        }
    }
}

fn compile_templates(sources: &BTreeMap<String, Arc<SourceFile>>, diagnostics: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let raw: Vec<(&str, &str)> = sources.iter().map(|(name, file)| (name.as_str(), file.text.as_str())).collect();
    match tera.add_raw_templates(raw) {
        Ok(()) => Some(tera),
        Err(error) => {
            diagnostics.push(template_diagnostic(&error, sources));
            None
        }
    }
}

/// A tera error as a diagnostic pointing at the template file and line. Errors between
/// templates (an `include` or `extends` cycle, a missing parent) point at the tag that
/// names the other template, with each further step of a cycle as a related place.
fn template_diagnostic(error: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let message = report.map_or_else(|| error.to_string(), |r| r.message().to_string());
    let mut diagnostic = Diagnostic::new(Code::Template, format!("template error: {message}"))
        .help("fix the template; the error is at the marked place");
    let (tag, chain) = match error.kind() {
        tera::ErrorKind::CircularInclude { include_chain, .. } => ("include", include_chain.clone()),
        tera::ErrorKind::CircularExtend { inheritance_chain, tpl } => {
            // The chain lists the parents found from `tpl` on, ending in one seen before.
            ("extends", std::iter::once(tpl).chain(inheritance_chain).cloned().collect())
        }
        tera::ErrorKind::MissingParent { current, parent } => ("extends", vec![current.clone(), parent.clone()]),
        _ => ("", Vec::new()),
    };
    let mut steps = chain.windows(2).filter_map(|pair| match pair {
        [from, to] => {
            sources.get(from).and_then(|file| tag_naming(file, tag, to).map(|span| Location::new(file, span)))
        }
        _ => None,
    });
    if let Some(report) = report
        && let Some(file) = sources.get(report.filename())
    {
        diagnostic = diagnostic.at_span(file, report.span().range.clone());
    } else if let Some(first) = steps.next() {
        diagnostic = diagnostic.at(first);
        for step in steps {
            diagnostic = diagnostic.related(step, format!("the chain goes on here ({tag})"));
        }
    } else if let Some(source) = std::error::Error::source(error) {
        diagnostic.message = format!("{}: {source}", diagnostic.message);
    }
    diagnostic
}

/// Where `file` writes `{% <tag> "<name>" %}` (or with single quotes): the span of the tag
/// word and the name.
fn tag_naming(file: &SourceFile, tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let text = &file.text;
    text.match_indices(tag).find_map(|(at, _)| {
        let rest = &text[at + tag.len()..];
        let quoted = rest.trim_start();
        let quote = quoted.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let named = quoted[1..].strip_prefix(name)?.starts_with(quote);
        let end = at + tag.len() + (rest.len() - quoted.len()) + name.len() + 2;
        named.then_some(at..end)
    })
}

#[cfg(test)]
mod tests {

    /// The keys the views make from facts (`letter_kind_decision`,
    /// `appeal_counted_from_receipt`, …) are not in any template, so the check that
    /// every language has every key the default language has cannot see one missing in
    /// all of them: it would show as the raw key on a page.
    #[test]
    fn the_default_strings_name_every_value_a_fact_can_take() {
        use crate::model::facts::{CountedFrom, LetterKind, Milestone, OrganisationKind, PeriodUnit, Sector};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml");
        let strings: toml::Table =
            toml::from_str(&std::fs::read_to_string(path).expect("English strings")).expect("valid TOML");
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(LetterKind::NAMES.iter().map(|kind| format!("letter_kind_{kind}")));
        wanted.extend(
            CountedFrom::NAMES
                .iter()
                .flat_map(|from| [format!("counted_from_{from}"), format!("appeal_counted_from_{from}")]),
        );
        wanted
            .extend(PeriodUnit::NAMES.iter().flat_map(|unit| [format!("within_{unit}"), format!("within_{unit}_one")]));
        wanted.extend(Milestone::NAMES.iter().map(|milestone| format!("milestone_{milestone}")));
        wanted.extend(OrganisationKind::NAMES.iter().map(|kind| format!("organisation_kind_{kind}")));
        wanted.extend(Sector::NAMES.iter().map(|sector| format!("sector_{sector}")));
        wanted.extend(["fact_yes", "fact_no", "fact_unknown"].map(String::from));
        let missing: Vec<&String> = wanted.iter().filter(|key| !strings.contains_key(key.as_str())).collect();
        assert!(missing.is_empty(), "themes/default/i18n/en.toml lacks {missing:?}");
    }
}

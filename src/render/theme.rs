//! The theme, ready to render with: its templates compiled (tera), its UI strings checked
//! for every language of the site, its static files. Read from disk by `load`.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::load::ThemeFiles;
pub use crate::load::UiStrings;
use crate::source::SourceFile;

pub struct Theme {
    /// The templates as written: what errors are reported from.
    pub templates: tera::Tera,
    /// The HTML templates made compact (see `compact`), when the build minifies: what
    /// pages are rendered with.
    compacted: Option<tera::Tera>,
    /// Template name → its source, to point template errors at a file and line.
    pub template_sources: BTreeMap<String, Arc<SourceFile>>,
    pub strings: BTreeMap<String, UiStrings>,
    /// Each language's UI strings as the templates' `t`, made once: made for every page,
    /// copying some 200 strings each time, they cost more than many pages' own fields.
    string_values: BTreeMap<String, tera::Value>,
    /// Whether procedure pages are drawn by the default theme's templates, which show a
    /// procedure's body only in its parts (`procedure.intro`, the steps' `details`,
    /// `procedure.outro`). Any other `procedure.html`, `page.html` or `base.html` may show
    /// `page.content`, which then holds the whole body, as on other pages.
    procedure_body_in_parts: bool,
    /// Path below the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Compiles the templates of `files` and checks that every one of `languages` has
    /// every UI string. `None` when a template does not compile. With `compact`, the HTML
    /// templates are compiled again without the white space no reader sees, once here, so
    /// no page needs minifying after it is rendered.
    pub fn compile(
        files: ThemeFiles,
        languages: &[&str],
        compact: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<Theme> {
        let ThemeFiles { templates: template_sources, strings, static_files } = files;
        let (strings, string_files): (BTreeMap<_, _>, BTreeMap<_, _>) =
            strings.into_iter().map(|(lang, (table, file))| ((lang.clone(), table), (lang, file))).unzip();
        check_strings(&strings, &string_files, languages, diagnostics);
        // Compiled as written first, so that errors point at the lines the author wrote.
        let templates = compile_templates(&template_sources, diagnostics)?;
        // Compacting changes only white space outside tera tags and the quoting of
        // attribute values; should a compact template still not compile, pages are made
        // from the templates as written, as without minifying.
        let compacted = compact.then(|| compile_compact(&template_sources).ok()).flatten();
        let static_files = if compacted.is_some() { minified_static_files(static_files) } else { static_files };
        let string_values =
            strings.iter().map(|(lang, table)| (lang.clone(), tera::Value::from_serializable(table))).collect();
        let procedure_body_in_parts = ["procedure.html", "page.html", "base.html"].into_iter().all(|name| {
            template_sources.get(name).map(|file| file.text.as_str()) == crate::load::builtin_template(name)
        });
        Some(Theme {
            templates,
            compacted,
            template_sources,
            strings,
            string_values,
            procedure_body_in_parts,
            static_files,
        })
    }

    /// Whether a procedure page needs its body only in parts (see the field).
    pub fn procedure_body_in_parts(&self) -> bool {
        self.procedure_body_in_parts
    }

    /// Whether the HTML templates were made compact, so page bodies must be too.
    pub fn compact(&self) -> bool {
        self.compacted.is_some()
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

    /// The UI strings of `lang` as the value the templates know as `t` (a cheap copy of
    /// the value made when the theme loaded).
    pub fn strings_value(&self, lang: &str) -> tera::Value {
        self.string_values.get(lang).cloned().unwrap_or_else(|| tera::Value::from_serializable(self.strings_for(lang)))
    }

    /// Renders template `name`: the text with control characters dropped, or the
    /// template's error pointing at its file and line.
    /// An error is reported from the template as written, whose places are the author's
    /// (and should only the compact template fail, the page is made from that one).
    /// The bytes are UTF-8, as tera writes only text; they are not checked again (that
    /// was 1.3 % of a build's instructions).
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let render_with = |templates: &tera::Tera| {
            // About a page of steps: a smaller start grew most pages once or twice.
            let mut bytes = Vec::with_capacity(32 * 1024);
            templates.render_to(name, context, &mut bytes).map(|()| bytes)
        };
        let rendered = match &self.compacted {
            Some(compacted) => render_with(compacted).or_else(|_| render_with(&self.templates)),
            None => render_with(&self.templates),
        };
        rendered.map(without_control_characters).map_err(|e| template_diagnostic(&e, &self.template_sources))
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
fn without_control_characters(bytes: Vec<u8>) -> Vec<u8> {
    const KEPT: [char; 3] = ['\t', '\n', '\r'];
    if crate::source::first_control_character(&bytes, &KEPT).is_none() {
        return bytes;
    }
    let text = String::from_utf8_lossy(&bytes);
    text.chars().filter(|&c| !c.is_control() || KEPT.contains(&c)).collect::<String>().into_bytes()
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

/// A template engine holding `templates` (name, text), escaping in HTML and XML, with the
/// filter compact templates call and a `safe` that does not copy.
fn tera_of<'a>(templates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<tera::Tera, tera::Error> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter(super::compact::ATTRIBUTE_FILTER, attribute_value);
    tera.register_filter("safe", safe);
    tera.add_raw_templates(templates)?;
    Ok(tera)
}

/// Tera's `safe`, without its copy of the text: every page's body goes through `| safe`,
/// and tera's own copies it into a new string (a string value is shared, so marking it is
/// enough). Anything else is shown as tera's `safe` shows it.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() { value.clone().mark_safe() } else { tera::Value::safe_string(&value.to_string()) }
}

/// Escapes `text` as tera's own HTML escaping does (`&`, `<`, `>`, `"` and `'`), writing
/// each run of plain text at once: tera's own writes one byte per call, which was a tenth
/// of rendering a page of steps.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain_from..at])?;
        out.write_all(entity)?;
        plain_from = at + 1;
    }
    out.write_all(&bytes[plain_from..])
}

fn compile_templates(sources: &BTreeMap<String, Arc<SourceFile>>, diagnostics: &mut Diagnostics) -> Option<tera::Tera> {
    match tera_of(sources.iter().map(|(name, file)| (name.as_str(), file.text.as_str()))) {
        Ok(tera) => Some(tera),
        Err(error) => {
            match unknown_names(&error, sources) {
                Some(found) => found.into_iter().for_each(|d| diagnostics.push(d)),
                None => diagnostics.push(template_diagnostic(&error, sources)),
            }
            None
        }
    }
}

/// Tera checks the filters, tests, functions, blocks and templates the templates name
/// only after parsing them all, and gives every unknown one as text: `error: Unknown
/// filter `x``, then ` --> name.html:line:column`, the line and a `^` marker, reports
/// apart by a blank line. Each becomes a diagnostic at its place, so it names the file and
/// line in JSON too (it was one message with the places inside its text). `None` when
/// the text is not such a list.
fn unknown_names(error: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Option<Vec<Diagnostic>> {
    let tera::ErrorKind::Msg(text) = error.kind() else { return None };
    text.split("\n\n")
        .map(|report| {
            let mut lines = report.lines();
            let message = lines.next()?.strip_prefix("error: ")?;
            let (place, column) = lines.next()?.trim_start().strip_prefix("--> ")?.rsplit_once(':')?;
            let (name, line) = place.rsplit_once(':')?;
            let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
            let marked = lines.last()?.chars().filter(|c| *c == '^').count();
            let file = sources.get(name)?;
            let mut lines_before = file.text.split_inclusive('\n');
            let line_start: usize = lines_before.by_ref().take(line.checked_sub(1)?).map(str::len).sum();
            let line_text = lines_before.next()?;
            let byte_at = |chars: usize| line_text.char_indices().nth(chars).map_or(line_text.len(), |(at, _)| at);
            let start = byte_at(column.checked_sub(1)?);
            let end = byte_at(column - 1 + marked.max(1)).max(start);
            Some(
                Diagnostic::new(Code::Template, format!("template error: {message}"))
                    .help("fix the template; the error is at the marked place")
                    .at_span(file, line_start + start..line_start + end),
            )
        })
        .collect()
}

/// The theme's style sheets and scripts minified (by minify-html's CSS and JavaScript
/// minifiers), once, as the theme loads: a reader's phone fetches `search.js` before the
/// first query. A file the minifier cannot read stays as it is.
fn minified_static_files(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_par_iter()
        .map(|(path, bytes)| {
            let minified = minified_static(&path, &bytes);
            (path, minified.unwrap_or(bytes))
        })
        .collect()
}

/// A CSS or JavaScript file minified by minifying it as the content of a `<style>` or
/// `<script>` element, or `None` when it is neither, or the minifier gave it back unchanged
/// or as something other than one such element.
fn minified_static(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let (open, close) = if path.ends_with(".css") {
        ("<style>", "</style>")
    } else if path.ends_with(".js") {
        ("<script>", "</script>")
    } else {
        return None;
    };
    let text = std::str::from_utf8(bytes).ok()?;
    if text.to_ascii_lowercase().contains(&close[..close.len() - 1]) {
        return None;
    }
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_closing_tags = true;
    let minified = minify_html::minify(format!("{open}{text}{close}").as_bytes(), &cfg);
    let inner = minified.strip_prefix(open.as_bytes())?.strip_suffix(close.as_bytes())?;
    (inner.len() < bytes.len()).then(|| inner.to_vec())
}

/// The templates with their HTML ones made compact.
fn compile_compact(sources: &BTreeMap<String, Arc<SourceFile>>) -> Result<tera::Tera, tera::Error> {
    let compacted: Vec<(&str, String)> = sources
        .iter()
        .map(|(name, file)| {
            let text = if name.ends_with(".html") {
                super::compact::compact(&file.text, super::compact::Syntax::Template)
            } else {
                file.text.clone()
            };
            (name.as_str(), text)
        })
        .collect();
    tera_of(compacted.iter().map(|(name, text)| (*name, text.as_str())))
}

/// An attribute's value as `{{ }}` would show it, and in quotes only when it needs them:
/// compacting writes `name="{{ value }}"` as `name={{ (value) | <this filter> }}`.
/// Text compacting found before and after the value in the template comes as `before` and
/// `after`; it is plain, so it needs no escaping.
/// A minified page calls this for most of its attribute values, so the value is written
/// once, into a buffer the thread keeps, with room for the opening quote it may need.
fn attribute_value(value: &tera::Value, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
    thread_local! {
        static SHOWN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let before: &str = kwargs.get("before")?.unwrap_or("");
    let after: &str = kwargs.get("after")?.unwrap_or("");
    let number = value.as_u64().map(i128::from).or_else(|| value.as_i64().map(i128::from));
    // Most values are ids, language codes and whole numbers: plain as they are, so shown
    // as they are, without a copy when nothing surrounds them (the copy and the escaping
    // were 3 % of a minified build of procedures).
    let plain_text =
        value.as_str().filter(|text| super::compact::is_plain(text) && (value.is_safe() || !text.contains('&')));
    if before.is_empty() && after.is_empty() && (number.is_some() || plain_text.is_some()) {
        return Ok(value.clone().mark_safe());
    }
    Ok(SHOWN.with_borrow_mut(|shown| {
        use std::fmt::Write;
        shown.clear();
        shown.push('"');
        shown.push_str(before);
        // Writing to a String cannot fail. Whole numbers (the timeline's places, the
        // calculator's days) need no escaping and are written without tera's `to_string`.
        if let Some(number) = number {
            let _ = write!(shown, "{number}");
        } else if let Some(text) = plain_text {
            shown.push_str(text);
        } else {
            let text =
                value.as_str().map_or_else(|| std::borrow::Cow::Owned(value.to_string()), std::borrow::Cow::Borrowed);
            if value.is_safe() || !state.autoescaping_enabled() {
                shown.push_str(&text);
            } else {
                let _ = pulldown_cmark_escape::escape_html(&mut *shown, &text);
            }
        }
        shown.push_str(after);
        if super::compact::is_plain(&shown[1..]) {
            tera::Value::safe_string(&shown[1..])
        } else {
            shown.push('"');
            tera::Value::safe_string(shown)
        }
    }))
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
    use proptest::prelude::*;

    proptest! {
        /// The escaping the theme uses writes what tera's own writes, byte for byte.
        #[test]
        fn escaping_matches_teras_own(text in "[a-z<>&\"' é\u{1F600}]{0,40}") {
            let mut ours = Vec::new();
            let mut teras = Vec::new();
            super::escape_html(&text, &mut ours).expect("writing to memory");
            tera::escape_html(&text, &mut teras).expect("writing to memory");
            prop_assert_eq!(ours, teras);
        }
    }

    /// Values of the kinds templates show: strings (plain, with spaces, with characters to
    /// escape, empty), whole numbers of either sign, fractions, booleans.
    fn shown_values() -> impl Strategy<Value = tera::Value> {
        prop_oneof![
            "[a-z0-9 <>&\"'=`{}é#/-]{0,12}".prop_map(tera::Value::from),
            any::<u64>().prop_map(tera::Value::from),
            any::<i64>().prop_map(tera::Value::from),
            (-1000.0f64..1000.0).prop_map(tera::Value::from),
            any::<bool>().prop_map(tera::Value::from),
        ]
    }

    proptest! {
        /// A compact template's attribute shows the value as the template as written does,
        /// in quotes exactly when it is not plain.
        #[test]
        fn compact_attributes_show_the_value_quoted_only_when_needed(value in shown_values()) {
            let written = r##"<a title="{{ v }}" href="#{{ v }}/">"##;
            let compacted = crate::render::compact::compact(written, crate::render::compact::Syntax::Template);
            let tera = super::tera_of([("written.html", written), ("compact.html", compacted.as_str())]).expect("templates compile");
            let mut context = tera::Context::new();
            context.insert("v", &value);
            let as_written = tera.render("written.html", &context).expect("renders");
            let shown = tera.render("compact.html", &context).expect("renders");
            let title = as_written.split('"').nth(1).expect("a quoted title").to_string();
            let href = as_written.split('"').nth(3).expect("a quoted href").to_string();
            // The HTML standard's unquoted attribute value, without the braces of tera tags.
            let plain = |text: &str| !text.is_empty() && !text.contains([' ', '\t', '\n', '\r', '\x0C', '"', '\'', '=', '<', '>', '`', '{', '}']);
            let attribute = |text: String| if plain(&text) { text } else { format!("\"{text}\"") };
            prop_assert_eq!(shown, format!("<a title={} href={}>", attribute(title), attribute(href)));
        }

        /// The theme's `safe` shows every kind of value as tera's own does.
        #[test]
        fn safe_shows_what_teras_own_shows(value in shown_values()) {
            let template = "{{ v | safe }}|{{ [v, 1] | safe }}";
            let ours = super::tera_of([("t.html", template)]).expect("compiles");
            let mut teras = tera::Tera::new();
            teras.autoescape_on([".html"]);
            teras.add_raw_template("t.html", template).expect("compiles");
            let mut context = tera::Context::new();
            context.insert("v", &value);
            prop_assert_eq!(ours.render("t.html", &context).expect("renders"), teras.render("t.html", &context).expect("renders"));
        }
    }

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

//! `signpost new`: one page with every key its kind takes, ready to fill in, or a
//! translation of an existing page, ready to translate. The page's id, its country, its
//! language and every fact given on the command line are checked against the site
//! first (an unknown sender gets a "did you mean"); the file is written only when all
//! of them hold, never over an existing file, and only inside the content folder.
//!
//! In the default language the file holds every required key (a value the editor did
//! not give stands in, marked as a placeholder), every optional key commented out with
//! what it means, and a body with the sections the kind needs. In another language it
//! holds the original's texts to translate, no facts (the translation inherits them),
//! the original's body, and `translated_from`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::page::{self, Keep, PageDraft};
use super::starter::{Words, date};
use super::{Creation, Written, body_to_translate, failure, placeholder, placeholders_in};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load;
use crate::model::facts::LetterKind;
use crate::model::{LoadedFile, PageKey, PageKind, RawSite, keys};

/// What `signpost new` is asked for.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The content folder, with `site.toml` at its top.
    pub content: PathBuf,
    pub kind: PageKind,
    /// Which page: `<country>/<id>`, `<country>` for a country, `<id>` or
    /// `<country>/<id>` for a free page, `<concept>` for a glossary page, `<a>-<b>` for a
    /// cross-border page.
    pub page: String,
    /// The language to write; the site's default language when `None`.
    pub lang: Option<String>,
    /// Facts to write, by front-matter key (`sender`, `recipients`, `kind`, …), each with
    /// its value or values.
    pub facts: Vec<(String, Vec<String>)>,
    /// The day written as `reviewed`.
    pub today: jiff::civil::Date,
}

/// Writes the page, or nothing.
pub fn new_page(options: &NewOptions) -> Result<Written, Diagnostics> {
    if !options.content.is_dir() {
        return Err(failure(
            Diagnostic::new(Code::NoContent, format!("there is no content folder at {}", options.content.display()))
                .help("run signpost in the folder that holds `content/`, or pass `--content DIR`"),
        ));
    }
    let (raw, diagnostics) = load::load(&options.content);
    let Some(raw) = raw else { return Err(diagnostics) };
    let site = Known::of(&raw);
    let lang = language(&raw, options.lang.as_deref())?;
    if lang != raw.config.default_language
        && let Some((name, _)) = options.facts.first()
    {
        return Err(failure(
            Diagnostic::new(Code::BadArgument, format!("a translation takes no facts, and `{name}` is one"))
                .help(format!(
                    "facts are written once, in the `{}` file, and every translation inherits them: leave out `--lang`, or the fact",
                    raw.config.default_language
                )),
        ));
    }
    let key = page_key(options.kind, &options.page, &lang)?;
    site.require_countries(&key)?;
    let relative = PathBuf::from(format!("{}.{lang}.md", key.content_path()));
    let path = options.content.join(&relative);
    if raw.files.iter().any(|file| file.key == key && file.lang == lang) || path.symlink_metadata().is_ok() {
        return Err(failure(
            Diagnostic::new(Code::PageExists, format!("{} exists already", path.display()))
                .help("`signpost new` never writes over a page: edit that file, or choose another id"),
        ));
    }
    inside_content(&options.content, &relative)?;
    let draft = if lang == raw.config.default_language {
        let given = site.given_facts(&key, &options.facts)?;
        skeleton(key.kind, given, &lang, options.today)
    } else {
        let original = site.original(&key)?;
        let name = raw.config.languages.get(&lang).map_or(lang.as_str(), |language| language.name.as_str());
        translation(original, name, options.today)
    };
    let text = draft.text();
    let files = Creation::all(&options.content, &[(relative, text.clone())])?;
    Ok(Written { files, placeholders: placeholders_in(&text), notes: Vec::new() })
}

/// The language to write: the one asked for, which the site must declare, or the default.
fn language(raw: &RawSite, asked: Option<&str>) -> Result<String, Diagnostics> {
    let Some(asked) = asked else { return Ok(raw.config.default_language.clone()) };
    let lang = asked.trim().to_lowercase();
    if raw.config.languages.contains_key(&lang) {
        return Ok(lang);
    }
    let help = match did_you_mean(&lang, raw.config.languages.keys().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? Otherwise declare [languages.{lang}] in site.toml first"),
        None => format!("declare [languages.{lang}] in site.toml first, with its name, title and fallback"),
    };
    Err(failure(Diagnostic::new(Code::UnknownLanguage, format!("the site has no language `{lang}`")).help(help)))
}

/// The page `page` names as a page of `kind`, checked as the build checks file names:
/// only a name that loads as that kind of page is accepted, so no `..`, slash or dot
/// ever reaches a path.
fn page_key(kind: PageKind, page: &str, lang: &str) -> Result<PageKey, Diagnostics> {
    let usage = match kind {
        PageKind::Country => "the country's code, such as `nl`",
        PageKind::Glossary => "the concept's id, such as `caseworker`",
        PageKind::CrossBorder => "two country codes in alphabetical order, such as `nl-pl`",
        PageKind::Page => "`<id>` for a page of the whole site, or `<country>/<id>`",
        _ => "`<country>/<id>`, such as `nl/uwv`",
    };
    let refuse = |why: String| {
        failure(
            Diagnostic::new(Code::BadArgument, format!("`{page}` cannot name a {} page: {why}", kind.name()))
                .help(format!("write {usage}")),
        )
    };
    if page.starts_with('/') || page.contains('\\') || Path::new(page).is_absolute() {
        return Err(refuse("it is a path, not a name".into()));
    }
    let parts: Vec<&str> = page.split('/').collect();
    if parts.iter().any(|part| part.is_empty() || *part == "." || *part == "..") {
        return Err(refuse("it holds `..`, `.` or an empty part".into()));
    }
    let path = match (kind, parts.as_slice()) {
        (PageKind::Country, [country]) => format!("{country}/_index"),
        (PageKind::Organisation | PageKind::Role | PageKind::Procedure | PageKind::Letter, [country, id]) => {
            format!("{country}/{}/{id}", kind.folder().unwrap_or_default())
        }
        (PageKind::Glossary | PageKind::CrossBorder, [id]) => format!("{}/{id}", kind.folder().unwrap_or_default()),
        (PageKind::Page, [id]) => id.to_string(),
        (PageKind::Page, [country, id]) => format!("{country}/{id}"),
        _ => return Err(refuse(format!("it has {} part(s)", parts.len()))),
    };
    let (key, _) = crate::model::page_of(Path::new(&format!("{path}.{lang}.md"))).map_err(|problem| {
        failure(
            Diagnostic::new(Code::BadArgument, format!("`{page}` cannot name a {} page: {problem}", kind.name()))
                .help(problem.help()),
        )
    })?;
    if key.kind != kind {
        return Err(refuse(format!("it names the {} page `{key}`", key.kind.name())));
    }
    Ok(key)
}

/// The pages the site has, to check references against.
struct Known<'a> {
    raw: &'a RawSite,
    keys: BTreeSet<&'a PageKey>,
}

/// What a fact given on the command line refers to.
enum Target {
    /// A role or organisation (`cc/id` for another country's), or `you`.
    Party,
    Organisation,
    Concept,
}

/// The facts whose values name other pages.
fn target_of(key: &str) -> Option<Target> {
    match key {
        "sender" | "recipients" => Some(Target::Party),
        "decides" | "organisations" => Some(Target::Organisation),
        "concept" => Some(Target::Concept),
        _ => None,
    }
}

impl<'a> Known<'a> {
    fn of(raw: &'a RawSite) -> Self {
        Self { raw, keys: raw.files.iter().map(|file| &file.key).collect() }
    }

    fn ids(&self, kinds: &[PageKind], country: Option<&str>) -> Vec<&'a str> {
        let mut ids: Vec<&str> = self
            .keys
            .iter()
            .filter(|key| kinds.contains(&key.kind) && key.country.as_deref() == country)
            .map(|key| key.id.as_str())
            .collect();
        ids.dedup();
        ids
    }

    fn countries(&self) -> Vec<&'a str> {
        self.keys.iter().filter(|key| key.kind == PageKind::Country).filter_map(|key| key.country.as_deref()).collect()
    }

    /// The countries the page belongs to exist (both, for a cross-border page).
    fn require_countries(&self, key: &PageKey) -> Result<(), Diagnostics> {
        let needed: Vec<&str> = match key.kind {
            PageKind::Country | PageKind::Home | PageKind::Glossary => Vec::new(),
            PageKind::CrossBorder => key.id.split('-').collect(),
            _ => key.country.as_deref().into_iter().collect(),
        };
        let known = self.countries();
        let errors: Diagnostics = needed
            .into_iter()
            .filter(|country| !known.contains(country))
            .map(|country| {
                let make =
                    format!("a country is a folder with an overview page: `signpost new country {country}` makes one");
                let help = match did_you_mean(country, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? Otherwise {make}"),
                    None if known.is_empty() => make,
                    None => format!("the site has {}; otherwise {make}", known.join(", ")),
                };
                Diagnostic::new(Code::UnknownReference, format!("the site has no country `{country}`")).help(help)
            })
            .collect();
        if errors.has_errors() { Err(errors) } else { Ok(()) }
    }

    /// The default-language file of the page a translation is made of.
    fn original(&self, key: &PageKey) -> Result<&'a LoadedFile, Diagnostics> {
        let default = &self.raw.config.default_language;
        if let Some(original) = self.raw.files.iter().find(|file| file.key == *key && file.lang == *default) {
            return Ok(original);
        }
        let others = self.ids(&[key.kind], key.country.as_deref());
        let make = format!(
            "a translation follows the `{default}` page: write that one first, with `signpost new` without `--lang`"
        );
        let help = match did_you_mean(&key.id, others) {
            Some(close) => format!("did you mean `{close}`? Otherwise {make}"),
            None => make,
        };
        Err(failure(
            Diagnostic::new(Code::MissingOriginal, format!("there is no `{default}` page `{key}` to translate"))
                .help(help),
        ))
    }

    /// The facts given for a new page of `key`'s kind, checked: each a key the kind takes,
    /// each choice one of its words, each reference a page of the site. Every problem is
    /// reported, not only the first.
    fn given_facts(&self, key: &PageKey, facts: &[(String, Vec<String>)]) -> Result<toml::Table, Diagnostics> {
        let kind = key.kind;
        let country = key.country.as_deref();
        let mut errors = Diagnostics::new();
        let mut given = toml::Table::new();
        for (name, values) in facts {
            let Some(fact) = keys::keys_of(kind).find(|k| k.name == name) else {
                let takes: Vec<&str> = keys::keys_of(kind).filter(|k| !k.kinds.is_empty()).map(|k| k.name).collect();
                errors.push(
                    Diagnostic::new(Code::KeyNotForKind, format!("a {} page does not take `{name}`", kind.name()))
                        .help(format!("a {} page takes: {}", kind.name(), takes.join(", "))),
                );
                continue;
            };
            let list = page::is_list(kind, name);
            if !list && values.len() != 1 {
                errors.push(
                    Diagnostic::new(Code::BadArgument, format!("`{name}` takes one value, not {}", values.len()))
                        .help(format!("give `{name}` once")),
                );
                continue;
            }
            for value in values {
                let choices: Vec<&str> = fact.choices.iter().map(|(word, _)| *word).collect();
                if !choices.is_empty() && !choices.contains(&value.as_str()) {
                    let help = match did_you_mean(value, choices.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!("use one of: {}", choices.join(", ")),
                    };
                    errors.push(
                        Diagnostic::new(
                            Code::BadChoice,
                            format!("`{value}` is not a {name} of a {} page", kind.name()),
                        )
                        .help(help),
                    );
                }
                if let Some(target) = target_of(name)
                    && let Some(error) = self.reference(target, country, name, value)
                {
                    errors.push(error);
                }
            }
            let mut strings = values.iter().map(|value| toml::Value::String(value.clone()));
            let value = if list {
                toml::Value::Array(strings.collect())
            } else {
                strings.next().unwrap_or(toml::Value::Array(Vec::new()))
            };
            given.insert(name.clone(), value);
        }
        if kind == PageKind::Letter
            && let Some(error) = self.letter_kind_fits_sender(country, &mut given)
        {
            errors.push(error);
        }
        if errors.has_errors() { Err(errors) } else { Ok(given) }
    }

    /// A reference that names no page, with the closest one.
    fn reference(&self, target: Target, country: Option<&str>, name: &str, value: &str) -> Option<Diagnostic> {
        let (kinds, what, home): (&[PageKind], &str, String) = match target {
            Target::Party if value == "you" => return None,
            Target::Party => (
                &[PageKind::Role, PageKind::Organisation],
                "role or organisation",
                format!(
                    "roles live in content/{c}/roles/ and organisations in content/{c}/organisations/; `you` is the reader",
                    c = country.unwrap_or_default()
                ),
            ),
            Target::Organisation => (
                &[PageKind::Organisation],
                "organisation",
                format!("organisations live in content/{}/organisations/", country.unwrap_or_default()),
            ),
            Target::Concept => {
                (&[PageKind::Glossary], "glossary concept", "concepts are the files in content/glossary/".into())
            }
        };
        let (in_country, id) = match (target, value.split_once('/')) {
            (Target::Concept, _) => (None, value),
            (_, Some((other, id))) => (Some(other), id),
            (_, None) => (country, value),
        };
        let found = kinds.iter().any(|kind| {
            self.keys.contains(&PageKey { kind: *kind, country: in_country.map(str::to_string), id: id.to_string() })
        });
        if found {
            return None;
        }
        let mut known = self.ids(kinds, in_country);
        if kinds.contains(&PageKind::Role) {
            known.push("you");
        }
        let help = match did_you_mean(id, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? {home}"),
            None if known.is_empty() => home,
            None => format!("the site has: {}. {home}", known.join(", ")),
        };
        Some(
            Diagnostic::new(Code::UnknownReference, format!("`{name}`: there is no {what} `{value}`"))
                .help(help)
                .label(format!("`{name}`")),
        )
    }

    /// A letter needs its sender; one the reader sends (`you`) is `sent-by-you`, and no
    /// other is. The kind follows from `sender = "you"` when not given.
    fn letter_kind_fits_sender(&self, country: Option<&str>, given: &mut toml::Table) -> Option<Diagnostic> {
        let Some(sender) = given.get("sender").and_then(toml::Value::as_str).map(str::to_string) else {
            let mut known = self.ids(&[PageKind::Role, PageKind::Organisation], country);
            known.push("you");
            return Some(Diagnostic::new(Code::MissingFact, "a letter needs a sender: pass `--sender`").help(format!(
                "who sends it: a role or organisation of `{}` ({}), or `you`",
                country.unwrap_or_default(),
                known.join(", ")
            )));
        };
        let by_reader = LetterKind::SentByYou.name();
        let kind = given.get("kind").and_then(toml::Value::as_str).map(str::to_string);
        match (sender == "you", kind.as_deref()) {
            (true, None) => {
                given.insert("kind".into(), toml::Value::String(by_reader.into()));
                None
            }
            (true, Some(kind)) if kind != by_reader => Some(
                Diagnostic::new(
                    Code::LetterKind,
                    format!("the reader sends this letter, so its kind is `{by_reader}`, not `{kind}`"),
                )
                .help(format!("leave out `--kind`, or pass `--kind {by_reader}`")),
            ),
            (false, Some(kind)) if kind == by_reader => Some(
                Diagnostic::new(
                    Code::LetterKind,
                    format!("`{by_reader}` is for letters the reader sends, not `{sender}`"),
                )
                .help("pass `--sender you`, or choose the kind of letter the sender writes"),
            ),
            _ => None,
        }
    }
}

/// A new page in the default language: the given facts, a stand-in marked as a
/// placeholder for each required one not given, every text to write as a placeholder,
/// the optional keys commented out, and the body's sections.
fn skeleton(kind: PageKind, given: toml::Table, lang: &str, today: jiff::civil::Date) -> PageDraft {
    let mut skeleton = Skeleton { kind, notes: BTreeMap::new() };
    let text = |table: &str, name: &str| toml::Value::String(placeholder(&page::meaning_of(kind, table, name)));
    let word = |word: &str| toml::Value::String(word.to_string());
    let mut values = given;
    values.insert("title".into(), text("page", "title"));
    values.insert("reviewed".into(), toml::Value::Datetime(date(today)));
    let page = ("page", "");
    let mut body = placeholder("the text of this page, in plain words and short sentences.");
    match kind {
        PageKind::Organisation => {
            skeleton.stand_in(&mut values, page, "kind", word("other"));
            skeleton.stand_in(&mut values, page, "sector", word("public"));
        }
        PageKind::Procedure => {
            values.insert("start".into(), text("page", "start"));
            let mut steps = Vec::new();
            for (i, (id, week)) in [("first-step", 0), ("second-step", 1)].into_iter().enumerate() {
                let at = format!("steps.{i}.");
                let mut step = toml::Table::new();
                skeleton.stand_in(&mut step, ("step", &at), "id", word(id));
                step.insert("title".into(), text("step", "title"));
                skeleton.stand_in(&mut step, ("step", &at), "week", toml::Value::Integer(week));
                skeleton.stand_in(&mut step, ("step", &at), "actor", word("you"));
                steps.push(toml::Value::Table(step));
            }
            values.insert("steps".into(), toml::Value::Array(steps));
            body = format!(
                "{}\n\n## first-step {{#first-step}}\n\n{}\n\n## second-step {{#second-step}}\n\n{}\n",
                placeholder("what this procedure is for: the text before its first step."),
                placeholder(
                    "what happens in this step, in plain words. Rename a step's id here and in the front matter together."
                ),
                placeholder("what happens in this step, in plain words."),
            );
        }
        PageKind::Letter => {
            skeleton.stand_in(&mut values, page, "kind", word(LetterKind::Information.name()));
            skeleton.stand_in(&mut values, page, "recipients", toml::Value::Array(vec![word("you")]));
            if values.get("kind").and_then(toml::Value::as_str) == Some(LetterKind::Decision.name()) {
                let sender = values.get("sender").cloned().unwrap_or_else(|| word("you"));
                let mut objection = toml::Table::new();
                objection.insert("name".into(), text("remedy", "name"));
                skeleton.stand_in(&mut objection, ("remedy", "objection."), "to", sender);
                skeleton.stand_in(&mut objection, ("remedy", "objection."), "within_weeks", toml::Value::Integer(6));
                values.insert("objection".into(), toml::Value::Table(objection));
            }
            body = letter_sections(lang, today);
        }
        _ => {}
    }
    let mut source = toml::Table::new();
    source.insert("title".into(), text("sources", "title"));
    source.insert("publisher".into(), text("sources", "publisher"));
    values.insert("sources".into(), toml::Value::Array(vec![toml::Value::Table(source)]));
    PageDraft { kind, values, notes: skeleton.notes, keep: Keep::Everything, show_unset: true, body }
}

/// The notes of the values a skeleton sets only to stand in for the real ones.
struct Skeleton {
    kind: PageKind,
    notes: BTreeMap<String, String>,
}

impl Skeleton {
    /// Sets `name` in `table` to `value`, unless the editor gave it, with a placeholder
    /// saying what the real value is. `at` is the registry's name of the table (`page`,
    /// `step`, `remedy`) and the path of its keys (`steps.0.`).
    fn stand_in(&mut self, table: &mut toml::Table, at: (&str, &str), name: &str, value: toml::Value) {
        if table.contains_key(name) {
            return;
        }
        table.insert(name.to_string(), value);
        let (registry_table, path) = at;
        self.notes.insert(format!("{path}{name}"), placeholder(&page::meaning_of(self.kind, registry_table, name)));
    }
}

/// The four sections every letter page answers, under the headings of the example
/// letter in `lang` (the English ones, marked, in a language without them), each with
/// what to write there.
fn letter_sections(lang: &str, today: jiff::civil::Date) -> String {
    let words = Words::of(lang);
    let (_, example) = words.page("letter", today);
    let mut body = String::new();
    for heading in crate::markdown::outline(&example).headings {
        let what = match heading.id.as_str() {
            "what-is-it" => "what the letter is, and why the reader gets it.",
            "what-to-do" => "what the reader must do, and by when.",
            "what-next" => "what happens after the letter.",
            _ => "what the reader can do who disagrees, and by when.",
        };
        let title = if words.own { heading.text } else { placeholder(&heading.text) };
        body.push_str(&format!("## {title} {{#{}}}\n\n{}\n\n", heading.id, placeholder(what)));
    }
    body
}

/// A translation of `original` to translate: its texts, each marked, its step ids, the
/// original's body under one placeholder, and the fingerprint of the text it follows.
fn translation(original: &LoadedFile, language: &str, today: jiff::civil::Date) -> PageDraft {
    let text = &original.file.text;
    let front = load::split(text).ok().and_then(|split| text.get(split.front_matter));
    // The original loaded, so its front matter parses as TOML.
    let mut values: toml::Table = front.and_then(|front| toml::from_str(front).ok()).unwrap_or_default();
    page::mark_to_translate(original.key.kind, &mut values);
    values.insert("reviewed".into(), toml::Value::Datetime(date(today)));
    let fingerprint = keys::fingerprint(&original.front_matter, original.body());
    values.insert("translated_from".into(), toml::Value::String(fingerprint));
    PageDraft {
        kind: original.key.kind,
        values,
        notes: BTreeMap::new(),
        keep: Keep::Text,
        show_unset: false,
        body: body_to_translate(original.body(), language),
    }
}

/// The folder the page goes into lies inside the content folder, however its existing
/// part is reached: a folder of the content folder that links elsewhere is refused.
fn inside_content(content: &Path, relative: &Path) -> Result<(), Diagnostics> {
    let refuse = |error: String| failure(Diagnostic::new(Code::BadArgument, error));
    let root = content.canonicalize().map_err(|error| refuse(format!("cannot read {}: {error}", content.display())))?;
    let mut existing = content.join(relative);
    while existing.symlink_metadata().is_err() {
        match existing.parent() {
            Some(parent) => existing = parent.to_path_buf(),
            None => break,
        }
    }
    let real =
        existing.canonicalize().map_err(|error| refuse(format!("cannot read {}: {error}", existing.display())))?;
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(failure(
            Diagnostic::new(
                Code::BadArgument,
                format!("{} leads outside the content folder, to {}", existing.display(), real.display()),
            )
            .help("a folder inside the content folder is a link to elsewhere: `signpost new` writes only inside the content folder"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::Need;

    /// Every key the registry requires of a kind, and of each table a skeleton writes
    /// (one of each group of which one is required), is set: a new required key in the
    /// registry fails here until `new` writes it.
    #[test]
    fn a_skeleton_sets_every_key_the_registry_requires() {
        fn needs<T: 'static>(keys: impl IntoIterator<Item = &'static keys::Key<T>>, table: &toml::Table, what: &str) {
            let keys: Vec<&keys::Key<T>> = keys.into_iter().collect();
            for key in &keys {
                match key.need {
                    Need::Required => assert!(table.contains_key(key.name), "{what}: `{}`", key.name),
                    Need::OneOf(group) => assert!(
                        keys.iter().any(|k| k.need == Need::OneOf(group) && table.contains_key(k.name)),
                        "{what}: one of the `{group}` keys"
                    ),
                    Need::Optional => {}
                }
            }
        }
        let today = jiff::civil::date(2026, 11, 23);
        let given = |pairs: &[(&str, &str)]| -> toml::Table {
            pairs.iter().map(|(k, v)| (k.to_string(), toml::Value::String(v.to_string()))).collect()
        };
        let kinds = [
            (PageKind::Country, given(&[])),
            (PageKind::Organisation, given(&[])),
            (PageKind::Role, given(&[])),
            (PageKind::Procedure, given(&[])),
            (PageKind::Letter, given(&[("sender", "uwv"), ("kind", "decision")])),
            (PageKind::Glossary, given(&[])),
            (PageKind::CrossBorder, given(&[])),
            (PageKind::Page, given(&[])),
        ];
        for (kind, given) in kinds {
            let draft = skeleton(kind, given, "en", today);
            needs(keys::keys_of(kind), &draft.values, kind.name());
            let tables = |name: &str| -> Vec<toml::Table> {
                match draft.values.get(name) {
                    Some(toml::Value::Array(items)) => items.iter().filter_map(|i| i.as_table().cloned()).collect(),
                    Some(toml::Value::Table(table)) => vec![table.clone()],
                    _ => Vec::new(),
                }
            };
            for step in tables("steps") {
                needs(keys::STEP_KEYS, &step, "a step");
            }
            for remedy in tables("objection") {
                needs(keys::REMEDY_KEYS, &remedy, "the objection");
            }
            for source in tables("sources") {
                needs(keys::SOURCE_KEYS, &source, "a source");
            }
        }
    }
}

//! A page file made from the key registry (`model::keys`): the front matter's keys in the
//! registry's order, the keys of a table under its header, and for a skeleton every key
//! the page could also take, commented out with what it means. `init` and `new` write
//! every page through here, so what they write holds only keys the build knows, in the
//! kinds that take them.

use std::collections::BTreeMap;

use crate::model::PageKind;
use crate::model::keys::{self, Key, Need, Role};

/// Which of the values a file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every key: the default-language file, which carries the facts.
    Everything,
    /// The texts, the file's own keys (`reviewed`, `translated_from`) and the ids of the
    /// steps: a translation, which inherits the facts.
    Text,
}

/// A page file to write.
#[derive(Debug, Clone)]
pub struct PageDraft {
    pub kind: PageKind,
    /// The front matter's values; a table's keys nested under it (`steps` is an array of
    /// tables, `objection` a table).
    pub values: toml::Table,
    /// A comment after a value that only stands in for the real one (`TODO: who acts`),
    /// by the key's path: `kind`, `steps.0.actor`, `objection.to`.
    pub notes: BTreeMap<String, String>,
    pub keep: Keep,
    /// Writes each key the page could take but does not set, commented out with what it
    /// means (in a table of several, in its first only).
    pub show_unset: bool,
    pub body: String,
}

impl PageDraft {
    /// The file's text: front matter between `+++` lines, then the body.
    pub fn text(&self) -> String {
        let page_keys = infos(keys::keys_of(self.kind));
        let front =
            Writer { notes: &self.notes, keep: self.keep }.keys("page", &page_keys, &self.values, "", self.show_unset);
        let body = self.body.trim_start_matches('\n');
        let newline = if body.is_empty() || body.ends_with('\n') { "" } else { "\n" };
        format!("+++\n{front}+++\n{body}{newline}")
    }
}

/// What the writer needs of a key of any table.
#[derive(Debug, Clone, Copy)]
struct KeyInfo {
    name: &'static str,
    role: Role,
    need: Need,
    about: &'static str,
    choices: &'static [(&'static str, &'static str)],
}

fn infos<T: 'static>(keys: impl IntoIterator<Item = &'static Key<T>>) -> Vec<KeyInfo> {
    keys.into_iter()
        .map(|key| KeyInfo { name: key.name, role: key.role, need: key.need, about: key.about, choices: key.choices })
        .collect()
}

/// How a key holding a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `[[steps]]`, one header per table.
    Tables,
    /// `[objection]`.
    Table,
    /// `[facts.<id>]`, a header per id.
    Named,
    /// `deadline_from_letter = { … }`, on one line as any value.
    Inline,
}

/// The keys inside a key that holds tables, with the registry's name for that table
/// (`step`, `remedy`, as in the docs), or `None` for a key that holds a value.
fn table_of(table: &str, key: &str) -> Option<(Shape, &'static str, Vec<KeyInfo>)> {
    match (table, key) {
        ("page", "steps") => Some((Shape::Tables, "step", infos(keys::STEP_KEYS))),
        ("page", "objection" | "appeal") => Some((Shape::Table, "remedy", infos(keys::REMEDY_KEYS))),
        ("page", "sources") => Some((Shape::Tables, "sources", infos(keys::SOURCE_KEYS))),
        ("page", "facts") => Some((Shape::Named, "facts", infos(keys::COMPARISON_KEYS))),
        ("step", "deadline_from_letter") => {
            Some((Shape::Inline, "deadline_from_letter", infos(keys::LETTER_DEADLINE_KEYS)))
        }
        _ => None,
    }
}

/// The keys a skeleton of a table writes: the required ones and the first of each group
/// of which one is required (`week` of `week`/`weeks`/`after`).
fn needed(keys: &[KeyInfo]) -> impl Iterator<Item = &KeyInfo> {
    keys.iter()
        .enumerate()
        .filter(|(i, key)| match key.need {
            Need::Required => true,
            Need::OneOf(group) => !keys[..*i].iter().any(|k| k.need == Need::OneOf(group)),
            Need::Optional => false,
        })
        .map(|(_, key)| key)
}

/// A value shown for a key that is commented out, of the type the key takes: its first
/// choice, or a sample.
fn example(table: &str, key: &KeyInfo) -> String {
    if let Some((word, _)) = key.choices.first() {
        return format!("\"{word}\"");
    }
    if let Some((Shape::Inline, inner, keys)) = table_of(table, key.name) {
        let parts: Vec<String> = needed(&keys).map(|k| format!("{} = {}", k.name, example(inner, k))).collect();
        return format!("{{ {} }}", parts.join(", "));
    }
    let sample = match (table, key.name) {
        ("page", "terms" | "official_languages" | "institutions" | "recipients" | "organisations")
        | ("step", "to" | "next") => "[\"…\"]",
        ("page", "reviewed" | "valid_from") => "2027-01-01",
        ("page", "valid_until") => "2027-12-31",
        ("page", "respond_within_days") => "14",
        ("page", "medical") => "false",
        ("page", "website") | ("sources", "url") => "\"https://…\"",
        ("step", "week" | "deadline_week") => "6",
        ("step", "weeks") => "[8, 10]",
        (_, "within_days") => "30",
        (_, "within_weeks") => "6",
        (_, "within_months") => "3",
        ("sources", "year") => "2026",
        ("facts", "value") => "\"yes\"",
        _ => "\"…\"",
    };
    sample.to_string()
}

/// What key `name` of table `table` (`page`, `step`, `remedy`, `sources`) means on a
/// page of `kind`, with its choices: the comment beside a value that stands in for it.
pub fn meaning_of(kind: PageKind, table: &str, name: &str) -> String {
    let keys = match table {
        "page" => infos(keys::keys_of(kind)),
        _ => table_of("page", table_key(table)).map(|(_, _, keys)| keys).unwrap_or_default(),
    };
    keys.iter().find(|key| key.name == name).map(meaning).unwrap_or_default()
}

/// Whether key `name` of a page of `kind` holds a list (`recipients = ["you"]`).
pub fn is_list(kind: PageKind, name: &str) -> bool {
    infos(keys::keys_of(kind)).iter().any(|key| key.name == name && example("page", key).starts_with('['))
}

/// The page key that holds the tables named `table` in the registry.
fn table_key(table: &str) -> &str {
    match table {
        "step" => "steps",
        "remedy" => "objection",
        other => other,
    }
}

/// Marks each text of a page's `values` (and of its steps and remedies) as a placeholder
/// to translate, and leaves out the texts that follow no original (`terms`, which each
/// language chooses for itself): a translation skeleton of an original.
pub fn mark_to_translate(kind: PageKind, values: &mut toml::Table) {
    mark_table("page", &infos(keys::keys_of(kind)), values);
}

fn mark_table(table: &str, keys: &[KeyInfo], values: &mut toml::Table) {
    for key in keys {
        match (key.role, values.get_mut(key.name)) {
            (Role::Text(keys::Counted::Never), Some(_)) => {
                values.remove(key.name);
            }
            (Role::Text(_), Some(toml::Value::String(text))) => *text = super::placeholder(text),
            (_, Some(value)) => {
                let Some((shape, inner, inner_keys)) = table_of(table, key.name) else { continue };
                match (shape, value) {
                    (Shape::Tables, toml::Value::Array(tables)) => {
                        for table in tables.iter_mut().filter_map(toml::Value::as_table_mut) {
                            mark_table(inner, &inner_keys, table);
                        }
                    }
                    (Shape::Table, toml::Value::Table(table)) => mark_table(inner, &inner_keys, table),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// What a key means, with its choices: the comment beside it.
fn meaning(key: &KeyInfo) -> String {
    let choices: Vec<&str> = key.choices.iter().map(|(word, _)| *word).collect();
    match choices.as_slice() {
        [] => key.about.to_string(),
        words => format!("{}: {}", key.about, words.join(", ")),
    }
}

struct Writer<'a> {
    notes: &'a BTreeMap<String, String>,
    keep: Keep,
}

impl Writer<'_> {
    fn keeps(&self, table: &str, key: &KeyInfo) -> bool {
        match self.keep {
            Keep::Everything => true,
            Keep::Text => {
                matches!(key.role, Role::Text(_) | Role::OwnOfEachFile | Role::Table)
                    || (table == "step" && key.name == "id")
            }
        }
    }

    /// The lines of one table's keys (`table` is its name in the registry): the values
    /// set, the keys it could also take commented out, then the tables inside it.
    fn keys(&self, table: &str, keys: &[KeyInfo], values: &toml::Table, path: &str, show_unset: bool) -> String {
        let mut set = String::new();
        let mut unset = String::new();
        let mut tables = String::new();
        for key in keys.iter().filter(|key| self.keeps(table, key)) {
            let nested = table_of(table, key.name).filter(|(shape, ..)| *shape != Shape::Inline);
            match (values.get(key.name), nested) {
                (Some(value), Some((shape, inner, inner_keys))) => {
                    tables.push_str(&self.nested(key.name, shape, inner, &inner_keys, value, path, show_unset));
                }
                (Some(value), None) => {
                    set.push_str(&format!("{} = {value}", key.name));
                    if let Some(note) = self.notes.get(&format!("{path}{}", key.name)) {
                        set.push_str(&format!("  # {note}"));
                    }
                    set.push('\n');
                }
                (None, nested) if show_unset && key.need != Need::Required && key.role != Role::OwnOfEachFile => {
                    match nested {
                        Some((shape, inner, inner_keys)) => {
                            tables.push_str(&commented_table(key, shape, inner, &inner_keys))
                        }
                        None => unset.push_str(&commented_key(table, key, &chosen_instead(keys, key, values))),
                    }
                }
                _ => {}
            }
        }
        if !unset.is_empty() {
            set.push_str("# Also possible (delete the `# ` in front to use one):\n");
            set.push_str(&unset);
        }
        set + &tables
    }

    /// A key's tables under their headers. A table left empty (a translation's
    /// `[objection]` without `how`) is left out.
    #[allow(clippy::too_many_arguments)]
    fn nested(
        &self,
        name: &str,
        shape: Shape,
        inner: &str,
        inner_keys: &[KeyInfo],
        value: &toml::Value,
        path: &str,
        show_unset: bool,
    ) -> String {
        let mut text = String::new();
        let mut add = |header: String, lines: String| {
            if !lines.is_empty() {
                text.push_str(&format!("\n{header}\n{lines}"));
            }
        };
        match (shape, value) {
            (Shape::Tables, toml::Value::Array(tables)) => {
                for (i, table) in tables.iter().enumerate() {
                    if let toml::Value::Table(table) = table {
                        let lines =
                            self.keys(inner, inner_keys, table, &format!("{path}{name}.{i}."), show_unset && i == 0);
                        add(format!("[[{name}]]"), lines);
                    }
                }
            }
            (Shape::Table, toml::Value::Table(table)) => {
                add(format!("[{name}]"), self.keys(inner, inner_keys, table, &format!("{path}{name}."), show_unset));
            }
            (Shape::Named, toml::Value::Table(named)) => {
                for (id, table) in named {
                    if let toml::Value::Table(table) = table {
                        let header = format!("[{name}.{}]", toml_key(id));
                        add(header, self.keys(inner, inner_keys, table, &format!("{path}{name}.{id}."), show_unset));
                    }
                }
            }
            _ => {}
        }
        text
    }
}

/// The key of `key`'s group that `values` sets, for "instead of `week`".
fn chosen_instead(keys: &[KeyInfo], key: &KeyInfo, values: &toml::Table) -> Option<&'static str> {
    let Need::OneOf(group) = key.need else { return None };
    keys.iter().find(|k| k.need == Need::OneOf(group) && values.contains_key(k.name)).map(|k| k.name)
}

/// `# week = 6  # the week it happens…`, a key commented out.
fn commented_key(table: &str, key: &KeyInfo, instead_of: &Option<&'static str>) -> String {
    let instead = instead_of.map(|other| format!("instead of `{other}`: ")).unwrap_or_default();
    format!("# {} = {}  # {instead}{}\n", key.name, example(table, key), meaning(key))
}

/// A table the page could hold, commented out with the keys it needs.
fn commented_table(key: &KeyInfo, shape: Shape, inner: &str, inner_keys: &[KeyInfo]) -> String {
    let header = match shape {
        Shape::Tables => format!("[[{}]]", key.name),
        Shape::Named => format!("[{}.<id>]", key.name),
        Shape::Table | Shape::Inline => format!("[{}]", key.name),
    };
    let mut text = format!("\n# {header}  # {}\n", meaning(key));
    for inner_key in needed(inner_keys) {
        text.push_str(&commented_key(inner, inner_key, &None));
    }
    text
}

/// An id as a TOML key: bare when it can be, else quoted.
fn toml_key(id: &str) -> String {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        id.to_string()
    } else {
        toml::Value::String(id.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrontMatter;

    /// A skeleton of `kind` with every key it can take written out: what an editor gets
    /// by deleting every `# ` in front of a key.
    fn uncommented(kind: PageKind) -> String {
        let draft = PageDraft {
            kind,
            values: toml::Table::new(),
            notes: BTreeMap::new(),
            keep: Keep::Everything,
            show_unset: true,
            body: String::new(),
        };
        let text = draft.text();
        text.lines()
            .filter(|line| *line != "+++")
            .map(|line| {
                let line = line.strip_prefix("# ").unwrap_or(line);
                // The key and value, without the comment that explains them.
                line.split_once("  # ").map_or(line, |(key, _)| key)
            })
            .filter(|line| !line.starts_with("Also possible"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every key a skeleton comments out is one the page takes, with a value of its type:
    /// uncommented, the front matter parses and each key reads back.
    #[test]
    fn every_commented_key_parses_when_uncommented() {
        for kind in PageKind::ALL {
            let text = uncommented(kind).replace("[facts.<id>]", "[facts.x]");
            // One of each group of keys at a time: week, weeks and after together are refused.
            let text: String = text
                .lines()
                .filter(|line| !line.starts_with("weeks =") && !line.starts_with("after ="))
                .filter(|line| !line.starts_with("within_days") && !line.starts_with("within_months"))
                .map(|line| format!("{line}\n"))
                .collect();
            let front: FrontMatter = toml::from_str(&text).unwrap_or_else(|e| panic!("{kind:?}: {e}\n{text}"));
            // Required keys are the caller's to fill in; the skeleton writes the others.
            for key in keys::keys_of(kind).filter(|k| k.role != Role::OwnOfEachFile && k.need != Need::Required) {
                assert!(key.read(&front).is_some(), "{kind:?}: `{}` does not read back from\n{text}", key.name);
            }
        }
    }

    #[test]
    fn every_key_of_every_table_has_an_example_of_its_type() {
        for key in infos(keys::STEP_KEYS) {
            let id = if key.name == "id" { "" } else { "id = \"a\"\n" };
            let text = format!("[[steps]]\n{id}{} = {}\n", key.name, example("step", &key));
            let front: Result<FrontMatter, _> = toml::from_str(&text);
            assert!(front.is_ok(), "step.{}: {text}", key.name);
        }
        for key in infos(keys::REMEDY_KEYS) {
            let text = format!("[objection]\n{} = {}\n", key.name, example("remedy", &key));
            assert!(toml::from_str::<FrontMatter>(&text).is_ok(), "remedy.{}: {text}", key.name);
        }
        for key in infos(keys::SOURCE_KEYS) {
            let others: String = ["title", "publisher"]
                .iter()
                .filter(|name| **name != key.name)
                .map(|name| format!("{name} = \"x\"\n"))
                .collect();
            let text = format!("[[sources]]\n{others}{} = {}\n", key.name, example("sources", &key));
            assert!(toml::from_str::<FrontMatter>(&text).is_ok(), "sources.{}: {text}", key.name);
        }
    }

    #[test]
    fn a_translation_keeps_the_texts_and_the_step_ids_only() {
        let values: toml::Table = toml::from_str(
            "title = \"T\"\ndecides = \"uwv\"\nreviewed = 2026-01-01\n[[steps]]\nid = \"a\"\ntitle = \"A\"\nweek = 1\nactor = \"you\"\n[objection]\nname = \"bezwaar\"\nwithin_weeks = 6\n[appeal]\nname = \"beroep\"\nhow = \"H\"\n[[sources]]\ntitle = \"S\"\npublisher = \"P\"\n",
        )
        .expect("toml");
        let draft = PageDraft {
            kind: PageKind::Procedure,
            values,
            notes: BTreeMap::new(),
            keep: Keep::Text,
            show_unset: false,
            body: "Body".into(),
        };
        assert_eq!(
            draft.text(),
            "+++\ntitle = \"T\"\nreviewed = 2026-01-01\n\n[[steps]]\nid = \"a\"\ntitle = \"A\"\n+++\nBody\n"
        );
    }

    #[test]
    fn a_stand_in_value_gets_its_note() {
        let values: toml::Table = toml::from_str("title = \"T\"\nkind = \"other\"\nsector = \"public\"").expect("toml");
        let notes = BTreeMap::from([("kind".to_string(), "TODO: what kind of body it is".to_string())]);
        let draft = PageDraft {
            kind: PageKind::Organisation,
            values,
            notes,
            keep: Keep::Everything,
            show_unset: false,
            body: String::new(),
        };
        assert_eq!(
            draft.text(),
            "+++\ntitle = \"T\"\nkind = \"other\"  # TODO: what kind of body it is\nsector = \"public\"\n+++\n"
        );
    }
}

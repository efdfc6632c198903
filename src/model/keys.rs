//! The registry of front-matter keys: for every key of every kind of page, and of the
//! tables inside a page (`[[steps]]`, `[objection]`, …), whether it is a fact or text,
//! whether it is required, what it means, and how to read it from the parsed front
//! matter. Everything that needs the list of keys reads it from here: the check that a
//! key belongs to the page's kind, the check that a translation repeats facts
//! unchanged, the fingerprint of an original's text (`translated_from`), the texts a
//! page offers for translation, and the key tables of `docs/content-model.md` (a test
//! compares them).

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::PageKind;
use super::facts::{CountedFrom, LetterKind, Milestone, OrganisationKind, Sector};
use super::front_matter::{ComparisonValue, FrontMatter, LetterDeadline, RemedyFrontMatter, Source, StepFrontMatter};

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Language-independent: written once, in the default-language file; a translation
    /// may repeat it, only with the same value.
    Fact,
    /// Translated: every language writes its own.
    Text(Counted),
    /// Belongs to each file on its own, neither translated nor compared (`reviewed`).
    OwnOfEachFile,
    /// A table of its own keys, facts and text mixed (`[objection]`, `[[steps]]`).
    Table,
}

/// Whether a text counts in the fingerprint that tells a translation its original changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Always, as empty when absent: the keys there were when fingerprints began.
    Always,
    /// Only where present: keys added later, so adding one leaves every existing
    /// translation current.
    WhenPresent,
    /// Never: words chosen per language (`terms`), which follow no original.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// Exactly one of the keys of this group (`week`, `weeks`, `after`).
    OneOf(&'static str),
}

/// One key: its name, where it may appear, what it holds and how to read it.
pub struct Key<T: 'static> {
    pub name: &'static str,
    /// The kinds of page that take it; empty: every kind (and every key of a table).
    pub kinds: &'static [PageKind],
    pub role: Role,
    pub need: Need,
    /// What it means, in one line, for the docs and for `signpost new`.
    pub about: &'static str,
    /// The words it accepts, each with what it means, when it is a choice.
    pub choices: &'static [(&'static str, &'static str)],
    read: for<'a> fn(&'a T) -> Option<Field<'a>>,
}

/// A key's value as set in a file.
pub struct Field<'a> {
    /// Where the value is written, relative to the front matter, when it is known.
    pub span: Option<Range<usize>>,
    pub value: Value<'a>,
}

pub enum Value<'a> {
    Text(&'a str),
    Texts(&'a [String]),
    /// A fact (or a file's own value), compared by value.
    Fact(&'a dyn FactValue),
    Remedy(&'a RemedyFrontMatter),
    Steps(&'a [StepFrontMatter]),
    /// A country's `[facts.<id>]` tables, by id.
    Comparison(&'a BTreeMap<String, ComparisonValue>),
}

/// A fact's value, compared with the same fact of another file by value alone (toml's
/// `Spanned` compares values, not positions).
pub trait FactValue: std::any::Any + std::fmt::Debug + Sync {
    fn same_as(&self, other: &dyn FactValue) -> bool;
}

impl<T: PartialEq + std::fmt::Debug + Sync + 'static> FactValue for T {
    fn same_as(&self, other: &dyn FactValue) -> bool {
        (other as &dyn std::any::Any).downcast_ref::<T>().is_some_and(|other| self == other)
    }
}

impl<T> Key<T> {
    /// The key's value in `table`, if it is set.
    pub fn read<'a>(&self, table: &'a T) -> Option<Field<'a>> {
        (self.read)(table)
    }

    pub fn is_for(&self, kind: PageKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// Builds a table of keys, one a line: name, the kinds that take it (`[]`: every kind),
/// role, need, how to read it (a reader below applied to the field) and what it means;
/// a choice adds the words it takes.
macro_rules! keys {
    ($($name:literal [$($kind:ident),*] $role:expr, $need:expr, $read:ident($($field:tt)+) $about:literal $(, $choices:expr)?;)*) => {
        &[$(Key {
            name: $name,
            kinds: &[$(PageKind::$kind),*],
            role: $role,
            need: $need,
            about: $about,
            choices: keys!(@choices $($choices)?),
            read: |table| $read(&table.$($field)+),
        },)*]
    };
    (@choices) => { &[] };
    (@choices $choices:expr) => { $choices };
}

// The readers of a field, by how serde keeps it.

fn fact<T: PartialEq + std::fmt::Debug + Sync + 'static>(value: &Option<Spanned<T>>) -> Option<Field<'_>> {
    value.as_ref().map(|v| Field { span: Some(v.span()), value: Value::Fact(v) })
}

/// A fact only some pages have, boxed in the front matter.
fn boxed<T: PartialEq + std::fmt::Debug + Sync + 'static>(value: &Option<Box<Spanned<T>>>) -> Option<Field<'_>> {
    value.as_deref().map(|v| Field { span: Some(v.span()), value: Value::Fact(v) })
}

/// A list of references: it points at its first entry, the only place serde keeps.
fn fact_list(value: &Option<Vec<Spanned<String>>>) -> Option<Field<'_>> {
    value.as_ref().map(|v| Field { span: v.first().map(Spanned::span), value: Value::Fact(v) })
}

/// A fact every table of its kind has (a step's `id`).
fn always<T: PartialEq + std::fmt::Debug + Sync + 'static>(value: &Spanned<T>) -> Option<Field<'_>> {
    Some(Field { span: Some(value.span()), value: Value::Fact(value) })
}

/// A fact serde keeps without its place (inside `[[sources]]`).
fn plain<T: PartialEq + std::fmt::Debug + Sync + 'static>(value: &T) -> Option<Field<'_>> {
    Some(Field { span: None, value: Value::Fact(value) })
}

fn plain_option<T: PartialEq + std::fmt::Debug + Sync + 'static>(value: &Option<T>) -> Option<Field<'_>> {
    value.as_ref().and_then(plain)
}

fn text(value: &Option<String>) -> Option<Field<'_>> {
    value.as_deref().map(|t| Field { span: None, value: Value::Text(t) })
}

fn spanned_text(value: &Option<Spanned<String>>) -> Option<Field<'_>> {
    value.as_ref().map(|t| Field { span: Some(t.span()), value: Value::Text(t.get_ref()) })
}

fn texts(value: &Option<Vec<String>>) -> Option<Field<'_>> {
    value.as_deref().map(|t| Field { span: None, value: Value::Texts(t) })
}

fn steps(value: &Option<Box<Spanned<Vec<StepFrontMatter>>>>) -> Option<Field<'_>> {
    value.as_deref().map(|s| Field { span: Some(s.span()), value: Value::Steps(s.get_ref()) })
}

fn comparison(value: &Option<Box<Spanned<BTreeMap<String, ComparisonValue>>>>) -> Option<Field<'_>> {
    value.as_deref().map(|f| Field { span: Some(f.span()), value: Value::Comparison(f.get_ref()) })
}

fn remedy(value: &Option<Box<Spanned<RemedyFrontMatter>>>) -> Option<Field<'_>> {
    value.as_ref().map(|r| Field { span: Some(r.span()), value: Value::Remedy(r.get_ref()) })
}

use Need::{OneOf, Optional, Required};
use Role::{Fact, OwnOfEachFile, Table};

const TEXT: Role = Role::Text(Counted::Always);
const NEW_TEXT: Role = Role::Text(Counted::WhenPresent);
const OWN_WORDS: Role = Role::Text(Counted::Never);

/// The keys of a page's front matter, in the order the docs list them. The text keys
/// counted always come in the order the fingerprint has hashed them since it began:
/// `title`, `summary`, `start`, `recognise`, `contact`, `education`.
#[rustfmt::skip]
pub static PAGE_KEYS: &[Key<FrontMatter>] = keys! {
    "title" [] TEXT, Required, spanned_text(title) "the page title";
    "summary" [] TEXT, Optional, text(summary) "one or two plain sentences shown under the title and in lists";
    "reviewed" [] OwnOfEachFile, Optional, fact(reviewed) "the day this file's facts were last checked, `2026-11-01`; may not lie in the future";
    "terms" [] OWN_WORDS, Optional, texts(terms) "other words people search for, in this language (`[\"company doctor\", \"occupational physician\"]`)";
    "translated_from" [] OwnOfEachFile, Optional, boxed(translated_from) "in a translation, the fingerprint of the original it follows; written by `signpost mark-translated`";
    "valid_from" [] Fact, Optional, boxed(valid_from) "the day the rules on this page start to apply";
    "valid_until" [] Fact, Optional, boxed(valid_until) "the last day the rules on this page apply";
    "sources" [] Fact, Optional, fact(sources) "`[[sources]]`: where the facts come from (required on procedures and letters)";
    "start" [Procedure] TEXT, Required, text(start) "the event week 0 counts from (\"your first day of sickness\")";
    "decides" [Procedure] Fact, Optional, boxed(decides) "organisation id of the body that takes the decisions (named in the guidance notice)";
    "steps" [Procedure] Table, Required, steps(steps) "`[[steps]]`: the ordered steps, below";
    "kind" [Letter] Fact, Required, boxed(kind) "what the letter is; a `decision` can be contested, `sent-by-you` is a letter or form the reader sends", LetterKind::DESCRIBED;
    "sender" [Letter] Fact, Required, boxed(sender) "role or organisation id (same country), or `you`";
    "recipients" [Letter] Fact, Required, fact_list(recipients) "role or organisation ids, or `you`";
    "decides" [Letter] Fact, Optional, boxed(decides) "organisation id of the body that decides on the reader's case (named in the guidance notice)";
    "respond_within_days" [Letter] Fact, Optional, boxed(respond_within_days) "days the reader has to reply after receiving it (an invitation, a request), 1 to 3660";
    "recognise" [Letter] TEXT, Optional, text(recognise) "how to recognise the letter (\"a letter with the UWV logo titled …\")";
    "objection" [Letter] Table, Optional, remedy(objection) "`[objection]`: how to contest the decision (required on a decision, refused on other kinds)";
    "appeal" [Letter] Table, Optional, remedy(appeal) "`[appeal]`: the next step against the decision on the objection; its time runs from that decision";
    "kind" [Organisation] Fact, Required, boxed(kind) "what kind of body it is", OrganisationKind::DESCRIBED;
    "sector" [Organisation] Fact, Required, boxed(sector) "public or private", Sector::DESCRIBED;
    "website" [Organisation] Fact, Optional, boxed(website) "its web address, `https://…`";
    "phone" [Organisation] Fact, Optional, boxed(phone) "its phone number as people dial it";
    "contact" [Organisation] TEXT, Optional, text(contact) "how to reach it, in a sentence";
    "organisations" [Role] Fact, Optional, fact_list(organisations) "organisation ids (same country) this role works for";
    "medical" [Role] Fact, Optional, boxed(medical) "`true` for doctors and other medical roles";
    "concept" [Role, Page] Fact, Optional, boxed(concept) "the glossary concept id this page realises (`labour-expert`)";
    "education" [Role] TEXT, Optional, text(education) "the training this role needs";
    "official_languages" [Country] Fact, Optional, boxed(official_languages) "language codes, `[\"nl\"]`";
    "institutions" [Country] Fact, Optional, fact_list(institutions) "organisation ids of this country that matter most";
    "facts" [Country] Table, Optional, comparison(facts) "`[facts.<id>]`: comparison facts, each declared in `site.toml` under `[comparison.<id>]`";
};

/// The keys of each `[[steps]]` table. Its text keys count in the fingerprint in this
/// order.
#[rustfmt::skip]
pub static STEP_KEYS: &[Key<StepFrontMatter>] = keys! {
    "id" [] Fact, Required, always(id) "the step's anchor; the body explains the step under `## … {#id}`; a translation lists the same ids in the same order";
    "title" [] TEXT, Required, text(title) "short: \"Your employer reports you sick to UWV\"";
    "week" [] Fact, OneOf("timing"), fact(week) "the week it happens, counted from the start (week 0 is the start day and the six days after it): `week = 42`";
    "weeks" [] Fact, OneOf("timing"), fact(weeks) "a range of weeks: `weeks = [8, 10]`";
    "after" [] Fact, OneOf("timing"), fact(after) "the id of the step it follows, and takes the week of";
    "actor" [] Fact, Required, fact(actor) "who acts: a role or organisation id of the same country, or `you`";
    "letter" [] Fact, Optional, fact(letter) "id of the letter sent in this step (same country); its sender must be the actor or the actor's organisation";
    "to" [] Fact, Optional, fact_list(to) "recipients: role or organisation ids, or `you`";
    "deadline_week" [] Fact, Optional, fact(deadline_week) "the number of weeks from the start within which it must be done (\"within 6 weeks\", \"in the 93rd week at the latest\"), 1 or more: the calculator shows its last day, start + 7 × N − 1 days";
    "deadline_from_letter" [] Fact, Optional, boxed(deadline_from_letter) "a deadline counted from the date on a letter of an earlier step: `{ step = \"wia-beslissing\", within_weeks = 6 }` (below); not beside `deadline_week`";
    "next" [] Fact, Optional, fact_list(next) "ids of the steps that can follow (branches allowed); by default the next step in the list";
    "milestone" [] Fact, Optional, fact(milestone) "the point it reaches, to line up countries", Milestone::DESCRIBED;
    "deadline" [] TEXT, Optional, text(deadline) "the deadline in words (\"before the end of week 8\"); without it a `deadline_from_letter` is said in words";
    "rights" [] TEXT, Optional, text(rights) "the right this step gives you, in a sentence";
    "duties" [] TEXT, Optional, text(duties) "the duty this step gives you, in a sentence";
};

/// The keys of `[objection]` and `[appeal]`.
#[rustfmt::skip]
pub static REMEDY_KEYS: &[Key<RemedyFrontMatter>] = keys! {
    "name" [] Fact, Required, fact(name) "the official word the reader meets on the letter: `bezwaar`, `Widerspruch`, `omprövning`, `klage`";
    "to" [] Fact, Required, fact(to) "the role or organisation that receives it (the sender, a committee, a court)";
    "within_days" [] Fact, OneOf("period"), fact(within_days) "the time limit in days, 1 up to ten years";
    "within_weeks" [] Fact, OneOf("period"), fact(within_weeks) "the time limit in weeks";
    "within_months" [] Fact, OneOf("period"), fact(within_months) "the time limit in months";
    "counted_from" [] Fact, Optional, fact(counted_from) "where the time starts: the date printed on the letter (the default) or the day the reader receives it", CountedFrom::DESCRIBED;
    "how" [] NEW_TEXT, Optional, text(how) "how to send it (a form, online, an address), in a sentence or two; a translation may carry it alone";
};

/// The keys of a step's `deadline_from_letter`.
#[rustfmt::skip]
pub static LETTER_DEADLINE_KEYS: &[Key<LetterDeadline>] = keys! {
    "step" [] Fact, Required, always(step) "an earlier step that sends a `letter`: the time runs from that letter";
    "within_days" [] Fact, OneOf("period"), fact(within_days) "the time limit in days, 1 up to ten years";
    "within_weeks" [] Fact, OneOf("period"), fact(within_weeks) "the time limit in weeks";
    "within_months" [] Fact, OneOf("period"), fact(within_months) "the time limit in months";
    "counted_from" [] Fact, Optional, fact(counted_from) "`receipt` when the time runs from the day the reader receives the letter; by default the date on it", CountedFrom::DESCRIBED;
};

/// The keys of each `[[sources]]` table.
#[rustfmt::skip]
pub static SOURCE_KEYS: &[Key<Source>] = keys! {
    "title" [] Fact, Required, plain(title) "the title of the law, page or report";
    "publisher" [] Fact, Required, plain(publisher) "who published it";
    "year" [] Fact, Optional, plain_option(year) "the year it was published";
    "url" [] Fact, Optional, plain_option(url) "its web address, `https://…`";
    "id" [] Fact, Optional, plain_option(id) "a name to cite it by from comparison facts";
};

/// The keys of each `[facts.<id>]` table of a country.
#[rustfmt::skip]
pub static COMPARISON_KEYS: &[Key<ComparisonValue>] = keys! {
    "value" [] Fact, Required, fact(value) "`\"yes\"`, `\"no\"`, `\"unknown\"`, a number or a short text, as `site.toml` declares the fact";
    "source" [] Fact, Optional, fact(source) "the `id` of one of this page's sources";
    "text" [] NEW_TEXT, Optional, spanned_text(text) "a translation's answer to a `text` fact, in its own language (the original's answer is its `value`); a translation may carry it alone";
};

/// The keys a page of `kind` takes, in the docs' order.
pub fn keys_of(kind: PageKind) -> impl Iterator<Item = &'static Key<FrontMatter>> {
    PAGE_KEYS.iter().filter(move |key| key.is_for(kind))
}

/// The keys `front_matter` sets that a page of `kind` does not take, with where each is.
pub fn keys_not_for(kind: PageKind, front_matter: &FrontMatter) -> Vec<(&'static str, Option<Range<usize>>)> {
    let mut found: Vec<(&'static str, Option<Range<usize>>)> = Vec::new();
    for key in PAGE_KEYS.iter().filter(|key| !key.is_for(kind)) {
        // A key several kinds take is listed once per kind: report it once.
        if !keys_of(kind).any(|k| k.name == key.name) && !found.iter().any(|(name, _)| *name == key.name) {
            found.extend(key.read(front_matter).map(|field| (key.name, field.span)));
        }
    }
    found
}

/// A fact a translation sets differently from its original.
#[derive(Debug, PartialEq, Eq)]
pub struct Contradiction {
    /// The key, with its table for a remedy's facts (`objection.to`).
    pub key: String,
    /// Where the translation and the original write it, relative to their front matter.
    pub here: Option<Range<usize>>,
    pub there: Option<Range<usize>>,
}

/// The facts `translation` sets differently from `original`, in registry order; a fact
/// the translation leaves out is inherited, not a difference. Steps are compared by
/// [`steps_that_differ`].
pub fn contradictions(original: &FrontMatter, translation: &FrontMatter) -> Vec<Contradiction> {
    let mut found = Vec::new();
    for key in PAGE_KEYS {
        let (Some(theirs), ours) = (key.read(translation), key.read(original)) else { continue };
        match (&theirs.value, ours.as_ref().map(|o| &o.value)) {
            (Value::Fact(value), other)
                if key.role == Fact
                    && !other.is_some_and(|other| matches!(other, Value::Fact(o) if value.same_as(*o))) =>
            {
                found.push(Contradiction {
                    key: key.name.to_string(),
                    here: theirs.span.clone(),
                    there: ours.as_ref().and_then(|o| o.span.clone()),
                });
            }
            (Value::Comparison(their_facts), other) => {
                let our_facts = match other {
                    Some(Value::Comparison(facts)) => Some(*facts),
                    _ => None,
                };
                for (id, their_fact) in *their_facts {
                    let our_fact = our_facts.and_then(|facts| facts.get(id));
                    for name in facts_that_differ(COMPARISON_KEYS, our_fact, their_fact) {
                        found.push(Contradiction {
                            key: format!("{}.{id}.{name}", key.name),
                            here: theirs.span.clone(),
                            there: ours.as_ref().and_then(|o| o.span.clone()),
                        });
                    }
                }
            }
            (Value::Remedy(their_remedy), other) => {
                let our_remedy = match other {
                    Some(Value::Remedy(r)) => Some(*r),
                    _ => None,
                };
                for name in facts_that_differ(REMEDY_KEYS, our_remedy, their_remedy) {
                    found.push(Contradiction {
                        key: format!("{}.{name}", key.name),
                        here: theirs.span.clone(),
                        there: ours.as_ref().and_then(|o| o.span.clone()),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The facts of table `theirs` that differ from `ours` (absent facts are inherited).
pub fn facts_that_differ<T>(keys: &'static [Key<T>], ours: Option<&T>, theirs: &T) -> Vec<&'static str> {
    keys.iter()
        .filter(|key| key.role == Fact)
        .filter_map(|key| {
            let Value::Fact(value) = key.read(theirs)?.value else { return None };
            let same = ours.and_then(|ours| key.read(ours)).is_some_and(|o| match o.value {
                Value::Fact(o) => value.same_as(o),
                _ => false,
            });
            (!same).then_some(key.name)
        })
        .collect()
}

/// One translatable text of a page: the key it is written under (`steps.melding-42.title`)
/// and its text in this file, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct TextUnit<'a> {
    pub key: String,
    pub text: Option<&'a str>,
    pub counted: Counted,
}

/// Every text key a page of the front matter's keys can hold, in a fixed order: the
/// page's keys, then each table's (steps in their order, then the remedies). The
/// markdown body is not among them.
pub fn text_units(front_matter: &FrontMatter) -> Vec<TextUnit<'_>> {
    let mut units = Vec::new();
    let mut tables = Vec::new();
    for key in PAGE_KEYS {
        match (key.role, key.read(front_matter)) {
            (Role::Text(counted), field) => {
                let text = field.and_then(|f| match f.value {
                    Value::Text(text) => Some(text),
                    _ => None,
                });
                units.push(TextUnit { key: key.name.to_string(), text, counted });
            }
            (Table, Some(field)) => tables.push((key.name, field.value)),
            _ => {}
        }
    }
    for (table, value) in tables {
        match value {
            Value::Steps(steps) => {
                for step in steps {
                    units.extend(table_units(STEP_KEYS, step, &format!("{table}.{}", step.id.get_ref())));
                }
            }
            Value::Remedy(remedy) => units.extend(table_units(REMEDY_KEYS, remedy, table)),
            Value::Comparison(facts) => {
                for (id, fact) in facts {
                    units.extend(table_units(COMPARISON_KEYS, fact, &format!("{table}.{id}")));
                }
            }
            _ => {}
        }
    }
    units
}

fn table_units<'a, T>(keys: &'static [Key<T>], table: &'a T, prefix: &str) -> Vec<TextUnit<'a>> {
    keys.iter()
        .filter_map(|key| {
            let Role::Text(counted) = key.role else { return None };
            let text = key.read(table).and_then(|f| match f.value {
                Value::Text(text) => Some(text),
                _ => None,
            });
            Some(TextUnit { key: format!("{prefix}.{}", key.name), text, counted })
        })
        .collect()
}

/// FNV-1a, 64 bits: small, stable across Rust versions and platforms (unlike std's
/// hasher), and plenty to notice that a text changed.
fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The fingerprint of an original's translatable text: its [`text_units`] as each
/// counts, then the body (whitespace at the ends ignored). Only text counts: a fact
/// changed in the original reaches every translation anyway, and a new review date does
/// not make a translation stale.
pub fn fingerprint(front_matter: &FrontMatter, body: &str) -> String {
    let units = text_units(front_matter);
    let texts = units.iter().filter_map(|unit| match unit.counted {
        Counted::Always => Some(unit.text.unwrap_or("")),
        Counted::WhenPresent => unit.text,
        Counted::Never => None,
    });
    format!("{:016x}", fnv1a(texts.chain([body.trim()])))
}

/// The key tables of `docs/content-model.md`, each with the name of its place there
/// (`<!-- keys: letter -->`).
pub fn docs_tables() -> Vec<(&'static str, String)> {
    let mut tables = vec![("every page", markdown_table(PAGE_KEYS.iter().filter(|k| k.kinds.is_empty())))];
    for kind in [
        PageKind::Country,
        PageKind::Organisation,
        PageKind::Role,
        PageKind::Procedure,
        PageKind::Letter,
        PageKind::Page,
    ] {
        tables.push((kind.name(), markdown_table(PAGE_KEYS.iter().filter(move |k| k.kinds.contains(&kind)))));
    }
    tables.extend([
        ("step", markdown_table(STEP_KEYS)),
        ("deadline_from_letter", markdown_table(LETTER_DEADLINE_KEYS)),
        ("remedy", markdown_table(REMEDY_KEYS)),
        ("sources", markdown_table(SOURCE_KEYS)),
        ("facts", markdown_table(COMPARISON_KEYS)),
    ]);
    tables
}

/// The Markdown table of `keys`.
fn markdown_table<T: 'static>(keys: impl IntoIterator<Item = &'static Key<T>>) -> String {
    let mut table = String::from("| key | kind | meaning |\n|---|---|---|\n");
    for key in keys {
        let role = match key.role {
            Fact => "fact",
            Role::Text(_) => "text",
            OwnOfEachFile => "per file",
            Table => "table",
        };
        let need = match key.need {
            Required => ", required".to_string(),
            Optional => String::new(),
            OneOf(group) => format!(", one {group} required"),
        };
        let choices = if key.choices.is_empty() {
            String::new()
        } else {
            let choices: Vec<String> = key
                .choices
                .iter()
                .map(|(word, about)| match about.trim() {
                    "" => format!("`{word}`"),
                    about => format!("`{word}` ({})", about.trim_end_matches('.').to_lowercase()),
                })
                .collect();
            format!(": {}", choices.join(", "))
        };
        table.push_str(&format!("| `{}` | {role}{need} | {}{choices} |\n", key.name, key.about));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(toml_text: &str) -> FrontMatter {
        toml::from_str(toml_text).expect("valid front matter")
    }

    #[test]
    fn the_fingerprint_changes_with_the_text_only() {
        let a = fingerprint(&front("title = \"A\"\nreviewed = 2026-01-01"), "Body.\n");
        let same_text_new_review = fingerprint(&front("title = \"A\"\nreviewed = 2026-06-01"), "Body.");
        let new_body = fingerprint(&front("title = \"A\"\nreviewed = 2026-01-01"), "Body changed.");
        let new_title = fingerprint(&front("title = \"B\"\nreviewed = 2026-01-01"), "Body.");
        assert_eq!(a, same_text_new_review);
        assert_ne!(a, new_body);
        assert_ne!(a, new_title);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn moving_text_between_fields_changes_the_fingerprint() {
        assert_ne!(
            fingerprint(&front("title = \"AB\""), ""),
            fingerprint(&front("title = \"A\"\nsummary = \"B\""), "")
        );
    }

    /// The fingerprint hashes what it hashed before the registry made it: the six page
    /// texts (empty when absent), each step's four texts, a remedy's `how` where given,
    /// the body. A change here would make every shipped translation stale.
    #[test]
    fn the_fingerprint_hashes_the_texts_it_always_hashed() {
        let fm = front(
            "title = \"T\"\nsummary = \"S\"\nterms = [\"x\"]\nstart = \"go\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\nrights = \"R\"\n[objection]\nhow = \"H\"\n",
        );
        let parts = ["T", "S", "go", "", "", "", "A", "", "R", "", "H", "Body"];
        assert_eq!(fingerprint(&fm, " Body\n"), format!("{:016x}", fnv1a(parts)));
        let without_how = front("title = \"T\"\n[appeal]\nname = \"x\"\n");
        assert_eq!(fingerprint(&without_how, ""), format!("{:016x}", fnv1a(["T", "", "", "", "", "", ""])));
    }

    #[test]
    fn a_translation_inherits_what_it_leaves_out_and_contradicts_what_it_changes() {
        let original = front(
            "title = \"UWV\"\nkind = \"decision\"\nsender = \"uwv\"\n[objection]\nname = \"bezwaar\"\nwithin_weeks = 6\n",
        );
        let same = front("title = \"Het UWV\"\nsender = \"uwv\"\n[objection]\nhow = \"Schriftelijk\"\n");
        assert!(contradictions(&original, &same).is_empty());
        let other = front("title = \"UWV\"\nsender = \"werkgever\"\n[objection]\nwithin_weeks = 4\n");
        let keys: Vec<String> = contradictions(&original, &other).into_iter().map(|c| c.key).collect();
        assert_eq!(keys, ["sender", "objection.within_weeks"]);
    }

    #[test]
    fn sources_written_at_another_place_in_a_translation_are_the_same_fact() {
        let source = "[[sources]]\ntitle = \"T\"\npublisher = \"P\"\nurl = \"https://example.org/\"\n";
        let original = front(&format!("title = \"A\"\n{source}"));
        let translation = front(&format!("title = \"Een\"\nsummary = \"Langer\"\n{source}"));
        assert!(contradictions(&original, &translation).is_empty());
        let moved = front(&source.replace("example.org", "example.net"));
        let keys: Vec<String> = contradictions(&original, &moved).into_iter().map(|c| c.key).collect();
        assert_eq!(keys, ["sources"]);
    }

    #[test]
    fn a_key_of_another_kind_is_found_once_with_its_place() {
        let fm = front("title = \"X\"\nsender = \"uwv\"\ndecides = \"uwv\"\n");
        let found: Vec<&str> = keys_not_for(PageKind::Role, &fm).into_iter().map(|(name, _)| name).collect();
        assert_eq!(found, ["decides", "sender"]);
        assert!(keys_not_for(PageKind::Letter, &fm).is_empty());
    }

    /// The key tables in docs/content-model.md are the registry's. `UPDATE_DOCS=1 cargo
    /// test key_tables` writes them.
    #[test]
    fn the_key_tables_in_the_docs_are_made_from_the_registry() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-model.md");
        let text = std::fs::read_to_string(&path).expect("docs/content-model.md exists");
        let mut expected = text.clone();
        for (name, table) in docs_tables() {
            let start = format!("<!-- keys: {name} -->\n");
            let end = "<!-- end of keys -->";
            let (before, rest) = expected.split_once(&start).unwrap_or_else(|| panic!("no `{start}` in the docs"));
            let (_, after) = rest.split_once(end).unwrap_or_else(|| panic!("no `{end}` after `{start}`"));
            expected = format!("{before}{start}{table}{end}{after}");
        }
        if text != expected {
            if std::env::var_os("UPDATE_DOCS").is_some() {
                std::fs::write(&path, expected).expect("docs/content-model.md is writable");
            } else {
                panic!(
                    "the key tables of docs/content-model.md are out of date: run `UPDATE_DOCS=1 cargo test key_tables`"
                );
            }
        }
    }

    #[test]
    fn every_key_is_described_and_no_kind_has_a_key_twice() {
        for kind in PageKind::ALL {
            let names: Vec<&str> = keys_of(kind).map(|k| k.name).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(names.len(), unique.len(), "{kind:?}: {names:?}");
        }
        let abouts = PAGE_KEYS.iter().map(|k| k.about).chain(STEP_KEYS.iter().map(|k| k.about));
        assert!(abouts.into_iter().all(|about| !about.is_empty()));
    }
}

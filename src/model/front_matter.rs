//! The TOML front matter of a page, as written. One struct holds every key of every
//! kind so that serde refuses unknown keys with a position; which keys a kind takes,
//! and which are facts (written once, in the default language), is said by the key
//! registry ([`super::keys`]).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub year: Option<i32>,
    /// Spanned, so a wrong address is reported at its own line.
    pub url: Option<Spanned<String>>,
    pub id: Option<String>,
}

impl Source {
    pub fn url(&self) -> Option<&str> {
        self.url.as_ref().map(|url| url.get_ref().as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFrontMatter {
    pub id: Spanned<String>,
    pub title: Option<String>,
    // Facts.
    pub week: Option<Spanned<i64>>,
    pub weeks: Option<Spanned<[i64; 2]>>,
    pub after: Option<Spanned<String>>,
    pub actor: Option<Spanned<String>>,
    pub letter: Option<Spanned<String>>,
    pub to: Option<Vec<Spanned<String>>>,
    pub deadline_week: Option<Spanned<i64>>,
    /// A deadline that runs from the date on a letter sent at an earlier step, not from
    /// the start: an objection is due six weeks after the decision, whenever it came.
    pub deadline_from_letter: Option<Box<Spanned<LetterDeadline>>>,
    pub next: Option<Vec<Spanned<String>>>,
    pub milestone: Option<Spanned<String>>,
    // Text.
    pub deadline: Option<String>,
    pub rights: Option<String>,
    pub duties: Option<String>,
}

/// A length of time counted from a letter: exactly one of days, weeks or months (checked
/// by resolve, which says which one is missing or doubled).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterDeadline {
    /// The step whose letter the time runs from.
    pub step: Spanned<String>,
    pub within_days: Option<Spanned<i64>>,
    pub within_weeks: Option<Spanned<i64>>,
    pub within_months: Option<Spanned<i64>>,
    /// `letter-date` (the date printed on the letter, the default) or `receipt` (the
    /// day the reader received it).
    pub counted_from: Option<Spanned<String>>,
}

/// How to contest a decision letter: the first remedy (`[objection]`, whatever the
/// country calls it) or the next one against the decision on it (`[appeal]`). Every key
/// but `how` is a fact.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemedyFrontMatter {
    /// The official name the reader meets on the letter: `bezwaar`, `Widerspruch`.
    pub name: Option<Spanned<String>>,
    /// The role or organisation that receives it (a court, a committee, the sender).
    pub to: Option<Spanned<String>>,
    pub within_days: Option<Spanned<i64>>,
    pub within_weeks: Option<Spanned<i64>>,
    pub within_months: Option<Spanned<i64>>,
    /// `letter-date` (default) or `receipt`, as for [`LetterDeadline`].
    pub counted_from: Option<Spanned<String>>,
    /// Text: how to send it (a form, an address, online), in a sentence or two.
    pub how: Option<String>,
}

/// A comparison fact as a country page writes it: the value (in the original) and, for
/// a `text` fact, the answer in a translation's own language.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonValue {
    /// Required in the original; a translation inherits it.
    pub value: Option<Spanned<toml::Value>>,
    pub source: Option<Spanned<String>>,
    /// Text: a translation's answer to a `text` fact, in its language.
    pub text: Option<Spanned<String>>,
}

/// Every key a page may have. Fields hold `Spanned` values where a later check needs
/// to point at them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    // What only some pages have is boxed: a front matter is kept for every file while
    // the site is built (30,000 pages: 90,000 files), and inline its empty keys took
    // 1.4 KB a file.

    // Every page: text.
    pub title: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub reviewed: Option<Spanned<Datetime>>,
    pub terms: Option<Vec<String>>,
    /// In a translation: the fingerprint of the original's text it was translated from,
    /// so `signpost check` can tell when the original changed since.
    pub translated_from: Option<Box<Spanned<String>>>,
    // Every page: facts.
    pub valid_from: Option<Box<Spanned<Datetime>>>,
    pub valid_until: Option<Box<Spanned<Datetime>>>,
    pub sources: Option<Spanned<Vec<Source>>>,

    // Country.
    pub official_languages: Option<Box<Spanned<Vec<String>>>>,
    pub institutions: Option<Vec<Spanned<String>>>,
    pub facts: Option<Box<Spanned<BTreeMap<String, ComparisonValue>>>>,

    // Organisation (and letter: what the letter is, a decision or not; the lists are
    // `ORGANISATION_KINDS` and `LETTER_KINDS` in resolve).
    pub kind: Option<Box<Spanned<String>>>,
    pub sector: Option<Box<Spanned<String>>>,
    pub website: Option<Box<Spanned<String>>>,
    pub phone: Option<Box<Spanned<String>>>,
    pub contact: Option<String>,

    // Role (and free pages: `concept`).
    pub organisations: Option<Vec<Spanned<String>>>,
    pub medical: Option<Box<Spanned<bool>>>,
    pub concept: Option<Box<Spanned<String>>>,
    pub education: Option<String>,

    // Procedure.
    pub start: Option<String>,
    pub decides: Option<Box<Spanned<String>>>,
    pub steps: Option<Box<Spanned<Vec<StepFrontMatter>>>>,

    // Letter.
    pub sender: Option<Box<Spanned<String>>>,
    pub recipients: Option<Vec<Spanned<String>>>,
    pub respond_within_days: Option<Box<Spanned<i64>>>,
    pub recognise: Option<String>,
    pub objection: Option<Box<Spanned<RemedyFrontMatter>>>,
    pub appeal: Option<Box<Spanned<RemedyFrontMatter>>>,
}

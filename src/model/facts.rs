//! The facts of a page once resolved: language-independent values with their own types.
//! Choices written as words in the front matter (`kind = "decision"`) are enums here,
//! each with the list of words it accepts, so the list is written once.

use serde::Serialize;

use super::PageKey;

/// What a page states beyond its text, by kind. Every reference is resolved: a
/// [`PageKey`] of a page that exists, or the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    Home,
    Page,
    Glossary,
    CrossBorder,
    Country(Country),
    Organisation(Organisation),
    Role(Role),
    Procedure(Procedure),
    /// Boxed: two remedies make a letter the largest by far, and most pages are not letters.
    Letter(Box<Letter>),
}

/// Who a fact names: the reader, or a role or organisation page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    You,
    Page(PageKey),
}

/// The reader is `you`; a page, its content path.
impl Serialize for Party {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Party::You => serializer.serialize_str("you"),
            Party::Page(key) => key.serialize(serializer),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    pub official_languages: Vec<String>,
    /// Organisations of the country that matter most.
    pub institutions: Vec<PageKey>,
    /// Comparison facts by id (declared in `site.toml`).
    #[serde(skip)]
    pub comparison: std::collections::BTreeMap<String, Stated>,
}

/// A comparison fact as a country states it, with the source it cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stated {
    pub value: StatedValue,
    /// The `id` of one of the page's sources.
    pub source: Option<String>,
}

/// A comparison value: yes, no or unknown (in any kind of fact), a number or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum StatedValue {
    Yes,
    No,
    Unknown,
    Integer(i64),
    Float(f64),
    Text(String),
}

impl StatedValue {
    /// `yes`, `no` or `unknown` for those values, for the UI string and the styling.
    pub fn state(&self) -> Option<&'static str> {
        match self {
            StatedValue::Yes => Some("yes"),
            StatedValue::No => Some("no"),
            StatedValue::Unknown => Some("unknown"),
            StatedValue::Integer(_) | StatedValue::Float(_) | StatedValue::Text(_) => None,
        }
    }

    /// A number or text as written (numbers as TOML writes them).
    pub fn written(&self) -> String {
        match self {
            StatedValue::Integer(n) => toml::Value::Integer(*n).to_string(),
            StatedValue::Float(x) => toml::Value::Float(*x).to_string(),
            StatedValue::Text(text) => text.clone(),
            other => other.state().unwrap_or_default().to_string(),
        }
    }
}

impl Serialize for StatedValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StatedValue::Integer(n) => serializer.serialize_i64(*n),
            StatedValue::Float(x) => serializer.serialize_f64(*x),
            StatedValue::Text(text) => serializer.serialize_str(text),
            other => serializer.serialize_str(other.state().unwrap_or_default()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub kind: Option<OrganisationKind>,
    pub sector: Option<Sector>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Role {
    /// The organisations it works for.
    pub organisations: Vec<PageKey>,
    pub medical: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Procedure {
    /// The organisation that takes the decisions.
    pub decides: Option<PageKey>,
    pub steps: Vec<Step>,
}

impl Procedure {
    /// The steps that can follow step `index`: its `next`, or else the next step in the list.
    pub fn next_of(&self, index: usize) -> Vec<usize> {
        match self.steps.get(index).and_then(|step| step.next.as_ref()) {
            Some(next) => next.clone(),
            None if index + 1 < self.steps.len() => vec![index + 1],
            None => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    /// The week it starts and the week it ends, counted from the procedure's start: `week`
    /// as written, a range, or the end of the step it comes `after`. `None` when it
    /// cannot be known.
    pub weeks: Option<(i64, i64)>,
    /// The step it comes after (`after`), by index.
    pub after: Option<usize>,
    pub actor: Option<Party>,
    pub letter: Option<PageKey>,
    pub to: Vec<Party>,
    pub deadline: Option<Deadline>,
    /// The steps that can follow, by index, when written (`next`); else the next step.
    pub next: Option<Vec<usize>>,
    pub milestone: Option<Milestone>,
}

/// By when a step must be done.
#[derive(Debug, Clone, PartialEq)]
pub enum Deadline {
    /// A week counted from the procedure's start.
    Week(i64),
    /// A time counted from the letter an earlier step sends.
    FromLetter { step: usize, period: Period },
}

/// A time limit counted from a letter: so many days, weeks or months from its date or
/// from the day it is received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub amount: i64,
    pub unit: PeriodUnit,
    pub counted_from: CountedFrom,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
    pub kind: Option<LetterKind>,
    pub sender: Option<Party>,
    pub recipients: Vec<Party>,
    /// The organisation that decides on the reader's case.
    pub decides: Option<PageKey>,
    pub respond_within_days: Option<i64>,
    /// How to contest the decision (`[objection]`), and the next step (`[appeal]`).
    #[serde(skip)]
    pub objection: Option<Remedy>,
    #[serde(skip)]
    pub appeal: Option<Remedy>,
}

/// How to contest a decision; its `how` is text, in each translation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remedy {
    /// The official word the reader meets on the letter: `bezwaar`, `Widerspruch`.
    pub name: String,
    /// Who receives it.
    pub to: Party,
    #[serde(flatten)]
    pub period: Period,
}

/// Declares an enum of choices written as kebab-case words, with the list of words.
macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $($(#[doc = $doc])* #[serde(rename = $word)] $variant,)*
        }

        impl $name {
            /// Every choice, in the order written here.
            pub const ALL: &[$name] = &[$($name::$variant,)*];
            /// The words the front matter may use.
            pub const NAMES: &[&str] = &[$($word,)*];
            /// Each word with what it means (empty when the word says it all).
            pub const DESCRIBED: &[(&str, &str)] = &[$(($word, concat!($($doc),*)),)*];

            /// The word as written in the front matter.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }

            /// The choice written as `word`, if it is one.
            pub fn from_name(word: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|choice| choice.name() == word)
            }
        }
    };
}

choices! {
    /// What kind of body an organisation is.
    OrganisationKind {
        SocialSecurity = "social-security",
        EmploymentService = "employment-service",
        Municipality = "municipality",
        Employer = "employer",
        HealthInsurer = "health-insurer",
        PensionFund = "pension-fund",
        ReintegrationCompany = "reintegration-company",
        UnionFund = "union-fund",
        AppealsBody = "appeals-body",
        Government = "government",
        Other = "other",
    }
}

choices! {
    /// Whether an organisation is public or private.
    Sector {
        Public = "public",
        Private = "private",
    }
}

choices! {
    /// What a letter is. Only a decision can be contested, so only a decision has an
    /// `[objection]`, and the notice on its page says so.
    LetterKind {
        /// An official decision the reader can contest.
        Decision = "decision",
        /// To a talk or an examination.
        Invitation = "invitation",
        /// Asks the reader to do or send something.
        Request = "request",
        /// Tells something, decides nothing.
        Information = "information",
        /// An assessment, advice or plan about the reader.
        Report = "report",
        /// A letter or form the reader sends.
        SentByYou = "sent-by-you",
    }
}

choices! {
    /// Where a time limit counted from a letter starts.
    CountedFrom {
        /// The date printed on the letter.
        LetterDate = "letter-date",
        /// The day the reader receives it (Danish and Polish decisions count from there).
        Receipt = "receipt",
    }
}

choices! {
    /// The unit of a time limit.
    PeriodUnit {
        Days = "days",
        Weeks = "weeks",
        Months = "months",
    }
}

choices! {
    /// The points used to line up the procedures of different countries.
    Milestone {
        FirstAssessment = "first-assessment",
        Plan = "plan",
        PlanReview = "plan-review",
        LongTermDecision = "long-term-decision",
        EndOfWagePayment = "end-of-wage-payment",
    }
}

impl PeriodUnit {
    /// The key that writes a period in this unit (`within_weeks`), and the longest period
    /// it may be: ten years. Longer ones are typing mistakes, and would overflow date
    /// arithmetic.
    pub fn key_and_longest(self) -> (&'static str, i64) {
        match self {
            PeriodUnit::Days => ("within_days", 3660),
            PeriodUnit::Weeks => ("within_weeks", 520),
            PeriodUnit::Months => ("within_months", 120),
        }
    }
}

/// The days a letter may give to respond: at least one, at most ten years (as a remedy's
/// `within_days`).
pub const RESPOND_DAYS: std::ops::RangeInclusive<i64> = 1..=3660;

/// The weeks a step may be placed at: ten years before to a hundred years after the
/// start. Wider values are typing mistakes, and would overflow date arithmetic.
pub const WEEK_RANGE: std::ops::RangeInclusive<i64> = -520..=5200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_read_from_its_word_and_written_as_it() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::from_name(kind.name()), Some(*kind));
        }
        assert_eq!(LetterKind::from_name("Decision"), None);
        assert_eq!(serde_json::to_value(CountedFrom::LetterDate).ok(), Some(serde_json::json!("letter-date")));
    }
}

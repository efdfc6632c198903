//! The facts of a page once resolved: language-independent values with their own types.
//! Choices written as words in the front matter (`kind = "decision"`) are enums here,
//! each with the list of words it accepts, so the list is written once.

use serde::Serialize;

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

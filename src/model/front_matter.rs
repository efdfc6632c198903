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
    pub url: Option<String>,
    pub id: Option<String>,
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
    pub deadline_from_letter: Option<Spanned<LetterDeadline>>,
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
pub struct Remedy {
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonValue {
    pub value: Spanned<toml::Value>,
    pub source: Option<Spanned<String>>,
}

/// Every key a page may have. Fields hold `Spanned` values where a later check needs
/// to point at them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    // Every page: text.
    pub title: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub reviewed: Option<Spanned<Datetime>>,
    pub terms: Option<Vec<String>>,
    /// In a translation: the fingerprint of the original's text it was translated from,
    /// so `signpost check` can tell when the original changed since.
    pub translated_from: Option<Spanned<String>>,
    // Every page: facts.
    pub valid_from: Option<Spanned<Datetime>>,
    pub valid_until: Option<Spanned<Datetime>>,
    pub sources: Option<Spanned<Vec<Source>>>,

    // Country.
    pub official_languages: Option<Spanned<Vec<String>>>,
    pub institutions: Option<Vec<Spanned<String>>>,
    pub facts: Option<Spanned<BTreeMap<String, ComparisonValue>>>,

    // Organisation (and letter: what the letter is, a decision or not; the lists are
    // `ORGANISATION_KINDS` and `LETTER_KINDS` in resolve).
    pub kind: Option<Spanned<String>>,
    pub sector: Option<Spanned<String>>,
    pub website: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    pub contact: Option<String>,

    // Role (and free pages: `concept`).
    pub organisations: Option<Vec<Spanned<String>>>,
    pub medical: Option<Spanned<bool>>,
    pub concept: Option<Spanned<String>>,
    pub education: Option<String>,

    // Procedure.
    pub start: Option<String>,
    pub decides: Option<Spanned<String>>,
    pub steps: Option<Spanned<Vec<StepFrontMatter>>>,

    // Letter.
    pub sender: Option<Spanned<String>>,
    pub recipients: Option<Vec<Spanned<String>>>,
    pub respond_within_days: Option<Spanned<i64>>,
    pub recognise: Option<String>,
    pub objection: Option<Spanned<Remedy>>,
    pub appeal: Option<Spanned<Remedy>>,
}

/// A TOML date as a calendar date; `None` for a time or a date-time with a time part,
/// which front matter dates never need.
pub fn civil_date(value: &Datetime) -> Option<jiff::civil::Date> {
    let date = value.date?;
    if value.time.is_some() {
        return None;
    }
    jiff::civil::Date::new(i16::try_from(date.year).ok()?, i8::try_from(date.month).ok()?, i8::try_from(date.day).ok()?)
        .ok()
}

/// The week each step starts and ends in: `week = 6` is (6, 6), `weeks = [8, 10]` is
/// (8, 10), `after = "x"` takes the end of step `x`. `None` where it cannot be known
/// (an unknown or circular `after`, or no timing at all).
pub fn step_weeks(steps: &[StepFrontMatter]) -> Vec<Option<(i64, i64)>> {
    let mut weeks: Vec<Option<(i64, i64)>> = steps
        .iter()
        .map(|step| match (&step.week, &step.weeks) {
            (Some(week), _) => Some((*week.get_ref(), *week.get_ref())),
            (None, Some(range)) => Some((range.get_ref()[0], range.get_ref()[1])),
            (None, None) => None,
        })
        .collect();
    // Each pass settles at least one `after` whose predecessor is known; a chain of n
    // steps needs at most n passes, a cycle stays unknown.
    for _ in 0..steps.len() {
        let mut changed = false;
        for (i, step) in steps.iter().enumerate() {
            if weeks[i].is_some() {
                continue;
            }
            let Some(after) = &step.after else { continue };
            let found = steps.iter().position(|s| s.id.get_ref() == after.get_ref()).and_then(|j| weeks[j]);
            if let Some((_, end)) = found {
                weeks[i] = Some((end, end));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    weeks
}

/// The steps that can follow step `index`: its `next` ids, or else the next step in
/// the list. Unknown ids are left out (resolve reports them).
pub fn next_steps(steps: &[StepFrontMatter], index: usize) -> Vec<usize> {
    match steps.get(index).and_then(|s| s.next.as_ref()) {
        Some(next) => next.iter().filter_map(|id| steps.iter().position(|s| s.id.get_ref() == id.get_ref())).collect(),
        None if index + 1 < steps.len() => vec![index + 1],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(toml_text: &str) -> Vec<StepFrontMatter> {
        #[derive(Deserialize)]
        struct Wrapper {
            steps: Vec<StepFrontMatter>,
        }
        toml::from_str::<Wrapper>(toml_text).expect("valid steps").steps
    }

    #[test]
    fn after_takes_the_end_of_the_step_it_follows() {
        let s = steps(
            "[[steps]]\nid = \"a\"\nweeks = [2, 4]\n[[steps]]\nid = \"b\"\nafter = \"a\"\n[[steps]]\nid = \"c\"\nafter = \"b\"\n",
        );
        assert_eq!(step_weeks(&s), [Some((2, 4)), Some((4, 4)), Some((4, 4))]);
    }

    #[test]
    fn circular_after_stays_unknown() {
        let s = steps("[[steps]]\nid = \"a\"\nafter = \"b\"\n[[steps]]\nid = \"b\"\nafter = \"a\"\n");
        assert_eq!(step_weeks(&s), [None, None]);
    }

    #[test]
    fn next_defaults_to_the_following_step() {
        let s = steps(
            "[[steps]]\nid = \"a\"\nweek = 1\n[[steps]]\nid = \"b\"\nweek = 2\nnext = [\"a\"]\n[[steps]]\nid = \"c\"\nweek = 3\n",
        );
        assert_eq!(next_steps(&s, 0), [1]);
        assert_eq!(next_steps(&s, 1), [0]);
        assert!(next_steps(&s, 2).is_empty());
    }

    #[test]
    fn dates_with_a_time_are_not_calendar_dates() {
        let date: Datetime = "2026-11-23".parse().unwrap();
        assert_eq!(civil_date(&date), Some(jiff::civil::date(2026, 11, 23)));
        let stamp: Datetime = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(civil_date(&stamp), None);
    }

    /// How a generated step is timed: a week, a range, `after` another step (by index,
    /// possibly one that does not exist), or not at all.
    #[derive(Clone, Debug)]
    enum Timing {
        Week(i64),
        Weeks(i64, i64),
        After(usize),
        Untimed,
    }

    fn any_timing() -> impl proptest::strategy::Strategy<Value = Timing> {
        use proptest::prelude::*;
        prop_oneof![
            (-520i64..=5200).prop_map(Timing::Week),
            (-520i64..=5200, 0i64..=300).prop_map(|(start, length)| Timing::Weeks(start, start + length)),
            (0usize..12).prop_map(Timing::After),
            Just(Timing::Untimed),
        ]
    }

    fn steps_from(timings: &[Timing]) -> Vec<StepFrontMatter> {
        let text: String = timings
            .iter()
            .enumerate()
            .map(|(i, timing)| {
                let timing = match timing {
                    Timing::Week(week) => format!("week = {week}\n"),
                    Timing::Weeks(start, end) => format!("weeks = [{start}, {end}]\n"),
                    Timing::After(j) => format!("after = \"s{j}\"\n"),
                    Timing::Untimed => String::new(),
                };
                format!("[[steps]]\nid = \"s{i}\"\n{timing}")
            })
            .collect();
        steps(&text)
    }

    /// The week of step `i` by walking its `after` chain one link at a time: the
    /// definition `step_weeks` must agree with, however the steps are ordered.
    fn walk_after_chain(timings: &[Timing], mut i: usize) -> Option<(i64, i64)> {
        let mut seen = vec![false; timings.len()];
        let mut inherited = false;
        loop {
            if std::mem::replace(&mut seen[i], true) {
                return None;
            }
            let own = match timings[i] {
                Timing::Week(week) => (week, week),
                Timing::Weeks(start, end) => (start, end),
                Timing::After(j) if j < timings.len() => {
                    inherited = true;
                    i = j;
                    continue;
                }
                Timing::After(_) | Timing::Untimed => return None,
            };
            return Some(if inherited { (own.1, own.1) } else { own });
        }
    }

    proptest::proptest! {
        #[test]
        fn every_step_gets_the_week_its_after_chain_leads_to(timings in proptest::collection::vec(any_timing(), 1..12)) {
            let weeks = step_weeks(&steps_from(&timings));
            proptest::prop_assert_eq!(weeks.len(), timings.len());
            for (i, week) in weeks.iter().enumerate() {
                proptest::prop_assert_eq!(*week, walk_after_chain(&timings, i), "step s{}", i);
            }
        }
    }
}

//! The TOML front matter of a page, as written. One struct holds every key of every
//! kind so that serde refuses unknown keys with a position; which keys a kind allows,
//! and which are facts (written once, in the default language) is said by
//! [`FrontMatter::keys_for`] and [`FrontMatter::facts`] here, in one place.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::PageKind;

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
    pub deadline_from_letter: Option<Spanned<LetterDeadline>>,
    pub next: Option<Vec<Spanned<String>>>,
    pub milestone: Option<Spanned<String>>,
    // Text.
    pub deadline: Option<String>,
    pub rights: Option<String>,
    pub duties: Option<String>,
}

impl StepFrontMatter {
    /// The step's facts by key, for comparing a translation with its original.
    pub fn facts(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("week", show_spanned(&self.week)),
            ("weeks", show_spanned(&self.weeks)),
            ("after", show_spanned(&self.after)),
            ("actor", show_spanned(&self.actor)),
            ("letter", show_spanned(&self.letter)),
            ("to", show_list(&self.to)),
            ("deadline_week", show_spanned(&self.deadline_week)),
            ("deadline_from_letter", show_spanned(&self.deadline_from_letter)),
            ("next", show_list(&self.next)),
            ("milestone", show_spanned(&self.milestone)),
        ]
    }
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

impl Remedy {
    /// The remedy's facts by key (prefixed with its table, `objection.to`), so that a
    /// translation carrying only `how` inherits the rest.
    fn facts(remedy: &Option<Spanned<Remedy>>, keys: [&'static str; 6]) -> Vec<(&'static str, Option<String>)> {
        let route = remedy.as_ref().map(Spanned::get_ref);
        let text = |f: fn(&Remedy) -> &Option<Spanned<String>>| route.and_then(|r| show_spanned(f(r)));
        let number = |f: fn(&Remedy) -> &Option<Spanned<i64>>| route.and_then(|r| show_spanned(f(r)));
        let [name, to, days, weeks, months, from] = keys;
        vec![
            (name, text(|r| &r.name)),
            (to, text(|r| &r.to)),
            (days, number(|r| &r.within_days)),
            (weeks, number(|r| &r.within_weeks)),
            (months, number(|r| &r.within_months)),
            (from, text(|r| &r.counted_from)),
        ]
    }
}

/// A fact's value as comparable text, without its position in the file.
fn show_spanned<T: std::fmt::Debug>(value: &Option<Spanned<T>>) -> Option<String> {
    value.as_ref().map(|v| format!("{:?}", v.get_ref()))
}

fn show_list<T: std::fmt::Debug>(value: &Option<Vec<Spanned<T>>>) -> Option<String> {
    value.as_ref().map(|v| format!("{:?}", v.iter().map(Spanned::get_ref).collect::<Vec<_>>()))
}

/// The keys of `translation` whose fact differs from `original`'s; a fact the
/// translation leaves out is inherited, not a difference.
pub fn contradicted_keys(
    original: &[(&'static str, Option<String>)],
    translation: &[(&'static str, Option<String>)],
) -> Vec<&'static str> {
    translation
        .iter()
        .zip(original)
        .filter(|((_, theirs), (_, ours))| theirs.is_some() && theirs != ours)
        .map(|((key, _), _)| *key)
        .collect()
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

/// Keys every kind accepts.
const COMMON_KEYS: &[&str] =
    &["title", "summary", "reviewed", "terms", "translated_from", "valid_from", "valid_until", "sources"];

impl FrontMatter {
    /// The keys a page of `kind` may use besides the common ones.
    pub fn keys_for(kind: PageKind) -> &'static [&'static str] {
        match kind {
            PageKind::Country => &["official_languages", "institutions", "facts"],
            PageKind::Organisation => &["kind", "sector", "website", "phone", "contact"],
            PageKind::Role => &["organisations", "medical", "concept", "education"],
            PageKind::Procedure => &["start", "decides", "steps"],
            PageKind::Letter => {
                &["kind", "sender", "recipients", "decides", "respond_within_days", "recognise", "objection", "appeal"]
            }
            PageKind::Page => &["concept"],
            PageKind::Home | PageKind::CrossBorder | PageKind::Glossary => &[],
        }
    }

    pub fn allows(kind: PageKind, key: &str) -> bool {
        COMMON_KEYS.contains(&key) || Self::keys_for(kind).contains(&key)
    }

    /// The names of the keys this front matter sets, with the span of each value, to
    /// check them against the page kind.
    pub fn present_keys(&self) -> Vec<(&'static str, Option<std::ops::Range<usize>>)> {
        fn span<T>(value: &Option<Spanned<T>>) -> Option<std::ops::Range<usize>> {
            value.as_ref().map(Spanned::span)
        }
        fn first<T>(value: &Option<Vec<Spanned<T>>>) -> Option<std::ops::Range<usize>> {
            value.as_ref().and_then(|v| v.first()).map(Spanned::span)
        }
        let mut keys = Vec::new();
        let mut add = |name: &'static str, set: bool, at: Option<std::ops::Range<usize>>| {
            if set {
                keys.push((name, at));
            }
        };
        add("official_languages", self.official_languages.is_some(), span(&self.official_languages));
        add("institutions", self.institutions.is_some(), first(&self.institutions));
        add("facts", self.facts.is_some(), span(&self.facts));
        add("kind", self.kind.is_some(), span(&self.kind));
        add("sector", self.sector.is_some(), span(&self.sector));
        add("website", self.website.is_some(), span(&self.website));
        add("phone", self.phone.is_some(), span(&self.phone));
        add("contact", self.contact.is_some(), None);
        add("organisations", self.organisations.is_some(), first(&self.organisations));
        add("medical", self.medical.is_some(), span(&self.medical));
        add("concept", self.concept.is_some(), span(&self.concept));
        add("education", self.education.is_some(), None);
        add("start", self.start.is_some(), None);
        add("decides", self.decides.is_some(), span(&self.decides));
        add("steps", self.steps.is_some(), span(&self.steps));
        add("sender", self.sender.is_some(), span(&self.sender));
        add("recipients", self.recipients.is_some(), first(&self.recipients));
        add("respond_within_days", self.respond_within_days.is_some(), span(&self.respond_within_days));
        add("objection", self.objection.is_some(), span(&self.objection));
        add("appeal", self.appeal.is_some(), span(&self.appeal));
        add("recognise", self.recognise.is_some(), None);
        keys
    }

    /// The facts of this front matter that a translation must not contradict, by key.
    /// Text keys (title, summary, contact, …) are left out: translations change them.
    pub fn facts(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("valid_from", show_spanned(&self.valid_from)),
            ("valid_until", show_spanned(&self.valid_until)),
            ("sources", self.sources.as_ref().map(|s| format!("{:?}", comparable_sources(s.get_ref())))),
            ("official_languages", show_spanned(&self.official_languages)),
            ("institutions", show_list(&self.institutions)),
            ("facts", self.facts.as_ref().map(|f| format!("{:?}", comparable_facts(f.get_ref())))),
            ("kind", show_spanned(&self.kind)),
            ("sector", show_spanned(&self.sector)),
            ("website", show_spanned(&self.website)),
            ("phone", show_spanned(&self.phone)),
            ("organisations", show_list(&self.organisations)),
            ("medical", show_spanned(&self.medical)),
            ("concept", show_spanned(&self.concept)),
            ("decides", show_spanned(&self.decides)),
            ("sender", show_spanned(&self.sender)),
            ("recipients", show_list(&self.recipients)),
            ("respond_within_days", show_spanned(&self.respond_within_days)),
        ]
        .into_iter()
        .chain(Remedy::facts(
            &self.objection,
            [
                "objection.name",
                "objection.to",
                "objection.within_days",
                "objection.within_weeks",
                "objection.within_months",
                "objection.counted_from",
            ],
        ))
        .chain(Remedy::facts(
            &self.appeal,
            [
                "appeal.name",
                "appeal.to",
                "appeal.within_days",
                "appeal.within_weeks",
                "appeal.within_months",
                "appeal.counted_from",
            ],
        ))
        .collect()
    }

    /// The span of a fact key's value, to point at it in a contradiction.
    pub fn fact_span(&self, key: &str) -> Option<std::ops::Range<usize>> {
        // A remedy's fact points at its table.
        let key = key.split_once('.').map_or(key, |(table, _)| table);
        self.present_keys()
            .into_iter()
            .chain([
                ("valid_from", self.valid_from.as_ref().map(Spanned::span)),
                ("valid_until", self.valid_until.as_ref().map(Spanned::span)),
                ("sources", self.sources.as_ref().map(Spanned::span)),
            ])
            .find(|(name, _)| *name == key)
            .and_then(|(_, span)| span)
    }
}

/// A source's title, publisher, year, address and id: what it says, without where.
type ComparableSource<'a> = (&'a str, &'a str, Option<i32>, Option<&'a str>, Option<&'a str>);

/// Sources without the positions of their addresses in the file.
fn comparable_sources(sources: &[Source]) -> Vec<ComparableSource<'_>> {
    sources.iter().map(|s| (s.title.as_str(), s.publisher.as_str(), s.year, s.url(), s.id.as_deref())).collect()
}

fn comparable_facts(facts: &BTreeMap<String, ComparisonValue>) -> Vec<(&String, &toml::Value, Option<&String>)> {
    facts.iter().map(|(id, v)| (id, v.value.get_ref(), v.source.as_ref().map(Spanned::get_ref))).collect()
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
    fn sources_written_at_another_place_in_a_translation_are_the_same_fact() {
        let source = "[[sources]]\ntitle = \"T\"\npublisher = \"P\"\nurl = \"https://example.org/\"\n";
        let original: FrontMatter = toml::from_str(&format!("title = \"A\"\n{source}")).unwrap();
        let translation: FrontMatter =
            toml::from_str(&format!("title = \"Een\"\nsummary = \"Langer\"\n{source}")).unwrap();
        assert!(contradicted_keys(&original.facts(), &translation.facts()).is_empty());
        let moved: FrontMatter = toml::from_str(&source.replace("example.org", "example.net")).unwrap();
        assert_eq!(contradicted_keys(&original.facts(), &moved.facts()), ["sources"]);
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

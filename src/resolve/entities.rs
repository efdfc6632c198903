//! One page's facts, from its original's front matter: every reference looked up (with
//! a "did you mean"), every choice, date, week and time limit checked, and the result
//! typed ([`Facts`]). A page's facts depend only on its own files and on which pages
//! exist, so a page can be made again alone after a save; the rules that look into
//! another page's facts are in `facts.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;
use toml::value::Datetime;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::facts::{
    CountedFrom, Country, Deadline, LetterKind, Milestone, Organisation, OrganisationKind, Period, PeriodUnit,
    Procedure, RESPOND_DAYS, Remedy, Role, Sector, Stated, StatedValue, Step, WEEK_RANGE,
};
use crate::model::{
    ComparisonKind, Facts, FrontMatter, LoadedFile, PageKey, PageKind, Party, RemedyFrontMatter, Site, SiteConfig,
    Source, StepFrontMatter,
};

/// The pages that exist, to look references up in.
pub struct Existing<'a> {
    pub pages: ExistingPages<'a>,
    pub config: &'a SiteConfig,
}

/// Which pages exist: while the site is made, the keys of the files in the default
/// language; once it is made, its pages.
pub enum ExistingPages<'a> {
    Originals(&'a BTreeSet<PageKey>),
    Site(&'a Site),
}

impl Existing<'_> {
    /// The party named `id` from a page in `country`: `you`, a role or organisation of
    /// that country (roles first), or of another one when written `cc/id`.
    pub fn party(&self, country: Option<&str>, id: &str) -> Option<Party> {
        if id == "you" {
            return Some(Party::You);
        }
        let (country, id) = match id.split_once('/') {
            Some((other, id)) => (Some(other), id),
            None => (country, id),
        };
        [PageKind::Role, PageKind::Organisation].into_iter().find_map(|kind| {
            let key = PageKey { kind, country: country.map(str::to_string), id: id.to_string() };
            self.contains(&key).then_some(Party::Page(key))
        })
    }

    pub fn contains(&self, key: &PageKey) -> bool {
        match self.pages {
            ExistingPages::Originals(keys) => keys.contains(key),
            ExistingPages::Site(site) => site.position(key).is_some(),
        }
    }

    fn ids_of(&self, kind: PageKind, country: Option<&str>) -> Vec<String> {
        let of = |key: &&PageKey| key.kind == kind && key.country.as_deref() == country;
        match self.pages {
            ExistingPages::Originals(keys) => keys.iter().filter(of).map(|key| key.id.clone()).collect(),
            ExistingPages::Site(site) => {
                site.pages.iter().map(|page| &page.key).filter(of).map(|key| key.id.clone()).collect()
            }
        }
    }
}

/// The facts every page has, and those of its kind.
pub struct PageFacts {
    pub valid_from: Option<jiff::civil::Date>,
    pub valid_until: Option<jiff::civil::Date>,
    pub sources: Vec<Source>,
    pub concept: Option<PageKey>,
    pub facts: Facts,
}

/// The facts of the page whose original is `original`, with every problem reported.
pub fn page_facts(existing: &Existing, original: &LoadedFile, diagnostics: &mut Diagnostics) -> PageFacts {
    let mut page = PageChecker { existing, original, diagnostics };
    page.facts()
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

struct PageChecker<'a, 'd> {
    existing: &'a Existing<'a>,
    original: &'a LoadedFile,
    diagnostics: &'d mut Diagnostics,
}

impl PageChecker<'_, '_> {
    fn key(&self) -> &PageKey {
        &self.original.key
    }

    fn country(&self) -> Option<&str> {
        self.original.key.country.as_deref()
    }

    /// Reports a problem at `span` of the front matter (`0..0`: its start).
    fn error(&mut self, span: Range<usize>, code: Code, message: impl Into<String>, help: impl Into<String>) {
        let span = self.original.front_matter_span(span);
        self.diagnostics.push(Diagnostic::new(code, message).at_span(&self.original.file, span).help(help));
    }

    fn facts(&mut self) -> PageFacts {
        let original = self.original;
        let fm = &original.front_matter;
        let (valid_from, valid_until) = self.validity(fm);
        for url in fm.sources.iter().flat_map(|s| s.get_ref()).filter_map(|s| s.url.as_ref()) {
            self.require_web_address(url.get_ref(), url.span(), "source address");
        }
        let kind = self.key().kind;
        let sources: Vec<Source> = fm.sources.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default();
        if matches!(kind, PageKind::Procedure | PageKind::Letter) && sources.is_empty() {
            self.error(
                0..0,
                Code::MissingSources,
                format!("this {} page has no sources", kind.name()),
                "add at least one [[sources]] with title, publisher and year: readers and professionals must be able to check every fact",
            );
        }
        let concept = fm.concept.as_ref().and_then(|concept| self.concept(concept));
        let facts = match kind {
            PageKind::Country => Facts::Country(self.country_facts(fm)),
            PageKind::Organisation => Facts::Organisation(self.organisation(fm)),
            PageKind::Role => Facts::Role(Role {
                organisations: fm.organisations.iter().flatten().filter_map(|o| self.organisation_ref(o)).collect(),
                medical: fm.medical.as_ref().map(|m| *m.get_ref()),
            }),
            PageKind::Procedure => Facts::Procedure(self.procedure(fm)),
            PageKind::Letter => Facts::Letter(Box::new(self.letter(fm))),
            PageKind::CrossBorder => Facts::CrossBorder,
            PageKind::Glossary => Facts::Glossary,
            PageKind::Home => Facts::Home,
            PageKind::Page => Facts::Page,
        };
        PageFacts { valid_from, valid_until, sources, concept, facts }
    }

    /// `valid_from` and `valid_until`, calendar dates, the first not after the second.
    fn validity(&mut self, fm: &FrontMatter) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
        let mut date = |value: Option<&Spanned<Datetime>>| {
            let value = value?;
            let date = civil_date(value.get_ref());
            if date.is_none() {
                self.error(
                    value.span(),
                    Code::BadDate,
                    "this is not a calendar date",
                    "write a date without time, like 2026-07-01",
                );
            }
            date.map(|d| (d, value.span()))
        };
        let from = date(fm.valid_from.as_deref());
        let until = date(fm.valid_until.as_deref());
        if let (Some((from, _)), Some((until, span))) = (&from, &until)
            && until < from
        {
            self.error(
                span.clone(),
                Code::ValidityReversed,
                format!("valid_until ({until}) is before valid_from ({from})"),
                "swap the two dates, or correct the one that is wrong",
            );
        }
        (from.map(|(d, _)| d), until.map(|(d, _)| d))
    }

    /// A reference that names nothing: an error with the closest known name.
    fn unknown(&mut self, value: &Spanned<String>, what: &str, known: &[String], where_: &str) {
        let help = match did_you_mean(value.get_ref(), known.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`? {where_}"),
            None => where_.to_string(),
        };
        self.error(value.span(), Code::UnknownReference, format!("there is no {what} `{}`", value.get_ref()), help);
    }

    fn concept(&mut self, concept: &Spanned<String>) -> Option<PageKey> {
        let glossary = PageKey { kind: PageKind::Glossary, country: None, id: concept.get_ref().clone() };
        if self.existing.contains(&glossary) {
            return Some(glossary);
        }
        let known = self.existing.ids_of(PageKind::Glossary, None);
        self.unknown(concept, "glossary concept", &known, "concepts are the files in content/glossary/");
        None
    }

    /// A role, an organisation or the reader, or an error.
    fn party_ref(&mut self, value: &Spanned<String>) -> Option<Party> {
        if let Some(found) = self.existing.party(self.country(), value.get_ref()) {
            return Some(found);
        }
        let mut known = self.existing.ids_of(PageKind::Role, self.country());
        known.extend(self.existing.ids_of(PageKind::Organisation, self.country()));
        known.push("you".into());
        let country = self.country().unwrap_or("");
        self.unknown(
            value,
            "role or organisation",
            &known,
            &format!("roles live in content/{country}/roles/ and organisations in content/{country}/organisations/; `you` is the reader"),
        );
        None
    }

    fn organisation_ref(&mut self, value: &Spanned<String>) -> Option<PageKey> {
        match self.existing.party(self.country(), value.get_ref()) {
            Some(Party::Page(key)) if key.kind == PageKind::Organisation => Some(key),
            _ => {
                let known = self.existing.ids_of(PageKind::Organisation, self.country());
                let country = self.country().unwrap_or("");
                self.unknown(
                    value,
                    "organisation",
                    &known,
                    &format!("organisations live in content/{country}/organisations/"),
                );
                None
            }
        }
    }

    /// Addresses readers follow must be web addresses: anything else (`javascript:`, a
    /// file path) is a mistake or an attack.
    fn require_web_address(&mut self, url: &str, span: Range<usize>, what: &str) {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.chars().any(char::is_control) {
            self.error(
                span,
                Code::BadUrl,
                format!("the {what} `{url}` is not a web address"),
                "write the full address, starting with https://",
            );
        }
    }

    /// One of `names`, read by `choice`: a missing one is reported when `required`.
    fn choice<T>(
        &mut self,
        value: Option<&Spanned<String>>,
        key: &str,
        names: &[&str],
        required: bool,
        choice: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let Some(value) = value else {
            if required {
                self.error(
                    0..0,
                    Code::MissingFact,
                    format!("this {} page has no `{key}`", self.key().kind.name()),
                    format!("add `{key} = \"…\"`, one of: {}", names.join(", ")),
                );
            }
            return None;
        };
        let found = choice(value.get_ref());
        if found.is_none() {
            let help = match did_you_mean(value.get_ref(), names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("use one of: {}", names.join(", ")),
            };
            self.error(value.span(), Code::BadChoice, format!("`{}` is not a known {key}", value.get_ref()), help);
        }
        found
    }

    fn country_facts(&mut self, fm: &FrontMatter) -> Country {
        let institutions = fm.institutions.iter().flatten().filter_map(|i| self.organisation_ref(i)).collect();
        let mut comparison = BTreeMap::new();
        let source_ids: BTreeSet<&str> =
            fm.sources.iter().flat_map(|s| s.get_ref().iter()).filter_map(|s| s.id.as_deref()).collect();
        let table_span = fm.facts.as_ref().map_or(0..0, |f| f.span());
        for (id, stated) in fm.facts.iter().flat_map(|f| f.get_ref()) {
            // Where the fact is written: its value, else its text, else the table.
            let span = match (&stated.value, &stated.text) {
                (Some(value), _) => value.span(),
                (None, Some(text)) => text.span(),
                (None, None) => table_span.clone(),
            };
            let Some(declared) = self.existing.config.comparison.get(id) else {
                let known: Vec<&str> = self.existing.config.comparison.keys().map(String::as_str).collect();
                let help = match did_you_mean(id, known) {
                    Some(close) => format!(
                        "did you mean `{close}`? Comparison facts are declared in site.toml under [comparison.<id>]"
                    ),
                    None => {
                        "declare it in site.toml under [comparison.<id>] with a kind and a label per language".into()
                    }
                };
                self.error(
                    span,
                    Code::UnknownComparisonFact,
                    format!("`{id}` is not a comparison fact of this site"),
                    help,
                );
                continue;
            };
            let Some(written) = &stated.value else {
                self.error(
                    span,
                    Code::MissingFact,
                    format!("`facts.{id}` has no `value`"),
                    "the original states the answer as `value`; translations inherit it",
                );
                continue;
            };
            let value = match (declared.kind, written.get_ref()) {
                (_, toml::Value::String(s)) if s == "unknown" => Some(StatedValue::Unknown),
                (ComparisonKind::Tri | ComparisonKind::Text, toml::Value::String(s)) if s == "yes" => {
                    Some(StatedValue::Yes)
                }
                (ComparisonKind::Tri | ComparisonKind::Text, toml::Value::String(s)) if s == "no" => {
                    Some(StatedValue::No)
                }
                (ComparisonKind::Text, toml::Value::String(s)) => Some(StatedValue::Text(s.clone())),
                (ComparisonKind::Number, toml::Value::Integer(n)) => Some(StatedValue::Integer(*n)),
                // `nan` and `inf` are TOML floats, but no fact about a country.
                (ComparisonKind::Number, toml::Value::Float(x)) if x.is_finite() => Some(StatedValue::Float(*x)),
                _ => None,
            };
            if value.is_none() {
                let expected = match declared.kind {
                    ComparisonKind::Tri => "\"yes\", \"no\" or \"unknown\"",
                    ComparisonKind::Number => "a finite number or \"unknown\"",
                    ComparisonKind::Text => "a short text",
                };
                self.error(
                    written.span(),
                    Code::BadComparisonValue,
                    format!("`{id}` takes {expected}"),
                    format!("write {expected}"),
                );
            }
            if let Some(source) = &stated.source
                && !source_ids.contains(source.get_ref().as_str())
            {
                let known: Vec<String> = source_ids.iter().map(|s| s.to_string()).collect();
                self.unknown(source, "source", &known, "a fact cites a source of this page by its `id`");
            }
            if let Some(value) = value {
                comparison
                    .insert(id.clone(), Stated { value, source: stated.source.as_ref().map(|s| s.get_ref().clone()) });
            }
        }
        let official_languages = fm.official_languages.as_ref().map(|l| l.get_ref().clone()).unwrap_or_default();
        Country { official_languages, institutions, comparison }
    }

    fn organisation(&mut self, fm: &FrontMatter) -> Organisation {
        let kind = self.choice(fm.kind.as_deref(), "kind", OrganisationKind::NAMES, true, OrganisationKind::from_name);
        let sector = self.choice(fm.sector.as_deref(), "sector", Sector::NAMES, true, Sector::from_name);
        if let Some(website) = &fm.website {
            self.require_web_address(website.get_ref(), website.span(), "website");
        }
        Organisation {
            kind,
            sector,
            website: fm.website.as_ref().map(|w| w.get_ref().clone()),
            phone: fm.phone.as_ref().map(|p| p.get_ref().clone()),
        }
    }

    fn letter(&mut self, fm: &FrontMatter) -> crate::model::facts::Letter {
        let sender = match &fm.sender {
            None => {
                self.error(
                    0..0,
                    Code::MissingFact,
                    "this letter has no `sender`",
                    "add `sender = \"…\"`: a role or organisation id, or `you`",
                );
                None
            }
            Some(sender) => self.party_ref(sender),
        };
        if fm.recipients.as_ref().is_none_or(Vec::is_empty) {
            self.error(
                0..0,
                Code::MissingFact,
                "this letter has no `recipients`",
                "add `recipients = [\"…\"]`: role or organisation ids, or `you`",
            );
        }
        let recipients = fm.recipients.iter().flatten().filter_map(|r| self.party_ref(r)).collect();
        let decides = fm.decides.as_ref().and_then(|d| self.organisation_ref(d));
        if let Some(days) = &fm.respond_within_days
            && !RESPOND_DAYS.contains(days.get_ref())
        {
            self.error(
                days.span(),
                Code::OutOfRange,
                format!(
                    "`respond_within_days = {}` is outside the days a letter can give ({}..={})",
                    days.get_ref(),
                    RESPOND_DAYS.start(),
                    RESPOND_DAYS.end()
                ),
                "write the number of days the letter gives, as printed on it",
            );
        }
        let (kind, objection, appeal) = self.letter_kind(fm);
        crate::model::facts::Letter {
            kind,
            sender,
            recipients,
            decides,
            respond_within_days: fm.respond_within_days.as_ref().map(|d| *d.get_ref()),
            objection,
            appeal,
        }
    }

    /// A letter's kind agrees with its sender (`sent-by-you` is the reader's own) and with
    /// its remedies: a decision says how to contest it, nothing else claims it can be.
    fn letter_kind(&mut self, fm: &FrontMatter) -> (Option<LetterKind>, Option<Remedy>, Option<Remedy>) {
        let Some(kind) = self.choice(fm.kind.as_deref(), "kind", LetterKind::NAMES, true, LetterKind::from_name) else {
            return (None, None, None);
        };
        let kind_span = fm.kind.as_deref().map_or(0..0, Spanned::span);
        let from_reader = fm.sender.as_ref().is_some_and(|s| s.get_ref() == "you");
        if from_reader != (kind == LetterKind::SentByYou) {
            let (message, help) = if from_reader {
                ("the reader sends this letter, so its kind is `sent-by-you`", "write `kind = \"sent-by-you\"`")
            } else {
                (
                    "`sent-by-you` is for letters the reader sends",
                    "set `sender = \"you\"`, or choose the kind of letter the sender writes",
                )
            };
            self.error(kind_span.clone(), Code::LetterKind, message, help);
        }
        if kind != LetterKind::Decision {
            for remedy in [&fm.objection, &fm.appeal].into_iter().flatten() {
                self.error(
                    remedy.span(),
                    Code::LetterKind,
                    format!("only a decision can be contested, and this letter's kind is `{}`", kind.name()),
                    "set `kind = \"decision\"` if the letter decides something, or explain what the reader can do in the body's `{#disagree}` section",
                );
            }
            return (Some(kind), None, None);
        }
        let Some(objection) = &fm.objection else {
            self.error(
                kind_span,
                Code::MissingFact,
                "this decision letter does not say how to contest it",
                "add an `[objection]` table: `name` (the term on the letter), `to`, `within_weeks` (or `within_days`, `within_months`) and `how`",
            );
            return (Some(kind), None, None);
        };
        let objection = self.remedy(objection, "objection");
        let appeal = fm.appeal.as_ref().and_then(|appeal| self.remedy(appeal, "appeal"));
        (Some(kind), objection, appeal)
    }

    /// An `[objection]` or `[appeal]`: who receives it, what it is called and how long
    /// the reader has.
    fn remedy(&mut self, remedy: &Spanned<RemedyFrontMatter>, table: &str) -> Option<Remedy> {
        let written = remedy.get_ref();
        let to = match &written.to {
            Some(to) => self.party_ref(to),
            None => {
                self.error(
                    remedy.span(),
                    Code::MissingFact,
                    format!("`[{table}]` does not say who receives it"),
                    "add `to = \"…\"`: the role or organisation (a court, a committee, the sender) that handles it",
                );
                None
            }
        };
        if written.name.is_none() {
            self.error(
                remedy.span(),
                Code::MissingFact,
                format!("`[{table}]` has no `name`"),
                "add `name = \"…\"`: the official word the reader meets on the letter, like `bezwaar` or `Widerspruch`",
            );
        }
        let period = self.period(
            remedy.span(),
            [&written.within_days, &written.within_weeks, &written.within_months],
            &written.counted_from,
            &format!("`[{table}]`"),
        );
        Some(Remedy { name: written.name.as_ref()?.get_ref().clone(), to: to?, period: period? })
    }

    /// A time limit counted from a letter: exactly one of days, weeks or months, within
    /// ten years, counted from the letter's date or its receipt.
    fn period(
        &mut self,
        table: Range<usize>,
        amounts: [&Option<Spanned<i64>>; 3],
        counted_from: &Option<Spanned<String>>,
        what: &str,
    ) -> Option<Period> {
        let mut given: Vec<(PeriodUnit, &Spanned<i64>)> =
            PeriodUnit::ALL.iter().zip(amounts).filter_map(|(unit, value)| Some((*unit, value.as_ref()?))).collect();
        // In the order written, so a second unit is reported where it stands.
        given.sort_by_key(|(_, value)| value.span().start);
        let mut valid = given.len() == 1;
        if !valid {
            self.error(
                given.get(1).map_or(table, |(_, v)| v.span()),
                Code::BadDeadline,
                format!(
                    "{what} needs exactly one of `within_days`, `within_weeks` or `within_months` (it has {})",
                    given.len()
                ),
                "write the time limit as the deciding body states it, for example `within_weeks = 6`",
            );
        }
        for (unit, value) in &given {
            let (key, longest) = unit.key_and_longest();
            if !(1..=longest).contains(value.get_ref()) {
                valid = false;
                self.error(
                    value.span(),
                    Code::BadDeadline,
                    format!("`{key} = {}` is not a time limit a reader can have", value.get_ref()),
                    format!("use a number from 1 to {longest}"),
                );
            }
        }
        let counted_from = match counted_from {
            Some(from) => self.choice(Some(from), "counted_from", CountedFrom::NAMES, false, CountedFrom::from_name)?,
            None => CountedFrom::LetterDate,
        };
        let (unit, amount) = given.first().filter(|_| valid)?;
        Some(Period { amount: *amount.get_ref(), unit: *unit, counted_from })
    }

    fn procedure(&mut self, fm: &FrontMatter) -> Procedure {
        let decides = fm.decides.as_ref().and_then(|d| self.organisation_ref(d));
        let Some(steps) = &fm.steps else {
            self.error(
                0..0,
                Code::MissingFact,
                "this procedure has no steps",
                "add the steps as [[steps]] tables with id, title, week and actor",
            );
            return Procedure { decides, steps: Vec::new() };
        };
        let steps = steps.get_ref();
        let mut seen = BTreeSet::new();
        let weeks = step_weeks(steps);
        let mut typed = Vec::with_capacity(steps.len());
        for (index, step) in steps.iter().enumerate() {
            if !seen.insert(step.id.get_ref().as_str()) {
                self.error(
                    step.id.span(),
                    Code::DuplicateStep,
                    format!("the step id `{}` is used twice", step.id.get_ref()),
                    "give every step its own id",
                );
            }
            if !crate::model::is_safe_segment(step.id.get_ref()) {
                self.error(
                    step.id.span(),
                    Code::BadStepId,
                    format!("`{}` cannot be an anchor", step.id.get_ref()),
                    "use lower-case letters, digits and `-`",
                );
            }
            typed.push(self.step(steps, &weeks, index, step));
        }
        self.check_step_order(steps, &weeks);
        Procedure { decides, steps: typed }
    }

    fn step(
        &mut self,
        steps: &[StepFrontMatter],
        weeks: &[Option<(i64, i64)>],
        index: usize,
        step: &StepFrontMatter,
    ) -> Step {
        let timings =
            usize::from(step.week.is_some()) + usize::from(step.weeks.is_some()) + usize::from(step.after.is_some());
        if timings != 1 {
            self.error(
                step.id.span(),
                Code::StepTiming,
                format!(
                    "step `{}` needs exactly one of `week`, `weeks` or `after` (it has {timings})",
                    step.id.get_ref()
                ),
                "use `week = 6`, `weeks = [8, 10]` or `after = \"other-step\"`",
            );
        }
        let weeks_written = step
            .week
            .iter()
            .chain(step.deadline_week.iter())
            .map(|w| (*w.get_ref(), w.span()))
            .chain(step.weeks.iter().flat_map(|r| r.get_ref().iter().map(move |w| (*w, r.span()))));
        for (week, span) in weeks_written {
            if !WEEK_RANGE.contains(&week) {
                self.error(
                    span,
                    Code::StepTiming,
                    format!(
                        "week {week} is outside the weeks a step can have ({}..={})",
                        WEEK_RANGE.start(),
                        WEEK_RANGE.end()
                    ),
                    "weeks count from the start event; check the number",
                );
            }
        }
        if let Some(range) = &step.weeks
            && range.get_ref()[1] < range.get_ref()[0]
        {
            self.error(
                range.span(),
                Code::StepTiming,
                format!("the range {:?} ends before it starts", range.get_ref()),
                "write the earlier week first",
            );
        }
        let step_ids: Vec<String> = steps.iter().map(|s| s.id.get_ref().clone()).collect();
        let mut index_of = |target: &Spanned<String>| {
            let found = step_ids.iter().position(|id| id == target.get_ref()).filter(|&i| i != index);
            if found.is_none() {
                self.unknown(target, "step", &step_ids, "`after` and `next` name other steps of this procedure by id");
            }
            found
        };
        let after = step.after.as_ref().and_then(&mut index_of);
        let next = step.next.as_ref().map(|next| next.iter().filter_map(&mut index_of).collect());
        let milestone = step.milestone.as_ref().and_then(|milestone| {
            let found = Milestone::from_name(milestone.get_ref());
            if found.is_none() {
                let known: Vec<String> = Milestone::NAMES.iter().map(|m| m.to_string()).collect();
                self.unknown(
                    milestone,
                    "milestone",
                    &known,
                    &format!("milestones are: {}", Milestone::NAMES.join(", ")),
                );
            }
            found
        });
        let actor = match &step.actor {
            None => {
                self.error(
                    step.id.span(),
                    Code::MissingFact,
                    format!("step `{}` has no `actor`", step.id.get_ref()),
                    "add `actor = \"…\"`: who acts in this step (a role or organisation id, or `you`)",
                );
                None
            }
            Some(actor) => self.party_ref(actor),
        };
        let to = step.to.iter().flatten().filter_map(|t| self.party_ref(t)).collect();
        let letter = step.letter.as_ref().and_then(|letter| {
            let key =
                PageKey { kind: PageKind::Letter, country: self.key().country.clone(), id: letter.get_ref().clone() };
            if self.existing.contains(&key) {
                return Some(key);
            }
            let known = self.existing.ids_of(PageKind::Letter, self.country());
            let country = self.country().unwrap_or("").to_string();
            self.unknown(letter, "letter", &known, &format!("letters live in content/{country}/letters/"));
            None
        });
        let from_letter =
            step.deadline_from_letter.as_ref().and_then(|d| self.deadline_from_letter(steps, index, step, d));
        if let Some(deadline) = &step.deadline_week
            && *deadline.get_ref() < 1
        {
            self.error(
                deadline.span(),
                Code::BadDeadline,
                format!(
                    "`deadline_week = {}` ends before the first day: it is the number of weeks from the start \
                     within which the step must be done",
                    deadline.get_ref()
                ),
                "say a deadline within the first week (the first day, within 2 days) in words in `deadline`, \
                 and remove `deadline_week`",
            );
        }
        if let (Some(deadline), Some(Some((start, _)))) = (&step.deadline_week, weeks.get(index))
            && *deadline.get_ref() < *start
        {
            self.error(
                deadline.span(),
                Code::StepTiming,
                format!("the deadline (week {}) is before the step starts (week {start})", deadline.get_ref()),
                "a deadline comes at or after the step's week",
            );
        }
        let deadline = from_letter.or_else(|| step.deadline_week.as_ref().map(|w| Deadline::Week(*w.get_ref())));
        Step {
            id: step.id.get_ref().clone(),
            weeks: weeks.get(index).copied().flatten(),
            after,
            actor,
            letter,
            to,
            deadline,
            next,
            milestone,
        }
    }

    /// A deadline counted from the letter of an earlier step that sends one; a step has
    /// one deadline, counted from the start or from a letter.
    fn deadline_from_letter(
        &mut self,
        steps: &[StepFrontMatter],
        index: usize,
        step: &StepFrontMatter,
        from_letter: &Spanned<crate::model::LetterDeadline>,
    ) -> Option<Deadline> {
        let deadline = from_letter.get_ref();
        if let Some(week) = &step.deadline_week {
            self.error(
                week.span(),
                Code::StepTiming,
                format!("step `{}` has two deadlines: `deadline_week` and `deadline_from_letter`", step.id.get_ref()),
                "keep the one the deciding body states: a week counted from the start, or a time counted from a letter",
            );
        }
        let earlier: Vec<String> = steps[..index].iter().map(|s| s.id.get_ref().clone()).collect();
        let sending = steps[..index].iter().position(|s| s.id.get_ref() == deadline.step.get_ref());
        match sending.map(|at| &steps[at]) {
            None => self.unknown(
                &deadline.step,
                "earlier step",
                &earlier,
                "`deadline_from_letter.step` names a step before this one whose letter the time runs from",
            ),
            Some(sending) if sending.letter.is_none() => self.error(
                deadline.step.span(),
                Code::BadDeadline,
                format!("step `{}` sends no letter, so no deadline can run from its letter", sending.id.get_ref()),
                format!("give step `{}` a `letter`, or name the step that sends the letter", sending.id.get_ref()),
            ),
            Some(_) => {}
        }
        let period = self.period(
            from_letter.span(),
            [&deadline.within_days, &deadline.within_weeks, &deadline.within_months],
            &deadline.counted_from,
            "`deadline_from_letter`",
        );
        Some(Deadline::FromLetter { step: sending?, period: period? })
    }

    /// No step may come before a step that leads to it, and `next` may not go round in a circle.
    fn check_step_order(&mut self, steps: &[StepFrontMatter], weeks: &[Option<(i64, i64)>]) {
        for (from, step) in steps.iter().enumerate() {
            for to in next_steps(steps, from) {
                if let (Some((start_from, _)), Some((start_to, _))) = (weeks[from], weeks[to])
                    && start_to < start_from
                    && step.next.is_some()
                {
                    let target = &steps[to];
                    self.error(
                        timing_span(target),
                        Code::StepTiming,
                        format!(
                            "step `{}` (week {start_to}) follows `{}` (week {start_from}) but starts earlier",
                            target.id.get_ref(),
                            step.id.get_ref()
                        ),
                        "check the weeks, or the `next` list of the earlier step",
                    );
                }
            }
            if from + 1 < steps.len()
                && step.next.is_none()
                && let (Some((a, _)), Some((b, _))) = (weeks[from], weeks[from + 1])
                && b < a
            {
                let target = &steps[from + 1];
                self.error(
                    timing_span(target),
                    Code::StepTiming,
                    format!(
                        "step `{}` (week {b}) comes after `{}` (week {a}) in the list but starts earlier",
                        target.id.get_ref(),
                        step.id.get_ref()
                    ),
                    "order the steps by time, or give the earlier step a `next` list",
                );
            }
        }
        if let Some(cycle_at) = find_after_cycle(steps) {
            let step = &steps[cycle_at];
            self.error(
                step.after.as_ref().map_or_else(|| step.id.span(), Spanned::span),
                Code::StepCycle,
                format!(
                    "the steps' `after` go round in a circle through `{}`, so none of them has a week",
                    step.id.get_ref()
                ),
                "a step comes after an earlier one: give one step of the circle a `week` instead of `after`",
            );
        }
        if let Some(cycle_at) = find_cycle(steps) {
            let step = &steps[cycle_at];
            self.error(
                step.id.span(),
                Code::StepCycle,
                format!("the steps go round in a circle through `{}`", step.id.get_ref()),
                "a procedure moves forward: remove the `next` entry that leads back",
            );
        }
    }
}

/// Where a step's timing is written, to point at it; its id when it has none.
fn timing_span(step: &StepFrontMatter) -> Range<usize> {
    step.week
        .as_ref()
        .map(Spanned::span)
        .or_else(|| step.weeks.as_ref().map(Spanned::span))
        .or_else(|| step.after.as_ref().map(Spanned::span))
        .unwrap_or_else(|| step.id.span())
}

/// The week each step starts and ends in: `week = 6` is (6, 6), `weeks = [8, 10]` is
/// (8, 10), `after = "x"` takes the end of step `x`. `None` where it cannot be known
/// (an unknown or circular `after`, or no timing at all).
fn step_weeks(steps: &[StepFrontMatter]) -> Vec<Option<(i64, i64)>> {
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

/// The steps that can follow step `index` as written: its `next` ids, or else the next
/// step in the list. Unknown ids are left out (they are reported).
fn next_steps(steps: &[StepFrontMatter], index: usize) -> Vec<usize> {
    match steps.get(index).and_then(|s| s.next.as_ref()) {
        Some(next) => next.iter().filter_map(|id| steps.iter().position(|s| s.id.get_ref() == id.get_ref())).collect(),
        None if index + 1 < steps.len() => vec![index + 1],
        None => Vec::new(),
    }
}

/// The first step (in list order) on a cycle of `after` references, if any. Each step
/// has at most one `after`, so each walk from a step either ends, meets a walk already
/// done, or comes round: every step is walked once.
fn find_after_cycle(steps: &[StepFrontMatter]) -> Option<usize> {
    let position: std::collections::HashMap<&str, usize> =
        steps.iter().enumerate().map(|(i, s)| (s.id.get_ref().as_str(), i)).collect();
    // A step after itself is reported as naming no other step.
    let after = |i: usize| {
        let target = steps[i].after.as_ref().and_then(|a| position.get(a.get_ref().as_str()).copied());
        target.filter(|&j| j != i)
    };
    // 0 = not walked, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; steps.len()];
    let mut first_on_cycle: Option<usize> = None;
    for start in 0..steps.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| state[i] == 0) {
            state[i] = 1;
            walk.push(i);
            at = after(i);
        }
        if let Some(met) = at.filter(|&i| state[i] == 1) {
            let cycle = walk.iter().skip_while(|&&i| i != met).copied();
            first_on_cycle = first_on_cycle.into_iter().chain(cycle).min();
        }
        for i in walk {
            state[i] = 2;
        }
    }
    first_on_cycle
}

/// The first step on a cycle of `next` edges, if any.
fn find_cycle(steps: &[StepFrontMatter]) -> Option<usize> {
    // 0 = not visited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; steps.len()];
    for start in 0..steps.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, next_steps(steps, start))];
        state[start] = 1;
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if state[next] == 1 => return Some(next),
                Some(next) if state[next] == 0 => {
                    state[next] = 1;
                    let edges = next_steps(steps, next);
                    stack.push((next, edges));
                }
                Some(_) => {}
                None => {
                    state[*node] = 2;
                    stack.pop();
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

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

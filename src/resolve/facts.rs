//! The facts pages state about each other: who acts in a step, who sends a letter, which
//! organisation decides, which concept a role realises. Every reference is checked here
//! (with a "did you mean"), the rules on steps and dates are enforced, and the back-links
//! every view needs are collected into [`Relations`].

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{
    ComparisonKind, Page, PageKey, PageKind, Party, Relations, Site, StepFrontMatter, StepRef, civil_date, next_steps,
    step_weeks,
};
use crate::source::SourceFile;

/// Organisation kinds a page may name.
pub const ORGANISATION_KINDS: &[&str] = &[
    "social-security",
    "employment-service",
    "municipality",
    "employer",
    "health-insurer",
    "pension-fund",
    "reintegration-company",
    "union-fund",
    "appeals-body",
    "government",
    "other",
];

/// What a letter can be. Only a decision can be contested, so only a decision has an
/// `[objection]`, and the notice on its page says so.
pub const LETTER_KINDS: &[&str] = &["decision", "invitation", "request", "information", "report", "sent-by-you"];

/// Where a time limit counted from a letter starts: the date printed on it, or the day
/// the reader received it (Polish and Finnish decisions count from receipt).
pub const COUNTED_FROM: &[&str] = &["letter-date", "receipt"];

/// The longest time limit counted from a letter, per unit: ten years. Longer ones are
/// typing mistakes, and would overflow date arithmetic.
const LONGEST_PERIOD: [(&str, i64); 3] = [("within_days", 3660), ("within_weeks", 520), ("within_months", 120)];

/// The weeks a step may be placed at: ten years before to a hundred years after the
/// start. Wider values are typing mistakes, and would overflow date arithmetic.
pub const WEEK_RANGE: std::ops::RangeInclusive<i64> = -520..=5200;

/// The days a letter may give to respond: at least one, at most ten years (as a remedy's
/// `within_days`, [`LONGEST_PERIOD`]).
pub const RESPOND_DAYS_RANGE: std::ops::RangeInclusive<i64> = 1..=3660;

/// Milestones used to line up procedures of different countries.
pub const MILESTONES: &[&str] =
    &["first-assessment", "plan", "plan-review", "long-term-decision", "end-of-wage-payment"];

/// The party named `id` from a page in `country`: `you`, a role or organisation of that
/// country, or of another one when written `cc/id`.
pub fn party(site: &Site, country: Option<&str>, id: &str) -> Option<Party> {
    if id == "you" {
        return Some(Party::You);
    }
    let (country, id) = match id.split_once('/') {
        Some((other, id)) => (Some(other), id),
        None => (country, id),
    };
    [PageKind::Role, PageKind::Organisation].into_iter().find_map(|kind| {
        let key = PageKey { kind, country: country.map(str::to_string), id: id.to_string() };
        site.page(&key).map(|_| Party::Page(key))
    })
}

/// Checks the facts of every page and returns the back-links.
pub fn check_facts(site: &Site, diagnostics: &mut Diagnostics) -> Relations {
    let mut checker = Checker { site, diagnostics, relations: Relations::default() };
    for page in &site.pages {
        checker.check_page(page);
    }
    checker.relations
}

struct Checker<'a> {
    site: &'a Site,
    diagnostics: &'a mut Diagnostics,
    relations: Relations,
}

/// Where a page's facts are: the original's file and its front-matter offset.
struct Facts<'p> {
    page: &'p Page,
    file: &'p Arc<SourceFile>,
    offset: usize,
}

impl Facts<'_> {
    fn span(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    fn country(&self) -> Option<&str> {
        self.page.key.country.as_deref()
    }
}

impl Checker<'_> {
    fn error(&mut self, facts: &Facts, span: Range<usize>, code: &'static str, message: String, help: String) {
        self.diagnostics.push(Diagnostic::error(code, message).at_span(facts.file, facts.span(span)).help(help));
    }

    fn check_page(&mut self, page: &Page) {
        let original = page.original();
        let facts = Facts { page, file: &original.file, offset: front_matter_offset(original) };
        let fm = &original.front_matter;
        self.check_dates(page);
        if let Some(sources) = &fm.sources {
            for url in sources.get_ref().iter().filter_map(|s| s.url.as_ref()) {
                self.require_web_address(&facts, url.get_ref(), url.span(), "source address");
            }
        }
        let needs_sources = matches!(page.key.kind, PageKind::Procedure | PageKind::Letter);
        let has_sources = fm.sources.as_ref().is_some_and(|s| !s.get_ref().is_empty());
        if needs_sources && !has_sources {
            self.error(
                &facts,
                0..0,
                "signpost::missing_sources",
                format!("this {} page has no sources", page.key.kind.name()),
                "add at least one [[sources]] with title, publisher and year: readers and professionals must be able to check every fact".into(),
            );
        }
        if let Some(concept) = &fm.concept {
            let glossary = PageKey { kind: PageKind::Glossary, country: None, id: concept.get_ref().clone() };
            if self.site.page(&glossary).is_some() {
                Relations::add(&mut self.relations.realisations_of_concept, concept.get_ref(), page.key.clone());
            } else {
                let known: Vec<String> = self
                    .site
                    .pages
                    .iter()
                    .filter(|p| p.key.kind == PageKind::Glossary)
                    .map(|p| p.key.id.clone())
                    .collect();
                self.unknown(
                    &facts,
                    concept,
                    "glossary concept",
                    &known,
                    "concepts are the files in content/glossary/",
                );
            }
        }
        match page.key.kind {
            PageKind::Country => self.check_country(&facts),
            PageKind::Organisation => self.check_organisation(&facts),
            PageKind::Role => self.check_role(&facts),
            PageKind::Procedure => self.check_procedure(&facts),
            PageKind::Letter => self.check_letter(&facts),
            PageKind::CrossBorder => {
                for country in page.key.id.split('-') {
                    Relations::add(&mut self.relations.cross_border_of_country, &country.to_string(), page.key.clone());
                }
            }
            PageKind::Home | PageKind::Page | PageKind::Glossary => {}
        }
    }

    /// `valid_until` after `valid_from`, and no translation reviewed in the future.
    fn check_dates(&mut self, page: &Page) {
        let original = page.original();
        let fm = &original.front_matter;
        let offset = front_matter_offset(original);
        let from = fm.valid_from.as_ref().map(|d| (civil_date(d.get_ref()), d.span()));
        let until = fm.valid_until.as_ref().map(|d| (civil_date(d.get_ref()), d.span()));
        for (date, span) in [&from, &until].into_iter().flatten() {
            if date.is_none() {
                self.diagnostics.push(
                    Diagnostic::error("signpost::bad_date", "this is not a calendar date")
                        .at_span(&original.file, span.start + offset..span.end + offset)
                        .help("write a date without time, like 2026-07-01"),
                );
            }
        }
        if let (Some((Some(from), _)), Some((Some(until), span))) = (&from, &until)
            && until < from
        {
            self.diagnostics.push(
                Diagnostic::error(
                    "signpost::validity_reversed",
                    format!("valid_until ({until}) is before valid_from ({from})"),
                )
                .at_span(&original.file, span.start + offset..span.end + offset)
                .help("swap the two dates, or correct the one that is wrong"),
            );
        }
        for translation in page.translations.values() {
            let Some(reviewed) = &translation.front_matter.reviewed else { continue };
            let offset = front_matter_offset(translation);
            let span = reviewed.span().start + offset..reviewed.span().end + offset;
            match civil_date(reviewed.get_ref()) {
                None => self.diagnostics.push(
                    Diagnostic::error("signpost::bad_date", "`reviewed` is not a calendar date")
                        .at_span(&translation.file, span)
                        .help("write the day the facts were checked, like 2026-11-01"),
                ),
                Some(date) if date > self.site.today => self.diagnostics.push(
                    Diagnostic::error("signpost::reviewed_in_future", format!("`reviewed` is {date}, after today ({})", self.site.today))
                        .at_span(&translation.file, span)
                        .help("a review date says when the facts were checked, so it cannot lie ahead: use the day you checked them"),
                ),
                Some(_) => {}
            }
        }
    }

    /// A reference that names nothing: an error with the closest known name.
    fn unknown(&mut self, facts: &Facts, value: &Spanned<String>, what: &str, known: &[String], where_: &str) {
        let help = match did_you_mean(value.get_ref(), known.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`? {where_}"),
            None => where_.to_string(),
        };
        self.error(
            facts,
            value.span(),
            "signpost::unknown_reference",
            format!("there is no {what} `{}`", value.get_ref()),
            help,
        );
    }

    /// Resolves a role/organisation reference or reports it.
    fn party_ref(&mut self, facts: &Facts, value: &Spanned<String>) -> Option<Party> {
        if let Some(found) = party(self.site, facts.country(), value.get_ref()) {
            return Some(found);
        }
        let country = facts.country().unwrap_or("");
        let known: Vec<String> = self
            .site
            .pages
            .iter()
            .filter(|p| {
                matches!(p.key.kind, PageKind::Role | PageKind::Organisation)
                    && p.key.country.as_deref() == facts.country()
            })
            .map(|p| p.key.id.clone())
            .chain(["you".to_string()])
            .collect();
        self.unknown(
            facts,
            value,
            "role or organisation",
            &known,
            &format!("roles live in content/{country}/roles/ and organisations in content/{country}/organisations/; `you` is the reader"),
        );
        None
    }

    fn organisation_ref(&mut self, facts: &Facts, value: &Spanned<String>) -> Option<PageKey> {
        match party(self.site, facts.country(), value.get_ref()) {
            Some(Party::Page(key)) if key.kind == PageKind::Organisation => Some(key),
            _ => {
                let known: Vec<String> = self.keys_of(PageKind::Organisation, facts.country());
                let country = facts.country().unwrap_or("");
                self.unknown(
                    facts,
                    value,
                    "organisation",
                    &known,
                    &format!("organisations live in content/{country}/organisations/"),
                );
                None
            }
        }
    }

    fn keys_of(&self, kind: PageKind, country: Option<&str>) -> Vec<String> {
        self.site
            .pages
            .iter()
            .filter(|p| p.key.kind == kind && p.key.country.as_deref() == country)
            .map(|p| p.key.id.clone())
            .collect()
    }

    fn check_country(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        for institution in fm.institutions.iter().flatten() {
            self.organisation_ref(facts, institution);
        }
        let Some(values) = &fm.facts else { return };
        let source_ids: BTreeSet<&str> =
            fm.sources.iter().flat_map(|s| s.get_ref().iter()).filter_map(|s| s.id.as_deref()).collect();
        for (id, value) in values.get_ref() {
            let Some(declared) = self.site.config.comparison.get(id) else {
                let known: Vec<String> = self.site.config.comparison.keys().cloned().collect();
                let help = match did_you_mean(id, known.iter().map(String::as_str)) {
                    Some(close) => format!(
                        "did you mean `{close}`? Comparison facts are declared in site.toml under [comparison.<id>]"
                    ),
                    None => {
                        "declare it in site.toml under [comparison.<id>] with a kind and a label per language".into()
                    }
                };
                self.error(
                    facts,
                    value.value.span(),
                    "signpost::unknown_comparison_fact",
                    format!("`{id}` is not a comparison fact of this site"),
                    help,
                );
                continue;
            };
            let fits = match (declared.kind, value.value.get_ref()) {
                (ComparisonKind::Tri, toml::Value::String(s)) => matches!(s.as_str(), "yes" | "no" | "unknown"),
                (ComparisonKind::Number, toml::Value::Integer(_)) => true,
                // `nan` and `inf` are TOML floats, but no fact about a country.
                (ComparisonKind::Number, toml::Value::Float(number)) => number.is_finite(),
                (ComparisonKind::Number, toml::Value::String(s)) => s == "unknown",
                (ComparisonKind::Text, toml::Value::String(_)) => true,
                _ => false,
            };
            if !fits {
                let expected = match declared.kind {
                    ComparisonKind::Tri => "\"yes\", \"no\" or \"unknown\"",
                    ComparisonKind::Number => "a finite number or \"unknown\"",
                    ComparisonKind::Text => "a short text",
                };
                self.error(
                    facts,
                    value.value.span(),
                    "signpost::bad_comparison_value",
                    format!("`{id}` takes {expected}"),
                    format!("write {expected}"),
                );
            }
            if let Some(source) = &value.source
                && !source_ids.contains(source.get_ref().as_str())
            {
                let known: Vec<String> = source_ids.iter().map(|s| s.to_string()).collect();
                self.unknown(facts, source, "source", &known, "a fact cites a source of this page by its `id`");
            }
        }
    }

    fn check_organisation(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        self.require_choice(facts, fm.kind.as_ref(), "kind", ORGANISATION_KINDS);
        self.require_choice(facts, fm.sector.as_ref(), "sector", &["public", "private"]);
        if let Some(website) = &fm.website {
            self.require_web_address(facts, website.get_ref(), website.span(), "website");
        }
    }

    /// Addresses readers follow must be web addresses: anything else (`javascript:`, a
    /// file path) is a mistake or an attack.
    fn require_web_address(&mut self, facts: &Facts, url: &str, span: Range<usize>, what: &str) {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.chars().any(char::is_control) {
            self.error(
                facts,
                span,
                "signpost::bad_url",
                format!("the {what} `{url}` is not a web address"),
                "write the full address, starting with https://".into(),
            );
        }
    }

    fn require_choice(&mut self, facts: &Facts, value: Option<&Spanned<String>>, key: &str, choices: &[&str]) {
        match value {
            None => self.error(
                facts,
                0..0,
                "signpost::missing_fact",
                format!("this {} page has no `{key}`", facts.page.key.kind.name()),
                format!("add `{key} = \"…\"`, one of: {}", choices.join(", ")),
            ),
            Some(value) if !choices.contains(&value.get_ref().as_str()) => {
                let help = match did_you_mean(value.get_ref(), choices.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("use one of: {}", choices.join(", ")),
                };
                self.error(
                    facts,
                    value.span(),
                    "signpost::bad_choice",
                    format!("`{}` is not a known {key}", value.get_ref()),
                    help,
                );
            }
            Some(_) => {}
        }
    }

    fn check_role(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        for organisation in fm.organisations.iter().flatten() {
            if let Some(key) = self.organisation_ref(facts, organisation) {
                Relations::add(&mut self.relations.roles_of_organisation, &key, facts.page.key.clone());
            }
        }
    }

    fn check_letter(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        let key = facts.page.key.clone();
        match &fm.sender {
            None => self.error(
                facts,
                0..0,
                "signpost::missing_fact",
                "this letter has no `sender`".into(),
                "add `sender = \"…\"`: a role or organisation id, or `you`".into(),
            ),
            Some(sender) => {
                if let Some(Party::Page(from)) = self.party_ref(facts, sender) {
                    Relations::add(&mut self.relations.letters_sent, &from, key.clone());
                }
            }
        }
        if fm.recipients.as_ref().is_none_or(Vec::is_empty) {
            self.error(
                facts,
                0..0,
                "signpost::missing_fact",
                "this letter has no `recipients`".into(),
                "add `recipients = [\"…\"]`: role or organisation ids, or `you`".into(),
            );
        }
        for recipient in fm.recipients.iter().flatten() {
            if let Some(Party::Page(to)) = self.party_ref(facts, recipient) {
                Relations::add(&mut self.relations.letters_received, &to, key.clone());
            }
        }
        if let Some(decides) = &fm.decides {
            self.organisation_ref(facts, decides);
        }
        if let Some(days) = &fm.respond_within_days
            && !RESPOND_DAYS_RANGE.contains(days.get_ref())
        {
            self.error(
                facts,
                days.span(),
                "signpost::out_of_range",
                format!(
                    "`respond_within_days = {}` is outside the days a letter can give ({}..={})",
                    days.get_ref(),
                    RESPOND_DAYS_RANGE.start(),
                    RESPOND_DAYS_RANGE.end()
                ),
                "write the number of days the letter gives, as printed on it".into(),
            );
        }
        self.check_letter_kind(facts);
    }

    /// A letter's kind agrees with its sender (`sent-by-you` is the reader's own) and with
    /// its remedies: a decision says how to contest it, nothing else claims it can be.
    fn check_letter_kind(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        self.require_choice(facts, fm.kind.as_ref(), "kind", LETTER_KINDS);
        let Some(kind) = fm.kind.as_ref().filter(|k| LETTER_KINDS.contains(&k.get_ref().as_str())) else { return };
        let from_reader = fm.sender.as_ref().is_some_and(|s| s.get_ref() == "you");
        if from_reader != (kind.get_ref() == "sent-by-you") {
            let (message, help) = if from_reader {
                ("the reader sends this letter, so its kind is `sent-by-you`", "write `kind = \"sent-by-you\"`")
            } else {
                (
                    "`sent-by-you` is for letters the reader sends",
                    "set `sender = \"you\"`, or choose the kind of letter the sender writes",
                )
            };
            self.error(facts, kind.span(), "signpost::letter_kind", message.into(), help.into());
        }
        let decision = kind.get_ref() == "decision";
        match (&fm.objection, decision) {
            (None, true) => self.error(
                facts,
                kind.span(),
                "signpost::missing_fact",
                "this decision letter does not say how to contest it".into(),
                "add an `[objection]` table: `name` (the term on the letter), `to`, `within_weeks` (or `within_days`, `within_months`) and `how`".into(),
            ),
            (Some(objection), true) => {
                self.check_remedy(facts, objection, "objection");
                if let Some(appeal) = &fm.appeal {
                    self.check_remedy(facts, appeal, "appeal");
                }
            }
            (_, false) => {
                for remedy in [&fm.objection, &fm.appeal].into_iter().flatten() {
                    self.error(
                        facts,
                        remedy.span(),
                        "signpost::letter_kind",
                        format!("only a decision can be contested, and this letter's kind is `{}`", kind.get_ref()),
                        "set `kind = \"decision\"` if the letter decides something, or explain what the reader can do in the body's `{#disagree}` section".into(),
                    );
                }
            }
        }
    }

    /// An `[objection]` or `[appeal]`: who receives it, what it is called and how long
    /// the reader has.
    fn check_remedy(&mut self, facts: &Facts, remedy: &Spanned<crate::model::Remedy>, table: &str) {
        let route = remedy.get_ref();
        match &route.to {
            Some(to) => {
                self.party_ref(facts, to);
            }
            None => self.error(
                facts,
                remedy.span(),
                "signpost::missing_fact",
                format!("`[{table}]` does not say who receives it"),
                "add `to = \"…\"`: the role or organisation (a court, a committee, the sender) that handles it".into(),
            ),
        }
        if route.name.is_none() {
            self.error(
                facts,
                remedy.span(),
                "signpost::missing_fact",
                format!("`[{table}]` has no `name`"),
                "add `name = \"…\"`: the official word the reader meets on the letter, like `bezwaar` or `Widerspruch`"
                    .into(),
            );
        }
        self.check_period(
            facts,
            remedy.span(),
            [&route.within_days, &route.within_weeks, &route.within_months],
            &route.counted_from,
            &format!("`[{table}]`"),
        );
    }

    /// A time limit counted from a letter: exactly one of days, weeks or months, within
    /// ten years, counted from the letter's date or its receipt.
    fn check_period(
        &mut self,
        facts: &Facts,
        table: Range<usize>,
        periods: [&Option<Spanned<i64>>; 3],
        counted_from: &Option<Spanned<String>>,
        what: &str,
    ) {
        let mut given: Vec<(&str, &Spanned<i64>, i64)> = periods
            .iter()
            .zip(LONGEST_PERIOD)
            .filter_map(|(value, (key, longest))| value.as_ref().map(|v| (key, v, longest)))
            .collect();
        // In the order written, so a second unit is reported where it stands.
        given.sort_by_key(|(_, value, _)| value.span().start);
        if given.len() != 1 {
            self.error(
                facts,
                given.get(1).map_or(table, |(_, v, _)| v.span()),
                "signpost::bad_deadline",
                format!(
                    "{what} needs exactly one of `within_days`, `within_weeks` or `within_months` (it has {})",
                    given.len()
                ),
                "write the time limit as the deciding body states it, for example `within_weeks = 6`".into(),
            );
        }
        for (key, value, longest) in given {
            if !(1..=longest).contains(value.get_ref()) {
                self.error(
                    facts,
                    value.span(),
                    "signpost::bad_deadline",
                    format!("`{key} = {}` is not a time limit a reader can have", value.get_ref()),
                    format!("use a number from 1 to {longest}"),
                );
            }
        }
        if let Some(from) = counted_from {
            self.require_choice(facts, Some(from), "counted_from", COUNTED_FROM);
        }
    }

    fn check_procedure(&mut self, facts: &Facts) {
        let fm = &facts.page.original().front_matter;
        if let Some(decides) = &fm.decides
            && let Some(organisation) = self.organisation_ref(facts, decides)
        {
            Relations::add(&mut self.relations.procedures_of_organisation, &organisation, facts.page.key.clone());
        }
        let Some(steps) = &fm.steps else {
            self.error(
                facts,
                0..0,
                "signpost::missing_fact",
                "this procedure has no steps".into(),
                "add the steps as [[steps]] tables with id, title, week and actor".into(),
            );
            return;
        };
        let steps = steps.get_ref();
        let mut seen = BTreeSet::new();
        for (index, step) in steps.iter().enumerate() {
            if !seen.insert(step.id.get_ref().as_str()) {
                self.error(
                    facts,
                    step.id.span(),
                    "signpost::duplicate_step",
                    format!("the step id `{}` is used twice", step.id.get_ref()),
                    "give every step its own id".into(),
                );
            }
            if !crate::model::is_safe_segment(step.id.get_ref()) {
                self.error(
                    facts,
                    step.id.span(),
                    "signpost::bad_step_id",
                    format!("`{}` cannot be an anchor", step.id.get_ref()),
                    "use lower-case letters, digits and `-`".into(),
                );
            }
            self.check_step(facts, steps, index, step);
        }
        self.check_step_order(facts, steps);
    }

    fn check_step(&mut self, facts: &Facts, steps: &[StepFrontMatter], index: usize, step: &StepFrontMatter) {
        let step_ref = StepRef { procedure: facts.page.key.clone(), index };
        let timings =
            usize::from(step.week.is_some()) + usize::from(step.weeks.is_some()) + usize::from(step.after.is_some());
        if timings != 1 {
            self.error(
                facts,
                step.id.span(),
                "signpost::step_timing",
                format!(
                    "step `{}` needs exactly one of `week`, `weeks` or `after` (it has {timings})",
                    step.id.get_ref()
                ),
                "use `week = 6`, `weeks = [8, 10]` or `after = \"other-step\"`".into(),
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
                    facts,
                    span,
                    "signpost::step_timing",
                    format!(
                        "week {week} is outside the weeks a step can have ({}..={})",
                        WEEK_RANGE.start(),
                        WEEK_RANGE.end()
                    ),
                    "weeks count from the start event; check the number".into(),
                );
            }
        }
        if let Some(range) = &step.weeks
            && range.get_ref()[1] < range.get_ref()[0]
        {
            self.error(
                facts,
                range.span(),
                "signpost::step_timing",
                format!("the range {:?} ends before it starts", range.get_ref()),
                "write the earlier week first".into(),
            );
        }
        let step_ids: Vec<String> = steps.iter().map(|s| s.id.get_ref().clone()).collect();
        for target in step.after.iter().chain(step.next.iter().flatten()) {
            if !step_ids.contains(target.get_ref()) || target.get_ref() == step.id.get_ref() {
                self.unknown(
                    facts,
                    target,
                    "step",
                    &step_ids,
                    "`after` and `next` name other steps of this procedure by id",
                );
            }
        }
        if let Some(milestone) = &step.milestone
            && !MILESTONES.contains(&milestone.get_ref().as_str())
        {
            let known: Vec<String> = MILESTONES.iter().map(|m| m.to_string()).collect();
            self.unknown(facts, milestone, "milestone", &known, &format!("milestones are: {}", MILESTONES.join(", ")));
        }
        let actor = match &step.actor {
            None => {
                self.error(
                    facts,
                    step.id.span(),
                    "signpost::missing_fact",
                    format!("step `{}` has no `actor`", step.id.get_ref()),
                    "add `actor = \"…\"`: who acts in this step (a role or organisation id, or `you`)".into(),
                );
                None
            }
            Some(actor) => self.party_ref(facts, actor),
        };
        if let Some(Party::Page(actor_key)) = &actor {
            Relations::add(&mut self.relations.steps_by_actor, actor_key, step_ref.clone());
            if actor_key.kind == PageKind::Organisation {
                Relations::add(&mut self.relations.procedures_of_organisation, actor_key, facts.page.key.clone());
            }
        }
        for recipient in step.to.iter().flatten() {
            self.party_ref(facts, recipient);
        }
        if let Some(letter) = &step.letter {
            let key = PageKey {
                kind: PageKind::Letter,
                country: facts.page.key.country.clone(),
                id: letter.get_ref().clone(),
            };
            match self.site.page(&key) {
                None => {
                    let known = self.keys_of(PageKind::Letter, facts.country());
                    let country = facts.country().unwrap_or("");
                    self.unknown(
                        facts,
                        letter,
                        "letter",
                        &known,
                        &format!("letters live in content/{country}/letters/"),
                    );
                }
                Some(letter_page) => {
                    Relations::add(&mut self.relations.steps_sending_letter, &key, step_ref);
                    if let Some(actor) = &actor {
                        self.check_sender_acts(facts, step, letter, letter_page, actor);
                    }
                }
            }
        }
        if let Some(from_letter) = &step.deadline_from_letter {
            self.check_deadline_from_letter(facts, steps, index, step, from_letter);
        }
        if let (Some(deadline), Some(Some((start, _)))) = (&step.deadline_week, step_weeks(steps).get(index))
            && *deadline.get_ref() < *start
        {
            self.error(
                facts,
                deadline.span(),
                "signpost::step_timing",
                format!("the deadline (week {}) is before the step starts (week {start})", deadline.get_ref()),
                "a deadline comes at or after the step's week".into(),
            );
        }
    }

    /// A deadline counted from the letter of an earlier step that sends one; a step has
    /// one deadline, counted from the start or from a letter.
    fn check_deadline_from_letter(
        &mut self,
        facts: &Facts,
        steps: &[StepFrontMatter],
        index: usize,
        step: &StepFrontMatter,
        from_letter: &Spanned<crate::model::LetterDeadline>,
    ) {
        let deadline = from_letter.get_ref();
        if let Some(week) = &step.deadline_week {
            self.error(
                facts,
                week.span(),
                "signpost::step_timing",
                format!("step `{}` has two deadlines: `deadline_week` and `deadline_from_letter`", step.id.get_ref()),
                "keep the one the deciding body states: a week counted from the start, or a time counted from a letter"
                    .into(),
            );
        }
        let earlier: Vec<String> = steps[..index].iter().map(|s| s.id.get_ref().clone()).collect();
        match steps[..index].iter().find(|s| s.id.get_ref() == deadline.step.get_ref()) {
            None => self.unknown(
                facts,
                &deadline.step,
                "earlier step",
                &earlier,
                "`deadline_from_letter.step` names a step before this one whose letter the time runs from",
            ),
            Some(sending) if sending.letter.is_none() => self.error(
                facts,
                deadline.step.span(),
                "signpost::bad_deadline",
                format!("step `{}` sends no letter, so no deadline can run from its letter", sending.id.get_ref()),
                format!("give step `{}` a `letter`, or name the step that sends the letter", sending.id.get_ref()),
            ),
            Some(_) => {}
        }
        self.check_period(
            facts,
            from_letter.span(),
            [&deadline.within_days, &deadline.within_weeks, &deadline.within_months],
            &deadline.counted_from,
            "`deadline_from_letter`",
        );
    }

    /// The letter of a step comes from whoever acts in it: the actor itself, the
    /// actor's organisation, or a role of the acting organisation.
    fn check_sender_acts(
        &mut self,
        facts: &Facts,
        step: &StepFrontMatter,
        letter: &Spanned<String>,
        letter_page: &Page,
        actor: &Party,
    ) {
        let letter_fm = &letter_page.original().front_matter;
        let Some(sender_value) = &letter_fm.sender else { return };
        let Some(sender) = party(self.site, letter_page.key.country.as_deref(), sender_value.get_ref()) else { return };
        if self.acts_for(actor, &sender) {
            return;
        }
        let sender_offset = front_matter_offset(letter_page.original());
        let sender_span = sender_value.span().start + sender_offset..sender_value.span().end + sender_offset;
        self.diagnostics.push(
            Diagnostic::error(
                "signpost::letter_sender_mismatch",
                format!(
                    "step `{}` sends the letter `{}`, but the letter's sender `{}` is not the step's actor `{}` or its organisation",
                    step.id.get_ref(),
                    letter.get_ref(),
                    sender_value.get_ref(),
                    step.actor.as_ref().map_or("", |a| a.get_ref().as_str()),
                ),
            )
            .at_span(facts.file, facts.span(letter.span()))
            .related(crate::diagnostics::Location::new(&letter_page.original().file, sender_span), "the letter's sender")
            .help("make the step's actor the one who sends the letter, or correct the letter's `sender`"),
        );
    }

    fn acts_for(&self, actor: &Party, sender: &Party) -> bool {
        if actor == sender {
            return true;
        }
        let organisations_of = |party: &Party| -> Vec<PageKey> {
            match party {
                Party::Page(key) if key.kind == PageKind::Role => self
                    .site
                    .page(key)
                    .and_then(|p| p.original().front_matter.organisations.clone())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|o| match party_of(self.site, key, o.get_ref()) {
                        Some(Party::Page(org)) => Some(org),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let matches = |role: &Party, organisation: &Party| match organisation {
            Party::Page(org) => organisations_of(role).contains(org),
            Party::You => false,
        };
        matches(actor, sender) || matches(sender, actor)
    }

    /// No step may come before a step that leads to it, and `next` may not go round in a circle.
    fn check_step_order(&mut self, facts: &Facts, steps: &[StepFrontMatter]) {
        let weeks = step_weeks(steps);
        for (from, step) in steps.iter().enumerate() {
            for to in next_steps(steps, from) {
                if let (Some((start_from, _)), Some((start_to, _))) = (weeks[from], weeks[to])
                    && start_to < start_from
                    && step.next.is_some()
                {
                    let target = &steps[to];
                    self.error(
                        facts,
                        timing_span(target),
                        "signpost::step_timing",
                        format!(
                            "step `{}` (week {start_to}) follows `{}` (week {start_from}) but starts earlier",
                            target.id.get_ref(),
                            step.id.get_ref()
                        ),
                        "check the weeks, or the `next` list of the earlier step".into(),
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
                    facts,
                    timing_span(target),
                    "signpost::step_timing",
                    format!(
                        "step `{}` (week {b}) comes after `{}` (week {a}) in the list but starts earlier",
                        target.id.get_ref(),
                        step.id.get_ref()
                    ),
                    "order the steps by time, or give the earlier step a `next` list".into(),
                );
            }
        }
        if let Some(cycle_at) = find_after_cycle(steps) {
            let step = &steps[cycle_at];
            self.error(
                facts,
                step.after.as_ref().map_or_else(|| step.id.span(), Spanned::span),
                "signpost::step_cycle",
                format!(
                    "the steps' `after` go round in a circle through `{}`, so none of them has a week",
                    step.id.get_ref()
                ),
                "a step comes after an earlier one: give one step of the circle a `week` instead of `after`".into(),
            );
        }
        if let Some(cycle_at) = find_cycle(steps) {
            let step = &steps[cycle_at];
            self.error(
                facts,
                step.id.span(),
                "signpost::step_cycle",
                format!("the steps go round in a circle through `{}`", step.id.get_ref()),
                "a procedure moves forward: remove the `next` entry that leads back".into(),
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

/// A party named on a role page, resolved in the role's country.
fn party_of(site: &Site, role: &PageKey, id: &str) -> Option<Party> {
    party(site, role.country.as_deref(), id)
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

fn front_matter_offset(translation: &crate::model::Translation) -> usize {
    translation.front_matter_offset
}

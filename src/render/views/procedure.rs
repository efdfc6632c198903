//! A procedure: its body cut at the step headings, each step with when, who, which
//! letter to whom, the deadline (from the start or from a letter), rights, duties and
//! what can follow; the dates the calculator works out, the way to "do you disagree?",
//! and the timeline picture's layout.

use std::borrow::Cow;

use serde::Serialize;

use super::{DateOffset, Link, PartyView};
use crate::model::facts::{Deadline, Facts, LetterKind, Procedure};
use crate::model::{Heading, Page, Shown, Translation};
use crate::render::reader::{Part, Reader};
use crate::render::timeline::{self, Timeline};

#[derive(Serialize)]
pub struct StepView<'a> {
    pub number: usize,
    pub id: &'a str,
    pub title: &'a str,
    /// "Week 6", "Weeks 8–10", in the reader's language.
    pub when: String,
    pub week_start: Option<i64>,
    pub week_end: Option<i64>,
    /// The days of its weeks, counted from the start, for the calculator; `None` for a
    /// step that comes `after` another, whose date depends on when that one happened.
    pub days: Option<DayRange>,
    pub actor: Option<PartyView<'a>>,
    pub letter: Option<Link<'a>>,
    pub to: Vec<PartyView<'a>>,
    pub deadline: Option<&'a str>,
    pub deadline_from_letter: Option<LetterDeadlineView<'a>>,
    /// The deadline's last day as the calculator finds it.
    pub due: Option<Due>,
    pub rights: Option<&'a str>,
    pub duties: Option<&'a str>,
    pub next: Vec<Link<'a>>,
    pub milestone: Option<Cow<'a, str>>,
    /// The body's text under this step's heading, as HTML.
    pub details: String,
    /// The language of each text of the step that is written in the page's files:
    /// `title`, `deadline`, `rights`, `duties` (the original's where the shown
    /// translation lacks one).
    pub lang: StepLangs<'a>,
}

#[derive(Serialize, Default)]
pub struct StepLangs<'a> {
    pub title: Option<&'a str>,
    pub deadline: Option<&'a str>,
    pub rights: Option<&'a str>,
    pub duties: Option<&'a str>,
}

/// Week N is days 7N to 7N + 6 after the start: a step in weeks 6–8 is days 42 to 62.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub first: i64,
    pub last: i64,
}

impl DayRange {
    pub fn of_weeks((first, last): (i64, i64)) -> Self {
        DayRange { first: first.saturating_mul(7), last: last.saturating_mul(7).saturating_add(6) }
    }
}

/// A deadline's last day: an offset from a date the reader enters in the calculator,
/// the input named `from` (`first-day`, or the one for the letter it runs from).
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Due {
    pub from: String,
    pub offset: DateOffset,
}

/// A time limit that runs from a letter, in words.
#[derive(Serialize)]
pub struct LetterDeadlineView<'a> {
    /// "Within 6 weeks of the date on the letter", in the reader's language.
    pub within: String,
    pub letter: Option<Link<'a>>,
}

/// A date the calculator asks for besides the first day of sickness: the date on a
/// letter that a deadline runs from, or the day it arrived.
#[derive(Serialize)]
pub struct LetterDateView<'a> {
    /// The input's id, which each [`Due`] counting from it names.
    pub id: String,
    /// `letter-date` or `receipt`.
    pub counted_from: &'static str,
    /// The letter, or the step that sends it when the letter has no page to link.
    pub letter: Link<'a>,
    /// The first step whose deadline runs from it: "Your dates" asks for the date there,
    /// beside the deadline it gives.
    pub step: &'a str,
}

#[derive(Serialize)]
pub struct ProcedureView<'a> {
    /// The body before the first step, and after the steps, as HTML.
    pub intro: String,
    pub outro: String,
    pub start: Option<&'a str>,
    pub decides: Option<PartyView<'a>>,
    pub steps: Vec<StepView<'a>>,
    /// The timeline picture's layout, drawn by the `timeline.html` template.
    pub timeline: Timeline,
    pub cross_border: Vec<Link<'a>>,
    pub guidance: String,
    /// The language of `start`.
    pub lang: Option<&'a str>,
    /// The dates the calculator asks for besides the first day of sickness, one per
    /// letter that a deadline runs from (in "Your dates", at the first step it counts for).
    pub letter_dates: Vec<LetterDateView<'a>>,
    /// Whether a deadline counts calendar months (the page then says how they end).
    pub counts_months: bool,
    /// Where "Do you disagree?" leads: the body's `{#disagree}` section; without one, the
    /// steps that contest something (the reader sends a letter, or the time runs from a
    /// letter).
    pub disagree: Vec<Link<'a>>,
    /// The body's own sections around the steps, for the step list's "also on this page".
    pub sections: Vec<&'a Heading>,
}

/// The id of the calculator's input for the letter of step `step`.
fn letter_date_id(step: &str, counted_from: &str) -> String {
    format!("letter-{counted_from}-{step}")
}

impl<'a> Reader<'a> {
    pub fn procedure_view(
        &self,
        page: &'a Page,
        procedure: &'a Procedure,
        shown: &'a Translation,
    ) -> ProcedureView<'a> {
        let from_dir = self.dir_of(page);
        let country = page.key.country.as_deref();
        let steps = &procedure.steps;
        let step_text = |index: usize, field: fn(&crate::model::StepTexts) -> Option<&str>| -> Option<Shown<'a>> {
            page.text(shown, move |t| field(t.texts().steps.get(index)?))
        };
        let title_of_step = |index: usize| step_text(index, |s| s.title.as_deref());
        let step_ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
        let href_for = |destination: &str| self.internal_href(&from_dir, destination, &shown.lang);
        let sections: Vec<(Option<String>, String)> =
            crate::markdown::to_html_sections(shown.body(), &shown.headings, &step_ids, &href_for)
                .into_iter()
                .map(|(step, html)| (step, self.body_html(html)))
                .collect();
        let first_step = sections.iter().position(|(step, _)| step.is_some()).unwrap_or(sections.len());
        let join = |parts: &[(Option<String>, String)]| {
            parts.iter().filter(|(s, _)| s.is_none()).map(|(_, h)| h.as_str()).collect::<String>()
        };
        let intro = join(&sections[..first_step]);
        let outro = join(&sections[first_step..]);
        let views: Vec<StepView> = steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let after_title = step.after.and_then(title_of_step).map(|t| t.text);
                let next = step
                    .next
                    .iter()
                    .flatten()
                    .map(|&n| {
                        let title = title_of_step(n);
                        let href = format!("#{}", steps[n].id);
                        // On this page: the reader stays in the language they are in.
                        self.marked_link(
                            Cow::Borrowed(title.map_or("", |t| t.text)),
                            title.map_or(self.lang, |t| t.lang),
                            href,
                            self.lang,
                        )
                    })
                    .collect();
                let title = title_of_step(index);
                let [deadline, rights, duties] = [
                    step_text(index, |s| s.deadline.as_deref()),
                    step_text(index, |s| s.rights.as_deref()),
                    step_text(index, |s| s.duties.as_deref()),
                ];
                let letter_link =
                    |letter: &Option<crate::model::PageKey>| letter.as_ref().and_then(|key| self.link(&from_dir, key));
                StepView {
                    number: index + 1,
                    id: &step.id,
                    title: title.map_or("", |t| t.text),
                    when: self.when(step.weeks, after_title),
                    week_start: step.weeks.map(|w| w.0),
                    week_end: step.weeks.map(|w| w.1),
                    days: step.weeks.filter(|_| step.after.is_none()).map(DayRange::of_weeks),
                    actor: step.actor.as_ref().map(|a| self.party(&from_dir, a, "you")),
                    letter: letter_link(&step.letter),
                    to: step.to.iter().map(|t| self.party(&from_dir, t, "you_recipient")).collect(),
                    deadline: deadline.map(|d| d.text),
                    deadline_from_letter: match &step.deadline {
                        Some(Deadline::FromLetter { step: sending, period }) => Some(LetterDeadlineView {
                            within: self.period(period, "counted_from"),
                            letter: letter_link(&steps[*sending].letter),
                        }),
                        _ => None,
                    },
                    due: step.deadline.as_ref().map(|deadline| match deadline {
                        Deadline::Week(week) => {
                            Due { from: "first-day".into(), offset: DateOffset::within_weeks_of_start(*week) }
                        }
                        Deadline::FromLetter { step: sending, period } => Due {
                            from: letter_date_id(&steps[*sending].id, period.counted_from.name()),
                            offset: DateOffset::of_period(period),
                        },
                    }),
                    rights: rights.map(|r| r.text),
                    duties: duties.map(|d| d.text),
                    next,
                    milestone: step.milestone.map(|m| self.ui_owned(&format!("milestone_{}", m.name()))),
                    details: sections
                        .iter()
                        .filter(|(s, _)| s.as_deref() == Some(step.id.as_str()))
                        .map(|(_, html)| html.as_str())
                        .collect(),
                    lang: StepLangs {
                        title: title.map(|t| t.lang),
                        deadline: deadline.map(|t| t.lang),
                        rights: rights.map(|t| t.lang),
                        duties: duties.map(|t| t.lang),
                    },
                }
            })
            .collect();
        let timeline = timeline::layout(&views, self, self.config().direction(&shown.lang));
        let start = page.text(shown, |t| t.texts().start.as_deref());
        let mut letter_dates: Vec<LetterDateView> = Vec::new();
        for step in steps {
            let Some(Deadline::FromLetter { step: sending, period }) = &step.deadline else { continue };
            let step_id = step.id.as_str();
            let id = letter_date_id(&steps[*sending].id, period.counted_from.name());
            if letter_dates.iter().any(|input| input.id == id) {
                continue;
            }
            let letter = steps[*sending].letter.as_ref().and_then(|key| self.link(&from_dir, key));
            letter_dates.push(LetterDateView {
                id,
                counted_from: period.counted_from.name(),
                letter: letter.unwrap_or_else(|| self.step_anchor(&views[*sending])),
                step: step_id,
            });
        }
        let step_headings: Vec<&'a Heading> =
            shown.headings.iter().filter(|h| h.level == 2 && !step_ids.contains(&h.id.as_str())).collect();
        let disagree_section = step_headings.iter().copied().find(|h| h.id == "disagree");
        let disagree = match disagree_section {
            Some(heading) => vec![Link {
                title: Cow::Borrowed(heading.text.as_str()),
                href: format!("#{}", heading.id),
                summary: None,
                lang: &shown.lang,
                prefix: None,
                hreflang: None,
                lang_tag: None,
            }],
            None => steps
                .iter()
                .zip(&views)
                .filter(|(step, _)| {
                    matches!(step.deadline, Some(Deadline::FromLetter { .. }))
                        || step.letter.as_ref().is_some_and(|key| self.is_sent_by_reader(key))
                })
                .map(|(_, view)| self.step_anchor(view))
                .collect(),
        };
        let sections = step_headings.into_iter().filter(|h| disagree_section.is_none_or(|d| d.id != h.id)).collect();
        ProcedureView {
            intro,
            outro,
            start: start.map(|s| s.text),
            decides: procedure
                .decides
                .as_ref()
                .map(|d| self.party(&from_dir, &crate::model::Party::Page(d.clone()), "you")),
            timeline,
            cross_border: self.cross_border_links(&from_dir, country),
            guidance: self.guidance(procedure.decides.as_ref()),
            lang: start.map(|s| s.lang),
            counts_months: views.iter().any(|v| v.due.as_ref().is_some_and(|d| d.offset.months != 0)),
            letter_dates,
            disagree,
            sections,
            steps: views,
        }
    }

    /// A link to a step of the page itself: "18. You object to the decision".
    fn step_anchor(&self, step: &StepView<'a>) -> Link<'a> {
        Link {
            title: Cow::Owned(format!("{}. {}", step.number, step.title)),
            href: format!("#{}", step.id),
            summary: None,
            lang: step.lang.title.unwrap_or(self.lang),
            prefix: None,
            hreflang: None,
            lang_tag: None,
        }
    }

    /// Whether the letter at `key` is one the reader sends (an objection, an application).
    fn is_sent_by_reader(&self, key: &crate::model::PageKey) -> bool {
        self.page(key, Part::Content)
            .is_some_and(|letter| matches!(&letter.facts, Facts::Letter(l) if l.kind == Some(LetterKind::SentByYou)))
    }
}

//! A procedure: its body cut at the step headings, each step with when, who, which
//! letter to whom, the deadline (from the start or from a letter), rights, duties and
//! what can follow, and the timeline picture's layout.

use std::borrow::Cow;

use serde::Serialize;

use super::{Link, PartyView};
use crate::model::facts::{Deadline, Procedure};
use crate::model::{Page, Shown, Translation};
use crate::render::reader::Reader;
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
    pub actor: Option<PartyView<'a>>,
    pub letter: Option<Link<'a>>,
    pub to: Vec<PartyView<'a>>,
    pub deadline: Option<&'a str>,
    pub deadline_week: Option<i64>,
    pub deadline_from_letter: Option<LetterDeadlineView<'a>>,
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

/// A time limit that runs from a letter: in words, and as numbers for the calculator.
#[derive(Serialize)]
pub struct LetterDeadlineView<'a> {
    /// "Within 6 weeks of the date on the letter", in the reader's language.
    pub within: String,
    /// The step that sends the letter, and the letter itself.
    pub step: &'a str,
    pub letter: Option<Link<'a>>,
    pub amount: i64,
    /// `days`, `weeks` or `months`.
    pub unit: &'static str,
    /// `letter-date` or `receipt`.
    pub counted_from: &'static str,
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
        let href_for = |destination: &str| self.internal_href(&from_dir, destination);
        let sections = crate::markdown::to_html_sections(shown.body(), &step_ids, &href_for);
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
                    .map(|&n| Link {
                        title: Cow::Borrowed(title_of_step(n).map_or("", |t| t.text)),
                        href: format!("#{}", steps[n].id),
                        summary: None,
                        lang: title_of_step(n).map_or(self.lang, |t| t.lang),
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
                    actor: step.actor.as_ref().map(|a| self.party(&from_dir, a)),
                    letter: letter_link(&step.letter),
                    to: step.to.iter().map(|t| self.party(&from_dir, t)).collect(),
                    deadline: deadline.map(|d| d.text),
                    deadline_week: match step.deadline {
                        Some(Deadline::Week(week)) => Some(week),
                        _ => None,
                    },
                    deadline_from_letter: match &step.deadline {
                        Some(Deadline::FromLetter { step: sending, period }) => Some(LetterDeadlineView {
                            within: self.period(period, "counted_from"),
                            step: &steps[*sending].id,
                            letter: letter_link(&steps[*sending].letter),
                            amount: period.amount,
                            unit: period.unit.name(),
                            counted_from: period.counted_from.name(),
                        }),
                        _ => None,
                    },
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
        ProcedureView {
            intro,
            outro,
            start: start.map(|s| s.text),
            decides: procedure.decides.as_ref().map(|d| self.party(&from_dir, &crate::model::Party::Page(d.clone()))),
            steps: views,
            timeline,
            cross_border: self.cross_border_links(&from_dir, country),
            guidance: self.guidance(procedure.decides.as_ref()),
            lang: start.map(|s| s.lang),
        }
    }
}

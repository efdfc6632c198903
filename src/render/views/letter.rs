//! A letter: what it is, who sends it and to whom, how to recognise it, by when to reply,
//! how to contest a decision and the next step after that, who decides, and the steps
//! that send it.

use std::borrow::Cow;

use serde::Serialize;

use super::{Link, PartyView, letter_finder_dir};
use crate::model::facts::{Letter, LetterKind, Remedy};
use crate::model::{Page, Party, Translation};
use crate::render::reader::Reader;

/// How to contest a decision: the first remedy or the next one.
#[derive(Serialize)]
pub struct RemedyView<'a> {
    /// The official name the reader meets on the letter (`bezwaar`, `Widerspruch`).
    pub name: &'a str,
    pub to: PartyView<'a>,
    /// "Within 6 weeks of the date on the letter", in the reader's language.
    pub within: String,
    pub how: Option<&'a str>,
    /// The language of `how`.
    pub lang: Option<&'a str>,
}

#[derive(Serialize)]
pub struct LetterView<'a> {
    /// What the letter is, in the reader's language ("A decision: you can contest it").
    pub kind: Option<Cow<'a, str>>,
    pub sender: Option<PartyView<'a>>,
    pub recipients: Vec<PartyView<'a>>,
    pub decides: Option<PartyView<'a>>,
    pub recognise: Option<&'a str>,
    pub respond_within: Option<String>,
    pub objection: Option<RemedyView<'a>>,
    pub appeal: Option<RemedyView<'a>>,
    /// The steps that send this letter, linked to their place in the procedure.
    pub steps: Vec<Link<'a>>,
    pub finder: String,
    pub guidance: String,
    /// The language of `recognise`.
    pub lang: Option<&'a str>,
}

impl<'a> Reader<'a> {
    pub fn letter_view(&self, page: &'a Page, letter: &'a Letter, shown: &'a Translation) -> LetterView<'a> {
        let from_dir = self.dir_of(page);
        let country = page.key.country.as_deref().unwrap_or_default();
        let remedy = |remedy: &'a Remedy, how: fn(&'a Translation) -> Option<&'a str>, from_what: &str| {
            let how = page.text(shown, how);
            RemedyView {
                name: &remedy.name,
                to: self.party(&from_dir, &remedy.to),
                within: self.period(&remedy.period, from_what),
                how: how.map(|h| h.text),
                lang: how.map(|h| h.lang),
            }
        };
        let recognise = page.text(shown, |t| t.texts().recognise.as_deref());
        let respond_within = letter
            .respond_within_days
            .map(|n| self.ui(if n == 1 { "within_days_one" } else { "within_days" }).replace("{n}", &n.to_string()));
        LetterView {
            kind: letter.kind.map(|k| self.ui_owned(&format!("letter_kind_{}", k.name()))),
            sender: letter.sender.as_ref().map(|s| self.party(&from_dir, s)),
            recipients: letter.recipients.iter().map(|r| self.party(&from_dir, r)).collect(),
            decides: letter.decides.as_ref().map(|d| self.party(&from_dir, &Party::Page(d.clone()))),
            recognise: recognise.map(|r| r.text),
            respond_within,
            objection: letter
                .objection
                .as_ref()
                .map(|r| remedy(r, |t| t.texts().objection_how.as_deref(), "counted_from")),
            appeal: letter
                .appeal
                .as_ref()
                .map(|r| remedy(r, |t| t.texts().appeal_how.as_deref(), "appeal_counted_from")),
            steps: self.step_links(&from_dir, self.back_links(&page.key).steps_sending_letter.get(&page.key)),
            finder: self.urls.href(&from_dir, &letter_finder_dir(self.lang, country)),
            guidance: match letter.kind {
                Some(LetterKind::Decision) | None => self.guidance(letter.decides.as_ref()),
                Some(LetterKind::SentByYou) => self.ui("guidance_notice_your_letter").to_string(),
                Some(_) => self.ui("guidance_notice_not_decision").to_string(),
            },
            lang: recognise.map(|r| r.lang),
        }
    }
}

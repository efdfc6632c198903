//! Pages that no file describes, derived from the facts, in every language: a letter
//! finder per country ("I got a letter from …"), the comparison of countries, the A–Z
//! index and the glossary index.

use std::borrow::Cow;

use serde::Serialize;

use super::reader::{Part, Reader};
use super::views::{CountryGroup, FactView, Link, comparison_facts, letter_finder_dir};
use crate::model::facts::{Facts, Milestone};
use crate::model::{PageKey, PageKind, Party, StepRef};

#[derive(Serialize)]
pub struct SenderGroup<'a> {
    pub heading: String,
    pub letters: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct LetterFinder<'a> {
    pub country: Cow<'a, str>,
    pub country_href: String,
    pub groups: Vec<SenderGroup<'a>>,
}

/// Pages whose titles start with the same letter, for the A–Z index.
#[derive(Serialize)]
pub struct InitialGroup<'a> {
    pub initial: String,
    pub pages: Vec<KindLink<'a>>,
}

#[derive(Serialize)]
pub struct KindLink<'a> {
    pub link: Link<'a>,
    pub kind: Cow<'a, str>,
}

/// A country's answer to one comparison fact.
#[derive(Serialize)]
pub struct FactRow<'a> {
    pub country: Link<'a>,
    #[serde(flatten)]
    pub fact: FactView<'a>,
}

#[derive(Serialize)]
pub struct FactTable<'a> {
    pub label: &'a str,
    pub rows: Vec<FactRow<'a>>,
}

#[derive(Serialize)]
pub struct MilestoneRow<'a> {
    pub milestone: Cow<'a, str>,
    pub by_country: Vec<CountryGroup<'a>>,
}

#[derive(Serialize)]
pub struct ConceptRow<'a> {
    pub concept: Link<'a>,
    pub by_country: Vec<CountryGroup<'a>>,
}

#[derive(Serialize)]
pub struct Comparison<'a> {
    pub facts: Vec<FactTable<'a>>,
    pub milestones: Vec<MilestoneRow<'a>>,
    pub roles: Vec<ConceptRow<'a>>,
}

impl<'a> Reader<'a> {
    /// Every page title in this language grouped by its first letter (folded, so
    /// `Ø` files under `O`), each with its kind: search without JavaScript.
    pub fn a_to_z(&self) -> Vec<InitialGroup<'a>> {
        let from_dir = format!("{}/a-z/", self.lang);
        let mut entries: Vec<(String, KindLink)> = self
            .all(None, Part::Title)
            .into_iter()
            .map(|page| {
                let link = self.link_to(&from_dir, page);
                let kind = self.ui_owned(&format!("kind_{}", page.key.kind.name()));
                (crate::text::fold(&link.title), KindLink { link, kind })
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut groups: Vec<InitialGroup> = Vec::new();
        for (folded, entry) in entries {
            let initial = folded
                .chars()
                .find(|c| c.is_alphanumeric())
                .map_or_else(|| "#".to_string(), |c| c.to_uppercase().collect());
            match groups.last_mut() {
                Some(group) if group.initial == initial => group.pages.push(entry),
                _ => groups.push(InitialGroup { initial, pages: vec![entry] }),
            }
        }
        groups
    }

    /// The letter finders of every country that has letters.
    pub fn letter_finder_links(&self, from_dir: &str) -> Vec<Link<'a>> {
        self.all(Some(PageKind::Country), Part::Title)
            .into_iter()
            .filter_map(|country| {
                let code = country.key.country.as_deref()?;
                self.any_of(PageKind::Letter, Some(code)).then(|| {
                    let title = self.title(country);
                    Link {
                        title: Cow::Owned(format!("{} – {}", self.ui("letter_finder_title"), title.text)),
                        href: self.urls.href(from_dir, &letter_finder_dir(self.lang, code)),
                        summary: None,
                        lang: title.lang,
                    }
                })
            })
            .collect()
    }

    /// The letters of `country` grouped by the organisation that sends them (a role's
    /// letters count for its first organisation), letters you send last; within a group
    /// in the order their steps come.
    pub fn letter_finder(&self, country: &str) -> LetterFinder<'a> {
        let from_dir = letter_finder_dir(self.lang, country);
        // Sender (none: the reader) → its letters, each with the first step that sends it.
        type Letters<'l> = Vec<(Option<&'l StepRef>, Link<'l>)>;
        let mut groups: Vec<(Option<PageKey>, Letters)> = Vec::new();
        for letter in self.pages_of(PageKind::Letter, Some(country), Part::Content) {
            let Facts::Letter(facts) = &letter.facts else { continue };
            let group_key = match &facts.sender {
                Some(Party::Page(key)) if key.kind == PageKind::Role => {
                    Some(self.first_organisation(key).cloned().unwrap_or_else(|| key.clone()))
                }
                Some(Party::Page(key)) => Some(key.clone()),
                Some(Party::You) | None => None,
            };
            let first_step = self.back_links(&letter.key).steps_sending_letter.get(&letter.key).and_then(|s| s.first());
            let link = self.link(&from_dir, &letter.key).expect("the letter exists");
            match groups.iter_mut().find(|(k, _)| *k == group_key) {
                Some((_, letters)) => letters.push((first_step, link)),
                None => groups.push((group_key, vec![(first_step, link)])),
            }
        }
        // Organisations by name, "letters you send" last.
        let title_of =
            |key: &Option<PageKey>| key.as_ref().and_then(|k| self.page(k, Part::Title)).map(|p| self.title(p));
        groups.sort_by_cached_key(|(key, _)| (key.is_none(), title_of(key).map(|t| t.text)));
        let groups = groups
            .into_iter()
            .map(|(key, mut letters)| {
                letters.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1.title).cmp(&(b.0.is_none(), &b.0, &b.1.title)));
                let heading = match title_of(&key) {
                    Some(sender) => self.ui("letters_from").replace("{sender}", sender.text),
                    None => self.ui("letters_you_send").to_string(),
                };
                SenderGroup { heading, letters: letters.into_iter().map(|(_, link)| link).collect() }
            })
            .collect();
        LetterFinder {
            country: self.country_name(country).0,
            country_href: self.urls.href(&from_dir, &format!("{}/{}", self.lang, PageKey::country(country).path())),
            groups,
        }
    }

    pub fn comparison(&self) -> Comparison<'a> {
        let from_dir = format!("{}/compare/", self.lang);
        let mut countries: Vec<(Link, std::vec::IntoIter<FactView>)> = self
            .all(Some(PageKind::Country), Part::Content)
            .into_iter()
            .filter_map(|c| match &c.facts {
                Facts::Country(country) => {
                    self.own(c, Part::Title);
                    let link = Link { summary: None, ..self.link_to(&from_dir, c) };
                    Some((link, comparison_facts(self, c, country).into_iter()))
                }
                _ => None,
            })
            .collect();
        // Each country's facts come in `site.toml` order: row by row, one from each.
        let facts = (0..self.config().comparison.len())
            .map(|_| {
                let rows: Vec<FactRow> = countries
                    .iter_mut()
                    .filter_map(|(country, facts)| Some(FactRow { country: country.clone(), fact: facts.next()? }))
                    .collect();
                FactTable { label: rows.first().map_or("", |row| row.fact.label), rows }
            })
            .collect();
        Comparison { facts, milestones: self.milestones(&from_dir), roles: self.role_equivalents(&from_dir) }
    }

    /// For each milestone, the steps that reach it in each country's procedures.
    fn milestones(&self, from_dir: &str) -> Vec<MilestoneRow<'a>> {
        let procedures = self.all(Some(PageKind::Procedure), Part::Content);
        Milestone::ALL
            .iter()
            .map(|milestone| {
                let mut by_country: Vec<CountryGroup> = Vec::new();
                for procedure in &procedures {
                    let Facts::Procedure(facts) = &procedure.facts else { continue };
                    for (index, step) in facts.steps.iter().enumerate() {
                        if step.milestone != Some(*milestone) {
                            continue;
                        }
                        let at = StepRef { procedure: procedure.key.clone(), index };
                        let Some(mut link) = self.step_link(from_dir, &at) else { continue };
                        link.summary = Some(Cow::Owned(self.when(step.weeks, None)));
                        let country =
                            procedure.key.country.as_deref().map_or(Cow::Borrowed(""), |c| self.country_name(c).0);
                        CountryGroup::add(&mut by_country, country, link);
                    }
                }
                by_country.sort_by(|a, b| a.country.cmp(&b.country));
                MilestoneRow { milestone: self.ui_owned(&format!("milestone_{}", milestone.name())), by_country }
            })
            .filter(|row| !row.by_country.is_empty())
            .collect()
    }

    /// For each glossary concept, the roles that realise it in each country.
    fn role_equivalents(&self, from_dir: &str) -> Vec<ConceptRow<'a>> {
        self.all(Some(PageKind::Glossary), Part::Title)
            .into_iter()
            .filter_map(|concept| {
                let keys = self.back_links(&concept.key).realisations_of_concept.get(&concept.key.id)?;
                let mut by_country: Vec<CountryGroup> = Vec::new();
                for key in keys.iter().filter(|k| k.kind == PageKind::Role) {
                    let Some(mut link) = self.link(from_dir, key) else { continue };
                    let country = key.country.as_deref().map_or(Cow::Borrowed(""), |c| self.country_name(c).0);
                    link.summary = None;
                    CountryGroup::add(&mut by_country, country, link);
                }
                by_country.sort_by(|a, b| a.country.cmp(&b.country));
                let mut concept_link = self.link_to(from_dir, concept);
                concept_link.summary = None;
                (!by_country.is_empty()).then_some(ConceptRow { concept: concept_link, by_country })
            })
            .collect()
    }

    pub fn glossary_index(&self) -> Vec<Link<'a>> {
        let from_dir = format!("{}/glossary/", self.lang);
        let mut links: Vec<Link> =
            self.all(Some(PageKind::Glossary), Part::Title).into_iter().map(|p| self.link_to(&from_dir, p)).collect();
        links.sort_by_cached_key(|l| l.title.to_lowercase());
        links
    }
}

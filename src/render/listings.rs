//! Pages that no file describes, derived from the facts, in every language: a letter
//! finder per country ("I got a letter from …"), the comparison of countries, the A–Z
//! index and the glossary index.

use std::borrow::Cow;

use serde::Serialize;

use super::reader::{Part, Reader};
use super::views::{CountryGroup, FactColumn, Link, Phrase, fact_column, letter_finder_dir};
use crate::model::facts::{Facts, Milestone};
use crate::model::{PageKey, PageKind, Party, StepRef};

/// The letters of one sender: an organisation with the roles that work for it, or the
/// reader.
#[derive(Serialize)]
pub struct SenderGroup<'a> {
    /// "Sender: UWV": the words around the sender's name, and the name in its language.
    pub heading_before: &'a str,
    pub sender: Option<Phrase<'a>>,
    pub heading_after: &'a str,
    /// Who sends the letters of the group, when that is not only the organisation: a
    /// reader holding a letter from "de bedrijfsarts" sees it under the company doctor's
    /// organisation.
    pub senders: Vec<Phrase<'a>>,
    pub letters: Vec<FoundLetter<'a>>,
}

/// A letter in the finder: what it is and, where a role sends it, who.
#[derive(Serialize)]
pub struct FoundLetter<'a> {
    pub link: Link<'a>,
    /// Its kind in the reader's language ("An invitation"): whether it can be contested.
    pub kind: Option<Cow<'a, str>>,
    /// The role that sends it, when the group is named after its organisation.
    pub sender: Option<Phrase<'a>>,
}

#[derive(Serialize)]
pub struct LetterFinder<'a> {
    pub country: Cow<'a, str>,
    pub country_link: Option<Link<'a>>,
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

/// One country's column in the comparison.
#[derive(Serialize)]
pub struct CompareColumn<'a> {
    /// To the country's overview, titled with its name.
    pub country: Link<'a>,
    #[serde(flatten)]
    pub facts: FactColumn<'a>,
}

/// A step that reaches a milestone, with its time.
#[derive(Serialize)]
pub struct MilestoneStep<'a> {
    pub link: Link<'a>,
    /// "Week 42", in the reader's language.
    pub when: String,
}

#[derive(Serialize)]
pub struct MilestoneRow<'a> {
    pub milestone: Cow<'a, str>,
    pub by_country: Vec<CountryGroup<'a, MilestoneStep<'a>>>,
}

#[derive(Serialize)]
pub struct ConceptRow<'a> {
    pub concept: Link<'a>,
    pub by_country: Vec<CountryGroup<'a>>,
}

/// The comparison of every country, or of two.
#[derive(Serialize)]
pub struct Comparison<'a> {
    pub columns: Vec<CompareColumn<'a>>,
    /// How many grid rows a column takes (its heading, an answer per fact, its sources),
    /// so the columns' rows line up side by side.
    pub rows: usize,
    pub milestones: Vec<MilestoneRow<'a>>,
    pub roles: Vec<ConceptRow<'a>>,
    /// For each country, the pages that compare it with one other: the choice of
    /// countries that works without JavaScript.
    pub pairs: Vec<CountryGroup<'a>>,
    /// The page with every country; from a page of two, with those two chosen.
    pub all_href: String,
    /// The codes of the countries of a page of two; empty on the page of all.
    pub chosen: Vec<&'a str>,
}

/// The folder of the comparison of `pair` (two codes, in order) below a language's, or
/// of every country.
pub fn compare_dir(lang: &str, pair: Option<[&str; 2]>) -> String {
    match pair {
        Some([a, b]) => format!("{lang}/compare/{a}-{b}/"),
        None => format!("{lang}/compare/"),
    }
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

    /// The letter finders of every country that has letters, named in the reader's
    /// language.
    pub fn letter_finder_links(&self, from_dir: &str) -> Vec<Link<'a>> {
        self.all(Some(PageKind::Country), Part::Title)
            .into_iter()
            .filter_map(|country| {
                let code = country.key.country.as_deref()?;
                self.any_of(PageKind::Letter, Some(code)).then(|| {
                    let (name, lang) = self.country_name(code);
                    let href = self.urls.href(from_dir, &letter_finder_dir(self.lang, code));
                    // "I got a letter: Poland"; the finder is in every language.
                    let mut link = self.marked_link(name, lang, href, self.lang);
                    link.prefix = Some(Phrase { text: Cow::Borrowed(self.ui("letter_finder_title")), lang: self.lang });
                    link
                })
            })
            .collect()
    }

    /// The letters of `country` grouped by the organisation that sends them (a role's
    /// letters under its first organisation, with the role named), letters you send
    /// last; within a group in the order their steps come.
    pub fn letter_finder(&self, country: &str) -> LetterFinder<'a> {
        let from_dir = letter_finder_dir(self.lang, country);
        // Sender (none: the reader) → its letters, each with the first step that sends it.
        type Letters<'l> = Vec<(Option<&'l StepRef>, FoundLetter<'l>)>;
        let mut groups: Vec<(Option<PageKey>, Vec<Phrase<'a>>, Letters)> = Vec::new();
        for letter in self.pages_of(PageKind::Letter, Some(country), Part::Content) {
            let Facts::Letter(facts) = &letter.facts else { continue };
            let (group_key, role) = match &facts.sender {
                Some(Party::Page(key)) if key.kind == PageKind::Role => {
                    (Some(self.first_organisation(key).cloned().unwrap_or_else(|| key.clone())), Some(key))
                }
                Some(Party::Page(key)) => (Some(key.clone()), None),
                Some(Party::You) | None => (None, None),
            };
            let sender = facts.sender.as_ref().and_then(|party| match party {
                Party::Page(key) => self.page(key, Part::Title).map(|p| self.title(p)),
                Party::You => None,
            });
            let first_step = self.back_links(&letter.key).steps_sending_letter.get(&letter.key).and_then(|s| s.first());
            let found = FoundLetter {
                link: self.link(&from_dir, &letter.key).expect("the letter exists"),
                kind: facts.kind.map(|k| self.ui_owned(&format!("letter_kind_{}", k.name()))),
                sender: role.and(sender).map(|s| Phrase { text: Cow::Borrowed(s.text), lang: s.lang }),
            };
            let index = match groups.iter().position(|(k, _, _)| *k == group_key) {
                Some(index) => index,
                None => {
                    groups.push((group_key, Vec::new(), Vec::new()));
                    groups.len() - 1
                }
            };
            let (_, senders, letters) = &mut groups[index];
            if let Some(sender) = sender
                && !senders.iter().any(|s| s.text == sender.text)
            {
                senders.push(Phrase { text: Cow::Borrowed(sender.text), lang: sender.lang });
            }
            letters.push((first_step, found));
        }
        // Organisations by name, "letters you send" last.
        let title_of =
            |key: &Option<PageKey>| key.as_ref().and_then(|k| self.page(k, Part::Title)).map(|p| self.title(p));
        groups.sort_by_cached_key(|(key, _, _)| (key.is_none(), title_of(key).map(|t| t.text)));
        let (from_before, from_after) = self.ui("letters_from").split_once("{sender}").unwrap_or(("", ""));
        let groups = groups
            .into_iter()
            .map(|(key, senders, mut letters)| {
                letters.sort_by(|a, b| {
                    (a.0.is_none(), &a.0, &a.1.link.title).cmp(&(b.0.is_none(), &b.0, &b.1.link.title))
                });
                let letters = letters.into_iter().map(|(_, letter)| letter).collect();
                match title_of(&key) {
                    Some(sender) => SenderGroup {
                        heading_before: from_before,
                        sender: Some(Phrase { text: Cow::Borrowed(sender.text), lang: sender.lang }),
                        heading_after: from_after,
                        // Named only when a role sends some: else the heading says it all.
                        senders: if senders.iter().any(|s| s.text != sender.text) { senders } else { Vec::new() },
                        letters,
                    },
                    None => SenderGroup {
                        heading_before: self.ui("letters_you_send"),
                        sender: None,
                        heading_after: "",
                        senders: Vec::new(),
                        letters,
                    },
                }
            })
            .collect();
        LetterFinder {
            country: self.country_name(country).0,
            country_link: self.country_link(&from_dir, country),
            groups,
        }
    }

    /// Links to the comparisons of `country` with each other country, titled with the
    /// other's name.
    pub fn pair_links(&self, from_dir: &str, country: &'a str) -> Vec<Link<'a>> {
        let mut links: Vec<Link> = self
            .all(Some(PageKind::Country), Part::Title)
            .into_iter()
            .filter_map(|other| other.key.country.as_deref())
            .filter(|other| *other != country)
            .map(|other| {
                let pair = if country < other { [country, other] } else { [other, country] };
                let (name, lang) = self.country_name(other);
                let href = self.urls.href(from_dir, &compare_dir(self.lang, Some(pair)));
                self.marked_link(name, lang, href, self.lang)
            })
            .collect();
        links.sort_by_cached_key(|l| l.title.to_lowercase());
        links
    }

    /// The comparison of every country, or of the two of `pair`: their answers side by
    /// side, their procedures' steps by milestone and their roles by concept.
    pub fn comparison(&self, pair: Option<[&'a str; 2]>) -> Comparison<'a> {
        let from_dir = compare_dir(self.lang, pair);
        let shown = |code: Option<&str>| pair.is_none_or(|pair| code.is_some_and(|code| pair.contains(&code)));
        let columns: Vec<CompareColumn> = self
            .all(Some(PageKind::Country), Part::Content)
            .into_iter()
            .filter(|c| shown(c.key.country.as_deref()))
            .filter_map(|c| match (&c.facts, c.key.country.as_deref()) {
                (Facts::Country(country), Some(code)) => {
                    self.own(c, Part::Title);
                    Some(CompareColumn {
                        country: self.country_link(&from_dir, code)?,
                        facts: fact_column(self, c, country),
                    })
                }
                _ => None,
            })
            .collect();
        let milestones = self.milestones(&from_dir, &shown);
        let roles = self.role_equivalents(&from_dir, &shown);
        let mut pairs: Vec<CountryGroup> = Vec::new();
        for country in self.all(Some(PageKind::Country), Part::Title) {
            let Some(code) = country.key.country.as_deref() else { continue };
            for link in self.pair_links(&from_dir, code) {
                CountryGroup::add(&mut pairs, self, Some(code), link);
            }
        }
        CountryGroup::sort(&mut pairs);
        let mut all_href = self.urls.href(&from_dir, &compare_dir(self.lang, None));
        if let Some([a, b]) = pair {
            all_href.push_str(&format!("?countries={a},{b}"));
        }
        Comparison {
            rows: self.config().comparison.len() + 2,
            columns,
            milestones,
            roles,
            pairs,
            all_href,
            chosen: pair.map_or_else(Vec::new, Vec::from),
        }
    }

    /// For each milestone, the steps that reach it in the procedures of each country
    /// `shown` keeps. Countries left out are skipped before their links are made: a page
    /// comparing two countries costs their procedures' links, not every country's.
    fn milestones(&self, from_dir: &str, shown: &dyn Fn(Option<&str>) -> bool) -> Vec<MilestoneRow<'a>> {
        let procedures = self.all(Some(PageKind::Procedure), Part::Content);
        let procedures: Vec<_> = procedures.into_iter().filter(|p| shown(p.key.country.as_deref())).collect();
        Milestone::ALL
            .iter()
            .map(|milestone| {
                let mut by_country: Vec<CountryGroup<MilestoneStep>> = Vec::new();
                for procedure in &procedures {
                    let Facts::Procedure(facts) = &procedure.facts else { continue };
                    for (index, step) in facts.steps.iter().enumerate() {
                        if step.milestone != Some(*milestone) {
                            continue;
                        }
                        let at = StepRef { procedure: procedure.key.clone(), index };
                        let Some(link) = self.step_link(from_dir, &at) else { continue };
                        let found = MilestoneStep { link, when: self.when(step.weeks, None) };
                        CountryGroup::add(&mut by_country, self, procedure.key.country.as_deref(), found);
                    }
                }
                CountryGroup::sort(&mut by_country);
                MilestoneRow { milestone: self.ui_owned(&format!("milestone_{}", milestone.name())), by_country }
            })
            .filter(|row| !row.by_country.is_empty())
            .collect()
    }

    /// For each glossary concept, the roles that realise it in each country `shown` keeps.
    fn role_equivalents(&self, from_dir: &str, shown: &dyn Fn(Option<&str>) -> bool) -> Vec<ConceptRow<'a>> {
        self.all(Some(PageKind::Glossary), Part::Title)
            .into_iter()
            .filter_map(|concept| {
                let keys = self.back_links(&concept.key).realisations_of_concept.get(&concept.key.id)?;
                let mut by_country: Vec<CountryGroup> = Vec::new();
                for key in keys.iter().filter(|k| k.kind == PageKind::Role && shown(k.country.as_deref())) {
                    let Some(mut link) = self.link(from_dir, key) else { continue };
                    link.summary = None;
                    CountryGroup::add(&mut by_country, self, key.country.as_deref(), link);
                }
                CountryGroup::sort(&mut by_country);
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

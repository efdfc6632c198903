//! Pages that no file describes, derived from the facts: a letter finder per country
//! ("I got a letter from …"), the comparison of countries, and the glossary index. They
//! exist in every language.

use serde::Serialize;

use super::context::{Link, PageContext, ui};
use super::views::{CountryGroup, FactView, letter_finder_dir};
use crate::model::{Page, PageKey, PageKind, Party, StepRef};
use crate::resolve::{MILESTONES, party};

#[derive(Serialize)]
pub struct SenderGroup {
    pub heading: String,
    pub letters: Vec<Link>,
}

#[derive(Serialize)]
pub struct LetterFinder {
    pub country: String,
    pub country_href: String,
    pub groups: Vec<SenderGroup>,
}

/// Pages whose titles start with the same letter, for the A–Z index.
#[derive(Serialize)]
pub struct InitialGroup {
    pub initial: String,
    pub pages: Vec<KindLink>,
}

#[derive(Serialize)]
pub struct KindLink {
    pub link: Link,
    pub kind: String,
}

#[derive(Serialize)]
pub struct FactRow {
    pub country: Link,
    pub value: String,
    pub state: Option<String>,
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct FactTable {
    pub label: String,
    pub rows: Vec<FactRow>,
}

#[derive(Serialize)]
pub struct MilestoneRow {
    pub milestone: String,
    pub by_country: Vec<CountryGroup>,
}

#[derive(Serialize)]
pub struct ConceptRow {
    pub concept: Link,
    pub by_country: Vec<CountryGroup>,
}

#[derive(Serialize)]
pub struct Comparison {
    pub facts: Vec<FactTable>,
    pub milestones: Vec<MilestoneRow>,
    pub roles: Vec<ConceptRow>,
}

impl PageContext<'_> {
    /// Every page title in this language grouped by its first letter (folded, so
    /// `Ø` files under `O`), each with its kind: search without JavaScript.
    pub fn a_to_z(&self) -> Vec<InitialGroup> {
        let from_dir = format!("{}/a-z/", self.lang);
        let mut entries: Vec<(String, KindLink)> = self
            .site
            .pages
            .iter()
            .filter(|p| self.site.shown_translation(p, self.lang).is_some())
            .map(|page| {
                let link = self.link_to(&from_dir, page);
                let kind = ui(self.strings, &format!("kind_{}", page.key.kind.name())).to_string();
                (crate::index::fold(&link.title), KindLink { link, kind })
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
    pub fn letter_finder_links(&self, from_dir: &str) -> Vec<Link> {
        self.countries()
            .filter(|country| {
                self.site.pages.iter().any(|p| p.key.kind == PageKind::Letter && p.key.country == country.key.country)
            })
            .filter_map(|country| {
                let code = country.key.country.as_deref()?;
                Some(Link {
                    title: format!("{} – {}", ui(self.strings, "letter_finder_title"), self.title_of(country)),
                    href: self.urls.href(from_dir, &letter_finder_dir(self.lang, code)),
                    summary: None,
                })
            })
            .collect()
    }

    /// Countries with an overview page, in key order.
    fn countries(&self) -> impl Iterator<Item = &Page> {
        self.site.pages.iter().filter(|p| p.key.kind == PageKind::Country)
    }

    /// The letters of `country` grouped by the organisation that sends them (a role's
    /// letters count for its first organisation), letters you send last; within a group
    /// in the order their steps come.
    pub fn letter_finder(&self, country: &str) -> LetterFinder {
        let from_dir = letter_finder_dir(self.lang, country);
        // Sender (none: the reader) → its letters, each with the first step that sends it.
        type Letters = Vec<(Option<StepRef>, Link)>;
        let mut groups: Vec<(Option<PageKey>, Letters)> = Vec::new();
        for letter in self
            .site
            .pages
            .iter()
            .filter(|p| p.key.kind == PageKind::Letter && p.key.country.as_deref() == Some(country))
        {
            let sender = letter
                .original()
                .front_matter
                .sender
                .as_ref()
                .and_then(|s| party(self.site, Some(country), s.get_ref()));
            let group_key = match sender {
                Some(Party::Page(key)) if key.kind == PageKind::Role => {
                    Some(self.first_organisation(&key).unwrap_or(key))
                }
                Some(Party::Page(key)) => Some(key),
                Some(Party::You) | None => None,
            };
            let first_step =
                self.site.relations.steps_sending_letter.get(&letter.key).and_then(|steps| steps.first().cloned());
            let link = self.link_to(&from_dir, letter);
            match groups.iter_mut().find(|(k, _)| *k == group_key) {
                Some((_, letters)) => letters.push((first_step, link)),
                None => groups.push((group_key, vec![(first_step, link)])),
            }
        }
        // Organisations by name, "letters you send" last.
        groups.sort_by_key(|(key, _)| {
            (key.is_none(), key.as_ref().and_then(|k| self.site.page(k)).map(|p| self.title_of(p)))
        });
        let groups = groups
            .into_iter()
            .map(|(key, mut letters)| {
                letters.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1.title).cmp(&(b.0.is_none(), &b.0, &b.1.title)));
                let heading = match key.as_ref().and_then(|k| self.site.page(k)) {
                    Some(sender) => ui(self.strings, "letters_from").replace("{sender}", &self.title_of(sender)),
                    None => ui(self.strings, "letters_you_send").to_string(),
                };
                SenderGroup { heading, letters: letters.into_iter().map(|(_, link)| link).collect() }
            })
            .collect();
        let overview = PageKey { kind: PageKind::Country, country: Some(country.to_string()), id: String::new() };
        LetterFinder {
            country: self.country_name(Some(country)).unwrap_or_default(),
            country_href: self.urls.href(&from_dir, &format!("{}/{}", self.lang, overview.path())),
            groups,
        }
    }

    pub fn first_organisation(&self, role: &PageKey) -> Option<PageKey> {
        let organisations = self.site.page(role)?.original().front_matter.organisations.clone()?;
        organisations.iter().find_map(|o| match party(self.site, role.country.as_deref(), o.get_ref()) {
            Some(Party::Page(key)) => Some(key),
            _ => None,
        })
    }

    pub fn comparison(&self) -> Comparison {
        let from_dir = format!("{}/compare/", self.lang);
        let countries: Vec<(Link, Vec<FactView>)> =
            self.countries().map(|c| (self.link_to(&from_dir, c), self.comparison_facts(c))).collect();
        let facts = self
            .site
            .config
            .comparison
            .keys()
            .enumerate()
            .map(|(i, _)| FactTable {
                label: countries.first().and_then(|(_, f)| f.get(i)).map(|f| f.label.clone()).unwrap_or_default(),
                rows: countries
                    .iter()
                    .filter_map(|(country, facts)| {
                        let fact = facts.get(i)?;
                        Some(FactRow {
                            country: Link { title: country.title.clone(), href: country.href.clone(), summary: None },
                            value: fact.value.clone(),
                            state: fact.state.clone(),
                            source: fact.source.clone(),
                        })
                    })
                    .collect(),
            })
            .collect();
        Comparison { facts, milestones: self.milestones(&from_dir), roles: self.role_equivalents(&from_dir) }
    }

    /// For each milestone, the steps that reach it in each country's procedures.
    fn milestones(&self, from_dir: &str) -> Vec<MilestoneRow> {
        MILESTONES
            .iter()
            .map(|milestone| {
                let mut by_country: Vec<CountryGroup> = Vec::new();
                for procedure in self.site.pages.iter().filter(|p| p.key.kind == PageKind::Procedure) {
                    let Some(steps) = procedure.original().front_matter.steps.as_ref() else { continue };
                    let weeks = crate::model::step_weeks(steps.get_ref());
                    for (index, step) in steps.get_ref().iter().enumerate() {
                        if step.milestone.as_ref().map(|m| m.get_ref().as_str()) != Some(*milestone) {
                            continue;
                        }
                        let Some(mut link) =
                            self.step_link(from_dir, &StepRef { procedure: procedure.key.clone(), index })
                        else {
                            continue;
                        };
                        link.summary = Some(self.when(weeks[index], None));
                        let country = self.country_name(procedure.key.country.as_deref()).unwrap_or_default();
                        CountryGroup::add(&mut by_country, country, link);
                    }
                }
                by_country.sort_by(|a, b| a.country.cmp(&b.country));
                MilestoneRow { milestone: ui(self.strings, &format!("milestone_{milestone}")).to_string(), by_country }
            })
            .filter(|row| !row.by_country.is_empty())
            .collect()
    }

    /// For each glossary concept, the roles that realise it in each country.
    fn role_equivalents(&self, from_dir: &str) -> Vec<ConceptRow> {
        self.site
            .pages
            .iter()
            .filter(|p| p.key.kind == PageKind::Glossary)
            .filter_map(|concept| {
                let keys = self.site.relations.realisations_of_concept.get(&concept.key.id)?;
                let mut by_country: Vec<CountryGroup> = Vec::new();
                for key in keys.iter().filter(|k| k.kind == PageKind::Role) {
                    let Some(role) = self.site.page(key) else { continue };
                    let country = self.country_name(key.country.as_deref()).unwrap_or_default();
                    let mut link = self.link_to(from_dir, role);
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

    pub fn glossary_index(&self) -> Vec<Link> {
        let from_dir = format!("{}/glossary/", self.lang);
        let mut links: Vec<Link> = self
            .site
            .pages
            .iter()
            .filter(|p| p.key.kind == PageKind::Glossary)
            .map(|p| self.link_to(&from_dir, p))
            .collect();
        links.sort_by_cached_key(|l| l.title.to_lowercase());
        links
    }
}

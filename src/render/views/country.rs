//! The pages that gather others: a country (institutions, procedures, key facts with
//! their sources, cross-border pages), the home page (the three ways in), a glossary
//! concept (who realises it per country) and a cross-border page (its two countries).

use std::borrow::Cow;

use serde::Serialize;

use super::{Link, letter_finder_dir};
use crate::model::facts::Country;
use crate::model::{Page, PageKey, PageKind};
use crate::render::reader::{Part, Reader};

#[derive(Serialize)]
pub struct FactView<'a> {
    pub label: &'a str,
    pub value: Cow<'a, str>,
    /// "yes", "no", "unknown" for tri-state facts, for styling.
    pub state: Option<&'static str>,
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct CountryView<'a> {
    pub institutions: Vec<Link<'a>>,
    pub procedures: Vec<Link<'a>>,
    pub facts: Vec<FactView<'a>>,
    pub cross_border: Vec<Link<'a>>,
    pub letter_finder: Option<String>,
    pub compare: String,
}

#[derive(Serialize)]
pub struct CountryGroup<'a> {
    pub country: Cow<'a, str>,
    pub links: Vec<Link<'a>>,
}

impl<'a> CountryGroup<'a> {
    /// Adds `link` to the group of `country`, starting the group when it is new.
    pub fn add(groups: &mut Vec<CountryGroup<'a>>, country: Cow<'a, str>, link: Link<'a>) {
        match groups.iter_mut().find(|g| g.country == country) {
            Some(group) => group.links.push(link),
            None => groups.push(CountryGroup { country, links: vec![link] }),
        }
    }
}

#[derive(Serialize)]
pub struct GlossaryView<'a> {
    pub realisations: Vec<CountryGroup<'a>>,
    pub index: String,
}

/// One country on the home page: where a reader with a letter, or who is sick, goes.
#[derive(Serialize)]
pub struct CountryEntry<'a> {
    pub name: Cow<'a, str>,
    pub href: String,
    pub letter_finder: Option<String>,
    pub procedures: Vec<Link<'a>>,
}

/// The home page's three ways in: "I got a letter", "I am sick", "I work with clients
/// abroad".
#[derive(Serialize)]
pub struct HomeView<'a> {
    pub countries: Vec<CountryEntry<'a>>,
    pub compare: Option<String>,
    pub glossary: Option<String>,
    pub cross_border: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct CrossBorderView<'a> {
    pub countries: Vec<Link<'a>>,
}

/// A country's comparison facts in `site.toml` order, each with its label, value and
/// the source it cites; a fact the country does not state shows as unknown.
pub fn comparison_facts<'a>(r: &Reader<'a>, page: &'a Page, country: &'a Country) -> Vec<FactView<'a>> {
    let config = r.config();
    config
        .comparison
        .iter()
        .map(|(id, declared)| {
            let label =
                declared.label.get(r.lang).or_else(|| declared.label.get(&config.default_language)).unwrap_or(id);
            let stated = country.comparison.get(id);
            let (value, state) = match stated.map(|s| (s.value.state(), &s.value)) {
                Some((Some(state), _)) => (Cow::Owned(r.ui_owned(&format!("fact_{state}")).into_owned()), Some(state)),
                Some((None, value)) => (Cow::Owned(value.written()), None),
                None => (Cow::Borrowed(r.ui("fact_unknown")), Some("unknown")),
            };
            let source = stated
                .and_then(|s| s.source.as_deref())
                .and_then(|id| page.sources.iter().find(|s| s.id.as_deref() == Some(id)))
                .map(|s| match s.year {
                    Some(year) => format!("{}, {} ({year})", s.title, s.publisher),
                    None => format!("{}, {}", s.title, s.publisher),
                });
            FactView { label, value, state, source }
        })
        .collect()
}

impl<'a> Reader<'a> {
    pub fn country_view(&self, page: &'a Page, country: &'a Country) -> CountryView<'a> {
        let from_dir = self.dir_of(page);
        let code = page.key.country.as_deref();
        let procedures = self.pages_of(PageKind::Procedure, code, Part::Title);
        CountryView {
            institutions: country.institutions.iter().filter_map(|i| self.link(&from_dir, i)).collect(),
            procedures: procedures.into_iter().map(|p| self.link_to(&from_dir, p)).collect(),
            facts: comparison_facts(self, page, country),
            cross_border: self.cross_border_links(&from_dir, code),
            letter_finder: self
                .any_of(PageKind::Letter, code)
                .then(|| self.urls.href(&from_dir, &letter_finder_dir(self.lang, code.unwrap_or_default()))),
            compare: self.urls.href(&from_dir, &format!("{}/compare/", self.lang)),
        }
    }

    pub fn glossary_view(&self, page: &'a Page) -> GlossaryView<'a> {
        let from_dir = self.dir_of(page);
        let mut realisations: Vec<CountryGroup> = Vec::new();
        for key in self.back_links(&page.key).realisations_of_concept.get(&page.key.id).into_iter().flatten() {
            let Some(mut link) = self.link(&from_dir, key) else { continue };
            let country = key.country.as_deref().map_or(Cow::Borrowed(""), |c| self.country_name(c).0);
            link.summary = None;
            CountryGroup::add(&mut realisations, country, link);
        }
        realisations.sort_by(|a, b| a.country.cmp(&b.country));
        GlossaryView { realisations, index: self.urls.href(&from_dir, &format!("{}/glossary/", self.lang)) }
    }

    pub fn home_view(&self, page: &'a Page) -> HomeView<'a> {
        let from_dir = self.dir_of(page);
        let mut countries: Vec<CountryEntry> = self
            .all(Some(PageKind::Country), Part::Title)
            .into_iter()
            .map(|country| {
                let code = country.key.country.as_deref().unwrap_or_default();
                CountryEntry {
                    name: self.country_name(code).0,
                    href: self.urls.href(&from_dir, &self.dir_of(country)),
                    letter_finder: self
                        .any_of(PageKind::Letter, Some(code))
                        .then(|| self.urls.href(&from_dir, &letter_finder_dir(self.lang, code))),
                    procedures: self
                        .pages_of(PageKind::Procedure, Some(code), Part::Title)
                        .into_iter()
                        .map(|p| self.link_to(&from_dir, p))
                        .collect(),
                }
            })
            .collect();
        // Country names sorted as the reader's language spells them.
        countries.sort_by_cached_key(|c| c.name.to_lowercase());
        HomeView {
            countries,
            compare: self
                .any_of(PageKind::Country, None)
                .then(|| self.urls.href(&from_dir, &format!("{}/compare/", self.lang))),
            glossary: self
                .any_of(PageKind::Glossary, None)
                .then(|| self.urls.href(&from_dir, &format!("{}/glossary/", self.lang))),
            cross_border: self
                .all(Some(PageKind::CrossBorder), Part::Title)
                .into_iter()
                .map(|p| self.link_to(&from_dir, p))
                .collect(),
        }
    }

    pub fn cross_border_view(&self, page: &'a Page) -> CrossBorderView<'a> {
        let from_dir = self.dir_of(page);
        let countries = page.key.id.split('-').filter_map(|c| self.link(&from_dir, &PageKey::country(c))).collect();
        CrossBorderView { countries }
    }
}

//! The pages that gather others: a country (institutions, procedures, key facts with
//! their sources, cross-border pages), the home page (the three ways in), a glossary
//! concept (who realises it per country) and a cross-border page (its two countries).

use std::borrow::Cow;

use serde::Serialize;

use super::{Link, Phrase, letter_finder_dir};
use crate::model::facts::{Country, Stated, StatedValue};
use crate::model::{Page, PageKind, Source, Translation};
use crate::render::reader::{Part, Reader};
use crate::render::theme::{UiStrings, ui};

/// A country's answers to the comparison facts, each source cited once: a column of the
/// comparison, and the key facts on the country's own page.
#[derive(Serialize)]
pub struct FactColumn<'a> {
    /// The country code: it names the column in ids and in the choice of countries.
    pub code: &'a str,
    pub answers: Vec<Answer<'a>>,
    /// The sources the answers cite, numbered in the order first cited.
    pub sources: Vec<Footnote<'a>>,
}

/// One comparison fact as a country answers it.
#[derive(Serialize)]
pub struct Answer<'a> {
    pub label: Phrase<'a>,
    pub value: Phrase<'a>,
    /// "yes", "no", "unknown" for tri-state facts, for styling.
    pub state: Option<&'static str>,
    /// The number of the source it cites in its column's [`FactColumn::sources`].
    pub source: Option<usize>,
}

#[derive(Serialize)]
pub struct Footnote<'a> {
    pub number: usize,
    pub title: &'a str,
    pub publisher: &'a str,
    pub year: Option<i32>,
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct CountryView<'a> {
    pub institutions: Vec<Link<'a>>,
    pub procedures: Vec<Link<'a>>,
    pub facts: FactColumn<'a>,
    pub cross_border: Vec<Link<'a>>,
    pub letter_finder: Option<String>,
    pub compare: String,
    /// The comparisons of this country with each other one.
    pub compare_with: Vec<Link<'a>>,
}

/// Links of one country, under its name in the reader's language.
#[derive(Serialize)]
pub struct CountryGroup<'a, T = Link<'a>> {
    /// The country code (empty for pages of no country), for the comparison's choice of
    /// countries.
    pub code: &'a str,
    pub country: Phrase<'a>,
    pub links: Vec<T>,
}

impl<'a, T> CountryGroup<'a, T> {
    /// Adds `link` to the group of `code`, starting the group when it is new.
    pub fn add(groups: &mut Vec<CountryGroup<'a, T>>, r: &Reader<'a>, code: Option<&'a str>, link: T) {
        let code = code.unwrap_or_default();
        match groups.iter_mut().find(|g| g.code == code) {
            Some(group) => group.links.push(link),
            None => {
                let (text, lang) = if code.is_empty() { (Cow::Borrowed(""), r.lang) } else { r.country_name(code) };
                groups.push(CountryGroup { code, country: Phrase { text, lang }, links: vec![link] });
            }
        }
    }

    /// Groups in the order of their countries' names.
    pub fn sort(groups: &mut [CountryGroup<'a, T>]) {
        groups.sort_by(|a, b| a.country.text.cmp(&b.country.text));
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
    /// To the country's overview, titled with its name.
    pub link: Link<'a>,
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

/// A comparison value as readers of `shown` see it, with its language when that is not
/// theirs: yes, no and unknown in their words (`strings`), a number as written, a text in
/// their translation's words where it gives them, else the original's.
pub fn shown_answer<'a>(
    strings: &'a UiStrings,
    page: &'a Page,
    shown: &'a Translation,
    id: &str,
    stated: &'a Stated,
) -> (Cow<'a, str>, Option<&'a str>) {
    match (&stated.value, stated.value.state()) {
        (_, Some(state)) => (Cow::Borrowed(ui(strings, state_key(state))), None),
        (StatedValue::Text(original), None) => {
            match page.text(shown, |t| t.texts().comparison.get(id).map(String::as_str)) {
                Some(translated) => (Cow::Borrowed(translated.text), Some(translated.lang)),
                None => (Cow::Borrowed(original.as_str()), Some(page.original().lang.as_str())),
            }
        }
        (number, None) => (Cow::Owned(number.written()), None),
    }
}

/// The UI string of a yes/no/unknown answer.
fn state_key(state: &str) -> &'static str {
    match state {
        "yes" => "fact_yes",
        "no" => "fact_no",
        _ => "fact_unknown",
    }
}

/// `country`'s answers in `site.toml` order, each with its label and the number of the
/// source it cites; a fact the country does not state shows as unknown.
pub fn fact_column<'a>(r: &Reader<'a>, page: &'a Page, country: &'a Country) -> FactColumn<'a> {
    let config = r.config();
    let shown = r.shown(page);
    let mut cited: Vec<&'a Source> = Vec::new();
    let answers = config
        .comparison
        .iter()
        .map(|(id, declared)| {
            let label = match declared.label.get(r.lang) {
                Some(label) => Phrase { text: Cow::Borrowed(label), lang: r.lang },
                None => Phrase {
                    text: Cow::Borrowed(declared.label.get(&config.default_language).unwrap_or(id)),
                    lang: &config.default_language,
                },
            };
            let stated = country.comparison.get(id);
            let (value, lang) = match stated {
                Some(stated) => shown_answer(r.strings, page, shown, id, stated),
                None => (Cow::Borrowed(r.ui("fact_unknown")), None),
            };
            let source = stated
                .and_then(|s| s.source.as_deref())
                .and_then(|id| page.sources.iter().find(|s| s.id.as_deref() == Some(id)))
                .map(|source| match cited.iter().position(|c| std::ptr::eq(*c, source)) {
                    Some(at) => at + 1,
                    None => {
                        cited.push(source);
                        cited.len()
                    }
                });
            Answer {
                label,
                value: Phrase { text: value, lang: lang.unwrap_or(r.lang) },
                state: stated.map_or(Some("unknown"), |s| s.value.state()),
                source,
            }
        })
        .collect();
    let sources = cited
        .into_iter()
        .enumerate()
        .map(|(at, s)| Footnote {
            number: at + 1,
            title: &s.title,
            publisher: &s.publisher,
            year: s.year,
            url: s.url(),
        })
        .collect();
    FactColumn { code: page.key.country.as_deref().unwrap_or_default(), answers, sources }
}

impl<'a> Reader<'a> {
    pub fn country_view(&self, page: &'a Page, country: &'a Country) -> CountryView<'a> {
        let from_dir = self.dir_of(page);
        let code = page.key.country.as_deref();
        let procedures = self.pages_of(PageKind::Procedure, code, Part::Title);
        CountryView {
            institutions: country.institutions.iter().filter_map(|i| self.link(&from_dir, i)).collect(),
            procedures: procedures.into_iter().map(|p| self.link_to(&from_dir, p)).collect(),
            facts: fact_column(self, page, country),
            cross_border: self.cross_border_links(&from_dir, code),
            letter_finder: self
                .any_of(PageKind::Letter, code)
                .then(|| self.urls.href(&from_dir, &letter_finder_dir(self.lang, code.unwrap_or_default()))),
            compare: self.urls.href(&from_dir, &format!("{}/compare/", self.lang)),
            compare_with: code.map_or_else(Vec::new, |code| self.pair_links(&from_dir, code)),
        }
    }

    pub fn glossary_view(&self, page: &'a Page) -> GlossaryView<'a> {
        let from_dir = self.dir_of(page);
        let mut realisations: Vec<CountryGroup> = Vec::new();
        for key in self.back_links(&page.key).realisations_of_concept.get(&page.key.id).into_iter().flatten() {
            let Some(mut link) = self.link(&from_dir, key) else { continue };
            link.summary = None;
            CountryGroup::add(&mut realisations, self, key.country.as_deref(), link);
        }
        CountryGroup::sort(&mut realisations);
        GlossaryView { realisations, index: self.urls.href(&from_dir, &format!("{}/glossary/", self.lang)) }
    }

    pub fn home_view(&self, page: &'a Page) -> HomeView<'a> {
        let from_dir = self.dir_of(page);
        let mut countries: Vec<CountryEntry> = self
            .all(Some(PageKind::Country), Part::Title)
            .into_iter()
            .filter_map(|country| {
                let code = country.key.country.as_deref()?;
                Some(CountryEntry {
                    link: self.country_link(&from_dir, code)?,
                    letter_finder: self
                        .any_of(PageKind::Letter, Some(code))
                        .then(|| self.urls.href(&from_dir, &letter_finder_dir(self.lang, code))),
                    procedures: self
                        .pages_of(PageKind::Procedure, Some(code), Part::Title)
                        .into_iter()
                        .map(|p| self.link_to(&from_dir, p))
                        .collect(),
                })
            })
            .collect();
        // Country names sorted as the reader's language spells them.
        countries.sort_by_cached_key(|c| c.link.title.to_lowercase());
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
        let countries = page.key.id.split('-').filter_map(|c| self.country_link(&from_dir, c)).collect();
        CrossBorderView { countries }
    }
}

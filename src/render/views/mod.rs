//! What a template sees: plain data computed in Rust (URLs, dates, notices, names), so
//! templates only place ready values and a site can replace a template without
//! re-implementing logic. Views borrow their text from the model, and say which language
//! each text is in where it can differ from the reader's (a fallback). One module per
//! kind of page; this one holds what every page shows.

mod country;
mod letter;
mod procedure;
mod role;

pub use country::{CountryGroup, FactView, comparison_facts};
pub use procedure::StepView;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::reader::{Part, Reader};
use crate::markdown;
use crate::model::facts::{Facts, Period, PeriodUnit};
use crate::model::{Heading, Page, PageKey, PageKind, Party, StepRef, Translation};
use crate::output::Urls;

/// A link to a page, with the title and summary the reader sees there.
#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub title: Cow<'a, str>,
    pub href: String,
    pub summary: Option<Cow<'a, str>>,
    /// The language of the title and summary: another than the reader's when the page
    /// has no translation in it.
    pub lang: &'a str,
}

#[derive(Serialize)]
pub struct LinkGroup<'a> {
    pub kind: &'static str,
    pub links: Vec<Link<'a>>,
}

/// Who acts or receives: a linked page, or the reader.
#[derive(Serialize)]
pub struct PartyView<'a> {
    pub name: Cow<'a, str>,
    pub href: Option<String>,
    pub lang: &'a str,
}

#[derive(Serialize)]
pub struct LanguageLink<'a> {
    pub code: &'a str,
    /// The language's name in itself.
    pub name: &'a str,
    pub href: String,
    pub current: bool,
    /// Whether the page exists in that language (not a fallback).
    pub translated: bool,
    /// `ltr` or `rtl`: the name is written in the language, so it runs its way.
    pub dir: &'static str,
}

#[derive(Serialize)]
pub struct Alternate<'a> {
    pub hreflang: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub publisher: &'a str,
    pub year: Option<i32>,
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Fallback {
    /// The notice, in the reader's language.
    pub notice: String,
    pub original_href: String,
}

/// The site-wide part of every page's context.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    /// The direction of the page's language: `ltr` or `rtl`.
    pub dir: &'static str,
    /// The direction of every language of the site, for a text in another language than
    /// the page's: `dir="{{ site.dirs[link.lang] }}"`.
    pub dirs: BTreeMap<&'a str, &'static str>,
    pub lang_name: &'a str,
    /// Prefix for theme files: `{{ site.root }}static/style.css`.
    pub root: String,
    pub home_href: String,
    /// The search page of this language, linked from every page's header.
    pub search_href: String,
    pub languages: Vec<LanguageLink<'a>>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub content: String,
    /// Level-2 headings, for "on this page".
    pub toc: Vec<Cow<'a, Heading>>,
    pub reviewed: Option<String>,
    pub reviewed_iso: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// A warning when the rules on the page are not in force today.
    pub validity_warning: Option<String>,
    pub sources: Vec<SourceView<'a>>,
    /// The language the text is written in (differs from the page language on fallbacks).
    pub content_lang: &'a str,
    pub fallback: Option<Fallback>,
    pub canonical: String,
    pub alternates: Vec<Alternate<'a>>,
    pub breadcrumbs: Vec<Link<'a>>,
    pub children: Vec<LinkGroup<'a>>,
}

/// "Who to contact, who decides": the same block in the same place on every citizen
/// page (procedures, letters, roles, countries).
#[derive(Serialize)]
pub struct HelpBlock<'a> {
    pub decides: Option<PartyView<'a>>,
    pub contacts: Vec<Link<'a>>,
}

/// A date in the reader's language, from the theme's `months` and `date_format`.
pub fn format_date(date: jiff::civil::Date, r: &Reader) -> String {
    let months: Vec<&str> = r
        .strings
        .get("months")
        .and_then(toml::Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(toml::Value::as_str).collect());
    let month_number = usize::try_from(date.month()).unwrap_or(1);
    let month = months.get(month_number.saturating_sub(1)).map_or_else(|| date.month().to_string(), |m| m.to_string());
    r.ui("date_format")
        .replace("{day}", &date.day().to_string())
        .replace("{month}", &month)
        .replace("{year}", &date.year().to_string())
}

impl<'a> Reader<'a> {
    /// A link from `from_dir` to the page at `key`, with its title and summary.
    pub fn link(&self, from_dir: &str, key: &PageKey) -> Option<Link<'a>> {
        self.page(key, Part::Title).map(|page| self.link_to(from_dir, page))
    }

    /// A link to `page`, whose [`Part::Title`] the caller has read.
    pub fn link_to(&self, from_dir: &str, page: &'a Page) -> Link<'a> {
        let shown = self.shown(page);
        Link {
            title: Cow::Borrowed(&shown.title),
            href: self.urls.href(from_dir, &self.dir_of(page)),
            summary: shown.summary.as_deref().map(Cow::Borrowed),
            lang: &shown.lang,
        }
    }

    /// Links to the pages at `keys` that exist.
    pub fn links(&self, from_dir: &str, keys: Option<&'a Vec<PageKey>>) -> Vec<Link<'a>> {
        keys.into_iter().flatten().filter_map(|key| self.link(from_dir, key)).collect()
    }

    /// The reader, or a role or organisation linked by its title.
    pub fn party(&self, from_dir: &str, party: &Party) -> PartyView<'a> {
        match party {
            Party::You => PartyView { name: Cow::Borrowed(self.ui("you")), href: None, lang: self.lang },
            Party::Page(key) => match self.link(from_dir, key) {
                Some(link) => PartyView { name: link.title, href: Some(link.href), lang: link.lang },
                None => PartyView { name: Cow::Owned(key.id.clone()), href: None, lang: self.lang },
            },
        }
    }

    /// A link to one step: "Procedure title: step title", to the step's anchor.
    pub fn step_link(&self, from_dir: &str, step: &StepRef) -> Option<Link<'a>> {
        let procedure = self.page(&step.procedure, Part::Content)?;
        self.own(procedure, Part::Title);
        let Facts::Procedure(facts) = &procedure.facts else { return None };
        let id = &facts.steps.get(step.index)?.id;
        let shown = self.shown(procedure);
        let title = procedure
            .text(shown, |t| t.texts().steps.get(step.index)?.title.as_deref())
            .map_or(id.as_str(), |s| s.text);
        let link = self.link_to(from_dir, procedure);
        Some(Link {
            title: Cow::Owned(format!("{}: {title}", link.title)),
            href: format!("{}#{id}", link.href),
            summary: None,
            lang: link.lang,
        })
    }

    /// Links to steps.
    pub fn step_links(&self, from_dir: &str, steps: Option<&Vec<StepRef>>) -> Vec<Link<'a>> {
        steps.into_iter().flatten().filter_map(|s| self.step_link(from_dir, s)).collect()
    }

    /// "Week 6" / "Weeks 8–10" / "After: …" in the reader's language.
    pub fn when(&self, weeks: Option<(i64, i64)>, after_title: Option<&str>) -> String {
        match (weeks, after_title) {
            (Some((a, b)), _) if a == b => self.ui("week_n").replace("{n}", &a.to_string()),
            (Some((a, b)), _) => {
                self.ui("weeks_range").replace("{from}", &a.to_string()).replace("{to}", &b.to_string())
            }
            (None, Some(title)) => self.ui("after_step").replace("{step}", title),
            (None, None) => self.ui("week_unknown").to_string(),
        }
    }

    /// "Within 6 weeks of the date on the letter", in the reader's language. `from_what`
    /// names the letter in the UI keys: `counted_from` (this letter) or
    /// `appeal_counted_from` (the decision on the objection).
    pub fn period(&self, period: &Period, from_what: &str) -> String {
        let unit = match period.unit {
            PeriodUnit::Days => "days",
            PeriodUnit::Weeks => "weeks",
            PeriodUnit::Months => "months",
        };
        let key = if period.amount == 1 { format!("within_{unit}_one") } else { format!("within_{unit}") };
        format!(
            "{} {}",
            crate::render::theme::ui(self.strings, &key).replace("{n}", &period.amount.to_string()),
            crate::render::theme::ui(self.strings, &format!("{from_what}_{}", period.counted_from.name()))
        )
    }

    /// "This is guidance, not a decision; X decides": on every procedure and letter page.
    pub fn guidance(&self, decides: Option<&PageKey>) -> String {
        match decides.and_then(|key| self.page(key, Part::Title)) {
            Some(body) => self.ui("guidance_notice").replace("{body}", self.title(body).text),
            None => self.ui("guidance_notice_general").to_string(),
        }
    }

    /// The first organisation a role works for.
    pub fn first_organisation(&self, role: &PageKey) -> Option<&'a PageKey> {
        match &self.page(role, Part::Content)?.facts {
            Facts::Role(role) => role.organisations.first(),
            _ => None,
        }
    }

    /// The site-wide context for a page at `from_dir` whose path below each language
    /// folder is `path` (`nl/organisations/uwv/`); `page` says which languages really
    /// have it (generated pages exist in every language).
    pub fn site_view(&self, from_dir: &str, path: &str, page: Option<&Page>) -> SiteView<'a> {
        let config = self.config();
        let languages = config
            .language_codes()
            .into_iter()
            .map(|code| LanguageLink {
                code,
                name: config.languages.get(code).map_or(code, |l| l.name.as_str()),
                href: self.urls.href(from_dir, &format!("{code}/{path}")),
                current: code == self.lang,
                translated: page.is_none_or(|p| p.translations.contains_key(code)),
                dir: config.direction(code).name(),
            })
            .collect();
        let language = config.languages.get(self.lang);
        SiteView {
            title: language.map_or("", |l| l.title.as_str()),
            lang: self.lang,
            dir: config.direction(self.lang).name(),
            dirs: config.language_codes().into_iter().map(|code| (code, config.direction(code).name())).collect(),
            lang_name: language.map_or("", |l| l.name.as_str()),
            root: self.urls.href(from_dir, "").trim_end_matches("index.html").to_string(),
            home_href: self.urls.href(from_dir, &format!("{}/", self.lang)),
            search_href: self.urls.href(from_dir, &format!("{}/search/", self.lang)),
            languages,
        }
    }

    /// What every page shows of itself: its text, dates, sources and where it sits.
    pub fn page_view(&self, page: &'a Page, shown: &'a Translation) -> PageView<'a> {
        let from_dir = self.dir_of(page);
        let content = markdown::to_html(shown.body(), &|destination| self.internal_href(&from_dir, destination));
        let fallback = (shown.lang != self.lang).then(|| {
            let original_name =
                self.config().languages.get(&shown.lang).map_or(shown.lang.as_str(), |l| l.name.as_str());
            Fallback {
                notice: self.ui("fallback_notice").replace("{original}", original_name),
                original_href: self.urls.href(&from_dir, &Urls::page_dir(&shown.lang, &page.key)),
            }
        });
        PageView {
            kind: page.key.kind.name(),
            title: &shown.title,
            summary: shown.summary.as_deref(),
            content,
            toc: shown.headings.iter().filter(|h| h.level == 2).map(Cow::Borrowed).collect(),
            reviewed: shown.reviewed.map(|d| format_date(d, self)),
            reviewed_iso: shown.reviewed.map(|d| d.to_string()),
            valid_from: page.valid_from.map(|d| format_date(d, self)),
            valid_until: page.valid_until.map(|d| format_date(d, self)),
            validity_warning: self.validity_warning(page),
            sources: page
                .sources
                .iter()
                .map(|s| SourceView { title: &s.title, publisher: &s.publisher, year: s.year, url: s.url() })
                .collect(),
            content_lang: &shown.lang,
            fallback,
            canonical: self.urls.absolute(&Urls::page_dir(&shown.lang, &page.key)),
            alternates: alternates(page, self.urls, &self.config().default_language),
            breadcrumbs: self.breadcrumbs(&from_dir, page),
            children: self.children(&from_dir, page),
        }
    }

    /// Said at the top of a page whose rules start later or have ended.
    fn validity_warning(&self, page: &Page) -> Option<String> {
        if let Some(from) = page.valid_from
            && from > self.today()
        {
            return Some(self.ui("valid_future").replace("{date}", &format_date(from, self)));
        }
        if let Some(until) = page.valid_until
            && until < self.today()
        {
            return Some(self.ui("valid_expired").replace("{date}", &format_date(until, self)));
        }
        None
    }

    /// Home, then the country overview for pages inside a country.
    fn breadcrumbs(&self, from_dir: &str, page: &Page) -> Vec<Link<'a>> {
        if page.key.kind == PageKind::Home {
            return Vec::new();
        }
        let mut crumbs: Vec<Link> = self.link(from_dir, &PageKey::home()).into_iter().collect();
        if page.key.kind != PageKind::Country
            && let Some(country) = &page.key.country
        {
            crumbs.extend(self.link(from_dir, &PageKey::country(country)));
        }
        crumbs
    }

    /// The pages below this one, grouped by kind: countries and site-wide pages on the
    /// home page, a country's pages on its overview.
    fn children(&self, from_dir: &str, page: &Page) -> Vec<LinkGroup<'a>> {
        let country = match page.key.kind {
            PageKind::Home => None,
            PageKind::Country => page.key.country.as_deref(),
            _ => return Vec::new(),
        };
        let mut groups = Vec::new();
        for kind in PageKind::ALL {
            let candidates = match (page.key.kind, kind) {
                (_, PageKind::Home) | (PageKind::Country, PageKind::Country) => continue,
                (PageKind::Home, PageKind::Country) => self.all(Some(kind), Part::Title),
                _ => self.pages_of(kind, country, Part::Title),
            };
            let mut links: Vec<Link> = candidates.into_iter().map(|c| self.link_to(from_dir, c)).collect();
            if !links.is_empty() {
                links.sort_by_cached_key(|link| link.title.to_lowercase());
                groups.push(LinkGroup { kind: kind.name(), links });
            }
        }
        groups
    }

    /// The organisations to contact about a page and the body that decides, from its facts.
    pub fn help_block(&self, page: &'a Page) -> Option<HelpBlock<'a>> {
        let from_dir = self.dir_of(page);
        let (decides, wanted): (Option<&PageKey>, Vec<Party>) = match &page.facts {
            Facts::Procedure(procedure) => {
                (procedure.decides.as_ref(), procedure.decides.iter().cloned().map(Party::Page).collect())
            }
            Facts::Letter(letter) => {
                let mut wanted: Vec<Party> = letter.sender.iter().cloned().collect();
                wanted.extend(letter.decides.iter().cloned().map(Party::Page));
                (letter.decides.as_ref(), wanted)
            }
            Facts::Role(role) => (None, role.organisations.iter().cloned().map(Party::Page).collect()),
            Facts::Country(country) => (None, country.institutions.iter().cloned().map(Party::Page).collect()),
            _ => return None,
        };
        let mut contacts: Vec<Link> = Vec::new();
        for party in wanted {
            let Party::Page(key) = party else { continue };
            let organisation =
                if key.kind == PageKind::Role { self.first_organisation(&key).cloned() } else { Some(key) };
            if let Some(mut link) = organisation.and_then(|key| self.link(&from_dir, &key)) {
                link.summary = None;
                if !contacts.iter().any(|l| l.href == link.href) {
                    contacts.push(link);
                }
            }
        }
        let decides = decides.map(|key| self.party(&from_dir, &Party::Page(key.clone())));
        (decides.is_some() || !contacts.is_empty()).then_some(HelpBlock { decides, contacts })
    }

    /// The URL of an `@/` link for this reader; `None` when it cannot be followed.
    pub fn internal_href(&self, from_dir: &str, destination: &str) -> Option<String> {
        let config = self.config();
        let link =
            markdown::parse_internal_link(destination, &config.language_codes(), &config.default_language).ok()?;
        if !self.exists(&link.target) {
            return None;
        }
        let lang = link.lang.as_deref().unwrap_or(self.lang);
        let mut href = self.urls.href(from_dir, &Urls::page_dir(lang, &link.target));
        if let Some(anchor) = &link.anchor {
            href.push('#');
            href.push_str(anchor);
        }
        Some(href)
    }

    /// Links to the cross-border pages of `country`.
    pub fn cross_border_links(&self, from_dir: &str, country: Option<&str>) -> Vec<Link<'a>> {
        let Some(country) = country else { return Vec::new() };
        self.links(from_dir, self.back_links(&PageKey::country(country)).cross_border_of_country.get(country))
    }
}

/// Every real translation of `page` for `hreflang`, and the default language's as
/// `x-default`.
pub fn alternates<'a>(page: &'a Page, urls: &Urls, default_language: &'a str) -> Vec<Alternate<'a>> {
    let mut alternates: Vec<Alternate> = page
        .translations
        .keys()
        .map(|code| Alternate { hreflang: code, href: urls.absolute(&Urls::page_dir(code, &page.key)) })
        .collect();
    alternates
        .push(Alternate { hreflang: "x-default", href: urls.absolute(&Urls::page_dir(default_language, &page.key)) });
    alternates
}

/// The output folder of a country's letter finder.
pub fn letter_finder_dir(lang: &str, country: &str) -> String {
    format!("{lang}/{country}/letters/")
}

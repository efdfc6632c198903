//! What a template sees. Everything is computed here in Rust (URLs, dates, the
//! fallback notice), so templates only place ready values and a site can replace a
//! template without re-implementing logic.

use serde::Serialize;

use crate::markdown;
use crate::model::{Heading, Page, PageKey, PageKind, Site, Translation};

use super::theme::UiStrings;
use super::urls::Urls;

#[derive(Serialize)]
pub struct LanguageLink {
    pub code: String,
    /// The language's name in itself.
    pub name: String,
    pub href: String,
    pub current: bool,
    /// Whether the page exists in that language (not a fallback).
    pub translated: bool,
}

#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
    pub summary: Option<String>,
}

#[derive(Serialize)]
pub struct LinkGroup {
    pub kind: &'static str,
    pub links: Vec<Link>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: String,
    pub year: Option<i32>,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct Fallback {
    /// The notice, in the reader's language.
    pub notice: String,
    pub original_href: String,
}

/// The site-wide part of every page's context.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub lang: String,
    pub lang_name: String,
    /// Prefix for theme files: `{{ site.root }}static/style.css`.
    pub root: String,
    pub home_href: String,
    /// The search page of this language, linked from every page's header.
    pub search_href: String,
    pub languages: Vec<LanguageLink>,
}

#[derive(Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    /// Level-2 headings, for "on this page".
    pub toc: Vec<Heading>,
    pub reviewed: Option<String>,
    pub reviewed_iso: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// A warning when the rules on the page are not in force today.
    pub validity_warning: Option<String>,
    pub sources: Vec<SourceView>,
    /// The language the text is written in (differs from the page language on fallbacks).
    pub content_lang: String,
    pub fallback: Option<Fallback>,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub breadcrumbs: Vec<Link>,
    pub children: Vec<LinkGroup>,
}

/// A UI string, or its key when missing (the theme check reports missing keys before
/// rendering starts, so this only shows in a broken override).
pub fn ui<'a>(strings: &'a UiStrings, key: &'a str) -> &'a str {
    strings.get(key).and_then(toml::Value::as_str).unwrap_or(key)
}

/// A date in the reader's language, from the theme's `months` and `date_format`.
pub fn format_date(date: &toml::value::Datetime, strings: &UiStrings) -> Option<String> {
    let day = date.date?;
    let months: Vec<&str> = strings
        .get("months")
        .and_then(toml::Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(toml::Value::as_str).collect());
    let month =
        months.get(usize::from(day.month).saturating_sub(1)).map_or_else(|| day.month.to_string(), |m| m.to_string());
    Some(
        ui(strings, "date_format")
            .replace("{day}", &day.day.to_string())
            .replace("{month}", &month)
            .replace("{year}", &day.year.to_string()),
    )
}

pub fn iso_date(date: &toml::value::Datetime) -> Option<String> {
    date.date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// Builds the context parts for one page in one language.
pub struct PageContext<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub strings: &'a UiStrings,
    pub lang: &'a str,
}

impl<'a> PageContext<'a> {
    pub fn dir_of(&self, page: &Page) -> String {
        Urls::page_dir(self.lang, &page.key)
    }

    /// The site-wide context for a page at `from_dir` whose path below each language
    /// folder is `path` (`nl/organisations/uwv/`); `page` says which languages really
    /// have it (generated pages exist in every language).
    pub fn site_view(&self, from_dir: &str, path: &str, page: Option<&Page>) -> SiteView {
        let config = &self.site.config;
        let languages = config
            .language_codes()
            .into_iter()
            .map(|code| LanguageLink {
                code: code.to_string(),
                name: config.languages.get(code).map_or_else(|| code.to_string(), |l| l.name.clone()),
                href: self.urls.href(from_dir, &format!("{code}/{path}")),
                current: code == self.lang,
                translated: page.is_none_or(|p| p.translations.contains_key(code)),
            })
            .collect();
        let language = config.languages.get(self.lang);
        SiteView {
            title: language.map_or_else(String::new, |l| l.title.clone()),
            lang: self.lang.to_string(),
            lang_name: language.map_or_else(String::new, |l| l.name.clone()),
            root: self.urls.href(from_dir, "").trim_end_matches("index.html").to_string(),
            home_href: self.urls.href(from_dir, &format!("{}/", self.lang)),
            search_href: self.urls.href(from_dir, &format!("{}/search/", self.lang)),
            languages,
        }
    }

    pub fn title_of(&self, page: &Page) -> String {
        self.site
            .shown_translation(page, self.lang)
            .and_then(|t| t.front_matter.title.as_ref())
            .map_or_else(|| page.key.content_path(), |t| t.get_ref().clone())
    }

    pub fn link_to(&self, from_dir: &str, page: &Page) -> Link {
        let shown = self.site.shown_translation(page, self.lang);
        Link {
            title: self.title_of(page),
            href: self.urls.href(from_dir, &self.dir_of(page)),
            summary: shown.and_then(|t| t.front_matter.summary.clone()),
        }
    }

    pub fn page_view(&self, page: &Page, shown: &Translation) -> PageView {
        let from_dir = self.dir_of(page);
        let original = page.original();
        let fm = &shown.front_matter;
        let facts = &original.front_matter;
        let href_for = |destination: &str| self.internal_href(&from_dir, destination);
        let content = markdown::to_html(shown.body(), &href_for);
        let fallback = (shown.lang != self.lang).then(|| {
            let original_name =
                self.site.config.languages.get(&shown.lang).map_or(shown.lang.as_str(), |l| l.name.as_str());
            Fallback {
                notice: ui(self.strings, "fallback_notice").replace("{original}", original_name),
                original_href: self.urls.href(&from_dir, &Urls::page_dir(&shown.lang, &page.key)),
            }
        });
        let canonical_dir = Urls::page_dir(&shown.lang, &page.key);
        let mut alternates: Vec<Alternate> = page
            .translations
            .keys()
            .map(|code| Alternate {
                hreflang: code.clone(),
                href: self.urls.absolute(&Urls::page_dir(code, &page.key)),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: self.urls.absolute(&Urls::page_dir(&self.site.config.default_language, &page.key)),
        });
        PageView {
            kind: page.key.kind.name(),
            title: fm.title.as_ref().map_or_else(String::new, |t| t.get_ref().clone()),
            summary: fm.summary.clone(),
            content,
            toc: shown.headings.iter().filter(|h| h.level == 2).cloned().collect(),
            reviewed: fm.reviewed.as_ref().and_then(|d| format_date(d.get_ref(), self.strings)),
            reviewed_iso: fm.reviewed.as_ref().and_then(|d| iso_date(d.get_ref())),
            valid_from: facts.valid_from.as_ref().and_then(|d| format_date(d.get_ref(), self.strings)),
            valid_until: facts.valid_until.as_ref().and_then(|d| format_date(d.get_ref(), self.strings)),
            validity_warning: self.validity_warning(facts),
            sources: facts
                .sources
                .as_ref()
                .map(|s| {
                    s.get_ref()
                        .iter()
                        .map(|s| SourceView {
                            title: s.title.clone(),
                            publisher: s.publisher.clone(),
                            year: s.year,
                            url: s.url().map(str::to_string),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            content_lang: shown.lang.clone(),
            fallback,
            canonical: self.urls.absolute(&canonical_dir),
            alternates,
            breadcrumbs: self.breadcrumbs(&from_dir, page),
            children: self.children(&from_dir, page),
        }
    }

    /// Said at the top of a page whose rules start later or have ended.
    fn validity_warning(&self, facts: &crate::model::FrontMatter) -> Option<String> {
        let today = self.site.today;
        let date_of = |d: &Option<toml::Spanned<toml::value::Datetime>>| {
            d.as_ref()
                .and_then(|d| Some((crate::model::civil_date(d.get_ref())?, format_date(d.get_ref(), self.strings)?)))
        };
        if let Some((from, shown)) = date_of(&facts.valid_from)
            && from > today
        {
            return Some(ui(self.strings, "valid_future").replace("{date}", &shown));
        }
        if let Some((until, shown)) = date_of(&facts.valid_until)
            && until < today
        {
            return Some(ui(self.strings, "valid_expired").replace("{date}", &shown));
        }
        None
    }

    /// Home, then the country overview for pages inside a country.
    fn breadcrumbs(&self, from_dir: &str, page: &Page) -> Vec<Link> {
        let mut crumbs = Vec::new();
        if page.key.kind == PageKind::Home {
            return crumbs;
        }
        if let Some(home) = self.site.page(&crate::model::PageKey::home()) {
            crumbs.push(self.link_to(from_dir, home));
        }
        if page.key.kind != PageKind::Country
            && let Some(country) = &page.key.country
        {
            let key =
                crate::model::PageKey { kind: PageKind::Country, country: Some(country.clone()), id: String::new() };
            if let Some(overview) = self.site.page(&key) {
                crumbs.push(self.link_to(from_dir, overview));
            }
        }
        crumbs
    }

    /// The pages below this one, grouped by kind: countries and site-wide pages on the
    /// home page, a country's pages on its overview.
    fn children(&self, from_dir: &str, page: &Page) -> Vec<LinkGroup> {
        let country = match page.key.kind {
            PageKind::Home => None,
            PageKind::Country => page.key.country.as_deref(),
            _ => return Vec::new(),
        };
        let mut groups: Vec<LinkGroup> = Vec::new();
        for kind in PageKind::ALL {
            let candidates: Vec<&Page> = match (page.key.kind, kind) {
                (_, PageKind::Home) | (PageKind::Country, PageKind::Country) => continue,
                (PageKind::Home, PageKind::Country) => self.pages_of(kind, None, |_| true),
                _ => self.pages_of(kind, country, |key| key.country.as_deref() == country),
            };
            let mut links: Vec<Link> = candidates.into_iter().map(|c| self.link_to(from_dir, c)).collect();
            if !links.is_empty() {
                links.sort_by_cached_key(|link| link.title.to_lowercase());
                groups.push(LinkGroup { kind: kind.name(), links });
            }
        }
        groups
    }

    /// The pages of one kind, in key order, starting at `country` and as long as `keep`
    /// holds: a range of the site's key index, so a listing costs its own length rather
    /// than a scan of every page (which made home and country pages quadratic).
    fn pages_of(&self, kind: PageKind, country: Option<&str>, keep: impl Fn(&PageKey) -> bool) -> Vec<&'a Page> {
        let start = PageKey { kind, country: country.map(str::to_string), id: String::new() };
        self.site
            .index
            .range(start..)
            .take_while(|(key, _)| key.kind == kind && keep(key))
            .filter_map(|(_, &i)| self.site.pages.get(i))
            .collect()
    }

    /// The URL of an `@/` link for this reader; `None` when it cannot be followed.
    pub fn internal_href(&self, from_dir: &str, destination: &str) -> Option<String> {
        let languages = self.site.config.language_codes();
        let link = markdown::parse_internal_link(destination, &languages, &self.site.config.default_language).ok()?;
        let target = self.site.page(&link.target)?;
        let lang = link.lang.as_deref().unwrap_or(self.lang);
        let mut href = self.urls.href(from_dir, &Urls::page_dir(lang, &target.key));
        if let Some(anchor) = &link.anchor {
            href.push('#');
            href.push_str(anchor);
        }
        Some(href)
    }
}

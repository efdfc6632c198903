//! What a template sees: plain data computed in Rust (URLs, dates, notices, names), so
//! templates only place ready values and a site can replace a template without
//! re-implementing logic. Views borrow their text from the model, and say which language
//! each text is in where it can differ from the reader's (a fallback). One module per
//! kind of page; this one holds what every page shows.

mod country;
mod letter;
mod procedure;
mod role;

pub use country::{CountryGroup, FactColumn, fact_column, shown_answer};
pub use procedure::StepView;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::reader::{Part, Reader};
use crate::markdown::{self, LinkTarget, TargetLanguage};
use crate::model::facts::{Facts, Period, PeriodUnit};
use crate::model::{Page, PageKey, PageKind, Party, StepRef, Translation};
use crate::output::Urls;

/// A text with the language it is written in, for a `lang` attribute where that is not
/// the reader's.
#[derive(Serialize, Clone)]
pub struct Phrase<'a> {
    pub text: Cow<'a, str>,
    pub lang: &'a str,
}

/// A link to a page, with the title and summary the reader sees there.
#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub title: Cow<'a, str>,
    pub href: String,
    pub summary: Option<Cow<'a, str>>,
    /// The language of the title and summary: another than the reader's when the page
    /// has no translation in it.
    pub lang: &'a str,
    /// Words shown before the title, in their own language: the country of a role
    /// abroad, the procedure of a step ("Country: title").
    pub prefix: Option<Phrase<'a>>,
    /// The language the reader will see at `href` when it is not theirs (a fallback):
    /// the link's `hreflang`, and [`Link::lang_tag`] says it in words.
    pub hreflang: Option<&'a str>,
    /// That language's name in the reader's language ("English", "po angielsku"),
    /// shown beside the title so no one follows a link into another language unwarned.
    pub lang_tag: Option<Cow<'a, str>>,
}

#[derive(Serialize)]
pub struct LinkGroup<'a> {
    pub kind: &'static str,
    pub links: Vec<Link<'a>>,
}

/// Who acts or receives: a linked page, or the reader. Marked like a [`Link`] when the
/// page is shown in another language.
#[derive(Serialize)]
pub struct PartyView<'a> {
    pub name: Cow<'a, str>,
    pub href: Option<String>,
    pub lang: &'a str,
    pub hreflang: Option<&'a str>,
    pub lang_tag: Option<Cow<'a, str>>,
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
    /// The home page, titled "Home" in the reader's language (`None` on a site without
    /// one).
    pub home: Option<Link<'a>>,
    /// "Report a mistake on this page": the address from `site.toml` with this page
    /// filled in (set by the caller, which knows the page's title).
    pub feedback: Option<String>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub content: String,
    /// Level-2 headings, for "on this page".
    pub toc: Vec<TocEntry<'a>>,
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

/// A time limit as the calculator adds it to a date the reader enters: calendar months
/// first (a month on from 31 January is the last day of February), then days.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOffset {
    pub months: i64,
    pub days: i64,
}

impl DateOffset {
    /// The last day of a time limit counted from a letter: the same date so many days,
    /// weeks or months on (the letter's own day does not count).
    pub fn of_period(period: &Period) -> Self {
        let amount = period.amount;
        match period.unit {
            PeriodUnit::Days => DateOffset { months: 0, days: amount },
            PeriodUnit::Weeks => DateOffset { months: 0, days: amount.saturating_mul(7) },
            PeriodUnit::Months => DateOffset { months: amount, days: 0 },
        }
    }

    /// The last day of "within N weeks of the start" (`deadline_week = N`): the start
    /// day counts, so it is the day before week N begins, start + 7N − 1.
    pub fn within_weeks_of_start(weeks: i64) -> Self {
        DateOffset { months: 0, days: weeks.saturating_mul(7).saturating_sub(1) }
    }
}

/// A heading listed under "on this page": from the body (in the text's language) or
/// one the page adds (in the reader's).
#[derive(Serialize)]
pub struct TocEntry<'a> {
    pub id: Cow<'a, str>,
    pub text: Cow<'a, str>,
    pub lang: &'a str,
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
        let mut link =
            self.marked_link(Cow::Borrowed(&shown.title), &shown.lang, self.href_to(from_dir, page), &shown.lang);
        link.summary = shown.summary.as_deref().map(Cow::Borrowed);
        link
    }

    /// A link titled `title` (written in `lang`) to `href`, where the reader will see a
    /// page in `target_lang`: marked with `hreflang` and a language tag when that is not
    /// the reader's language.
    pub fn marked_link(&self, title: Cow<'a, str>, lang: &'a str, href: String, target_lang: &'a str) -> Link<'a> {
        let (hreflang, lang_tag) = self.target_language(target_lang);
        Link { title, href, summary: None, lang, prefix: None, hreflang, lang_tag }
    }

    /// The `hreflang` and the tag of a link to a page shown in `target_lang`: both
    /// `None` when that is the reader's language.
    fn target_language(&self, target_lang: &'a str) -> (Option<&'a str>, Option<Cow<'a, str>>) {
        if target_lang == self.lang {
            return (None, None);
        }
        (Some(target_lang), Some(self.language_name(target_lang)))
    }

    /// The name of language `code` in the reader's language, from the theme's
    /// `in_language` table ("po angielsku"), else the language's own name from
    /// `site.toml` ("English"): a site may add languages the theme does not name.
    pub fn language_name(&self, code: &'a str) -> Cow<'a, str> {
        let named = self.strings.get("in_language").and_then(toml::Value::as_table).and_then(|t| t.get(code));
        match named.and_then(toml::Value::as_str) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Borrowed(self.config().languages.get(code).map_or(code, |l| l.name.as_str())),
        }
    }

    /// Where `page` is for this reader, from `from_dir`.
    fn href_to(&self, from_dir: &str, page: &Page) -> String {
        self.urls.page_href(from_dir, self.lang, &page.key)
    }

    /// Links to the pages at `keys` that exist.
    pub fn links(&self, from_dir: &str, keys: Option<&'a Vec<PageKey>>) -> Vec<Link<'a>> {
        keys.into_iter().flatten().filter_map(|key| self.link(from_dir, key)).collect()
    }

    /// The reader, or a role or organisation linked by its title. `you_key` is the UI
    /// string that names the reader here: `you` for who acts or sends, `you_recipient`
    /// for who receives ("Who acts: You", "To: you"; Danish "Du", "Til dig").
    pub fn party(&self, from_dir: &str, party: &Party, you_key: &'a str) -> PartyView<'a> {
        match party {
            Party::You => PartyView {
                name: Cow::Borrowed(self.ui(you_key)),
                href: None,
                lang: self.lang,
                hreflang: None,
                lang_tag: None,
            },
            Party::Page(key) => match self.link(from_dir, key) {
                Some(link) => PartyView {
                    name: link.title,
                    href: Some(link.href),
                    lang: link.lang,
                    hreflang: link.hreflang,
                    lang_tag: link.lang_tag,
                },
                None => PartyView {
                    name: Cow::Owned(key.id.clone()),
                    href: None,
                    lang: self.lang,
                    hreflang: None,
                    lang_tag: None,
                },
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
            .unwrap_or(crate::model::Shown { text: id, lang: &shown.lang });
        let mut link = self.link_to(from_dir, procedure);
        link.prefix = Some(Phrase { text: link.title, lang: link.lang });
        link.title = Cow::Borrowed(title.text);
        link.lang = title.lang;
        link.summary = None;
        link.href = format!("{}#{id}", link.href);
        Some(link)
    }

    /// Links to steps.
    pub fn step_links(&self, from_dir: &str, steps: Option<&Vec<StepRef>>) -> Vec<Link<'a>> {
        steps.into_iter().flatten().filter_map(|s| self.step_link(from_dir, s)).collect()
    }

    /// "After: …" for a step that follows another (its week is only that step's, and
    /// its date depends on when that one happened), else "Week 6" / "Weeks 8–10", in
    /// the reader's language.
    pub fn when(&self, weeks: Option<(i64, i64)>, after_title: Option<&str>) -> String {
        match (weeks, after_title) {
            (_, Some(title)) => self.ui("after_step").replace("{step}", title),
            (Some((a, b)), _) if a == b => self.ui("week_n").replace("{n}", &a.to_string()),
            (Some((a, b)), _) => {
                self.ui("weeks_range").replace("{from}", &a.to_string()).replace("{to}", &b.to_string())
            }
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
            home: self.home_link(from_dir),
            feedback: None,
        }
    }

    /// The feedback address for the page titled `title` at `output_path` (below the
    /// output root), when `site.toml` sets one.
    pub fn feedback(&self, title: &str, output_path: &str) -> Option<String> {
        let template = self.config().feedback.as_deref()?;
        Some(crate::output::feedback_href(template, title, &self.urls.absolute(output_path), self.lang))
    }

    /// What every page shows of itself: its text, dates, sources and where it sits.
    pub fn page_view(&self, page: &'a Page, shown: &'a Translation) -> PageView<'a> {
        let from_dir = self.dir_of(page);
        // The default theme shows a procedure's body in parts around its steps
        // (`procedure.intro`, each step's `details`, `procedure.outro`), so it is not
        // rendered whole as well; other templates get it whole.
        let content = match page.facts {
            Facts::Procedure(_) if self.procedure_body_in_parts => String::new(),
            _ => self.body_html(markdown::to_html(shown.body(), &shown.headings, &|destination| {
                self.internal_href(&from_dir, destination, &shown.lang)
            })),
        };
        let fallback = (shown.lang != self.lang).then(|| Fallback {
            notice: self.ui("fallback_notice").replace("{original}", &self.language_name(&shown.lang)),
            original_href: self.urls.page_href(&from_dir, &shown.lang, &page.key),
        });
        PageView {
            kind: page.key.kind.name(),
            title: &shown.title,
            summary: shown.summary.as_deref(),
            content,
            toc: shown
                .headings
                .iter()
                .filter(|h| h.level == 2)
                .map(|h| TocEntry { id: Cow::Borrowed(&h.id), text: Cow::Borrowed(&h.text), lang: &shown.lang })
                .collect(),
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
            canonical: self.urls.page_url(&shown.lang, &page.key),
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

    /// Home, then the country overview for pages inside a country, named in the
    /// reader's language whatever language those pages are shown in.
    fn breadcrumbs(&self, from_dir: &str, page: &Page) -> Vec<Link<'a>> {
        if page.key.kind == PageKind::Home {
            return Vec::new();
        }
        let mut crumbs: Vec<Link> = self.home_link(from_dir).into_iter().collect();
        if page.key.kind != PageKind::Country
            && let Some(country) = &page.key.country
        {
            crumbs.extend(self.country_link(from_dir, country));
        }
        crumbs
    }

    /// A link to the home page, titled "Home" in the reader's language.
    pub fn home_link(&self, from_dir: &str) -> Option<Link<'a>> {
        let home = self.page(&PageKey::home(), Part::Title)?;
        let href = self.href_to(from_dir, home);
        Some(self.marked_link(Cow::Borrowed(self.ui("home")), self.lang, href, &self.shown(home).lang))
    }

    /// A link to a country's overview, titled with the country's name in the reader's
    /// language where `site.toml` gives it.
    pub fn country_link(&self, from_dir: &str, country: &str) -> Option<Link<'a>> {
        let overview = self.page(&PageKey::country(country), Part::Title)?;
        let (name, lang) = self.country_name(country);
        let href = self.href_to(from_dir, overview);
        Some(self.marked_link(name, lang, href, &self.shown(overview).lang))
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
        let decides = decides.map(|key| self.party(&from_dir, &Party::Page(key.clone()), "you"));
        (decides.is_some() || !contacts.is_empty()).then_some(HelpBlock { decides, contacts })
    }

    /// Where an `@/` link in a text written in `text_lang` leads for this reader, marked
    /// when the page there is shown in another language; `None` when it cannot be
    /// followed.
    pub fn internal_href(&self, from_dir: &str, destination: &str, text_lang: &str) -> Option<LinkTarget> {
        let config = self.config();
        let link =
            markdown::parse_internal_link(destination, &config.language_codes(), &config.default_language).ok()?;
        // Its title is not shown, but which languages it has decides the mark.
        let target = self.page(&link.target, Part::Title)?;
        let lang = link.lang.as_deref().unwrap_or(self.lang);
        let mut href = self.urls.page_href(from_dir, lang, &link.target);
        if let Some(anchor) = &link.anchor {
            href.push('#');
            href.push_str(anchor);
        }
        let shown_lang = self.shown_in(target, lang).lang.as_str();
        let language = (shown_lang != self.lang).then(|| TargetLanguage {
            code: shown_lang.to_string(),
            name: self.language_name(shown_lang).into_owned(),
            name_lang: (text_lang != self.lang).then(|| self.lang.to_string()),
        });
        Some(LinkTarget { href, language })
    }

    /// Links to the cross-border pages of `country`.
    pub fn cross_border_links(&self, from_dir: &str, country: Option<&str>) -> Vec<Link<'a>> {
        let Some(country) = country else { return Vec::new() };
        self.links(from_dir, self.back_links(&PageKey::country(country)).cross_border_of_country.get(country))
    }
}

/// Every real translation of `page` for `hreflang`, and as `x-default` the default
/// language's, or for the home page the root's chooser of languages: a reader whose
/// language the site lacks chooses there.
pub fn alternates<'a>(page: &'a Page, urls: &Urls, default_language: &'a str) -> Vec<Alternate<'a>> {
    let mut alternates: Vec<Alternate> = page
        .translations
        .keys()
        .map(|code| Alternate { hreflang: code, href: urls.page_url(code, &page.key) })
        .collect();
    let x_default = match page.key.kind {
        PageKind::Home => urls.absolute(""),
        _ => urls.page_url(default_language, &page.key),
    };
    alternates.push(Alternate { hreflang: "x-default", href: x_default });
    alternates
}

/// The output folder of a country's letter finder.
pub fn letter_finder_dir(lang: &str, country: &str) -> String {
    format!("{lang}/{country}/letters/")
}

//! The views derived from facts: what a procedure, letter, role, organisation, country,
//! glossary or cross-border page shows beyond its text. Each view is plain data for the
//! kind's template, computed from the original's facts, the shown translation's text and
//! the back-links `resolve` collected.

use serde::Serialize;

use super::context::{Link, PageContext, ui};
use super::timeline;
use crate::model::{Page, PageKey, PageKind, Party, StepFrontMatter, StepRef, Translation, step_weeks};
use crate::resolve::party;

/// Who acts or receives: a linked page, or the reader.
#[derive(Serialize)]
pub struct PartyView {
    pub name: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct StepView {
    pub number: usize,
    pub id: String,
    pub title: String,
    /// "Week 6", "Weeks 8–10", in the reader's language.
    pub when: String,
    pub week_start: Option<i64>,
    pub week_end: Option<i64>,
    pub actor: Option<PartyView>,
    pub letter: Option<Link>,
    pub to: Vec<PartyView>,
    pub deadline: Option<String>,
    pub deadline_week: Option<i64>,
    pub deadline_from_letter: Option<LetterDeadlineView>,
    pub rights: Option<String>,
    pub duties: Option<String>,
    pub next: Vec<Link>,
    pub milestone: Option<String>,
    /// The body's text under this step's heading, as HTML.
    pub details: String,
}

/// A time limit that runs from a letter: in words, and as numbers for the calculator.
#[derive(Serialize)]
pub struct LetterDeadlineView {
    /// "Within 6 weeks of the date on the letter", in the reader's language.
    pub within: String,
    /// The step that sends the letter, and the letter itself.
    pub step: String,
    pub letter: Option<Link>,
    pub amount: i64,
    /// `days`, `weeks` or `months`.
    pub unit: &'static str,
    /// `letter-date` or `receipt`.
    pub counted_from: String,
}

/// How to contest a decision: the first remedy or the next one.
#[derive(Serialize)]
pub struct RemedyView {
    /// The official name the reader meets on the letter (`bezwaar`, `Widerspruch`).
    pub name: Option<String>,
    pub to: Option<PartyView>,
    /// "Within 6 weeks of the date on the letter", in the reader's language.
    pub within: Option<String>,
    pub how: Option<String>,
}

#[derive(Serialize)]
pub struct ProcedureView {
    /// The body before the first step, and after the steps, as HTML.
    pub intro: String,
    pub outro: String,
    pub start: Option<String>,
    pub decides: Option<PartyView>,
    pub steps: Vec<StepView>,
    pub timeline_svg: String,
    pub cross_border: Vec<Link>,
    pub guidance: String,
}

#[derive(Serialize)]
pub struct LetterView {
    /// What the letter is, in the reader's language ("A decision: you can contest it").
    pub kind: Option<String>,
    pub sender: Option<PartyView>,
    pub recipients: Vec<PartyView>,
    pub decides: Option<PartyView>,
    pub recognise: Option<String>,
    pub respond_within: Option<String>,
    pub objection: Option<RemedyView>,
    pub appeal: Option<RemedyView>,
    /// The steps that send this letter, linked to their place in the procedure.
    pub steps: Vec<Link>,
    pub finder: String,
    pub guidance: String,
}

#[derive(Serialize)]
pub struct RoleView {
    pub organisations: Vec<Link>,
    pub medical: Option<bool>,
    pub concept: Option<Link>,
    pub education: Option<String>,
    pub equivalents: Vec<Link>,
    pub acts_in: Vec<Link>,
    pub letters_sent: Vec<Link>,
    pub letters_received: Vec<Link>,
}

#[derive(Serialize)]
pub struct OrganisationView {
    pub kind: Option<String>,
    pub sector: Option<String>,
    pub website: Option<String>,
    pub phone: Option<String>,
    pub contact: Option<String>,
    pub roles: Vec<Link>,
    pub procedures: Vec<Link>,
    pub acts_in: Vec<Link>,
    pub letters_sent: Vec<Link>,
    pub letters_received: Vec<Link>,
}

#[derive(Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
    /// "yes", "no", "unknown" for tri-state facts, for styling.
    pub state: Option<String>,
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct CountryView {
    pub institutions: Vec<Link>,
    pub procedures: Vec<Link>,
    pub facts: Vec<FactView>,
    pub cross_border: Vec<Link>,
    pub letter_finder: Option<String>,
    pub compare: String,
}

#[derive(Serialize)]
pub struct CountryGroup {
    pub country: String,
    pub links: Vec<Link>,
}

impl CountryGroup {
    /// Adds `link` to the group of `country`, starting the group when it is new.
    pub fn add(groups: &mut Vec<CountryGroup>, country: String, link: Link) {
        match groups.iter_mut().find(|g| g.country == country) {
            Some(group) => group.links.push(link),
            None => groups.push(CountryGroup { country, links: vec![link] }),
        }
    }
}

#[derive(Serialize)]
pub struct GlossaryView {
    pub realisations: Vec<CountryGroup>,
    pub index: String,
}

/// "Who to contact, who decides": the same block in the same place on every citizen
/// page (procedures, letters, roles, organisations, countries).
#[derive(Serialize)]
pub struct HelpBlock {
    pub decides: Option<PartyView>,
    pub contacts: Vec<Link>,
}

/// One country on the home page: where a reader with a letter, or who is sick, goes.
#[derive(Serialize)]
pub struct CountryEntry {
    pub name: String,
    pub href: String,
    pub letter_finder: Option<String>,
    pub procedures: Vec<Link>,
}

/// The home page's three ways in: "I got a letter", "I am sick", "I work with clients
/// abroad".
#[derive(Serialize)]
pub struct HomeView {
    pub countries: Vec<CountryEntry>,
    pub compare: Option<String>,
    pub glossary: Option<String>,
    pub cross_border: Vec<Link>,
}

#[derive(Serialize)]
pub struct CrossBorderView {
    pub countries: Vec<Link>,
}

impl PageContext<'_> {
    fn party_view(&self, from_dir: &str, country: Option<&str>, id: &str) -> PartyView {
        match party(self.site, country, id) {
            Some(Party::Page(key)) => match self.site.page(&key) {
                Some(page) => {
                    let link = self.link_to(from_dir, page);
                    PartyView { name: link.title, href: Some(link.href) }
                }
                None => PartyView { name: id.to_string(), href: None },
            },
            Some(Party::You) => PartyView { name: ui(self.strings, "you").to_string(), href: None },
            None => PartyView { name: id.to_string(), href: None },
        }
    }

    fn links(&self, from_dir: &str, keys: Option<&Vec<PageKey>>) -> Vec<Link> {
        keys.into_iter()
            .flatten()
            .filter_map(|key| self.site.page(key))
            .map(|page| self.link_to(from_dir, page))
            .collect()
    }

    /// A link to one step: "Procedure title: step title", to the step's anchor.
    pub fn step_link(&self, from_dir: &str, step: &StepRef) -> Option<Link> {
        let procedure = self.site.page(&step.procedure)?;
        let steps = procedure.original().front_matter.steps.as_ref()?;
        let id = steps.get_ref().get(step.index)?.id.get_ref();
        let shown = self.site.shown_translation(procedure, self.lang)?;
        let title = step_text(shown, procedure, step.index, |s| s.title.clone()).unwrap_or_else(|| id.clone());
        let mut link = self.link_to(from_dir, procedure);
        link.href = format!("{}#{id}", link.href);
        link.title = format!("{}: {title}", link.title);
        link.summary = None;
        Some(link)
    }

    fn step_links(&self, from_dir: &str, steps: Option<&Vec<StepRef>>) -> Vec<Link> {
        steps.into_iter().flatten().filter_map(|s| self.step_link(from_dir, s)).collect()
    }

    /// "Week 6" / "Weeks 8–10" / "After: …" in the reader's language.
    pub fn when(&self, weeks: Option<(i64, i64)>, after_title: Option<&str>) -> String {
        match (weeks, after_title) {
            (Some((a, b)), _) if a == b => ui(self.strings, "week_n").replace("{n}", &a.to_string()),
            (Some((a, b)), _) => {
                ui(self.strings, "weeks_range").replace("{from}", &a.to_string()).replace("{to}", &b.to_string())
            }
            (None, Some(title)) => ui(self.strings, "after_step").replace("{step}", title),
            (None, None) => ui(self.strings, "week_unknown").to_string(),
        }
    }

    /// "Within 6 weeks of the date on the letter": one of days, weeks or months (resolve
    /// made sure there is exactly one), counted from the letter's date or its receipt.
    /// `from_what` names the letter in the UI keys: `counted_from` (this letter) or
    /// `appeal_counted_from` (the decision on the objection).
    fn period(
        &self,
        periods: [&Option<toml::Spanned<i64>>; 3],
        counted_from: Option<&toml::Spanned<String>>,
        from_what: &str,
    ) -> Option<(String, i64, &'static str)> {
        let (amount, unit) = periods
            .iter()
            .zip(["days", "weeks", "months"])
            .find_map(|(value, unit)| value.as_ref().map(|v| (*v.get_ref(), unit)))?;
        let key = if amount == 1 { format!("within_{unit}_one") } else { format!("within_{unit}") };
        let from = counted_from.map_or("letter-date", |c| c.get_ref().as_str());
        let within = format!(
            "{} {}",
            ui(self.strings, &key).replace("{n}", &amount.to_string()),
            ui(self.strings, &format!("{from_what}_{from}"))
        );
        Some((within, amount, unit))
    }

    fn remedy_view(
        &self,
        from_dir: &str,
        country: Option<&str>,
        remedy: &crate::model::Remedy,
        shown: Option<&crate::model::Remedy>,
        from_what: &str,
    ) -> RemedyView {
        RemedyView {
            name: remedy.name.as_ref().map(|n| n.get_ref().clone()),
            to: remedy.to.as_ref().map(|t| self.party_view(from_dir, country, t.get_ref())),
            within: self
                .period(
                    [&remedy.within_days, &remedy.within_weeks, &remedy.within_months],
                    remedy.counted_from.as_ref(),
                    from_what,
                )
                .map(|(within, _, _)| within),
            how: shown.and_then(|s| s.how.clone()).or_else(|| remedy.how.clone()),
        }
    }

    pub fn procedure_view(&self, page: &Page, shown: &Translation) -> Option<ProcedureView> {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let steps = fm.steps.as_ref()?.get_ref();
        let weeks = step_weeks(steps);
        let country = page.key.country.as_deref();
        let title_of_step = |index: usize| step_text(shown, page, index, |s| s.title.clone()).unwrap_or_default();
        let step_ids: Vec<&str> = steps.iter().map(|s| s.id.get_ref().as_str()).collect();
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
                let after_title = step
                    .after
                    .as_ref()
                    .and_then(|a| steps.iter().position(|s| s.id.get_ref() == a.get_ref()))
                    .map(title_of_step);
                let next = crate::model::next_steps(steps, index)
                    .into_iter()
                    .filter(|&n| step.next.is_some() || n != index + 1)
                    .map(|n| Link {
                        title: title_of_step(n),
                        href: format!("#{}", steps[n].id.get_ref()),
                        summary: None,
                    })
                    .collect();
                StepView {
                    number: index + 1,
                    id: step.id.get_ref().clone(),
                    title: title_of_step(index),
                    when: self.when(weeks[index], after_title.as_deref()),
                    week_start: weeks[index].map(|w| w.0),
                    week_end: weeks[index].map(|w| w.1),
                    actor: step.actor.as_ref().map(|a| self.party_view(&from_dir, country, a.get_ref())),
                    letter: step.letter.as_ref().and_then(|id| self.letter_link(&from_dir, page, id.get_ref())),
                    to: step.to.iter().flatten().map(|t| self.party_view(&from_dir, country, t.get_ref())).collect(),
                    deadline: step_text(shown, page, index, |s| s.deadline.clone()),
                    deadline_week: step.deadline_week.as_ref().map(|d| *d.get_ref()),
                    deadline_from_letter: step.deadline_from_letter.as_ref().and_then(|d| {
                        let d = d.get_ref();
                        let (within, amount, unit) = self.period(
                            [&d.within_days, &d.within_weeks, &d.within_months],
                            d.counted_from.as_ref(),
                            "counted_from",
                        )?;
                        let sending = steps.iter().find(|s| s.id.get_ref() == d.step.get_ref());
                        Some(LetterDeadlineView {
                            within,
                            step: d.step.get_ref().clone(),
                            letter: sending
                                .and_then(|s| s.letter.as_ref())
                                .and_then(|id| self.letter_link(&from_dir, page, id.get_ref())),
                            amount,
                            unit,
                            counted_from: d
                                .counted_from
                                .as_ref()
                                .map_or_else(|| "letter-date".to_string(), |c| c.get_ref().clone()),
                        })
                    }),
                    rights: step_text(shown, page, index, |s| s.rights.clone()),
                    duties: step_text(shown, page, index, |s| s.duties.clone()),
                    next,
                    milestone: step
                        .milestone
                        .as_ref()
                        .map(|m| ui(self.strings, &format!("milestone_{}", m.get_ref())).to_string()),
                    details: sections
                        .iter()
                        .filter(|(s, _)| s.as_deref() == Some(step.id.get_ref().as_str()))
                        .map(|(_, html)| html.as_str())
                        .collect(),
                }
            })
            .collect();
        let timeline_svg = timeline::svg(&views, self.strings);
        Some(ProcedureView {
            intro,
            outro,
            start: shown.front_matter.start.clone().or_else(|| fm.start.clone()),
            decides: fm.decides.as_ref().map(|d| self.party_view(&from_dir, country, d.get_ref())),
            steps: views,
            timeline_svg,
            cross_border: self.cross_border_links(&from_dir, country),
            guidance: self.guidance(country, fm.decides.as_ref()),
        })
    }

    /// A link to letter `id` of the procedure `page`'s country.
    fn letter_link(&self, from_dir: &str, page: &Page, id: &str) -> Option<Link> {
        let key = PageKey { kind: PageKind::Letter, country: page.key.country.clone(), id: id.to_string() };
        self.site.page(&key).map(|letter| self.link_to(from_dir, letter))
    }

    fn cross_border_links(&self, from_dir: &str, country: Option<&str>) -> Vec<Link> {
        let keys = country.and_then(|c| self.site.relations.cross_border_of_country.get(c));
        self.links(from_dir, keys)
    }

    pub fn letter_view(&self, page: &Page, shown: &Translation) -> LetterView {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let country = page.key.country.as_deref();
        let days = |n: i64| {
            ui(self.strings, if n == 1 { "within_days_one" } else { "within_days" }).replace("{n}", &n.to_string())
        };
        let remedy = |of: fn(&crate::model::FrontMatter) -> &Option<toml::Spanned<crate::model::Remedy>>,
                      from_what: &str| {
            of(fm).as_ref().map(|r| {
                let translated = of(&shown.front_matter).as_ref().map(toml::Spanned::get_ref);
                self.remedy_view(&from_dir, country, r.get_ref(), translated, from_what)
            })
        };
        let kind = fm.kind.as_ref().map(|k| k.get_ref().as_str());
        LetterView {
            kind: kind.map(|k| ui(self.strings, &format!("letter_kind_{k}")).to_string()),
            sender: fm.sender.as_ref().map(|s| self.party_view(&from_dir, country, s.get_ref())),
            recipients: fm
                .recipients
                .iter()
                .flatten()
                .map(|r| self.party_view(&from_dir, country, r.get_ref()))
                .collect(),
            decides: fm.decides.as_ref().map(|d| self.party_view(&from_dir, country, d.get_ref())),
            recognise: shown.front_matter.recognise.clone().or_else(|| fm.recognise.clone()),
            respond_within: fm.respond_within_days.as_ref().map(|d| days(*d.get_ref())),
            objection: remedy(|fm| &fm.objection, "counted_from"),
            appeal: remedy(|fm| &fm.appeal, "appeal_counted_from"),
            steps: self.step_links(&from_dir, self.site.relations.steps_sending_letter.get(&page.key)),
            finder: self.urls.href(&from_dir, &letter_finder_dir(self.lang, country.unwrap_or_default())),
            guidance: match kind {
                Some("decision") | None => self.guidance(country, fm.decides.as_ref()),
                Some("sent-by-you") => ui(self.strings, "guidance_notice_your_letter").to_string(),
                Some(_) => ui(self.strings, "guidance_notice_not_decision").to_string(),
            },
        }
    }

    /// "This is guidance, not a decision; X decides": on every procedure and letter page.
    fn guidance(&self, country: Option<&str>, decides: Option<&toml::Spanned<String>>) -> String {
        match decides.map(|d| self.party_view("", country, d.get_ref()).name) {
            Some(body) => ui(self.strings, "guidance_notice").replace("{body}", &body),
            None => ui(self.strings, "guidance_notice_general").to_string(),
        }
    }

    pub fn role_view(&self, page: &Page, shown: &Translation) -> RoleView {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let relations = &self.site.relations;
        let concept = fm.concept.as_ref().map(|c| c.get_ref().clone());
        RoleView {
            organisations: fm
                .organisations
                .iter()
                .flatten()
                .filter_map(|o| match party(self.site, page.key.country.as_deref(), o.get_ref()) {
                    Some(Party::Page(key)) => self.site.page(&key).map(|p| self.link_to(&from_dir, p)),
                    _ => None,
                })
                .collect(),
            medical: fm.medical.as_ref().map(|m| *m.get_ref()),
            concept: concept.as_ref().and_then(|c| self.glossary_link(&from_dir, c)),
            education: shown.front_matter.education.clone().or_else(|| fm.education.clone()),
            equivalents: self.equivalents(&from_dir, page, concept.as_deref()),
            acts_in: self.step_links(&from_dir, relations.steps_by_actor.get(&page.key)),
            letters_sent: self.links(&from_dir, relations.letters_sent.get(&page.key)),
            letters_received: self.links(&from_dir, relations.letters_received.get(&page.key)),
        }
    }

    fn glossary_link(&self, from_dir: &str, concept: &str) -> Option<Link> {
        let key = PageKey { kind: PageKind::Glossary, country: None, id: concept.to_string() };
        self.site.page(&key).map(|p| self.link_to(from_dir, p))
    }

    /// The roles and pages of other countries that realise the same concept, each named
    /// "Country: title".
    fn equivalents(&self, from_dir: &str, page: &Page, concept: Option<&str>) -> Vec<Link> {
        let Some(keys) = concept.and_then(|c| self.site.relations.realisations_of_concept.get(c)) else {
            return Vec::new();
        };
        keys.iter()
            .filter(|k| k.country != page.key.country)
            .filter_map(|k| self.site.page(k))
            .map(|p| {
                let mut link = self.link_to(from_dir, p);
                if let Some(country) = self.country_name(p.key.country.as_deref()) {
                    link.title = format!("{country}: {}", link.title);
                }
                link.summary = None;
                link
            })
            .collect()
    }

    pub fn country_name(&self, country: Option<&str>) -> Option<String> {
        if let Some(name) = self.site.config.countries.get(country?).and_then(|c| c.name.get(self.lang)) {
            return Some(name.clone());
        }
        let key = PageKey { kind: PageKind::Country, country: Some(country?.to_string()), id: String::new() };
        Some(self.site.page(&key).map_or_else(|| country.unwrap_or_default().to_uppercase(), |p| self.title_of(p)))
    }

    pub fn organisation_view(&self, page: &Page, shown: &Translation) -> OrganisationView {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let relations = &self.site.relations;
        OrganisationView {
            kind: fm.kind.as_ref().map(|k| ui(self.strings, &format!("organisation_kind_{}", k.get_ref())).to_string()),
            sector: fm.sector.as_ref().map(|s| ui(self.strings, &format!("sector_{}", s.get_ref())).to_string()),
            website: fm.website.as_ref().map(|w| crate::markdown::safe_href(w.get_ref())),
            phone: fm.phone.as_ref().map(|p| p.get_ref().clone()),
            contact: shown.front_matter.contact.clone().or_else(|| fm.contact.clone()),
            roles: self.links(&from_dir, relations.roles_of_organisation.get(&page.key)),
            procedures: self.links(&from_dir, relations.procedures_of_organisation.get(&page.key)),
            acts_in: self.step_links(&from_dir, relations.steps_by_actor.get(&page.key)),
            letters_sent: self.links(&from_dir, relations.letters_sent.get(&page.key)),
            letters_received: self.links(&from_dir, relations.letters_received.get(&page.key)),
        }
    }

    pub fn country_view(&self, page: &Page) -> CountryView {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let country = page.key.country.as_deref();
        let procedures: Vec<Link> = self
            .site
            .pages
            .iter()
            .filter(|p| p.key.kind == PageKind::Procedure && p.key.country.as_deref() == country)
            .map(|p| self.link_to(&from_dir, p))
            .collect();
        let has_letters =
            self.site.pages.iter().any(|p| p.key.kind == PageKind::Letter && p.key.country.as_deref() == country);
        CountryView {
            institutions: fm
                .institutions
                .iter()
                .flatten()
                .filter_map(|i| match party(self.site, country, i.get_ref()) {
                    Some(Party::Page(key)) => self.site.page(&key).map(|p| self.link_to(&from_dir, p)),
                    _ => None,
                })
                .collect(),
            procedures,
            facts: self.comparison_facts(page),
            cross_border: self.cross_border_links(&from_dir, country),
            letter_finder: has_letters
                .then(|| self.urls.href(&from_dir, &letter_finder_dir(self.lang, country.unwrap_or_default()))),
            compare: self.urls.href(&from_dir, &format!("{}/compare/", self.lang)),
        }
    }

    /// A country's comparison facts in `site.toml` order, each with its label, value
    /// and the source it cites; a fact the country does not state shows as unknown.
    pub fn comparison_facts(&self, page: &Page) -> Vec<FactView> {
        let fm = &page.original().front_matter;
        let sources = fm.sources.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default();
        self.site
            .config
            .comparison
            .iter()
            .map(|(id, declared)| {
                let label = declared
                    .label
                    .get(self.lang)
                    .or_else(|| declared.label.get(&self.site.config.default_language))
                    .cloned()
                    .unwrap_or_else(|| id.clone());
                let stated = fm.facts.as_ref().and_then(|f| f.get_ref().get(id));
                let (value, state) = match stated.map(|s| s.value.get_ref()) {
                    Some(toml::Value::String(s)) if matches!(s.as_str(), "yes" | "no" | "unknown") => {
                        (ui(self.strings, &format!("fact_{s}")).to_string(), Some(s.clone()))
                    }
                    Some(toml::Value::String(s)) => (s.clone(), None),
                    Some(other) => (other.to_string(), None),
                    None => (ui(self.strings, "fact_unknown").to_string(), Some("unknown".to_string())),
                };
                let source = stated
                    .and_then(|s| s.source.as_ref())
                    .and_then(|id| sources.iter().find(|s| s.id.as_deref() == Some(id.get_ref().as_str())))
                    .map(|s| match s.year {
                        Some(year) => format!("{}, {} ({year})", s.title, s.publisher),
                        None => format!("{}, {}", s.title, s.publisher),
                    });
                FactView { label, value, state, source }
            })
            .collect()
    }

    pub fn glossary_view(&self, page: &Page) -> GlossaryView {
        let from_dir = self.dir_of(page);
        let mut realisations: Vec<CountryGroup> = Vec::new();
        for key in self.site.relations.realisations_of_concept.get(&page.key.id).into_iter().flatten() {
            let Some(realising) = self.site.page(key) else { continue };
            let country = self.country_name(key.country.as_deref()).unwrap_or_default();
            let mut link = self.link_to(&from_dir, realising);
            link.summary = None;
            CountryGroup::add(&mut realisations, country, link);
        }
        realisations.sort_by(|a, b| a.country.cmp(&b.country));
        GlossaryView { realisations, index: self.urls.href(&from_dir, &format!("{}/glossary/", self.lang)) }
    }

    /// The organisations to contact about a page and the body that decides, from its facts.
    pub fn help_block(&self, page: &Page) -> Option<HelpBlock> {
        let from_dir = self.dir_of(page);
        let fm = &page.original().front_matter;
        let country = page.key.country.as_deref();
        let organisation_links = |ids: Vec<&str>| -> Vec<Link> {
            let mut links: Vec<Link> = Vec::new();
            for id in ids {
                let key = match party(self.site, country, id) {
                    Some(Party::Page(key)) if key.kind == PageKind::Role => self.first_organisation(&key),
                    Some(Party::Page(key)) => Some(key),
                    _ => None,
                };
                if let Some(target) = key.as_ref().and_then(|k| self.site.page(k)) {
                    let mut link = self.link_to(&from_dir, target);
                    link.summary = None;
                    if !links.iter().any(|l| l.href == link.href) {
                        links.push(link);
                    }
                }
            }
            links
        };
        let decides = fm.decides.as_ref().map(|d| self.party_view(&from_dir, country, d.get_ref()));
        let contacts = match page.key.kind {
            PageKind::Procedure => organisation_links(fm.decides.iter().map(|d| d.get_ref().as_str()).collect()),
            PageKind::Letter => {
                let mut wanted: Vec<&str> = fm.sender.iter().map(|s| s.get_ref().as_str()).collect();
                wanted.extend(fm.decides.iter().map(|d| d.get_ref().as_str()));
                organisation_links(wanted)
            }
            PageKind::Role => {
                organisation_links(fm.organisations.iter().flatten().map(|s| s.get_ref().as_str()).collect())
            }
            PageKind::Country => {
                organisation_links(fm.institutions.iter().flatten().map(|s| s.get_ref().as_str()).collect())
            }
            _ => return None,
        };
        (decides.is_some() || !contacts.is_empty()).then_some(HelpBlock { decides, contacts })
    }

    pub fn home_view(&self, page: &Page) -> HomeView {
        let from_dir = self.dir_of(page);
        let has = |kind: PageKind| self.site.pages.iter().any(|p| p.key.kind == kind);
        let mut countries: Vec<CountryEntry> = self
            .site
            .pages
            .iter()
            .filter(|p| p.key.kind == PageKind::Country)
            .map(|country| {
                let code = country.key.country.as_deref().unwrap_or_default();
                let in_country = |kind: PageKind| {
                    self.site.pages.iter().filter(move |p| p.key.kind == kind && p.key.country.as_deref() == Some(code))
                };
                CountryEntry {
                    name: self.country_name(Some(code)).unwrap_or_else(|| self.title_of(country)),
                    href: self.urls.href(&from_dir, &self.dir_of(country)),
                    letter_finder: in_country(PageKind::Letter)
                        .next()
                        .map(|_| self.urls.href(&from_dir, &letter_finder_dir(self.lang, code))),
                    procedures: in_country(PageKind::Procedure).map(|p| self.link_to(&from_dir, p)).collect(),
                }
            })
            .collect();
        // Country names sorted as the reader's language spells them.
        countries.sort_by_cached_key(|c| c.name.to_lowercase());
        HomeView {
            countries,
            compare: has(PageKind::Country).then(|| self.urls.href(&from_dir, &format!("{}/compare/", self.lang))),
            glossary: has(PageKind::Glossary).then(|| self.urls.href(&from_dir, &format!("{}/glossary/", self.lang))),
            cross_border: self
                .site
                .pages
                .iter()
                .filter(|p| p.key.kind == PageKind::CrossBorder)
                .map(|p| self.link_to(&from_dir, p))
                .collect(),
        }
    }

    pub fn cross_border_view(&self, page: &Page) -> CrossBorderView {
        let from_dir = self.dir_of(page);
        let countries = page
            .key
            .id
            .split('-')
            .filter_map(|c| {
                let key = PageKey { kind: PageKind::Country, country: Some(c.to_string()), id: String::new() };
                self.site.page(&key).map(|p| self.link_to(&from_dir, p))
            })
            .collect();
        CrossBorderView { countries }
    }
}

/// The output folder of a country's letter finder.
pub fn letter_finder_dir(lang: &str, country: &str) -> String {
    format!("{lang}/{country}/letters/")
}

/// A text field of step `index` from the shown translation, else from the original.
fn step_text(
    shown: &Translation,
    page: &Page,
    index: usize,
    field: impl Fn(&StepFrontMatter) -> Option<String>,
) -> Option<String> {
    let from = |t: &Translation| t.front_matter.steps.as_ref().and_then(|s| s.get_ref().get(index)).and_then(&field);
    from(shown).or_else(|| from(page.original()))
}

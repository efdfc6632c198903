//! `data/site.json`: every entity with its facts, steps, references and comparison
//! values, and its titles in every language, for tools and researchers. The shape is
//! documented by `docs/site.schema.json`, which a test validates the export against.
//! References are content paths (`nl/organisations/uwv`) or `you`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Urls;
use crate::model::{Page, PageKind, Party, Site, StepFrontMatter, civil_date, next_steps, step_weeks};
use crate::resolve::party;

#[derive(Serialize)]
struct Export<'a> {
    generator: String,
    default_language: &'a str,
    languages: Vec<ExportLanguage<'a>>,
    comparison_facts: Vec<ExportComparisonFact<'a>>,
    pages: Vec<ExportPage>,
}

#[derive(Serialize)]
struct ExportLanguage<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    fallback: Vec<&'a str>,
}

#[derive(Serialize)]
struct ExportComparisonFact<'a> {
    id: &'a str,
    kind: crate::model::ComparisonKind,
    label: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct ExportPage {
    path: String,
    kind: &'static str,
    country: Option<String>,
    id: String,
    titles: BTreeMap<String, String>,
    summaries: BTreeMap<String, String>,
    urls: BTreeMap<String, String>,
    reviewed: BTreeMap<String, String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    sources: Vec<crate::model::Source>,
    concept: Option<String>,
    facts: serde_json::Value,
}

#[derive(Serialize)]
struct ExportStep {
    id: String,
    titles: BTreeMap<String, String>,
    week_start: Option<i64>,
    week_end: Option<i64>,
    after: Option<String>,
    actor: Option<String>,
    letter: Option<String>,
    to: Vec<String>,
    deadline_week: Option<i64>,
    deadline_from_letter: Option<ExportLetterDeadline>,
    next: Vec<String>,
    milestone: Option<String>,
}

/// A time limit counted from a letter: the step that sends it, the amount and unit.
#[derive(Serialize)]
struct ExportLetterDeadline {
    step: String,
    amount: i64,
    unit: &'static str,
    counted_from: String,
}

/// How to contest a decision letter, with `how` in every language that says it.
#[derive(Serialize)]
struct ExportRemedy {
    name: Option<String>,
    to: Option<String>,
    amount: Option<i64>,
    unit: Option<&'static str>,
    counted_from: String,
    how: BTreeMap<String, String>,
}

/// The one period of a time limit as amount and unit (resolve made sure there is one).
fn period(periods: [&Option<toml::Spanned<i64>>; 3]) -> Option<(i64, &'static str)> {
    periods.iter().zip(["days", "weeks", "months"]).find_map(|(v, unit)| v.as_ref().map(|v| (*v.get_ref(), unit)))
}

fn counted_from(value: Option<&toml::Spanned<String>>) -> String {
    value.map_or_else(|| "letter-date".to_string(), |c| c.get_ref().clone())
}

fn remedy(
    site: &Site,
    page: &Page,
    of: fn(&crate::model::FrontMatter) -> &Option<toml::Spanned<crate::model::Remedy>>,
) -> Option<ExportRemedy> {
    let route = of(&page.original().front_matter).as_ref()?.get_ref();
    let period = period([&route.within_days, &route.within_weeks, &route.within_months]);
    Some(ExportRemedy {
        name: route.name.as_ref().map(|n| n.get_ref().clone()),
        to: route.to.as_ref().map(|t| reference(site, page, t.get_ref())),
        amount: period.map(|p| p.0),
        unit: period.map(|p| p.1),
        counted_from: counted_from(route.counted_from.as_ref()),
        how: page
            .translations
            .iter()
            .filter_map(|(lang, t)| Some((lang.clone(), of(&t.front_matter).as_ref()?.get_ref().how.clone()?)))
            .collect(),
    })
}

/// A reference as a content path, or `you`; unresolved ones as written (resolve has
/// reported them, and a site with errors is not exported).
fn reference(site: &Site, page: &Page, id: &str) -> String {
    match party(site, page.key.country.as_deref(), id) {
        Some(Party::You) => "you".into(),
        Some(Party::Page(key)) => key.content_path(),
        None => id.to_string(),
    }
}

fn references(site: &Site, page: &Page, ids: Option<&Vec<toml::Spanned<String>>>) -> Vec<String> {
    ids.into_iter().flatten().map(|id| reference(site, page, id.get_ref())).collect()
}

fn date(value: Option<&toml::Spanned<toml::value::Datetime>>) -> Option<String> {
    value.and_then(|d| civil_date(d.get_ref())).map(|d| d.to_string())
}

fn steps(site: &Site, page: &Page, steps: &[StepFrontMatter]) -> Vec<ExportStep> {
    let weeks = step_weeks(steps);
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| ExportStep {
            id: step.id.get_ref().clone(),
            titles: page
                .translations
                .iter()
                .filter_map(|(lang, t)| {
                    let title = t.front_matter.steps.as_ref()?.get_ref().get(index)?.title.clone()?;
                    Some((lang.clone(), title))
                })
                .collect(),
            week_start: weeks[index].map(|w| w.0),
            week_end: weeks[index].map(|w| w.1),
            after: step.after.as_ref().map(|a| a.get_ref().clone()),
            actor: step.actor.as_ref().map(|a| reference(site, page, a.get_ref())),
            letter: step
                .letter
                .as_ref()
                .map(|l| format!("{}/letters/{}", page.key.country.as_deref().unwrap_or_default(), l.get_ref())),
            to: references(site, page, step.to.as_ref()),
            deadline_week: step.deadline_week.as_ref().map(|d| *d.get_ref()),
            deadline_from_letter: step.deadline_from_letter.as_ref().and_then(|d| {
                let d = d.get_ref();
                let (amount, unit) = period([&d.within_days, &d.within_weeks, &d.within_months])?;
                Some(ExportLetterDeadline {
                    step: d.step.get_ref().clone(),
                    amount,
                    unit,
                    counted_from: counted_from(d.counted_from.as_ref()),
                })
            }),
            next: next_steps(steps, index).into_iter().map(|n| steps[n].id.get_ref().clone()).collect(),
            milestone: step.milestone.as_ref().map(|m| m.get_ref().clone()),
        })
        .collect()
}

fn facts(site: &Site, page: &Page) -> serde_json::Value {
    let fm = &page.original().front_matter;
    let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
    match page.key.kind {
        PageKind::Country => {
            let comparison: BTreeMap<&String, serde_json::Value> = fm
                .facts
                .iter()
                .flat_map(|f| f.get_ref().iter())
                .map(|(id, value)| {
                    let shown = serde_json::to_value(value.value.get_ref()).unwrap_or(serde_json::Value::Null);
                    (id, serde_json::json!({ "value": shown, "source": value.source.as_ref().map(|s| s.get_ref()) }))
                })
                .collect();
            serde_json::json!({
                "official_languages": fm.official_languages.as_ref().map(|l| l.get_ref().clone()).unwrap_or_default(),
                "institutions": references(site, page, fm.institutions.as_ref()),
                "comparison": comparison,
            })
        }
        PageKind::Organisation => serde_json::json!({
            "kind": text(&fm.kind), "sector": text(&fm.sector), "website": text(&fm.website), "phone": text(&fm.phone),
            "roles": site.relations.roles_of_organisation.get(&page.key).into_iter().flatten().map(|k| k.content_path()).collect::<Vec<_>>(),
        }),
        PageKind::Role => serde_json::json!({
            "organisations": references(site, page, fm.organisations.as_ref()),
            "medical": fm.medical.as_ref().map(|m| *m.get_ref()),
        }),
        PageKind::Procedure => serde_json::json!({
            "decides": fm.decides.as_ref().map(|d| reference(site, page, d.get_ref())),
            "steps": fm.steps.as_ref().map(|s| steps(site, page, s.get_ref())).unwrap_or_default(),
        }),
        PageKind::Letter => serde_json::json!({
            "kind": text(&fm.kind),
            "sender": fm.sender.as_ref().map(|s| reference(site, page, s.get_ref())),
            "recipients": references(site, page, fm.recipients.as_ref()),
            "decides": fm.decides.as_ref().map(|d| reference(site, page, d.get_ref())),
            "respond_within_days": fm.respond_within_days.as_ref().map(|d| *d.get_ref()),
            "objection": remedy(site, page, |fm| &fm.objection),
            "appeal": remedy(site, page, |fm| &fm.appeal),
            "steps": site.relations.steps_sending_letter.get(&page.key).into_iter().flatten().filter_map(|s| {
                let procedure = site.page(&s.procedure)?;
                let step = procedure.original().front_matter.steps.as_ref()?.get_ref().get(s.index)?;
                Some(format!("{}#{}", s.procedure.content_path(), step.id.get_ref()))
            }).collect::<Vec<_>>(),
        }),
        PageKind::CrossBorder => serde_json::json!({ "countries": page.key.id.split('-').collect::<Vec<_>>() }),
        PageKind::Home | PageKind::Page | PageKind::Glossary => serde_json::json!({}),
    }
}

/// The export as pretty JSON bytes.
pub fn site_json(site: &Site, urls: &Urls) -> Vec<u8> {
    let config = &site.config;
    let export = Export {
        generator: format!("signpost {}", env!("CARGO_PKG_VERSION")),
        default_language: &config.default_language,
        languages: config
            .language_codes()
            .into_iter()
            .filter_map(|code| {
                let language = config.languages.get(code)?;
                Some(ExportLanguage {
                    code,
                    name: &language.name,
                    title: &language.title,
                    fallback: config.fallback_chain(code).into_iter().skip(1).collect(),
                })
            })
            .collect(),
        comparison_facts: config
            .comparison
            .iter()
            .map(|(id, fact)| ExportComparisonFact { id, kind: fact.kind, label: &fact.label })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|page| {
                let fm = &page.original().front_matter;
                let per_language = |field: &dyn Fn(&crate::model::Translation) -> Option<String>| {
                    page.translations.iter().filter_map(|(lang, t)| Some((lang.clone(), field(t)?))).collect()
                };
                ExportPage {
                    path: page.key.content_path(),
                    kind: page.key.kind.name(),
                    country: page.key.country.clone(),
                    id: page.key.id.clone(),
                    titles: per_language(&|t| t.front_matter.title.as_ref().map(|x| x.get_ref().clone())),
                    summaries: per_language(&|t| t.front_matter.summary.clone()),
                    urls: page
                        .translations
                        .keys()
                        .map(|lang| (lang.clone(), urls.absolute(&Urls::page_dir(lang, &page.key))))
                        .collect(),
                    reviewed: per_language(&|t| date(t.front_matter.reviewed.as_ref())),
                    valid_from: date(fm.valid_from.as_ref()),
                    valid_until: date(fm.valid_until.as_ref()),
                    sources: fm.sources.iter().flat_map(|s| s.get_ref().iter()).cloned().collect(),
                    concept: fm.concept.as_ref().map(|c| c.get_ref().clone()),
                    facts: facts(site, page),
                }
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&export).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

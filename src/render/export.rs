//! `data/site.json`: the resolved site for tools and experts: every page with its facts
//! (typed, references as content paths or `you`) and its texts in every language that
//! has them. Per step its timing, its deadline and what that runs from, rights, duties,
//! actor and recipients; per letter who sends it, what to do, by when, whether and how
//! it can be contested; comparison values as stated and as shown in every language. The
//! file names its schema (`docs/site.schema.json`, which a test validates the export
//! against) and the content's licence.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Theme;
use super::reader::{Part, Reader};
use super::views::shown_answer;
use crate::model::facts::{
    Country, Deadline, Facts, Letter, LetterKind, Milestone, Organisation, PeriodUnit, Procedure, Remedy, Role, Stated,
    Step,
};
use crate::model::{Licence, Page, PageKey, Party, Source, Translation};

/// The schema's `$id` in `docs/site.schema.json`, named by every export.
pub const SCHEMA: &str = "https://signpost.example.org/schema/site.json";

/// A text in every language that has it.
type PerLanguage<'a> = BTreeMap<&'a str, &'a str>;

#[derive(Serialize)]
struct Export<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    licence: Option<&'a Licence>,
    generator: String,
    default_language: &'a str,
    languages: Vec<ExportLanguage<'a>>,
    comparison_facts: Vec<ExportComparisonFact<'a>>,
    pages: ExportPages<'a, 'a>,
}

/// Every page of the export, each made as it is written: made all at once, the pages of
/// a 30,000-page site held about 100 MB beside the file's own bytes.
struct ExportPages<'r, 'a> {
    r: &'r Reader<'a>,
    theme: &'a Theme,
    languages: Vec<&'a str>,
    /// Asked every [`PAGES_BETWEEN_LOOKS`] pages: the file takes about a second at
    /// 30,000 pages, which `serve` does not make a newer save wait for.
    cancelled: &'r (dyn Fn() -> bool + Sync),
}

const PAGES_BETWEEN_LOOKS: usize = 256;

impl Serialize for ExportPages<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let pages = self.r.all(None, Part::Content);
        let mut list = serializer.serialize_seq(Some(pages.len()))?;
        for (i, page) in pages.into_iter().enumerate() {
            if i % PAGES_BETWEEN_LOOKS == 0 && (self.cancelled)() {
                return Err(S::Error::custom("cancelled"));
            }
            list.serialize_element(&export_page(self.r, self.theme, page, &self.languages))?;
        }
        list.end()
    }
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
struct ExportPage<'a> {
    path: String,
    kind: &'static str,
    country: Option<&'a str>,
    id: &'a str,
    titles: PerLanguage<'a>,
    summaries: PerLanguage<'a>,
    urls: BTreeMap<&'a str, String>,
    reviewed: BTreeMap<&'a str, String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    sources: &'a [Source],
    concept: Option<&'a str>,
    facts: ExportFacts<'a>,
}

/// The facts of a page by kind (the model's, with their texts in every language and the
/// back-links); `{}` for kinds without facts.
#[derive(Serialize)]
#[serde(untagged)]
enum ExportFacts<'a> {
    Country {
        #[serde(flatten)]
        country: &'a Country,
        comparison: BTreeMap<&'a str, ExportStated<'a>>,
    },
    Organisation {
        #[serde(flatten)]
        organisation: &'a Organisation,
        contact: PerLanguage<'a>,
        roles: Vec<&'a PageKey>,
        procedures: Vec<&'a PageKey>,
    },
    Role {
        #[serde(flatten)]
        role: &'a Role,
        education: PerLanguage<'a>,
    },
    Procedure {
        decides: Option<&'a PageKey>,
        start: PerLanguage<'a>,
        steps: Vec<ExportStep<'a>>,
    },
    Letter {
        #[serde(flatten)]
        letter: &'a Letter,
        /// Whether the reader can contest it: a decision.
        can_object: bool,
        recognise: PerLanguage<'a>,
        /// The body's `{#what-to-do}` section, as plain text.
        what_to_do: BTreeMap<&'a str, String>,
        objection: Option<ExportRemedy<'a>>,
        appeal: Option<ExportRemedy<'a>>,
        /// The steps that send it: `nl/procedures/poortwachter#melding-42`.
        steps: Vec<String>,
    },
    CrossBorder {
        countries: Vec<&'a str>,
    },
    Glossary {
        realised_by: Vec<&'a PageKey>,
    },
    None {},
}

/// A comparison value as stated, and as each language shows it.
#[derive(Serialize)]
struct ExportStated<'a> {
    #[serde(flatten)]
    stated: &'a Stated,
    shown: BTreeMap<&'a str, String>,
}

#[derive(Serialize)]
struct ExportStep<'a> {
    id: &'a str,
    titles: PerLanguage<'a>,
    week_start: Option<i64>,
    week_end: Option<i64>,
    /// The step it follows and takes its week from.
    after: Option<&'a str>,
    actor: Option<&'a Party>,
    letter: Option<&'a PageKey>,
    to: &'a [Party],
    deadline: Option<ExportDeadline<'a>>,
    /// The deadline in words, where a language says it.
    deadline_text: PerLanguage<'a>,
    rights: PerLanguage<'a>,
    duties: PerLanguage<'a>,
    next: Vec<&'a str>,
    milestone: Option<Milestone>,
}

/// By when a step must be done, and what that time runs from.
#[derive(Serialize)]
#[serde(tag = "runs_from", rename_all = "kebab-case")]
enum ExportDeadline<'a> {
    /// A week counted from the procedure's start.
    Start { week: i64 },
    /// A time counted from the letter an earlier step sends.
    Letter {
        step: &'a str,
        letter: Option<&'a PageKey>,
        amount: i64,
        unit: PeriodUnit,
        counted_from: crate::model::facts::CountedFrom,
    },
}

/// How to contest a decision letter, with `how` in every language that says it.
#[derive(Serialize)]
struct ExportRemedy<'a> {
    #[serde(flatten)]
    remedy: &'a Remedy,
    how: PerLanguage<'a>,
}

/// A text of every translation that has it.
fn per_language<'a>(page: &'a Page, field: impl Fn(&'a Translation) -> Option<&'a str>) -> PerLanguage<'a> {
    page.translations.iter().filter_map(|(lang, t)| Some((lang.as_str(), field(t)?))).collect()
}

/// Where the export is written, below the output root.
pub const PATH: &str = "data/site.json";

/// The export as pretty JSON bytes (see [`write_site_json`]). `None` when `cancelled`
/// said so before the last page.
pub fn site_json(r: &Reader, theme: &Theme, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    match write_site_json(r, theme, cancelled, &mut bytes) {
        Ok(()) => Some(bytes),
        Err(error) => {
            assert!(cancelled(), "the export is plain data, which serialises into memory unless given up: {error}");
            None
        }
    }
}

/// Writes the export as pretty JSON into `writer` while it is made: at 30,000 pages it
/// is over 100 MB, which a build writing it to its file need not hold. `r` reads every
/// page in the default language; `theme` gives each language's words for comparison
/// values; a text value shows each language's own words where its translation gives
/// them. Fails when writing fails, or when `cancelled` says so before the last page.
pub fn write_site_json(
    r: &Reader,
    theme: &Theme,
    cancelled: &(dyn Fn() -> bool + Sync),
    mut writer: impl std::io::Write,
) -> serde_json::Result<()> {
    let config = r.config();
    let languages = config.language_codes();
    let export = Export {
        schema: SCHEMA,
        licence: config.licence.as_ref(),
        generator: format!("signpost {}", env!("CARGO_PKG_VERSION")),
        default_language: &config.default_language,
        languages: languages
            .iter()
            .filter_map(|&code| {
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
        pages: ExportPages { r, theme, languages: languages.clone(), cancelled },
    };
    serde_json::to_writer_pretty(&mut writer, &export)?;
    writer.write_all(b"\n").map_err(serde_json::Error::io)
}

/// One page of the export, as `r` reads it.
fn export_page<'a>(r: &Reader<'a>, theme: &'a Theme, page: &'a Page, languages: &[&'a str]) -> ExportPage<'a> {
    r.own(page, Part::Title);
    ExportPage {
        path: page.key.content_path(),
        kind: page.key.kind.name(),
        country: page.key.country.as_deref(),
        id: &page.key.id,
        titles: per_language(page, |t| Some(&t.title)),
        summaries: per_language(page, |t| t.summary.as_deref()),
        urls: page.translations.keys().map(|lang| (lang.as_str(), r.urls.page_url(lang, &page.key))).collect(),
        reviewed: page
            .translations
            .iter()
            .filter_map(|(lang, t)| Some((lang.as_str(), t.reviewed?.to_string())))
            .collect(),
        valid_from: page.valid_from.map(|d| d.to_string()),
        valid_until: page.valid_until.map(|d| d.to_string()),
        sources: &page.sources,
        concept: page.concept.as_ref().map(|c| c.id.as_str()),
        facts: facts(r, theme, page, languages),
    }
}

fn facts<'a>(r: &Reader<'a>, theme: &'a Theme, page: &'a Page, languages: &[&'a str]) -> ExportFacts<'a> {
    let key = &page.key;
    match &page.facts {
        Facts::Country(country) => ExportFacts::Country {
            country,
            comparison: country
                .comparison
                .iter()
                .map(|(id, stated)| {
                    let shown = languages
                        .iter()
                        .map(|&lang| {
                            let shown = r.shown_in(page, lang);
                            (lang, shown_answer(theme.strings_for(lang), page, shown, id, stated).0.into_owned())
                        })
                        .collect();
                    (id.as_str(), ExportStated { stated, shown })
                })
                .collect(),
        },
        Facts::Organisation(organisation) => {
            let relations = r.back_links(key);
            ExportFacts::Organisation {
                organisation,
                contact: per_language(page, |t| t.texts().contact.as_deref()),
                roles: relations.roles_of_organisation.get(key).into_iter().flatten().collect(),
                procedures: relations.procedures_of_organisation.get(key).into_iter().flatten().collect(),
            }
        }
        Facts::Role(role) => {
            ExportFacts::Role { role, education: per_language(page, |t| t.texts().education.as_deref()) }
        }
        Facts::Procedure(procedure) => ExportFacts::Procedure {
            decides: procedure.decides.as_ref(),
            start: per_language(page, |t| t.texts().start.as_deref()),
            steps: procedure
                .steps
                .iter()
                .enumerate()
                .map(|(index, step)| export_step(page, procedure, index, step))
                .collect(),
        },
        Facts::Letter(letter) => {
            let steps = r.back_links(key).steps_sending_letter.get(key).into_iter().flatten();
            let remedy = |remedy: &'a Remedy, how: fn(&'a Translation) -> Option<&'a str>| ExportRemedy {
                remedy,
                how: per_language(page, how),
            };
            r.own(page, Part::Body);
            ExportFacts::Letter {
                letter,
                can_object: letter.kind == Some(LetterKind::Decision),
                recognise: per_language(page, |t| t.texts().recognise.as_deref()),
                what_to_do: page
                    .translations
                    .iter()
                    .filter_map(|(lang, t)| {
                        Some((lang.as_str(), crate::markdown::section_text(t.body(), "what-to-do")?))
                    })
                    .collect(),
                objection: letter.objection.as_ref().map(|o| remedy(o, |t| t.texts().objection_how.as_deref())),
                appeal: letter.appeal.as_ref().map(|a| remedy(a, |t| t.texts().appeal_how.as_deref())),
                steps: steps
                    .filter_map(|s| {
                        let Facts::Procedure(procedure) = &r.page(&s.procedure, Part::Content)?.facts else {
                            return None;
                        };
                        Some(format!("{}#{}", s.procedure.content_path(), procedure.steps.get(s.index)?.id))
                    })
                    .collect(),
            }
        }
        Facts::CrossBorder => ExportFacts::CrossBorder { countries: key.id.split('-').collect() },
        Facts::Glossary => ExportFacts::Glossary {
            realised_by: r.back_links(key).realisations_of_concept.get(&key.id).into_iter().flatten().collect(),
        },
        Facts::Home | Facts::Page => ExportFacts::None {},
    }
}

fn export_step<'a>(page: &'a Page, procedure: &'a Procedure, index: usize, step: &'a Step) -> ExportStep<'a> {
    let text = |field: fn(&'a crate::model::StepTexts) -> Option<&'a str>| {
        per_language(page, move |t| field(t.texts().steps.get(index)?))
    };
    ExportStep {
        id: &step.id,
        titles: text(|s| s.title.as_deref()),
        week_start: step.weeks.map(|w| w.0),
        week_end: step.weeks.map(|w| w.1),
        after: step.after.and_then(|a| procedure.steps.get(a)).map(|s| s.id.as_str()),
        actor: step.actor.as_ref(),
        letter: step.letter.as_ref(),
        to: &step.to,
        deadline: step.deadline.as_ref().map(|deadline| match deadline {
            Deadline::Week(week) => ExportDeadline::Start { week: *week },
            Deadline::FromLetter { step: sending, period } => {
                let sending = procedure.steps.get(*sending);
                ExportDeadline::Letter {
                    step: sending.map_or("", |s| s.id.as_str()),
                    letter: sending.and_then(|s| s.letter.as_ref()),
                    amount: period.amount,
                    unit: period.unit,
                    counted_from: period.counted_from,
                }
            }
        }),
        deadline_text: text(|s| s.deadline.as_deref()),
        rights: text(|s| s.rights.as_deref()),
        duties: text(|s| s.duties.as_deref()),
        next: procedure
            .next_of(index)
            .into_iter()
            .filter_map(|n| procedure.steps.get(n))
            .map(|s| s.id.as_str())
            .collect(),
        milestone: step.milestone,
    }
}

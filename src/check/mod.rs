//! check: everything `build` validates, plus what an editor should look at before
//! publishing: pages that fall back to another language, translations whose original
//! changed since (`translated_from`), reviews that are overdue, rules not in force today,
//! pages without sources or review date, the external links (listed, never fetched), and
//! how hard each page is to read, and the placeholders still to fill in. Reads only;
//! nothing is written.

mod placeholders;
mod readability;

pub use placeholders::PLACEHOLDER;
pub use readability::{Formula, Score, formula_for, score};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, printable};
use crate::markdown;
use crate::model::{LoadedFile, Page, Site, Translation};
use crate::resolve::civil_date;
use crate::{BuildFailure, BuildOptions};

#[derive(Debug, Serialize)]
pub struct ExternalLink {
    pub file: String,
    pub line: usize,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PageReadability {
    pub file: String,
    pub lang: String,
    pub formula: &'static str,
    pub score: f64,
    pub band: String,
    pub words: usize,
    pub sentences: usize,
    pub passes: bool,
    pub hardest: Vec<String>,
}

/// What `signpost check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    /// Per language, the pages shown from another language.
    pub missing_translations: BTreeMap<String, Vec<String>>,
    pub external_links: Vec<ExternalLink>,
    pub readability: Vec<PageReadability>,
    /// Per language other than the default, the translation units missing or fuzzy
    /// (what `signpost translate export` would hand a translator).
    pub translation_units: BTreeMap<String, crate::translate::UnitCounts>,
}

impl CheckReport {
    /// Errors always fail; warnings fail only with `--strict`.
    pub fn passes(&self, strict: bool) -> bool {
        !(self.diagnostics.has_errors() || (strict && self.diagnostics.warning_count() > 0))
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut json = self.diagnostics.to_json();
        json["missing_translations"] = serde_json::json!(self.missing_translations);
        json["external_links"] = serde_json::json!(self.external_links);
        json["readability"] = serde_json::json!(self.readability);
        json["translation_units"] = serde_json::json!(self.translation_units);
        json
    }

    /// The human report: diagnostics by file, then the tables: which page falls back in
    /// which language, readability per language, and every external link.
    pub fn to_human(&self, color: bool) -> String {
        let mut out = self.diagnostics.to_human(color);
        let languages: Vec<&String> = self.missing_translations.keys().collect();
        let mut fallback_pages: Vec<&String> = self.missing_translations.values().flatten().collect();
        fallback_pages.sort();
        fallback_pages.dedup();
        out.push_str("Missing translations (readers see another language, with a notice):\n");
        let header: Vec<String> = languages.iter().map(|l| format!("{l:>4}")).collect();
        out.push_str(&format!("  {:<50}{}\n", "page", header.join("")));
        for page in &fallback_pages {
            let marks: Vec<String> = languages
                .iter()
                .map(|l| {
                    if self.missing_translations[*l].contains(page) {
                        "   –".to_string()
                    } else {
                        "   ✓".to_string()
                    }
                })
                .collect();
            out.push_str(&format!("  {:<50}{}\n", printable(page), marks.join("")));
        }
        let counts: Vec<String> = self.missing_translations.iter().map(|(l, p)| format!("{l} {}", p.len())).collect();
        out.push_str(&format!("  pages falling back: {}\n\n", counts.join(", ")));
        out.push_str("Translation units (signpost translate export hands them to a translator):\n");
        for (lang, units) in &self.translation_units {
            out.push_str(&format!("  {lang}: {} missing, {} fuzzy, of {}\n", units.missing, units.fuzzy, units.units));
        }
        out.push('\n');

        out.push_str("Readability (limits in site.toml [readability]):\n");
        let mut by_language: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
        for page in &self.readability {
            let entry = by_language.entry(page.lang.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(!page.passes);
            entry.2 += page.score;
        }
        for (lang, (scored, failing, sum)) in by_language {
            let formula = formula_for(lang).name();
            out.push_str(&format!(
                "  {lang}: {scored} page(s), {formula} average {:.1}, {failing} over the limit\n",
                sum / scored as f64
            ));
        }
        out.push_str(&format!("\nExternal links ({}, listed, not fetched):\n", self.external_links.len()));
        for link in &self.external_links {
            out.push_str(&format!("  {}:{} {}\n", printable(&link.file), link.line, printable(&link.url)));
        }
        out.push_str(&format!(
            "\n{} error(s), {} warning(s), {} note(s)\n",
            self.diagnostics.error_count(),
            self.diagnostics.warning_count(),
            self.diagnostics.note_count()
        ));
        out
    }
}

/// Runs every stage but writing, then the editor's checks.
pub fn check(options: &BuildOptions) -> Result<CheckReport, BuildFailure> {
    let prepared = crate::prepare(options)?;
    let (site, sources) = (&prepared.site, &prepared.sources);
    let mut diagnostics = prepared.diagnostics;
    let mut external_links = Vec::new();
    let mut readability = Vec::new();
    for page in &site.pages {
        let Some(original) = sources.file(&page.key, &page.default_lang) else { continue };
        check_page_facts(site, page, original, &mut diagnostics);
        for translation in page.translations.values() {
            let Some(file) = sources.file(&page.key, &translation.lang) else { continue };
            if translation.lang != page.default_lang {
                check_stale(original, file, &mut diagnostics);
            }
            check_review(site, file, &mut diagnostics);
            external_links.extend(external_links_of(translation));
            if translation.lang == page.default_lang {
                external_links.extend(source_links_of(original));
            }
            if let Some(scored) = readability_of(site, translation, &mut diagnostics) {
                readability.push(scored);
            }
        }
    }
    placeholders::check_placeholders(site, &options.content, &mut diagnostics);
    Ok(CheckReport {
        diagnostics,
        missing_translations: missing_translations(site),
        external_links,
        readability,
        translation_units: crate::translate::unit_counts(site),
    })
}

fn missing_translations(site: &Site) -> BTreeMap<String, Vec<String>> {
    site.config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let pages = site
                .pages
                .iter()
                .filter(|p| !p.translations.contains_key(lang))
                .map(|p| p.key.content_path())
                .collect();
            (lang.to_string(), pages)
        })
        .collect()
}

/// Sources, and whether the rules the page describes are in force today.
fn check_page_facts(site: &Site, page: &Page, original: &LoadedFile, diagnostics: &mut Diagnostics) {
    let fm = &original.front_matter;
    let offset = original.front_matter_offset;
    if page.sources.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::Unsourced, format!("`{}` cites no sources", page.key))
                .at_span(&original.file, offset..offset)
                .help("add [[sources]] with title, publisher and year (and url when there is one) for the facts on this page"),
        );
    }
    if let (Some(until), Some(written)) = (page.valid_until, &fm.valid_until)
        && until < site.today
    {
        diagnostics.push(
            Diagnostic::new(Code::RulesEnded, format!("the rules on this page ended on {until}"))
                .at_span(&original.file, original.front_matter_span(written.span()))
                .help("readers see a notice; keep the page as history, or update it to today's rules"),
        );
    }
    if let (Some(from), Some(written)) = (page.valid_from, &fm.valid_from)
        && from > site.today
    {
        diagnostics.push(
            Diagnostic::new(Code::RulesNotYet, format!("the rules on this page start on {from}"))
                .at_span(&original.file, original.front_matter_span(written.span()))
                .help("readers see a notice until then; check the date again when it comes"),
        );
    }
}

/// A translation whose original's text changed since it was translated.
fn check_stale(original: &LoadedFile, translation: &LoadedFile, diagnostics: &mut Diagnostics) {
    let current = crate::model::keys::fingerprint(&original.front_matter, original.body());
    let offset = translation.front_matter_offset;
    match &translation.front_matter.translated_from {
        None => diagnostics.push(
            Diagnostic::new(Code::TranslationUntracked, "this translation does not say which version of the original it follows")
                .at_span(&translation.file, offset..offset)
                .help(format!(
                    "after checking it against {}, run `signpost mark-translated {}` (it records translated_from = \"{current}\")",
                    original.file.display_path(),
                    translation.file.display_path()
                )),
        ),
        Some(recorded) if recorded.get_ref() != &current => diagnostics.push(
            Diagnostic::new(Code::TranslationStale, "the original changed after this translation was made")
                .at_span(&translation.file, translation.front_matter_span(recorded.span()))
                .label("translated from an older version")
                .related(crate::diagnostics::Location::file_start(&original.file), "the original, which changed")
                .help(format!(
                    "update the translation to the original's text, then run `signpost mark-translated {}`",
                    translation.file.display_path()
                )),
        ),
        Some(_) => {}
    }
}

fn check_review(site: &Site, file: &LoadedFile, diagnostics: &mut Diagnostics) {
    let offset = file.front_matter_offset;
    let Some(reviewed) = &file.front_matter.reviewed else {
        diagnostics.push(
            Diagnostic::new(Code::NotReviewed, "this page has no `reviewed` date")
                .at_span(&file.file, offset..offset)
                .help("add `reviewed = YYYY-MM-DD`, the day you last checked its facts against the sources"),
        );
        return;
    };
    let Some(date) = civil_date(reviewed.get_ref()) else { return };
    let interval = site.config.review_interval_days;
    let Some(due) = review_due(date, interval) else { return };
    if due < site.today {
        diagnostics.push(
            Diagnostic::new(Code::ReviewOverdue,
                format!("the facts were last checked on {date}; a review was due on {due}"),
            )
            .at_span(&file.file, file.front_matter_span(reviewed.span()))
            .help(format!("check the facts against the sources and set `reviewed` to that day (interval: review_interval_days = {interval} in site.toml)")),
        );
    }
}

/// The day a review falls due, `interval` days after `reviewed`; `None` when that is
/// past the last date the calendar holds (year 9999), so an interval of millions of days
/// means "never", not "already overdue".
fn review_due(reviewed: jiff::civil::Date, interval: u32) -> Option<jiff::civil::Date> {
    reviewed.checked_add(jiff::Span::new().try_days(i64::from(interval)).ok()?).ok()
}

fn external_links_of(translation: &Translation) -> Vec<ExternalLink> {
    markdown::outline(translation.body())
        .external_links
        .into_iter()
        .map(|link| ExternalLink {
            file: translation.file.display_path(),
            line: translation.file.line_col(translation.body.start + link.span.start).0,
            url: link.destination,
        })
        .collect()
}

/// The URLs of a page's sources and website, which readers follow to check a fact.
fn source_links_of(original: &LoadedFile) -> Vec<ExternalLink> {
    let fm = &original.front_matter;
    let line_of = |span: std::ops::Range<usize>| original.file.line_col(original.front_matter_offset + span.start).0;
    let mut links: Vec<ExternalLink> = fm
        .sources
        .iter()
        .flat_map(|sources| sources.get_ref().iter().filter_map(|s| s.url.as_ref()))
        .map(|url| ExternalLink {
            file: original.file.display_path(),
            line: line_of(url.span()),
            url: url.get_ref().clone(),
        })
        .collect();
    if let Some(website) = &fm.website {
        links.push(ExternalLink {
            file: original.file.display_path(),
            line: line_of(website.span()),
            url: website.get_ref().clone(),
        });
    }
    links
}

fn readability_of(site: &Site, translation: &Translation, diagnostics: &mut Diagnostics) -> Option<PageReadability> {
    let text = translation.plain_text();
    let measured = score(&text, &translation.lang)?;
    let limits = &site.config.readability;
    if measured.words < limits.min_words {
        return None;
    }
    let (passes, limit) = match measured.formula {
        Formula::Lix => (measured.value <= limits.lix_max, format!("LIX at most {}", limits.lix_max)),
        Formula::FleschDouma => {
            (measured.value >= limits.flesch_douma_min, format!("Flesch–Douma at least {}", limits.flesch_douma_min))
        }
        Formula::FleschReadingEase => (
            measured.value >= limits.flesch_reading_ease_min,
            format!("Flesch Reading Ease at least {}", limits.flesch_reading_ease_min),
        ),
    };
    let hardest: Vec<String> = measured.hardest.iter().map(|h| h.text.clone()).collect();
    if !passes {
        let offset = translation.body.start;
        diagnostics.push(
            Diagnostic::new(
                Code::HardToRead,
                format!(
                    "{} {:.0} ({}): harder than the limit of {limit}",
                    measured.formula.name(),
                    measured.value,
                    measured.band.name()
                ),
            )
            .at_span(&translation.file, offset..offset)
            .help(format!(
                "use shorter sentences and shorter words. The hardest sentences: {}",
                hardest.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(" ")
            )),
        );
    }
    Some(PageReadability {
        file: translation.file.display_path(),
        lang: translation.lang.clone(),
        formula: measured.formula.name(),
        score: (measured.value * 10.0).round() / 10.0,
        band: measured.band.name().to_string(),
        words: measured.words,
        sentences: measured.sentences,
        passes,
        hardest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Date;
    use proptest::prelude::*;

    /// Any date jiff holds, from year -9999 to 9999.
    fn any_date() -> impl Strategy<Value = Date> {
        let days = Date::MIN.until(Date::MAX).map_or(0, |span| i64::from(span.get_days()));
        (0..=days).prop_map(|d| Date::MIN.checked_add(jiff::Span::new().days(d)).unwrap_or(Date::MAX))
    }

    /// Real intervals (up to a few centuries) as often as any `u32`.
    fn any_interval() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..=100_000, any::<u32>()]
    }

    proptest! {
        #[test]
        fn a_review_falls_due_exactly_interval_days_later_or_never(reviewed in any_date(), interval in any_interval()) {
            let days_left = reviewed.until(Date::MAX).map(|span| i64::from(span.get_days()));
            match review_due(reviewed, interval) {
                Some(due) => {
                    prop_assert_eq!(reviewed.until(due).ok().map(|span| i64::from(span.get_days())), Some(i64::from(interval)));
                    prop_assert_eq!(due.checked_sub(jiff::Span::new().days(i64::from(interval))).ok(), Some(reviewed));
                }
                None => prop_assert!(days_left.is_ok_and(|left| left < i64::from(interval))),
            }
        }

        #[test]
        fn a_longer_interval_never_falls_due_earlier(reviewed in any_date(), a in any_interval(), b in any_interval()) {
            let (short, long) = (a.min(b), a.max(b));
            if let Some(late) = review_due(reviewed, long) {
                prop_assert!(review_due(reviewed, short).is_some_and(|early| early <= late));
            }
        }
    }
}

//! Files → a page: the default-language file is the original that carries the facts,
//! the other files are translations that may only repeat them; each file gives the text
//! of its language.

use std::collections::BTreeMap;

use super::entities::{Existing, civil_date, page_facts};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::markdown;
use crate::model::{ComparisonKind, LoadedFile, Page, PageKey, StepTexts, Texts, Translation, keys};

/// The page made of `files` (every file of one key), or `None` when it has no original.
pub fn page_from_files(
    existing: &Existing,
    files: &[LoadedFile],
    today: jiff::civil::Date,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    let default_lang = &existing.config.default_language;
    let key: &PageKey = &files.first()?.key;
    let Some(original) = files.iter().find(|f| &f.lang == default_lang) else {
        for file in files {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingOriginal,
                    format!("`{key}` has no file in the default language `{default_lang}`"),
                )
                .at_span(&file.file, 0..0)
                .help(format!(
                    "facts are written once, in the default language: add `{}.{default_lang}.md` (translations inherit from it)",
                    file_stem(file)
                )),
            );
        }
        return None;
    };
    for file in files.iter().filter(|f| &f.lang != default_lang) {
        check_translation_facts(original, file, diagnostics);
    }
    for file in files {
        check_comparison_texts(existing, original, file, diagnostics);
    }
    let mut translations: BTreeMap<String, Translation> = BTreeMap::new();
    for file in files {
        if let Some(existing) = translations.get(&file.lang) {
            diagnostics.push(
                Diagnostic::new(Code::DuplicatePage, format!("two files are `{key}` in `{}`", file.lang))
                    .at_span(&file.file, 0..0)
                    .related(Location::file_start(&existing.file), "the other file")
                    .help("ids are file names in lower case with spaces as `-`: rename or remove one of the files"),
            );
            continue;
        }
        translations.insert(file.lang.clone(), translation_from(file, today, diagnostics));
    }
    let facts = page_facts(existing, original, diagnostics);
    Some(Page {
        key: key.clone(),
        default_lang: default_lang.clone(),
        translations,
        valid_from: facts.valid_from,
        valid_until: facts.valid_until,
        sources: facts.sources,
        concept: facts.concept,
        facts: facts.facts,
    })
}

/// One file as a translation of its page, with what its body's outline and its review
/// date show wrong (a review may not lie after `today`).
fn translation_from(file: &LoadedFile, today: jiff::civil::Date, diagnostics: &mut Diagnostics) -> Translation {
    let outline = markdown::outline(file.body());
    let in_body = |span: &std::ops::Range<usize>| file.body.start + span.start..file.body.start + span.end;
    if let Some(span) = &outline.too_deep {
        diagnostics.push(
            Diagnostic::new(
                Code::TooDeeplyNested,
                format!("lists or quotes here nest more than {} levels deep", markdown::MAX_NESTING),
            )
            .at_span(&file.file, in_body(span))
            .help("flatten the structure: readers cannot follow more than a few levels either"),
        );
    }
    for (problem, span) in &outline.heading_problems {
        diagnostics.push(
            Diagnostic::new(problem.code(), problem.to_string())
                .at_span(&file.file, in_body(span))
                .help(problem.help()),
        );
    }
    for (id, span) in &outline.duplicate_ids {
        diagnostics.push(
            Diagnostic::new(Code::DuplicateAnchor, format!("the heading id `{id}` is used twice on this page"))
                .at_span(&file.file, in_body(span))
                .help("give each heading a different `{#id}`"),
        );
    }
    let fm = &file.front_matter;
    let reviewed = fm.reviewed.as_ref().and_then(|reviewed| {
        let span = file.front_matter_span(reviewed.span());
        let date = civil_date(reviewed.get_ref());
        match date {
            None => diagnostics.push(
                Diagnostic::new(Code::BadDate, "`reviewed` is not a calendar date")
                    .at_span(&file.file, span)
                    .help("write the day the facts were checked, like 2026-11-01"),
            ),
            Some(date) if date > today => diagnostics.push(
                Diagnostic::new(Code::ReviewedInFuture, format!("`reviewed` is {date}, after today ({today})"))
                    .at_span(&file.file, span)
                    .help("a review date says when the facts were checked, so it cannot lie ahead: use the day you checked them"),
            ),
            Some(_) => {}
        }
        date
    });
    let how = |remedy: &Option<Box<toml::Spanned<crate::model::RemedyFrontMatter>>>| {
        remedy.as_ref().and_then(|r| r.get_ref().how.clone())
    };
    let steps = fm.steps.as_ref().map(|s| s.get_ref().as_slice()).unwrap_or_default();
    let texts = Texts {
        start: fm.start.clone(),
        recognise: fm.recognise.clone(),
        contact: fm.contact.clone(),
        education: fm.education.clone(),
        steps: steps
            .iter()
            .map(|step| StepTexts {
                title: step.title.clone(),
                deadline: step.deadline.clone(),
                rights: step.rights.clone(),
                duties: step.duties.clone(),
            })
            .collect(),
        objection_how: how(&fm.objection),
        appeal_how: how(&fm.appeal),
        comparison: fm
            .facts
            .iter()
            .flat_map(|facts| facts.get_ref())
            .filter_map(|(id, fact)| Some((id.clone(), fact.text.as_ref()?.get_ref().clone())))
            .collect(),
    };
    Translation {
        lang: file.lang.clone(),
        file: file.file.clone(),
        body: file.body.clone(),
        headings: outline.headings,
        internal_links: outline.internal_links,
        plain: outline.plain,
        title: fm.title.as_ref().map(|t| t.get_ref().clone()).unwrap_or_default(),
        summary: fm.summary.clone(),
        terms: fm.terms.clone().unwrap_or_default(),
        reviewed,
        texts: (texts != Texts::default()).then(|| Box::new(texts)),
    }
}

/// A translated answer (`[facts.<id>] text`) belongs to a translation, to a `text` fact
/// the original states: yes/no and numbers are shown in the reader's words already.
fn check_comparison_texts(
    existing: &Existing,
    original: &LoadedFile,
    file: &LoadedFile,
    diagnostics: &mut Diagnostics,
) {
    let stated_in_original = |id: &str| {
        original.front_matter.facts.as_ref().and_then(|f| f.get_ref().get(id)).is_some_and(|f| f.value.is_some())
    };
    for (id, fact) in file.front_matter.facts.iter().flat_map(|f| f.get_ref()) {
        let Some(text) = &fact.text else { continue };
        let kind = existing.config.comparison.get(id).map(|declared| declared.kind);
        let problem = if file.lang == original.lang {
            Some((
                Code::BadComparisonValue,
                format!("`facts.{id}.text` is for translations: the original's answer is its `value`"),
                "write the answer as `value` here; a translation gives its own words as `text`".to_string(),
            ))
        } else if kind.is_some_and(|kind| kind != ComparisonKind::Text) {
            Some((
                Code::BadComparisonValue,
                format!("`{id}` is not a `text` fact: its answer is shown in the reader's words already"),
                "remove `text`; only facts declared with `kind = \"text\"` in site.toml take a translated answer"
                    .to_string(),
            ))
        } else if kind.is_some() && !stated_in_original(id) {
            Some((
                Code::MissingFact,
                format!("`facts.{id}` has a translated answer, but the original states no value for it"),
                format!("state the fact in the original (`[facts.{id}] value = …`), or remove it here"),
            ))
        } else {
            None
        };
        if let Some((code, message, help)) = problem {
            diagnostics.push(
                Diagnostic::new(code, message).at_span(&file.file, file.front_matter_span(text.span())).help(help),
            );
        }
    }
}

fn file_stem(file: &LoadedFile) -> String {
    let name = file.file.path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    name.strip_suffix(&format!(".{}.md", file.lang)).unwrap_or(&name).to_string()
}

/// A translation may leave a fact out (it inherits it) or repeat it unchanged; a
/// different value is an error naming both files.
fn check_translation_facts(original: &LoadedFile, translation: &LoadedFile, diagnostics: &mut Diagnostics) {
    for found in keys::contradictions(&original.front_matter, &translation.front_matter) {
        let at = |file: &LoadedFile, span: Option<std::ops::Range<usize>>| {
            span.map_or(file.front_matter_offset..file.front_matter_offset, |s| file.front_matter_span(s))
        };
        let key = &found.key;
        diagnostics.push(
            Diagnostic::new(
                Code::TranslationContradicts,
                format!("this translation sets `{key}` differently from the original in `{}`", original.lang),
            )
            .at_span(&translation.file, at(translation, found.here))
            .label("differs from the original")
            .related(Location::new(&original.file, at(original, found.there)), format!("the original `{key}`"))
            .help(format!(
                "`{key}` is a fact: remove it from the translation (it is inherited), or change it in the original"
            )),
        );
    }
    check_translation_steps(original, translation, diagnostics);
}

/// Steps in a translation: same ids in the same order, and no step fact that differs.
fn check_translation_steps(original: &LoadedFile, translation: &LoadedFile, diagnostics: &mut Diagnostics) {
    let (Some(theirs), Some(ours)) = (&translation.front_matter.steps, &original.front_matter.steps) else {
        return;
    };
    let their_ids: Vec<&str> = theirs.get_ref().iter().map(|s| s.id.get_ref().as_str()).collect();
    let our_ids: Vec<&str> = ours.get_ref().iter().map(|s| s.id.get_ref().as_str()).collect();
    if their_ids != our_ids {
        diagnostics.push(
            Diagnostic::new(Code::TranslationContradicts, "this translation lists other steps than the original")
                .at_span(&translation.file, translation.front_matter_span(theirs.span()))
                .label(format!("steps here: {}", their_ids.join(", ")))
                .related(
                    Location::new(&original.file, original.front_matter_span(ours.span())),
                    format!("steps in the original: {}", our_ids.join(", ")),
                )
                .help("list the same step ids in the same order; a translation only adds titles and other text"),
        );
        return;
    }
    for (their_step, our_step) in theirs.get_ref().iter().zip(ours.get_ref()) {
        let differing = keys::facts_that_differ(keys::STEP_KEYS, Some(our_step), their_step);
        if !differing.is_empty() {
            let takes: Vec<String> = keys::STEP_KEYS
                .iter()
                .filter(|k| k.name == "id" || matches!(k.role, keys::Role::Text(_)))
                .map(|k| format!("`{}`", k.name))
                .collect();
            diagnostics.push(
                Diagnostic::new(
                    Code::TranslationContradicts,
                    format!(
                        "step `{}` sets {} differently from the original",
                        their_step.id.get_ref(),
                        differing.join(", ")
                    ),
                )
                .at_span(&translation.file, translation.front_matter_span(their_step.id.span()))
                .related(
                    Location::new(&original.file, original.front_matter_span(our_step.id.span())),
                    "the original step",
                )
                .help(format!("in a translation a step takes only {}", takes.join(", "))),
            );
        }
    }
}

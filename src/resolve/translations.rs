//! Files → pages: one page per key, the default-language file as the original that
//! carries the facts, the other files as translations that may only repeat them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::markdown;
use crate::model::{LoadedFile, Page, PageKey, Translation, keys};

/// Pages in key order. Each page is built (and its bodies outlined) in parallel; the
/// diagnostics are merged in key order.
pub fn group_into_pages(mut files: Vec<LoadedFile>, default_lang: &str, diagnostics: &mut Diagnostics) -> Vec<Page> {
    // Stable: the files of one key keep their order (by language, as load sorts them).
    files.sort_by(|a, b| a.key.cmp(&b.key));
    let mut groups: Vec<Vec<LoadedFile>> = Vec::new();
    for file in files {
        match groups.last_mut() {
            Some(group) if group.first().is_some_and(|first| first.key == file.key) => group.push(file),
            _ => groups.push(vec![file]),
        }
    }
    let built: Vec<(Option<Page>, Diagnostics)> = groups
        .into_par_iter()
        .filter_map(|files| {
            let key = files.first()?.key.clone();
            let mut found = Diagnostics::new();
            Some((page_from_files(key, files, default_lang, &mut found), found))
        })
        .collect();
    let mut pages = Vec::with_capacity(built.len());
    for (page, found) in built {
        pages.extend(page);
        diagnostics.extend(found);
    }
    pages
}

fn page_from_files(
    key: PageKey,
    files: Vec<LoadedFile>,
    default_lang: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Page> {
    let Some(original_index) = files.iter().position(|f| f.lang == default_lang) else {
        for file in &files {
            diagnostics.push(
                Diagnostic::new(Code::MissingOriginal,
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
    let original = &files[original_index];
    for file in files.iter().filter(|f| f.lang != default_lang) {
        check_translation_facts(original, file, diagnostics);
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
        translations.insert(file.lang.clone(), translation_from(file, diagnostics));
    }
    Some(Page { key, translations, default_lang: default_lang.to_string() })
}

/// One file as a translation of its page, with what its body's outline shows wrong.
pub fn translation_from(mut file: LoadedFile, diagnostics: &mut Diagnostics) -> Translation {
    let outline = file.take_outline();
    if let Some(span) = &outline.too_deep {
        diagnostics.push(
            Diagnostic::new(
                Code::TooDeeplyNested,
                format!("lists or quotes here nest more than {} levels deep", markdown::MAX_NESTING),
            )
            .at_span(&file.file, file.body.start + span.start..file.body.start + span.end)
            .help("flatten the structure: readers cannot follow more than a few levels either"),
        );
    }
    for (id, span) in &outline.duplicate_ids {
        diagnostics.push(
            Diagnostic::new(Code::DuplicateAnchor, format!("the heading id `{id}` is used twice on this page"))
                .at_span(&file.file, file.body.start + span.start..file.body.start + span.end)
                .help("give each heading a different `{#id}`"),
        );
    }
    Translation {
        lang: file.lang,
        file: file.file,
        body: file.body,
        front_matter: file.front_matter,
        front_matter_offset: file.front_matter_offset,
        headings: outline.headings,
        internal_links: outline.internal_links,
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

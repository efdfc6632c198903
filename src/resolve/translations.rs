//! Files → pages: one page per key, the default-language file as the original that
//! carries the facts, the other files as translations that may only repeat them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown;
use crate::model::{FrontMatter, LoadedFile, Page, PageKey, Translation, contradicted_keys};

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
                Diagnostic::error(
                    "signpost::missing_original",
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
                Diagnostic::error("signpost::duplicate_page", format!("two files are `{key}` in `{}`", file.lang))
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
            Diagnostic::error(
                "signpost::too_deeply_nested",
                format!("lists or quotes here nest more than {} levels deep", markdown::MAX_NESTING),
            )
            .at_span(&file.file, file.body.start + span.start..file.body.start + span.end)
            .help("flatten the structure: readers cannot follow more than a few levels either"),
        );
    }
    for (problem, span) in &outline.heading_problems {
        diagnostics.push(
            Diagnostic::error(problem.code(), problem.to_string())
                .at_span(&file.file, file.body.start + span.start..file.body.start + span.end)
                .help(problem.help()),
        );
    }
    for (id, span) in &outline.duplicate_ids {
        diagnostics.push(
            Diagnostic::error(
                "signpost::duplicate_anchor",
                format!("the heading id `{id}` is used twice on this page"),
            )
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
    for key in contradicted_keys(&original.front_matter.facts(), &translation.front_matter.facts()) {
        diagnostics.push(contradiction(original, translation, key, &original.front_matter, &translation.front_matter));
    }
    check_translation_steps(original, translation, diagnostics);
}

fn contradiction(
    original: &LoadedFile,
    translation: &LoadedFile,
    key: &str,
    original_fm: &FrontMatter,
    translation_fm: &FrontMatter,
) -> Diagnostic {
    let here = translation_fm
        .fact_span(key)
        .map_or(translation.front_matter_offset..translation.front_matter_offset, |s| translation.front_matter_span(s));
    let there = original_fm
        .fact_span(key)
        .map_or(original.front_matter_offset..original.front_matter_offset, |s| original.front_matter_span(s));
    Diagnostic::error(
        "signpost::translation_contradicts",
        format!("this translation sets `{key}` differently from the original in `{}`", original.lang),
    )
    .at_span(&translation.file, here)
    .label("differs from the original")
    .related(Location::new(&original.file, there), format!("the original `{key}`"))
    .help(format!("`{key}` is a fact: remove it from the translation (it is inherited), or change it in the original"))
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
            Diagnostic::error(
                "signpost::translation_contradicts",
                "this translation lists other steps than the original",
            )
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
        let differing = contradicted_keys(&our_step.facts(), &their_step.facts());
        if !differing.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "signpost::translation_contradicts",
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
                .help("in a translation a step takes only `id`, `title`, `deadline`, `rights` and `duties`"),
            );
        }
    }
}

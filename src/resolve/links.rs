//! Every `@/` link in every body is followed for every language that shows it: the
//! target page must exist and, when the link names an anchor, the translation the
//! reader will land on must have that heading.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::parse_internal_link;
use crate::model::{InternalLink, Page, PageKey, Site, Translation};

/// Checks the links of `pages` and returns, for each, the pages its links lead to (in
/// any language), so a later edit of one of those knows whose links to check again.
/// Pages are checked in parallel; the diagnostics are merged in the order given.
pub fn check_internal_links(
    site: &Site,
    pages: &[&Page],
    diagnostics: &mut Diagnostics,
) -> BTreeMap<PageKey, BTreeSet<PageKey>> {
    let found: Vec<(Diagnostics, BTreeSet<PageKey>)> =
        pages.par_iter().with_max_len(crate::PAGES_PER_TASK).map(|page| links_of_page(site, page)).collect();
    let mut targets = BTreeMap::new();
    for (page, (page_diagnostics, page_targets)) in pages.iter().zip(found) {
        diagnostics.extend(page_diagnostics);
        targets.insert(page.key.clone(), page_targets);
    }
    targets
}

fn links_of_page(site: &Site, page: &Page) -> (Diagnostics, BTreeSet<PageKey>) {
    let languages = site.config.language_codes();
    let mut diagnostics = Diagnostics::new();
    let mut targets = BTreeSet::new();
    for translation in page.translations.values() {
        let reader_languages: Vec<&str> = languages
            .iter()
            .copied()
            .filter(|lang| site.shown_translation(page, lang).is_some_and(|shown| shown.lang == translation.lang))
            .collect();
        for written in &translation.internal_links {
            let span = translation.body.start + written.span.start..translation.body.start + written.span.end;
            let problem = match parse_internal_link(&written.destination, &languages, &site.config.default_language) {
                Err(problem) => {
                    Some((problem.to_string(), "write it like `@/nl/procedures/poortwachter.md#step-id`".to_string()))
                }
                Ok(link) => {
                    let problem = reader_languages.iter().find_map(|lang| link_problem(site, &link, lang));
                    targets.insert(link.target);
                    problem
                }
            };
            if let Some((message, help)) = problem {
                diagnostics.push(
                    Diagnostic::new(Code::BrokenLink, format!("broken link `{}`: {message}", written.destination))
                        .at_span(&translation.file, span)
                        .label("this link goes nowhere")
                        .help(help),
                );
            }
        }
    }
    (diagnostics, targets)
}

/// What is wrong with following `link` for a reader of `lang`, and how to fix it.
fn link_problem(site: &Site, link: &InternalLink, lang: &str) -> Option<(String, String)> {
    let Some(target) = site.page(&link.target) else {
        let paths: Vec<String> = site.pages.iter().map(|p| p.key.content_path()).collect();
        let wanted = link.target.content_path();
        let help = match did_you_mean(&wanted, paths.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `@/{close}.md`?"),
            None => "check the path: it is the file's path under content/ without the language".to_string(),
        };
        return Some((format!("there is no page `{wanted}`"), help));
    };
    let landing: &Translation = match &link.lang {
        Some(pinned) => match target.translations.get(pinned) {
            Some(t) => t,
            None => {
                return Some((
                    format!("the page has no `{pinned}` translation"),
                    "remove the pinned language from the link".into(),
                ));
            }
        },
        None => site.shown_translation(target, lang)?,
    };
    let anchor = link.anchor.as_deref()?;
    if landing.has_anchor(anchor) {
        return None;
    }
    let ids = landing.headings.iter().map(|h| h.id.as_str());
    let help = match did_you_mean(anchor, ids) {
        Some(close) => format!("did you mean `#{close}`?"),
        None => anchors_help(target),
    };
    Some((
        format!("`{}` has no heading `#{anchor}` in its `{}` version", target.key.content_path(), landing.lang),
        help,
    ))
}

fn anchors_help(target: &Page) -> String {
    let ids: Vec<String> = target.original().headings.iter().map(|h| format!("#{}", h.id)).collect();
    if ids.is_empty() {
        "the page has no headings to link to".into()
    } else {
        format!(
            "its headings are {}; give a heading a fixed id with `{{#id}}` so it is the same in every language",
            ids.join(", ")
        )
    }
}

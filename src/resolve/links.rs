//! Every `@/` link in every body is followed for every language that shows it: the
//! target page must exist and, when the link names an anchor, the translation the
//! reader will land on must have that heading.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::parse_internal_link;
use crate::model::{InternalLink, Page, Site, Translation};

/// Pages are checked in parallel; the diagnostics are merged in page order.
pub fn check_internal_links(site: &Site, diagnostics: &mut Diagnostics) {
    let found: Vec<Diagnostics> = site.pages.par_iter().map(|page| links_of_page(site, page)).collect();
    for page_diagnostics in found {
        diagnostics.extend(page_diagnostics);
    }
}

fn links_of_page(site: &Site, page: &Page) -> Diagnostics {
    let languages = site.config.language_codes();
    let mut diagnostics = Diagnostics::new();
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
                Ok(link) => reader_languages.iter().find_map(|lang| link_problem(site, &link, lang)),
            };
            if let Some((message, help)) = problem {
                diagnostics.push(
                    Diagnostic::error(
                        "signpost::broken_link",
                        format!("broken link `{}`: {message}", written.destination),
                    )
                    .at_span(&translation.file, span)
                    .label("this link goes nowhere")
                    .help(help),
                );
            }
        }
    }
    diagnostics
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

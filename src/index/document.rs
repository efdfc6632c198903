//! document: a page as search sees it in one reader language — what a result shows
//! (its record) and its text split into fields that weigh differently.

use serde::Serialize;

use crate::model::{Facts, Page, PageKey, PageKind, Site, Translation};
use crate::output::Urls;

/// Characters of page text kept for a result's snippet.
const EXCERPT_CHARS: usize = 360;
/// Extra score, in units of a term's idf, for a term in the title or among the page's
/// other names. BM25 saturates a term's count, so a page that mentions UWV fifty times
/// would otherwise match `UWV` as well as the page called UWV. The title bonus shrinks
/// with the title's length: the page called "Fleksjob" is more about fleksjob than
/// "Decision on fleksjob".
const TITLE_BONUS: f32 = 6.0;
const SYNONYM_BONUS: f32 = 1.5;

/// How much a word counts in each part of a page: a word in a title says more about the
/// page than the same word in its body.
#[derive(Clone, Copy, Debug)]
pub enum Field {
    Title,
    /// Other names for the page: its `terms`, its titles in other languages, and the
    /// glossary concept it realises (or the roles realising it): cross-language search.
    Synonym,
    /// Step titles, headings, the letters a page names and organisation names.
    Heading,
    Summary,
    Body,
}

impl Field {
    /// The name bonus a term earns by appearing in this field of a page whose title has
    /// `title_words` words.
    pub fn bonus(self, title_words: usize) -> f32 {
        match self {
            Field::Title => TITLE_BONUS * 2.0 / (1.0 + (title_words.max(1) as f32).sqrt()),
            Field::Synonym => SYNONYM_BONUS,
            Field::Heading | Field::Summary | Field::Body => 0.0,
        }
    }

    /// What one occurrence in this field adds to a term's count.
    pub fn boost(self) -> f32 {
        match self {
            Field::Title => 8.0,
            Field::Synonym => 5.0,
            Field::Heading => 3.0,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// What a result shows: `[title, path below the output root, kind, excerpt]`.
#[derive(Serialize, Debug, PartialEq)]
pub struct Record(pub String, pub String, pub &'static str, pub String);

/// One page in one reader language: its record and its text by field.
pub struct Document {
    pub record: Record,
    pub title_words: usize,
    pub parts: Vec<(Field, String)>,
}

/// The page as readers of `lang` see it (`shown`: their translation or the fallback),
/// with every name it goes by in any language.
pub fn document(site: &Site, page: &Page, shown: &Translation, lang: &str) -> Document {
    let title = shown.title.clone();
    let body = crate::markdown::plain_text(shown.body());
    let summary = shown.summary.clone().unwrap_or_default();
    let record = Record(title.clone(), Urls::page_dir(lang, &page.key), page.key.kind.name(), excerpt(&summary, &body));
    let title_words = super::words(&title).count();
    let mut parts = vec![(Field::Title, title), (Field::Summary, summary), (Field::Body, body)];
    parts.extend(shown.headings.iter().map(|heading| (Field::Heading, heading.text.clone())));
    if let Facts::Procedure(procedure) = &page.facts {
        for (texts, step) in shown.texts.steps.iter().zip(&procedure.steps) {
            parts.push((Field::Heading, texts.title.clone().unwrap_or_else(|| step.id.clone())));
        }
    }
    for named in named_pages(site, page) {
        if let Some(shown) = site.page(&named).and_then(|p| site.shown_translation(p, lang)) {
            parts.push((Field::Heading, shown.title.clone()));
        }
    }
    parts.extend(synonyms(site, page).into_iter().map(|synonym| (Field::Synonym, synonym)));
    Document { record, title_words, parts }
}

/// The pages a page is about besides itself: a letter's sender, an organisation's
/// letters, a procedure's letters. Their names help find it ("UWV letter").
fn named_pages(site: &Site, page: &Page) -> Vec<PageKey> {
    let mut named: Vec<PageKey> = site.relations.letters_sent.get(&page.key).into_iter().flatten().cloned().collect();
    if let Facts::Procedure(procedure) = &page.facts {
        let letters: std::collections::BTreeSet<&PageKey> =
            procedure.steps.iter().filter_map(|s| s.letter.as_ref()).collect();
        named.extend(letters.into_iter().cloned());
    }
    named
}

/// Every other name of a page: its titles and `terms` in all languages, and those of
/// the glossary concept it realises, or of the roles realising it (a glossary page).
fn synonyms(site: &Site, page: &Page) -> Vec<String> {
    let names_of = |page: &Page| -> Vec<String> {
        page.translations
            .values()
            .flat_map(|t| std::iter::once(t.title.clone()).chain(t.terms.iter().cloned()))
            .collect()
    };
    let mut related: Vec<&Page> = vec![page];
    if page.key.kind == PageKind::Glossary {
        related.extend(
            site.relations.realisations_of_concept.get(&page.key.id).into_iter().flatten().filter_map(|k| site.page(k)),
        );
    } else if let Some(concept) = &page.concept {
        related.extend(site.page(concept));
    }
    let mut names: Vec<String> = related.into_iter().flat_map(names_of).collect();
    names.sort();
    names.dedup();
    names
}

/// The start of the summary and body, cut at a word boundary, for result snippets.
fn excerpt(summary: &str, body: &str) -> String {
    let mut text = String::with_capacity(EXCERPT_CHARS + 8);
    let mut chars = 0;
    for word in summary.split_whitespace().chain(body.split_whitespace()) {
        let length = word.chars().count();
        if chars + length + 1 > EXCERPT_CHARS {
            text.push_str(if text.is_empty() { "…" } else { " …" });
            return text;
        }
        if !text.is_empty() {
            text.push(' ');
            chars += 1;
        }
        text.push_str(word);
        chars += length;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_keeps_short_text_whole_and_cuts_long_text_at_a_word() {
        assert_eq!(excerpt("Sick?", "Call  your\nemployer."), "Sick? Call your employer.");
        let long = "word ".repeat(200);
        let cut = excerpt("", &long);
        assert!(cut.ends_with("word …"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 2);
    }

    #[test]
    fn a_short_title_earns_a_bigger_bonus_than_a_long_one() {
        assert!(Field::Title.bonus(1) > Field::Title.bonus(4));
        assert_eq!(Field::Body.bonus(1), 0.0);
    }
}

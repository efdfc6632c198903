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

/// One page in one reader language: its record, its text by field, and its names.
pub struct Document {
    pub record: Record,
    pub title_words: usize,
    pub parts: Vec<(Field, String)>,
    /// Every name the page goes by, as a query of exactly that name is folded and cut
    /// ([`name_key`]): a reader who types a page's name gets that page first, before
    /// the pages that only mention it.
    pub names: Vec<String>,
}

/// A name as search compares it: its words folded, stop words left out, joined by
/// spaces (`The WIA decision` → `wia decision` in English). `None` when nothing is left.
pub fn name_key(name: &str, stop: &std::collections::HashSet<String>) -> Option<String> {
    let words: Vec<String> = super::words(name).map(crate::text::fold).filter(|w| !stop.contains(w)).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The names in a title: the whole, and the parts outside and inside brackets, so "The
/// WIA decision (beslissing WIA-uitkering)" answers to both names it gives.
fn title_names(title: &str) -> impl Iterator<Item = &str> {
    let inside = title.find('(').and_then(|open| Some((open, open + title[open..].find(')')?)));
    let parts = inside.map(|(open, close)| [&title[..open], &title[open + 1..close]]);
    std::iter::once(title).chain(parts.into_iter().flatten())
}

/// The page as readers of `lang` see it (`shown`: their translation or the fallback),
/// with every name it goes by in any language.
pub fn document(
    site: &Site,
    page: &Page,
    shown: &Translation,
    lang: &str,
    stop: &std::collections::HashSet<String>,
) -> Document {
    let title = shown.title.clone();
    let body = shown.plain_text();
    let summary = shown.summary.clone().unwrap_or_default();
    let record = Record(title.clone(), Urls::page_dir(lang, &page.key), page.key.kind.name(), excerpt(&summary, &body));
    let title_words = super::words(&title).count();
    let mut parts = vec![(Field::Title, title), (Field::Summary, summary), (Field::Body, body)];
    parts.extend(shown.headings.iter().map(|heading| (Field::Heading, heading.text.clone())));
    if let Facts::Procedure(procedure) = &page.facts {
        for (texts, step) in shown.texts().steps.iter().zip(&procedure.steps) {
            parts.push((Field::Heading, texts.title.clone().unwrap_or_else(|| step.id.clone())));
        }
    }
    for named in named_pages(site, page) {
        if let Some(shown) = site.page(&named).and_then(|p| site.shown_translation(p, lang)) {
            parts.push((Field::Heading, shown.title.clone()));
        }
    }
    parts.extend(synonyms(site, page).into_iter().map(|synonym| (Field::Synonym, synonym)));
    let mut names: Vec<String> = page
        .translations
        .values()
        .flat_map(|t| title_names(&t.title).chain(t.terms.iter().map(String::as_str)))
        .filter_map(|name| name_key(name, stop))
        .collect();
    names.sort();
    names.dedup();
    Document { record, title_words, parts, names }
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
    fn a_name_is_its_folded_words_without_stop_words() {
        let stop: std::collections::HashSet<String> = ["the", "of"].map(String::from).into();
        assert_eq!(name_key("The WIA decision", &stop).as_deref(), Some("wia decision"));
        assert_eq!(name_key("Försäkringskassan", &stop).as_deref(), Some("forsakringskassan"));
        assert_eq!(name_key("The", &stop), None);
        let names: Vec<&str> = title_names("The WIA decision (beslissing WIA-uitkering)").collect();
        assert_eq!(
            names,
            ["The WIA decision (beslissing WIA-uitkering)", "The WIA decision ", "beslissing WIA-uitkering"]
        );
        assert_eq!(title_names("UWV").collect::<Vec<_>>(), ["UWV"]);
        assert_eq!(title_names("Broken (bracket").collect::<Vec<_>>(), ["Broken (bracket"]);
    }

    #[test]
    fn a_short_title_earns_a_bigger_bonus_than_a_long_one() {
        assert!(Field::Title.bonus(1) > Field::Title.bonus(4));
        assert_eq!(Field::Body.bonus(1), 0.0);
    }
}

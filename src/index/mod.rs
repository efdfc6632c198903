//! index: `&Site` → search files per language, below `<lang>/search/`. A query loads the
//! small manifest, the term shards its words need (by their first two folded letters)
//! and the record chunks of its top results; nothing else. Scores are BM25 with field
//! boosts, computed here, so the browser only adds numbers. See docs/search.md.

mod words;

pub use words::{fold, shard_of, stem, stemmer, words};

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Page, PageKey, PageKind, Site, Translation};
use crate::render::{OutputFile, Urls};

/// Pages per record chunk: a result list of ten usually touches one or two chunks.
pub const RECORDS_PER_CHUNK: usize = 16;
/// Characters of page text kept for a result's snippet.
const EXCERPT_CHARS: usize = 360;
/// Extra score, in units of a term's idf, for a term in the title or among the page's
/// other names. BM25 saturates a term's count, so a page that mentions UWV fifty times
/// would otherwise match `UWV` as well as the page called UWV. The title bonus shrinks
/// with the title's length: the page called "Fleksjob" is more about fleksjob than
/// "Decision on fleksjob".
const TITLE_BONUS: f64 = 6.0;
const SYNONYM_BONUS: f64 = 1.5;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// How much a word counts in each part of a page: a word in a title says more about the
/// page than the same word in its body.
#[derive(Clone, Copy)]
enum Field {
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
    fn bonus(self, title_words: usize) -> f64 {
        match self {
            Field::Title => TITLE_BONUS * 2.0 / (1.0 + (title_words.max(1) as f64).sqrt()),
            Field::Synonym => SYNONYM_BONUS,
            Field::Heading | Field::Summary | Field::Body => 0.0,
        }
    }

    fn boost(self) -> f64 {
        match self {
            Field::Title => 8.0,
            Field::Synonym => 5.0,
            Field::Heading => 3.0,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// One page as search sees it: where it is, what to show, and its words with weights.
struct Document {
    record: Record,
    /// Folded word → weighted count and title bonus.
    exact: HashMap<String, Counted>,
    /// Folded stem → weighted count and title bonus.
    stems: HashMap<String, Counted>,
    length: f64,
}

/// How often a term occurs in a page, weighted by field, and the largest name bonus it
/// earned (title or synonym).
#[derive(Default)]
struct Counted {
    weight: f64,
    bonus: f64,
}

impl Counted {
    fn add(&mut self, field: Field, title_words: usize) {
        self.weight += field.boost();
        self.bonus = self.bonus.max(field.bonus(title_words));
    }
}

/// What a result shows: `[title, path below the output root, kind, excerpt]`.
#[derive(Serialize)]
struct Record(String, String, &'static str, String);

/// Postings: `[page number, score × 100]`, best first.
type Postings = Vec<[u32; 2]>;

#[derive(Serialize, Default)]
struct Shard {
    /// Folded words as written.
    w: BTreeMap<String, Postings>,
    /// Folded stems.
    s: BTreeMap<String, Postings>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    lang: &'a str,
    stemmed: bool,
    pages: usize,
    chunk: usize,
    shards: Vec<&'a str>,
}

/// The search files of every language of the site, plus a note for each language that
/// has no stemmer (its words are indexed as written, folded).
pub fn index(site: &Site) -> (Vec<OutputFile>, Diagnostics) {
    let per_language: Vec<(Vec<OutputFile>, Option<Diagnostic>)> = site
        .config
        .language_codes()
        .par_iter()
        .map(|&lang| {
            let stemmer = stemmer(lang);
            let unstemmed = stemmer.is_none().then(|| {
                Diagnostic::note(
                    "signpost::no_stemmer",
                    format!("search in `{lang}` matches words as written: there is no stemmer for `{lang}`"),
                )
                .help("readers still find pages by whole words and word beginnings")
            });
            let documents: Vec<Document> =
                site.pages.par_iter().filter_map(|page| document(site, page, lang, stemmer.as_ref())).collect();
            (language_files(lang, stemmer.is_some(), documents), unstemmed)
        })
        .collect();
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for (language_files, unstemmed) in per_language {
        files.extend(language_files);
        if let Some(note) = unstemmed {
            diagnostics.push(note);
        }
    }
    (files, diagnostics)
}

/// Whether an output path is one of the files [`index`] makes (the search page itself is
/// rendered with the other pages): `serve` replaces these after each edit.
pub fn is_index_file(path: &str) -> bool {
    path.split('/').nth(1) == Some("search") && path.ends_with(".json")
}

fn language_files(lang: &str, stemmed: bool, documents: Vec<Document>) -> Vec<OutputFile> {
    let pages = documents.len();
    let average_length = documents.iter().map(|d| d.length).sum::<f64>() / pages.max(1) as f64;
    // Hash maps: millions of inserts at 30,000 pages; the shards below sort the terms.
    let mut exact_postings: HashMap<&str, Vec<(u32, f64)>> = HashMap::new();
    let mut stem_postings: HashMap<&str, Vec<(u32, f64)>> = HashMap::new();
    for (number, document) in documents.iter().enumerate() {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        let norm = K1 * (1.0 - B + B * document.length / average_length.max(1.0));
        for (counts, postings) in [(&document.exact, &mut exact_postings), (&document.stems, &mut stem_postings)] {
            for (term, counted) in counts {
                let tf = counted.weight;
                postings
                    .entry(term.as_str())
                    .or_default()
                    .push((number, tf * (K1 + 1.0) / (tf + norm) + counted.bonus));
            }
        }
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    let scored = |postings: Vec<(u32, f64)>| -> Postings {
        let df = postings.len() as f64;
        let idf = (1.0 + (pages as f64 - df + 0.5) / (df + 0.5)).ln();
        let mut list: Postings =
            postings.into_iter().map(|(page, s)| [page, ((s * idf * 100.0).round() as u32).max(1)]).collect();
        list.sort_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
        list
    };
    for (term, postings) in exact_postings {
        shards.entry(shard_of(term)).or_default().w.insert(term.to_string(), scored(postings));
    }
    for (term, postings) in stem_postings {
        shards.entry(shard_of(term)).or_default().s.insert(term.to_string(), scored(postings));
    }

    let mut files = Vec::with_capacity(shards.len() + pages / RECORDS_PER_CHUNK + 2);
    let manifest = Manifest {
        lang,
        stemmed,
        pages,
        chunk: RECORDS_PER_CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
    };
    files.push(OutputFile { path: format!("{lang}/search/manifest.json"), bytes: to_json(&manifest) });
    for (name, shard) in &shards {
        files.push(OutputFile { path: format!("{lang}/search/t/{name}.json"), bytes: to_json(shard) });
    }
    let records: Vec<Record> = documents.into_iter().map(|d| d.record).collect();
    for (number, chunk) in records.chunks(RECORDS_PER_CHUNK).enumerate() {
        files.push(OutputFile { path: format!("{lang}/search/p/{number}.json"), bytes: to_json(&chunk) });
    }
    files
}

/// A search file as JSON; plain strings and numbers cannot fail to serialise.
fn to_json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The page as readers of `lang` see it (their translation or the fallback), with every
/// name it goes by in any language.
fn document(site: &Site, page: &Page, lang: &str, stemmer: Option<&pagefind_stem::Stemmer>) -> Option<Document> {
    let shown = site.shown_translation(page, lang)?;
    let title = title_of(page, shown);
    let body = crate::markdown::plain_text(shown.body());
    let summary = shown.front_matter.summary.clone().unwrap_or_default();
    let mut document = Document {
        record: Record(title.clone(), Urls::page_dir(lang, &page.key), page.key.kind.name(), excerpt(&summary, &body)),
        exact: HashMap::new(),
        stems: HashMap::new(),
        length: 0.0,
    };
    let title_words = words(&title).count();
    let mut add = |field: Field, text: &str| {
        for word in words(text) {
            document.exact.entry(fold(&word)).or_default().add(field, title_words);
            document.stems.entry(stem(stemmer, &word)).or_default().add(field, title_words);
            document.length += 1.0;
        }
    };
    add(Field::Title, &title);
    add(Field::Summary, &summary);
    add(Field::Body, &body);
    for heading in &shown.headings {
        add(Field::Heading, &heading.text);
    }
    for step in shown.front_matter.steps.iter().flat_map(|s| s.get_ref()) {
        add(Field::Heading, step.title.as_deref().unwrap_or(step.id.get_ref()));
    }
    for named in named_pages(site, page) {
        if let Some((named, shown)) = site.page(&named).and_then(|p| Some((p, site.shown_translation(p, lang)?))) {
            add(Field::Heading, &title_of(named, shown));
        }
    }
    for synonym in synonyms(site, page) {
        add(Field::Synonym, &synonym);
    }
    Some(document)
}

fn title_of(page: &Page, translation: &Translation) -> String {
    translation.front_matter.title.as_ref().map_or_else(|| page.key.content_path(), |t| t.get_ref().clone())
}

/// The pages a page is about besides itself: a letter's sender, an organisation's
/// letters, a procedure's letters. Their names help find it ("UWV letter").
fn named_pages(site: &Site, page: &Page) -> Vec<PageKey> {
    let relations = &site.relations;
    let mut named: Vec<PageKey> = Vec::new();
    named.extend(relations.letters_sent.get(&page.key).into_iter().flatten().cloned());
    if page.key.kind == PageKind::Procedure {
        named.extend(
            relations
                .steps_sending_letter
                .iter()
                .filter(|(_, steps)| steps.iter().any(|s| s.procedure == page.key))
                .map(|(letter, _)| letter.clone()),
        );
    }
    named
}

/// Every other name of a page: its titles and `terms` in all languages, and those of
/// the glossary concept it realises, or of the roles realising it (a glossary page).
fn synonyms(site: &Site, page: &Page) -> Vec<String> {
    let names_of = |page: &Page| -> Vec<String> {
        page.translations
            .values()
            .flat_map(|t| {
                t.front_matter
                    .title
                    .iter()
                    .map(|t| t.get_ref().clone())
                    .chain(t.front_matter.terms.iter().flatten().cloned())
            })
            .collect()
    };
    let mut related: Vec<&Page> = vec![page];
    if page.key.kind == PageKind::Glossary {
        related.extend(
            site.relations.realisations_of_concept.get(&page.key.id).into_iter().flatten().filter_map(|k| site.page(k)),
        );
    } else if let Some(concept) = &page.original().front_matter.concept {
        let glossary = PageKey { kind: PageKind::Glossary, country: None, id: concept.get_ref().clone() };
        related.extend(site.page(&glossary));
    }
    let mut names: Vec<String> = related.into_iter().flat_map(names_of).collect();
    names.sort();
    names.dedup();
    names
}

/// The start of the summary and body, cut at a word boundary, for result snippets.
fn excerpt(summary: &str, body: &str) -> String {
    let text = format!("{summary} {body}");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word} …")
}

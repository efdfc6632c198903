//! index: `&Site` → search files per language, below `<lang>/search/`. A query loads the
//! small manifest, the term shards its words fall in (shards are runs of consecutive
//! terms of about equal size) and the record chunks of its top results; nothing else.
//! Scores are BM25 with field boosts, computed here, so the browser only adds numbers.
//! See docs/search.md.

mod document;
mod postings;
mod shards;
mod vocabulary;
mod words;

pub use postings::MAX_POSTINGS;
pub use shards::SHARD_BYTES;
pub use vocabulary::VOCABULARY_BYTES;
pub use words::{stemmer, stop_words, terms, words};

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Facts, Page, PageKind, Site, Translation};
use crate::output::OutputFile;
use crate::text::fold;
use document::{Record, document, name_key};
use postings::Counts;

/// Pages per record chunk: a result list of ten touches at most ten small files.
pub const RECORDS_PER_CHUNK: usize = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    lang: &'a str,
    stemmed: bool,
    pages: usize,
    chunk: usize,
    /// The first term of each shard `t/<n>.js`, in the order of `n`.
    shards: Vec<&'a str>,
    /// The first word of each vocabulary file `v/<n>.js` (typo correction).
    vocabulary: Vec<&'a str>,
    /// Folded stop words of the language: a query leaves them out.
    stop: &'a [String],
    /// Country code → the first and last page number of its pages: pages are numbered
    /// country by country, so a query that names a country can favour its pages.
    countries: BTreeMap<&'a str, [u32; 2]>,
    /// Every name of each country (in all languages, and its aliases), folded like a
    /// page name → the country's code.
    country_names: BTreeMap<String, &'a str>,
    /// The countries whose official language this is: with no country named, their
    /// pages come first when scores are close.
    local: Vec<&'a str>,
    /// Phrases of this language's glossary `terms` that are mostly stop words ("het
    /// niet eens"), each with the words of its concept's title: the intent a question
    /// signals.
    phrases: Vec<(Vec<String>, Vec<String>)>,
}

/// The search files of every language of the site, plus a note for each language that
/// has no stemmer (its words are indexed as written, folded).
pub fn index(site: &Site) -> (Vec<OutputFile>, Diagnostics) {
    // Never cancelled, so always made.
    index_unless(site, &|| false).unwrap_or_default()
}

/// [`index`], with each language's files handed to `emit` as soon as they are made, so a
/// build writes them while other languages are still counted instead of holding every
/// language's files (tens of megabytes at 30,000 pages) until the end.
pub fn index_each(site: &Site, emit: &(dyn Fn(Vec<OutputFile>) + Sync)) -> Diagnostics {
    // Never cancelled, so always made.
    index_languages(site, &|| false, emit).unwrap_or_default()
}

/// Work a cancelled index had done: at 30,000 pages it takes tens of milliseconds to
/// free, so the caller chooses when and where.
pub type GivenUp = Box<dyn Send>;

/// [`index`], given up as soon as `cancelled` says so: `serve` starts over when another
/// save comes in while the index of the previous one is being made. `Err` holds the
/// work done so far, for the caller to free when no reload waits for it.
pub fn index_unless(
    site: &Site,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(Vec<OutputFile>, Diagnostics), GivenUp> {
    let files: Mutex<Vec<OutputFile>> = Mutex::new(Vec::new());
    let keep = |made: Vec<OutputFile>| files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(made);
    match index_languages(site, cancelled, &keep) {
        Ok(diagnostics) => Ok((files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner), diagnostics)),
        Err(given_up) => Err(Box::new((given_up, files))),
    }
}

/// The languages' search files, each language's handed to `emit` when made; the notes of
/// languages without a stemmer. `Err` as [`index_unless`].
fn index_languages(
    site: &Site,
    cancelled: &(dyn Fn() -> bool + Sync),
    emit: &(dyn Fn(Vec<OutputFile>) + Sync),
) -> Result<Diagnostics, GivenUp> {
    let given_up: Mutex<Vec<GivenUp>> = Mutex::new(Vec::new());
    let made: Option<Vec<Option<Diagnostic>>> = site
        .config
        .language_codes()
        .par_iter()
        .map(|&lang| {
            let stemmer = stemmer(lang);
            let unstemmed = stemmer.is_none().then(|| {
                Diagnostic::new(
                    Code::NoStemmer,
                    format!("search in `{lang}` matches words as written: there is no stemmer for `{lang}`"),
                )
                .help("readers still find pages by whole words and word beginnings")
            });
            language_files(site, lang, stemmer.as_ref(), cancelled, &given_up, emit)?;
            Some(unstemmed)
        })
        .collect();
    let given_up = given_up.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(notes) = made else { return Err(Box::new(given_up)) };
    let mut diagnostics = Diagnostics::new();
    for note in notes.into_iter().flatten() {
        diagnostics.push(note);
    }
    Ok(diagnostics)
}

/// Whether an output path is one of the files [`index`] makes (the search page itself is
/// rendered with the other pages): `serve` replaces these after each edit.
pub fn is_index_file(path: &str) -> bool {
    path.split('/').nth(1) == Some("search") && path.ends_with(".js")
}

/// Keeps in `given_up` the work a cancelled index had done, to be freed later.
fn give_up<T: Send + 'static>(given_up: &Mutex<Vec<GivenUp>>, work: T) {
    given_up.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Box::new(work));
}

/// The manifest, term shards and record chunks of one language, handed to `emit` in two
/// parts: the record chunks as soon as the pages are counted, so their records are freed
/// before the terms are scored (the peak of the index), then the rest. Page numbers
/// follow the site's page order, whichever worker counts a page.
/// `None` when `cancelled` said so on the way (it is asked once per page, and between
/// runs of terms and of files), with the work done so far put in `given_up`.
fn language_files(
    site: &Site,
    lang: &str,
    stemmer: Option<&pagefind_stem::Stemmer>,
    cancelled: &(dyn Fn() -> bool + Sync),
    given_up: &Mutex<Vec<GivenUp>>,
    emit: &(dyn Fn(Vec<OutputFile>) + Sync),
) -> Option<()> {
    let stop_list = words::stop_words(lang);
    let stop: HashSet<String> = stop_list.iter().cloned().collect();
    let mut shown: Vec<(&Page, &Translation)> =
        site.pages.iter().filter_map(|page| Some((page, site.shown_translation(page, lang)?))).collect();
    // Country by country (pages without one first), key order inside: the manifest then
    // names each country's pages as one range of numbers.
    shown.sort_by(|(a, _), (b, _)| a.key.country.cmp(&b.key.country));
    let (counts, mut records) = shown
        .par_iter()
        .enumerate()
        // Runs of at least a quarter of a thread's share of the pages: each run counts
        // into a vocabulary of its own, and merging them copies every hit once per level
        // of merging (at 30,000 pages rayon made about 60 runs per language without a
        // floor, so six copies; now about ten runs).
        .with_min_len(shown.len().div_ceil(4 * rayon::current_num_threads()).max(1))
        .fold(
            || (Counts::default(), Vec::new()),
            |(mut counts, mut records), (number, (page, translation))| {
                if cancelled() {
                    return (counts, records);
                }
                let number = u32::try_from(number).unwrap_or(u32::MAX);
                let document = document(site, page, translation, lang, &stop);
                counts.add(number, &document, stemmer);
                records.push((number, document.record));
                (counts, records)
            },
        )
        .reduce(
            || (Counts::default(), Vec::new()),
            |(counts, mut records), (more_counts, more_records)| {
                if cancelled() {
                    give_up(given_up, (more_counts, more_records));
                    return (counts, records);
                }
                records.extend(more_records);
                match counts.merge(more_counts, cancelled) {
                    Ok(merged) => (merged, records),
                    Err(unfinished) => {
                        give_up(given_up, unfinished);
                        (Counts::default(), records)
                    }
                }
            },
        );
    if cancelled() {
        give_up(given_up, (counts, records));
        return None;
    }
    records.sort_unstable_by_key(|(number, _)| *number);
    let records: Vec<Record> = records.into_iter().map(|(_, record)| record).collect();
    // Tens of milliseconds at 30,000 pages: each file is made unless a newer save waits.
    let unless_cancelled = |make: &dyn Fn() -> OutputFile| (!cancelled()).then(make);
    let chunks: Vec<OutputFile> = records
        .par_chunks(RECORDS_PER_CHUNK)
        .enumerate()
        .filter_map(|(number, chunk)| unless_cancelled(&|| index_file(lang, format!("p/{number}.js"), &chunk)))
        .collect();
    let pages = records.len();
    drop(records);
    if cancelled() {
        give_up(given_up, (counts, chunks));
        return None;
    }
    emit(chunks);
    let terms = match counts.finish(cancelled) {
        Ok(terms) => terms,
        Err(unfinished) => {
            give_up(given_up, unfinished);
            return None;
        }
    };
    if cancelled() {
        give_up(given_up, terms);
        return None;
    }
    let Some(shards) = shards::shards(&terms, cancelled) else {
        give_up(given_up, terms);
        return None;
    };
    let vocabulary = vocabulary::vocabulary(&terms);

    let mut countries: BTreeMap<&str, [u32; 2]> = BTreeMap::new();
    for (number, (page, _)) in shown.iter().enumerate() {
        if let Some(country) = page.key.country.as_deref() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            countries.entry(country).and_modify(|range| range[1] = number).or_insert([number, number]);
        }
    }
    let manifest = Manifest {
        lang,
        stemmed: stemmer.is_some(),
        pages,
        chunk: RECORDS_PER_CHUNK,
        shards: shards.iter().map(|(first, _)| *first).collect(),
        vocabulary: vocabulary.iter().map(|(first, _)| *first).collect(),
        stop: &stop_list,
        countries,
        country_names: country_names(site, &stop),
        local: local_countries(site, lang),
        phrases: phrases(site, lang, &stop),
    };
    let mut files = Vec::with_capacity(shards.len() + vocabulary.len() + 1);
    files.push(index_file(lang, "manifest.js".into(), &manifest));
    files.par_extend(shards.par_iter().enumerate().filter_map(|(number, (_, shard))| {
        unless_cancelled(&|| script(lang, format!("t/{number}.js"), &shard.json()))
    }));
    files.par_extend(
        vocabulary
            .par_iter()
            .enumerate()
            .filter_map(|(number, (_, words))| unless_cancelled(&|| index_file(lang, format!("v/{number}.js"), words))),
    );
    if cancelled() {
        drop((manifest, shards, vocabulary));
        give_up(given_up, (files, terms));
        return None;
    }
    emit(files);
    Some(())
}

/// Every name of every country, folded like page names: its names per language in
/// `site.toml`, its aliases there, and its overview page's titles.
fn country_names<'a>(site: &'a Site, stop: &HashSet<String>) -> BTreeMap<String, &'a str> {
    let overviews = site.pages.iter().filter(|p| p.key.kind == PageKind::Country);
    let titles = overviews
        .filter_map(|p| Some((p.key.country.as_deref()?, p)))
        .flat_map(|(code, page)| page.translations.values().map(move |t| (code, t.title.as_str())));
    let configured = site.config.countries.iter().flat_map(|(code, country)| {
        country.name.values().chain(&country.aliases).map(move |name| (code.as_str(), name.as_str()))
    });
    let mut names = BTreeMap::new();
    for (code, name) in configured.chain(titles) {
        if let Some(key) = name_key(name, stop) {
            names.entry(key).or_insert(code);
        }
    }
    names
}

/// The countries whose overview names `lang` among their official languages.
fn local_countries<'a>(site: &'a Site, lang: &str) -> Vec<&'a str> {
    site.pages
        .iter()
        .filter(|p| p.key.kind == PageKind::Country)
        .filter(|p| match &p.facts {
            Facts::Country(country) => country.official_languages.iter().any(|l| l == lang),
            _ => false,
        })
        .filter_map(|p| p.key.country.as_deref())
        .collect()
}

/// The glossary's question phrases in `lang`: each `terms` entry of a concept's own
/// translation made of stop words and at most one other word ("het niet eens", "nie
/// zgadzam się", "er uenig"), with the words of the concept's title in that language. A
/// query that contains the phrase searches for the concept: its stop words alone would
/// find nothing, and its one word ("eens", "uenig") would find every page that says it.
fn phrases(site: &Site, lang: &str, stop: &HashSet<String>) -> Vec<(Vec<String>, Vec<String>)> {
    let mut phrases = Vec::new();
    for page in site.pages.iter().filter(|p| p.key.kind == PageKind::Glossary) {
        let Some(translation) = page.translations.get(lang) else { continue };
        let Some(title) = name_key(&translation.title, stop) else {
            continue;
        };
        for term in &translation.terms {
            let phrase: Vec<String> = words(term).map(fold).collect();
            let others = phrase.iter().filter(|w| !stop.contains(*w)).count();
            if phrase.len() >= 2 && others < phrase.len() && others <= 1 {
                phrases.push((phrase, title.split(' ').map(str::to_string).collect()));
            }
        }
    }
    phrases.sort();
    phrases.dedup();
    phrases
}

/// A search file: its JSON handed to `SignpostSearch.loaded` with its name below
/// `<lang>/search/`. A script, not a `.json` file, because browsers load scripts from
/// `file://` but refuse `fetch()` there: search works on a site opened from disk. Plain
/// strings and numbers cannot fail to serialise.
fn index_file(lang: &str, name: String, value: &impl Serialize) -> OutputFile {
    script(lang, name, &serde_json::to_vec(value).unwrap_or_default())
}

/// [`index_file`] for JSON made already.
fn script(lang: &str, name: String, json: &[u8]) -> OutputFile {
    let mut bytes = Vec::with_capacity(json.len() + name.len() + 30);
    bytes.extend_from_slice(b"SignpostSearch.loaded(");
    bytes.extend(serde_json::to_vec(&name).unwrap_or_default());
    bytes.push(b',');
    bytes.extend_from_slice(json);
    bytes.extend_from_slice(b");\n");
    OutputFile { path: format!("{lang}/search/{name}"), bytes }
}

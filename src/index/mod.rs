//! index: `&Site` → search files per language, below `<lang>/search/`. A query loads the
//! small manifest, the term shards its words fall in (shards are runs of consecutive
//! terms of about equal size) and the record chunks of its top results; nothing else.
//! Scores are BM25 with field boosts, computed here, so the browser only adds numbers.
//! See docs/search.md.

mod document;
mod postings;
mod shards;
mod words;

pub use postings::MAX_POSTINGS;
pub use shards::SHARD_BYTES;
pub use words::{stemmer, terms, words};

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::OutputFile;
use document::{Record, document};
use postings::Counts;

/// Pages per record chunk: a result list of ten touches at most ten small files.
pub const RECORDS_PER_CHUNK: usize = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    lang: &'a str,
    stemmed: bool,
    pages: usize,
    chunk: usize,
    /// The first term of each shard `t/<n>.json`, in the order of `n`.
    shards: Vec<&'a str>,
}

/// The search files of every language of the site, plus a note for each language that
/// has no stemmer (its words are indexed as written, folded).
pub fn index(site: &Site) -> (Vec<OutputFile>, Diagnostics) {
    // Never cancelled, so always made.
    index_unless(site, &|| false).unwrap_or_default()
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
    let given_up: Mutex<Vec<GivenUp>> = Mutex::new(Vec::new());
    let made: Option<Vec<(Vec<OutputFile>, Option<Diagnostic>)>> = site
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
            Some((language_files(site, lang, stemmer.as_ref(), cancelled, &given_up)?, unstemmed))
        })
        .collect();
    let given_up = given_up.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(per_language) = made else { return Err(Box::new(given_up)) };
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for (language_files, unstemmed) in per_language {
        files.extend(language_files);
        if let Some(note) = unstemmed {
            diagnostics.push(note);
        }
    }
    Ok((files, diagnostics))
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

/// The manifest, term shards and record chunks of one language. Page numbers follow
/// the site's page order, whichever worker counts a page.
/// `None` when `cancelled` said so on the way (it is asked once per page), with the work
/// done so far put in `given_up`.
fn language_files(
    site: &Site,
    lang: &str,
    stemmer: Option<&pagefind_stem::Stemmer>,
    cancelled: &(dyn Fn() -> bool + Sync),
    given_up: &Mutex<Vec<GivenUp>>,
) -> Option<Vec<OutputFile>> {
    let shown: Vec<_> =
        site.pages.iter().filter_map(|page| Some((page, site.shown_translation(page, lang)?))).collect();
    let (counts, mut records) = shown
        .par_iter()
        .enumerate()
        .fold(
            || (Counts::default(), Vec::new()),
            |(mut counts, mut records), (number, (page, translation))| {
                if cancelled() {
                    return (counts, records);
                }
                let number = u32::try_from(number).unwrap_or(u32::MAX);
                let document = document(site, page, translation, lang);
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
                (counts.merge(more_counts), records)
            },
        );
    if cancelled() {
        give_up(given_up, (counts, records));
        return None;
    }
    records.sort_unstable_by_key(|(number, _)| *number);
    let records: Vec<Record> = records.into_iter().map(|(_, record)| record).collect();
    let terms = counts.finish();
    if cancelled() {
        give_up(given_up, (terms, records));
        return None;
    }
    let shards = shards::shards(&terms);

    let mut files = Vec::with_capacity(shards.len() + records.len() / RECORDS_PER_CHUNK + 2);
    let manifest = Manifest {
        lang,
        stemmed: stemmer.is_some(),
        pages: records.len(),
        chunk: RECORDS_PER_CHUNK,
        shards: shards.iter().map(|(first, _)| *first).collect(),
    };
    files.push(index_file(lang, "manifest.js".into(), &manifest));
    files.par_extend(
        shards.par_iter().enumerate().map(|(number, (_, shard))| index_file(lang, format!("t/{number}.js"), shard)),
    );
    files.par_extend(
        records
            .par_chunks(RECORDS_PER_CHUNK)
            .enumerate()
            .map(|(number, chunk)| index_file(lang, format!("p/{number}.js"), &chunk)),
    );
    Some(files)
}

/// A search file: its JSON handed to `SignpostSearch.loaded` with its name below
/// `<lang>/search/`. A script, not a `.json` file, because browsers load scripts from
/// `file://` but refuse `fetch()` there: search works on a site opened from disk. Plain
/// strings and numbers cannot fail to serialise.
fn index_file(lang: &str, name: String, value: &impl Serialize) -> OutputFile {
    let mut bytes = b"SignpostSearch.loaded(".to_vec();
    bytes.extend(serde_json::to_vec(&name).unwrap_or_default());
    bytes.push(b',');
    bytes.extend(serde_json::to_vec(value).unwrap_or_default());
    bytes.extend(b");\n");
    OutputFile { path: format!("{lang}/search/{name}"), bytes }
}

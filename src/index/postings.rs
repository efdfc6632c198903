//! postings: the documents of one language → for each index term, the pages that have it
//! with their BM25 scores. Documents are counted in parallel; each worker keeps its own
//! vocabulary, so a distinct word is folded and stemmed once per worker, not at every
//! occurrence, and a page's counts are dropped as soon as they are added.
//!
//! Words are counted by *form*: the pair of index terms a word gives (folded as written,
//! and its stem). A term's exact postings are the hits of the forms folded to it, its stem
//! postings those of the forms stemmed to it; most terms have one form on each side, so a
//! word is counted once instead of once per term, and one form's list is scored once.

use std::ops::Range;

use foldhash::HashMap;
use pagefind_stem::Stemmer;
use rayon::prelude::*;

use super::document::Document;
use super::words::{terms, words};

/// Postings kept per term, best first. Results show the top ten and scores are computed
/// at build time, so a page beyond the first hundred for a word can only matter for a
/// query of several words none of which it ranks well for. Capping keeps a common word's
/// list, and so the bytes a query fetches, the same size at 300 pages and at 30,000.
pub const MAX_POSTINGS: usize = 100;
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One term's postings: `[page number, score × 100]`, best first.
pub type Postings = Vec<[u32; 2]>;

/// An index term with its postings as written (`exact`) and as a stem (`stem`); either
/// may be empty.
#[derive(Debug, PartialEq)]
pub struct Term {
    pub text: String,
    pub exact: Postings,
    pub stem: Postings,
    /// The pages whose name (a whole title, a bracketed part of one, a `terms` entry)
    /// is this term, each `[page, 100]`: `search.js` adds them when a query is exactly
    /// a name.
    pub name: Postings,
    /// How many pages have the word as written, before the cap: typo correction prefers
    /// the common word of two equally close ones.
    pub pages: u32,
}

/// The score each page gets in a name's postings; `search.js` weighs name matches.
const NAME_SCORE: u32 = 100;

/// Terms are merged and scored this many at a time, and `cancelled` asked between runs:
/// at 30,000 pages scoring a language's terms takes about 200 ms, which a save in
/// `serve` would otherwise wait out.
const SCORING_RUN: usize = 2048;

/// Hits scored at most in one run: a run is cut short when its terms have this many,
/// so a run of common words takes as long as any other (about 5 ms).
const SCORING_HITS: usize = 100_000;

/// What a cancelled [`Counts::merge`] or [`Counts::finish`] had done, for the caller to
/// free when it chooses (at 30,000 pages, tens of milliseconds).
pub struct Unfinished {
    _work: Box<dyn Send>,
}

impl Unfinished {
    fn new(work: impl Send + 'static) -> Self {
        Self { _work: Box::new(work) }
    }
}

/// A form's weighted count in one page and the largest name bonus it earned there, in
/// thousandths. Eight bytes: a large site has tens of millions of these. Field boosts are
/// whole numbers, so the count is exact; a bonus is at most a few units.
#[derive(Clone, Copy, Debug)]
struct Hit {
    page: u32,
    weight: u16,
    bonus: u16,
}

/// No page: an open hit not in use.
const NO_PAGE: u32 = u32::MAX;

impl Hit {
    const NONE: Hit = Hit { page: NO_PAGE, weight: 0, bonus: 0 };

    /// The hit of two forms in the same page: their weights add up (saturating, as the
    /// counting does) and the larger bonus stays.
    fn absorb(&mut self, other: Hit) {
        self.weight = self.weight.saturating_add(other.weight);
        self.bonus = self.bonus.max(other.bonus);
    }
}

/// What one worker has counted: its vocabulary and, per form, the pages that have it.
#[derive(Default)]
pub struct Counts {
    terms: Vec<String>,
    ids: HashMap<String, u32>,
    /// A word as written → its form, so each word is folded and stemmed once.
    seen: SeenWords,
    /// Per form, its folded term and its stem term.
    forms: Vec<(u32, u32)>,
    form_ids: HashMap<(u32, u32), u32>,
    /// Per form, its hits in the pages counted before the current one.
    hits: Vec<Vec<Hit>>,
    /// Per form, its hit in the page being counted, not yet in `hits`: one small array in
    /// place of a lookup at the end of each form's list, which at 30,000 pages was a
    /// cache miss at nearly every word.
    open: Vec<Hit>,
    /// Per term, the pages that go by it as a name.
    names: Vec<Vec<u32>>,
    /// Page number → its length in words.
    lengths: Vec<(u32, f32)>,
}

/// Words as written → their forms. Nearly every word is at most 32 bytes long (Dutch and
/// German compounds run past 16): those are keys of two or four numbers held in the table
/// itself. A `String` key sent each of the tens of millions of lookups of a large site to
/// the heap and to `memcmp`, a fifth of the index's time.
#[derive(Default)]
struct SeenWords {
    short: HashMap<[u64; 2], u32>,
    medium: HashMap<[u64; 4], u32>,
    long: HashMap<String, u32>,
}

/// A word as numbers: its bytes, eight to a number, padded with zero bytes. Words hold no
/// zero byte, so two words have the same key only if they are the same.
fn word_key<const N: usize>(word: &str) -> [u64; N] {
    let mut key = [0u64; N];
    let mut chunks = word.as_bytes().chunks_exact(8);
    for (number, chunk) in key.iter_mut().zip(&mut chunks) {
        *number = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
    }
    // The last part, shorter than eight bytes, byte by byte: a copy of a length not known
    // in advance is a call to `memcpy`.
    let full = word.len() / 8;
    if let Some(last) = key.get_mut(full) {
        for (at, &byte) in chunks.remainder().iter().enumerate() {
            *last |= u64::from(byte) << (8 * at);
        }
    }
    key
}

impl SeenWords {
    fn get(&self, word: &str) -> Option<u32> {
        match word.len() {
            0..=16 => self.short.get(&word_key(word)).copied(),
            17..=32 => self.medium.get(&word_key(word)).copied(),
            _ => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, form: u32) {
        match word.len() {
            0..=16 => self.short.insert(word_key(word), form),
            17..=32 => self.medium.insert(word_key(word), form),
            _ => self.long.insert(word.to_string(), form),
        };
    }
}

impl Counts {
    /// Counts the words of one document, page number `page`.
    /// Pages are added one at a time: a form's hit in this page is counted in `open` and
    /// moves to the form's list when the form turns up in another page (or at the end).
    pub fn add(&mut self, page: u32, document: &Document, stemmer: Option<&Stemmer>) {
        let mut length = 0.0;
        for (field, text) in &document.parts {
            let (weight, bonus) = (field.boost() as u16, (field.bonus(document.title_words) * 1000.0).round() as u16);
            for word in words(text) {
                let form = self.form_of(word, stemmer) as usize;
                let hit = &mut self.open[form];
                if hit.page != page {
                    if hit.page != NO_PAGE {
                        self.hits[form].push(*hit);
                    }
                    *hit = Hit { page, weight: 0, bonus: 0 };
                }
                hit.weight = hit.weight.saturating_add(weight);
                hit.bonus = hit.bonus.max(bonus);
                length += 1.0;
            }
        }
        for name in &document.names {
            let id = self.intern(name.clone());
            self.names[id as usize].push(page);
        }
        self.lengths.push((page, length));
    }

    fn form_of(&mut self, word: &str, stemmer: Option<&Stemmer>) -> u32 {
        if let Some(form) = self.seen.get(word) {
            return form;
        }
        let (folded, stem) = terms(stemmer, word);
        let terms = (self.intern(folded), self.intern(stem));
        let form = self.intern_form(terms);
        self.seen.insert(word, form);
        form
    }

    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        self.names.push(Vec::new());
        id
    }

    fn intern_form(&mut self, terms: (u32, u32)) -> u32 {
        if let Some(&form) = self.form_ids.get(&terms) {
            return form;
        }
        let form = u32::try_from(self.forms.len()).unwrap_or(u32::MAX);
        self.forms.push(terms);
        self.form_ids.insert(terms, form);
        self.hits.push(Vec::new());
        self.open.push(Hit::NONE);
        form
    }

    /// Moves every open hit to its form's list.
    fn close_open_hits(&mut self) {
        for (open, hits) in self.open.iter_mut().zip(&mut self.hits) {
            if open.page != NO_PAGE {
                hits.push(*open);
                *open = Hit::NONE;
            }
        }
    }

    /// Both workers' counts in one (the order of pages inside a form does not matter:
    /// [`Counts::finish`] sorts them). `cancelled` is asked every [`SCORING_RUN`] terms
    /// and forms: merging two workers' counts of 30,000 pages takes up to 60 ms, which a
    /// save in `serve` would otherwise wait out.
    pub fn merge(mut self, mut other: Counts, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<Counts, Unfinished> {
        self.close_open_hits();
        other.close_open_hits();
        let (mut into, from) = if self.terms.len() >= other.terms.len() { (self, other) } else { (other, self) };
        // `from`'s term ids → `into`'s.
        let mut term_ids = Vec::with_capacity(from.terms.len());
        let terms = from.terms.into_iter().zip(from.names);
        if let Err(left) = in_runs(terms, cancelled, |(term, names)| {
            let id = into.intern(term);
            into.names[id as usize].extend(names);
            term_ids.push(id);
        }) {
            return Err(Unfinished::new((into, left, from.hits, from.lengths)));
        }
        let forms = from.forms.into_iter().zip(from.hits);
        if let Err(left) = in_runs(forms, cancelled, |((folded, stem), hits)| {
            let form = into.intern_form((term_ids[folded as usize], term_ids[stem as usize]));
            into.hits[form as usize].extend(hits);
        }) {
            return Err(Unfinished::new((into, left, from.lengths)));
        }
        into.lengths.extend(from.lengths);
        Ok(into)
    }

    /// Every term with its scored postings, sorted the way `search.js` compares strings
    /// (by UTF-16 code units) so the shards' first terms can be searched by bisection.
    /// `Err` as soon as `cancelled` says so (it is asked between runs of forms and terms).
    pub fn finish(mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<Vec<Term>, Unfinished> {
        self.close_open_hits();
        // What only counting needed is freed before scoring, the index's peak.
        let Counts { mut terms, forms, hits, mut names, lengths, ids, seen, form_ids, open } = self;
        drop((ids, seen, form_ids, open));
        let pages = lengths.len();
        let norms = norms(&lengths);
        // Per term, the forms folded to it and the forms stemmed to it.
        let mut exact_forms: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
        let mut stem_forms: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
        for (form, &(folded, stem)) in forms.iter().enumerate() {
            let form = u32::try_from(form).unwrap_or(u32::MAX);
            exact_forms[folded as usize].push(form);
            stem_forms[stem as usize].push(form);
        }
        // A form that is the only one of a list is scored once, for every list it makes.
        let alone: Vec<bool> = forms
            .iter()
            .map(|&(folded, stem)| exact_forms[folded as usize].len() == 1 || stem_forms[stem as usize].len() == 1)
            .collect();
        let mut scored_forms: Vec<Option<Postings>> = Vec::with_capacity(forms.len());
        for run in runs(forms.len(), |form| if alone[form] { hits[form].len() } else { 0 }) {
            if cancelled() {
                return Err(Unfinished::new((hits, scored_forms)));
            }
            scored_forms.par_extend(
                run.into_par_iter().map(|form| alone[form].then(|| scored_postings(&hits[form], &norms, pages))),
            );
        }
        // A list's postings and how many pages it has, before the cap.
        let list = |sources: &[u32]| -> (Postings, usize) {
            match sources {
                [] => (Vec::new(), 0),
                [form] => {
                    let form = *form as usize;
                    let scored = scored_forms[form].clone().expect("a form alone in a list is scored above");
                    (scored, hits[form].len())
                }
                many => {
                    let merged = merged_hits(many.iter().map(|&form| hits[form as usize].as_slice()));
                    (scored_postings(&merged, &norms, pages), merged.len())
                }
            }
        };
        let sources_hits = |term: usize| -> usize {
            exact_forms[term].iter().chain(&stem_forms[term]).map(|&f| hits[f as usize].len()).sum()
        };
        let mut scored: Vec<Term> = Vec::with_capacity(terms.len());
        for run in runs(terms.len(), sources_hits) {
            if cancelled() {
                return Err(Unfinished::new((hits, scored_forms, scored)));
            }
            let names = &mut names[run.clone()];
            let texts = &mut terms[run.clone()];
            let each = run.into_par_iter().zip(names.par_iter_mut()).zip(texts.par_iter_mut());
            scored.par_extend(each.map(|((term, names), text)| {
                let (exact, pages_with_word) = list(&exact_forms[term]);
                let (stem, _) = list(&stem_forms[term]);
                let mut names = std::mem::take(names);
                names.sort_unstable();
                names.dedup();
                names.truncate(MAX_POSTINGS);
                Term {
                    text: std::mem::take(text),
                    pages: u32::try_from(pages_with_word).unwrap_or(u32::MAX),
                    exact,
                    stem,
                    name: names.into_iter().map(|page| [page, NAME_SCORE]).collect(),
                }
            }));
        }
        if cancelled() {
            return Err(Unfinished::new((hits, scored_forms, scored)));
        }
        // Sorting by `utf16_order` looks through both strings at each comparison: with
        // every term below U+E000 (all but rare ones) it is the order of their bytes.
        if scored.iter().all(|term| below_e000(&term.text)) {
            scored.par_sort_unstable_by(|a, b| a.text.cmp(&b.text));
        } else {
            scored.par_sort_unstable_by(|a, b| utf16_order(&a.text, &b.text));
        }
        Ok(scored)
    }
}

/// Per page number, the BM25 length norm of the page.
fn norms(lengths: &[(u32, f32)]) -> Vec<f32> {
    let mut by_page = vec![0.0f32; lengths.len()];
    for (page, length) in lengths {
        if let Some(slot) = by_page.get_mut(*page as usize) {
            *slot = *length;
        }
    }
    let average = (by_page.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
    by_page.iter().map(|length| K1 * (1.0 - B + B * length / average)).collect()
}

/// The hits of several forms as one list, a hit per page.
fn merged_hits<'a>(lists: impl Iterator<Item = &'a [Hit]>) -> Vec<Hit> {
    let mut merged: Vec<Hit> = lists.flatten().copied().collect();
    merged.sort_unstable_by_key(|hit| hit.page);
    merged.dedup_by(|later, kept| {
        let same_page = later.page == kept.page;
        if same_page {
            kept.absorb(*later);
        }
        same_page
    });
    merged
}

/// Hands every item to `each`, asking `cancelled` before each run of [`SCORING_RUN`]
/// items; `Err` with the items not handed yet when it says so.
fn in_runs<I: Iterator>(
    mut items: I,
    cancelled: &(dyn Fn() -> bool + Sync),
    mut each: impl FnMut(I::Item),
) -> Result<(), I> {
    loop {
        if cancelled() {
            return Err(items);
        }
        let mut run = items.by_ref().take(SCORING_RUN).peekable();
        if run.peek().is_none() {
            return Ok(());
        }
        run.for_each(&mut each);
    }
}

/// `0..len` cut into runs of at most [`SCORING_RUN`] items, each cut short once it holds
/// [`SCORING_HITS`] hits (`hits` gives an item's), so every run takes about as long.
fn runs(len: usize, hits: impl Fn(usize) -> usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < len {
        let mut end = start;
        let mut held = 0;
        while end < len && end - start < SCORING_RUN && held < SCORING_HITS {
            held += hits(end);
            end += 1;
        }
        runs.push(start..end);
        start = end;
    }
    runs
}

/// The order of `a` and `b` as JavaScript compares strings: by UTF-16 code units. That
/// is the order of their UTF-8 bytes unless one of them holds a character from U+E000
/// up (bytes 0xEE and above), where UTF-16 puts the characters beyond U+FFFF (written as
/// surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; only such strings are re-encoded.
pub fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    if below_e000(a) && below_e000(b) { a.as_bytes().cmp(b.as_bytes()) } else { a.encode_utf16().cmp(b.encode_utf16()) }
}

/// Whether every character of `text` is below U+E000, where UTF-8 and UTF-16 order agree.
fn below_e000(text: &str) -> bool {
    text.bytes().all(|byte| byte < 0xEE)
}

/// BM25 (k1 = 1.2, b = 0.75) over field-weighted counts, plus the name bonus, times the
/// term's idf; the best [`MAX_POSTINGS`] pages, best first.
fn scored_postings(hits: &[Hit], norms: &[f32], pages: usize) -> Postings {
    let df = hits.len() as f32;
    let idf = (1.0 + (pages as f32 - df + 0.5) / (df + 0.5)).ln();
    let mut list: Postings = hits
        .iter()
        .map(|hit| {
            let norm = norms.get(hit.page as usize).copied().unwrap_or(K1);
            let weight = f32::from(hit.weight);
            let score = weight * (K1 + 1.0) / (weight + norm) + f32::from(hit.bonus) / 1000.0;
            [hit.page, ((score * idf * 100.0).round() as u32).max(1)]
        })
        .collect();
    let best_first = |a: &[u32; 2], b: &[u32; 2]| b[1].cmp(&a[1]).then(a[0].cmp(&b[0]));
    // A common word has thousands of pages: the best are picked out first, and only
    // they are sorted.
    if list.len() > MAX_POSTINGS {
        list.select_nth_unstable_by(MAX_POSTINGS, best_first);
        list.truncate(MAX_POSTINGS);
    }
    list.sort_unstable_by(best_first);
    list
}

#[cfg(test)]
mod tests {
    use super::super::document::{Field, Record};
    use super::*;

    fn document(title: &str, body: &str) -> Document {
        Document {
            record: Record(title.into(), String::new(), "page", String::new()),
            title_words: words(title).count(),
            parts: vec![(Field::Title, title.into()), (Field::Body, body.into())],
            names: Vec::new(),
        }
    }

    fn finished(counts: Counts) -> Vec<Term> {
        counts.finish(&|| false).unwrap_or_else(|_| unreachable!("never cancelled"))
    }

    fn counted(documents: &[Document]) -> Counts {
        let mut counts = Counts::default();
        for (page, document) in documents.iter().enumerate() {
            counts.add(page as u32, document, None);
        }
        counts
    }

    #[test]
    fn counting_in_two_workers_and_merging_gives_what_one_worker_gives() {
        let documents = [
            document("UWV", "The UWV decides on WIA."),
            document("Company doctor", "The doctor advises you and the employer."),
            document("WIA", "Apply to UWV in week 91."),
        ];
        let mut first = Counts::default();
        first.add(0, &documents[0], None);
        let mut second = Counts::default();
        second.add(1, &documents[1], None);
        second.add(2, &documents[2], None);
        let merged = first.merge(second, &|| false).unwrap_or_else(|_| unreachable!("never cancelled"));
        assert_eq!(finished(merged), finished(counted(&documents)));
    }

    /// "doctor" and "doctors" are two forms with one stem: the stem's postings add both
    /// forms' counts in a page, while each word as written keeps its own pages.
    #[test]
    fn a_stem_counts_every_form_of_its_word_in_a_page() {
        let stemmer = super::super::words::stemmer("en");
        let documents = [document("A", "doctor doctors"), document("B", "doctors x")];
        let mut counts = Counts::default();
        for (page, document) in documents.iter().enumerate() {
            counts.add(page as u32, document, stemmer.as_ref());
        }
        let terms = finished(counts);
        let term = |text: &str| terms.iter().find(|t| t.text == text).unwrap_or_else(|| panic!("{text}"));
        let pages = |postings: &Postings| postings.iter().map(|p| p[0]).collect::<Vec<_>>();
        assert_eq!(pages(&term("doctor").exact), [0]);
        assert_eq!(term("doctor").pages, 1);
        assert_eq!(pages(&term("doctors").exact), [0, 1], "a tie: page order");
        assert_eq!(term("doctors").pages, 2);
        let stem = &term("doctor").stem;
        assert_eq!(pages(stem), [0, 1], "page A has the word twice");
        assert!(stem[0][1] > stem[1][1]);
        assert!(term("doctors").stem.is_empty(), "no word stems to `doctors`");
    }

    #[test]
    fn the_page_named_after_a_word_ranks_first_for_it() {
        let documents = [document("Employer", "uwv uwv uwv uwv uwv"), document("UWV", "An agency.")];
        let terms = finished(counted(&documents));
        let uwv = terms.iter().find(|t| t.text == "uwv").expect("uwv");
        assert_eq!(uwv.exact.iter().map(|p| p[0]).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn a_common_word_keeps_only_its_best_pages() {
        let documents: Vec<Document> = (0..MAX_POSTINGS + 20)
            .map(|i| document(if i == 7 { "Sick" } else { "Page" }, &"sick ".repeat(1 + i % 3)))
            .collect();
        let terms = finished(counted(&documents));
        let sick = terms.iter().find(|t| t.text == "sick").expect("sick");
        assert_eq!(sick.exact.len(), MAX_POSTINGS);
        assert_eq!(sick.exact[0][0], 7, "the page called Sick is first");
        assert!(sick.exact.windows(2).all(|pair| pair[0][1] >= pair[1][1]), "best first");
    }

    #[test]
    fn terms_come_in_utf16_order() {
        let terms = finished(counted(&[document("b a \u{1D400} \u{FF21}", "")]));
        let texts: Vec<&str> = terms.iter().map(|t| t.text.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(texts, sorted);
    }

    #[test]
    fn the_fast_utf16_order_is_javascripts_for_every_kind_of_character() {
        let texts = [
            "",
            "a",
            "ab",
            "b",
            "z",
            "é",
            "ł",
            "ø",
            "ß",
            "\u{7FF}",
            "\u{800}",
            "\u{D7FF}",
            "\u{E000}",
            "\u{FF21}",
            "\u{FFFF}",
            "\u{10000}",
            "\u{1D400}",
            "\u{10FFFF}",
            "a\u{E000}",
            "a\u{10000}",
            "aé",
            "ae",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(utf16_order(a, b), a.encode_utf16().cmp(b.encode_utf16()), "{a:?} against {b:?}");
            }
        }
    }

    proptest::proptest! {
        /// Any two strings of any characters: the fast order is JavaScript's.
        #[test]
        fn the_fast_utf16_order_is_javascripts_for_any_strings(a in "\\PC{0,8}", b in "\\PC{0,8}") {
            proptest::prop_assert_eq!(utf16_order(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }

        /// Words of every length around the key sizes (8, 16, 24, 32 bytes and past),
        /// with letters of one to four bytes: each word finds the form it was given, and
        /// a word never seen finds none, however much of it other words share.
        #[test]
        fn each_word_finds_its_own_form_and_no_other(
            seen in proptest::collection::vec("[ab0ø€𝔸]{1,12}", 1..40),
            asked in proptest::collection::vec("[ab0ø€𝔸]{1,12}", 1..40),
        ) {
            let mut table = SeenWords::default();
            for (form, word) in seen.iter().enumerate() {
                if table.get(word).is_none() {
                    table.insert(word, u32::try_from(form).expect("few words"));
                }
            }
            for word in seen.iter().chain(&asked) {
                let first = seen.iter().position(|w| w == word).map(|form| u32::try_from(form).expect("few words"));
                proptest::prop_assert_eq!(table.get(word), first, "{:?} ({} bytes)", word, word.len());
            }
        }
    }

    #[test]
    fn a_cancelled_finish_stops_and_an_uncancelled_one_scores_every_term() {
        let documents: Vec<Document> =
            (0..50).map(|i| document(&format!("page{i}"), &format!("word{i} common"))).collect();
        assert!(counted(&documents).finish(&|| true).is_err());
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let terms = counted(&documents)
            .finish(&|| {
                asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                false
            })
            .unwrap_or_else(|_| unreachable!("never cancelled"));
        assert_eq!(terms.len(), 101, "50 titles, 50 words and `common`");
        assert!(asked.into_inner() >= 2, "asked before and after scoring");
    }
}

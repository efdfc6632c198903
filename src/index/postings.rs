//! postings: the documents of one language → for each index term, the pages that have it
//! with their BM25 scores. Documents are counted in parallel; each worker keeps its own
//! vocabulary, so a distinct word is folded and stemmed once per worker, not at every
//! occurrence, and a page's counts are dropped as soon as they are added.

use foldhash::HashMap;
use pagefind_stem::Stemmer;
use rayon::prelude::*;

use super::document::{Document, Field};
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

/// A term as counted, before scoring: its text, its exact and stem hits, its name pages.
type Counted = (String, Vec<Hit>, Vec<Hit>, Vec<u32>);

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

/// A term's weighted count in one page and the largest name bonus it earned there, in
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
/// The places of a term's exact and stem hit in [`Counts::open`].
const EXACT: usize = 0;
const STEM: usize = 1;

impl Hit {
    const NONE: Hit = Hit { page: NO_PAGE, weight: 0, bonus: 0 };
}

/// What one worker has counted: its vocabulary and, per term, the pages that have it.
#[derive(Default)]
pub struct Counts {
    terms: Vec<String>,
    ids: HashMap<String, u32>,
    /// A word as written → its folded and stem term ids, so each word is folded and
    /// stemmed once.
    seen: HashMap<String, (u32, u32)>,
    exact: Vec<Vec<Hit>>,
    stems: Vec<Vec<Hit>>,
    /// Per term, its exact and stem hit in the page being counted, not yet in `exact` and
    /// `stems`: one small array in place of a lookup at the end of each term's list, which
    /// at 30,000 pages was a cache miss at nearly every word.
    open: Vec<[Hit; 2]>,
    /// Per term, the pages that go by it as a name.
    names: Vec<Vec<u32>>,
    /// Page number → its length in words.
    lengths: Vec<(u32, f32)>,
}

impl Counts {
    /// Counts the words of one document, page number `page`.
    /// Pages are added one at a time: a term's hit in this page is counted in `open` and
    /// moves to the term's list when the term turns up in another page (or at the end).
    pub fn add(&mut self, page: u32, document: &Document, stemmer: Option<&Stemmer>) {
        let mut length = 0.0;
        for (field, text) in &document.parts {
            for word in words(text) {
                let (folded, stem) = self.term_ids(word, stemmer);
                for (kind, id) in [(EXACT, folded), (STEM, stem)] {
                    let hit = &mut self.open[id as usize][kind];
                    if hit.page != page {
                        if hit.page != NO_PAGE {
                            let lists = if kind == EXACT { &mut self.exact } else { &mut self.stems };
                            lists[id as usize].push(*hit);
                        }
                        *hit = Hit { page, weight: 0, bonus: 0 };
                    }
                    count(hit, *field, document.title_words);
                }
                length += 1.0;
            }
        }
        for name in &document.names {
            let id = self.intern(name.clone());
            self.names[id as usize].push(page);
        }
        self.lengths.push((page, length));
    }

    fn term_ids(&mut self, word: &str, stemmer: Option<&Stemmer>) -> (u32, u32) {
        if let Some(&ids) = self.seen.get(word) {
            return ids;
        }
        let (folded, stem) = terms(stemmer, word);
        let ids = (self.intern(folded), self.intern(stem));
        self.seen.insert(word.to_string(), ids);
        ids
    }

    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        self.exact.push(Vec::new());
        self.stems.push(Vec::new());
        self.open.push([Hit::NONE; 2]);
        self.names.push(Vec::new());
        id
    }

    /// Moves every open hit to its term's list.
    fn close_open_hits(&mut self) {
        for (id, open) in self.open.iter_mut().enumerate() {
            for (kind, lists) in [(EXACT, &mut self.exact), (STEM, &mut self.stems)] {
                if open[kind].page != NO_PAGE {
                    lists[id].push(open[kind]);
                    open[kind] = Hit::NONE;
                }
            }
        }
    }

    /// Both workers' counts in one (the order of pages inside a term does not matter:
    /// [`Counts::finish`] sorts them). `cancelled` is asked every [`SCORING_RUN`] terms:
    /// merging two workers' counts of 30,000 pages takes up to 60 ms, which a save in
    /// `serve` would otherwise wait out.
    pub fn merge(mut self, mut other: Counts, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<Counts, Unfinished> {
        self.close_open_hits();
        other.close_open_hits();
        let (mut into, from) = if self.terms.len() >= other.terms.len() { (self, other) } else { (other, self) };
        let mut terms = from.terms.into_iter().zip(from.exact).zip(from.stems).zip(from.names);
        loop {
            if cancelled() {
                return Err(Unfinished::new((into, terms, from.lengths)));
            }
            let mut run = terms.by_ref().take(SCORING_RUN).peekable();
            if run.peek().is_none() {
                break;
            }
            for (((term, exact), stems), names) in run {
                let id = into.intern(term) as usize;
                into.exact[id].extend(exact);
                into.stems[id].extend(stems);
                into.names[id].extend(names);
            }
        }
        into.lengths.extend(from.lengths);
        Ok(into)
    }

    /// Every term with its scored postings, sorted the way `search.js` compares strings
    /// (by UTF-16 code units) so the shards' first terms can be searched by bisection.
    /// `Err` as soon as `cancelled` says so (it is asked between runs of terms).
    pub fn finish(mut self, cancelled: &(dyn Fn() -> bool + Sync)) -> Result<Vec<Term>, Unfinished> {
        self.close_open_hits();
        let pages = self.lengths.len();
        let mut lengths = vec![0.0f32; pages];
        for (page, length) in &self.lengths {
            if let Some(slot) = lengths.get_mut(*page as usize) {
                *slot = *length;
            }
        }
        let average = (lengths.iter().sum::<f32>() / pages.max(1) as f32).max(1.0);
        let norms: Vec<f32> = lengths.iter().map(|length| K1 * (1.0 - B + B * length / average)).collect();
        let mut to_score: Vec<Counted> = (self.terms.into_iter().zip(self.exact).zip(self.stems).zip(self.names))
            .map(|(((text, exact), stems), names)| (text, exact, stems, names))
            .collect();
        let mut scored: Vec<Term> = Vec::with_capacity(to_score.len());
        // Runs from the end, which `split_off` takes without moving the rest; the sort
        // below puts the terms in order.
        while !to_score.is_empty() {
            if cancelled() {
                return Err(Unfinished::new((to_score, scored)));
            }
            let run = to_score.split_off(run_start(&to_score));
            scored.par_extend(run.into_par_iter().map(|(text, exact, stems, mut names)| {
                names.sort_unstable();
                names.dedup();
                names.truncate(MAX_POSTINGS);
                Term {
                    text,
                    pages: u32::try_from(exact.len()).unwrap_or(u32::MAX),
                    exact: scored_postings(exact, &norms, pages),
                    stem: scored_postings(stems, &norms, pages),
                    name: names.into_iter().map(|page| [page, NAME_SCORE]).collect(),
                }
            }));
        }
        if cancelled() {
            return Err(Unfinished::new((to_score, scored)));
        }
        scored.par_sort_unstable_by(|a, b| utf16_order(&a.text, &b.text));
        Ok(scored)
    }
}

/// Where the last run of `to_score` starts: at most [`SCORING_RUN`] terms, and no more
/// than [`SCORING_HITS`] hits unless a single term has more.
fn run_start(to_score: &[Counted]) -> usize {
    let mut start = to_score.len();
    let mut hits = 0;
    while start > 0 && to_score.len() - start < SCORING_RUN && (hits < SCORING_HITS || start == to_score.len()) {
        start -= 1;
        hits += to_score[start].1.len() + to_score[start].2.len();
    }
    start
}

/// The order of `a` and `b` as JavaScript compares strings: by UTF-16 code units. That
/// is the order of their UTF-8 bytes unless one of them holds a character from U+E000
/// up (bytes 0xEE and above), where UTF-16 puts the characters beyond U+FFFF (written as
/// surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; only such strings are re-encoded.
pub fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let below_e000 = |text: &str| text.bytes().all(|byte| byte < 0xEE);
    if below_e000(a) && below_e000(b) { a.as_bytes().cmp(b.as_bytes()) } else { a.encode_utf16().cmp(b.encode_utf16()) }
}

fn count(hit: &mut Hit, field: Field, title_words: usize) {
    hit.weight = hit.weight.saturating_add(field.boost() as u16);
    hit.bonus = hit.bonus.max((field.bonus(title_words) * 1000.0).round() as u16);
}

/// BM25 (k1 = 1.2, b = 0.75) over field-weighted counts, plus the name bonus, times the
/// term's idf; the best [`MAX_POSTINGS`] pages, best first.
fn scored_postings(hits: Vec<Hit>, norms: &[f32], pages: usize) -> Postings {
    let df = hits.len() as f32;
    let idf = (1.0 + (pages as f32 - df + 0.5) / (df + 0.5)).ln();
    let mut list: Postings = hits
        .into_iter()
        .map(|hit| {
            let norm = norms.get(hit.page as usize).copied().unwrap_or(K1);
            let weight = f32::from(hit.weight);
            let score = weight * (K1 + 1.0) / (weight + norm) + f32::from(hit.bonus) / 1000.0;
            [hit.page, ((score * idf * 100.0).round() as u32).max(1)]
        })
        .collect();
    list.sort_unstable_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
    list.truncate(MAX_POSTINGS);
    list
}

#[cfg(test)]
mod tests {
    use super::super::document::Record;
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

//! shards: the sorted terms of one language → term files of about the same size. A shard
//! holds a run of consecutive terms; the manifest lists each shard's first term, so
//! `search.js` finds a word's shard by bisection, and the words a query word begins
//! (compounds) are in that shard and the few after it. Unlike a fixed two-letter key,
//! shards stay small as the site grows: a large site has more shards, not bigger ones.

use std::collections::BTreeMap;

use serde::Serialize;

use super::postings::{Postings, Term};

/// Target size of a shard's JSON, before compression (about 4–5 kB gzipped).
pub const SHARD_BYTES: usize = 12 * 1024;

/// A term file: `{"w": {word: postings}, "s": {stem: postings}}`.
#[derive(Serialize, Default, Debug)]
pub struct Shard<'a> {
    /// Folded words as written.
    pub w: BTreeMap<&'a str, &'a Postings>,
    /// Folded stems.
    pub s: BTreeMap<&'a str, &'a Postings>,
    /// Names (a page's title or other name, as [`super::document::name_key`] folds it).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub n: BTreeMap<&'a str, &'a Postings>,
}

/// The terms (sorted as [`super::postings::Counts::finish`] sorts them) in shards of
/// about [`SHARD_BYTES`], each with the first term it covers. The first shard covers
/// from the empty string, so every word has a shard. `None` when `cancelled` says so:
/// it is asked every [`TERMS_BETWEEN_LOOKS`] terms (all of a language's take 20–30 ms
/// at 30,000 pages).
pub fn shards<'a>(terms: &'a [Term], cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<(&'a str, Shard<'a>)>> {
    let mut shards: Vec<(&str, Shard)> = Vec::new();
    let mut size = 0;
    for (i, term) in terms.iter().enumerate() {
        if i % TERMS_BETWEEN_LOOKS == 0 && cancelled() {
            return None;
        }
        let bytes = json_size(term);
        if shards.is_empty() || (size > 0 && size + bytes > SHARD_BYTES) {
            shards.push((if shards.is_empty() { "" } else { term.text.as_str() }, Shard::default()));
            size = 0;
        }
        let shard = &mut shards.last_mut().expect("a shard was pushed").1;
        if !term.exact.is_empty() {
            shard.w.insert(&term.text, &term.exact);
        }
        if !term.stem.is_empty() {
            shard.s.insert(&term.text, &term.stem);
        }
        if !term.name.is_empty() {
            shard.n.insert(&term.text, &term.name);
        }
        size += bytes;
    }
    Some(shards)
}

const TERMS_BETWEEN_LOOKS: usize = 4096;

/// About how many bytes a term adds to its shard's JSON.
fn json_size(term: &Term) -> usize {
    let postings = |list: &Postings| -> usize {
        if list.is_empty() {
            return 0;
        }
        let digits = |n: u32| n.checked_ilog10().unwrap_or(0) as usize + 1;
        term.text.len() + 6 + list.iter().map(|[page, score]| digits(*page) + digits(*score) + 4).sum::<usize>()
    };
    postings(&term.exact) + postings(&term.stem) + postings(&term.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, pages: u32) -> Term {
        Term {
            text: text.into(),
            exact: (0..pages).map(|p| [p, 100]).collect(),
            stem: Vec::new(),
            name: Vec::new(),
            pages,
        }
    }

    #[test]
    fn a_small_index_is_one_shard_from_the_empty_string() {
        let terms = [term("uwv", 3), term("wia", 2)];
        let shards = shards(&terms, &|| false).expect("never cancelled");
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].0, "");
        assert_eq!(shards[0].1.w.keys().copied().collect::<Vec<_>>(), ["uwv", "wia"]);
    }

    #[test]
    fn shards_keep_the_order_and_stay_near_the_size_budget() {
        let terms: Vec<Term> = (0..2000).map(|i| term(&format!("word{i:05}"), 1 + i % 40)).collect();
        let shards = shards(&terms, &|| false).expect("never cancelled");
        assert!(shards.len() > 10, "{} shards", shards.len());
        let firsts: Vec<&str> = shards.iter().map(|(first, _)| *first).collect();
        assert!(firsts.windows(2).all(|pair| pair[0] < pair[1]), "first terms ascend");
        for (first, shard) in &shards {
            let bytes = serde_json::to_vec(shard).expect("json").len();
            assert!(bytes <= SHARD_BYTES + 600, "{first}: {bytes} bytes");
            assert!(shard.w.keys().all(|t| t >= first), "{first}");
        }
        let held: usize = shards.iter().map(|(_, shard)| shard.w.len()).sum();
        assert_eq!(held, terms.len());
    }

    #[test]
    fn a_term_larger_than_the_budget_gets_a_shard_of_its_own() {
        let terms = [term("a", 1), term("b", 3000), term("c", 1)];
        let firsts: Vec<&str> =
            shards(&terms, &|| false).expect("never cancelled").iter().map(|(first, _)| *first).collect();
        assert_eq!(firsts, ["", "b", "c"]);
    }

    proptest::proptest! {
        /// For any terms, any letters: every term is in the shard a bisection over the
        /// shards' first terms finds for it, the way `search.js` looks it up.
        #[test]
        fn bisection_over_first_terms_finds_each_terms_shard(
            texts in proptest::collection::btree_set("\\PC{1,12}", 1..400),
            pages in 1u32..300,
        ) {
            let mut terms: Vec<Term> = texts.iter().map(|t| term(t, pages)).collect();
            terms.sort_by(|a, b| a.text.encode_utf16().cmp(b.text.encode_utf16()));
            let shards = shards(&terms, &|| false).expect("never cancelled");
            let firsts: Vec<Vec<u16>> = shards.iter().map(|(first, _)| first.encode_utf16().collect()).collect();
            for (number, (_, shard)) in shards.iter().enumerate() {
                for text in shard.w.keys() {
                    let key: Vec<u16> = text.encode_utf16().collect();
                    let found = firsts.partition_point(|first| *first <= key) - 1;
                    proptest::prop_assert_eq!(found, number, "{:?}", text);
                }
            }
        }
    }
}

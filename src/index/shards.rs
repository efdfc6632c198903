//! shards: the sorted terms of one language → term files of about the same size. A shard
//! holds a run of consecutive terms; the manifest lists each shard's first term, so
//! `search.js` finds a word's shard by bisection, and the words a query word begins
//! (compounds) are in that shard and the few after it. Unlike a fixed two-letter key,
//! shards stay small as the site grows: a large site has more shards, not bigger ones.
//!
//! A shard's JSON is written here by hand, each term's lists once: the files are nearly
//! all numbers, and serde's generic path (a map built per shard, each posting an array
//! of two) took a tenth of the index's time.

use super::postings::{Postings, Term};

/// Target size of a shard's JSON, before compression (about 4–5 kB gzipped).
pub const SHARD_BYTES: usize = 12 * 1024;

/// A term file's JSON, `{"w": {word: postings}, "s": {stem: postings}, "n": {name:
/// postings}}` (`n` left out when empty): folded words as written, folded stems, and
/// names (a page's title or other name, as [`super::document::name_key`] folds it). The
/// keys come in the order of the terms; `search.js` looks them up by name.
#[derive(Default, Debug)]
pub struct Shard {
    words: Vec<u8>,
    stems: Vec<u8>,
    names: Vec<u8>,
}

impl Shard {
    /// The file's JSON.
    pub fn json(&self) -> Vec<u8> {
        let mut json = Vec::with_capacity(self.words.len() + self.stems.len() + self.names.len() + 20);
        for (key, members) in [("w", &self.words), ("s", &self.stems), ("n", &self.names)] {
            if key == "n" && members.is_empty() {
                continue;
            }
            json.extend_from_slice(if key == "w" { b"{\"" } else { b",\"" });
            json.extend_from_slice(key.as_bytes());
            json.extend_from_slice(b"\":{");
            // Each member was written with a comma before it.
            json.extend_from_slice(members.get(1..).unwrap_or_default());
            json.push(b'}');
        }
        json.push(b'}');
        json
    }
}

/// The terms (sorted as [`super::postings::Counts::finish`] sorts them) in shards of
/// about [`SHARD_BYTES`], each with the first term it covers. The first shard covers
/// from the empty string, so every word has a shard. `None` when `cancelled` says so:
/// it is asked every [`TERMS_BETWEEN_LOOKS`] terms (all of a language's take 20–30 ms
/// at 30,000 pages).
pub fn shards<'a>(terms: &'a [Term], cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<(&'a str, Shard)>> {
    let mut shards: Vec<(&str, Shard)> = Vec::new();
    let mut size = 0;
    // One term's members, written before it is known which shard they go to.
    let mut term_members = [Vec::new(), Vec::new(), Vec::new()];
    for (i, term) in terms.iter().enumerate() {
        if i % TERMS_BETWEEN_LOOKS == 0 && cancelled() {
            return None;
        }
        let mut bytes = 0;
        for (members, list) in term_members.iter_mut().zip([&term.exact, &term.stem, &term.name]) {
            members.clear();
            if !list.is_empty() {
                write_member(members, &term.text, list);
                // One byte more than written: the size the budget was set in.
                bytes += members.len() + 1;
            }
        }
        if shards.is_empty() || (size > 0 && size + bytes > SHARD_BYTES) {
            shards.push((if shards.is_empty() { "" } else { term.text.as_str() }, Shard::default()));
            size = 0;
        }
        let shard = &mut shards.last_mut().expect("a shard was pushed").1;
        for (into, members) in [&mut shard.words, &mut shard.stems, &mut shard.names].into_iter().zip(&term_members) {
            into.extend_from_slice(members);
        }
        size += bytes;
    }
    Some(shards)
}

const TERMS_BETWEEN_LOOKS: usize = 4096;

/// `,"text":[[page,score],…]`: one member of a shard's object.
fn write_member(json: &mut Vec<u8>, text: &str, postings: &Postings) {
    json.push(b',');
    write_string(json, text);
    json.extend_from_slice(b":[");
    let mut number = itoa::Buffer::new();
    for (at, [page, score]) in postings.iter().enumerate() {
        json.extend_from_slice(if at == 0 { b"[" } else { b",[" });
        json.extend_from_slice(number.format(*page).as_bytes());
        json.push(b',');
        json.extend_from_slice(number.format(*score).as_bytes());
        json.push(b']');
    }
    json.push(b']');
}

/// A JSON string. Index terms are words, which hold no quote, backslash or control
/// character; anything else is escaped by serde.
fn write_string(json: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|byte| byte == b'"' || byte == b'\\' || byte < 0x20) {
        serde_json::to_writer(json, text).expect("a string always serialises");
    } else {
        json.push(b'"');
        json.extend_from_slice(text.as_bytes());
        json.push(b'"');
    }
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

    /// The keys of one of a shard's objects (`w`, `s` or `n`), from its JSON.
    fn keys(shard: &Shard, object: &str) -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&shard.json()).expect("a shard is JSON");
        json.get(object).and_then(|o| o.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }

    #[test]
    fn a_small_index_is_one_shard_from_the_empty_string() {
        let terms = [term("uwv", 3), term("wia", 2)];
        let shards = shards(&terms, &|| false).expect("never cancelled");
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].0, "");
        assert_eq!(
            String::from_utf8(shards[0].1.json()).expect("UTF-8"),
            r#"{"w":{"uwv":[[0,100],[1,100],[2,100]],"wia":[[0,100],[1,100]]},"s":{}}"#
        );
    }

    #[test]
    fn shards_keep_the_order_and_stay_near_the_size_budget() {
        let terms: Vec<Term> = (0..2000).map(|i| term(&format!("word{i:05}"), 1 + i % 40)).collect();
        let shards = shards(&terms, &|| false).expect("never cancelled");
        assert!(shards.len() > 10, "{} shards", shards.len());
        let firsts: Vec<&str> = shards.iter().map(|(first, _)| *first).collect();
        assert!(firsts.windows(2).all(|pair| pair[0] < pair[1]), "first terms ascend");
        for (first, shard) in &shards {
            let bytes = shard.json().len();
            assert!(bytes <= SHARD_BYTES + 600, "{first}: {bytes} bytes");
            assert!(keys(shard, "w").iter().all(|t| t.as_str() >= *first), "{first}");
        }
        let held: usize = shards.iter().map(|(_, shard)| keys(shard, "w").len()).sum();
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
                for text in keys(shard, "w") {
                    let key: Vec<u16> = text.encode_utf16().collect();
                    let found = firsts.partition_point(|first| *first <= key) - 1;
                    proptest::prop_assert_eq!(found, number, "{:?}", text);
                }
            }
        }

        /// A shard's JSON, written by hand, is what serde makes of the same lists, for
        /// any text (quotes, backslashes and control characters included) and any
        /// numbers.
        #[test]
        fn a_shards_json_is_the_lists_as_serde_writes_them(
            lists in proptest::collection::btree_map(
                "[a-z\\\"\u{0}-\u{1f}\u{7f}é€😀 ]{1,8}",
                (proptest::collection::vec(proptest::array::uniform2(proptest::num::u32::ANY), 0..4),
                 proptest::collection::vec(proptest::array::uniform2(proptest::num::u32::ANY), 0..4),
                 proptest::collection::vec(proptest::array::uniform2(proptest::num::u32::ANY), 0..3)),
                1..30,
            ),
        ) {
            let terms: Vec<Term> = lists
                .iter()
                .map(|(text, (exact, stem, name))| Term {
                    text: text.clone(),
                    exact: exact.clone(),
                    stem: stem.clone(),
                    name: name.clone(),
                    pages: 1,
                })
                .collect();
            let shards = shards(&terms, &|| false).expect("never cancelled");
            let mut expected = [serde_json::Map::new(), serde_json::Map::new(), serde_json::Map::new()];
            let mut found = expected.clone();
            for term in &terms {
                for (object, list) in expected.iter_mut().zip([&term.exact, &term.stem, &term.name]) {
                    if !list.is_empty() {
                        object.insert(term.text.clone(), serde_json::json!(list));
                    }
                }
            }
            for (_, shard) in &shards {
                let json: serde_json::Value = serde_json::from_slice(&shard.json()).expect("a shard is JSON");
                let object = json.as_object().expect("an object");
                proptest::prop_assert!(object.contains_key("w") && object.contains_key("s"));
                proptest::prop_assert!(!object.get("n").is_some_and(|n| n.as_object().is_some_and(|n| n.is_empty())));
                for (into, key) in found.iter_mut().zip(["w", "s", "n"]) {
                    for (text, list) in object.get(key).and_then(|o| o.as_object()).into_iter().flatten() {
                        proptest::prop_assert!(into.insert(text.clone(), list.clone()).is_none(), "{:?} twice", text);
                    }
                }
            }
            proptest::prop_assert_eq!(found, expected);
        }
    }
}

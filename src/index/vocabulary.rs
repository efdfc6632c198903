//! vocabulary: the words of one language without their postings, in runs of about equal
//! size, for typo correction. A query word that matches nothing is compared, in the
//! browser, with the indexed words that begin with the same two letters; the closest
//! (by edit distance, then by how many pages have them) stand in for it. Postings stay
//! in the term shards, so a correction costs a small list of words, not their pages.

use serde::Serialize;

use super::postings::Term;

/// Target size of a vocabulary file's JSON (about 1.5 kB gzipped).
pub const VOCABULARY_BYTES: usize = 4 * 1024;

/// A vocabulary file: words in index order (`t`), and for each how many pages have it
/// (`d`), which breaks ties between equally close corrections.
#[derive(Serialize, Default, Debug)]
pub struct Vocabulary<'a> {
    pub t: Vec<&'a str>,
    pub d: Vec<u32>,
}

/// Whether a term is a word a reader could have meant: written on some page, three
/// letters or more, with a letter in it (not a number), and one word (not a name).
fn correctable(term: &Term) -> bool {
    !term.exact.is_empty()
        && term.text.chars().count() >= 3
        && term.text.chars().any(char::is_alphabetic)
        && !term.text.contains(' ')
}

/// The correctable words of `terms` (sorted as the term shards are) in files of about
/// [`VOCABULARY_BYTES`], each with its first word; the first file starts at `""`.
pub fn vocabulary(terms: &[Term]) -> Vec<(&str, Vocabulary<'_>)> {
    let mut files: Vec<(&str, Vocabulary)> = Vec::new();
    let mut size = 0;
    for term in terms.iter().filter(|term| correctable(term)) {
        let bytes = term.text.len() + 4 + 6;
        if files.is_empty() || size + bytes > VOCABULARY_BYTES {
            files.push((if files.is_empty() { "" } else { term.text.as_str() }, Vocabulary::default()));
            size = 0;
        }
        let file = &mut files.last_mut().expect("a file was pushed").1;
        file.t.push(&term.text);
        file.d.push(term.pages);
        size += bytes;
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, pages: u32) -> Term {
        Term { text: text.into(), exact: vec![[0, 100]; pages as usize], stem: Vec::new(), name: Vec::new(), pages }
    }

    #[test]
    fn only_words_a_reader_could_mean_are_in_the_vocabulary() {
        let terms = [term("42", 3), term("uw", 3), term("uwv", 2), term("wia decision", 1), term("wia", 0)];
        let files = vocabulary(&terms);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1.t, ["uwv"]);
        assert_eq!(files[0].1.d, [2]);
    }

    #[test]
    fn vocabulary_files_keep_the_order_and_stay_near_their_size() {
        let terms: Vec<Term> = (0..3000).map(|i| term(&format!("word{i:05}"), 1 + i % 7)).collect();
        let files = vocabulary(&terms);
        assert!(files.len() > 5);
        assert_eq!(files[0].0, "");
        assert!(files.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for (first, file) in &files[1..] {
            assert_eq!(file.t[0], *first);
            assert!(serde_json::to_vec(file).expect("json").len() <= VOCABULARY_BYTES + 64);
        }
        assert_eq!(files.iter().map(|(_, f)| f.t.len()).sum::<usize>(), terms.len());
    }
}

//! Words as search sees them: runs of letters, digits and marks, folded so a reader
//! without the letters (ø, ä, ß, ł…) on their keyboard still matches, and stemmed per
//! language where a Snowball stemmer exists.

use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;

use crate::text::fold;

/// The words of `text` as written: runs of letters, digits and marks, with an
/// apostrophe or a dot inside a word kept (`UWV's`, `e.g`). This is the rule `search.js`
/// applies to a query (`[\p{L}\p{N}\p{M}]+(?:['’.][\p{L}\p{N}\p{M}]+)*`), so the
/// index and the query always cut text the same way; Unicode's word boundaries
/// (UAX #29) differ from it on `1,000`, `a_b` and the like, and cost a sixth of the
/// build of a large site.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Most text is ASCII: a byte is a whole character there, and its kind is read from a
    // table; only the rest is decoded.
    let kind_at = move |at: usize| -> Option<(Kind, usize)> {
        match *bytes.get(at)? {
            byte if byte.is_ascii() => Some((ASCII_KINDS[usize::from(byte)], 1)),
            _ => {
                let c = text[at..].chars().next()?;
                let kind = if is_word_char(c) {
                    Kind::Word
                } else if c == '’' {
                    Kind::Joiner
                } else {
                    Kind::Other
                };
                Some((kind, c.len_utf8()))
            }
        }
    };
    std::iter::from_fn(move || {
        let start = loop {
            let (kind, length) = kind_at(at)?;
            if kind == Kind::Word {
                break at;
            }
            at += length;
        };
        let mut end = start;
        while let Some((kind, length)) = kind_at(at) {
            match kind {
                Kind::Word => {
                    at += length;
                    end = at;
                }
                Kind::Joiner if kind_at(at + length).is_some_and(|(next, _)| next == Kind::Word) => at += length,
                _ => break,
            }
        }
        Some(&text[start..end])
    })
}

/// What a character is to [`words`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter, digit or mark: part of a word.
    Word,
    /// An apostrophe or a dot: part of a word between two of its characters.
    Joiner,
    Other,
}

/// The kind of each ASCII character.
const ASCII_KINDS: [Kind; 128] = {
    let mut kinds = [Kind::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        kinds[byte] = match byte as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Kind::Word,
            b'\'' | b'.' => Kind::Joiner,
            _ => Kind::Other,
        };
        byte += 1;
    }
    kinds
};

/// A letter, digit or mark (`\p{L}`, `\p{N}`, `\p{M}` in `search.js`). [`words`] asks
/// it only outside ASCII, whose characters [`ASCII_KINDS`] holds.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The Snowball stemmer for a language code, if there is one. Covers the languages of
/// the nine countries (nl, en, da, de, pl, sv, fi, es, fr).
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split(['-', '_']).next().unwrap_or(lang) {
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "nl" => Algorithm::Dutch,
        "pl" => Algorithm::Polish,
        "sv" => Algorithm::Swedish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Words of a query in `lang` that say nothing about what the reader looks for ("what",
/// "if", "de", "się"), folded: `search.js` leaves them out of scoring and highlighting.
/// The Snowball lists as NLTK ships them, the ISO list for Polish, plus the verbs of
/// "I got a letter", which readers type and no page is about.
pub fn stop_words(lang: &str) -> Vec<String> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    let extra: &[&str] = match base {
        "en" => &["got", "get", "gets", "getting", "would", "could", "may", "might", "also"],
        "nl" => &["gekregen", "krijg", "kreeg", "kregen", "ontvangen"],
        "da" => &["fået", "fik", "får"],
        "pl" => &["dostałem", "dostałam", "dostałeś", "dostałaś", "dostać"],
        _ => &[],
    };
    let mut words: Vec<String> =
        stop_words::lookup(base).unwrap_or_default().iter().chain(extra).map(|word| fold(word)).collect();
    words.sort();
    words.dedup();
    words
}

/// The two index terms of a word as written: the word folded, and its folded stem (the
/// word folded again when the language has no stemmer). Stemmers want the real letters
/// in lower case, so the stem is taken before folding.
pub fn terms(stemmer: Option<&Stemmer>, word: &str) -> (String, String) {
    // Most words are ASCII: lowering their case is folding them, and done in place.
    let (lower, folded) = if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        (None, lower)
    } else {
        let lower = word.to_lowercase();
        let folded = fold(&lower);
        (Some(lower), folded)
    };
    let stem = match stemmer {
        Some(stemmer) => {
            let stem = stemmer.stem(lower.as_deref().unwrap_or(&folded));
            if stem.is_ascii() {
                let mut stem = stem.into_owned();
                stem.make_ascii_lowercase();
                stem
            } else {
                fold(&stem)
            }
        }
        None => folded.clone(),
    };
    (folded, stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_digits_and_marks_as_in_search_js() {
        let found: Vec<&str> = words("UWV's 42-week report: Försäkringskassan, jobafklaringsforløb.").collect();
        assert_eq!(found, ["UWV's", "42", "week", "report", "Försäkringskassan", "jobafklaringsforløb"]);
        let found: Vec<&str> = words("e.g. 1,000 a_b ’t ok' «Łódź» x..y").collect();
        assert_eq!(found, ["e.g", "1", "000", "a", "b", "t", "ok", "Łódź", "x", "y"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" .,- ").count(), 0);
    }

    #[test]
    fn each_country_language_has_a_stemmer_and_others_do_not() {
        for lang in ["nl", "en", "da", "de", "pl", "sv", "fi", "es", "fr"] {
            assert!(stemmer(lang).is_some(), "{lang} has no stemmer");
        }
        assert!(stemmer("eo").is_none());
        assert_eq!(terms(None, "Doctors"), ("doctors".to_string(), "doctors".to_string()));
    }

    #[test]
    fn question_words_are_stop_words_and_subjects_are_not() {
        let has = |lang: &str, word: &str| stop_words(lang).contains(&fold(word));
        for (lang, word) in
            [("en", "what"), ("en", "got"), ("nl", "wat"), ("nl", "niet"), ("da", "hvad"), ("pl", "się")]
        {
            assert!(has(lang, word), "{lang}: {word}");
        }
        for (lang, word) in [("en", "letter"), ("en", "work"), ("nl", "bezwaar"), ("da", "klage"), ("pl", "zasiłek")] {
            assert!(!has(lang, word), "{lang}: {word}");
        }
        assert!(stop_words("xx").is_empty());
        // Folded, so a query folded the same way meets them: Polish `się` is `sie`.
        assert!(stop_words("pl").iter().all(|w| *w == fold(w)));
    }

    #[test]
    fn stems_join_the_forms_of_a_word_per_language() {
        let same = |lang: &str, a: &str, b: &str| {
            let s = stemmer(lang);
            assert_eq!(terms(s.as_ref(), a).1, terms(s.as_ref(), b).1, "{lang}: {a} / {b}");
        };
        same("en", "doctors", "doctor");
        same("nl", "werkgevers", "werkgever");
        same("da", "forløbet", "forløb");
        same("pl", "pracodawcy", "pracodawca");
        same("de", "ärzte", "ärzten");
        same("sv", "sjukpenningen", "sjukpenning");
    }

    proptest::proptest! {
        /// The words are the matches of the expression `search.js` cuts a query with, on
        /// text of ASCII, letters of two and three bytes, a combining mark, both kinds of
        /// apostrophe, dots and other separators.
        #[test]
        fn words_are_the_matches_of_the_query_expression(text in "[a-zA-Z0-9 ,._'’øł€\u{301}-]{0,40}") {
            let expression = regex::Regex::new(r"[\p{L}\p{N}\p{M}]+(?:['’.][\p{L}\p{N}\p{M}]+)*").expect("valid");
            let expected: Vec<&str> = expression.find_iter(&text).map(|found| found.as_str()).collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }

        /// A word's terms are the word in lower case, folded, and its stem in lower
        /// case, folded, however the word is written.
        #[test]
        fn a_words_terms_are_its_lower_case_folded_and_its_stem_folded(word in "[A-Za-zÀ-ɏ'.0-9ΣςΩ]{1,14}", lang in "(en|nl|da|pl|de|fr|eo)") {
            let stemmer = stemmer(&lang);
            let lower = word.to_lowercase();
            let stem = stemmer.as_ref().map_or_else(|| lower.clone(), |s| s.stem(&lower).into_owned());
            proptest::prop_assert_eq!(terms(stemmer.as_ref(), &word), (fold(&lower), fold(&stem)));
        }

        /// Whatever the text, its words are pieces of it, and both index terms of each
        /// word are folded: folding them again changes nothing, and they hold no capital
        /// letters that have a small form and no combining marks, so `search.js` folding
        /// a query meets them.
        #[test]
        fn every_index_term_is_folded_and_every_word_is_a_piece_of_the_text(text in "\\PC{0,80}", lang in "(en|nl|da|pl|de|eo)") {
            let stemmer = stemmer(&lang);
            for word in words(&text) {
                proptest::prop_assert!(!word.is_empty() && text.contains(word));
                let (folded, stem) = terms(stemmer.as_ref(), word);
                for term in [&folded, &stem] {
                    proptest::prop_assert_eq!(&fold(term), term);
                    proptest::prop_assert!(!unicode_normalization::UnicodeNormalization::nfd(term.as_str()).any(is_combining_mark), "{:?}", term);
                    proptest::prop_assert_eq!(&term.to_lowercase(), term);
                }
            }
        }
    }
}

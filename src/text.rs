//! Text as readers type it: words folded without case and diacritics, so a reader
//! without the letters (ø, ä, ß, ł…) on their keyboard still finds them. The search index
//! keys its words this way, and the A–Z index files its titles under folded initials.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A word without case and diacritics, with letters that do not decompose spelled the
/// way a reader without them types: `Försäkringskassan` → `forsakringskassan`,
/// `forløb` → `forlob`, `Straße` → `strasse`, `łódź` → `lodz`.
pub fn fold(word: &str) -> String {
    // ASCII has no marks and no letters spelled out: only case to drop.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    // Character by character: the marks that decomposing gives are dropped, so the
    // reordering of marks that NFD adds to it could change nothing (every character NFD
    // reorders is a mark), and ASCII letters take no table lookup.
    for c in word.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else {
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    push_folded(&mut folded, part);
                }
            });
        }
    }
    folded
}

/// A letter left by decomposing, without case and spelled as a reader without it types.
fn push_folded(folded: &mut String, c: char) {
    match c {
        'ø' | 'Ø' => folded.push('o'),
        'æ' | 'Æ' => folded.push_str("ae"),
        'œ' | 'Œ' => folded.push_str("oe"),
        'ß' => folded.push_str("ss"),
        'ł' | 'Ł' => folded.push('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
        'þ' | 'Þ' => folded.push_str("th"),
        'ı' => folded.push('i'),
        c => folded.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_diacritics_and_spells_out_special_letters() {
        assert_eq!(fold("Försäkringskassan"), "forsakringskassan");
        assert_eq!(fold("forløb"), "forlob");
        assert_eq!(fold("Førtidspension"), "fortidspension");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("partshøring"), "partshoring");
        assert_eq!(fold("Ærø"), "aero");
    }

    /// What `fold` did before it went character by character: the whole word in NFD.
    fn fold_of_the_whole_nfd(word: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut folded = String::new();
        for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
            push_folded(&mut folded, c);
        }
        folded
    }

    #[test]
    fn every_character_nfd_reorders_is_a_mark() {
        let reordered = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| unicode_normalization::char::canonical_combining_class(c) != 0);
        for c in reordered {
            assert!(is_combining_mark(c), "U+{:04X} is reordered by NFD and not a mark", c as u32);
        }
    }

    proptest::proptest! {
        /// Folding character by character gives what folding the word's NFD gives, for
        /// any text, and for letters with stacked marks in any order.
        #[test]
        fn folding_by_character_is_folding_the_nfd(
            any in ".{0,20}",
            marked in "([a-zA-ZøØæßłŁÅåÄäÖöÉéĲĳ가\u{1100}\u{1161}]|[\u{300}-\u{36f}\u{5b0}-\u{5c7}\u{64b}-\u{65f}]){0,20}"
        ) {
            proptest::prop_assert_eq!(fold(&any), fold_of_the_whole_nfd(&any));
            proptest::prop_assert_eq!(fold(&marked), fold_of_the_whole_nfd(&marked));
        }

        /// ASCII text takes a short way: the same as the long way the text takes once a
        /// letter outside ASCII (`é`, folded to `e`) is added.
        #[test]
        fn ascii_text_folds_as_it_would_the_long_way(text in "[\\x00-\\x7F]{0,40}") {
            proptest::prop_assert_eq!(fold(&text) + "e", fold(&format!("{text}é")));
        }
    }
}

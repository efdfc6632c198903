//! Text as readers type it: words folded without case and diacritics, so a reader
//! without the letters (ø, ä, ß, ł…) on their keyboard still finds them. The search index
//! keys its words this way, and the A–Z index files its titles under folded initials.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word without case and diacritics, with letters that do not decompose spelled the
/// way a reader without them types: `Försäkringskassan` → `forsakringskassan`,
/// `forløb` → `forlob`, `Straße` → `strasse`, `łódź` → `lodz`.
pub fn fold(word: &str) -> String {
    // ASCII has no marks and no letters spelled out: only case to drop.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
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
    folded
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

    proptest::proptest! {
        /// ASCII text takes a short way: the same as the long way the text takes once a
        /// letter outside ASCII (`é`, folded to `e`) is added.
        #[test]
        fn ascii_text_folds_as_it_would_the_long_way(text in "[\\x00-\\x7F]{0,40}") {
            proptest::prop_assert_eq!(fold(&text) + "e", fold(&format!("{text}é")));
        }
    }
}

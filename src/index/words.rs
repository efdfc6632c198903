//! Words as search sees them: split by Unicode word boundaries, folded so a reader
//! without the letters (ø, ä, ß, ł…) on their keyboard still matches, and stemmed per
//! language where a Snowball stemmer exists.

use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// The words of `text`, lower-cased but not folded (stemmers want the real letters).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.unicode_words().map(str::to_lowercase)
}

/// A word without case and diacritics, with letters that do not decompose spelled the
/// way a reader without them types: `Försäkringskassan` → `forsakringskassan`,
/// `forløb` → `forlob`, `Straße` → `strasse`, `łódź` → `lodz`.
pub fn fold(word: &str) -> String {
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

/// The folded stem of a lower-cased word; the word itself folded when the language
/// has no stemmer.
pub fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer {
        Some(stemmer) => fold(&stemmer.stem(word)),
        None => fold(word),
    }
}

/// The shard a folded term lives in: its first two letters, spelled safely for a file
/// name (ASCII letters and digits as they are, anything else as `_` and its code point
/// in hex). `search.js` spells it the same way.
pub fn shard_of(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("_{:x}", u32::from(c)) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_unicode_boundaries_and_lower_case() {
        let found: Vec<String> = words("UWV's 42-week report: Försäkringskassan, jobafklaringsforløb.").collect();
        assert_eq!(found, ["uwv's", "42", "week", "report", "försäkringskassan", "jobafklaringsforløb"]);
    }

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

    #[test]
    fn each_country_language_has_a_stemmer_and_others_do_not() {
        for lang in ["nl", "en", "da", "de", "pl", "sv", "fi", "es", "fr"] {
            assert!(stemmer(lang).is_some(), "{lang} has no stemmer");
        }
        assert!(stemmer("eo").is_none());
        assert_eq!(stem(None, "doctors"), "doctors");
    }

    #[test]
    fn stems_join_the_forms_of_a_word_per_language() {
        let same = |lang: &str, a: &str, b: &str| {
            let s = stemmer(lang);
            assert_eq!(stem(s.as_ref(), a), stem(s.as_ref(), b), "{lang}: {a} / {b}");
        };
        same("en", "doctors", "doctor");
        same("nl", "werkgevers", "werkgever");
        same("da", "forløbet", "forløb");
        same("pl", "pracodawcy", "pracodawca");
        same("de", "ärzte", "ärzten");
        same("sv", "sjukpenningen", "sjukpenning");
    }

    #[test]
    fn shard_names_are_safe_file_names() {
        assert_eq!(shard_of("uwv"), "uw");
        assert_eq!(shard_of("a"), "a");
        assert_eq!(shard_of("βα"), "_3b2_3b1");
    }
}

//! Readability scores per language, from plain text. Each formula is the published one
//! (sources in docs/readability.md); counting sentences, words and syllables is ours and
//! is documented there too, with what it cannot see. Scores are reported, never used to
//! guess: a page is only compared with the limits an editor sets in `site.toml`.

use std::cmp::Ordering;

/// Which formula a language is scored with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Björnsson's läsbarhetsindex (1968): needs no syllables, so it serves Danish,
    /// Swedish, Norwegian and every language without a formula of its own.
    Lix,
    /// Douma's Dutch adaptation of Flesch (1960).
    FleschDouma,
    /// Flesch Reading Ease (1948), for English.
    FleschReadingEase,
}

impl Formula {
    pub fn name(self) -> &'static str {
        match self {
            Formula::Lix => "LIX",
            Formula::FleschDouma => "Flesch–Douma",
            Formula::FleschReadingEase => "Flesch Reading Ease",
        }
    }

    /// Whether a higher score means harder text.
    fn higher_is_harder(self) -> bool {
        self == Formula::Lix
    }

    fn value(self, counts: &Counts) -> f64 {
        let words = counts.words as f64;
        let sentences = counts.sentences.max(1) as f64;
        match self {
            Formula::Lix => lix(words, sentences, counts.long_words as f64),
            Formula::FleschDouma => flesch_douma(words, sentences, counts.syllables as f64),
            Formula::FleschReadingEase => flesch_reading_ease(words, sentences, counts.syllables as f64),
        }
    }
}

/// A band of difficulty, named as the formula's source names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    VeryEasy,
    Easy,
    FairlyEasy,
    Standard,
    FairlyDifficult,
    Difficult,
    VeryDifficult,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::VeryEasy => "very easy",
            Band::Easy => "easy",
            Band::FairlyEasy => "fairly easy",
            Band::Standard => "standard",
            Band::FairlyDifficult => "fairly difficult",
            Band::Difficult => "difficult",
            Band::VeryDifficult => "very difficult",
        }
    }

    /// LIX bands as used in Scandinavia: <25, 25–34, 35–44, 45–54, ≥55.
    fn of_lix(value: f64) -> Band {
        match value {
            v if v < 25.0 => Band::VeryEasy,
            v if v < 35.0 => Band::Easy,
            v if v < 45.0 => Band::Standard,
            v if v < 55.0 => Band::Difficult,
            _ => Band::VeryDifficult,
        }
    }

    /// Flesch's own table (1948), also used for Douma's scale.
    fn of_flesch(value: f64) -> Band {
        match value {
            v if v >= 90.0 => Band::VeryEasy,
            v if v >= 80.0 => Band::Easy,
            v if v >= 70.0 => Band::FairlyEasy,
            v if v >= 60.0 => Band::Standard,
            v if v >= 50.0 => Band::FairlyDifficult,
            v if v >= 30.0 => Band::Difficult,
            _ => Band::VeryDifficult,
        }
    }
}

/// A sentence and its own score, to show an editor where to start.
#[derive(Debug, Clone, PartialEq)]
pub struct HardSentence {
    pub text: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub formula: Formula,
    pub value: f64,
    pub band: Band,
    pub sentences: usize,
    pub words: usize,
    /// The three hardest sentences, hardest first.
    pub hardest: Vec<HardSentence>,
}

/// LIX = words / sentences + 100 × long words / words; long = more than six letters.
pub fn lix(words: f64, sentences: f64, long_words: f64) -> f64 {
    if words == 0.0 { 0.0 } else { words / sentences + 100.0 * long_words / words }
}

/// Flesch Reading Ease = 206.835 − 1.015 × words / sentences − 84.6 × syllables / words.
pub fn flesch_reading_ease(words: f64, sentences: f64, syllables: f64) -> f64 {
    if words == 0.0 { 0.0 } else { 206.835 - 1.015 * words / sentences - 84.6 * syllables / words }
}

/// Flesch–Douma = 206.84 − 0.77 × syllables per 100 words − 0.93 × words per sentence.
pub fn flesch_douma(words: f64, sentences: f64, syllables: f64) -> f64 {
    if words == 0.0 { 0.0 } else { 206.84 - 0.77 * (100.0 * syllables / words) - 0.93 * words / sentences }
}

pub fn formula_for(lang: &str) -> Formula {
    match lang.split('-').next().unwrap_or(lang) {
        "en" => Formula::FleschReadingEase,
        "nl" => Formula::FleschDouma,
        _ => Formula::Lix,
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    sentences: usize,
    words: usize,
    long_words: usize,
    syllables: usize,
}

impl Counts {
    fn of_sentence(sentence: &str, lang: &str) -> Counts {
        let mut counts = Counts { sentences: 1, ..Counts::default() };
        for word in words(sentence) {
            counts.words += 1;
            if word.chars().filter(|c| c.is_alphabetic()).count() > 6 {
                counts.long_words += 1;
            }
            counts.syllables += syllables(word, lang);
        }
        counts
    }

    fn add(&mut self, other: Counts) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.long_words += other.long_words;
        self.syllables += other.syllables;
    }
}

/// Scores `text` (plain text, blocks separated by blank lines) for `lang`; `None` when it
/// has no words.
pub fn score(text: &str, lang: &str) -> Option<Score> {
    let formula = formula_for(lang);
    let mut total = Counts::default();
    let mut scored: Vec<HardSentence> = Vec::new();
    for sentence in sentences(text) {
        let counts = Counts::of_sentence(sentence, lang);
        if counts.words == 0 {
            continue;
        }
        total.add(counts);
        scored.push(HardSentence { text: sentence.to_string(), value: formula.value(&counts) });
    }
    if total.words == 0 {
        return None;
    }
    let value = formula.value(&total);
    let harder = |a: &HardSentence, b: &HardSentence| {
        let order = a.value.partial_cmp(&b.value).unwrap_or(Ordering::Equal);
        if formula.higher_is_harder() { order.reverse() } else { order }
    };
    scored.sort_by(harder);
    scored.truncate(3);
    let band = if formula == Formula::Lix { Band::of_lix(value) } else { Band::of_flesch(value) };
    Some(Score { formula, value, band, sentences: total.sentences, words: total.words, hardest: scored })
}

/// Abbreviations whose full stop does not end a sentence, in the site's languages.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "no", "art", "nr", "dr", "mr", "mrs", "ca", "bijv", "bv", "o.a", "m.a.w", "d.w.z",
    "enz", "bl.a", "f.eks", "jf", "evt", "ggf", "z.b", "bzw", "np", "tj", "itd", "ok", "st",
];

/// Sentences: a blank line (paragraph, list item, heading, table cell) always ends one;
/// inside a block, `.`, `!`, `?`, `:` or `;` before a space ends one (Flesch and
/// Björnsson both count a colon as an end), unless a full stop follows a known
/// abbreviation. Numbers such as 1.5 or 70% have no space after the dot.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for block in text.split("\n\n") {
        let block = block.trim();
        if block.is_empty() {
            continue;
        }
        let mut start = 0;
        let bytes = block.as_bytes();
        for (i, c) in block.char_indices() {
            if !matches!(c, '.' | '!' | '?' | ':' | ';') {
                continue;
            }
            let next = i + c.len_utf8();
            let followed_by_space = bytes.get(next).is_some_and(u8::is_ascii_whitespace);
            if !followed_by_space {
                continue;
            }
            if c == '.' {
                let word = block[start..i].rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
                let word = word.trim_start_matches(|ch: char| !ch.is_alphanumeric());
                if ABBREVIATIONS.contains(&word) || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
                {
                    continue;
                }
            }
            let sentence = block[start..next].trim();
            if !sentence.is_empty() {
                found.push(sentence);
            }
            start = next;
        }
        let rest = block[start..].trim();
        if !rest.is_empty() {
            found.push(rest);
        }
    }
    found
}

/// Words: runs between spaces that hold a letter or digit, without surrounding
/// punctuation. A hyphenated compound is one word.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'á'
            | 'â'
            | 'ä'
            | 'è'
            | 'é'
            | 'ê'
            | 'ë'
            | 'ì'
            | 'í'
            | 'î'
            | 'ï'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'ú'
            | 'û'
            | 'ü'
            | 'æ'
            | 'ø'
            | 'å'
            | 'œ'
            | 'ą'
            | 'ę'
            | 'ÿ'
    )
}

/// Syllables, counted as groups of vowels: a diphthong or long vowel (`aa`, `ei`, `ui`,
/// `ou`, `ea`) is one group; `y` before a vowel is a consonant. A diaeresis starts a new
/// syllable (`ge-eerd`, `na-ief`). In
/// English a silent final `e` is not counted (`make`), except after a consonant + `l`
/// (`table`). Numbers have no syllables. Every word has at least one.
pub fn syllables(word: &str, lang: &str) -> usize {
    let lower: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    if lower.is_empty() {
        return 0;
    }
    let mut count = 0;
    let mut previous_vowel = false;
    for (i, &c) in lower.iter().enumerate() {
        // A `y` before a vowel is a consonant: "you", "employer".
        let vowel = is_vowel(c) && !(c == 'y' && lower.get(i + 1).is_some_and(|&n| is_vowel(n)));
        let diaeresis = matches!(c, 'ë' | 'ï' | 'ü' | 'ö') && lang == "nl";
        if vowel && (!previous_vowel || diaeresis) {
            count += 1;
        }
        previous_vowel = vowel;
    }
    if lang.starts_with("en") && lower.len() > 2 && lower.last() == Some(&'e') {
        let before = lower[lower.len() - 2];
        let consonant_l = before == 'l' && !is_vowel(lower[lower.len() - 3]);
        if !is_vowel(before) && !consonant_l && count > 1 {
            count -= 1;
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn flesch_reading_ease_is_flesch_1948() {
        // Flesch's formula on 100 words, 5 sentences and 130 syllables:
        // 206.835 − 1.015 × 20 − 84.6 × 1.3 = 76.555 ("fairly easy").
        assert!(close(flesch_reading_ease(100.0, 5.0, 130.0), 76.555));
        assert_eq!(Band::of_flesch(76.555), Band::FairlyEasy);
    }

    #[test]
    fn flesch_douma_is_douma_1960() {
        // 100 words, 10 sentences, 150 syllables: 206.84 − 0.77 × 150 − 0.93 × 10 = 82.04.
        assert!(close(flesch_douma(100.0, 10.0, 150.0), 82.04));
    }

    #[test]
    fn lix_is_bjornsson_1968() {
        // 100 words in 8 sentences with 30 long words: 12.5 + 30 = 42.5 ("standard").
        assert!(close(lix(100.0, 8.0, 30.0), 42.5));
        assert_eq!(Band::of_lix(42.5), Band::Standard);
        assert_eq!(Band::of_lix(55.0), Band::VeryDifficult);
        assert_eq!(Band::of_lix(24.9), Band::VeryEasy);
    }

    #[test]
    fn counts_a_small_text_by_hand() {
        // 2 sentences, 8 words, one long word ("employer").
        let score = score("Your employer pays you. You report sick today.", "da").unwrap();
        assert_eq!((score.sentences, score.words), (2, 8));
        // LIX = 8 / 2 + 100 × 1 / 8 (only "employer" has more than six letters).
        assert!(close(score.value, 4.0 + 12.5), "{}", score.value);
    }

    #[test]
    fn sentences_end_at_blank_lines_and_stops_but_not_at_abbreviations_or_numbers() {
        let text = "Call UWV, e.g. by phone. You get 70% of 1.5 times the wage!\n\nA list item\n\nWhat now? Wait: then act; done.";
        assert_eq!(
            sentences(text),
            [
                "Call UWV, e.g. by phone.",
                "You get 70% of 1.5 times the wage!",
                "A list item",
                "What now?",
                "Wait:",
                "then act;",
                "done."
            ]
        );
        assert_eq!(
            sentences("Neem bijv. contact op. Dan volgt art. 7 van de wet."),
            ["Neem bijv. contact op.", "Dan volgt art. 7 van de wet."]
        );
    }

    #[test]
    fn words_keep_diacritics_compounds_and_numbers() {
        let found: Vec<&str> = words("Forløb, førtidspension – re-integratie (70%) ł ß").collect();
        assert_eq!(found, ["Forløb", "førtidspension", "re-integratie", "70", "ł", "ß"]);
    }

    #[test]
    fn english_syllables_follow_vowel_groups_and_silent_e() {
        for (word, expected) in
            [("make", 1), ("table", 2), ("benefit", 3), ("employer", 3), ("you", 1), ("the", 1), ("sickness", 2)]
        {
            assert_eq!(syllables(word, "en"), expected, "{word}");
        }
    }

    #[test]
    fn dutch_syllables_treat_long_vowels_and_diphthongs_as_one() {
        for (word, expected) in [
            ("ziek", 1),
            ("uitkering", 3),
            ("werkgever", 3),
            ("geëerd", 2),
            ("naïef", 2),
            ("bedrijfsarts", 3),
            ("arbeidsongeschiktheid", 6),
        ] {
            assert_eq!(syllables(word, "nl"), expected, "{word}");
        }
        assert_eq!(syllables("70", "nl"), 0);
    }

    #[test]
    fn the_hardest_sentences_come_first() {
        let text = "Go home. The municipality reassesses entitlement continuously throughout rehabilitation. You rest.";
        let score = score(text, "en").unwrap();
        assert!(score.hardest[0].text.starts_with("The municipality"));
        assert_eq!(score.hardest.len(), 3);
        let lix = super::score(text, "da").unwrap();
        assert!(lix.hardest[0].text.starts_with("The municipality"));
    }

    #[test]
    fn each_language_gets_its_formula() {
        assert_eq!(formula_for("en"), Formula::FleschReadingEase);
        assert_eq!(formula_for("nl"), Formula::FleschDouma);
        for lang in ["da", "sv", "nb", "pl", "de", "fi"] {
            assert_eq!(formula_for(lang), Formula::Lix, "{lang}");
        }
    }

    #[test]
    fn text_without_words_has_no_score() {
        assert!(score("", "en").is_none());
        assert!(score("—\n\n…", "en").is_none());
    }
}

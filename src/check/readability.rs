//! How hard a page is to read, per language, for `signpost check`.
//!
//! Receives plain text already taken out of markdown (a paragraph, heading, list item or
//! table cell per line, blank lines between them or not) and the page's language; returns the score of the
//! published formula for that language, its band on that formula's own scale, and the
//! sentences that cost the page the most. The formulas are the published ones, digit for
//! digit; how sentences, words and syllables are counted is ours and is written down in
//! docs/readability.md, so an editor can redo any score by hand. No I/O and no limits:
//! what is too hard is the caller's decision (`[readability]` in site.toml).

use std::ops::{Add, Sub};

/// The formula a language is scored with; see [`formula_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Formula {
    /// Björnsson's läsbarhetsindex (1968). It needs no syllables, so it also serves every
    /// language that has no formula of its own here: a syllable counter per language
    /// would be guesswork, word length in letters is not.
    Lix,
    /// Douma's adaptation of Flesch's formula to Dutch (1960): Dutch words and sentences
    /// are longer than English ones, so both weigh less.
    FleschDouma,
    /// Flesch Reading Ease (1948), for English.
    FleschReadingEase,
}

impl Formula {
    /// The name an editor knows the formula by, as shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Formula::Lix => "LIX",
            Formula::FleschDouma => "Flesch–Douma",
            Formula::FleschReadingEase => "Flesch Reading Ease",
        }
    }

    /// LIX grows with difficulty; both Flesch scores shrink. A caller comparing a score
    /// with a limit needs to know which way round.
    pub fn higher_is_harder(self) -> bool {
        self == Formula::Lix
    }

    /// The band `value` falls in on this formula's published scale. A band runs from its
    /// lower bound up to, not including, the next one, so a LIX of 34.9 is still easy.
    pub fn band(self, value: f64) -> Band {
        match self {
            // The bands used in Denmark and Norway (Swedish tables start five points higher).
            Formula::Lix => match value {
                v if v < 25.0 => Band::VeryEasy,
                v if v < 35.0 => Band::Easy,
                v if v < 45.0 => Band::Medium,
                v if v < 55.0 => Band::Difficult,
                _ => Band::VeryDifficult,
            },
            // Flesch's table (1948).
            Formula::FleschReadingEase => match value {
                v if v >= 90.0 => Band::VeryEasy,
                v if v >= 80.0 => Band::Easy,
                v if v >= 70.0 => Band::FairlyEasy,
                v if v >= 60.0 => Band::Standard,
                v if v >= 50.0 => Band::FairlyDifficult,
                v if v >= 30.0 => Band::Difficult,
                _ => Band::VeryDifficult,
            },
            // Douma's own table: Flesch's, except that "fairly difficult" starts at 45.
            Formula::FleschDouma => match value {
                v if v >= 90.0 => Band::VeryEasy,
                v if v >= 80.0 => Band::Easy,
                v if v >= 70.0 => Band::FairlyEasy,
                v if v >= 60.0 => Band::Standard,
                v if v >= 45.0 => Band::FairlyDifficult,
                v if v >= 30.0 => Band::Difficult,
                _ => Band::VeryDifficult,
            },
        }
    }

    /// The score of text with these counts; `None` for text without words, where every
    /// formula divides by zero.
    fn value(self, counts: Counts) -> Option<f64> {
        if counts.words == 0 || counts.sentences == 0 {
            return None;
        }
        let words = counts.words as f64;
        let words_per_sentence = words / counts.sentences as f64;
        let syllables_per_word = counts.syllables as f64 / words;
        Some(match self {
            Formula::Lix => words_per_sentence + 100.0 * counts.long_words as f64 / words,
            Formula::FleschDouma => 206.84 - 77.0 * syllables_per_word - 0.93 * words_per_sentence,
            Formula::FleschReadingEase => 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
        })
    }

    /// How this formula's language splits words into syllables; LIX counts none.
    fn syllable_rules(self) -> Option<SyllableRules> {
        match self {
            Formula::Lix => None,
            Formula::FleschDouma => Some(SyllableRules::Dutch),
            Formula::FleschReadingEase => Some(SyllableRules::English),
        }
    }
}

/// Where a score falls on its formula's published scale. LIX has five bands (with
/// `Medium` in the middle), the Flesch scales seven (with `Standard` in the middle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    VeryEasy,
    Easy,
    FairlyEasy,
    Standard,
    Medium,
    FairlyDifficult,
    Difficult,
    VeryDifficult,
}

impl Band {
    /// The band's name as its scale names it, in English.
    pub fn name(self) -> &'static str {
        match self {
            Band::VeryEasy => "very easy",
            Band::Easy => "easy",
            Band::FairlyEasy => "fairly easy",
            Band::Standard => "standard",
            Band::Medium => "medium",
            Band::FairlyDifficult => "fairly difficult",
            Band::Difficult => "difficult",
            Band::VeryDifficult => "very difficult",
        }
    }
}

/// A page's readability, with what it was computed from so that it can be checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub formula: Formula,
    pub value: f64,
    pub band: Band,
    pub sentences: usize,
    pub words: usize,
    /// At most three sentences, the one that costs the page most first: where an editor
    /// gains most by rewriting. Sentences that make the page easier are left out.
    pub hardest: Vec<HardSentence>,
}

/// A sentence worth rewriting, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct HardSentence {
    pub text: String,
    pub words: usize,
    /// The formula applied to this sentence alone, for the editor. Not the ranking: on
    /// its own the one-word heading "Arbeidsongeschiktheid" scores −256 on Flesch–Douma,
    /// while in a page it weighs one word's worth.
    pub value: f64,
    /// How many points the page's score would gain without this sentence: the ranking,
    /// since it is what rewriting the sentence can win. Never negative: a sentence that
    /// makes the page easier is not listed.
    pub cost: f64,
}

/// The formula for a language code such as `nl` or `en-GB` (only the part before `-` or
/// `_` counts, in any case). Danish, Swedish and Norwegian (`da`, `sv`, `no`, `nb`, `nn`)
/// get LIX, which was made for them; Dutch gets Flesch–Douma, English Flesch Reading Ease,
/// and every other language LIX, since it needs no syllables.
pub fn formula_for(lang: &str) -> Formula {
    let primary = lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    match primary.as_str() {
        "en" => Formula::FleschReadingEase,
        "nl" => Formula::FleschDouma,
        "da" | "sv" | "no" | "nb" | "nn" => Formula::Lix,
        _ => Formula::Lix,
    }
}

/// Scores `text` with the formula for `lang`; `None` when the text has no sentence with a
/// word in it.
pub fn score(text: &str, lang: &str) -> Option<Score> {
    let formula = formula_for(lang);
    let measured: Vec<(&str, Counts)> = sentences(text)
        .into_iter()
        .map(|sentence| (sentence, Counts::of_sentence(sentence, formula)))
        .filter(|(_, counts)| counts.words > 0)
        .collect();
    let total = measured.iter().fold(Counts::default(), |sum, (_, counts)| sum + *counts);
    let value = formula.value(total)?;
    let mut hardest: Vec<HardSentence> = measured
        .iter()
        .filter_map(|&(text, counts)| {
            let cost = match formula.value(total - counts) {
                Some(without) if formula.higher_is_harder() => value - without,
                Some(without) => without - value,
                None => 0.0,
            };
            // Rounding may leave a sentence that changes nothing a hair below zero.
            (cost > -1e-9).then(|| HardSentence {
                text: text.to_string(),
                words: counts.words,
                value: formula.value(counts).unwrap_or(value),
                cost: cost.max(0.0),
            })
        })
        .collect();
    // Of sentences that cost the same, the harder on its own comes first, then the first
    // on the page (the sort is stable).
    let harder_alone = |a: &HardSentence, b: &HardSentence| {
        if formula.higher_is_harder() { b.value.total_cmp(&a.value) } else { a.value.total_cmp(&b.value) }
    };
    hardest.sort_by(|a, b| b.cost.total_cmp(&a.cost).then_with(|| harder_alone(a, b)));
    hardest.truncate(3);
    Some(Score { formula, value, band: formula.band(value), sentences: total.sentences, words: total.words, hardest })
}

/// What the formulas are computed from.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    sentences: usize,
    words: usize,
    /// Words of more than six letters, for LIX.
    long_words: usize,
    /// Zero for LIX, which does not use them.
    syllables: usize,
}

impl Counts {
    fn of_sentence(sentence: &str, formula: Formula) -> Counts {
        let mut counts = Counts { sentences: 1, ..Counts::default() };
        for word in words(sentence) {
            counts.words += 1;
            if word.chars().filter(|c| c.is_alphabetic()).count() > 6 {
                counts.long_words += 1;
            }
            if let Some(rules) = formula.syllable_rules() {
                counts.syllables += syllables(word, rules);
            }
        }
        counts
    }
}

impl Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            sentences: self.sentences + other.sentences,
            words: self.words + other.words,
            long_words: self.long_words + other.long_words,
            syllables: self.syllables + other.syllables,
        }
    }
}

impl Sub for Counts {
    type Output = Counts;

    fn sub(self, other: Counts) -> Counts {
        Counts {
            sentences: self.sentences.saturating_sub(other.sentences),
            words: self.words.saturating_sub(other.words),
            long_words: self.long_words.saturating_sub(other.long_words),
            syllables: self.syllables.saturating_sub(other.syllables),
        }
    }
}

/// Abbreviations whose full stop never ends a sentence, in lower case without the last
/// stop, per language (all are tried: pages quote other languages' abbreviations).
/// Abbreviations made of single letters (`e.g`, `d.w.z`, `z.B`) need no entry.
const ENGLISH_NEVER_ENDS: &[&str] =
    &["approx", "cf", "dept", "dr", "excl", "incl", "mr", "mrs", "ms", "prof", "st", "viz", "vs"];
const DUTCH_NEVER_ENDS: &[&str] = &["bijv", "bv", "ca", "dhr", "drs", "evt", "ing", "ir", "mevr", "resp", "vgl", "zgn"];
const NORDIC_NEVER_ENDS: &[&str] = &[
    "ang", "bl.a", "ekskl", "enl", "exkl", "f.eks", "fr.o.m", "hhv", "ift", "iht", "inkl", "jf", "jfr", "mht", "pga",
    "t.ex", "vedr",
];
const GERMAN_NEVER_ENDS: &[&str] = &["bspw", "bzw", "evtl", "ggf", "sog"];
const POLISH_NEVER_ENDS: &[&str] = &["im", "inż", "m.in", "mgr", "np", "por", "tj", "tzw", "ul", "wg", "zob"];

fn never_ends(word: &str) -> bool {
    [ENGLISH_NEVER_ENDS, DUTCH_NEVER_ENDS, NORDIC_NEVER_ENDS, GERMAN_NEVER_ENDS, POLISH_NEVER_ENDS]
        .iter()
        .any(|abbreviations| abbreviations.contains(&word))
}

/// Abbreviations that stand before a number (`art. 7`, `nr. 12`, `kr. 500`) but end a
/// sentence as often as not (`… 500 kr. Det …`, `… the answer is no. Call …`): their
/// stop ends a sentence unless a number follows.
const BEFORE_A_NUMBER: &[&str] = &[
    "abs", "art", "blz", "ch", "fig", "godz", "kr", "max", "min", "no", "nos", "nr", "ok", "par", "pkt", "pp", "stk",
    "tel", "tlf", "ust", "vol",
];

/// Sentences in reading order, trimmed. Every line ends a sentence: headings and list
/// items seldom end with a full stop, and a paragraph is one line in the text we get (so
/// text wrapped by hand must be joined first). Inside a line, `!`, `?`, `:`, `;` and a
/// stop or `…` end a sentence when a space or the end of the line follows (Flesch and
/// Björnsson both counted a colon as an end); see [`ends_at_stop`] for when a stop does
/// not.
fn sentences(text: &str) -> Vec<&str> {
    text.lines().map(without_list_marker).flat_map(sentences_in_line).collect()
}

/// A line without the bullet or number a list item may still carry (`- `, `• `, `3. `,
/// `3) `), so the number is not counted as a word of its own.
fn without_list_marker(line: &str) -> &str {
    let line = line.trim();
    for bullet in ["- ", "* ", "+ ", "• ", "– "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = line.get(digits..).unwrap_or_default();
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    line
}

fn sentences_in_line(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…' | ':' | ';') {
            continue;
        }
        // The whole run of marks ends together: `?!`, `...`, `.)`, `.”`.
        let mut end = at + c.len_utf8();
        let mut only_stops = matches!(c, '.' | '…');
        while let Some(&(next_at, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?' | '…' | ':' | ';') || is_closing(next) {
                only_stops &= matches!(next, '.' | '…') || is_closing(next);
                end = next_at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = line.get(end..).unwrap_or_default();
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue; // 1.5, e.g., uwv.nl, 10:30
        }
        let before = line.get(start..at).unwrap_or_default();
        if only_stops && !ends_at_stop(before, rest) {
            continue;
        }
        if let Some(sentence) = line.get(start..end).map(str::trim).filter(|s| !s.is_empty()) {
            found.push(sentence);
        }
        start = end;
    }
    if let Some(sentence) = line.get(start..).map(str::trim).filter(|s| !s.is_empty()) {
        found.push(sentence);
    }
    found
}

/// Whether a stop followed by a space ends the sentence, given the text before the stop
/// and after it. It does not when the next word starts in lower case (an abbreviation or
/// an ordinal: `ca. een`, `1. januar`), after a single letter or letters with stops
/// between them (`J.`, `e.g`, `d.w.z`, `z.B`), after a word [`never_ends`] knows, and after
/// a word in [`BEFORE_A_NUMBER`] when a number follows.
fn ends_at_stop(before: &str, after: &str) -> bool {
    let Some(next) = after.trim_start().chars().find(|c| !is_opening(*c)) else {
        return true;
    };
    if next.is_lowercase() {
        return false;
    }
    let word = before.split_whitespace().last().unwrap_or_default().trim_start_matches(is_opening).to_lowercase();
    let single_letters = !word.is_empty()
        && word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    let number_follows = next.is_ascii_digit() || next == '§';
    let abbreviation =
        single_letters || never_ends(&word) || (number_follows && BEFORE_A_NUMBER.contains(&word.as_str()));
    !abbreviation
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '"' | '\'' | '“' | '„' | '‘' | '«' | '»')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '«')
}

/// Words: what lies between spaces, slashes and dashes, without the punctuation around
/// it, if a letter or digit is left. A hyphenated compound (`re-integratie`), a
/// contraction (`don't`) and a number (`1.5`, `70%`) are each one word, as Flesch
/// counted them.
fn words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '–' | '—'))
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
}

/// Which language's spelling the syllable counter follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SyllableRules {
    English,
    Dutch,
}

/// The syllables of one word, at least one. A number (no letters at all) counts as one:
/// read aloud it has at least one, and spelling numbers out per language to count them
/// exactly is more than an average needs. Each part of a compound or contraction
/// (`re-integratie`, `UWV's`) is counted on its own, so a hyphen separates vowels.
fn syllables(word: &str, rules: SyllableRules) -> usize {
    let parts: Vec<&str> = word.split(|c: char| !c.is_alphabetic()).filter(|part| !part.is_empty()).collect();
    parts.iter().map(|part| syllables_in_part(part, rules)).sum::<usize>().max(1)
}

fn syllables_in_part(part: &str, rules: SyllableRules) -> usize {
    if is_read_as_letters(part) {
        // `UWV` is u-we-ve; in English `W` alone is double-u.
        return part.chars().map(|c| if rules == SyllableRules::English && c == 'W' { 3 } else { 1 }).sum();
    }
    let letters: Vec<char> = part.chars().flat_map(char::to_lowercase).collect();
    match rules {
        SyllableRules::English => english_syllables(&letters),
        SyllableRules::Dutch => dutch_syllables(&letters),
    }
}

/// Capitals that are spelled out letter by letter: three or fewer (`UWV`, `EU`, `AOW`),
/// or more without a vowel (`HPTL`). Longer ones with vowels are read as words (`NATO`).
fn is_read_as_letters(part: &str) -> bool {
    let count = part.chars().count();
    count >= 2 && part.chars().all(char::is_uppercase) && (count <= 3 || !part.chars().any(is_vowel))
}

fn is_vowel(c: char) -> bool {
    let lower = c.to_lowercase().next().unwrap_or(c);
    "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœąę".contains(lower)
}

/// A diaeresis says "new syllable here" (`naïve`, `geëerd`, `België`).
fn has_diaeresis(c: char) -> bool {
    matches!(c, 'ä' | 'ë' | 'ï' | 'ö' | 'ü' | 'ÿ')
}

/// The vowel without its accent, so `één` matches the nucleus `ee`.
fn plain_vowel(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Runs of vowel letters as `start..end` positions in `letters`. `y` before another
/// vowel is a consonant (`yes`, `beyond`, `player`), and a letter with a diaeresis
/// starts a run of its own.
fn vowel_runs(letters: &[char]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut open: Option<usize> = None;
    for (at, &c) in letters.iter().enumerate() {
        let before_vowel = letters.get(at + 1).is_some_and(|&n| is_vowel(n) && n != 'y');
        let vowel = is_vowel(c) && !(c == 'y' && before_vowel);
        match (vowel, open) {
            (true, Some(start)) if has_diaeresis(c) => {
                runs.push((start, at));
                open = Some(at);
            }
            (true, None) => open = Some(at),
            (false, Some(start)) => {
                runs.push((start, at));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        runs.push((start, letters.len()));
    }
    runs
}

/// English syllables: one per vowel run, then the common exceptions of English spelling,
/// each a rule an editor can check by hand (docs/readability.md lists them):
/// - a run of `i` + `a`/`o`/`u` is two syllables (`Aus-tra-li-an`, `pe-ri-od`,
///   `se-ri-ous`), except after `c`, `t`, `s`, `g`, `x` (`spe-cial`, `na-tion`,
///   `re-gion`) and `io` after `l`, `n` (`mil-lion`, `un-ion`);
/// - `u` + `a` is two (`ac-tu-al`, `Jan-u-ar-y`), except after `q`, `g` (`e-qual`);
/// - a final `-ea` is two (`i-de-a`), and so are `-ing` after a vowel (`be-ing`), `-ier`
///   (`eas-i-er`) and `-ient`/`-ience` after a consonant other than `c`, `t`, `s`
///   (`cli-ent`);
/// - a silent `e`: final `-e` (`make`), `-es` (`takes`, but not after `s`, `x`, `z`,
///   `c`, `g`, `ch`, `sh`: `us-es`), `-ed` (`used`, but not after `t`, `d`: `want-ed`),
///   except `-le`/`-re` and `-les`/`-led` after another consonant (`ta-ble`, `cen-tre`,
///   `han-dled`); before `-ment`, `-ly`, `-ful`, `-less`, `-ness` (`state-ment`); and in
///   `some-`, `there-`, `home-`, `care-`, `life-`, `time-`, `side-`, `wide-`, `more-`,
///   `whole-`, `house-` before a consonant (`some-times`, `there-fore`).
fn english_syllables(letters: &[char]) -> usize {
    let runs = vowel_runs(letters);
    let in_run = |at: usize| runs.iter().any(|&(start, end)| start <= at && at < end);
    let letter = |at: Option<usize>| at.and_then(|at| letters.get(at)).copied();
    let consonant = |at: Option<usize>| at.is_some_and(|at| at < letters.len() && !in_run(at));
    let len = letters.len();
    let from_end = |back: usize| len.checked_sub(back);
    let ends_with = |suffix: &str| {
        let suffix: Vec<char> = suffix.chars().collect();
        letters.ends_with(&suffix)
    };
    // `-le`, `-re` and their `-s`/`-d` forms keep their syllable after another consonant.
    let kept_after_consonant = |l_or_r: Option<usize>| {
        let before = l_or_r.and_then(|at| at.checked_sub(1));
        matches!(letter(l_or_r), Some('l' | 'r')) && consonant(before) && letter(before) != letter(l_or_r)
    };

    let mut count = runs.len();
    for &(start, end) in &runs {
        if end - start < 2 {
            continue;
        }
        let (Some(before), Some(first), Some(second)) =
            (letter(start.checked_sub(1)), letter(Some(start)), letter(Some(start + 1)))
        else {
            continue;
        };
        let two_syllables = match (first, second) {
            ('i', 'a' | 'u') => !matches!(before, 'c' | 't' | 's' | 'g' | 'x'),
            ('i', 'o') => !matches!(before, 'c' | 't' | 's' | 'g' | 'x' | 'l' | 'n'),
            ('u', 'a') => !matches!(before, 'q' | 'g'),
            _ => false,
        };
        if two_syllables {
            count += 1;
        }
    }
    if count > 1 && ends_with("ea") && consonant(from_end(3)) {
        count += 1;
    }
    if ends_with("ing") && from_end(3).is_some_and(|at| at > 0 && in_run(at - 1)) {
        count += 1;
    }
    if count > 1 && (ends_with("ier") || ends_with("iers")) {
        count += 1;
    }
    for ending in ["ient", "ients", "ience", "iences"] {
        let before = from_end(ending.len() + 1);
        if ends_with(ending) && consonant(before) && !matches!(letter(before), Some('c' | 't' | 's')) {
            count += 1;
        }
    }

    let silent = if ends_with("e") {
        consonant(from_end(2)) && !kept_after_consonant(from_end(2))
    } else if ends_with("es") {
        let before = from_end(3);
        let sibilant = matches!(letter(before), Some('s' | 'x' | 'z' | 'c' | 'g'))
            || (letter(before) == Some('h') && matches!(letter(from_end(4)), Some('c' | 's')));
        consonant(before) && !sibilant && !kept_after_consonant(before)
    } else if ends_with("ed") {
        let before = from_end(3);
        consonant(before) && !matches!(letter(before), Some('t' | 'd')) && !kept_after_consonant(before)
    } else {
        false
    };
    if silent && count > 1 {
        count -= 1;
    }

    const HEADS: &[&str] = &["some", "there", "home", "care", "life", "time", "side", "wide", "more", "whole", "house"];
    let silent_in_head = HEADS
        .iter()
        .map(|head| head.chars().collect::<Vec<char>>())
        .any(|head| letters.starts_with(&head) && len >= head.len() + 3 && consonant(Some(head.len())));
    let before_suffix = ["ment", "ments", "ly", "ful", "less", "ness"]
        .iter()
        .filter(|suffix| ends_with(suffix))
        .map(|suffix| from_end(suffix.len() + 1))
        .any(|e| {
            letter(e) == Some('e')
                && consonant(e.and_then(|e| e.checked_sub(1)))
                && !kept_after_consonant(e.and_then(|e| e.checked_sub(1)))
        });
    if (silent_in_head || before_suffix) && count > 1 {
        count -= 1;
    }
    count
}

/// The vowels and vowel groups of Dutch spelling that are one syllable, longest first
/// where they overlap. Any other run of vowels is split into single vowels
/// (`re-ac-tie`, `si-tu-a-tie`, `so-ci-aal`).
const DUTCH_NUCLEI: &[&str] = &[
    "aai", "ooi", "oei", "eeu", "ieu", "eau", "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ou", "au", "ai",
    "ay", "ey", "oy",
];

/// Dutch syllables: each vowel run is split, from the left, into the longest nuclei of
/// [`DUTCH_NUCLEI`]; a diaeresis always starts a new one. `ij` is one nucleus because `j`
/// is a consonant here. There is no silent `e` in Dutch.
fn dutch_syllables(letters: &[char]) -> usize {
    vowel_runs(letters)
        .into_iter()
        .map(|(start, end)| {
            let run: Vec<char> = letters.get(start..end).unwrap_or_default().iter().map(|&c| plain_vowel(c)).collect();
            let mut at = 0;
            let mut nuclei = 0;
            while at < run.len() {
                let is_nucleus = |len: usize| {
                    run.get(at..at + len)
                        .is_some_and(|group| DUTCH_NUCLEI.iter().any(|n| n.chars().eq(group.iter().copied())))
                };
                at += [3, 2].into_iter().find(|&len| is_nucleus(len)).unwrap_or(1);
                nuclei += 1;
            }
            nuclei
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded(value: f64, decimals: i32) -> f64 {
        let factor = 10f64.powi(decimals);
        (value * factor).round() / factor
    }

    fn counts(text: &str, formula: Formula) -> Counts {
        sentences(text).into_iter().map(|s| Counts::of_sentence(s, formula)).fold(Counts::default(), |a, b| a + b)
    }

    // Formulas on published examples.

    #[test]
    fn flesch_reading_ease_reproduces_the_platypus_sentence() {
        // The example most often cited for Flesch's formula (English Wikipedia,
        // "Flesch–Kincaid readability tests"): "The Australian platypus is seemingly a
        // hybrid of a mammal and reptilian creature." has 13 words and 26 syllables and
        // scores 24.4.
        let text = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.";
        assert_eq!(
            counts(text, Formula::FleschReadingEase),
            Counts { sentences: 1, words: 13, long_words: 5, syllables: 26 }
        );
        let score = score(text, "en").expect("a sentence");
        assert_eq!(rounded(score.value, 1), 24.4);
        assert_eq!(score.band, Band::VeryDifficult);
    }

    #[test]
    fn flesch_reading_ease_reproduces_the_cat_on_the_mat() {
        // Same source: "The cat sat on the mat." scores 116 (6 words, 6 syllables).
        let score = score("The cat sat on the mat.", "en").expect("a sentence");
        assert_eq!(rounded(score.value, 0), 116.0);
        assert_eq!(score.band, Band::VeryEasy);
    }

    #[test]
    fn lix_reproduces_the_swedish_wikipedia_example() {
        // Swedish Wikipedia, "Läsbarhetsindex": a text of 437 words in 21 sentences, 112
        // of them longer than six letters: 437/21 + 100 × 112/437 = 20.81 + 25.63 = 46.44.
        let published = Counts { sentences: 21, words: 437, long_words: 112, syllables: 0 };
        let value = Formula::Lix.value(published).expect("words");
        assert_eq!(rounded(value, 2), 46.44);
        assert_eq!(Formula::Lix.band(value), Band::Difficult);
    }

    #[test]
    fn flesch_douma_reproduces_the_worked_example_of_yoast_seo() {
        // Douma's 1960 report is not online; the formula is quoted in Dutch sources as
        // 206,84 − 0,77 × syllables per 100 words − 0,93 × words per sentence. The most
        // used independent implementation, Yoast SEO's Dutch readability check, publishes
        // this worked example in its test suite (yoastseo, spec/languageProcessing/
        // languages/nl/helpers/calculateFleschReadingScoreSpec.js): 10 sentences, 50 words
        // and 100 syllables score 48.2 (206.84 − 0.77 × 200 − 0.93 × 5 = 48.19).
        let counts = Counts { sentences: 10, words: 50, long_words: 0, syllables: 100 };
        let value = Formula::FleschDouma.value(counts).expect("words");
        assert_eq!(rounded(value, 1), 48.2);
        assert_eq!(Formula::FleschDouma.band(value), Band::FairlyDifficult);
    }

    #[test]
    fn counts_of_a_small_dutch_text_give_its_douma_score() {
        // "De werkgever betaalt het loon door." 6 words, 9 syllables (de 1, werk-ge-ver 3,
        // be-taalt 2, het 1, loon 1, door 1); "Bel de bedrijfsarts." 3 words, 5 syllables.
        // Long: werkgever, betaalt, bedrijfsarts. 9 words, 2 sentences, 14 syllables:
        // 206.84 − 77 × 14/9 − 0.93 × 9/2 = 206.84 − 119.78 − 4.19 = 82.9.
        let text = "De werkgever betaalt het loon door. Bel de bedrijfsarts.";
        assert_eq!(counts(text, Formula::FleschDouma), Counts { sentences: 2, words: 9, long_words: 3, syllables: 14 });
        let score = score(text, "nl").expect("sentences");
        assert_eq!(rounded(score.value, 1), 82.9);
        assert_eq!(score.band, Band::Easy);
    }

    #[test]
    fn counts_of_a_small_danish_text_give_its_lix() {
        // 2 sentences, 8 words, 2 of them long (arbejdsgiveren, sygemelding):
        // 8/2 + 100 × 2/8 = 4 + 25 = 29.
        let text = "Ring til arbejdsgiveren i dag. Send din sygemelding.";
        assert_eq!(counts(text, Formula::Lix), Counts { sentences: 2, words: 8, long_words: 2, syllables: 0 });
        let score = score(text, "da").expect("sentences");
        assert_eq!(rounded(score.value, 6), 29.0);
        assert_eq!(score.band, Band::Easy);
    }

    // Bands.

    #[test]
    fn lix_bands_change_at_25_35_45_and_55() {
        let band = |v| Formula::Lix.band(v);
        assert_eq!(
            [band(24.9), band(25.0), band(34.9), band(35.0)],
            [Band::VeryEasy, Band::Easy, Band::Easy, Band::Medium]
        );
        assert_eq!(
            [band(44.9), band(45.0), band(54.9), band(55.0)],
            [Band::Medium, Band::Difficult, Band::Difficult, Band::VeryDifficult]
        );
    }

    #[test]
    fn flesch_bands_change_at_each_of_fleschs_bounds() {
        let band = |v| Formula::FleschReadingEase.band(v);
        let bands = [120.0, 90.0, 89.9, 80.0, 70.0, 60.0, 59.9, 50.0, 49.9, 30.0, 29.9, -10.0].map(band);
        assert_eq!(
            bands,
            [
                Band::VeryEasy,
                Band::VeryEasy,
                Band::Easy,
                Band::Easy,
                Band::FairlyEasy,
                Band::Standard,
                Band::FairlyDifficult,
                Band::FairlyDifficult,
                Band::Difficult,
                Band::Difficult,
                Band::VeryDifficult,
                Band::VeryDifficult,
            ]
        );
    }

    #[test]
    fn douma_calls_45_to_60_fairly_difficult() {
        assert_eq!(Formula::FleschDouma.band(45.0), Band::FairlyDifficult);
        assert_eq!(Formula::FleschDouma.band(44.9), Band::Difficult);
        assert_eq!(Formula::FleschReadingEase.band(45.0), Band::Difficult);
        assert_eq!(Formula::FleschDouma.band(60.0), Band::Standard);
    }

    // Languages.

    #[test]
    fn each_language_gets_its_formula() {
        assert_eq!(formula_for("en"), Formula::FleschReadingEase);
        assert_eq!(formula_for("en-GB"), Formula::FleschReadingEase);
        assert_eq!(formula_for("NL"), Formula::FleschDouma);
        assert_eq!(formula_for("nl_BE"), Formula::FleschDouma);
        for lang in ["da", "sv", "no", "nb", "nn", "pl", "de", "fi", ""] {
            assert_eq!(formula_for(lang), Formula::Lix, "{lang}");
        }
    }

    // Sentences.

    #[test]
    fn stops_question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            sentences("Call us. Are you sick? Stay home! Then… rest."),
            ["Call us.", "Are you sick?", "Stay home!", "Then… rest."]
        );
        assert_eq!(
            sentences("He said “Go home.” Then (at last.) he left."),
            ["He said “Go home.”", "Then (at last.) he left."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(sentences("Call UWV, e.g. by phone. Then wait."), ["Call UWV, e.g. by phone.", "Then wait."]);
        assert_eq!(
            sentences("Neem bijv. contact op. Dan volgt art. 7 van de wet."),
            ["Neem bijv. contact op.", "Dan volgt art. 7 van de wet."]
        );
        assert_eq!(
            sentences("Du skal bl.a. ringe. Se f.eks. Borger.dk."),
            ["Du skal bl.a. ringe.", "Se f.eks. Borger.dk."]
        );
        assert_eq!(sentences("Siehe z.B. Art. 3. Danach gilt § 2."), ["Siehe z.B. Art. 3.", "Danach gilt § 2."]);
        assert_eq!(
            sentences("Dr. Jansen belt. Zie ook d.w.z. Morgen."),
            ["Dr. Jansen belt.", "Zie ook d.w.z. Morgen."]
        );
    }

    #[test]
    fn an_abbreviation_before_a_number_ends_a_sentence_when_no_number_follows() {
        assert_eq!(sentences("Det koster 500 kr. Du betaler."), ["Det koster 500 kr.", "Du betaler."]);
        assert_eq!(sentences("Se kr. 500 i alt."), ["Se kr. 500 i alt."]);
        assert_eq!(sentences("The answer is no. Call us."), ["The answer is no.", "Call us."]);
    }

    #[test]
    fn numbers_and_ordinals_do_not_end_sentences() {
        assert_eq!(
            sentences("You get 70% of 1.5 times the wage. Then 3.000 euro."),
            ["You get 70% of 1.5 times the wage.", "Then 3.000 euro."]
        );
        assert_eq!(sentences("Fra 1. januar 2025 gælder det. Ring."), ["Fra 1. januar 2025 gælder det.", "Ring."]);
        assert_eq!(sentences("See uwv.nl for more."), ["See uwv.nl for more."]);
    }

    #[test]
    fn every_line_ends_a_sentence_so_headings_and_list_items_count() {
        let text =
            "What to do\n\nYou need:\n- a letter from your doctor\n- your ID\n3. Send both\n\nWe reply within 2 weeks.";
        assert_eq!(
            sentences(text),
            [
                "What to do",
                "You need:",
                "a letter from your doctor",
                "your ID",
                "Send both",
                "We reply within 2 weeks."
            ]
        );
    }

    #[test]
    fn colons_and_semicolons_end_sentences_but_not_inside_times_or_article_numbers() {
        assert_eq!(sentences("Note: you must call; we will write."), ["Note:", "you must call;", "we will write."]);
        assert_eq!(sentences("Kom om 10:30 langs. Zie art. 7:629 BW."), ["Kom om 10:30 langs.", "Zie art. 7:629 BW."]);
    }

    // Words.

    #[test]
    fn words_keep_letters_with_diacritics_compounds_and_numbers() {
        let found: Vec<&str> =
            words("Forløb, førtidspension – re-integratie (70%) łódź Straße, élève, geëerd, don't 1.5").collect();
        assert_eq!(
            found,
            ["Forløb", "førtidspension", "re-integratie", "70", "łódź", "Straße", "élève", "geëerd", "don't", "1.5"]
        );
    }

    #[test]
    fn slashes_and_dashes_separate_words_but_punctuation_alone_is_none() {
        let found: Vec<&str> = words("ziekte/arbeidsongeschiktheid — … € 9–17").collect();
        assert_eq!(found, ["ziekte", "arbeidsongeschiktheid", "9", "17"]);
    }

    #[test]
    fn long_words_are_counted_in_letters_not_bytes_or_digits() {
        // `sygedagpenge` has 12 letters, `ærøskø` 6 (not long, though 9 bytes), 1234567 no letters.
        let counted = counts("Sygedagpenge ærøskø 1234567.", Formula::Lix);
        assert_eq!((counted.words, counted.long_words), (3, 1));
    }

    // Syllables.

    #[test]
    fn english_syllables_follow_vowel_groups_and_the_common_exceptions() {
        let words = [
            ("the", 1),
            ("you", 1),
            ("make", 1),
            ("table", 2),
            ("centre", 2),
            ("takes", 1),
            ("uses", 2),
            ("used", 1),
            ("called", 1),
            ("wanted", 2),
            ("handled", 2),
            ("benefit", 3),
            ("employer", 3),
            ("people", 2),
            ("being", 2),
            ("Australian", 4),
            ("creature", 2),
            ("period", 3),
            ("nation", 2),
            ("million", 2),
            ("actual", 3),
            ("equal", 2),
            ("idea", 3),
            ("easier", 3),
            ("client", 2),
            ("statement", 2),
            ("sometimes", 2),
            ("therefore", 2),
            ("naïve", 2),
        ];
        for (word, expected) in words {
            assert_eq!(syllables(word, SyllableRules::English), expected, "{word}");
        }
    }

    #[test]
    fn dutch_syllables_treat_long_vowels_and_diphthongs_as_one() {
        let words = [
            ("ziek", 1),
            ("nieuw", 1),
            ("uitkering", 3),
            ("werkgever", 3),
            ("bedrijfsarts", 3),
            ("arbeidsongeschiktheid", 6),
            ("eeuwen", 2),
            ("draaien", 2),
            ("niveau", 2),
            ("één", 1),
        ];
        for (word, expected) in words {
            assert_eq!(syllables(word, SyllableRules::Dutch), expected, "{word}");
        }
    }

    #[test]
    fn dutch_vowels_that_meet_without_forming_a_nucleus_are_separate_syllables() {
        let words = [
            ("situatie", 4),
            ("reactie", 3),
            ("financieel", 4),
            ("sociaal", 3),
            ("geëerd", 2),
            ("naïef", 2),
            ("België", 3),
            ("coördinatie", 5),
        ];
        for (word, expected) in words {
            assert_eq!(syllables(word, SyllableRules::Dutch), expected, "{word}");
        }
    }

    #[test]
    fn compounds_acronyms_and_numbers_have_the_syllables_they_are_read_with() {
        assert_eq!(syllables("re-integratie", SyllableRules::Dutch), 5);
        assert_eq!(syllables("UWV", SyllableRules::Dutch), 3);
        assert_eq!(syllables("UWV's", SyllableRules::Dutch), 3);
        assert_eq!(syllables("UWV", SyllableRules::English), 5);
        assert_eq!(syllables("NATO", SyllableRules::English), 2);
        assert_eq!(syllables("don't", SyllableRules::English), 1);
        assert_eq!(syllables("1.5", SyllableRules::English), 1);
        assert_eq!(syllables("70", SyllableRules::Dutch), 1);
    }

    // The hardest sentences.

    #[test]
    fn the_hardest_sentences_are_those_that_cost_the_page_most() {
        let text = "Go home.\n\nThe municipality reassesses your entitlement continuously throughout rehabilitation. \
                    You rest. Your employer, who remains responsible for reintegration, arranges occupational support. \
                    Call us.";
        let score = score(text, "en").expect("sentences");
        let hardest: Vec<&str> = score.hardest.iter().map(|h| h.text.as_str()).collect();
        // Short sentences of short words make this page easier, so only two are listed.
        assert_eq!(
            hardest,
            [
                "The municipality reassesses your entitlement continuously throughout rehabilitation.",
                "Your employer, who remains responsible for reintegration, arranges occupational support.",
            ]
        );
        let costs: Vec<f64> = score.hardest.iter().map(|h| h.cost).collect();
        assert!(costs.is_sorted_by(|a, b| a >= b) && costs.iter().all(|c| *c > 0.0), "{costs:?}");
        assert_eq!(score.hardest.iter().map(|h| h.words).collect::<Vec<_>>(), [8, 10]);
    }

    #[test]
    fn a_one_word_heading_weighs_by_its_share_of_the_page_not_its_own_score() {
        let text = "Arbeidsongeschiktheid\n\nIndien de werknemer ten gevolge van arbeidsongeschiktheid niet in staat is \
                    de overeengekomen werkzaamheden te verrichten, is de werkgever gehouden gedurende een tijdvak van ten \
                    hoogste honderdvier weken het loon gedeeltelijk door te betalen, onverminderd de verplichtingen \
                    inzake re-integratie.\n\nBel ons. Wij helpen u.";
        let score = score(text, "nl").expect("sentences");
        let first = score.hardest.first().expect("a hard sentence");
        assert!(first.text.starts_with("Indien de werknemer"), "{:?}", score.hardest);
        let heading = score.hardest.iter().find(|h| h.text == "Arbeidsongeschiktheid").expect("listed");
        assert!(heading.value < -200.0 && heading.cost < first.cost, "{heading:?}");
    }

    #[test]
    fn repeated_sentences_each_cost_nothing_and_are_still_listed() {
        let hard = "Indien de werknemer ten gevolge van arbeidsongeschiktheid verhinderd is, betaalt de werkgever.";
        let score = score(&format!("{hard} {hard} {hard} {hard}"), "nl").expect("sentences");
        assert_eq!(score.hardest.len(), 3);
        assert!(score.hardest.iter().all(|h| h.text == hard && h.cost == 0.0));
    }

    #[test]
    fn lix_ranks_long_sentences_with_long_words_hardest() {
        let text = "Ring til os. Arbejdsgiveren skal udbetale sygedagpenge under hele sygeperioden, medmindre kommunen \
                    overtager betalingen. Kom ind.";
        let score = score(text, "da").expect("sentences");
        assert_eq!(score.hardest.len(), 1, "{:?}", score.hardest);
        assert!(score.hardest.first().is_some_and(|h| h.text.starts_with("Arbejdsgiveren")));
        assert_eq!(score.band, Formula::Lix.band(score.value));
    }

    #[test]
    fn text_without_words_has_no_score() {
        assert_eq!(score("", "en"), None);
        assert_eq!(score("—\n\n…\n\n- \n", "nl"), None);
    }

    #[test]
    fn a_page_of_one_sentence_lists_it() {
        let score = score("Bel de werkgever", "nl").expect("one sentence");
        assert_eq!((score.sentences, score.words, score.hardest.len()), (1, 3, 1));
        assert_eq!(score.hardest.first().map(|h| h.cost), Some(0.0));
    }
}

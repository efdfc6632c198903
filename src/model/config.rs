//! `content/site.toml`: the languages, the base URL, the theme and the comparison facts.

use std::collections::BTreeMap;

use serde::Deserialize;

/// As written in `site.toml`. Unknown keys are refused so that a typo is caught.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub default_language: String,
    /// Links relative to each page, so the site works from `file://` and any sub-path.
    #[serde(default)]
    pub relative_urls: bool,
    /// Days after `reviewed` at which `signpost check` calls a page overdue.
    #[serde(default = "default_review_interval")]
    pub review_interval_days: u32,
    pub languages: BTreeMap<String, Language>,
    /// Country names per language, so a reader sees "Holandia" even where the country's
    /// overview has no Polish translation yet.
    #[serde(default)]
    pub countries: BTreeMap<String, CountryNames>,
    /// The readability each language's pages must reach in `signpost check`.
    #[serde(default)]
    pub readability: ReadabilityThresholds,
    /// In the order written: that is the order of rows in comparisons.
    #[serde(default)]
    pub comparison: indexmap::IndexMap<String, ComparisonFact>,
    #[serde(default)]
    pub limits: Limits,
    /// The licence the content is published under, named in `data/site.json`.
    pub licence: Option<Licence>,
    /// Where readers report a mistake: an http(s) or mailto address in which `{title}`,
    /// `{url}` and `{lang}` stand for the page's (`load` checks it). Without it, pages
    /// offer no such link.
    pub feedback: Option<String>,
}

/// A licence: its name (`CC BY 4.0`) and where its text is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: String,
    pub url: Option<String>,
}

/// Bounds on what the build reads, so that a stray data dump cannot eat its memory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The largest page file read, in bytes. Larger files are refused without being read.
    pub max_page_bytes: u64,
}

/// Far above any real page (the longest shipped page is a few kilobytes).
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 5 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self { max_page_bytes: DEFAULT_MAX_PAGE_BYTES }
    }
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_review_interval() -> u32 {
    365
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's name in itself: "Nederlands", "Dansk", "Polski".
    pub name: String,
    /// The site's title in this language.
    pub title: String,
    /// Languages to show, in order, when a page has no translation in this one. The
    /// default language is always tried last.
    #[serde(default)]
    pub fallback: Vec<String>,
    /// The direction the language is written in, where its code alone does not tell it
    /// (see [`Direction::of_language`]): `direction = "rtl"`.
    #[serde(default)]
    pub direction: Option<Direction>,
}

/// Which way a language's text runs: `dir` on the `<html>` of its pages and on every text
/// of it inside a page in another language, so neither is laid out the other's way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// Languages whose usual script runs right to left (Arabic, Hebrew, Thaana, Syriac, N'Ko,
/// Adlam, Hanifi Rohingya), as CLDR's likely scripts for them say. A language written in
/// several scripts (Kurdish, Punjabi, Azerbaijani) is left to its script subtag.
const RIGHT_TO_LEFT_LANGUAGES: [&str; 25] = [
    "ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ks", "lrc", "mzn", "nqo", "pnb", "ps",
    "rhg", "sd", "sdh", "skr", "syr", "ug", "ur", "yi",
];

/// Scripts written right to left, for codes with a script subtag (`ku-Arab`, `pa-Arab`).
const RIGHT_TO_LEFT_SCRIPTS: [&str; 10] =
    ["arab", "adlm", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"];

impl Direction {
    /// The direction of a language code: its script subtag's when it has one (`ku-Arab`,
    /// `sr-Latn`), else its language's usual script's.
    pub fn of_language(code: &str) -> Direction {
        let mut parts = code.split(['-', '_']);
        let language = parts.next().unwrap_or(code).to_ascii_lowercase();
        if let Some(script) = parts.find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic())) {
            let script = script.to_ascii_lowercase();
            return if RIGHT_TO_LEFT_SCRIPTS.contains(&script.as_str()) { Direction::Rtl } else { Direction::Ltr };
        }
        if RIGHT_TO_LEFT_LANGUAGES.contains(&language.as_str()) { Direction::Rtl } else { Direction::Ltr }
    }

    /// `ltr` or `rtl`, as HTML's `dir` attribute takes it.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryNames {
    pub name: BTreeMap<String, String>,
    /// Other words readers use for the country, in any language ("Dutch", "Holland",
    /// "duński"): search treats them like the country's name.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Limits for `signpost check`, per formula (see docs/readability.md). A page over its
/// limit is a warning. The defaults aim at plain language (B1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReadabilityThresholds {
    /// Highest LIX allowed (Danish, Swedish, Norwegian, and languages without a formula).
    pub lix_max: f64,
    /// Lowest Flesch–Douma score allowed (Dutch).
    pub flesch_douma_min: f64,
    /// Lowest Flesch Reading Ease allowed (English).
    pub flesch_reading_ease_min: f64,
    /// Pages with fewer words are not scored: a formula says little about a few lines.
    pub min_words: usize,
}

impl Default for ReadabilityThresholds {
    fn default() -> Self {
        Self { lix_max: 45.0, flesch_douma_min: 50.0, flesch_reading_ease_min: 50.0, min_words: 60 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ComparisonKind {
    /// yes / no / unknown
    Tri,
    Number,
    Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonFact {
    pub kind: ComparisonKind,
    /// The row label per language.
    pub label: BTreeMap<String, String>,
}

impl SiteConfig {
    /// Language codes in display order: the default first, then alphabetical.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = vec![self.default_language.as_str()];
        codes.extend(self.languages.keys().map(String::as_str).filter(|c| *c != self.default_language));
        codes
    }

    /// Which languages to try, in order, for a reader of `lang`: the language itself, its
    /// fallbacks, then the default language; each once.
    pub fn fallback_chain<'a>(&'a self, lang: &'a str) -> Vec<&'a str> {
        let mut chain: Vec<&str> = vec![lang];
        if let Some(language) = self.languages.get(lang) {
            chain.extend(language.fallback.iter().map(String::as_str));
        }
        chain.push(&self.default_language);
        let mut seen = std::collections::BTreeSet::new();
        chain.retain(|c| seen.insert(*c));
        chain
    }

    /// The direction of `lang`: as `[languages.<lang>]` sets it, else as its code says.
    /// Also for languages the site does not declare (a country's official language).
    pub fn direction(&self, lang: &str) -> Direction {
        self.languages.get(lang).and_then(|l| l.direction).unwrap_or_else(|| Direction::of_language(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        toml::from_str(
            r#"
            base_url = "https://example.org"
            default_language = "en"
            [languages.en]
            name = "English"
            title = "Signpost"
            [languages.pl]
            name = "Polski"
            title = "Drogowskaz"
            fallback = ["nl", "en"]
            [languages.nl]
            name = "Nederlands"
            title = "Wegwijzer"
            "#,
        )
        .expect("valid config")
    }

    #[test]
    fn fallback_chain_ends_in_default_and_repeats_nothing() {
        assert_eq!(config().fallback_chain("pl"), ["pl", "nl", "en"]);
        assert_eq!(config().fallback_chain("en"), ["en"]);
    }

    #[test]
    fn default_language_comes_first() {
        assert_eq!(config().language_codes(), ["en", "nl", "pl"]);
    }

    #[test]
    fn the_page_size_limit_defaults_to_five_megabytes_and_can_be_raised() {
        assert_eq!(config().limits.max_page_bytes, 5 * 1024 * 1024);
        let raised: SiteConfig = toml::from_str(
            "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\ntitle = \"S\"\n[limits]\nmax_page_bytes = 20_000_000\n",
        )
        .expect("valid config");
        assert_eq!(raised.limits.max_page_bytes, 20_000_000);
    }

    #[test]
    fn a_language_runs_right_to_left_by_its_code_or_its_script() {
        for code in ["ar", "he", "fa", "ur", "yi", "ckb", "ku-Arab", "pa-Arab", "ar-EG", "AR"] {
            assert_eq!(Direction::of_language(code), Direction::Rtl, "{code}");
        }
        for code in ["en", "nl", "pl", "da", "ku", "pa", "sr-Latn", "az-Latn", "tr", "x"] {
            assert_eq!(Direction::of_language(code), Direction::Ltr, "{code}");
        }
    }

    #[test]
    fn site_toml_sets_a_direction_the_code_does_not_tell() {
        let config: SiteConfig = toml::from_str(
            "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\ntitle = \"S\"\n[languages.xqa]\nname = \"X\"\ntitle = \"X\"\ndirection = \"rtl\"\n[languages.ar]\nname = \"العربية\"\ntitle = \"دليل\"\n",
        )
        .expect("valid config");
        assert_eq!(config.direction("xqa"), Direction::Rtl);
        assert_eq!(config.direction("ar"), Direction::Rtl);
        assert_eq!(config.direction("en"), Direction::Ltr);
        assert_eq!(config.direction("nl"), Direction::Ltr, "a language the site does not declare");
        let wrong = toml::from_str::<SiteConfig>(
            "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.en]\nname = \"E\"\ntitle = \"S\"\ndirection = \"right\"\n",
        );
        assert!(wrong.is_err_and(|e| e.to_string().contains("ltr")));
    }
}

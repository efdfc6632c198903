//! The example site `init` writes: its facts (`starter/facts.toml`) and its words per
//! language (`starter/<lang>.toml`), built into the binary. A language without words of
//! its own gets the English ones, each marked as a placeholder to translate, so any
//! language code makes a site that builds.

use super::{body_to_translate, placeholder};

const FACTS: &str = include_str!("starter/facts.toml");

/// The languages with words of their own, English first (the words every other
/// language starts from).
const WORDS: &[(&str, &str)] = &[
    ("en", include_str!("starter/en.toml")),
    ("da", include_str!("starter/da.toml")),
    ("de", include_str!("starter/de.toml")),
    ("es", include_str!("starter/es.toml")),
    ("fi", include_str!("starter/fi.toml")),
    ("fr", include_str!("starter/fr.toml")),
    ("nl", include_str!("starter/nl.toml")),
    ("pl", include_str!("starter/pl.toml")),
    ("sv", include_str!("starter/sv.toml")),
];

/// The example country's code: a code ISO 3166 leaves to users, which no real country
/// will ever get.
pub const COUNTRY: &str = "xx";

/// The example's pages: the table of each in the starter files and its path below
/// `content/`, without language.
pub const PAGES: &[(&str, &str)] = &[
    ("home", "_index"),
    ("country_page", "xx/_index"),
    ("organisation", "xx/organisations/benefits-office"),
    ("role", "xx/roles/caseworker"),
    ("concept", "glossary/caseworker"),
    ("procedure", "xx/procedures/apply-for-benefit"),
    ("letter", "xx/letters/benefit-decision"),
];

/// The example site's words in one language.
pub struct Words {
    table: toml::Table,
    /// Whether they are in that language; else they are the English words, marked to
    /// translate.
    pub own: bool,
}

fn parse(text: &str) -> toml::Table {
    toml::from_str(text).expect("the starter files built into Signpost are valid TOML (a test reads each)")
}

/// The codes of the languages with words of their own.
pub fn languages() -> impl Iterator<Item = &'static str> {
    WORDS.iter().map(|(code, _)| *code)
}

impl Words {
    pub fn of(lang: &str) -> Words {
        match WORDS.iter().find(|(code, _)| *code == lang) {
            Some((_, text)) => Words { table: parse(text), own: true },
            None => {
                let mut table = parse(WORDS[0].1);
                mark(&mut table, lang);
                Words { table, own: false }
            }
        }
    }

    /// A text outside the pages: `language`, `site_title`, `country`.
    pub fn text(&self, key: &str) -> &str {
        self.table.get(key).and_then(toml::Value::as_str).unwrap_or_default()
    }

    /// The front matter values and the body of page `name` (a table of [`PAGES`]): the
    /// facts, this language's words merged in by key (steps by their id), the example
    /// source and the review date.
    pub fn page(&self, name: &str, today: jiff::civil::Date) -> (toml::Table, String) {
        let mut values = match parse(FACTS).remove(name) {
            Some(toml::Value::Table(facts)) => facts,
            _ => toml::Table::new(),
        };
        if let Some(toml::Value::Table(words)) = self.table.get(name) {
            merge(&mut values, words);
        }
        let body = match values.remove("body") {
            Some(toml::Value::String(body)) => body,
            _ => String::new(),
        };
        if let Some(source) = self.table.get("source") {
            values.insert("sources".into(), toml::Value::Array(vec![source.clone()]));
        }
        values.insert("reviewed".into(), toml::Value::Datetime(date(today)));
        (values, body)
    }
}

/// A calendar day as a TOML date.
pub fn date(day: jiff::civil::Date) -> toml::value::Datetime {
    let date = toml::value::Date {
        year: u16::try_from(day.year()).unwrap_or(0),
        month: u8::try_from(day.month()).unwrap_or(1),
        day: u8::try_from(day.day()).unwrap_or(1),
    };
    toml::value::Datetime { date: Some(date), time: None, offset: None }
}

/// Merges `words` into `facts`: tables key by key; a table of texts by step id into an
/// array of steps with ids.
fn merge(facts: &mut toml::Table, words: &toml::Table) {
    for (key, value) in words {
        match (facts.get_mut(key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(more)) => merge(inner, more),
            (Some(toml::Value::Array(steps)), toml::Value::Table(by_id)) => {
                for step in steps.iter_mut().filter_map(toml::Value::as_table_mut) {
                    let texts = step.get("id").and_then(toml::Value::as_str).and_then(|id| by_id.get(id));
                    if let Some(toml::Value::Table(texts)) = texts {
                        merge(step, &texts.clone());
                    }
                }
            }
            _ => {
                facts.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Marks every text of the English words as a placeholder to translate into `lang`.
fn mark(table: &mut toml::Table, lang: &str) {
    for (key, value) in table.iter_mut() {
        match value {
            toml::Value::String(text) if key == "body" => *text = body_to_translate(text, &format!("`{lang}`")),
            toml::Value::String(text) => *text = placeholder(text),
            toml::Value::Array(items) => {
                for item in items.iter_mut() {
                    if let toml::Value::String(text) = item {
                        *text = placeholder(text);
                    }
                }
            }
            toml::Value::Table(inner) => mark(inner, lang),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::PLACEHOLDER;

    /// The keys of a table, nested ones as `a.b`.
    fn shape(table: &toml::Table, prefix: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for (key, value) in table {
            let path = format!("{prefix}{key}");
            if let toml::Value::Table(inner) = value {
                keys.extend(shape(inner, &format!("{path}.")));
            } else {
                keys.push(path);
            }
        }
        keys.sort();
        keys
    }

    fn bodies(table: &toml::Table) -> Vec<(String, &str)> {
        PAGES
            .iter()
            .filter_map(|(name, _)| {
                let body = table.get(*name)?.get("body")?.as_str()?;
                Some((name.to_string(), body))
            })
            .collect()
    }

    #[test]
    fn every_language_has_the_words_english_has_and_the_same_heading_ids() {
        let english = parse(WORDS[0].1);
        for (code, text) in WORDS {
            let words = parse(text);
            assert_eq!(shape(&words, ""), shape(&english, ""), "{code}.toml has other keys than en.toml");
            for ((page, body), (_, english_body)) in bodies(&words).into_iter().zip(bodies(&english)) {
                let ids = |body: &str| -> Vec<String> {
                    crate::markdown::outline(body).headings.into_iter().map(|h| h.id).collect()
                };
                assert_eq!(ids(body), ids(english_body), "{code}: the headings of {page}");
                let links = |body: &str| -> Vec<String> {
                    crate::markdown::outline(body).internal_links.into_iter().map(|l| l.destination).collect()
                };
                assert_eq!(links(body), links(english_body), "{code}: the links of {page}");
            }
        }
    }

    /// From 60 words on, `check` scores readability, which a formula can fail on a
    /// short example; below it, the example passes `check --strict` in every language.
    #[test]
    fn every_body_is_too_short_to_be_scored_and_holds_no_placeholder() {
        for (code, text) in WORDS {
            assert!(!text.contains(PLACEHOLDER), "{code}.toml holds a placeholder");
            for (page, body) in bodies(&parse(text)) {
                let words = crate::markdown::plain_text(body).split_whitespace().count();
                assert!(words < 60, "{code}: the body of {page} has {words} words");
            }
        }
    }

    #[test]
    fn a_language_without_words_gets_the_english_ones_marked() {
        let words = Words::of("it");
        assert!(!words.own);
        assert_eq!(words.text("site_title"), "TODO: Example guide");
        let (values, body) = words.page("procedure", jiff::civil::date(2026, 1, 2));
        assert!(body.starts_with(PLACEHOLDER));
        let steps = values.get("steps").and_then(toml::Value::as_array).expect("steps");
        assert_eq!(steps[0].get("title").and_then(toml::Value::as_str), Some("TODO: You apply for the benefit"));
        assert_eq!(steps[0].get("week").and_then(toml::Value::as_integer), Some(0), "facts are not marked");
    }

    #[test]
    fn a_page_merges_the_words_into_the_facts_by_step_id() {
        let (values, body) = Words::of("nl").page("letter", jiff::civil::date(2026, 1, 2));
        assert!(body.contains("{#disagree}"));
        let objection = values.get("objection").and_then(toml::Value::as_table).expect("objection");
        assert_eq!(objection.get("name").and_then(toml::Value::as_str), Some("bezwaar"));
        assert_eq!(objection.get("within_weeks").and_then(toml::Value::as_integer), Some(6));
        assert_eq!(values.get("reviewed").map(ToString::to_string).as_deref(), Some("2026-01-02"));
    }
}

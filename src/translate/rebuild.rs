//! A translation file made from its units: the front matter's text keys set (facts
//! never), the body's blocks written in. An existing translation keeps its formatting
//! wherever a unit did not change; a body whose blocks do not line up with the
//! original's is written in the original's blocks. Each unit's markdown is checked in
//! place: when it would change the page's structure (a translator's `*`, `[`, `<`, a
//! `#` at the start of a line) its text is escaped as an editor would write it by hand,
//! and when even that does not keep the structure, the unit is refused.

use std::collections::BTreeMap;
use std::ops::Range;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};
use toml_writer::ToTomlValue;

use super::body::{self, Block};
use super::tagged::Tagged;
use super::units::{Existing, PageFile, Place, SourceUnit, terms_of};

/// Why a unit cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the text would change the page's structure (a new block or heading id), even with its markup escaped")]
    ChangesStructure,
    #[error("the front matter written from the units does not read back as the units")]
    FrontMatter,
}

/// The new text of the translation file, or the keys of the units that cannot be
/// written and why.
pub fn rebuild(
    original: &PageFile,
    units: &[SourceUnit],
    translations: &BTreeMap<String, Tagged>,
    existing: Option<(&PageFile, &Existing)>,
    fingerprint: &str,
) -> Result<String, Vec<(String, Refusal)>> {
    let body = body_of(original, units, translations, existing)?;
    let front = front_matter_of(original, units, translations, existing.map(|(file, _)| file))
        .ok_or_else(|| vec![(units.first().map(|u| u.key.clone()).unwrap_or_default(), Refusal::FrontMatter)])?;
    let text = match existing {
        Some((file, _)) => {
            let split = crate::load::split(&file.file.text).map_err(|_| Vec::new())?;
            let text = &file.file.text;
            format!(
                "{}{front}{}{body}",
                &text[..split.front_matter.start],
                &text[split.front_matter.end..split.body.start]
            )
        }
        None => format!("+++\n{front}+++\n{body}"),
    };
    crate::load::with_translated_from(&text, fingerprint).ok_or_else(Vec::new)
}

/// The body: the existing translation with its changed blocks replaced when every
/// block of the original has its counterpart there, else the original's body with
/// every block translated.
fn body_of(
    original: &PageFile,
    units: &[SourceUnit],
    translations: &BTreeMap<String, Tagged>,
    existing: Option<(&PageFile, &Existing)>,
) -> Result<String, Vec<(String, Refusal)>> {
    let blocks: Vec<(&SourceUnit, &Block)> = units
        .iter()
        .filter_map(|u| match &u.place {
            Place::Block(block) => Some((u, block)),
            _ => None,
        })
        .collect();
    let in_place =
        existing.filter(|(_, e)| blocks.iter().all(|(u, _)| e.found.get(&u.key).is_some_and(|f| f.content.is_some())));
    let mut refused = Vec::new();
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    for (unit, block) in &blocks {
        let Some(new) = translations.get(&unit.key) else { continue };
        let found = in_place.and_then(|(_, existing)| existing.found.get(&unit.key));
        if found.is_some_and(|found| found.text.as_ref() == Some(new)) {
            continue;
        }
        let Some(markdown) = checked_markdown(original.body(), block, &unit.codes, new) else {
            refused.push((unit.key.clone(), Refusal::ChangesStructure));
            continue;
        };
        match found {
            // The same markdown, continued with the translation's own indentation.
            Some(found) => replacements.extend(
                found
                    .content
                    .clone()
                    .map(|range| (range, markdown_with_prefix(&markdown, &block.prefix, &found.prefix))),
            ),
            None => replacements.push((block.content.clone(), markdown)),
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut text = match in_place {
        Some((file, _)) => file.body().to_string(),
        None => original.body().to_string(),
    };
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, markdown) in replacements {
        if text.get(range.clone()).is_some() {
            text.replace_range(range, &markdown);
        }
    }
    Ok(text)
}

fn markdown_with_prefix(markdown: &str, from: &str, to: &str) -> String {
    if from == to { markdown.to_string() } else { markdown.replace(&format!("\n{from}"), &format!("\n{to}")) }
}

/// The markdown of `new` for `block`, as written or, if that would change the body's
/// structure, escaped; `None` when neither keeps it. Checked in the original's body,
/// where the block sits among the same neighbours as in every translation.
fn checked_markdown(body_text: &str, block: &Block, codes: &[super::tagged::Code], new: &Tagged) -> Option<String> {
    let reference = body::blocks(body_text);
    [new.clone(), new.escaped()].into_iter().find_map(|candidate| {
        let markdown = candidate.to_markdown(codes, &block.prefix);
        let mut trial = body_text.to_string();
        trial.replace_range(block.content.clone(), &markdown);
        let found = body::blocks(&trial);
        let same_shape =
            found.len() == reference.len() && found.iter().zip(&reference).all(|((_, b1), (_, b2))| b1.same_shape(b2));
        let (_, written) = found.iter().find(|(_, b)| b.content.start == block.content.start)?;
        let read_back = body::renumbered(codes, &written.text, &written.codes)?;
        (same_shape && read_back.to_markdown(codes, &block.prefix) == markdown).then_some(markdown)
    })
}

/// The front matter's TOML with every text unit set: the existing file's, changed only
/// where a value changed, or a new one with the text keys alone.
fn front_matter_of(
    original: &PageFile,
    units: &[SourceUnit],
    translations: &BTreeMap<String, Tagged>,
    existing: Option<&PageFile>,
) -> Option<String> {
    let written = existing.map(PageFile::front_matter_text).unwrap_or("");
    let mut document: DocumentMut = written.parse().ok()?;
    let mut changed = existing.is_none();
    if existing.is_none_or(|e| e.front_matter.steps.is_none())
        && let Some(steps) = &original.front_matter.steps
        && units.iter().any(|u| u.key.starts_with("steps."))
    {
        let mut tables = ArrayOfTables::new();
        for step in steps.get_ref() {
            let mut table = Table::new();
            table.insert("id", Item::Value(string_value(step.id.get_ref())?));
            tables.push(table);
        }
        document.insert("steps", Item::ArrayOfTables(tables));
        changed = true;
    }
    for unit in units {
        let Some(new) = translations.get(&unit.key) else { continue };
        let text = new.to_markdown(&unit.codes, "");
        changed |= match unit.place {
            Place::Terms => set_terms(&mut document, &text, existing)?,
            Place::Field => set_text(&mut document, &unit.key, &text)?,
            Place::Block(_) => false,
        };
    }
    if !changed {
        return Some(written.to_string());
    }
    let toml = document.to_string();
    // What was written must read back as the units, with the file's facts untouched.
    let check = PageFile::parse(std::path::PathBuf::new(), format!("+++\n{toml}+++\n"))?;
    let facts_kept = existing.is_none_or(|e| {
        crate::model::keys::contradictions(&e.front_matter, &check.front_matter).is_empty()
            && crate::model::keys::contradictions(&check.front_matter, &e.front_matter).is_empty()
    });
    let values: BTreeMap<String, String> = crate::model::keys::text_units(&check.front_matter)
        .into_iter()
        .filter_map(|u| Some((u.key, u.text?.to_string())))
        .collect();
    let texts_kept = units
        .iter()
        .filter(|u| matches!(u.place, Place::Field))
        .all(|u| translations.get(&u.key).is_none_or(|t| values.get(&u.key) == Some(&t.to_markdown(&u.codes, ""))));
    (facts_kept && texts_kept).then_some(toml)
}

/// A TOML string on one line, whatever it holds: a value spread over lines could hold
/// a `+++` line and end the front matter.
fn string_value(text: &str) -> Option<toml_edit::Value> {
    toml_writer::TomlStringBuilder::new(text).as_basic().to_toml_value().parse().ok()
}

/// Sets the text key `key` (`title`, `steps.melding.title`, `objection.how`); whether it
/// changed.
fn set_text(document: &mut DocumentMut, key: &str, text: &str) -> Option<bool> {
    let (table, field): (&mut Table, &str) = match key.split_once('.') {
        None => (document.as_table_mut(), key),
        Some(("steps", rest)) => {
            let (id, field) = rest.rsplit_once('.')?;
            let steps = document.get_mut("steps")?.as_array_of_tables_mut()?;
            let step = steps.iter_mut().find(|t| t.get("id").and_then(|i| i.as_str()) == Some(id))?;
            (step, field)
        }
        Some((name, field)) => {
            let item = document.as_table_mut().entry(name).or_insert_with(toml_edit::table);
            (item.as_table_mut()?, field)
        }
    };
    if table.get(field).and_then(|v| v.as_str()) == Some(text) {
        return Some(false);
    }
    let mut value = string_value(text)?;
    if let Some(old) = table.get(field).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(field, Item::Value(value));
    Some(true)
}

/// Sets `terms`, one search word per line of `text`; whether they changed.
fn set_terms(document: &mut DocumentMut, text: &str, existing: Option<&PageFile>) -> Option<bool> {
    let words: Vec<&str> = text.lines().map(str::trim).filter(|w| !w.is_empty()).collect();
    let now = existing.and_then(|e| terms_of(&e.front_matter)).unwrap_or_default();
    if now.lines().collect::<Vec<_>>() == words {
        return Some(false);
    }
    let mut array = toml_edit::Array::new();
    for word in words {
        array.push(string_value(word)?);
    }
    document.insert("terms", Item::Value(toml_edit::Value::Array(array)));
    Some(true)
}

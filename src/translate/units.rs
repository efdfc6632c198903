//! The translation units of a page: one per text key of its front matter (the key
//! registry says which keys are text) and one per block of its body. Each has the
//! original's text with codes, and, for a language, the translation so far: taken from
//! the translation file where it follows the current original, marked fuzzy with the
//! earlier source text where the original changed since `translated_from`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::body::{self, Block};
use super::tagged::{Code, Tagged};
use crate::model::keys::{self, Counted, PAGE_KEYS, Value};
use crate::model::{FrontMatter, LoadedFile, Translation};
use crate::source::SourceFile;

/// One file of a page, whatever it was read from (the site, or the git history).
#[derive(Debug, Clone)]
pub struct PageFile {
    pub file: Arc<SourceFile>,
    pub front_matter: Arc<FrontMatter>,
    pub front_matter_offset: usize,
    pub body: Range<usize>,
}

impl PageFile {
    pub fn body(&self) -> &str {
        self.file.text.get(self.body.clone()).unwrap_or("")
    }

    pub fn fingerprint(&self) -> String {
        keys::fingerprint(&self.front_matter, self.body())
    }

    pub fn front_matter_text(&self) -> &str {
        let end = self.body.start.min(self.file.text.len());
        let text = self.file.text.get(self.front_matter_offset..end).unwrap_or("");
        // Up to the closing `+++` line.
        text.rfind("+++").map_or(text, |i| &text[..i])
    }

    /// A page file from its text (an earlier version from the git history); `None`
    /// when it has no front matter that parses.
    pub fn parse(path: PathBuf, text: String) -> Option<Self> {
        let split = crate::load::split(&text).ok()?;
        let front_matter: FrontMatter = toml::from_str(text.get(split.front_matter.clone())?).ok()?;
        Some(Self {
            file: SourceFile::new(path, text),
            front_matter: Arc::new(front_matter),
            front_matter_offset: split.front_matter.start,
            body: split.body,
        })
    }
}

impl From<&LoadedFile> for PageFile {
    fn from(f: &LoadedFile) -> Self {
        Self {
            file: Arc::clone(&f.file),
            front_matter: Arc::new(f.front_matter.clone()),
            front_matter_offset: f.front_matter_offset,
            body: f.body.clone(),
        }
    }
}

impl PageFile {
    /// A translation of the resolved site as a page file: its front matter read again
    /// from its text, which the site keeps.
    pub fn of(translation: &Translation) -> Option<Self> {
        Self::parse(translation.file.path.clone(), translation.file.text.clone())
    }
}

/// Where a unit's text lives in a page file.
#[derive(Debug, Clone)]
pub enum Place {
    /// A text key of the front matter: `title`, `steps.melding.title`, `objection.how`.
    Field,
    /// `terms`: one search word per line, chosen per language.
    Terms,
    Block(Block),
}

/// One unit of the original.
#[derive(Debug, Clone)]
pub struct SourceUnit {
    pub key: String,
    /// What it is, for the translator: `title`, `paragraph`, `table cell, row 2, column 1`.
    pub what: String,
    /// Its line in the original's file.
    pub line: usize,
    pub source: Tagged,
    pub codes: Vec<Code>,
    pub place: Place,
}

impl SourceUnit {
    /// Whether a translation may leave it empty: search words are each language's own.
    pub fn optional(&self) -> bool {
        matches!(self.place, Place::Terms)
    }

    /// A front-matter text written on one line in the original stays on one line.
    pub fn single_line(&self) -> bool {
        matches!(self.place, Place::Field) && !self.source.text_only().contains('\n')
    }
}

/// The units of `file`, in order: front matter, then body.
pub fn units_of(file: &PageFile) -> Vec<SourceUnit> {
    let lines = field_lines(file);
    let mut units = Vec::new();
    for unit in keys::text_units(&file.front_matter) {
        let line = lines.get(&unit.key).copied().unwrap_or_else(|| file.file.line_col(file.front_matter_offset).0);
        if unit.counted == Counted::Never {
            if let Some(words) = terms_of(&file.front_matter).filter(|w| !w.is_empty()) {
                units.push(field_unit(unit.key, line, &words, Place::Terms));
            }
        } else if let Some(text) = unit.text.filter(|t| !t.trim().is_empty()) {
            units.push(field_unit(unit.key, line, text, Place::Field));
        }
    }
    for (key, block) in body::blocks(file.body()) {
        units.push(SourceUnit {
            key,
            what: block.kind.describe(),
            line: file.file.line_col(file.body.start + block.content.start).0,
            source: block.text.clone(),
            codes: block.codes.clone(),
            place: Place::Block(block),
        });
    }
    units
}

fn field_unit(key: String, line: usize, text: &str, place: Place) -> SourceUnit {
    let mut codes = Vec::new();
    let source = Tagged::plain(text).protect_literals(&mut codes);
    let what = match place {
        Place::Terms => "search words, one per line (your language's own: they need not match the original's)".into(),
        _ => key.replace('.', " › "),
    };
    SourceUnit { key, what, line, source, codes, place }
}

/// The `terms` of a front matter, one per line.
pub fn terms_of(front_matter: &FrontMatter) -> Option<String> {
    let key = PAGE_KEYS.iter().find(|k| matches!(k.role, keys::Role::Text(Counted::Never)))?;
    match key.read(front_matter)?.value {
        Value::Texts(words) => Some(words.join("\n")),
        _ => None,
    }
}

/// The line of each text key in the front matter (`steps.melding.title` → 14).
fn field_lines(file: &PageFile) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    let Ok(document) = toml_edit::Document::parse(file.front_matter_text()) else { return lines };
    let line = |span: Option<Range<usize>>| span.map(|s| file.file.line_col(file.front_matter_offset + s.start).0);
    for (key, item) in document.as_table().iter() {
        if let Some(tables) = item.as_array_of_tables() {
            for table in tables.iter() {
                let id = table.get("id").and_then(|i| i.as_str()).unwrap_or_default();
                for (field, value) in table.iter() {
                    lines.extend(line(value.span()).map(|l| (format!("{key}.{id}.{field}"), l)));
                }
            }
        } else if let Some(table) = item.as_table() {
            for (field, value) in table.iter() {
                lines.extend(line(value.span()).map(|l| (format!("{key}.{field}"), l)));
            }
        } else {
            lines.extend(line(item.span()).map(|l| (key.to_string(), l)));
        }
    }
    lines
}

/// What a translation file says for each unit of the original.
#[derive(Debug, Default)]
pub struct Existing {
    /// By unit key: the translation's text, numbered as the original's codes (`None`
    /// when its markup does not match the original's), and where it is in the body.
    pub found: BTreeMap<String, Found>,
    /// Blocks of the translation that say nothing of the original, each with the key of
    /// the unit before it.
    pub extra: Vec<(Option<String>, String)>,
}

#[derive(Debug, Clone)]
pub struct Found {
    pub text: Option<Tagged>,
    /// The translation's own text, as written, for a note when its markup differs.
    pub as_written: String,
    /// Where the block is in the translation's body.
    pub content: Option<Range<usize>>,
    /// What each further line of the block starts with there.
    pub prefix: String,
}

/// Reads each unit's translation from `translation`, aligning its body with the
/// original's blocks.
pub fn existing(units: &[SourceUnit], translation: &PageFile) -> Existing {
    let mut existing = Existing::default();
    let theirs: BTreeMap<String, Option<&str>> =
        keys::text_units(&translation.front_matter).into_iter().map(|u| (u.key, u.text)).collect();
    let original_blocks: Vec<(String, Block)> = units
        .iter()
        .filter_map(|u| match &u.place {
            Place::Block(block) => Some((u.key.clone(), block.clone())),
            _ => None,
        })
        .collect();
    let their_blocks = body::blocks(translation.body());
    let matched = body::align(&original_blocks, &their_blocks);
    let mut matched_theirs = vec![false; their_blocks.len()];
    for unit in units {
        let found = match &unit.place {
            Place::Terms => terms_of(&translation.front_matter).filter(|w| !w.is_empty()).map(|words| {
                let text = Tagged::plain(&words);
                Found { as_written: words, text: Some(text), content: None, prefix: String::new() }
            }),
            Place::Field => theirs.get(&unit.key).copied().flatten().filter(|t| !t.trim().is_empty()).map(|text| {
                let mut codes = Vec::new();
                let tagged = Tagged::plain(text).protect_literals(&mut codes);
                Found {
                    text: body::renumbered(&unit.codes, &tagged, &codes),
                    as_written: text.to_string(),
                    content: None,
                    prefix: String::new(),
                }
            }),
            Place::Block(_) => {
                let index = original_blocks.iter().position(|(k, _)| *k == unit.key);
                index.and_then(|i| matched[i]).and_then(|j| {
                    matched_theirs[j] = true;
                    let (_, block) = their_blocks.get(j)?;
                    Some(Found {
                        text: body::renumbered(&unit.codes, &block.text, &block.codes),
                        as_written: translation.body().get(block.content.clone()).unwrap_or("").to_string(),
                        content: Some(block.content.clone()),
                        prefix: block.prefix.clone(),
                    })
                })
            }
        };
        if let Some(found) = found {
            existing.found.insert(unit.key.clone(), found);
        }
    }
    let mut before: Option<String> = None;
    let key_of_their = |j: usize| {
        matched.iter().position(|m| *m == Some(j)).and_then(|i| original_blocks.get(i)).map(|(k, _)| k.clone())
    };
    for (j, (_, block)) in their_blocks.iter().enumerate() {
        if matched_theirs[j] {
            before = key_of_their(j);
        } else {
            let text = translation.body().get(block.content.clone()).unwrap_or("").to_string();
            existing.extra.push((before.clone(), text));
        }
    }
    existing
}

/// A unit with its translation in one language, as a PO or XLIFF file carries it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub source: SourceUnit,
    pub translation: Option<Tagged>,
    /// The translation needs a look: the original changed, or the markup differs.
    pub fuzzy: bool,
    /// The original's text the translation was made from, when it has changed since.
    pub previous: Option<Tagged>,
    pub notes: Vec<String>,
}

/// Where a page's translation stands against its original.
pub enum Basis {
    /// No translation file.
    Missing,
    /// The translation follows the current original.
    Current,
    /// It follows an earlier original, found in the history.
    Earlier(PageFile),
    /// It follows an earlier original that cannot be found, or it does not say.
    Unknown,
}

/// Each unit of `original` with what `translation` says for it, judged by `basis`.
pub fn translated_units(original: &PageFile, translation: Option<&PageFile>, basis: &Basis) -> Vec<Unit> {
    let units = units_of(original);
    let untranslated =
        |source: SourceUnit| Unit { source, translation: None, fuzzy: false, previous: None, notes: Vec::new() };
    let Some(translation) = translation else {
        return units.into_iter().map(untranslated).collect();
    };
    // The units the translation was made from, and what it says for each.
    let earlier_units = match basis {
        Basis::Earlier(earlier) => Some(units_of(earlier)),
        _ => None,
    };
    let made_from = earlier_units.as_deref().unwrap_or(&units);
    let existing = existing(made_from, translation);
    let counterpart = match &earlier_units {
        Some(earlier) => counterparts(earlier, &units),
        None => (0..units.len()).map(Some).collect(),
    };
    let unknown_basis = matches!(basis, Basis::Unknown | Basis::Missing);
    let mut result: Vec<Unit> = units
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, source)| {
            let before = counterpart[i].and_then(|e| made_from.get(e));
            let Some((before, found)) = before.and_then(|b| Some((b, existing.found.get(&b.key)?))) else {
                return untranslated(source);
            };
            let changed = before.source != source.source || before.codes != source.codes;
            let mut unit = unit_from(source, found, changed || unknown_basis, changed.then(|| before.source.clone()));
            if unknown_basis {
                unit.notes.push(
                    "The original changed since this translation (or the translation does not say which version it follows), and its earlier text is not in the git history: compare with the original.".into(),
                );
            }
            unit
        })
        .collect();
    note_extra(&mut result, &existing, made_from, &units, &counterpart);
    result
}

fn unit_from(source: SourceUnit, found: &Found, fuzzy: bool, previous: Option<Tagged>) -> Unit {
    match &found.text {
        Some(text) => Unit { source, translation: Some(text.clone()), fuzzy, previous, notes: Vec::new() },
        None => Unit {
            translation: Some(Tagged::plain(&found.as_written)),
            fuzzy: true,
            previous,
            notes: vec![
                "The translation's links or markup differ from the original's here: it is shown as written; put the placeholders where they belong.".into(),
            ],
            source,
        },
    }
}

/// Tells the translator about blocks the translation has that the original does not,
/// on the unit they follow.
fn note_extra(
    units: &mut [Unit],
    existing: &Existing,
    made_from: &[SourceUnit],
    now: &[SourceUnit],
    counterpart: &[Option<usize>],
) {
    for (after, text) in &existing.extra {
        let earlier = after.as_ref().and_then(|key| made_from.iter().position(|u| u.key == *key));
        let at = earlier.and_then(|e| counterpart.iter().position(|c| *c == Some(e)));
        let at = at.or_else(|| now.iter().position(|u| matches!(u.place, Place::Block(_))));
        if let Some(unit) = at.and_then(|i| units.get_mut(i)) {
            unit.notes.push(format!(
                "After this, the translation also has a block the original does not have; the import writes the page in the original's blocks, so carry it over if it matters: “{}”",
                text.trim()
            ));
        }
    }
}

/// For each unit of `now`, the unit of `before` it continues: the same front-matter key,
/// or the body block that aligns with it.
fn counterparts(before: &[SourceUnit], now: &[SourceUnit]) -> Vec<Option<usize>> {
    let blocks = |units: &[SourceUnit]| -> Vec<(usize, (String, Block))> {
        units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match &u.place {
                Place::Block(b) => Some((i, (u.key.clone(), b.clone()))),
                _ => None,
            })
            .collect()
    };
    let (old_blocks, new_blocks) = (blocks(before), blocks(now));
    let old_only: Vec<(String, Block)> = old_blocks.iter().map(|(_, b)| b.clone()).collect();
    let new_only: Vec<(String, Block)> = new_blocks.iter().map(|(_, b)| b.clone()).collect();
    let aligned = body::align(&new_only, &old_only);
    now.iter()
        .enumerate()
        .map(|(i, unit)| match unit.place {
            Place::Block(_) => {
                let n = new_blocks.iter().position(|(k, _)| *k == i)?;
                aligned[n].map(|o| old_blocks[o].0)
            }
            _ => before.iter().position(|b| b.key == unit.key),
        })
        .collect()
}

//! A page body cut into the blocks a translator translates one by one (headings,
//! paragraphs, list items, table cells, footnotes, quotes), each with its inline markup
//! as codes ([`Tagged`]), and the alignment of two bodies' blocks: the original's with a
//! translation's, whose writer may have split or joined paragraphs. Code blocks and raw
//! HTML blocks are kept as written, never offered for translation.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::tagged::{Code, CodeKind, Piece, Tagged};
use crate::markdown;

/// What a block is, as a translator's note says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading { level: u8, id: String, written_id: bool },
    Paragraph,
    ListItem,
    Quote,
    Footnote(String),
    TableCell { row: usize, column: usize },
}

impl BlockKind {
    pub fn describe(&self) -> String {
        match self {
            BlockKind::Heading { id, .. } => format!("heading (#{id})"),
            BlockKind::Paragraph => "paragraph".to_string(),
            BlockKind::ListItem => "list item".to_string(),
            BlockKind::Quote => "quotation".to_string(),
            BlockKind::Footnote(label) => format!("footnote [^{label}]"),
            BlockKind::TableCell { row: 0, column } => format!("table heading, column {}", column + 1),
            BlockKind::TableCell { row, column } => format!("table cell, row {row}, column {}", column + 1),
        }
    }
}

/// One translatable block of a body.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The id of the heading its section starts with; empty before the first heading.
    pub section: String,
    /// Where it sits (in a list, a quote, a table …) and what it is: blocks of two
    /// bodies align only when their signatures are equal.
    pub signature: String,
    /// Its text, without the markup that makes it a block, in the body.
    pub content: Range<usize>,
    /// What each further line of its text starts with (a list item's indentation).
    pub prefix: String,
    pub text: Tagged,
    pub codes: Vec<Code>,
}

impl Block {
    /// Whether `other` is the same kind of block in the same place; a heading's id
    /// counts only where it is written (`{#id}`), since other ids follow the text.
    pub fn same_shape(&self, other: &Block) -> bool {
        let kinds_agree = match (&self.kind, &other.kind) {
            (
                BlockKind::Heading { level: a, id: x, written_id: w },
                BlockKind::Heading { level: b, id: y, written_id: v },
            ) => a == b && w == v && (!w || x == y),
            (a, b) => a == b,
        };
        kinds_agree && self.signature == other.signature
    }

    /// The key a unit of this block has: `body#about` for a heading, `body#about/2` for
    /// the second block under it, `body/1` before the first heading.
    pub fn key(&self, index_in_section: usize) -> String {
        match (&self.kind, self.section.as_str()) {
            (BlockKind::Heading { id, .. }, _) => format!("body#{id}"),
            (_, "") => format!("body/{index_in_section}"),
            (_, section) => format!("body#{section}/{index_in_section}"),
        }
    }
}

/// Whether an event belongs inside a block's text.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => {
            matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
        }
        Event::End(end) => {
            matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
        }
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::TaskListMarker(_) => true,
        Event::Html(_) | Event::Rule => false,
    }
}

/// The translatable blocks of `body`, in order, with keys ([`Block::key`]).
pub fn blocks(body: &str) -> Vec<(String, Block)> {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, markdown::options()).into_offset_iter().collect();
    let heading_ids: Vec<String> = markdown::outline(body).headings.into_iter().map(|h| h.id).collect();
    let mut headings = heading_ids.into_iter();
    let mut found: Vec<Block> = Vec::new();
    let mut containers: Vec<String> = Vec::new();
    let mut section = String::new();
    let (mut row, mut column) = (0usize, 0usize);
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                i = matching_end(&events, i);
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell)) => {
                let end = (i + 1..events.len()).find(|&j| !is_inline(&events[j].0)).unwrap_or(events.len());
                let kind = match tag {
                    Tag::Heading { level, id, .. } => {
                        let id_now = headings.next().unwrap_or_default();
                        section = id_now.clone();
                        BlockKind::Heading { level: *level as u8, id: id_now, written_id: id.is_some() }
                    }
                    Tag::TableCell => BlockKind::TableCell { row, column },
                    _ => kind_in(&containers),
                };
                if matches!(tag, Tag::TableCell) {
                    column += 1;
                }
                let leaf = match &kind {
                    BlockKind::Heading { level, .. } => format!("h{level}"),
                    BlockKind::TableCell { row, column } => format!("c{row}.{column}"),
                    _ => "p".to_string(),
                };
                found.extend(block_of(body, &events[i + 1..end], range.start, kind, &section, &containers, &leaf));
                i = end;
            }
            Event::Start(Tag::Item) => {
                containers.push("i".to_string());
                // A tight list item holds its text without a paragraph around it.
                let end = (i + 1..events.len()).find(|&j| !is_inline(&events[j].0)).unwrap_or(events.len());
                if end > i + 1 {
                    found.extend(block_of(
                        body,
                        &events[i + 1..end],
                        range.start,
                        BlockKind::ListItem,
                        &section,
                        &containers,
                        "p",
                    ));
                }
                i = end.max(i + 1);
                continue;
            }
            Event::Start(Tag::BlockQuote(_)) => containers.push("q".to_string()),
            Event::Start(Tag::List(_)) => containers.push("l".to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => containers.push(format!("f{label}")),
            Event::Start(Tag::Table(_)) => {
                containers.push("t".to_string());
                row = 0;
            }
            Event::Start(Tag::TableHead) => column = 0,
            Event::Start(Tag::TableRow) => {
                row += 1;
                column = 0;
            }
            Event::End(
                TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition | TagEnd::Table,
            ) => {
                containers.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    found
        .into_iter()
        .map(|block| {
            let index = match block.kind {
                BlockKind::Heading { .. } => 0,
                _ => {
                    let count = counts.entry(block.section.clone()).or_default();
                    *count += 1;
                    *count
                }
            };
            (block.key(index), block)
        })
        .collect()
}

/// The index of the event that ends the one started at `start`.
fn matching_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// What a paragraph is, from the containers around it.
fn kind_in(containers: &[String]) -> BlockKind {
    match containers.iter().rev().find(|c| matches!(c.chars().next(), Some('i' | 'q' | 'f'))) {
        Some(c) if c == "i" => BlockKind::ListItem,
        Some(c) if c == "q" => BlockKind::Quote,
        Some(c) => BlockKind::Footnote(c[1..].to_string()),
        None => BlockKind::Paragraph,
    }
}

/// The block made of inline `events` (of a leaf starting at `leaf_start`), or `None`
/// when it holds no text.
fn block_of(
    body: &str,
    events: &[(Event, Range<usize>)],
    leaf_start: usize,
    kind: BlockKind,
    section: &str,
    containers: &[String],
    leaf: &str,
) -> Option<Block> {
    let (first, last) = (events.first()?, events.last()?);
    let (text, codes) = tagged_text(body, events);
    let content = text_start(body, first.1.start)..last.1.end;
    // Trim what the text trims, so the content range covers exactly the unit's text.
    let raw = body.get(content.clone())?;
    let content =
        content.start + (raw.len() - raw.trim_start().len())..content.end - (raw.len() - raw.trim_end().len());
    if text.is_empty() && codes.is_empty() {
        return None;
    }
    let line_start = body[..content.start.max(leaf_start)].rfind('\n').map_or(0, |i| i + 1);
    let prefix: String = body[line_start..content.start].chars().map(|c| if c == '>' { '>' } else { ' ' }).collect();
    let path: Vec<&str> = containers.iter().map(|c| &c[..1]).collect();
    Some(Block {
        kind,
        section: section.to_string(),
        signature: format!("{}/{leaf}", path.join("")),
        content,
        prefix,
        text,
        codes,
    })
}

/// Where a block's text starts when its first event starts at `first`: a backslash
/// escape before it belongs to the text, though the event leaves it out.
fn text_start(body: &str, first: usize) -> usize {
    if body.get(..first).is_some_and(|before| before.ends_with('\\')) { first - 1 } else { first }
}

/// The text of a block's inline events with its markup as codes. Between events the
/// source is kept as written (a backslash escape, an entity); after a line break, the
/// indentation or `>` that continues the block is left out.
fn tagged_text(body: &str, events: &[(Event, Range<usize>)]) -> (Tagged, Vec<Code>) {
    let mut tagged = Tagged::default();
    let mut codes: Vec<Code> = Vec::new();
    let mut open: Vec<(usize, Range<usize>)> = Vec::new();
    let mut pos = events.first().map_or(0, |(_, r)| text_start(body, r.start));
    let mut after_break = false;
    let mut skip_until = 0usize;
    let source = |range: Range<usize>| body.get(range).unwrap_or("");
    for (i, (event, range)) in events.iter().enumerate() {
        if range.end <= skip_until && i > 0 && pos >= skip_until {
            continue;
        }
        if range.start > pos {
            let gap = source(pos..range.start);
            tagged.push_text(if after_break { gap.trim_start_matches([' ', '\t', '>']) } else { gap });
        }
        after_break = false;
        let alone = |codes: &mut Vec<Code>, tagged: &mut Tagged, kind: CodeKind| {
            codes.push(Code { kind, open: source(range.clone()).to_string(), close: None });
            tagged.0.push(Piece::Alone(codes.len()));
        };
        match event {
            Event::Text(_) => tagged.push_text(source(range.clone())),
            Event::SoftBreak => {
                tagged.push_text("\n");
                after_break = true;
            }
            Event::HardBreak => {
                alone(&mut codes, &mut tagged, CodeKind::LineBreak);
                after_break = true;
            }
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                alone(&mut codes, &mut tagged, CodeKind::Verbatim);
                skip_until = range.end;
            }
            Event::Start(tag) => {
                let next_start = events.get(i + 1).map_or(range.end, |(_, r)| r.start);
                let kind = match tag {
                    Tag::Emphasis => CodeKind::Emphasis,
                    Tag::Strong => CodeKind::Strong,
                    Tag::Strikethrough => CodeKind::Strikethrough,
                    Tag::Link { dest_url, .. } => CodeKind::Link(dest_url.to_string()),
                    Tag::Image { dest_url, .. } => CodeKind::Image(dest_url.to_string()),
                    _ => CodeKind::Verbatim,
                };
                if matches!(events.get(i + 1), Some((Event::End(_), _))) {
                    // Nothing inside (`[](x)`): nothing to translate, one code.
                    alone(&mut codes, &mut tagged, kind);
                    skip_until = range.end;
                    pos = range.end;
                    continue;
                }
                codes.push(Code {
                    kind,
                    open: source(range.start..next_start).to_string(),
                    close: Some(String::new()),
                });
                tagged.0.push(Piece::Open(codes.len()));
                open.push((codes.len(), range.clone()));
                pos = next_start;
                continue;
            }
            Event::End(_) => {
                if let Some((n, whole)) = open.pop() {
                    if let Some(code) = codes.get_mut(n - 1) {
                        code.close = Some(source(pos..whole.end).to_string());
                    }
                    tagged.0.push(Piece::Close(n));
                }
            }
            _ => alone(&mut codes, &mut tagged, CodeKind::Verbatim),
        }
        pos = pos.max(range.end);
    }
    let tagged = tagged.trimmed().protect_literals(&mut codes);
    (tagged, codes)
}

/// The pairs of positions of `a` and `b` that a longest common subsequence of equal
/// keys matches.
pub fn lcs<K: PartialEq>(a: &[K], b: &[K]) -> Vec<(usize, usize)> {
    best_pairs(a.len(), b.len(), |i, j| (a[i] == b[j]).then_some(1))
}

/// The pairs `(i, j)`, in order in both sequences, whose `weight`s add up to the most;
/// `None` pairs may not be matched.
fn best_pairs(n: usize, m: usize, weight: impl Fn(usize, usize) -> Option<u32>) -> Vec<(usize, usize)> {
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let matched = weight(i, j).map_or(0, |w| w + table[i + 1][j + 1]);
            table[i][j] = matched.max(table[i + 1][j]).max(table[i][j + 1]);
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if weight(i, j).is_some_and(|w| table[i][j] == w + table[i + 1][j + 1]) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// How well two blocks of the same signature match: better when they link to the same
/// pages and carry the same number of codes.
fn likeness(a: &Block, b: &Block) -> Option<u32> {
    if a.signature != b.signature {
        return None;
    }
    let links = |block: &Block| -> Vec<String> {
        block
            .codes
            .iter()
            .filter_map(|c| match &c.kind {
                CodeKind::Link(to) | CodeKind::Image(to) => Some(to.clone()),
                _ => None,
            })
            .collect()
    };
    let (ours, theirs) = (links(a), links(b));
    let shared = ours.iter().filter(|l| theirs.contains(l)).count() as u32;
    Some(1 + 2 * shared + u32::from(a.codes.len() == b.codes.len()))
}

/// For each block of `original`, the block of `translation` that says the same, if one
/// does. Sections are matched first (by written heading id, else by heading level, in
/// order), then the blocks inside each pair of sections by their signatures.
pub fn align(original: &[(String, Block)], translation: &[(String, Block)]) -> Vec<Option<usize>> {
    let sections = |blocks: &[(String, Block)]| {
        let mut found: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new())];
        for (i, (_, block)) in blocks.iter().enumerate() {
            if let BlockKind::Heading { level, id, written_id } = &block.kind {
                found.push((if *written_id { format!("#{id}") } else { format!("h{level}") }, Vec::new()));
            }
            if let Some((_, members)) = found.last_mut() {
                members.push(i);
            }
        }
        found
    };
    let (ours, theirs) = (sections(original), sections(translation));
    let heading_keys =
        |sections: &[(String, Vec<usize>)]| sections.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>();
    let mut matched = vec![None; original.len()];
    for (s, t) in lcs(&heading_keys(&ours), &heading_keys(&theirs)) {
        let (a, b) = (&ours[s].1, &theirs[t].1);
        for (i, j) in best_pairs(a.len(), b.len(), |i, j| likeness(&original[a[i]].1, &translation[b[j]].1)) {
            matched[a[i]] = Some(b[j]);
        }
    }
    matched
}

/// The translation's text with its codes numbered as the original's, when each of its
/// codes matches one of the original's (same kind, same link target or same verbatim
/// text) and none is left over.
pub fn renumbered(original: &[Code], translation: &Tagged, codes: &[Code]) -> Option<Tagged> {
    if original.len() != codes.len() {
        return None;
    }
    let mut used = vec![false; original.len()];
    let mut renumber = BTreeMap::new();
    for (j, code) in codes.iter().enumerate() {
        let same = |o: &Code| match (&o.kind, &code.kind) {
            (CodeKind::Verbatim | CodeKind::Literal, _) | (_, CodeKind::Verbatim | CodeKind::Literal) => {
                o.kind == code.kind && o.open == code.open
            }
            (a, b) => a == b,
        };
        let i = (0..original.len()).find(|&i| !used[i] && same(&original[i]))?;
        used[i] = true;
        renumber.insert(j + 1, i + 1);
    }
    Some(translation.renumbered(&renumber))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(String, String)> {
        blocks(body).into_iter().map(|(key, b)| (key, b.text.to_po())).collect()
    }

    #[test]
    fn every_kind_of_block_is_a_unit_with_its_markup_as_codes() {
        let body = "Intro *with* [a link](@/nl/x.md).\n\n## About {#about}\n\n- one\n  two\n- **three**\n\n> quoted\n> on\n\n| a | b |\n|---|---|\n| c | `d` |\n\nNote.[^1]\n\n[^1]: The note.\n\n```\ncode is kept\n```\n";
        assert_eq!(
            texts(body),
            [
                ("body/1", "Intro {1}with{/1} {2}a link{/2}."),
                ("body#about", "About"),
                ("body#about/1", "one\ntwo"),
                ("body#about/2", "{1}three{/1}"),
                ("body#about/3", "quoted\non"),
                ("body#about/4", "a"),
                ("body#about/5", "b"),
                ("body#about/6", "c"),
                ("body#about/7", "{1/}"),
                ("body#about/8", "Note.{1/}"),
                ("body#about/9", "The note."),
            ]
            .map(|(k, t)| (k.to_string(), t.to_string()))
        );
    }

    #[test]
    fn a_unit_puts_back_exactly_the_markdown_it_came_from() {
        let body = "- item with *em* and [link](@/a.md \"title\")\n  continued \\* here &amp; `code`  \n  after a hard break\n";
        let (_, block) = blocks(body).remove(0);
        assert_eq!(block.prefix, "  ");
        assert_eq!(block.text.to_markdown(&block.codes, &block.prefix), &body[block.content.clone()]);
    }

    #[test]
    fn split_paragraphs_align_with_what_they_share() {
        let original = blocks("## A {#a}\n\nOne.\n\nTwo.\n\n- x\n- y\n\n## B\n\nThree.\n");
        let translation = blocks("## Een {#a}\n\nEen.\n\nExtra.\n\nTwee.\n\n- x\n- y\n\n## Bee\n\nDrie.\n");
        let matched = align(&original, &translation);
        let pairs: Vec<(String, Option<String>)> = original
            .iter()
            .zip(&matched)
            .map(|((key, _), m)| (key.clone(), m.map(|j| translation[j].1.text.to_po())))
            .collect();
        assert_eq!(pairs[0], ("body#a".to_string(), Some("Een".to_string())));
        assert_eq!(pairs[1].1.as_deref(), Some("Een."));
        assert!(pairs[2].1.is_some(), "the second paragraph finds a paragraph: {pairs:?}");
        assert_eq!(pairs[3].1.as_deref(), Some("x"));
        assert_eq!(pairs[6].1.as_deref(), Some("Drie."));
    }

    #[test]
    fn codes_are_matched_by_what_they_stand_for() {
        let (_, a) = blocks("See [A](@/a.md) and [B](@/b.md).").remove(0);
        let (_, b) = blocks("Zie [B](@/b.md) en [A](@/a.md).").remove(0);
        let renumbered = renumbered(&a.codes, &b.text, &b.codes).expect("same links");
        assert_eq!(renumbered.to_po(), "Zie {2}B{/2} en {1}A{/1}.");
        let (_, c) = blocks("Zie [C](@/c.md) en [A](@/a.md).").remove(0);
        assert!(super::renumbered(&a.codes, &c.text, &c.codes).is_none());
    }
}

//! Text with numbered placeholders: what a translator sees of a unit. Inline markup,
//! links, code and anything else a translator must not change stay in the original as
//! [`Code`]s; the text between them is the translator's. PO has no inline codes, so
//! there they are written `{1}`…`{/1}` (a pair around text) and `{2/}` (standing alone);
//! XLIFF writes them as `<g>`, `<x/>` and `<ph>`. A translation may move codes (word
//! order differs between languages) but must keep each exactly once, properly nested:
//! [`check_codes`] says which one is wrong.

use std::collections::BTreeMap;

/// One piece of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// The start of paired code `n` (1-based).
    Open(usize),
    Close(usize),
    /// Code `n`, which stands alone (`` `code` ``, a line break, a footnote mark).
    Alone(usize),
}

/// A unit's text: pieces of text and codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tagged(pub Vec<Piece>);

/// What a code stands for, so a translator's tool can say it and a translation can be
/// matched with the original's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeKind {
    Emphasis,
    Strong,
    Strikethrough,
    Link(String),
    Image(String),
    /// Inline code, an autolink, raw HTML, a footnote mark: shown as written.
    Verbatim,
    LineBreak,
    /// Text of the original that looks like a placeholder (`{1}`), kept as a code so it
    /// can never be mistaken for one.
    Literal,
}

/// One code of a unit: the markdown it stands for, from the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub kind: CodeKind,
    /// The markdown before the enclosed text (`[`, `**`), or all of it for a code that
    /// stands alone.
    pub open: String,
    /// The markdown after the enclosed text (`](@/nl/organisations/uwv.md)`); `None` for
    /// a code that stands alone.
    pub close: Option<String>,
}

impl Code {
    pub fn is_paired(&self) -> bool {
        self.close.is_some()
    }

    /// The code as a translator's note says it: `{1}…{/1} link to @/nl/roles/x.md`.
    pub fn describe(&self, number: usize) -> String {
        let what = match &self.kind {
            CodeKind::Emphasis => "emphasis".to_string(),
            CodeKind::Strong => "strong emphasis".to_string(),
            CodeKind::Strikethrough => "struck out".to_string(),
            CodeKind::Link(to) => format!("link to {to}"),
            CodeKind::Image(src) => format!("image {src} (its description)"),
            CodeKind::Verbatim | CodeKind::Literal => format!("`{}`, kept as written", self.open.trim()),
            CodeKind::LineBreak => "line break".to_string(),
        };
        if self.is_paired() { format!("{{{number}}}…{{/{number}}} {what}") } else { format!("{{{number}/}} {what}") }
    }
}

impl Tagged {
    pub fn plain(text: &str) -> Self {
        let mut tagged = Tagged::default();
        tagged.push_text(text);
        tagged
    }

    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ => self.0.push(Piece::Text(text.to_string())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|piece| matches!(piece, Piece::Text(t) if t.trim().is_empty()))
    }

    /// The text without codes, for notes and comparisons.
    pub fn text_only(&self) -> String {
        self.0
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The same pieces without white space at either end, which no unit keeps.
    pub fn trimmed(mut self) -> Self {
        if let Some(Piece::Text(first)) = self.0.first_mut() {
            *first = first.trim_start().to_string();
        }
        if let Some(Piece::Text(last)) = self.0.last_mut() {
            *last = last.trim_end().to_string();
        }
        self.0.retain(|piece| !matches!(piece, Piece::Text(t) if t.is_empty()));
        self
    }

    /// The text as a PO file writes it: `{1}`…`{/1}`, `{2/}`.
    pub fn to_po(&self) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Open(n) => out.push_str(&format!("{{{n}}}")),
                Piece::Close(n) => out.push_str(&format!("{{/{n}}}")),
                Piece::Alone(n) => out.push_str(&format!("{{{n}/}}")),
            }
        }
        out
    }

    /// Reads a PO string: every `{n}`, `{/n}` and `{n/}` is a code, the rest text.
    pub fn from_po(text: &str) -> Self {
        let mut tagged = Tagged::default();
        for (token, written) in tokens(text) {
            match token {
                Some(piece) => tagged.0.push(piece),
                None => tagged.push_text(written),
            }
        }
        tagged
    }

    /// Text of the original that reads as a placeholder becomes a code of its own
    /// ([`CodeKind::Literal`]), appended to `codes`: what a translator sees as `{1}` is
    /// then always a code.
    pub fn protect_literals(self, codes: &mut Vec<Code>) -> Self {
        let mut protected = Tagged::default();
        for piece in self.0 {
            let Piece::Text(text) = piece else {
                protected.0.push(piece);
                continue;
            };
            for (token, written) in tokens(&text) {
                if token.is_some() {
                    codes.push(Code { kind: CodeKind::Literal, open: written.to_string(), close: None });
                    protected.0.push(Piece::Alone(codes.len()));
                } else {
                    protected.push_text(written);
                }
            }
        }
        protected
    }

    /// The markdown of this text with `codes` put back, each new line continued with
    /// `prefix` (the indentation of a list item, `> ` in a quote).
    pub fn to_markdown(&self, codes: &[Code], prefix: &str) -> String {
        let mut out = String::new();
        let continued = |text: &str| text.replace('\n', &format!("\n{prefix}"));
        for piece in &self.0 {
            let code = |n: &usize| codes.get(n.wrapping_sub(1));
            match piece {
                Piece::Text(text) => out.push_str(&continued(text)),
                Piece::Open(n) | Piece::Alone(n) => out.push_str(&continued(code(n).map_or("", |c| c.open.as_str()))),
                Piece::Close(n) => {
                    out.push_str(&continued(code(n).and_then(|c| c.close.as_deref()).unwrap_or("")));
                }
            }
        }
        out
    }

    /// The same codes, each text piece escaped so markdown reads it as text: a
    /// translator's `*`, `[`, `<` or `#` then stays a character, as in a file written
    /// by hand with a backslash before it.
    pub fn escaped(&self) -> Self {
        Tagged(
            self.0
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => Piece::Text(escape_markdown(text)),
                    other => other.clone(),
                })
                .collect(),
        )
    }

    /// The same text with code numbers changed by `renumber`.
    pub fn renumbered(&self, renumber: &BTreeMap<usize, usize>) -> Self {
        let new = |n: &usize| renumber.get(n).copied().unwrap_or(*n);
        Tagged(
            self.0
                .iter()
                .map(|piece| match piece {
                    Piece::Open(n) => Piece::Open(new(n)),
                    Piece::Close(n) => Piece::Close(new(n)),
                    Piece::Alone(n) => Piece::Alone(new(n)),
                    Piece::Text(t) => Piece::Text(t.clone()),
                })
                .collect(),
        )
    }
}

/// `text` cut into placeholders (with how each is written) and the text between them.
fn tokens(text: &str) -> Vec<(Option<Piece>, &str)> {
    let mut found = Vec::new();
    let (mut rest, mut text_start) = (text, 0usize);
    let mut at = 0usize;
    while let Some(start) = rest.find('{') {
        let from_brace = &rest[start..];
        match token_at(from_brace) {
            Some((piece, length)) => {
                found.push((None, &text[text_start..at + start]));
                found.push((Some(piece), &from_brace[..length]));
                at += start + length;
                text_start = at;
                rest = &text[at..];
            }
            None => {
                at += start + 1;
                rest = &text[at..];
            }
        }
    }
    found.push((None, &text[text_start..]));
    found.retain(|(piece, written)| piece.is_some() || !written.is_empty());
    found
}

/// A placeholder at the start of `text`, with its length: `{12}`, `{/12}` or `{12/}`.
fn token_at(text: &str) -> Option<(Piece, usize)> {
    let inner_end = text.find('}')?;
    let inner = &text[1..inner_end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (alone, digits) = match inner.strip_suffix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || (closing && alone) {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    let piece = match (closing, alone) {
        (true, _) => Piece::Close(n),
        (_, true) => Piece::Alone(n),
        _ => Piece::Open(n),
    };
    Some((piece, inner_end + 1))
}

/// Backslashes before every character that can start markdown markup inside a line,
/// and before those that can start a block at the beginning of a line.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_block = line_start && matches!(c, '-' | '+' | '=' | '>');
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '#' | '|' | '~' | '{' | '}' | '&')
            || starts_block
        {
            out.push('\\');
        }
        out.push(c);
        if line_start && c.is_ascii_digit() {
            // `1.` or `1)` at the start of a line would begin a numbered list.
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                out.push(d);
                chars.next();
            }
            if let Some(&mark) = chars.peek().filter(|m| matches!(m, '.' | ')')) {
                out.push('\\');
                out.push(mark);
                chars.next();
            }
        }
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

/// Why a translation's codes do not fit the original's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeProblem {
    #[error("placeholder {0} is missing")]
    Missing(String),
    #[error("placeholder {0} appears more than once")]
    Repeated(String),
    #[error("placeholder {0} is not in the original")]
    Unknown(String),
    #[error("placeholder {{{0}/}} stands alone in the original: write it as {{{0}/}}")]
    ShouldStandAlone(usize),
    #[error("placeholder {{{0}}} encloses text in the original: write {{{0}}}…{{/{0}}}")]
    ShouldEnclose(usize),
    #[error("{{/{0}}} closes before {{{0}}} opens")]
    ClosedBeforeOpened(usize),
    #[error("{{/{closed}}} closes while {{{open}}} is still open: close {{/{open}}} first")]
    Crossed { open: usize, closed: usize },
    #[error("{{{0}}} is never closed")]
    NeverClosed(usize),
}

/// The first problem with `translation`'s codes, measured against the original's
/// `codes`: each exactly once, pairs opened before they close and nested.
pub fn check_codes(translation: &Tagged, codes: &[Code]) -> Result<(), CodeProblem> {
    let mut seen: BTreeMap<(usize, u8), usize> = BTreeMap::new();
    let mut open: Vec<usize> = Vec::new();
    for piece in &translation.0 {
        let (n, role) = match piece {
            Piece::Text(_) => continue,
            Piece::Open(n) => (*n, 0),
            Piece::Close(n) => (*n, 1),
            Piece::Alone(n) => (*n, 2),
        };
        let Some(code) = codes.get(n.wrapping_sub(1)) else {
            return Err(CodeProblem::Unknown(written(piece)));
        };
        match (code.is_paired(), role) {
            (false, 0 | 1) => return Err(CodeProblem::ShouldStandAlone(n)),
            (true, 2) => return Err(CodeProblem::ShouldEnclose(n)),
            _ => {}
        }
        let count = seen.entry((n, role)).or_default();
        *count += 1;
        if *count > 1 {
            return Err(CodeProblem::Repeated(written(piece)));
        }
        match role {
            0 => open.push(n),
            1 => match open.pop() {
                Some(top) if top == n => {}
                Some(top) if open.contains(&n) => return Err(CodeProblem::Crossed { open: top, closed: n }),
                Some(top) => {
                    open.push(top);
                    return Err(CodeProblem::ClosedBeforeOpened(n));
                }
                None => return Err(CodeProblem::ClosedBeforeOpened(n)),
            },
            _ => {}
        }
    }
    if let Some(n) = open.pop() {
        return Err(CodeProblem::NeverClosed(n));
    }
    for (i, code) in codes.iter().enumerate() {
        let n = i + 1;
        let role = if code.is_paired() { 0 } else { 2 };
        if !seen.contains_key(&(n, role)) {
            let shown = if code.is_paired() { format!("{{{n}}}…{{/{n}}}") } else { format!("{{{n}/}}") };
            return Err(CodeProblem::Missing(format!("{shown} ({})", code.describe(n))));
        }
    }
    Ok(())
}

fn written(piece: &Piece) -> String {
    Tagged(vec![piece.clone()]).to_po()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Code {
        Code { kind: CodeKind::Link("@/x.md".into()), open: "[".into(), close: Some("](@/x.md)".into()) }
    }

    fn code() -> Code {
        Code { kind: CodeKind::Verbatim, open: "`x`".into(), close: None }
    }

    #[test]
    fn po_text_reads_back_as_written() {
        let text = "See {1}UWV{/1} and {2/}, not {x} or {/1/} or {12345}.";
        let tagged = Tagged::from_po(text);
        assert_eq!(tagged.0.iter().filter(|p| !matches!(p, Piece::Text(_))).count(), 3);
        assert_eq!(tagged.to_po(), text);
    }

    #[test]
    fn codes_may_move_but_not_break() {
        let codes = [link(), code()];
        let ok = |t: &str| check_codes(&Tagged::from_po(t), &codes);
        assert_eq!(ok("{2/} then {1}UWV{/1}"), Ok(()));
        assert!(matches!(ok("{1}UWV{/1}"), Err(CodeProblem::Missing(_))));
        assert!(matches!(ok("{1}UWV{/1} {2/} {2/}"), Err(CodeProblem::Repeated(_))));
        assert_eq!(ok("{/1}UWV{1} {2/}"), Err(CodeProblem::ClosedBeforeOpened(1)));
        assert_eq!(ok("{1}UWV {2/}"), Err(CodeProblem::NeverClosed(1)));
        assert_eq!(ok("{1}UWV{/1} {2}x{/2}"), Err(CodeProblem::ShouldStandAlone(2)));
        assert_eq!(ok("{1/} {2/}"), Err(CodeProblem::ShouldEnclose(1)));
        assert!(matches!(ok("{1}UWV{/1} {2/} {3/}"), Err(CodeProblem::Unknown(_))));
    }

    #[test]
    fn crossed_pairs_are_refused() {
        let codes = [link(), Code { kind: CodeKind::Strong, open: "**".into(), close: Some("**".into()) }];
        let crossed = Tagged::from_po("{1}a {2}b{/1} c{/2}");
        assert_eq!(check_codes(&crossed, &codes), Err(CodeProblem::Crossed { open: 2, closed: 1 }));
        assert_eq!(check_codes(&Tagged::from_po("{2}b {1}a{/1}{/2}"), &codes), Ok(()));
    }

    #[test]
    fn text_that_reads_as_a_placeholder_becomes_a_code() {
        let mut codes = vec![link()];
        let tagged = Tagged(vec![Piece::Open(1), Piece::Text("press {2} now".into()), Piece::Close(1)])
            .protect_literals(&mut codes);
        assert_eq!(tagged.to_po(), "{1}press {2/} now{/1}");
        assert_eq!(tagged.to_markdown(&codes, ""), "[press {2} now](@/x.md)");
    }

    #[test]
    fn escaping_leaves_no_markup_a_translator_typed() {
        assert_eq!(escape_markdown("a *b* <i> [c](d)"), r"a \*b\* \<i\> \[c\](d)");
        assert_eq!(escape_markdown("- x\n1. y\n# z"), "\\- x\n1\\. y\n\\# z");
    }

    #[test]
    fn new_lines_continue_with_the_prefix() {
        let tagged = Tagged::from_po("one\ntwo {1}x{/1}");
        assert_eq!(tagged.to_markdown(&[link()], "  "), "one\n  two [x](@/x.md)");
    }
}

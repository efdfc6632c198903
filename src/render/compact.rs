//! Compact HTML: the white space between tags that no reader sees, taken out once from the
//! theme's templates when the theme loads, and from each page's body as it is made, so a
//! minified build needs no second pass over every page it writes.
//!
//! The rule is meant to be predictable by a theme author. A run of white space that holds a
//! line break goes when it touches the tag of a block element (`<p>`, `</li>`, `<nav>`, …),
//! or the tag of an element that is not shown (`<meta>`, `<link>`, `<script>`, …) whose other
//! side is such a tag or the start or end of the text. Every other run of white space becomes
//! one character: a line break when it held one, else a space. So a space written on the same
//! line (`</h3> <span>`) always stays. Tags keep their closing tags; inside a tag, runs of white
//! space become one space and a value of plain characters loses its quotes.
//! Left as written: the content of `<pre>`, `<textarea>`, `<script>` and `<style>`, comments,
//! and in templates every tera tag and `{% raw %}` block. A tera tag that may or may not show
//! something (`{{ … }}`, `{% include %}`, the branches of `if` and `for`) counts as text, so no
//! white space next to it goes unless a block tag is on its other side.

/// The filter that shows an attribute value with quotes only when it needs them, for
/// values that templates compute (registered by the theme).
pub const ATTRIBUTE_FILTER: &str = "signpost_attribute_value";

/// Whether an attribute value can go without quotes (the HTML standard's unquoted
/// attribute value, and no braces, which would read as a tera tag in a template).
pub fn is_plain(value: &str) -> bool {
    /// The bytes that end an unquoted value, looked up in a table: pages ask this of most of
    /// their attribute values.
    const ENDS_VALUE: [bool; 256] = {
        let mut table = [false; 256];
        let ends = b" \t\n\r\x0C\"'=<>`{}";
        let mut at = 0;
        while at < ends.len() {
            table[ends[at] as usize] = true;
            at += 1;
        }
        table
    };
    !value.is_empty() && !value.bytes().any(|b| ENDS_VALUE[usize::from(b)])
}

/// Whether `{{`, `{%` and `{#` start tera tags (a template) or are text (a page's body).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Template,
    Html,
}

/// What is on one side of a run of white space.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Side {
    /// The start or end of the text.
    Edge,
    /// A tag of an element laid out as a block: white space beside it is never shown.
    Block,
    /// A tag of an element that is not shown at all.
    Hidden,
    /// Text, an inline element's tag, or something a template decides only when it renders.
    Other,
}

/// What may precede a run of white space: a template's branches and loops can put one
/// of several things there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Sides(u8);

impl Sides {
    const NONE: Sides = Sides(0);

    fn one(side: Side) -> Sides {
        Sides(1 << side as u8)
    }

    fn and(self, other: Sides) -> Sides {
        Sides(self.0 | other.0)
    }

    fn all(self, test: impl Fn(Side) -> bool) -> bool {
        [Side::Edge, Side::Block, Side::Hidden, Side::Other]
            .into_iter()
            .filter(|side| self.0 & (1 << *side as u8) != 0)
            .all(test)
    }
}

/// An `if` or a `for` the compactor is inside: what preceded it, and what may precede its end.
struct Branching {
    before: Sides,
    ends: Sides,
    has_else: bool,
}

/// Elements whose content is kept exactly as written.
const RAW_TEXT_ELEMENTS: &[&str] = &["pre", "script", "style", "textarea"];

/// `html` with the white space no reader sees taken out (see the module's documentation).
pub fn compact(html: &str, syntax: Syntax) -> String {
    let mut compactor = Compactor {
        text: html,
        at: 0,
        out: String::with_capacity(html.len()),
        last: Sides::one(Side::Edge),
        open: Vec::new(),
        syntax,
    };
    compactor.run();
    compactor.out
}

struct Compactor<'a> {
    text: &'a str,
    at: usize,
    out: String,
    /// What the last thing written may be, for the white space that follows it.
    last: Sides,
    /// The `if`s and `for`s of a template around the place being read.
    open: Vec<Branching>,
    syntax: Syntax,
}

impl<'a> Compactor<'a> {
    fn rest(&self) -> &'a str {
        let text: &'a str = self.text;
        &text[self.at..]
    }

    fn run(&mut self) {
        while self.at < self.text.len() {
            let rest = self.rest();
            if let Some(length) = self.tera_tag_length(rest) {
                self.tera_tag(length);
            } else if rest.starts_with("<!--") {
                let length = rest.find("-->").map_or(rest.len(), |end| end + 3);
                self.copy(length);
            } else if let Some(name) = tag_name(rest) {
                self.tag(name);
            } else if rest.starts_with(is_line_space) {
                self.white_space();
            } else {
                // Text, spaces included, up to what may need a decision. In a body only a
                // tag and a line break do (a tab is copied as it is).
                let after_first = &rest.as_bytes()[1..];
                let stop = match self.syntax {
                    Syntax::Html => memchr::memchr3(b'<', b'\n', b'\r', after_first),
                    Syntax::Template => {
                        after_first.iter().position(|&b| b == b'<' || b == b'{' || is_line_space(b as char))
                    }
                };
                let length = stop.map_or(rest.len(), |at| at + 1);
                if rest.as_bytes()[..length].iter().any(|b| *b != b' ') {
                    self.last = Sides::one(Side::Other);
                }
                self.copy(length);
            }
        }
    }

    fn copy(&mut self, length: usize) {
        self.out.push_str(&self.text[self.at..self.at + length]);
        self.at += length;
    }

    /// The length of the tera tag that `text` starts with, in a template.
    fn tera_tag_length(&self, text: &'a str) -> Option<usize> {
        if self.syntax != Syntax::Template {
            return None;
        }
        let close = match text.get(..2)? {
            "{{" => "}}",
            "{%" => "%}",
            "{#" => "#}",
            _ => return None,
        };
        Some(tera_tag_end(text, close))
    }

    fn tera_tag(&mut self, length: usize) {
        let tag = &self.rest()[..length];
        let words = tag_words(tag);
        if words == "raw" {
            let body_start = self.at + length;
            let end = statements(self.text, body_start)
                .find(|(_, word)| *word == "endraw")
                .map_or(self.text.len(), |(end, _)| end);
            self.copy(end - self.at);
            self.last = Sides::one(Side::Other);
            return;
        }
        self.copy(length);
        self.follow_branches(tag, words);
    }

    /// What may precede what follows tera tag `tag`: the same as before it for a tag that
    /// shows nothing and for the start of an `if`; any end of its branches after an `if` or a
    /// `for` (or what preceded it, when it may run no branch); text after anything else.
    fn follow_branches(&mut self, tag: &str, first_word: &str) {
        if shows_nothing(tag, first_word) {
            return;
        }
        let last = self.last;
        match (first_word, self.open.last_mut()) {
            ("if", _) => self.open.push(Branching { before: last, ends: Sides::NONE, has_else: false }),
            ("for", _) => {
                self.open.push(Branching { before: last, ends: Sides::NONE, has_else: false });
                // The body may follow its own end.
                self.last = Sides::one(Side::Other);
            }
            ("elif" | "else", Some(open)) => {
                open.ends = open.ends.and(last);
                open.has_else |= first_word == "else";
                self.last = open.before;
            }
            ("endif" | "endfor", Some(_)) => {
                let open = self.open.pop().expect("matched by the arm");
                let ends = open.ends.and(last);
                self.last = if open.has_else { ends } else { ends.and(open.before) };
            }
            _ => self.last = Sides::one(Side::Other),
        }
    }

    /// A start or end tag: its name classifies it; white space inside it shrinks and plain
    /// attribute values lose their quotes; a raw-text element's content is copied as is.
    fn tag(&mut self, name: &str) {
        let side = side_of(name);
        let is_end = self.rest().starts_with("</");
        let raw_text = (!is_end).then(|| RAW_TEXT_ELEMENTS.iter().find(|raw| raw.eq_ignore_ascii_case(name))).flatten();
        self.inside_tag();
        self.last = Sides::one(side);
        if let Some(raw_name) = raw_text {
            let rest = self.rest();
            let end = find_end_tag(rest, raw_name).unwrap_or(rest.len());
            self.copy(end);
        }
    }

    fn inside_tag(&mut self) {
        // `<`, `</` or `<!`, and the name.
        let rest = self.rest();
        let prefix = if rest.starts_with("</") || rest.starts_with("<!") { 2 } else { 1 };
        let name_length =
            rest[prefix..].find(|c: char| is_space(c) || matches!(c, '>' | '/' | '{')).unwrap_or(rest.len() - prefix);
        self.copy(prefix + name_length);
        let mut pending_space = false;
        while self.at < self.text.len() {
            let rest = self.rest();
            if rest.starts_with('>') {
                self.copy(1);
                return;
            }
            if rest.starts_with(is_space) {
                let length = rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
                self.at += length;
                pending_space = true;
                continue;
            }
            if pending_space {
                self.out.push(' ');
                pending_space = false;
            }
            if let Some(length) = self.tera_tag_length(rest) {
                self.copy(length);
                let tag = &rest[..length];
                self.follow_branches(tag, tag_words(tag));
            } else if let Some(quote) =
                rest.strip_prefix('=').and_then(|value| value.chars().next()).filter(|q| *q == '"' || *q == '\'')
            {
                self.attribute_value(quote);
            } else {
                let length = rest.chars().next().map_or(1, char::len_utf8);
                self.copy(length);
            }
        }
    }

    /// `="value"`: without quotes when the value is plain and what follows it cannot join it.
    fn attribute_value(&mut self, quote: char) {
        let rest = self.rest();
        let value_start = 2;
        let mut at = value_start;
        let mut has_tera = false;
        while at < rest.len() {
            let here = &rest[at..];
            if here.starts_with(quote) {
                break;
            }
            if let Some(length) = self.tera_tag_length(here) {
                has_tera = true;
                at += length;
            } else {
                at += here.chars().next().map_or(1, char::len_utf8);
            }
        }
        let value = &rest[value_start..at.min(rest.len())];
        let closed = at < rest.len();
        let separated = closed && self.separated_at(self.at + at + 1);
        if closed && !has_tera && is_plain(value) && separated {
            self.out.push('=');
            self.out.push_str(value);
            self.at += at + 1;
        } else if let Some((before, expression, after)) =
            (self.syntax == Syntax::Template && closed && separated).then(|| one_expression(value)).flatten()
        {
            let mut call = format!("={{{{ ({expression}) | {ATTRIBUTE_FILTER}");
            if !before.is_empty() || !after.is_empty() {
                call.push_str(&format!("(before=\"{before}\", after=\"{after}\")"));
            }
            call.push_str(" }}");
            self.out.push_str(&call);
            self.at += at + 1;
        } else {
            self.copy(if closed { at + 1 } else { rest.len() });
        }
    }

    /// A run of white space outside tags: gone, or one character (see the module's rule).
    /// Spaces just written are the start of the run: text runs copy spaces as they are
    /// and stop at any other white space.
    fn white_space(&mut self) {
        let rest = self.rest();
        let length = rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
        let has_line_break = rest[..length].contains(['\n', '\r']);
        let next = self.next_side(self.at + length);
        self.at += length;
        let spaces_before = self.out.len() - self.out.trim_end_matches(' ').len();
        self.out.truncate(self.out.len() - spaces_before);
        if has_line_break && self.last.all(|before| unseen_between(before, next)) {
            return;
        }
        self.out.push(if has_line_break { '\n' } else { ' ' });
    }

    /// What the text from `at` on starts with, looking past white space, comments and
    /// tera tags that show nothing.
    fn next_side(&self, mut at: usize) -> Side {
        loop {
            let rest = &self.text[at..];
            if rest.is_empty() {
                return Side::Edge;
            }
            if rest.starts_with(is_space) {
                at += rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
            } else if rest.starts_with("<!--") {
                at += rest.find("-->").map_or(rest.len(), |end| end + 3);
            } else if let Some(length) = self.tera_tag_length(rest) {
                let tag = &rest[..length];
                let first_word = tag_words(tag);
                if shows_nothing(tag, first_word) || first_word == "endif" {
                    at += length;
                } else if matches!(first_word, "elif" | "else") {
                    // The end of a branch: what follows is what follows the whole `if`.
                    match self.end_of_if(at + length) {
                        Some(end) => at = end,
                        None => return Side::Other,
                    }
                } else {
                    return Side::Other;
                }
            } else if let Some(name) = tag_name(rest) {
                return side_of(name);
            } else {
                return Side::Other;
            }
        }
    }
}

/// A value made of one `{{ … }}` tag (without white space control, whose effect would
/// change) between plain text that escaping leaves as it is: the text before, the
/// expression and the text after.
fn one_expression(value: &str) -> Option<(&str, &str, &str)> {
    let start = value.find("{{")?;
    let length = tera_tag_end(&value[start..], "}}");
    let (before, tag, after) = (&value[..start], &value[start..start + length], &value[start + length..]);
    let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?;
    let controls_space = inner.starts_with(['-', '+']) || inner.ends_with(['-', '+']);
    let literal = |text: &str| text.is_empty() || (is_plain(text) && !text.contains(['&', '\\']));
    (literal(before) && literal(after) && !controls_space && !inner.trim().is_empty())
        .then(|| (before, inner.trim(), after))
}

impl Compactor<'_> {
    /// Whether what the template shows from `at` on starts with white space or `>`, so an
    /// attribute value just before cannot run into it: also through an `if` each of whose
    /// branches starts so, as in `"{{ href }}"{% if lang %} hreflang="{{ lang }}"{% endif %}>`.
    fn separated_at(&self, at: usize) -> bool {
        let rest = &self.text[at..];
        if rest.starts_with(|c: char| c == '>' || is_space(c)) {
            return true;
        }
        let Some(length) = self.tera_tag_length(rest).filter(|_| rest.starts_with("{%")) else {
            return false;
        };
        match tag_words(&rest[..length]) {
            "if" => {}
            "endif" => return self.separated_at(at + length),
            // The end of a branch: what follows is what follows the whole `if`.
            "elif" | "else" => return self.end_of_if(at + length).is_some_and(|end| self.separated_at(end)),
            _ => return false,
        }
        // Each branch, and what follows the `if` when no branch runs.
        let mut branch_start = at + length;
        let mut has_else = false;
        let mut depth = 0usize;
        for (end, word) in statements(self.text, branch_start) {
            match word {
                "if" => depth += 1,
                "endif" if depth > 0 => depth -= 1,
                "elif" | "else" | "endif" if depth == 0 => {
                    if !self.text[branch_start..].starts_with(is_space) {
                        return false;
                    }
                    if word == "endif" {
                        return has_else || self.separated_at(end);
                    }
                    has_else |= word == "else";
                    branch_start = end;
                }
                _ => {}
            }
        }
        false
    }

    /// Where the `endif` that closes the `if` around `at` ends.
    fn end_of_if(&self, at: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (end, word) in statements(self.text, at) {
            match word {
                "if" => depth += 1,
                "endif" if depth == 0 => return Some(end),
                "endif" => depth -= 1,
                _ => {}
            }
        }
        None
    }
}

/// The `{% … %}` tags of `text` from `at` on: where each ends, and its first word.
fn statements(text: &str, at: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut search = at;
    std::iter::from_fn(move || {
        let start = search + text[search..].find("{%")?;
        let end = start + tera_tag_end(&text[start..], "%}");
        search = end;
        Some((end, tag_words(&text[start..end])))
    })
}

/// Whether white space between `before` and `after` is never shown.
fn unseen_between(before: Side, after: Side) -> bool {
    let quiet = |side: Side| matches!(side, Side::Block | Side::Hidden | Side::Edge);
    before == Side::Block
        || after == Side::Block
        || (before == Side::Hidden && quiet(after))
        || (after == Side::Hidden && quiet(before))
}

/// White space other than the plain space, which text runs copy as it is.
fn is_line_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\x0C')
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// The name of the tag `text` starts with (`<name` or `</name`; `<!doctype` counts as
/// `html`), or `None` when the `<` is text.
fn tag_name(text: &str) -> Option<&str> {
    let after = text.strip_prefix('<')?;
    if after.get(..8).is_some_and(|word| word.eq_ignore_ascii_case("!doctype")) {
        return Some("html");
    }
    let after = after.strip_prefix('/').unwrap_or(after);
    let length = after.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(after.len());
    after.starts_with(|c: char| c.is_ascii_alphabetic()).then(|| &after[..length])
}

fn side_of(name: &str) -> Side {
    let lower;
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = name.to_ascii_lowercase();
        lower.as_str()
    } else {
        name
    };
    match name {
        // Laid out as blocks by default (the HTML standard's rendering section): white space
        // at either edge is not rendered.
        "address" | "article" | "aside" | "blockquote" | "body" | "br" | "caption" | "col" | "colgroup" | "dd"
        | "details" | "dialog" | "div" | "dl" | "dt" | "fieldset" | "figcaption" | "figure" | "footer" | "form"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "header" | "hgroup" | "hr" | "html" | "legend" | "li"
        | "main" | "menu" | "nav" | "ol" | "optgroup" | "option" | "p" | "search" | "section" | "summary" | "table"
        | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" | "ul" => Side::Block,
        // Never shown.
        "base" | "link" | "meta" | "script" | "style" | "template" | "title" => Side::Hidden,
        _ => Side::Other,
    }
}

/// Where `</name` starts in `text`, in any case.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    text.match_indices("</")
        .map(|(at, _)| at)
        .find(|&at| text.get(at + 2..at + 2 + name.len()).is_some_and(|word| word.eq_ignore_ascii_case(name)))
}

/// The length of the tera tag at the start of `text` that ends with `close`, past any
/// string literal in it; the rest of the text when it does not end.
fn tera_tag_end(text: &str, close: &str) -> usize {
    if close == "#}" {
        // A comment's quotes are words ("a country's"), not strings.
        return text.find(close).map_or(text.len(), |at| at + close.len());
    }
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices().skip(2) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if text[at..].starts_with(close) => return at + close.len(),
            None => {}
        }
    }
    text.len()
}

/// The first word of a tera tag (`if`, `endfor`, `raw`), without whitespace control.
fn tag_words(tag: &str) -> &str {
    let inner = tag.get(2..tag.len().saturating_sub(2)).unwrap_or("");
    let inner = inner.trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
    inner.split(|c: char| c.is_whitespace()).next().unwrap_or("")
}

/// Tera tags that render nothing: comments, `set`, `extends` and `import`.
fn shows_nothing(tag: &str, first_word: &str) -> bool {
    tag.starts_with("{#")
        || (tag.starts_with("{%") && matches!(first_word, "set" | "set_global" | "extends" | "import"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> String {
        compact(text, Syntax::Template)
    }

    #[test]
    fn line_breaks_beside_block_tags_go_and_spaces_on_a_line_stay() {
        assert_eq!(template("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(template("<h3>Title</h3> <span>when</span>"), "<h3>Title</h3> <span>when</span>");
        assert_eq!(template("<a href=\"/a\">A</a>\n<a href=\"/b\">B</a>"), "<a href=/a>A</a>\n<a href=/b>B</a>");
        assert_eq!(template("<p>one\n   two</p>"), "<p>one\ntwo</p>");
    }

    #[test]
    fn hidden_elements_lose_line_breaks_only_between_quiet_neighbours() {
        assert_eq!(
            template("<!DOCTYPE html>\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n</head>"),
            "<!DOCTYPE html><head><meta charset=utf-8><title>T</title></head>"
        );
        assert_eq!(template("word\n<script src=\"a.js\"></script>\nword"), "word\n<script src=a.js></script>\nword");
    }

    #[test]
    fn tera_tags_stay_as_written_and_may_show_text() {
        let source = "<li{% if current %} aria-current=\"true\"{% endif %}>{{ name | default(value=\"a  b\") }}</li>\n{% for x in xs %}\n<span>{{ x }}</span>\n{% endfor %}";
        assert_eq!(
            template(source),
            "<li{% if current %} aria-current=true{% endif %}>{{ name | default(value=\"a  b\") }}</li>{% for x in xs %}\n<span>{{ x }}</span>\n{% endfor %}"
        );
        assert_eq!(template("<p>\n{% if a %}\n<p>"), "<p>{% if a %}<p>");
        assert_eq!(template("{# a country's #}<dl class=\"x\">\n<dt>"), "{# a country's #}<dl class=x><dt>");
        assert_eq!(template("{% raw %}<p>\n\n</p>{% endraw %}\n<p>"), "{% raw %}<p>\n\n</p>{% endraw %}<p>");
    }

    #[test]
    fn quotes_stay_where_a_value_is_not_plain_or_could_join_what_follows() {
        assert_eq!(
            template("<a class=\"x y\" href=\"{{ h }}{{ i }}\" title=\"\">"),
            "<a class=\"x y\" href=\"{{ h }}{{ i }}\" title=\"\">"
        );
        assert_eq!(template("<img src=\"a\"/>"), "<img src=\"a\"/>");
        assert_eq!(template("<a class=\"a\"{{ more }}>"), "<a class=\"a\"{{ more }}>");
        assert_eq!(
            template("<a href=\"#{{ id }}/\" lang=\"{{ lang }}\">"),
            format!(
                "<a href={{{{ (id) | {ATTRIBUTE_FILTER}(before=\"#\", after=\"/\") }}}} lang={{{{ (lang) | {ATTRIBUTE_FILTER} }}}}>"
            )
        );
        assert_eq!(
            template("<a href=\"/a\"{% if l %} hreflang=\"x\"{% elif m %} id=\"m\"{% endif %}>"),
            "<a href=/a{% if l %} hreflang=x{% elif m %} id=m{% endif %}>"
        );
        assert_eq!(template("<a href=\"/a\"{% if l %}x{% endif %}>"), "<a href=\"/a\"{% if l %}x{% endif %}>");
        assert_eq!(
            template("<a href=\"/a\"{% if l %} x{% endif %}{{ y }}>"),
            "<a href=\"/a\"{% if l %} x{% endif %}{{ y }}>"
        );
        assert_eq!(template("<a\n   class='a'\n   id=\"b\" >"), "<a class=a id=b>");
    }

    #[test]
    fn spaces_before_a_line_break_are_part_of_its_run() {
        assert_eq!(compact("<p>a  </p>  \n  <p>b \n c</p>", Syntax::Html), "<p>a  </p><p>b\nc</p>");
    }

    #[test]
    fn raw_text_and_braces_in_a_body_stay() {
        let body = "<pre><code>a\n\n  b\n</code></pre>\n<p>{{ not a tag }}\n{% neither %}</p>\n";
        assert_eq!(
            compact(body, Syntax::Html),
            "<pre><code>a\n\n  b\n</code></pre><p>{{ not a tag }}\n{% neither %}</p>"
        );
        assert_eq!(compact("<em>a</em>\n<em>b</em>", Syntax::Html), "<em>a</em>\n<em>b</em>");
        assert_eq!(compact("a < b\n<p>", Syntax::Html), "a < b<p>");
    }

    /// What compacting may change: white space, and the quotes around attribute values.
    fn visible(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'').collect()
    }

    proptest::proptest! {
        /// Hostile bodies and templates (a site's own templates are content too): nothing
        /// panics, and nothing but white space and quotes changes, except where a template's
        /// attribute value became a call of the attribute filter.
        #[test]
        fn only_white_space_and_quotes_change(text in "[a-zé<>/\"'= \n\t!{}%#p-]{0,80}") {
            proptest::prop_assert_eq!(visible(&compact(&text, Syntax::Html)), visible(&text));
            let template = compact(&text, Syntax::Template);
            if !template.contains(ATTRIBUTE_FILTER) {
                proptest::prop_assert_eq!(visible(&template), visible(&text));
            }
        }
    }
}

//! Markdown with one parser configuration for both uses: `resolve` reads a body's
//! outline (heading ids, internal links to check, the plain text search indexes), and
//! `render` turns it into HTML with the heading ids of that outline, so an anchor checked
//! at resolve time is the anchor that is rendered (and the ids are worked out once).
//!
//! Raw HTML in markdown is shown as text, never passed through: content may come from
//! many hands and a citizen's page must not carry injected markup. For the same reason a
//! heading's attribute block carries only its `{#id}`: any other attribute (`onfocus=…`,
//! `autofocus`, a class) is reported by [`outline`] and never rendered.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape as escape;

use crate::diagnostics::Code;
use crate::model::{Heading, InternalLink, PlainText, WrittenLink, is_safe_segment};

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
}

/// What `resolve` needs from a body.
#[derive(Debug, Default, Clone)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// Headings whose written `{#id}` repeats an earlier one, with their span.
    pub duplicate_ids: Vec<(String, Range<usize>)>,
    pub internal_links: Vec<WrittenLink>,
    /// Links to other sites (`http`, `https`, `mailto`, `tel`), listed by `check`.
    pub external_links: Vec<WrittenLink>,
    /// Where blocks first nest deeper than [`MAX_NESTING`], if they do.
    pub too_deep: Option<Range<usize>>,
    /// What a heading's attribute block holds besides a safe `{#id}`, with its span.
    pub heading_problems: Vec<(HeadingProblem, Range<usize>)>,
    /// The body's plain text, kept from this parse for the search index.
    pub plain: PlainText,
}

/// Something in a heading's `{…}` block that is not rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadingProblem {
    #[error("`{{#{0}}}` cannot be a heading id")]
    UnsafeId(String),
    #[error("a heading takes no class (`.{0}`)")]
    Class(String),
    #[error("a heading takes no attribute `{0}`")]
    Attribute(String),
}

impl HeadingProblem {
    pub fn code(&self) -> Code {
        match self {
            HeadingProblem::UnsafeId(_) => Code::BadHeadingId,
            HeadingProblem::Class(_) | HeadingProblem::Attribute(_) => Code::HeadingAttribute,
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            HeadingProblem::UnsafeId(_) => "use letters, digits, `-` and `_` in an id, such as `{#what-next}`",
            HeadingProblem::Class(_) | HeadingProblem::Attribute(_) => {
                "a heading's `{…}` block holds only its id, such as `{#contact}`: remove everything else"
            }
        }
    }
}

/// The problems of one heading's attribute block: an unsafe id, any class, any attribute.
fn heading_problems(id: Option<&str>, classes: &[CowStr], attrs: &[(CowStr, Option<CowStr>)]) -> Vec<HeadingProblem> {
    let id = id.filter(|id| !is_safe_segment(id)).map(|id| HeadingProblem::UnsafeId(id.to_string()));
    let classes = classes.iter().map(|class| HeadingProblem::Class(class.to_string()));
    let attrs = attrs.iter().map(|(name, value)| {
        HeadingProblem::Attribute(match value {
            Some(value) => format!("{name}={value}"),
            None => name.to_string(),
        })
    });
    id.into_iter().chain(classes).chain(attrs).collect()
}

/// The span of a heading's `{…}` block in `body`, or of the heading when it has none.
fn attribute_block_span(body: &str, heading: &Range<usize>) -> Range<usize> {
    let text = body.get(heading.clone()).unwrap_or("");
    match text.rfind('{') {
        Some(at) => {
            let end = text[at..].find('}').map_or(text.len(), |close| at + close + 1);
            heading.start + at..heading.start + end
        }
        None => heading.clone(),
    }
}

/// How deep lists and quotes may nest. Real pages stay under ten; the limit keeps every
/// later stage (HTML minifying, browsers) far from their recursion limits.
pub const MAX_NESTING: usize = 48;

/// One pass over the body, without keeping its events: ids are given once every
/// heading is known, since a written `{#id}` further down reserves its id.
pub fn outline(body: &str) -> Outline {
    let mut outline = Outline { plain: PlainText::for_body(body), ..Outline::default() };
    let mut written: Vec<WrittenHeading> = Vec::new();
    let mut current: Option<WrittenHeading> = None;
    let mut depth = 0usize;
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING && outline.too_deep.is_none() {
                    outline.too_deep = Some(span.clone());
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) {
                    outline.plain.push_break();
                }
            }
            Event::Text(text) => outline.plain.push_text(body, span.clone(), text),
            Event::SoftBreak | Event::HardBreak => outline.plain.push_space(),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let problems = heading_problems(id.as_deref(), &classes, &attrs);
                let block = attribute_block_span(body, &span);
                outline.heading_problems.extend(problems.into_iter().map(|problem| (problem, block.clone())));
                current = Some(WrittenHeading { level, id: id.map(|i| i.to_string()), text: String::new(), span })
            }
            Event::End(TagEnd::Heading(_)) => written.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(&text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                outline.internal_links.push(WrittenLink { destination: dest_url.to_string(), span });
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.contains(':') => {
                outline.external_links.push(WrittenLink { destination: dest_url.to_string(), span });
            }
            _ => {}
        }
    }
    let mut seen = HashSet::new();
    for (heading, id) in written.iter().zip(heading_ids(&written)) {
        if !seen.insert(id.clone()) {
            outline.duplicate_ids.push((id.clone(), heading.span.clone()));
        }
        outline.headings.push(Heading {
            level: level_number(heading.level),
            id,
            text: heading.text.trim().to_string(),
        });
    }
    outline.plain.shrink_to_fit();
    outline
}

/// The text a reader reads, for readability scores: paragraphs and list items on lines
/// of their own, headings and table cells included, code left out.
pub fn plain_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                text.push_str("\n\n")
            }
            _ => {}
        }
    }
    text
}

/// The plain text of the section under the heading with id `id` (the heading left out),
/// up to the next heading of its level or higher: what a letter's `{#what-to-do}` says,
/// for the data export. `None` when no heading has that id.
pub fn section_text(body: &str, id: &str) -> Option<String> {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();
    let headings = written_headings(&events);
    let at = heading_ids(&headings).iter().position(|found| found == id)?;
    let heading = &headings[at];
    let end = headings[at + 1..].iter().find(|h| h.level <= heading.level).map_or(body.len(), |h| h.span.start);
    let section = body.get(heading.span.end..end)?;
    Some(plain_text(section).trim().to_string())
}

/// A heading as the body writes it.
struct WrittenHeading {
    level: HeadingLevel,
    /// Its `{#id}`, if written.
    id: Option<String>,
    text: String,
    span: Range<usize>,
}

/// The headings of a body's events, in order.
fn written_headings(events: &[(Event, Range<usize>)]) -> Vec<WrittenHeading> {
    let mut written = Vec::new();
    let mut current: Option<WrittenHeading> = None;
    for (event, span) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some(WrittenHeading {
                    level: *level,
                    id: id.as_ref().map(|i| i.to_string()),
                    text: String::new(),
                    span: span.clone(),
                })
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => written.extend(current.take()),
            _ => {}
        }
    }
    written
}

/// The id of every heading in order: the written `{#id}` when there is one (and it is
/// safe: an unsafe one is reported by [`outline`] and never rendered), else a slug of its
/// text made unique on the page (`-2`, `-3`, … for repeats). Written ids are reserved
/// first, so a slug never takes an id written further down.
fn heading_ids(headings: &[WrittenHeading]) -> Vec<String> {
    fn written_id(heading: &WrittenHeading) -> Option<&str> {
        heading.id.as_deref().filter(|id| is_safe_segment(id))
    }
    let written: HashSet<&str> = headings.iter().filter_map(written_id).collect();
    let mut slugs = UniqueSlugs { reserved: written, used: HashSet::new(), next_suffix: HashMap::new() };
    let mut ids = Vec::with_capacity(headings.len());
    for heading in headings {
        let id = match written_id(heading) {
            Some(id) => id.to_string(),
            None => slugs.unique(&slug(&heading.text)),
        };
        slugs.used.insert(id.clone());
        ids.push(id);
    }
    ids
}

/// Slugs made unique on a page. Remembers, per slug, the next suffix to try: every
/// smaller one is taken for good, so a page of n equal headings costs n lookups, not
/// n²/2 (50,000 equal headings took minutes when each repeat counted up from `-2`).
struct UniqueSlugs<'a> {
    reserved: HashSet<&'a str>,
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueSlugs<'_> {
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let taken = |candidate: &str| self.reserved.contains(candidate) || self.used.contains(candidate);
        if !taken(base) {
            return base.to_string();
        }
        let next = self.next_suffix.get(base).copied().unwrap_or(2);
        let (suffix, candidate) = (next..)
            .map(|n| (n, format!("{base}-{n}")))
            .find(|(_, candidate)| !taken(candidate))
            .unwrap_or_else(|| (next, format!("{base}-{next}")));
        self.next_suffix.insert(base.to_string(), suffix + 1);
        candidate
    }
}

/// A URL fragment from heading text: lower case, letters and digits kept (any script),
/// everything else folded into single hyphens.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(slug.trim_end_matches('-').len());
    slug
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Why an `@/` link cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkProblem {
    #[error("`{0}` is not a content path: it must end in `.md`, like `@/nl/procedures/poortwachter.md`")]
    NotAContentPath(String),
    #[error("`{0}` does not name a page: {1}")]
    NotAPage(String, String),
}

/// Reads `@/nl/procedures/poortwachter.md#step` (or with a pinned language,
/// `@/nl/procedures/poortwachter.en.md`).
pub fn parse_internal_link(
    destination: &str,
    languages: &[&str],
    default_language: &str,
) -> Result<InternalLink, LinkProblem> {
    let rest = destination.strip_prefix("@/").unwrap_or(destination);
    let (path, anchor) = match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (rest, None),
    };
    let Some(stem) = path.strip_suffix(".md") else {
        return Err(LinkProblem::NotAContentPath(destination.to_string()));
    };
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, lang)) if languages.contains(&lang) => (base, Some(lang.to_string())),
        _ => (stem, None),
    };
    let with_language = format!("{base}.{}.md", lang.as_deref().unwrap_or(default_language));
    let (target, _) = crate::model::page_of(std::path::Path::new(&with_language))
        .map_err(|problem| LinkProblem::NotAPage(destination.to_string(), problem.to_string()))?;
    Ok(InternalLink { target, lang, anchor: anchor.filter(|a| !a.is_empty()) })
}

/// Where an `@/` link leads for the reader of a page, and how to mark it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub href: String,
    /// Set when the reader will see the page in another language than theirs (a
    /// fallback).
    pub language: Option<TargetLanguage>,
}

/// The language a link leads into, when it is not the reader's: the link gets its code
/// as `hreflang`, and its name after the link text ("(English)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLanguage {
    pub code: String,
    /// The language's name, in the reader's language.
    pub name: String,
    /// The reader's language, given when the text around the link is in another one
    /// (a fallback page), so the name is read as the reader's words.
    pub name_lang: Option<String>,
}

/// What closes a link: nothing (a link that cannot be followed is left out, its text
/// kept), `</a>` as pulldown-cmark writes it, the language name and `</a>`, or `</a>` of
/// an address link written as HTML of our own.
enum LinkEnd {
    Dropped,
    Plain,
    Tagged(String),
    Html,
}

/// The opening tag of an `@/` link that leads into another language, and what closes it.
fn tagged_link(href: &str, title: &str, language: &TargetLanguage) -> (String, String) {
    let mut start = String::from("<a href=\"");
    // Writing into a String cannot fail.
    let _ = escape::escape_href(&mut start, href);
    start.push_str("\" hreflang=\"");
    let _ = escape::escape_html(&mut start, &language.code);
    start.push('"');
    if !title.is_empty() {
        start.push_str(" title=\"");
        let _ = escape::escape_html(&mut start, title);
        start.push('"');
    }
    start.push('>');
    let mut end = String::from(" <span class=\"lang-tag\"");
    if let Some(lang) = &language.name_lang {
        end.push_str(" lang=\"");
        let _ = escape::escape_html(&mut end, lang);
        end.push('"');
    }
    end.push_str(">(");
    let _ = escape::escape_html_body_text(&mut end, &language.name);
    end.push_str(")</span></a>");
    (start, end)
}

/// Renders a body to HTML. `headings` are the body's own, as [`outline`] gave them (their
/// ids are rendered). `href_for` turns an `@/` link into where it leads (or `None` when
/// it cannot be followed; `resolve` has already reported those, and the link then renders
/// as its text). Raw HTML is escaped.
pub fn to_html(body: &str, headings: &[Heading], href_for: &dyn Fn(&str) -> Option<LinkTarget>) -> String {
    to_html_sections(body, headings, &[], href_for).into_iter().map(|(_, html)| html).collect()
}

/// Renders a body cut into sections: the text under each heading whose id is in
/// `step_ids` (without the heading: the page shows the step's own title), and the other
/// parts, each starting at a heading of the steps' level or higher. `headings` are the
/// body's own, as [`outline`] gave them: their ids are unique over the whole body, so
/// they stay unique on the page.
pub fn to_html_sections<'a>(
    body: &'a str,
    headings: &'a [Heading],
    step_ids: &[&str],
    href_for: &dyn Fn(&str) -> Option<LinkTarget>,
) -> Vec<(Option<String>, String)> {
    let step_level = headings.iter().filter(|h| step_ids.contains(&h.id.as_str())).map(|h| h.level).min();
    let mut ids = headings.iter().map(|h| h.id.as_str());
    let mut sections: Vec<(Option<String>, Vec<Event>)> = vec![(None, Vec::new())];
    let mut in_step_heading = false;
    let mut link_ends: Vec<LinkEnd> = Vec::new();
    for event in Parser::new_ext(body, options()) {
        let event = match event {
            // Only the id is rendered: classes and attributes are reported by `outline`.
            Event::Start(Tag::Heading { level, .. }) => {
                let id = ids.next().unwrap_or_default();
                let is_step = step_ids.contains(&id);
                if is_step || step_level.is_some_and(|step| level_number(level) <= step) {
                    sections.push((is_step.then(|| id.to_string()), Vec::new()));
                }
                if is_step {
                    in_step_heading = true;
                    continue;
                }
                Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::Borrowed(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(_)) if in_step_heading => {
                in_step_heading = false;
                continue;
            }
            _ if in_step_heading => continue,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                if dest_url.starts_with("@/") {
                    match href_for(&dest_url) {
                        Some(LinkTarget { href, language: Some(language) }) => {
                            let (start, end) = tagged_link(&href, &title, &language);
                            link_ends.push(LinkEnd::Tagged(end));
                            Event::InlineHtml(CowStr::from(start))
                        }
                        Some(LinkTarget { href, language: None }) => {
                            link_ends.push(LinkEnd::Plain);
                            Event::Start(Tag::Link { link_type, dest_url: CowStr::from(href), title, id })
                        }
                        None => {
                            link_ends.push(LinkEnd::Dropped);
                            continue;
                        }
                    }
                } else if shows_address(link_type, &dest_url) {
                    link_ends.push(LinkEnd::Html);
                    Event::Html(CowStr::from(left_to_right_link(link_type, &safe_url(dest_url, link_type), &title)))
                } else {
                    link_ends.push(LinkEnd::Plain);
                    Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url, link_type), title, id })
                }
            }
            Event::End(TagEnd::Link) => match link_ends.pop() {
                Some(LinkEnd::Dropped) => continue,
                Some(LinkEnd::Tagged(end)) => Event::InlineHtml(CowStr::from(end)),
                Some(LinkEnd::Plain) | None => Event::End(TagEnd::Link),
                Some(LinkEnd::Html) => Event::Html(CowStr::from("</a>")),
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url, link_type), title, id })
            }
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        };
        if let Some((_, section)) = sections.last_mut() {
            // A wide table scrolls inside its own box on a phone; the box takes keyboard
            // focus so it can be scrolled without a mouse.
            let closes_table = matches!(event, Event::End(TagEnd::Table));
            if matches!(event, Event::Start(Tag::Table(_))) {
                section.push(Event::Html(CowStr::from(r#"<div class="table-scroll" tabindex="0">"#)));
            }
            section.push(event);
            if closes_table {
                section.push(Event::Html(CowStr::from("</div>")));
            }
        }
    }
    sections
        .into_iter()
        .filter(|(step, events)| step.is_some() || !events.is_empty())
        .map(|(step, events)| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            (step, html)
        })
        .collect()
}

/// Whether a link shows an address rather than words: `<https://…>`, `<name@host>` or a
/// `tel:` link, whose text is a phone number. Those run left to right in any language: in
/// Arabic text an unmarked `https://www.uwv.nl/` shows its last `/` at the front, and
/// `088 898 92 94` its groups of digits in reverse order.
fn shows_address(link_type: LinkType, destination: &str) -> bool {
    matches!(link_type, LinkType::Autolink | LinkType::Email)
        || destination.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:"))
}

/// The opening tag of an address link with `dir="ltr"`, escaped as pulldown-cmark escapes
/// its own links.
fn left_to_right_link(link_type: LinkType, href: &str, title: &str) -> String {
    let mut html = String::from("<a href=\"");
    if link_type == LinkType::Email {
        html.push_str("mailto:");
    }
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut html, href);
    if !title.is_empty() {
        html.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut html, title);
    }
    html.push_str("\" dir=\"ltr\">");
    html
}

/// A URL from front matter (a website, a source) made safe for `href`.
pub fn safe_href(url: &str) -> String {
    safe_url(CowStr::from(url), LinkType::Inline).to_string()
}

/// Keeps only URL schemes that cannot run script; anything else becomes `#`.
fn safe_url(url: CowStr<'_>, _link_type: LinkType) -> CowStr<'_> {
    let lower: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None => url,
        Some(s) if s.contains('/') || s.contains('?') || s.contains('#') => url,
        Some("http" | "https" | "mailto" | "tel") => url,
        Some(_) => CowStr::from("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body rendered whole, with the heading ids its outline gives.
    fn rendered(body: &str) -> String {
        to_html(body, &outline(body).headings, &|_| None)
    }

    #[test]
    fn written_ids_are_kept_and_others_slugged() {
        let o = outline("## Probleemanalyse {#probleemanalyse}\n\n## What happens next?\n");
        let ids: Vec<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["probleemanalyse", "what-happens-next"]);
    }

    #[test]
    fn repeated_headings_get_unique_slugs() {
        let o = outline("## Notes\n\n## Notes\n\n## Notes-2 {#notes-2}\n");
        let ids: Vec<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-3", "notes-2"]);
    }

    #[test]
    fn fifty_thousand_equal_headings_get_unique_slugs_in_order() {
        let body = "## Same\n\n".repeat(50_000);
        let ids: Vec<String> = outline(&body).headings.into_iter().map(|h| h.id).collect();
        assert_eq!(ids.len(), 50_000);
        assert_eq!((ids[0].as_str(), ids[1].as_str()), ("same", "same-2"));
        assert_eq!(ids[49_999], "same-50000");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 50_000, "every id is unique");
    }

    #[test]
    fn a_slug_skips_suffixes_written_further_down_and_taken_by_other_slugs() {
        let o = outline("## A\n\n## A 2\n\n## A\n\n## A\n\n## X {#a-4}\n\n## A\n");
        let ids: Vec<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-3", "a-5", "a-4", "a-6"]);
    }

    #[test]
    fn heading_attributes_other_than_a_safe_id_are_reported_and_never_rendered() {
        let body = "## Contact {#contact-x tabindex=1 autofocus onfocus=alert(document.domain)}\n\n## B {.warning}\n\n## C {#a.b}\n\n## D {#ok}\n";
        let problems: Vec<HeadingProblem> = outline(body).heading_problems.into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            problems,
            [
                HeadingProblem::Attribute("tabindex=1".into()),
                HeadingProblem::Attribute("autofocus".into()),
                HeadingProblem::Attribute("onfocus=alert(document.domain)".into()),
                HeadingProblem::Class("warning".into()),
                HeadingProblem::UnsafeId("a.b".into()),
            ]
        );
        let html = scraper::Html::parse_fragment(&rendered(body));
        let headings = scraper::Selector::parse("h2").unwrap();
        let attributes: Vec<Vec<(&str, &str)>> = html.select(&headings).map(|h| h.value().attrs().collect()).collect();
        assert_eq!(attributes, [vec![("id", "contact-x")], vec![("id", "b")], vec![("id", "c")], vec![("id", "ok")]]);
    }

    #[test]
    fn a_heading_problem_points_at_the_attribute_block() {
        let body = "Intro.\n\n## Contact {#contact onclick=x}\n";
        let (_, span) = &outline(body).heading_problems[0];
        assert_eq!(&body[span.clone()], "{#contact onclick=x}");
    }

    /// One part of a heading's attribute block: an id, a class, an attribute with or
    /// without a value (quoted or not), or any text with the characters that break out.
    fn any_attribute_part() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = "[a-zA-Z0-9_:.\\-]{1,8}";
        prop_oneof![
            word.prop_map(|w| format!("#{w}")),
            word.prop_map(|w| format!(".{w}")),
            (word, "[^\n{}]{0,12}").prop_map(|(k, v)| format!("{k}={v}")),
            (word, "[^\n\"{}]{0,12}").prop_map(|(k, v)| format!("{k}=\"{v}\"")),
            word.prop_map(|w| format!("on{w}=alert(1)")),
            "[^\n{}]{1,12}",
        ]
    }

    proptest::proptest! {
        /// Whatever a heading's attribute block holds, the rendered heading has no
        /// attribute but a safe `id`; and whatever the parser took as an attribute,
        /// a class or an unsafe id, `outline` reports.
        #[test]
        fn a_rendered_heading_carries_only_a_safe_id(
            parts in proptest::collection::vec(any_attribute_part(), 0..6),
            level in 1usize..=6,
        ) {
            let body = format!("{} Title {{{}}}\n\nText.\n", "#".repeat(level), parts.join(" "));
            let html = scraper::Html::parse_fragment(&rendered(&body));
            let headings = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
            for heading in html.select(&headings) {
                for (name, value) in heading.value().attrs() {
                    proptest::prop_assert_eq!(name, "id", "{}", body);
                    proptest::prop_assert!(is_safe_segment(value), "id {:?} from {}", value, body);
                }
            }
            let parsed_attributes = Parser::new_ext(&body, options()).any(|event| matches!(
                event,
                Event::Start(Tag::Heading { id, classes, attrs, .. })
                    if !classes.is_empty() || !attrs.is_empty() || id.as_deref().is_some_and(|id| !is_safe_segment(id))
            ));
            proptest::prop_assert_eq!(parsed_attributes, !outline(&body).heading_problems.is_empty(), "{}", body);
        }

        /// The page renders each heading with the id its outline gave it, the id links
        /// are checked against, however the body nests, repeats or marks its headings.
        #[test]
        fn every_heading_is_rendered_with_its_outline_id(
            blocks in proptest::collection::vec(proptest::prop_oneof![
                "#{1,6} [A-Za-zé` *]{0,8}",
                "## [A-Za-z ]{0,6} \\{#[a-z-]{0,4}\\}",
                "> ## [A-Z][a-z]{0,4}",
                "- ## [a-z]{0,4}",
                "[A-Za-z]{1,6}\n===",
                "[a-z ]{0,10}",
                "```\n# not a heading\n```",
                "<h2 id=\"x\">raw</h2>",
            ], 0..10),
        ) {
            let body = blocks.join("\n\n");
            let html = scraper::Html::parse_fragment(&rendered(&body));
            let headings = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
            let ids: Vec<&str> = html.select(&headings).map(|h| h.value().attr("id").unwrap_or("")).collect();
            let outline_ids: Vec<String> = outline(&body).headings.into_iter().map(|h| h.id).collect();
            proptest::prop_assert_eq!(ids, outline_ids, "{}", body);
        }
    }

    proptest::proptest! {
        /// The plain text the outline keeps is the plain text of the body, whatever
        /// markdown makes of it: curly quotes, entities, escapes, breaks, lists, tables,
        /// code, links and raw HTML.
        #[test]
        fn the_outline_keeps_the_plain_text_of_the_body(
            blocks in proptest::collection::vec(proptest::prop_oneof![
                "[A-Za-zé' \"*_`.-]{0,16}",
                "[a-z]{1,5}(  |\\\\)?\n[a-z]{1,5}",
                "&(amp|lt|eacute|#38|#x1F600|nope);[a-z]{0,3}",
                "\\\\[*_#\\[\\]`]x",
                "- [a-z' ]{0,8}\n- [A-Z]{0,4}\n\n  [a-z]{0,4}",
                "\\| a \\| b \\|\n\\|---\\|---\\|\n\\| [a-z']{0,3} \\| &amp; \\|",
                "#{1,3} [A-Za-z' ]{0,8}( \\{#[a-z]{1,3}\\})?",
                "```\n[a-z'\n ]{0,10}\n```",
                "> [a-z\"']{0,8}",
                "\\[[a-z]{1,4}\\]\\((@/nl/x.md|https://x.org)\\)",
                "<b>[a-z]{0,3}</b>",
                "[a-z]{0,4}[^1]",
            ], 0..8),
            separator in "(\n|\n\n| )",
        ) {
            let body = blocks.join(&separator);
            proptest::prop_assert_eq!(outline(&body).plain.text(&body), plain_text(&body), "{:?}", body);
        }
    }

    #[test]
    fn the_kept_plain_text_has_curly_quotes_entities_and_breaks() {
        let body = "It's *here*: A &amp; B\\*\nnext  \nline\n\n- one\n- two\n\n| a | b |\n|---|---|\n| c | d |\n";
        let kept = outline(body).plain.text(body);
        assert_eq!(kept, plain_text(body));
        assert_eq!(kept, "It’s here: A & B* next line\n\none\n\ntwo\n\na\n\nb\n\nc\n\nd\n\n");
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slug("Hvad sker der så?"), "hvad-sker-der-så");
        assert_eq!(slug("Co dalej?"), "co-dalej");
    }

    #[test]
    fn a_section_is_the_text_under_its_heading_up_to_the_next_of_its_level() {
        let body =
            "Intro.\n\n## What to do {#what-to-do}\n\nReply *soon*.\n\n### Detail\n\nOnline.\n\n## Next\n\nWait.\n";
        assert_eq!(section_text(body, "what-to-do").as_deref(), Some("Reply soon.\n\nDetail\n\nOnline."));
        assert_eq!(section_text(body, "next").as_deref(), Some("Wait."));
        assert_eq!(section_text(body, "nowhere"), None);
    }

    #[test]
    fn internal_links_are_collected() {
        let o = outline("See [UWV](@/nl/organisations/uwv.md#contact) and [x](https://x.org).");
        assert_eq!(o.internal_links.len(), 1);
        assert_eq!(o.internal_links[0].destination, "@/nl/organisations/uwv.md#contact");
    }

    #[test]
    fn nesting_beyond_the_limit_is_found() {
        assert!(outline(&">".repeat(MAX_NESTING + 5)).too_deep.is_some());
        assert!(outline("> a\n> > b\n\n- x\n  - y\n").too_deep.is_none());
    }

    #[test]
    fn duplicate_written_ids_are_reported() {
        let o = outline("## A {#x}\n\n## B {#x}\n");
        assert_eq!(o.duplicate_ids.len(), 1);
    }

    #[test]
    fn internal_link_parses_page_anchor_and_pinned_language() {
        let link = parse_internal_link("@/nl/procedures/poortwachter.en.md#week-42", &["en", "nl"], "en").unwrap();
        assert_eq!(link.target.content_path(), "nl/procedures/poortwachter");
        assert_eq!(link.lang.as_deref(), Some("en"));
        assert_eq!(link.anchor.as_deref(), Some("week-42"));
        let unpinned = parse_internal_link("@/nl/_index.md", &["en", "nl"], "en").unwrap();
        assert_eq!(unpinned.lang, None);
        assert!(parse_internal_link("@/nl/uwv", &["en"], "en").is_err());
    }

    #[test]
    fn sections_cut_at_step_headings_and_keep_other_parts() {
        let body = "Intro.\n\n## Report sick {#ziek}\n\nCall.\n\n### Detail\n\n## Plan {#plan}\n\n### Detail\n\n## Disagree?\n\nObject.\n";
        let parts = to_html_sections(body, &outline(body).headings, &["ziek", "plan"], &|_| None);
        let shown: Vec<(Option<&str>, &str)> =
            parts.iter().map(|(step, html)| (step.as_deref(), html.trim())).collect();
        assert_eq!(
            shown,
            [
                (None, "<p>Intro.</p>"),
                (Some("ziek"), "<p>Call.</p>\n<h3 id=\"detail\">Detail</h3>"),
                (Some("plan"), "<h3 id=\"detail-2\">Detail</h3>"),
                (None, "<h2 id=\"disagree\">Disagree?</h2>\n<p>Object.</p>"),
            ]
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = rendered("<script>alert(1)</script>\n\nText <b onclick=x>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b "), "{html}");
    }

    #[test]
    fn addresses_and_phone_numbers_run_left_to_right() {
        let html = rendered(
            "Zie <https://www.uwv.nl/> of <info@uwv.nl>, bel [088 898 92 94](tel:+31888989294), lees [de site](https://uwv.nl?a=1&b=\"2\").",
        );
        assert!(html.contains(r#"<a href="https://www.uwv.nl/" dir="ltr">https://www.uwv.nl/</a>"#), "{html}");
        assert!(html.contains(r#"<a href="mailto:info@uwv.nl" dir="ltr">info@uwv.nl</a>"#), "{html}");
        assert!(html.contains(r#"<a href="tel:+31888989294" dir="ltr">088 898 92 94</a>"#), "{html}");
        assert!(
            html.contains(r#"<a href="https://uwv.nl?a=1&amp;b=%222%22">de site</a>"#),
            "words keep no dir: {html}"
        );
        let script = rendered("<javascript:alert(1)>");
        assert!(script.contains(r##"<a href="#" dir="ltr">"##), "{script}");
    }

    #[test]
    fn script_urls_are_neutralised() {
        let html = rendered("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn unresolvable_internal_links_render_as_text() {
        let html = rendered("[UWV](@/nl/organisations/uwv.md)");
        assert!(!html.contains("<a"), "{html}");
        assert!(html.contains("UWV"));
    }
}

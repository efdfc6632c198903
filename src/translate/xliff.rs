//! XLIFF 1.2, written and read with quick-xml (which escapes; no XML is written by
//! hand). One `<file>` per page (`original` is the page, its header note carries the
//! page's title, address and the original's fingerprint), one `<trans-unit>` per unit
//! (`id` is the unit's key). Paired codes are `<g>`, line breaks `<x/>`, other codes
//! `<ph>` holding the markdown they stand for. A changed original gives the target
//! `state="needs-review-translation"` and the earlier source as an `<alt-trans
//! alttranstype="previous-version">`.

use std::sync::Arc;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};

use super::catalog::{Catalog, FINGERPRINT, ReadCatalog, ReadUnit};
use super::tagged::{Code, CodeKind, Piece, Tagged};
use crate::diagnostics::{Code as DiagnosticCode, Diagnostic};
use crate::source::SourceFile;

const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Each `<file>`'s `product-name`, by which a later export knows it may replace the file.
pub(super) const PRODUCT_NAME: &str = "signpost";

/// The XLIFF text of `catalog`.
pub fn write(catalog: &Catalog) -> String {
    let mut writer = Writer::new(Vec::new());
    let mut out = Out { writer: &mut writer };
    out.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    out.newline(0);
    out.start("xliff", &[("version", "1.2"), ("xmlns", NAMESPACE)]);
    for page in &catalog.pages {
        out.newline(1);
        out.start(
            "file",
            &[
                ("original", &page.page),
                ("source-language", &catalog.source_language),
                ("target-language", &catalog.language),
                ("datatype", "x-signpost-markdown"),
                ("product-name", PRODUCT_NAME),
            ],
        );
        out.newline(2);
        out.start("header", &[]);
        out.newline(3);
        out.element("note", &[("from", "signpost")], &page.note());
        out.newline(3);
        out.element("note", &[("from", "signpost-fingerprint")], &format!("{FINGERPRINT}{}", page.fingerprint));
        out.newline(2);
        out.end("header");
        out.newline(2);
        out.start("body", &[]);
        for unit in &page.units {
            out.newline(3);
            out.start(
                "trans-unit",
                &[("id", &unit.source.key), ("resname", &unit.source.key), ("xml:space", "preserve")],
            );
            out.newline(4);
            out.tagged("source", &[], &unit.source.source, &unit.source.codes);
            if let Some(translation) = &unit.translation {
                out.newline(4);
                let state = if unit.fuzzy { "needs-review-translation" } else { "translated" };
                out.tagged("target", &[("state", state)], translation, &unit.source.codes);
            }
            out.newline(4);
            out.start("context-group", &[("name", "location"), ("purpose", "location")]);
            out.element("context", &[("context-type", "sourcefile")], &page.original);
            out.element("context", &[("context-type", "linenumber")], &unit.source.line.to_string());
            out.end("context-group");
            let mut note = vec![unit.source.what.clone()];
            note.extend(unit.source.codes.iter().enumerate().map(|(i, code)| code.describe(i + 1)));
            note.extend(unit.notes.iter().cloned());
            out.newline(4);
            out.element("note", &[("from", "signpost")], &note.join("\n"));
            if let Some(previous) = &unit.previous {
                out.newline(4);
                out.start("alt-trans", &[("alttranstype", "previous-version")]);
                out.tagged("source", &[], previous, &unit.source.codes);
                out.end("alt-trans");
            }
            out.newline(3);
            out.end("trans-unit");
        }
        out.newline(2);
        out.end("body");
        out.newline(1);
        out.end("file");
    }
    out.newline(0);
    out.end("xliff");
    out.newline(-1);
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

/// Writing to memory cannot fail; the helpers keep the writer's results out of sight.
struct Out<'a> {
    writer: &'a mut Writer<Vec<u8>>,
}

impl Out<'_> {
    fn event(&mut self, event: Event) {
        let _ = self.writer.write_event(event);
    }

    fn newline(&mut self, depth: i32) {
        let indent = "  ".repeat(depth.max(0) as usize);
        self.event(Event::Text(BytesText::new(&format!("\n{indent}"))));
    }

    fn start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(BytesStart::new(name).with_attributes(attributes.iter().copied())));
    }

    fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    fn element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start(name, attributes);
        self.event(Event::Text(BytesText::new(text)));
        self.end(name);
    }

    /// `<source>` or `<target>` with the pieces of `text` and its codes as inline elements.
    fn tagged(&mut self, name: &str, attributes: &[(&str, &str)], text: &Tagged, codes: &[Code]) {
        self.start(name, attributes);
        for piece in &text.0 {
            match piece {
                Piece::Text(t) => self.event(Event::Text(BytesText::new(t))),
                Piece::Open(n) => {
                    let ctype = codes.get(n.wrapping_sub(1)).map_or("x-code", |c| ctype(&c.kind));
                    self.start("g", &[("id", &n.to_string()), ("ctype", ctype)]);
                }
                Piece::Close(_) => self.end("g"),
                Piece::Alone(n) => match codes.get(n.wrapping_sub(1)) {
                    Some(code) if code.kind == CodeKind::LineBreak => {
                        self.event(Event::Empty(
                            BytesStart::new("x").with_attributes([("id", n.to_string().as_str()), ("ctype", "lb")]),
                        ));
                    }
                    code => {
                        let native = code.map_or("", |c| c.open.as_str());
                        self.element("ph", &[("id", &n.to_string()), ("ctype", "x-markdown")], native);
                    }
                },
            }
        }
        self.end(name);
    }
}

fn ctype(kind: &CodeKind) -> &'static str {
    match kind {
        CodeKind::Emphasis => "italic",
        CodeKind::Strong => "bold",
        CodeKind::Link(_) => "link",
        CodeKind::Image(_) => "image",
        _ => "x-markdown",
    }
}

/// Reads an XLIFF file written by [`write`] and edited in a translator's tool.
pub fn read(file: Arc<SourceFile>) -> Result<ReadCatalog, Diagnostic> {
    let invalid = |at: u64, message: String| {
        let at = usize::try_from(at).unwrap_or(0);
        Diagnostic::new(DiagnosticCode::TranslationFileInvalid, message).at_span(&file, at..at).help(
            "keep the file's elements as exported; open it in an XLIFF editor and save it again, or export it again",
        )
    };
    let mut reader = Reader::from_str(&file.text);
    reader.config_mut().trim_text(false);
    let mut catalog = ReadCatalog {
        file: Arc::clone(&file),
        source_language: None,
        language: None,
        language_at: 0,
        units: Vec::new(),
    };
    let mut page = String::new();
    let mut fingerprint: Option<String> = None;
    let mut unit: Option<ReadUnit> = None;
    // Inside `<source>`, `<target>`, a note or an `<alt-trans>`: what is being read.
    let mut reading: Option<(String, Tagged, Vec<usize>)> = None;
    let mut in_alt_trans = false;
    let mut note_from: Option<String> = None;
    let mut note_text = String::new();
    let mut ph_depth = 0usize;
    loop {
        let position = reader.buffer_position();
        let event =
            reader.read_event().map_err(|e| invalid(reader.error_position(), format!("not well-formed XML: {e}")))?;
        // Inside a `<ph>`: the markdown it stands for, which the original keeps.
        if ph_depth > 0 {
            match event {
                Event::Start(_) => ph_depth += 1,
                Event::End(_) => ph_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        let attribute = |element: &BytesStart, name: &str| -> Option<String> {
            element
                .try_get_attribute(name)
                .ok()
                .flatten()
                .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
        };
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(invalid(position, "a translation file has no document type".into())),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_string();
                if let Some((_, text, open)) =
                    reading.as_mut().filter(|_| matches!(name.as_str(), "g" | "x" | "ph" | "mrk"))
                {
                    let number = || attribute(e, "id").and_then(|id| id.parse::<usize>().ok());
                    match name.as_str() {
                        "mrk" => {}
                        "g" => {
                            let n = number().ok_or_else(|| invalid(position, "a <g> without a numeric id".into()))?;
                            text.0.push(Piece::Open(n));
                            if empty {
                                text.0.push(Piece::Close(n));
                            } else {
                                open.push(n);
                            }
                        }
                        _ => {
                            let n = number()
                                .ok_or_else(|| invalid(position, format!("an <{name}> without a numeric id")))?;
                            text.0.push(Piece::Alone(n));
                            if !empty {
                                ph_depth = 1;
                            }
                        }
                    }
                    continue;
                }
                if reading.is_some() {
                    return Err(invalid(
                        position,
                        format!(
                            "<{name}> inside a text is not an element Signpost writes: keep the <g>, <x/> and <ph> the file came with"
                        ),
                    ));
                }
                match name.as_str() {
                    "file" => {
                        page = attribute(e, "original").unwrap_or_default();
                        fingerprint = None;
                        let language = attribute(e, "target-language");
                        if catalog.language.is_some() && language != catalog.language {
                            return Err(Diagnostic::new(
                                DiagnosticCode::TranslationFileLanguage,
                                format!(
                                    "this <file> is for `{}`, an earlier one for `{}`: one file holds one language",
                                    language.unwrap_or_default(),
                                    catalog.language.clone().unwrap_or_default()
                                ),
                            )
                            .at_span(&file, position as usize..position as usize));
                        }
                        if catalog.language.is_none() {
                            catalog.language = language;
                            catalog.language_at = position as usize;
                        }
                        catalog.source_language =
                            catalog.source_language.take().or_else(|| attribute(e, "source-language"));
                    }
                    "trans-unit" => {
                        let Some(key) = attribute(e, "id") else {
                            return Err(invalid(position, "a <trans-unit> without an id".into()));
                        };
                        unit = Some(ReadUnit {
                            page: page.clone(),
                            key,
                            source: Tagged::default(),
                            translation: None,
                            fuzzy: false,
                            reviewed: attribute(e, "approved").as_deref() == Some("yes"),
                            fingerprint: fingerprint.clone(),
                            at: position as usize,
                        });
                    }
                    "alt-trans" => in_alt_trans = !empty,
                    "source" | "target" if unit.is_some() && !in_alt_trans => {
                        if let Some(unit) = unit.as_mut().filter(|_| name == "target") {
                            let state = attribute(e, "state").unwrap_or_default();
                            unit.fuzzy = state.starts_with("needs-");
                            unit.reviewed |= matches!(state.as_str(), "final" | "signed-off");
                            unit.at = position as usize;
                        }
                        if !empty {
                            reading = Some((name, Tagged::default(), Vec::new()));
                        }
                    }
                    "note" if !empty => {
                        note_from = attribute(e, "from");
                        note_text.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                let text = t.xml10_content();
                match reading.as_mut() {
                    Some((_, tagged, _)) => tagged.push_text(&text),
                    None => note_text.push_str(&text),
                }
            }
            Event::CData(ref t) => {
                let text = t.xml10_content();
                match reading.as_mut() {
                    Some((_, tagged, _)) => tagged.push_text(&text),
                    None => note_text.push_str(&text),
                }
            }
            Event::GeneralRef(ref r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_string)
                };
                let Some(resolved) = resolved else {
                    return Err(invalid(
                        position,
                        format!("the entity &{}; is not one XML defines", r.xml10_content()),
                    ));
                };
                match reading.as_mut() {
                    Some((_, tagged, _)) => tagged.push_text(&resolved),
                    None => note_text.push_str(&resolved),
                }
            }
            Event::End(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if let Some((element, tagged, open)) = reading.as_mut() {
                    match name.as_str() {
                        "g" => {
                            let n = open.pop().ok_or_else(|| invalid(position, "a </g> that closes nothing".into()))?;
                            tagged.0.push(Piece::Close(n));
                            continue;
                        }
                        "mrk" | "x" | "ph" => continue,
                        _ if name == *element => {
                            if let (Some((element, tagged, _)), Some(unit)) = (reading.take(), unit.as_mut()) {
                                let tagged = tagged.trimmed();
                                if element == "source" {
                                    unit.source = tagged;
                                } else if !tagged.is_empty() {
                                    unit.translation = Some(tagged);
                                }
                            }
                            continue;
                        }
                        _ => return Err(invalid(position, format!("</{name}> closes an element that is not open"))),
                    }
                }
                match name.as_str() {
                    "trans-unit" => catalog.units.extend(unit.take()),
                    "alt-trans" => in_alt_trans = false,
                    "note" if note_from.as_deref() == Some("signpost-fingerprint") => {
                        fingerprint = note_text.trim().strip_prefix(FINGERPRINT).map(|f| f.trim().to_string());
                        note_from = None;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(catalog)
}

//! A whole site from an in-memory tree, loaded, resolved and rendered: never a panic, and
//! every output path stays inside the output folder.
//!
//! The input is pages separated by a line `%%%`; each starts with its path relative to
//! `content/` on a line of its own. `site.toml` is fixed: three languages and the comparison facts of the `domain` fixture.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use signpost::diagnostics::Diagnostics;
use signpost::output::Urls;
use signpost::render::Theme;

const SITE_TOML: &str = r#"base_url = "https://example.org/"
default_language = "en"
[languages.en]
name = "English"
title = "Signpost"
[languages.nl]
name = "Nederlands"
title = "Wegwijzer"
fallback = ["en"]
[languages.pl]
name = "Polski"
title = "Drogowskaz"
fallback = ["nl"]
[comparison.plan_work]
kind = "tri"
label = { en = "The plan covers work", nl = "Het plan gaat over werk" }
[comparison.plan_max_duration]
kind = "text"
label = { en = "Longest plan", nl = "Langste plan" }
"#;

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let mut diagnostics = Diagnostics::new();
        // No `themes/` folder beside this made-up content folder: the built-in theme.
        let content = std::path::Path::new("/nonexistent-signpost-fuzz/content");
        let files = signpost::load::load_theme(content, "default", &mut diagnostics).expect("the built-in theme loads");
        Theme::compile(files, &["en", "nl", "pl"], &mut diagnostics).expect("the built-in theme compiles")
    })
}

/// The input cut at each line `%%%`.
fn pages_of(data: &[u8]) -> Vec<&[u8]> {
    const SEPARATOR: &[u8] = b"\n%%%\n";
    let mut pages = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        pages.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    pages.push(rest);
    pages
}

fuzz_target!(|data: &[u8]| {
    let pages: Vec<(PathBuf, Vec<u8>)> = pages_of(data)
        .into_iter()
        .filter_map(|chunk| {
            let newline = chunk.iter().position(|&b| b == b'\n')?;
            let path = std::str::from_utf8(&chunk[..newline]).ok()?;
            Some((PathBuf::from(path.trim()), chunk[newline + 1..].to_vec()))
        })
        .collect();
    let (raw, _) = signpost::load::load_from_memory(SITE_TOML.as_bytes(), &pages);
    let raw = raw.expect("the fixed site.toml is valid");
    let (site, _, diagnostics) = signpost::resolve::resolve(raw, jiff::civil::date(2026, 11, 23));
    if diagnostics.has_errors() {
        return;
    }
    let (files, _) = signpost::render::render(&site, theme(), &Urls::new(&site.config.base_url, false));
    for file in &files {
        let path = std::path::Path::new(&file.path);
        assert!(
            path.components().all(|c| matches!(c, std::path::Component::Normal(_))),
            "output path {} leaves the output folder",
            file.path
        );
    }
});

//! The front-matter splitter and the TOML parser behind it, on any text: never a panic,
//! and the parts it finds lie inside the text, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signpost::model::FrontMatter;

fuzz_target!(|text: &str| {
    if let Ok(parts) = signpost::load::split(text) {
        assert!(parts.front_matter.start <= parts.front_matter.end);
        assert!(parts.front_matter.end <= parts.body.start && parts.body.end == text.len());
        let toml_text = text.get(parts.front_matter).expect("the front matter is on char boundaries");
        assert!(text.get(parts.body).is_some(), "the body is on char boundaries");
        let _ = toml::from_str::<FrontMatter>(toml_text);
    }
});

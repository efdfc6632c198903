//! The shipped site in `content/` builds without errors or warnings, and its data
//! export validates: the showcase must never rot.

#[test]
fn the_shipped_site_builds_cleanly_and_its_export_validates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let options = signpost::BuildOptions {
        content: root.join("content"),
        output: out.path().join("public"),
        minify: false,
        ..signpost::BuildOptions::default()
    };
    let report = match signpost::build(&options) {
        Ok(report) => report,
        Err(failure) => panic!("the shipped site does not build:\n{}", failure.diagnostics().to_human(false)),
    };
    assert!(report.warnings.is_empty(), "warnings:\n{}", report.warnings.to_human(false));
    for lang in ["en", "nl", "da", "pl"] {
        assert!(report.languages[lang].pages > 100, "{lang}: {:?}", report.languages[lang]);
    }
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("public/data/site.json")).expect("export"))
            .expect("json");
    crate::export::validate(&export).unwrap_or_else(|e| panic!("{e}"));
}

//! Bad, strange and hostile content through the binary: every case must end in a normal
//! exit (no panic, which shows as exit code 101, no signal such as a stack overflow's
//! abort), an error that names the file (and the line, where there is one), the previous
//! output left byte for byte as it was, and nothing written outside the output folder.
//!
//! Each case builds a copy of a fixture once (the previous output), changes it, and
//! builds again with `signpost build --format json`.

use signpost::diagnostics::Code;
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{Fixture, one, text};

/// Long enough for a debug build of any fixture; a hang (a symlink loop followed for
/// ever) ends the run instead of the test suite.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// One run of the binary.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) signal: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn describe(&self) -> String {
        format!(
            "exit code {:?}, signal {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.signal, self.stdout, self.stderr
        )
    }

    /// A normal exit with `code`: not a panic (101), not killed by a signal (an abort
    /// after a stack overflow, or the time limit).
    pub(crate) fn assert_exit(&self, code: i32) {
        assert_ne!(self.code, Some(101), "signpost panicked: {}", self.describe());
        assert_eq!(self.signal, None, "signpost was killed by a signal: {}", self.describe());
        assert_eq!(self.code, Some(code), "{}", self.describe());
    }

    /// The diagnostics of `--format json`: the first line of stderr.
    pub(crate) fn diagnostics(&self) -> Vec<Value> {
        let first_line = self.stderr.lines().next().unwrap_or_default();
        let json: Value = serde_json::from_str(first_line)
            .unwrap_or_else(|e| panic!("stderr does not start with JSON ({e}): {}", self.describe()));
        json["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub(crate) fn errors(&self) -> Vec<Value> {
        self.diagnostics().into_iter().filter(|d| d["severity"] == "error").collect()
    }
}

pub(crate) fn build(site: &Fixture, extra: &[&str]) -> Run {
    run_signpost(site, &[&["build", "--format", "json"], extra].concat(), &[])
}

/// Runs the binary in the fixture's folder with `args` and the variables `env` added to
/// its environment.
fn run_signpost(site: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_signpost_in(&site.root, args, env)
}

/// [`run_signpost`] in `folder`.
pub(crate) fn run_signpost_in(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::cargo_bin("signpost")
        .expect("binary built")
        .current_dir(folder)
        .args(args)
        .envs(env.iter().copied())
        .timeout(TIME_LIMIT)
        .output()
        .expect("signpost runs");
    Run {
        code: output.status.code(),
        signal: std::os::unix::process::ExitStatusExt::signal(&output.status),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The code, file name and line of a JSON diagnostic; file and line are `None` when the
/// diagnostic has no location.
pub(crate) fn place(diagnostic: &Value) -> (String, Option<String>, Option<u64>) {
    let file = diagnostic["file"]
        .as_str()
        .map(|f| Path::new(f).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    (diagnostic["code"].as_str().unwrap_or_default().to_string(), file, diagnostic["line"].as_u64())
}

pub(crate) fn places(errors: &[Value]) -> Vec<(String, Option<String>, Option<u64>)> {
    errors.iter().map(place).collect()
}

/// What a diagnostic says about a file, wherever it says it: its location or its message.
pub(crate) fn names_file(diagnostic: &Value, file_name: &str) -> bool {
    diagnostic["file"].as_str().is_some_and(|f| f.ends_with(file_name))
        || diagnostic["message"].as_str().is_some_and(|m| m.contains(file_name))
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub(crate) fn line_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    text[..at].matches('\n').count() as u64 + 1
}

pub(crate) fn expected(code: impl std::fmt::Display, file: &str, line: u64) -> (String, Option<String>, Option<u64>) {
    (code.to_string(), Some(file.to_string()), Some(line))
}

/// Every path in the fixture's temporary folder outside the output folder, with its
/// size and modification time: a build must not add, change or leave behind anything
/// there (a staging folder included).
pub(crate) fn outside_output(site: &Fixture) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let temp = site.root.parent().expect("the site sits in a temporary folder");
    let output = site.output();
    walkdir::WalkDir::new(temp)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.path() != output)
        .filter_map(Result::ok)
        .map(|e| {
            let meta = std::fs::symlink_metadata(e.path()).expect("metadata");
            let stamp = if meta.is_dir() { None } else { meta.modified().ok() };
            (e.path().to_path_buf(), (if meta.is_dir() { 0 } else { meta.len() }, stamp))
        })
        .collect()
}

/// A copy of `fixture` with a successful build in `public/`.
pub(crate) fn previously_built(fixture: &str) -> Fixture {
    let site = Fixture::copy(fixture);
    build(&site, &[]).assert_exit(0);
    site
}

/// Builds `fixture`, applies `change`, builds again and checks what every refused build
/// keeps: exit code 1 with every diagnostic in JSON, the previous output byte for byte,
/// nothing added or changed outside the output folder. Returns the errors.
pub(crate) fn refused(fixture: &str, change: impl FnOnce(&Fixture)) -> Vec<Value> {
    let site = previously_built(fixture);
    let previous = site.output_snapshot();
    change(&site);
    let around = outside_output(&site);
    let run = build(&site, &[]);
    run.assert_exit(1);
    assert!(site.output_snapshot() == previous, "a refused build changed the previous output");
    assert_eq!(outside_output(&site), around, "a build touched files outside its output folder");
    let errors = run.errors();
    assert!(!errors.is_empty(), "exit code 1 without an error: {}", run.describe());
    errors
}

/// Builds `fixture`, applies `change`, and expects the new build to succeed without
/// touching anything outside the output folder.
pub(crate) fn accepted(fixture: &str, change: impl FnOnce(&Fixture)) -> Fixture {
    let site = previously_built(fixture);
    change(&site);
    let around = outside_output(&site);
    build(&site, &[]).assert_exit(0);
    assert_eq!(outside_output(&site), around, "a build touched files outside its output folder");
    site
}

#[test]
fn broken_toml_in_a_page_is_refused_at_its_line() {
    let page = "+++\ntitle = \"About\nsummary = \"x\"\n+++\nBody.\n";
    let errors = refused("basic", |site| site.write("content/about.en.md", page));
    assert_eq!(places(&errors), [expected(Code::InvalidToml, "about.en.md", 2)]);
}

#[test]
fn broken_toml_in_site_toml_is_refused_at_its_line() {
    let errors = refused("basic", |site| {
        let config = std::fs::read_to_string(site.content().join("site.toml")).expect("site.toml");
        site.write("content/site.toml", config.replace("name = \"Nederlands\"", "name = Nederlands"));
    });
    let config =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content/site.toml"))
            .expect("site.toml");
    let line = line_of(&config, "name = \"Nederlands\"");
    assert_eq!(places(&errors), [expected(Code::InvalidToml, "site.toml", line)]);
}

#[test]
fn front_matter_without_its_closing_line_is_refused_at_the_file() {
    let errors = refused("basic", |site| site.write("content/about.en.md", "+++\ntitle = \"About\"\n\nBody.\n"));
    assert_eq!(places(&errors), [expected(Code::NoFrontMatter, "about.en.md", 1)]);
    assert!(errors[0]["message"].as_str().unwrap_or_default().contains("never closed"), "{errors:?}");
}

#[test]
fn invalid_utf8_is_refused_at_the_line_of_the_bad_byte() {
    let errors = refused("basic", |site| {
        site.write("content/about.en.md", b"+++\ntitle = \"About\"\n+++\nGood line.\nBad \xff\xfe byte.\n".as_slice())
    });
    assert_eq!(places(&errors), [expected(Code::NotUtf8, "about.en.md", 5)]);
}

#[test]
fn an_empty_file_is_refused_as_a_page_without_front_matter() {
    for (name, bytes) in [("empty", ""), ("bom-only", "\u{feff}"), ("blank", "\n\n  \n")] {
        let file = format!("{name}.en.md");
        let errors = refused("basic", |site| site.write(&format!("content/{file}"), bytes));
        assert_eq!(places(&errors), [expected(Code::NoFrontMatter, &file, 1)], "{name}");
    }
}

#[test]
fn a_file_of_only_front_matter_builds_a_page_without_body() {
    for (id, page) in [("only", "+++\ntitle = \"Only\"\n+++"), ("only-newline", "+++\ntitle = \"Only\"\n+++\n")] {
        let site = accepted("basic", |site| site.write(&format!("content/{id}.en.md"), page));
        let html = site.html(&format!("en/{id}/index.html"));
        assert_eq!(text(one(&html, "article h1")), "Only");
        assert_eq!(text(one(&html, "article .content")), "", "{id}");
    }
}

#[test]
fn two_files_that_differ_only_in_case_are_one_id_and_refused_naming_both() {
    let errors = refused("basic", |site| {
        let uwv = std::fs::read_to_string(site.content().join("nl/organisations/uwv.en.md")).expect("uwv");
        site.write("content/nl/organisations/UWV.en.md", uwv);
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (code, file, line) = place(&errors[0]);
    assert_eq!((code.as_str(), line), (Code::DuplicatePage.name(), Some(1)));
    let mut files = vec![file.unwrap_or_default(), place(&errors[0]["related"][0]).1.unwrap_or_default()];
    files.sort();
    assert_eq!(files, ["UWV.en.md", "uwv.en.md"]);
}

#[test]
fn a_space_and_a_hyphen_make_one_id_and_are_refused_naming_both() {
    let errors = refused("basic", |site| {
        site.write("content/a b.en.md", "+++\ntitle = \"A B\"\n+++\n");
        site.write("content/a-b.en.md", "+++\ntitle = \"A-B\"\n+++\n");
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(place(&errors[0]).0, Code::DuplicatePage.name());
    let mut files =
        vec![place(&errors[0]).1.unwrap_or_default(), place(&errors[0]["related"][0]).1.unwrap_or_default()];
    files.sort();
    assert_eq!(files, ["a b.en.md", "a-b.en.md"]);
}

#[test]
fn references_to_pages_that_do_not_exist_are_refused_at_their_lines() {
    let path = "content/nl/procedures/poortwachter.en.md";
    let mut changed = String::new();
    let errors = refused("domain", |site| {
        let original = std::fs::read_to_string(site.root.join(path)).expect("procedure");
        changed = original
            .replace("actor = \"bedrijfsarts\"", "actor = \"nobody\"")
            .replace("letter = \"ziekmelding-42\"", "letter = \"no-such-letter\"")
            .replace("decides = \"uwv\"", "decides = \"no-such-organisation\"");
        site.write(path, &changed);
        site.write("content/about.en.md", "+++\ntitle = \"About\"\nconcept = \"no-such-concept\"\n+++\n");
    });
    let mut found = places(&errors);
    found.sort();
    let mut wanted = vec![
        expected(Code::UnknownReference, "about.en.md", 3),
        expected(Code::UnknownReference, "poortwachter.en.md", line_of(&changed, "no-such-organisation")),
        expected(Code::UnknownReference, "poortwachter.en.md", line_of(&changed, "\"nobody\"")),
        expected(Code::UnknownReference, "poortwachter.en.md", line_of(&changed, "no-such-letter")),
    ];
    wanted.sort();
    assert_eq!(found, wanted);
}

#[test]
fn path_like_ids_in_front_matter_are_refused_and_nothing_is_written_outside() {
    let procedure = r#"+++
title = "Escape"
reviewed = 2026-11-01
decides = "/etc"

[[steps]]
id = "../../x"
title = "Climb out"
week = 1
actor = "you"

[[steps]]
id = "actor"
title = "Someone up there"
week = 2
actor = "../x"
to = ["..\\x"]

[[steps]]
id = "letter"
title = "A letter from far"
week = 3
actor = "you"
letter = "../../etc/passwd"

[[sources]]
title = "None"
publisher = "Nobody"
+++
"#;
    let letter = r#"+++
title = "Escape letter"
sender = "../../x"
recipients = ["/etc/passwd", "C:\\x"]
reviewed = 2026-11-01

[[sources]]
title = "None"
publisher = "Nobody"
+++
"#;
    let role = "+++\ntitle = \"Escape role\"\norganisations = [\"../../../x\"]\nconcept = \"../../x\"\n+++\n";
    let errors = refused("domain", |site| {
        site.write("content/nl/procedures/escape.en.md", procedure);
        site.write("content/nl/letters/escape.en.md", letter);
        site.write("content/nl/roles/escape.en.md", role);
    });
    let found = places(&errors);
    let wanted = [
        expected(Code::UnknownReference, "escape.en.md", line_of(procedure, "\"/etc\"")),
        expected(Code::BadStepId, "escape.en.md", line_of(procedure, "../../x")),
        expected(Code::UnknownReference, "escape.en.md", line_of(procedure, "\"../x\"")),
        expected(Code::UnknownReference, "escape.en.md", line_of(procedure, "..\\\\x")),
        expected(Code::UnknownReference, "escape.en.md", line_of(procedure, "../../etc/passwd")),
        expected(Code::UnknownReference, "escape.en.md", line_of(letter, "\"../../x\"")),
        expected(Code::UnknownReference, "escape.en.md", line_of(letter, "/etc/passwd")),
        expected(Code::UnknownReference, "escape.en.md", line_of(role, "../../../x")),
        expected(Code::UnknownReference, "escape.en.md", line_of(role, "concept")),
    ];
    for place in wanted {
        assert!(found.contains(&place), "{place:?} missing from {found:?}");
    }
}

#[test]
fn path_like_link_targets_are_broken_links_at_their_lines() {
    let page = "+++\ntitle = \"About\"\n+++\n[up](@/../../x.md)\n\n[absolute](@//etc/passwd.md)\n\n[windows](@/..\\x.md)\n\n[drive](@/C:\\x.md)\n\n[deep](@/nl/organisations/../../../x.md)\n";
    let errors = refused("basic", |site| site.write("content/about.en.md", page));
    assert_eq!(
        places(&errors),
        [4, 6, 8, 10, 12].map(|line| expected(Code::BrokenLink, "about.en.md", line)),
        "{errors:#?}"
    );
}

#[test]
fn a_symlink_loop_is_refused_naming_the_links() {
    let errors = refused("basic", |site| {
        symlink("loop-b.en.md", site.content().join("loop-a.en.md")).expect("symlink");
        symlink("loop-a.en.md", site.content().join("loop-b.en.md")).expect("symlink");
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for link in ["loop-a.en.md", "loop-b.en.md"] {
        assert!(errors.iter().any(|e| names_file(e, link)), "no error names {link}: {errors:#?}");
    }
}

#[test]
fn a_folder_linking_to_its_own_parent_does_not_hang_the_build() {
    let site = accepted("basic", |site| {
        symlink("..", site.content().join("nl/again")).expect("symlink");
        symlink(".", site.content().join("here")).expect("symlink");
    });
    // Only the real pages are built; the links are not walked into.
    assert!(site.output().join("en/nl/organisations/uwv/index.html").is_file());
    assert!(!site.output().join("en/nl/again").exists());
}

#[test]
fn symlinks_to_files_and_folders_outside_content_are_refused() {
    let errors = refused("basic", |site| {
        let outside = site.root.parent().expect("temp").join("outside");
        std::fs::create_dir_all(outside.join("letters")).expect("outside folder");
        std::fs::write(outside.join("secret.en.md"), "+++\ntitle = \"Secret\"\n+++\nSecret text.\n").expect("secret");
        std::fs::write(outside.join("letters/leak.en.md"), "+++\ntitle = \"Leak\"\n+++\n").expect("leak");
        symlink(outside.join("secret.en.md"), site.content().join("secret.en.md")).expect("symlink");
        symlink(outside.join("letters"), site.content().join("nl/letters")).expect("symlink");
    });
    let codes: Vec<String> = errors.iter().map(|e| place(e).0).collect();
    assert_eq!(codes, [Code::LinkOutsideContent.name(), Code::LinkOutsideContent.name()], "{errors:#?}");
    assert!(errors.iter().any(|e| names_file(e, "secret.en.md")), "{errors:#?}");
    assert!(errors.iter().any(|e| names_file(e, "nl/letters")), "{errors:#?}");
}

#[test]
fn a_page_over_the_size_limit_is_refused_naming_the_file() {
    let errors = refused("basic", |site| {
        let mut page = String::from("+++\ntitle = \"Big\"\n+++\n");
        page.push_str(&"Twenty megabytes of words. ".repeat(20 * 1024 * 1024 / 27));
        site.write("content/big.en.md", page);
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(place(&errors[0]).0, Code::PageTooLarge.name());
    assert!(names_file(&errors[0], "big.en.md"), "{errors:#?}");
}

/// `site.toml` with `[limits]` appended.
fn with_limits(site: &Fixture, limits: &str) {
    let config = site.content().join("site.toml");
    let text = std::fs::read_to_string(&config).expect("site.toml");
    std::fs::write(config, format!("{text}\n[limits]\n{limits}\n")).expect("write site.toml");
}

#[test]
fn a_lower_page_size_limit_refuses_a_page_saying_size_limit_and_setting() {
    let page = format!("+++\ntitle = \"Long\"\n+++\n{}", "word ".repeat(400));
    let size = page.len();
    let errors = refused("basic", |site| {
        with_limits(site, "max_page_bytes = 1_000");
        site.write("content/long.en.md", page);
    });
    assert_eq!(places(&errors), [expected(Code::PageTooLarge, "long.en.md", 1)], "{errors:#?}");
    let message = errors[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains(&format!("{size} bytes")) && message.contains("limit of 1000 bytes"), "{message}");
    let help = errors[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("[limits] max_page_bytes = 1000000"), "{help}");
}

#[test]
fn a_raised_page_size_limit_lets_a_large_page_build() {
    let site = accepted("basic", |site| {
        with_limits(site, "max_page_bytes = 8_000_000");
        site.write("content/big.en.md", format!("+++\ntitle = \"Big\"\n+++\n{}", "word ".repeat(1_300_000)));
    });
    assert_eq!(text(one(&site.html("en/big/index.html"), "h1")), "Big");
}

#[test]
fn a_page_size_limit_that_is_not_a_number_is_refused_in_site_toml() {
    let errors = refused("basic", |site| with_limits(site, "max_page_bytes = \"5 MB\""));
    assert_eq!(place(&errors[0]).0, Code::InvalidToml.name(), "{errors:#?}");
    assert_eq!(place(&errors[0]).1.as_deref(), Some("site.toml"), "{errors:#?}");
}

/// Errors about one file carry that file as their location, so `--format json` gives
/// tools a `file` (and editors a place to jump to), as for every other file error.
#[test]
fn errors_about_one_file_carry_its_location_in_json() {
    let big = refused("basic", |site| {
        site.write("content/big.en.md", format!("+++\ntitle = \"Big\"\n+++\n{}", "x".repeat(6 * 1024 * 1024)))
    });
    let outside = refused("basic", |site| {
        let secret = site.root.parent().expect("temp").join("secret.en.md");
        std::fs::write(&secret, "+++\ntitle = \"Secret\"\n+++\n").expect("secret");
        symlink(&secret, site.content().join("secret.en.md")).expect("symlink");
    });
    let looped = refused("basic", |site| symlink("loop.en.md", site.content().join("loop.en.md")).expect("symlink"));
    for (errors, file) in [(big, "big.en.md"), (outside, "secret.en.md"), (looped, "loop.en.md")] {
        assert_eq!(place(&errors[0]).1.as_deref(), Some(file), "{errors:#?}");
    }
}

/// Markdown nested thousands of levels deep, built through the binary so that a stack
/// overflow shows as an abort signal instead of killing the test binary.
fn deeply_nested_builds(extra: &[&str]) {
    let nestings = [("quotes", ">".repeat(5000) + " deep\n"), ("lists", "- ".repeat(5000) + "deep\n")];
    for (id, body) in nestings {
        let site = previously_built("basic");
        site.write(&format!("content/{id}.en.md"), format!("+++\ntitle = \"Deep\"\n+++\n{body}"));
        let around = outside_output(&site);
        let run = build(&site, extra);
        assert_ne!(run.code, Some(101), "{id}: signpost panicked: {}", run.describe());
        assert_eq!(run.signal, None, "{id}: signpost was killed by a signal: {}", run.describe());
        match run.code {
            // Built: the page is there.
            Some(0) => assert!(site.output().join(format!("en/{id}/index.html")).is_file(), "{id}"),
            // Or refused with an error naming the file.
            Some(1) => {
                assert!(run.errors().iter().any(|e| names_file(e, &format!("{id}.en.md"))), "{}", run.describe())
            }
            _ => panic!("{id}: {}", run.describe()),
        }
        assert_eq!(outside_output(&site), around, "{id}: a build touched files outside its output folder");
    }
}

#[test]
fn markdown_nested_thousands_deep_builds_without_minifying() {
    deeply_nested_builds(&["--no-minify"]);
}

#[test]
fn markdown_nested_thousands_deep_builds_with_minifying() {
    deeply_nested_builds(&[]);
}

#[test]
fn a_language_the_site_does_not_declare_is_refused_at_the_file() {
    let errors = refused("basic", |site| site.write("content/about.fr.md", "+++\ntitle = \"À propos\"\n+++\n"));
    assert_eq!(places(&errors), [expected(Code::UnknownLanguage, "about.fr.md", 1)]);
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters_build() {
    let site = accepted("basic", |site| {
        site.write("content/glossary/førtidspension.en.md", "+++\ntitle = \"Early retirement\"\n+++\nDanish.\n");
        site.write("content/glossary/case manager.en.md", "+++\ntitle = \"Case manager\"\n+++\nDutch.\n");
        site.write("content/nl/roles/arts ziekte.en.md", "+++\ntitle = \"Arts\"\n+++\n");
        site.write(
            "content/zażółć.en.md",
            "+++\ntitle = \"Polish letters\"\n+++\n[F](@/glossary/førtidspension.md), [C](@/glossary/case-manager.md), [A](@/nl/roles/arts-ziekte.md)\n",
        );
    });
    for path in [
        "en/glossary/førtidspension/index.html",
        "en/glossary/case-manager/index.html",
        "nl/nl/roles/arts-ziekte/index.html",
        "pl/zażółć/index.html",
    ] {
        assert!(site.output().join(path).is_file(), "{path} is missing");
    }
    let page = site.html("en/zażółć/index.html");
    let hrefs: Vec<String> = crate::support::select(&page, "article .content a")
        .into_iter()
        .map(|a| crate::support::attr(a, "href"))
        .collect();
    assert_eq!(
        hrefs,
        ["/help/en/glossary/f%C3%B8rtidspension/", "/help/en/glossary/case-manager/", "/help/en/nl/roles/arts-ziekte/"]
    );
}

/// macOS and some git checkouts spell `é` as `e` plus a combining accent (NFD). The text
/// of a file is put in NFC on load; its name must be too, or `café` is refused as an
/// unusable id (and a link written as `@/glossary/café.md` could never reach it).
#[test]
fn a_decomposed_non_ascii_file_name_builds_like_its_composed_form() {
    let site = accepted("basic", |site| {
        site.write("content/glossary/cafe\u{301}.en.md", "+++\ntitle = \"Café\"\n+++\nCoffee.\n");
        site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\n[Café](@/glossary/caf\u{e9}.md)\n");
    });
    assert!(site.output().join("en/glossary/caf\u{e9}/index.html").is_file());
}

#[test]
fn week_numbers_at_the_ends_of_the_integer_range_do_not_crash() {
    for (from, to) in [("week = 104", "week = 9223372036854775807"), ("week = 0\n", "week = -9223372036854775807\n")] {
        let site = previously_built("domain");
        let path = "content/nl/procedures/poortwachter.en.md";
        let original = std::fs::read_to_string(site.root.join(path)).expect("procedure");
        site.write(path, original.replacen(from, to, 1));
        let run = build(&site, &[]);
        assert_ne!(run.code, Some(101), "`{to}`: signpost panicked: {}", run.describe());
        assert_eq!(run.signal, None, "{}", run.describe());
        if run.code == Some(1) {
            assert!(run.errors().iter().any(|e| names_file(e, "poortwachter.en.md")), "{}", run.describe());
        }
    }
}

/// An escape sequence in a value (written as a TOML escape, so the file itself holds no
/// control character) would retitle, clear or recolour the terminal when an error quotes
/// it. The human output shows it written out instead.
#[test]
fn terminal_escapes_in_a_value_are_shown_written_out_and_never_sent_to_the_terminal() {
    let site = previously_built("domain");
    let path = "content/nl/procedures/poortwachter.en.md";
    let original = std::fs::read_to_string(site.root.join(path)).expect("procedure");
    site.write(
        path,
        original.replacen("actor = \"bedrijfsarts\"", r#"actor = "\u001b]0;owned\u0007\u001b[2J\u009b1m""#, 1),
    );
    // Human output, as a terminal shows it.
    let run = run_signpost(&site, &["build"], &[]);
    run.assert_exit(1);
    let raw: Vec<char> = run.stderr.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).collect();
    assert!(raw.is_empty(), "control characters reached the terminal: {raw:?}\n{}", run.describe());
    assert!(run.stderr.contains(r"\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}1m"), "{}", run.describe());
}

/// A broken link 100,000 characters into a line (minified or pasted text): miette could
/// not draw its marker that far in and the binary panicked while printing the error.
/// The snippet now shows a window of the line, and the place keeps its real column.
#[test]
fn an_error_far_into_a_long_line_is_shown_in_a_window_of_the_line_without_a_panic() {
    let site = previously_built("domain");
    let path = "content/nl/procedures/poortwachter.en.md";
    let original = std::fs::read_to_string(site.root.join(path)).expect("procedure");
    let previous = site.output_snapshot();
    let long_line = format!("\n{}[a link](@/nowhere/nothing.md) {}\n", "ß ".repeat(50_000), "end ".repeat(50_000));
    site.write(path, format!("{original}{long_line}"));
    let run = run_signpost(&site, &["build"], &[]);
    run.assert_exit(1);
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    assert!(run.stderr.contains("signpost::broken_link"), "{}", run.describe());
    let line = original.lines().count() + 2;
    assert!(run.stderr.contains(&format!("poortwachter.en.md:{line}:100001]")), "{}", run.describe());
    assert!(run.stderr.len() < 5_000, "{} bytes: {}", run.stderr.len(), run.describe());
    assert!(site.output_snapshot() == previous);
}

/// `site.toml` is read like a page: only a regular file, through links only inside the
/// content folder, at most 1 MiB. Nothing else is read, so nothing else is shown.
#[test]
fn a_site_toml_linked_to_the_environment_is_refused_without_showing_it() {
    let site = previously_built("basic");
    let previous = site.output_snapshot();
    std::fs::remove_file(site.content().join("site.toml")).expect("remove");
    symlink("/proc/self/environ", site.content().join("site.toml")).expect("link");
    let run = run_signpost(&site, &["build"], &[("SIGNPOST_TEST_SECRET", "hunter2-do-not-show")]);
    run.assert_exit(1);
    assert!(!run.stderr.contains("hunter2"), "the environment was shown: {}", run.describe());
    let named = run.stderr.contains("signpost::link_outside_folder") && run.stderr.contains("site.toml");
    assert!(named, "{}", run.describe());
    assert!(site.output_snapshot() == previous);
}

/// Puts something other than a readable `site.toml` at a path.
type Breaks = fn(&Path);

#[test]
fn a_site_toml_that_is_a_device_a_fifo_or_too_large_is_refused_without_reading_it() {
    let cases: [(&str, Breaks); 3] = [
        ("signpost::link_outside_folder", |config| symlink("/dev/zero", config).expect("link")),
        ("signpost::not_a_regular_file", |config| {
            let made = std::process::Command::new("mkfifo").arg(config).status().expect("mkfifo runs");
            assert!(made.success());
        }),
        ("signpost::file_too_large", |config| {
            std::fs::File::create(config).expect("create").set_len(2 * 1024 * 1024).expect("sparse file");
        }),
    ];
    for (code, make) in cases {
        let errors = refused("basic", |site| {
            let config = site.content().join("site.toml");
            std::fs::remove_file(&config).expect("remove");
            make(&config);
        });
        assert_eq!(places(&errors), [expected(code, "site.toml", 1)], "{code}");
    }
}

/// Theme files beside the content (templates, UI strings, static files) are read like
/// `site.toml`: a link out of their folder, a FIFO or an oversized file is an error
/// naming it, never read.
#[test]
fn theme_files_that_link_outside_are_fifos_or_too_large_are_refused_naming_them() {
    let errors = refused("basic", |site| {
        site.write("templates/.keep", "");
        symlink("/etc/passwd", site.root.join("templates/page.html")).expect("link");
        site.write("i18n/.keep", "");
        let made = std::process::Command::new("mkfifo").arg(site.root.join("i18n/en.toml")).status().expect("mkfifo");
        assert!(made.success());
        site.write("static/big.bin", "");
        let big = std::fs::OpenOptions::new().write(true).open(site.root.join("static/big.bin")).expect("open");
        big.set_len(60 * 1024 * 1024).expect("sparse file");
    });
    let mut found = places(&errors);
    found.sort();
    assert_eq!(
        found,
        [
            expected("signpost::file_too_large", "big.bin", 1),
            expected("signpost::link_outside_folder", "page.html", 1),
            expected("signpost::not_a_regular_file", "en.toml", 1),
        ]
    );
}

/// A theme folder that is a link leading out of the site (or nowhere) is refused once, by
/// name, and nothing behind it is read (a `templates` link to `/usr/share` would make every file
/// there a template); one leading to a folder inside the site is read.
#[test]
fn theme_folders_that_link_out_of_the_site_are_refused_whole_and_ones_inside_are_read() {
    let errors = refused("basic", |site| {
        let outside = site.root.with_file_name("outside");
        for name in ["default/templates/page.html", "templates/page.html", "templates/broken.html"] {
            std::fs::create_dir_all(outside.join(name).parent().expect("folder")).expect("folder");
            std::fs::write(outside.join(name), "{% if %}").expect("file");
        }
        symlink(&outside, site.root.join("themes")).expect("link");
        symlink(outside.join("templates"), site.root.join("templates")).expect("link");
        symlink("/usr/share", site.root.join("static")).expect("link");
        symlink("nowhere", site.root.join("i18n")).expect("link");
    });
    let mut found = places(&errors);
    found.sort();
    assert_eq!(
        found,
        [
            expected("signpost::broken_symlink", "i18n", 1),
            expected("signpost::link_outside_folder", "default", 1),
            expected("signpost::link_outside_folder", "static", 1),
            expected("signpost::link_outside_folder", "templates", 1),
        ]
    );

    let site = Fixture::copy("basic");
    site.write("shared-theme/page.html", crate::serve::page_template_opening_main_with("<p id=\"linked\">Linked</p>"));
    symlink("shared-theme", site.root.join("templates")).expect("link");
    build(&site, &[]).assert_exit(0);
    let page = site.html("en/nl/organisations/uwv/index.html");
    assert_eq!(crate::support::text(crate::support::one(&page, "#linked")), "Linked");
}

#[test]
fn a_page_that_is_a_fifo_is_refused_naming_it() {
    let errors = refused("basic", |site| {
        let made =
            std::process::Command::new("mkfifo").arg(site.content().join("pipe.en.md")).status().expect("mkfifo");
        assert!(made.success());
    });
    assert_eq!(places(&errors), [expected("signpost::not_a_regular_file", "pipe.en.md", 1)]);
}

/// Replaces `from` (which must be there) in a file of the site, and returns the new text.
fn edit(site: &Fixture, path: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(site.root.join(path)).expect("file");
    assert!(text.contains(from), "`{from}` is not in {path}");
    let changed = text.replacen(from, to, 1);
    site.write(path, &changed);
    changed
}

#[test]
fn a_base_url_from_the_command_line_is_checked_like_the_one_in_site_toml() {
    let site = previously_built("basic");
    let previous = site.output_snapshot();
    for url in ["javascript:alert(1)//", "https://example.org/\"><script>", "http://", "ftp://example.org/"] {
        let run = build(&site, &["--base-url", url]);
        run.assert_exit(2);
        assert_eq!(run.errors().iter().map(|e| place(e).0).collect::<Vec<_>>(), ["signpost::bad_base_url"], "{url}");
        assert!(site.output_snapshot() == previous, "{url} changed the output");
    }
    build(&site, &["--base-url", "https://help.example.org/sub/"]).assert_exit(0);
}

/// Builds `fixture` after `setup` and after replacing `from` with `to` in the file at
/// `path`, expecting one error: `code`, at the line of `at` in the changed file.
fn refused_at_line(
    fixture: &str,
    setup: impl FnOnce(&Fixture),
    path: &str,
    (from, to): (&str, &str),
    code: &str,
    at: &str,
) {
    let mut changed = String::new();
    let errors = refused(fixture, |site| {
        setup(site);
        changed = edit(site, path, from, to);
    });
    let file = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    assert_eq!(places(&errors), [expected(code, &file, line_of(&changed, at))], "{to}");
}

#[test]
fn a_source_address_that_is_not_a_web_address_is_reported_at_its_own_line() {
    let more = "year = 2025\n\n[[sources]]\ntitle = \"Second\"\npublisher = \"UWV\"\nurl = \"javascript:alert(1)\"\n";
    let path = "content/nl/letters/wia-besluit.en.md";
    refused_at_line("domain", |_| {}, path, ("year = 2025\n", more), "signpost::bad_url", "javascript:");
}

#[test]
fn a_bad_language_code_is_reported_at_its_table_in_site_toml() {
    let table = "[languages.\"../x\"]\nname = \"X\"\ntitle = \"X\"\n\n[languages.pl]";
    let edit = ("[languages.pl]", table);
    refused_at_line("basic", |_| {}, "content/site.toml", edit, "signpost::bad_language_code", "[languages.\"../x\"]");
}

#[test]
fn a_country_table_that_is_not_a_country_code_is_reported_at_its_table_in_site_toml() {
    let countries = "[countries.\"../nl\"]\nname = { en = \"The Netherlands\" }\n\n[languages.pl]";
    let edit = ("[languages.pl]", countries);
    refused_at_line("basic", |_| {}, "content/site.toml", edit, "signpost::bad_country_code", "[countries.");
}

#[test]
fn an_empty_language_name_or_country_name_is_reported_at_its_key() {
    // The language menu showed an empty link for it.
    let edit = ("name = \"Polski\"", "name = \"  \"");
    refused_at_line("basic", |_| {}, "content/site.toml", edit, "signpost::missing_title", "name = \"  \"");
    let countries = "[countries.nl]\nname = { en = \"\" }\n\n[languages.pl]";
    let edit = ("[languages.pl]", countries);
    refused_at_line("basic", |_| {}, "content/site.toml", edit, "signpost::missing_title", "name = { en");
}

#[test]
fn unknown_filters_tests_and_templates_are_each_reported_at_their_place() {
    // Tera gave them as one message with the places inside its text, so JSON named no file.
    let errors = refused("basic", |site| {
        site.write("templates/a.html", "<p>\n{{ 1 | no_such_filter }} é {{ 1 is no_such_test }}\n");
        site.write("templates/b.html", "\n\n{% include \"no-such.html\" %}\n");
    });
    assert_eq!(
        places(&errors),
        [
            expected("signpost::template", "a.html", 2),
            expected("signpost::template", "a.html", 2),
            expected("signpost::template", "b.html", 3)
        ]
    );
    let columns: Vec<_> = errors.iter().map(|e| e["column"].as_u64()).collect();
    assert_eq!(columns, [Some(8), Some(36), Some(12)], "in characters, after the `é`");
    assert!(errors[0]["message"].as_str().is_some_and(|m| m.contains("no_such_filter") && !m.contains("-->")));
}

#[test]
fn a_template_include_cycle_is_reported_at_the_include_and_each_step_of_the_cycle() {
    let errors = refused("basic", |site| {
        site.write("templates/a.html", "A\n{% include \"b.html\" %}\n");
        site.write("templates/b.html", "B\n\nB\n{% include \"a.html\" %}\n");
    });
    assert_eq!(places(&errors), [expected("signpost::template", "a.html", 2)]);
    let (_, file, line) = place(&errors[0]["related"][0]);
    assert_eq!((file.as_deref(), line), (Some("b.html"), Some(4)), "the include that closes the cycle");
}

#[test]
fn steps_whose_after_goes_round_in_a_circle_are_refused_at_the_after() {
    let path = "content/nl/procedures/poortwachter.en.md";
    let mut changed = String::new();
    let errors = refused("domain", |site| {
        edit(site, path, "week = 6\nactor = \"bedrijfsarts\"", "after = \"plan-van-aanpak\"\nactor = \"bedrijfsarts\"");
        changed = edit(
            site,
            path,
            "weeks = [6, 8]\nactor = \"werkgever\"",
            "after = \"probleemanalyse\"\nactor = \"werkgever\"",
        );
    });
    let cycle: Vec<_> = places(&errors).into_iter().filter(|p| p.0 == "signpost::step_cycle").collect();
    assert_eq!(
        cycle,
        [expected("signpost::step_cycle", "poortwachter.en.md", line_of(&changed, "after = \"plan-van-aanpak\""))]
    );
}

#[test]
fn days_a_letter_gives_to_respond_outside_their_range_are_refused_at_their_line() {
    let path = "content/nl/letters/wia-besluit.en.md";
    for days in ["-1", "0", "9223372036854775807", "3661"] {
        let line = format!("respond_within_days = {days}");
        let to = format!("recipients = [\"you\"]\n{line}");
        let edit = ("recipients = [\"you\"]", to.as_str());
        refused_at_line("domain", |_| {}, path, edit, "signpost::out_of_range", &line);
    }
}

#[test]
fn number_facts_that_are_not_finite_are_refused_at_their_line() {
    let declare = |site: &Fixture| {
        let number = "[comparison.max_weeks]\nkind = \"number\"\nlabel = { en = \"Weeks\", nl = \"Weken\" }\n\n";
        edit(site, "content/site.toml", "[comparison.plan_work]", &format!("{number}[comparison.plan_work]"));
    };
    for value in ["nan", "-inf", "inf"] {
        let fact = format!("[facts.max_weeks]\nvalue = {value}\n\n[facts.plan_max_duration]");
        let edit = ("[facts.plan_max_duration]", fact.as_str());
        let at = format!("value = {value}");
        refused_at_line("domain", declare, "content/nl/_index.en.md", edit, "signpost::bad_comparison_value", &at);
    }
}

#[test]
fn readability_limits_that_are_not_finite_numbers_from_0_to_100_are_refused_at_their_line() {
    for limit in ["lix_max = nan", "flesch_douma_min = -inf", "flesch_reading_ease_min = 1e9", "lix_max = -1"] {
        let table = format!("[readability]\n{limit}\n\n[languages.en]");
        let edit = ("[languages.en]", table.as_str());
        refused_at_line("basic", |_| {}, "content/site.toml", edit, "signpost::out_of_range", limit);
    }
}

//! `docs/tutorial.md`, run as written, so it cannot rot: every ```sh block in order, in
//! a temporary folder, by `sh` with the binary under test first on the PATH. A block
//! that is `signpost serve` alone would never end: the test starts it on a free port
//! instead (`--port 0` added), fetches each page the tutorial then tells the reader to
//! open, and stops it. At the end, the folder the tutorial published to holds the site.

use std::path::{Path, PathBuf};

use scraper::Html;

use crate::serve::{get, start_in};
use crate::support::{Fixture, attr, one, select, text};

/// A ```sh block of the tutorial, and the prose that follows it up to the next one.
struct Block {
    commands: String,
    after: String,
}

fn sh_blocks(markdown: &str) -> Vec<Block> {
    enum In {
        Prose,
        Shell(String),
        OtherFence,
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut state = In::Prose;
    for line in markdown.lines() {
        state = match (state, line.trim_end()) {
            (In::Prose, "```sh") => In::Shell(String::new()),
            (In::Prose, fence) if fence.starts_with("```") => In::OtherFence,
            (In::Prose, prose) => {
                if let Some(block) = blocks.last_mut() {
                    block.after.push_str(prose);
                    block.after.push('\n');
                }
                In::Prose
            }
            (In::Shell(commands), "```") => {
                blocks.push(Block { commands, after: String::new() });
                In::Prose
            }
            (In::Shell(mut commands), _) => {
                commands.push_str(line);
                commands.push('\n');
                In::Shell(commands)
            }
            (In::OtherFence, "```") => In::Prose,
            (In::OtherFence, _) => In::OtherFence,
        };
    }
    blocks
}

/// The paths of the preview addresses the prose tells the reader to open.
fn preview_paths(prose: &str) -> Vec<&str> {
    prose
        .split("http://127.0.0.1:8000")
        .skip(1)
        .map(|rest| rest.split(|c: char| c.is_whitespace() || c == '>' || c == ')').next().unwrap_or("/"))
        .collect()
}

/// Runs one block in `folder` and returns the folder its last command was in.
fn run(block: &Block, folder: &Path, path: &std::ffi::OsStr, pwd_file: &Path) -> PathBuf {
    let script = format!("set -eu\n{}pwd > \"$TUTORIAL_PWD\"\n", block.commands);
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(folder)
        .env("PATH", path)
        .env("TUTORIAL_PWD", pwd_file)
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "this block of docs/tutorial.md failed in {}:\n{}\n--- stdout\n{}\n--- stderr\n{}",
        folder.display(),
        block.commands,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(std::fs::read_to_string(pwd_file).expect("the block ran to its end").trim())
}

#[test]
fn the_tutorial_runs_as_written() {
    let tutorial = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tutorial.md"))
        .expect("docs/tutorial.md exists");
    let blocks = sh_blocks(&tutorial);
    assert!(blocks.first().is_some_and(|b| b.commands.starts_with("signpost init")), "it starts with init");

    let site = Fixture::empty();
    std::fs::create_dir_all(&site.root).expect("temp folder");
    let binary = assert_cmd::cargo::cargo_bin("signpost");
    let folders = binary.parent().map(Path::to_path_buf).into_iter();
    let path =
        std::env::join_paths(folders.chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())))
            .expect("PATH");
    let pwd_file = site.root.with_file_name("pwd");
    let mut folder = site.root.clone();
    let mut previews = 0;
    for block in &blocks {
        let commands = block.commands.trim();
        if let Some(args) = commands.strip_prefix("signpost ").filter(|args| args.starts_with("serve")) {
            assert_eq!(commands.lines().count(), 1, "`signpost serve` stands alone in its block");
            let server = start_in(&folder, &args.split_whitespace().collect::<Vec<_>>());
            let pages = preview_paths(&block.after);
            assert!(!pages.is_empty(), "the tutorial says which page to open");
            for page in pages {
                let (status, body) = get(&server, "GET", page);
                assert_eq!(status, 200, "{page}");
                let html = Html::parse_document(&body);
                assert!(!text(one(&html, "main h1")).is_empty(), "{page} shows its page");
            }
            previews += 1;
            continue;
        }
        folder = run(block, &folder, &path, &pwd_file);
    }
    assert_eq!(previews, 1, "the tutorial previews with serve");

    // What the tutorial promised: the published folder holds the site, with the new
    // procedure in Dutch, its facts from the English page, and its letters.
    let published = site.root.join("www");
    let read = |page: &str| {
        let file = published.join(page);
        Html::parse_document(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
    };
    let procedure = read("nl/xx/procedures/benefit-review/index.html");
    assert_eq!(text(one(&procedure, "main h1")), "De herbeoordeling van uw uitkering");
    let steps: Vec<String> = select(&procedure, "ol.steps > li.step").into_iter().map(|li| attr(li, "id")).collect();
    assert_eq!(steps, ["invitation", "talk", "decision", "objection"]);
    let canonical = attr(one(&procedure, "link[rel=canonical]"), "href");
    assert!(canonical.starts_with("https://example.org/my-site/"), "built for its address: {canonical}");
    let letter = read("nl/xx/letters/review-decision/index.html");
    assert_eq!(select(&letter, "dl.letter-facts .official-term").len(), 1, "the decision says how to object");
}

#[test]
fn the_tutorial_blocks_are_found_in_order() {
    let blocks =
        sh_blocks("a\n```sh\none\n```\nsee http://127.0.0.1:8000/en/ and\n```text\nnot run\n```\n```sh\ntwo\n```\n");
    let commands: Vec<&str> = blocks.iter().map(|b| b.commands.as_str()).collect();
    assert_eq!(commands, ["one\n", "two\n"]);
    assert_eq!(preview_paths(&blocks[0].after), ["/en/"]);
}

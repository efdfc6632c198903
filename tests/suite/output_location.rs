//! Where a build writes, tried as a careless or hostile user would: output paths that
//! climb through folders that do not exist, links on the way or as the output itself,
//! and what interrupted builds leave beside the output. A build either refuses, with
//! `signpost::bad_output` and nothing changed, or replaces only its own output folder.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::robustness::{Run, build, place, previously_built, run_signpost_in};
use crate::support::{Fixture, copy_tree, fixtures};

/// Every file and link below `root` (not following links) with its bytes or its target.
fn files_below(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path()).expect("link").into_os_string().into_encoded_bytes()
            } else {
                std::fs::read(e.path()).expect("read")
            };
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// Every folder below `root`, not following links.
fn folders_below(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// A refusal through the binary: exit 2 and `signpost::bad_output`.
fn assert_refused_as_bad_output(site: &Fixture, output: &str) {
    let run = build(site, &["--output", output]);
    run.assert_exit(2);
    let codes: Vec<String> = run.errors().iter().map(|e| place(e).0).collect();
    assert_eq!(codes, ["signpost::bad_output"], "{}", run.describe());
}

#[test]
fn an_output_that_climbs_back_into_the_content_folder_is_refused_and_the_content_kept() {
    let site = Fixture::copy("basic");
    let before = files_below(&site.root);
    for output in ["zzz/../content", "zzz/../content/", "./zzz//../content", "zzz/yyy/../../content/nl/.."] {
        assert_refused_as_bad_output(&site, output);
        assert_eq!(files_below(&site.root), before, "{output} changed the site");
        assert!(!site.root.join("zzz").exists(), "{output} created a folder");
    }
}

/// `--content .` run inside the content folder: the default output `public` would be
/// inside it. The refusal's help names a folder beside the content, and building there
/// works as the help says.
#[test]
fn with_content_dot_the_refusal_suggests_an_output_beside_the_content_that_builds() {
    let site = Fixture::copy("basic");
    let before = files_below(&site.root);
    let build_in_content = |args: &[&str]| {
        run_signpost_in(&site.content(), &[&["build", "--content", ".", "--format", "json"], args].concat(), &[])
    };
    let run = build_in_content(&[]);
    run.assert_exit(2);
    let errors = run.errors();
    assert_eq!(errors.iter().map(|e| place(e).0).collect::<Vec<_>>(), ["signpost::bad_output"], "{}", run.describe());
    assert_eq!(files_below(&site.root), before, "the refusal changed the site");
    let help = errors[0]["help"].as_str().expect("help");
    let suggested = help.split('`').nth(1).and_then(|s| s.strip_prefix("--output ")).expect("an --output in the help");
    let real_root = std::fs::canonicalize(&site.root).expect("root");
    assert_eq!(Path::new(suggested), real_root.join("public"), "{help}");
    build_in_content(&["--output", suggested]).assert_exit(0);
    assert!(real_root.join("public/en/index.html").is_file());
}

#[test]
fn an_output_that_climbs_into_a_folder_not_made_by_signpost_is_refused_and_its_files_kept() {
    let site = Fixture::copy("basic");
    site.write("mine/thesis.txt", "precious");
    let before = files_below(&site.root);
    for output in ["zzz/../mine", "zzz/../mine/", "content/../mine"] {
        assert_refused_as_bad_output(&site, output);
        assert_eq!(files_below(&site.root), before, "{output}");
    }
}

#[test]
fn links_to_the_content_or_its_parent_anywhere_on_the_way_are_refused() {
    let site = Fixture::copy("basic");
    symlink("content", site.root.join("to-content")).expect("link");
    symlink(".", site.root.join("here")).expect("link");
    symlink(site.content().join("nl"), site.root.join("to-nl")).expect("link");
    let before = files_below(&site.root);
    for output in ["to-content", "to-content/public", "here/content", "here", "to-nl/..", "to-nl/x/../../public/.."] {
        assert_refused_as_bad_output(&site, output);
        assert_eq!(files_below(&site.root), before, "{output}");
    }
}

#[test]
fn a_symlinked_output_is_built_into_its_target_and_the_link_kept() {
    let site = previously_built("basic");
    std::fs::rename(site.output(), site.root.join("deploy-site")).expect("move the output");
    symlink("deploy-site", site.output()).expect("link");
    site.write("deploy-site/stale.html", "from the last build");
    let around: BTreeMap<_, _> = files_below(&site.root)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(site.root.join("deploy-site")))
        .collect();
    build(&site, &[]).assert_exit(0);
    let link = std::fs::symlink_metadata(site.output()).expect("public");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_link(site.output()).expect("link"), Path::new("deploy-site"));
    let target = site.root.join("deploy-site");
    assert!(target.join("index.html").is_file() && target.join(".signpost-output").is_file());
    assert!(!target.join("stale.html").exists(), "the target is replaced whole, like any output");
    let after: BTreeMap<_, _> =
        files_below(&site.root).into_iter().filter(|(path, _)| !path.starts_with(&target)).collect();
    assert_eq!(after, around, "only the link's target changed");
}

#[test]
fn a_symlinked_output_whose_target_signpost_did_not_make_is_refused_and_its_files_kept() {
    let site = Fixture::copy("basic");
    site.write("deploy-site/index.html", "someone's own site");
    site.write("deploy-site/photos/me.jpg", "precious");
    symlink("deploy-site", site.output()).expect("link");
    let before = files_below(&site.root);
    assert_refused_as_bad_output(&site, "public");
    assert_eq!(files_below(&site.root), before);
}

#[test]
fn a_symlinked_output_that_leads_nowhere_is_refused() {
    let site = Fixture::copy("basic");
    symlink("no-such-folder", site.output()).expect("link");
    assert_refused_as_bad_output(&site, "public");
    assert!(!site.root.join("no-such-folder").exists());
}

/// A leftover name for the output `public` in `site`, for a process id.
fn leftover(site: &Fixture, kind: &str, pid: u64) -> PathBuf {
    site.root.join(format!(".public.signpost-{kind}-{pid}"))
}

/// No process has this id: Linux ids stay below 2^22.
const GONE: u64 = 4_294_967_295;

#[test]
fn leftovers_of_interrupted_builds_are_removed_at_the_next_build() {
    let site = previously_built("basic");
    for kind in ["new", "old"] {
        site.write(&format!(".public.signpost-{kind}-{GONE}/en/index.html"), "half a site");
    }
    let run = build(&site, &[]);
    run.assert_exit(0);
    for kind in ["new", "old"] {
        assert!(!leftover(&site, kind, GONE).exists(), "{kind} leftover kept");
    }
    assert!(run.stderr.trim().is_empty(), "no warning for what was removed: {}", run.describe());
}

#[test]
fn a_leftover_of_a_build_still_running_is_kept() {
    let site = previously_built("basic");
    // Process 1 always runs.
    site.write(".public.signpost-new-1/en/index.html", "being written");
    build(&site, &[]).assert_exit(0);
    assert!(leftover(&site, "new", 1).join("en/index.html").is_file());
}

#[test]
fn a_link_named_like_a_leftover_is_never_followed_and_gets_a_warning_naming_it() {
    let site = previously_built("basic");
    site.write("precious/thesis.txt", "years of work");
    symlink("precious", leftover(&site, "old", GONE)).expect("link");
    let run = build(&site, &[]);
    assert_built_with_one_leftover_warning(&run, &format!(".public.signpost-old-{GONE}"));
    assert_eq!(std::fs::read_to_string(site.root.join("precious/thesis.txt")).expect("kept"), "years of work");
}

/// A build that succeeded with one diagnostic: the warning about a leftover whose name
/// holds `naming`.
fn assert_built_with_one_leftover_warning(run: &Run, naming: &str) {
    run.assert_exit(0);
    let warnings = run.diagnostics();
    assert_eq!(warnings.len(), 1, "{}", run.describe());
    assert_eq!(warnings[0]["code"], "signpost::leftover_kept");
    assert!(warnings[0]["message"].as_str().unwrap_or_default().contains(naming), "{warnings:?}");
}

/// Makes `file` impossible to delete: for root with the immutable flag, for anyone else
/// by taking away write permission on its folder.
fn make_undeletable(file: &Path) {
    let _ = std::process::Command::new("chattr").arg("+i").arg(file).status();
    let folder = file.parent().expect("in a folder");
    std::fs::set_permissions(folder, std::os::unix::fs::PermissionsExt::from_mode(0o555)).expect("chmod");
}

/// Undoes [`make_undeletable`] for everything below `root`, so the temporary folder can go.
fn make_deletable_again(root: &Path) {
    let _ = std::process::Command::new("chattr").arg("-R").arg("-i").arg(root).status();
    for folder in folders_below(root) {
        std::fs::set_permissions(folder, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    }
}

#[test]
fn a_leftover_that_cannot_be_removed_gets_a_warning_naming_it() {
    let site = previously_built("basic");
    let stuck = leftover(&site, "new", GONE).join("en/index.html");
    site.write(&format!(".public.signpost-new-{GONE}/en/index.html"), "half a site");
    make_undeletable(&stuck);
    let run = build(&site, &[]);
    make_deletable_again(&site.root);
    assert_built_with_one_leftover_warning(&run, &format!(".public.signpost-new-{GONE}"));
}

#[test]
fn a_previous_output_that_cannot_be_deleted_gets_a_warning_naming_where_it_was_moved() {
    let site = previously_built("basic");
    make_undeletable(&site.output().join("en/index.html"));
    let run = build(&site, &[]);
    make_deletable_again(&site.root);
    assert_built_with_one_leftover_warning(&run, ".public.signpost-old-");
    assert!(site.output().join("index.html").is_file(), "the new output is in place");
}

/// The parts an output path is made of in the property below: climbing, staying, folders
/// that do not exist, the content, someone's folder, a previous output, a file, and links
/// to each (and one that leads nowhere).
const PARTS: &[&str] = &[
    "..",
    ".",
    "",
    "zzz",
    "new",
    "content",
    "mine",
    "old-public",
    "file.txt",
    "to-content",
    "to-mine",
    "to-out",
    "to-old",
    "dangling",
];

/// A tree to build in, three folders down so that two `..` stay inside the temporary folder:
/// `x/y/work/` holds the content and the things around it; `o/p/outside/` is reached by a link.
fn hostile_tree(root: &Path) -> PathBuf {
    let work = root.join("x/y/work");
    copy_tree(&fixtures().join("basic/content"), &work.join("content"));
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    };
    write("x/y/work/mine/thesis.txt", "precious");
    write("x/y/work/old-public/index.html", "a previous build");
    write("x/y/work/old-public/.signpost-output", "");
    write("x/y/work/file.txt", "a file");
    write("x/y/notes.txt", "notes");
    write("x/keep.txt", "keep");
    write("o/p/outside/precious.txt", "outside");
    for (link, target) in [
        ("to-content", PathBuf::from("content")),
        ("to-mine", PathBuf::from("mine")),
        ("to-out", root.join("o/p/outside")),
        ("to-old", PathBuf::from("old-public")),
        ("dangling", PathBuf::from("nowhere")),
    ] {
        symlink(target, work.join(link)).expect("link");
    }
    work
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For any output path made of those parts, a build either refuses it and changes
    /// nothing (no file, no link, no folder), or succeeds and changes nothing outside the
    /// folder the output leads to, which then holds the site and Signpost's marker.
    #[test]
    fn any_output_path_is_refused_or_leaves_everything_outside_it_untouched(
        parts in proptest::collection::vec(proptest::sample::select(PARTS), 1..=5)
            .prop_filter("at most two `..`", |parts| parts.iter().filter(|p| **p == "..").count() <= 2),
        trailing_slash in any::<bool>(),
    ) {
        let temp = tempfile::tempdir().expect("temp dir");
        // Walked from its real path, so every path found is where it really is.
        let root = std::fs::canonicalize(temp.path()).expect("temp");
        let work = hostile_tree(&root);
        let mut output = format!("{}/{}", work.display(), parts.join("/"));
        if trailing_slash {
            output.push('/');
        }
        let (files, folders) = (files_below(&root), folders_below(&root));
        let options = signpost::BuildOptions {
            content: work.join("content"),
            output: PathBuf::from(&output),
            search: false,
            minify: false,
            today: Some(jiff::civil::date(2026, 11, 23)),
            ..signpost::BuildOptions::default()
        };
        match signpost::build(&options) {
            Err(failure) => {
                prop_assert_eq!(failure.exit_code(), 2, "{}", failure.diagnostics().to_human(false));
                prop_assert_eq!(files_below(&root), files, "a refused build changed a file: {}", output);
                prop_assert_eq!(folders_below(&root), folders, "a refused build made a folder: {}", output);
            }
            Ok(_) => {
                // Where the path leads (`zzz/..` without a `zzz` is no path for the system,
                // but is the folder it names once `zzz` exists).
                let built = signpost::write::check_output_location(&options.content, &options.output)
                    .expect("the output is Signpost's now")
                    .folder()
                    .to_path_buf();
                prop_assert!(built.starts_with(&root), "{} left the temporary folder", built.display());
                prop_assert!(built.join("index.html").is_file() && built.join(".signpost-output").is_file());
                let outside = |all: BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
                    all.into_iter().filter(|(path, _)| !path.starts_with(&built)).collect()
                };
                prop_assert_eq!(outside(files_below(&root)), outside(files), "{}", output);
            }
        }
    }
}

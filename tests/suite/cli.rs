//! The binary: exit codes, help, and the summary line.

use assert_cmd::Command;
use signpost::diagnostics::Code;

use crate::support::Fixture;

fn signpost() -> Command {
    Command::cargo_bin("signpost").expect("binary built")
}

#[test]
fn help_and_version_work() {
    signpost().arg("--help").assert().success();
    let version = signpost().arg("--version").output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("signpost {}", env!("CARGO_PKG_VERSION")));
    let help = signpost().args(["build", "--help"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--relative-urls"));
}

#[test]
fn a_good_build_exits_0_with_a_summary_line() {
    let site = Fixture::copy("basic");
    let output = signpost().current_dir(&site.root).arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Built 18 pages (en 6, nl 6 (3 fallback), pl 6 (5 fallback))"), "{stdout}");
}

#[test]
fn no_search_leaves_out_the_index_but_keeps_the_search_page_and_its_a_to_z_fallback() {
    let site = Fixture::copy("basic");
    let output = signpost().current_dir(&site.root).args(["build", "--no-search"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    for lang in ["en", "nl", "pl"] {
        let search = site.output().join(lang).join("search");
        assert!(search.join("index.html").is_file(), "{lang}: the search page is still there");
        assert!(!search.join("manifest.js").exists(), "{lang}: no index");
        assert!(site.output().join(lang).join("a-z/index.html").is_file(), "{lang}: the A–Z index is still there");
    }
    site.build_ok();
    assert!(site.output().join("en/search/manifest.js").is_file(), "a build without the flag writes the index");
}

#[test]
fn content_errors_exit_1_and_name_the_file() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitel = \"About\"\n+++\n");
    let output = signpost().current_dir(&site.root).arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/about.en.md:2:1"), "{stderr}");
}

#[test]
fn usage_and_environment_errors_exit_2() {
    signpost().args(["build", "--no-such-flag"]).assert().code(2);
    let site = Fixture::copy("basic");
    signpost().current_dir(&site.root).args(["build", "--content", "missing"]).assert().code(2);
    signpost().current_dir(&site.root).args(["build", "--output", "content/public"]).assert().code(2);
}

#[test]
fn an_export_never_writes_over_a_file_an_export_did_not_write() {
    let site = Fixture::copy("basic");
    let read = |relative: &str| std::fs::read_to_string(site.root.join(relative)).expect("readable");
    let export = |output: &str| {
        signpost()
            .current_dir(&site.root)
            .args(["translate", "export", "--lang", "pl", "--output", output])
            .output()
            .expect("runs")
    };
    let site_toml = read("content/site.toml");
    let refused = export("content/site.toml");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("signpost::not_an_export"));
    assert_eq!(read("content/site.toml"), site_toml, "the site's settings are as they were");
    site.write("notes.po", "# my own notes\n");
    assert_eq!(export("notes.po").status.code(), Some(2));
    assert_eq!(read("notes.po"), "# my own notes\n");
    for format in ["po", "xliff"] {
        let file = format!("pl.{format}");
        let again = || {
            signpost()
                .current_dir(&site.root)
                .args(["translate", "export", "--lang", "pl", "--format", format, "--output", &file])
                .output()
                .expect("runs")
        };
        assert_eq!(again().status.code(), Some(0), "a new file");
        site.write(&file, read(&file).replace("msgstr \"\"", "msgstr \"x\""));
        assert_eq!(again().status.code(), Some(0), "an earlier export is replaced");
    }
}

#[cfg(unix)]
#[test]
fn an_import_refuses_a_device_or_a_pipe_without_reading_it() {
    let site = Fixture::copy("basic");
    // `/dev/zero` used to be read without end.
    let output = signpost()
        .current_dir(&site.root)
        .args(["translate", "import", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("signpost::not_a_regular_file"));
}

#[test]
fn json_diagnostics_carry_code_file_and_line() {
    let site = Fixture::copy("basic");
    site.write("content/about.en.md", "+++\ntitel = \"About\"\n+++\n");
    let output = signpost().current_dir(&site.root).args(["build", "--format", "json"]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(
        &output.stderr[..output.stderr.iter().position(|&b| b == b'\n').unwrap_or(output.stderr.len())],
    )
    .expect("json");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["diagnostics"][0]["code"], Code::UnknownKey.name());
    assert_eq!(json["diagnostics"][0]["file"], "content/about.en.md");
    assert_eq!(json["diagnostics"][0]["line"], 2);
}

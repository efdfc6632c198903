//! Every diagnostic code Signpost reports, in one enum: the code is the contract tools
//! match on, so it is written once, with its severity, the stage that reports it and
//! what it means. `docs/diagnostics.md` holds the table [`Code::markdown_table`] makes;
//! a test fails when a code has no description or the table is out of date.

use super::Severity;

/// Declares the codes: each variant's doc comment is its description.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident, $stage:ident;)*) => {
        /// A stable diagnostic code, shown as `signpost::<name>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// `signpost::unknown_key`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!("signpost::", $name),)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// Which part of Signpost reports it.
            pub fn stage(self) -> Stage {
                match self {
                    $(Code::$variant => Stage::$stage,)*
                }
            }

            /// What it means, from the variant's documentation (empty when there is none,
            /// which a test refuses).
            pub fn description(self) -> String {
                let lines: &[&str] = match self {
                    $(Code::$variant => &[$($doc),*],)*
                };
                lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join(" ").trim().to_string()
            }
        }
    };
}

/// The part of Signpost that reports a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before anything is read: the command line, folders, the disk.
    Run,
    /// Reading `site.toml`, the page files and the theme.
    Load,
    /// Checking pages against each other: facts, references, translations, links.
    Resolve,
    /// Rendering pages with the theme's templates.
    Render,
    /// Making the search index.
    Index,
    /// `signpost check` only: what an editor should look at before publishing.
    Check,
    /// `signpost translate`: reading a translation file and writing its pages.
    Translate,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Run => "run",
            Stage::Load => "load",
            Stage::Resolve => "resolve",
            Stage::Render => "render",
            Stage::Index => "index",
            Stage::Check => "check",
            Stage::Translate => "translate",
        }
    }
}

codes! {
    /// There is no content folder where Signpost was told to look.
    NoContent = "no_content", Error, Run;
    /// The output folder may not be replaced: it is, holds or sits inside the content
    /// folder, or it is a folder with other files that Signpost did not write.
    BadOutput = "bad_output", Error, Run;
    /// Writing the output failed (disk full, no permission); the previous output stays.
    WriteFailed = "write_failed", Error, Run;
    /// `signpost serve` cannot listen on its address or watch the site's folders.
    Serve = "serve", Error, Run;
    /// Signpost itself failed (a bug, not a problem in the files). A command stops with exit
    /// code 2, a build leaving the output folder as it was; under `serve` it is shown over the
    /// last good site, and the next save builds the site anew.
    Internal = "internal", Error, Run;
    /// `mark-translated` was given a file that is not a page of the content folder.
    NotAPage = "not_a_page", Error, Run;
    /// `mark-translated` was given a file in the default language, which follows no original.
    NotATranslation = "not_a_translation", Error, Run;
    /// Something an interrupted build left beside the output, or the previous output
    /// after the swap, could not be deleted; the new output is in place.
    LeftoverKept = "leftover_kept", Warning, Run;
    /// `signpost init` was given a file, a symbolic link or a folder that is not empty: it
    /// writes only into a new or empty folder, so it never overwrites anything.
    NotEmpty = "not_empty", Error, Run;
    /// `signpost new` would write a page that exists already in that language; it never
    /// overwrites one.
    PageExists = "page_exists", Error, Run;
    /// A command's argument cannot be used: a kind, country or id that names no page (`..`,
    /// a slash, an absolute path), a fact given for a translation, or a language that is
    /// not a language code.
    BadArgument = "bad_argument", Error, Run;
    /// `translate export` was told to write over a file that no export wrote (a page,
    /// `site.toml`, other work); it replaces only an earlier export.
    NotAnExport = "not_an_export", Error, Run;
    /// A file or folder cannot be read (permissions, or it vanished while reading).
    Unreadable = "unreadable", Error, Load;
    /// A file is not valid UTF-8 text.
    NotUtf8 = "not_utf8", Error, Load;
    /// A page file is larger than `[limits] max_page_bytes`; it is not read at all.
    PageTooLarge = "page_too_large", Error, Load;
    /// A symbolic link in the content folder points outside it.
    LinkOutsideContent = "link_outside_content", Error, Load;
    /// A symbolic link in the content folder, or a theme folder that is one, leads nowhere.
    BrokenSymlink = "broken_symlink", Error, Load;
    /// `site.toml` or a theme file is a symbolic link out of its folder, or a theme folder one out of the site.
    LinkOutsideFolder = "link_outside_folder", Error, Load;
    /// `site.toml`, a page or a theme file is not a regular file (a folder, a device, a pipe).
    NotARegularFile = "not_a_regular_file", Error, Load;
    /// `site.toml` or a theme file is larger than such a file can be.
    FileTooLarge = "file_too_large", Error, Load;
    /// A file holds an invisible control character (often pasted from a PDF).
    ControlCharacter = "control_character", Error, Load;
    /// A language that `site.toml` does not declare: the default language, a fallback,
    /// or the language of a file.
    UnknownLanguage = "unknown_language", Error, Load;
    /// A language in `site.toml` whose code is not a lower-case ISO 639 code.
    BadLanguageCode = "bad_language_code", Error, Load;
    /// A table under `[countries]` in `site.toml` whose name is not a country code as the
    /// content's folders use them (two lower-case letters, such as `nl`).
    BadCountryCode = "bad_country_code", Error, Load;
    /// `base_url` (or `--base-url`) is not one http(s) address that every link can start with
    /// (a host in ASCII; no password, query, fragment, `.` folder or broken `%` escape).
    BadBaseUrl = "bad_base_url", Error, Load;
    /// `feedback` is not an http(s) or mailto address, or names a placeholder other than
    /// `{title}`, `{url}` and `{lang}`.
    BadFeedbackAddress = "bad_feedback_address", Error, Load;
    /// A number outside what it can mean: a readability limit, the days a letter gives
    /// to respond.
    OutOfRange = "out_of_range", Error, Load;
    /// A file's path does not name a page: no language, an unusable id, a folder where
    /// pages cannot live, or an id at the address of a page Signpost makes itself.
    BadFileName = "bad_file_name", Error, Load;
    /// A page file does not start with front matter between `+++` lines.
    NoFrontMatter = "no_front_matter", Error, Load;
    /// The front matter, `site.toml` or a UI strings file is not valid TOML, or a value
    /// has the wrong type.
    InvalidToml = "invalid_toml", Error, Load;
    /// A key that no page takes (a typo, or a key an earlier version took), with the
    /// closest known key.
    UnknownKey = "unknown_key", Error, Load;
    /// A key that exists, but not on this kind of page (`sender` on a role page).
    KeyNotForKind = "key_not_for_kind", Error, Load;
    /// A page without a `title`, or a language or country in `site.toml` with an empty
    /// name or site title.
    MissingTitle = "missing_title", Error, Load;
    /// Lists or quotes in a body nest deeper than 48 levels.
    TooDeeplyNested = "too_deeply_nested", Error, Resolve;
    /// Two headings of one page have the same id.
    DuplicateAnchor = "duplicate_anchor", Error, Resolve;
    /// A heading's written `{#id}` cannot be an anchor.
    BadHeadingId = "bad_heading_id", Error, Resolve;
    /// A heading's attribute block carries a class or an attribute; it takes an id only.
    HeadingAttribute = "heading_attribute", Error, Resolve;
    /// A page has translations but no file in the default language, which carries its facts.
    MissingOriginal = "missing_original", Error, Resolve;
    /// Two files are the same page in the same language.
    DuplicatePage = "duplicate_page", Error, Resolve;
    /// A translation sets a fact differently from its original, or lists other steps.
    TranslationContradicts = "translation_contradicts", Error, Resolve;
    /// A reference names no page: an actor, sender, recipient, letter, organisation,
    /// institution, concept, step, comparison fact or fact source.
    UnknownReference = "unknown_reference", Error, Resolve;
    /// A required fact is missing: an organisation's kind or sector, a letter's sender or
    /// recipients, a step's actor, a procedure's steps, how to contest a decision.
    MissingFact = "missing_fact", Error, Resolve;
    /// A procedure or letter without `[[sources]]`.
    MissingSources = "missing_sources", Error, Resolve;
    /// A value outside its list: an organisation kind or sector, a letter kind,
    /// `counted_from`.
    BadChoice = "bad_choice", Error, Resolve;
    /// A comparison fact's value does not fit the kind `site.toml` declares for it.
    BadComparisonValue = "bad_comparison_value", Error, Resolve;
    /// A comparison fact that `site.toml` does not declare.
    UnknownComparisonFact = "unknown_comparison_fact", Error, Resolve;
    /// A website or source address that is not an http(s) address.
    BadUrl = "bad_url", Error, Resolve;
    /// A date that is not a calendar date (it has a time, or no day).
    BadDate = "bad_date", Error, Resolve;
    /// `valid_until` before `valid_from`.
    ValidityReversed = "validity_reversed", Error, Resolve;
    /// A `reviewed` date after the day of the build.
    ReviewedInFuture = "reviewed_in_future", Error, Resolve;
    /// Two steps of a procedure with one id.
    DuplicateStep = "duplicate_step", Error, Resolve;
    /// A step id that cannot be an anchor.
    BadStepId = "bad_step_id", Error, Resolve;
    /// A step's timing is wrong: none or several of `week`, `weeks`, `after`; a range that
    /// ends before it starts; a week out of bounds; a step before the one leading to it; a
    /// deadline before its step, or two deadlines.
    StepTiming = "step_timing", Error, Resolve;
    /// The `next` links of a procedure's steps go round in a circle.
    StepCycle = "step_cycle", Error, Resolve;
    /// A step's letter comes from someone other than the step's actor or its organisation.
    LetterSenderMismatch = "letter_sender_mismatch", Error, Resolve;
    /// A letter's kind does not fit its sender or its remedies: `sent-by-you` from someone
    /// else, an `[objection]` on a letter that decides nothing.
    LetterKind = "letter_kind", Error, Resolve;
    /// A time limit with none or several of `within_days`, `within_weeks`,
    /// `within_months`, one out of bounds, or one that runs from a step that sends no letter.
    BadDeadline = "bad_deadline", Error, Resolve;
    /// An `@/` link to a page or heading that does not exist, for a reader of some language.
    BrokenLink = "broken_link", Error, Resolve;
    /// `site.toml` names a theme that does not exist.
    UnknownTheme = "unknown_theme", Error, Load;
    /// A language of the site lacks UI strings that the theme's other languages have.
    MissingUiStrings = "missing_ui_strings", Error, Load;
    /// A template does not compile, or fails to render a page.
    Template = "template", Error, Render;
    /// A language without a stemmer: its search matches words as written.
    NoStemmer = "no_stemmer", Note, Index;
    /// A page cites no sources.
    Unsourced = "unsourced", Warning, Check;
    /// The rules on a page ended (`valid_until` lies before today).
    RulesEnded = "rules_ended", Note, Check;
    /// The rules on a page start later (`valid_from` lies after today).
    RulesNotYet = "rules_not_yet", Note, Check;
    /// A translation does not record which version of the original it follows
    /// (`translated_from`).
    TranslationUntracked = "translation_untracked", Warning, Check;
    /// The original's text changed after the translation was made.
    TranslationStale = "translation_stale", Warning, Check;
    /// A page has no `reviewed` date.
    NotReviewed = "not_reviewed", Warning, Check;
    /// A page's review is overdue (`review_interval_days` in `site.toml`).
    ReviewOverdue = "review_overdue", Warning, Check;
    /// A page is harder to read than the limit `site.toml` sets for its language.
    HardToRead = "hard_to_read", Warning, Check;
    /// A placeholder still to fill in: a line with `TODO:` in a page, `site.toml` or the
    /// site's UI strings, as `signpost init` and `signpost new` mark what they cannot know.
    Placeholder = "placeholder", Warning, Check;
    /// A translation file cannot be read: it is not PO or XLIFF, its syntax is broken, or
    /// an entry does not say which page and unit it belongs to.
    TranslationFileInvalid = "translation_file_invalid", Error, Translate;
    /// A translation file is for a language the site does not translate into, or was
    /// made from another language than the site's default.
    TranslationFileLanguage = "translation_file_language", Error, Translate;
    /// A unit's translation drops, repeats, adds or crosses a placeholder (`{1}`…`{/1}`,
    /// `{2/}`), or spreads over several lines a text the original keeps on one.
    BrokenPlaceholder = "broken_placeholder", Error, Translate;
    /// A unit names a page, or a part of a page, that the original no longer has.
    UnitForUnknownPage = "unit_for_unknown_page", Error, Translate;
    /// The original's text of a unit changed after the export, and the unit is not
    /// marked reviewed.
    OriginalChangedSinceExport = "original_changed_since_export", Error, Translate;
    /// A unit's translation would change the page's structure (a new block, another
    /// heading id) even with its markup characters escaped.
    UnitChangesStructure = "unit_changes_structure", Error, Translate;
    /// A page in a translation file has units without a translation or marked fuzzy, so
    /// it is not written.
    PageNotTranslated = "page_not_translated", Warning, Translate;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl Code {
    /// The table of every code for `docs/diagnostics.md`.
    pub fn markdown_table() -> String {
        let mut table = String::from("| code | severity | reported by | what it means |\n|---|---|---|---|\n");
        for code in Code::ALL {
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            table.push_str(&format!(
                "| `{}` | {severity} | {} | {} |\n",
                code.name(),
                code.stage().name(),
                code.description()
            ));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_description_and_a_unique_name() {
        let mut names = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let description = code.description();
            assert!(description.len() > 10, "{code} has no description: document its variant in diagnostics/code.rs");
            assert!(description.ends_with('.'), "{code}: a description is a sentence: {description}");
            assert!(names.insert(code.name()), "{code} is declared twice");
        }
    }

    /// The table in docs/diagnostics.md is the one the codes make. `UPDATE_DOCS=1 cargo
    /// test diagnostics_table` writes it.
    #[test]
    fn the_diagnostics_table_in_the_docs_is_made_from_the_codes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let text = std::fs::read_to_string(&path).expect("docs/diagnostics.md exists");
        let (start, end) = ("<!-- codes -->\n", "<!-- end of codes -->");
        let (before, rest) = text.split_once(start).expect("docs/diagnostics.md has a `<!-- codes -->` line");
        let (_, after) = rest.split_once(end).expect("docs/diagnostics.md has a `<!-- end of codes -->` line");
        let expected = format!("{before}{start}{}{end}{after}", Code::markdown_table());
        if text != expected {
            if std::env::var_os("UPDATE_DOCS").is_some() {
                std::fs::write(&path, expected).expect("docs/diagnostics.md is writable");
            } else {
                panic!("docs/diagnostics.md is out of date: run `UPDATE_DOCS=1 cargo test diagnostics_table`");
            }
        }
    }
}

//! The command line, checked once into typed options by clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "signpost",
    version,
    about = "Builds a multilingual site that explains who sends which letter and what happens next.",
    after_help = "Examples:
  signpost init my-site --languages en,nl   start a site of your own, then `cd my-site`
  signpost new letter xx/payment-stop --sender benefits-office --kind decision
  signpost serve                            preview on http://127.0.0.1:8000/ while you write
  signpost check --strict                   what to fix before publishing
  signpost build --base-url https://example.org/help/

Your first site in ten minutes: docs/tutorial.md"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a site: a small example that builds as it is, in a new or empty folder.
    Init(InitArgs),
    /// Write a new page with every key its kind takes, or a translation of one, to fill in.
    New(NewArgs),
    /// Build the site from the content folder into the output folder.
    #[command(after_help = "Examples:
  signpost build
  signpost build --base-url https://example.org/help/   for the address it is published at
  signpost build --relative-urls --output site          links that work from disk too")]
    Build(BuildArgs),
    /// Build into memory and serve on 127.0.0.1; rebuild and reload the browser on every save.
    #[command(after_help = "Examples:
  signpost serve            then open http://127.0.0.1:8000/
  signpost serve --port 0   on any free port (the address is printed)")]
    Serve(ServeArgs),
    /// Check the content: everything build checks, plus missing and stale translations,
    /// overdue reviews, sources, readability, external links and placeholders (`TODO:`)
    /// still to fill in. Writes nothing.
    #[command(after_help = "Examples:
  signpost check                          errors fail, warnings are listed
  signpost check --strict --format json   warnings fail too; for tools")]
    Check(CheckArgs),
    /// Record that translations follow the current text of their originals (after you
    /// checked them), so `check` stops calling them stale.
    #[command(after_help = "Example:
  signpost mark-translated content/nl/organisations/uwv.nl.md")]
    MarkTranslated(MarkArgs),
    /// Hand a language to a translator as a PO or XLIFF file, and take the file back.
    #[command(subcommand)]
    Translate(TranslateCommand),
}

impl Command {
    /// What the command does, for the message of a failure inside it: "while …".
    pub fn doing(&self) -> &'static str {
        match self {
            Command::Init(_) => "starting a site",
            Command::New(_) => "writing a new page",
            Command::Build(_) => "building the site",
            Command::Serve(_) => "serving the site",
            Command::Check(_) => "checking the site",
            Command::MarkTranslated(_) => "marking translations",
            Command::Translate(TranslateCommand::Export(_)) => "exporting a translation file",
            Command::Translate(TranslateCommand::Import(_)) => "importing a translation file",
        }
    }

    /// How the command reports diagnostics.
    pub fn format(&self) -> Format {
        match self {
            Command::Build(args) => args.format,
            Command::Check(args) => args.format,
            _ => Format::Human,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write the text of the chosen pages in one language as a PO or XLIFF file: one unit
    /// per text key and per block, markup as placeholders, facts never.
    Export(ExportArgs),
    /// Write the pages a translated PO or XLIFF file holds into the content folder;
    /// nothing is written if any unit is wrong.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// The language to translate into, such as pl.
    #[arg(long, value_name = "LANG")]
    pub lang: String,
    /// Which pages: those with no translation, those whose original changed since, or all.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Pages::Missing, Pages::Stale])]
    pub pages: Vec<Pages>,
    /// gettext PO (Poedit, Weblate, Crowdin) or XLIFF 1.2 (OmegaT, memoQ, Trados).
    #[arg(long, value_enum, default_value_t = FileFormat::Po)]
    pub format: FileFormat,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Pages {
    Missing,
    Stale,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Po,
    Xliff,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The translated PO or XLIFF file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  signpost init my-site
  signpost init my-site --languages en,nl,pl
  signpost init my-site --languages nl,en --default nl

The site builds and passes `signpost check --strict` as it is. Example texts exist in
en, da, de, es, fi, fr, nl, pl and sv; any other language gets the English ones, marked
`TODO:` to translate. A language the default theme has no UI strings for gets its
English ones in i18n/<lang>.toml, to translate.")]
pub struct InitArgs {
    /// The folder to write the site into: a new one, or an empty one.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The site's languages, as ISO 639-1 codes separated by commas.
    #[arg(long, value_delimiter = ',', default_value = "en", value_name = "CODES")]
    pub languages: Vec<String>,
    /// The default language, which carries the facts (the first of --languages if not given).
    #[arg(long = "default", value_name = "CODE")]
    pub default_language: Option<String>,
}

/// The kinds of page `signpost new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Country,
    #[value(alias = "organization")]
    Organisation,
    Role,
    Procedure,
    Letter,
    Glossary,
    CrossBorder,
    Page,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  signpost new organisation xx/employer --kind employer --sector private
  signpost new role xx/company-doctor --organisation employer
  signpost new letter xx/invitation --sender caseworker --kind invitation
  signpost new letter xx/payment-stop --sender benefits-office --kind decision
  signpost new procedure xx/benefit-review --decides benefits-office
  signpost new country dk
  signpost new glossary company-doctor
  signpost new cross-border dk-xx
  signpost new page about
  signpost new procedure xx/apply-for-benefit --lang nl   a translation to translate

What it cannot know is marked `TODO:`; `signpost check` lists each with its file and line.
The ids and references are checked against the site first; nothing is written over.")]
pub struct NewArgs {
    /// The kind of page.
    #[arg(value_enum, value_name = "KIND")]
    pub page_kind: NewKind,
    /// Which page: <country>/<id> for an organisation, role, procedure or letter;
    /// <country> for a country; <concept> for a glossary page; <a>-<b> for a
    /// cross-border page; <id> or <country>/<id> for a free page.
    #[arg(value_name = "PAGE")]
    pub page: String,
    /// Write a translation of the existing page into this language.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// A letter's sender: a role or organisation id of its country, or `you`.
    #[arg(long, value_name = "ID")]
    pub sender: Option<String>,
    /// A letter's recipients: role or organisation ids, or `you` (default: you).
    #[arg(long = "to", value_delimiter = ',', value_name = "ID")]
    pub recipients: Vec<String>,
    /// What kind of letter (decision, invitation, request, information, report,
    /// sent-by-you) or organisation (social-security, employer, municipality, …) it is.
    #[arg(long = "kind", value_name = "WORD")]
    pub fact_kind: Option<String>,
    /// An organisation's sector: public or private.
    #[arg(long, value_name = "WORD")]
    pub sector: Option<String>,
    /// The organisations a role works for.
    #[arg(long = "organisation", value_delimiter = ',', value_name = "ID")]
    pub organisations: Vec<String>,
    /// The organisation that decides (a procedure, a letter).
    #[arg(long, value_name = "ID")]
    pub decides: Option<String>,
    /// The glossary concept a role or a free page realises.
    #[arg(long, value_name = "ID")]
    pub concept: Option<String>,
}

impl NewArgs {
    /// The facts given, by front-matter key.
    pub fn facts(&self) -> Vec<(String, Vec<String>)> {
        let one = |value: &Option<String>| value.iter().cloned().collect::<Vec<_>>();
        [
            ("sender", one(&self.sender)),
            ("recipients", self.recipients.clone()),
            ("kind", one(&self.fact_kind)),
            ("sector", one(&self.sector)),
            ("organisations", self.organisations.clone()),
            ("decides", one(&self.decides)),
            ("concept", one(&self.concept)),
        ]
        .into_iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(key, values)| (key.to_string(), values))
        .collect()
    }
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Listen on another address than 127.0.0.1. Anyone who can reach it sees your drafts.
    #[arg(long, value_name = "ADDRESS")]
    pub bind: Option<std::net::IpAddr>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
    /// The report as human text or JSON.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// Translation files to mark, such as content/nl/organisations/uwv.nl.md.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The content folder, with site.toml at its top.
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
    /// Where the site is written. Replaced whole, and only when the build succeeds.
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub output: PathBuf,
    /// The address the site is published at; overrides base_url in site.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Make links relative, so the site works from file:// and any sub-path.
    #[arg(long)]
    pub relative_urls: bool,
    /// Leave the pages, CSS and JavaScript as the theme writes them (easier to read).
    #[arg(long)]
    pub no_minify: bool,
    /// Skip the search index; the search page then offers only the A–Z index.
    #[arg(long)]
    pub no_search: bool,
    /// Diagnostics as human text or JSON.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

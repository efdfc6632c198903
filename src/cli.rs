//! The command line, checked once into typed options by clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "signpost",
    version,
    about = "Builds a multilingual site that explains who sends which letter and what happens next."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from the content folder into the output folder.
    Build(BuildArgs),
    /// Build into memory and serve on 127.0.0.1; rebuild and reload the browser on every save.
    Serve(ServeArgs),
    /// Check the content: everything build checks, plus missing and stale translations,
    /// overdue reviews, sources, readability and external links. Writes nothing.
    Check(CheckArgs),
    /// Record that translations follow the current text of their originals (after you
    /// checked them), so `check` stops calling them stale.
    MarkTranslated(MarkArgs),
    /// Hand a language to a translator as a PO or XLIFF file, and take the file back.
    #[command(subcommand)]
    Translate(TranslateCommand),
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
    /// Leave the HTML as rendered (faster; easier to read).
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

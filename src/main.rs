//! The `signpost` binary: parses arguments, runs a command, prints, and sets the exit
//! code (0 built, 1 content errors, 2 could not run). The only place that prints.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{BuildArgs, Cli, Command, Format};
use signpost::diagnostics::Diagnostics;
use signpost::{BuildOptions, BuildReport};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
    }
}

fn print_diagnostics(diagnostics: &Diagnostics, format: Format) {
    let mut stderr = std::io::stderr().lock();
    match format {
        Format::Human => {
            let _ = write!(stderr, "{}", diagnostics.to_human(std::io::stderr().is_terminal()));
        }
        Format::Json => {
            let _ = writeln!(stderr, "{}", diagnostics.to_json());
        }
    }
}

fn summary(report: &BuildReport, args: &BuildArgs) -> String {
    let per_language: Vec<String> = report
        .languages
        .iter()
        .map(|(lang, count)| {
            if count.fallbacks > 0 {
                format!("{lang} {} ({} fallback)", count.pages, count.fallbacks)
            } else {
                format!("{lang} {}", count.pages)
            }
        })
        .collect();
    let pages: usize = report.languages.values().map(|c| c.pages).sum();
    format!(
        "Built {pages} pages ({}) with {} warning(s) in {:.2} s → {}",
        per_language.join(", "),
        report.warnings.warning_count(),
        report.elapsed.as_secs_f64(),
        args.output.display()
    )
}

fn build(args: &BuildArgs) -> ExitCode {
    let options = BuildOptions {
        content: args.content.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        relative_urls: args.relative_urls,
        minify: !args.no_minify,
        today: None,
    };
    match signpost::build(&options) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                print_diagnostics(&report.warnings, args.format);
            }
            println!("{}", summary(&report, args));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(diagnostics, args.format);
            eprintln!(
                "Build failed: {} error(s), {} warning(s). The previous output in {} is unchanged.",
                diagnostics.error_count(),
                diagnostics.warning_count(),
                args.output.display()
            );
            ExitCode::from(failure.exit_code())
        }
    }
}

//! The `signpost` binary: parses arguments, runs a command, prints, and sets the exit
//! code (0 built, 1 content errors, 2 could not run). The only place that prints.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{
    BuildArgs, CheckArgs, Cli, Command, ExportArgs, FileFormat, Format, ImportArgs, InitArgs, MarkArgs, NewArgs,
    NewKind, Pages, ServeArgs, TranslateCommand,
};
use signpost::diagnostics::{Diagnostics, clipped, panic_message, printable};
use signpost::incremental::Rebuilt;
use signpost::model::PageKind;
use signpost::{BuildOptions, BuildReport};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let doing = cli.command.doing();
    let building = matches!(cli.command, Command::Build(_));
    let format = cli.command.format();
    report_each_panic_once(format);
    // A panic is a bug in Signpost. The hook prints it with where in the source it
    // happened; then the diagnostic says it is not the editor's fault and that the output
    // is as it was (a build writes into a staging folder, removed while unwinding).
    match std::panic::catch_unwind(|| run(cli.command)) {
        Ok(code) => code,
        Err(panic) => {
            let mut report = signpost::diagnostics::internal_failure(panic.as_ref(), doing).help(if building {
                "the output folder is as it was; please report this with the message and the command you ran"
            } else {
                "please report this with the message and the command you ran"
            });
            if let Some(place) = FIRST_PANIC_PLACE.get() {
                report.message.push_str(&format!(" (at {place})"));
            }
            print_diagnostics(&Diagnostics::from_iter([report]), format);
            ExitCode::from(2)
        }
    }
}

/// Where in Signpost's source the first panic happened, for the report that ends the command.
static FIRST_PANIC_PLACE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Prints each distinct panic once in human output, with its backtrace when
/// `RUST_BACKTRACE` asks for one; `--format json` keeps standard error to the one JSON
/// report. After a panic rayon still works through the other pages, and the same bug
/// panics on each of them: Rust's own hook printed the same message, and backtrace,
/// hundreds of times.
fn report_each_panic_once(format: Format) {
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map(ToString::to_string);
        if let Some(place) = &place {
            let _ = FIRST_PANIC_PLACE.set(place.clone());
        }
        if format == Format::Json {
            return;
        }
        let at = place.map_or_else(String::new, |place| format!(" at {place}"));
        let line = format!("Signpost panicked{at}: {}", panic_message(info.payload()));
        let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.contains(&line) {
            return;
        }
        let backtrace = std::backtrace::Backtrace::capture();
        let backtrace = match backtrace.status() {
            std::backtrace::BacktraceStatus::Captured => format!("\n{backtrace}"),
            _ => String::new(),
        };
        let _ = writeln!(std::io::stderr(), "{}{backtrace}", clipped(&printable(&line), 1_000));
        seen.push(line);
    }));
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Init(args) => init(&args),
        Command::New(args) => new(&args),
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(&args),
        Command::Check(args) => check(&args),
        Command::MarkTranslated(args) => mark_translated(&args),
        Command::Translate(TranslateCommand::Export(args)) => export(&args),
        Command::Translate(TranslateCommand::Import(args)) => import(&args),
    }
}

fn export(args: &ExportArgs) -> ExitCode {
    if let Err(refusal) = signpost::translate::may_write(&args.output) {
        print_diagnostics(&Diagnostics::from_iter([refusal]), Format::Human);
        return ExitCode::from(2);
    }
    let options = BuildOptions { content: args.content.clone(), ..BuildOptions::default() };
    let all = args.pages.contains(&Pages::All);
    let choice = signpost::translate::PageChoice {
        missing: all || args.pages.contains(&Pages::Missing),
        stale: all || args.pages.contains(&Pages::Stale),
        current: all,
    };
    let format = match args.format {
        FileFormat::Po => signpost::translate::Format::Po,
        FileFormat::Xliff => signpost::translate::Format::Xliff,
    };
    let exported = match signpost::translate::export(&options, &args.lang, choice, format) {
        Ok(exported) => exported,
        Err(failure) => {
            print_diagnostics(failure.diagnostics(), Format::Human);
            return ExitCode::from(failure.exit_code());
        }
    };
    let temporary = args.output.with_extension("signpost-export");
    if let Err(error) =
        std::fs::write(&temporary, &exported.text).and_then(|()| std::fs::rename(&temporary, &args.output))
    {
        let _ = std::fs::remove_file(&temporary);
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return ExitCode::from(2);
    }
    let counts = exported.counts;
    println!(
        "Exported {} page(s), {} unit(s) ({} to translate, {} fuzzy) in `{}` → {}",
        exported.pages,
        counts.units,
        counts.missing,
        counts.fuzzy,
        args.lang,
        args.output.display()
    );
    ExitCode::SUCCESS
}

fn import(args: &ImportArgs) -> ExitCode {
    match signpost::translate::import(&args.content, &args.file) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                print_diagnostics(&report.warnings, Format::Human);
            }
            for file in &report.written {
                println!("wrote {}", file.display());
            }
            println!(
                "Imported `{}`: {} file(s) written, {} unchanged, {} page(s) not written",
                report.language,
                report.written.len(),
                report.unchanged.len(),
                report.warnings.warning_count()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(failure.diagnostics(), Format::Human);
            eprintln!("Nothing was written: {} error(s).", failure.diagnostics().error_count());
            ExitCode::from(failure.exit_code())
        }
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
        printable(&args.output.display().to_string())
    )
}

fn build(args: &BuildArgs) -> ExitCode {
    let options = BuildOptions {
        content: args.content.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        relative_urls: args.relative_urls,
        minify: !args.no_minify,
        search: !args.no_search,
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
                printable(&args.output.display().to_string())
            );
            ExitCode::from(failure.exit_code())
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let options = BuildOptions { content: args.content.clone(), ..BuildOptions::default() };
    match signpost::check::check(&options) {
        Ok(report) => {
            match args.format {
                Format::Human => print!("{}", report.to_human(std::io::stdout().is_terminal())),
                Format::Json => println!("{}", report.to_json()),
            }
            if report.passes(args.strict) { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(failure) => {
            print_diagnostics(failure.diagnostics(), args.format);
            ExitCode::from(failure.exit_code())
        }
    }
}

fn mark_translated(args: &MarkArgs) -> ExitCode {
    match signpost::mark_translated(&args.content, &args.files) {
        Ok(marked) => {
            for (file, fingerprint) in marked {
                println!("{}: translated_from = \"{fingerprint}\"", printable(&file.display().to_string()));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(failure.diagnostics(), Format::Human);
            ExitCode::from(failure.exit_code())
        }
    }
}

fn init(args: &InitArgs) -> ExitCode {
    let options = signpost::scaffold::InitOptions {
        folder: args.dir.clone(),
        languages: args.languages.clone(),
        default_language: args.default_language.clone(),
        today: jiff::Zoned::now().date(),
    };
    match signpost::scaffold::init(&options) {
        Ok(written) => {
            println!("Wrote a new site in {} ({} files):", args.dir.display(), written.files.len());
            for file in &written.files {
                println!("  {}", file.display());
            }
            for note in &written.notes {
                println!("note: {note}");
            }
            if written.placeholders > 0 {
                println!(
                    "{} placeholder(s) marked TODO: to fill in; `signpost check` lists them.",
                    written.placeholders
                );
            }
            let cd = if args.dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", args.dir.display())
            };
            println!("Next: {cd}signpost serve, and open http://127.0.0.1:8000/ (docs/tutorial.md walks you through)");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems, Format::Human);
            ExitCode::from(2)
        }
    }
}

fn new(args: &NewArgs) -> ExitCode {
    let kind = match args.page_kind {
        NewKind::Country => PageKind::Country,
        NewKind::Organisation => PageKind::Organisation,
        NewKind::Role => PageKind::Role,
        NewKind::Procedure => PageKind::Procedure,
        NewKind::Letter => PageKind::Letter,
        NewKind::Glossary => PageKind::Glossary,
        NewKind::CrossBorder => PageKind::CrossBorder,
        NewKind::Page => PageKind::Page,
    };
    let options = signpost::scaffold::NewOptions {
        content: args.content.clone(),
        kind,
        page: args.page.clone(),
        lang: args.lang.clone(),
        facts: args.facts(),
        today: jiff::Zoned::now().date(),
    };
    match signpost::scaffold::new_page(&options) {
        Ok(written) => {
            for file in &written.files {
                println!("Wrote {}", file.display());
            }
            if written.placeholders > 0 {
                println!(
                    "It holds {} placeholder(s) marked TODO: to fill in; `signpost check` lists each with its line.",
                    written.placeholders
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems, Format::Human);
            eprintln!("Nothing was written.");
            ExitCode::from(2)
        }
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    let ip = args.bind.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    if !ip.is_loopback() {
        eprintln!("warning: serving on {ip}: anyone who can reach this address can read your drafts");
    }
    let options = signpost::serve::ServeOptions {
        build: BuildOptions { content: args.content.clone(), ..BuildOptions::default() },
        address: std::net::SocketAddr::new(ip, args.port),
    };
    let open = args.open;
    let on_rebuilt = |rebuilt: Result<Rebuilt, String>| {
        let line = match rebuilt {
            // Only files the build never reads changed (an editor's backup).
            Ok(Rebuilt::Pages(0)) => return,
            Ok(Rebuilt::Pages(1)) => "Rebuilt 1 page.".to_string(),
            Ok(Rebuilt::Pages(count)) => format!("Rebuilt {count} pages."),
            Ok(Rebuilt::StaticFiles) => "Replaced the static files.".to_string(),
            Ok(Rebuilt::EveryPage) => "Rendered every page again with the changed theme.".to_string(),
            Ok(Rebuilt::Everything) => "Rebuilt.".to_string(),
            Err(_) => "Rebuild failed: the errors are shown in the browser; the last good site stays up.".to_string(),
        };
        // A closed terminal must not stop the rebuilds.
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    let result = signpost::serve::serve(
        &options,
        |address, first| {
            if let Err(errors) = first {
                eprint!("{errors}");
                eprintln!("The first build failed: the errors are shown in the browser until you fix them.");
            }
            println!("Serving on http://{address}/ (Ctrl-C stops)");
            if open {
                // A missing browser opener is no reason to stop serving.
                let _ = std::process::Command::new("xdg-open").arg(format!("http://{address}/")).spawn();
            }
        },
        on_rebuilt,
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_diagnostics(signpost::serve::failure_from(&error).diagnostics(), Format::Human);
            ExitCode::from(2)
        }
    }
}

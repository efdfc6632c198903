//! The search index alone, timed in one process: loads, resolves and renders the site
//! once, then makes its search files `RUNS` times and prints the median and lowest CPU
//! time (user + system, all threads) and a digest of the files, so two builds of the
//! index can be compared on the same site and shown to make the same files.
//!
//!     cargo run --release --example index_time -- CONTENT [RUNS]
//!
//! For example on the benchmark corpus of bench/run.sh
//! (`python3 bench/gen_corpus.py --pages 10000 --out /dev/shm/c30 --only signpost`):
//!
//!     cargo run --release --example index_time -- /dev/shm/c30/signpost/content 5
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1);
    let Some(content) = arguments.next() else {
        eprintln!("usage: index_time CONTENT [RUNS]");
        return ExitCode::FAILURE;
    };
    let runs = match arguments.next().map(|runs| runs.parse::<usize>()) {
        None => 5,
        Some(Ok(runs)) if runs > 0 => runs,
        Some(_) => {
            eprintln!("index_time: RUNS must be a whole number of at least 1\nusage: index_time CONTENT [RUNS]");
            return ExitCode::FAILURE;
        }
    };
    let options =
        signpost::BuildOptions { content: content.into(), search: false, minify: false, ..Default::default() };
    let prepared = match signpost::prepare(&options) {
        Ok(prepared) => prepared,
        Err(failure) => {
            eprint!("{}", failure.diagnostics().to_human(false));
            return ExitCode::FAILURE;
        }
    };
    let mut cpu_times = Vec::with_capacity(runs);
    let mut digest = 0u64;
    for _ in 0..runs {
        let (started, cpu_before) = (Instant::now(), cpu_seconds());
        let (mut files, _) = signpost::index::index(&prepared.site);
        cpu_times.push((cpu_seconds() - cpu_before, started.elapsed().as_secs_f64()));
        // Languages are indexed side by side: the files come in any order.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        // Sum of the paths' and contents' bytes, each weighted by its place.
        digest = files
            .iter()
            .flat_map(|file| file.path.bytes().chain(file.bytes.iter().copied()))
            .fold(0u64, |sum, byte| sum.wrapping_mul(31).wrapping_add(u64::from(byte)));
    }
    cpu_times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (median, lowest) = (cpu_times[runs / 2], cpu_times[0]);
    println!(
        "index: CPU median {:.2} s (lowest {:.2} s), wall {:.2} s at the median; {runs} runs; digest {digest:016x}",
        median.0, lowest.0, median.1
    );
    ExitCode::SUCCESS
}

/// CPU time of this process so far (all threads), from `/proc/self/stat`; 0 where there is none.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces), from the state on: utime and
    // stime are the 12th and 13th.
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: f64 = after_name.split_whitespace().skip(11).take(2).filter_map(|t| t.parse::<f64>().ok()).sum();
    ticks / 100.0
}

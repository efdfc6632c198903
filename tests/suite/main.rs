//! The one integration test binary (one link step). Each module covers one area, on
//! small fixture sites in `tests/fixtures/`. See `tests/README.md` for how to add one.

mod support;

mod check;
mod cli;
mod domain;
mod errors;
mod escaping;
mod export;
mod facts;
mod incremental;
mod languages;
mod markdown;
mod output;
#[cfg(unix)]
mod output_location;
mod reader_language;
#[cfg(unix)]
mod robustness;
mod rtl;
mod scaffold;
mod search;
mod serve;
mod serve_limits;
mod shipped;
mod translate;
#[cfg(unix)]
mod tutorial;

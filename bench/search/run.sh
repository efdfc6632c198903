#!/usr/bin/env bash
# Search benchmark: Signpost's index against Pagefind 1.x on the same built HTML.
#
#   bench/search/run.sh [PAGES]     (PAGES per language for the generated site; default 2000)
#
# For the shipped site (content/, queries.tsv) and a generated site (bench/gen_corpus.py,
# queries: the first page titles per language) it prints: build time of `signpost build`
# (every stage, the index included) and of `pagefind --site` on the built HTML, index
# bytes and file count of each, and from measure.mjs the mean bytes fetched for a first
# and a follow-up query (Signpost's JSON counted gzipped, as any web server sends it; with
# RAW=1 uncompressed) and the top-3 hit rate. Uses $SIGNPOST_BIN, else
# target/debug/signpost (built if missing). Not a test: numbers depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pages="${1:-2000}"
signpost="${SIGNPOST_BIN:-$repo/target/debug/signpost}"
[ -x "$signpost" ] || (cd "$repo" && cargo build)
[ -x "$here/node_modules/.bin/pagefind" ] || (cd "$here" && npm ci --no-audit --no-fund)
work="$(mktemp -d "${TMPDIR:-/tmp}/signpost-search-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

seconds() { local start=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $start" | bc; }
bytes() { find "$@" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
files() { find "$@" -type f | wc -l; }

run() {
  local name="$1" content="$2" queries="$3" out="$work/$1"
  local t_signpost t_pagefind
  t_signpost="$(seconds "$signpost" build --content "$content" --output "$out" --no-minify)"
  t_pagefind="$(seconds "$here/node_modules/.bin/pagefind" --site "$out" --output-subdir _pagefind)"
  echo "== $name ($signpost)"
  echo "build: signpost build ${t_signpost}s (all stages); pagefind --site ${t_pagefind}s (index only)"
  echo "index: signpost $(bytes "$out"/*/search -name '*.js') bytes in $(files "$out"/*/search -name '*.js') files;" \
    "pagefind $(bytes "$out/_pagefind") bytes in $(files "$out/_pagefind") files"
  node "$here/measure.mjs" "$out" "$out/_pagefind" "$queries"
}

run shipped "$repo/content" "$here/queries.tsv"
python3 "$repo/bench/gen_corpus.py" --pages "$pages" --out "$work/corpus" >/dev/null
run "generated-$pages" "$work/corpus/signpost/content" --titles

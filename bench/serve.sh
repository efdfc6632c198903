#!/usr/bin/env bash
# Benchmark: time from saving one page to the dev server's reload message, for
# `signpost serve`, `zola serve` and `hugo server` on the same generated corpus.
#
#   bench/serve.sh          N = 1000 and 10000 pages per language (3,000 and 30,000
#                           pages), RUNS saves per tool; results in bench/SERVE.md
#
# Each server is started on the corpus, waited for, then bench/serve_latency.py connects
# as a browser tab does (Signpost: the Server-Sent Events stream of a tab showing the
# edited page; Zola and Hugo: their LiveReload websocket), saves one page RUNS times per
# kind of edit (EDITS) and times each save to the next reload message. The page is the
# same for the three tools.
#
# Environment:
#   SIGNPOST=path   Signpost binary (default: target/release/signpost, built with
#                   `cargo build --release` when missing)
#   ZOLA=path       Zola binary (default: zola on PATH); skipped with a message if missing
#   HUGO=path       Hugo binary (default: hugo on PATH); skipped with a message if missing
#   BENCH_DIR=dir   work folder, on tmpfs (default: /dev/shm/signpost-serve-bench)
#   SIZES="…"       pages per language (default "1000 10000")
#   SHAPE=s         corpus shape (gen_corpus.py --shape): pages (default) or procedures
#                   (procedures with typed steps and the letters they send)
#   RUNS=n          saves per tool and size (default 10)
#   EDITS="…"       kinds of save (default "prose title fact stylesheet template"): prose
#                   adds a sentence at the end of the page (only that page changes); title
#                   changes its title in the front matter (its listings, back-links and
#                   site-wide files too); fact changes its reviewed date (resolve checks it
#                   across the site); stylesheet adds a comment to the theme's style.css
#                   (no page changes, every page loads it); template changes the title
#                   block of the page template (every page that uses it changes)
#   TOOLS="…"       which servers to time (default "signpost zola hugo"): Zola and Hugo
#                   build the whole site on every save (about 50 s at 30,000 pages), so
#                   they can be run on their own with fewer RUNS
#   RESULTS=file    where to write the markdown table (default bench/SERVE.md)
#
# Needs python3 and the `websockets` package (pip install websockets) for Zola and Hugo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/dev/shm/signpost-serve-bench}"
SIZES="${SIZES:-1000 10000}"
SHAPE="${SHAPE:-pages}"
case "$SHAPE" in
    pages|procedures) ;;
    *) echo "serve.sh: unknown SHAPE $SHAPE (pages, procedures)" >&2; exit 2 ;;
esac
RUNS="${RUNS:-10}"
EDITS="${EDITS:-prose title fact stylesheet template}"
TOOLS="${TOOLS:-signpost zola hugo}"
RESULTS="${RESULTS:-$here/SERVE.md}"
SIGNPOST="${SIGNPOST:-$repo/target/release/signpost}"
ZOLA="${ZOLA:-$(command -v zola || true)}"
HUGO="${HUGO:-$(command -v hugo || true)}"

if [[ " $TOOLS " == *" signpost "* ]] && [ ! -x "$SIGNPOST" ]; then
    echo "serve.sh: building Signpost (cargo build --release) …" >&2
    (cd "$repo" && cargo build --release --quiet)
fi
python3 -c 'import websockets' 2>/dev/null || echo "serve.sh: python websockets missing (pip install websockets): Zola and Hugo are skipped" >&2

mkdir -p "$BENCH_DIR"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

# wait_for URL SECONDS: until the server answers 200 (the first build is done).
wait_for() {
    local deadline=$((SECONDS + $2))
    until curl -sf -o /dev/null "$1"; do
        if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$server_pid" 2>/dev/null; then
            echo "serve.sh: no answer from $1" >&2
            return 1
        fi
        sleep 0.5
    done
}

port=18731
rows=()
for n in $SIZES; do
    corpus="$BENCH_DIR/corpus-$SHAPE-$n"
    if [ ! -d "$corpus/signpost" ]; then
        python3 "$here/gen_corpus.py" --pages "$n" --shape "$SHAPE" --out "$corpus" >&2
    fi
    total=$((n * 3))
    # The same page for every tool: the middle one of the first country folder.
    file="$(cd "$corpus/signpost/content" && find . -name '*.en.md' ! -name '_index*' | sort | sed -n "$((n / 2))p")"
    file="${file#./}"
    base="${file%.en.md}"
    dir="$(dirname "$file")"
    for tool in $TOOLS; do
        case "$tool" in
            signpost)
                exe="$SIGNPOST"; site="$corpus/signpost"; edit="$site/content/$file"
                # The theme's files the theme edits change, as the site's own copies of
                # the default theme's (the output stays the same until they are edited).
                stylesheet="$site/static/style.css"; template="$site/templates/page.html"
                mkdir -p "$site/static" "$site/templates"
                [ -f "$stylesheet" ] || cp "$repo/themes/default/static/style.css" "$stylesheet"
                [ -f "$template" ] || cp "$repo/themes/default/templates/page.html" "$template"
                # The edited page: its tab is told of the rebuilds that change it.
                start=("$exe" serve --port "$port"); page="/en/$base/" ;;
            zola)
                exe="$ZOLA"; site="$corpus/zola"; edit="$site/content/$base.md"
                stylesheet="$site/static/style.css"; template="$site/templates/page.html"
                # Zola serves its default language at the root, not below /en/.
                start=("$exe" serve --port "$port" --interface 127.0.0.1); page="/$dir/" ;;
            hugo)
                exe="$HUGO"; site="$corpus/hugo"; edit="$site/content/$file"
                stylesheet="$site/static/style.css"; template="$site/layouts/_default/single.html"
                start=("$exe" server --port "$port" --bind 127.0.0.1); page="/en/$dir/" ;;
            *)
                echo "serve.sh: unknown tool $tool in TOOLS (signpost, zola, hugo)" >&2
                exit 2 ;;
        esac
        if [ -z "$exe" ] || [ ! -x "$exe" ]; then
            echo "serve.sh: $tool not found, skipped" >&2
            rows+=("| $total | $tool | | not run: binary not found | | |")
            continue
        fi
        if [ "$tool" != signpost ] && ! python3 -c 'import websockets' 2>/dev/null; then
            rows+=("| $total | $tool | | not run: python websockets missing | | |")
            continue
        fi
        echo "serve.sh: $tool, $total pages …" >&2
        (cd "$site" && exec "${start[@]}" >"$BENCH_DIR/$tool-$n.log" 2>&1) &
        server_pid=$!
        started=$SECONDS
        wait_for "http://127.0.0.1:$port$page" 900
        first_build=$((SECONDS - started))
        for kind in $EDITS; do
            case "$kind" in
                stylesheet) edited="$stylesheet" ;;
                template) edited="$template" ;;
                *) edited="$edit" ;;
            esac
            result="$(python3 "$here/serve_latency.py" --tool "$tool" --url "http://127.0.0.1:$port/" \
                --page "$page" --file "$edited" --runs "$RUNS" --edit "$kind")"
            echo "$kind: $result" >&2
            rows+=("$(python3 - "$total" "$tool" "$kind" "$first_build" "$result" <<'EOF'
import json, sys
total, tool, kind, first, result = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
runs = " ".join(f"{r:.0f}" for r in result["runs_ms"])
print(f"| {total} | {tool} | {kind} | **{result['median_ms']:.0f}** ({result['min_ms']:.0f}–{result['max_ms']:.0f}) | {first} s | {runs} |")
EOF
)")
        done
        stop_server
        port=$((port + 1))
    done
done

{
    echo "# Serve benchmark: save → reload message"
    echo
    echo "Generated by \`bench/serve.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(uname -m))."
    echo "Signpost $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown);"
    echo "Zola: ${ZOLA:-not found} $([ -n "$ZOLA" ] && "$ZOLA" --version 2>/dev/null || true);"
    echo "Hugo: ${HUGO:-not found} $([ -n "$HUGO" ] && "$HUGO" version 2>/dev/null | cut -d' ' -f1-2 || true)."
    echo "Each save changes the same page, $RUNS saves per row, 1.5 s apart: \`prose\` adds a sentence"
    echo "at its end, \`title\` changes its title (its listings and site-wide files change too),"
    echo "\`fact\` its reviewed date; \`stylesheet\` adds a comment to the theme's style.css, \`template\`"
    echo "changes the title block of the page template."
    echo "Corpus shape: $SHAPE (\`bench/gen_corpus.py --shape $SHAPE\`); pages = files per language × 3."
    echo "Times in ms from just before the write to the reload message a browser tab gets."
    echo
    echo "| pages | tool | edit | median ms (min–max) | server ready after | every run, ms |"
    echo "|---:|---|---|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
} > "$RESULTS"
echo "serve.sh: wrote $RESULTS" >&2

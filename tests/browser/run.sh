#!/usr/bin/env bash
# Browser tests and HTML quality gates for the built site.
#
#   tests/browser/run.sh [CONTENT_DIR]        (or SIGNPOST_CONTENT=DIR tests/browser/run.sh)
#   tests/browser/run.sh tests/fixtures/rtl   a fixture: its content/ folder
#
# Installs what is missing (Debian's chromium and a Java runtime, the npm packages of
# tests/browser), builds the site with target/debug/signpost into a temporary folder with
# base URL http://127.0.0.1:<port>/, serves it there, runs the node tests (*.test.mjs)
# against it, and ends with "N passed, N failed". Exit status 0 only when all pass.
#
# Environment:
#   SIGNPOST_CONTENT  content folder (default: content/); the first argument wins over it
#   GATES             comma-separated gate names to run (default: all), e.g. GATES=links,html-valid
#   SAMPLE_LANGS      comma-separated languages the sampling gates visit (default: all), e.g. ar
#   REPORT_DIR        if set, each gate also writes its findings there as <gate>.json
#   KEEP_SITE=1       keep the built site and print where it is
#   CHROMIUM_PATH     the browser (default: /usr/bin/chromium)
#   SIGNPOST_BIN      the signpost binary (default: target/debug/signpost, built if missing)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

content="${1:-${SIGNPOST_CONTENT:-}}"
# A relative content folder is taken from where the script was called, else from the repo.
if [ -n "$content" ] && [ "${content#/}" = "$content" ] && [ -d "$content" ]; then
  content="$(cd "$content" && pwd)"
fi
content="${content:-content}"
# A fixture folder (tests/fixtures/rtl) holds its content folder: take that.
if [ ! -f "$content/site.toml" ] && [ -f "$content/content/site.toml" ]; then content="$content/content"; fi
cd "$repo"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
started=$SECONDS

say() { printf '== %s\n' "$*"; }
# The closing line counts a run that could not get as far as the tests as one failure.
give_up() {
  printf 'error: %s\n' "$*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- what the gates need, installed only when missing -------------------------------
if [ ! -x "$chromium" ] || ! command -v java >/dev/null 2>&1; then
  say "installing chromium and a Java runtime (apt-get)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  { $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium default-jre-headless; } ||
    give_up "apt-get could not install chromium and default-jre-headless"
fi
[ -x "$chromium" ] || give_up "no browser at $chromium"
command -v java >/dev/null 2>&1 || give_up "no java on PATH"

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ] ||
  [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  say "installing the npm packages of tests/browser (npm ci)"
  # --ignore-scripts: vnu-jar's postinstall would download a JDK; the system java is used.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund) || give_up "npm ci failed in tests/browser"
fi

signpost="${SIGNPOST_BIN:-target/debug/signpost}"
if [ -z "${SIGNPOST_BIN:-}" ] && [ ! -x "$signpost" ]; then
  say "building signpost (cargo build)"
  cargo build || give_up "cargo build failed"
fi
[ -x "$signpost" ] || give_up "no signpost binary at $signpost"

# --- build and serve the site ---------------------------------------------------------
[ -d "$content" ] || give_up "no content folder $content"
work="$(mktemp -d "${TMPDIR:-/tmp}/signpost-gates.XXXXXX")"
site="$work/site"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "${KEEP_SITE:-}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server binds a free port itself (port 0) and says which; it serves $site, which the
# build then creates, so the base URL can name the real port.
python3 -u - "$site" >"$work/server.log" 2>&1 <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print("port", server.server_address[1], flush=True)
server.serve_forever()
PY
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's/^port \([0-9]*\)$/\1/p' "$work/server.log")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || give_up "the static server did not start: $(cat "$work/server.log")"
base_url="http://127.0.0.1:$port/"

say "building $content with base URL $base_url"
if ! "$signpost" build --content "$content" --output "$site" --base-url "$base_url"; then
  give_up "signpost could not build $content (see above)"
fi
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || give_up "nothing answers on $base_url"
# The same site with relative links, for the tests that open it from disk (file://).
disk_site="$work/site-on-disk"
"$signpost" build --content "$content" --output "$disk_site" --relative-urls >/dev/null \
  || give_up "signpost could not build $content with --relative-urls"
# And once more without minifying, for the gate that compares the text the two show.
plain_disk_site="$work/site-on-disk-plain"
"$signpost" build --content "$content" --output "$plain_disk_site" --relative-urls --no-minify >/dev/null \
  || give_up "signpost could not build $content with --relative-urls --no-minify"
if [ "${KEEP_SITE:-}" = 1 ]; then say "the built site is kept in $site"; fi

# --- the gates --------------------------------------------------------------------------
tests=()
if [ -n "${GATES:-}" ]; then
  IFS=',' read -r -a names <<<"$GATES"
  for name in "${names[@]}"; do
    [ -f "$here/$name.test.mjs" ] || give_up "no gate $name (have: $(cd "$here" && ls ./*.test.mjs | sed 's|^\./||; s|\.test\.mjs$||' | tr '\n' ' '))"
    tests+=("$name.test.mjs")
  done
else
  for f in "$here"/*.test.mjs; do tests+=("$(basename "$f")"); done
fi

say "running ${tests[*]}"
status=0
# The live-reload gate serves a copy of the content itself; the tests run from $here.
content_abs="$(cd "$content" && pwd)"
signpost_abs="$(cd "$(dirname "$signpost")" && pwd)/$(basename "$signpost")"
(
  cd "$here"
  SITE_DIR="$site" DISK_SITE_DIR="$disk_site" PLAIN_DISK_SITE_DIR="$plain_disk_site" BASE_URL="$base_url" GATES_COUNTS="$work/counts.json" \
    CONTENT_DIR="$content_abs" SIGNPOST_BIN="$signpost_abs" \
    exec timeout 900 node --test --test-concurrency=2 --test-reporter=./lib/reporter.mjs "${tests[@]}"
) || status=$?

passed=0
failed=0
skipped=0
if [ -f "$work/counts.json" ]; then
  read -r passed failed skipped < <(node -e 'const c = require(process.argv[1]); console.log(c.passed, c.failed, c.skipped)' "$work/counts.json")
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "gates took $((SECONDS - started)) s"
if [ "$skipped" != 0 ]; then echo "$skipped skipped (kinds of page the site lacks, listed above)"; fi
echo "$passed passed, $failed failed"
[ "$status" = 0 ] && [ "$failed" = 0 ]

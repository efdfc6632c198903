#!/usr/bin/env bash
# Interop check (issue 30): Pagefind, an HTML tool people pair with a static site, indexes
# every page of Signpost's default output (`signpost build`: minified, search on).
#
#   tests/interop/pagefind.sh [CONTENT_DIR]   (default: content/)
#
# .ci/run runs it. It failed while the minified output omitted optional closing tags
# (`</p>`, `</li>`, `</body>`, `</html>`): Pagefind 1.6 then indexed none of its pages
# (tests/interop/README.md has the numbers). The minifier now keeps them.
#
# The comparison: Signpost writes every page as <folder>/index.html, and Pagefind gives
# such a page the URL /<folder>/. The check lists every index.html of the output (the
# pages Pagefind should index) and the URLs of the pages Pagefind did index (one fragment
# file per indexed page, read through Pagefind's node API, the same indexer as
# `pagefind --site`), and fails when any index.html has no indexed page, or when Pagefind
# reports errors. Pagefind's own page count is printed but not compared: it counts the
# HTML files it read, also those it then drops. The other HTML files (the 404 pages) are
# not content pages and are not required.
#
# Environment:
#   SIGNPOST_BIN          the signpost binary (default: target/debug/signpost, built if missing)
#   SIGNPOST_BUILD_FLAGS  extra build flags, for diagnosis only (e.g. --no-minify shows the
#                         check passing on unminified output); the CI check sets none
# Needs node and npm; installs the Pagefind pinned in bench/search/package.json there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"


content="${1:-$repo/content}"
[ -d "$content" ] || { echo "interop/pagefind: no content folder $content" >&2; exit 2; }
content="$(cd "$content" && pwd)"
cd "$repo"

signpost="${SIGNPOST_BIN:-target/debug/signpost}"
if [ -z "${SIGNPOST_BIN:-}" ] && [ ! -x "$signpost" ]; then
  echo "interop/pagefind: building signpost (cargo build)" >&2
  cargo build --quiet
fi
[ -x "$signpost" ] || { echo "interop/pagefind: no signpost binary at $signpost" >&2; exit 2; }

search="$repo/bench/search"
lib="$search/node_modules/pagefind/lib/index.js"
if [ ! -f "$lib" ]; then
  echo "interop/pagefind: installing the pinned pagefind (npm ci in bench/search)" >&2
  (cd "$search" && npm ci --no-audit --no-fund --silent)
fi
version="$(node -p 'require(process.argv[1]).version' "$search/node_modules/pagefind/package.json")"

work="$(mktemp -d "${TMPDIR:-/tmp}/signpost-interop.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086 # SIGNPOST_BUILD_FLAGS is a list of flags
"$signpost" build --content "$content" --output "$work/site" ${SIGNPOST_BUILD_FLAGS:-} >/dev/null
flags="${SIGNPOST_BUILD_FLAGS:-(default options: minified, search on)}"
echo "interop/pagefind: Pagefind $version over signpost build $flags of $content"
if node "$here/pagefind-coverage.mjs" "$work/site" "$lib"; then
  echo "interop/pagefind: passed: Pagefind indexed every index.html page"
else
  echo "interop/pagefind: FAILED: Pagefind did not index every index.html page of the output" >&2
  exit 1
fi

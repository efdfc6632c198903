#!/usr/bin/env bash
# Translation files against the tools translators use: exports every language of a
# content folder (default: the shipped content/) as PO and XLIFF, checks each PO with
# GNU gettext's `msgfmt --check`, and reads each PO with polib and each XLIFF with
# translate-toolkit, comparing their units with the PO's. Installs gettext (apt-get)
# and translate-toolkit and polib (pip) when missing. Ends with `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."
content="${1:-content}"
if ! command -v msgfmt > /dev/null; then
  apt-get update -qq && apt-get install -y -qq gettext > /dev/null
fi
if ! python3 -c "import translate.storage.xliff, polib" 2> /dev/null; then
  python3 -m pip install --quiet translate-toolkit polib
fi
[ -x target/debug/signpost ] || cargo build --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
languages="$(python3 -c "
import tomllib, sys
config = tomllib.load(open(sys.argv[1] + '/site.toml', 'rb'))
print(' '.join(l for l in config['languages'] if l != config['default_language']))
" "$content")"
for lang in $languages; do
  ./target/debug/signpost translate export --content "$content" --lang "$lang" --pages all --output "$work/$lang.po" > /dev/null
  ./target/debug/signpost translate export --content "$content" --lang "$lang" --pages all --format xliff --output "$work/$lang.xlf" > /dev/null
  if msgfmt --check --check-format --check-header -o /dev/null "$work/$lang.po"; then
    echo "ok: msgfmt --check accepts $lang.po"; passed=$((passed + 1))
  else
    echo "FAILED: msgfmt --check refuses $lang.po"; failed=$((failed + 1))
  fi
  if python3 tests/translate/read_back.py "$work/$lang.po" "$work/$lang.xlf" "$lang"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "translation files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

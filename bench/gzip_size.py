#!/usr/bin/env python3
"""Gzip bytes of built sites, the way a server that compresses each file sends them.

    python3 bench/gzip_size.py BASELINE_DIR OTHER_DIR [OTHER_DIR ...]

For each folder: the sum over its files of each file compressed alone (zlib, level 9),
for the HTML files and for all files, and how far each folder is from the first one.
Issue 30 compares the shipped site minified once (the default build) with the per-page
minifying it replaced (a build of commit 29d99b2) and with `--no-minify`; see
docs/architecture.md, "Minifying happens once".
"""
import os
import sys
import zlib


def sizes(folder):
    html = every = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                size = len(zlib.compress(f.read(), 9))
            every += size
            if name.endswith(".html"):
                html += size
    return html, every


def main(folders):
    if len(folders) < 2:
        sys.exit(__doc__)
    for folder in folders:
        if not os.path.isfile(os.path.join(folder, ".signpost-output")) and not os.path.isfile(os.path.join(folder, "index.html")):
            sys.exit(f"gzip_size.py: {folder} is not a built site (no index.html or .signpost-output in it)")
    measured = [(folder, *sizes(folder)) for folder in folders]
    _, base_html, base_all = measured[0]
    print(f"| site | gzip bytes, HTML | vs first | gzip bytes, all files | vs first |")
    print(f"|---|---:|---:|---:|---:|")
    for folder, html, every in measured:
        print(f"| {folder} | {html:,} | {100 * (html / base_html - 1):+.2f} % | {every:,} | {100 * (every / base_all - 1):+.2f} % |")


if __name__ == "__main__":
    main(sys.argv[1:])

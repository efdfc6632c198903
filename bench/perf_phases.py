#!/usr/bin/env python3
"""Which phase of a Signpost build each perf sample fell in, and on how many threads.

Reads the text of `perf script -F tid,time,ip,sym` of a build recorded with
`perf record --call-graph dwarf` (see bench/README.md, "Profiling Signpost") and prints,
per phase, the time span of its samples, their number (at F Hz one sample is 1/F s of
CPU) and how they spread over threads. Standard library only.
"""

import collections
import re
import sys

# The first of these found in a sample's call chain, outermost frame first, names its phase
# (so `page_of` called while rendering counts as rendering, not loading).
PHASES = [
    ("load", ["signpost::load::"]),
    ("theme", ["signpost::render::theme::"]),
    ("resolve", ["signpost::resolve::"]),
    ("render pages", ["signpost::render::render_page"]),
    ("derived pages", ["signpost::render::generated_pages"]),
    ("sitemap", ["signpost::render::sitemap"]),
    ("feeds", ["signpost::render::feed"]),
    ("data export", ["signpost::render::export"]),
    ("write", ["signpost::write::Staging::write"]),
    ("swap in", ["signpost::write::Staging::finish"]),
    ("free the site", ["drop_in_place<signpost::Resolved", "drop_in_place<signpost::model::Site"]),
]


def samples(lines):
    current = None
    for line in lines:
        if line.strip() and not line.startswith("\t"):
            match = re.match(r"\s*(\d+)\s+([\d.]+):", line)
            if match:
                if current:
                    yield current
                current = (int(match.group(1)), float(match.group(2)), [])
        elif line.strip() and current:
            current[2].append(line.strip().split(" ", 1)[-1])
    if current:
        yield current


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        found = list(samples(f))
    if not found:
        sys.exit("perf_phases: no samples in " + sys.argv[1])
    start = min(time for _, time, _ in found)
    spans = collections.OrderedDict((name, [None, None, collections.Counter()]) for name, _ in PHASES)
    spans["other"] = [None, None, collections.Counter()]
    for tid, time, frames in found:
        phase = next((name for frame in reversed(frames) for name, keys in PHASES if any(k in frame for k in keys)), "other")
        span = spans[phase]
        at = time - start
        span[0] = at if span[0] is None else min(span[0], at)
        span[1] = at if span[1] is None else max(span[1], at)
        span[2][tid] += 1
    print(f"{'phase':14s} {'from s':>7s} {'to s':>7s} {'samples':>8s} threads")
    for name, (first, last, threads) in spans.items():
        if threads:
            print(f"{name:14s} {first:7.2f} {last:7.2f} {sum(threads.values()):8d} {len(threads)}")


if __name__ == "__main__":
    main()

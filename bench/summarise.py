#!/usr/bin/env python3
"""Turns bench/run.sh's samples into the markdown of bench/RESULTS.md (stdlib only)."""

import argparse
import statistics
import sys

LANGUAGES = 3
TOOL_ORDER = ["signpost-no-minify", "signpost-search", "signpost", "zola", "hugo"]
LABEL = {
    "signpost-no-minify": "Signpost `--no-minify --no-search`",
    "signpost-search": "Signpost `--no-minify`, search on",
    "signpost": "Signpost `--no-search` (minified)",
    "zola": "Zola",
    "hugo": "Hugo",
}
# The targets, at the largest size, for Signpost without minification and, like
# Zola's default, without a search index; the search row has a target of its own.
TARGET_SPEED = 3.0  # ≥ 3× Zola's pages per second
TARGET_RSS = 0.5  # ≤ ½ Zola's peak RSS
TARGET_SCALING = 1.05  # time(30k) / time(3k) ≤ 10.5: 5 % over linear, for 10× the pages
# Everything in RESULTS.md from this line on is written by hand (profiles, notes) and kept
# when run.sh writes the file again.
MARKER = "<!-- hand-written below: bench/run.sh keeps everything from this line on -->"


def read_samples(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            tool, n, _run, wall_us, rss_kb, cpu_us, files = line.rstrip("\n").split("\t")
            rows.setdefault((tool, int(n)), []).append(
                (int(wall_us) / 1e6, int(rss_kb) / 1024, int(files), int(cpu_us) / 1e6))
    return rows


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value
    return meta


def fmt_s(seconds):
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.2f}"


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
    sizes = sorted({n for _, n in rows})
    tools = [t for t in TOOL_ORDER if any(t == tool for tool, _ in rows)]

    stats = {}
    for (tool, n), samples in rows.items():
        walls = [s[0] for s in samples]
        rss = [s[1] for s in samples]
        median = statistics.median(walls)
        stats[(tool, n)] = {
            "runs": len(walls),
            "median": median,
            "min": min(walls),
            "max": max(walls),
            "pps": LANGUAGES * n / median,
            "pps_best": LANGUAGES * n / min(walls),
            "cpu": statistics.median(s[3] for s in samples),
            "rss": statistics.median(rss),
            "rss_max": max(rss),
            "files": samples[-1][2],
        }

    out = []
    w = out.append
    w("# Benchmark: Signpost, Zola and Hugo" + (" (quick smoke run)" if args.quick == "1" else ""))
    w("")
    w("Made by `bench/run.sh`" + (" --quick" if args.quick == "1" else "") + f" on {meta.get('date', '?')}. "
      "The corpus, the three sites and how equivalent they are: [README.md](README.md).")
    w("Zola and Hugo build no search index by default, so the rows to compare them with are the ones with "
      "`--no-search`; the row \"search on\" is Signpost's default build (without minification), index included.")
    w("")
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    for key, label in [("signpost_version", "Signpost"), ("signpost_commit", "Signpost commit"),
                       ("signpost_binary", "Signpost binary"),
                       ("zola_version", "Zola"), ("hugo_version", "Hugo"), ("cpu", "CPU"), ("nproc", "cores (nproc)"),
                       ("memory", "memory"), ("os", "OS"), ("kernel", "kernel"), ("bench_fs", "work folder"),
                       ("load_before", "load average before"), ("load_during", "load during the run"),
                       ("load_after", "load average after")]:
        w(f"| {label} | {meta.get(key, '?')} |")
    w("")
    warm = "a warm-up build, then " if meta.get("warmup") == "1" else ""
    w(f"Each tool: {warm}{meta.get('runs', '?')} timed build(s) per size, interleaved with the other tools. "
      "Wall time from the shell around the process; CPU time (user + system) and peak RSS from `/usr/bin/time -v` "
      "(medians over the runs). "
      "Pages per second = content pages (N × 3 languages) ÷ median wall time; every tool also writes "
      "list, taxonomy/country, feed and sitemap files, counted in the html column.")
    w("")
    w("## Results")
    w("")
    w("| tool | pages (N × 3) | runs | median s | min s | max s | pages/s (median) | pages/s (best) | CPU s (median) | "
      "peak RSS MiB (median / max) | html files |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for tool in tools:
            s = stats.get((tool, n))
            if not s:
                continue
            w(f"| {LABEL[tool]} | {LANGUAGES * n:,} | {s['runs']} | {fmt_s(s['median'])} | {fmt_s(s['min'])} | "
              f"{fmt_s(s['max'])} | {s['pps']:,.0f} | {s['pps_best']:,.0f} | {fmt_s(s['cpu'])} | "
              f"{s['rss']:,.1f} / {s['rss_max']:,.1f} | {s['files']:,} |")
    w("")

    others = [t for t in ("zola", "hugo") if t in tools]
    if others:
        w("## Ratios")
        w("")
        w("Speed ratio = Signpost's pages/s ÷ the other tool's (higher is better for Signpost), from the median "
          "times and, in brackets, from the best (minimum) times, which other work on the machine disturbs least; "
          "RSS ratio = Signpost's peak RSS ÷ the other tool's (lower is better for Signpost).")
        w("")
        head = "| Signpost | pages | " + " | ".join(f"speed vs {LABEL[o]} | RSS vs {LABEL[o]}" for o in others) + " |"
        w(head)
        w("|---|---:|" + "---:|---:|" * len(others))
        for n in sizes:
            for tool in ("signpost-no-minify", "signpost-search", "signpost"):
                s = stats.get((tool, n))
                if not s:
                    continue
                cells = []
                for o in others:
                    so = stats.get((o, n))
                    if so:
                        cells += [f"{s['pps'] / so['pps']:.2f}× ({s['pps_best'] / so['pps_best']:.2f}×)",
                                  f"{s['rss'] / so['rss']:.2f}"]
                    else:
                        cells += ["–", "–"]
                w(f"| {LABEL[tool]} | {LANGUAGES * n:,} | " + " | ".join(cells) + " |")
        w("")

    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        w(f"## Scaling: time({LANGUAGES * hi:,}) ÷ time({LANGUAGES * lo:,})")
        w("")
        w(f"{hi // lo}× the pages; a ratio of {hi // lo} is linear. From the median times, and from the best times.")
        w("")
        w("| tool | ratio (median) | ratio (best) |")
        w("|---|---:|---:|")
        for tool in tools:
            if (tool, lo) in stats and (tool, hi) in stats:
                a, b = stats[(tool, lo)], stats[(tool, hi)]
                w(f"| {LABEL[tool]} | {b['median'] / a['median']:.2f} | {b['min'] / a['min']:.2f} |")
        w("")

        s = stats.get(("signpost-no-minify", hi))
        z = stats.get(("zola", hi))
        s_lo = stats.get(("signpost-no-minify", lo))
        if s and s_lo:
            w(f"## Targets (Signpost `--no-minify --no-search`, {LANGUAGES * hi:,} pages; search on where named)")
            w("")
            w("| target | measured (median) | met | measured (best) | met |")
            w("|---|---:|---|---:|---|")

            def met(ok):
                return "yes" if ok else "**no**"

            if z:
                speed, speed_b = s["pps"] / z["pps"], s["pps_best"] / z["pps_best"]
                rss = s["rss"] / z["rss"]
                w(f"| ≥ {TARGET_SPEED:g}× Zola's pages/s | {speed:.2f}× | {met(speed >= TARGET_SPEED)} | "
                  f"{speed_b:.2f}× | {met(speed_b >= TARGET_SPEED)} |")
                w(f"| ≤ {TARGET_RSS:g} × Zola's peak RSS | {rss:.2f} | {met(rss <= TARGET_RSS)} | | |")
            else:
                w("| Zola targets | Zola was not run | – | | |")
            searched = stats.get(("signpost-search", hi))
            if z and searched:
                ratio, ratio_b = searched["median"] / z["median"], searched["min"] / z["min"]
                w(f"| with search on, time ≤ Zola's time | {ratio:.2f} | {met(ratio <= 1)} | "
                  f"{ratio_b:.2f} | {met(ratio_b <= 1)} |")
            else:
                w("| with search on, time ≤ Zola's time | not measured (Zola was not run) | – | | |")
            scaling, scaling_b = s["median"] / s_lo["median"], s["min"] / s_lo["min"]
            limit = TARGET_SCALING * hi / lo
            w(f"| time({LANGUAGES * hi:,}) ÷ time({LANGUAGES * lo:,}) ≤ {limit:g} | {scaling:.2f} | "
              f"{met(scaling <= limit)} | {scaling_b:.2f} | {met(scaling_b <= limit)} |")
            w("")

    w("## Commands")
    w("")
    w("To rerun everything (about how long: see README.md):")
    w("")
    w("```sh")
    w("apt-get install -y hugo time          # Debian's Hugo and GNU time")
    w("cargo build --release                 # Signpost")
    w("ZOLA=/path/to/zola HUGO=hugo bench/run.sh          # full run, writes bench/RESULTS.md")
    w("bench/run.sh --quick                               # smoke run, N=20, one build per tool")
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


if __name__ == "__main__":
    sys.exit(main())

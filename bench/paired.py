#!/usr/bin/env python3
"""Paired builds: two or more Signpost binaries (or flag sets) built in turn on one corpus.

    python3 bench/paired.py RUNS CONTENT 'label:binary:flags' 'label:binary:flags' ...

Each round builds once with every configuration, in the order given, into /dev/shm/o
(removed before each build, outside the timing), so a slow spell of the machine is shared
out. Prints per configuration the median and best wall time, the median CPU time (user +
system) and the median peak RSS from /usr/bin/time. Used for the before/after figures of
single changes in bench/RESULTS.md, for example:

    python3 bench/paired.py 3 /dev/shm/signpost-bench/pages-n10000/signpost/content \\
        'before:/tmp/signpost-before:' 'after:target/release/signpost:'
"""
import shutil
import statistics
import subprocess
import sys
import time


def main(arguments):
    if len(arguments) < 3:
        sys.exit(__doc__)
    runs, content = int(arguments[0]), arguments[1]
    configurations = [argument.split(":", 2) for argument in arguments[2:]]
    for argument, configuration in zip(arguments[2:], configurations):
        if len(configuration) != 3:
            sys.exit(f"paired.py: {argument!r} is not 'label:binary:flags' (flags may be empty: 'label:binary:')")
    samples = {label: [] for label, _, _ in configurations}
    for _ in range(runs):
        for label, binary, flags in configurations:
            shutil.rmtree("/dev/shm/o", ignore_errors=True)
            command = ["/usr/bin/time", "-f", "%U %S %M", binary, "build", "--content", content, "--output", "/dev/shm/o"]
            started = time.time()
            done = subprocess.run(command + flags.split(), capture_output=True, text=True)
            wall = time.time() - started
            if done.returncode != 0:
                sys.exit(f"{label}: the build failed:\n{done.stderr}")
            user, system, rss = done.stderr.strip().splitlines()[-1].split()
            samples[label].append((wall, float(user) + float(system), int(rss) / 1024))
    shutil.rmtree("/dev/shm/o", ignore_errors=True)
    for label, values in samples.items():
        walls = [value[0] for value in values]
        print(
            f"{label:32s} wall median {statistics.median(walls):6.2f} s, best {min(walls):6.2f} s; "
            f"CPU median {statistics.median(value[1] for value in values):6.2f} s; "
            f"peak RSS median {statistics.median(value[2] for value in values):7.1f} MiB"
        )


if __name__ == "__main__":
    main(sys.argv[1:])

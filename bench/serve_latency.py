#!/usr/bin/env python3
"""Times save -> reload message for one running dev server (used by bench/serve.sh).

Connects the way a browser tab does: to Signpost's Server-Sent Events stream
(/__signpost/events), or to the LiveReload websocket Zola and Hugo inject. Then, RUNS
times: changes one sentence of FILE (one write, as an editor saves; or with `--save vim`
the way vim saves: its test file `4913` made and deleted, FILE renamed to `FILE~`, FILE
written, `FILE~` deleted), and measures the time from just before the save until the
server's next reload message. Waits
SETTLE seconds between saves so each save is its own rebuild. Prints one JSON line:
{"tool", "runs_ms": [...], "median_ms", "min_ms", "max_ms"}.

Needs the `websockets` package from PyPI for Zola and Hugo (pip install websockets).
"""

import argparse
import json
import os
import re
import socket
import statistics
import time
import urllib.parse
import urllib.request


def signpost_stream(base, page):
    """A socket on the event stream, positioned after the first event. Names `page` as
    the reload script of a tab showing it does: the stream then sends only the rebuilds
    that changed that page."""
    host, port = base.split("//", 1)[1].rstrip("/").split(":")
    sock = socket.create_connection((host, int(port)))
    query = "?page=" + urllib.parse.quote(page, safe="")
    sock.sendall(f"GET /__signpost/events{query} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    # A socket file object is unusable after one timeout, so lines are cut by hand.
    buffer = bytearray()

    def read_line(timeout):
        sock.settimeout(timeout)
        while b"\n" not in buffer:
            chunk = sock.recv(4096)
            if not chunk:
                raise EOFError("the event stream closed")
            buffer.extend(chunk)
        line, _, rest = bytes(buffer).partition(b"\n")
        buffer[:] = rest
        return line + b"\n"

    while read_line(30) not in (b"\r\n", b"\n"):
        pass

    def next_message(timeout):
        while True:
            line = read_line(timeout)
            if line.startswith(b"data: "):
                return line.decode().strip()

    next_message(30)
    return next_message


def livereload_socket(base, page):
    """A LiveReload websocket, found from the script tag the server injected in `page`."""
    from websockets.sync.client import connect

    html = urllib.request.urlopen(base.rstrip("/") + page, timeout=60).read().decode()
    match = re.search(r"livereload\.js\?[^\"']*", html)
    if not match:
        raise SystemExit(f"no livereload script in {page}")
    query = match.group(0).replace("&amp;", "&")
    port = re.search(r"port=(\d+)", query)
    path = re.search(r"path=([\w/]+)", query)
    host = base.split("//", 1)[1].split(":")[0]
    url = f"ws://{host}:{port.group(1) if port else base.rstrip('/').rsplit(':', 1)[1]}/{path.group(1) if path else 'livereload'}"
    ws = connect(url, open_timeout=30)
    ws.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))

    def next_message(timeout):
        while True:
            message = json.loads(ws.recv(timeout=timeout))
            if message.get("command") == "reload":
                return message

    return next_message


def drain(next_message, seconds):
    """Swallows messages for `seconds` (late reloads of the previous save)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            next_message(left)
        except (TimeoutError, socket.timeout):
            return


def edit(text, kind, run):
    """The file after save number `run`: for a page, a new last sentence (only the page
    changes), a new title (its listings, back-links and the site-wide files change with
    it), or a new reviewed date (a fact: checked across the site, shown on the page and in
    the feeds); for the theme, a comment at the end of the stylesheet (no page changes,
    every page loads it) or a new title in the page template (every page changes)."""
    if kind == "prose":
        return text.rstrip("\n") + f"\n\nEdited in run {run} of the serve benchmark.\n"
    if kind == "stylesheet":
        return text.rstrip("\n") + f"\n/* run {run} of the serve benchmark */\n"
    if kind == "title":
        pattern, replacement = r'^title = "', f'title = "Run {run}: '
    elif kind == "template":
        # The page template's title block (`{{ page.title }} – {{ site.title }}` in all
        # three tools): every page it renders gets a new title.
        pattern, replacement = " – ", f" – Run {run} – "
    else:
        pattern, replacement = r'^reviewed = \d{4}-\d{2}-\d{2}', f"reviewed = 2025-01-{run % 28 + 1:02d}"
    edited, found = re.subn(pattern, replacement, text, count=1, flags=re.M)
    if not found:
        raise SystemExit(f"no line matching {pattern} in the page to edit")
    return edited


def save(path, text, how):
    """Writes `text` to `path` in place, or as vim does (`how` is "vim")."""
    if how == "vim":
        folder = os.path.dirname(path)
        open(os.path.join(folder, "4913"), "w").close()
        os.remove(os.path.join(folder, "4913"))
        os.rename(path, path + "~")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if how == "vim":
        os.remove(path + "~")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", choices=["signpost", "zola", "hugo"], required=True)
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT/")
    parser.add_argument("--page", default="/en/", help="a page that carries the livereload script; "
                        "for Signpost, the edited page (its tab's reloads are timed)")
    parser.add_argument("--file", required=True, help="the file to edit: the page, or for --edit stylesheet "
                        "and template the theme's stylesheet or page template")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--settle", type=float, default=1.5)
    parser.add_argument("--edit", choices=["prose", "title", "fact", "stylesheet", "template"], default="prose",
                        help="prose: add a sentence at the end; title: change the front matter's title; "
                        "fact: change its reviewed date; stylesheet: add a comment at the end of the file; "
                        "template: change the title block of the page template")
    parser.add_argument("--save", choices=["write", "vim"], default="write",
                        help="write: one write in place; vim: with vim's test and backup files")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    if args.tool == "signpost":
        next_message = signpost_stream(args.url, args.page)
    else:
        next_message = livereload_socket(args.url, args.page)
    original = open(args.file, encoding="utf-8").read()
    runs = []
    try:
        drain(next_message, args.settle)
        for run in range(args.runs):
            edited = edit(original, args.edit, run)
            started = time.perf_counter()
            save(args.file, edited, args.save)
            next_message(args.timeout)
            runs.append((time.perf_counter() - started) * 1000)
            drain(next_message, args.settle)
    finally:
        with open(args.file, "w", encoding="utf-8") as f:
            f.write(original)
    print(json.dumps({
        "tool": args.tool,
        "runs_ms": [round(r, 1) for r in runs],
        "median_ms": round(statistics.median(runs), 1),
        "min_ms": round(min(runs), 1),
        "max_ms": round(max(runs), 1),
    }))


if __name__ == "__main__":
    main()

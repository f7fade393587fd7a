"""Stock WordPress as the baseline: generate.py's blog, served and driven by wrk.

Usage: python bench/wordpress.py [--scale 1.0] [--seconds 10] [--connections 8]
                                 [--children 4] [--port 0] [--cache]
Debian's wordpress (6.1), php-fpm (4 static children, opcache on) and nginx on
loopback, the local MariaDB (its own database, steppe_wordpress_bench), the default
theme, pretty permalinks, and the same posts, tags and comments as
`bench/generate.py --scale S`. Each page gets wrk with bench/load.py's flags; it
prints req/s and p50/p95/p99 as a Markdown table, and with --cache the same pages
again behind nginx's fastcgi_cache. bench/load.py or bench/edge.py can put the
figures in their own table: `rows = measure(scale=..., seconds=...)`.
"""

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # imported from outside bench/ (the tests)
    sys.path.append(str(BENCH))

from wordpress_content import blog_sql, make_blog  # noqa: E402
from wordpress_stack import WordPress, missing  # noqa: E402

DATABASE = "steppe_wordpress_bench"
STOCK, CACHED = "WordPress, stock", "WordPress + nginx fastcgi_cache"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, timeout=30):
    """One GET, redirects not followed: status, headers and text."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def wrk(url, seconds, connections):
    """bench/load.py's wrk run (threads, timeout, reporter), with the site's Host."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", str(BENCH / "report.lua"), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    if not result["requests"]:  # nothing answered in time: that is a failure too
        result["errors"] = max(result["errors"], 1)
    return result


def pages_of(blog):
    """Pages by generate.py's names (so rows join load.py's), and page 2."""
    big = len([c for c in blog.comments if c[0] == 0])
    return {
        "home": ("home", "/"),
        "tag, first page": ("tag /tag/topic-0/", "/tag/topic-0/"),
        "page 2": ("page 2", "/page/2/"),
        "post, 1,000 comments": (f"post, {big:,} comments", blog.post_path(0)),
        "feed": ("feed", "/feed/"),
    }


def warm_up(port, path, requests=20):
    """As bench/load.py: figures of a running site; and each answer must be a 200."""
    for _ in range(requests):
        status, headers, _ = get(port, path, timeout=120)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}, not 200")
    return headers


def processes():
    """(pid, parent pid, name, CPU seconds, peak resident MB) of each process."""
    tick = os.sysconf("SC_CLK_TCK")
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            stat = (folder / "stat").read_text()
            status = (folder / "status").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat.split(")")[-1]
        fields = fields.split()
        peak = re.search(r"VmHWM:\s+(\d+)", status)
        yield (
            int(folder.name), int(fields[1]), name,
            (int(fields[11]) + int(fields[12])) / tick,
            int(peak.group(1)) / 1024 if peak else 0.0,
        )  # fmt: skip


def serving(site):
    """The processes that serve a page: nginx, php-fpm (masters and children)
    and the MariaDB server."""
    masters = {process.pid for process in site.processes}
    return [
        p
        for p in processes()
        if p[0] in masters or p[1] in masters or p[2] == "mariadbd"
    ]


def cpu_seconds(site):
    """CPU seconds so far: (nginx and php-fpm, the MariaDB server)."""
    serve = sum(cpu for _, _, name, cpu, _ in serving(site) if name != "mariadbd")
    return serve, sum(cpu for _, _, name, cpu, _ in serving(site) if name == "mariadbd")


def settle(site, seconds=600):
    """Wait until php-fpm has worked off what the last wrk run left queued (a slow
    page under 32 connections leaves seconds of it), so it costs the next page
    nothing."""
    deadline = time.monotonic() + seconds
    busy = cpu_seconds(site)[0]
    while time.monotonic() < deadline:
        time.sleep(0.5)
        busy, before = cpu_seconds(site)[0], busy
        if busy - before < 0.03:  # a few clock ticks in half a second: idle
            return


def load_pages(site, pages, mode, seconds, connections):
    rows = []
    for page, (label, path) in pages.items():
        settle(site)
        headers = warm_up(site.port, path)
        if mode == CACHED and headers.get("X-Cache") != "HIT":
            raise RuntimeError(f"{path} is not served from the cache")
        before = cpu_seconds(site)
        row = wrk(site.url + path, seconds, connections)
        # CPU per request (nginx, PHP and MariaDB): what a page costs, whatever else
        # the machine is doing; req/s drops when other work shares the cores.
        after, count = cpu_seconds(site), max(row["requests"], 1)
        row["cpu_ms"], row["db_cpu_ms"] = (
            (a - b) * 1000 / count for a, b in zip(after, before, strict=True)
        )
        rows.append(row | {"page": page, "label": label, "path": path, "mode": mode})
    fpm = site.processes[0].pid
    peak = max((mb for _, parent, _, _, mb in processes() if parent == fpm), default=0)
    for row in rows:
        row["php_fpm_mb"] = peak
    return rows


def measure(
    *,
    scale=1.0,
    seconds=10,
    connections=8,
    children=4,
    port=0,
    cache=False,
    database=DATABASE,
):
    """Install, fill, serve and drive WordPress; one row per page (and mode).

    Each row: page (generate.py's name), label, path, mode, rps, p50, p95, p99
    (ms), errors, requests, seconds, cpu_ms and db_cpu_ms (CPU per request: of nginx
    and php-fpm; of the MariaDB server), php_fpm_mb (peak per child).
    """
    lacks = missing()
    if lacks:
        raise RuntimeError("WordPress baseline needs: " + ", ".join(lacks))
    blog = make_blog(scale)
    port = port or free_port()
    with WordPress(port=port, database=database, children=children) as site:
        site.install()
        site.load(blog_sql(blog, site.url))
        site.run_cron()
        pages = pages_of(blog)
        site.serve()
        rows = load_pages(site, pages, STOCK, seconds, connections)
        if cache:
            site.stop()
            site.serve(cache=True)
            rows += load_pages(site, pages, CACHED, seconds, connections)
    return rows


def markdown(rows):
    lines = [
        "| page | mode | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req (+ DB) "
        "| errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['mode']} | {row['rps']:,.1f} | {row['p50']:.1f} "
            f"| {row['p95']:.1f} | {row['p99']:.1f} "
            f"| {row['cpu_ms']:.1f} + {row['db_cpu_ms']:.1f} "
            f"| {row['errors']} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--children", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--cache", action="store_true", help="also fastcgi_cache")
    args = parser.parse_args()
    started, load_before = time.monotonic(), os.getloadavg()
    try:
        rows = measure(
            scale=args.scale, seconds=args.seconds, connections=args.connections,
            children=args.children, port=args.port, cache=args.cache,
        )  # fmt: skip
    except RuntimeError as error:
        sys.exit(str(error))
    load = " / ".join(
        ", ".join(f"{n:.2f}" for n in loads) for loads in (load_before, os.getloadavg())
    )
    print(
        f"\nWordPress 6.1 (Debian), scale {args.scale}: {args.children} php-fpm "
        f"children, wrk -t2 -c{args.connections} -d{args.seconds}s, loopback; "
        f"load average (before / after) {load}; "
        f"{time.monotonic() - started:.0f} s in all\n"
    )
    print(markdown(rows))
    peak = max(row["php_fpm_mb"] for row in rows)
    print(f"\npeak memory per php-fpm child: {peak:.0f} MB")
    errors = sum(row["errors"] for row in rows)
    if errors:
        sys.exit(f"{errors} errors under load")


if __name__ == "__main__":
    main()

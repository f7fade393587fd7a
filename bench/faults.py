"""Fault benchmark: home, a post and a tag page with Redis healthy, hung and dead,
and with the database down.

Usage: python bench/faults.py [--scale 0.1] [--seconds 5] [--workers 2] [--check]
It fills a PostgreSQL cluster of its own (generate.py; needs PostgreSQL 15's server
programs), serves it with gunicorn and production settings, REDIS_URL naming the
local Redis (127.0.0.1:6379, database 15) through a proxy that can hang or refuse,
drives each page with hey and prints p50/p95 per case. No reader page reads a cache
(the edge keeps pages), so a hung or dead Redis must change nothing. "database
down": every page while 6 other readers ask too: 503 at once (the edge serves its
stale copies meanwhile). --check exits 1 when a target is missed: with Redis hung
or dead, p95 within 2x healthy + 50 ms and every answer 200; with the database
down, every answer 503 within 1 s.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import run, warm_up  # noqa: E402

from tests.production.faults import (  # noqa: E402
    Gunicorn,
    PostgresCluster,
    RedisProxy,
    production_env,
)

PAGES = ("home", "post, 100 comments", "tag, first page")


def hey(url, seconds, connections):
    """(milliseconds, status) of every request hey sent in `seconds`."""
    out = subprocess.run(
        ["hey", "-z", f"{seconds}s", "-c", str(connections), "-t", "10",
         "-o", "csv", "-host", "localhost", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [line.split(",") for line in out.splitlines()[1:] if line.strip()]
    return [(float(row[0]) * 1000, row[6]) for row in rows]


def percentile(times, share):
    times = sorted(times)
    return times[min(len(times) - 1, int(len(times) * share))] if times else 0.0


def summary(samples):
    times = [ms for ms, _ in samples]
    statuses = sorted({status for _, status in samples})
    return {
        "n": len(samples),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "statuses": statuses,
    }


def measure(base, pages, seconds, connections=2):
    return {
        name: summary(hey(base + path, seconds, connections))
        for name, path in pages.items()
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 on a miss")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="steppe-faults-"))
    cluster = PostgresCluster()
    redis = RedisProxy(db=15)  # the load benchmark's database too
    server = None
    try:
        env = production_env(work, cluster.url, REDIS_URL=redis.url) | {
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "REQUEST_LOG_LEVEL": "WARNING",
        }
        run(["manage.py", "migrate", "-v0"], env)
        generate = ["bench/generate.py", "--scale", str(args.scale)]
        out = work / "pages.json"
        run([*generate, "--out", str(out)], env | {"DJANGO_DEBUG": "1"})
        found = json.loads(out.read_text())
        pages = {name: found[name] for name in PAGES}
        log = work / "gunicorn.log"
        server = Gunicorn(env, args.workers, log)
        base = f"http://127.0.0.1:{server.port}"
        for path in pages.values():
            warm_up(base + path)
        results = {}

        def case(name, paths, at=base):
            results[name] = measure(at, paths, args.seconds)

        case("Redis healthy", pages)
        for failure in ("hung", "dead"):
            redis.set(failure)
            case(f"Redis {failure}", pages)
            redis.set("up")

        uncached = {
            "search (uncached)": "/search/?q=steppe",
            "tag, page 2 (uncached)": pages["tag, first page"] + "page/2/",
        }
        cluster.stop()
        try:
            warm_up_outage(base, uncached)
            stop = threading.Event()
            load = threading.Thread(
                target=lambda: keep_asking(base + uncached["search (uncached)"], stop)
            )
            load.start()
            case("database down, 6 other readers", pages)
            stop.set()
            load.join()
            case("database down", uncached)
        finally:
            cluster.start()
    finally:
        if server is not None:
            server.stop()
        redis.close()
        cluster.remove()
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{args.workers} gunicorn workers, scale {args.scale}, {args.seconds} s "
        "a case, 2 connections, loopback; Redis through a proxy that hangs or refuses"
    )
    print(f"{'case':<46}  {'page':<26}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    for name, rows in results.items():
        label = name
        for page, row in rows.items():
            print(
                f"{label:<46}  {page:<26}{row['n']:>7}{row['p50']:>9.1f}"
                f"{row['p95']:>9.1f}  {','.join(row['statuses'])}"
            )
            label = ""
    missed = misses(results)
    for line in missed:
        print("MISSED:", line)
    if not missed:
        print("all targets met")
    if missed and args.check:
        sys.exit(1)


def warm_up_outage(base, uncached):
    """Each worker's first request to meet the outage waits the pool out: not the
    steady state the benchmark measures."""
    for path in uncached.values():
        hey(base + path, 4, 2)


def keep_asking(url, stop):
    while not stop.is_set():
        hey(url, 1, 6)


def misses(results) -> list[str]:
    healthy = results["Redis healthy"]
    missed = []
    for case in ("Redis hung", "Redis dead"):
        for name, row in results[case].items():
            limit = 2 * healthy[name]["p95"] + 50
            if row["p95"] > limit or row["statuses"] != ["200"]:
                missed.append(f"{case}, {name}: p95 {row['p95']:.1f} ms > {limit:.1f}")
    for case in ("database down, 6 other readers", "database down"):
        for name, row in results[case].items():
            if row["p95"] > 1000 or row["statuses"] != ["503"]:
                missed.append(f"{case}, {name}: {row['statuses']} p95 {row['p95']}")
    return missed


if __name__ == "__main__":
    main()

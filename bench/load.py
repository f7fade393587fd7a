"""Load test: Steppe under gunicorn with production settings, beside a baseline.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/steppe \\
       python bench/load.py [--scale 1.0] [--seconds 10] [--workers 2]
It builds a scratch database (steppe_bench), fills it (generate.py), serves it on
loopback with gunicorn as production starts it (config/gunicorn.py: gthread
workers), drives each page with wrk, and prints req/s, p50/p95/p99 latency,
errors, queries per page, peak memory per worker, and throughput as a ratio to the
baseline: a view returning the home page's bytes through the same gunicorn and
middleware. The application caches nothing (the edge keeps pages: bench/edge.py
measures through Varnish), so every figure here is an uncached render.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _scratch_name():
    """<the configured database>_bench, so runs sharing a server don't collide."""
    name = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    return f"{name if name.isidentifier() else 'steppe'}_bench"


DB_NAME = _scratch_name()


def database_urls():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server (the benchmark makes its own DB)."
        )
    parts = urlsplit(url)
    make = lambda name: urlunsplit(parts._replace(path=f"/{name}"))  # noqa: E731
    return make("postgres"), make(DB_NAME)


def fresh_database(admin_url):
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {DB_NAME}")


def run(args, env):
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port):
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", str(BENCH / "report.lua"), "-H", "Host: localhost", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    if not result["requests"]:  # nothing answered in time: that is a failure too
        result["errors"] = max(result["errors"], 1)
    return result


def peak_memory_mb(master_pid):
    """Highest resident memory (VmHWM) among gunicorn's workers."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


def warm_up(url, requests=20):
    """A few requests first: the figures are of a running site, not of its first
    seconds (imports, template compiling, connections, empty caches)."""
    for _ in range(requests):
        urllib.request.urlopen(
            urllib.request.Request(url, headers={"Host": "localhost"})
        )


def paced_p95(url, rate, seconds):
    """p95 latency (ms) and errors with hey sending `rate` requests a second."""
    workers = 4
    out = subprocess.run(
        ["hey", "-z", f"{seconds}s", "-c", str(workers), "-q", f"{rate / workers:.2f}",
         "-t", "5", "-o", "csv", "-host", "localhost", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [line.split(",") for line in out.splitlines()[1:] if line.strip()]
    times = sorted(float(row[0]) * 1000 for row in rows)
    errors = sum(1 for row in rows if row[6] != "200")
    if not times:
        return float("inf"), 1
    return times[min(len(times) - 1, int(len(times) * 0.95))], errors


def count_queries(pages, env):
    out = subprocess.run(
        [sys.executable, "bench/queries.py", *pages.values()], cwd=ROOT,
        env=env | {"DJANGO_DEBUG": "1"}, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def serve_and_load(env, pages, args, baseline_file=None):
    """Start gunicorn, drive each page at full load then at half; rows by name."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py",
         "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = {}
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        if baseline_file is not None:
            home = urllib.request.Request(base + "/", headers={"Host": "localhost"})
            baseline_file.write_bytes(urllib.request.urlopen(home).read())
            pages = {"baseline (same bytes)": "/__baseline__/"} | pages
        for name, path in pages.items():
            warm_up(base + path)
            row = wrk(base + path, args.seconds, args.connections)
            row["p95_half"], half_errors = paced_p95(
                base + path, row["rps"] / 2, args.seconds
            )
            row["errors"] += half_errors
            rows[name] = row
        memory = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows, memory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="pages whose name contains this")
    args = parser.parse_args()

    admin_url, bench_url = database_urls()
    fresh_database(admin_url)
    work = Path(tempfile.mkdtemp(prefix="steppe-bench-"))
    baseline_file = work / "baseline.html"
    env = os.environ | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": bench_url,
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "STEPPE_BENCH_BASELINE": str(baseline_file),
        # The baseline view lives in bench/, outside the product's URLconf.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    started = time.monotonic()
    run(["manage.py", "migrate", "-v0"], env)
    run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    generate = ["bench/generate.py", "--scale", str(args.scale)]
    run([*generate, "--out", str(work / "pages.json")], env | {"DJANGO_DEBUG": "1"})
    pages = json.loads((work / "pages.json").read_text())
    pages = {name: path for name, path in pages.items() if args.only in name}
    print(f"data ready in {time.monotonic() - started:.0f} s (scale {args.scale})")
    queries = count_queries(pages, env)
    uncached, memory = serve_and_load(env, pages, args, baseline_file)

    baseline = uncached.pop("baseline (same bytes)")
    threads = os.environ.get("GUNICORN_THREADS", "4")
    print(
        f"\n{args.workers} gunicorn workers x {threads} threads, "
        f"{args.connections} connections, {args.seconds} s a page, loopback"
    )
    print(
        "uncached: rendered on every request (the application keeps no pages).\n"
        "p95 half: p95 at half of that page's maximum req/s."
    )
    heads = ("req/s", "p50 ms", "p95 ms", "p99 ms", "p95 half", "errors", "queries")
    print(f"{'page':<24}{'mode':<10}" + "".join(f"{h:>9}" for h in heads) + " vs base")
    errors = baseline["errors"]
    table = [("baseline (same bytes)", "", baseline, "-")]
    for name, path in pages.items():
        table.append((name, "uncached", uncached[name], queries.get(path, "-")))
    for name, mode, row, count in table:
        errors += row["errors"] if mode else 0
        figures = [f"{row['rps']:.0f}"] + [
            f"{row[k]:.1f}" for k in ("p50", "p95", "p99", "p95_half")
        ]
        figures += [str(row["errors"]), str(count)]
        ratio = row["rps"] / baseline["rps"]
        print(
            f"{name:<24}{mode:<10}"
            + "".join(f"{f:>9}" for f in figures)
            + f"{ratio:>8.0%}"
        )
    print(f"peak memory per worker: {memory:.0f} MB")
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if errors:
        sys.exit(f"{errors} errors under load")


if __name__ == "__main__":
    main()

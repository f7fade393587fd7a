"""Import speed and memory: generated WordPress exports into a fresh database.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/steppe \\
       python bench/import_wxr.py [--size small --size large] [--no-again]
Sizes: tiny (CI), small (2,000 posts, 20,200 comments) and large (20,000 posts,
2,000 pages, 5,000 attachments, 200,000 comments); small and large by default.
Each is written (bench/wxr_file.py), imported into a fresh database with
`manage.py import_wxr` under production settings, then imported again (which
must create nothing). The table gives the items, seconds, items per second, the
CPU seconds of the importing process and of its PostgreSQL backend (steadier
than seconds on a shared machine), and peak memory: VmHWM of the importing
process, read from /proc by the process itself (ru_maxrss would include what
the parent had when it forked).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from load import DB_NAME, ROOT, database_urls, fresh_database
from wxr_file import write


@dataclass(frozen=True)
class Size:
    posts: int
    comments: int
    pages: int = 0
    attachments: int = 0

    @property
    def items(self) -> int:
        return self.posts + self.comments + self.pages + self.attachments


SIZES = {
    "tiny": Size(100, 1_000, 20, 30),
    "small": Size(2_000, 20_200),
    "large": Size(20_000, 200_000, 2_000, 5_000),
}
# Run in the importing process itself, so what it measures is that process alone.
CHILD = """
import io, json, os, resource, sys, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
connection.ensure_connection()
backend = connection.connection.info.backend_pid
started = time.monotonic()
out = io.StringIO()
call_command("import_wxr", sys.argv[1], verbosity=0, stdout=out)
seconds = time.monotonic() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
ticks = open(f"/proc/{backend}/stat").read().rsplit(")", 1)[1].split()[11:13]
print(json.dumps({
    "seconds": seconds,
    "cpu": usage.ru_utime + usage.ru_stime,
    "db_cpu": sum(map(int, ticks)) / os.sysconf("SC_CLK_TCK"),
    "peak_mb": int(status["VmHWM"].split()[0]) / 1024,
    "report": out.getvalue(),
}))
"""


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def imported(path: Path, env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return json.loads(result.stdout)


def measure(name: str, size: Size, *, again: bool, keep: Path | None) -> list:
    admin_url, bench_url = database_urls()
    fresh_database(admin_url)
    with tempfile.TemporaryDirectory() as work:
        env = os.environ | {
            "DATABASE_URL": bench_url,
            # Production settings: DEBUG would keep every query's SQL in memory.
            "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "bench-only-not-secret",
            "CACHE_DIR": str(Path(work) / "cache"),
            "MEDIA_ROOT": str(Path(work) / "media"),
        }
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        export = keep or Path(work) / "export.xml"
        with export.open("w", encoding="utf-8") as out:
            write(out, size.posts, size.comments, pages=size.pages,
                  attachments=size.attachments)  # fmt: skip
        megabytes = export.stat().st_size / 2**20
        runs = [("first", imported(export, env) | {"load": load()})]
        if again:
            runs.append(("again", imported(export, env) | {"load": load()}))
    with psycopg.connect(bench_url) as db:
        stored = db.execute(
            "SELECT (SELECT count(*) FROM blog_post), (SELECT count(*) FROM "
            "pages_page), (SELECT count(*) FROM django_comments)"
        ).fetchone()
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    rows = []
    for run, figures in runs:
        if run == "again" and "created" in figures["report"]:  # 0s are not listed
            run = "again (created!)"
        rows.append((name, size, megabytes, run, figures, stored))
    return rows


def table(rows) -> str:
    head = (
        f"{'size':<6} {'items':>9} {'file MB':>8} {'run':<7} {'seconds':>8} "
        f"{'items/s':>8} {'CPU s':>7} {'db CPU s':>8} {'peak MB':>8}  "
        "load (1, 5, 15 min)"
    )
    lines = [head, "-" * len(head)]
    for name, size, megabytes, run, figures, _ in rows:
        lines.append(
            f"{name:<6} {size.items:>9,} {megabytes:>8.1f} {run:<7} "
            f"{figures['seconds']:>8.1f} {size.items / figures['seconds']:>8,.0f} "
            f"{figures['cpu']:>7.1f} {figures['db_cpu']:>8.1f} "
            f"{figures['peak_mb']:>8.0f}  {figures['load']}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=sorted(SIZES))
    parser.add_argument("--no-again", action="store_true",
                        help="skip the second import")  # fmt: skip
    parser.add_argument("--report", action="store_true",
                        help="print each first import's report")  # fmt: skip
    parser.add_argument("--keep", type=Path,
                        help="keep the export of the last size here")  # fmt: skip
    args = parser.parse_args()
    rows = []
    print(f"before: {load()}", flush=True)
    for name in args.size or ["small", "large"]:
        started = time.monotonic()
        found = measure(name, SIZES[name], again=not args.no_again, keep=args.keep)
        rows.extend(found)
        size, stored = SIZES[name], found[0][5]
        print(
            f"{name}: {size.posts:,} posts, {size.pages:,} pages, "
            f"{size.attachments:,} attachments, {size.comments:,} comments; stored "
            f"{stored[0]:,} posts, {stored[1]:,} pages, {stored[2]:,} comments "
            f"({time.monotonic() - started:.0f} s in all)",
            flush=True,
        )
        if args.report:
            print(found[0][4]["report"])
    print(table(rows))


if __name__ == "__main__":
    main()

"""Import speed and memory: a generated WordPress export into a fresh database.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/steppe \\
       python bench/import_wxr.py [POSTS] [COMMENTS]   (default 2,000 and 20,000)
Prints the file size, the time and peak memory of `manage.py import_wxr`, then the
same for importing the file a second time (which must create nothing).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from load import DB_NAME, ROOT, database_urls, fresh_database
from wxr_file import write


def timed(args, env):
    """Seconds and peak resident memory (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode:
        sys.exit(result.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, result.stdout


def main():
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    comments = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    admin_url, bench_url = database_urls()
    fresh_database(admin_url)
    env = os.environ | {"DATABASE_URL": bench_url, "DJANGO_DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        export = Path(work) / "export.xml"
        with export.open("w", encoding="utf-8") as out:
            write(out, posts, comments)
        size = export.stat().st_size / 1024 / 1024
        command = [sys.executable, "manage.py", "import_wxr", str(export), "-v0"]
        first, first_peak, report = timed(command, env)
        second, second_peak, again = timed(command, env)
    with psycopg.connect(bench_url) as db:
        stored = db.execute(
            "SELECT (SELECT count(*) FROM blog_post), "
            "(SELECT count(*) FROM django_comments)"
        ).fetchone()
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    print(report)
    print(f"file: {posts:,} posts, {comments:,} comments, {size:.1f} MB")
    print(f"stored: {stored[0]:,} posts, {stored[1]:,} comments")
    print(f"first import:  {first:6.1f} s, peak memory {first_peak:5.0f} MB")
    nothing_new = "created" not in again.split("Comments")[0]
    print(f"second import: {second:6.1f} s, peak memory {second_peak:5.0f} MB "
          f"(created nothing: {nothing_new})")  # fmt: skip


if __name__ == "__main__":
    main()

"""Edge benchmark: each page kind through the shipped Varnish, through gunicorn with
every cache off, and nginx serving the same bytes; write-to-visible; memory.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/steppe \\
       python bench/edge.py [--scale 0.2] [--seconds 10] [--workers 4] [--wordpress]
       [--check]
On one generated blog (generate.py; --scale 0.2 is issue 15's content: 2,000 posts,
a 200-comment post) it drives home, a tag, page 2, the big post and the feed with
wrk: through Varnish running deploy/varnish.vcl (cache warm) in front of gunicorn
with the shipped edge settings; through gunicorn alone (no edge: only the sidebar is
kept, blog/sidebar_html.py), and again with every cache off (the sidebar built on
every request), each with p95 at half its maximum rate, paced by hey -q; and
through nginx serving the bytes Varnish delivered as static files. With --wordpress,
stock WordPress on the same content is measured first, in the same run
(bench/wordpress.py), as the baseline; otherwise issue 15's figures are. Then a
moderator approves held comments through the admin (via Varnish, as in the shipped
stack) and the edge is polled until each shows. It prints a Markdown table and the
targets of issue 15; --check exits 1 when one is missed. Errors under load always
exit 1.
"""

import argparse
import json
import os
import runpy
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from load import (  # noqa: E402
    DB_NAME,
    database_urls,
    fresh_database,
    paced_p95,
    run,
    wait_for,
    warm_up,
    wrk,
)

from tests.edge.varnish import Browser, Varnish, free_port  # noqa: E402
from tests.production.faults import Gunicorn, production_env  # noqa: E402

HOST = "localhost"  # what wrk and hey send (load.py)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Stock WordPress on the same content, from issue 15's table (upper figures).
WORDPRESS = {"home": 58, "tag": 60, "page 2": 59, "post": 5.9}
# bench/wordpress.py's page names, as this table shortens them.
WORDPRESS_PAGES = {
    "home": "home", "tag, first page": "tag", "page 2": "page 2",
    "post, 1,000 comments": "post", "feed": "feed",
}  # fmt: skip
NGINX_CONF = """\
daemon off;
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    default_type text/html;
    sendfile on;  # as Debian's own nginx.conf: a static site as usually served
    tcp_nopush on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""
# Held comments on a post no benchmarked page lists, and a moderator to approve them.
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from blog.models import Post
posts = Post.objects.published().order_by("-published_at")
post = posts[min(30, posts.count() - 1)]
moderator = get_user_model().objects.create_user(
    "edge-moderator", password=PASSWORD, is_staff=True)
moderator.groups.add(Group.objects.get(name="Moderators"))
held = [XtdComment.objects.create(
    content_type=ContentType.objects.get_for_model(Post), object_pk=str(post.pk),
    site_id=1, user_name="Edge bench", user_email="edge@example.com",
    comment=f"Seen at the edge {i} " + TOKEN, is_public=False,
    submit_date=timezone.now()) for i in range(COUNT)]
print(json.dumps({"url": post.get_absolute_url(),
                  "held": [[c.pk, c.comment] for c in held]}))
"""


def page_kinds(found: dict, scale: float) -> dict:
    big = next(name for name in found if name.startswith("post, 1,000"))
    comments = max(1, int(1000 * scale))
    return {
        "home": "/",
        "tag": found["tag, first page"],
        "page 2": "/page/2/",
        f"post, {comments} comments": found[big],
        "feed": "/feed/",
    }


def worker_memory(master_pid: int) -> tuple[float, float]:
    """Largest peak (VmHWM) and current (VmRSS) resident MB among the workers."""
    peak = current = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]) / 1024)
            current = max(current, int(fields["VmRSS"].split()[0]) / 1024)
    return peak, current


def load_pages(base, pages, args, half=False):
    rows = {}
    for name, path in pages.items():
        warm_up(base + path)
        row = wrk(base + path, args.seconds, args.connections)
        if half:
            p95, errors = paced_p95(base + path, row["rps"] / 2, args.seconds)
            row["p95_half"], row["errors"] = p95, row["errors"] + errors
        rows[name] = row
    return rows


def uncached(env, pages, args):
    """No edge in front; STEPPE_KEEP_SIDEBAR=0 in env: every cache off."""
    env = env | {"STEPPE_EDGE": "none"}  # the form in the page: no edge to fill it
    server = Gunicorn(env, args.workers, shipped=True)
    try:
        rows = load_pages(f"http://127.0.0.1:{server.port}", pages, args, half=True)
        return rows, worker_memory(server.process.pid)
    finally:
        server.stop()


def edge_copies(edge, pages, root: Path) -> None:
    """Warm each page into Varnish, and keep the bytes it delivers for nginx."""
    for path in pages.values():
        for _ in range(3):
            status, headers, body = edge.get(path, {"Host": HOST})
            assert status == 200, (path, status)
        assert headers["X-Cache"] == "hit", f"Varnish does not keep {path}"
        target = root / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)


def nginx_static(root: Path, pages, args, work: Path):
    for folder in (root, *root.rglob("*")):
        folder.chmod(0o755 if folder.is_dir() else 0o644)  # nginx's workers: nobody
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=work, port=port, root=root))
    nginx = subprocess.Popen(
        [NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        return load_pages(f"http://127.0.0.1:{port}", pages, args)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def write_to_visible(edge, held, password) -> tuple[list[float], list[float]]:
    """Seconds from a moderator's approval (sent through Varnish) until a reader sees
    it through Varnish, and how long the approval request itself took."""
    moderator = Browser("127.0.0.1", edge.port, HOST)
    # Under the load just run, the health probe (1 s timeout) may have found the
    # backend slow and marked it sick: misses get a 503 until two probes pass.
    deadline = time.monotonic() + 15
    while edge.get("/admin/login/", {"Host": HOST})[0] == 503:
        assert time.monotonic() < deadline, "the backend stayed sick after the load"
        time.sleep(0.5)
    moderator.sign_in("edge-moderator", password)
    visible, requests = [], []
    for comment_id, text in held["held"]:
        edge.get(held["url"], {"Host": HOST})
        assert edge.get(held["url"], {"Host": HOST})[1]["X-Cache"] == "hit"
        began = time.perf_counter()
        moderator.moderate("approve", comment_id)
        requests.append(time.perf_counter() - began)
        while text not in edge.get(held["url"], {"Host": HOST})[2]:
            if time.perf_counter() - began > 10:
                break  # counted as 10 s: a miss, not a hang
            time.sleep(0.005)
        visible.append(time.perf_counter() - began)
    return visible, requests


def behind_varnish(env, pages, args, held, password, static_root):
    port = free_port()  # Varnish's: the web host purges there
    env = env | {
        "STEPPE_EDGE": "varnish",
        "STEPPE_EDGE_PURGE_URLS": f"http://127.0.0.1:{port}/",
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    server = Gunicorn(env, args.workers, shipped=True)
    edge = None
    try:
        edge = Varnish(server.port, port=port)
        edge_copies(edge, pages, static_root)
        rows = load_pages(edge.url, pages, args)
        memory = worker_memory(server.process.pid)
        visible, requests = write_to_visible(edge, held, password)
        return rows, memory, visible, requests
    finally:
        if edge is not None:
            edge.stop()
        server.stop()


def worker_kind() -> str:
    """What config/gunicorn.py runs, as the benchmark's gunicorn reads it."""
    shipped = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    return f"{shipped['worker_class']}, {shipped['threads']} threads each"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def wordpress_baseline(args) -> dict:
    """Stock WordPress's req/s by this table's page names, measured now."""
    import wordpress

    rows = wordpress.measure(
        scale=args.scale, seconds=args.seconds, connections=args.connections
    )
    return {
        WORDPRESS_PAGES[row["page"]]: row["rps"]
        for row in rows
        if row["mode"] == wordpress.STOCK
    }


def report(pages, runs, memory, visible, requests, args, loads, baseline):
    edge, plain, bare, static = runs
    print(
        f"\n{args.workers} gunicorn workers ({worker_kind()}, config/gunicorn.py), "
        f"wrk -c{args.connections}, "
        f"{args.seconds} s a page, scale {args.scale}, loopback; load average "
        f"{loads[0]:.1f} before, {loads[1]:.1f} after, {os.cpu_count()} CPUs\n"
    )
    print(
        "| page | Varnish req/s | p50 ms | p95 ms | uncached req/s | p50 ms | p95 ms "
        "| p95 ms, half load | every cache off req/s | p95 ms | p95 ms, half load "
        "| nginx req/s | p50 ms | p95 ms | Varnish / nginx | WordPress req/s "
        "| uncached / WordPress | every cache off / WordPress |"
    )
    print("|" + "---|" * 18)
    for name in pages:
        e, u, b, n = edge[name], plain[name], bare[name], static[name]
        wordpress = baseline.get(name.split(",")[0])
        cells = [
            name, f"{e['rps']:,.0f}", f"{e['p50']:.1f}", f"{e['p95']:.1f}",
            f"{u['rps']:,.0f}", f"{u['p50']:.1f}", f"{u['p95']:.1f}",
            f"{u['p95_half']:.1f}", f"{b['rps']:,.0f}", f"{b['p95']:.1f}",
            f"{b['p95_half']:.1f}", f"{n['rps']:,.0f}", f"{n['p50']:.1f}",
            f"{n['p95']:.1f}", f"{e['rps'] / n['rps']:.0%}",
            f"{wordpress:,.1f}" if wordpress else "-",
            f"{u['rps'] / wordpress:.1f}x" if wordpress else "-",
            f"{b['rps'] / wordpress:.1f}x" if wordpress else "-",
        ]  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    print(
        f"\nwrite-to-visible at the edge ({len(visible)} approvals): median "
        f"{ms(statistics.median(visible))} ms, max {ms(max(visible))} ms (the "
        f"approval request itself: median {ms(statistics.median(requests))} ms)"
    )
    for mode, (peak, current) in memory.items():
        print(f"memory per worker, {mode}: VmHWM {peak:.0f} MB, VmRSS {current:.0f} MB")
    print(
        "WordPress: stock, measured in this run (bench/wordpress.py, same content)."
        if args.wordpress
        else "WordPress: issue 15's stock figures (same content, another 2-core run)."
    )


def misses(pages, runs, memory, visible, baseline) -> list[str]:
    edge, plain, bare, static = runs
    missed = []
    for name in pages:
        if edge[name]["rps"] < 0.5 * static[name]["rps"]:
            missed.append(f"{name}: Varnish below 50% of nginx")
        for label, rows in (("uncached", plain), ("every cache off", bare)):
            if rows[name]["p95_half"] > 50:
                missed.append(f"{name}: {label} p95 at half load over 50 ms")
            wordpress = baseline.get(name.split(",")[0])
            if wordpress and rows[name]["rps"] < 5 * wordpress:
                missed.append(f"{name}: {label} below 5x stock WordPress")
    if max(visible) > 1:
        missed.append("write-to-visible over 1 s")
    if max(peak for peak, _ in memory.values()) > 120:
        missed.append("a worker over 120 MB")
    return missed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--approvals", type=int, default=10)
    parser.add_argument("--check", action="store_true", help="exit 1 on a miss")
    parser.add_argument(
        "--wordpress", action="store_true",
        help="measure stock WordPress first, in this run, as the baseline",
    )  # fmt: skip
    args = parser.parse_args()
    baseline = wordpress_baseline(args) if args.wordpress else WORDPRESS

    admin_url, bench_url = database_urls()
    fresh_database(admin_url)
    work = Path(tempfile.mkdtemp(prefix="steppe-edge-"))
    work.chmod(0o755)
    password = secrets.token_urlsafe(16)
    env = production_env(
        work, bench_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",  # 127.0.0.1: Varnish's probe
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0",
        REQUEST_LOG_LEVEL="WARNING",
    )  # fmt: skip
    try:
        run(["manage.py", "migrate", "-v0"], env)
        out = work / "pages.json"
        generate = ["bench/generate.py", "--scale", str(args.scale), "--out", str(out)]
        run(generate, env | {"DJANGO_DEBUG": "1"})
        pages = page_kinds(json.loads(out.read_text()), args.scale)
        setup = SETUP.replace("PASSWORD", repr(password))
        setup = setup.replace("TOKEN", repr(secrets.token_hex(4))).replace(
            "COUNT", str(args.approvals)
        )
        held = json.loads(
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", setup], cwd=ROOT,
                env=env, capture_output=True, text=True, check=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        clear = "from django.core.cache import cache; cache.clear()"
        run(["manage.py", "shell", "-c", clear], env)
        loads = [os.getloadavg()[0]]
        plain, plain_memory = uncached(env, pages, args)
        bare, bare_memory = uncached(env | {"STEPPE_KEEP_SIDEBAR": "0"}, pages, args)
        static_root = work / "static-copy"
        edge, edge_memory, visible, requests = behind_varnish(
            env, pages, args, held, password, static_root
        )
        static = nginx_static(static_root, pages, args, work)
        loads.append(os.getloadavg()[0])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)

    memory = {
        "uncached": plain_memory,
        "every cache off": bare_memory,
        "behind Varnish": edge_memory,
    }
    runs = (edge, plain, bare, static)
    report(pages, runs, memory, visible, requests, args, loads, baseline)
    missed = misses(pages, runs, memory, visible, baseline)
    for line in missed:
        print("MISSED:", line)
    if not missed:
        print("all targets met")
    errors = sum(r["errors"] for rows in runs for r in rows.values())
    if errors:
        sys.exit(f"{errors} errors under load")
    if missed and args.check:
        sys.exit(1)


if __name__ == "__main__":
    main()

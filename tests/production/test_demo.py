"""`make demo PORT=…` serves there, and its sitemap and feeds link there."""

import os
import signal
import subprocess
import time
import urllib.request

from tests.production.test_production import ROOT, free_port


def fetch(url):
    deadline = time.monotonic() + 240  # migrate and load_demo run first
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_demo_on_another_port_links_to_that_port(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SITE_DOMAIN"} | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    with (tmp_path / "demo.log").open("w") as log:
        # -o: the shared virtualenv is installed; never reinstall it from here.
        demo = subprocess.Popen(
            ["make", "-o", ".venv/.installed", "demo", f"PORT={port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        sitemap = fetch(f"{base}/sitemap.xml")
        feed = fetch(f"{base}/feed/")
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
    assert f"<loc>{base}/" in sitemap and "127.0.0.1:8000" not in sitemap
    assert f"<link>{base}/" in feed and "127.0.0.1:8000" not in feed

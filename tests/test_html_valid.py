"""The Nu HTML Checker finds no error on any kind of reader page, in each language."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tests.reader_pages import load_site

pytestmark = pytest.mark.django_db

# npm's vnu-jar, installed by `npm ci` from package-lock.json (.ci/run does).
VNU = (
    Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
LANGUAGES = ("en", "ru", "kk")


def render_pages(client, settings, lang, folder):
    """Every reader page of the demo in lang, saved as folder/lang-N.html."""
    settings.LANGUAGE_CODE = lang
    with transaction.atomic(), translation.override(lang):
        for number, request in enumerate(load_site(lang, settings)):
            if request.data is None:
                response = client.get(request.url)
            else:
                response = client.post(request.url, request.data)
            assert response.status_code == request.status, (lang, request.kind)
            path = folder / f"{lang}-{number:02d}.html"
            path.write_bytes(response.content)
            yield path.name, f"{lang} {request.kind} ({request.url})"
        transaction.set_rollback(True)  # the next language loads the demo afresh


def test_every_reader_page_is_valid_html_in_every_language(
    client, settings, compiled_locale, tmp_path
):
    tools = (("vnu.jar", VNU.exists()), ("java", shutil.which("java")))
    missing = [what for what, found in tools if not found]
    if missing:  # like the browser: CI (STEPPE_REQUIRE_BROWSER) must have them
        message = (
            f"the Nu HTML Checker needs {' and '.join(missing)}: "
            "`npm ci --ignore-scripts` and Java (default-jre-headless)"
        )
        if os.environ.get("STEPPE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    settings.LOCALE_PATHS = [compiled_locale]
    folder = tmp_path / "pages"  # beside media/, which holds the demo's images
    folder.mkdir()
    pages = {}
    for lang in LANGUAGES:
        pages |= dict(render_pages(client, settings, lang, folder))
    # One Java start for all the pages; the report goes to stderr. The language
    # guess only ever warns, and is most of the checker's time.
    run = subprocess.run(
        [
            *("java", "-jar", str(VNU), "--errors-only", "--no-langdetect"),
            *("--format", "json", str(folder)),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{pages[Path(m['url']).name]}: line {m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] == "error"
    ]
    assert len(pages) >= 3 * 25
    assert not errors, "\n".join(errors)

"""Playwright driving Debian's chromium against pytest-django's live_server."""

import os
import shutil
from pathlib import Path

import pytest

from blog.roles import sync_roles

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("STEPPE_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"STEPPE_REQUIRE_BROWSER is set but {CHROMIUM} is missing"
        )
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (apt install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def roles(transactional_db):
    """Flushes between live-server tests drop the groups the migration made."""
    sync_roles()


@pytest.fixture
def site(live_server, settings, roles):
    settings.SERVE_MEDIA = True
    return live_server


@pytest.fixture
def run_admin_action(browser, site):
    """Log in as username in a fresh context and run a bulk action on all rows."""

    def run(*, username, password, changelist, action, expect_rows=1):
        from playwright.sync_api import expect

        context = browser.new_context()
        page = context.new_page()
        page.goto(site.url + changelist)
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        expect(page.locator("#result_list tbody tr")).to_have_count(expect_rows)
        # Tick each row itself: the "select all" box works only once the admin's
        # actions.js has bound it, and clicking it earlier ticked nothing (a flake).
        rows = page.locator("#result_list input.action-select")
        for index in range(rows.count()):
            rows.nth(index).check()
            expect(rows.nth(index)).to_be_checked()
        page.select_option("select[name=action]", action)
        page.get_by_role("button", name="Go", exact=True).click()
        expect(page.locator(".messagelist")).to_be_visible()
        messages = page.locator(".messagelist").inner_text()
        context.close()
        return messages

    return run

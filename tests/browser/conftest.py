"""Real Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openpcc.demo.management.commands.load_demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("OPENPCC_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-chromium.sh")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page in a new browser context. Every journey also proves the Content-Security-Policy
    holds: the browser reports each thing it blocked, and a block fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    blocked: list[str] = []
    pg.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()
    assert not blocked, "the Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.x A/AA rules on the current page (evaluated through the
    browser's debugging protocol, which the page's Content-Security-Policy does not govern)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    assert result["passes"], "axe-core ran no checks: is the page empty?"
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def demo_server(live_server, settings):
    """The live server with the demo data loaded through the services, and the public page
    cache on: the journeys change records as staff and read them as the public, so they also
    prove the cache is invalidated."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.OPENPCC_PUBLIC_CACHE_SECONDS = 300
    caches["default"].clear()  # each test's database starts the counter again

    settings.DEBUG = True  # the demo's shared password, as `make run` loads it
    call_command("load_demo", quiet=True)
    settings.DEBUG = False
    return live_server.url


def axe_problems(page, base: str, paths: list[str]) -> dict[str, list[dict]]:
    """axe-core violations for each path (only the paths that have some)."""
    problems = {}
    for path in paths:
        page.goto(base + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    return problems


def page_width_at(page, width: int = 320) -> int:
    """How wide the current page lays out in a viewport ``width`` px wide (its scroll width):
    more than ``width`` means it scrolls sideways there (WCAG 1.4.10 reflow)."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        return page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.set_viewport_size(size)


def check_page(page) -> None:
    """Every page a journey visits: no axe-core WCAG A/AA violation, and it fits a 320 px screen."""
    where = page.url
    found = axe_violations(page)
    assert not found, f"{where}: axe-core violations {found}"
    wide = page_width_at(page, 320)
    assert wide <= 320, f"{where} is {wide} px wide at 320 px: it scrolls sideways"


def sign_in(page, base: str, username: str) -> None:
    """Sign in through the form as a demo user (the demo's shared password)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/staff/")


def sign_out(page) -> None:
    page.click("button:has-text('Sign out')")
    expect(page.locator("header")).to_contain_text("Staff sign in")

"""The public on a phone (issue 13): every public page of the demo fits a 320 px screen without
scrolling sideways (WCAG 1.4.10 reflow), and a visitor using only the keyboard on a 390 px phone
goes from the home page through search to a meeting and its papers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.crawl import internal_links

from .conftest import check_page, page_width_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Files, not pages: downloads, open data, calendars, feeds, stylesheets.
NOT_PAGES = (".csv", ".json", ".ics", ".pdf", ".docx", ".xlsx", ".txt", "/feed/", "/static/", "/brand/", "/healthz")


def test_every_public_page_fits_a_320px_screen(page, demo_server):
    base = demo_server
    host = base.split("://", 1)[1]
    page.set_viewport_size({"width": 320, "height": 800})
    queue = ["/", "/search/?q=victims", "/search/?q=panel&kind=item"]
    seen: set[str] = set()
    too_wide: dict[str, int] = {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path, wait_until="domcontentloaded")
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        width = page_width_at(page, 320)
        if width > 320:
            too_wide[path] = width
        for link in internal_links(page.content(), base + path, host):
            if link not in seen and not any(part in link for part in NOT_PAGES):
                queue.append(link)
    assert len(seen) > 100, f"the crawl found only {len(seen)} pages"
    assert not too_wide, f"{len(too_wide)} pages scroll sideways at 320 px: {sorted(too_wide.items())[:20]}"


GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"

# The focused element's computed focus style: GOV.UK Frontend gives a focused link a yellow
# background and a box-shadow (its outline is transparent), and a focused input a yellow outline.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {tag: el.tagName, text: (el.textContent || el.name || "").trim().slice(0, 60),
          outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor};
}"""


def _assert_focus_visible(page) -> None:
    """The element that has focus shows it: a visible outline or a box-shadow, in GOV.UK's yellow."""
    style = page.evaluate(FOCUS_STYLE)
    assert style is not None, f"nothing has focus on {page.url}"
    outline = (
        style["outlineStyle"] != "none"
        and style["outlineWidth"] > 0
        and style["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)")
    )
    shadow = style["boxShadow"] not in ("", "none")
    assert outline or shadow, f"focus is not visible on {style} at {page.url}"
    yellow = (
        GOVUK_FOCUS_YELLOW in (style["background"], style["outlineColor"]) or GOVUK_FOCUS_YELLOW in style["boxShadow"]
    )
    assert yellow, f"focus is not in the GOV.UK focus colour on {style} at {page.url}"


def _tab_to(page, selector: str, *, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``; that stop must
    show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            _assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} cannot be reached with the keyboard on {page.url}")


def test_keyboard_only_journey_on_a_phone(page, demo_server):
    base = demo_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/")
    check_page(page)

    # The first Tab stop is the skip link; it takes focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('govuk-skip-link')")
    expect(page.locator(".govuk-skip-link")).to_be_visible()
    _assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")  # the fragment is followed after the key event, not during it

    # On to the search box, and search.
    _tab_to(page, "#site-search-q")
    page.keyboard.type("fire governance")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=fire+governance*")
    expect(page.locator("h1")).to_be_visible()
    check_page(page)

    # Open a result: an agenda item of a meeting.
    _tab_to(page, "main a[href*='/meetings/'][href*='#item-']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/**")
    check_page(page)
    meeting_url = page.url.split("#")[0]

    # From the meeting, its papers: the report for the item.
    _tab_to(page, "main a[href*='/reports/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reports/**")
    expect(page.locator("h1")).to_be_visible()
    check_page(page)

    # Back at the meeting, its calendar file is a Tab stop too.
    page.goto(meeting_url)
    _tab_to(page, "main a[href$='.ics']")
    assert page.evaluate("document.activeElement.textContent").startswith("Add to calendar")


def test_not_found_and_error_pages_fit_a_phone(page, demo_server):
    base = demo_server
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(f"{base}/cambridgeshire-panel/meetings/999999/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    check_page(page)
    _tab_to(page, "main a[href='/cambridgeshire-panel/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/cambridgeshire-panel/")
    check_page(page)

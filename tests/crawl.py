"""Finding the links of a page, for the crawls: the suite's (tests/test_link_crawl.py, through
Django's test client) and CI's production check (scripts/check_production.py, over HTTP)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Staff pages, sign-in and the admin are not the public's; the crawls leave them out.
NOT_PUBLIC = ("/staff/", "/admin/", "/accounts/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag == "link" and name == "href") or name == "src"):
                self.found.append(value)


def internal_links(html: str, page_url: str, host: str) -> list[str]:
    """The paths (with query strings) of the public pages and files a page links to on ``host``."""
    parser = _Links()
    parser.feed(html)
    out = []
    for link in parser.found:
        target = urlsplit(urldefrag(urljoin(page_url, link))[0])
        if target.scheme not in ("http", "https") or target.netloc != host or target.path.startswith(NOT_PUBLIC):
            continue
        out.append(target.path + (f"?{target.query}" if target.query else ""))
    return out

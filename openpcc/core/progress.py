"""Progress lines for long jobs (the search index rebuild, the scale generator): at most one every
``every`` seconds, each with how far it has got, the rate and an estimate of the time left, in
the style of ``import_archive``'s lines ("[done/total] what: ... (rate)")."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EVERY_SECONDS = 10.0


def duration(seconds: float) -> str:
    """``95`` -> "1 min 35 s": short and readable in a log."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Counts work done and says so now and then.

    ``add(n, what)`` counts ``n`` more units and writes a line when ``every`` seconds have passed
    since the last one; ``line(what)`` writes one at once. With a ``total`` the line carries the
    estimate of the time left at the rate so far; ``estimate``, when set, gives the seconds left
    instead (when the work is not counted in units known beforehand)."""

    def __init__(
        self,
        emit: Callable[[str], None],
        *,
        total: int | None = None,
        unit: str = "rows",
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.emit = emit
        self.total = total
        self.unit = unit
        self.every = EVERY_SECONDS if every is None else every
        self.clock = clock
        self.started = self.last = clock()
        self.done = 0
        self.estimate: Callable[[], float | None] | None = None

    def begin(self) -> None:
        """Count the rate, and so the time left, from now: after a step taken before any unit is
        done (a rebuild removing the old entries), whose time would make the first lines' rate
        far too low and their estimate hours too long."""
        self.started = self.last = self.clock()

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    @property
    def rate(self) -> float:
        elapsed = self.elapsed
        return self.done / elapsed if elapsed > 0 else 0.0

    def left(self) -> float | None:
        """Seconds left at the rate so far (None without a total or before any work)."""
        if self.estimate is not None:
            return self.estimate()
        if not self.total or not self.done:
            return None
        return max(0, self.total - self.done) / self.rate if self.rate else None

    def text(self, what: str) -> str:
        counted = f"{self.done:,}/{self.total:,}" if self.total is not None else f"{self.done:,}"
        if not self.done:
            return f"[{counted} {self.unit}] {what}"
        left = self.left()
        estimate = f", about {duration(left)} left" if left is not None else ""
        return f"[{counted} {self.unit}] {what} ({self.rate:,.0f} {self.unit}/s{estimate})"

    def add(self, n: int, what: str) -> None:
        self.done += n
        if self.clock() - self.last >= self.every:
            self.line(what)

    def line(self, what: str) -> None:
        self.last = self.clock()
        self.emit(self.text(what))


@contextmanager
def statement(emit: Callable[[str], None] | None, what: str, *, every: float | None = None) -> Iterator[None]:
    """One long SQL statement (a DELETE of every row, an index made over millions): on SQLite a
    line every ``every`` seconds while it runs, from its progress handler ("what: still working,
    N s"), so a step that is one statement is not silent. PostgreSQL and no ``emit``: nothing."""
    from django.db import connection

    if emit is None or connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    ticker = Progress(emit, every=every)

    def beat() -> int:
        if ticker.clock() - ticker.last >= ticker.every:
            ticker.last = ticker.clock()
            emit(f"{what}: still working, {duration(ticker.elapsed)}")
        return 0  # go on

    connection.connection.set_progress_handler(beat, 200_000)  # about every few milliseconds
    try:
        yield
    finally:
        connection.connection.set_progress_handler(None, 0)

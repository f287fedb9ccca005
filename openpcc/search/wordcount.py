"""Counting the vocabulary's words (``search.vocabulary``), with no Django in it: so a full
rebuild can count in a process of its own, on the second core, while this one writes the
entries and SQLite builds the full-text index (a thread shares one core's worth of Python)."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

WORD = re.compile(r"\b[^\W\d_]{3,30}\b")  # letters only: words worth suggesting


# ``count`` finds the same words as ``words_of`` at C speed for text in ASCII: every ASCII
# character that is not a letter, a digit or "_" (all of them outside \w, where no word can
# reach across) becomes a space, so the text splits into runs of \w characters, and a run is a
# word when it is 3 to 30 letters. A run with other characters (accents, ’, –) goes through WORD.
_SEPARATORS = bytes(
    b if (b >= 128 or chr(b).isalnum() or b == ord("_")) else ord(" ") for b in range(256)
)  # fmt: skip
# Punctuation outside ASCII that papers are full of, a space too (none of it is a \w character).
_WIDE_SEPARATORS = [c.encode() for c in "–—‘’“”…£€•·«»\u00a0\u2022\u2212" if not (c.isalnum() or c == "_")]


class Counting:
    """``count`` a batch at a time: ``add(entries)`` as they come, ``result()`` at the end (a
    rebuild counts in a thread of its own while the database builds the index)."""

    def __init__(self) -> None:
        self.runs: Counter = Counter()  # ASCII runs of \w characters, lower case: how many entries have each
        self.counted: Counter = Counter()

    def add(self, entries: Iterable[tuple[str, str]]) -> None:
        runs, counted = self.runs, self.counted
        for title, text in entries:
            data = f"{title or ''} {text or ''}".encode(errors="surrogatepass").lower().translate(_SEPARATORS)
            if not data.isascii():
                for wide in _WIDE_SEPARATORS:
                    if wide in data:
                        data = data.replace(wide, b" ")
            found = set(data.split())
            if data.isascii():
                runs.update(found)
                continue
            ascii_runs = {run for run in found if run.isascii()}
            runs.update(ascii_runs)
            other = {w.lower() for run in found - ascii_runs for w in WORD.findall(run.decode(errors="surrogatepass"))}
            counted.update(w for w in other if not (w.isascii() and w.encode() in ascii_runs))

    def result(self) -> Counter:
        counted = Counter(self.counted)
        for run, n in self.runs.items():
            if 3 <= len(run) <= 30 and run.isalpha():
                counted[run.decode()] += n
        return counted


def _count_elsewhere() -> None:
    """The counting process (``python -m openpcc.search.wordcount``): batches of (title, text)
    on its standard input until None, then the counts on its standard output."""
    given, back = Connection(0, writable=False), Connection(1, readable=False)
    counting = Counting()
    while (batch := given.recv()) is not None:
        counting.add(batch)
    back.send(counting.result())


class CountingElsewhere:
    """``Counting`` in a process of its own: ``add`` hands a batch over and returns at once (a
    thread of this process feeds the pipe, holding at most ``WAITING`` batches the counting
    process has not taken yet), ``result`` collects the counts. The same words and counts as
    ``Counting``; used where there is enough text for a second process to pay for starting
    (``search.index.rebuild``). A plain child process running this module, not
    multiprocessing's, which would import the parent's main script again."""

    WAITING = 16

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "openpcc.search.wordcount"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        # connections of their own (each closes its descriptor), the streams closed with the process
        self._to = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._from = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._batches: queue.Queue = queue.Queue(self.WAITING)
        self._failed: BaseException | None = None
        self._feeder = threading.Thread(target=self._feed, name="vocabulary-feeder", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        while True:
            batch = self._batches.get()
            if self._failed is None:
                try:
                    self._to.send(batch)
                except BaseException as exc:  # the process has gone: said by add() or result()
                    self._failed = exc
            if batch is None:
                return

    def add(self, entries: Iterable[tuple[str, str]]) -> None:
        if self._failed is not None:
            raise RuntimeError("The vocabulary's counting process stopped") from self._failed
        self._batches.put(list(entries))

    def result(self) -> Counter:
        self._batches.put(None)
        self._feeder.join()
        if self._failed is not None:
            raise RuntimeError("The vocabulary's counting process stopped") from self._failed
        return self._from.recv()

    def close(self) -> None:
        """Stop the process (after ``result``, or when the rebuild fails part-way)."""
        if self._feeder.is_alive():
            self._failed = self._failed or RuntimeError("closed")
            while self._feeder.is_alive():  # let the feeder finish (it sends nothing more)
                try:
                    self._batches.put(None, timeout=0.1)
                except queue.Full:
                    self._batches.get_nowait()
        for end in (self._to, self._from, self._process.stdin, self._process.stdout):
            end.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


if __name__ == "__main__":
    _count_elsewhere()

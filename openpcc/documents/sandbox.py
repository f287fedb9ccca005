"""Run untrusted work (reading a paper someone uploaded) in a child process with a time and a
memory limit, so one bad file cannot hold a worker for minutes or take the machine's memory.

The child is forked (the modules are already loaded, so it starts in milliseconds), lowers its
own address-space limit, does the work and sends the result back through a pipe. The parent
waits at most the time limit, then kills it. POSIX only, like the rest of the deployment."""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class LimitExceeded(Exception):
    """The work ran out of time or memory; the message says which, for a person to read."""


class ChildFailed(Exception):
    """The work raised an exception in the child: its type name and message are kept."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def _mapped_bytes() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return pages * os.sysconf("SC_PAGE_SIZE")


def run_limited(func: Callable[..., T], *args: Any, seconds: float, memory_mb: int) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never touches the parent's database connections
        status = 0
        try:
            os.close(read_end)
            # on top of what the process already maps (the libraries it was forked with)
            limit = _mapped_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                outcome: tuple[str, Any] = ("ok", func(*args))
            except MemoryError:
                outcome = ("memory", "")
            except BaseException as exc:
                outcome = ("error", (type(exc).__name__, str(exc)))
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LimitExceeded(f"took longer than {seconds:g} seconds to read")
            ready, _, _ = select.select([read_end], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except LimitExceeded:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not chunks:
        # killed by the kernel or a signal: what runs out first under a memory limit
        raise LimitExceeded(f"needed more than {memory_mb} MB of memory to read")
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        raise LimitExceeded(f"needed more than {memory_mb} MB of memory to read") from None
    if kind == "memory":
        raise LimitExceeded(f"needed more than {memory_mb} MB of memory to read")
    if kind == "error":
        raise ChildFailed(*value)
    return value

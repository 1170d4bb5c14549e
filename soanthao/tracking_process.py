"""The tracking workbook of ``extract --all`` built in a forked child process while the documents are built.

Why: for a large plan the workbook is seconds of pure-Python XlsxWriter work (~3.8 s for 5,000 agencies), and
threads cannot run it beside the documents (the interpreter lock). A fork copies the plan, the tasks and what
was carried from the previous workbook (copy-on-write; the paused collector stays paused), so the child builds
every sheet at once on the other core, then waits on a pipe for the documents' hashes (the workbook records
them), writes the file into a temporary file the parent reserved in its ``AtomicBatch`` (put in place with the
documents, or removed on a failure) and sends back what it returned, or its error. The same code writes the
same bytes as the sequential path; only the process differs.

Only where that is safe and pays: POSIX with the "fork" start method, a single thread in the process
(``soanthao serve`` runs extract in a threaded server, whose other threads' locks a fork would copy held), and
at least ``MIN_AGENCIES`` agencies with tasks: measured, the child pays from about 150 (a sheet each).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .atomic import AtomicBatch, Reserved

__all__ = ["MIN_AGENCIES", "forked", "worth_forking"]

MIN_AGENCIES = 200
_STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def worth_forking(agencies: int) -> bool:
    if agencies < MIN_AGENCIES or os.name != "posix" or threading.active_count() != 1:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def forked(
    write: Callable[[Callable[[], dict[str, str]], Reserved], Any], batch: AtomicBatch, out: Path
) -> Iterator[Callable[[dict[str, str]], Any]]:
    """Start ``write(files, reserved)`` in a child process, ``reserved`` a temporary file for ``out`` in ``batch``
    and ``files()`` the documents' hashes once the parent has them. Yields ``finish(files)``: it sends them,
    waits for the child and returns what ``write`` returned, or raises its error. Leaving the block any other
    way (an error, Ctrl-C) kills the child first."""
    reserved = batch.reserve(out)
    down_read, down_write = os.pipe()  # parent → child: the hashes
    up_read, up_write = os.pipe()  # child → parent: the answer
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(down_write)
        os.close(up_read)
        _child(write, lambda: pickle.loads(_receive(down_read)), reserved, up_write)
    os.close(down_read)
    os.close(up_write)
    running, ours = True, [down_write, up_read]  # ours: the pipe ends still open here

    def finish(files: dict[str, str]) -> Any:
        nonlocal running
        with contextlib.suppress(BrokenPipeError):  # the child failed before it needed them: its answer says why
            _send(ours.pop(0), pickle.dumps(files, pickle.HIGHEST_PROTOCOL))
        answer = _receive(ours.pop(0))
        os.waitpid(pid, 0)
        running = False
        if not answer:
            raise RuntimeError(f"the tracking workbook's process ({pid}) ended without an answer")
        done, value = pickle.loads(answer)
        if done:
            return value
        raise value

    try:
        yield finish
    finally:
        if running:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for fd in ours:
            os.close(fd)


def _child(write, files: Callable[[], dict[str, str]], reserved: Reserved, up: int) -> None:
    """Build and write the workbook, send the answer, leave with ``os._exit``: never the parent's cleanup (its
    batch, its ``finally`` blocks, atexit), never its buffered output. A stop signal ends it silently."""
    status = 1
    try:
        for name in _STOP_SIGNALS:
            sig = getattr(signal, name, None)
            if sig is not None and signal.getsignal(sig) is not signal.SIG_IGN:
                signal.signal(sig, signal.SIG_DFL)
        try:
            answer = (True, write(files, reserved))
        except BaseException as err:  # every error goes back to the parent, which raises it
            err.add_note("".join(traceback.format_exception(err)).rstrip())  # the traceback is not pickled
            answer = (False, err)
        try:
            data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # an error that cannot be pickled: its text
            data = pickle.dumps((False, RuntimeError(f"{answer[1]!r} ({err})")))
        _send(up, data)
        status = 0
    finally:
        os._exit(status)


def _send(fd: int, data: bytes) -> None:
    """All of ``data`` into the pipe ``fd``, then closed (the reader sees its end)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _receive(fd: int) -> bytes:
    """Everything written into the pipe ``fd`` until the writer closed it, then closed."""
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)

"""Ctrl-C, SIGTERM and SIGHUP stop a command the same way, cleanly.

Python's default for SIGTERM and SIGHUP is to die on the spot, leaving LibreOffice running and
temporary files and folders behind. While a command runs (:func:`handling`), each of the three
signals raises :class:`Stopped` instead: it unwinds through every ``finally`` and ``except
BaseException`` (temporary files removed, LibreOffice and a template's child process killed,
their folders removed), and the command says "Đã dừng." and exits with 128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

MESSAGE = "Đã dừng."
SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """Raised by a stop signal; a KeyboardInterrupt, so every Ctrl-C path cleans up for it too."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


received: int | None = None  # the signal that stopped the command, if one did


def _stop(signum, frame) -> None:
    global received
    if received is not None:
        return  # a second signal while cleaning up: let the cleanup finish
    received = signum
    raise Stopped(signum)


@contextlib.contextmanager
def handling():
    """Stop signals raise :class:`Stopped` inside the block; the previous handlers come back after."""
    global received
    received = None
    previous = {}
    for sig in SIGNALS:
        if signal.getsignal(sig) is signal.SIG_IGN:
            continue  # ignored on purpose (nohup, a background job): keep it so
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave signals alone
            previous[sig] = signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def exit_code() -> int:
    return 128 + (received or signal.SIGINT)


def quiet_start() -> None:
    """Until the command installs :func:`handling`, a Ctrl-C while it is still starting (loading its
    libraries takes a few tenths of a second) ends it with the same words, not a traceback."""

    def stop(signum, frame):
        sys.stderr.write(MESSAGE + "\n")
        sys.stderr.flush()
        # Nothing is written yet, so nothing to clean up; a normal exit would finalise half-imported
        # extension modules, and pydantic-core's then panics on stderr ("failed to import datetime").
        os._exit(128 + signum)

    for sig in SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, stop)

"""Write output files so that a crash or Ctrl-C never leaves half a file or destroys the old one."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

LOCKED = (
    "Không ghi được “{name}”: tệp đang mở trong một chương trình khác ({program}?) hoặc thư mục không "
    "cho phép ghi. Hãy đóng tệp rồi chạy lại."
)
_PROGRAMS = {".xlsx": "Excel", ".pdf": "trình đọc PDF", ".docx": "Word"}


def locked(out: Path) -> str:
    """The message for a file that cannot be replaced, naming the program that usually holds it."""
    return LOCKED.format(name=out, program=_PROGRAMS.get(Path(out).suffix.lower(), "trình soạn thảo"))


def atomic_write(out: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write through ``write(file)`` into a temporary file next to ``out``, then move it over ``out``.

    On any exception (Ctrl-C included) the temporary file is removed and ``out`` is untouched.
    A PermissionError carries a Vietnamese message (the usual cause: the file is open in Word).
    """
    out = Path(out)
    tmp = _temporary(out, write, sync=True)
    try:
        _replace(tmp, out)
    except BaseException:
        _remove((tmp,))
        raise
    return out


def write_bytes_atomic(out: Path, data: bytes) -> Path:
    return atomic_write(Path(out), lambda fh: fh.write(data))


def write_text_atomic(out: Path, text: str) -> Path:
    return write_bytes_atomic(out, text.encode("utf-8"))


class AtomicBatch:
    """Many files written atomically and durably with one wait for the disk instead of one per file.

    ``write`` puts each file's bytes in a temporary file next to it (safe to call from several threads);
    ``commit`` makes every pending temporary file durable at once (:func:`_sync`), moves each over its
    target in the order they were written, then makes the renames durable with one fsync of each folder.
    So a reader never sees half a file, and a crash leaves each target either as it was or whole: its data
    is on the disk before the rename that puts it in place. Leaving the ``with`` block removes what was
    not committed (after an error, Ctrl-C included); ``commit`` may be called more than once.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []  # (temporary file, target)
        self._reserved: list[tuple[Path, Path]] = []  # the same, filled by another process, put in place last
        self._lock = threading.Lock()

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def write(self, out: Path, data: bytes) -> Path:
        out = Path(out)
        tmp = _temporary(out, lambda fh: fh.write(data), sync=False)
        with self._lock:
            self._pending.append((tmp, out))
        return out

    def reserve(self, out: Path) -> Reserved:
        """An empty temporary file next to ``out`` for a child process to fill (:class:`Reserved`): it is put in
        place after every file of ``write`` — last, like the tracking workbook that records the others when it
        is written last — and removed like them when not committed."""
        out = Path(out)
        tmp = _temporary(out, lambda fh: None, sync=False)
        with self._lock:
            self._reserved.append((tmp, out))
        return Reserved(tmp, out)

    def commit(self) -> list[Path]:
        """Put every file written since the last commit in place; returns their targets, in order. On a
        failure the files not yet in place are removed and the error (naming the target) is raised."""
        with self._lock:
            pending, self._pending, self._reserved = self._pending + self._reserved, [], []
        done: list[Path] = []
        try:
            _sync(pending)
            for tmp, out in pending:
                _replace(tmp, out)
                done.append(out)
        finally:
            _remove(tmp for tmp, _ in pending[len(done) :])
            _sync_folders(dict.fromkeys(out.parent for out in done))
        return done

    def discard(self) -> None:
        """Remove the temporary files not committed; their targets stay as they were."""
        with self._lock:
            pending, self._pending, self._reserved = self._pending + self._reserved, [], []
        _remove(tmp for tmp, _ in pending)


class Reserved:
    """A temporary file :meth:`AtomicBatch.reserve` made for ``out``; ``write`` has the signature of
    :meth:`AtomicBatch.write`, so code that writes into a batch can write into it, from another process."""

    def __init__(self, tmp: Path, out: Path) -> None:
        self.tmp, self.out = tmp, out

    def write(self, out: Path, data: bytes) -> Path:
        try:  # no O_CREAT: a temporary file the batch removed already is not made again
            fd = os.open(self.tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError as err:
            _raise_naming(err, self.out)
        return self.out


def _temporary(out: Path, write: Callable[[BinaryIO], object], sync: bool) -> Path:
    """A new temporary file next to ``out`` holding what ``write`` wrote (fsynced when ``sync``); removed on any
    failure, whose error names ``out``."""
    tmp = out.with_name(f".{out.stem}.{os.urandom(4).hex()}{out.suffix}.tmp")  # not secrets: it loads hmac, hashlib
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except PermissionError as err:
        raise PermissionError(err.errno, locked(out), str(out)) from err
    except OSError as err:
        _raise_naming(err, out)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
    except BaseException as err:
        _remove((tmp,))
        if isinstance(err, OSError):
            _raise_naming(err, out)
        raise
    return tmp


def _replace(tmp: Path, out: Path) -> None:
    """Move ``tmp`` over ``out``; an error names ``out`` (the Vietnamese message when it is locked)."""
    try:
        os.replace(tmp, out)
    except PermissionError as err:
        raise PermissionError(err.errno, locked(out), str(out)) from err
    except OSError as err:
        _raise_naming(err, out)


def _raise_naming(err: OSError, out: Path):
    """Raise ``err`` naming the target ``out``, not the temporary file nobody asked for."""
    if err.filename == str(out):
        raise err
    raise type(err)(err.errno, err.strerror, str(out)) from err


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _sync(files: list[tuple[Path, Path]]) -> None:
    """Every byte of ``files`` (temporary file, target) on the disk, waiting once rather than once per file: on
    Linux one ``syncfs`` of the file system of each of their folders (it reports write-back errors since Linux
    5.8); elsewhere, or when it fails, an fsync of each file, several at a time (each waits for the disk
    outside the interpreter lock), an error naming the target."""
    if not files:
        return
    if _syncfs(list(dict.fromkeys(tmp.parent for tmp, _ in files))):
        return
    from concurrent.futures import ThreadPoolExecutor  # only extract's batches (it loads logging, queue…)

    with ThreadPoolExecutor(max_workers=_SYNC_THREADS) as pool:
        list(pool.map(_fsync_file, files))


_SYNC_THREADS = 16


def _fsync_file(file: tuple[Path, Path]) -> None:
    tmp, out = file
    try:
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a file open for writing
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        _raise_naming(err, out)


def _syncfs(folders: list[Path]) -> bool:
    """``syncfs(2)`` of the file system of each folder; False where there is none or it fails."""
    call = _libc_syncfs()
    if call is None:
        return False
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return False
        try:
            if call(fd) != 0:
                return False
        finally:
            os.close(fd)
    return True


@functools.cache
def _libc_syncfs():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]
    call.restype = ctypes.c_int
    return call


def _sync_folders(folders: Iterable[Path]) -> None:
    """The renames in ``folders`` on the disk: an fsync of each folder (POSIX; Windows cannot open one, and
    its file system journals the rename itself). A file system that cannot fsync a folder is left to
    itself: the files are whole either way."""
    if os.name == "nt":
        return
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


_OS_ERRORS = {
    errno.ENOENT: "thư mục hoặc tệp không tồn tại",
    errno.EACCES: "không có quyền (tệp đang mở trong Word, hoặc thư mục chỉ đọc)",
    errno.EPERM: "không có quyền (tệp đang mở trong Word, hoặc thư mục chỉ đọc)",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def describe(err: OSError) -> str:
    """The operating system's error in Vietnamese (its own text is English)."""
    if err.strerror and err.strerror.startswith("Không ghi được"):  # atomic_write's own message
        return err.strerror
    if err.errno in _OS_ERRORS:
        return _OS_ERRORS[err.errno]
    return f"lỗi hệ thống: {err.strerror or err}"

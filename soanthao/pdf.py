""".docx → .pdf with LibreOffice (``soffice --headless --convert-to pdf``), atomically.

Each conversion runs LibreOffice with its own throw-away profile
(``-env:UserInstallation``), so parallel runs — or a LibreOffice the user has
open — do not block each other, and under a time limit; the PDF is produced in
a temporary folder beside the target and moved into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .atomic import locked

__all__ = ["PdfFailed", "PdfUnavailable", "convert_all_to_pdf", "convert_to_pdf", "find_soffice"]

TIMEOUT = 180  # seconds for one LibreOffice run (its first start creates a profile: a few seconds)
BATCH = 50  # files per LibreOffice run: with ~240 at once it converts none

MSG = {
    "unavailable": (
        "Không tìm thấy LibreOffice nên chưa tạo được tệp PDF (tệp .docx vẫn được tạo bình thường).\n"
        "Cách cài LibreOffice:\n"
        "  - Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui\n"
        "  - Windows, macOS: tải về và cài từ https://www.libreoffice.org/download/\n"
        "Cài xong, chạy lại lệnh với --pdf."
    ),
    "timeout": "LibreOffice chuyển “{name}” sang PDF quá {seconds} giây nên đã bị dừng.",
    "failed": "LibreOffice không chuyển được “{name}” sang PDF ({reason}).{detail}",
    "failed_many": "LibreOffice không chuyển được {n} trong {total} tệp sang PDF (các tệp khác đã chuyển xong):\n"
    "{lines}{detail}",
    "exit_code": "LibreOffice dừng với mã lỗi {code}",
    "no_pdf": "LibreOffice chạy xong nhưng không tạo ra tệp PDF",
    "not_tried": "chưa chuyển vì lần chuyển trước bị quá giờ",
    "output": "LibreOffice báo:",
    "disk_full": "ổ đĩa chứa thư mục {folder} đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
    "same_stem": "Không chuyển cùng lúc được hai tệp trùng tên “{stem}”: hãy chuyển từng tệp.",
}


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or not on PATH); the message says how to install it."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but produced no PDF."""


def find_soffice() -> str | None:
    """The LibreOffice command: ``soffice`` or ``libreoffice`` on PATH, or the usual install places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = []
    if sys.platform == "win32":
        for root in filter(None, (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"))):
            candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(c) for c in candidates if c.is_file()), None)


def convert_to_pdf(docx: Path, out_dir: Path, timeout: float = TIMEOUT) -> Path:
    """Convert one .docx to ``out_dir/<stem>.pdf``; returns the PDF's path."""
    return convert_all_to_pdf([docx], out_dir, timeout)[0]


def convert_all_to_pdf(docxs: Sequence[Path], out_dir: Path, timeout: float = TIMEOUT) -> list[Path]:
    """Convert several .docx files, ``BATCH`` per LibreOffice start (much faster than one start each;
    one start for hundreds of files ends with no PDF at all). Each batch's PDFs are moved into place when
    it ends. Raises PdfFailed naming each file that gave no PDF; its ``made`` are the PDFs made."""
    docxs = [Path(d).resolve() for d in docxs]
    out_dir = Path(out_dir)
    stems = [d.stem for d in docxs]
    for stem in stems:
        if stems.count(stem) > 1:
            raise ValueError(MSG["same_stem"].format(stem=stem))
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(MSG["unavailable"])
    made: list[Path] = []
    failed: list[tuple[Path, str]] = []
    details: list[str] = []
    for start in range(0, len(docxs), BATCH):
        batch = docxs[start : start + BATCH]
        try:
            code, output, done = _convert_batch(soffice, batch, out_dir, timeout)
        except PdfFailed as err:  # a time-out: later batches would wait as long
            if len(docxs) == 1:
                raise
            failed += [(d, str(err)) for d in batch]
            failed += [(d, MSG["not_tried"]) for d in docxs[start + BATCH :]]
            break
        made += done
        missing = [d for d in batch if out_dir / f"{d.stem}.pdf" not in done]
        reason = MSG["exit_code"].format(code=code) if code else MSG["no_pdf"]
        if missing and _disk_full(out_dir, missing):  # LibreOffice exits 0 even when it could not write
            reason = MSG["disk_full"].format(folder=out_dir.absolute())
        failed += [(d, reason) for d in missing]
        tail = "\n".join(output.strip().splitlines()[-5:])
        if missing and tail:
            details.append(tail)
    if failed:
        if len(docxs) == 1:
            d, reason = failed[0]
            detail = f"\n{details[0]}" if details else ""
            err = PdfFailed(MSG["failed"].format(name=d.name, reason=reason, detail=detail))
        else:
            lines = "\n".join(f"  - {d.name}: {reason}" for d, reason in failed)
            detail = "\n" + MSG["output"] + "\n" + "\n".join(details) if details else ""
            err = PdfFailed(MSG["failed_many"].format(n=len(failed), total=len(docxs), lines=lines, detail=detail))
        err.made, err.failed = made, [d for d, _ in failed]
        raise err
    return made


def _convert_batch(soffice: str, batch: list[Path], out_dir: Path, timeout: float) -> tuple[int, str, list[Path]]:
    """One LibreOffice start for ``batch``: (its exit code, its output, the PDFs moved into ``out_dir``)."""
    work = Path(tempfile.mkdtemp(prefix=".soanthao-pdf-", dir=out_dir))
    profile = Path(tempfile.mkdtemp(prefix="soanthao-lo-"))
    try:
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, batch),
        ]
        code, output = _run(cmd, timeout, ", ".join(d.name for d in batch))
        done = []
        for d in batch:
            made = work / f"{d.stem}.pdf"
            if made.is_file() and made.stat().st_size > 0:
                target = out_dir / made.name
                try:
                    os.replace(made, target)
                except PermissionError as err:  # the old PDF is open in a reader (Windows locks it)
                    raise PermissionError(err.errno, locked(target), str(target)) from None
                except OSError as err:
                    raise type(err)(err.errno, err.strerror, str(target)) from None
                done.append(target)
        return code, output, done
    finally:
        shutil.rmtree(work, ignore_errors=True)
        _stop_using(profile)
        shutil.rmtree(profile, ignore_errors=True)


def _stop_using(profile: Path, wait: float = 10) -> None:
    """Kill what still runs with ``profile`` (Linux): a soffice.bin that left LibreOffice's process group
    outlives the group's kill and would write its profile again after it is removed."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():
        return
    marker = str(profile).encode()
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for entry in proc_dir.iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes():
                    alive.append(int(entry.name))
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            return
        for pid in alive:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)


def _disk_full(folder: Path, docxs: list[Path]) -> bool:
    """Too little room left for the PDFs (about their .docx files' size, at least 1 MB)?"""
    try:
        need = max(sum(d.stat().st_size for d in docxs), 1 << 20)
        return shutil.disk_usage(folder).free < need
    except OSError:
        return False


def _run(cmd: list[str], timeout: float, names: str) -> tuple[int, str]:
    posix = os.name == "posix"
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=posix
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc, posix)
        proc.communicate()
        raise PdfFailed(MSG["timeout"].format(name=names, seconds=int(timeout))) from None
    except BaseException:
        _kill(proc, posix)
        proc.communicate()
        raise
    return proc.returncode, out.decode("utf-8", "replace")


def _kill(proc: subprocess.Popen, posix: bool) -> None:
    """Stop the LibreOffice we started, and its children (soffice → oosplash → soffice.bin)."""
    try:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: only the processes it started
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        return
    if posix:  # wait (briefly) until soffice.bin is gone too, so that its profile can be removed
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except (ProcessLookupError, PermissionError):
                return
            proc.poll()
            time.sleep(0.05)

""".docx → .pdf with LibreOffice (``soffice --headless --convert-to pdf``), atomically.

Each conversion runs LibreOffice with its own throw-away profile
(``-env:UserInstallation``), so parallel runs — or a LibreOffice the user has
open — do not block each other, and under a time limit; the PDF is produced in
a temporary folder beside the target and moved into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["convert_to_pdf", "convert_all_to_pdf", "find_soffice", "PdfUnavailable", "PdfFailed"]

TIMEOUT = 180  # seconds for one LibreOffice run (its first start creates a profile: a few seconds)

_MSG = {
    "unavailable": (
        "Không tìm thấy LibreOffice nên chưa tạo được tệp PDF (tệp .docx vẫn được tạo bình thường).\n"
        "Cách cài LibreOffice:\n"
        "  - Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui\n"
        "  - Windows, macOS: tải về và cài từ https://www.libreoffice.org/download/\n"
        "Cài xong, chạy lại lệnh với --pdf."
    ),
    "timeout": "LibreOffice chuyển “{name}” sang PDF quá {seconds} giây nên đã bị dừng.",
    "failed": "LibreOffice không chuyển được “{name}” sang PDF (mã thoát {code}).{detail}",
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
    """Convert several .docx files with one LibreOffice start (much faster than one start each)."""
    docxs = [Path(d).resolve() for d in docxs]
    out_dir = Path(out_dir)
    stems = [d.stem for d in docxs]
    for stem in stems:
        if stems.count(stem) > 1:
            raise ValueError(_MSG["same_stem"].format(stem=stem))
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(_MSG["unavailable"])
    names = ", ".join(d.name for d in docxs)
    work = Path(tempfile.mkdtemp(prefix=".soanthao-pdf-", dir=out_dir))
    profile = Path(tempfile.mkdtemp(prefix="soanthao-lo-"))
    try:
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work),
               *map(str, docxs)]
        code, output = _run(cmd, timeout, names)
        results = []
        for d in docxs:
            made = work / f"{d.stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                tail = "\n".join(output.strip().splitlines()[-5:])
                raise PdfFailed(_MSG["failed"].format(name=d.name, code=code, detail=f"\n{tail}" if tail else ""))
            results.append(made)
        final = []
        for made in results:
            target = out_dir / made.name
            os.replace(made, target)
            final.append(target)
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def _run(cmd: list[str], timeout: float, names: str) -> tuple[int, str]:
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=posix)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc, posix)
        proc.communicate()
        raise PdfFailed(_MSG["timeout"].format(name=names, seconds=int(timeout))) from None
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
        pass

"""How long does ``soanthao import`` take on the real plans of the fixtures (target: ≤ 1 s for the largest)?

    python benchmarks/bench_import.py [--repeat N] [--check] [TỆP ...]

Times every real plan kept in the repository (``tests/fixtures/corpus/*.txt``, the crawled pages
``tests/fixtures/markdown/*.md``, the pdftotext text and the signed PDF in ``tests/fixtures/pdf_text/``,
any .docx under ``tests/fixtures/``; files with the same content are timed once), or the files given,
two ways:

- process: ``soanthao import FILE -o OUT.yaml`` as a subprocess, what a clerk waits on: interpreter
  start, imports, reading, parsing, the YAML written atomically, the report printed, the written spec
  validated. The entry point beside this interpreter is run (not a pyenv shim), after one warm-up run;
- in-process: ``soanthao.importer.import_file`` and writing the YAML (``write_text_atomic``); the
  validation the command runs afterwards is a column of its own (“+ kiểm tra”). One first call before
  all of them pays the importer's module imports and is printed once (“lần đầu”).

Each figure is the median of N runs (default 7). “khởi động” is ``soanthao --version`` (interpreter
and the CLI's imports): the floor under every process time.

The largest plan is the one with the most text (characters of the lines its reader gives, so a PDF
counts by its text, not its bytes); the verdict is on its process median, and a second line gives the
slowest file. Exit 0 whatever the result, unless ``--check``: then 1 when either is over the target.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soanthao.atomic import write_text_atomic  # noqa: E402
from soanthao.importer import import_file, read_source  # noqa: E402
from soanthao.validate import validate_file  # noqa: E402

TARGET = 1.0  # seconds, issue 12
FIXTURES = ROOT / "tests" / "fixtures"
PATTERNS = ("corpus/*.txt", "markdown/*.md", "markdown/*.txt", "pdf_text/*.txt", "pdf_text/*.pdf", "**/*.docx")


def fixture_files() -> list[Path]:
    """Every real plan among the fixtures, each content once (markdown/*.txt are copies of corpus/)."""
    seen, out = set(), []
    for pattern in PATTERNS:
        for path in sorted(FIXTURES.glob(pattern)):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                out.append(path)
    return out


def cli_command() -> list[str]:
    """The `soanthao` entry point of this interpreter; the CLI module through it if none is installed."""
    script = Path(sys.executable).parent / ("soanthao.exe" if os.name == "nt" else "soanthao")
    if script.exists():
        return [str(script)]
    found = shutil.which("soanthao")
    return [found] if found else [sys.executable, "-c", "from soanthao.cli import main; main()"]


def median_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(cmd: list[str]) -> int:
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT).returncode


def text_size(path: Path) -> int:
    """Characters of the plan's text as its reader gives it (a PDF by its text, not its bytes)."""
    lines, _ = read_source(path)
    return sum(len(line.text) for line in lines)


def in_process(path: Path, out: Path) -> None:
    write_text_atomic(out, import_file(path).yaml_text)


def measure(path: Path, folder: Path, repeat: int, cli: list[str]) -> dict:
    out = folder / (path.name + ".yaml")
    # --force: import keeps an existing output, and every run after the warm-up would time that refusal
    cmd = [*cli, "import", str(path), "-o", str(out), "--force"]
    code = run(cmd)  # warm-up: the file and the interpreter's modules in the OS cache
    process = median_of(repeat, lambda: run(cmd))
    inproc = median_of(repeat, lambda: in_process(path, out))
    check = median_of(repeat, lambda: validate_file(out))
    return {
        "path": path,
        "bytes": path.stat().st_size,
        "chars": text_size(path),
        "code": code,
        "process": process,
        "inproc": inproc,
        "validate": check,
    }


def verdict(seconds: float) -> str:
    return "ĐẠT" if seconds <= TARGET else "KHÔNG ĐẠT"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="plans to time (default: the fixtures)")
    ap.add_argument("--repeat", type=int, default=7, help="runs of each measure; the median is kept")
    ap.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args(argv)
    files = [p.resolve() for p in args.files] or fixture_files()  # the subprocess runs in ROOT
    cli = cli_command()
    startup = median_of(args.repeat, lambda: run([*cli, "--version"]))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        in_process(files[0], Path(tmp) / "lan-dau.yaml")  # pays the importer's module imports
        first = time.perf_counter() - t0
        rows = [measure(p, Path(tmp), args.repeat, cli) for p in files]
    name_width = max(len(r["path"].name) for r in rows)
    print(
        f"soanthao import trên {len(rows)} tệp (trung vị của {args.repeat} lần; khởi động "
        f"`soanthao --version`: {startup * 1000:.0f} ms; "
        f"lần đầu trong tiến trình: {first * 1000:.0f} ms)"
    )
    print(
        f"  {'tệp':<{name_width}}  {'KB':>5}  {'ký tự':>6}  {'mã ra':>5}  {'tiến trình':>10}  "
        f"{'trong tiến trình':>16}  {'+ kiểm tra':>10}"
    )
    for r in sorted(rows, key=lambda r: r["chars"]):
        print(
            f"  {r['path'].name:<{name_width}}  {r['bytes'] / 1024:5.1f}  {r['chars']:6d}  {r['code']:5d}  "
            f"{r['process'] * 1000:7.0f} ms  {r['inproc'] * 1000:13.1f} ms  "
            f"{r['validate'] * 1000:7.1f} ms"
        )
    largest = max(rows, key=lambda r: r["chars"])
    slowest = max(rows, key=lambda r: r["process"])
    print(
        f"import của kế hoạch lớn nhất ({largest['path'].name}, {largest['chars']} ký tự): "
        f"{largest['process']:.2f} s (mục tiêu ≤ {TARGET:g} s): {verdict(largest['process'])}"
    )
    print(
        f"tệp chậm nhất ({slowest['path'].name}): {slowest['process']:.2f} s (mục tiêu ≤ {TARGET:g} s): "
        f"{verdict(slowest['process'])}"
    )
    missed = max(largest["process"], slowest["process"]) > TARGET
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``soanthao extract --all``: one .docx per agency that has tasks, and ``phan-cong.xlsx``, in a folder.

The template is opened once for all the agencies (:class:`soanthao.extract_docx.ExtractRenderer`).
Every file is written atomically: a failure or Ctrl-C leaves each file either whole or as it was.
``progress`` (optional) is called after each file with the number of files done and the total, so
the CLI can draw a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_bytes_atomic
from .extract import AgencyExtract, Task, agencies_of, classify_tasks, extract, match_key
from .spec import Plan

__all__ = ["TRACKING_FILE", "AllResult", "file_stem", "write_all"]

TRACKING_FILE = "phan-cong.xlsx"


@dataclass
class AllResult:
    documents: list[Path] = field(default_factory=list)
    tracking: Path | None = None
    with_tasks: list[AgencyExtract] = field(default_factory=list)
    without_tasks: list[AgencyExtract] = field(default_factory=list)  # no document written for these
    unassigned: list[Task] = field(default_factory=list)


def file_stem(agency_id: str) -> str:
    """A safe, readable file name for an agency id: "cong_an_tinh" → "cong-an-tinh"."""
    return match_key(agency_id).replace(" ", "-") or "co-quan"


def _stems(extracts: list[AgencyExtract]) -> list[str]:
    used = {Path(TRACKING_FILE).stem}
    out = []
    for x in extracts:
        stem, n = file_stem(x.agency.id), 2
        base = stem
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        out.append(stem)
    return out


def write_all(plan: Plan, out_dir: Path, progress: Callable[[int, int], None] | None = None,
              tracking: bool = True) -> AllResult:
    """Write the extracts of every agency with tasks, and the tracking workbook, into ``out_dir``."""
    from .extract_docx import ExtractRenderer
    from .tracking import write_tracking

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks, unassigned = classify_tasks(plan)
    result = AllResult(unassigned=unassigned)
    for agency in agencies_of(plan, tasks):
        x = extract(plan, agency, tasks)
        (result.with_tasks if x.has_tasks else result.without_tasks).append(x)
    if not result.with_tasks:
        return result
    # The documents are built here, one after the other; zipping each (zlib works outside the
    # interpreter lock), writing it (a temporary file, fsync, rename) and the workbook run in threads.
    # The progress counts files written.
    with ThreadPoolExecutor(max_workers=4) as pool:
        book = [pool.submit(write_tracking, plan, tasks, result.with_tasks, out_dir / TRACKING_FILE)] \
            if tracking else []
        renderer = ExtractRenderer()
        docs = [pool.submit(_write_docx, renderer, renderer.parts(x), out_dir / f"{stem}.docx")
                for x, stem in zip(result.with_tasks, _stems(result.with_tasks), strict=True)]
        for done, job in enumerate(as_completed(book + docs), start=1):
            job.result()  # the first failure (an OSError) goes to the caller
            if progress:
                progress(done, len(book) + len(docs))
    result.documents = [d.result() for d in docs]
    result.tracking = book[0].result() if book else None
    return result


def _write_docx(renderer, parts: tuple[bytes, bytes], out: Path) -> Path:
    return write_bytes_atomic(out, renderer.package(*parts))

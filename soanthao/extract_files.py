"""``soanthao extract --all``: one .docx per agency that has tasks, and ``phan-cong.xlsx``, in a folder.

The template is opened once for all the agencies (:class:`soanthao.extract_docx.ExtractRenderer`).
Every file is written atomically and durably, all put in place at once after one wait for the disk
(:class:`soanthao.atomic.AtomicBatch`): a failure or Ctrl-C leaves each file either whole or as it was.
``progress`` (optional) is called after each file with the number of files done and the total, so
the CLI can draw a progress bar.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import AtomicBatch
from .extract import (
    AgencyExtract,
    Task,
    agencies_of,
    classify_tasks,
    extract_all,
    match_key,
)
from .spec import Plan
from .tracking_progress import Carried

__all__ = ["TRACKING_FILE", "AllResult", "file_stem", "notes", "write_all"]

TRACKING_FILE = "phan-cong.xlsx"
# Names Windows refuses for a file, whatever its extension ("con.docx" cannot be made there).
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}
RESERVED_SUFFIX = "-co-quan"
OUTPUT_SUFFIXES = (".docx", ".pdf")


@dataclass
class AllResult:
    documents: list[Path] = field(default_factory=list)
    tracking: Path | None = None
    with_tasks: list[AgencyExtract] = field(default_factory=list)
    without_tasks: list[AgencyExtract] = field(default_factory=list)  # no document written for these
    unassigned: list[Task] = field(default_factory=list)
    carried: Carried | None = None  # what was typed into the previous workbook, placed in the new one
    matrix: tuple[str, int] = ("cot", 0)  # the matrix's layout and the agencies it shows
    tasks: int = 0  # tasks of the plan (rows of the matrix)
    pdfs: list[Path] = field(default_factory=list)
    pdf_error: Exception | None = None  # PdfUnavailable or PdfFailed, when PDFs were asked for
    removed: list[Path] = field(default_factory=list)  # old documents of agencies without tasks now, unchanged
    kept: list[Path] = field(default_factory=list)  # the same, but changed since soanthao wrote them
    edited: list[Path] = field(default_factory=list)  # documents of this run left as they were: edited since
    unknown: list[Path] = field(default_factory=list)  # other documents in the folder, with no record


def file_stem(agency_id: str) -> str:
    """A safe, readable file name for an agency id: "cong_an_tinh" → "cong-an-tinh"; "CON" → "con-co-quan"
    (Windows reserves CON, NUL, COM1…)."""
    stem = match_key(agency_id).replace(" ", "-") or "co-quan"
    return stem + RESERVED_SUFFIX if stem in WINDOWS_RESERVED else stem


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


def write_all(
    plan: Plan,
    out_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    tracking: bool = True,
    pdf: Callable[[list[Path]], list[Path]] | None = None,
    force: bool = False,
) -> AllResult:
    """Write the extracts of every agency with tasks, and the tracking workbook, into ``out_dir``; with
    ``pdf`` (``convert_all_to_pdf``), a PDF of each. What was typed into the workbook already there is
    carried into the new one (raises PreviousUnreadable when it cannot be read: nothing is written). Old
    documents of agencies that have no task any more are removed when nobody changed them, else kept."""
    with _collector_paused():
        return _write_all(plan, out_dir, progress, tracking, pdf, force)


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector paused while the files are built. The documents and the workbook's cells are
    hundreds of thousands of objects that stay alive until the workbook is written; each full collection
    walks all of them and frees next to nothing (for 5,000 agencies: ~10 collections, ~2 s). Nothing the
    extracts build is a cycle that must be freed early. Restored as it was, even on an error."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _write_all(
    plan: Plan,
    out_dir: Path,
    progress: Callable[[int, int], None] | None,
    tracking: bool,
    pdf: Callable[[list[Path]], list[Path]] | None,
    force: bool,
) -> AllResult:
    from . import tracking_process
    from .extract_docx import ExtractRenderer
    from .tracking import matrix_layout, write_tracking
    from .tracking_progress import place, read_previous

    out_dir = Path(out_dir)
    tasks, unassigned = classify_tasks(plan)
    result = AllResult(unassigned=unassigned, tasks=len(tasks))
    for x in extract_all(plan, agencies_of(plan, tasks), tasks):
        (result.with_tasks if x.has_tasks else result.without_tasks).append(x)
    if not result.with_tasks:
        return result
    book_path = out_dir / TRACKING_FILE
    previous = read_previous(book_path, result.with_tasks) if book_path.is_file() else None
    out_dir.mkdir(parents=True, exist_ok=True)
    # The documents are built here, one after the other; zipping each (zlib works outside the interpreter
    # lock) and writing it to a temporary file run in threads. The workbook records each document's hash,
    # so it is written last — for a large plan built meanwhile in a child process, which waits for the
    # hashes (``tracking_process``). Then all the files are put in place at once (``AtomicBatch``: one wait
    # for the disk, not one per file); a failure or Ctrl-C before that leaves every file as it was. The
    # progress counts files written.
    stems = _stems(result.with_tasks)
    # a document someone edited since soanthao wrote it (or not soanthao's) is kept, unless ``force``
    recorded = previous.files if previous else {}
    result.edited = [] if force else [p for p in (out_dir / f"{s}.docx" for s in stems) if _edited(p, recorded)]
    keep = {p.stem for p in result.edited}
    total = len(stems) - len(keep) + bool(tracking)
    if tracking:
        result.carried = place(previous, tasks, result.with_tasks) if previous else None
        result.matrix = matrix_layout(
            len(tasks), len(result.with_tasks), len(result.carried.matrix_columns) if result.carried else 0
        )

    def workbook(files, batch) -> Path:
        return write_tracking(plan, tasks, result.with_tasks, book_path, result.carried, files, batch)

    with AtomicBatch() as batch, contextlib.ExitStack() as stack:
        forked = None  # with PDFs the documents are put in place before the workbook is built: no child
        if tracking and pdf is None and tracking_process.worth_forking(len(result.with_tasks)):
            forked = stack.enter_context(tracking_process.forked(workbook, batch, book_path))
        with ThreadPoolExecutor(max_workers=4) as pool:
            renderer = ExtractRenderer()
            docs = [
                pool.submit(_write_docx, renderer, renderer.parts(x), out_dir / f"{stem}.docx", batch)
                for x, stem in zip(result.with_tasks, stems, strict=True)
                if stem not in keep
            ]
            try:
                for done, job in enumerate(as_completed(docs), start=1):
                    job.result()  # the first failure (an OSError) goes to the caller
                    if progress:
                        progress(done, total)
            except BaseException:  # Ctrl-C, a signal, a full disk: stop now, not after every queued document
                for job in docs:
                    job.cancel()
                raise
        files = dict(d.result() for d in docs)
        result.documents = [out_dir / name for name in files]
        if pdf is not None:
            batch.commit()  # the PDFs are made from the documents in place
            result.pdfs = _convert(pdf, result)
            files.update((p.name, _sha256(p.read_bytes())) for p in result.pdfs)
        if tracking:
            result.tracking = forked(files) if forked else workbook(files, batch)
        batch.commit()
    if tracking and progress:
        progress(total, total)
    _tidy(out_dir, set(stems), previous.files if previous else {}, result)
    return result


# --- what the command says about a run (Vietnamese) ---------------------------------------------------
MSG = {
    "carried": "Đã chép {n} ô đã điền ở {book} cũ (tiến độ, kết quả, ghi chú) sang bảng mới.",
    "similar": "lưu ý [PHAN-CONG-GAN-DUNG] {n} dòng đã điền được ghép với nhiệm vụ có nội dung đã sửa trong kế "
    "hoạch, hãy kiểm tra lại: {items}.",
    "similar_item": "“{old}” → mục {position}",
    "unplaced": "cảnh báo [PHAN-CONG-KHONG-KHOP] {n} ô đã điền không còn khớp với nhiệm vụ hay cơ quan nào; đã "
    "giữ ở trang “{sheet}” của {book}: {items}.",
    "turned": "lưu ý [PHAN-CONG-XOAY] kế hoạch có {n} cơ quan, nhiều hơn số cột của Excel: trang “Phân công” ghi "
    "mỗi cơ quan một dòng, mỗi nhiệm vụ một cột.",
    "cut": "cảnh báo [PHAN-CONG-QUA-LON] kế hoạch có {n} cơ quan và {tasks} nhiệm vụ, nhiều hơn số cột và số dòng "
    "của Excel: trang “Phân công” chỉ có {shown} cơ quan đầu; nhiệm vụ của {missing} cơ quan còn lại xem ở "
    "trang riêng của từng cơ quan.",
    "removed": "Đã xóa {n} tệp cũ của cơ quan nay không còn nhiệm vụ (do soanthao ghi, chưa ai sửa): {names}.",
    "kept": "cảnh báo [TEP-CU] giữ lại {n} tệp của cơ quan nay không còn nhiệm vụ vì tệp đã được sửa sau khi "
    "soanthao ghi (hoặc không xóa được): {names}. Hãy xem lại rồi tự xóa nếu không cần.",
    "edited": "cảnh báo [TEP-DA-SUA] giữ nguyên {n} văn bản trích đã được sửa (hoặc lưu lại trong Word, hoặc không "
    "do soanthao ghi) nên không cập nhật theo kế hoạch: {names}. Thêm --force để ghi đè.",
    "unknown": "lưu ý [TEP-KHONG-RO] thư mục còn {n} tệp không thuộc lần trích này, giữ nguyên (nếu là bản trích "
    "cũ của cơ quan nay không còn nhiệm vụ thì hãy tự xóa): {names}.",
}
_LISTED = 5  # items named in one message


def _listed(items: list[str]) -> str:
    return ", ".join(items[:_LISTED]) + (f" và {len(items) - _LISTED} mục khác" if len(items) > _LISTED else "")


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def notes(result: AllResult) -> list[str]:
    """What a run did beyond writing the files, in the order a clerk needs it."""
    from .tracking_progress import UNPLACED_SHEET

    out = []
    c = result.carried
    if c and c.placed:
        out.append(MSG["carried"].format(n=c.placed, book=TRACKING_FILE))
    if c and c.similar:
        out.append(
            MSG["similar"].format(
                n=len(c.similar),
                items=_listed(
                    [MSG["similar_item"].format(old=_short(v.text), position=t.position) for v, t in c.similar]
                ),
            )
        )
    if c and c.unplaced:
        out.append(
            MSG["unplaced"].format(
                n=len(c.unplaced),
                sheet=UNPLACED_SHEET,
                book=TRACKING_FILE,
                items=_listed([f"{v.sheet}!{v.cell}" for v in c.unplaced]),
            )
        )
    layout, shown = result.matrix
    n = len(result.with_tasks)
    if layout == "dong":
        out.append(MSG["turned"].format(n=n))
    elif result.tracking and shown < n:
        out.append(MSG["cut"].format(n=n, tasks=result.tasks, shown=shown, missing=n - shown))
    for key, paths in (
        ("edited", result.edited),
        ("removed", result.removed),
        ("kept", result.kept),
        ("unknown", result.unknown),
    ):
        if paths:
            out.append(MSG[key].format(n=len(paths), names=_listed([p.name for p in paths])))
    return out


def _convert(pdf: Callable[[list[Path]], list[Path]], result: AllResult) -> list[Path]:
    from .pdf import PdfFailed, PdfUnavailable

    try:
        return pdf(result.documents)
    except (PdfUnavailable, PdfFailed) as err:
        result.pdf_error = err
        return list(getattr(err, "made", []))


def _tidy(out_dir: Path, stems: set[str], recorded: dict[str, str], result: AllResult) -> None:
    """Documents of agencies that have no task any more: removed when soanthao wrote them and nobody changed
    them since (their SHA-256 is the one the previous workbook recorded), else kept and listed. Documents
    the previous workbook did not record (it was written by an older soanthao, or deleted) are listed."""
    for name, digest in sorted(recorded.items()):
        path = out_dir / name
        if Path(name).stem in stems or Path(name).name != name or not path.is_file():
            continue
        if _unchanged(path, digest):
            try:
                path.unlink()
                result.removed.append(path)
                continue
            except OSError:
                pass  # locked: kept, and said so
        result.kept.append(path)
    if not recorded:
        result.unknown = sorted(
            p
            for p in out_dir.iterdir()
            if p.suffix.lower() in OUTPUT_SUFFIXES
            and p.stem not in stems
            and not p.name.startswith(".")
            and p.is_file()
        )


def _unchanged(path: Path, digest: str | None) -> bool:
    """``path`` holds exactly the bytes whose SHA-256 the previous workbook recorded soanthao writing."""
    if digest is None:
        return False
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() == digest
    except OSError:
        return False


def _edited(path: Path, recorded: dict[str, str]) -> bool:
    """Changed since soanthao wrote it, or not soanthao's. A document still as the previous workbook recorded
    it needs no more; any other is unpacked and its parts checked against its stamp (``check_docx``)."""
    from .outputs import Refused, check_docx

    if _unchanged(path, recorded.get(path.name)):
        return False
    try:
        check_docx(path, force=False)
    except Refused:
        return True
    return False


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_docx(renderer, parts: tuple[bytes, bytes], out: Path, batch: AtomicBatch) -> tuple[str, str]:
    data = renderer.package(*parts)
    batch.write(out, data)
    return out.name, _sha256(data)

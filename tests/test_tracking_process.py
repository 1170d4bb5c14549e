"""``extract --all`` of a large plan builds the tracking workbook in a forked child process while the documents
are built (``soanthao.tracking_process``): the same files as the sequential path, the same errors, every
target whole or as it was after a failure, no temporary file or child process left; the sequential path
whenever other threads run."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import BASE

from soanthao import atomic, extract_files, tracking, tracking_process
from soanthao.atomic import AtomicBatch
from soanthao.spec import Plan
from soanthao.yaml_positions import parse_trusted  # the data as soanthao reads a spec

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork: POSIX only")

AGENCIES = tracking_process.MIN_AGENCIES + 10
HASH = re.compile(rb"[0-9a-f]{64}")


def plan_data(agencies: int = AGENCIES, wording: str = "Việc") -> dict:
    """The shared example plan (conftest's BASE) with ``agencies`` agencies, each leading one task."""
    ids = [f"cq{i:03d}" for i in range(agencies)]
    return {
        **parse_trusted(BASE),
        "co_quan": [{"ma": a, "ten": f"Ủy ban nhân dân xã Số {i}"} for i, a in enumerate(ids)],
        "nhiem_vu": [
            {"noi_dung": f"{wording} số {i}.", "chu_tri": a, "phoi_hop": [ids[(i + 7) % agencies]]}
            for i, a in enumerate(ids)
        ],
        "to_chuc_thuc_hien": [{"noi_dung": "Các cơ quan báo cáo kết quả 6 tháng."}],
    }


@pytest.fixture
def spec(tmp_path) -> Path:
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(json.dumps(plan_data(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Counts the children started for the workbook."""
    started: list[int] = []
    real = tracking_process.forked

    def counted(*args):
        started.append(1)
        return real(*args)

    monkeypatch.setattr(tracking_process, "forked", counted)
    return started


def sequential(monkeypatch) -> None:
    monkeypatch.setattr(tracking_process, "MIN_AGENCIES", 10**9)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def parts(folder: Path) -> dict[str, bytes]:
    """What must be the same in both paths: each document's text, the workbook's XML but for the time it was
    written and the documents' hashes (a document's zip holds the time it was written)."""
    out = {}
    for path in sorted(folder.iterdir()):
        with zipfile.ZipFile(path) as z:
            if path.suffix == ".docx":
                out[path.name] = z.read("word/document.xml")
                continue
            for part in z.namelist():
                if part != "docProps/core.xml":
                    out[f"{path.name}/{part}"] = HASH.sub(b"H", z.read(part))
    return out


def recorded_hashes_match(folder: Path) -> bool:
    custom = zipfile.ZipFile(folder / extract_files.TRACKING_FILE).read("docProps/custom.xml").decode()
    recorded = dict(m[::-1] for m in re.findall(r"([0-9a-f]{64}) ([^<]+\.docx)<", custom))
    docs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.docx")}
    return recorded == docs


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_writes_the_same_files_as_the_sequential_path(cmd, spec, tmp_path, monkeypatch, forks):
    runs = {}
    for name in ("forked", "sequential"):
        if name == "sequential":
            sequential(monkeypatch)
        folder = tmp_path / name
        said = []
        for _ in range(2):  # the second run reads the previous workbook and carries it over
            code, out, err = cmd("extract", "--all", spec, "-o", folder)
            said.append((code, out.replace(str(folder), "OUT"), err.replace(str(folder), "OUT")))
            said.append(parts(folder))
            assert recorded_hashes_match(folder)
        runs[name] = said
    assert forks == [1, 1]  # the two runs of the forked path, none of the sequential one
    assert runs["forked"][0][0] == 0 and sum(name.endswith(".docx") for name in runs["forked"][1]) == AGENCIES
    for a, b in zip(runs["forked"], runs["sequential"], strict=True):
        if isinstance(a, dict):
            assert [(k, a[k], b[k]) for k in a if a[k] != b.get(k)] == [] and a.keys() == b.keys()
        else:
            assert a == b
    assert no_children_left()


@pytest.mark.parametrize("path", ["forked", "sequential"])
@pytest.mark.parametrize("where", ["write", "build"])
def test_a_failure_of_the_workbook_leaves_every_file_as_it_was(cmd, spec, tmp_path, monkeypatch, forks, path, where):
    folder = tmp_path / "out"
    assert cmd("extract", "--all", spec, "-o", folder)[0] == 0
    before = snapshot(folder)
    spec.write_text(json.dumps(plan_data(wording="Nhiệm vụ"), ensure_ascii=False, indent=1), encoding="utf-8")
    if path == "sequential":
        sequential(monkeypatch)
    if where == "write":  # the disk full when the workbook is written (into the batch, or the reserved file)
        book = folder / extract_files.TRACKING_FILE

        def full(self, out, data):
            raise OSError(errno.ENOSPC, "No space left on device", str(book))

        monkeypatch.setattr(atomic.Reserved, "write", full)
        real = AtomicBatch.write
        monkeypatch.setattr(
            AtomicBatch,
            "write",
            lambda self, out, data: full(self, out, data) if out == book else real(self, out, data),
        )
    else:  # a bug while the sheets are built, before the documents' hashes are needed

        def broken(*args, **kwargs):
            raise RuntimeError("hỏng")

        monkeypatch.setattr(tracking, "_layout", broken)
    forks.clear()
    code, out, err = cmd("extract", "--all", spec, "-o", folder)
    assert forks == ([1] if path == "forked" else [])
    assert snapshot(folder) == before  # no temporary file either
    assert no_children_left()
    last = err.splitlines()[-1]
    if where == "write":  # as when the sequential path's batch cannot write the workbook
        assert (code, last) == (3, f"{folder / 'phan-cong.xlsx'}: lỗi [TEP-RA] ổ đĩa đã đầy")
    else:
        assert code == 70 and last.startswith("lỗi [LOI-CHUONG-TRINH]") and "(RuntimeError)" in last


def test_a_failure_of_the_documents_stops_the_child(spec, tmp_path, monkeypatch, forks):
    plan = Plan.model_validate(parse_trusted(spec.read_text(encoding="utf-8")))
    real = extract_files._write_docx

    def failing(renderer, parts, out, batch):
        if out.stem.endswith("150"):
            raise OSError(errno.ENOSPC, "No space left on device", str(out))
        return real(renderer, parts, out, batch)

    monkeypatch.setattr(extract_files, "_write_docx", failing)
    with pytest.raises(OSError):
        extract_files.write_all(plan, tmp_path / "out")
    assert forks == [1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []
    assert no_children_left()


def test_errors_cross_from_the_child_as_they_were(tmp_path):
    def write(files, reserved):
        raise PermissionError(errno.EACCES, "khóa", str(tmp_path / "a.xlsx"))

    with AtomicBatch() as batch, tracking_process.forked(write, batch, tmp_path / "a.xlsx") as finish:
        with pytest.raises(PermissionError) as err:
            finish({})
    assert err.value.filename == str(tmp_path / "a.xlsx") and err.value.errno == errno.EACCES
    assert list(tmp_path.iterdir()) == []


def test_the_reserved_file_is_put_in_place_last_or_removed(tmp_path):
    with AtomicBatch() as batch:
        reserved = batch.reserve(tmp_path / "book.xlsx")
        batch.write(tmp_path / "a.docx", b"a")
        assert reserved.write(tmp_path / "book.xlsx", b"book") == tmp_path / "book.xlsx"
        assert batch.commit() == [tmp_path / "a.docx", tmp_path / "book.xlsx"]
    assert (tmp_path / "book.xlsx").read_bytes() == b"book"
    with AtomicBatch() as batch:
        batch.reserve(tmp_path / "other.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "book.xlsx"]


def test_the_sequential_path_while_other_threads_run(spec, tmp_path, monkeypatch, forks):
    """``soanthao serve`` runs extract in a threaded server: a fork there would copy other threads' locks."""
    plan = Plan.model_validate(parse_trusted(spec.read_text(encoding="utf-8")))
    monkeypatch.setattr(tracking_process.os, "fork", lambda: pytest.fail("forked beside other threads"))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        result = extract_files.write_all(plan, tmp_path / "out")
    finally:
        stop.set()
        other.join()
    assert forks == [] and len(result.documents) == AGENCIES and recorded_hashes_match(tmp_path / "out")

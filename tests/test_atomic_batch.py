"""Many files written atomically with one wait for the disk (``soanthao.atomic.AtomicBatch``), as
``extract --all`` writes its documents and workbook: nothing in place before the commit, one sync for the
whole batch, every file whole or as it was after a failure, no temporary file left behind."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from soanthao import atomic
from soanthao.atomic import AtomicBatch
from soanthao.load import load


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_nothing_is_in_place_before_the_commit(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"cu")
    with AtomicBatch() as batch:
        batch.write(tmp_path / "a.txt", b"moi a")
        batch.write(tmp_path / "b.txt", b"moi b")
        assert (tmp_path / "a.txt").read_bytes() == b"cu" and not (tmp_path / "b.txt").exists()
        assert batch.commit() == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"moi a" and (tmp_path / "b.txt").read_bytes() == b"moi b"
    assert _names(tmp_path) == ["a.txt", "b.txt"]


def test_an_error_before_the_commit_changes_nothing(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"cu")
    with pytest.raises(KeyboardInterrupt), AtomicBatch() as batch:
        batch.write(tmp_path / "a.txt", b"moi")
        raise KeyboardInterrupt
    assert _names(tmp_path) == ["a.txt"] and (tmp_path / "a.txt").read_bytes() == b"cu"


def test_one_sync_for_the_whole_batch_then_one_for_the_folder(tmp_path, monkeypatch):
    synced, fsynced = [], []
    monkeypatch.setattr(atomic, "_sync", lambda files: synced.append([out for _, out in files]))
    real_fsync = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (fsynced.append(fd), real_fsync(fd))[1])
    with AtomicBatch() as batch:
        for n in range(20):
            batch.write(tmp_path / f"{n}.docx", b"x")
        batch.commit()
    assert synced == [[tmp_path / f"{n}.docx" for n in range(20)]]
    assert len(fsynced) == (0 if os.name == "nt" else 1)  # the folder, for the renames


def test_without_syncfs_each_file_is_fsynced_before_any_is_moved(tmp_path, monkeypatch):
    """Where there is no syncfs (Windows, macOS), every temporary file is fsynced, and only then moved."""
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic, "_libc_syncfs", lambda: None)
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    with AtomicBatch() as batch:
        for n in range(5):
            batch.write(tmp_path / f"{n}.txt", b"x")
        batch.commit()
    folder = [] if os.name == "nt" else ["fsync"]
    assert events == ["fsync"] * 5 + ["replace"] * 5 + folder


def test_a_failed_move_leaves_each_file_whole_or_as_it_was(tmp_path, monkeypatch):
    for n in range(4):
        (tmp_path / f"{n}.txt").write_bytes(b"cu")
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == "2.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(PermissionError) as err, AtomicBatch() as batch:
        for n in range(4):
            batch.write(tmp_path / f"{n}.txt", b"moi")
        batch.commit()
    assert err.value.filename == str(tmp_path / "2.txt") and "Word" not in err.value.strerror
    assert "tệp đang mở trong một chương trình khác" in err.value.strerror
    assert [(tmp_path / f"{n}.txt").read_bytes() for n in range(4)] == [b"moi", b"moi", b"cu", b"cu"]
    assert _names(tmp_path) == [f"{n}.txt" for n in range(4)]  # no temporary file left


def test_a_full_disk_while_writing_names_the_target(tmp_path, monkeypatch):
    from test_robust_cli import _FullDisk

    monkeypatch.setattr(atomic.os, "fdopen", _FullDisk)
    with pytest.raises(OSError) as err, AtomicBatch() as batch:
        batch.write(tmp_path / "a.docx", b"x")
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(tmp_path / "a.docx")
    assert _names(tmp_path) == []


def test_a_failed_sync_moves_nothing(tmp_path, monkeypatch):
    def sync(files):
        raise OSError(errno.EIO, "Input/output error", str(files[0][1]))

    monkeypatch.setattr(atomic, "_sync", sync)
    (tmp_path / "a.txt").write_bytes(b"cu")
    with pytest.raises(OSError), AtomicBatch() as batch:
        batch.write(tmp_path / "a.txt", b"moi")
        batch.write(tmp_path / "b.txt", b"moi")
        batch.commit()
    assert _names(tmp_path) == ["a.txt"] and (tmp_path / "a.txt").read_bytes() == b"cu"


# --- extract --all ------------------------------------------------------------------------------------------
BAC_GIANG = ROOT / "examples" / "bac-giang-2023-ubqg.yaml"


def test_extract_all_syncs_once_for_every_file(tmp_path, monkeypatch):
    from soanthao.extract_files import TRACKING_FILE, write_all

    synced = []
    real_sync = atomic._sync
    monkeypatch.setattr(atomic, "_sync", lambda files: (synced.append([out for _, out in files]), real_sync(files)))
    monkeypatch.setattr(atomic, "_fsync_file", lambda file: pytest.fail("one fsync per file"))
    result = write_all(load(BAC_GIANG).plan, tmp_path)
    (batch,) = synced
    assert sorted(batch) == sorted([*result.documents, result.tracking]) and batch[-1].name == TRACKING_FILE
    assert not list(tmp_path.glob(".*.tmp"))


def test_extract_all_interrupted_while_moving_leaves_whole_files(tmp_path, monkeypatch):
    """A failure while the files are put in place: each document and the workbook is the old one or the new
    one, complete; no temporary file is left."""
    from soanthao.extract_files import write_all
    from soanthao.spec import Plan

    plan = load(BAC_GIANG).plan
    first = write_all(plan, tmp_path)
    before = {p: p.read_bytes() for p in [*first.documents, first.tracking]}
    data = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    changed = Plan.model_validate({**data, "trich_yeu": data["trich_yeu"] + " (sửa đổi)"})  # in every file
    real_replace, moved = os.replace, []

    def replace(src, dst):
        if len(moved) == 5:
            raise KeyboardInterrupt
        moved.append(Path(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_all(changed, tmp_path)
    assert len(moved) == 5
    for path, old in before.items():
        data = path.read_bytes()
        assert (data != old) == (path in moved), path.name
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
    assert not list(tmp_path.glob(".*.tmp"))

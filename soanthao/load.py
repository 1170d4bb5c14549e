"""Spec file → Plan, with the line and column of every node.

The entry points of reading a spec: :func:`load` (a file), :func:`load_text` (the web editor's text),
:func:`load_data` (its form's data). The work is done by one module each: :mod:`soanthao.source_text`
(bytes → text, one decoding policy), :mod:`soanthao.yaml_positions` (text → data and positions),
:mod:`soanthao.schema_errors` (data → Plan, pydantic's errors → diagnostics) and, to edit a spec keeping its
comments, :mod:`soanthao.roundtrip` (whose names this module also exports for its callers).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path as FsPath

from pydantic import ValidationError

from .atomic import describe
from .diagnostics import Diagnostic, Report
from .roundtrip import (
    comment,
    dump_roundtrip,
    new_mapping,
    new_sequence,
    parse_roundtrip,
    read_roundtrip,
)
from .schema_errors import schema_diagnostics
from .source_file import NotAFile, TooLarge, binary_kind, read_bounded
from .source_text import MSG as TEXT_MSG
from .source_text import BrokenText, decode
from .spec import Plan
from .yaml_positions import Positions, Unreadable, parse_mapping, parse_trusted
from .yaml_positions import error as _diag

__all__ = [
    "MAX_BYTES",
    "Loaded",
    "Positions",
    "UnreadableFile",
    "comment",
    "dump_roundtrip",
    "load",
    "load_data",
    "load_mapping",
    "load_parsed",
    "load_text",
    "mapping_from_text",
    "new_mapping",
    "new_sequence",
    "parse_roundtrip",
    "plan_from_text",
    "read_data",
    "read_roundtrip",
    "read_text",
]

MAX_BYTES = 5 * 1024 * 1024  # a real plan spec is well under 200 KB

UnreadableFile = Unreadable  # what read_text raises; ``.diagnostic`` says why in Vietnamese


@dataclass
class Loaded:
    file: str
    plan: Plan | None
    positions: Positions
    report: Report
    data: dict | None = None  # the spec as read: plain dicts and lists in file order
    text: str | None = None  # the text it was read from (`next` patches exactly what was checked)

    def add(self, diagnostics: typing.Iterable[Diagnostic]) -> None:
        """Attach located diagnostics to this file's report."""
        for d in diagnostics:
            if d.line is None:
                pos = self.positions.of(d.path, key=d.code.startswith("SPEC-KHOA"))
                d = d.located(self.file, *(pos or (None, None)))
            elif d.file is None:
                d = d.located(self.file, d.line, d.column)
            self.report.diagnostics.append(d)


def read_text(path: FsPath) -> str:
    """The file's text, or UnreadableFile with a located Vietnamese message."""
    if not path.exists():
        raise Unreadable(
            _diag("TEP-KHONG-CO", f"không tìm thấy tệp “{path.name}” trong thư mục {path.absolute().parent}")
        )
    if path.is_dir():
        raise Unreadable(_diag("TEP-KHONG-CO", "đây là một thư mục, không phải tệp đặc tả"))
    raw = _read_bytes(path)
    if kind := binary_kind(raw):
        raise Unreadable(
            _diag(
                "TEP-MA-HOA",
                f"đây là tệp {kind}, không phải đặc tả YAML; để chuyển một kế hoạch "
                f"(.docx, .pdf, .txt) thành đặc tả, dùng “soanthao import {path.name}”" + _OLD_WORD.get(kind, ""),
            )
        )
    try:
        decoded = decode(raw)
    except BrokenText as broken:
        raise Unreadable(_diag("TEP-MA-HOA", broken.message("từ đây"), broken.line, broken.column)) from None
    if decoded.legacy:  # a spec is edited again and again: refused, or every diacritic typed next is garbled
        raise Unreadable(
            _diag("TEP-MA-HOA", f"{decoded.legacy_message()}; {TEXT_MSG['save_utf8']}", *decoded.legacy_at)
        )
    return decoded.text


_OLD_WORD = {"Word .doc / Excel .xls đời cũ": " (tệp .doc: mở bằng Word rồi lưu thành .docx trước)"}


def _read_bytes(path: FsPath) -> bytes:
    try:
        return read_bounded(path, MAX_BYTES)
    except TooLarge as big:
        size = f" ({big.size / 1048576:.1f} MB)".replace(".", ",") if big.size else ""
        raise Unreadable(
            _diag(
                "TEP-QUA-LON",
                f"tệp quá lớn{size}; một đặc tả kế hoạch thường dưới 1 MB, tối đa {MAX_BYTES // 1048576} MB",
            )
        ) from None
    except NotAFile as err:
        raise Unreadable(_diag("TEP-KHONG-DOC-DUOC", f"{err}; soanthao chỉ đọc tệp đặc tả .yaml")) from None
    except OSError as err:
        raise Unreadable(_diag("TEP-KHONG-DOC-DUOC", f"không đọc được tệp ({describe(err)})")) from err


def load(path: str | FsPath) -> Loaded:
    """Read a spec file. Never raises for bad input: problems are in ``report``."""
    try:
        text = read_text(FsPath(path))
    except Unreadable as bad:
        return _loaded(str(path), None, Positions(), [_located(bad, str(path))])
    return load_text(text, str(path))


def load_text(text: str, name: str) -> Loaded:
    """A spec from text already in memory (the web editor's unsaved state); ``name`` is the file it
    belongs to (messages, and where `.soanthao.yaml` is looked for)."""
    loaded = _loaded(name, *mapping_from_text(text, name))
    loaded.text = text
    return loaded


def load_data(data, name: str) -> Loaded:
    """A spec from data already parsed (the web editor's form): no positions, so diagnostics carry only
    their spec path."""
    return _loaded(name, data, Positions(), [])


def load_parsed(name: str, data, positions: Positions, problems: list[Diagnostic]) -> Loaded:
    """A spec already read by :func:`mapping_from_text` (`next` reads its new text once, to check it, and
    reuses that reading)."""
    return _loaded(name, data, positions, problems)


def _loaded(name: str, data, positions: Positions, problems: list[Diagnostic]) -> Loaded:
    loaded = Loaded(name, None, positions, Report(name))
    loaded.add(problems)
    if data is None:
        loaded.report.unreadable = True
        return loaded
    loaded.data = data
    try:
        loaded.plan = Plan.model_validate(data)
    except ValidationError as err:
        loaded.add(schema_diagnostics(err, data))
    return loaded


def load_mapping(path: FsPath) -> tuple[dict | None, Positions, list[Diagnostic]]:
    """Any YAML file whose top level is a mapping: (data or None when unreadable, positions, problems)."""
    try:
        text = read_text(path)
    except Unreadable as bad:
        return None, Positions(), [_located(bad, str(path))]
    return mapping_from_text(text, str(path))


def _located(bad: Unreadable, name: str) -> Diagnostic:
    return bad.diagnostic.located(name, bad.diagnostic.line, bad.diagnostic.column)


def mapping_from_text(text: str, name: str) -> tuple[dict | None, Positions, list[Diagnostic]]:
    """Like :func:`load_mapping`, for text in memory."""
    return parse_mapping(text, name)


def read_data(path: FsPath):
    """Plain data from one of the package's own YAML data files (trusted, well formed)."""
    try:
        return parse_trusted(path.read_text(encoding="utf-8"))
    except Unreadable as bad:
        raise RuntimeError(f"{path}: {bad.diagnostic.text()}") from None


def plan_from_text(text: str) -> Plan:
    """Build a Plan from YAML text for library users and tests; raises ValueError with the diagnostics."""
    try:
        data = parse_trusted(text)
    except Unreadable as bad:
        raise ValueError(bad.diagnostic.text()) from None
    return Plan.model_validate(data)

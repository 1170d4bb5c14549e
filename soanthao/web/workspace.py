"""The folder the editor serves: paths confined to it, plan files read with a version, edits written
back without losing anything (atomic writes, the writer's layout kept, a bounded history of versions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import vn
from ..atomic import write_text_atomic
from ..diagnostics import Report, sort_key
from ..load import Loaded, UnreadableFile, dump_roundtrip, load_data, load_text, parse_roundtrip, read_text
from ..resolve import resolve
from ..spec import Plan
from ..yaml_patch import as_roundtrip, merge, write_changes

SPEC_SUFFIXES = (".yaml", ".yml")
HISTORY_DIR = ".soanthao-lich-su"  # hidden, next to the file: <folder>/.soanthao-lich-su/<file name>/
HISTORY_KEEP = 20
MAX_LISTED = 500  # plans shown on the home page

MSG = {
    "outside": "đường dẫn “{rel}” nằm ngoài thư mục đang mở",
    "not_spec": "“{rel}” không phải tệp đặc tả .yaml",
    "missing": "không có tệp “{rel}” trong thư mục đang mở",
    "no_version": "không còn bản lưu “{id}” trong lịch sử",
}


class OutsideFolder(ValueError):
    """A path that is absolute, climbs out with "..", or leads out through a link."""


class NotFound(LookupError):
    pass


def version_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:20]


@dataclass
class PlanRow:
    """One line of the home page."""

    rel: str
    title: str
    year: int | None
    issuer: str
    number: str
    errors: int
    warnings: int
    modified: str
    readable: bool


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._rows: dict[str, tuple[float, int, PlanRow]] = {}

    # --- paths -----------------------------------------------------------------------------------
    def path(self, rel: str, spec: bool = True, exists: bool = True) -> Path:
        """The file ``rel`` names inside the folder; raises OutsideFolder / NotFound."""
        rel = (rel or "").replace("\\", "/")
        parts = rel.split("/")
        if not rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel) or ".." in parts or "\x00" in rel:
            raise OutsideFolder(MSG["outside"].format(rel=rel))
        target = self.root.joinpath(*parts)
        real = target.resolve()
        if real != self.root and self.root not in real.parents:  # a symlink that leads out
            raise OutsideFolder(MSG["outside"].format(rel=rel))
        if spec and target.suffix.lower() not in SPEC_SUFFIXES:
            raise OutsideFolder(MSG["not_spec"].format(rel=rel))
        if exists and not target.is_file():
            raise NotFound(MSG["missing"].format(rel=rel))
        return target

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def free_name(self, folder: Path, stem: str, suffix: str = ".yaml") -> Path:
        """``stem.yaml`` in ``folder``, or ``stem-2.yaml``… — never a file that exists."""
        candidate, n = folder / f"{stem}{suffix}", 2
        while candidate.exists():
            candidate, n = folder / f"{stem}-{n}{suffix}", n + 1
        return candidate

    # --- the home page -----------------------------------------------------------------------------
    def plan_files(self) -> list[Path]:
        found = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            here = Path(folder)
            if here != self.root and self.root not in here.resolve().parents:
                dirs[:] = []
                continue
            found += [
                here / f
                for f in sorted(files)
                if f.lower().endswith(SPEC_SUFFIXES)
                and not f.startswith(".")
                and self.root in (here / f).resolve().parents
            ]  # a link leading out is not listed
            if len(found) >= MAX_LISTED:
                break
        return found[:MAX_LISTED]

    def rows(self) -> list[PlanRow]:
        """A summary of every plan, cached by modification time (the home page is reloaded often)."""
        out = []
        for path in self.plan_files():
            rel = self.rel(path)
            try:
                stat = path.stat()
            except OSError:
                continue
            cached = self._rows.get(rel)
            if cached and cached[:2] == (stat.st_mtime, stat.st_size):
                out.append(cached[2])
                continue
            row = self._summary(path, rel, stat.st_mtime)
            self._rows[rel] = (stat.st_mtime, stat.st_size, row)
            out.append(row)
        return out

    def _summary(self, path: Path, rel: str, mtime: float) -> PlanRow:
        try:
            text = read_text(path)
        except UnreadableFile as bad:
            return PlanRow(rel, bad.diagnostic.message, None, "", "", 1, 0, _when(mtime), False)
        loaded, report = check_text(text, str(path))
        data = loaded.data if isinstance(loaded.data, dict) else {}
        plan = loaded.plan
        issuer = data.get("co_quan_ban_hanh") if isinstance(data.get("co_quan_ban_hanh"), dict) else {}
        number = "/".join(str(x) for x in (data.get("so"), data.get("ky_hieu")) if x)
        return PlanRow(
            rel,
            str(data.get("trich_yeu") or ""),
            plan.year if plan else data.get("nam"),
            str(issuer.get("ten") or ""),
            number,
            len(report.errors),
            len(report.warnings),
            _when(mtime),
            not report.unreadable,
        )

    # --- one plan ------------------------------------------------------------------------------------
    def read(self, rel: str) -> tuple[str, str]:
        """(text, version) of a plan file; raises UnreadableFile (with its diagnostic) for a file that is not text."""
        path = self.path(rel)
        text = read_text(path)
        return text, version_of(path.read_bytes())

    def disk_version(self, rel: str) -> str | None:
        path = self.path(rel, exists=False)
        return version_of(path.read_bytes()) if path.is_file() else None

    def edited_text(self, rel: str, data) -> str:
        """The file's text with the form's ``data`` written into it: only changed values change."""
        source = read_text(self.path(rel))
        try:
            pristine, edited = parse_roundtrip(source), parse_roundtrip(source)
        except Exception:
            return dump_roundtrip(as_roundtrip(data))
        if not isinstance(edited, dict):
            return dump_roundtrip(as_roundtrip(data))
        return write_changes(source, pristine, merge(edited, data))[0]

    def save(self, rel: str, text: str) -> str:
        """Write ``text`` to the plan atomically, keeping the previous content in the history; returns the
        new version."""
        path = self.path(rel, exists=False)
        if path.is_file():
            self._keep(path)
        write_text_atomic(path, text)
        return version_of(text.encode("utf-8"))  # the bytes just written

    def save_beside(self, rel: str, text: str) -> str:
        """The writer's version kept beside a file that changed on disk: ``<name>-ban-cua-toi.yaml``."""
        path = self.path(rel, exists=False)
        out = self.free_name(path.parent, f"{path.stem}-ban-cua-toi")
        write_text_atomic(out, text)
        return self.rel(out)

    def create(self, name: str, text: str) -> str:
        stem = slug(name) or "ke-hoach"
        out = self.free_name(self.root, stem)
        write_text_atomic(out, text)
        return self.rel(out)

    # --- history ---------------------------------------------------------------------------------------
    def _history(self, path: Path) -> Path:
        return path.parent / HISTORY_DIR / path.name

    def _keep(self, path: Path) -> None:
        folder = self._history(path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        write_text_atomic(folder / f"{stamp}.yaml", path.read_bytes().decode("utf-8", errors="replace"))
        for old in sorted(folder.glob("*.yaml"))[:-HISTORY_KEEP]:
            old.unlink(missing_ok=True)

    def versions(self, rel: str) -> list[dict]:
        folder = self._history(self.path(rel))
        out = []
        for f in sorted(folder.glob("*.yaml"), reverse=True) if folder.is_dir() else []:
            try:
                when = dt.datetime.strptime(f.stem, "%Y%m%d-%H%M%S-%f")
            except ValueError:
                continue
            out.append({"id": f.stem, "time": when.strftime("%H:%M:%S %d/%m/%Y"), "size": f.stat().st_size})
        return out

    def version_text(self, rel: str, version_id: str) -> str:
        if not re.fullmatch(r"\d{8}-\d{6}-\d{6}", version_id or ""):
            raise NotFound(MSG["no_version"].format(id=version_id))
        f = self._history(self.path(rel)) / f"{version_id}.yaml"
        if not f.is_file():
            raise NotFound(MSG["no_version"].format(id=version_id))
        return f.read_text(encoding="utf-8")


def _when(mtime: float) -> str:
    return dt.datetime.fromtimestamp(mtime).strftime("%H:%M %d/%m/%Y")


def slug(name: str) -> str:
    """A file name from what the clerk typed: "Kế hoạch ma túy 2027" → "ke-hoach-ma-tuy-2027"."""
    folded = vn.fold(Path(name.strip()).stem if name.strip().lower().endswith(SPEC_SUFFIXES) else name.strip())
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80]


# --- validation of the edited state ------------------------------------------------------------------
def check_text(text: str, name: str) -> tuple[Loaded, Report]:
    from ..config import rule_levels
    from ..validate import check

    loaded = load_text(text, name)
    return loaded, check(loaded, rule_levels(Path(name)))


def check_data(data, name: str) -> tuple[Loaded, Report]:
    """Validate the form's data without writing YAML (the fast path of live validation): diagnostics
    carry their spec path, and no line until the text is written."""
    from ..config import rule_levels
    from ..validate import check

    loaded = load_data(data, name)
    return loaded, check(loaded, rule_levels(Path(name)))


def numbers(plan: Plan | None) -> dict[str, str]:
    """Spec path → printed number of every part and item (the form shows them beside the tree)."""
    if plan is None:
        return {}
    try:
        resolved = resolve(plan)
    except Exception:
        return {}
    out = {_key(p.path): p.number for p in resolved.parts}
    for item in resolved.items + [i for a in resolved.appendices for i in _walk(a.items)]:
        if item.number:
            out[_key(item.path)] = item.number
    return out


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def _key(path) -> str:
    return "/".join(str(p) for p in path)


def diagnostics_json(report: Report) -> list[dict]:
    return [dict(d.as_dict(), label=d.severity.label) for d in sorted(report.diagnostics, key=sort_key)]

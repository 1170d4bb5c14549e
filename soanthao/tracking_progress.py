"""What staff typed into a previous ``phan-cong.xlsx``, carried into the next one.

``extract --all`` rewrites the tracking workbook from the spec; the workbook is also where each agency
writes its progress ("Tiến độ thực hiện", "Kết quả"), and where anyone may type a note in the matrix,
add a column or a sheet. :func:`read_previous` reads every value soanthao did not write itself;
:func:`place` puts each one on the row of the same task in the new workbook. A task is the same when
its position and text are the same, else its text, else (a text edited in the spec) the most similar
text; a value whose task is gone is kept in the sheet "Không còn khớp", never dropped.

The workbook records (in its custom document properties, which Excel and LibreOffice keep when they
save) which agency each sheet belongs to, how the matrix is laid out, and the SHA-256 of each document
soanthao wrote, so that an old document can be told from one a person changed.

openpyxl reads the workbook: a workbook saved by Excel or LibreOffice stores text, numbers and dates in
ways XlsxWriter never writes (shared or inline strings, rich text, date styles).
"""

from __future__ import annotations

import difflib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .extract import ROLE_LABELS, AgencyExtract, Task
from .render_context import one_line

__all__ = ["Carried", "Previous", "PreviousUnreadable", "Typed", "place", "read_previous"]

PROGRESS_COLUMNS = ("Tiến độ thực hiện", "Kết quả")
UNPLACED_SHEET = "Không còn khớp"
UNPLACED_COLUMNS = ["STT", "Trang cũ", "Ô cũ", "Vị trí trong Kế hoạch", "Nhiệm vụ", "Cột", "Giá trị đã điền", "Lý do"]
PROP = "soanthao:"  # custom document properties: soanthao:trang:<sheet>, soanthao:tep:<n>, soanthao:phan-cong
LAYOUT_COLUMNS, LAYOUT_ROWS = "cot", "dong"  # the matrix: one column per agency, or one row per agency
SIMILAR = 0.6  # a task whose text changed is the most similar one at least this close (difflib ratio)
MAX_BYTES = 50_000_000  # a tracking workbook, packed or unpacked; larger is not one soanthao wrote
_STAMP = b"soanthao:"  # the zip comment of a workbook soanthao wrote: this, then the digest of its parts
_HEADER_SCAN = 10  # rows searched for the header row (a person may insert rows above it)

# --- user-facing words (Vietnamese), kept together ---------------------------------------------------
REASONS = {
    "gone": "nhiệm vụ không còn trong kế hoạch, hoặc không còn giao cho cơ quan này",
    "agency_gone": "cơ quan không còn nhiệm vụ trong kế hoạch",
    "unknown_sheet": "không rõ trang này của cơ quan nào",
    "no_task": "dòng không gắn với nhiệm vụ nào",
    "role_taken": "ô này nay ghi vai trò của cơ quan",
    "title": "ô ở phần tiêu đề của trang",
}
UNREADABLE = "không đọc được {name} đang có trong thư mục ({why})"
WHY = {"size": "tệp quá lớn", "broken": "tệp hỏng hoặc không phải tệp Excel"}
COLUMN = "Cột {letter}"


class PreviousUnreadable(ValueError):
    """The previous workbook cannot be read; overwriting it would lose what was typed. ``str()`` is Vietnamese."""


@dataclass(frozen=True)
class Typed:
    """One value a person typed, where it was, and the task of its row."""

    sheet: str
    cell: str  # "I5"
    row: int  # groups the values of one row
    position: str
    text: str
    column: str  # header of its column (an agency's name in the matrix)
    value: object
    agency: str | None = None  # the agency of its sheet, or of its matrix column
    reason: str = ""  # why it is not placed (read back from an old "Không còn khớp")


@dataclass
class Previous:
    agency_values: list[Typed] = field(default_factory=list)  # in agencies' sheets
    matrix_values: list[Typed] = field(default_factory=list)  # in the matrix: agency None is a person's column
    unplaced: list[Typed] = field(default_factory=list)  # cannot be placed whatever the tasks
    sheets: list[tuple[str, list[tuple]]] = field(default_factory=list)  # sheets a person added: copied
    files: dict[str, str] = field(default_factory=dict)  # file name → SHA-256 when soanthao wrote it


@dataclass
class Carried:
    """The previous values, placed on the new workbook's tasks."""

    agency_cells: dict[str, dict[tuple, dict[str, object]]] = field(default_factory=dict)  # id → path → column → v
    agency_columns: dict[str, list[str]] = field(default_factory=dict)  # id → a person's own columns
    matrix_cells: dict[tuple, dict[str, object]] = field(default_factory=dict)  # path → agency id → value
    matrix_extra: dict[tuple, dict[str, object]] = field(default_factory=dict)  # path → a person's column → v
    matrix_columns: list[str] = field(default_factory=list)
    unplaced: list[Typed] = field(default_factory=list)
    similar: list[tuple[Typed, Task]] = field(default_factory=list)  # matched to a task whose text changed
    sheets: list[tuple[str, list[tuple]]] = field(default_factory=list)
    placed: int = 0


# --- reading ----------------------------------------------------------------------------------------
def read_previous(path: Path, extracts: list[AgencyExtract]) -> Previous:
    """Every value a person typed into the workbook at ``path``. Raises PreviousUnreadable."""
    from openpyxl import load_workbook

    from .tracking import AGENCY_COLUMNS, AGENCY_TITLE, MATRIX_COLUMNS, MATRIX_SHEET

    _check_size(path)
    try:
        quick = _untouched(path)
    except Exception:
        quick = None
    if quick is not None:  # nobody saved it since soanthao wrote it: nothing typed, only the record
        return Previous(files=_files(quick))
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds (KeyError, zipfile.BadZipFile, lxml errors…)
        raise PreviousUnreadable(UNREADABLE.format(name=path.name, why=WHY["broken"])) from err
    try:
        props = {p.name: p.value for p in wb.custom_doc_props.props if p.name.startswith(PROP)}
        sheet_agency = {k.removeprefix(PROP + "trang:"): v for k, v in props.items() if k.startswith(PROP + "trang:")}
        titles = {AGENCY_TITLE.format(name=one_line(x.agency.name).upper()): x.agency.id for x in extracts}
        names = {one_line(x.agency.name): x.agency.id for x in extracts}
        out = Previous(files=_files(props))
        generated = set(AGENCY_COLUMNS) - set(PROGRESS_COLUMNS)
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            header = _header_row(rows)
            if ws.title == UNPLACED_SHEET and header is not None:
                out.unplaced.extend(_read_unplaced(ws.title, rows[header:]))
            elif header is None:
                out.sheets.append((ws.title, rows))  # a sheet of a person's own: copied as it is
            elif ws.title == MATRIX_SHEET:
                layout = props.get(PROP + "phan-cong", LAYOUT_COLUMNS)
                _read_matrix(out, ws.title, rows, header, names, layout, set(MATRIX_COLUMNS))
            else:
                first = _text(rows[0][:1]) if rows else ""
                agency = sheet_agency.get(ws.title) or titles.get(first)
                _read_rows(out, ws.title, rows, header, agency, generated)
        return out
    except PreviousUnreadable:
        raise
    except Exception as err:
        raise PreviousUnreadable(UNREADABLE.format(name=path.name, why=WHY["broken"])) from err
    finally:
        wb.close()


def _check_size(path: Path) -> None:
    """Refuse what is too large to be a tracking workbook before openpyxl unpacks it (a zip bomb)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise PreviousUnreadable(UNREADABLE.format(name=path.name, why=WHY["size"]))
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_BYTES:
                raise PreviousUnreadable(UNREADABLE.format(name=path.name, why=WHY["size"]))
    except (zipfile.BadZipFile, OSError) as err:
        raise PreviousUnreadable(UNREADABLE.format(name=path.name, why=WHY["broken"])) from err


def _digest(z: zipfile.ZipFile) -> str:
    """The CRC-32 of every part (from the zip's directory: nothing is unpacked), as one value."""
    return f"{zlib.crc32(repr(sorted((i.filename, i.CRC) for i in z.infolist())).encode()):08x}"


def stamp(data: bytes) -> bytes:
    """The workbook ``data`` with the digest of its parts as the zip's comment. Excel and LibreOffice write
    a new zip when they save, without it: a workbook with its stamp whole was saved by nobody since. Only a
    workbook that holds nothing typed is stamped, so that reading it may be skipped."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.comment = _STAMP + _digest(z).encode()
    return buf.getvalue()


def _untouched(path: Path) -> dict[str, object] | None:
    """The custom properties of a workbook nobody saved since soanthao wrote it; None for any other."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        if z.comment != _STAMP + _digest(z).encode():
            return None
        try:
            root = etree.fromstring(
                z.read("docProps/custom.xml"), etree.XMLParser(resolve_entities=False, no_network=True)
            )
        except KeyError:
            return {}
    return {p.get("name"): "".join(p.itertext()) for p in root if (p.get("name") or "").startswith(PROP)}


def _files(props: dict[str, object]) -> dict[str, str]:
    out = {}
    for key, value in props.items():
        if key.startswith(PROP + "tep:") and isinstance(value, str) and " " in value:
            digest, name = value.split(" ", 1)
            out[name] = digest
    return out


def _text(cells) -> str:
    value = cells[0] if cells else None
    return one_line(value) if value is not None else ""


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_row(rows: list[tuple]) -> int | None:
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        if row and _text(row[:1]) == "STT" and len(row) > 2:
            return i
    return None


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def _headers(row: tuple) -> list[str]:
    return [one_line(v) if v is not None else "" for v in row]


def _title_cells(sheet: str, rows: list[tuple], header: int) -> list[Typed]:
    """Values typed above the header row, but for the title and reference lines soanthao writes in A1, A2."""
    out = []
    for r, row in enumerate(rows[:header]):
        for c, value in enumerate(row):
            if not _empty(value) and not (c == 0 and r < 2):
                out.append(Typed(sheet, f"{_letter(c)}{r + 1}", -1, "", "", "", value, reason=REASONS["title"]))
    return out


def _read_rows(
    out: Previous, sheet: str, rows: list[tuple], header: int, agency: str | None, generated: set[str]
) -> None:
    heads = _headers(rows[header])
    pos = heads.index("Vị trí trong Kế hoạch") if "Vị trí trong Kế hoạch" in heads else 1
    txt = heads.index("Nhiệm vụ") if "Nhiệm vụ" in heads else 2
    out.unplaced.extend(_title_cells(sheet, rows, header))
    for r in range(header + 1, len(rows)):
        row = rows[r]
        position = one_line(row[pos]) if pos < len(row) and row[pos] is not None else ""
        text = _cell_text(row, txt)
        for c, value in enumerate(row):
            head = heads[c] if c < len(heads) else ""
            if _empty(value) or head in generated:
                continue
            typed = Typed(
                sheet,
                f"{_letter(c)}{r + 1}",
                r,
                position,
                text,
                head or COLUMN.format(letter=_letter(c)),
                value,
                agency,
            )
            if agency is None:
                typed = _with_reason(typed, "unknown_sheet")
            out.agency_values.append(typed)


def _cell_text(row: tuple, col: int) -> str:
    return " ".join(str(row[col]).split()) if col < len(row) and row[col] is not None else ""


def _read_matrix(
    out: Previous, sheet: str, rows: list[tuple], header: int, names: dict[str, str], layout: str, generated: set[str]
) -> None:
    """The matrix: a value that is no role is typed. One column per agency (rows are tasks), or one row
    per agency (columns are tasks, headed by their position)."""
    heads = _headers(rows[header])
    roles = set(ROLE_LABELS.values())
    out.unplaced.extend(_title_cells(sheet, rows, header))
    for r in range(header + 1, len(rows)):
        row = rows[r]
        for c, value in enumerate(row):
            head = heads[c] if c < len(heads) else ""
            if c == 0 or _empty(value) or head in generated or (isinstance(value, str) and value.strip() in roles):
                continue
            cell = f"{_letter(c)}{r + 1}"
            if layout == LAYOUT_ROWS:  # rows are agencies, column headers are task positions
                agency = names.get(_cell_text(row, 1))
                if c == 1:
                    continue
                out.matrix_values.append(Typed(sheet, cell, c, head, "", head, value, agency))
            else:
                agency = names.get(head)
                out.matrix_values.append(
                    Typed(
                        sheet,
                        cell,
                        r,
                        _cell_text(row, 1),
                        _cell_text(row, 2),
                        head or COLUMN.format(letter=_letter(c)),
                        value,
                        agency,
                    )
                )


def _read_unplaced(sheet: str, rows: list[tuple]) -> list[Typed]:
    """The old "Không còn khớp" sheet: its rows stay unplaced, with their own reason."""
    out = []
    for row in rows[1:]:
        cells = [*row, *[None] * (len(UNPLACED_COLUMNS) - len(row))]
        _, old_sheet, cell, position, text, column, value, reason = cells[:8]
        if not _empty(value):
            out.append(
                Typed(
                    one_line(old_sheet or sheet),
                    one_line(cell or ""),
                    -1,
                    one_line(position or ""),
                    one_line(text or ""),
                    one_line(column or ""),
                    value,
                    reason=one_line(reason or ""),
                )
            )
    return out


def _with_reason(t: Typed, key: str) -> Typed:
    return Typed(t.sheet, t.cell, t.row, t.position, t.text, t.column, t.value, t.agency, REASONS[key])


# --- placing --------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_rows(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> dict[int, tuple[int, bool]]:
    """old index → (new index, exact) for rows given as (position, text): the same position and text,
    else the same text, else (no text: a matrix laid out by rows) the same position, else the most similar
    text; each new row taken once. ``exact`` is False for a match by similarity."""
    out: dict[int, tuple[int, bool]] = {}
    free = set(range(len(new)))
    new_norm = [(p, _norm(t)) for p, t in new]
    for key in (lambda p, t: (p, t) if t else None, lambda p, t: t or None):
        index: dict = {}
        for j in sorted(free):
            index.setdefault(key(*new_norm[j]), []).append(j)
        index.pop(None, None)
        for i, (p, t) in enumerate(old):
            if i in out:
                continue
            hits = index.get(key(p, _norm(t)))
            if hits:
                j = hits.pop(0)
                out[i] = (j, True)
                free.discard(j)
    for i, (p, t) in enumerate(old):  # no text: the matrix laid out by rows
        if i not in out and not t and p:
            j = next((j for j in sorted(free) if new_norm[j][0] == p), None)
            if j is not None:
                out[i] = (j, True)
                free.discard(j)
    scored = []
    for i, (p, t) in enumerate(old):
        if i in out or not t:
            continue
        for j in free:
            m = difflib.SequenceMatcher(None, _norm(t), new_norm[j][1], autojunk=False)
            if m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR:
                ratio = m.ratio()
                if ratio >= SIMILAR:
                    scored.append((-ratio, new_norm[j][0] != p, i, j))
    for _, _, i, j in sorted(scored):
        if i not in out and j in free:
            out[i] = (j, False)
            free.discard(j)
    return out


def place(previous: Previous, tasks: list[Task], extracts: list[AgencyExtract]) -> Carried:
    """Put each previous value on its task in the new workbook, or among the unplaced."""
    out = Carried(unplaced=list(previous.unplaced), sheets=list(previous.sheets))
    by_agency: dict[str | None, list[Typed]] = {}
    for t in previous.agency_values:
        by_agency.setdefault(t.agency, []).append(t)
    rows_of = {x.agency.id: [t for _, t in x.rows()] for x in extracts}
    for agency, values in by_agency.items():
        if agency is None:
            out.unplaced.extend(values)  # their reason says why
            continue
        if agency not in rows_of:
            out.unplaced.extend(_with_reason(v, "agency_gone") for v in values)
            continue
        cells = out.agency_cells.setdefault(agency, {})
        for v, task in _placed(out, values, rows_of[agency]):
            if v.column not in PROGRESS_COLUMNS and v.column not in out.agency_columns.setdefault(agency, []):
                out.agency_columns[agency].append(v.column)
            cells.setdefault(task.path, {})[v.column] = v.value
    roles = {t.path: t for t in tasks}
    for v, task in _placed(out, previous.matrix_values, tasks):
        if v.agency is None:
            if v.column not in out.matrix_columns:
                out.matrix_columns.append(v.column)
            out.matrix_extra.setdefault(task.path, {})[v.column] = v.value
        elif roles[task.path].role(v.agency) is not None:
            out.unplaced.append(_with_reason(v, "role_taken"))
            out.placed -= 1
        else:
            out.matrix_cells.setdefault(task.path, {})[v.agency] = v.value
    return out


def _placed(out: Carried, values: list[Typed], tasks: list[Task]):
    """(value, task) for each value whose row matches a task; the others go to ``out.unplaced``."""
    first: dict[tuple, Typed] = {}
    for v in values:
        first.setdefault((v.sheet, v.row), v)
    keys = {k: i for i, k in enumerate(first)}
    matched = match_rows(
        [(v.position, v.text) for v in first.values()], [(t.position, "\n".join(t.texts)) for t in tasks]
    )
    for v in values:
        hit = matched.get(keys[(v.sheet, v.row)])
        if not (v.position or v.text):
            out.unplaced.append(_with_reason(v, "no_task"))
        elif hit is None:
            out.unplaced.append(_with_reason(v, "gone"))
        else:
            task = tasks[hit[0]]
            if not hit[1] and v is first[(v.sheet, v.row)]:
                out.similar.append((v, task))
            out.placed += 1
            yield v, task

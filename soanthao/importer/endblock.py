"""What follows the body: recipients ("Nơi nhận"), the "Lưu" line, the copy-count line under them
(``phat_hanh``), the signer, and where the appendices begin.

Printed by soanthao, the recipients are the left cell and the signer the right cell of one table, and
the appendices follow as body paragraphs; in plain text the same blocks simply follow one another.
"""

from __future__ import annotations

import re

from .lines import Line
from .report import Kind, Note

MSG = {
    "recognised": "{what}",
    "no_signer": "không nhận ra người ký",
    "copies": "dòng “{text}” dưới nơi nhận: ghi vào phat_hanh",
    # defects of the source, which soanthao prints the Decree 30 way (NĐ 30/2020, PL I, II.7 and II.9)
    "no_semicolon": "nơi nhận “{name}” không kết thúc bằng “;” (NĐ 30/2020, PL I, II.9): soanthao in thêm",
    "archive_stop": "dòng “Lưu” không kết thúc bằng dấu chấm (NĐ 30/2020, PL I, II.9): soanthao in thêm",
    "archive_colon": "dòng “Lưu” thiếu dấu “:” (“Lưu: VT, …”, NĐ 30/2020, PL I, II.9): soanthao in thêm",
    "authority_form": "bản gốc ghi “{got}”; Nghị định 30 viết “{want}” (PL I, II.7): soanthao in “{want}”",
}

APPENDIX_LABEL = re.compile(r"^phụ lục(?:\s+(?P<n>[IVXLC]+|\d+))?\.?\s*(?:[:\-–]\s*(?P<title>.+))?$", re.I)
_DASH = re.compile(r"^[-–•]\s*(.*)$")
_CHILD = re.compile(r"^-\s*\+\s*(.*)$|^\+\s*(.*)$")
_ARCHIVE = re.compile(r"^lưu\s*(?::|\s(?=VT))", re.I)  # "Lưu: VT, …", or with its ":" forgotten
_OFFICE = re.compile(r"^VT\w*$")  # the records office: "VT", or its own abbreviation ("VTUB")
# "K/T.", "T/M." (slash forms are common in real plans; Decree 30 writes "KT.", "TM.")
_AUTHORITY = re.compile(r"^(KT|K/T|TL|T/L|TUQ|Q)\.\s*(.*)$")
_ON_BEHALF = re.compile(r"^(TM|T/M)\.?\s+(.+)$")


def line_text(ln: Line) -> str:
    return " ".join(ln.plain.split())


def appendix_start(lines: list[Line]) -> int:
    """Index of the first "Phụ lục …" line outside the signature table, else len(lines)."""
    return next((i for i, ln in enumerate(lines) if not ln.cell and APPENDIX_LABEL.match(line_text(ln))), len(lines))


def recipients(lines: list[Line], note: Note) -> tuple[list, dict | None, str | None, list[Line]]:
    """(recipients, the "Lưu" line as ``luu``, the copy-count line, the lines after them)."""
    out: list = []
    archive = None
    i = 0
    for i, ln in enumerate(lines):
        s = line_text(ln)
        child = False
        if m := _CHILD.match(s):
            child, s = True, m[1] or m[2] or ""
        elif m := _DASH.match(s):
            s = m[1]
        elif ln.cell != "right" and not out:
            continue
        elif out and isinstance(out[-1], str) and _wrapped(lines[i - 1], ln):
            out[-1] = f"{out[-1]} {s.rstrip(';.').rstrip()}"  # "- Ban Thi đua … Trung ương" / "(b/c);"
            continue
        else:
            break
        if _ARCHIVE.match(s):
            if not s.rstrip().endswith("."):
                note(Kind.FIXED, MSG["archive_stop"], ln.no)
            if not re.match(r"^lưu\s*:", s, re.I):
                note(Kind.FIXED, MSG["archive_colon"], ln.no)
            archive = read_archive(s)
            if child and out and isinstance(out[-1], dict):
                archive["dat_duoi"] = out[-1]["ten"]
            i += 1
            break
        name = s.rstrip(";.,").rstrip()
        if not s.rstrip().endswith((";", ":")) and _continues(lines, i):
            note(Kind.FIXED, MSG["no_semicolon"].format(name=name), ln.no)
        if child and out:
            if not isinstance(out[-1], dict):
                out[-1] = {"ten": out[-1].rstrip(":"), "con": []}
            out[-1]["con"].append(name.rstrip(":"))
        elif name.endswith(":"):
            out.append({"ten": name[:-1].rstrip(), "con": []})
        else:
            out.append(name)
    else:
        i = len(lines)
    out = [
        r if not isinstance(r, dict) or r["con"] or r["ten"] == (archive or {}).get("dat_duoi") else r["ten"]
        for r in out
    ]
    out = [{"ten": r["ten"]} if isinstance(r, dict) and not r["con"] else r for r in out]
    if out:
        note(
            Kind.RECOGNISED,
            MSG["recognised"].format(what=f"{len(out)} nơi nhận" + (" và dòng “Lưu”" if archive else "")),
            lines[0].no if lines else None,
        )
    copies = None
    if i < len(lines) and _is_copies(lines[i], lines[i - 1] if i else None):
        copies = line_text(lines[i])
        note(Kind.RECOGNISED, MSG["copies"].format(text=copies), lines[i].no)
        i += 1
    return out, archive, copies, lines[i:]


def _wrapped(above: Line, ln: Line) -> bool:
    """``ln`` continues the recipient above it, cut by the page's wrap: same column, the one above has no
    closing ";" and this one starts in lower case or with "(" (a page's hard wrap, not a new recipient)."""
    head = line_text(ln)[:1]
    return ln.cell == above.cell and not line_text(above).endswith((";", ".", ":")) and (head.islower() or head == "(")


def _continues(lines: list[Line], i: int) -> bool:
    """Another recipient or the "Lưu" line follows line ``i`` in the list (so it should end with ";")."""
    nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j].cell != "right"), None)  # no copy of the rest
    return nxt is not None and bool(_DASH.match(line_text(nxt)) or _CHILD.match(line_text(nxt)))


def _is_copies(ln: Line, above: Line | None) -> bool:
    """The typist's and copies' line under the recipients ("08 KH", "PL.(300)"): in the recipients' cell,
    or in plain text a short line with a number that is no signer's line."""
    s = line_text(ln)
    if above is not None and above.cell == "left":
        return ln.cell == "left"
    return (
        not ln.cell
        and len(s) <= 30
        and bool(re.search(r"\d", s))
        and not _ON_BEHALF.match(s)
        and not _AUTHORITY.match(s)
        and not APPENDIX_LABEL.match(s)
    )


def read_archive(s: str) -> dict:
    bits = [b.strip() for b in re.sub(r"^lưu\s*:?\s*", "", s, flags=re.I).rstrip(" .").split(",")]
    out: dict = {}
    if bits and _OFFICE.match(bits[0].upper()):
        office = bits.pop(0)
        if office.upper() != "VT":
            out["van_thu"] = office
    if bits and re.fullmatch(r"\d+\s*b(ản)?", bits[-1]):
        out["so_ban"] = bits.pop()
    if bits:
        out["don_vi"] = ", ".join(bits)
    return {k: out[k] for k in ("don_vi", "so_ban", "van_thu") if k in out}


def signer(lines: list[Line], note: Note) -> dict | None:
    """ "TM. …", "KT. …", the titles above the signature, the name, and the lines printed under it.
    The name is the first line that is not in capitals (titles are printed in capitals)."""
    numbered = [(r, ln.no) for ln in lines if ln.plain.strip() for r in _title_rows(line_text(ln))]
    rows = [r for r, _ in numbered]
    if not rows:
        note(Kind.CHECK, MSG["no_signer"], None)
        return None
    at = next((k for k, r in enumerate(rows) if k and r != r.upper()), len(rows) - 1)
    name, above, below = rows[at], rows[:at], rows[at + 1 :]
    out: dict = {}
    titles = []
    for r in above:
        if m := _ON_BEHALF.match(r):
            _standard_form(m[1], "TM", note, lines)
            out["thay_mat"] = m[2]
        elif m := _AUTHORITY.match(r):
            out["quyen_han"] = _standard_form(m[1], m[1].replace("/", ""), note, lines) + "."
            if m[2]:
                out["thu_truong"] = m[2]
        else:
            titles.append(r)
    if not titles:
        note(Kind.CHECK, MSG["no_signer"], lines[0].no)
        return None
    out["chuc_vu"] = titles[0]
    if titles[1:]:
        out["chuc_vu_khac"] = titles[1:]
    out["ho_ten"] = name
    if below:
        out["duoi_ten"] = below
    note(Kind.RECOGNISED, MSG["recognised"].format(what=f"người ký “{name}”"), numbered[at][1])
    return out


def _title_then_name(row: str) -> tuple[str, str] | None:
    """Titles in capitals then a name of two to five capitalised words ("PHÓ CHỦ TỊCH Nguyễn Thành Sinh")."""
    words = row.split()
    k = next((i for i, w in enumerate(words) if w != w.upper()), len(words))
    name = words[k:]
    if k >= 2 and 2 <= len(name) <= 5 and all(w[:1].isupper() and w[1:] == w[1:].lower() for w in name):
        return " ".join(words[:k]), " ".join(name)
    return None


def _title_rows(row: str) -> list[str]:
    """A signature's title lines run together on one line (a table converted to text): split before "KT."/
    "TL."/… and before the deputy's title ("KT. BỘ TRƯỞNG THỨ TRƯỞNG" → "KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG")."""
    if row != row.upper() and (split := _title_then_name(row)):
        return [*_title_rows(split[0]), split[1]]  # "PHÓ CHỦ TỊCH Nguyễn Thành Sinh": the title, then the name
    if row != row.upper() or not (_ON_BEHALF.match(row) or _AUTHORITY.match(row)):
        return [row]
    return [r for r in re.split(r"\s+(?=(?:KT|K/T|TL|T/L|TUQ|Q)\.\s)|\s+(?=PHÓ\s|THỨ TRƯỞNG\b)", row) if r]


def _standard_form(got: str, want: str, note: Note, lines: list[Line]) -> str:
    if got != want:
        note(Kind.FIXED, MSG["authority_form"].format(got=got + ".", want=want + "."), lines[0].no)
    return want

"""Agency names in a plan's text: recognising them, splitting lists of them, declaring each once.

"Công an tỉnh", "lực lượng Công an" and "Công an" are one agency; a name first seen in passing
("Hải quan") joins the agency that has a heading of its own ("Cục Hải quan") as an alias.
"""

from __future__ import annotations

import re

from .. import vn
from ..agencies import must_be_requested
from .lines import strip_marks
from .report import Finding, Kind

MSG = {"alias": "“{alias}” được coi là cùng cơ quan “{name}” (ghi vào ten_khac)"}

AGENCY_HEAD = re.compile(
    r"^(?:(?:[Cc]ác|[Nn]hững)\s+(?:[Ss]ở|[Cc]ơ quan|[Đđ]ơn vị|[Bb]an|[Tt]ổ chức|[Hh]ội|[Đđ]oàn thể|[Pp]hòng|"
    r"[Tt]hành viên|[Cc]hi cục|[Cc]ục|[Ll]ực lượng)|(?:[Cc]ác\s+)?(?:Sở|Công an|Ban|UBND|UB|Ủy ban|Uỷ ban|Cục|"
    r"Chi cục|Bộ|Đài|Báo(?!\s+cáo)|Hội|Liên đoàn|Tỉnh [Đđ]oàn|Tỉnh ủy|Tỉnh uỷ|Viện|Tòa án|Toà án|Văn phòng|Phòng|"
    r"Trung tâm|Thanh tra|Kho bạc|Ngân hàng|Bảo hiểm|Bưu điện|Hội đồng|Mặt trận|Kiểm toán|Chi nhánh|Công ty|"
    r"Tổng cục|Hải quan|Học viện|[Ll]ực lượng))(?=[\s,:]|$)"
)

# The kinds of administrative unit a name may end with ("Công an tỉnh") or begin with ("THÀNH PHỐ CẦN THƠ").
PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "xã", "phường", "quận", "thị xã", "thị trấn", "Trung ương")


def fold_key(name: str) -> str:
    s = vn.fold(strip_marks(name))
    s = re.sub(r"\s*-\s*", "-", s)
    return s.strip(" .,;:")


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", vn.fold(name)).strip("_")
    return s[:48].rstrip("_") or "co_quan"


def agency_like(name: str) -> bool:
    s = strip_marks(name).strip()
    s = re.sub(r"^(Đề nghị|Giao)\s+", "", s)
    return bool(AGENCY_HEAD.match(s)) and "liên quan" not in s.lower() and len(s.split()) <= 20


class Agencies:
    """The agencies a plan names, in order of first mention, aliases merged."""

    def __init__(self, findings: list[Finding]):
        self.items: list[dict] = []
        self.findings = findings

    def _find(self, name: str) -> dict | None:
        key = fold_key(name)
        for a in self.items:
            if key == fold_key(a["ten"]) or any(key == fold_key(x) for x in a.get("ten_khac", [])):
                return a
        return None

    def _alias_of(self, name: str) -> dict | None:
        key = fold_key(name)
        bare = re.sub(r"^luc luong ", "", key)
        hits = [
            a
            for a in self.items
            if fold_key(a["ten"]).startswith(bare + " ") or fold_key(a["ten"]).endswith(" " + bare)
        ]
        return hits[0] if (len(hits) == 1 and len(bare.split()) >= 2) or (len(hits) == 1 and bare != key) else None

    def known(self, name: str) -> str | None:
        a = self._find(name)
        if a is not None:
            if strip_marks(name).strip() != a["ten"] and strip_marks(name).strip() not in a.get("ten_khac", []):
                a.setdefault("ten_khac", []).append(strip_marks(name).strip())
            return a["ma"]
        a = self._alias_of(name)
        if a is not None:
            alias = strip_marks(name).strip()
            if alias not in a.setdefault("ten_khac", []):
                a["ten_khac"].append(alias)
                self.findings.append(Finding(Kind.RECOGNISED, MSG["alias"].format(alias=alias, name=a["ten"])))
            return a["ma"]
        return None

    def resolve(self, name: str, requested: bool = False, heading: bool = False) -> str:
        name = strip_marks(name).strip().rstrip(":;,. ")
        found = self.known(name)
        if found:
            a = self.by_id(found)
            if requested:
                a["de_nghi"] = True
            if heading and a["ten"] != name and name in a.get("ten_khac", []):
                # a heading spells the name the way the plan prints it: that is the name, the rest aliases
                a["ten_khac"] = [x for x in a["ten_khac"] if x != name] + [a["ten"]]
                a["ten"] = name
            return found
        if name[:1].islower():
            name = name[0].upper() + name[1:]
        ids = {a["ma"] for a in self.items}
        base = slug(name)
        ma, k = base, 2
        while ma in ids:
            ma, k = f"{base}_{k}", k + 1
        entry = {"ma": ma, "ten": name}
        if heading:
            entry["_tieu_de"] = True
        if requested or must_be_requested(name):
            entry["de_nghi"] = True
        self.items.append(entry)
        return ma

    def merge_mentions(self) -> dict[str, str]:
        """An agency only mentioned in passing ("Hải quan") that names part of one with a heading
        ("Cục Hải quan") is that agency: returns the id replacements."""
        moved: dict[str, str] = {}
        for a in list(self.items):
            if a.get("_tieu_de"):
                continue
            key = " " + fold_key(a["ten"]) + " "
            hits = [
                b
                for b in self.items
                if b is not a and b.get("_tieu_de") and key in " " + fold_key(b["ten"]) + " " and len(key.split()) >= 2
            ]
            if len(hits) == 1:
                b = hits[0]
                b.setdefault("ten_khac", []).extend(
                    x for x in [a["ten"], *a.get("ten_khac", [])] if x not in b["ten_khac"]
                )
                self.findings.append(Finding(Kind.RECOGNISED, MSG["alias"].format(alias=a["ten"], name=b["ten"])))
                moved[a["ma"]] = b["ma"]
                self.items.remove(a)
        for a in self.items:
            a.pop("_tieu_de", None)
        return moved

    def by_id(self, ma: str) -> dict:
        return next(a for a in self.items if a["ma"] == ma)

    def name(self, ma: str) -> str:
        return self.by_id(ma)["ten"]

    def names(self, ids: list[str]) -> str:
        names = [self.name(i) for i in ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


# --- splitting a list of agency names ---------------------------------------------------------
def split_names(text: str) -> list[str]:
    """ "A, B và C" → [A, B, C]; a piece that is not an agency name ("thành phố", "Xã hội") stays
    with the one before it ("UBND các huyện, thành phố", "Sở Lao động - Thương binh và Xã hội")."""
    pieces = re.split(r"(,\s+|\s+và\s+)", text.strip())
    out: list[str] = []
    for i in range(0, len(pieces), 2):
        piece = pieces[i].strip()
        if out and not agency_like(piece):
            out[-1] += pieces[i - 1] + piece
        else:
            out.append(piece)
    return [p for p in (x.strip() for x in out) if p]


def replace_ids(value, moved: dict[str, str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("co_quan", "chu_tri", "phoi_hop") and isinstance(v, (str, list)):
                if isinstance(v, str):
                    value[k] = moved.get(v, v)
                elif all(isinstance(x, str) for x in v):
                    new = []
                    for x in v:
                        x = moved.get(x, x)
                        if x not in new:
                            new.append(x)
                    value[k] = new
            else:
                replace_ids(v, moved)
    elif isinstance(value, list):
        for v in value:
            replace_ids(v, moved)

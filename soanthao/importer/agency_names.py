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
    """The agencies a plan names, in order of first mention, aliases merged.

    Looking a name up must not scan every agency (a plan may name thousands): ``_by_key`` maps the folded
    form of every name and alias to the earliest agency that bears it, ``_heads`` / ``_tails`` map every
    word-prefix / word-suffix of an agency's folded name to the agencies whose name starts / ends with it,
    and ``_by_ma`` maps each id to its agency."""

    def __init__(self, findings: list[Finding]):
        self.items: list[dict] = []
        self.findings = findings
        self._seq: dict[int, int] = {}  # id(agency) -> its position in order of first mention
        self._by_key: dict[str, dict] = {}
        self._heads: dict[str, dict[int, dict]] = {}
        self._tails: dict[str, dict[int, dict]] = {}
        self._by_ma: dict[str, dict] = {}

    def _add(self, entry: dict) -> None:
        self._seq[id(entry)] = len(self.items)
        self.items.append(entry)
        self._by_ma[entry["ma"]] = entry
        self._index_key(entry, entry["ten"])
        self._index_name(entry, add=True)

    def _index_key(self, a: dict, name: str) -> None:
        """``name`` (the agency's name or a new alias) now finds ``a``, unless an earlier agency has it."""
        key = fold_key(name)
        other = self._by_key.get(key)
        if other is None or self._seq[id(a)] < self._seq[id(other)]:
            self._by_key[key] = a

    def _index_name(self, a: dict, add: bool) -> None:
        """Adds ``a`` to (or takes it out of) the word-prefix and word-suffix indices of its current name."""
        key = fold_key(a["ten"])
        seq = self._seq[id(a)]
        for i, ch in enumerate(key):
            if ch == " ":
                for index, part in ((self._heads, key[:i]), (self._tails, key[i + 1 :])):
                    if add:
                        index.setdefault(part, {})[seq] = a
                    else:
                        index.get(part, {}).pop(seq, None)

    def _find(self, name: str) -> dict | None:
        return self._by_key.get(fold_key(name))

    def _alias_of(self, name: str) -> dict | None:
        key = fold_key(name)
        bare = re.sub(r"^luc luong ", "", key)
        heads, tails = self._heads.get(bare, {}), self._tails.get(bare, {})
        if len(heads) > 1 or len(tails) > 1:
            return None  # more than one agency's name starts (or ends) with it
        hits = {**heads, **tails}
        if len(hits) != 1:
            return None
        return next(iter(hits.values())) if len(bare.split()) >= 2 or bare != key else None

    def known(self, name: str) -> str | None:
        a = self._find(name)
        if a is not None:
            if strip_marks(name).strip() != a["ten"] and strip_marks(name).strip() not in a.get("ten_khac", []):
                a.setdefault("ten_khac", []).append(strip_marks(name).strip())
                self._index_key(a, a["ten_khac"][-1])
            return a["ma"]
        a = self._alias_of(name)
        if a is not None:
            alias = strip_marks(name).strip()
            if alias not in a.setdefault("ten_khac", []):
                a["ten_khac"].append(alias)
                self._index_key(a, alias)
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
                # (the names and aliases stay the same, only the name the prefix/suffix indices know changes)
                self._index_name(a, add=False)
                a["ten_khac"] = [x for x in a["ten_khac"] if x != name] + [a["ten"]]
                a["ten"] = name
                self._index_name(a, add=True)
            return found
        if name[:1].islower():
            name = name[0].upper() + name[1:]
        base = slug(name)
        ma, k = base, 2
        while ma in self._by_ma:
            ma, k = f"{base}_{k}", k + 1
        entry = {"ma": ma, "ten": name}
        if heading:
            entry["_tieu_de"] = True
        if requested or must_be_requested(name):
            entry["de_nghi"] = True
        self._add(entry)
        return ma

    def merge_mentions(self) -> dict[str, str]:
        """An agency only mentioned in passing ("Hải quan") that names part of one with a heading
        ("Cục Hải quan") is that agency: returns the id replacements."""
        moved: dict[str, str] = {}
        within = self._headings_containing()
        gone: set[int] = set()
        for a in list(self.items):
            if a.get("_tieu_de"):
                continue
            hits = within.get(fold_key(a["ten"]), [])
            if len(hits) == 1:
                b = hits[0]
                b.setdefault("ten_khac", []).extend(
                    x for x in [a["ten"], *a.get("ten_khac", [])] if x not in b["ten_khac"]
                )
                self.findings.append(Finding(Kind.RECOGNISED, MSG["alias"].format(alias=a["ten"], name=b["ten"])))
                moved[a["ma"]] = b["ma"]
                gone.add(id(a))
                del self._by_ma[a["ma"]]
        if gone:
            self.items[:] = [a for a in self.items if id(a) not in gone]
        for a in self.items:
            a.pop("_tieu_de", None)
        return moved

    def _headings_containing(self) -> dict[str, list[dict]]:
        """For the folded name (two words or more) of each agency without a heading: the agencies with a
        heading whose folded name holds it as a run of whole words, in order. (Folded names have single
        spaces and none at either end, so " K " in " B " is exactly "K's words are a run of B's words".)"""
        wanted = {k for a in self.items if not a.get("_tieu_de") and len((k := fold_key(a["ten"])).split()) >= 2}
        sizes = {len(k.split(" ")) for k in wanted}
        within: dict[str, list[dict]] = {}
        for b in self.items:
            if not b.get("_tieu_de"):
                continue
            words = fold_key(b["ten"]).split(" ")
            for n in sizes:
                for i in range(len(words) - n + 1):
                    run = " ".join(words[i : i + n])
                    if run in wanted:
                        hits = within.setdefault(run, [])
                        if not hits or hits[-1] is not b:
                            hits.append(b)
        return within

    def by_id(self, ma: str) -> dict:
        a = self._by_ma.get(ma)
        if a is None:
            raise StopIteration  # as the scan of every agency this replaces did
        return a

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

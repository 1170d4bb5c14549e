"""Source lines → a plan draft: header, title, lead-in and citations, parts, items, agencies and
assignments, recipients and signer — plus findings for the report.

The draft is plain data keyed like the spec. A mapping may carry ``_kiem_tra`` (list of Vietnamese
notes: what import was unsure of) and ``_dong`` (source line); ``spec_writer`` turns those into
``# KIỂM TRA: …`` comments and strips them. The parser inverts exactly what ``render_context``
prints (numbering, "Đề nghị" prefixes, italic assignment notes) and copes with what real plans do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import vn
from ..resources import default_part_title
from .agency_names import AGENCY_HEAD, Agencies, fold_key, replace_ids, agency_like, split_names
from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, NotAPlan, strip_marks
from .report import Finding

MSG = {
    "not_plan": "văn bản này không phải một kế hoạch: không thấy dòng “KẾ HOẠCH” đứng riêng và các phần "
                "“I.”, “II.”… (có thể là một bản tin, bài báo); không ghi tệp đặc tả nào",
    "header_noise": "dòng ở phần đầu không nhận ra, bỏ qua: “{text}”",
    "issuer_guess": "không có tên cơ quan ban hành trong văn bản; đoán là “{name}” từ ký hiệu và địa danh",
    "issuer_missing": "không có tên cơ quan ban hành trong văn bản: hãy ghi tên cơ quan",
    "leadin_whole": "không tách được các căn cứ của phần mở đầu: giữ nguyên cả đoạn làm câu kết",
    "cite_loose": "căn cứ này không theo mẫu “Loại số … ngày … của … về …”: kiểm tra các trường đã tách",
    "dup_number": "số thứ tự “{got}” lặp lại (đúng ra là “{want}”); soanthao tự đánh lại số",
    "skip_letter": "điểm “{got}” đứng sau điểm “{prev}”: bỏ sót “{want}”; soanthao tự đánh lại a), b), c), d), đ)…",
    "wrong_number": "số thứ tự “{got}” không đúng thứ tự (đúng ra là “{want}”); soanthao tự đánh lại số",
    "end_mark": "bỏ dấu kết thúc “./.” ở cuối nội dung (soanthao tự thêm khi in)",
    "no_period": "thêm dấu chấm cuối câu còn thiếu: “…{tail}”",
    "note_roles": "vai trò (chủ trì, phối hợp, thời hạn) suy ra từ ghi chú trong ngoặc: “{note}”",
    "inline_roles": "vai trò suy ra từ câu: {what}",
    "agency_list": "danh sách cơ quan sau “{head}”: chủ trì là cơ quan đầu tiên, các cơ quan sau phối hợp",
    "part_other": "phần “{title}” không phải một phần quen dùng: ghi vào phan_khac",
    "part_order": "phần “{title}” đứng ở vị trí khác thứ tự quen dùng; soanthao in theo thứ tự quen dùng",
    "part_twice": "phần “{title}” xuất hiện hai lần: phần sau ghi vào phan_khac",
    "no_recipients": "không thấy “Nơi nhận:”",
    "no_signer": "không nhận ra người ký",
    "recognised": "{what}",
    "agencies": "{n} cơ quan, đơn vị được nêu (khai báo trong co_quan)",
    "parts": "các phần: {names}",
    "figures": "số liệu chỉ tiêu đọc từ câu ({values}): kiểm tra con số, đơn vị và năm so sánh",
}

_PART = re.compile(r"^([IVXLC]+)\s*[.)]\s*(.+)$")
_MUC = re.compile(r"^(\d{1,3})\s*[.)]\s+(.*)$")
_DIEM = re.compile(r"^([a-zđ]{1,2})\)\s*(.*)$")
_Y = re.compile(r"^[-–•]\s*(.*)$")
_YCON = re.compile(r"^\+\s*(.*)$")
_SO = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*(\S+)", re.I)
_DATE = re.compile(r"^(.+?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.I)
_END_PUNCT = tuple(".;:!?…")
_GENERIC_LIST = re.compile(r"^các sở,? ngành$", re.I)
STOP_VERBS = (
    "chủ trì", "phối hợp", "tiếp tục", "tổ chức", "thường xuyên", "có trách nhiệm", "chủ động", "thực hiện",
    "xây dựng", "định kỳ", "theo dõi", "hướng dẫn", "phát huy", "tăng cường", "triển khai", "chỉ đạo", "làm",
    "tham mưu", "nghiên cứu", "đẩy mạnh", "rà soát", "quan tâm", "kiểm tra", "tổng hợp", "báo cáo", "gắn",
    "duy trì", "nâng cao", "đôn đốc", "giúp", "lồng ghép", "bảo đảm", "đảm bảo", "cung cấp", "phổ biến",
)
_STOP = re.compile(r"(?<!các)(?<!những)\s(" + "|".join(re.escape(v) for v in STOP_VERBS) + r")\b")
_SUPPORT = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
_ROLE_WORDS = re.compile(r"chủ trì|phối hợp|thực hiện|thời hạn|sản phẩm|tham mưu|lĩnh vực|chỉ đạo", re.I)
_DEADLINE = re.compile(r"((?:trong\s+)?tháng\s+\d{1,2}/\d{4}|quý\s+[IV]+(?:/\d{4})?|\d{1,2}/\d{1,2}/\d{4}|"
                       r"thường xuyên|định kỳ)", re.I)
_CITE = re.compile(
    r"^(?P<lead>Căn cứ|Thực hiện|Theo|Triển khai)\s+(?P<type>Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|"
    r"Kế hoạch liên ngành|Kế hoạch|Công văn|Thông tư liên tịch|Thông tư|Chương trình hành động|Chương trình|"
    r"Hướng dẫn|Văn bản|Thông báo kết luận|Thông báo|Kết luận|Pháp lệnh|Hiến pháp|Đề án|Chiến lược)"
    r"(?:\s+số\s+(?P<number>\S+?))?(?:\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>.+?))?(?:\s+(?P<abstract>(?:về|V/v)\s.*))?$")
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "xã", "phường", "quận", "thị xã", "thị trấn", "Trung ương")


@dataclass
class Draft:
    data: dict
    findings: list[Finding] = field(default_factory=list)


# --- paragraph-level helpers ---------------------------------------------------------------------
def drop_prefix(text: str, n: int) -> str:
    """Remove the first ``n`` visible characters of ``text``, keeping emphasis marks."""
    out, seen = [], 0
    for i, ch in enumerate(text):
        if ch in (IT_ON, IT_OFF, B_ON, B_OFF):
            out.append(ch)
            continue
        if seen >= n:
            return "".join(out) + text[i:]
        seen += 1
    return "".join(out)


def _clean_marks(text: str) -> str:
    s = text
    for on, off in ((IT_ON, IT_OFF), (B_ON, B_OFF)):
        s = re.sub(f"{on}(\\s*){off}", r"\1", s)
    return s


def _formatted_prefix(text: str) -> str | None:
    """"Title:" printed in italics or bold at the start of ``text`` (marks kept in ``text``)."""
    s = text.lstrip()
    if not s or s[0] not in (IT_ON, B_ON):
        return None
    plain = strip_marks(s)
    colon = plain.find(":")
    if colon <= 0:
        return None
    # every visible character up to the colon must lie inside a formatting span
    depth, seen = 0, 0
    for ch in s:
        if ch in (IT_ON, B_ON):
            depth += 1
        elif ch in (IT_OFF, B_OFF):
            depth -= 1
        else:
            if depth <= 0:
                return None
            if seen == colon:
                return plain[:colon]
            seen += 1
    return plain[:colon]


@dataclass
class Node:
    kind: str  # "phan", "muc", "diem", "y", "y_con"
    marker: str
    line: int
    texts: list[str] = field(default_factory=list)  # paragraphs, marks kept
    children: list[Node] = field(default_factory=list)
    heading_line: bool = False  # the marker line was a heading or had no sentence punctuation
    title: str | None = None
    bold: bool = False


class Parser:
    def __init__(self, lines: list[Line]):
        self.lines = [ln for ln in lines if ln.plain.strip()]
        self.findings: list[Finding] = []
        self.agencies = Agencies(self.findings)
        self.checks: dict[int, list[str]] = {}

    def note(self, kind: str, msg: str, line: int | None = None) -> None:
        self.findings.append(Finding(kind, msg, line))

    # --- the whole document ---------------------------------------------------------------------
    def parse(self) -> Draft:
        lines = self.lines
        title_at = next((i for i, ln in enumerate(lines) if fold_key(ln.plain) == "ke hoach"), None)
        first_part = next((i for i, ln in enumerate(lines) if title_at is not None and i > title_at
                           and self._part_heading(ln)), None)
        if title_at is None or first_part is None:
            raise NotAPlan(MSG["not_plan"])
        end = next((i for i in range(first_part, len(lines))
                    if re.match(r"^nơi nhận\s*:?$", lines[i].plain.strip(), re.I)), len(lines))
        data: dict = {"loai_van_ban": "ke_hoach"}
        header = self.header(lines[:title_at])
        title, lead_lines = self.title_block(lines[title_at + 1:first_part])
        lead = self.lead_in(lead_lines)
        parts = self.body(lines[first_part:end])
        recipients, archive, signer_lines = self.recipients(lines[end + 1:]) if end < len(lines) else ([], None, [])
        if end == len(lines):
            self.note("kiem_tra", MSG["no_recipients"])
        signer = self.signer(signer_lines)
        issuer = self.issuer(header, lead)
        if issuer:
            data["co_quan_ban_hanh"] = issuer
        for k in ("so", "ky_hieu", "dia_danh", "ngay", "nam"):
            if header.get(k) is not None:
                data[k] = header[k]
        if title:
            data["trich_yeu"] = title
        data.update(lead)
        data.update(parts)
        moved = self.agencies.merge_mentions()
        if moved:
            replace_ids(data, moved)
        if self.agencies.items:
            data["co_quan"] = self.agencies.items
            self.note("nhan_biet", MSG["agencies"].format(n=len(self.agencies.items)))
        if recipients:
            data["noi_nhan"] = recipients
        if archive:
            data["luu"] = archive
        if signer:
            data["nguoi_ky"] = signer
        return Draft(data, self.findings)

    @staticmethod
    def _part_heading(ln: Line) -> bool:
        m = _PART.match(ln.plain.strip())
        return bool(m) and vn.roman_value(m[1]) is not None and m[2] == m[2].upper() and any(
            c.isalpha() for c in m[2])

    # --- header -----------------------------------------------------------------------------------
    def header(self, lines: list[Line]) -> dict:
        out: dict = {"_issuer": []}
        for ln in lines:
            s = " ".join(ln.plain.split())
            f = fold_key(s)
            if f.startswith("cong hoa xa hoi") or f.startswith("doc lap"):
                continue
            if m := _SO.match(s):
                if m[1]:
                    out["so"] = int(m[1])
                out["ky_hieu"] = m[2].rstrip(".,;")
                self.note("nhan_biet", MSG["recognised"].format(what=f"số và ký hiệu “{s}”"), ln.no)
                continue
            if m := _DATE.match(s):
                out["dia_danh"] = m[1].strip()
                day, month, year = m[2], m[3], m[4]
                if day and month:
                    out["ngay"] = f"{day}/{month}/{year}"
                elif month:
                    out["ngay"] = f"{month}/{year}"
                else:
                    out["ngay"] = year
                out["nam"] = int(year)
                self.note("nhan_biet", MSG["recognised"].format(what=f"địa danh và ngày “{s}”"), ln.no)
                continue
            if s == s.upper() and any(c.isalpha() for c in s):
                out["_issuer"].append((ln, s))
                continue
            self.note("bo_qua", MSG["header_noise"].format(text=s[:60]), ln.no)
        return out

    def issuer(self, header: dict, lead: dict) -> dict | None:
        rows = header.get("_issuer", [])
        symbol = header.get("ky_hieu") or ""
        abbr = symbol.split("-", 1)[1] if "-" in symbol else None
        place = header.get("dia_danh")
        issuer: dict = {}
        if rows:
            bold = [s for ln, s in rows if ln.bold]
            plain = [s for ln, s in rows if not ln.bold]
            if bold and plain:
                issuer["chu_quan"], issuer["ten"] = " ".join(plain), " ".join(bold)
            elif len(rows) >= 2 and not rows[1][1].split()[0] in {w.upper() for w in _PLACE_WORDS}:
                issuer["chu_quan"], issuer["ten"] = rows[0][1], " ".join(s for _, s in rows[1:])
            else:
                issuer["ten"] = " ".join(s for _, s in rows)
            self.note("nhan_biet", MSG["recognised"].format(what=f"cơ quan ban hành “{issuer['ten']}”"),
                      rows[0][0].no)
        else:
            closing = (lead.get("mo_dau") or {}).get("ket") or ""
            short = re.search(r"gọi tắt là ([^)]+)\)", closing)
            if abbr == "UBND" and place:
                issuer["ten"] = f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}"
            elif short:
                name = re.sub(r"\s+(tỉnh|huyện|thành phố)$", "", short[1].strip())
                issuer["ten"] = name.upper()
                if place:
                    issuer["chu_quan"] = f"UBND TỈNH {place.upper()}"
            if issuer:
                issuer["_kiem_tra"] = [MSG["issuer_guess"].format(name=issuer["ten"])]
                self.note("kiem_tra", MSG["issuer_guess"].format(name=issuer["ten"]))
            else:
                issuer = {"ten": "CƠ QUAN BAN HÀNH", "_kiem_tra": [MSG["issuer_missing"]]}
                self.note("kiem_tra", MSG["issuer_missing"])
        issuer["viet_tat"] = abbr or "".join(w[0] for w in issuer["ten"].split() if w[0].isalpha())[:8] or "CQ"
        return {k: issuer[k] for k in ("chu_quan", "ten", "viet_tat", "_kiem_tra") if k in issuer}

    # --- end block ---------------------------------------------------------------------------------
    def recipients(self, lines: list[Line]) -> tuple[list, dict | None, list[Line]]:
        out: list = []
        archive = None
        i = 0
        for i, ln in enumerate(lines):
            s = " ".join(ln.plain.split())
            child = False
            m = re.match(r"^-\s*\+\s*(.*)$", s) or re.match(r"^\+\s*(.*)$", s)
            if m:
                child, s = True, m[1]
            elif m := re.match(r"^[-–•]\s*(.*)$", s):
                s = m[1]
            elif ln.cell != "right" and not out:
                continue
            else:
                break
            if re.match(r"^lưu\s*:", s, re.I):
                archive = self._archive(s)
                if child and out and isinstance(out[-1], dict):
                    archive["dat_duoi"] = out[-1]["ten"]
                i += 1
                break
            name = s.rstrip(";.").rstrip()
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
        out = [r if not isinstance(r, dict) or r["con"] or r["ten"] == (archive or {}).get("dat_duoi")
               else r["ten"] for r in out]
        out = [{"ten": r["ten"]} if isinstance(r, dict) and not r["con"] else r for r in out]
        if out:
            self.note("nhan_biet", MSG["recognised"].format(what=f"{len(out)} nơi nhận"
                                                                  + (" và dòng “Lưu”" if archive else "")),
                      lines[0].no if lines else None)
        return out, archive, lines[i:]

    @staticmethod
    def _archive(s: str) -> dict:
        bits = [b.strip() for b in re.sub(r"^lưu\s*:\s*", "", s, flags=re.I).rstrip(" .").split(",")]
        if bits and bits[0].upper() == "VT":
            bits = bits[1:]
        out: dict = {}
        if bits and re.fullmatch(r"\d+\s*b(ản)?", bits[-1]):
            out["so_ban"] = bits.pop()
        if bits:
            out["don_vi"] = ", ".join(bits)
        return out

    def signer(self, lines: list[Line]) -> dict | None:
        rows = [" ".join(ln.plain.split()) for ln in lines if ln.plain.strip()]
        if not rows:
            self.note("kiem_tra", MSG["no_signer"])
            return None
        name = rows[-1]
        above = rows[:-1]
        out: dict = {}
        titles = []
        for r in above:
            if m := re.match(r"^TM\.?\s+(.+)$", r):
                out["thay_mat"] = m[1]
            elif m := re.match(r"^(KT|TL|TUQ|Q)\.\s*(.*)$", r):
                out["quyen_han"] = m[1] + "."
                if m[2]:
                    out["thu_truong"] = m[2]
            else:
                titles.append(r)
        if not titles:
            self.note("kiem_tra", MSG["no_signer"], lines[0].no)
            return None
        out["chuc_vu"] = titles[0]
        if titles[1:]:
            out["chuc_vu_khac"] = titles[1:]
        out["ho_ten"] = name
        self.note("nhan_biet", MSG["recognised"].format(what=f"người ký “{name}”"), lines[-1].no)
        return out

    # --- title and lead-in ------------------------------------------------------------------------
    def title_block(self, lines: list[Line]) -> tuple[str | None, list[Line]]:
        if not lines:
            return None, []
        title = [lines[0]]
        rest = lines[1:]
        while rest and (rest[0].bold or rest[0].heading) == (lines[0].bold or lines[0].heading) and \
                len(rest[0].plain) < 120 and not rest[0].plain.rstrip().endswith(_END_PUNCT) and \
                not title[-1].plain.rstrip().endswith(_END_PUNCT):
            title.append(rest.pop(0))
        text = " ".join(" ".join(ln.plain.split()) for ln in title)
        self.note("nhan_biet", MSG["recognised"].format(what=f"tên kế hoạch “{text[:80]}”"), lines[0].no)
        return text, rest

    def lead_in(self, lines: list[Line]) -> dict:
        if not lines:
            return {}
        text = " ".join(" ".join(ln.plain.split()) for ln in lines)
        line = lines[0].no
        chunks = re.split(r"([;.])\s+(?=[A-ZĐÀ-Ỹ])", text)
        pieces = [(chunks[i], chunks[i - 1] if i else "") for i in range(0, len(chunks), 2)]
        cites, lead_word, sep, k = [], None, ";", 0
        for k, (chunk, before) in enumerate(pieces):
            m = _CITE.match(chunk.strip())
            if not m:
                break
            c = {}
            if lead_word is None:
                lead_word = m["lead"]
            elif m["lead"] != lead_word:
                c["dan"] = m["lead"]
            c["loai"] = m["type"]
            for key, group in (("so_ky_hieu", "number"), ("ngay", "date"), ("co_quan", "issuer"),
                               ("trich_yeu", "abstract")):
                if m[group]:
                    c[key] = m[group].strip()
            if not (m["number"] or m["date"] or m["issuer"]):
                c["_kiem_tra"] = [MSG["cite_loose"]]
            cites.append(c)
        else:
            k = len(pieces)
        closing_parts = pieces[k:]
        out: dict = {}
        mo_dau: dict = {}
        if cites:
            if lead_word and lead_word != "Căn cứ":
                mo_dau["dan"] = lead_word
            if closing_parts:
                sep = closing_parts[0][1] or ";"
                closing = closing_parts[0][0] + "".join(b + " " + c for c, b in closing_parts[1:])
                mo_dau["ket"] = closing
                if sep == ".":
                    mo_dau["phan_cach"] = "."
            elif cites and cites[-1].get("trich_yeu", "").endswith("."):
                cites[-1]["trich_yeu"] = cites[-1]["trich_yeu"][:-1]
            self.note("nhan_biet", MSG["recognised"].format(what=f"{len(cites)} căn cứ ở phần mở đầu"), line)
            out["mo_dau"] = mo_dau
            out["can_cu"] = cites
        else:
            out["mo_dau"] = {"ket": text, "_kiem_tra": [MSG["leadin_whole"]]}
            self.note("kiem_tra", MSG["leadin_whole"], line)
        return out

    # --- body ---------------------------------------------------------------------------------------
    def body(self, lines: list[Line]) -> dict:
        parts: list[Node] = []
        stack: list[Node] = []
        for ln in lines:
            plain = ln.plain.strip()
            if self._part_heading(ln):
                m = _PART.match(plain)
                node = Node("phan", m[1] + ".", ln.no, title=" ".join(m[2].split()))
                parts.append(node)
                stack = []
                continue
            kind, marker, rest = self._marker(plain)
            if kind:
                text = _clean_marks(drop_prefix(ln.text.strip(), len(plain) - len(rest)))
                node = Node(kind, marker, ln.no, texts=[text] if strip_marks(text).strip() else [],
                            bold=ln.bold)
                node.heading_line = ln.heading or (kind == "muc" and ln.bold) or (
                    kind == "muc" and not rest.rstrip().endswith(_END_PUNCT) and len(rest) < 250)
                idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].kind == kind), None)
                if idx is not None:
                    stack = stack[:idx]
                parent = stack[-1] if stack else parts[-1]
                parent.children.append(node)
                stack.append(node)
            else:
                target = stack[-1] if stack else parts[-1]
                target.texts.append(ln.text.strip())
        self._strip_end_mark(parts)
        self._check_numbering(parts, "phan")
        out: dict = {}
        used: list[str] = []
        others: list[dict] = []
        order = ["muc_dich", "muc_tieu", "chi_tieu", "nhiem_vu", "kinh_phi", "to_chuc_thuc_hien"]
        for p in parts:
            key = self._part_key(p.title)
            if key in used:
                self.note("kiem_tra", MSG["part_twice"].format(title=p.title), p.line)
                key = None
            part = self._part(p, key)
            if key is None:
                part["tieu_de"] = p.title
                if not used or used[-1] != "nhiem_vu" and "nhiem_vu" not in used:
                    self.note("kiem_tra", MSG["part_order"].format(title=p.title), p.line)
                others.append(part)
                self.note("kiem_tra", MSG["part_other"].format(title=p.title), p.line)
                continue
            if used and order.index(key) < order.index(used[-1]):
                self.note("kiem_tra", MSG["part_order"].format(title=p.title), p.line)
            used.append(key)
            out[key] = part
        if others:
            out["phan_khac"] = others
        self.note("nhan_biet", MSG["parts"].format(names=", ".join(f"{p.marker} {p.title}" for p in parts)))
        # spec key order: the customary one
        ordered = {k: out[k] for k in order[:4] if k in out}
        if "phan_khac" in out:
            ordered["phan_khac"] = out["phan_khac"]
        ordered.update({k: out[k] for k in order[4:] if k in out})
        for k, v in ordered.items():
            if k != "phan_khac" and set(v) <= {"muc", "_dong"} and v.get("muc"):
                ordered[k] = v["muc"]
        return ordered

    @staticmethod
    def _marker(plain: str) -> tuple[str | None, str, str]:
        for kind, rx in (("muc", _MUC), ("diem", _DIEM), ("y", _Y), ("y_con", _YCON)):
            if m := rx.match(plain):
                rest = m[m.lastindex]
                marker = plain[:len(plain) - len(rest)].strip()
                if kind == "diem" and m[1] not in vn.POINT_LETTERS and len(m[1]) > 1 and m[1][0] * len(m[1]) != m[1]:
                    continue
                return kind, marker, rest
        return None, "", plain

    def _strip_end_mark(self, parts: list[Node]) -> None:
        node = parts[-1] if parts else None
        while node is not None and node.children:
            node = node.children[-1]
        if node is None or not node.texts:
            return
        last = node.texts[-1]
        stripped = last.rstrip()
        for mark in ("/.", ". /."):
            plain_end = strip_marks(stripped).rstrip()
            if plain_end.endswith("./."):
                # remove the last "/" that belongs to the end mark, wherever the marks are
                i = stripped.rfind("/.")
                node.texts[-1] = stripped[:i] + stripped[i + 2:]
                self.note("sua", MSG["end_mark"], node.line)
                return
            break

    def _check_numbering(self, parts: list[Node], _kind: str) -> None:
        def check(children: list[Node]) -> None:
            seen = {}
            for ch in children:
                seen.setdefault(ch.kind, []).append(ch)
            for kind, nodes in seen.items():
                if kind == "muc":
                    want = [f"{i + 1}." for i in range(len(nodes))]
                    got = [n.marker.replace(")", ".") for n in nodes]
                elif kind == "diem":
                    want = [f"{vn.POINT_LETTERS[i % 23]})" for i in range(len(nodes))]
                    got = [n.marker for n in nodes]
                else:
                    continue
                for i, (n, w, g) in enumerate(zip(nodes, want, got)):
                    if w == g:
                        continue
                    if kind == "muc" and i and got[i - 1] == g:
                        self.note("sua", MSG["dup_number"].format(got=g, want=w), n.line)
                    elif kind == "diem" and g == f"{vn.POINT_LETTERS[(i + 1) % 23]})" and \
                            (i == 0 or got[i - 1] == want[i - 1]):
                        self.note("sua", MSG["skip_letter"].format(got=g, prev=got[i - 1] if i else "",
                                                                   want=w), n.line)
                    elif (kind == "muc" and i and got[i - 1] == want[i - 1]) or i == 0 or \
                            (kind == "diem" and got[i - 1] == want[i - 1]):
                        self.note("sua", MSG["wrong_number"].format(got=g, want=w), n.line)
            for ch in children:
                check(ch.children)

        for p in parts:
            check(p.children)

    @staticmethod
    def _part_key(title: str) -> str | None:
        f = vn.fold(title)
        if "muc dich" in f or ("yeu cau" in f and "muc tieu" in f):
            return "muc_dich"
        if "chi tieu" in f:
            return "chi_tieu"
        if "muc tieu" in f:
            return "muc_tieu"
        if "kinh phi" in f:
            return "kinh_phi"
        if "to chuc thuc hien" in f:
            return "to_chuc_thuc_hien"
        if "nhiem vu" in f or "giai phap" in f or "noi dung" in f:
            return "nhiem_vu"
        return None

    def _part(self, p: Node, key: str | None) -> dict:
        self._targets = key == "chi_tieu"
        part: dict = {}
        if key and vn.fold(p.title) != vn.fold(default_part_title(key) or ""):
            part["tieu_de"] = p.title
        texts = self._paragraphs(p.texts)
        if texts:
            part["noi_dung"] = texts if len(texts) > 1 else texts[0]
        children = [self._item(c, None) for c in p.children]
        if children:
            part["muc"] = children
        return part

    def _paragraphs(self, texts: list[str]) -> list[str]:
        return [" ".join(strip_marks(t).split()) for t in texts if strip_marks(t).strip()]

    # --- one item ------------------------------------------------------------------------------------
    def _item(self, node: Node, heading_agency: str | None) -> dict:
        item: dict = {"_dong": node.line}
        checks: list[str] = []
        texts = list(node.texts)
        title = None
        first = texts[0] if texts else ""
        first_plain = " ".join(strip_marks(first).split())
        if node.kind == "muc" and node.heading_line and first_plain and ":" not in first_plain[:-1]:
            title = first_plain.rstrip(":").strip()
            texts = texts[1:]
        if title is None and first_plain:
            prefix = _formatted_prefix(first)
            if prefix is None and ":" in first_plain:
                cand = first_plain.split(":", 1)[0]
                if agency_like(cand) and not _GENERIC_LIST.match(cand.strip()) and not re.search(r"[.;]", cand) \
                        and len(cand) < 150 and not _STOP.search(" " + cand):
                    prefix = cand
            if prefix is not None:
                title = " ".join(prefix.split())
                rest = first_plain[len(prefix) + 1:].strip() if first_plain.startswith(prefix) else \
                    first_plain.split(":", 1)[1].strip()
                texts = ([rest] if rest else []) + texts[1:]
        agencies: list[str] = []
        if title:
            requested = bool(re.match(r"^đề nghị\s+", title, re.I))
            bare = re.sub(r"^đề nghị\s+", "", title, flags=re.I) if requested else title
            if agency_like(bare) and not _GENERIC_LIST.match(bare):
                names = split_names(bare)
                if len(names) > 1 and not any(w in names[0] for w in _PLACE_WORDS):
                    suffix = next((w for w in _PLACE_WORDS if names[-1].endswith(" " + w)), None)
                    names = [n if n is names[-1] or not suffix else f"{n} {suffix}" for n in names]
                agencies = [self.agencies.resolve(n, requested, heading=True) for n in names]
                item["co_quan"] = agencies[0] if len(agencies) == 1 else agencies
                if self.agencies.names(agencies) != bare:
                    item["tieu_de"] = bare
            else:
                item["tieu_de"] = title
        # assignment notes in parentheses
        note_text, paragraphs = None, []
        for t in texts:
            t2, n = self._split_note(t)
            if n and note_text is None:
                note_text = n
                t = t2
            paragraphs.append(t)
        paragraphs = self._paragraphs(paragraphs)
        if paragraphs and node.kind in ("y", "y_con") and paragraphs[-1][-1:].isalnum() and not node.children:
            self.note("sua", MSG["no_period"].format(tail=paragraphs[-1][-20:]), node.line)
            paragraphs[-1] += "."
        if paragraphs:
            item["noi_dung"] = paragraphs if len(paragraphs) > 1 else paragraphs[0]
        if getattr(self, "_targets", False) and paragraphs:
            figures = target_figures(" ".join(paragraphs))
            if figures:
                item["so_lieu"] = figures
                checks.append(MSG["figures"].format(values=", ".join(
                    f"{f['gia_tri']}{f['don_vi']}" + (f" so với {f['nam_so_sanh']}" if "nam_so_sanh" in f else "")
                    for f in figures)))
        own = agencies[0] if agencies else heading_agency
        if note_text is not None:
            self._note_roles(item, note_text, own, checks, node.line)
            if not agencies and paragraphs and "chu_tri" not in item and "phoi_hop" not in item:
                self._inline_roles(item, paragraphs, own, checks, node.line)
                if item.get("ghi_chu") is False:
                    item["ghi_chu"] = note_text
        elif not agencies and paragraphs:
            self._inline_roles(item, paragraphs, own, checks, node.line)
        elif agencies and paragraphs:
            support = self._support_in(" ".join(paragraphs), exclude=agencies)
            if support:
                item["phoi_hop"] = support
                item["ghi_chu"] = False
                checks.append(MSG["inline_roles"].format(what="phối hợp " + self.agencies.names(support)))
        inherited = agencies[0] if agencies else (item.get("chu_tri") if isinstance(item.get("chu_tri"), str)
                                                  else heading_agency)
        children = [self._item(c, inherited) for c in node.children]
        if children:
            item["muc"] = children
        if checks:
            item["_kiem_tra"] = checks
            for c in checks:
                self.note("kiem_tra", c, node.line)
        return item

    @staticmethod
    def _split_note(text: str) -> tuple[str, str | None]:
        """"… text (note)." → ("… text.", "note") when the parentheses hold an assignment note."""
        for m in reversed(list(re.finditer(r"\s*\(([^()]*)\)", text))):
            inner = m[1]
            inner_plain = " ".join(strip_marks(inner).split())
            whole = m[0]
            italic = (inner.strip().startswith(IT_ON) and inner.strip().endswith(IT_OFF)) or (
                IT_ON in text[:m.start()] and text[:m.start()].rfind(IT_ON) > text[:m.start()].rfind(IT_OFF)
                and IT_OFF in text[m.end():])
            italic = italic or (strip_marks(whole).strip().startswith("(") and IT_ON in whole and
                                strip_marks(inner) == strip_marks(inner.replace(IT_ON, "").replace(IT_OFF, "")) and
                                inner.strip().startswith(IT_ON))
            after = strip_marks(text[m.end():])
            at_end = after.strip() in ("", ".", ";", "./.", ":")
            if not inner_plain or inner_plain.lower().startswith("số ") or re.match(r"^\d+[a-z]?$", inner_plain):
                continue
            if (at_end and (italic or _ROLE_WORDS.search(inner_plain))) or (
                    italic and after.lstrip().startswith(".")):
                before = text[:m.start()]
                rest = text[m.end():]
                return before.rstrip() + rest, inner_plain
            break
        return text, None

    def _names_to_ids(self, text: str) -> list[str]:
        return [self.agencies.resolve(n) for n in split_names(text) if agency_like(n)]

    def _note_roles(self, item: dict, note: str, own: str | None, checks: list[str], line: int) -> None:
        bits = note.split("; ")
        fields: dict = {}
        order = ["chu_tri", "phoi_hop", "thoi_han", "san_pham"]
        canonical = True
        for b in bits:
            if (m := re.fullmatch(r"(.+) chủ trì", b)) and all(agency_like(n) for n in split_names(m[1])):
                k, v = "chu_tri", m[1]
            elif (m := re.fullmatch(r"(.+) phối hợp", b)) and all(agency_like(n) for n in split_names(m[1])):
                k, v = "phoi_hop", m[1]
            elif m := re.fullmatch(r"thời hạn: (.+)", b):
                k, v = "thoi_han", m[1]
            elif m := re.fullmatch(r"sản phẩm: (.+)", b):
                k, v = "san_pham", m[1]
            else:
                canonical = False
                break
            if k in fields or any(order.index(x) > order.index(k) for x in fields):
                canonical = False
                break
            fields[k] = v
        if canonical and fields:
            trial: dict = {}
            if "chu_tri" in fields:
                ids = self._names_to_ids(fields["chu_tri"])
                trial["chu_tri"] = ids[0] if len(ids) == 1 else ids
            if "phoi_hop" in fields:
                trial["phoi_hop"] = self._names_to_ids(fields["phoi_hop"])
            for k in ("thoi_han", "san_pham"):
                if k in fields:
                    trial[k] = fields[k]
            if self._auto_note(trial) == note:  # soanthao would print the very same note: keep it structured
                item.update(trial)
                return
        # a note in the writer's own words: keep it verbatim, and read the roles it names
        item["ghi_chu"] = note
        found = []
        head = note
        if m := re.match(r"^(.+?)\s+chủ trì\b,?\s*(.*)$", note):
            ids = self._names_to_ids(m[1])
            if ids:
                item["chu_tri"] = ids[0]
                found.append(f"chủ trì {self.agencies.name(ids[0])}")
            head = m[2]
        support: list[str] = []
        for clause in head.split("; "):
            names, m = [], None
            for m in re.finditer(r"\s(phối hợp|thực hiện|chủ động|chỉ đạo)\b", clause):
                subject = clause[:m.start()]
                names = split_names(subject)
                if names and all(agency_like(n) and len(n.split()) >= 2 for n in names):
                    break
                names = []
            if not names:
                continue
            ids = [self.agencies.resolve(n) for n in names]
            if m[1] == "chủ động" and "chu_tri" not in item and len(ids) > 1:
                item["chu_tri"], ids = ids[0], ids[1:]
            if m[1] != "phối hợp" and ids == [own]:
                continue
            support += [i for i in ids if i != item.get("chu_tri") and i not in support]
        if support:
            item["phoi_hop"] = support
            found.append(f"phối hợp {self.agencies.names(support)}")
        if d := _DEADLINE.search(note):
            item["thoi_han"] = d[1][0].lower() + d[1][1:] if d[1].lower().startswith("trong") else d[1]
            found.append(f"thời hạn {item['thoi_han']}")
        if found:
            short = note if len(note) <= 80 else note[:80].rsplit(" ", 1)[0] + "…"
            checks.append(MSG["note_roles"].format(note=short) + " — " + "; ".join(found))

    def _auto_note(self, item: dict) -> str:
        """The note render_context prints for these roles (no heading agency involved)."""
        bits = []
        lead = item.get("chu_tri")
        if lead:
            bits.append(f"{self.agencies.names([lead] if isinstance(lead, str) else lead)} chủ trì")
        if item.get("phoi_hop"):
            bits.append(f"{self.agencies.names(item['phoi_hop'])} phối hợp")
        if item.get("thoi_han"):
            bits.append(f"thời hạn: {item['thoi_han']}")
        if item.get("san_pham"):
            bits.append(f"sản phẩm: {item['san_pham']}")
        return "; ".join(bits)

    def _support_in(self, text: str, exclude: list[str]) -> list[str]:
        ids: list[str] = []
        for m in _SUPPORT.finditer(text):
            tail = text[m.end():]
            stop = _STOP.search(" " + tail)
            cut = re.split(r"[.;]", tail[:stop.start() if stop else len(tail)])[0]
            if not cut or not agency_like(cut):
                continue
            for n in split_names(cut):
                if agency_like(n):
                    known = self.agencies.known(n) or self.agencies.resolve(n)
                    if known not in ids and known not in exclude:
                        ids.append(known)
        return ids

    def _inline_roles(self, item: dict, paragraphs: list[str], own: str | None, checks: list[str],
                      line: int) -> None:
        s = paragraphs[0]
        m = re.match(r"^(Giao|Đề nghị)\s+", s)
        body = s[m.end():] if m else s
        if cc := re.match(r"^Căn cứ [^,]{3,80}, (?=[a-zđ])", body):  # "Căn cứ Kế hoạch này, các cơ quan … xây dựng"
            rest = body[cc.end():]
            if AGENCY_HEAD.match(rest):
                body = rest[0].upper() + rest[1:]
        requested = bool(m and m[1] == "Đề nghị")
        lead_ids: list[str] = []
        what = []
        if gl := re.match(r"^(Các Sở, ngành):\s*(.+)$", body):
            stop = _STOP.search(" " + gl[2])
            names = [n.strip() for n in (gl[2][:stop.start() - 1] if stop else "").split(", ") if n.strip()]
            ids = [self.agencies.resolve(n if agency_like(n) else f"Sở {n}") for n in names]
            if ids:
                item["chu_tri"] = ids[0]
                if ids[1:]:
                    item["phoi_hop"] = ids[1:]
                item["ghi_chu"] = False
                checks.append(MSG["agency_list"].format(head=gl[1]))
            return
        if AGENCY_HEAD.match(body):
            stop = _STOP.search(" " + body)
            if stop and stop.start() > 0:
                subject = body[:stop.start() - 1].strip().rstrip(",")
                names = split_names(subject)
                if names and all(agency_like(n) for n in names) and len(subject.split()) <= 16:
                    lead_ids = [self.agencies.resolve(n, requested) for n in names]
        support = self._support_in(s, exclude=lead_ids)
        if lead_ids:
            item["chu_tri"] = lead_ids[0]
            what.append(f"chủ trì {self.agencies.name(lead_ids[0])}")
            support = lead_ids[1:] + [i for i in support if i not in lead_ids]
        if support:
            item["phoi_hop"] = support
            what.append(f"phối hợp {self.agencies.names(support)}")
        if what:
            item["ghi_chu"] = False
            checks.append(MSG["inline_roles"].format(what="; ".join(what)))


_PERCENT = re.compile(r"(\d+(?:,\d+)?)(?:\s*-\s*(\d+(?:,\d+)?))?\s*%")
_COMPARED = re.compile(r"so với (?:cùng kỳ )?năm (\d{4})")


def target_figures(text: str) -> list[dict]:
    """Percentages of a target ("tăng trên 05% … so với năm 2020", "giảm từ 03 - 05%") as so_lieu."""
    out = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        year = _COMPARED.search(sentence)
        for m in _PERCENT.finditer(sentence):
            for v in filter(None, (m[1], m[2])):
                value = float(v.replace(",", "."))
                fig: dict = {"gia_tri": int(value) if value.is_integer() else value, "don_vi": "%"}
                if year and year.start() > m.start():
                    fig["nam_so_sanh"] = int(year[1])
                out.append(fig)
    return out


def parse(lines: list[Line]) -> Draft:
    return Parser(lines).parse()

"""The opening of a plan: its legal bases (căn cứ) and the sentence that closes it ("… ban hành Kế hoạch
… như sau:"), as ``mo_dau`` and ``can_cu``.

A citation is split into its fields (type, number, date, issuer, abstract) only when soanthao prints
the fields back as the very sentence read; otherwise the sentence itself is kept. The whole opening is
checked the same way: what soanthao would print (``render_context``) must be what the plan printed,
else the opening is kept as one closing sentence and marked for checking.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import ValidationError

from ..render_context import BodyBuilder
from ..spec import Plan
from .lines import Line
from .report import Kind
from .spec_writer import strip_private

MSG = {
    "leadin_whole": "không tách được các căn cứ của phần mở đầu: giữ nguyên cả đoạn làm câu kết",
    "cite_loose": "căn cứ này không theo mẫu “Loại số … ngày … của … về …”: kiểm tra các trường đã tách",
    "recognised": "{n} căn cứ ở phần mở đầu",
}

_LEADS = r"Căn cứ|Thực hiện|Theo|Triển khai"
_TYPES = (
    r"Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch liên ngành|Kế hoạch hành động|Kế hoạch|"
    r"Công văn|"
    r"Thông tư liên tịch|Thông tư|Chương trình hành động|Chương trình|Hướng dẫn|Văn bản|Thông báo kết luận|"
    r"Thông báo|Kết luận|Pháp lệnh|Hiến pháp|Đề án|Chiến lược"
)
# How a document's title begins after its issuer: "… của Chính phủ quy định chi tiết …", "… của Thủ tướng
# Chính phủ “về …”"; issuer names are capitalised ("Ban Chỉ đạo"), these words are not.
_TITLE_STARTS = (
    r"về|V/v|quy định|hướng dẫn|ban hành|sửa đổi|phê duyệt|triển khai|thực hiện|công bố|thành lập|"
    r"bổ sung|ủy quyền|uỷ quyền|phân bổ|phân cấp|giao|kiện toàn|tăng cường|tập trung|đẩy mạnh|tiếp tục|"
    r"điều chỉnh|chấn chỉnh|nâng cao|phát triển|thúc đẩy|phân công|ký kết|quản lý|tổ chức"
)
_CITE = re.compile(
    rf"^(?:(?P<lead>{_LEADS})\s+)?(?P<type>{_TYPES})"
    r"(?:\s+số\s+(?P<number>\S+?))?(?:\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4}))?"
    rf"(?:\s+của\s+(?P<issuer>[^“”\";]+?))?(?:\s+(?P<abstract>(?:{_TITLE_STARTS})[\s,].*|[“\"].*))?$"
)
# A sentence that reads as a legal basis: a lead word ("Căn cứ", "Xét") or, continuing the one before
# it under the same lead word, a type of document ("…; Nghị định số 98/2021/NĐ-CP …").
_CITE_LIKE = re.compile(rf"^(?:{_LEADS}|Xét|{_TYPES})\b")
_RULE = re.compile(r"^[-_–—=.…]{3,}\s*")
_SENTENCE_END = re.compile(r"([;.])\s+(?=[A-ZĐÀ-Ỹ])")
_ISSUES_PLAN = re.compile(r"\b(?:ban\s+hành|xây\s+dựng|lập)\s+(?:các\s+)?kế\s+hoạch\b", re.I)
_CLOSING_COMMA = re.compile(r",\s+(?=[A-ZĐÀ-Ỹ])")


def printed(mo_dau: dict, can_cu: list) -> list[str] | None:
    """The paragraphs soanthao prints for this opening (None when it is no valid spec)."""
    try:
        plan = Plan.model_validate(strip_private({"mo_dau": mo_dau, "can_cu": can_cu}))
    except ValidationError:
        return None
    builder = BodyBuilder(plan)
    builder.lead_in()
    return [p.text for p in builder.body]


class LeadIn:
    def __init__(self, note: Callable[[str, str, int | None], None]):
        self.note = note

    def read(self, lines: list[Line]) -> dict:
        if not lines:
            return {}
        # the rule drawn under the header, typed as dashes in the same paragraph ("----- Thực hiện …")
        texts = [_RULE.sub("", " ".join(ln.plain.split())) for ln in lines]
        texts = [t for t in texts if t]
        if not texts:
            return {}
        out = self.per_line(texts) if len(texts) > 1 else None
        if out is None:
            out = self.one_paragraph(" ".join(texts), single=len(texts) == 1)
        if out.get("can_cu"):
            self.note(Kind.RECOGNISED, MSG["recognised"].format(n=len(out["can_cu"])), lines[0].no)
        else:
            self.note(Kind.CHECK, MSG["leadin_whole"], lines[0].no)
        return out

    # --- one citation ----------------------------------------------------------------------------
    def citation(self, sentence: str, lead: str | None) -> tuple[dict | str, str | None]:
        """The citation as fields when they print back as ``sentence``, else the sentence; and its lead word."""
        m = _CITE.match(sentence)
        if not m:
            return sentence, lead
        c: dict = {"loai": m["type"]}
        for key, group in (
            ("so_ky_hieu", "number"),
            ("ngay", "date"),
            ("co_quan", "issuer"),
            ("trich_yeu", "abstract"),
        ):
            if m[group]:
                c[key] = m[group].strip()
        if (m["issuer"] or "").count("(") != (m["issuer"] or "").count(")"):
            return sentence, lead  # "của Bộ trưởng … (được điều chỉnh bởi …)": the title is not where it seems
        if m["lead"] is None and lead is None:
            return sentence, lead  # no lead word to continue
        lead = lead or m["lead"]
        if m["lead"] != lead:
            c["dan"] = m["lead"] or ""  # "" continues the citation before it
        if printed({"dan": lead}, [c]) != printed({"dan": lead}, [sentence]):
            return sentence, lead
        if not (m["number"] or m["date"] or m["issuer"]):
            c["_kiem_tra"] = [MSG["cite_loose"]]
        return c, lead

    def citations(self, sentences: list[str]) -> tuple[list, str | None]:
        cites, lead = [], None
        for s in sentences:
            c, lead = self.citation(s, lead)
            cites.append(c)
        return cites, lead

    @staticmethod
    def _mo_dau(lead: str | None, closing: str | None, separator: str, one_per_line: bool) -> dict:
        mo_dau: dict = {}
        if lead and lead != "Căn cứ":
            mo_dau["dan"] = lead
        if one_per_line:
            mo_dau["moi_dong"] = True
        if closing:
            mo_dau["ket"] = closing
            if separator != ";":
                mo_dau["phan_cach"] = separator
        return mo_dau

    # --- each citation its own paragraph ---------------------------------------------------------------
    def per_line(self, texts: list[str]) -> dict | None:
        """ "Căn cứ …;" one per paragraph, then the closing sentence (``moi_dong``); None when the
        paragraphs do not print back that way."""
        closing = texts[-1] if texts[-1].endswith(":") or not _CITE_LIKE.match(texts[-1]) else None
        sentences = texts[:-1] if closing else texts
        if not sentences:
            return None
        separator = sentences[-1][-1] if closing and sentences[-1][-1:] in (";", ".", ",") else ";"
        cites, lead = [], None
        for s in sentences:
            s = s[:-1].rstrip() if s[-1:] in (";", ".", ",") else s
            # "Căn cứ Nghị định A; Nghị định B" in one paragraph: each a citation, when each reads as fields
            pieces = _SENTENCE_END.split(s)[::2]
            parsed, piece_lead = [], lead
            for piece in pieces:
                c, piece_lead = self.citation(piece, piece_lead)
                parsed.append(c)
            if (
                len(pieces) > 1
                and all(isinstance(c, dict) for c in parsed)
                and (printed({"dan": piece_lead, "moi_dong": True}, parsed) or [""])[0].rstrip(";.") == s
            ):
                cites += parsed
                lead = piece_lead
            else:
                c, lead = self.citation(s, lead)
                cites.append(c)
        out = {"mo_dau": self._mo_dau(lead, closing, separator, True), "can_cu": cites}
        return out if printed(out["mo_dau"], cites) == texts else None

    # --- one paragraph -------------------------------------------------------------------------------------
    def one_paragraph(self, text: str, single: bool) -> dict:
        """ "Căn cứ A; Căn cứ B; <closing>" in one paragraph; the closing may follow ";", "." or ","."""
        chunks = _SENTENCE_END.split(text)
        pieces = [(chunks[i], chunks[i - 1] if i else "") for i in range(0, len(chunks), 2)]
        k = 0
        while k < len(pieces) and _CITE_LIKE.match(pieces[k][0]) and (k or re.match(_LEADS, pieces[0][0])):
            k += 1
        sentences = [p for p, _ in pieces[:k]]
        closing, separator = None, ";"
        if k < len(pieces):
            separator = pieces[k][1] or ";"
            closing = pieces[k][0] + "".join(b + " " + c for c, b in pieces[k + 1 :])
        elif sentences and (m := _last_comma_closing(sentences[-1])):
            sentences[-1], closing, separator = sentences[-1][: m.start()], sentences[-1][m.end() :], ","
        if sentences and not closing and sentences[-1].endswith("."):
            sentences[-1] = sentences[-1][:-1]
        cites, lead = self.citations(sentences)
        out = {"mo_dau": self._mo_dau(lead, closing, separator, False), "can_cu": cites}
        if cites and (not single or printed(out["mo_dau"], cites) == [text]):
            return out
        return {"mo_dau": {"ket": text, "_kiem_tra": [MSG["leadin_whole"]]}}


def _last_comma_closing(sentence: str) -> re.Match | None:
    """ ", UBND tỉnh ban hành Kế hoạch … như sau:" closing a one-sentence opening: the comma before the
    closing's subject, that is the last ", <Capital>" before the last "ban hành Kế hoạch" (a comma inside the
    plan's own name, "5G, Internet vạn vật", comes after it)."""
    if not sentence.endswith(":"):
        return None
    verbs = list(_ISSUES_PLAN.finditer(sentence))
    end = verbs[-1].start() if verbs else len(sentence)
    hits = [m for m in _CLOSING_COMMA.finditer(sentence) if m.start() < end]
    return hits[-1] if hits else None

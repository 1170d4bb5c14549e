"""What `soanthao next` records and says: a change it made, a flag for review, the whole result, and the
Vietnamese wording of each (one table, shared by the roll, the command and the report formats)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Report

# --- Vietnamese text the user sees (one place) --------------------------------------------------
MSG = {
    "year_not_number": "năm mới “{value}” không phải là một số; hãy ghi năm bằng chữ số, ví dụ --nam {example}",
    "year_not_after": "năm mới {new} phải sau năm của kế hoạch ({old}); ví dụ --nam {example}",
    "year_too_far": "năm mới {new} không hợp lý (kế hoạch là năm {old})",
    "no_year": "đặc tả chưa có khóa “nam” (năm kế hoạch) nên không biết năm nào cần đổi; hãy thêm “nam: …”",
    "outside_period": "kế hoạch giai đoạn {period} kết thúc trước năm {new}; hãy lập kế hoạch mới cho giai đoạn sau",
    # change kinds
    "c_year": "năm kế hoạch",
    "c_number": "số văn bản (để trống cho bản dự thảo)",
    "c_date": "ngày ban hành (bản dự thảo: chỉ ghi tháng/năm)",
    "c_text": "năm trong nội dung",
    "c_compare": "năm so sánh",
    "c_deadline": "thời hạn",
    # review flags
    "XL-GIAI-DOAN": "giai đoạn “{text}” kết thúc năm {end}, trước năm {new}: xem lại nội dung này",
    "XL-MOC-NAM": "mốc “{text}” đã qua trước năm {new}: xem lại nội dung này",
    "XL-CAN-CU-HET": "căn cứ {cite} về giai đoạn “{text}”, kết thúc năm {end}, trước năm {new}: đã có văn bản "
    "cho giai đoạn mới chưa? (căn cứ được giữ nguyên)",
    "XL-CAN-CU-NAM": "căn cứ {cite} nói về năm {old}: kế hoạch năm {new} cần căn cứ của năm {new} nếu đã có "
    "(căn cứ được giữ nguyên)",
    "XL-CHI-TIEU": "chỉ tiêu đặt theo kết quả năm {old_prev}, nay so với năm {new_prev}: xem lại con số theo kết "
    "quả thực tế năm {new_prev}",
    "XL-NAM-CU": "“{text}” là năm trước của kế hoạch năm {old}, giữ nguyên: nếu đó là số liệu, kết quả của năm "
    "trước thì cần cập nhật cho kế hoạch năm {new}",
    "XL-NAM-GIU": "năm {year} đứng riêng (“{text}”), không rõ có phải năm kế hoạch nên giữ nguyên: xem lại",
    "XL-NGAY-VAN-BAN": "“{text}” được hiểu là ngày của văn bản được dẫn nên giữ nguyên: xem lại (đã có văn bản "
    "mới cho năm {new}? hay đây là một thời hạn?)",
    "XL-LUAT-NAM": "“{text}” là năm của một Luật (giữ nguyên): xem lại nếu đó là năm kế hoạch",
    "XL-TINH-HINH": "phần “{title}” đánh giá tình hình, kết quả đã qua: giữ nguyên các năm trong đó, cần viết lại "
    "cho kế hoạch năm {new}",
    "XL-DAN-CHIEU": "dòng “Kèm theo …” của phụ lục ghi số, ngày của kế hoạch năm {old}: ghi lại số, ngày của "
    "kế hoạch năm {new} khi ký, hoặc bỏ khóa “dan_chieu” để soanthao tự viết",
    "XL-THOI-HAN": "thời hạn “{text}” không hiểu được nên giữ nguyên: xem lại cho năm {new}",
    "XL-NGAY-29-2": "“{before}” không có trong năm {year}: đã ghi “{after}”, xem lại",
    "XL-NGUOI-KY": "người ký “{name}” ({title}) chép từ kế hoạch năm {old}: xem lại người ký, chức vụ",
    "XL-CO-QUAN": "“{text}”: {body} không còn từ ngày {until} ({basis}){successor_text}",
    "XL-CO-QUAN-MOI": "“{text}”: {body} chỉ có từ ngày {since}, chưa có trong năm {new}",
    "successor": "; kế thừa: {successor}",
    "XL-TINH-MO-RONG": "tỉnh, thành phố {name} được hợp nhất, mở rộng từ ngày {since} ({basis}): chỉ tiêu, số liệu "
    "chép từ kế hoạch năm {old} chỉ tính phần địa bàn cũ — xem lại",
    # report
    "title": "Kế hoạch năm {old} → năm {new}",
    "source": "Tệp gốc: {path}",
    "target": "Tệp mới: {path}",
    "draft_date": "Ngày ban hành để dạng dự thảo “{date}” (cùng tháng với bản năm {old}); số văn bản để trống — "
    "ghi số và ngày khi ký.",
    "no_date": "Đặc tả gốc không có ngày ban hành; số văn bản để trống — ghi số và ngày khi ký.",
    "changes": "Đã thay đổi {n} chỗ:",
    "layout": "Lưu ý: không giữ được cách ngắt dòng của tệp gốc trong các đoạn dài (nội dung, chú thích không đổi).",
    "flags": "Cần xem lại {n} chỗ (không tự sửa):",
    "none": "  (không có)",
    "line": "dòng {line}",
    "md_changes": "Đã thay đổi ({n})",
    "md_flags": "Cần xem lại ({n})",
    "md_head_changes": "| Dòng | Khóa | Trước | Sau |",
    "md_head_flags": "| Dòng | Khóa | Mã | Nội dung |",
}


@dataclass
class Change:
    path: tuple
    kind: str
    before: str
    after: str
    line: int | None = None

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "path": _path_text(self.path),
            "kind": self.kind,
            "kind_text": MSG[self.kind],
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Flag:
    path: tuple
    code: str
    message: str
    successor: str | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "path": _path_text(self.path),
            "code": self.code,
            "message": self.message,
            "successor": self.successor,
        }


@dataclass
class Result:
    old_year: int
    new_year: int
    text: str  # the new spec
    data: object  # the edited data: plain, or round-trip when the text had to be read that way
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    draft_date: str | None = None
    source: str = ""
    target: str = ""
    surgical: bool = True  # False when the text had to be dumped whole (layout of long strings lost)
    report: Report | None = None  # the new spec's own diagnostics
    parsed: tuple | None = None  # the new text as read to check it: (data, positions, problems), reused


def _path_text(path: tuple) -> str:
    return "/".join(str(p) for p in path)

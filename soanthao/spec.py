"""The plan model: what a KẾ HOẠCH says, independent of how it is stored or printed.

Spec keys are Vietnamese without diacritics (the YAML the writer types); the
Python attributes are English. Field descriptions are Vietnamese because they
become the JSON Schema that editors show as tooltips. No I/O here.
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _new_list() -> list:
    # Not ``list`` itself: pydantic inspects each factory's signature, and a builtin's is parsed from text
    # with the tokenizer (~0.5 ms each, 30 fields, on every command's start).
    return []


def _new_dict() -> dict:
    return {}


def _as_list(value):
    """A single string where a list of paragraphs is expected is one paragraph."""
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[str], BeforeValidator(_as_list, json_schema_input_type=str | list[str])]
IdList = Annotated[list[str], BeforeValidator(_as_list, json_schema_input_type=str | list[str])]

# How the children of a part or an item are numbered (NĐ 30/2020, PL I, V.6b, and what real plans do):
# "I." Roman, "1." Arabic, "1.1." decimal (the parent's number, then the child's), "a)" Vietnamese letters,
# "-" and "+" dashes, or no marker at all.
NUMBERING_STYLES = {"la_ma": "I.", "so": "1.", "thap_phan": "1.1.", "chu": "a)", "gach": "-", "cong": "+", "khong": ""}
Numbering = Literal["la_ma", "so", "thap_phan", "chu", "gach", "cong", "khong"]
NUMBERING_HELP = (
    "Cách đánh số các mục con: la_ma (I.), so (1.), thap_phan (1.1.), chu (a), b)…), gach (-), "
    "cong (+), khong (không đánh số); bỏ trống để theo cấp (1. → a) → - → +)"
)


def _printed_number(value):
    """5 → "05" (Decree 30 pads numbers below 10); "0129" stays as printed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    return value


PrintedNumber = Annotated[str, BeforeValidator(_printed_number, json_schema_input_type=int | str)]

# A year field: "20277" is a typo of 2027, not a year the date rules and the printed document can handle.
YEAR_MIN, YEAR_MAX = 1945, 2100
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=False, defer_build=True)


def F(alias: str, description: str, **kw):
    return Field(alias=alias, description=description, **kw)


class Issuer(SpecModel):
    """Cơ quan ban hành (ô 2 của Nghị định 30)."""

    parent: str | None = F(
        "chu_quan", "Cơ quan chủ quản, viết hoa, ví dụ “UBND TỈNH LẠNG SƠN” (bỏ trống nếu không có)", default=None
    )
    name: str = F("ten", "Tên cơ quan ban hành, viết hoa, ví dụ “ỦY BAN NHÂN DÂN TỈNH BẮC GIANG”")
    abbreviation: str = F("viet_tat", "Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ “UBND”, “BCĐ”")
    collective: bool | None = F(
        "tap_the", "Cơ quan làm việc theo chế độ tập thể (ký “TM.”); bỏ trống để tự nhận biết", default=None
    )


class Citation(SpecModel):
    """Một văn bản làm căn cứ: “Quyết định số 424/QĐ-TTg ngày 07/4/2017 của Thủ tướng Chính phủ về …”."""

    lead: str | None = F(
        "dan",
        "Từ dẫn riêng cho căn cứ này (mặc định theo mo_dau.dan), ví dụ “Căn cứ”, “Thực hiện”; "
        "“” khi căn cứ nối tiếp căn cứ trước (“Căn cứ Luật A; Nghị định B”)",
        default=None,
    )
    type: str = F("loai", "Tên loại văn bản: Luật, Nghị định, Quyết định, Chỉ thị, Kế hoạch, Công văn…")
    number: str | None = F("so_ky_hieu", "Số và ký hiệu, ví dụ “424/QĐ-TTg”", default=None)
    date: str | None = F("ngay", "Ngày ban hành, dd/mm/yyyy (hoặc “30 tháng 6 năm 2022”, in như ghi)", default=None)
    issuer: str | None = F("co_quan", "Cơ quan ban hành, ví dụ “Thủ tướng Chính phủ”", default=None)
    abstract: str | None = F("trich_yeu", "Trích yếu, bắt đầu bằng “về …” hoặc tên văn bản", default=None)


class LeadIn(SpecModel):
    """Phần mở đầu: các căn cứ nối với câu kết “… ban hành Kế hoạch … như sau:”."""

    lead: str = F("dan", "Từ dẫn trước mỗi căn cứ: “Căn cứ” hoặc “Thực hiện”", default="Căn cứ")
    closing: str | None = F(
        "ket", "Câu kết của phần mở đầu, ví dụ “Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:”", default=None
    )
    separator: Literal[";", ".", ","] = F(
        "phan_cach", "Dấu nối căn cứ cuối với câu kết: “;” (mặc định), “.” hoặc “,”", default=";"
    )
    one_per_line: bool = F(
        "moi_dong",
        "Mỗi căn cứ một đoạn riêng (kết thúc bằng “;”) và câu kết một đoạn riêng; mặc định ghép thành một đoạn",
        default=False,
    )


# A legal basis that does not fit "Loại số … ngày … của … về …" ("Căn cứ tình hình thực tế…", "Xét đề nghị
# của…") is written as the sentence itself.
CitationEntry = Annotated[Citation | str, Field(union_mode="left_to_right")]


class Figure(SpecModel):
    """Số liệu của một chỉ tiêu."""

    value: float = F("gia_tri", "Con số, ví dụ 5")
    unit: str | None = F("don_vi", "Đơn vị, ví dụ “%”, “vụ”, “người”", default=None)
    compared_year: Year | None = F("nam_so_sanh", "Năm so sánh (“so với năm 2020”)", default=None)


class Item(SpecModel):
    """Một mục, điểm hoặc ý (1., a), -, +). Số thứ tự do soanthao tự đánh."""

    title: str | None = F("tieu_de", "Tiêu đề (in đậm ở cấp mục; ở cấp điểm viết “a) Tiêu đề: nội dung”)", default=None)
    agencies: IdList = F(
        "co_quan",
        "Mã cơ quan được giao (hoặc đề nghị) phần này; tiêu đề mặc định là tên cơ quan",
        default_factory=_new_list,
    )
    text: Paragraphs = F("noi_dung", "Nội dung: một đoạn, hoặc danh sách nhiều đoạn", default_factory=_new_list)
    lead: IdList = F(
        "chu_tri",
        "Mã cơ quan chủ trì (thường là một cơ quan; vài cơ quan cùng chủ trì thì ghi danh sách)",
        default_factory=_new_list,
    )
    support: IdList = F("phoi_hop", "Mã các cơ quan phối hợp", default_factory=_new_list)
    deadline: str | None = F(
        "thoi_han", "Thời hạn: 15/6/2027, tháng 6/2027, Quý IV, năm 2027, thường xuyên…", default=None
    )
    output: str | None = F("san_pham", "Sản phẩm, kết quả dự kiến", default=None)
    note: str | bool | None = F(
        "ghi_chu",
        "Ghi chú phân công in nghiêng trong ngoặc; false để không in; bỏ trống để "
        "soanthao tự viết từ chu_tri, phoi_hop, thoi_han",
        default=None,
    )
    figures: list[Figure] = F("so_lieu", "Số liệu của chỉ tiêu", default_factory=_new_list)
    numbering: Numbering | None = F("danh_so", NUMBERING_HELP, default=None)
    unnumbered: bool = F(
        "khong_so",
        "In thành đoạn văn không có số thứ tự (không tính vào số thứ tự của các mục "
        "cùng cấp), như câu dẫn hay câu kết giữa các mục",
        default=False,
    )
    general: bool | None = F(
        "chung",
        "Nhiệm vụ chung của mọi cơ quan (như chế độ báo cáo), in vào bản trích nhiệm "
        "vụ của từng cơ quan (soanthao extract): true/false; bỏ trống để tự nhận biết (ý của "
        "phần tổ chức thực hiện không giao cho cơ quan nào, hoặc giao cho “Các …”)",
        default=None,
    )
    children: list[Item] = F("muc", "Các mục, điểm con", default_factory=_new_list)


def _items_shorthand(value):
    """A part written as a bare list of items is a part with only items."""
    return {"muc": value} if isinstance(value, list) else value


# The customary kinds of part (specs/ke-hoach.yaml): rules use a part's kind, never its position.
PartKind = Literal[
    "muc_dich",
    "muc_tieu",
    "chi_tieu",
    "tinh_hinh",
    "nhiem_vu",
    "phan_cong",
    "kinh_phi",
    "to_chuc_thuc_hien",
    "bao_cao",
    "khac",
]


class Part(SpecModel):
    """Một phần lớn (I., II., …) của kế hoạch: một danh sách mục, hoặc tiêu đề, đoạn mở và các mục."""

    title: str | None = F("tieu_de", "Tiêu đề, viết hoa; bỏ trống để dùng tiêu đề quen dùng", default=None)
    text: Paragraphs = F("noi_dung", "Đoạn văn đứng đầu phần, trước các mục", default_factory=_new_list)
    lead: str | None = F("chu_tri", "Cơ quan chủ trì mặc định cho các nhiệm vụ trong phần", default=None)
    numbering: Numbering | None = F("danh_so", NUMBERING_HELP, default=None)
    children: list[Item] = F("muc", "Các mục của phần", default_factory=_new_list)


class OtherPart(Part):
    """Một phần khác ngoài các phần quen dùng: phải có tiêu đề riêng."""

    title: str = F("tieu_de", "Tiêu đề của phần, viết hoa, ví dụ “CHẾ ĐỘ BÁO CÁO”")


class Section(Part):
    """Một phần của kế hoạch trong danh sách “phan”: in đúng thứ tự viết; không ghi tiêu đề thì in tiêu đề quen
    dùng của loại phần."""

    kind: PartKind | None = F(
        "loai",
        "Loại phần: muc_dich, muc_tieu, chi_tieu, tinh_hinh, nhiem_vu, phan_cong, "
        "kinh_phi, to_chuc_thuc_hien, bao_cao, khac; bỏ trống để nhận biết theo tiêu đề",
        default=None,
    )


PartField = Annotated[Part | None, BeforeValidator(_items_shorthand, json_schema_input_type=list[Item] | Part | None)]


ColumnRole = Literal["stt", "nhiem_vu", "chu_tri", "phoi_hop", "thoi_han", "san_pham", "khac"]


class Column(SpecModel):
    """Một cột của bảng phụ lục."""

    title: str = F("ten", "Tên cột in ở dòng đầu bảng, ví dụ “Cơ quan chủ trì”")
    role: ColumnRole | None = F(
        "vai_tro",
        "Ý nghĩa của cột để soanthao trích nhiệm vụ: stt (số thứ tự tự đánh), "
        "nhiem_vu, chu_tri, phoi_hop, thoi_han, san_pham, khac; bỏ trống để nhận biết "
        "theo tên cột",
        default=None,
    )
    width: float | None = F("rong", "Độ rộng tương đối (mặc định chia theo độ dài nội dung)", default=None)


ColumnEntry = Annotated[Column | str, Field(union_mode="left_to_right")]


class GroupRow(SpecModel):
    """Một dòng nhóm trải hết chiều ngang bảng (“I. NÂNG CAO NHẬN THỨC…”), tự đánh số La Mã."""

    group: str = F("nhom", "Tên nhóm, in đậm; số La Mã tự đánh")


RowEntry = Annotated[GroupRow | list[str], Field(union_mode="left_to_right")]


class Table(SpecModel):
    """Bảng dữ liệu của phụ lục: các cột và các dòng; cột số thứ tự được đánh tự động."""

    columns: list[ColumnEntry] = F("cot", "Các cột, kể cả cột số thứ tự “STT” (nếu có)", min_length=1)
    rows: list[RowEntry] = F(
        "hang",
        "Các dòng: mỗi dòng một danh sách ô (không gồm ô số thứ tự), hoặc “nhom: …” cho dòng nhóm",
        default_factory=_new_list,
    )


class Appendix(SpecModel):
    """Một phụ lục in sau chữ ký: dòng “Phụ lục I”, tiêu đề, dòng “(Kèm theo Kế hoạch số …)”, rồi bảng và/hoặc các mục."""  # noqa: E501 - one line: it is the schema's description

    title: str = F("tieu_de", "Tiêu đề phụ lục, viết hoa")
    subtitle: str | None = F(
        "tieu_de_phu",
        "Dòng in đậm, căn giữa, dưới dòng “(Kèm theo …)” (nếu có), ví dụ tên mẫu báo cáo; xuống dòng bằng “\\n”",
        default=None,
    )
    reference: str | None = F(
        "dan_chieu", "Dòng “(Kèm theo …)” tự viết; bỏ trống để soanthao viết theo số, ngày của kế hoạch", default=None
    )
    landscape: bool | None = F("ngang", "In trang ngang; bỏ trống để tự chọn (bảng từ 5 cột trở lên)", default=None)
    text: Paragraphs = F("noi_dung", "Đoạn văn trước bảng", default_factory=_new_list)
    table: Table | None = F("bang", "Bảng dữ liệu", default=None)
    numbering: Numbering | None = F("danh_so", NUMBERING_HELP, default=None)
    children: list[Item] = F("muc", "Các mục (phụ lục dạng đề cương)", default_factory=_new_list)
    closing: Paragraphs = F("ket_thuc", "Đoạn văn sau bảng và các mục", default_factory=_new_list)
    task_table: bool = F(
        "bang_phan_cong",
        "Bảng phân công do soanthao lập từ các nhiệm vụ của kế hoạch (cơ quan chủ trì, phối hợp, thời hạn, sản phẩm)",
        default=False,
    )


class Agency(SpecModel):
    """Một cơ quan, đơn vị được nêu trong kế hoạch (khai báo một lần)."""

    id: str = F("ma", "Mã ngắn, không dấu, ví dụ “cong_an_tinh”")
    name: str = F("ten", "Tên đầy đủ, ví dụ “Công an tỉnh”")
    short: str | None = F("ten_ngan", "Tên ngắn hoặc viết tắt, ví dụ “CAT”", default=None)
    aliases: list[str] = F(
        "ten_khac", "Các cách gọi khác trong văn bản, ví dụ “lực lượng Công an”", default_factory=_new_list
    )
    requested: bool = F(
        "de_nghi",
        "true nếu cơ quan ban hành không giao được mà phải “Đề nghị” (Tòa án, Viện kiểm sát, Mặt trận, đoàn thể…)",
        default=False,
    )


class Recipient(SpecModel):
    """Một nơi nhận có các nơi nhận con (dòng “+”)."""

    name: str = F("ten", "Tên nơi nhận")
    children: list[str] = F("con", "Các nơi nhận con", default_factory=_new_list)


RecipientEntry = Annotated[Recipient | str, Field(union_mode="left_to_right")]


class Archive(SpecModel):
    """Dòng “Lưu: VT, …” cuối nơi nhận."""

    unit: str | None = F(
        "don_vi", "Viết tắt đơn vị soạn thảo (và người soạn), ví dụ “THNC (NTT)”, “NC.Bên”", default=None
    )
    copies: str | None = F("so_ban", "Số lượng bản lưu, ví dụ “02b”", default=None)
    office: str | None = F("van_thu", "Viết tắt của văn thư cơ quan (mặc định “VT”), ví dụ “VTUB”", default=None)
    under: str | None = F(
        "dat_duoi", "Đặt dòng Lưu dưới nơi nhận này (dòng “+”), như “Văn phòng UBND tỉnh”", default=None
    )


class Signer(SpecModel):
    """Quyền hạn, chức vụ và họ tên người ký (ô 7 của Nghị định 30)."""

    on_behalf_of: str | None = F(
        "thay_mat", "Tập thể mà người ký thay mặt: “ỦY BAN NHÂN DÂN” → “TM. ỦY BAN NHÂN DÂN”", default=None
    )
    authority: Literal["KT.", "TL.", "TUQ.", "Q."] | None = F(
        "quyen_han",
        "Ký thay (KT.), thừa lệnh (TL.), thừa ủy quyền (TUQ.), quyền (Q.); bỏ trống nếu ký trực tiếp",
        default=None,
    )
    principal: str | None = F(
        "thu_truong", "Chức vụ của người đứng đầu, đi sau quyền hạn: “CHỦ TỊCH”, “TRƯỞNG BAN”", default=None
    )
    title: str = F("chuc_vu", "Chức vụ người ký, viết hoa: “PHÓ CHỦ TỊCH”, “CHỦ TỊCH”")
    extra_titles: list[str] = F(
        "chuc_vu_khac", "Dòng chức vụ kiêm nhiệm in thêm trên họ tên (nếu có)", default_factory=_new_list
    )
    name: str = F("ho_ten", "Họ và tên người ký")
    below_name: list[str] = F(
        "duoi_ten", "Các dòng in dưới họ tên người ký (nếu có), ví dụ chức vụ chính thức", default_factory=_new_list
    )


class Layout(SpecModel):
    """Lựa chọn trình bày."""

    font_size: Literal[13, 14] = F("co_chu", "Cỡ chữ phần nội dung: 13 hoặc 14", default=14)
    appendix_table: bool = F(
        "phu_luc_phan_cong",
        "In phụ lục bảng phân công nhiệm vụ (như một phụ lục “bang_phan_cong: true” đặt trước các phụ lục khác)",
        default=False,
    )
    numbering: Literal["la_ma", "so"] = F(
        "danh_so",
        "Cách đánh số các phần: la_ma (I., II.; mặc định) hoặc so (1., 2.: kế hoạch không có phần La Mã)",
        default="la_ma",
    )


class Plan(SpecModel):
    """Đặc tả một KẾ HOẠCH theo Nghị định 30/2020/NĐ-CP."""

    doc_type: Literal["ke_hoach"] = F("loai_van_ban", "Loại văn bản (hiện có: ke_hoach)", default="ke_hoach")
    issuer: Issuer | None = F("co_quan_ban_hanh", "Cơ quan ban hành", default=None)
    number: PrintedNumber | None = F(
        "so",
        "Số văn bản, in như ghi (“0129” giữ số 0 đầu); số dưới 10 ghi "
        "số nguyên thì in thêm số 0 (5 → “05”); bỏ trống trong bản dự thảo",
        default=None,
    )
    symbol: str | None = F("ky_hieu", "Ký hiệu, ví dụ “KH-UBND”", default=None)
    place: str | None = F("dia_danh", "Địa danh, ví dụ “Lạng Sơn”", default=None)
    date: str | None = F(
        "ngay",
        "Ngày ban hành dd/mm/yyyy; bản dự thảo ghi mm/yyyy (để trống ngày) hoặc yyyy (để trống ngày và tháng)",
        default=None,
    )
    year: Year | None = F("nam", "Năm kế hoạch", default=None)
    period: str | None = F("giai_doan", "Giai đoạn của kế hoạch nhiều năm, ví dụ “2021-2025”", default=None)
    horizon: Year | None = F(
        "tam_nhin",
        "Năm tầm nhìn, định hướng mà trích yếu nêu (“… đến năm 2030, định hướng đến năm 2045” → 2045)",
        default=None,
    )
    title: str | None = F("trich_yeu", "Trích yếu (tên kế hoạch), viết hoa chữ đầu", default=None)
    lead_in: LeadIn = F("mo_dau", "Phần mở đầu", default_factory=LeadIn)
    citations: list[CitationEntry] = F(
        "can_cu",
        "Các văn bản làm căn cứ; một căn cứ không theo mẫu (“Căn cứ tình hình thực tế…”) ghi nguyên câu",
        default_factory=_new_list,
    )
    sections: list[Section] = F(
        "phan",
        "Các phần của kế hoạch theo đúng thứ tự in (dùng thay cho các khóa "
        "muc_dich, nhiem_vu, to_chuc_thuc_hien… khi kế hoạch có phần khác, thứ tự khác)",
        default_factory=_new_list,
    )
    purpose: PartField = F("muc_dich", "Phần “MỤC ĐÍCH, YÊU CẦU”", default=None)
    objectives: PartField = F("muc_tieu", "Phần “MỤC TIÊU” (khi kế hoạch nêu mục tiêu riêng)", default=None)
    targets: PartField = F("chi_tieu", "Phần “CHỈ TIÊU”", default=None)
    tasks: PartField = F("nhiem_vu", "Phần “NHIỆM VỤ, GIẢI PHÁP”: các nhiệm vụ và phân công", default=None)
    other_parts: list[OtherPart] = F(
        "phan_khac", "Các phần khác (có tiêu đề riêng), in sau phần nhiệm vụ", default_factory=_new_list
    )
    funding: PartField = F("kinh_phi", "Phần “KINH PHÍ THỰC HIỆN”", default=None)
    implementation: PartField = F("to_chuc_thuc_hien", "Phần “TỔ CHỨC THỰC HIỆN”", default=None)
    closing: Paragraphs = F(
        "ket_thuc",
        "Các đoạn sau phần cuối (“Trên đây là Kế hoạch …”, “Trong quá trình thực hiện …”)",
        default_factory=_new_list,
    )
    notes: dict[str, str] = F(
        "chu_thich",
        "Chú thích cuối trang: mã → nội dung; đánh dấu chỗ đặt trong nội dung bằng [^mã], ví dụ “… của UBND tỉnh[^1]”",
        default_factory=_new_dict,
    )
    agencies: list[Agency] = F("co_quan", "Các cơ quan, đơn vị được nêu", default_factory=_new_list)
    recipients: list[RecipientEntry] = F("noi_nhan", "Nơi nhận (không gồm dòng Lưu)", default_factory=_new_list)
    archive: Archive | None = F("luu", "Dòng “Lưu: VT, …”", default=None)
    copies: str | None = F(
        "phat_hanh",
        "Ký hiệu người đánh máy, nhân bản và số lượng bản phát hành, in dưới nơi "
        "nhận (ô 12 của Nghị định 30), ví dụ “PL.(300)”, “08 KH”",
        default=None,
    )
    signer: Signer | None = F("nguoi_ky", "Người ký", default=None)
    appendices: list[Appendix] = F("phu_luc", "Các phụ lục in sau chữ ký", default_factory=_new_list)
    layout: Layout = F("trinh_bay", "Lựa chọn trình bày", default_factory=Layout)

    def parts(self) -> list[PartRef]:
        """The parts in the order they are printed, each with its spec path and its kind.

        A plan written with ``phan`` prints its parts as listed. The older keys (``muc_dich``,
        ``nhiem_vu``…, ``phan_khac``) are a shorthand for the customary skeleton and print in the
        customary order; a plan may not mix the two (rule KH-PHAN-TRON).
        """
        out = [PartRef((k,), k, getattr(self, a)) for k, a in PART_ORDER[:4] if getattr(self, a) is not None]
        out += [PartRef(("phan_khac", i), "khac", p) for i, p in enumerate(self.other_parts)]
        out += [PartRef((k,), k, getattr(self, a)) for k, a in PART_ORDER[4:] if getattr(self, a) is not None]
        out += [PartRef(("phan", i), p.kind or kind_of_title(p.title), p) for i, p in enumerate(self.sections)]
        return out

    def appendix_list(self) -> list[Appendix]:
        """The appendices in print order; ``trinh_bay.phu_luc_phan_cong`` is a generated task table first."""
        generated = [Appendix(tieu_de=TASK_TABLE_TITLE, bang_phan_cong=True)] if self.layout.appendix_table else []
        return generated + list(self.appendices)

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)


class PartRef(NamedTuple):
    path: tuple  # ("nhiem_vu",), ("phan_khac", 0), ("phan", 2)
    kind: str  # one of PartKind
    part: Part


TASK_TABLE_TITLE = "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH"


def kind_of_title(title: str | None) -> str:
    """The customary kind a part's title names (specs/ke-hoach.yaml), else "khac"."""
    from .resources import part_kind_by_title  # the structure file is read once, lazily

    return part_kind_by_title(title or "")


# Spec key → attribute, in the customary printing order (phan_khac goes after nhiem_vu).
PART_ORDER = [
    ("muc_dich", "purpose"),
    ("muc_tieu", "objectives"),
    ("chi_tieu", "targets"),
    ("nhiem_vu", "tasks"),
    ("kinh_phi", "funding"),
    ("to_chuc_thuc_hien", "implementation"),
]

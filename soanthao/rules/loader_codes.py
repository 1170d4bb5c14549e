"""Codes the loader emits while reading the file (before any rule runs)."""

from ..diagnostics import Severity
from . import SPEC_PITFALLS, loader_rule

E, W = Severity.ERROR, Severity.WARNING

loader_rule("TEP-KHONG-CO", E, "Tệp không tồn tại hoặc là một thư mục.", SPEC_PITFALLS)
loader_rule("TEP-KHONG-DOC-DUOC", E, "Hệ điều hành không cho đọc tệp.", SPEC_PITFALLS)
loader_rule("TEP-QUA-LON", E, "Tệp lớn hơn 5 MB: không phải một đặc tả kế hoạch.", SPEC_PITFALLS)
loader_rule("TEP-MA-HOA", E, "Tệp không lưu ở mã UTF-8 (Windows-1258, TCVN3, VNI) hoặc là tệp Word/zip.", SPEC_PITFALLS)
loader_rule("TEP-RONG", E, "Tệp rỗng.", SPEC_PITFALLS)
loader_rule(
    "YAML-CU-PHAP", E, "Tệp không đúng cú pháp YAML (thiếu “:”, thụt lề lệch, ngoặc chưa đóng…).", SPEC_PITFALLS
)
loader_rule(
    "YAML-NEO",
    E,
    "Neo “&”, bí danh “*” và khóa gộp “<<” cho danh sách hay nhóm khóa không được dùng "
    "(chặn “bom bí danh”); bí danh của chữ chép tổng cộng tối đa 100.000 ký tự.",
    SPEC_PITFALLS,
)
loader_rule("YAML-LONG-SAU", E, "Cấu trúc lồng quá sâu.", SPEC_PITFALLS)
loader_rule(
    "YAML-CHU-THICH",
    E,
    "Chữ không có ngoặc kép bị cắt ở “ #” (ví dụ “Tổ dân phố #3”): phần sau bị coi là "
    "chú thích và mất, nên không xuất văn bản; đặt cả đoạn trong ngoặc kép.",
    SPEC_PITFALLS,
)
loader_rule("YAML-THE", E, "Thẻ YAML (“!!python/…”, “!tag”) không được hỗ trợ.", SPEC_PITFALLS)
loader_rule("SPEC-KHONG-PHAI-DAC-TA", E, "Cấp ngoài cùng của tệp không phải nhóm khóa của một đặc tả.", SPEC_PITFALLS)
loader_rule(
    "SPEC-KHOA-LA",
    E,
    "Khóa không có trong đặc tả (gõ sai tên khóa), kèm gợi ý “có phải …?”: "
    "nội dung dưới khóa sai sẽ bị bỏ qua nên đây là lỗi.",
    SPEC_PITFALLS,
)
loader_rule(
    "SPEC-TRUNG-KHOA",
    E,
    "Một khóa viết hai lần trong cùng một nhóm: YAML chỉ giữ một giá trị, nội dung kia mất.",
    SPEC_PITFALLS,
)
loader_rule(
    "SPEC-THIEU", E, "Thiếu một khóa bắt buộc trong một nhóm (ví dụ “ten” của cơ quan ban hành).", SPEC_PITFALLS
)
loader_rule(
    "SPEC-KIEU", E, "Giá trị sai kiểu (một số ở chỗ cần danh sách…) hoặc ngoài các giá trị cho phép.", SPEC_PITFALLS
)
loader_rule("TEXT-DIEU-KHIEN", E, "Ký tự điều khiển (thường do dán từ Word) trong tệp.", SPEC_PITFALLS)
loader_rule("TEXT-NFC", W, "Chữ Việt ở dạng tổ hợp (NFD): đã chuẩn hóa về dạng dựng sẵn (NFC).", "TCVN 6909:2001")
loader_rule(
    "CAU-HINH",
    E,
    "Tệp cấu hình “.soanthao.yaml” ghi sai: mã quy tắc không có, mức không hợp lệ, hoặc đổi mức "
    "một lỗi không được đổi.",
    SPEC_PITFALLS,
)

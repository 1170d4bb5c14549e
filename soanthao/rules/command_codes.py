"""Codes the commands emit about their own run (render, next, import, extract, init, serve, huong-dan) and
the review flags of ``next``: listed so that ``soanthao rules`` names every code a user can see."""

from ..diagnostics import Severity
from . import loader_rule

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note (lưu ý)

SAFETY = "README.md, “An toàn”"
EXIT = "README.md, “Mã thoát”"
NEXT = "README.md, “Lập kế hoạch năm sau”"
EXTRACT = "README.md, “Trích nhiệm vụ cho từng cơ quan”"
IMPORT = "README.md, “Nhập kế hoạch có sẵn”"
SERVE = "README.md, “Soạn trên trình duyệt”"

# --- files the commands write ----------------------------------------------------------------------
loader_rule(
    "TEP-RA",
    E,
    "Không ghi được tệp ra (tệp đang mở trong Word, thư mục không có, ổ đĩa đầy), hoặc tệp ra "
    "không hợp lệ: trùng một tệp đầu vào, không phải tệp .docx, không phải thư mục (extract --all).",
    SAFETY,
)
loader_rule(
    "TEP-DA-CO",
    E,
    "Tệp ra (đặc tả, báo cáo) đã có: soanthao không ghi đè nếu không có --force; init không bao giờ ghi đè.",
    SAFETY,
)
loader_rule(
    "TEP-DA-SUA",
    E,
    "Tệp .docx hay PDF đã được sửa (hoặc lưu lại trong Word) sau khi soanthao ghi, hoặc không "
    "do soanthao ghi: giữ nguyên trừ khi có --force (extract --all giữ tệp đó và báo cảnh báo).",
    SAFETY,
)
loader_rule(
    "TEP-CU",
    W,
    "extract --all: tệp trích của cơ quan nay không còn nhiệm vụ được giữ lại vì đã được sửa "
    "sau khi soanthao ghi (hoặc không xóa được).",
    EXTRACT,
)
loader_rule(
    "TEP-KHONG-RO", N, "extract --all: thư mục ra có tệp không thuộc lần trích này; soanthao giữ nguyên.", EXTRACT
)
loader_rule(
    "TEP-DUOI-YAML",
    W,
    "init: tệp đặc tả nên có đuôi .yaml để trình soạn thảo tô màu, gợi ý khóa và báo lỗi khi gõ.",
    "README.md, “Các lệnh”",
)
loader_rule(
    "MAU", E, "Mẫu Word (--template) hỏng, sai cú pháp hoặc dùng lệnh không an toàn: không xuất văn bản.", SAFETY
)
loader_rule("PDF", E, "LibreOffice không chuyển được văn bản sang PDF (tệp .docx vẫn được ghi).", EXIT)
loader_rule("PDF-THIEU-LIBREOFFICE", E, "Cần PDF nhưng máy chưa cài LibreOffice (tệp .docx vẫn được ghi).", EXIT)

# --- next -----------------------------------------------------------------------------------------
loader_rule(
    "NAM-MOI",
    E,
    "next: năm mới không phải số, không sau năm kế hoạch, quá xa, ngoài giai đoạn của kế "
    "hoạch, hoặc đặc tả chưa có khóa “nam”.",
    NEXT,
)

# --- import ---------------------------------------------------------------------------------------
loader_rule(
    "NHAP-LOAI-TEP", E, "import: chỉ nhập được tệp .docx, .pdf, .txt hoặc .md (tệp .doc: lưu lại thành .docx).", IMPORT
)
loader_rule(
    "NHAP-KHONG-DOC-DUOC",
    E,
    "import: không đọc được tệp gốc (hỏng, quá lớn, có mật khẩu, PDF chỉ có ảnh quét…).",
    IMPORT,
)
loader_rule(
    "NHAP-KHONG-PHAI-KE-HOACH", E, "import: văn bản không phải một kế hoạch (ví dụ một bản tin); không ghi gì.", IMPORT
)

# --- extract --------------------------------------------------------------------------------------
loader_rule("CO-QUAN-KHONG-CO", E, "extract: không có cơ quan nào trong kế hoạch khớp tên đã gõ (kèm gợi ý).", EXTRACT)
loader_rule("CO-QUAN-MO-HO", E, "extract: tên đã gõ khớp nhiều cơ quan; hãy gõ mã hoặc tên đầy đủ.", EXTRACT)
loader_rule(
    "KHONG-CO-NHIEM-VU",
    N,
    "extract: cơ quan được chọn (hoặc mọi cơ quan) không có nhiệm vụ chủ trì hay phối hợp; không tạo văn bản.",
    EXTRACT,
)
loader_rule(
    "NHIEM-VU-CHUA-GIAO",
    N,
    "extract --all: nhiệm vụ chưa giao cho cơ quan nào nên không có trong bản trích nào.",
    EXTRACT,
)
loader_rule(
    "PHAN-CONG-CU",
    E,
    "extract --all: bảng theo dõi phan-cong.xlsx cũ không đọc được; tiến độ đã điền sẽ "
    "mất nếu ghi đè nên chưa ghi tệp nào.",
    EXTRACT,
)
loader_rule(
    "PHAN-CONG-GAN-DUNG",
    N,
    "extract --all: dòng đã điền ở bảng cũ được ghép với nhiệm vụ có nội dung đã sửa; hãy kiểm tra lại.",
    EXTRACT,
)
loader_rule(
    "PHAN-CONG-KHONG-KHOP",
    W,
    "extract --all: ô đã điền ở bảng cũ không còn khớp nhiệm vụ hay cơ quan nào; được giữ ở một trang riêng.",
    EXTRACT,
)
loader_rule(
    "PHAN-CONG-XOAY",
    N,
    "extract --all: nhiều cơ quan hơn số cột của Excel; trang “Phân công” ghi mỗi cơ quan một dòng.",
    EXTRACT,
)
loader_rule(
    "PHAN-CONG-QUA-LON",
    W,
    "extract --all: nhiều cơ quan và nhiệm vụ hơn số cột và số dòng của Excel; "
    "trang “Phân công” chỉ có các cơ quan đầu.",
    EXTRACT,
)

# --- serve, huong-dan, the program itself ------------------------------------------------------------
loader_rule("THU-MUC-KHONG-CO", E, "serve: thư mục được chọn không có.", SERVE)
loader_rule("CONG-BAN", E, "serve: cổng đang được chương trình khác dùng, hoặc không mở được máy chủ.", SERVE)
loader_rule("HUONG-DAN", E, "huong-dan: không có mục hay khóa đã gõ trong hướng dẫn.", "specs/README.md")
loader_rule(
    "LOI-CHUONG-TRINH",
    E,
    "Lỗi của chính soanthao, không phải của tệp bạn soạn: chi tiết được ghi vào một "
    "tệp trong thư mục tạm để gửi báo lỗi.",
    EXIT,
)

# --- the review flags of next (nothing is changed at these places: the user decides) --------------------
loader_rule("XL-GIAI-DOAN", W, "next: một giai đoạn nêu trong nội dung kết thúc trước năm mới.", NEXT)
loader_rule("XL-MOC-NAM", W, "next: một mốc năm trong nội dung đã qua trước năm mới.", NEXT)
loader_rule(
    "XL-CAN-CU-HET", W, "next: căn cứ về một giai đoạn đã kết thúc trước năm mới (căn cứ được giữ nguyên).", NEXT
)
loader_rule(
    "XL-CAN-CU-NAM",
    W,
    "next: căn cứ nói về năm kế hoạch cũ; kế hoạch năm mới cần căn cứ của năm mới nếu đã có (căn cứ được giữ nguyên).",
    NEXT,
)
loader_rule(
    "XL-CHI-TIEU", W, "next: chỉ tiêu đặt theo kết quả năm trước; con số cần xem lại theo kết quả thực tế.", NEXT
)
loader_rule(
    "XL-NAM-CU", W, "next: năm trước của kế hoạch cũ được giữ nguyên; nếu là số liệu, kết quả thì cần cập nhật.", NEXT
)
loader_rule("XL-NAM-GIU", W, "next: một năm đứng riêng, không rõ có phải năm kế hoạch, được giữ nguyên.", NEXT)
loader_rule("XL-NGAY-VAN-BAN", W, "next: một ngày được hiểu là ngày của văn bản được dẫn nên giữ nguyên.", NEXT)
loader_rule("XL-LUAT-NAM", W, "next: năm của một Luật được giữ nguyên.", NEXT)
loader_rule("XL-TINH-HINH", W, "next: phần đánh giá tình hình, kết quả đã qua giữ nguyên các năm; cần viết lại.", NEXT)
loader_rule(
    "XL-DAN-CHIEU", W, "next: dòng “Kèm theo …” của phụ lục ghi số, ngày của kế hoạch cũ; ghi lại khi ký.", NEXT
)
loader_rule("XL-THOI-HAN", W, "next: một thời hạn không hiểu được nên giữ nguyên.", NEXT)
loader_rule("XL-NGAY-29-2", W, "next: ngày 29/02 không có trong năm mới; đã ghi ngày 28/02.", NEXT)
loader_rule("XL-NGUOI-KY", W, "next: người ký, chức vụ chép từ kế hoạch cũ.", NEXT)
loader_rule("XL-CO-QUAN", W, "next: cơ quan, địa danh không còn sau sắp xếp năm 2025 (kèm tên kế thừa nếu có).", NEXT)
loader_rule("XL-CO-QUAN-MOI", W, "next: cơ quan chỉ có từ một ngày sau năm mới.", NEXT)
loader_rule(
    "XL-TINH-MO-RONG",
    W,
    "next: tỉnh, thành phố được hợp nhất, mở rộng; chỉ tiêu, số liệu chép từ kế hoạch cũ chỉ tính địa bàn cũ.",
    NEXT,
)

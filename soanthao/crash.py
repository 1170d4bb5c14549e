"""What an unforeseen exception tells the clerk: one Vietnamese line, the details saved to a file to send."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback

from . import __version__


def crash_message(err: BaseException, what: str) -> str:
    """Save the traceback of ``err`` (with ``what`` was being done) to a temporary file; the message says where."""
    details = f"soanthao {__version__}, Python {sys.version.split()[0]}, {sys.platform}\nlệnh: {what}\n\n" + "".join(
        traceback.format_exception(err)
    )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        fd, log = tempfile.mkstemp(prefix=f"soanthao-loi-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(details)
        where = f"Chi tiết đã ghi vào {log}; hãy gửi tệp đó"
    except OSError:
        where = "Chạy lại với biến môi trường SOANTHAO_DEBUG=1 để xem chi tiết, rồi gửi chi tiết đó"
    return (
        f"lỗi [LOI-CHUONG-TRINH] soanthao gặp một lỗi chưa lường trước ({type(err).__name__}); đây là lỗi của "
        f"chương trình, không phải của tệp bạn soạn. {where} cùng lệnh đã chạy cho người phụ trách soanthao."
    )

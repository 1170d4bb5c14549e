"""Shared fixtures: a small spec that passes every rule, and helpers to check one."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from soanthao.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# A plan that passes every rule without a warning. Tests change one thing in it.
BASE = """\
co_quan_ban_hanh:
  ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
  viet_tat: UBND
so: 5
ky_hieu: KH-UBND
dia_danh: Lạng Sơn
ngay: 05/01/2027
nam: 2027
trich_yeu: Phòng, chống ma túy năm 2027
mo_dau:
  dan: Căn cứ
  ket: "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
can_cu:
  - loai: Quyết định
    so_ky_hieu: 424/QĐ-TTg
    ngay: 07/4/2017
    co_quan: Thủ tướng Chính phủ
    trich_yeu: về việc phê duyệt Đề án
muc_dich:
  - tieu_de: Mục đích
    noi_dung: Nâng cao hiệu quả phòng, chống ma túy.
chi_tieu:
  - noi_dung: Tăng 5% số vụ bắt giữ so với năm 2026.
    so_lieu:
      - gia_tri: 5
        don_vi: "%"
        nam_so_sanh: 2026
nhiem_vu:
  - co_quan: cong_an_tinh
    muc:
      - noi_dung: Tổ chức Tháng hành động phòng, chống ma túy.
        phoi_hop: [so_y_te]
        thoi_han: tháng 6/2027
      - noi_dung: Đấu tranh với tội phạm ma túy.
        thoi_han: thường xuyên
  - co_quan: toa_an_tinh
    noi_dung: Xét xử lưu động các vụ án điển hình.
to_chuc_thuc_hien:
  - noi_dung: Các cơ quan báo cáo kết quả về Công an tỉnh.
    chu_tri: cong_an_tinh
co_quan:
  - ma: cong_an_tinh
    ten: Công an tỉnh
  - ma: so_y_te
    ten: Sở Y tế
  - ma: toa_an_tinh
    ten: Tòa án nhân dân tỉnh
    de_nghi: true
noi_nhan:
  - Bộ Công an
  - ten: Văn phòng UBND tỉnh
    con: [LĐVP]
luu:
  don_vi: NC
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  quyen_han: KT.
  thu_truong: CHỦ TỊCH
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Nguyễn Văn An
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


@pytest.fixture
def cmd(capsys, monkeypatch):
    """Run the `soanthao` command in-process: cmd("validate", path) → (exit code, stdout, stderr)."""
    from soanthao import cli

    def run(*args):
        monkeypatch.setattr(sys, "argv", ["soanthao", *map(str, args)])
        with pytest.raises(SystemExit) as exit_info:
            cli.main()
        out, err = capsys.readouterr()
        return exit_info.value.code, out, err

    return run


@pytest.fixture
def check(tmp_path):
    """Write YAML text to a file and return (report, diagnostics)."""

    def run(text: str | bytes, name: str = "spec.yaml"):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        _, report = validate_file(path)
        return report

    return run


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    output: str  # both streams, in the order they were written


class _Both(io.StringIO):
    """One stream's capture that also feeds the interleaved one."""

    def __init__(self, both: io.StringIO) -> None:
        super().__init__()
        self.both = both

    def write(self, text: str) -> int:
        self.both.write(text)
        return super().write(text)


def invoke(args: list[str]) -> CliResult:
    """Run the `soanthao` command in-process, outside a pytest fixture (module-level helpers, loops)."""
    from soanthao import cli

    both = io.StringIO()
    out, err = _Both(both), _Both(both)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        cli.main([str(a) for a in args])
    return CliResult(done.value.code, out.getvalue(), err.getvalue(), both.getvalue())

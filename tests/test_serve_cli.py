"""`soanthao serve` as a clerk starts it: the address printed, the page served, Ctrl-C a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals")


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "soanthao.cli", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )


def test_serve_prints_its_address_serves_the_plans_and_stops_cleanly_on_ctrl_c(tmp_path):
    (tmp_path / "ke-hoach.yaml").write_bytes((EXAMPLES / "mau-ke-hoach-ngan.yaml").read_bytes())
    proc = _start(str(tmp_path), "--port", "0", "--no-browser")
    try:
        first = proc.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert address, first
        with urllib.request.urlopen(address[0], timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "Danh sách kế hoạch" in page and "ke-hoach.yaml" in page
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "Đã dừng." in err and "Traceback" not in err + out


def test_a_busy_port_is_a_vietnamese_message_not_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _start(str(tmp_path), "--port", str(port), "--no-browser")
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert f"lỗi [CONG-BAN] cổng {port} đang được chương trình khác dùng" in err and "Traceback" not in err


def test_a_missing_folder_is_refused(tmp_path):
    proc = _start(str(tmp_path / "khong-co"), "--no-browser")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2 and "lỗi [THU-MUC-KHONG-CO]" in err


def test_without_a_port_the_next_free_one_is_taken(tmp_path):
    from soanthao.web.server import DEFAULT_PORT, start

    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", DEFAULT_PORT))
        except OSError:
            pytest.skip("cổng mặc định đang bận sẵn")
        taken.listen()
        server, address = start(tmp_path)
        try:
            assert f":{DEFAULT_PORT}/" not in address and server.port != DEFAULT_PORT
        finally:
            server.server_close()


def test_every_file_a_page_loads_is_shipped_and_nothing_comes_from_the_internet():
    import soanthao.web

    web = Path(soanthao.web.__file__).parent
    sources = [*web.glob("templates/*.html"), *web.glob("static/*.css")]
    referenced = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(["']?(https?:)?//|@import""", text), source.name
        referenced |= set(re.findall(r"/static/([\w./-]+)", text))
    assert {"editor.js", "home.js", "vendor/docx-preview.min.js", "vendor/jszip.min.js"} <= referenced
    for name in referenced:
        assert (web / "static" / name).is_file(), name

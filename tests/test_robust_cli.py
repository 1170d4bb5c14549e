"""Issue 13: custom templates bounded in time, memory and size; never a traceback; clean stops on
Ctrl-C, SIGTERM and SIGHUP; messages that name the right file and suggest the right command."""

from __future__ import annotations

import errno
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import BASE, ROOT
from docx import Document

from soanthao import atomic, pdf, template_sandbox
from soanthao.atomic import write_text_atomic

HAS_LIBREOFFICE = pdf.find_soffice() is not None
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice is not installed")


@pytest.fixture
def spec(tmp_path) -> Path:
    path = tmp_path / "kh.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def template(path: Path, *lines: str) -> Path:
    doc = Document()
    doc.add_paragraph("Mẫu của Sở")
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path


# --- custom templates: every failure is exit 3 with a located [MAU] message ------------------------------------------
TOO_BIG = "tạo dữ liệu quá lớn gần “{p}”: {what} vượt quá 1.000.000 ký tự; điều này không được phép"


@pytest.mark.parametrize(
    "payload, expected",
    [
        ("{{ 'a'.ljust(10**9) }}", TOO_BIG.replace("{what}", "kết quả của ljust()")),
        ("{{ '{:>1000000000}'.format('a') }}", TOO_BIG.replace("{what}", "độ rộng trong chuỗi định dạng")),
        ("{{ '%1000000000s'|format('a') }}", TOO_BIG.replace("{what}", "độ rộng trong chuỗi định dạng")),
        ("{{ '%1000000000s' % 'a' }}", TOO_BIG.replace("{what}", "độ rộng trong chuỗi định dạng")),
        ("{{ 'a'|center(10**9) }}", TOO_BIG.replace("{what}", "tham số của bộ lọc center")),
        ("{% set a = 'x' * 1000000 %}{% set a = a ~ a %}{{ a }}", TOO_BIG.replace("{what}", "giá trị tạo ra")),
        ("{% set a = 'x' * 1000000 %}{{ a + a }}", TOO_BIG.replace("{what}", "kết quả của phép cộng chuỗi")),
        ("{{ 10 ** 100000000 }}", "tạo dữ liệu quá lớn gần “{p}”: số mũ lớn hơn 100"),
        (
            "{{ range(10**9)|list }}",
            "dùng một dãy range() hoặc một số quá lớn gần “{p}” (range tối đa 100.000 phần tử).",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "có một macro gọi lại chính nó không dừng gần “{p}”."),
        ("{% include 'khac.xml' %}", "nhúng một mẫu khác gần “{p}” ({% include %}, {% import %} hay {% extends %})"),
        ("{{ 1/0 }}", "chia cho 0 gần “{p}”."),
        (
            "{{ noi_nhan.append(1) }}",
            "dùng một thao tác không được phép gần “{p}” (truy cập vào bên trong Python, sửa dữ liệu của kế hoạch",
        ),
    ],
)
def test_template_errors_are_exit_3_with_a_located_message(cmd, spec, tmp_path, payload, expected):
    mau = template(tmp_path / "mau.docx", payload)
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert code == 3, err
    assert err.startswith(f"{mau}: lỗi [MAU] Mẫu “mau.docx” " + expected.replace("{p}", payload)), err
    assert "Traceback" not in err and not (tmp_path / "ra.docx").exists()


def test_the_data_is_read_only_to_a_template(tmp_path):
    from test_render import make_plan

    from soanthao.render import TemplateError, render_docx

    for payload in ("{{ noi_dung.append(1) }}", "{{ noi_nhan.pop() }}", "{{ co_quan_list.clear() if co_quan_list }}"):
        mau = template(tmp_path / "mau.docx", payload)
        if "co_quan_list" in payload:
            continue  # (not a field) kept out: only real fields prove the point
        with pytest.raises(TemplateError, match="không được phép"):
            render_docx(make_plan(), tmp_path / "ra.docx", template=mau)


def test_a_template_that_never_ends_is_stopped(cmd, spec, tmp_path, monkeypatch):
    monkeypatch.setattr(template_sandbox, "SECONDS", 2)
    mau = template(
        tmp_path / "mau.docx", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert time.monotonic() - started < 10
    assert code == 3 and f"{mau}: lỗi [MAU] Mẫu “mau.docx” chạy quá 2 giây nên đã bị dừng" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is RLIMIT_AS, enforced on Linux")
def test_a_template_that_hoards_memory_is_stopped(cmd, spec, tmp_path):
    mau = template(tmp_path / "mau.docx", "{% for i in range(99999) %}{{ 'x' * 999999 }}{% endfor %}")
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert code == 3 and "Mẫu “mau.docx” cần quá nhiều bộ nhớ" in err


def _with_part(mau: Path, name: str, size: int) -> Path:
    with zipfile.ZipFile(mau, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, b"\0" * size)
    return mau


def test_an_oversized_image_in_the_template_is_refused(cmd, spec, tmp_path):
    mau = _with_part(template(tmp_path / "mau.docx", "{{ co_quan }}"), "word/media/image1.png", 21 * 2**20)
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert code == 3
    assert (
        f"{mau}: lỗi [MAU] Mẫu “mau.docx” chứa “word/media/image1.png” lớn 21 MB khi giải nén (tối đa 20 MB "
        "cho một phần, ví dụ một hình ảnh)"
    ) in err


def test_a_template_too_big_unpacked_is_refused(cmd, spec, tmp_path):
    mau = template(tmp_path / "mau.docx", "{{ co_quan }}")
    for i in range(6):
        _with_part(mau, f"word/media/image{i}.png", 19 * 2**20)
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert code == 3 and "Mẫu “mau.docx” giải nén ra 115 MB (tối đa 100 MB)." in err


def test_a_folder_given_as_template_is_named_as_the_template(cmd, spec, tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    code, _, err = cmd("render", spec, "--template", folder, "-o", tmp_path / "o.docx")
    assert code == 3
    assert err.strip().endswith(f"{folder}: lỗi [MAU] “{folder}” là một thư mục, không phải tệp mẫu Word .docx.")
    assert "o.docx" not in err


def test_a_missing_template_says_where_it_was_looked_for(cmd, spec, tmp_path):
    code, _, err = cmd("render", spec, "--template", tmp_path / "khong-co.docx", "-o", tmp_path / "o.docx")
    assert (
        code == 3 and f"Không tìm thấy tệp mẫu “{tmp_path / 'khong-co.docx'}” (đã tìm trong thư mục {tmp_path})." in err
    )


def test_the_builtin_template_renders_in_process(cmd, spec, tmp_path, monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError("the built-in template must not start a child process")

    monkeypatch.setattr(template_sandbox, "run_limited", no_child)
    code, _, err = cmd("render", spec, "-o", tmp_path / "ra.docx")
    assert code == 0 and (tmp_path / "ra.docx").exists(), err


def test_a_good_custom_template_still_renders(cmd, spec, tmp_path):
    mau = template(
        tmp_path / "mau.docx", "{{ co_quan }} {{ '%05d'|format(7) }} {{ 'ab'.ljust(4, '.') }} {{ 'x' ~ 'y' }}"
    )
    code, _, err = cmd("render", spec, "--template", mau, "-o", tmp_path / "ra.docx")
    assert code == 0, err
    texts = [p.text for p in Document(str(tmp_path / "ra.docx")).paragraphs]
    assert "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN 00007 ab.. xy" in texts


# --- never a traceback ----------------------------------------------------------------------------------------------
def _failing_open(code: int):
    real = os.open

    def fake(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, *args, **kwargs)

    return fake


def test_init_into_a_read_only_folder(cmd, tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "open", _failing_open(errno.EROFS))
    code, out, err = cmd("init", tmp_path / "moi.yaml")
    assert code == 3 and err.strip() == f"{tmp_path / 'moi.yaml'}: lỗi [TEP-RA] ổ đĩa chỉ đọc"
    assert ".tmp" not in err and not list(tmp_path.iterdir())


def test_init_warns_about_a_name_that_is_not_yaml(cmd, tmp_path):
    code, _, err = cmd("init", tmp_path / "moi.txt")
    assert code == 0 and (tmp_path / "moi.txt").exists()
    assert (f"{tmp_path / 'moi.txt'}: cảnh báo [TEP-DUOI-YAML] tệp đặc tả nên có đuôi .yaml (ví dụ “moi.yaml”)") in err


class _FullDisk:
    """A file whose writes fail as on a full disk."""

    real_fdopen = staticmethod(os.fdopen)  # the test replaces os.fdopen with this class

    def __init__(self, fd, *args, **kwargs):
        self.raw = self.real_fdopen(fd, *args, **kwargs)

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.raw, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.raw.close()


def test_a_full_disk_names_the_target_not_the_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "fdopen", _FullDisk)
    with pytest.raises(OSError) as err:
        write_text_atomic(tmp_path / "x.yaml", "nam: 2027\n")
    assert err.value.filename == str(tmp_path / "x.yaml") and err.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_during_render_prints_one_message_and_nothing_else(spec, tmp_path):
    script = (
        "import errno, os, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from test_robust_cli import _FullDisk\n"
        "from soanthao import atomic, cli\n"
        "atomic.os.fdopen = _FullDisk\n"
        f"sys.argv = ['soanthao', 'render', {str(spec)!r}]\n"
        "cli.main()\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    assert run.stderr.strip() == f"{tmp_path / 'kh.docx'}: lỗi [TEP-RA] ổ đĩa đã đầy"  # no "Exception ignored"


def test_an_unexpected_error_is_short_vietnamese_and_saved_for_a_report(cmd, spec, tmp_path, monkeypatch):
    from soanthao import cli

    def bug(*args, **kwargs):
        raise RuntimeError("lỗi lập trình")

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr("soanthao.validate.validate_file", bug)  # the command imports it when it runs
    code, _, err = cmd("validate", spec)
    assert code == cli.REPORT_EXIT == 70 and "Traceback" not in err
    (log,) = tmp_path.glob("soanthao-loi-*.txt")
    assert err.startswith(
        "lỗi [LOI-CHUONG-TRINH] soanthao gặp một lỗi chưa lường trước (RuntimeError); đây là lỗi "
        f"của chương trình, không phải của tệp bạn soạn. Chi tiết đã ghi vào {log}; hãy gửi tệp đó"
    )
    assert "RuntimeError: lỗi lập trình" in log.read_text(encoding="utf-8")


def test_ctrl_c_says_stopped(cmd, spec, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("soanthao.render.render_docx", interrupted)
    code, _, err = cmd("render", spec)
    assert code == 130 and err.strip().endswith("Đã dừng.")


def test_ctrl_c_while_starting_is_no_traceback():
    script = (
        "import os, signal, sys, threading, time\n"
        "sys.argv[0] = 'soanthao'\n"
        "threading.Timer(0.02, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "import soanthao.cli\n"
        "time.sleep(5)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (130, "Đã dừng.\n")


# --- PDF: a locked output, a full disk ---------------------------------------------------------------------------
def _fake_libreoffice(monkeypatch, make_pdf: bool = True):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")

    def run(cmd, timeout, names):
        work = Path(cmd[cmd.index("--outdir") + 1])
        if make_pdf:
            for docx in cmd[cmd.index("--outdir") + 2 :]:
                (work / f"{Path(docx).stem}.pdf").write_bytes(b"%PDF-1.4 fake")
        return 0, ""

    monkeypatch.setattr(pdf, "_run", run)


def _locked_pdf(monkeypatch):
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith(".pdf"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(pdf.os, "replace", replace)


def test_render_pdf_open_in_a_reader(cmd, spec, tmp_path, monkeypatch):
    _fake_libreoffice(monkeypatch)
    _locked_pdf(monkeypatch)
    code, _, err = cmd("render", spec, "--pdf")
    target = tmp_path / "kh.pdf"
    assert code == 3 and "Traceback" not in err
    assert (
        f"{target}: lỗi [TEP-RA] Không ghi được “{target}”: tệp đang mở trong một chương trình khác (trình đọc "
        "PDF?) hoặc thư mục không cho phép ghi. Hãy đóng tệp rồi chạy lại."
    ) in err
    assert not list(tmp_path.glob(".soanthao-pdf-*"))


def test_extract_pdf_open_in_a_reader(cmd, spec, tmp_path, monkeypatch):
    _fake_libreoffice(monkeypatch)
    _locked_pdf(monkeypatch)
    code, _, err = cmd("extract", spec, "--co-quan", "cong_an_tinh", "--format", "pdf")
    assert code == 3 and "Traceback" not in err
    assert "lỗi [TEP-RA] Không ghi được" in err and "(trình đọc PDF?)" in err


def test_pdf_on_a_full_disk_says_so(cmd, spec, tmp_path, monkeypatch):
    _fake_libreoffice(monkeypatch, make_pdf=False)
    monkeypatch.setattr(pdf.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9, 0))
    code, _, err = cmd("render", spec, "--pdf")
    assert code == 3 and "mã thoát 0" not in err
    assert (
        f"lỗi [PDF] LibreOffice không chuyển được “kh.docx” sang PDF (ổ đĩa chứa thư mục {tmp_path} đã đầy; "
        "hãy giải phóng chỗ trống rồi chạy lại)."
    ) in err


def test_pdf_missing_without_a_reason_does_not_say_exit_code_0(cmd, spec, monkeypatch):
    _fake_libreoffice(monkeypatch, make_pdf=False)
    code, _, err = cmd("render", spec, "--pdf")
    assert code == 3 and "mã thoát 0" not in err
    assert (
        "lỗi [PDF] LibreOffice không chuyển được “kh.docx” sang PDF (LibreOffice chạy xong nhưng không tạo ra "
        "tệp PDF)." in err
    )


# --- messages ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, expected",
    [
        (("rendr", "kh.yaml"), "lỗi: không có lệnh “rendr”; có phải “render”? Gõ “soanthao --help”"),
        (("render", "--pfd", "kh.yaml"), "lỗi: không có tùy chọn “--pfd”; có phải “--pdf”? Gõ “soanthao --help”"),
        (("render",), "lỗi: thiếu tệp đặc tả. Gõ “soanthao --help”"),
        (("validate",), "lỗi: thiếu tệp đặc tả. Gõ “soanthao --help”"),
    ],
)
def test_usage_errors_name_things_as_a_clerk_does(cmd, args, expected):
    code, _, err = cmd(*args)
    assert code == 2 and err.startswith(expected), err


def test_a_missing_spec_says_which_folder_was_searched(cmd, tmp_path):
    code, out, _ = cmd("validate", tmp_path / "khong-co.yaml")
    assert code == 2 and f"không tìm thấy tệp “khong-co.yaml” trong thư mục {tmp_path}" in out


@pytest.mark.parametrize(
    "name, program", [("phan-cong.xlsx", "Excel"), ("kh.docx", "Word"), ("kh.yaml", "trình soạn thảo")]
)
def test_the_lock_message_names_the_right_program(tmp_path, monkeypatch, name, program):
    def replace(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(PermissionError) as err:
        write_text_atomic(tmp_path / name, "x")
    assert f"tệp đang mở trong một chương trình khác ({program}?)" in err.value.strerror
    assert list(tmp_path.iterdir()) == []


# --- signals: everything cleaned up -----------------------------------------------------------------------------------
def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "soanthao.cli", *map(str, args)]


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@needs_libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find LibreOffice")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_pdf_conversion_cleans_up(spec, tmp_path, sig):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen(
        _command("render", spec, "--pdf"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert _wait_for(lambda: _processes_mentioning(str(tmp)) and list(tmp_path.glob(".soanthao-pdf-*")))
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 128 + sig and err.strip().endswith("Đã dừng.") and "Traceback" not in err
    assert _wait_for(lambda: not _processes_mentioning(str(tmp)), 5), "LibreOffice left running"
    assert not list(tmp.glob("soanthao-lo-*"))  # the profile
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh.docx", "kh.yaml", "tmp"]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the child process")
def test_a_signal_during_a_custom_template_stops_its_child(spec, tmp_path):
    mau = template(
        tmp_path / "mau-vo-tan.docx", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    )
    proc = subprocess.Popen(
        _command("render", spec, "--template", mau, "-o", tmp_path / "ra.docx"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: len(_processes_mentioning(str(mau))) >= 2)  # the command and its child
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 143 and err.strip().endswith("Đã dừng.")
    assert _wait_for(lambda: not _processes_mentioning(str(mau)), 5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh.yaml", "mau-vo-tan.docx"]


# --- progress on a terminal only --------------------------------------------------------------------------------------
@needs_libreoffice
def test_pdf_progress_shows_on_a_terminal_only(spec, tmp_path):
    main, secondary = pty.openpty()
    proc = subprocess.Popen(_command("render", spec, "--pdf"), stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(main)
    assert "Đang chuyển 1 tệp sang PDF bằng LibreOffice" in seen.decode("utf-8", "replace")
    piped = subprocess.run(_command("render", spec, "--pdf", "--force"), capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and "Đang chuyển" not in piped.stderr

"""The editor's HTTP side (`soanthao serve`), without a browser: who may call it, which files it may touch,
and what its JSON API and forms answer (werkzeug's test client on the WSGI app)."""

from __future__ import annotations

import copy
import difflib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from web_server import BAC_GIANG, PORT, Api, api, comment_lines, served

ROOT = Path(__file__).resolve().parent.parent
WORD_SOURCE = ROOT / "tests" / "fixtures" / "originals" / "02_laocai-sct-huanluyen-vlncn-2026.source.docx"
OLD_TITLE = "Thực hiện Chương trình công tác năm 2023 của Ủy ban Quốc gia phòng, chống AIDS, ma túy, mại dâm"
NEW_TITLE = "Thực hiện Chương trình công tác năm 2023 về phòng, chống ma túy trên địa bàn tỉnh"


def docx_text(data: bytes) -> str:
    """Every paragraph of a .docx (body and tables), one a line."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- who may call ----------------------------------------------------------------------------------------
def test_foreign_host_is_refused_in_vietnamese(api: Api):
    r = api.client.get("/", headers={"Host": "attacker.example:8765"})
    assert r.status_code == 403
    assert r.json == {"message": "Yêu cầu bị từ chối: địa chỉ máy chủ “attacker.example:8765” không phải máy này."}
    # the same name on another port is no more this server (DNS rebinding comes with the page's own port)
    r = api.client.get("/api/ke-hoach?tep=" + BAC_GIANG, headers={"Host": "127.0.0.1:9999"})
    assert r.status_code == 403
    assert r.json["message"].startswith("Yêu cầu bị từ chối: địa chỉ máy chủ “127.0.0.1:9999”")
    for host in ("127.0.0.1", "localhost", "[::1]"):
        assert api.client.get("/", headers={"Host": f"{host}:{PORT}"}).status_code == 200


ORIGIN_MSG = "Yêu cầu bị từ chối: yêu cầu thay đổi dữ liệu phải đến từ chính trang soạn thảo."
CSRF_MSG = "Yêu cầu bị từ chối: thiếu mã xác nhận của trang; hãy tải lại trang rồi thử lại."


def test_post_without_or_with_a_foreign_origin_is_refused(api: Api):
    token = {"X-CSRF-Token": api.editor.guard.csrf}
    before = (api.folder / BAC_GIANG).read_bytes()
    body = {"tep": BAC_GIANG, "version": api.plan()["version"], "text": "trich_yeu: bị ghi đè\n"}
    r = api.post("/api/luu", body, headers=api.headers(**token))  # no Origin, no Referer
    assert (r.status_code, r.json) == (403, {"message": ORIGIN_MSG})
    r = api.post("/api/luu", body, headers=api.headers(Origin="http://attacker.example", **token))
    assert (r.status_code, r.json) == (403, {"message": ORIGIN_MSG})
    r = api.post("/api/luu", body, headers=api.headers(Referer="http://attacker.example/trang", **token))
    assert (r.status_code, r.json) == (403, {"message": ORIGIN_MSG})
    r = api.form("/moi", {"ten": "ke-hoach-la"})  # the home page's own form passes
    assert r.status_code == 303
    r = api.client.post(
        "/moi",
        data={"csrf": api.editor.guard.csrf, "ten": "tu-trang-khac"},
        headers=api.headers(Origin="http://attacker.example"),
    )
    assert r.status_code == 403
    assert not (api.folder / "tu-trang-khac.yaml").exists()
    assert (api.folder / BAC_GIANG).read_bytes() == before


def test_post_without_the_csrf_token_is_refused(api: Api):
    before = (api.folder / BAC_GIANG).read_bytes()
    body = {"tep": BAC_GIANG, "version": api.plan()["version"], "text": "trich_yeu: bị ghi đè\n"}
    r = api.post("/api/luu", body, headers=api.headers(Origin=api.own))
    assert (r.status_code, r.json) == (403, {"message": CSRF_MSG})
    r = api.post("/api/luu", body, headers=api.headers(Origin=api.own, **{"X-CSRF-Token": "doan-bua"}))
    assert (r.status_code, r.json) == (403, {"message": CSRF_MSG})
    r = api.client.post("/moi", data={"ten": "khong-ma"}, headers=api.headers(Origin=api.own))
    assert (r.status_code, r.json) == (403, {"message": CSRF_MSG})
    assert (api.folder / BAC_GIANG).read_bytes() == before
    assert not (api.folder / "khong-ma.yaml").exists()


# --- which files ------------------------------------------------------------------------------------------
@pytest.fixture
def outside(served: Path) -> Path:
    """A plan next to the served folder (not inside it), and a link from inside pointing to it."""
    secret = served.parent / "ngoai-thu-muc.yaml"
    secret.write_text((served / BAC_GIANG).read_text(encoding="utf-8"), encoding="utf-8")
    (served / "loi-tat.yaml").symlink_to(secret)
    (served / "thu-muc-tat").symlink_to(served.parent, target_is_directory=True)
    return secret


@pytest.mark.parametrize(
    "rel",
    [
        "../ngoai-thu-muc.yaml",
        "thuc-te/../../ngoai-thu-muc.yaml",
        "ABSOLUTE",
        "loi-tat.yaml",
        "thu-muc-tat/ngoai-thu-muc.yaml",
    ],
)
def test_paths_outside_the_folder_are_refused(api: Api, outside: Path, rel: str):
    if rel == "ABSOLUTE":
        rel = str(outside)
    before = outside.read_bytes()
    r = api.get(f"/api/ke-hoach?tep={rel}")
    assert r.status_code == 403
    assert r.json == {"message": f"đường dẫn “{rel}” nằm ngoài thư mục đang mở"}
    assert api.get(f"/sua?tep={rel}").status_code == 403
    r = api.post("/api/luu", {"tep": rel, "version": "x", "text": "trich_yeu: ghi ra ngoài\n"})
    assert r.status_code == 403
    r = api.post("/api/luu", {"tep": rel, "version": "x", "keep_both": True, "text": "trich_yeu: ghi ra ngoài\n"})
    assert r.status_code == 403
    r = api.post("/api/kiem-tra", {"tep": rel, "text": "trich_yeu: x\n"})
    assert r.status_code == 403
    assert outside.read_bytes() == before
    assert sorted(p.name for p in outside.parent.iterdir()) == ["ke-hoach", "ngoai-thu-muc.yaml"]


def test_a_link_inside_the_folder_to_a_file_inside_is_fine(api: Api):
    (api.folder / "ban-sao.yaml").symlink_to(api.folder / "mau-ke-hoach-ngan.yaml")
    assert api.get("/api/ke-hoach?tep=ban-sao.yaml").status_code == 200


# --- live check ---------------------------------------------------------------------------------------------
def test_check_returns_the_rules_diagnostics_with_their_spec_path(api: Api):
    plan = api.plan()
    assert plan["diagnostics"] == []
    data = copy.deepcopy(plan["data"])
    data["ngay"] = "31/02/2023"
    task = data["nhiem_vu"]["muc"][1]["muc"][0]  # Công an tỉnh's first task
    task["chu_tri"] = "so_khong_co"
    r = api.post("/api/kiem-tra", {"tep": BAC_GIANG, "data": data})
    assert r.status_code == 200
    found = {(d["code"], d["path"]): d for d in r.json["diagnostics"]}
    date = found[("ND30-NGAY", "ngay")]
    assert date["severity"] == "loi" and date["label"] == "lỗi"
    assert date["message"] == "ngày 31/02/2023 không có thật: tháng 2 năm 2023 có 28 ngày"
    # chu_tri is a list of ids (one id written alone is its first): the path names the id
    agency = found[("KH-CO-QUAN-CHUA-KHAI-BAO", "nhiem_vu/muc/1/muc/0/chu_tri/0")]
    assert "so_khong_co" in agency["message"]
    assert set(date) >= {"code", "severity", "label", "message", "reference", "line", "column", "path"}
    assert r.json["errors"] == len([d for d in r.json["diagnostics"] if d["severity"] == "loi"]) >= 2
    assert "text" not in r.json  # only with "with_text"
    assert r.json["numbers"]["nhiem_vu"] == "II." and r.json["numbers"]["nhiem_vu/muc/1"] == "2."

    # the same edit as YAML text: the diagnostic carries the line too
    text = (api.folder / BAC_GIANG).read_text(encoding="utf-8").replace('ngay: "5/2023"', 'ngay: "31/02/2023"')
    r = api.post("/api/kiem-tra", {"tep": BAC_GIANG, "text": text})
    date = next(d for d in r.json["diagnostics"] if d["code"] == "ND30-NGAY")
    assert date["path"] == "ngay"
    assert text.splitlines()[date["line"] - 1] == 'ngay: "31/02/2023"'
    assert r.json["text"] == text and r.json["data"]["ngay"] == "31/02/2023"

    r = api.post("/api/kiem-tra", {"tep": BAC_GIANG, "data": plan["data"], "with_text": True})
    assert r.json["diagnostics"] == [] and r.json["text"] == (api.folder / BAC_GIANG).read_text(encoding="utf-8")


def test_check_without_data_or_text_says_so(api: Api):
    r = api.post("/api/kiem-tra", {"tep": BAC_GIANG})
    assert (r.status_code, r.json) == (400, {"message": "Yêu cầu thiếu nội dung (data hoặc text)."})


# --- saving ---------------------------------------------------------------------------------------------------
def test_save_changes_only_the_edited_line_and_keeps_every_comment(api: Api, monkeypatch):
    import soanthao.atomic

    path = api.folder / BAC_GIANG
    before = path.read_text(encoding="utf-8")
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(
        soanthao.atomic.os,
        "replace",
        lambda src, dst: (replaced.append((Path(src), Path(dst))), real_replace(src, dst))[1],
    )
    plan = api.plan()
    data = plan["data"]
    data["trich_yeu"] = NEW_TITLE
    r = api.post("/api/luu", {"tep": BAC_GIANG, "version": plan["version"], "data": data})
    assert r.status_code == 200, r.json
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [f'-trich_yeu: "{OLD_TITLE}"', f'+trich_yeu: "{NEW_TITLE}"']
    assert comment_lines(after) == comment_lines(before) and len(comment_lines(before)) > 40
    # written atomically: a temporary file beside it, moved over the plan, none left behind
    onto_plan = [src for src, dst in replaced if dst == path]
    assert len(onto_plan) == 1 and onto_plan[0].parent == path.parent and onto_plan[0].name.endswith(".tmp")
    assert not list(api.folder.glob(".*.tmp"))
    assert r.json["message"].startswith(f"Đã lưu {BAC_GIANG} lúc ")
    assert r.json["tep"] == BAC_GIANG and r.json["text"] == after and r.json["version"] != plan["version"]
    assert api.plan()["version"] == r.json["version"]


def test_save_with_a_stale_version_is_a_conflict_and_writes_nothing(api: Api):
    path = api.folder / BAC_GIANG
    plan = api.plan()
    theirs = path.read_text(encoding="utf-8").replace("dia_danh: Bắc Giang", "dia_danh: Bắc Ninh")
    path.write_text(theirs, encoding="utf-8")  # another editor, a folder sync or git
    mine = plan["data"]
    mine["trich_yeu"] = NEW_TITLE
    r = api.post("/api/luu", {"tep": BAC_GIANG, "version": plan["version"], "data": mine})
    assert r.status_code == 409
    assert r.json["conflict"] is True
    assert r.json["message"].startswith(f"Tệp “{BAC_GIANG}” đã được sửa ở nơi khác")
    assert r.json["disk_text"] == theirs and r.json["disk_version"] == api.plan()["version"]
    assert path.read_text(encoding="utf-8") == theirs
    assert api.get(f"/api/lich-su?tep={BAC_GIANG}").json == {"versions": []}
    assert sorted(p.name for p in api.folder.iterdir()) == sorted(p.name for p in (ROOT / "examples").iterdir())

    # keep both: mine goes beside it under a new name, theirs stays
    r = api.post("/api/luu", {"tep": BAC_GIANG, "version": plan["version"], "data": mine, "keep_both": True})
    assert r.status_code == 200
    assert r.json["tep"] == "bac-giang-2023-ubqg-ban-cua-toi.yaml"
    assert r.json["message"] == (
        "Tệp gốc đã đổi trên đĩa nên bản của bạn được lưu thành tệp mới “bac-giang-2023-ubqg-ban-cua-toi.yaml”."
    )
    beside = (api.folder / "bac-giang-2023-ubqg-ban-cua-toi.yaml").read_text(encoding="utf-8")
    assert f'trich_yeu: "{NEW_TITLE}"' in beside or f"trich_yeu: {NEW_TITLE}" in beside
    assert "dia_danh: Bắc Giang" in beside
    assert path.read_text(encoding="utf-8") == theirs
    assert api.plan("bac-giang-2023-ubqg-ban-cua-toi.yaml")["version"] == r.json["version"]
    # a second conflict does not overwrite the first copy
    r = api.post("/api/luu", {"tep": BAC_GIANG, "version": plan["version"], "data": mine, "keep_both": True})
    assert r.json["tep"] == "bac-giang-2023-ubqg-ban-cua-toi-2.yaml"


def test_every_save_keeps_the_previous_version_bounded_and_restorable(api: Api):
    rel = "mau-ke-hoach-ngan.yaml"
    path = api.folder / rel
    original = path.read_text(encoding="utf-8")
    plan = api.plan(rel)
    version, texts = plan["version"], [original]
    for n in range(22):
        data = copy.deepcopy(plan["data"])
        data["trich_yeu"] = f"Kế hoạch thử lần {n + 1}"
        r = api.post("/api/luu", {"tep": rel, "version": version, "data": data})
        assert r.status_code == 200, r.json
        version = r.json["version"]
        texts.append(path.read_text(encoding="utf-8"))
        if n == 0:
            first = api.get(f"/api/lich-su?tep={rel}").json["versions"]
            assert len(first) == 1 and first[0]["size"] == len(original.encode("utf-8"))
    versions = api.get(f"/api/lich-su?tep={rel}").json["versions"]
    assert len(versions) == 20  # the 22 previous versions, the oldest two dropped
    assert [v["id"] for v in versions] == sorted((v["id"] for v in versions), reverse=True)  # newest first
    assert all(len(v["time"]) == len("14:05:12 02/12/2026") for v in versions)

    # versions[k] is the text before save 22 - k; restore one from the middle
    chosen = versions[5]
    assert (api.folder / ".soanthao-lich-su" / rel / f"{versions[-1]['id']}.yaml").read_text(encoding="utf-8") == texts[
        2
    ]
    current = path.read_text(encoding="utf-8")
    r = api.post("/api/khoi-phuc", {"tep": rel, "id": chosen["id"], "version": version})
    assert r.status_code == 200, r.json
    assert path.read_text(encoding="utf-8") == texts[16]
    assert re.search(r'^trich_yeu: "?Kế hoạch thử lần 16"?$', texts[16], re.M)
    assert r.json["message"] == (
        f"Đã khôi phục bản lưu lúc {chosen['time']}; bản trước khi khôi phục vẫn nằm trong lịch sử."
    )
    assert r.json["version"] == api.plan(rel)["version"] and r.json["text"] == texts[16]
    newest = api.get(f"/api/lich-su?tep={rel}").json["versions"]
    assert len(newest) == 20
    history = api.folder / ".soanthao-lich-su" / rel
    assert (history / f"{newest[0]['id']}.yaml").read_text(encoding="utf-8") == current

    r = api.post("/api/khoi-phuc", {"tep": rel, "id": "../../etc/passwd", "version": version})
    assert r.status_code == 404
    # the history folder is hidden: it is no plan of the home page
    assert ".soanthao-lich-su" not in api.get("/").get_data(as_text=True)


def test_restoring_the_oldest_version_of_a_full_history_names_its_time(api: Api):
    rel = "mau-ke-hoach-ngan.yaml"
    plan = api.plan(rel)
    version = plan["version"]
    for n in range(20):
        data = copy.deepcopy(plan["data"])
        data["trich_yeu"] = f"Kế hoạch thử lần {n + 1}"
        version = api.post("/api/luu", {"tep": rel, "version": version, "data": data}).json["version"]
    oldest = api.get(f"/api/lich-su?tep={rel}").json["versions"][-1]
    r = api.post("/api/khoi-phuc", {"tep": rel, "id": oldest["id"], "version": version})
    assert r.status_code == 200
    assert r.json["message"].startswith(f"Đã khôi phục bản lưu lúc {oldest['time']};")


# --- preview and downloads ----------------------------------------------------------------------------------
def test_preview_is_a_docx_with_the_edited_title(api: Api):
    data = api.plan()["data"]
    data["trich_yeu"] = NEW_TITLE
    r = api.post("/api/xem-truoc", {"tep": BAC_GIANG, "data": data})
    assert r.status_code == 200
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = docx_text(r.get_data())
    assert NEW_TITLE in text and OLD_TITLE not in text
    assert "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG" in text
    assert r.headers.get("Content-Disposition") is None  # shown in the page, not downloaded


def test_preview_of_unreadable_yaml_says_why(api: Api):
    r = api.post("/api/xem-truoc", {"tep": BAC_GIANG, "text": "trich_yeu: [chưa đóng\n"})
    assert r.status_code == 422
    assert r.json["message"].startswith("Chưa xem trước được")


def test_template_syntax_in_a_task_is_printed_literally(api: Api):
    data = api.plan()["data"]
    data["nhiem_vu"]["muc"][1]["muc"][0]["noi_dung"] = "Kiểm tra {{ 7*7 }} và {% if true %}X{% endif %} lần."
    r = api.post("/api/xem-truoc", {"tep": BAC_GIANG, "data": data})
    assert r.status_code == 200
    text = docx_text(r.get_data())
    assert "- Kiểm tra {{ 7*7 }} và {% if true %}X{% endif %} lần (các sở, ngành chức năng" in text
    assert "49" not in text.replace("2049", "")


def test_word_download_is_refused_while_errors_remain(api: Api):
    data = api.plan()["data"]
    r = api.post("/api/tai-word", {"tep": BAC_GIANG, "data": data})
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == (
        "attachment; filename=\"bac-giang-2023-ubqg.docx\"; filename*=UTF-8''bac-giang-2023-ubqg.docx"
    )
    assert OLD_TITLE in docx_text(r.get_data())
    data["ngay"] = "31/02/2023"
    r = api.post("/api/tai-word", {"tep": BAC_GIANG, "data": data})
    assert (r.status_code, r.json) == (
        422,
        {"message": "Còn 1 lỗi trong kế hoạch; hãy sửa các chỗ được đánh dấu đỏ rồi tải lại."},
    )
    r = api.post("/api/tai-pdf", {"tep": BAC_GIANG, "data": data})
    assert r.status_code in (422, 503)


# --- the home page's forms -----------------------------------------------------------------------------------
def test_import_of_a_word_file_creates_a_spec(api: Api):
    with WORD_SOURCE.open("rb") as fh:
        r = api.form("/nhap", {"tep": (fh, "Kế hoạch huấn luyện.docx")})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Đã nhập “Kế hoạch huấn luyện.docx”" in page
    created = api.folder / "ke-hoach-huan-luyen.yaml"
    assert created.is_file()
    assert 'href="/sua?tep=ke-hoach-huan-luyen.yaml"' in page
    assert "Mở kế hoạch vừa nhập" in page
    assert "Đã ghi ke-hoach-huan-luyen.yaml:" in page
    plan = api.plan("ke-hoach-huan-luyen.yaml")
    assert plan["data"]["trich_yeu"]
    assert plan["data"].get("nhiem_vu") or plan["data"].get("phan")
    # a second import of the same file does not overwrite the first
    with WORD_SOURCE.open("rb") as fh:
        api.form("/nhap", {"tep": (fh, "Kế hoạch huấn luyện.docx")})
    assert (api.folder / "ke-hoach-huan-luyen-2.yaml").is_file()


def test_import_of_a_rendered_plan_reads_its_title(api: Api, tmp_path: Path):
    out = tmp_path / "bac-giang.docx"
    subprocess.run(
        [sys.executable, "-m", "soanthao.cli", "render", str(api.folder / BAC_GIANG), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    with out.open("rb") as fh:
        r = api.form("/nhap", {"tep": (fh, "bac-giang.docx")})
    assert r.status_code == 200, r.get_data(as_text=True)
    plan = api.plan("bac-giang.yaml")
    assert plan["data"]["trich_yeu"] == OLD_TITLE


def test_import_refuses_other_file_types(api: Api):
    r = api.form("/nhap", {"tep": (io.BytesIO(b"MZ"), "chuong-trinh.exe")})
    assert "Chỉ nhập được tệp .docx, .pdf, .txt hoặc .md" in r.get_data(as_text=True)
    assert not list(api.folder.glob("chuong-trinh*"))


def test_extract_gives_a_zip_of_word_files_and_the_assignment_sheet(api: Api):
    r = api.form("/trich", {"tep": BAC_GIANG})
    assert r.status_code == 200
    assert r.mimetype == "application/zip"
    assert 'filename="bac-giang-2023-ubqg-nhiem-vu.zip"' in r.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(r.get_data()))
    names = archive.namelist()
    assert all(n.startswith("bac-giang-2023-ubqg-nhiem-vu/") for n in names)
    documents = [n for n in names if n.endswith(".docx")]
    assert len(documents) >= 5
    assert "bac-giang-2023-ubqg-nhiem-vu/phan-cong.xlsx" in names
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("bac-giang-2023-ubqg-nhiem-vu/phan-cong.xlsx")))
    cells = " ".join(str(c.value) for ws in sheet.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Công an tỉnh" in cells
    police = next(n for n in documents if "cong-an-tinh" in n)
    assert "Công an tỉnh" in docx_text(archive.read(police))

    r = api.form("/trich", {"tep": BAC_GIANG, "co_quan": "Sở Y tế"})
    assert r.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.get_data())).namelist()
    assert len(names) == 1 and names[0].endswith(".docx") and "so-y-te" in names[0]

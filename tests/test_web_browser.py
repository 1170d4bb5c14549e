"""The local web editor (`soanthao serve`) in a real browser: Debian's chromium driven by Playwright, against
the server running in a thread on a copy of examples/. What a clerk does: open the list of plans, open one,
edit in the form and watch the preview and the diagnostics follow, save, meet a conflict, download Word,
import a Word file."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import docx
import pytest
from web_server import (
    BAC_GIANG,
    Live,
    browser,
    comment_lines,
    live,
    page,
    screenshot,
    served,
)

pytest.importorskip("playwright")
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
WORD_SOURCE = ROOT / "tests" / "fixtures" / "originals" / "02_laocai-sct-huanluyen-vlncn-2026.source.docx"
OLD_TITLE = "Thực hiện Chương trình công tác năm 2023 của Ủy ban Quốc gia phòng, chống AIDS, ma túy, mại dâm"
NEW_TITLE = "Thực hiện Chương trình công tác năm 2023 về phòng, chống ma túy trên địa bàn tỉnh"
PREVIEW_WAIT = 8_000  # ms: 400 ms pause after typing, the check, the .docx, docx-preview's rendering


def field(pg, path: str):
    """The form's wrapper of one spec path."""
    return pg.locator(f'#form-view [data-path="{path}"]').first


def open_editor(pg, live: Live, rel: str = BAC_GIANG):
    pg.goto(f"{live.url}/sua?tep={rel}")
    expect(pg.locator("#btn-save")).to_be_enabled()
    expect(pg.locator("#preview section.docx").first).to_be_visible(timeout=PREVIEW_WAIT)
    return pg


def no_script_errors(pg):
    assert pg.js_errors == [], pg.js_errors


def test_home_lists_the_plans_and_opens_one(page, live: Live):
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(live.url + "/")
    expect(page).to_have_title("Danh sách kế hoạch — soanthao")
    row = page.locator(f'table.plans tr[data-tep="{BAC_GIANG}"]')
    expect(row.locator("a.open")).to_have_text(OLD_TITLE)
    expect(row.locator(".file")).to_have_text(BAC_GIANG)
    cells = row.locator("td")
    expect(cells.nth(1)).to_have_text("2023")
    expect(cells.nth(2)).to_have_text("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG")
    expect(cells.nth(3)).to_have_text("KH-UBND")
    expect(cells.nth(4)).to_contain_text("0 lỗi")
    expect(cells.nth(4)).to_contain_text("0 cảnh báo")
    expect(page.locator('table.plans tr[data-tep="thuc-te/02_laocai-sct-huanluyen-vlncn-2026.yaml"]')).to_have_count(1)
    expect(page.locator("table.plans tbody tr")).to_have_count(len(list(live.folder.rglob("*.yaml"))))
    expect(page.locator(".folder code")).to_have_text(str(live.folder))
    screenshot(page, "web-trang-chu.png")

    row.locator("a.open").click()
    expect(page).to_have_url(f"{live.url}/sua?tep={BAC_GIANG}")
    expect(page.locator("h1.file-name")).to_have_text(BAC_GIANG)
    expect(field(page, "trich_yeu").locator("textarea")).to_have_value(OLD_TITLE)
    expect(field(page, "ngay").locator("input")).to_have_value("5/2023")
    expect(page.locator("#preview section.docx").first).to_contain_text(OLD_TITLE, timeout=PREVIEW_WAIT)
    expect(page.locator("#preview")).to_contain_text("ỦY BAN NHÂN DÂN")
    expect(page.locator("#status")).to_have_text("Chưa có thay đổi")
    expect(page.locator("#diag-count")).to_have_text("không có")
    expect(field(page, "nhiem_vu").locator(":scope > .node-head > .num")).to_have_text("II.")
    expect(page.get_by_role("tab", name="Biểu mẫu")).to_have_attribute("aria-selected", "true")
    page.wait_for_timeout(300)  # the preview's fonts
    screenshot(page, "web-soan-thao.png")
    no_script_errors(page)
    assert [u for u in missing if "/favicon.ico" not in u] == []


def test_editing_the_title_updates_the_preview(page, live: Live):
    open_editor(page, live)
    title = field(page, "trich_yeu").locator("textarea")
    title.fill(NEW_TITLE)
    expect(page.locator("#status")).to_have_text("Có thay đổi chưa lưu")
    expect(page.locator("#preview")).to_contain_text(NEW_TITLE, timeout=PREVIEW_WAIT)
    expect(page.locator("#preview")).not_to_contain_text(OLD_TITLE)
    # the YAML tab shows the text the save would write, with the new title and the file's comments
    page.get_by_role("tab", name="YAML").click()
    yaml_text = page.locator("#yaml-text")
    expect(yaml_text).to_be_visible()
    expect(yaml_text).to_have_value(re.compile(re.escape(f'trich_yeu: "{NEW_TITLE}"')))
    expect(yaml_text).to_have_value(re.compile("# Kế hoạch của Chủ tịch UBND tỉnh Bắc Giang"))
    page.get_by_role("tab", name="Biểu mẫu").click()
    expect(field(page, "trich_yeu").locator("textarea")).to_have_value(NEW_TITLE)
    assert OLD_TITLE in (live.folder / BAC_GIANG).read_text(encoding="utf-8")  # nothing saved yet
    no_script_errors(page)


def test_an_impossible_date_is_marked_beside_its_field_until_fixed(page, live: Live):
    open_editor(page, live)
    date = field(page, "ngay")
    date.locator("input").fill("31/02/2023")
    diag = date.locator(".diag")
    expect(diag).to_have_text("[ND30-NGAY] ngày 31/02/2023 không có thật: tháng 2 năm 2023 có 28 ngày")
    expect(diag).to_have_class(re.compile(r"\bloi\b"))
    expect(page.locator("#diag-count")).to_have_text("1 lỗi")
    expect(page.locator("#diag-list li")).to_have_count(1)
    expect(page.locator("#diag-list li").first).to_contain_text("[ND30-NGAY]")
    # Word is refused while the error stays
    page.get_by_role("button", name="Tải Word", exact=True).click()
    expect(page.locator("#status")).to_have_text(
        "Còn 1 lỗi trong kế hoạch; hãy sửa các chỗ được đánh dấu đỏ rồi tải lại."
    )

    date.locator("input").fill("31/5/2023")  # a real day: the error goes (a dated draft without a number warns)
    expect(date.locator(".diag.loi")).to_have_count(0)
    expect(page.locator("#diag-count")).not_to_contain_text("lỗi")
    expect(page.locator("#preview")).to_contain_text("ngày 31 tháng 5 năm 2023", timeout=PREVIEW_WAIT)
    date.locator("input").fill("5/2023")  # back to the draft's month: nothing to say
    expect(date.locator(".diag")).to_have_count(0)
    expect(page.locator("#diag-count")).to_have_text("không có")
    expect(page.locator("#diag-list li")).to_have_count(0)
    no_script_errors(page)


def test_a_new_task_is_saved_into_the_file_keeping_every_comment(page, live: Live):
    path = live.folder / BAC_GIANG
    before = path.read_text(encoding="utf-8")
    open_editor(page, live)
    group = field(page, "nhiem_vu/muc/1")  # 2. Công an tỉnh, five tasks
    expect(group.locator(":scope > .node-head > .node-title")).to_have_text("Công an tỉnh")
    group.locator(":scope > .node-head").get_by_role("button", name="Thêm mục con").click()
    new = "nhiem_vu/muc/1/muc/5"
    expect(field(page, new)).to_be_visible()
    field(page, new + "/noi_dung").locator("textarea").first.fill(
        "Tổ chức khám sàng lọc cho người nghiện ma túy tại các cơ sở cai nghiện."
    )
    field(page, new + "/chu_tri").locator("input").first.fill("so_y_te")
    expect(field(page, new + "/chu_tri").locator(".agency-note").first).to_have_text("Sở Y tế")
    field(page, new + "/thoi_han").locator("input").first.fill("tháng 9/2023")
    expect(page.locator("#preview")).to_contain_text(
        "Tổ chức khám sàng lọc cho người nghiện ma túy tại các cơ sở cai nghiện (Sở Y tế chủ trì; thời hạn: "
        "tháng 9/2023).",
        timeout=PREVIEW_WAIT,
    )
    expect(field(page, new).locator(":scope > .node-head > .num")).to_have_text("-")
    expect(page.locator("#diag-count")).to_have_text("không có")

    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("#status")).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d$"))
    after = path.read_text(encoding="utf-8")
    assert comment_lines(after) == comment_lines(before)
    added = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in added), added  # nothing of the original removed or changed
    new_text = "\n".join(line[2:] for line in added)
    assert "Tổ chức khám sàng lọc cho người nghiện ma túy tại các cơ sở cai nghiện." in new_text
    assert re.search(r"chu_tri: \[?so_y_te\]?", new_text) and re.search(r"thoi_han: \"?tháng 9/2023", new_text)
    # saved again with no change: the file stays as it is
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("#status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    assert path.read_text(encoding="utf-8") == after
    no_script_errors(page)


def test_a_file_changed_on_disk_meanwhile_is_a_conflict_not_overwritten(page, live: Live):
    path = live.folder / BAC_GIANG
    open_editor(page, live)
    theirs = path.read_text(encoding="utf-8").replace("dia_danh: Bắc Giang", "dia_danh: Bắc Ninh")
    path.write_text(theirs, encoding="utf-8")  # another program, behind the editor's back
    field(page, "trich_yeu").locator("textarea").fill(NEW_TITLE)
    page.get_by_role("button", name="Lưu", exact=True).click()
    dialog = page.locator("#dlg-conflict")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text("Tệp đã được sửa ở nơi khác")
    expect(page.locator("#conflict-message")).to_contain_text(
        f"Tệp “{BAC_GIANG}” đã được sửa ở nơi khác (trình soạn thảo khác, đồng bộ thư mục hoặc git) sau khi bạn mở nó."
    )
    assert path.read_text(encoding="utf-8") == theirs

    dialog.get_by_role("button", name="Giữ cả hai").click()
    mine = "bac-giang-2023-ubqg-ban-cua-toi.yaml"
    expect(page).to_have_url(f"{live.url}/sua?tep={mine}")
    expect(field(page, "trich_yeu").locator("textarea")).to_have_value(NEW_TITLE)
    expect(field(page, "dia_danh").locator("input")).to_have_value("Bắc Giang")
    assert path.read_text(encoding="utf-8") == theirs
    assert NEW_TITLE in (live.folder / mine).read_text(encoding="utf-8")
    no_script_errors(page)


def test_reload_from_disk_after_a_conflict_shows_the_other_version(page, live: Live):
    path = live.folder / BAC_GIANG
    open_editor(page, live)
    path.write_text(
        path.read_text(encoding="utf-8").replace("dia_danh: Bắc Giang", "dia_danh: Bắc Ninh"), encoding="utf-8"
    )
    field(page, "trich_yeu").locator("textarea").fill(NEW_TITLE)
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.locator("#dlg-conflict").get_by_role("button", name="Tải lại bản trên đĩa").click()
    expect(page.locator("#status")).to_have_text("Đã tải lại bản trên đĩa")
    expect(field(page, "dia_danh").locator("input")).to_have_value("Bắc Ninh")
    expect(field(page, "trich_yeu").locator("textarea")).to_have_value(OLD_TITLE)
    no_script_errors(page)


def test_word_download_is_the_edited_plan(page, live: Live, tmp_path: Path):
    open_editor(page, live)
    field(page, "trich_yeu").locator("textarea").fill(NEW_TITLE)
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải Word", exact=True).click()
    download = info.value
    assert download.suggested_filename == "bac-giang-2023-ubqg.docx"
    out = tmp_path / download.suggested_filename
    download.save_as(out)
    document = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert NEW_TITLE in text and OLD_TITLE not in text
    assert "II. NHIỆM VỤ, GIẢI PHÁP VÀ PHÂN CÔNG TRÁCH NHIỆM" in text
    expect(page.locator("#status")).to_contain_text("Đã tạo bac-giang-2023-ubqg.docx")
    no_script_errors(page)


def test_a_word_file_imported_on_the_home_page_opens_in_the_editor(page, live: Live):
    page.goto(live.url + "/")
    page.locator("#tep-nhap").set_input_files(str(WORD_SOURCE))
    page.get_by_role("button", name="Nhập kế hoạch").click()
    rel = "02-laocai-sct-huanluyen-vlncn-2026-source.yaml"
    expect(page.locator(".topbar-title")).to_have_text(f"Đã nhập “{WORD_SOURCE.name}”")
    expect(page.locator(".notice").first).to_contain_text(f"Đã ghi {rel}:")
    assert (live.folder / rel).is_file()
    page.get_by_role("link", name="Mở kế hoạch vừa nhập").click()
    expect(page).to_have_url(f"{live.url}/sua?tep={rel}")
    expect(page.locator("h1.file-name")).to_have_text(rel)
    expect(field(page, "trich_yeu").locator("textarea")).not_to_have_value("")
    expect(page.locator("#preview section.docx").first).to_be_visible(timeout=PREVIEW_WAIT)
    page.goto(live.url + "/")
    expect(page.locator(f'table.plans tr[data-tep="{rel}"]')).to_have_count(1)
    no_script_errors(page)

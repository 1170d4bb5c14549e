"""The readers of who does a task (importer/roles.py) and of a target's figures (importer/figures.py), on
the sentences real plans write: which parentheses hold an assignment note, a note soanthao prints back
(fields) against one in the writer's own words (kept, with the roles it names), figures and their base year."""

from __future__ import annotations

from soanthao.importer.agency_names import Agencies
from soanthao.importer.figures import target_figures
from soanthao.importer.lines import IT_OFF, IT_ON, strip_marks
from soanthao.importer.roles import RoleReader, split_note


def test_the_note_at_the_end_of_a_task_is_split_off():
    assert split_note("Tổ chức hội nghị (Sở Tư pháp chủ trì; Công an tỉnh phối hợp; thời hạn: quý II/2026).") == (
        "Tổ chức hội nghị.",
        "Sở Tư pháp chủ trì; Công an tỉnh phối hợp; thời hạn: quý II/2026",
    )


def test_an_italic_note_is_one_without_role_words_and_before_a_full_stop_inside_the_text():
    text, note = split_note(f"Tuyên truyền {IT_ON}(thường xuyên){IT_OFF}.")
    assert (strip_marks(text), note) == ("Tuyên truyền.", "thường xuyên")
    text, note = split_note(f"Triển khai {IT_ON}(Sở Y tế chủ trì){IT_OFF}. Báo cáo kết quả")
    assert (strip_marks(text), note) == ("Triển khai. Báo cáo kết quả", "Sở Y tế chủ trì")


def test_a_citation_or_an_aside_in_parentheses_is_no_note():
    cited = "Rà soát hồ sơ (Văn bản số 1289/UBND-TH ngày 23/02/2026 của UBND tỉnh)."
    aside = "Bảo đảm an ninh số (đặc biệt quan trọng) cho hệ thống."
    assert split_note(cited) == (cited, None)
    assert split_note(aside) == (aside, None)


def test_a_note_soanthao_prints_back_becomes_fields():
    agencies = Agencies([])
    item: dict = {}
    checks: list[str] = []
    RoleReader(agencies).from_note(
        item, "Sở Tư pháp chủ trì; Công an tỉnh phối hợp; thời hạn: quý II/2026", None, checks
    )
    assert item == {"chu_tri": "so_tu_phap", "phoi_hop": ["cong_an_tinh"], "thoi_han": "quý II/2026"}
    assert checks == []  # nothing guessed: the fields print the very same note
    assert [a["ten"] for a in agencies.items] == ["Sở Tư pháp", "Công an tỉnh"]


def test_a_note_in_the_writers_words_is_kept_and_its_roles_are_read_for_checking():
    item: dict = {}
    checks: list[str] = []
    note = "Công an tỉnh chủ trì, Sở Y tế, Sở Tư pháp phối hợp thực hiện trong tháng 6/2026"
    RoleReader(Agencies([])).from_note(item, note, None, checks)
    assert item == {
        "ghi_chu": note,
        "chu_tri": "cong_an_tinh",
        "phoi_hop": ["so_y_te", "so_tu_phap"],
        "thoi_han": "trong tháng 6/2026",
    }
    assert checks == [
        f"vai trò (chủ trì, phối hợp, thời hạn) suy ra từ ghi chú trong ngoặc: “{note}” — chủ trì "
        "Công an tỉnh; phối hợp Sở Y tế và Sở Tư pháp; thời hạn trong tháng 6/2026"
    ]


def test_a_note_leading_with_the_heading_agency_stays_a_note():
    """Under "1. Sở Tư pháp" soanthao leaves the lead out of the note: a note naming it is the writer's own."""
    agencies = Agencies([])
    own = agencies.resolve("Sở Tư pháp", heading=True)
    item: dict = {}
    RoleReader(agencies).from_note(item, "Sở Tư pháp chủ trì; thời hạn: quý II/2026", own, [])
    assert item["ghi_chu"] == "Sở Tư pháp chủ trì; thời hạn: quý II/2026"


def test_the_figures_of_a_target_and_the_year_they_are_compared_with():
    assert target_figures("Tỷ lệ hộ nghèo giảm từ 03 - 05% so với năm 2020; tăng trên 1,5%.") == [
        {"gia_tri": 3, "don_vi": "%", "nam_so_sanh": 2020},
        {"gia_tri": 5, "don_vi": "%", "nam_so_sanh": 2020},
        {"gia_tri": 1.5, "don_vi": "%"},
    ]

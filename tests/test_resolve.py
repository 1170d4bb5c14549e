"""soanthao.resolve: one decision per item (number, lead, supports), used by the rules, the renderer and extract."""

from __future__ import annotations

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soanthao.extract import classify_tasks
from soanthao.render import render_docx
from soanthao.render_context import build_context
from soanthao.resolve import resolve
from soanthao.rules import Context
from soanthao.spec import Plan

AGENCIES = [
    {"ma": f"cq{i}", "ten": name}
    for i, name in enumerate(
        ["Công an tỉnh", "Sở Y tế", "Sở Tài chính", "Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Các sở, ban, ngành tỉnh"]
    )
]


def plan(**data) -> Plan:
    return Plan.model_validate({"co_quan": AGENCIES, **data})


def test_numbering_styles_as_real_plans_print_them():
    """Arabic parts (corpus 03), decimal levels (corpus 14), a dash list under a part (corpus 07), an unnumbered
    paragraph that does not take a number, letters with đ."""
    p = plan(
        trinh_bay={"danh_so": "so"},
        phan=[
            {"tieu_de": "Mục tiêu", "danh_so": "gach", "muc": [{"noi_dung": "Một."}, {"noi_dung": "Hai."}]},
            {
                "tieu_de": "Đối tượng, nội dung",
                "danh_so": "thap_phan",
                "muc": [
                    {"tieu_de": "Đối tượng", "noi_dung": "X."},
                    {"tieu_de": "Nội dung", "muc": [{"noi_dung": f"Điểm {i}."} for i in range(6)]},
                    {"khong_so": True, "noi_dung": "Đoạn không số."},
                    {"tieu_de": "Thời gian", "danh_so": "thap_phan", "muc": [{"noi_dung": "Sâu."}]},
                ],
            },
        ],
    )
    r = resolve(p)
    assert [x.number for x in r.parts] == ["1.", "2."]
    assert [i.number for i in r.parts[0].items] == ["-", "-"]
    second = r.parts[1].items
    assert [i.number for i in second] == ["2.1.", "2.2.", "", "2.3."]
    assert [c.number for c in second[1].children] == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    assert second[3].children[0].number == "2.3.1."
    assert [i.position for i in r.items] == [
        "1, ý 1",
        "1, ý 2",
        "2.1",
        "2.2",
        "2.2.a",
        "2.2.b",
        "2.2.c",
        "2.2.d",
        "2.2.đ",
        "2.2.e",
        "2",
        "2.3",
        "2.3.1",
    ]
    printed = [(para.number, para.text) for para in build_context(p)["noi_dung"]]
    assert printed[:3] == [("1.", "1. Mục tiêu"), ("-", "- Một."), ("-", "- Hai.")]
    assert ("2.3.1.", "2.3.1. Sâu./.") in printed and ("", "Đoạn không số.") in printed


def test_default_numbering_and_agency_headings():
    p = plan(
        nhiem_vu=[
            {"co_quan": "cq0", "muc": [{"noi_dung": "Việc."}]},
            {"tieu_de": "Công tác", "muc": [{"noi_dung": "Điểm."}]},
        ]
    )
    r = resolve(p)
    assert [(i.number, i.kind) for i in r.items] == [("1.", "muc"), ("-", "y"), ("2.", "muc"), ("a)", "diem")]


def test_who_leads_one_rule():
    """Own chu_tri, else the own heading's agencies (all of them), else the parent's lead, else the part's."""
    p = plan(
        phan=[
            {
                "tieu_de": "NHIỆM VỤ",
                "chu_tri": "cq3",
                "muc": [
                    {"co_quan": ["cq0", "cq1"], "muc": [{"noi_dung": "A."}]},
                    {
                        "co_quan": "cq2",
                        "chu_tri": "cq4",
                        "noi_dung": "B.",
                        "muc": [{"noi_dung": "B1.", "phoi_hop": ["cq4", "cq0"]}],
                    },
                    {"noi_dung": "C."},
                ],
            }
        ]
    )
    r = resolve(p)
    got = {" ".join(i.item.text) or i.item.agencies[0]: (i.leads, i.support) for i in r.items}
    assert got == {
        "cq0": (("cq0", "cq1"), ()),
        "A.": (("cq0", "cq1"), ()),
        "B.": (("cq4",), ()),
        "B1.": (("cq4",), ("cq0",)),
        "C.": (("cq3",), ()),
    }


def test_appendix_table_rows_name_agencies_by_their_printed_names():
    agencies = AGENCIES + [{"ma": "khcn", "ten": "Sở Khoa học và Công nghệ", "ten_ngan": "Sở KH&CN"}]
    p = Plan.model_validate(
        {
            "co_quan": agencies,
            "phu_luc": [
                {
                    "tieu_de": "Danh mục",
                    "bang": {
                        "cot": ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
                        "hang": [
                            {"nhom": "Nhóm một"},
                            ["Việc một", "Sở KH&CN", "Sở Y tế, Sở Tài chính; Các sở, ban, ngành tỉnh", "Quý IV/2025"],
                            ["Việc hai", "Đơn vị lạ", "", ""],
                        ],
                    },
                }
            ],
        }
    )
    (appendix,) = resolve(p).appendices
    group, one, two = appendix.rows
    assert group == "I. Nhóm một"
    assert (one.number, one.leads, one.support) == ("1", ("khcn",), ("cq1", "cq2", "cq5"))
    assert one.roles["thoi_han"] == "Quý IV/2025" and two.leads == () and appendix.label == "Phụ lục"
    tasks = classify_tasks(p)[0]
    assert [(t.position, t.text, t.leads, t.deadline) for t in tasks] == [
        ("Phụ lục, dòng 1", "Việc một", ("khcn",), "Quý IV/2025")
    ]


# --- property: the rules, extract and the printed appendix agree on every task ------------------------------------
@st.composite
def items(draw, depth: int):
    out = []
    for _ in range(draw(st.integers(1, 3))):
        it: dict = {"noi_dung": [f"Việc {draw(st.integers(0, 10**6))}."]} if draw(st.booleans()) else {}
        if draw(st.integers(0, 2)) == 0:
            it["co_quan"] = draw(
                st.lists(st.sampled_from([a["ma"] for a in AGENCIES]), min_size=1, max_size=2, unique=True)
            )
        if draw(st.booleans()):
            it["chu_tri"] = draw(st.sampled_from([a["ma"] for a in AGENCIES]))
        if draw(st.booleans()):
            it["phoi_hop"] = draw(st.lists(st.sampled_from([a["ma"] for a in AGENCIES]), max_size=3, unique=True))
        if depth and (not it.get("noi_dung") or draw(st.booleans())):
            it["muc"] = draw(items(depth - 1))
        if not it.get("noi_dung") and not it.get("muc"):
            it["noi_dung"] = ["Việc lá."]
        if draw(st.integers(0, 4)) == 0:
            it["danh_so"] = draw(st.sampled_from(["so", "thap_phan", "chu", "gach", "cong", "khong"]))
        out.append(it)
    return out


@st.composite
def task_plans(draw):
    parts = [
        {"tieu_de": t, "chu_tri": draw(st.sampled_from([None, "cq0", "cq3"])), "muc": draw(items(3))}
        for t in draw(
            st.lists(st.sampled_from(["NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG NHIỆM VỤ"]), min_size=1, max_size=3)
        )
    ]
    for part in parts:
        if part["chu_tri"] is None:
            del part["chu_tri"]
    return plan(phan=parts, trinh_bay={"phu_luc_phan_cong": True, "danh_so": draw(st.sampled_from(["la_ma", "so"]))})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(p=task_plans())
def test_rules_extract_and_the_printed_appendix_agree(tmp_path, p):
    ctx = Context(p)
    by_rules = {ref.path: (ref.leads, ref.support, ref.position) for ref in ctx.items}
    for task in classify_tasks(p)[0]:  # extract: the same lead, supports and place as the rules, for every task
        assert (task.leads, task.support, task.position) == by_rules[task.path]
    # the generated appendix prints, row by row, the same leads and supports
    names = {a["ma"]: a["ten"] for a in AGENCIES}

    def joined(ids):
        return (
            ", ".join(names[x] for x in ids[:-1]) + (" và " if len(ids) > 1 else "") + (names[ids[-1]] if ids else "")
        )

    expected = [
        (joined(ref.leads), joined(ref.support))
        for ref in ctx.items
        if ref.part_kind in ("nhiem_vu", "phan_cong") and ref.prints_sentence
    ]
    table = Document(str(render_docx(p, tmp_path / "p.docx"))).tables[-1]
    assert [(r.cells[2].text, r.cells[3].text) for r in table.rows[1:]] == expected
    # and the body prints the numbers resolve gave, in order
    printed = [para.number for para in build_context(p)["noi_dung"] if para.number]
    resolved = [n for part in ctx.resolved.parts for n in [part.number, *_numbers(part.items)]]
    assert printed == resolved


def _numbers(items):
    for i in items:
        if i.number:
            yield i.number
        yield from _numbers(i.children)

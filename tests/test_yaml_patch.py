"""Writing an edited spec back into its own text (the web editor's save, `next`): only changed values
change, every comment stays, and the text always reads back as exactly the edited data."""

from __future__ import annotations

import copy
import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from soanthao.load import load_text, parse_roundtrip
from soanthao.spec import Plan
from soanthao.yaml_patch import merge, write_changes

SPEC = """\
# Kế hoạch mẫu
trich_yeu: "Phòng, chống ma túy năm 2027"  # tên kế hoạch
nam: 2027
nhiem_vu:
  muc:
    # 1. Công an tỉnh
    - noi_dung: "Đấu tranh, triệt phá các đường dây ma túy."
      chu_tri: cong_an
      thoi_han: Quý IV

    # 2. Sở Y tế
    - noi_dung: |
        Quản lý thuốc gây nghiện.
      chu_tri: so_y_te

# III. TỔ CHỨC THỰC HIỆN
ket_thuc: "Trên đây là Kế hoạch."
"""


def _edit(change) -> str:
    data = json.loads(json.dumps(load_text(SPEC, "k.yaml").data))
    change(data)
    text = write_changes(SPEC, parse_roundtrip(SPEC), merge(parse_roundtrip(SPEC), data))[0]
    # the text says what the form holds (a key left empty may be left out: it means the same plan)
    assert load_text(text, "k.yaml").plan == Plan.model_validate(data)
    return text


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#") or "  # " in line]


def test_a_changed_value_is_the_only_changed_line():
    text = _edit(lambda d: d["nhiem_vu"]["muc"][0].update(thoi_han="30/6/2027"))
    before, after = SPEC.splitlines(), text.splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("      thoi_han: Quý IV", "      thoi_han: 30/6/2027")
    ]


def test_a_key_added_at_the_end_of_a_task_goes_before_the_comment_that_introduces_the_next_task():
    text = _edit(lambda d: d["nhiem_vu"]["muc"][0].update(san_pham="Báo cáo kết quả"))
    lines = text.splitlines()
    assert lines.index("      san_pham: Báo cáo kết quả") < lines.index("    # 2. Sở Y tế")
    assert _comments(text) == _comments(SPEC)


def test_a_task_added_at_the_end_keeps_the_next_part_comment_below_it():
    text = _edit(lambda d: d["nhiem_vu"]["muc"].append({"noi_dung": "Việc mới.", "chu_tri": "so_y_te"}))
    lines = text.splitlines()
    assert lines.index("    - noi_dung: Việc mới.") < lines.index("# III. TỔ CHỨC THỰC HIỆN")
    assert _comments(text) == _comments(SPEC)
    assert "        Quản lý thuốc gây nghiện." in lines  # the block scalar keeps its style


def test_removing_the_last_task_keeps_the_comment_of_the_next_part():
    text = _edit(lambda d: d["nhiem_vu"]["muc"].pop())
    assert "# III. TỔ CHỨC THỰC HIỆN" in text and "Sở Y tế" not in text.split("# 2.")[0]


# Text as the form sends it: already NFC, as load reads any text (U+2F800 would come back as U+4E3D).
_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"), max_size=40
).filter(lambda s: unicodedata.normalize("NFC", s) == s)
_scalars = st.one_of(_text, st.none())


@settings(max_examples=60, deadline=None)
@given(title=_text, deadline=_scalars, extra=st.lists(_text, max_size=3), drop=st.booleans())
def test_any_edit_reads_back_as_the_edited_data(title, deadline, extra, drop):
    def change(d):
        d["trich_yeu"] = title
        d["nhiem_vu"]["muc"][1]["thoi_han"] = deadline
        d["nhiem_vu"]["muc"][0]["phoi_hop"] = copy.copy(extra)
        if drop:
            del d["ket_thuc"]

    _edit(change)

"""One reading of a period ("giai_doan") for the rules and for `next`."""

from __future__ import annotations

import pytest
from conftest import BASE

from soanthao import vn


@pytest.mark.parametrize(
    "text, span",
    [
        ("2021-2025", (2021, 2025)),
        ("giai đoạn 2021 – 2025", (2021, 2025)),
        ("2026—2030", (2026, 2030)),
        ("2025-2021", None),
        ("2025", None),
        ("2021-2025-2030", None),
        ("", None),
        (None, None),
    ],
)
def test_period_years(text, span):
    assert vn.period_years(text) == span


def test_rules_and_next_read_the_period_alike(check, tmp_path):
    from soanthao.load import load
    from soanthao.nextyear import NextError, next_year

    text = BASE.replace("nam: 2027\n", "nam: 2027\ngiai_doan: 2023-2027\n", 1)
    assert "KH-GIAI-DOAN" not in {d.code for d in check(text).diagnostics}
    with pytest.raises(NextError, match="giai đoạn 2023-2027 kết thúc trước năm 2028"):
        next_year(load(tmp_path / "spec.yaml"), 2028)
    assert "KH-GIAI-DOAN" in {d.code for d in check(text.replace("2023-2027", "2027-2023")).errors}

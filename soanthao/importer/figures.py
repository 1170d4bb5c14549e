"""The figures of a target sentence ("tăng trên 05% … so với năm 2020") as ``so_lieu``."""

from __future__ import annotations

import re

MSG = {"figures": "số liệu chỉ tiêu đọc từ câu ({values}): kiểm tra con số, đơn vị và năm so sánh"}

_PERCENT = re.compile(r"(\d+(?:,\d+)?)(?:\s*-\s*(\d+(?:,\d+)?))?\s*%")
_COMPARED = re.compile(r"so với (?:cùng kỳ )?năm (\d{4})")


def target_figures(text: str) -> list[dict]:
    """Percentages of a target ("tăng trên 05% … so với năm 2020", "giảm từ 03 - 05%") as so_lieu."""
    out = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        year = _COMPARED.search(sentence)
        for m in _PERCENT.finditer(sentence):
            for v in filter(None, (m[1], m[2])):
                value = float(v.replace(",", "."))
                fig: dict = {"gia_tri": int(value) if value.is_integer() else value, "don_vi": "%"}
                if year and year.start() > m.start():
                    fig["nam_so_sanh"] = int(year[1])
                out.append(fig)
    return out


def figures_check(figures: list[dict]) -> str:
    """The check that asks the writer to verify the figures read."""
    return MSG["figures"].format(
        values=", ".join(
            f"{f['gia_tri']}{f['don_vi']}" + (f" so với {f['nam_so_sanh']}" if "nam_so_sanh" in f else "")
            for f in figures
        )
    )

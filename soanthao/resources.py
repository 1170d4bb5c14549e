"""Where the data that ships with soanthao lives, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _folder(installed: str, checkout: str) -> Path:
    # A wheel carries specs/ and templates/ inside the package (see pyproject's force-include);
    # an editable install or a checkout reads them where they are kept in the repository.
    packaged = _PACKAGE / installed
    return packaged if packaged.is_dir() else _CHECKOUT / checkout


def specs_dir() -> Path:
    return _folder("_specs", "specs")


def templates_dir() -> Path:
    return _folder("_templates", "templates")


def data_file(name: str) -> Path:
    return _PACKAGE / "data" / name


@cache
def structure(doc_type: str = "ke_hoach") -> dict:
    """The prescribed structure of a document type (specs/ke-hoach.yaml)."""
    from .load import read_data

    return read_data(specs_dir() / f"{doc_type.replace('_', '-')}.yaml")


def default_part_title(key: str) -> str | None:
    """The customary heading printed when a part has no title of its own."""
    for part in structure()["phan"]:
        if part["khoa"] == key.split("/")[0]:
            return part["tieu_de"][0] if part["tieu_de"] else None
    return None


@cache
def _kind_keywords() -> list[tuple[str, str]]:
    from .vn import fold

    return [(fold(word), part["khoa"]) for part in structure()["phan"] for word in part.get("tu_khoa", [])]


@cache
def _titles() -> dict[str, str]:
    from .vn import fold

    return {
        " ".join(fold(t).replace(",", " ").replace("-", " ").split()): part["khoa"]
        for part in structure()["phan"]
        for t in part["tieu_de"]
        if part["khoa"] != "phan_khac"
    }


def part_kind_by_title(title: str) -> str:
    """The kind of part a title names: the customary keyword that comes first in it wins, so that
    "MỤC TIÊU, CHỈ TIÊU" is muc_tieu and "KINH PHÍ - NGUỒN HUY ĐỘNG" is kinh_phi; else "khac"."""
    from .vn import fold

    folded = " ".join(fold(title).replace(",", " ").replace("-", " ").split())
    exact = _titles().get(folded)
    if exact:  # a customary title says its kind ("MỤC TIÊU, YÊU CẦU" is muc_dich)
        return exact
    best = None
    for word, kind in _kind_keywords():
        at = folded.find(word)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, kind)
    return best[1] if best else "khac"

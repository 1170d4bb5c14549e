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

"""pydantic's validation errors → Vietnamese diagnostics located by spec path.

One diagnostic per spec path: an unknown key with the closest known one ("có phải …?"), a missing key
with its description, a value of the wrong kind named in words a clerk knows ("cần một danh sách").
"""

from __future__ import annotations

import difflib
import re
import typing

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Path, Severity
from .spec import Plan


def _diag(code: str, message: str, path: Path) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path=path)


def _kind_of(value) -> str:
    if value is None:
        return "giá trị rỗng"
    return {
        bool: "true/false",
        int: "một số",
        float: "một số",
        str: "chữ",
        list: "một danh sách",
        dict: "một nhóm khóa",
    }.get(type(value), type(value).__name__)


_EXPECT = {
    "string_type": "cần chữ",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_type": "cần một con số",
    "float_parsing": "cần một con số",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "list_type": "cần một danh sách (mỗi phần tử một dòng bắt đầu bằng “- ”)",
    "model_type": "cần một nhóm khóa (dạng “khoa: giá trị”)",
    "dict_type": "cần một nhóm khóa (dạng “khoa: giá trị”)",
    "model_attributes_type": "cần một nhóm khóa (dạng “khoa: giá trị”)",
}


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for key suggestions)."""
    current: object = model
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = {f.alias or name: f for name, f in current.model_fields.items()}
        if step not in fields:
            return None
        current = _model_in(fields[step].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _model_in(annotation) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_union_label(step: str) -> bool:
    return "[" in step or step[:1].isupper() or step in ("str", "int", "bool", "float", "none")


def _data_path(data, loc: tuple) -> Path:
    """Keep the loc steps that exist in the data (drops pydantic's union-member labels)."""
    out, current = [], data
    for step in loc:
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and step < len(current)
        ):
            out.append(step)
            current = current[step]
        elif isinstance(current, dict) and isinstance(step, str) and not _is_union_label(step):
            out.append(step)  # a missing or unknown key: name it
            break
    return tuple(out)


def schema_diagnostics(err: ValidationError, data) -> list[Diagnostic]:
    """One diagnostic per spec path of ``data`` that pydantic refused."""
    by_path: dict[Path, list[dict]] = {}
    for e in err.errors():
        by_path.setdefault(_data_path(data, e["loc"]), []).append(e)
    out = []
    for path, errors in by_path.items():
        if any(len(p) > len(path) and p[: len(path)] == path for p in by_path) and all(
            e["type"].endswith("_type") for e in errors
        ):
            continue  # the other member of a union said what is wrong inside
        e = errors[0]
        key = path[-1] if path and isinstance(path[-1], str) else None
        if e["type"] == "extra_forbidden":
            model = _model_at(Plan, path[:-1])
            known = [f.alias or n for n, f in model.model_fields.items()] if model else []
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" — có phải “{close[0]}”?" if close else f" (các khóa được dùng ở đây: {', '.join(known)})"
            out.append(
                _diag(
                    "SPEC-KHOA-LA", f"khóa “{key}” không có trong đặc tả, nội dung của nó sẽ bị bỏ qua{hint}", path=path
                )
            )
        elif e["type"] == "missing":
            model = _model_at(Plan, path[:-1])
            desc = model.model_fields.get(_field_name(model, key)).description if model else None
            out.append(_diag("SPEC-THIEU", f"thiếu khóa “{key}”" + (f": {desc}" if desc else ""), path=path))
        elif e["type"] in ("greater_than_equal", "less_than_equal"):
            desc = _description_of(str(key))
            what = re.split(r" \(|,", desc)[0].lower() if desc else "giá trị"
            ctx = e.get("ctx", {})
            bound = f"quá nhỏ (tối thiểu {ctx['ge']})" if "ge" in ctx else f"quá lớn (tối đa {ctx.get('le')})"
            out.append(_diag("SPEC-KIEU", f"{what} {e['input']} {bound}", path=path))
        elif e["type"] == "literal_error":
            expected = e.get("ctx", {}).get("expected", "")
            out.append(_diag("SPEC-KIEU", f"giá trị “{e['input']}” không hợp lệ; chỉ nhận {expected}", path=path))
        else:
            expect = _EXPECT.get(e["type"]) if len(errors) == 1 else "kiểu giá trị không hợp lệ"
            expect = expect or "giá trị không hợp lệ"
            out.append(_diag("SPEC-KIEU", f"{expect}, nhưng nhận được {_kind_of(e.get('input'))}", path=path))
    return out


def _description_of(key: str) -> str | None:
    """The description of the spec key ``key`` in whichever model has it (unions hide the exact one)."""
    seen, todo = set(), [Plan]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, f in model.model_fields.items():
            if (f.alias or name) == key:
                return f.description
            todo.extend(m for m in _models_in(f.annotation) if m not in seen)
    return None


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _field_name(model: type[BaseModel], alias: str | None) -> str:
    return next((n for n, f in model.model_fields.items() if (f.alias or n) == alias), alias or "")

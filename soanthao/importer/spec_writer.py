"""The draft → spec YAML, with a ``# KIỂM TRA: …`` comment wherever import was unsure.

All YAML writing goes through soanthao.load's round-trip API (the one place that imports ruamel).
"""

from __future__ import annotations

from ..load import comment, dump_roundtrip, new_mapping, new_sequence

CHECK = "KIỂM TRA: "
HEAD = "Đặc tả do “soanthao import” tạo từ {source}. Hãy đọc lại các chỗ có “# KIỂM TRA” rồi chạy: soanthao validate"


def strip_private(value):
    """The draft without the importer's private keys (``_kiem_tra``, ``_dong``): plain spec data."""
    if isinstance(value, dict):
        return {k: strip_private(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [strip_private(v) for v in value]
    return value


def _build(value):
    """Plain data → YAML-ready containers; returns (container, checks of this mapping). Only a container that
    carries a comment becomes a round-trip one: ruamel writes a plain dict or list the same way, faster."""
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            if k.startswith("_"):
                continue
            child, checks = _build(v)
            items.append((k, child, checks))
        if not any(checks for _, _, checks in items):
            return {k: child for k, child, _ in items}, list(value.get("_kiem_tra", []))
        out = new_mapping()
        for k, child, checks in items:
            out[k] = child
            for c in checks:
                comment(out, k, CHECK + c, before=True)
        return out, list(value.get("_kiem_tra", []))
    if isinstance(value, list):
        built = [_build(v) for v in value]
        if not any(checks for _, checks in built):
            return [child for child, _ in built], []
        out = new_sequence(child for child, _ in built)
        for i, (_, checks) in enumerate(built):
            for c in checks:
                comment(out, i, CHECK + c, before=True)
        return out, []
    return value, []


def _indent_comments(text: str) -> str:
    """New containers carry no column, so their comments come out at column 0: indent each
    ``# KIỂM TRA`` line like the line it is about (the next line that is not a comment)."""
    lines = text.split("\n")
    nxt = ""  # the nearest line below lines[i] that is not a comment (walking up keeps it: no rescan per comment)
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("# " + CHECK):
            lines[i] = " " * (len(nxt) - len(nxt.lstrip())) + lines[i]
        if not lines[i].lstrip().startswith("#"):
            nxt = lines[i]
    return "\n".join(lines)


def to_yaml(draft, source_name: str = "") -> str:
    data, _ = _build(draft.data)  # the plan itself carries no checks: its fields do
    text = _indent_comments(dump_roundtrip(data))
    head = "# " + HEAD.format(source=source_name or "văn bản gốc") + "\n"
    return head + text

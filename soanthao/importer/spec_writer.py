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
    """Plain data → round-trip containers; returns (container, checks of this mapping)."""
    if isinstance(value, dict):
        out = new_mapping()
        for k, v in value.items():
            if k.startswith("_"):
                continue
            child, checks = _build(v)
            out[k] = child
            for c in checks:
                comment(out, k, CHECK + c, before=True)
        return out, list(value.get("_kiem_tra", []))
    if isinstance(value, list):
        out = new_sequence()
        pending = []
        for i, v in enumerate(value):
            child, checks = _build(v)
            out.append(child)
            pending.append((i, checks))
        for i, checks in pending:
            for c in checks:
                comment(out, i, CHECK + c, before=True)
        return out, []
    return value, []


def _indent_comments(text: str) -> str:
    """New containers carry no column, so their comments come out at column 0: indent each
    ``# KIỂM TRA`` line like the line it is about (the next line that is not a comment)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("# " + CHECK):
            nxt = next((ln for ln in lines[i + 1 :] if not ln.lstrip().startswith("#")), "")
            lines[i] = " " * (len(nxt) - len(nxt.lstrip())) + lines[i]
    return "\n".join(lines)


def to_yaml(draft, source_name: str = "") -> str:
    data, _ = _build(draft.data)  # the plan itself carries no checks: its fields do
    text = _indent_comments(dump_roundtrip(data))
    head = "# " + HEAD.format(source=source_name or "văn bản gốc") + "\n"
    return head + text

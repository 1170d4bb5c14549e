"""Write an edited spec back into its own text: only the changed values change.

The data is ruamel's round-trip containers (they know where each value stood). Each changed scalar
is rewritten where it stands in the original text, so the writer's comments, key order, quoting and
line breaks survive. When an edit cannot be placed with certainty (a new key, a removed item, a
block scalar) the whole data is dumped by ruamel instead, which keeps comments but may re-flow layout.
Used by `soanthao next` and by the web editor's save.
"""

from __future__ import annotations

import json
import re

from .load import Positions, dump_roundtrip, new_mapping, new_sequence, plan_from_text


def write_changes(source_text: str, pristine, data) -> tuple[str, bool]:
    """The text for ``data`` (an edited copy of ``pristine``, both read from ``source_text``), and
    whether it was written surgically (True) or dumped whole (False)."""
    dumped = dump_roundtrip(data)
    patched = patch(source_text, edits(pristine, data))
    if patched is not None and _same(patched, dumped):
        return patched, True
    return dumped, False


def _scalar_span(
    lines: list[str], offsets: list[int], text: str, line: int, col: int, block_indent: int
) -> tuple[int, int] | None:
    """Start and end offsets of the scalar that starts at (line, col), 0-based; None if unsure.

    ``block_indent`` is the column of the key (or of the ``-``) that owns the scalar: the lines of a
    multi-line plain or block scalar are indented further than it.
    """
    if line >= len(lines):
        return None
    start = offsets[line] + col
    ch = text[start : start + 1]
    if ch == '"':
        i = start + 1
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == '"':
                return start, i + 1
            i += 1
        return None
    if ch == "'":
        i = start + 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return start, i + 1
            i += 1
        return None
    if ch in "[{&*!":
        return None
    if _in_flow(lines[line], col):
        return start, start + re.search(r"\s+#|\s*[,}\]]|\s*$", lines[line][col:]).start()
    end = (
        start + re.search(r"\s+#|\s*$", lines[line][col:]).start() if ch not in "|>" else start + len(lines[line]) - col
    )
    nxt = line + 1
    while nxt < len(lines):  # continuation lines of a multi-line plain scalar or a block scalar
        body = lines[nxt]
        indent = len(body) - len(body.lstrip(" "))
        if body.strip() and (indent <= block_indent or (ch not in "|>" and body.lstrip().startswith("#"))):
            break
        if body.strip():
            cut = re.search(r"\s+#|\s*$", body) if ch not in "|>" else re.search(r"\s*$", body)
            end = offsets[nxt] + cut.start()
        nxt += 1
    return start, end


def _in_flow(line: str, col: int) -> bool:
    return line[:col].count("{") + line[:col].count("[") > line[:col].count("}") + line[:col].count("]")


def _render_scalar(value, original_source: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return str(value)
    if original_source.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    looks_typed = re.fullmatch(r"[-+.\d_:eE]+|(?i:true|false|yes|no|on|off|null|~)", value)
    if (
        original_source.startswith('"')
        or looks_typed
        or not re.fullmatch(r"\w[\w /.,()-]*", value)
        or value[-1] in " ,"
    ):
        return json.dumps(value, ensure_ascii=False)
    return value


def patch(text: str, edits: list[tuple]) -> str | None:
    """Rewrite the scalars in ``edits`` [(container, key, old, new)] inside ``text``; None if unsure."""
    placed = []
    for container, key, old, new in edits:
        lc = getattr(container, "lc", None)
        if lc is None:
            return None
        try:
            line, col = lc.value(key) if isinstance(container, dict) else lc.item(key)
        except (KeyError, TypeError, AttributeError):
            return None
        owner = lc.key(key)[1] if isinstance(container, dict) else col - 2
        placed.append((line, col, owner, old, new))
    return _patch_placed(text, placed)


def patch_at(text: str, positions: Positions, edits: list[tuple]) -> str | None:
    """Like :func:`patch` for plain data read by ``load``: ``edits`` [(spec path, old, new)] are placed by the
    ``positions`` of that reading (1-based), so no round-trip reading of the text is needed."""
    placed = []
    for path, old, new in edits:
        value = positions.values.get(path)
        if value is None:
            return None
        line, col = value[0] - 1, value[1] - 1
        if isinstance(path[-1], str):
            key = positions.keys.get(path)
            if key is None:
                return None
            owner = key[1] - 1
        else:
            owner = col - 2
        placed.append((line, col, owner, old, new))
    return _patch_placed(text, placed)


def _patch_placed(text: str, placed: list[tuple]) -> str | None:
    """Rewrite each scalar [(line, col, owner column, old, new)], 0-based, inside ``text``; None if unsure."""
    lines = text.split("\n")
    offsets, total = [], 0
    for ln in lines:
        offsets.append(total)
        total += len(ln) + 1
    spans = []
    for line, col, owner, old, new in placed:
        span = _scalar_span(lines, offsets, text, line, col, owner)
        if span is None:
            return None
        source = text[span[0] : span[1]]
        if isinstance(old, str) and isinstance(new, str) and len(old) == len(new):
            # same-length year substitutions: rewrite the year tokens where they stand, keep line breaks
            old_years = [(m.start(), m[0]) for m in re.finditer(r"\d{4}", old)]
            src_years = list(re.finditer(r"\d{4}", source))
            if [y for _, y in old_years] != [m[0] for m in src_years]:
                return None
            pieces, last = [], 0
            for (pos, _), m in zip(old_years, src_years, strict=True):
                pieces.append(source[last : m.start()] + new[pos : pos + 4])
                last = m.end()
            replacement = "".join(pieces) + source[last:]
        elif source[:1] in "|>":
            return None
        else:
            replacement = _render_scalar(new, source)
        spans.append((span[0], span[1], replacement))
    spans.sort()
    out, last = [], 0
    for start, end, replacement in spans:
        if start < last:
            return None
        out.append(text[last:start] + replacement)
        last = end
    out.append(text[last:])
    patched = "".join(out)
    return re.sub(r"(?m)^(\s*so:) +$", r"\1", patched)


def edits(before, after, path=()) -> list[tuple]:
    """(container, key, old, new) for each scalar that differs between two copies of the data."""
    out = []
    if isinstance(after, dict):
        for key, value in after.items():
            old = before.get(key) if isinstance(before, dict) else None
            if isinstance(value, (dict, list)):
                out += edits(old, value, path + (key,))
            elif old != value or type(old) is not type(value):
                out.append((after, key, old, value))
    elif isinstance(after, list):
        for i, value in enumerate(after):
            old = before[i] if isinstance(before, list) and i < len(before) else None
            if isinstance(value, (dict, list)):
                out += edits(old, value, path + (i,))
            elif old != value:
                out.append((after, i, old, value))
    return out


def changed_paths(before, after, path=()) -> list[tuple]:
    """(spec path, old, new) for each scalar that differs between two copies of plain data (same shape)."""
    out = []
    if isinstance(after, dict):
        for key, value in after.items():
            old = before.get(key) if isinstance(before, dict) else None
            if isinstance(value, (dict, list)):
                out += changed_paths(old, value, path + (key,))
            elif old != value or type(old) is not type(value):
                out.append((path + (key,), old, value))
    elif isinstance(after, list):
        for i, value in enumerate(after):
            old = before[i] if isinstance(before, list) and i < len(before) else None
            if isinstance(value, (dict, list)):
                out += changed_paths(old, value, path + (i,))
            elif old != value:
                out.append((path + (i,), old, value))
    return out


def _same(a: str, b: str) -> bool:
    try:
        return plan_from_text(a) == plan_from_text(b)
    except ValueError:
        return False


def merge(target, new):
    """Make the round-trip ``target`` equal ``new`` (plain JSON data) by changing only what differs, so
    the comments attached to unchanged keys and items stay; returns the merged value (``target`` itself
    unless its kind changed)."""
    if isinstance(target, dict) and isinstance(new, dict):
        reshaped = list(target)[-1:] != list(new)[-1:] or any(k not in target for k in new)
        trailing = _take_trailing(target) if reshaped else None
        for key in [k for k in target if k not in new]:
            del target[key]
        for key, value in new.items():
            target[key] = merge(target[key], value) if key in target else as_roundtrip(value)
        _put_trailing(target, trailing)
        return target
    if isinstance(target, list) and isinstance(new, list):
        trailing = _take_trailing(target) if len(target) != len(new) else None
        del target[len(new) :]
        for i, value in enumerate(new):
            if i < len(target):
                target[i] = merge(target[i], value)
            else:
                target.append(as_roundtrip(value))
        _put_trailing(target, trailing)
        return target
    if _same_scalar(target, new):
        return target  # keeps ruamel's scalar type: its quotes and block style
    return as_roundtrip(new)


# ruamel keeps the comment lines that stand *between* two entries on the last scalar before them
# (slot 2 of a mapping key, slot 0 of a list item). An entry added at the end (or the last one
# removed) would leave such a comment — which introduces what follows — above the new entry, or
# drop it; so it moves to the new last entry.
def _last_slot(container):
    """(comment table, key, slot) of the deepest last scalar entry of ``container``, or None."""
    while isinstance(container, (dict, list)) and len(container):
        key = list(container)[-1] if isinstance(container, dict) else len(container) - 1
        value = container[key]
        if isinstance(value, (dict, list)) and len(value):
            container = value
            continue
        if not hasattr(container, "ca"):
            return None
        return container.ca.items, key, 2 if isinstance(container, dict) else 0
    return None


def _take_trailing(container) -> str | None:
    """Remove and return the comment lines after the last entry (an end-of-line comment stays)."""
    slot = _last_slot(container)
    entry = slot[0].get(slot[1]) if slot else None
    token = entry[slot[2]] if entry and len(entry) > slot[2] else None
    if token is None or "\n" not in token.value.rstrip("\n"):
        return None if token is None or not token.value.startswith("\n") else _pop(entry, slot[2])
    head, _, rest = token.value.partition("\n")
    if not head.strip():
        return _pop(entry, slot[2])
    token.value = head + "\n"  # the end-of-line comment stays where it is
    return "\n" + rest


def _pop(entry: list, index: int) -> str:
    value = entry[index].value
    entry[index] = None
    return value


def _put_trailing(container, text: str | None) -> None:
    slot = _last_slot(container)
    if not text or slot is None:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    table, key, index = slot
    entry = table.setdefault(key, [None, None, None, None])
    if entry[index] is not None:
        text = (
            entry[index].value.rstrip("\n") + "\n" + text.lstrip("\n") if entry[index].value.startswith("#") else text
        )
    entry[index] = CommentToken(text, CommentMark(0), None)


def _same_scalar(old, new) -> bool:
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)) or old is None or new is None:
        return old is new
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(new, str) and not isinstance(old, str):
        return str(old) == new  # an unquoted date ruamel read as a date, sent back as text
    return isinstance(old, str) == isinstance(new, str) and old == new


def as_roundtrip(value):
    """Plain data as round-trip containers, so new parts are written in block style like the rest."""
    if isinstance(value, dict):
        return new_mapping((k, as_roundtrip(v)) for k, v in value.items())
    if isinstance(value, list):
        return new_sequence(as_roundtrip(v) for v in value)
    return value

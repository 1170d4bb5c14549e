"""Write an edited spec back into its own text: only the changed values change.

The data is ruamel's round-trip containers (they know where each value stood). Each changed scalar
is rewritten where it stands in the original text, so the writer's comments, key order, quoting and
line breaks survive. When an edit cannot be placed with certainty (a new key, a removed item, a
block scalar) the whole data is dumped by ruamel instead, which keeps comments but may re-flow layout.
Used by `soanthao next` and by the web editor's save.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

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
    lines: list[str], offsets: list[int], text: str, line: int, col: int, block_indent: int, flow: bool = False
) -> tuple[int, int] | None:
    """Start and end offsets of the scalar that starts at (line, col), 0-based; None if unsure.

    ``block_indent`` is the column of the key (or of the ``-``) that owns the scalar: the lines of a
    multi-line plain or block scalar are indented further than it. ``flow``: the scalar is known to stand
    inside ``{...}`` or ``[...]`` (a flow collection may span lines, which the line alone does not show).
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
    if flow or _in_flow(lines[line], col):
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


def _render_scalar(value, original_source: str, flow: bool = False) -> str:
    if value is None:
        return "null" if flow else ""  # nothing between "," and "}" or "]" would not read back (or not at all)
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
        fa = getattr(container, "fa", None)
        placed.append((line, col, owner, old, new, None, bool(fa is not None and fa.flow_style())))
    done = _patch_placed(text, placed)
    return None if done is None else done[0]


def patch_at(text: str, positions: Positions, edits: list[tuple]) -> str | None:
    """Like :func:`patch` for plain data read by ``load``: ``edits`` [(spec path, old, new)] are placed by the
    ``positions`` of that reading (1-based), so no round-trip reading of the text is needed."""
    done = patch_spans(text, positions, edits)
    return None if done is None else done[0]


@dataclass(frozen=True)
class Rewrite:
    """One scalar rewritten by :func:`patch_spans`: ``text[start:end]`` became ``replacement``."""

    start: int
    end: int
    replacement: str
    path: tuple
    old: object
    new: object
    years_only: bool  # the same length, only the digits of year tokens rewritten where they stood


def patch_spans(text: str, positions: Positions, edits: list[tuple]) -> tuple[str, list[Rewrite]] | None:
    """:func:`patch_at`'s text and what it rewrote, by position in ``text``; None if unsure."""
    lines = text.split("\n")
    flow_parents: dict[tuple, bool] = {}
    placed = []
    for path, old, new in edits:
        value = positions.values.get(path)
        if value is None:
            return None
        parent = path[:-1]
        flow = flow_parents.get(parent)
        if flow is None:
            flow = flow_parents[parent] = _is_flow(lines, positions.values.get(parent))
        line, col = value[0] - 1, value[1] - 1
        if isinstance(path[-1], str):
            key = positions.keys.get(path)
            if key is None:
                return None
            owner = key[1] - 1
        else:
            owner = col - 2
        placed.append((line, col, owner, old, new, path, flow))
    return _patch_placed(text, placed, lines)


_PROPERTIES = re.compile(r"(?:[&!]\S*\s+)*")  # an anchor or a tag before a collection's bracket


def _is_flow(lines: list[str], at: tuple[int, int] | None) -> bool:
    """Whether the collection that starts at ``at`` (1-based) is written in flow style, ``{...}`` or ``[...]``:
    its event starts at the bracket (or at the anchor or tag before it); a block mapping starts at its first key
    (a scalar, never a bracket), a block sequence at its first "-". Every scalar inside a flow collection is in
    flow context (a block collection never stands inside a flow one)."""
    if at is None or at[0] > len(lines):
        return False
    line = lines[at[0] - 1]
    col = at[1] - 1
    if line[col : col + 1] in ("&", "!"):
        rest = "\n".join(lines[at[0] - 1 : at[0] + 2])[col:]  # properties may end the line
        return rest[_PROPERTIES.match(rest).end() :][:1] in ("{", "[")
    return line[col : col + 1] in ("{", "[")


def _patch_placed(text: str, placed: list[tuple], lines: list[str] | None = None) -> tuple[str, list[Rewrite]] | None:
    """Rewrite each scalar [(line, col, owner column, old, new, spec path, in flow context)], 0-based, inside
    ``text`` (split into ``lines`` when the caller has it); None if unsure. The new text, and the rewrites in the
    order of the text."""
    lines = text.split("\n") if lines is None else lines
    offsets, total = [], 0
    for ln in lines:
        offsets.append(total)
        total += len(ln) + 1
    spans = []
    for line, col, owner, old, new, path, flow in placed:
        span = _scalar_span(lines, offsets, text, line, col, owner, flow)
        if span is None:
            return None
        source = text[span[0] : span[1]]
        years_only = isinstance(old, str) and isinstance(new, str) and len(old) == len(new)
        if years_only:
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
            replacement = _render_scalar(new, source, flow)
        spans.append(Rewrite(span[0], span[1], replacement, path, old, new, years_only))
    spans.sort(key=lambda r: (r.start, r.end, r.replacement))
    out, last = [], 0
    for r in spans:
        if r.start < last:
            return None
        out.append(text[last : r.start] + r.replacement)
        last = r.end
    out.append(text[last:])
    return clear_empty_number("".join(out)), spans


def clear_empty_number(text: str) -> str:
    """No space left after a cleared "so:" (the document number)."""
    return _EMPTY_NUMBER.sub(r"\1", text)


_EMPTY_NUMBER = re.compile(r"(?m)^(\s*so:) +$")


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


# --- the reading of a patched text, from the reading of the text it was patched from ----------------------
_TYPED = re.compile(r"[-+.\d]")  # a plain scalar YAML may type (a number, a date) begins like this
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_INT = re.compile(r"[1-9]\d*")
_ZERO_DIGITS = str.maketrans("123456789", "000000000")  # every ASCII digit read as 0


def read_patched(source: str, reading: tuple, patched: tuple[str, list[Rewrite]], data: dict, name: str):
    """What ``mapping_from_text(patched text, name)`` gives, without reading the whole text again; None when
    that is not certain (then the caller reads it).

    ``reading`` is (data, positions, problems) of ``source``, a mapping read without a problem; ``data`` is
    the edited copy the patch wrote. A rewrite that only changes the digits of year tokens in a scalar without
    escapes (or a plain whole number by another of the same length) moves nothing and reads as the data says.
    Any other rewrite is read again with the top-level entry holding it: a block mapping's top-level entries
    begin at column 1 and are read alone exactly as within the whole text, only their lines move. A plan written
    in flow style (JSON) is read by :func:`_flow_reading`."""
    from .roundtrip import implicit_tag

    old_data, positions, problems = reading
    text, rewrites = patched
    if problems or not isinstance(old_data, dict) or not old_data:
        return None
    chunks = _top_level_chunks(source, positions, old_data)
    if chunks is None:
        return _flow_reading(source, positions, rewrites, data, name)
    dirty: set[str] = set()
    for r in rewrites:
        if r.path is None or r.path[0] not in chunks:
            return None
        if not _moves_nothing(source[r.start : r.end], r, implicit_tag):
            dirty.add(r.path[0])
    new_chunks, parts = {}, [source[: chunks[next(iter(old_data))][0]]]
    at = 0
    for key, (start, end) in chunks.items():
        pieces, last = [], start
        while at < len(rewrites) and rewrites[at].start < end:
            r = rewrites[at]
            pieces.append(source[last : r.start] + r.replacement)
            last, at = r.end, at + 1
        pieces.append(source[last:end])
        chunk = "".join(pieces)
        cleared = clear_empty_number(chunk)
        if cleared != chunk:
            dirty.add(key)
        new_chunks[key] = cleared
        parts.append(cleared)
    if "".join(parts) != text:
        return None  # the text is not the sum of its entries: read it whole
    return _reading(old_data, positions, data, new_chunks, chunks, source, dirty, name)


def _top_level_chunks(source: str, positions: Positions, data: dict) -> dict[str, tuple[int, int]] | None:
    """Top-level key → (start, end) offsets of its entry's lines, in file order; None unless the text is one block
    mapping whose keys stand at column 1 with no directive before them."""
    first = positions.keys.get((next(iter(data)),))
    if first is None or positions.values.get(()) != first:
        return None
    lines = []
    for key in data:
        at = positions.keys.get((key,))
        if at is None or at[1] != 1:
            return None
        lines.append((at[0], key))
    lines.sort()
    offsets = _line_offsets(source)
    if any(line.startswith("%") for line in source[: offsets[lines[0][0] - 1]].split("\n")):
        return None  # a %YAML or %TAG directive changes how the entries read
    chunks = {}
    for n, (line, key) in enumerate(lines):
        end = offsets[lines[n + 1][0] - 1] if n + 1 < len(lines) else len(source)
        chunks[key] = (offsets[line - 1], end)
    return chunks


def _line_offsets(text: str) -> list[int]:
    offsets, total = [], 0
    for line in text.split("\n"):
        offsets.append(total)
        total += len(line) + 1
    return offsets


def _moves_nothing(source: str, r: Rewrite, implicit_tag) -> bool:
    """The rewrite keeps every character but digits where they stand, and the scalar reads as ``r.new``."""
    if isinstance(r.old, int) and isinstance(r.new, int) and not isinstance(r.new, bool):
        # a plain whole number ("nam: 2027"): read as the int it spells
        return (
            source == str(r.old)
            and r.replacement == str(r.new)
            and len(source) == len(r.replacement)
            and _PLAIN_INT.fullmatch(source) is not None
            and _PLAIN_INT.fullmatch(r.replacement) is not None
        )
    if not r.years_only or len(r.replacement) != len(source):
        return False
    if source.translate(_ZERO_DIGITS) != r.replacement.translate(_ZERO_DIGITS):
        return False  # something other than a digit changed, or a digit became something else
    if "\\" in source:  # an escape ("\u00a0"): what is written is not the value; read the scalar alone
        return source[:1] == '"' and "\n" not in source and _read_alone(r.replacement) == r.new
    # each digit of the scalar as written is a digit of its value, in order: the value's year tokens take the
    # new digits where the text's did
    old_years = [m.start() for m in re.finditer(r"\d{4}", r.old)]
    expected = list(r.old)
    for pos in old_years:
        expected[pos : pos + 4] = r.new[pos : pos + 4]
    if "".join(expected) != r.new:
        return False
    plain = source[:1] not in ("'", '"', "|", ">")
    return not plain or not _TYPED.match(r.new) or implicit_tag(r.new) == _STR_TAG


def _read_alone(scalar: str):
    """The value of a one-line double-quoted scalar, which does not depend on where it stands."""
    from .load import mapping_from_text

    read, _, problems = mapping_from_text(f"v: {scalar}\n", "")
    return None if problems or not isinstance(read, dict) else read.get("v")


def _reading(old_data, positions, data, new_chunks, chunks, source, dirty, name):
    """(data, positions, problems) of the new text: the entries in ``dirty`` read again, the others moved down
    by the lines the entries before them gained."""
    from .load import mapping_from_text

    values, keys = dict(positions.values), dict(positions.keys)
    new_data = dict(data)
    shift, moved = 0, {}
    line = source.count("\n", 0, chunks[next(iter(old_data))][0]) + 1  # where the entry begins in the new text
    for key, (start, end) in chunks.items():
        moved[key] = shift
        if key in dirty:
            read, at, problems = mapping_from_text(new_chunks[key], name)
            if problems or not isinstance(read, dict) or list(read) != [key] or read[key] != data[key]:
                return None
            new_data[key] = read[key]
            for table, fresh in ((values, at.values), (keys, at.keys)):
                for path in [p for p in table if p and p[0] == key]:
                    del table[path]
                for path, (ln, col) in fresh.items():
                    if path:
                        table[path] = (ln + line - 1, col)
            shift += new_chunks[key].count("\n") - source.count("\n", start, end)
        line += new_chunks[key].count("\n")
    if shift or any(moved.values()):
        for table in (values, keys):
            for path, (ln, col) in table.items():
                if path and path[0] not in dirty and moved[path[0]]:
                    table[path] = (ln + moved[path[0]], col)
    return new_data, Positions(values, keys), []


_TO_NEXT = re.compile(r"\s*")


def _flow_reading(source: str, positions: Positions, rewrites: list[Rewrite], data: dict, name: str):
    """:func:`read_patched` for a text whose top level is a flow mapping (``{...}``, JSON): every scalar in it is
    in flow context, delimited by the quotes or by the indicators around it, so a rewrite on one line changes
    nothing but itself and the columns after it on its line. Each replacement is read alone (all in one small
    text) and must read as the data says; anything else (a rewrite over lines, a plain scalar not followed by
    "," "]" or "}", a directive, an anchored top level) is left to the caller, which reads the whole text."""
    from .load import mapping_from_text

    root = positions.values.get(())
    offsets = _line_offsets(source)
    if root is None or source[offsets[root[0] - 1] + root[1] - 1 : offsets[root[0] - 1] + root[1]] != "{":
        return None
    if any(line.startswith("%") for line in source[: offsets[root[0] - 1]].split("\n")):
        return None  # a %YAML directive changes how plain scalars read
    shifts: dict[int, list[tuple[int, int]]] = {}  # line → (column of a rewrite, characters it gained)
    for r in rewrites:
        was = source[r.start : r.end]
        if "\n" in was or "\n" in r.replacement:
            return None
        if was[:1] not in ("'", '"') or r.replacement[:1] not in ("'", '"'):
            after = _TO_NEXT.match(source, r.end).end()
            if source[after : after + 1] not in (",", "]", "}"):
                return None  # a plain scalar might go on over the next line, or a comment follow it
        if len(r.replacement) != len(was):
            line = bisect.bisect_right(offsets, r.start)  # 1-based
            shifts.setdefault(line, []).append((r.start - offsets[line - 1] + 1, len(r.replacement) - len(was)))
    if rewrites:
        read, _, problems = mapping_from_text("{v: [\n" + ",\n".join(r.replacement for r in rewrites) + "\n]}", name)
        if problems or read is None or len(read["v"]) != len(rewrites):
            return None
        for value, r in zip(read["v"], rewrites, strict=True):
            if type(value) is not type(r.new) or value != r.new:
                return None
    values, keys = dict(positions.values), dict(positions.keys)
    if shifts:
        for table in (values, keys):
            for path, (ln, col) in table.items():
                if ln in shifts:
                    table[path] = (ln, col + sum(delta for at, delta in shifts[ln] if at < col))
    return dict(data), Positions(values, keys), []

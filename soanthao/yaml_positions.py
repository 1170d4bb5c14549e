"""YAML text → plain data (dicts, lists, scalars) with the line and column of every node.

This is the only module that parses YAML into data (:mod:`soanthao.roundtrip` is the one that edits it).
We build Python values from the parser's events ourselves instead of letting the library construct them,
so that we can (1) keep every node's position, (2) report *every* duplicate key instead of silently
keeping the last, (3) refuse shared (aliased) collections before an alias bomb expands, (4) bound the
nesting depth without recursion, and (5) read "2027-02-30" as text that our own date rules can explain,
instead of a library exception.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from . import vn
from .diagnostics import Diagnostic, Path, Severity
from .source_text import CONTROL_CHARS, line_col

MAX_DEPTH = 40  # Plan → phan → muc ×4 is about 12 levels deep
MAX_ALIAS_CHARS = 100_000  # text copied by "*alias" in all: a deadline reused 500 times is ~6,000

_TAG = "tag:yaml.org,2002:"


class Unreadable(Exception):
    """Text (or a file) that cannot be read as a spec at all; ``.diagnostic`` says why in Vietnamese."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def error(code: str, message: str, line=None, column=None, severity=Severity.ERROR, path: Path = ()) -> Diagnostic:
    return Diagnostic(code, severity, message, path=path, line=line, column=column)


@dataclass
class Positions:
    """Spec path → (line, column), 1-based, for values and for keys."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        if len(p) > 1 and p[1] == "muc" and p[:2] not in self.keys:
            p = p[:1] + p[2:]  # the part was written as a bare list of items
        while True:
            if p in self.keys and (key or p not in self.values or self.values[p][0] != self.keys[p][0]):
                return self.keys[p]  # a block value starts below its key: point at the key
            if p in self.values:
                return self.values[p]
            if not p:
                return None
            p = p[:-1]


_SYNTAX_HINTS = {
    "could not find expected ':'": "thiếu dấu “:” sau tên khóa, hoặc thụt lề không đều",
    "mapping values are not allowed": "dấu “:” đặt sai chỗ; nếu nội dung có dấu “:”, hãy đặt cả đoạn trong ngoặc kép",
    "block sequence entries are not allowed": "dấu “- ” đặt sai chỗ; kiểm tra thụt lề của danh sách",
    "tab character": "có ký tự Tab; hãy thụt lề bằng dấu cách",
    "found character '\\t' that cannot start any token": "có ký tự Tab; hãy thụt lề bằng dấu cách",
    "did not find expected key": "thụt lề không đều giữa các khóa",
    "did not find expected '-' indicator": "thụt lề không đều trong danh sách",
    "found undefined alias": "dùng bí danh (*) chưa được định nghĩa",
    "found unexpected end of stream": "tệp kết thúc khi một ngoặc hoặc dấu nháy chưa đóng",
    "did not find expected ',' or ']'": "danh sách trong ngoặc vuông “[ ]” chưa đóng hoặc thiếu dấu phẩy",
    "did not find expected ',' or '}'": "nhóm trong ngoặc nhọn “{ }” chưa đóng hoặc thiếu dấu phẩy",
    "found unknown escape character": "ký tự “\\” trong ngoặc kép không hợp lệ; dùng ngoặc đơn '…' hoặc viết “\\\\”",
}


def _yaml_syntax(err: MarkedYAMLError, text: str) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    problem = (err.problem or "").strip()
    hint = next((v for k, v in _SYNTAX_HINTS.items() if k in problem), None)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        hint = _SYNTAX_HINTS["tab character"]
    elif (quote := _early_quote(err, text)) is not None:
        return error("YAML-CU-PHAP", quote, line=mark.line + 1, column=mark.column)
    message = "tệp không đúng cú pháp YAML: " + (hint or f"không đọc được từ đây (chi tiết: {problem})")
    return error(
        "YAML-CU-PHAP", message, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None
    )


def _early_quote(err: MarkedYAMLError, text: str) -> str | None:
    """A quote inside a quoted value ends it early: ``"Triển khai "Tháng hành động" năm 2027"`` stops after
    ``khai``, and the parser then complains about indentation. Say what really happened."""
    mark = err.problem_mark
    if mark is None or mark.column < 1 or text[mark.index - 1 : mark.index] not in ('"', "'"):
        return None
    if text[mark.index : mark.index + 1] in ("", " ", "\n", "#", ",", "]", "}", ":"):
        return None  # the quote really closed the value; the problem is elsewhere
    if text[mark.index - 1] == '"':
        return (
            'tệp không đúng cú pháp YAML: dấu ngoặc kép thẳng (") ở đây đóng giá trị sớm, phần sau nó không đọc '
            "được; trong nội dung hãy dùng ngoặc kép cong “ ”, hoặc đặt cả giá trị trong ngoặc đơn '…'"
        )
    return (
        "tệp không đúng cú pháp YAML: dấu nháy đơn (') ở đây đóng giá trị sớm, phần sau nó không đọc được; "
        "trong giá trị đặt trong ngoặc đơn hãy viết hai dấu nháy đơn ('') hoặc đặt cả giá trị trong ngoặc kép"
    )


_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")} | {"!", None}
_COLLECTION_TAGS = {_TAG + "seq", _TAG + "map", "!", None}
_CUT_COMMENT = re.compile(r"[ \t]+#[^\s#]")  # "#3", "#hashtag": text, not a "# comment"
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth_guard(text: str) -> None:
    """Refuse "[[[[…" before the parser sees it: libyaml slows down quadratically with depth."""
    depth = 0
    for m in _FLOW_BRACKET.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            raise Unreadable(
                error("YAML-LONG-SAU", f"cấu trúc lồng quá sâu (hơn {MAX_DEPTH} cấp)", *line_col(text, m.start()))
            )


class _Builder:
    """Builds dicts/lists/scalars straight from parser events, recording positions and problems.

    Iterative (no recursion, so no depth limit but ours), and it sees every key, so a
    duplicate is reported instead of silently overwritten.
    """

    def __init__(self, resolver, text: str = ""):
        self.resolver = resolver
        self.lines = text.splitlines()
        self.positions = Positions()
        self.problems: list[Diagnostic] = []
        self.nfd: list[tuple[int, int]] = []
        self.alias_chars = 0  # characters copied by aliases of text values
        self.anchors: dict[str, object] = {}  # anchor → its scalar value, or _COLLECTION

    @staticmethod
    def _pos(event) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def build(self, events):
        stack: list[list] = []  # frames: [container, path, pending key or None]
        root = None
        documents = 0
        for event in events:
            kind = type(event).__name__
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise Unreadable(
                        error("YAML-CU-PHAP", "tệp chỉ được chứa một đặc tả (bỏ dòng “---” thứ hai)", *self._pos(event))
                    )
                continue
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                value = stack.pop()[0]
                if not stack:
                    root = value
                continue
            path = self._child_path(stack)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                self._key(event, kind, stack)  # this event is a mapping key
                continue
            value = self._value(event, kind, len(stack))
            self.positions.values.setdefault(path, self._pos(event))
            if stack:
                self._place(stack[-1], value)
            if isinstance(value, (dict, list)) and kind != "AliasEvent":
                stack.append([value, path, None])
            elif not stack:
                root = value
        return root

    def _value(self, event, kind: str, depth: int):
        """The value an alias, scalar or collection-start event stands for (a new collection is empty)."""
        if kind == "AliasEvent":
            if event.anchor not in self.anchors:
                raise Unreadable(
                    error("YAML-CU-PHAP", f"bí danh “*{event.anchor}” chưa được định nghĩa", *self._pos(event))
                )
            value = self.anchors[event.anchor]
            if value is _COLLECTION:
                # Refusing shared collections bounds an alias bomb ("billion laughs").
                raise Unreadable(
                    error(
                        "YAML-NEO",
                        "đặc tả không dùng neo “&” và bí danh “*” cho danh sách "
                        "hay nhóm khóa; hãy viết nội dung ra đầy đủ",
                        *self._pos(event),
                    )
                )
            if isinstance(value, str):
                self._count_alias(event, value)
            return value
        if kind == "ScalarEvent":
            value = self._scalar(event)
            if event.anchor:
                self.anchors[event.anchor] = value
            return value
        # MappingStartEvent / SequenceStartEvent
        if depth >= MAX_DEPTH:
            raise Unreadable(error("YAML-LONG-SAU", f"cấu trúc lồng quá sâu (hơn {MAX_DEPTH} cấp)", *self._pos(event)))
        if event.tag not in _COLLECTION_TAGS:
            self.problems.append(error("YAML-THE", f"thẻ YAML “{event.tag}” không được hỗ trợ", *self._pos(event)))
        if event.anchor:
            self.anchors[event.anchor] = _COLLECTION
        return {} if kind == "MappingStartEvent" else []

    def _count_alias(self, event, value: str) -> None:
        """Bound what aliases of text copy: one long paragraph reused a thousand times is a gigabyte to check."""
        self.alias_chars += len(value)
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise Unreadable(
                error(
                    "YAML-NEO",
                    f"bí danh “*{event.anchor}” chép lại quá nhiều chữ: các bí danh trong tệp chép tổng cộng "
                    f"hơn {MAX_ALIAS_CHARS:,} ký tự".replace(",", ".")
                    + "; bí danh chỉ dùng cho giá trị ngắn (thời hạn, "
                    "tên cơ quan) — hãy viết nội dung ra đầy đủ",
                    *self._pos(event),
                )
            )

    def _check_cut_comment(self, event) -> None:
        """Unquoted text stops at " #": "Tổ dân phố #3 tham gia" keeps only "Tổ dân phố"."""
        end = event.end_mark
        if end.line < len(self.lines) and _CUT_COMMENT.match(self.lines[end.line], end.column):
            line, col = end.line + 1, self.lines[end.line].index("#", end.column) + 1
            lost = self.lines[end.line][col - 1 :].strip()
            kept = str(event.value)
            example = f'"{kept if len(kept) <= 30 else "…" + kept[-30:]} {lost.split()[0]}…"'
            lost = lost if len(lost) <= 40 else lost[:40] + "…"
            # An error, not a warning: the printed document would silently lose the rest of the sentence.
            self.problems.append(
                error(
                    "YAML-CHU-THICH",
                    f"phần sau “ #” (“{lost}”) bị YAML coi là chú thích và sẽ "
                    f"mất khỏi văn bản; hãy đặt cả đoạn trong ngoặc kép: {example}",
                    line,
                    col,
                )
            )

    @staticmethod
    def _child_path(stack) -> Path:
        if not stack:
            return ()
        container, path, key = stack[-1]
        return path + ((key,) if isinstance(container, dict) else (len(container),))

    @staticmethod
    def _place(frame, value) -> None:
        container, _, key = frame
        if isinstance(container, dict):
            if key is not _SKIP:
                container[key] = value
            frame[2] = None
        else:
            container.append(value)

    def _key(self, event, kind: str, stack) -> None:
        frame = stack[-1]
        container, path, _ = frame
        if kind != "ScalarEvent":
            raise Unreadable(
                error("SPEC-KIEU", "tên khóa phải là một chữ, không phải danh sách hay nhóm", *self._pos(event))
            )
        if str(self.resolver.resolve(ScalarNode, event.value, event.implicit)) == _TAG + "merge":
            raise Unreadable(
                error("YAML-NEO", "đặc tả không dùng khóa gộp “<<”; hãy viết các khóa ra đầy đủ", *self._pos(event))
            )
        key = vn.nfc(str(event.value))
        if key in container or (path + (key,)) in self.positions.keys:
            first = self.positions.keys[path + (key,)]
            self.problems.append(
                error(
                    "SPEC-TRUNG-KHOA",
                    f"khóa “{key}” lặp lại (lần đầu ở dòng {first[0]}); YAML chỉ giữ một giá trị "
                    "nên nội dung kia sẽ mất — hãy gộp hoặc đổi tên",
                    *self._pos(event),
                    path=path + (key,),
                )
            )
            frame[2] = _SKIP
            return
        self.positions.keys[path + (key,)] = self._pos(event)
        frame[2] = key

    def _scalar(self, event):
        value = event.value
        tag = event.tag if event.tag and event.tag != "!" else None
        if tag is None and event.implicit[0]:
            tag = str(self.resolver.resolve(ScalarNode, value, event.implicit))  # a Tag object, not a str
        if tag not in _SCALAR_TAGS:
            self.problems.append(error("YAML-THE", f"thẻ YAML “{tag}” không được hỗ trợ", *self._pos(event)))
        elif not event.style:  # only plain scalars carry implicit types
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                return value.lower() == "true"
            if tag == _TAG + "int" and re.fullmatch(r"0\d+", value):
                return value  # "0129": a number printed with its leading zero, kept as written
            if tag == _TAG + "int":
                with contextlib.suppress(ValueError):
                    return int(value.replace("_", ""), 0 if value.lstrip("+-")[:2].lower() in ("0x", "0o") else 10)
            if tag == _TAG + "float":
                with contextlib.suppress(ValueError):
                    return float(value.replace("_", "").replace(".inf", "inf").replace(".nan", "nan"))
            self._check_cut_comment(event)
        # Strings, and timestamps kept as text so that date rules can explain "2027-02-30".
        normal = vn.nfc(str(value))
        if normal != value:
            self.nfd.append(self._pos(event))
        return normal


_COLLECTION = object()  # anchor marker: the anchored node was a collection
_SKIP = object()  # the value of a duplicate key: parsed, reported, not kept


def _parse(text: str, builder: _Builder):
    _flow_depth_guard(text)
    try:
        root = builder.build(_YAML.parse(text))
    except MarkedYAMLError as err:
        raise Unreadable(_yaml_syntax(err, text)) from err
    except ReaderError as err:  # a character YAML refuses that CONTROL_CHARS did not catch
        code = err.character if isinstance(err.character, int) else ord(err.character or b"\0")
        raise Unreadable(
            error(
                "YAML-CU-PHAP",
                f"ký tự U+{code:04X} không được phép trong tệp YAML — hãy xóa nó",
                *line_col(text, err.position),
            )
        ) from None
    except YAMLError as err:
        raise Unreadable(error("YAML-CU-PHAP", f"tệp không đúng cú pháp YAML ({err})")) from err
    if root is None or root == "":
        raise Unreadable(error("TEP-RONG", "tệp rỗng: chưa có nội dung đặc tả (gõ “soanthao init” để có tệp mẫu)"))
    if not isinstance(root, dict):
        kind = "một danh sách" if isinstance(root, list) else "một giá trị đơn"
        raise Unreadable(
            error(
                "SPEC-KHONG-PHAI-DAC-TA",
                f"cấp ngoài cùng của tệp là {kind}; đặc tả kế hoạch phải "
                "là các khóa như “co_quan_ban_hanh:”, “trich_yeu:”, “nhiem_vu:”…",
                *builder.positions.values.get((), (1, 1)),
            )
        )
    return root


# The safe parser uses libyaml (ruamel.yaml.clib) when installed: ~15× faster than pure Python.
_YAML = YAML(typ="safe", pure=False)


def parse_mapping(text: str, name: str) -> tuple[dict | None, Positions, list[Diagnostic]]:
    """A YAML text whose top level is a mapping: (data or None when unreadable, positions, problems located
    in ``name``). A control character is reported where it is and read as a space, so the rest is checked."""
    problems = _clean_controls(text)
    text = CONTROL_CHARS.sub(" ", text)
    builder = _Builder(_YAML.resolver, text)
    try:
        data = _parse(text, builder)
    except Unreadable as bad:
        return None, Positions(), problems + [bad.diagnostic.located(name, bad.diagnostic.line, bad.diagnostic.column)]
    problems += builder.problems
    if builder.nfd:
        line, col = builder.nfd[0]
        problems.append(
            error(
                "TEXT-NFC",
                f"chữ Việt ở dạng tổ hợp (NFD) tại {len(builder.nfd)} chỗ, đã chuẩn hóa "
                "về dạng dựng sẵn (NFC); hãy lưu lại tệp từ trình soạn thảo khác hoặc chuyển mã bằng "
                "Unikey",
                line,
                col,
                Severity.WARNING,
            )
        )
    return data, builder.positions, [d if d.file else d.located(name, d.line, d.column) for d in problems]


def parse_trusted(text: str) -> dict:
    """The data of a YAML mapping whose problems the caller does not report one by one (the package's own
    data files, a plan built by a test); raises :class:`Unreadable` for text that is not one."""
    return _parse(text, _Builder(_YAML.resolver))


_INVALID = "\ufffe\uffff"  # a byte-order mark read the wrong way


def _clean_controls(text: str) -> list[Diagnostic]:
    out = []
    for m in CONTROL_CHARS.finditer(text):
        line, col = line_col(text, m.start())
        invalid = m.group() in _INVALID or "\ud800" <= m.group() <= "\udfff"
        what = (
            ("ký tự không hợp lệ", "thường do lỗi chuyển mã")
            if invalid
            else ("ký tự điều khiển", "thường do dán từ Word")
        )
        out.append(
            error(
                "TEXT-DIEU-KHIEN", f"{what[0]} U+{ord(m.group()):04X} ({what[1]}) — hãy xóa nó", line=line, column=col
            )
        )
    return out

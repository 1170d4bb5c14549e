"""YAML spec file → Plan, with the line and column of every node.

This is the only module that imports ruamel.yaml. We build Python values from
the parser's events ourselves instead of letting the library construct them,
so that we can (1) keep every node's position, (2) report *every* duplicate key
instead of silently keeping the last, (3) refuse shared (aliased) collections
before an alias bomb expands, (4) bound the nesting depth without recursion,
and (5) read "2027-02-30" as text that our own date rules can explain, instead
of a library exception. The round-trip functions at the end (for `next` and
`import`) keep the writer's comments.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from . import vn
from .atomic import describe
from .diagnostics import Diagnostic, Path, Report, Severity
from .source_file import NotAFile, TooLarge, binary_kind, read_bounded
from .spec import Plan

MAX_BYTES = 5 * 1024 * 1024  # a real plan spec is well under 200 KB
MAX_DEPTH = 40  # Plan → phan → muc ×4 is about 12 levels deep
MAX_ALIAS_CHARS = 100_000  # text copied by "*alias" in all: a deadline reused 500 times is ~6,000

# Control characters, and the non-characters U+FFFE/U+FFFF (a byte-order mark read the wrong way) that
# YAML refuses: reported where they are and read as a space, so the rest of the file is still checked.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_TAG = "tag:yaml.org,2002:"


class _Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


UnreadableFile = _Unreadable  # what read_text raises; ``.diagnostic`` says why in Vietnamese


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


@dataclass
class Loaded:
    file: str
    plan: Plan | None
    positions: Positions
    report: Report
    data: dict | None = None  # the spec as read: plain dicts and lists in file order

    def add(self, diagnostics: typing.Iterable[Diagnostic]) -> None:
        """Attach located diagnostics to this file's report."""
        for d in diagnostics:
            if d.line is None:
                pos = self.positions.of(d.path, key=d.code.startswith("SPEC-KHOA"))
                d = d.located(self.file, *(pos or (None, None)))
            elif d.file is None:
                d = d.located(self.file, d.line, d.column)
            self.report.diagnostics.append(d)


def _diag(code: str, message: str, line=None, column=None, severity=Severity.ERROR, path: Path = ()) -> Diagnostic:
    return Diagnostic(code, severity, message, path=path, line=line, column=column)


# --- bytes → text ------------------------------------------------------------------------------
def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _guess_legacy(raw: bytes) -> str:
    """Name the legacy Vietnamese encoding a file was probably saved in."""
    text = raw.decode("cp1258", errors="replace")
    vietnamese = sum(text.count(ch) for ch in "ăâđêôơưĂÂĐÊÔƠƯ")
    return "Windows-1258" if vietnamese * 40 >= len(raw) else "TCVN3 (ABC) hoặc VNI"


def read_text(path: FsPath) -> str:
    """The file's text, or _Unreadable with a located Vietnamese message."""
    if not path.exists():
        raise _Unreadable(_diag("TEP-KHONG-CO", f"không tìm thấy tệp “{path.name}” trong thư mục "
                                                f"{path.absolute().parent}"))
    if path.is_dir():
        raise _Unreadable(_diag("TEP-KHONG-CO", "đây là một thư mục, không phải tệp đặc tả"))
    try:
        raw = read_bounded(path, MAX_BYTES)
    except TooLarge as big:
        size = f" ({big.size / 1048576:.1f} MB)".replace(".", ",") if big.size else ""
        raise _Unreadable(_diag("TEP-QUA-LON", f"tệp quá lớn{size}; một đặc tả kế hoạch thường dưới 1 MB, tối đa "
                                f"{MAX_BYTES // 1048576} MB")) from None
    except NotAFile as err:
        raise _Unreadable(_diag("TEP-KHONG-DOC-DUOC", f"{err}; soanthao chỉ đọc tệp đặc tả .yaml")) from None
    except OSError as err:
        raise _Unreadable(_diag("TEP-KHONG-DOC-DUOC", f"không đọc được tệp ({describe(err)})")) from err
    if kind := binary_kind(raw):
        raise _Unreadable(_diag("TEP-MA-HOA", f"đây là tệp {kind}, không phải đặc tả YAML; để chuyển một kế hoạch "
                                f"(.docx, .pdf, .txt) thành đặc tả, dùng “soanthao import {path.name}”"
                                + _OLD_WORD.get(kind, "")))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(raw)  # Notepad's "Unicode"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        partial = raw[: err.start].decode("utf-8", errors="replace")
        line, col = _line_col(partial, len(partial))
        raise _Unreadable(_diag(
            "TEP-MA-HOA",
            f"tệp không lưu ở mã UTF-8 (có vẻ là {_guess_legacy(raw)}); hãy lưu lại tệp với mã hóa UTF-8 "
            "(Notepad: Tệp → Lưu thành… → Mã hóa: UTF-8; văn bản gõ bằng phông TCVN3/VNI thì chuyển mã sang "
            "Unicode bằng Unikey trước)", line=line, column=col)) from err
    return text


_OLD_WORD = {"Word .doc / Excel .xls đời cũ": " (tệp .doc: mở bằng Word rồi lưu thành .docx trước)"}


def _utf16(raw: bytes) -> str:
    """UTF-16 text with its byte-order mark; a truncated or broken one is located, not a traceback."""
    codec = "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
    try:
        return raw[2:].decode(codec)
    except UnicodeDecodeError as err:
        partial = raw[2: 2 + err.start].decode(codec, errors="replace")
        raise _Unreadable(_diag(
            "TEP-MA-HOA", "tệp lưu ở mã Unicode UTF-16 nhưng bị hỏng từ đây (thiếu byte cuối hoặc ký tự lỗi); hãy "
            "mở lại tệp và lưu với mã hóa UTF-8 (Notepad: Tệp → Lưu thành… → Mã hóa: UTF-8)",
            *_line_col(partial, len(partial)))) from None


# --- YAML events → plain data + positions ------------------------------------------------------
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
    if mark is not None and text[mark.index: mark.index + 1] == "\t":
        hint = _SYNTAX_HINTS["tab character"]
    elif (quote := _early_quote(err, text)) is not None:
        return _diag("YAML-CU-PHAP", quote, line=mark.line + 1, column=mark.column)
    message = "tệp không đúng cú pháp YAML: " + (hint or f"không đọc được từ đây (chi tiết: {problem})")
    return _diag("YAML-CU-PHAP", message, line=mark.line + 1 if mark else None,
                 column=mark.column + 1 if mark else None)


def _early_quote(err: MarkedYAMLError, text: str) -> str | None:
    """A quote inside a quoted value ends it early: ``"Triển khai "Tháng hành động" năm 2027"`` stops after
    ``khai``, and the parser then complains about indentation. Say what really happened."""
    mark = err.problem_mark
    if mark is None or mark.column < 1 or not text[mark.index - 1: mark.index] in ("\"", "'"):
        return None
    if text[mark.index: mark.index + 1] in ("", " ", "\n", "#", ",", "]", "}", ":"):
        return None  # the quote really closed the value; the problem is elsewhere
    if text[mark.index - 1] == "\"":
        return ("tệp không đúng cú pháp YAML: dấu ngoặc kép thẳng (\") ở đây đóng giá trị sớm, phần sau nó không đọc "
                "được; trong nội dung hãy dùng ngoặc kép cong “ ”, hoặc đặt cả giá trị trong ngoặc đơn '…'")
    return ("tệp không đúng cú pháp YAML: dấu nháy đơn (') ở đây đóng giá trị sớm, phần sau nó không đọc được; "
            "trong giá trị đặt trong ngoặc đơn hãy viết hai dấu nháy đơn ('') hoặc đặt cả giá trị trong ngoặc kép")


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
            raise _Unreadable(_diag("YAML-LONG-SAU", f"cấu trúc lồng quá sâu (hơn {MAX_DEPTH} cấp)",
                                    *_line_col(text, m.start())))


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

    @staticmethod
    def _pos(event) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def build(self, events):
        anchors: dict[str, object] = {}
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
                    raise _Unreadable(_diag("YAML-CU-PHAP", "tệp chỉ được chứa một đặc tả (bỏ dòng “---” thứ hai)",
                                            *self._pos(event)))
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
            if kind == "AliasEvent":
                if event.anchor not in anchors:
                    raise _Unreadable(_diag("YAML-CU-PHAP", f"bí danh “*{event.anchor}” chưa được định nghĩa",
                                            *self._pos(event)))
                if anchors[event.anchor] is _COLLECTION:
                    # Refusing shared collections bounds an alias bomb ("billion laughs").
                    raise _Unreadable(_diag("YAML-NEO", "đặc tả không dùng neo “&” và bí danh “*” cho danh sách "
                                            "hay nhóm khóa; hãy viết nội dung ra đầy đủ", *self._pos(event)))
                value = anchors[event.anchor]
                if isinstance(value, str):
                    self._count_alias(event, value)
            elif kind == "ScalarEvent":
                value = self._scalar(event)
                if event.anchor:
                    anchors[event.anchor] = value
            else:  # MappingStartEvent / SequenceStartEvent
                if len(stack) >= MAX_DEPTH:
                    raise _Unreadable(_diag("YAML-LONG-SAU", f"cấu trúc lồng quá sâu (hơn {MAX_DEPTH} cấp)",
                                            *self._pos(event)))
                if event.tag not in _COLLECTION_TAGS:
                    self.problems.append(_diag("YAML-THE", f"thẻ YAML “{event.tag}” không được hỗ trợ",
                                               *self._pos(event)))
                if event.anchor:
                    anchors[event.anchor] = _COLLECTION
                value = {} if kind == "MappingStartEvent" else []
            self.positions.values.setdefault(path, self._pos(event))
            if stack:
                self._place(stack[-1], value)
            if isinstance(value, (dict, list)) and kind != "AliasEvent":
                stack.append([value, path, None])
            elif not stack:
                root = value
        return root

    def _count_alias(self, event, value: str) -> None:
        """Bound what aliases of text copy: one long paragraph reused a thousand times is a gigabyte to check."""
        self.alias_chars += len(value)
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise _Unreadable(_diag(
                "YAML-NEO", f"bí danh “*{event.anchor}” chép lại quá nhiều chữ: các bí danh trong tệp chép tổng cộng "
                f"hơn {MAX_ALIAS_CHARS:,} ký tự".replace(",", ".") + "; bí danh chỉ dùng cho giá trị ngắn (thời hạn, "
                "tên cơ quan) — hãy viết nội dung ra đầy đủ", *self._pos(event)))

    def _check_cut_comment(self, event) -> None:
        """Unquoted text stops at " #": "Tổ dân phố #3 tham gia" keeps only "Tổ dân phố"."""
        end = event.end_mark
        if end.line < len(self.lines) and _CUT_COMMENT.match(self.lines[end.line], end.column):
            line, col = end.line + 1, self.lines[end.line].index("#", end.column) + 1
            lost = self.lines[end.line][col - 1:].strip()
            kept = str(event.value)
            example = f"\"{kept if len(kept) <= 30 else '…' + kept[-30:]} {lost.split()[0]}…\""
            lost = lost if len(lost) <= 40 else lost[:40] + "…"
            # An error, not a warning: the printed document would silently lose the rest of the sentence.
            self.problems.append(_diag("YAML-CHU-THICH", f"phần sau “ #” (“{lost}”) bị YAML coi là chú thích và sẽ "
                                       f"mất khỏi văn bản; hãy đặt cả đoạn trong ngoặc kép: {example}", line, col))

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
            raise _Unreadable(_diag("SPEC-KIEU", "tên khóa phải là một chữ, không phải danh sách hay nhóm",
                                    *self._pos(event)))
        if str(self.resolver.resolve(ScalarNode, event.value, event.implicit)) == _TAG + "merge":
            raise _Unreadable(_diag("YAML-NEO", "đặc tả không dùng khóa gộp “<<”; hãy viết các khóa ra đầy đủ",
                                    *self._pos(event)))
        key = vn.nfc(str(event.value))
        if key in container or (path + (key,)) in self.positions.keys:
            first = self.positions.keys[path + (key,)]
            self.problems.append(_diag(
                "SPEC-TRUNG-KHOA", f"khóa “{key}” lặp lại (lần đầu ở dòng {first[0]}); YAML chỉ giữ một giá trị "
                "nên nội dung kia sẽ mất — hãy gộp hoặc đổi tên", *self._pos(event), path=path + (key,)))
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
            self.problems.append(_diag("YAML-THE", f"thẻ YAML “{tag}” không được hỗ trợ", *self._pos(event)))
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
        raise _Unreadable(_yaml_syntax(err, text)) from err
    except ReaderError as err:  # a character YAML refuses that _CONTROL did not catch
        code = err.character if isinstance(err.character, int) else ord(err.character or b"\0")
        raise _Unreadable(_diag("YAML-CU-PHAP", f"ký tự U+{code:04X} không được phép trong tệp YAML — hãy xóa nó",
                                *_line_col(text, err.position))) from None
    except YAMLError as err:
        raise _Unreadable(_diag("YAML-CU-PHAP", f"tệp không đúng cú pháp YAML ({err})")) from err
    if root is None or root == "":
        raise _Unreadable(_diag("TEP-RONG", "tệp rỗng: chưa có nội dung đặc tả (gõ “soanthao init” để có tệp mẫu)"))
    if not isinstance(root, dict):
        kind = "một danh sách" if isinstance(root, list) else "một giá trị đơn"
        raise _Unreadable(_diag("SPEC-KHONG-PHAI-DAC-TA", f"cấp ngoài cùng của tệp là {kind}; đặc tả kế hoạch phải "
                                "là các khóa như “co_quan_ban_hanh:”, “trich_yeu:”, “nhiem_vu:”…",
                                *builder.positions.values.get((), (1, 1))))
    return root


# The safe parser uses libyaml (ruamel.yaml.clib) when installed: ~15× faster than pure Python.
_YAML = YAML(typ="safe", pure=False)


# --- pydantic errors → diagnostics ---------------------------------------------------------------
def _kind_of(value) -> str:
    if value is None:
        return "giá trị rỗng"
    return {bool: "true/false", int: "một số", float: "một số", str: "chữ", list: "một danh sách",
            dict: "một nhóm khóa"}.get(type(value), type(value).__name__)


_EXPECT = {
    "string_type": "cần chữ", "int_type": "cần một số nguyên", "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên", "float_type": "cần một con số", "float_parsing": "cần một con số",
    "bool_type": "cần true hoặc false", "bool_parsing": "cần true hoặc false",
    "list_type": "cần một danh sách (mỗi phần tử một dòng bắt đầu bằng “- ”)",
    "model_type": "cần một nhóm khóa (dạng “khoa: giá trị”)", "dict_type": "cần một nhóm khóa (dạng “khoa: giá trị”)",
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
        if isinstance(current, dict) and step in current:
            out.append(step)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and step < len(current):
            out.append(step)
            current = current[step]
        elif isinstance(current, dict) and isinstance(step, str) and not _is_union_label(step):
            out.append(step)  # a missing or unknown key: name it
            break
    return tuple(out)


def _schema_diagnostics(err: ValidationError, data) -> list[Diagnostic]:
    by_path: dict[Path, list[dict]] = {}
    for e in err.errors():
        by_path.setdefault(_data_path(data, e["loc"]), []).append(e)
    out = []
    for path, errors in by_path.items():
        if any(len(p) > len(path) and p[: len(path)] == path for p in by_path) and all(
                e["type"].endswith("_type") for e in errors):
            continue  # the other member of a union said what is wrong inside
        e = errors[0]
        key = path[-1] if path and isinstance(path[-1], str) else None
        if e["type"] == "extra_forbidden":
            model = _model_at(Plan, path[:-1])
            known = [f.alias or n for n, f in model.model_fields.items()] if model else []
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" — có phải “{close[0]}”?" if close else f" (các khóa được dùng ở đây: {', '.join(known)})"
            out.append(_diag("SPEC-KHOA-LA", f"khóa “{key}” không có trong đặc tả, nội dung của nó sẽ bị bỏ qua{hint}",
                             path=path))
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


# --- entry point ----------------------------------------------------------------------------------
def load(path: str | FsPath) -> Loaded:
    """Read a spec file. Never raises for bad input: problems are in ``report``."""
    return _loaded(str(path), *load_mapping(FsPath(path)))


def load_text(text: str, name: str) -> Loaded:
    """A spec from text already in memory (the web editor's unsaved state); ``name`` is the file it
    belongs to (messages, and where `.soanthao.yaml` is looked for)."""
    return _loaded(name, *mapping_from_text(text, name))


def load_data(data, name: str) -> Loaded:
    """A spec from data already parsed (the web editor's form): no positions, so diagnostics carry only
    their spec path."""
    return _loaded(name, data, Positions(), [])


def _loaded(name: str, data, positions: Positions, problems: list[Diagnostic]) -> Loaded:
    loaded = Loaded(name, None, positions, Report(name))
    loaded.add(problems)
    if data is None:
        loaded.report.unreadable = True
        return loaded
    loaded.data = data
    try:
        loaded.plan = Plan.model_validate(data)
    except ValidationError as err:
        loaded.add(_schema_diagnostics(err, data))
    return loaded


def load_mapping(path: FsPath) -> tuple[dict | None, Positions, list[Diagnostic]]:
    """Any YAML file whose top level is a mapping: (data or None when unreadable, positions, problems)."""
    try:
        text = read_text(path)
    except _Unreadable as bad:
        return None, Positions(), [bad.diagnostic.located(str(path), bad.diagnostic.line, bad.diagnostic.column)]
    return mapping_from_text(text, str(path))


def mapping_from_text(text: str, name: str) -> tuple[dict | None, Positions, list[Diagnostic]]:
    """Like :func:`load_mapping`, for text in memory."""
    problems = _clean_controls(text)
    text = _CONTROL.sub(" ", text)
    builder = _Builder(_YAML.resolver, text)
    try:
        data = _parse(text, builder)
    except _Unreadable as bad:
        return None, Positions(), problems + [bad.diagnostic.located(name, bad.diagnostic.line,
                                                                     bad.diagnostic.column)]
    problems += builder.problems
    if builder.nfd:
        line, col = builder.nfd[0]
        problems.append(_diag("TEXT-NFC", f"chữ Việt ở dạng tổ hợp (NFD) tại {len(builder.nfd)} chỗ, đã chuẩn hóa "
                              "về dạng dựng sẵn (NFC); hãy lưu lại tệp từ trình soạn thảo khác hoặc chuyển mã bằng "
                              "Unikey", line, col, Severity.WARNING))
    return data, builder.positions, [d if d.file else d.located(name, d.line, d.column) for d in problems]


def _clean_controls(text: str) -> list[Diagnostic]:
    out = []
    for m in _CONTROL.finditer(text):
        line, col = _line_col(text, m.start())
        what = ("ký tự không hợp lệ", "thường do lỗi chuyển mã") if m.group() in "\ufffe\uffff" else (
            "ký tự điều khiển", "thường do dán từ Word")
        out.append(_diag("TEXT-DIEU-KHIEN", f"{what[0]} U+{ord(m.group()):04X} ({what[1]}) — hãy xóa nó",
                         line=line, column=col))
    return out


def read_data(path: FsPath):
    """Plain data from one of the package's own YAML data files (trusted, well formed)."""
    builder = _Builder(_YAML.resolver)
    try:
        return _parse(path.read_text(encoding="utf-8"), builder)
    except _Unreadable as bad:
        raise RuntimeError(f"{path}: {bad.diagnostic.text()}") from None


def plan_from_text(text: str) -> Plan:
    """Build a Plan from YAML text for library users and tests; raises ValueError with the diagnostics."""
    builder = _Builder(_YAML.resolver)
    try:
        data = _parse(text, builder)
    except _Unreadable as bad:
        raise ValueError(bad.diagnostic.text()) from None
    return Plan.model_validate(data)


# --- round trip: read and write YAML keeping the writer's comments, key order and layout ------------
# For `soanthao next` (edit a spec, keep its comments) and `soanthao import` (write a spec with
# "# KIỂM TRA" comments). Call `load()` first: these functions assume the file is a valid spec.
def _roundtrip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the writer's lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_roundtrip(path: str | FsPath):
    """The spec as ruamel's commented mappings and sequences (they behave like dict and list)."""
    return _roundtrip_yaml().load(read_text(FsPath(path)))


def parse_roundtrip(text: str):
    """Like :func:`read_roundtrip`, for text in memory; raises ruamel's errors for text that is not YAML."""
    return _roundtrip_yaml().load(text)


def dump_roundtrip(data) -> str:
    """YAML text for ``data`` (round-trip containers keep their comments; plain dicts and lists work too)."""
    import io

    out = io.StringIO()
    _roundtrip_yaml().dump(data, out)
    return out.getvalue()


def new_mapping(items=()):
    """An ordered mapping that can carry comments (see ``comment``)."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(items)


def new_sequence(items=()):
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items)


def comment(container, key, text: str, before: bool = False) -> None:
    """Attach ``# text`` to ``container[key]`` (a mapping key or a list index): at the end of its line,
    or on its own line(s) above it with ``before=True``."""
    if before:
        container.yaml_set_comment_before_after_key(key, before=text, indent=_indent_of(container))
    else:
        container.yaml_add_eol_comment(text, key)


def _indent_of(container) -> int:
    lc = getattr(container, "lc", None)
    return lc.col if lc is not None and lc.col is not None else 0

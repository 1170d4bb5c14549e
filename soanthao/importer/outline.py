"""The numbered outline of a plan's text: which paragraph starts a part or an item, what holds it, and
how its siblings are numbered.

Markers are read in the styles ``soanthao.resolve`` prints: "1." (so), "1.1." (thap_phan), "a)" (chu),
"-" (gach), "+" (cong); a paragraph without a marker belongs to the item above it. An item hangs under
the nearest item above it of another style; a marker of a style already open closes everything below
it (so "- x" after "a) y" is a child of "a)", and the next "b)" is its sibling again). A "1." item is
never put under a "-" when the part can hold it, and an unnumbered line in italics ending with ":"
("Lưu ý:") leads the items after it. The result prints back as it was read: that is the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import vn
from ..resolve import STYLE_KIND, child_style, marker
from .lines import B_OFF, B_ON, IT_OFF, IT_ON, Line, strip_marks
from .report import Kind

MSG = {
    "dup_number": "số thứ tự “{got}” lặp lại (đúng ra là “{want}”); soanthao tự đánh lại số",
    "skip_letter": "điểm “{got}” đứng sau điểm “{prev}”: bỏ sót “{want}”; soanthao tự đánh lại a), b), c), d), đ)…",
    "marker_form": "bản gốc đánh số “{got}”; Nghị định 30 viết “{want}”: soanthao in như vậy",
    "wrong_number": "số thứ tự “{got}” không đúng thứ tự (đúng ra là “{want}”); soanthao tự đánh lại số",
}

# "1.2." (and "1.2" without its last dot when a capital follows, as offices often type it)
_DECIMAL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)(?:\.\s+|\s+(?=[A-ZĐÀ-Ỹ]))(.*)$")
_MUC = re.compile(r"^(\d{1,3})\s*[.)]\s+(.*)$")
# "a)" as Decree 30 writes it, and "a." / "a/." as offices also type it (printed "a)")
_DIEM = re.compile(r"^([a-zđ]{1,2})\)\s*(.*)$|^([a-zđ])(?:\.\s+|/\.\s*)(.*)$")
_Y = re.compile(r"^[-–•]\s*(.*)$")
_YCON = re.compile(r"^\+\s*(.*)$")
_MARKERS = (("thap_phan", _DECIMAL), ("so", _MUC), ("chu", _DIEM), ("gach", _Y), ("cong", _YCON))
END_PUNCT = tuple(".;:!?…")
_MAX_SIBLINGS = 200  # how far a sibling's number is looked up


@dataclass
class Node:
    style: str  # la_ma or so (a part), so, thap_phan, chu, gach, cong, khong (a paragraph without number)
    marker: str  # as printed: "II.", "1.", "1.1.", "a)", "-", ""
    line: int
    texts: list[str] = field(default_factory=list)  # paragraphs, emphasis marks kept
    children: list[Node] = field(default_factory=list)
    heading_line: bool = False  # the marker line was a heading, bold, or had no sentence punctuation
    title: str | None = None  # a part's title
    bold: bool = False  # the whole marker line was bold (a heading style counts)
    follows: Node | None = field(default=None, repr=False)  # a lead line ("Lưu ý:"): the item it took the place of

    @property
    def key(self) -> str:
        """What a later marker must equal to close this node: "1.1." and "1.1.1." are different levels."""
        return f"thap_phan{self.marker.rstrip('.').count('.')}" if self.style == "thap_phan" else self.style

    @property
    def muc_like(self) -> bool:
        """Printed at the "1." level: a bold heading line when it has a title and children."""
        return STYLE_KIND.get(self.style) == "muc"

    @property
    def title_only(self) -> bool:
        """The marker line holds nothing but the title: a title line, or "a) *Công an tỉnh:*"."""
        if self.titled:
            return True
        prefix = formatted_prefix(self.texts[0]) if self.texts else None
        return prefix is not None and " ".join(strip_marks(self.texts[0]).split()) == " ".join(prefix.split()) + ":"

    @property
    def titled(self) -> bool:
        """The marker line holds only the item's title: "1. Công tác tuyên truyền" on its own line."""
        first = " ".join(strip_marks(self.texts[0]).split()) if self.texts else ""
        return self.muc_like and self.heading_line and bool(first) and (self.bold or ":" not in first[:-1])


def formatted_prefix(text: str) -> str | None:
    """ "Title:" printed in italics or bold at the start of ``text`` (marks kept in ``text``)."""
    s = text.lstrip()
    if not s or s[0] not in (IT_ON, B_ON):
        return None
    plain = strip_marks(s)
    colon = plain.find(":")
    if colon <= 0:
        return None
    # every visible character up to the colon must lie inside a formatting span
    depth, seen = 0, 0
    for ch in s:
        if ch in (IT_ON, B_ON):
            depth += 1
        elif ch in (IT_OFF, B_OFF):
            depth -= 1
        else:
            if depth <= 0:
                return None
            if seen == colon:
                return plain[:colon]
            seen += 1
    return plain[:colon]


def read_marker(plain: str) -> tuple[str | None, str, str]:
    """(style, marker, rest) of a paragraph that starts with a numbering marker, else (None, "", plain)."""
    for style, rx in _MARKERS:
        if m := rx.match(plain):
            rest = m[m.lastindex]
            mark = plain[: len(plain) - len(rest)].strip()
            letters = m[1] or m[m.lastindex - 1]
            if (
                style == "chu"
                and letters not in vn.POINT_LETTERS
                and len(letters) > 1
                and letters[0] * len(letters) != letters
            ):
                continue
            return style, mark, rest
    return None, "", plain


def drop_prefix(text: str, n: int) -> str:
    """Remove the first ``n`` visible characters of ``text``, keeping emphasis marks."""
    out, seen = [], 0
    for i, ch in enumerate(text):
        if ch in (IT_ON, IT_OFF, B_ON, B_OFF):
            out.append(ch)
            continue
        if seen >= n:
            return "".join(out) + text[i:]
        seen += 1
    return "".join(out)


def _clean_marks(text: str) -> str:
    """Emphasis marks around nothing but spaces are dropped (the spaces stay)."""
    s = text
    for on, off in ((IT_ON, IT_OFF), (B_ON, B_OFF)):
        s = re.sub(f"{on}(\\s*){off}", r"\1", s)
    return s


def grow(lines: list[Line], roots: list[Node], part_of: Callable[[Line], Node | None] | None = None) -> list[Node]:
    """Hang ``lines`` under ``roots`` (the last root takes what comes before any marker); a line that
    ``part_of`` turns into a node starts a new root."""
    stack: list[Node] = []
    for ln in lines:
        plain = ln.plain.strip()
        part = part_of(ln) if part_of else None
        if part is not None:
            roots.append(part)
            stack = []
            continue
        style, mark, rest = read_marker(plain)
        if style is None and _lead_line(ln):
            stack = _open_lead(ln, stack, roots[-1])
            continue
        if style is None:
            (stack[-1] if stack else roots[-1]).texts.append(ln.text.strip())
            continue
        text = _clean_marks(drop_prefix(ln.text.strip(), len(plain) - len(rest)))
        node = Node(style, mark, ln.no, texts=[text] if strip_marks(text).strip() else [], bold=ln.bold or ln.heading)
        node.heading_line = ln.heading or (
            node.muc_like and (ln.bold or (not rest.rstrip().endswith(END_PUNCT) and len(rest) < 250))
        )
        at = next(
            (
                i
                for i in range(len(stack) - 1, -1, -1)
                if stack[i].key == node.key or (stack[i].follows is not None and _continues(stack[i].follows, node))
            ),
            None,
        )
        if at is not None:
            stack = stack[:at]
        if node.muc_like:
            stack = _muc_parent(stack, roots[-1], node.style)
        (stack[-1] if stack else roots[-1]).children.append(node)
        stack.append(node)
    for root in roots:
        _settle(root)
    return roots


def _muc_parent(stack: list[Node], root: Node, style: str) -> list[Node]:
    """A "1." or "1.1." item hangs under the nearest "1." item (or the part), not under a "-" or an
    unnumbered line ("1.1." is numbered after its parent's "1."), unless that would mix its style with
    its new siblings'."""
    at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].muc_like), -1)
    parent = stack[at] if at >= 0 else root
    return stack[: at + 1] if children_style(parent) in (None, style) else stack


def _lead_line(ln: Line) -> bool:
    """An unnumbered line in italics or bold ending with ":" ("*Lưu ý:*"): it leads the items below it."""
    text = ln.text.strip()
    return (
        len(text) > 2
        and text[0] in (IT_ON, B_ON)
        and text[-1] in (IT_OFF, B_OFF)
        and text.count(text[0]) == 1
        and strip_marks(text).rstrip().endswith(":")
        and len(text) < 120
    )


def _open_lead(ln: Line, stack: list[Node], root: Node) -> list[Node]:
    """The lead line and the items after it: under a title line that has no item yet, its first child;
    else it takes the place of the item above it, as an unnumbered sibling, and the items after it hang
    under it — until one continues the numbering of the item it took the place of ("b)" after "a)")."""
    if not stack or (stack[-1].title_only and not stack[-1].children):
        node = Node("khong", "", ln.no, texts=[ln.text.strip()])
        (stack[-1] if stack else root).children.append(node)
        return stack + [node]
    node = Node("khong", "", ln.no, texts=[ln.text.strip()], follows=stack[-1])
    (stack[-2] if len(stack) > 1 else root).children.append(node)
    return stack[:-1] + [node]


def _continues(before: Node, node: Node) -> bool:
    """``node`` is numbered next after ``before``: "b)" after "a)", "2." after "1.", "1.3." after "1.2."."""
    if node.key != before.key or node.style not in ("so", "thap_phan", "chu"):
        return False
    parent = before.marker.rstrip(".").rpartition(".")[0] + "." if node.style == "thap_phan" else ""
    wanted = before.marker.replace(")", ".") if node.style == "so" else before.marker
    at = next((i for i in range(_MAX_SIBLINGS) if marker(node.style, i, parent) == wanted), None)
    got = node.marker.replace(")", ".") if node.style == "so" else node.marker
    return at is not None and marker(node.style, at + 1, parent) == got


def _settle(node: Node) -> None:
    """Paragraphs under a line that holds only a title: soanthao prints an item's own paragraphs on the
    title's line (“a) Công an tỉnh: text”), except under a “1.” title with items below it; elsewhere
    each is an unnumbered child, printed on its own line (with its own assignment note)."""
    if node.title_only and len(node.texts) > 1 and not (node.muc_like and node.children):
        node.children[:0] = [Node("khong", "", node.line, texts=[t]) for t in node.texts[1:]]
        node.texts = node.texts[:1]
    for child in node.children:
        _settle(child)


def children_style(node: Node) -> str | None:
    """How ``node``'s numbered children are numbered (they share one style, see the module docstring)."""
    return next((c.style for c in node.children if c.style != "khong"), None)


def numbering_to_write(node: Node, own_style: str, agency_heading: bool) -> str | None:
    """The ``danh_so`` to write for ``node``'s children: only when it is not what soanthao would do."""
    style = children_style(node)
    return style if style and style != child_style(own_style, agency_heading) else None


def check_numbering(roots: list[Node], note: Callable[[str, str, int | None], None]) -> None:
    """Report numbers that repeat, skip or run out of order (soanthao renumbers them when printing), the
    parts' own numbers too ("II." first, with no "I.")."""
    _check_sequence(roots, roots[0].style if roots else "", "", note)
    for root in roots:
        _check(root, root.marker, note)


def _check(parent: Node, parent_number: str, note) -> None:
    _check_sequence(parent.children, children_style(parent), parent_number, note)
    for child in parent.children:
        _check(child, child.marker if child.marker not in ("", "-", "+") else parent_number, note)


def _decree_form(mark: str, style: str | None) -> str:
    """The marker as Decree 30 prints it: "a." and "a/." are "a)", "6.2" is "6.2."."""
    if style == "chu":
        return re.sub(r"/?\.$", ")", mark)
    if style == "thap_phan" and not mark.endswith("."):
        return mark + "."
    return mark.replace(")", ".") if style == "so" else mark


def _check_sequence(siblings: list[Node], style: str | None, parent_number: str, note) -> None:
    nodes = [c for c in siblings if c.style != "khong"]
    if style in ("la_ma", "so", "thap_phan", "chu"):
        want = [marker(style, i, parent_number) for i in range(len(nodes))]
        got = [_decree_form(n.marker, style) for n in nodes]
        odd = next((n for n, g in zip(nodes, got) if g != n.marker and style != "so"), None)
        if odd is not None:
            note(Kind.FIXED, MSG["marker_form"].format(got=odd.marker, want=_decree_form(odd.marker, style)), odd.line)
        for i, (n, w, g) in enumerate(zip(nodes, want, got)):
            if w == g:
                continue
            prev_ok = i == 0 or got[i - 1] == want[i - 1]
            if style != "chu" and i and got[i - 1] == g:
                note(Kind.FIXED, MSG["dup_number"].format(got=g, want=w), n.line)
            elif style == "chu" and g == marker("chu", i + 1) and prev_ok:
                note(Kind.FIXED, MSG["skip_letter"].format(got=g, prev=got[i - 1] if i else "", want=w), n.line)
            elif prev_ok:
                note(Kind.FIXED, MSG["wrong_number"].format(got=g, want=w), n.line)


# Sentences that close a plan after its last part (what offices write there, NĐ 30 leaves it free).
CLOSING = re.compile(
    r"^(?:Trên đây là|Trong quá trình|Quá trình (?:tổ chức )?(?:triển khai|thực hiện)|"
    r"(?:Đề nghị |Yêu cầu )?(?:các|thủ trưởng các) [^.;:]{0,80}?căn cứ chức năng, nhiệm vụ)",
    re.I,
)


def split_closing(
    lines: list[Line],
    starts_closing: Callable[[Line], bool],
    is_part: Callable[[Line], bool] = lambda ln: False,
    needs_content: Callable[[Line], bool] = lambda ln: False,
) -> tuple[list[Line], list[Line]]:
    """(the outline, the closing paragraphs): the closing starts at the first paragraph after the last
    numbered one (a part, an item, a table) for which ``starts_closing`` holds — not right after a
    heading that ``needs_content`` (a part heading keeps its paragraph)."""
    last = max(
        (i for i, ln in enumerate(lines) if ln.in_table or is_part(ln) or read_marker(ln.plain.strip())[0]), default=-1
    )
    start = last + 1 + (last >= 0 and needs_content(lines[last]))
    at = next((i for i in range(start, len(lines)) if starts_closing(lines[i])), len(lines))
    return lines[:at], lines[at:]

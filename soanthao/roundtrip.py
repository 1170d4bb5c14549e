"""Read and write YAML keeping the writer's comments, key order and layout (ruamel's round-trip mode).

For `soanthao next` (edit a spec, keep its comments) and `soanthao import` (write a spec with "# KIỂM TRA"
comments). Call :func:`soanthao.load.load` first: these functions assume the file is a valid spec.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode


def _roundtrip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the writer's lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


_RESOLVER = _roundtrip_yaml().resolver


def read_roundtrip(path: str | Path):
    """The spec as ruamel's commented mappings and sequences (they behave like dict and list); the file is
    read like any spec (raises :class:`soanthao.load.UnreadableFile`)."""
    from .load import read_text

    return _roundtrip_yaml().load(read_text(Path(path)))


def parse_roundtrip(text: str):
    """Like :func:`read_roundtrip`, for text in memory; raises ruamel's errors for text that is not YAML."""
    return _roundtrip_yaml().load(text)


def implicit_tag(plain: str) -> str:
    """The YAML tag the round-trip reading gives ``plain`` written unquoted ("2027-01-05": a timestamp, "0129":
    an int, "Quý IV/2027": a str)."""
    return str(_RESOLVER.resolve(ScalarNode, plain, (True, False)))


def dump_roundtrip(data) -> str:
    """YAML text for ``data`` (round-trip containers keep their comments; plain dicts and lists work too)."""
    out = io.StringIO()
    _roundtrip_yaml().dump(data, out)
    return out.getvalue()


def new_mapping(items=()):
    """An ordered mapping that can carry comments (see ``comment``)."""
    return CommentedMap(items)


def new_sequence(items=()):
    """A list that can carry comments (see ``comment``)."""
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

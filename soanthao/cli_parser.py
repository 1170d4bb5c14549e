"""The command line's grammar: commands declared once, parsed by argparse, help and errors in Vietnamese.

argparse (the standard library) rather than typer/click: it costs ~5 ms to import where typer cost 60–80 ms of
every command (issue 14), and its words are reachable without translating finished text. argparse's own
sentences are English and not meant to be shown: every way a command line can be wrong is turned into a
:class:`UsageError` carrying a Vietnamese sentence, by overriding the parser's choice check and ``error``, and
by checking required arguments and leftovers here.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class UsageError(Exception):
    """A command line that cannot be run; the text says why, as a clerk would name things."""


@dataclass(frozen=True)
class Arg:
    """A positional argument. ``many``: one or more; ``missing``: what to call it when it is absent
    (None: it may be left out, and ``default`` is used)."""

    dest: str
    help: str
    metavar: str
    many: bool = False
    missing: str | None = None
    default: object = None
    type: Callable = Path


class Opt:
    """An option: a flag (``flag=True``), a value, or one of ``choices``; ``dest`` from its longest name."""

    def __init__(
        self,
        *names: str,
        help: str,
        flag: bool = False,
        choices: tuple[str, ...] = (),
        default: object = None,
        metavar: str | None = None,
        type: Callable = str,
        dest: str = "",
    ) -> None:
        self.names, self.help, self.flag, self.choices = names, help, flag, choices
        self.default, self.metavar, self.type = default, metavar, type
        self.dest = dest or max(names, key=len).lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[..., int | None]
    summary: str  # the docstring's first paragraph: the command list
    description: str  # the whole docstring: the command's own help
    params: tuple[Arg | Opt, ...] = field(default=())


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Cách dùng: ")

    def _format_action(self, action):
        if isinstance(action, argparse._SubParsersAction):  # the commands, without a "LỆNH" line above them
            return "".join(self._format_action(command) for command in action._get_subactions())
        return super()._format_action(action)

    def _format_action_invocation(self, action):
        # "-f KIỂU, --format KIỂU" → "-f, --format KIỂU"; the choices are in the help text
        names = ", ".join(sorted(action.option_strings, key=len))
        if action.option_strings and action.nargs != 0:
            return f"{names} {action.metavar}"
        return names or super()._format_action_invocation(action)


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=_Formatter, add_help=False, allow_abbrev=False, exit_on_error=False, **kwargs)
        self.arguments = self.add_argument_group("Tham số")
        self.options = self.add_argument_group("Tùy chọn")
        self.options.add_argument("-h", "--help", action="help", help="Hiện hướng dẫn này rồi thoát.")

    def _check_value(self, action, value):
        if action.choices is None or value in action.choices:
            return
        if isinstance(action, argparse._SubParsersAction):
            raise UsageError(f"không có lệnh “{value}”{did_you_mean(value, action.choices)}")
        choices = ", ".join(action.choices)
        raise UsageError(f"giá trị “{value}” của {_name(action)} không hợp lệ (chọn một trong: {choices})")

    def error(self, message):
        # Only what the checks in `parse` do not foresee reaches here; argparse's sentence is English.
        raise UsageError("lệnh hoặc tham số không đúng")


def _name(action) -> str:
    return f"tùy chọn “{max(action.option_strings, key=len)}”" if action.option_strings else f"“{action.metavar}”"


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; có phải “{close[0]}”?" if close else ""


def _add(parser: _Parser, param: Arg | Opt) -> None:
    if isinstance(param, Arg):
        nargs = "*" if param.many else "?"
        parser.arguments.add_argument(
            param.dest, nargs=nargs, type=param.type, metavar=param.metavar, help=param.help, default=param.default
        )
    elif param.flag:
        parser.options.add_argument(*param.names, dest=param.dest, action="store_true", help=param.help)
    else:
        metavar = param.metavar or ("KIỂU" if param.choices else "TỆP")
        parser.options.add_argument(
            *param.names,
            dest=param.dest,
            type=param.type,
            choices=param.choices or None,
            default=param.default,
            metavar=metavar,
            help=param.help,
        )


def _usage(command: Command) -> str:
    words = [f"soanthao {command.name}", "[TÙY CHỌN]"]
    for param in command.params:
        if isinstance(param, Arg):
            shown = f"{param.metavar}..." if param.many else param.metavar
            words.append(shown if param.missing else f"[{shown}]")
    return " ".join(words)


def build(description: str, version: str, commands: list[Command]) -> _Parser:
    root = _Parser(prog="soanthao", description=description, usage="soanthao [TÙY CHỌN] LỆNH [THAM SỐ]...")
    root.options.add_argument(
        "--version", action="version", version=f"soanthao {version}", help="In phiên bản rồi thoát."
    )
    # prog given: otherwise argparse builds a help formatter now, which imports shutil (~3 ms of every command)
    sub = root.add_subparsers(title="Lệnh", dest="command", metavar="LỆNH", parser_class=_Parser, prog="soanthao")
    for command in commands:
        parser = sub.add_parser(
            command.name, help=command.summary, description=command.description, usage=_usage(command)
        )
        for param in command.params:
            _add(parser, param)
        parser.set_defaults(command_spec=command)
    return root


def parse(root: _Parser, argv: list[str]) -> tuple[Command | None, dict]:
    """The command and its keyword arguments; (None, {}) for a bare `soanthao` (print the help)."""
    try:
        namespace, extra = root.parse_known_args(argv)
    except argparse.ArgumentError as err:  # a value argparse could not take (a wrong type, a missing value)
        if not err.argument_name:
            raise UsageError("lệnh hoặc tham số không đúng") from None
        name = max(err.argument_name.split("/"), key=len)
        raise UsageError(f"giá trị của tùy chọn “{name}” không hợp lệ hoặc bị thiếu") from None
    command: Command | None = getattr(namespace, "command_spec", None)
    if extra:
        known = [o for a in _parser_of(root, command)._actions for o in a.option_strings]
        word = extra[0]
        if word.startswith("-") and word != "-":
            option = word.split("=", 1)[0]
            raise UsageError(f"không có tùy chọn “{option}”{did_you_mean(option, known)}")
        raise UsageError(f"thừa tham số “{word}”")
    if command is None:
        return None, {}
    values = {p.dest: getattr(namespace, p.dest) for p in command.params}
    for param in command.params:
        if isinstance(param, Arg) and param.missing and values[param.dest] in (None, []):
            raise UsageError(f"thiếu {param.missing}")
    return command, values


def _parser_of(root: _Parser, command: Command | None) -> _Parser:
    if command is None:
        return root
    (sub,) = (a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command.name]

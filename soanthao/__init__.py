"""soanthao — soạn thảo kế hoạch hành chính theo Nghị định 30/2020/NĐ-CP."""

__version__ = "0.1.0"  # the one place the version is written: pyproject.toml reads it (hatch's dynamic version)

import sys as _sys

if _sys.argv and _sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower() in ("soanthao", "soanthao.exe"):
    from .stopping import quiet_start  # the command is starting: a Ctrl-C now ends it without a traceback

    quiet_start()
del _sys

from .load import load  # noqa: E402
from .spec import Plan  # noqa: E402
from .validate import check, validate_file  # noqa: E402

__all__ = ["Plan", "check", "load", "render_docx", "validate_file"]


def __getattr__(name):  # the renderer imports docxtpl: load it only when asked for
    if name == "render_docx":
        from .render import render_docx

        return render_docx
    raise AttributeError(name)

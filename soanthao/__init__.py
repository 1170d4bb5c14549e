"""soanthao — soạn thảo kế hoạch hành chính theo Nghị định 30/2020/NĐ-CP."""

__version__ = "0.1.0"  # the one place the version is written: pyproject.toml reads it (hatch's dynamic version)

import sys as _sys

if _sys.argv and _sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower() in ("soanthao", "soanthao.exe"):
    from .stopping import quiet_start  # the command is starting: a Ctrl-C now ends it without a traceback

    quiet_start()
del _sys

__all__ = ["Plan", "check", "render_docx", "validate_file"]  # load: soanthao.load.load (the module has its name)

# The public names are imported when first used: `soanthao --help` must not pay for pydantic, the rules
# or docxtpl (README, "Đo hiệu năng").
_LAZY = {
    "Plan": ".spec",
    "check": ".validate",
    "render_docx": ".render",
    "validate_file": ".validate",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(name)

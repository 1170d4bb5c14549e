"""soanthao — soạn thảo kế hoạch hành chính theo Nghị định 30/2020/NĐ-CP."""

from .load import load
from .spec import Plan
from .validate import check, validate_file

__all__ = ["Plan", "check", "load", "render_docx", "validate_file"]


def __getattr__(name):  # the renderer imports docxtpl: load it only when asked for
    if name == "render_docx":
        from .render import render_docx

        return render_docx
    raise AttributeError(name)
__version__ = "0.1.0"

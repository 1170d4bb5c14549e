"""soanthao — soạn thảo kế hoạch hành chính theo Nghị định 30/2020/NĐ-CP."""

from .load import load
from .spec import Plan
from .validate import check, validate_file

__all__ = ["Plan", "check", "load", "validate_file"]
__version__ = "0.1.0"

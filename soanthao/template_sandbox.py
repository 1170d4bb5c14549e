"""A user's own Word template (``render --template``): checked, then rendered under limits.

A custom template is code written by someone else. It is rendered

* in a stricter Jinja sandbox (:class:`StrictSandbox`): the plan's data is read-only, and no
  string or list a template builds may exceed :data:`MAX_TEXT` (``ljust``, ``format``, ``%``,
  ``*``, ``+``, ``~`` and the growing filters are checked *before* the memory is taken);
* after checking the file (:func:`read_template`): a regular file, at most
  :data:`MAX_TEMPLATE_BYTES`, no part (an image…) over :data:`MAX_PART_BYTES`, at most
  :data:`MAX_UNPACKED_BYTES` once unpacked;
* in a child process (:func:`run_limited`, POSIX only) with a wall-clock limit of
  :data:`SECONDS`, the same CPU limit, and :data:`MEMORY_BYTES` of memory beyond what the
  program already uses, so a template that loops for ever or hoards memory is stopped and
  reported. Our own template is trusted and renders in-process (no start-up cost).
"""

from __future__ import annotations

import functools
import io
import os
import re
import stat
import string
import zipfile
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_TEXT = 1_000_000  # characters (or items) in one value a template builds
MAX_POWER = 100  # largest exponent of **
MAX_TEMPLATE_BYTES = 50 * 2**20  # the .docx file itself
MAX_PART_BYTES = 20 * 2**20  # one part of the .docx once unpacked (an image, the document's XML)
MAX_UNPACKED_BYTES = 100 * 2**20  # all parts together, unpacked
MAX_OUTPUT_BYTES = 100 * 2**20  # the .docx written
SECONDS = 30  # wall clock and CPU for one render
MEMORY_BYTES = 1 * 2**30  # address space the child may add to what the program already holds


class TemplateLimit(Exception):
    """The template or what it produces is over a limit; the message is Vietnamese."""


# --- the sandbox ----------------------------------------------------------------------------------
class TooBig(SecurityError):
    """A value a template builds would be over MAX_TEXT; the message is Vietnamese."""


class OtherTemplate(SecurityError):
    """``{% include %}``, ``{% import %}``, ``{% extends %}``: a Word template stands alone."""


def _too_big(what: str) -> TooBig:
    return TooBig(f"{what} vượt quá {MAX_TEXT:,} ký tự".replace(",", "."))


def _check_len(value):
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise _too_big("giá trị tạo ra")
    return value


def _check_ints(values, what: str) -> None:
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_TEXT:
            raise _too_big(what)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?")


def _check_percent(fmt: str, args) -> None:
    """``'%1000000000s' % x`` and ``'%*s' % (10**9, x)`` are refused before Python pads."""
    stars = False
    for width, precision in _PERCENT.findall(fmt):
        for n in (width, precision):
            if n == "*":
                stars = True
            elif n and int(n) > MAX_TEXT:
                raise _too_big("độ rộng trong chuỗi định dạng")
    if stars:
        _check_ints(args if isinstance(args, (tuple, list)) else (args,), "độ rộng trong chuỗi định dạng")


def _check_str_format(fmt: str, args, kwargs) -> None:
    """``'{:>1000000000}'.format(x)`` (and a width given as an argument) is refused."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # Python reports the malformed format itself
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if any(int(n) > MAX_TEXT for n in re.findall(r"\d+", spec)):
            raise _too_big("độ rộng trong chuỗi định dạng")
        if "{" in spec:
            _check_ints([*args, *kwargs.values()], "độ rộng trong chuỗi định dạng")


def _check_str_method(owner: str, name: str, args, kwargs) -> None:
    """Methods of str whose result can be far longer than their inputs."""
    if name in ("ljust", "rjust", "center", "zfill", "expandtabs"):
        _check_ints([*args, *kwargs.values()], f"kết quả của {name}()")
        if name == "expandtabs" and args and isinstance(args[0], int) and owner.count("\t") * args[0] > MAX_TEXT:
            raise _too_big("kết quả của expandtabs()")
    elif name in ("format", "format_map"):
        values = args[0].values() if name == "format_map" and args and isinstance(args[0], dict) else ()
        _check_str_format(
            owner, args if name == "format" else (), dict(kwargs, **{str(i): v for i, v in enumerate(values)})
        )
    elif name == "join" and args:
        try:
            n = len(args[0])
        except TypeError:
            return
        if len(owner) * max(n - 1, 0) > MAX_TEXT:
            raise _too_big("kết quả của join()")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(owner) + count * max(len(args[1]) - len(args[0]), 0) > MAX_TEXT:
            raise _too_big("kết quả của replace()")


def _checked_filter(name: str, func: Callable) -> Callable:
    """A filter whose result is bounded; the padding ones are checked before they run."""

    @functools.wraps(func)  # keeps jinja_pass_arg (pass_context, pass_environment…)
    def run(*args, **kwargs):
        values = list(args)
        if name == "format" and values and isinstance(values[-1 if len(values) == 1 else 0], str):
            # format(value, *args): the first positional that is a str is the pattern
            fmt = next((v for v in values if isinstance(v, str)), "")
            _check_percent(fmt, tuple(v for v in values if v is not fmt) or tuple(kwargs.values()))
        elif name in ("center", "indent", "wordwrap", "truncate"):
            _check_ints([*values[1:], *kwargs.values()], f"tham số của bộ lọc {name}")
        return _check_len(func(*args, **kwargs))

    return run


class _BoundedCodeGenerator(CodeGenerator):
    """``a ~ b`` compiles to a join that no sandbox hook sees: wrap it in a length check."""

    def visit_Concat(self, node, frame):
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class _NoOtherTemplates(jinja2.BaseLoader):
    def get_source(self, environment, template):
        raise OtherTemplate(template)


class StrictSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (``noi_dung.append(1)`` is refused) with every way to build a
    large value bounded, and no other template reachable."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self):
        super().__init__(autoescape=True, loader=_NoOtherTemplates())
        self.filters = {name: _checked_filter(name, f) for name, f in self.filters.items()}

    @staticmethod
    def checked_concat(value):
        return _check_len(value)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise TooBig(f"số mũ lớn hơn {MAX_POWER}")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                    raise _too_big("kết quả của phép nhân chuỗi")
        sequences = isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple))
        if operator == "+" and sequences and len(left) + len(right) > MAX_TEXT:
            raise _too_big("kết quả của phép cộng chuỗi")
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(target, "__name__", ""), args, kwargs)
        return _check_len(super().call(__context, __obj, *args, **kwargs))


# --- the template file ------------------------------------------------------------------------------
MSG = {
    "missing": "Không tìm thấy tệp mẫu “{path}” (đã tìm trong thư mục {folder}).",
    "folder": "“{name}” là một thư mục, không phải tệp mẫu Word .docx.",
    "special": "“{name}” không phải một tệp thường (thiết bị, đường ống…); hãy chỉ đến tệp mẫu Word .docx.",
    "too_big": "Tệp mẫu “{name}” lớn hơn {limit} MB; mẫu Word thường chỉ vài trăm KB.",
    "part_too_big": "Mẫu “{name}” chứa “{part}” lớn {size} MB khi giải nén (tối đa {limit} MB cho một phần, "
    "ví dụ một hình ảnh). Hãy thay bằng hình nhỏ hơn (Word: Nén ảnh).",
    "unpacked": "Mẫu “{name}” giải nén ra {size} MB (tối đa {limit} MB).",
    "unreadable": "Không đọc được tệp mẫu “{name}”: {why}.",
}


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f}"


def read_template(path: Path, describe: Callable[[OSError], str]) -> bytes:
    """The template's bytes, refused (``TemplateLimit``) when it is no regular file or too big, or
    when a part inside (an image) is too big unpacked. Sizes come from the zip's directory, which
    ``zipfile`` enforces when the parts are read (a part longer than it says is an error)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise TemplateLimit(MSG["missing"].format(path=path, folder=Path(path).resolve().parent)) from None
    except OSError as err:
        raise TemplateLimit(MSG["unreadable"].format(name=path, why=describe(err))) from None
    if stat.S_ISDIR(info.st_mode):
        raise TemplateLimit(MSG["folder"].format(name=path))
    if not stat.S_ISREG(info.st_mode):
        raise TemplateLimit(MSG["special"].format(name=path))
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as err:
        raise TemplateLimit(MSG["unreadable"].format(name=path, why=describe(err))) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateLimit(MSG["too_big"].format(name=path.name, limit=_mb(MAX_TEMPLATE_BYTES)))
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return data  # not a zip: python-docx says it is no Word file, with our message
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_PART_BYTES:
            raise TemplateLimit(
                MSG["part_too_big"].format(
                    name=path.name, part=entry.filename, size=_mb(entry.file_size), limit=_mb(MAX_PART_BYTES)
                )
            )
    if total > MAX_UNPACKED_BYTES:
        raise TemplateLimit(MSG["unpacked"].format(name=path.name, size=_mb(total), limit=_mb(MAX_UNPACKED_BYTES)))
    return data


# --- the child process ------------------------------------------------------------------------------
_LIMIT_MSG = {
    "timeout": "Mẫu “{name}” chạy quá {seconds} giây nên đã bị dừng (thường do vòng lặp {{% for %}} lồng nhau "
    "quá lớn hoặc mẫu có quá nhiều đoạn).",
    "memory": "Mẫu “{name}” cần quá nhiều bộ nhớ (hơn {limit} MB) nên đã bị dừng; hãy bỏ các vòng lặp hay "
    "chuỗi rất lớn khỏi mẫu.",
    "output": "Văn bản tạo từ mẫu “{name}” lớn hơn {limit} MB nên không được ghi.",
    "crashed": "Mẫu “{name}” làm tiến trình dựng văn bản dừng đột ngột (mã {code}).",
}


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux); 0 where unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(job: Callable[[], bytes], conn, seconds: int, memory: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills us on Ctrl-C
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    held = _address_space()
    if held:
        resource.setrlimit(resource.RLIMIT_AS, (held + memory, held + memory))
    try:
        data = job()
        result = ("ok", data) if len(data) <= MAX_OUTPUT_BYTES else ("output", None)
    except MemoryError:
        result = ("memory", None)
    except TemplateLimit as err:
        result = ("error", str(err))
    except BaseException as err:
        result = ("exception", err)
    try:
        conn.send(result)
    except Exception:
        conn.send(("error", f"{type(result[1]).__name__}: {result[1]}"))
    conn.close()


def run_limited(job: Callable[[], bytes], name: str, seconds: int | None = None) -> bytes:
    """``job()`` in a forked child under time and memory limits; its bytes, or ``TemplateLimit``.

    An exception the job raises is raised again here (its class must pickle). Where ``fork``
    does not exist (Windows) the job runs here, bounded by the sandbox alone."""
    import multiprocessing

    seconds = SECONDS if seconds is None else seconds
    if "fork" not in multiprocessing.get_all_start_methods():
        return job()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(job, send, seconds, MEMORY_BYTES), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise TemplateLimit(_LIMIT_MSG["timeout"].format(name=name, seconds=seconds))
        try:
            kind, payload = receive.recv()
        except EOFError:  # killed: the CPU limit (SIGXCPU), or memory outside Python's reach
            proc.join(5)
            code = proc.exitcode
            import signal

            if code in (-signal.SIGXCPU, -signal.SIGKILL):
                raise TemplateLimit(_LIMIT_MSG["timeout"].format(name=name, seconds=seconds)) from None
            raise TemplateLimit(_LIMIT_MSG["crashed"].format(name=name, code=code)) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if kind == "ok":
        return payload
    if kind == "exception":
        raise payload
    if kind == "memory":
        raise TemplateLimit(_LIMIT_MSG["memory"].format(name=name, limit=_mb(MEMORY_BYTES)))
    if kind == "output":
        raise TemplateLimit(_LIMIT_MSG["output"].format(name=name, limit=_mb(MAX_OUTPUT_BYTES)))
    raise TemplateLimit(payload)

"""The `soanthao` command: parse arguments, call the library, choose the exit code.

Everything the user reads goes through ``reporting``: reports on stdout in their registered formats, and
catalogued diagnostics about the run on stderr. A command that cannot go on raises ``reporting.refuse``
(or ``Stop``); every command is wrapped so that it is said and becomes the exit code (README, “Mã thoát”).
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .atomic import describe, write_text_atomic
from .cli_parser import Arg, Command, Opt, UsageError, build, parse
from .diagnostics import EXIT_NO_LIBREOFFICE, EXIT_OK, EXIT_OUTPUT, EXIT_UNREADABLE
from .reporting import CHECK, IMPORT, RULES, Stop, checked, diagnostic, echo, emit, refuse, show, stops, tell
from .resources import data_file

DESCRIPTION = "Soạn thảo KẾ HOẠCH theo Nghị định 30/2020/NĐ-CP từ một tệp đặc tả YAML."
COMMANDS: list[Command] = []


def command(name: str, *params: Arg | Opt) -> Callable:
    """Declare a command: its name on the command line, its parameters, and its help (the docstring, whose
    first line is what the command list shows). A ``Stop`` it raises is said and becomes its exit code."""

    def register(fn: Callable) -> Callable:
        doc = inspect.cleandoc(fn.__doc__ or "")
        COMMANDS.append(Command(name, stops(fn), doc.split("\n\n")[0].replace("\n", " "), doc, params))
        return fn

    return register


def _format(formats, help: str) -> Opt:
    return Opt("--format", "-f", help=help, choices=tuple(formats), default="text")


# next's report formats (nextyear_report.FORMATS, checked by tests/test_cli.py): named here so that every
# other command starts without importing next's report.
NEXT_FORMATS = ("text", "json", "markdown")


def _say(text: str = "") -> None:
    """A line for the user on stdout that is not a report (the guide, the schema, serve's address)."""
    echo(text)


def _validated(spec: Path, not_done: str):
    """Load and validate ``spec`` for a command that transforms it: on errors print them exactly as
    `validate` does, say what was not done, and exit with validate's code; warnings go to stderr."""
    from .validate import validate_file

    loaded, report = validate_file(spec)
    if report.unreadable or report.errors:
        emit(CHECK, "text", [report])
        checked([report])
        raise Stop(report.exit_code(), f"{not_done} vì đặc tả còn lỗi.")
    for d in report.diagnostics:
        show(d)
    return loaded


@contextlib.contextmanager
def _refusals(exit_code: int = EXIT_UNREADABLE):
    """An output soanthao must not replace (outputs.Refused) stops the command with its diagnostic."""
    from .outputs import Refused

    try:
        yield
    except Refused as err:
        raise refuse(err.code, err.message, exit_code, err.path) from None


@contextlib.contextmanager
def _writing(path: Path, named_by_error: bool = False):
    """An output that could not be written (open in Word, no such folder…) stops the command with exit 3,
    naming ``path`` — or the file the error names, when ``named_by_error``."""
    try:
        yield
    except OSError as err:
        where = (err.filename or path) if named_by_error else path
        raise refuse("TEP-RA", describe(err), EXIT_OUTPUT, where) from None


@contextlib.contextmanager
def _busy(text: str):
    """A spinner on stderr while a slow step runs — only on a terminal, so logs and pipes stay clean."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(text):
        yield


def _to_pdf(documents: list[Path], folder: Path) -> list[Path]:
    """Convert with LibreOffice (one start for all); exit 4 when it is missing, 3 when it fails."""
    from .pdf import PdfFailed, PdfUnavailable, convert_all_to_pdf

    try:
        with (
            _writing(folder, named_by_error=True),
            _busy(f"Đang chuyển {len(documents)} tệp sang PDF bằng LibreOffice…"),
        ):
            made = convert_all_to_pdf(documents, folder)
    except PdfUnavailable as err:
        raise refuse("PDF-THIEU-LIBREOFFICE", str(err), EXIT_NO_LIBREOFFICE) from None
    except PdfFailed as err:
        raise refuse("PDF", str(err), EXIT_OUTPUT, folder) from None
    show(f"Đã ghi {len(made)} tệp PDF" + (f": {made[0]}" if len(made) == 1 else f" vào {folder}"))
    return made


def _pdf_outcome(result, folder: Path) -> None:
    """What became of the PDFs of ``extract --all`` (made with the documents, before the workbook that
    records them): exit 4 when LibreOffice is missing, 3 when some file gave no PDF."""
    from .pdf import PdfUnavailable

    if result.pdfs:
        show(f"Đã ghi {len(result.pdfs)} tệp PDF vào {folder}")
    if isinstance(result.pdf_error, PdfUnavailable):
        raise refuse("PDF-THIEU-LIBREOFFICE", str(result.pdf_error), EXIT_NO_LIBREOFFICE)
    if result.pdf_error is not None:
        raise refuse("PDF", str(result.pdf_error), EXIT_OUTPUT, folder)


@command(
    "validate",
    Arg("files", "Các tệp đặc tả YAML cần kiểm tra.", "TỆP", many=True, missing="tệp đặc tả"),
    _format(CHECK, "Kiểu in kết quả: text, json hoặc markdown."),
    Opt("--strict", help="Coi cảnh báo là lỗi.", flag=True),
)
def validate_cmd(files: list[Path], format: str, strict: bool) -> int:
    """Kiểm tra đặc tả theo cấu trúc kế hoạch và các quy định của Nghị định 30/2020/NĐ-CP."""
    from .validate import validate_file

    reports = [validate_file(f)[1] for f in files]
    emit(CHECK, format, reports)
    if format != "json":  # a JSON report stands alone
        checked(reports)
    return max(r.exit_code(strict) for r in reports)


@command(
    "render",
    Arg("spec", "Tệp đặc tả YAML.", "TỆP", missing="tệp đặc tả"),
    Opt("--output", "-o", help="Tệp .docx sẽ ghi (mặc định: cạnh tệp đặc tả, cùng tên).", type=Path),
    Opt("--pdf", help="Ghi thêm bản PDF (cần LibreOffice).", flag=True),
    Opt("--template", "-t", help="Mẫu Word (docxtpl) của cơ quan thay cho mẫu có sẵn.", type=Path),
    Opt(
        "--force",
        help="Ghi đè tệp .docx (và PDF) đã có dù đã được sửa sau khi soanthao ghi, hoặc không do soanthao ghi.",
        flag=True,
    ),
)
def render_cmd(spec: Path, output: Path | None, pdf: bool, template: Path | None, force: bool) -> None:
    """Kiểm tra đặc tả rồi xuất KẾ HOẠCH ra tệp Word (.docx) đúng thể thức, và PDF nếu cần."""
    from .outputs import check_docx, check_not_input, check_pdf

    loaded = _validated(spec, "Chưa xuất văn bản")
    out = output or spec.with_suffix(".docx")
    if out.suffix.lower() != ".docx" or out.resolve() == spec.resolve():
        raise refuse("TEP-RA", "tệp ra phải là một tệp .docx khác tệp đặc tả", EXIT_UNREADABLE, out)
    with _refusals():  # every output is checked before anything is written
        for made in (out, out.with_suffix(".pdf")) if pdf else (out,):
            check_not_input(made, [(spec, "tệp đặc tả"), (template, "mẫu Word (--template)")])
        if pdf:
            check_pdf(out.with_suffix(".pdf"), out, force)
        check_docx(out, force)
    from .render import TemplateError, render_docx

    try:
        with _writing(out), _busy("Đang dựng văn bản Word…"):
            render_docx(loaded.plan, out, template)
    except TemplateError as err:
        raise refuse("MAU", str(err), EXIT_OUTPUT, template) from None
    show(f"Đã ghi {out}")
    if pdf:
        from .outputs import record_pdf

        made = _to_pdf([out], out.parent)[0]
        with _writing(out):
            record_pdf(out, made)  # so that the next render knows this PDF is the one soanthao made


@command(
    "next",
    Arg("spec", "Tệp đặc tả kế hoạch năm nay.", "TỆP", missing="tệp đặc tả"),
    Opt("--nam", help="Năm của kế hoạch mới (mặc định: năm sau năm kế hoạch).", metavar="NĂM"),
    Opt("--output", "-o", help="Tệp đặc tả mới (mặc định: cạnh tệp gốc, đổi năm trong tên tệp).", type=Path),
    Opt(
        "--report",
        help="Ghi báo cáo thay đổi ra tệp (.md: Markdown, .json: JSON, khác: văn bản).",
        type=Path,
        dest="report_file",
    ),
    _format(NEXT_FORMATS, "Kiểu in báo cáo: text, json hoặc markdown."),
    Opt("--force", help="Ghi đè tệp đặc tả mới và tệp báo cáo nếu đã có.", flag=True),
)
def next_cmd(
    spec: Path,
    nam: str | None,
    output: Path | None,
    report_file: Path | None,
    format: str,
    force: bool,
) -> int:
    """Lập dự thảo kế hoạch năm sau từ kế hoạch năm nay: đổi năm, giữ nguyên căn cứ, báo các chỗ cần xem lại."""
    from .config import rule_levels
    from .nextyear import NextError, check_output, default_output, next_year
    from .nextyear_report import FORMATS as NEXT_REPORT
    from .nextyear_report import report_format_for
    from .outputs import check_absent, check_not_input

    loaded = _validated(spec, "Chưa lập kế hoạch năm mới")
    try:
        result = next_year(loaded, nam)
    except NextError as err:
        raise refuse("NAM-MOI", str(err), EXIT_UNREADABLE, spec) from None
    out = output or default_output(spec, result.old_year, result.new_year)
    if out.resolve() == spec.resolve():
        raise refuse("TEP-RA", "tệp đặc tả mới phải khác tệp gốc", EXIT_UNREADABLE, out)
    if report_file is not None and report_file.resolve() in (spec.resolve(), out.resolve()):
        raise refuse("TEP-RA", "tệp báo cáo phải khác tệp đặc tả", EXIT_UNREADABLE, report_file)
    with _refusals():  # both outputs are checked before either is written
        for made, option in ((out, "-o"), (report_file, "--report")):
            if made is not None:
                check_not_input(made, [(spec, "tệp đặc tả gốc")])
                check_absent(made, force, option)
    result.target = str(out)
    new_report = check_output(result, str(out), rule_levels(out))
    with _writing(out, named_by_error=True):
        write_text_atomic(out, result.text)
        if report_file is not None:
            write_text_atomic(report_file, NEXT_REPORT[report_format_for(report_file)](result))
    emit(NEXT_REPORT, format, result)
    for d in new_report.errors:
        show(d)
    show(
        f"Đã ghi {out}"
        + (f" và {report_file}" if report_file else "")
        + f" — tệp mới: {len(new_report.errors)} lỗi, {len(new_report.warnings)} cảnh báo."
    )
    return new_report.exit_code()


@command(
    "import",
    Arg("source", "Kế hoạch có sẵn: tệp .docx, .pdf, .txt hoặc .md.", "TỆP", missing="tệp cần nhập"),
    Opt("--output", "-o", help="Tệp đặc tả YAML sẽ ghi (mặc định: cạnh tệp gốc, cùng tên, đuôi .yaml).", type=Path),
    _format(IMPORT, "Kiểu in những gì đã nhận biết: text hoặc json."),
    Opt("--force", help="Ghi đè tệp đặc tả YAML nếu đã có.", flag=True),
)
def import_cmd(source: Path, output: Path | None, format: str, force: bool) -> int:
    """Chuyển một kế hoạch có sẵn (.docx, .pdf, .txt, .md) thành tệp đặc tả YAML, in ra những gì đã nhận biết và
    những chỗ cần kiểm tra."""
    from .diagnostics import EXIT_NOT_A_PLAN
    from .importer import NotAPlan, Unreadable, import_file
    from .outputs import check_absent, check_not_input
    from .reporting import ImportReport
    from .validate import validate_file

    out = output or source.with_suffix(".yaml")
    if source.suffix.lower() not in (".docx", ".pdf", ".txt", ".md"):
        raise refuse(
            "NHAP-LOAI-TEP",
            "chỉ nhập được tệp .docx, .pdf, .txt hoặc .md (tệp .doc: mở bằng Word rồi lưu thành .docx)",
            EXIT_UNREADABLE,
            source,
        )
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise refuse("TEP-RA", "tệp ra trùng với tệp gốc; soanthao không ghi đè tệp gốc", EXIT_UNREADABLE, out)
    with _refusals():  # an edited spec is the clerk's work: kept unless --force
        check_not_input(out, [(source, "tệp gốc")])
        check_absent(out, force)
    try:
        result = import_file(source)
    except Unreadable as err:
        raise refuse("NHAP-KHONG-DOC-DUOC", str(err), EXIT_UNREADABLE, source) from None
    except NotAPlan as err:
        raise refuse("NHAP-KHONG-PHAI-KE-HOACH", str(err), EXIT_NOT_A_PLAN, source) from None
    done = ImportReport(str(source), result.findings)
    try:
        with _writing(out):
            write_text_atomic(out, result.yaml_text)
    except Stop:
        emit(IMPORT, format, done)  # what was recognised is still worth reading
        raise
    done.output, done.report = str(out), validate_file(out)[1]
    emit(IMPORT, format, done)
    show(
        f"Đã ghi {out} ({len(done.report.errors)} lỗi, {len(done.report.warnings)} cảnh báo khi kiểm tra). "
        f"Đọc lại các chỗ “# KIỂM TRA” rồi chạy: soanthao render {out}"
    )
    return done.report.exit_code()


@command(
    "extract",
    Arg("spec", "Tệp đặc tả YAML của kế hoạch.", "TỆP", missing="tệp đặc tả"),
    Opt(
        "--co-quan",
        "-c",
        help="Cơ quan cần trích: mã, tên đầy đủ, tên ngắn hoặc tên khác; không phân biệt hoa "
        "thường, không cần gõ dấu (“so y te”).",
        metavar="TÊN",
    ),
    Opt(
        "--all",
        help="Trích cho mọi cơ quan có nhiệm vụ (mỗi cơ quan một tệp .docx) và lập bảng theo dõi phan-cong.xlsx.",
        flag=True,
        dest="all_agencies",
    ),
    Opt(
        "--output",
        "-o",
        help="Một cơ quan: tệp .docx sẽ ghi (mặc định: cạnh tệp đặc tả, tên “<đặc tả>-<mã cơ "
        "quan>.docx”). Với --all: thư mục sẽ ghi (mặc định: “<đặc tả>-nhiem-vu”).",
        type=Path,
    ),
    Opt(
        "--format",
        "-f",
        help="docx: văn bản Word; pdf: thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice, chạy một lần cho mọi tệp).",
        choices=("docx", "pdf"),
        default="docx",
    ),
    Opt(
        "--force",
        help="Ghi đè cả văn bản trích đã được sửa (hoặc lưu lại trong Word) sau khi soanthao ghi.",
        flag=True,
    ),
)
def extract_cmd(
    spec: Path,
    co_quan: str | None,
    all_agencies: bool,
    output: Path | None,
    format: str,
    force: bool,
) -> None:
    """Trích nhiệm vụ của một cơ quan (chủ trì, phối hợp, nhiệm vụ chung) từ kế hoạch ra văn bản Word; với --all:
    cho mọi cơ quan, kèm bảng theo dõi Excel."""
    if (co_quan is None) == (not all_agencies):
        raise Stop(
            EXIT_UNREADABLE,
            diagnostic(
                "",
                "hãy chọn một cơ quan (--co-quan “tên cơ quan”) hoặc --all để "
                "trích cho mọi cơ quan, không dùng cả hai. Gõ “soanthao extract "
                "--help” để xem cách dùng.",
            ),
        )
    pdf = format == "pdf"
    if output is not None and output.suffix.lower() == ".pdf" and not all_agencies:
        pdf, output = True, output.with_suffix(".docx")
    plan = _validated(spec, "Chưa trích nhiệm vụ").plan
    if all_agencies:
        _extract_all(plan, spec, output or spec.with_name(f"{spec.stem}-nhiem-vu"), pdf, force)
    else:
        document = _extract_one(plan, spec, co_quan, output, force)
        if pdf:
            _to_pdf([document], document.parent)


def _extract_one(plan, spec: Path, co_quan: str, output: Path | None, force: bool) -> Path:
    """The tasks of one agency into one .docx; exit 2 for a name that matches none or several, 5 when the
    agency has no task."""
    from .diagnostics import EXIT_NO_TASKS
    from .extract import AgencyAmbiguous, AgencyNotFound, extract, find_agency
    from .extract_docx import render_extract
    from .extract_files import file_stem
    from .outputs import check_docx

    try:
        agency = find_agency(plan, co_quan)
    except AgencyAmbiguous as err:
        raise refuse("CO-QUAN-MO-HO", str(err), EXIT_UNREADABLE, spec) from None
    except AgencyNotFound as err:
        raise refuse("CO-QUAN-KHONG-CO", str(err), EXIT_UNREADABLE, spec) from None
    found = extract(plan, agency)
    if not found.has_tasks:
        general = f" (chỉ có {len(found.general)} nhiệm vụ chung của mọi cơ quan)" if found.general else ""
        raise refuse(
            "KHONG-CO-NHIEM-VU",
            f"kế hoạch không giao nhiệm vụ nào cho {agency.name}, chủ trì hay phối hợp{general}; không tạo văn bản.",
            EXIT_NO_TASKS,
            spec,
        )
    out = output or spec.with_name(f"{spec.stem}-{file_stem(agency.id)}.docx")
    if out.suffix.lower() != ".docx" or out.resolve() == spec.resolve():
        raise refuse("TEP-RA", "tệp ra phải là một tệp .docx khác tệp đặc tả", EXIT_UNREADABLE, out)
    with _refusals():
        check_docx(out, force)
    with _writing(out):
        document = render_extract(found, out)
    show(
        f"Đã ghi {out}: {len(found.leads)} nhiệm vụ chủ trì, {len(found.supports)} nhiệm vụ phối hợp, "
        f"{len(found.general)} nhiệm vụ chung."
    )
    return document


def _extract_all(plan, spec: Path, folder: Path, pdf: bool, force: bool) -> None:
    """Every agency's tasks into ``folder`` with the tracking workbook (and PDFs); exit 5 when no agency has
    a task."""
    from .diagnostics import EXIT_NO_TASKS
    from .extract_files import TRACKING_FILE, notes
    from .tracking_progress import PreviousUnreadable

    if folder.exists() and not folder.is_dir():
        raise refuse("TEP-RA", "với --all, -o phải là một thư mục", EXIT_UNREADABLE, folder)
    if spec.resolve().parent == folder.resolve() and spec.suffix.lower() in (".docx", ".xlsx", ".pdf"):
        raise refuse(
            "TEP-RA",
            "tệp đặc tả nằm trong thư mục ra và có thể bị ghi đè; hãy chọn thư mục khác bằng -o",
            EXIT_UNREADABLE,
            spec,
        )
    try:
        with _writing(folder, named_by_error=True):
            result = _write_all(plan, folder, pdf, force)
    except PreviousUnreadable as err:
        raise refuse(
            "PHAN-CONG-CU",
            f"{err}: tiến độ đã điền trong đó sẽ mất nếu ghi đè, nên chưa ghi tệp nào. Hãy "
            "mở tệp bằng Excel rồi lưu lại, hoặc chuyển tệp sang chỗ khác rồi chạy lại.",
            EXIT_UNREADABLE,
            folder / TRACKING_FILE,
        ) from None
    if result.unassigned:
        where = ", ".join(t.position for t in result.unassigned[:10])
        more = "…" if len(result.unassigned) > 10 else ""
        tell(
            "NHIEM-VU-CHUA-GIAO",
            f"{len(result.unassigned)} nhiệm vụ chưa giao cho cơ quan nào nên không có trong "
            f"bản trích nào (mục {where}{more}).",
            spec,
        )
    if result.without_tasks:
        names = ", ".join(x.agency.name for x in result.without_tasks)
        show(
            f"Không tạo văn bản cho {len(result.without_tasks)} cơ quan không có nhiệm vụ chủ trì hay phối hợp: "
            f"{names}."
        )
    if not result.with_tasks:
        raise refuse(
            "KHONG-CO-NHIEM-VU", "kế hoạch chưa giao nhiệm vụ nào cho cơ quan nào; không tạo tệp.", EXIT_NO_TASKS, spec
        )
    show(f"Đã ghi {len(result.documents)} văn bản trích nhiệm vụ và {TRACKING_FILE} vào {folder}")
    for line in notes(result):
        show(line)
    if pdf:
        _pdf_outcome(result, folder)


def _write_all(plan, folder: Path, pdf: bool, force: bool):
    """extract_files.write_all, with a progress bar on a terminal."""
    from .extract_files import write_all

    convert = None
    if pdf:
        from .pdf import convert_all_to_pdf

        def convert(docs):
            return convert_all_to_pdf(docs, folder)

    if not sys.stderr.isatty():
        return write_all(plan, folder, pdf=convert, force=force)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # Refreshed here, not by rich's own thread: with a second thread running, extract cannot fork the
    # workbook's builder beside the documents (extract_files, tracking_process).
    with Progress(
        TextColumn("Đang trích nhiệm vụ"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        job = bar.add_task("trich", total=None)
        shown = 0.0

        def advance(done: int, total: int) -> None:
            nonlocal shown
            bar.update(job, completed=done, total=total)
            if done == total or time.monotonic() - shown >= 0.1:
                bar.refresh()
                shown = time.monotonic()

        return write_all(plan, folder, advance, pdf=convert, force=force)


@command("rules", _format(RULES, "Kiểu in: text, json hoặc markdown."))
def rules_cmd(format: str) -> None:
    """Liệt kê mọi mã soanthao báo: mã, mức, nội dung và căn cứ.

    Gồm các quy tắc kiểm tra, lỗi khi đọc tệp, thông báo của các lệnh và các chỗ cần xem lại của next."""
    from .rules import catalogue

    rules = catalogue()
    emit(RULES, format, rules)
    if format != "json":
        show(f"Tổng cộng {len(rules)} quy tắc.")


def plan_schema() -> dict:
    from .spec import Plan

    schema = Plan.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Đặc tả KẾ HOẠCH (soanthao)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


@command(
    "huong-dan",
    Arg("topic", "Số mục (3.4) hoặc tên khóa (chu_tri); bỏ trống để xem mục lục.", "MỤC_HOẶC_KHÓA", type=str),
)
def guide_cmd(topic: str | None) -> None:
    """Hướng dẫn viết đặc tả: một mục (“3.4”), các mục nói về một khóa (“chu_tri”), hoặc mục lục."""
    from . import guide

    if topic is None:
        _say(guide.contents())
    else:
        found = guide.find(topic)
        if not found:
            raise refuse(
                "HUONG-DAN", f"không có mục “{topic}” trong hướng dẫn; xem mục lục: soanthao huong-dan", EXIT_UNREADABLE
            )
        _say("\n\n".join(s.text for s in found))
    show(guide.where())


@command("schema")
def schema_cmd() -> None:
    """In JSON Schema của đặc tả (để VS Code gợi ý khóa và gạch chân lỗi)."""
    _say(json.dumps(plan_schema(), ensure_ascii=False, indent=2))


@command(
    "serve",
    Arg("folder", "Thư mục chứa các tệp đặc tả kế hoạch (.yaml).", "THƯ_MỤC", default=Path(".")),
    Opt("--port", "-p", help="Cổng (mặc định 8765, hoặc cổng trống kế tiếp).", metavar="CỔNG", type=int),
    Opt("--no-browser", help="Không tự mở trình duyệt.", flag=True),
    Opt(
        "--host",
        help="Cho máy khác trong mạng nội bộ truy cập (ví dụ 0.0.0.0); khi đó cần mã truy cập in ra lúc khởi động.",
        metavar="ĐỊA_CHỈ",
    ),
)
def serve_cmd(folder: Path, port: int | None, no_browser: bool, host: str | None) -> None:
    """Mở trang soạn thảo kế hoạch trên trình duyệt (chạy trên máy này, không cần Internet): biểu mẫu, xem trước văn
    bản, báo lỗi ngay khi gõ, tải Word và PDF."""
    from .web.server import PortBusy, run, start

    if not folder.is_dir():
        raise refuse("THU-MUC-KHONG-CO", "không có thư mục này", EXIT_UNREADABLE, folder)
    try:
        server, address = start(folder, port, host)
    except PortBusy as err:
        raise refuse(
            "CONG-BAN",
            f"cổng {err.args[0]} đang được chương trình khác dùng; hãy chọn cổng khác bằng --port",
            EXIT_UNREADABLE,
        ) from None
    except OSError as err:
        raise refuse("CONG-BAN", f"không mở được máy chủ ({describe(err)})", EXIT_UNREADABLE) from None
    _say(f"Trang soạn thảo: {address}")
    if host:
        _say("Máy khác trong mạng mở địa chỉ trên (kèm mã truy cập); chỉ chia sẻ địa chỉ này với người được phép.")
    _say("Nhấn Ctrl-C để dừng.")
    run(server, address, open_browser=not no_browser)


@command("init", Arg("file", "Tệp đặc tả mới.", "TỆP", default=Path("ke-hoach.yaml")))
def init_cmd(file: Path) -> None:
    """Tạo một tệp đặc tả mẫu có chú thích để bắt đầu soạn."""
    from .outputs import Refused, check_absent

    try:
        check_absent(file, force=False)  # init never overwrites: there is no --force
    except Refused:
        raise refuse(
            "TEP-DA-CO", "tệp đã có; soanthao không ghi đè — hãy chọn tên khác", EXIT_UNREADABLE, file
        ) from None
    with _writing(file):
        write_text_atomic(file, data_file("khoi-dau.yaml").read_text(encoding="utf-8"))
    _say(f"Đã tạo {file}. Sửa nội dung rồi chạy: soanthao validate {file}")
    if file.suffix.lower() not in (".yaml", ".yml"):
        tell(
            "TEP-DUOI-YAML",
            f"tệp đặc tả nên có đuôi .yaml (ví dụ “{file.with_suffix('.yaml').name}”): VS Code và "
            "các trình soạn thảo khác nhờ đuôi này mà tô màu, gợi ý khóa và báo lỗi khi gõ.",
            file,
        )


def _usage_error(err: UsageError) -> int:
    """A command line that cannot be run (a mistyped command or option, a missing file): said in Vietnamese,
    without a code — it is about the command line, not a file."""
    text = str(err)
    show(
        diagnostic(
            "",
            f"{text}{' ' if text.endswith('?') else '. '}Gõ “soanthao --help” hoặc “soanthao <lệnh> "
            "--help” để xem cách dùng.",
        )
    )
    return EXIT_UNREADABLE


REPORT_EXIT = 70  # an error of soanthao itself (sysexits' EX_SOFTWARE), documented in README.md


def _internal_error(err: BaseException) -> int:
    """An exception nobody foresaw: a short Vietnamese message ([LOI-CHUONG-TRINH], written by crash.py, which
    the web server shares) and where the details were saved; SOANTHAO_DEBUG=1 shows the traceback instead."""
    import os

    from .crash import crash_message

    if os.environ.get("SOANTHAO_DEBUG"):
        raise err
    show(crash_message(err, " ".join(sys.argv)))
    return REPORT_EXIT


PLUGIN_LOADER = "pydantic.plugin._loader"


def _skip_plugin_loader() -> None:
    """With plugins off, pydantic's loader only answers "none" — but importing it imports importlib.metadata
    (~18 ms, a fifth of what pydantic costs a short command). Stand in for it while plugins are off: its one
    use is ``from ._loader import get_plugins``; any other name loads the real module."""
    import types

    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or PLUGIN_LOADER in sys.modules:
        return

    def real(name: str):
        import importlib

        if name.startswith("__"):  # the import system asking (__path__…): a plain module has none
            raise AttributeError(name)
        if sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]
        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    stand_in = types.ModuleType(PLUGIN_LOADER)
    stand_in.get_plugins = tuple  # () — no plugin
    stand_in.__getattr__ = real
    sys.modules[PLUGIN_LOADER] = stand_in


def _run(argv: list[str]) -> int | None:
    parser = build(DESCRIPTION, __version__, COMMANDS)
    command, values = parse(parser, argv)
    if command is None:  # a bare `soanthao`: what it can do
        parser.print_help()
        return EXIT_OK
    return command.run(**values)


def main(argv: list[str] | None = None) -> None:
    """Entry point: Vietnamese messages for usage errors, clean stops on Ctrl-C, SIGTERM and SIGHUP,
    never a traceback."""
    from . import stopping

    # Our models need no pydantic plugin, and looking for one reads every installed package's metadata
    # (~25 ms of each command's start). An environment that sets the variable itself keeps its choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_loader()
    with stopping.handling():
        try:
            code = _run(sys.argv[1:] if argv is None else argv)
        except KeyboardInterrupt:
            code = 130
        except UsageError as err:
            code = _usage_error(err)
        except Exception as err:
            code = _internal_error(err)
    if stopping.received is not None or code == 130:
        show(stopping.MESSAGE)
        code = stopping.exit_code()
    sys.exit(code or 0)


# A command builds one plan's objects and keeps them to its end; with the default thresholds the cycle
# collector walks them again and again (~20–25 % of validating a 5,000-task plan). Collect rarely, as mypy
# does: the process is short, and cycles are still freed.
GC_THRESHOLDS = (200_000, 30, 30)


def entry_point() -> None:
    """The `soanthao` program: :func:`main`, then leave without tearing the interpreter down, which took
    ~90 ms of every command (pydantic's and docxtpl's objects freed one by one). By then every output is
    written, synced and closed, thread pools joined, and nothing of ours waits for exit."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    with contextlib.suppress(OSError):  # a closed pipe ("soanthao rules | head") has nothing left to say
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry_point()

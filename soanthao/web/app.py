"""The editor's WSGI application: pages, the JSON API of the editor page, downloads.

Every handler calls the same library functions as the command line; this module only turns
requests into calls and results into responses (see docs/web-api.md for the API).
"""

from __future__ import annotations

import io
import json
import tempfile
import threading
import zipfile
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect, send_from_directory
from werkzeug.wrappers import Request, Response

from .. import __version__
from ..atomic import describe, write_text_atomic
from ..crash import crash_message
from ..load import UnreadableFile, load_data, load_text
from .security import TOKEN_COOKIE, TOKEN_PARAM, Guard
from .workspace import NotFound as FileMissing
from .workspace import OutsideFolder, Workspace, check_data, check_text, diagnostics_json, numbers, slug

HERE = Path(__file__).parent
MAX_UPLOAD = 50 * 1024 * 1024  # the largest .docx `import` reads
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_JSON = 8 * 1024 * 1024  # an edited spec (at most 5 MB as YAML) as JSON
IMPORTABLE = (".docx", ".pdf", ".txt", ".md")

MSG = {
    "no_body": "Yêu cầu thiếu nội dung (data hoặc text).",
    "bad_json": "Yêu cầu không phải JSON hợp lệ.",
    "not_renderable": "Chưa xem trước được: đặc tả chưa đọc được thành kế hoạch — hãy sửa các lỗi được đánh dấu.",
    "render_failed": "Chưa xem trước được: {why}",
    "has_errors": "Còn {n} lỗi trong kế hoạch; hãy sửa các chỗ được đánh dấu đỏ rồi tải lại.",
    "conflict": "Tệp “{tep}” đã được sửa ở nơi khác (trình soạn thảo khác, đồng bộ thư mục hoặc git) sau khi bạn mở "
    "nó. Chọn “Tải lại bản trên đĩa” để bỏ các thay đổi chưa lưu, hoặc “Giữ cả hai” để lưu bản của "
    "bạn thành một tệp mới.",
    "saved": "Đã lưu {tep} lúc {time}.",
    "saved_beside": "Tệp gốc đã đổi trên đĩa nên bản của bạn được lưu thành tệp mới “{tep}”.",
    "restored": "Đã khôi phục bản lưu lúc {time}; bản trước khi khôi phục vẫn nằm trong lịch sử.",
    "too_large": "Tệp tải lên quá lớn (tối đa {mb} MB).",
    "import_type": "Chỉ nhập được tệp .docx, .pdf, .txt hoặc .md (tệp .doc: mở bằng Word rồi lưu thành .docx).",
    "no_file": "Hãy chọn một tệp để nhập.",
    "write_failed": "Không ghi được tệp: {why}",
    "no_pdf": "Chưa tải được PDF: máy này chưa cài LibreOffice (cần để chuyển Word sang PDF). Hãy tải bản Word.",
    "pdf_failed": "Chưa chuyển được sang PDF: {why}",
    "not_found": "Không có trang này.",
}


def _json(obj, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False), status=status, mimetype="application/json")


def _problem(message: str, status: int) -> Response:
    return _json({"message": message}, status)


def _attachment(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    response.headers["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response


class Editor:
    """The WSGI app for one folder."""

    def __init__(self, root: Path, port: int, network_host: str | None = None):
        self.workspace = Workspace(root)
        self.guard = Guard(port, network_host)
        self.write_lock = threading.Lock()  # one save at a time: the version check and the write are one step
        self.pages = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        self.urls = Map(
            [
                Rule("/", endpoint="home"),
                Rule("/sua", endpoint="editor"),
                Rule("/static/<path:name>", endpoint="static"),
                Rule("/favicon.ico", endpoint="favicon"),
                Rule("/moi", endpoint="new", methods=["POST"]),
                Rule("/nhap", endpoint="import", methods=["POST"]),
                Rule("/nam-sau", endpoint="next_year", methods=["POST"]),
                Rule("/trich", endpoint="extract", methods=["POST"]),
                Rule("/api/schema", endpoint="schema"),
                Rule("/api/co-quan", endpoint="registry"),
                Rule("/api/ke-hoach", endpoint="plan"),
                Rule("/api/kiem-tra", endpoint="check", methods=["POST"]),
                Rule("/api/xem-truoc", endpoint="preview", methods=["POST"]),
                Rule("/api/luu", endpoint="save", methods=["POST"]),
                Rule("/api/lich-su", endpoint="history"),
                Rule("/api/khoi-phuc", endpoint="restore", methods=["POST"]),
                Rule("/api/tai-word", endpoint="word", methods=["POST"]),
                Rule("/api/tai-pdf", endpoint="pdf", methods=["POST"]),
            ]
        )

    # --- WSGI --------------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_UPLOAD + 1024 * 1024 if request.path == "/nhap" else MAX_JSON
        response = self.dispatch(request)
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; "
            "font-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cache-Control", "no-store")
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        try:
            refused = self.guard.refusal(request)
            if refused:
                return _problem(refused[1], refused[0])
            if self.guard.access_token and request.args.get(TOKEN_PARAM):
                response = redirect(request.path)  # the token moves from the address into a cookie
                response.set_cookie(TOKEN_COOKIE, self.guard.access_token, httponly=True, samesite="Strict")
                return response
            endpoint, values = self.urls.bind_to_environ(request.environ).match()
            return getattr(self, f"on_{endpoint}")(request, **values)
        except RequestEntityTooLarge:
            return self.problem(request, MSG["too_large"].format(mb=MAX_UPLOAD // 1048576), 413)
        except OutsideFolder as err:
            return self.problem(request, str(err), 403)
        except FileMissing as err:
            return self.problem(request, str(err), 404)
        except NotFound:
            return self.problem(request, MSG["not_found"], 404)
        except HTTPException as err:
            return self.problem(request, err.description or MSG["not_found"], err.code or 400)
        except UnreadableFile as bad:
            return _problem(bad.diagnostic.message, 422)
        except Exception as err:
            import os
            import sys

            if os.environ.get("SOANTHAO_DEBUG"):
                raise
            message = crash_message(err, f"serve: {request.method} {request.path}")
            print(message, file=sys.stderr)
            return _problem(message, 500)

    def problem(self, request: Request, message: str, status: int) -> Response:
        """JSON for the editor's API; a page with a way back for whatever the clerk opened in the browser."""
        if request.path.startswith("/api/"):
            return _problem(message, status)
        response = self.page("report.html", title="Không mở được trang", error=message)
        response.status_code = status
        return response

    def page(self, name: str, **values) -> Response:
        html = self.pages.get_template(name).render(csrf=self.guard.csrf, version=__version__, **values)
        return Response(html, mimetype="text/html")

    @staticmethod
    def body(request: Request) -> dict:
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            raise HTTPException(description=MSG["bad_json"]) from None
        if not isinstance(body, dict):
            raise HTTPException(description=MSG["bad_json"])
        return body

    # --- pages ---------------------------------------------------------------------------------------------
    def on_home(self, request: Request) -> Response:
        return self.page("home.html", rows=self.workspace.rows(), folder=str(self.workspace.root))

    def on_editor(self, request: Request) -> Response:
        rel = request.args.get("tep", "")
        self.workspace.path(rel)
        return self.page("editor.html", tep=rel, title=Path(rel).name)

    def on_static(self, request: Request, name: str) -> Response:
        return send_from_directory(HERE / "static", name, request.environ, max_age=0)

    def on_favicon(self, request: Request) -> Response:
        return Response(status=204)

    def on_new(self, request: Request) -> Response:
        from ..resources import data_file

        starter = data_file("khoi-dau.yaml").read_text(encoding="utf-8")
        try:
            rel = self.workspace.create(request.form.get("ten", ""), starter)
        except OSError as err:
            return self.page(
                "report.html", title="Chưa tạo được kế hoạch", error=MSG["write_failed"].format(why=describe(err))
            )
        return redirect(f"/sua?tep={quote(rel)}", 303)

    def on_import(self, request: Request) -> Response:
        from ..importer import NotAPlan, Unreadable, import_file
        from ..importer.report import format_report

        upload = request.files.get("tep")
        title = "Nhập kế hoạch"
        if upload is None or not upload.filename:
            return self.page("report.html", title=title, error=MSG["no_file"])
        name = Path(upload.filename.replace("\\", "/")).name
        suffix = Path(name).suffix.lower()
        if suffix not in IMPORTABLE:
            return self.page("report.html", title=title, error=MSG["import_type"])
        with tempfile.TemporaryDirectory(prefix="soanthao-nhap-") as tmp:
            source = Path(tmp) / f"nguon{suffix}"
            upload.save(source)
            try:
                result = import_file(source)
            except (Unreadable, NotAPlan) as err:
                return self.page("report.html", title=title, error=f"{name}: {err}")
        lines = format_report(result.findings, name)
        try:
            rel = self.workspace.create(slug(Path(name).stem) or "ke-hoach-nhap", result.yaml_text)
        except OSError as err:
            return self.page("report.html", title=title, error=MSG["write_failed"].format(why=describe(err)))
        report = check_text(result.yaml_text, str(self.workspace.path(rel)))[1]
        summary = f"Đã ghi {rel}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo khi kiểm tra."
        return self.page(
            "report.html",
            title=f"Đã nhập “{name}”",
            lines=lines,
            open_rel=rel,
            open_label="Mở kế hoạch vừa nhập",
            summary=summary,
        )

    def on_next_year(self, request: Request) -> Response:
        from ..config import rule_levels
        from ..nextyear import NextError, check_output, default_output, next_year

        rel = request.form.get("tep", "")
        path = self.workspace.path(rel)
        title = f"Lập kế hoạch năm sau từ {rel}"
        loaded, refused = self.validated(rel, title, "Chưa lập kế hoạch năm mới")
        if refused:
            return refused
        try:
            result = next_year(loaded, request.form.get("nam") or None)
        except NextError as err:
            return self.page("report.html", title=title, error=str(err))
        out = default_output(path, result.old_year, result.new_year)
        if out.exists():  # never overwrite: a draft already made stays the clerk's
            out = self.workspace.free_name(out.parent, out.stem)
        result.target = str(out)
        new_report = check_output(result, out.name, rule_levels(out))
        try:
            write_text_atomic(out, result.text)
        except OSError as err:
            return self.page("report.html", title=title, error=MSG["write_failed"].format(why=describe(err)))
        new_rel = self.workspace.rel(out)
        return self.page(
            "next.html",
            title=f"Dự thảo kế hoạch năm {result.new_year}",
            result=result,
            source=rel,
            new_rel=new_rel,
            report=new_report,
        )

    def validated(self, rel: str, title: str, not_done: str):
        """(loaded plan, None), or (None, a page listing the errors) — as the CLI refuses a spec with errors."""
        text, _ = self.workspace.read(rel)
        loaded, report = check_text(text, str(self.workspace.path(rel)))
        if report.unreadable or report.errors:
            return None, self.page(
                "report.html",
                title=title,
                error=f"{not_done} vì đặc tả còn lỗi.",
                diagnostics=report.diagnostics,
                open_rel=rel,
                open_label="Mở để sửa",
            )
        return loaded, None

    def on_extract(self, request: Request) -> Response:
        from ..extract import AgencyAmbiguous, AgencyNotFound, extract, find_agency
        from ..extract_docx import render_extract
        from ..extract_files import file_stem, write_all

        rel = request.form.get("tep", "")
        title = f"Trích nhiệm vụ từ {rel}"
        loaded, refused = self.validated(rel, title, "Chưa trích nhiệm vụ")
        if refused:
            return refused
        plan, stem, query = loaded.plan, Path(rel).stem, request.form.get("co_quan", "").strip()
        with tempfile.TemporaryDirectory(prefix="soanthao-trich-") as tmp:
            folder = Path(tmp) / f"{stem}-nhiem-vu"
            if query:
                try:
                    agency = find_agency(plan, query)
                except (AgencyAmbiguous, AgencyNotFound) as err:
                    return self.page("report.html", title=title, error=str(err))
                found = extract(plan, agency)
                if not found.has_tasks:
                    return self.page(
                        "report.html",
                        title=title,
                        error=f"Kế hoạch không giao nhiệm vụ nào cho {agency.name}, chủ trì hay phối hợp.",
                    )
                folder.mkdir()
                render_extract(found, folder / f"{stem}-{file_stem(agency.id)}.docx")
                name = f"{stem}-{file_stem(agency.id)}.zip"
            else:
                result = write_all(plan, folder)
                if not result.with_tasks:
                    return self.page(
                        "report.html", title=title, error="Kế hoạch chưa giao nhiệm vụ nào cho cơ quan nào."
                    )
                name = f"{stem}-nhiem-vu.zip"
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for f in sorted(folder.rglob("*")):
                    if f.is_file():
                        archive.write(f, f.relative_to(folder.parent).as_posix())
        return _attachment(buffer.getvalue(), name, "application/zip")

    # --- the editor's API ------------------------------------------------------------------------------------
    def on_schema(self, request: Request) -> Response:
        return _json(self.schema)

    @cached_property
    def schema(self) -> dict:
        from ..cli import plan_schema

        return plan_schema()

    def on_registry(self, request: Request) -> Response:
        from ..agencies import changes

        return _json(
            {
                "registry": [
                    {
                        "ten": c.name,
                        "mau": [p.pattern for p in c.patterns],
                        "con_hieu_luc": c.until is None,
                        "den": c.until.isoformat() if c.until else None,
                        "tu": c.since.isoformat() if c.since else None,
                        "ke_thua": c.successor,
                        "tinh": c.province,
                    }
                    for c in changes()
                ]
            }
        )

    def on_plan(self, request: Request) -> Response:
        from ..pdf import find_soffice

        rel = request.args.get("tep", "")
        text, version = self.workspace.read(rel)
        state = self.state(rel, text=text)
        pdf = find_soffice() is not None
        return _json(
            dict(state, tep=rel, version=version, pdf={"available": pdf, "message": "" if pdf else MSG["no_pdf"]})
        )

    def state(self, rel: str, data=None, text: str | None = None, with_text: bool = True) -> dict:
        """Diagnostics and numbers of an edited state (form data or YAML text), with the YAML it saves as."""
        name = str(self.workspace.path(rel, exists=False))
        if text is None and with_text:
            text = self.workspace.edited_text(rel, data)
        loaded, report = check_text(text, name) if text is not None else check_data(data, name)
        out = {
            "diagnostics": diagnostics_json(report),
            "numbers": numbers(loaded.plan),
            "data": loaded.data,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
        }
        if text is not None:
            out["text"] = text
        return out

    def edited(self, request: Request) -> tuple[str, dict]:
        body = self.body(request)
        rel = body.get("tep") or ""
        self.workspace.path(rel)
        if not isinstance(body.get("text"), str) and not isinstance(body.get("data"), dict):
            raise HTTPException(description=MSG["no_body"])
        return rel, body

    def on_check(self, request: Request) -> Response:
        rel, body = self.edited(request)
        if isinstance(body.get("text"), str):
            return _json(self.state(rel, text=body["text"]))
        return _json(self.state(rel, data=body["data"], with_text=bool(body.get("with_text"))))

    def plan_of(self, rel: str, body: dict):
        name = str(self.workspace.path(rel))
        if isinstance(body.get("text"), str):
            return check_text(body["text"], name)
        return check_data(body["data"], name)

    def on_preview(self, request: Request) -> Response:
        rel, body = self.edited(request)
        name = str(self.workspace.path(rel))  # the page has just had the diagnostics: the plan is all it needs
        text = body.get("text")
        loaded = load_text(text, name) if isinstance(text, str) else load_data(body["data"], name)
        return self.docx_response(loaded.plan, rel, inline=True)

    def docx_response(self, plan, rel: str, inline: bool) -> Response:
        from ..render import render_bytes

        if plan is None:
            return _problem(MSG["not_renderable"], 422)
        try:
            data = render_bytes(plan)
        except Exception as err:
            return _problem(MSG["render_failed"].format(why=err), 422)
        if inline:
            return Response(data, mimetype=DOCX_TYPE)
        return _attachment(data, f"{Path(rel).stem}.docx", DOCX_TYPE)

    def on_word(self, request: Request) -> Response:
        rel, body = self.edited(request)
        loaded, report = self.plan_of(rel, body)
        if report.errors:
            return _problem(MSG["has_errors"].format(n=len(report.errors)), 422)
        return self.docx_response(loaded.plan, rel, inline=False)

    def on_pdf(self, request: Request) -> Response:
        from ..pdf import PdfFailed, PdfUnavailable, convert_to_pdf, find_soffice

        if find_soffice() is None:
            return _problem(MSG["no_pdf"], 503)
        rel, body = self.edited(request)
        loaded, report = self.plan_of(rel, body)
        if report.errors:
            return _problem(MSG["has_errors"].format(n=len(report.errors)), 422)
        word = self.docx_response(loaded.plan, rel, inline=True)
        if word.status_code != 200:
            return word
        with tempfile.TemporaryDirectory(prefix="soanthao-pdf-") as tmp:
            docx = Path(tmp) / f"{Path(rel).stem}.docx"
            docx.write_bytes(word.get_data())
            try:
                pdf = convert_to_pdf(docx, Path(tmp))
            except PdfUnavailable:
                return _problem(MSG["no_pdf"], 503)
            except PdfFailed as err:
                return _problem(MSG["pdf_failed"].format(why=err), 500)
            return _attachment(pdf.read_bytes(), f"{Path(rel).stem}.pdf", "application/pdf")

    def on_save(self, request: Request) -> Response:
        rel, body = self.edited(request)
        with self.write_lock:
            disk = self.workspace.disk_version(rel)
            text = body["text"] if isinstance(body.get("text"), str) else None
            if disk is not None and disk != body.get("version"):
                if body.get("keep_both"):
                    mine = text if text is not None else self._dump(body["data"])
                    new_rel = self.workspace.save_beside(rel, mine)
                    return _json(
                        dict(
                            self.state(new_rel, text=mine),
                            tep=new_rel,
                            version=self.workspace.disk_version(new_rel),
                            message=MSG["saved_beside"].format(tep=new_rel),
                        )
                    )
                disk_text, _ = self.workspace.read(rel)
                return _json(
                    {
                        "conflict": True,
                        "message": MSG["conflict"].format(tep=rel),
                        "disk_text": disk_text,
                        "disk_version": disk,
                    },
                    409,
                )
            if text is None:
                text = self.workspace.edited_text(rel, body["data"])
            try:
                version = self.workspace.save(rel, text)
            except OSError as err:
                return _problem(MSG["write_failed"].format(why=describe(err)), 500)
        from datetime import datetime

        return _json(
            dict(
                self.state(rel, text=text),
                version=version,
                tep=rel,
                message=MSG["saved"].format(tep=rel, time=datetime.now().strftime("%H:%M")),
            )
        )

    @staticmethod
    def _dump(data) -> str:
        from ..load import dump_roundtrip
        from ..yaml_patch import as_roundtrip

        return dump_roundtrip(as_roundtrip(data))

    def on_history(self, request: Request) -> Response:
        return _json({"versions": self.workspace.versions(request.args.get("tep", ""))})

    def on_restore(self, request: Request) -> Response:
        body = self.body(request)
        rel = body.get("tep") or ""
        old = self.workspace.version_text(rel, str(body.get("id") or ""))
        # named before saving: the save keeps the current file and may push this version out of the 20
        when = next((v["time"] for v in self.workspace.versions(rel) if v["id"] == body.get("id")), body.get("id"))
        with self.write_lock:
            try:
                version = self.workspace.save(rel, old)
            except OSError as err:
                return _problem(MSG["write_failed"].format(why=describe(err)), 500)
        return _json(
            dict(self.state(rel, text=old), version=version, tep=rel, message=MSG["restored"].format(time=when))
        )

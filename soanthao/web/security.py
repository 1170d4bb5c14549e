"""Who may talk to the editor: the local browser, through the page it was given.

- Host: only the loopback names the server was started on (a web page elsewhere cannot reach it by
  pointing its own domain at 127.0.0.1 — "DNS rebinding").
- State-changing requests (POST) only from the editor's own pages: the Origin (or Referer) must be
  the server itself, and the request must carry the CSRF token the page was given.
- Served to an office network (``--host``), every request needs the access token printed at start;
  it is given once in the address (``?khoa=…``) and kept in a same-site cookie.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from werkzeug.wrappers import Request

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
TOKEN_COOKIE = "soanthao_khoa"
TOKEN_PARAM = "khoa"

MSG = {
    "host": "Yêu cầu bị từ chối: địa chỉ máy chủ “{host}” không phải máy này.",
    "origin": "Yêu cầu bị từ chối: yêu cầu thay đổi dữ liệu phải đến từ chính trang soạn thảo.",
    "csrf": "Yêu cầu bị từ chối: thiếu mã xác nhận của trang; hãy tải lại trang rồi thử lại.",
    "token": "Cần mã truy cập: hãy mở đúng địa chỉ (có “?khoa=…”) mà máy chủ soanthao in ra khi khởi động.",
}


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    def __init__(self, port: int, network_host: str | None = None):
        self.csrf = secrets.token_urlsafe(32)
        self.access_token = secrets.token_urlsafe(24) if network_host else None
        self.hosts = {f"{name}:{port}" for name in LOOPBACK}

    def refusal(self, request: Request) -> tuple[int, str] | None:
        """(status, Vietnamese message) when the request must be refused, else None."""
        if self.access_token is None and request.host not in self.hosts:
            return 403, MSG["host"].format(host=request.host)
        if self.access_token is not None and not (
            _same(request.cookies.get(TOKEN_COOKIE), self.access_token)
            or _same(request.args.get(TOKEN_PARAM), self.access_token)
        ):
            return 401, MSG["token"]
        if request.method not in ("GET", "HEAD"):
            if not self._same_origin(request):
                return 403, MSG["origin"]
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf")
            if not _same(sent, self.csrf):
                return 403, MSG["csrf"]
        return None

    @staticmethod
    def _same_origin(request: Request) -> bool:
        own = f"{request.scheme}://{request.host}"
        origin = request.headers.get("Origin")
        if origin is not None:
            return origin == own
        referer = request.headers.get("Referer")
        if referer:
            parts = urlsplit(referer)
            return f"{parts.scheme}://{parts.netloc}" == own
        return False

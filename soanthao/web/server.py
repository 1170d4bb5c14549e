"""Start the editor on a local port and open the browser."""

from __future__ import annotations

import errno
import os
import socket
import threading
import webbrowser
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import Editor
from .security import LOOPBACK, TOKEN_PARAM

DEFAULT_PORT = 8765
PORTS_TRIED = 20  # without --port, the next free port is taken when 8765 is busy


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # a clerk's terminal is not a request log
        pass


class PortBusy(OSError):
    pass


def start(folder: Path, port: int | None = None, host: str | None = None) -> tuple[BaseWSGIServer, str]:
    """A server for ``folder`` (not yet serving) and the address to open. ``port`` 0 takes any free port."""
    network = host if host and host.strip("[]") not in [h.strip("[]") for h in LOOPBACK] else None
    bind = host or "127.0.0.1"
    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED)
    for candidate in candidates:
        try:
            sock = _bound(bind, candidate)
            break
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise
            if candidate == candidates[-1]:
                raise PortBusy(candidate) from None
    # werkzeug binds by itself and exits the process when the port is taken: it gets a bound socket instead
    actual = sock.getsockname()[1]
    server = make_server(bind, actual, _placeholder, threaded=True, request_handler=_QuietHandler, fd=sock.fileno())
    sock.close()  # the server holds its own duplicate
    editor = Editor(folder, actual, network)
    server.app = editor
    shown = "127.0.0.1" if network is None else host
    address = f"http://{shown}:{actual}/"
    if editor.guard.access_token:
        address += f"?{TOKEN_PARAM}={editor.guard.access_token}"
    return server, address


def _bound(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name == "posix":  # a port left in TIME_WAIT by the last run can be taken again at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _placeholder(environ, start_response):  # replaced by the editor once the port is known
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b""]


def run(server: BaseWSGIServer, address: str, open_browser: bool) -> None:
    """Serve until Ctrl-C; the browser opens once the server listens."""
    if open_browser:
        threading.Timer(0.3, lambda: webbrowser.open(address)).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()

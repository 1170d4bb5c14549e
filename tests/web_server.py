"""Fixtures for the tests of the local web editor (`soanthao serve`).

- ``served``: a temporary copy of ``examples/`` — the folder the editor serves (tests may change it).
- ``api``: the editor app behind werkzeug's test client, with the headers a page of its own sends.
- ``live``: the real server (``soanthao.web.server.start``) on a free port, serving in a daemon thread.
- ``browser`` (one per session) and ``page`` (a new context per test): Debian's chromium driven by Playwright.
  Without chromium the browser tests are skipped locally, and fail on CI (``CI`` set).

Test modules import the fixtures they use: ``from web_server import served, api, live, browser, page``.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.test import Client

from soanthao.web.app import Editor
from soanthao.web.server import start

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BAC_GIANG = "bac-giang-2023-ubqg.yaml"
CHROMIUM = Path(os.environ.get("SOANTHAO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.environ.get("SOANTHAO_SCREENSHOTS") == "1"
DOCS = ROOT / "docs"
PORT = 8765  # the port the test client's app believes it serves on


def comment_lines(text: str) -> list[str]:
    """Every line of a YAML file that is a comment or ends with one, in order (stripped)."""
    return [line.strip() for line in text.splitlines() if re.match(r"^\s*#", line) or " #" in line]


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A fresh copy of examples/ (with its subfolders) — the folder being served."""
    folder = tmp_path / "ke-hoach"
    shutil.copytree(EXAMPLES, folder)
    return folder


@dataclass
class Api:
    """The editor app under werkzeug's test client; ``post`` sends what the editor page sends."""

    editor: Editor
    client: Client
    folder: Path

    @property
    def own(self) -> str:
        return f"http://127.0.0.1:{PORT}"

    def headers(self, **extra) -> dict:
        return {"Host": f"127.0.0.1:{PORT}", **extra}

    def page_headers(self) -> dict:
        return self.headers(Origin=self.own, **{"X-CSRF-Token": self.editor.guard.csrf})

    def get(self, url: str, **kw):
        return self.client.get(url, headers=kw.pop("headers", None) or self.headers(), **kw)

    def post(self, url: str, body: dict | None = None, **kw):
        headers = kw.pop("headers", None) or self.page_headers()
        if body is not None:
            return self.client.post(url, json=body, headers=headers, **kw)
        return self.client.post(url, headers=headers, **kw)

    def form(self, url: str, data: dict, **kw):
        """A form of the home page (multipart/urlencoded, CSRF token as the hidden field ``csrf``)."""
        headers = self.headers(Origin=self.own)
        return self.client.post(url, data={"csrf": self.editor.guard.csrf, **data}, headers=headers, **kw)

    def plan(self, rel: str = BAC_GIANG) -> dict:
        r = self.get(f"/api/ke-hoach?tep={rel}")
        assert r.status_code == 200, r.get_data(as_text=True)
        return r.json


@pytest.fixture
def api(served: Path) -> Api:
    editor = Editor(served, PORT)
    return Api(editor, Client(editor), served)


@dataclass
class Live:
    url: str  # "http://127.0.0.1:<port>" without a trailing slash
    folder: Path
    editor: Editor


@pytest.fixture
def live(served: Path):
    server, address = start(served, port=0)
    thread = threading.Thread(target=server.serve_forever, name="soanthao-serve", daemon=True)
    thread.start()
    try:
        yield Live(address.rstrip("/"), served, server.app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"chromium is missing at {CHROMIUM} (Debian: apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - playwright is in the [test] extra
        if os.environ.get("CI"):
            pytest.fail(f"playwright is not installed: {err}")
        pytest.skip(f"playwright is not installed: {err}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context (no cookies, downloads accepted) at the usual office screen size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(10_000)
    errors: list[str] = []
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # the tests check no script failed
    try:
        yield pg
    finally:
        context.close()


def screenshot(pg, name: str) -> None:
    """docs/<name>, only when SOANTHAO_SCREENSHOTS=1 (the README's pictures are taken by the tests)."""
    if SCREENSHOTS:
        DOCS.mkdir(exist_ok=True)
        pg.screenshot(path=str(DOCS / name))

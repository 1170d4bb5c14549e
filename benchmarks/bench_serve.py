"""How fast does the running editor answer an edit (targets: diagnostics ≤ 100 ms, preview ≤ 300 ms)?

    python benchmarks/bench_serve.py [--repeat N] [--check] [TỆP ...]

For the largest spec of ``examples/`` (or each file given), the editor application of ``soanthao serve``
(the same WSGI app, called in-process through werkzeug's test client: server time, without the browser
and the loopback network) receives N edits of the title, each a new text, as the page sends them after a
pause in typing:

- ``kiểm tra``: ``POST /api/kiem-tra`` with the form's data — validation, numbering (what the page shows
  beside the fields while the clerk types);
- ``kiểm tra + YAML``: the same, asking for the YAML text the save would write (the YAML tab is open);
- ``xem trước``: ``POST /api/xem-truoc`` — validation and the rendered .docx the page displays;
- ``lưu``: ``POST /api/luu`` — the file written back in place (a copy in a temporary folder).

Each figure is the median of N (default 15) after one warm-up edit; the verdict is on the slowest
median of ``kiểm tra`` and of ``xem trước``. Exit 0 whatever the result, unless ``--check``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.test import Client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soanthao.web.app import Editor  # noqa: E402

TARGETS = {"kiểm tra": 0.100, "xem trước": 0.300}


def measure(spec: Path, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="soanthao-bench-serve-") as tmp:
        shutil.copy(spec, Path(tmp) / spec.name)
        editor = Editor(Path(tmp), 8765)
        client = Client(editor)
        headers = {"Host": "127.0.0.1:8765", "Origin": "http://127.0.0.1:8765", "X-CSRF-Token": editor.guard.csrf}
        state = client.get(f"/api/ke-hoach?tep={spec.name}", headers=headers).json
        data, version = state["data"], state["version"]
        title = data.get("trich_yeu") or ""
        steps = {
            "kiểm tra": ("/api/kiem-tra", {}),
            "kiểm tra + YAML": ("/api/kiem-tra", {"with_text": True}),
            "xem trước": ("/api/xem-truoc", {}),
            "lưu": ("/api/luu", {}),
        }
        out = {}
        for name, (url, extra) in steps.items():
            times = []
            for i in range(repeat + 1):
                data["trich_yeu"] = f"{title} (sửa {name} {i})"
                body = {"tep": spec.name, "data": data, "version": version, **extra}
                start = time.perf_counter()
                response = client.post(url, json=body, headers=headers)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise SystemExit(f"{spec.name}: {url} trả {response.status_code}: {response.get_data(True)[:200]}")
                if url == "/api/luu":
                    version = response.json["version"]
                if i:  # the first edit is a warm-up
                    times.append(elapsed)
            out[name] = statistics.median(times)
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    files = args.files or [max((ROOT / "examples").rglob("*.yaml"), key=lambda p: p.stat().st_size)]
    worst = dict.fromkeys(TARGETS, 0.0)
    for spec in files:
        result = measure(spec, args.repeat)
        print(f"{spec.name} ({spec.stat().st_size // 1024} KB), trung vị {args.repeat} lần sửa:")
        for name, seconds in result.items():
            target = f"   (mục tiêu ≤ {TARGETS[name] * 1000:.0f} ms)" if name in TARGETS else ""
            print(f"  {name:<16} {seconds * 1000:7.1f} ms{target}")
            if name in worst:
                worst[name] = max(worst[name], seconds)
    ok = all(worst[name] <= limit for name, limit in TARGETS.items())
    print(
        "Kết luận: "
        + ("đạt" if ok else "CHƯA ĐẠT")
        + " — "
        + ", ".join(f"{name} {worst[name] * 1000:.0f} ms / {limit * 1000:.0f} ms" for name, limit in TARGETS.items())
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a clerk waits on: whole `soanthao` processes, against bare Python and a bare docxtpl script.

    python benchmarks/bench_process.py [--repeat N]

Start-up: the median of N runs of `python -c pass`, `soanthao --help` and `soanthao validate` of the short
example (goal: each command ≤ 0.25 s). Rendering: `soanthao render` of the largest real plan of the
examples against a bare docxtpl script printing the same paragraphs into the same lean .docx package (the
template's own styles, a `{%p for %}` loop), run as pairs back to back; the verdict is the median of the
pairs' ratios (goal ≤ 1.5). Each process is the entry point beside this interpreter, after one warm-up run
of each (the file cache and compiled bytecode are then what a second run of the day finds).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import cli_command
from bench_render import REAL_PLAN, minimal_template, printed_texts

ROOT = Path(__file__).resolve().parent.parent
SHORT = ROOT / "examples" / "mau-ke-hoach-ngan.yaml"
START_GOAL, RENDER_GOAL = 0.25, 1.5

# The bare side: what a script using docxtpl alone does with the same paragraphs (imports included).
BARE_SCRIPT = """
import json, sys
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
template, paras, out = sys.argv[1:4]
with open(paras, encoding="utf-8") as f:
    paras = json.load(f)
tpl = DocxTemplate(template)
tpl.render({"paras": paras}, SandboxedEnvironment(autoescape=True), autoescape=True)
tpl.save(out)
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))}: mã ra {done.returncode}\n{done.stderr.decode()}")
    return seconds


def median_of(n: int, cmd: list[str]) -> float:
    timed(cmd)  # warm-up
    return statistics.median(timed(cmd) for _ in range(n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=11, help="runs of each process (pairs for rendering)")
    args = ap.parse_args(argv)
    cli = cli_command()

    print(f"khởi động (trung vị của {args.repeat} lần, mục tiêu ≤ {START_GOAL} s cho mỗi lệnh)")
    floor = median_of(args.repeat, [sys.executable, "-c", "pass"])
    print(f"  python -c pass                 {floor:6.3f} s")
    worst = 0.0
    for label, rest in (("soanthao --help", ["--help"]), ("soanthao validate (ngắn)", ["validate", str(SHORT)])):
        seconds = median_of(args.repeat, cli + rest)
        worst = max(worst, seconds)
        print(f"  {label:<30} {seconds:6.3f} s  {'ĐẠT' if seconds <= START_GOAL else 'CHƯA ĐẠT'}")

    from soanthao.render import default_template
    from soanthao.validate import validate_file

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template, paras = folder / "mau.docx", folder / "doan.json"
        template.write_bytes(minimal_template(default_template()))
        texts = printed_texts(validate_file(REAL_PLAN)[0].plan)
        paras.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        ours = cli + ["render", str(REAL_PLAN), "-o", str(folder / "soanthao.docx"), "--force"]
        bare = [sys.executable, "-c", BARE_SCRIPT, str(template), str(paras), str(folder / "docxtpl.docx")]
        timed(ours), timed(bare)
        pairs = [(timed(ours), timed(bare)) for _ in range(args.repeat)]
    ratio = statistics.median(o / b for o, b in pairs)
    print(f"\nrender {REAL_PLAN.stem} ({len(texts)} đoạn), {args.repeat} cặp tiến trình chạy liền nhau")
    print(f"  soanthao render                {statistics.median(o for o, _ in pairs):6.3f} s (trung vị)")
    print(f"  docxtpl trần, cùng gói .docx   {statistics.median(b for _, b in pairs):6.3f} s (trung vị)")
    verdict = "ĐẠT" if ratio <= RENDER_GOAL else "CHƯA ĐẠT"
    print(f"  tỉ lệ (trung vị của các cặp)   {ratio:6.2f}  (mục tiêu ≤ {RENDER_GOAL}) {verdict}")
    return 0 if worst <= START_GOAL and ratio <= RENDER_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())

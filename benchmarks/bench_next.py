"""How long does ``soanthao next`` take against ``soanthao validate`` of the same plan?

    python benchmarks/bench_next.py [--repeat N] [--sizes 500,5000]

Both sides do what the command does, in one process, without writing files:

- validate: read the spec, check it (every rule) — ``validate_file``;
- next: the same, then roll the plan a year forward and check the new text as `validate` will read it
  (``next_year`` and ``check_output``).

For every example and for generated plans of 500 and 5,000 tasks (the large plan of ``bench_render.py``
with its "nhiệm vụ" replaced by that many tasks, each with a lead agency, two partners and a deadline, one
in ten mentioning the plan year; written as YAML, as a clerk writes it, and again as JSON, as a program
writes it: ``next`` must take its quick path on flow style too), it prints the best time of each side and their
ratio, and the median ratio of runs made back to back (validate, then next), which is the verdict (target: ≤ 2).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import DEADLINES, best_of, large_spec, sentence

from soanthao.cli import GC_THRESHOLDS
from soanthao.nextyear import check_output, next_year
from soanthao.roundtrip import dump_roundtrip
from soanthao.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
TARGET = 2.0


def plan_with_tasks(tasks: int, seed: int = 2027) -> dict:
    """The large benchmark plan whose "nhiệm vụ" holds ``tasks`` tasks, ten to a section."""
    rng = random.Random(seed)
    spec = large_spec()
    ids = [a["ma"] for a in spec["co_quan"]]
    sections = []
    for start in range(0, tasks, 10):
        points = []
        for n in range(start, min(start + 10, tasks)):
            lead = rng.choice(ids)
            text = sentence(rng, 40) + (" Hoàn thành trong năm 2027." if n % 10 == 0 else "")
            points.append(
                {
                    "noi_dung": text,
                    "chu_tri": lead,
                    "phoi_hop": rng.sample([i for i in ids if i != lead], 2),
                    "thoi_han": rng.choice(DEADLINES),
                }
            )
        sections.append({"tieu_de": sentence(rng, 8)[:-1], "muc": points})
    spec["nhiem_vu"] = {"muc": sections}
    return spec


def soanthao_next(path: Path) -> None:
    """What `soanthao next` does before writing: validate, roll, check the new text."""
    loaded, report = validate_file(path)
    if report.errors:
        raise SystemExit("\n".join(d.text() for d in report.errors))
    result = next_year(loaded)
    check_output(result, str(path.with_name("moi.yaml")))


def measure(path: Path, repeat: int) -> tuple[float, float, float]:
    """Best validate, best next, and the median of the ratios of the two run back to back: the verdict (a
    machine whose speed drifts from one second to the next slows both sides of a pair alike)."""
    soanthao_next(path)  # warm-up: imports, data files, compiled patterns
    pairs = [(best_of(1, lambda: validate_file(path)), best_of(1, lambda: soanthao_next(path))) for _ in range(repeat)]
    return min(v for v, _ in pairs), min(n for _, n in pairs), statistics.median(n / v for v, n in pairs)


def line(name: str, validate: float, rolled: float, ratio: float) -> str:
    verdict = "đạt" if ratio <= TARGET else "CHƯA ĐẠT"
    return f"{name:<52} {validate * 1000:9.1f} {rolled * 1000:9.1f} {rolled / validate:7.2f} {ratio:7.2f}  {verdict}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--repeat", type=int, default=15, help="runs of each side; the best is kept (plans of 5,000 tasks or more: 2)"
    )
    ap.add_argument("--sizes", default="500,5000", help="tasks of the generated plans, comma-separated")
    args = ap.parse_args(argv)
    gc.set_threshold(*GC_THRESHOLDS)  # as the soanthao program runs a command (both sides of each ratio)
    print(
        f"{'kế hoạch':<52} {'validate':>9} {'next':>9} {'tỉ lệ':>7} {'cặp':>7}  "
        f"(ms, tốt nhất; tỉ lệ của hai số tốt nhất; trung vị tỉ lệ các cặp — mục tiêu ≤ {TARGET:g})"
    )
    worst = 0.0
    for path in EXAMPLES:
        loaded, _ = validate_file(path)
        if loaded.plan is None or loaded.plan.year is None:
            print(f"{path.relative_to(ROOT / 'examples')!s:<52} (không có năm kế hoạch: next từ chối)")
            continue
        validate, rolled, ratio = measure(path, args.repeat)
        worst = max(worst, ratio)
        print(line(str(path.relative_to(ROOT / "examples")), validate, rolled, ratio))
    with tempfile.TemporaryDirectory() as tmp:
        for tasks in (int(n) for n in args.sizes.split(",") if n.strip()):
            spec = plan_with_tasks(tasks)
            for style, text in (
                ("", dump_roundtrip(spec)),
                (", JSON", json.dumps(spec, ensure_ascii=False, indent=1)),
            ):
                path = Path(tmp) / f"ke-hoach-{tasks}-viec-2027.yaml"
                path.write_text(text, encoding="utf-8")
                validate, rolled, ratio = measure(path, args.repeat if tasks < 5000 else min(args.repeat, 3))
                worst = max(worst, ratio)
                size = f"{tasks:,}".replace(",", ".")
                print(line(f"kế hoạch sinh ra: {size} nhiệm vụ{style}", validate, rolled, ratio))
    print(f"tỉ lệ (cặp) lớn nhất: {worst:.2f} — {'đạt' if worst <= TARGET else 'chưa đạt'} mục tiêu ≤ {TARGET:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How long does ``soanthao extract --all`` take against one full render of the same plan?

    python benchmarks/bench_extract.py [--repeat N] [--keep DIR]

The plan is the large benchmark plan of ``bench_render.py`` (6 parts × 5 sections × 5 points of
60-word paragraphs, 40 agencies). Both sides do what the command does, in one process, and write
their files to disk atomically (fsync included):

- render: read the spec, validate it (every rule), render the .docx (``soanthao render``);
- extract --all: read the spec, validate it, one .docx per agency that has a task (the template is
  opened once for all of them) and ``phan-cong.xlsx`` (``soanthao extract --all``).

The ratio extract / render is printed (target: ≤ 3): of the best of N runs of each side after a
warm-up run, and the median of the N ratios of a render and an extract run back to back.
The split of the extract time (documents, workbook) is printed too, and the same measure on a
variant of the plan whose "tổ chức thực hiện" gives its points to agencies except two general
duties, as real plans do: in the large plan its 25 points name no agency, so each is a general
duty copied into all 36 documents and 36 tracking sheets, and the extracts together hold about
twenty times the text of the plan.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import best_of, large_spec, soanthao_render

from soanthao.cli import GC_THRESHOLDS
from soanthao.extract import agencies_of, classify_tasks, extract
from soanthao.extract_docx import ExtractRenderer
from soanthao.extract_files import write_all
from soanthao.tracking import write_tracking
from soanthao.validate import validate_file


def soanthao_extract_all(spec: Path, out_dir: Path) -> int:
    """What `soanthao extract --all` does: load, validate, refuse on errors, write every file."""
    loaded, report = validate_file(spec)
    if report.errors:
        raise SystemExit("\n".join(d.text() for d in report.errors))
    return len(write_all(loaded.plan, out_dir).documents)


def realistic_variant(spec: dict, seed: int = 7) -> dict:
    """The large plan with its implementation points given to agencies, but for two general duties."""
    rng = random.Random(seed)
    spec = copy.deepcopy(spec)
    ids = [a["ma"] for a in spec["co_quan"]]
    points = [p for s in spec["to_chuc_thuc_hien"]["muc"] for p in s["muc"]]
    for p in points[2:]:
        p["chu_tri"] = rng.choice(ids)
    return spec


def paired(repeat: int, render, extract_all) -> tuple[float, float, float]:
    """Best render time, best extract time, and the median of the ratios of runs made back to back
    (a busy or throttled machine slows both sides of a pair alike)."""
    pairs = []
    for _ in range(repeat):
        r, e = best_of(1, render), best_of(1, extract_all)
        pairs.append((r, e))
    return min(r for r, _ in pairs), min(e for _, e in pairs), statistics.median(e / r for r, e in pairs)


def measure(spec_dict: dict, folder: Path, repeat: int) -> dict:
    spec = folder / "ke-hoach-lon.yaml"
    spec.write_text(json.dumps(spec_dict, ensure_ascii=False, indent=1), encoding="utf-8")
    render_out, extract_out = folder / "ke-hoach-lon.docx", folder / "trich"
    soanthao_render(spec, render_out)  # warm-up
    first = best_of(1, lambda: soanthao_extract_all(spec, extract_out))
    render, extract_all_time, median = paired(
        repeat, lambda: soanthao_render(spec, render_out), lambda: soanthao_extract_all(spec, extract_out)
    )
    plan = validate_file(spec)[0].plan
    tasks = classify_tasks(plan)[0]
    extracts = [x for x in (extract(plan, a, tasks) for a in agencies_of(plan, tasks)) if x.has_tasks]

    def documents():
        r = ExtractRenderer()
        for x in extracts:
            r.render(x, extract_out / f"{x.agency.id}.docx")

    docs = best_of(repeat, documents)
    book = best_of(repeat, lambda: write_tracking(plan, tasks, extracts, extract_out / "phan-cong.xlsx"))
    validation = best_of(repeat, lambda: validate_file(spec))
    return {
        "render": render,
        "extract": extract_all_time,
        "median": median,
        "first": first,
        "docs": docs,
        "book": book,
        "validation": validation,
        "agencies": len(extracts),
        "tasks": len(tasks),
        "general": sum(t.general for t in tasks),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="runs of each side; the best is kept")
    ap.add_argument("--keep", type=Path, help="folder to keep the files in")
    args = ap.parse_args(argv)
    gc.set_threshold(*GC_THRESHOLDS)  # as the soanthao program runs a command (both sides of each ratio)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        results = []
        for name, spec in (
            ("kế hoạch lớn (bench_render)", large_spec()),
            ("biến thể: 2 nhiệm vụ chung", realistic_variant(large_spec())),
        ):
            sub = folder / ("lon" if not results else "bien-the")
            sub.mkdir(parents=True, exist_ok=True)
            results.append((name, measure(spec, sub, args.repeat)))
    for name, r in results:
        print(
            f"{name}: {r['tasks']} nhiệm vụ ({r['general']} nhiệm vụ chung), {r['agencies']} cơ quan có "
            f"nhiệm vụ (tốt nhất trong {args.repeat} lần)"
        )
        print(f"  render (đọc, kiểm tra, xuất)      : {r['render'] * 1000:7.1f} ms")
        print(
            f"  extract --all (đọc, kiểm tra, ghi): {r['extract'] * 1000:7.1f} ms  (lần đầu: "
            f"{r['first'] * 1000:.1f} ms)"
        )
        print(
            f"    trong đó: kiểm tra {r['validation'] * 1000:.1f} ms, {r['agencies']} văn bản "
            f"{r['docs'] * 1000:.1f} ms, phan-cong.xlsx {r['book'] * 1000:.1f} ms"
        )
        print(
            f"  tỉ lệ extract --all / render      : {r['extract'] / r['render']:7.2f}  (trung vị của "
            f"{args.repeat} cặp chạy liền nhau: {r['median']:.2f}; mục tiêu ≤ 3)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

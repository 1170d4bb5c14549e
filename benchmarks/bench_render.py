"""How much slower is ``soanthao`` than bare docxtpl on a large plan?

    python benchmarks/bench_render.py [--repeat N] [--keep DIR]

Generates a large plan in memory (6 parts × 5 sections × 5 points of 60-word
paragraphs, 40 agencies: about 20 pages), renders it with
``soanthao.render.render_docx`` in-process, renders the same paragraphs with
bare docxtpl and a minimal template (``{%p for p in paras %}{{ p }}{%p endfor %}``,
built on the fly with python-docx), and prints the best time of each and the
ratio. The verdict (target ≤ 1.3) is against bare docxtpl writing the same lean package as
soanthao's template — python-docx's default package is heavier and flatters us.

Both sides write a .docx file to disk and use a sandboxed, autoescaping Jinja
environment. The soanthao side does what ``soanthao render`` does: read the spec
file, validate it (every rule), render. The spec is written as JSON, which YAML
reads as it is.

The same is then measured on the largest real plan of the examples
(``examples/thuc-te/07_…``: 9 pages, a footnote, 15 agency headings), whose
bare docxtpl side prints the same paragraphs, appendix cells included.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from soanthao.cli import GC_THRESHOLDS
from soanthao.render import default_template, render_docx
from soanthao.render_context import build_context
from soanthao.spec import Plan
from soanthao.validate import validate_file

REAL_PLAN = (
    Path(__file__).resolve().parent.parent / "examples" / "thuc-te" / "07_daklak-ubnd-nhuyeupham-mualu-0129-2025.yaml"
)
PARTS = ["muc_dich", "muc_tieu", "chi_tieu", "nhiem_vu", "kinh_phi", "to_chuc_thuc_hien"]
WORDS = [
    "tăng",
    "cường",
    "công",
    "tác",
    "tuyên",
    "truyền",
    "phòng",
    "chống",
    "ma",
    "túy",
    "nâng",
    "cao",
    "hiệu",
    "quả",
    "quản",
    "lý",
    "địa",
    "bàn",
    "phối",
    "hợp",
    "các",
    "sở",
    "ngành",
    "đoàn",
    "thể",
    "địa",
    "phương",
    "triển",
    "khai",
    "thực",
    "hiện",
    "kiểm",
    "tra",
    "đôn",
    "đốc",
    "báo",
    "cáo",
    "kết",
    "quả",
    "theo",
    "quy",
    "định",
    "chủ",
    "động",
    "tham",
    "mưu",
    "xây",
    "dựng",
    "kế",
    "hoạch",
    "đề",
    "án",
    "dự",
    "án",
    "cai",
    "nghiện",
    "hỗ",
    "trợ",
    "tái",
    "hòa",
    "nhập",
    "cộng",
    "đồng",
]
GOAL = 1.3  # in-process render with validation, against bare docxtpl writing the same package

DEADLINES = ["thường xuyên", "Quý IV/2027", "tháng 6/2027", "30/9/2027", "năm 2027"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def frame(rng: random.Random, citations: int = 1) -> dict:
    """What every generated plan has around its parts: header, legal bases, recipients, signer."""
    return {
        "co_quan_ban_hanh": {"ten": "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "viet_tat": "UBND"},
        "so": 5,
        "ky_hieu": "KH-UBND",
        "dia_danh": "Bắc Ninh",
        "ngay": "05/01/2027",
        "nam": 2027,
        "trich_yeu": "Thực hiện công tác phòng, chống ma túy năm 2027",
        "mo_dau": {"dan": "Căn cứ", "ket": "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:"},
        "can_cu": [
            {
                "loai": "Quyết định",
                "so_ky_hieu": f"{100 + i}/QĐ-TTg",
                "ngay": "07/4/2026",
                "co_quan": "Thủ tướng Chính phủ",
                "trich_yeu": sentence(rng, 12)[:-1],
            }
            for i in range(citations)
        ],
        "noi_nhan": [f"Nơi nhận số {i}" for i in range(15)],
        "luu": {"don_vi": "NC", "so_ban": "02b"},
        "nguoi_ky": {
            "thay_mat": "ỦY BAN NHÂN DÂN",
            "quyen_han": "KT.",
            "thu_truong": "CHỦ TỊCH",
            "chuc_vu": "PHÓ CHỦ TỊCH",
            "ho_ten": "Nguyễn Văn A",
        },
        "trinh_bay": {"co_chu": 14},
    }


def large_spec(seed: int = 2027) -> dict:
    rng = random.Random(seed)
    agencies = [{"ma": f"co_quan_{i:02d}", "ten": f"Sở thứ {i} của tỉnh", "de_nghi": i >= 36} for i in range(40)]
    ids = [a["ma"] for a in agencies]
    spec: dict = {**frame(rng, citations=3), "co_quan": agencies}
    for key in PARTS:
        sections = []
        for _s in range(5):
            points = []
            for _ in range(5):
                point = {"noi_dung": sentence(rng, 60)}
                if key == "nhiem_vu":
                    lead = rng.choice(ids)
                    point.update(
                        chu_tri=lead,
                        phoi_hop=rng.sample([i for i in ids if i != lead], 2),
                        thoi_han=rng.choice(DEADLINES),
                    )
                points.append(point)
            sections.append({"tieu_de": sentence(rng, 8)[:-1], "muc": points})
        spec[key] = {"muc": sections}
    return spec


def minimal_template(package: Path | None = None) -> bytes:
    """The loop template, in python-docx's default package or in ``package`` with its body emptied."""
    doc = Document(str(package)) if package else Document()
    body = doc.element.body
    for el in list(body)[:-1]:  # everything but the final section properties
        body.remove(el)
    doc.add_paragraph("{%p for p in paras %}")
    doc.add_paragraph("{{ p }}")
    doc.add_paragraph("{%p endfor %}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def bare_docxtpl(template: bytes, paras: list[str], out: Path) -> None:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render({"paras": paras}, SandboxedEnvironment(autoescape=True), autoescape=True)
    tpl.save(out)


def soanthao_render(spec: Path, out: Path) -> None:
    """What `soanthao render` does: load, validate, refuse on errors, render."""
    loaded, report = validate_file(spec)
    if report.errors:
        raise SystemExit("\n".join(d.text() for d in report.errors))
    render_docx(loaded.plan, out)


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def printed_texts(plan: Plan) -> list[str]:
    """Every paragraph and table cell the plan prints (body and appendices), as plain text."""
    context = build_context(plan)
    out = [p.text for p in context["noi_dung"]]
    for el in context["phu_luc"] or []:
        rows = getattr(el, "rows", None)
        if rows is None:
            out.append(el.text)
            continue
        out += list(el.header) + [c for r in rows for c in ([r] if isinstance(r, str) else r)]
    return out


def measure(spec: Path, plan: Plan, folder: Path, repeat: int) -> dict:
    paras = printed_texts(plan)
    template, slim = minimal_template(), minimal_template(default_template())
    ours_out, bare_out = folder / "soanthao.docx", folder / "docxtpl.docx"

    def ours():
        return best_of(1, lambda: soanthao_render(spec, ours_out))

    def bare():
        return best_of(1, lambda: bare_docxtpl(slim, paras, bare_out))

    # one warm-up run each (imports, first compilation), then the best of N
    first = best_of(1, lambda: soanthao_render(spec, ours_out))
    bare_first = best_of(1, lambda: bare_docxtpl(template, paras, bare_out))
    return {
        "paras": len(paras),
        "words": sum(len(p.split()) for p in paras),
        "first": first,
        "bare_first": bare_first,
        "ours": best_of(repeat, lambda: soanthao_render(spec, ours_out)),
        "validation": best_of(repeat, lambda: validate_file(spec)),
        "bare": best_of(repeat, lambda: bare_docxtpl(template, paras, bare_out)),
        "bare_slim": best_of(repeat, lambda: bare_docxtpl(slim, paras, bare_out)),
        # the verdict: soanthao and bare docxtpl (same package) back to back, the median of the pairs' ratios —
        # steadier than best against best on a machine whose speed drifts from one second to the next
        "paired": statistics.median(ours() / bare() for _ in range(repeat)),
    }


def report(title: str, m: dict, repeat: int) -> None:
    print(f"{title}: {m['paras']} đoạn, {m['words']} từ (tốt nhất trong {repeat} lần)")
    print(
        f"  soanthao (đọc, kiểm tra, xuất): {m['ours'] * 1000:7.1f} ms  (lần đầu: {m['first'] * 1000:.1f} ms; "
        f"riêng kiểm tra: {m['validation'] * 1000:.1f} ms)"
    )
    print(
        f"  docxtpl tối giản              : {m['bare'] * 1000:7.1f} ms  (lần đầu: {m['bare_first'] * 1000:.1f} ms; "
        "gói .docx mặc định của python-docx)"
    )
    print(f"  docxtpl tối giản, gói gọn     : {m['bare_slim'] * 1000:7.1f} ms  (cùng gói .docx với mẫu soanthao)")
    print(f"  tỉ lệ soanthao / docxtpl      : {m['ours'] / m['bare']:7.2f}  (gói mặc định, nặng hơn)")
    print(f"  tỉ lệ soanthao / docxtpl gọn  : {m['ours'] / m['bare_slim']:7.2f}  (tốt nhất / tốt nhất)")
    verdict = "ĐẠT" if m["paired"] <= GOAL else "CHƯA ĐẠT"
    print(f"  trung vị của {repeat} cặp, gọn  : {m['paired']:7.2f}  (mục tiêu ≤ {GOAL}, cùng gói .docx): {verdict}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="runs of each side; the best is kept")
    ap.add_argument("--keep", type=Path, help="folder to keep the two .docx files in")
    args = ap.parse_args(argv)
    gc.set_threshold(*GC_THRESHOLDS)  # as the soanthao program runs a command (both sides of each ratio)

    spec_dict = large_spec()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        spec = folder / "ke-hoach-lon.yaml"
        spec.write_text(json.dumps(spec_dict, ensure_ascii=False, indent=1), encoding="utf-8")
        large = measure(spec, Plan.model_validate(spec_dict), folder, args.repeat)
        (folder / "thuc-te").mkdir(exist_ok=True)
        real = measure(REAL_PLAN, validate_file(REAL_PLAN)[0].plan, folder / "thuc-te", args.repeat)
    report("kế hoạch mẫu lớn (40 cơ quan)", large, args.repeat)
    report(f"kế hoạch thật lớn nhất ({REAL_PLAN.stem})", real, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

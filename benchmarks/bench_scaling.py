"""How do the commands grow with the size of a plan?

    python benchmarks/bench_scaling.py [--quick] [--keep DIR] [--commands validate,render,…]

Generates plans of 50 / 500 / 5,000 tasks with 40 / 1,000 / 5,000 agencies (``--quick``: the first two
sizes and 5,000 tasks × 5,000 agencies only for extract --all), and runs each of ``soanthao validate``,
``render``, ``extract --all``, ``next`` and ``import`` (of the rendered .docx) on each in a child process of
its own. For each it prints the time of the command inside that process (after the interpreter started and
imported the CLI: what grows with the plan), the time of the whole process, and its peak memory (the
child's ``ru_maxrss``, from ``os.wait4``). Then, per command, the growth it sees: the ratio of the time at
5,000 tasks to the time at 500 (≈ 10 is linear; ≈ 100 quadratic).

The plans are those of ``bench_render.py`` grown in tasks and agencies: sections of ten 25-word tasks in
"nhiệm vụ, giải pháp", each led by one agency (round-robin, so every agency leads a task when there are as
many tasks as agencies) with two supporting ones, and "tổ chức thực hiện" with two general duties (points
that name no agency, which go into every agency's extract: a fixed number of them, since with a share of
the tasks the extracts themselves would grow as tasks × agencies). Each measurement runs once (the larger
ones take seconds; the noise of a shared machine is a few tens of milliseconds). Never a timed unit test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import DEADLINES, frame, sentence  # noqa: E402 (after the path is set)

SIZES = [(50, 40), (500, 1000), (5000, 5000)]
QUICK_SIZES = [(50, 40), (500, 1000)]
COMMANDS = ["validate", "render", "extract --all", "next", "import"]
TASKS_PER_SECTION = 10
GENERAL_DUTIES = 2

# The child process: import the CLI, then time the command alone (what grows with the plan); the time and the
# exit code go to a file, the peak memory comes from wait4. It runs the command as the program does.
CHILD = """
import gc, os, sys, time
from soanthao.cli import GC_THRESHOLDS, main
gc.set_threshold(*GC_THRESHOLDS)  # as the soanthao program (cli.entry_point) runs a command
sys.argv = ["soanthao", *sys.argv[1:]]
t0 = time.perf_counter()
try:
    main()
except SystemExit as stop:
    code = stop.code or 0
with open(os.environ["BENCH_TIME_FILE"], "w") as f:
    f.write(f"{time.perf_counter() - t0} {code}")
os._exit(0)  # and it leaves without tearing the interpreter down
"""


def scaling_spec(tasks: int, agencies: int, seed: int = 2027) -> dict:
    """A plan with ``tasks`` assigned tasks (and two general duties) among ``agencies`` agencies."""
    rng = random.Random(seed)
    width = len(str(agencies - 1))
    declared = [{"ma": f"co_quan_{i:0{width}d}", "ten": f"Sở thứ {i} của tỉnh"} for i in range(agencies)]
    ids = [a["ma"] for a in declared]
    sections = []
    for start in range(0, tasks, TASKS_PER_SECTION):
        points = []
        for n in range(start, min(start + TASKS_PER_SECTION, tasks)):
            lead = ids[n % agencies]
            others = rng.sample(ids, 3)
            points.append(
                {
                    "noi_dung": sentence(rng, 25),
                    "chu_tri": lead,
                    "phoi_hop": [i for i in others if i != lead][:2],
                    "thoi_han": rng.choice(DEADLINES),
                }
            )
        sections.append({"tieu_de": sentence(rng, 8)[:-1], "muc": points})
    return {
        **frame(rng),
        "co_quan": declared,
        "muc_dich": {"muc": [{"noi_dung": sentence(rng, 40)} for _ in range(3)]},
        "nhiem_vu": {"muc": sections},
        "to_chuc_thuc_hien": {"muc": [{"noi_dung": sentence(rng, 30)} for _ in range(GENERAL_DUTIES)]},
    }


def run(args: list[str], folder: Path, limit: float) -> dict:
    """``soanthao ARGS`` in a child process: the command's time, the whole process's, its peak memory. A child
    still running after ``limit`` seconds is stopped, and its time given as "> limit"."""
    clock = folder / "time.txt"
    clock.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_TIME_FILE": str(clock), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *map(str, args)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > limit:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.01)
    child.returncode = os.waitstatus_to_exitcode(status)
    process = time.perf_counter() - t0
    done = clock.read_text().split() if clock.exists() else [None, None]
    return {
        "command": float(done[0]) if done[0] else None,
        "process": process,
        "rss_mb": usage.ru_maxrss / 1024,
        "code": int(done[1]) if done[1] else child.returncode,
    }


def commands(spec: Path, folder: Path) -> dict[str, list]:
    """The arguments of each command on ``spec``; import reads the .docx that render wrote."""
    docx = folder / "ke-hoach.docx"
    return {
        "validate": ["validate", spec],
        "render": ["render", spec, "-o", docx, "--force"],
        "extract --all": ["extract", "--all", spec, "-o", folder / "trich"],
        "next": ["next", spec, "-o", folder / "nam-sau.yaml", "--force"],
        "import": ["import", docx, "-o", folder / "nhap.yaml", "--force"],
    }


def measure(sizes: list[tuple[int, int]], names: list[str], folder: Path, limit: float) -> dict:
    results: dict = {}
    for tasks, agencies in sizes:
        sub = folder / f"{tasks}-{agencies}"
        sub.mkdir(parents=True, exist_ok=True)
        spec = sub / "ke-hoach.yaml"
        spec.write_text(json.dumps(scaling_spec(tasks, agencies), ensure_ascii=False, indent=1), encoding="utf-8")
        todo = commands(spec, sub)
        if "import" in names and "render" not in names:
            run(todo["render"], sub, limit)  # import reads the rendered plan
        for name in names:
            shutil.rmtree(sub / "trich", ignore_errors=True)  # extract --all writes a fresh folder each time
            results[(tasks, agencies, name)] = r = run(todo[name], sub, limit)
            took = f"{r['command']:8.2f} s" if r["command"] is not None else f"> {limit:g} s".rjust(10)
            print(
                f"  {tasks:>5} nv × {agencies:>5} cq  {name:<14} {took}  {r['process']:8.2f} s"
                f"  {r['rss_mb']:7.0f} MB  {r['code']:>5}",
                flush=True,
            )
    return results


def growth(results: dict, names: list[str], sizes: list[tuple[int, int]]) -> None:
    """The ratio of each command's time at the largest plan to its time at the one before."""
    (t1, a1), (t2, a2) = sizes[-2], sizes[-1]
    print(
        f"\nTăng trưởng từ {t1} nv × {a1} cq lên {t2} nv × {a2} cq (số nhiệm vụ ×{t2 / t1:g}, số cơ quan ×{a2 / a1:g}, "
        f"nhiệm vụ + cơ quan ×{(t2 + a2) / (t1 + a1):.1f}; tỉ lệ thời gian ≈ các số ấy là tuyến tính, "
        "≈ bình phương của chúng là bậc hai):"
    )
    for name in names:
        small, large = results.get((t1, a1, name)), results.get((t2, a2, name))
        if small and large and large["command"] is None:
            over = large["process"] / small["command"]
            print(f"  {name:<14} thời gian × > {over:.0f} (dừng ở giới hạn {large['process']:.0f} s)")
        elif small and large and small["command"]:
            ratio = large["command"] / small["command"]
            memory = large["rss_mb"] / small["rss_mb"]
            print(f"  {name:<14} thời gian ×{ratio:6.1f}   bộ nhớ đỉnh ×{memory:5.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only 50 and 500 tasks (about a minute)")
    ap.add_argument("--commands", default=",".join(COMMANDS), help="commands to run, separated by commas")
    ap.add_argument("--limit", type=float, default=90, help="seconds after which a command is stopped")
    ap.add_argument("--keep", type=Path, help="folder to keep the plans and the files the commands write in")
    args = ap.parse_args(argv)
    names = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [n for n in names if n not in COMMANDS]
    if unknown:
        ap.error(f"unknown command(s): {', '.join(unknown)}; known: {', '.join(COMMANDS)}")
    sizes = QUICK_SIZES if args.quick else SIZES
    print(f"soanthao theo cỡ kế hoạch (mỗi số đo một lần, mỗi lần một tiến trình; {os.cpu_count()} lõi)")
    print(f"  {'kế hoạch':<20}  {'lệnh':<14} {'lệnh':>10}  {'tiến trình':>10}  {'bộ nhớ':>10}  mã ra")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        results = measure(sizes, names, folder, args.limit)
    growth(results, names, sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How long `soanthao validate` takes on each example, in-process (load + every rule).

    python benchmarks/bench_validate.py

Prints the best of N runs per example; the target is under 50 ms for the largest.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout, as the other benchmarks

from soanthao.validate import validate_file

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


def best_ms(path: Path, runs: int = 30) -> float:
    validate_file(path)  # warm caches (data files, rule modules)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        validate_file(path)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    for path in sorted(EXAMPLES, key=lambda p: p.stat().st_size):
        print(f"{path.name:<32} {path.stat().st_size / 1024:6.1f} KB  {best_ms(path):6.1f} ms")


if __name__ == "__main__":
    main()

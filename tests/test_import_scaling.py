"""Import grows linearly with the plan: looking an agency name up must not fold every agency's name again.

Structural, not timed (timing belongs in benchmarks/bench_scaling.py): count the calls of ``fold_key``
while a plan's worth of agencies is resolved, for n and 2n agencies.
"""

from __future__ import annotations

from soanthao.importer import agency_names
from soanthao.importer.agency_names import Agencies


def _fold_calls(monkeypatch, n: int) -> int:
    calls = 0
    real = agency_names.fold_key

    def counting(name: str) -> str:
        nonlocal calls
        calls += 1
        return real(name)

    monkeypatch.setattr(agency_names, "fold_key", counting)
    agencies = Agencies([])
    names = [f"Trung tâm Dịch vụ số {i}" for i in range(n)]
    ids = [agencies.resolve(name) for name in names]
    assert [agencies.resolve(name) for name in names] == ids  # the second mention finds the first
    agencies.resolve(names[0], heading=True)
    assert agencies.merge_mentions() == {}
    assert len(agencies.items) == n
    monkeypatch.setattr(agency_names, "fold_key", real)
    return calls


def test_agency_lookup_is_linear(monkeypatch):
    small, large = _fold_calls(monkeypatch, 200), _fold_calls(monkeypatch, 400)
    assert large <= 2.2 * small, (small, large)  # scanning every agency per lookup would make it ×4

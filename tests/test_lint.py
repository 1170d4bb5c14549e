"""The code keeps one style: `ruff check` and `ruff format --check` pass under pyproject.toml's configuration
(CI runs them through this test, so the README's one test command covers them)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_check_passes():
    run = _ruff("check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]


def test_ruff_format_leaves_every_file_as_it_is():
    run = _ruff("format", "--check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]


def test_no_function_of_the_package_is_too_complex():
    run = _ruff("check", "--no-cache", "--select", "C901", "soanthao")
    assert run.returncode == 0, run.stdout[-3000:]

"""Shared fixtures. The expensive one, `seed_outputs`, runs the real CLI over corpus/ once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` in a subprocess, as a user would run it."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory) -> Path:
    """Outputs of `python -m pipeline extract` over the five seed articles."""
    out = tmp_path_factory.mktemp("seed_outputs")
    run_cli("extract", "--corpus", str(CORPUS), "--out", str(out), "--quiet", "--workers", "2")
    return out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared evaluation data is not on this machine")
    return SHARED

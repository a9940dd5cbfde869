"""Shared fixtures. The five seed reports are read from ../shared/seeds (CI has
shared/ beside the clone); tests that need them skip where it is absent."""

from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "src"))


def seed_path(prefix: str) -> pathlib.Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not available (../shared/seeds)")
    return found[0]


@pytest.fixture(scope="session")
def seed():
    return seed_path

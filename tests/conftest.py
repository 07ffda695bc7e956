"""Shared fixtures: the gold expectations and the sample corpus's tables (built once)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

# Property tests: no wall-clock deadline (CI machines are shared and slow at times) and a
# fixed seed, so a red run can be reproduced and CI is never flaky by chance.
settings.register_profile("project", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

# The commands cache parse results under $XDG_CACHE_HOME by default: tests (and the
# commands they start) use a folder of their own, never the user's cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefings-test-cache-")

from analysis import build_tables

HERE = Path(__file__).parent
GOLD_PATH = HERE / "gold" / "seeds.yaml"
FIXTURES = HERE / "fixtures"


def load_gold() -> dict:
    """seeds.yaml, copied from shared/gold and never edited to fit the code."""
    return yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold() -> dict:
    return load_gold()


@pytest.fixture(scope="session")
def sample_tables():
    """Every table of the bundled sample corpus (built once per test session)."""
    return build_tables()


def rows_with(df, article: str, contains: str, column: str = "sentence"):
    """Rows of ``df`` for ``article`` whose ``column`` contains ``contains``."""
    sub = df[df["article_id"] == article]
    return sub[sub[column].fillna("").str.contains(contains, regex=False)]

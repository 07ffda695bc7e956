"""Lexicons: word lists, patterns, aliases and coordinates kept as YAML data.

``load("places")`` reads ``analysis/lexicons/places.yaml`` once and caches it. Python
modules hold no word lists: an analyst adds an alias by editing YAML, not code.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from analysis.errors import LexiconError

# libyaml's safe loader when PyYAML was built with it (same data, ~8x faster: every
# process, workers included, reads the lexicons at start-up)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Return the parsed content of ``lexicons/<name>.yaml`` (cached; do not mutate)."""
    ref = resources.files(__package__).joinpath(f"{name}.yaml")
    if not ref.is_file():
        available = sorted(p.name[:-5] for p in resources.files(__package__).iterdir()
                           if p.name.endswith(".yaml"))
        raise LexiconError(f"no lexicon {name!r}; available: {', '.join(available)}")
    try:
        data = yaml.load(ref.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:  # pragma: no cover - a broken data file
        raise LexiconError(f"lexicon {name}.yaml is not valid YAML: {exc}") from exc
    if data is None:
        raise LexiconError(f"lexicon {name}.yaml is empty")
    return data


def require(data: dict, keys, name: str) -> None:
    """Raise LexiconError unless ``data`` (lexicon ``name``) has every key in ``keys``."""
    missing = [k for k in keys if k not in data]
    if missing:
        raise LexiconError(f"lexicon {name}.yaml lacks {', '.join(missing)}")

"""One exception family for the whole package.

Every error the package raises on purpose is a :class:`BriefingError`; messages name the
bad value and, where there is a closed set, the allowed ones.
"""
from __future__ import annotations


class BriefingError(Exception):
    """Base class of every error raised on purpose by ``analysis``."""


class CorpusError(BriefingError):
    """The corpus folder, a manifest or a record file cannot be used as given."""


class LexiconError(BriefingError):
    """A lexicon data file under ``analysis/lexicons`` is missing or malformed."""


class PlaceError(BriefingError):
    """A place name is not in the gazetteer (``lexicons/places.yaml``)."""


class ParameterError(BriefingError):
    """A notebook or command parameter has a value outside what is allowed."""


class RenderError(BriefingError):
    """Executing or converting a notebook into an HTML briefing failed."""


class LockError(BriefingError):
    """Another render holds the reports lock and did not release it in time."""


class CacheError(BriefingError):
    """The per-file result cache cannot be read or written."""


def allowed(value: object, choices, what: str) -> str:
    """The shared message builder: ``what`` got ``value``; lists the allowed ``choices``."""
    listed = ", ".join(repr(c) for c in choices)
    return f"{what}: {value!r} is not allowed; use one of {listed}"

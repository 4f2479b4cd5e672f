"""The anonymiser: known names, identifier patterns, named places, names by their
context, deduce, an allowlist; returns spans, certain ones and *mogelijk herleidbaar* ones.

Importing this package is light: the pipeline (its patterns are compiled on import) loads
when one of its names is first used, and deduce on first use of the pipeline (see
fast_deduce). The app checks deduce's cache through fast_deduce without either.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from beraad.anonymise.names import KnownPerson
    from beraad.anonymise.pipeline import Anonymiser, ProgressHook, Result, Review, deduce_engine
    from beraad.anonymise.pseudonyms import Pseudonyms
    from beraad.anonymise.spans import Span

_WHERE = {
    "KnownPerson": "names",
    "Anonymiser": "pipeline",
    "ProgressHook": "pipeline",
    "Result": "pipeline",
    "Review": "pipeline",
    "deduce_engine": "pipeline",
    "Pseudonyms": "pseudonyms",
    "Span": "spans",
}

__all__ = ["Anonymiser", "KnownPerson", "ProgressHook", "Pseudonyms", "Result", "Review", "Span", "deduce_engine"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"beraad.anonymise.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'beraad.anonymise' has no attribute {name!r}")

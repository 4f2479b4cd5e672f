"""The anonymiser: known names, identifier patterns, named places, names by their
context, deduce, an allowlist; returns spans, certain ones and *mogelijk herleidbaar* ones.

Importing this package is light; deduce loads on first use (see fast_deduce).
"""

from beraad.anonymise.names import KnownPerson
from beraad.anonymise.pipeline import Anonymiser, ProgressHook, Result, Review, deduce_engine
from beraad.anonymise.pseudonyms import Pseudonyms
from beraad.anonymise.spans import Span

__all__ = ["Anonymiser", "KnownPerson", "ProgressHook", "Pseudonyms", "Result", "Review", "Span", "deduce_engine"]

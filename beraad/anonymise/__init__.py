"""The anonymiser: known names, identifier patterns, deduce, an allowlist; returns spans.

Importing this package is light; deduce loads on first use (see fast_deduce).
"""

from beraad.anonymise.names import KnownPerson
from beraad.anonymise.pipeline import Anonymiser, Pseudonyms, Result, Review, deduce_engine
from beraad.anonymise.spans import Span

__all__ = ["Anonymiser", "KnownPerson", "Pseudonyms", "Result", "Review", "Span", "deduce_engine"]

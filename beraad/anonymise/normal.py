"""Text as the detectors read it, with a way back to the text as typed.

A soft hyphen or a zero-width space inside a name, a non-breaking space inside a number,
an accent typed as a separate mark (as macOS pastes it), full-width letters and Cyrillic
or Greek look-alikes all leave a word looking the same to a reader while no rule would
match it. The detectors read a normalised copy (NFKC, invisible characters dropped,
look-alikes and dashes folded to plain ones); a finding is mapped back onto the text as
typed, so what is replaced covers the invisible characters too, and what is not replaced
stays exactly as it was written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f")
# Cyrillic and Greek letters that look like Latin ones (Unicode's confusables, the ones
# that render the same in ordinary fonts).
LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХУІЈЅԜΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "aeopcyxijsdhlqwABEKMHOPCTXYIJSWABEZHIKMNOPTYXoiv",
)
# Dashes and minus signs read as a hyphen: a phone number typed with an en-dash.
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))


def fold_char(cluster: str) -> str:
    """One character with its combining marks, normalised."""
    return unicodedata.normalize("NFKC", cluster).translate(LOOKALIKES).translate(DASHES)


@dataclass(frozen=True)
class Normal:
    """A normalised text and, for each of its characters, the range it came from."""

    text: str
    starts: tuple[int, ...]  # where the original of each character starts
    ends: tuple[int, ...]  # where it ends
    original: str

    @property
    def same(self) -> bool:
        return self.text == self.original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range of the normalised range [start, end)."""
        if self.same:
            return start, end
        if start >= len(self.text):
            return len(self.original), len(self.original)
        if end <= start:
            at = self.starts[start]
            return at, at
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normal:
    if text.isascii():
        return Normal(text, (), (), text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in INVISIBLE:
            i += 1
            continue
        j = i + 1
        while j < size and (unicodedata.combining(text[j]) or text[j] in INVISIBLE):
            j += 1
        cluster = "".join(c for c in text[i:j] if c not in INVISIBLE)
        folded = fold_char(cluster) if not cluster.isascii() else cluster
        for c in folded:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return Normal("".join(out), tuple(starts), tuple(ends), text)


def plain(text: str) -> str:
    """The normalised text alone."""
    return text if text.isascii() else normalise(text).text


def fold(text: str) -> str:
    """Normalised, lower case and without accents: how the gate compares words."""
    text = plain(text)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return stripped.casefold()

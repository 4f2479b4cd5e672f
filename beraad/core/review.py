"""What the review shows: every finding of the anonymiser in the verslag, once per text,
grouped by kind, with what it becomes and whether it is replaced, kept, or still to be
decided (a *mogelijk herleidbaar* word), and the sentence it stands in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from beraad.dutch import REPLACEMENT

if TYPE_CHECKING:
    from beraad.report.content import Report

State = Literal["te beslissen", "vervangen", "behouden"]
CONTEXT = 50  # characters shown on either side of a finding
CONTEXT_KIND = "herleidbaar door context"

# The order of the groups in the review: what identifies someone most directly first.
KINDS = [
    "persoon", "deelnemer", "adres", "postcode", "plaats", "instelling", "telefoonnummer", "e-mail", "BSN",
    "rekeningnummer", "dossiernummer", "geboortedatum", "datum", "leeftijd", "url", "account", "kenteken",
    "herkomst", "beroep", "herleidbaar door context", "weggelaten", "overig",
]  # fmt: skip


@dataclass(frozen=True)
class Finding:
    text: str
    category: str
    replacement: str  # what it becomes when replaced
    state: State
    certain: bool  # found for sure; False: mogelijk herleidbaar, the facilitator decides
    where: str  # "Ronde 1: Casus · De casus"
    context: str  # the text around it, on one line
    note: str = ""  # why it was flagged

    @property
    def kind(self) -> str:
        """Which of the three kinds of finding: "zeker" (replaced unless kept), "mogelijk
        herleidbaar" (perhaps a name or place) or "herleidbaar door context" (a detail that
        identifies together with others; the replacement is a suggested generalisation)."""
        if self.category == CONTEXT_KIND:
            return CONTEXT_KIND
        return "zeker" if self.certain else "mogelijk herleidbaar"


def findings(report: Report, kept: Iterable[str]) -> list[Finding]:
    """Every finding once (by its text), to-be-decided first, then by kind and text."""
    found: dict[str, Finding] = {}
    for fragment in report.fragments:
        result = fragment.result
        for span, state in [*((s, "vervangen") for s in result.spans), *((s, "te beslissen") for s in result.possible)]:
            if span.text in found:
                continue
            found[span.text] = Finding(
                text=span.text,
                category=span.category,
                replacement=span.replacement,
                state=state,  # type: ignore[arg-type]
                certain=span.certain,
                where=fragment.where,
                context=_context(result.source, span.start, span.end),
                note=span.note,
            )
    for text in kept:
        if text not in found:
            found[text] = Finding(text, "behouden", "", "behouden", True, "", "")
    return sorted(found.values(), key=_order)


def _order(finding: Finding) -> tuple[int, int, str]:
    first = (1 if finding.kind == CONTEXT_KIND else 0) if finding.state == "te beslissen" else 2
    kind = KINDS.index(finding.category) if finding.category in KINDS else len(KINDS)
    return first, kind, finding.text.casefold()


def _context(source: str, start: int, end: int) -> str:
    before = source[max(0, start - CONTEXT) : start]
    after = source[end : end + CONTEXT]
    text = f"{'…' if start > CONTEXT else ''}{before}[{source[start:end]}]{after}{'…' if end + CONTEXT < len(source) else ''}"
    return " ".join(text.split())


def sentence(found: list[Finding]) -> str:
    """'23 vervangingen, 4 nog te beslissen, 2 behouden'."""
    counts = Counter(f.state for f in found)
    parts = [REPLACEMENT(counts["vervangen"])]
    if counts["te beslissen"]:
        parts.append(f"{counts['te beslissen']} nog te beslissen")
    if counts["behouden"]:
        parts.append(f"{counts['behouden']} behouden")
    return ", ".join(parts)


def by_kind(found: list[Finding]) -> dict[str, int]:
    """How many findings of each kind, in the review's order."""
    counts = Counter(f.category for f in found)
    return {kind: counts[kind] for kind in sorted(counts, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))}


def undecided(report: Report) -> list[str]:
    """The mogelijk herleidbaar texts nobody decided on yet: an export waits for them."""
    return sorted({span.text for fragment in report.fragments for span in fragment.result.possible})

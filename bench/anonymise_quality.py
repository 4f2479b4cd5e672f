"""Quality of the anonymiser on the labelled test set (tests/anonymise_cases.py).

    .venv/bin/python bench/anonymise_quality.py

Prints, per category, the recall of labelled identifiers in two modes:
- zeker: only what the anonymiser replaces for certain (the review before decisions);
- + mogelijk: with every *mogelijk herleidbaar* name or place replaced (as
  `beraad anonymise` does by default, or a review that says "vervangen" to all).
Then the leaks of direct identifiers, the keep-rate of terms that must stay, and how
many findings the review has to decide on.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from beraad.anonymise import Anonymiser, KnownPerson
from tests.anonymise_cases import (
    CASES,
    DIRECT,
    HELD_OUT,
    HELD_OUT_KNOWN,
    KNOWN,
    MUNICIPALITIES,
    NON_DUTCH_ORIGINS,
    Case,
    allowlist_keep_rate,
)


def leaked(identifier: str, output: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(identifier)}(?!\w)", output, re.I) is not None


def main() -> int:
    anonymiser = Anonymiser([KnownPerson(name, label) for name, label in KNOWN], MUNICIPALITIES)
    leaks = report("Labelled set (tuned on)", anonymiser, CASES)
    print()
    held_out = Anonymiser([KnownPerson(name, label) for name, label in HELD_OUT_KNOWN], MUNICIPALITIES)
    leaks += report("Held-out set (written after tuning)", held_out, HELD_OUT)
    print()
    kept, total, lost = allowlist_keep_rate(anonymiser)
    print(f"Allowlisted terms in sentences: {kept}/{total} kept and not flagged = {kept / total:.3f}")
    for sentence in lost:
        print(f"  {sentence}")
    return 1 if leaks else 0


def report(title: str, anonymiser: Anonymiser, cases: list[Case]) -> int:
    total: Counter[str] = Counter()
    found_certain: Counter[str] = Counter()
    found_all: Counter[str] = Counter()
    leaks: list[str] = []
    kept = keep_total = flags = flagged_keep = 0
    for text, labelled, keep in cases:
        certain = anonymiser.find(text)
        full = anonymiser.find(text, replace_possible=True)
        flags += len(certain.possible)
        for identifier, category in labelled:
            total[category] += 1
            found_certain[category] += not leaked(identifier, certain.text)
            replaced = not leaked(identifier, full.text)
            found_all[category] += replaced
            if not replaced and category in DIRECT:
                leaks.append(f"{identifier!r} ({category}) in: {full.text}")
        for term in keep:
            keep_total += 1
            kept += term in full.text
            flagged_keep += any(term in span.text or span.text in term for span in certain.possible)
    print(f"{title}: {len(cases)} snippets, {sum(total.values())} identifiers, {keep_total} terms that must stay")
    if cases is CASES:
        names = sum(len(v) for v in NON_DUTCH_ORIGINS.values())
        print(f"Names of non-Dutch origin: {names} from {len(NON_DUTCH_ORIGINS)} origins")
    print()
    print(f"{'categorie':16} {'aantal':>6} {'zeker':>8} {'+ mogelijk':>11}")
    for category in sorted(total):
        n = total[category]
        print(f"{category:16} {n:6d} {found_certain[category] / n:8.3f} {found_all[category] / n:11.3f}")
    n = sum(total.values())
    print(f"{'alles':16} {n:6d} {sum(found_certain.values()) / n:8.3f} {sum(found_all.values()) / n:11.3f}")
    print()
    print(f"Direct identifiers leaked (+ mogelijk): {len(leaks)}")
    for leak in leaks:
        print(f"  {leak}")
    print(f"Keep-rate of terms that must stay: {kept}/{keep_total} = {kept / keep_total:.3f}")
    print(
        f"Mogelijk herleidbaar findings to decide: {flags} in {len(cases)} snippets; on terms that must stay: {flagged_keep}"
    )
    return 1 if leaks else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Quality of the anonymiser on the labelled sets.

    .venv/bin/python bench/anonymise_quality.py [--detail] [--tuning]

--tuning reports only the tuning set: what to run while changing the anonymiser, so that
the held-out results are not looked at before the change is done.

Three sets: the tuning set (tests/anonymise_cases.py: the original cases and issue 16's
adversarial and ordinary snippets), the first held-out set (in anonymise_cases.py), and
issue 16's held-out set (tests/anonymise_held_out.py, written before any tuning and never
tuned on). For each, as `beraad anonymise` runs (every *mogelijk herleidbaar* name or
place replaced): direct identifiers leaked, labels given to two people, participants'
labels given on an initial alone, the keep-rate of terms that must stay, and context
details neither replaced nor listed for the review. Then per category the recall of the
tuning set's first cases, and the keep-rate of every allowlisted term in sentences.
"""

from __future__ import annotations

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
    SNIPPETS,
    allowlist_keep_rate,
)
from tests.anonymise_held_out import HELD_OUT as HELD_OUT_16
from tests.anonymise_labels import Snippet, evaluate, leaked


def main() -> int:
    detail = "--detail" in sys.argv
    first_held_out = [Snippet(t, labelled, keep, tuple(HELD_OUT_KNOWN)) for t, labelled, keep in HELD_OUT]
    failures = 0
    sets = [
        ("Tuning set", SNIPPETS),
        ("Held-out set 1 (written after the first tuning)", first_held_out),
        ("Held-out set 2 (issue 16, written before tuning, never tuned on)", HELD_OUT_16),
    ]
    for title, snippets in sets[:1] if "--tuning" in sys.argv else sets:
        failures += report(title, snippets, detail or title.startswith("Tuning"))
        print()
    recall()
    print()
    anonymiser = Anonymiser([KnownPerson(name, label) for name, label in KNOWN], MUNICIPALITIES)
    kept, total, lost = allowlist_keep_rate(anonymiser)
    print(f"Allowlisted terms in sentences: {kept}/{total} kept and not flagged = {kept / total:.3f}")
    for sentence in lost:
        print(f"  {sentence}")
    return 1 if failures else 0


def report(title: str, snippets: list[Snippet], detail: bool) -> int:
    outcomes = [(s, evaluate(s, MUNICIPALITIES)) for s in snippets]
    adversarial = Counter(s.kind for s in snippets if s.kind)
    identifiers = sum(len(s.labelled) for s in snippets)
    keep_total = sum(len(s.keep) for s in snippets)
    leaks = [(s, leak) for s, o in outcomes for leak in o.leaks]
    shared = [(s, label) for s, o in outcomes for label in o.shared]
    linked = [(s, label) for s, o in outcomes for label in o.linked]
    lost = [(s, term) for s, o in outcomes for term in o.lost]
    unflagged = [(s, term) for s, o in outcomes for term in o.unflagged]
    context_total = sum(1 for s in snippets for _, c in s.labelled if c == "context")
    print(f"{title}: {len(snippets)} snippets, {sum(adversarial.values())} adversarial, {identifiers} identifiers")
    if adversarial:
        print("  adversarial: " + ", ".join(f"{kind} {n}" for kind, n in sorted(adversarial.items())))
    print(f"  Direct identifiers leaked: {len(leaks)}")
    print(f"  Labels for two people: {len(shared)}")
    print(f"  Participant labels on an initial alone: {len(linked)}")
    kept = keep_total - len(lost)
    print(f"  Keep-rate of terms that must stay: {kept}/{keep_total} = {kept / max(keep_total, 1):.3f}")
    if context_total:
        flagged = context_total - len(unflagged)
        print(f"  Context details listed for the review: {flagged}/{context_total}")
    if detail:
        for snippet, what in [*leaks, *shared, *linked, *lost, *unflagged]:
            print(f"    {what}: {snippet.text!r}")
    return len(leaks) + len(shared) + len(linked)


def recall() -> None:
    """Per category, on the original cases: replaced for certain, and with every
    *mogelijk herleidbaar* finding replaced too."""
    anonymiser = Anonymiser([KnownPerson(name, label) for name, label in KNOWN], MUNICIPALITIES)
    total: Counter[str] = Counter()
    certain: Counter[str] = Counter()
    everything: Counter[str] = Counter()
    flags = 0
    for text, labelled, _ in CASES:
        sure = anonymiser.find(text)
        full = anonymiser.find(text, replace_possible=True)
        flags += len(sure.possible)
        for identifier, category in labelled:
            total[category] += 1
            certain[category] += not leaked(identifier, sure.text)
            everything[category] += not leaked(identifier, full.text)
    print(f"Recall per category on the original {len(CASES)} cases ({flags} findings to decide)")
    print(f"{'categorie':16} {'aantal':>6} {'zeker':>8} {'+ mogelijk':>11}")
    for category in sorted(total):
        n = total[category]
        mark = "" if category in DIRECT else " (niet direct)"
        print(f"{category:16} {n:6d} {certain[category] / n:8.3f} {everything[category] / n:11.3f}{mark}")


if __name__ == "__main__":
    raise SystemExit(main())

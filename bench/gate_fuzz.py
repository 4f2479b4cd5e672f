"""Gate fuzz: generated sessions with identifiers planted in every kind of field (see
tests/gate_fuzz.py); nothing planted may leave.

    .venv/bin/python bench/gate_fuzz.py [SESSIONS] [--seed N] [--zonder-anonimiser]

--zonder-anonimiser: the anonymiser replaces nothing, so the gate alone stands between
the planted identifiers and the files (it must refuse every session).

Each session goes through the export as it is (review with everything unsure replaced,
content, templates in md, html and docx, file names, the gate), rendered in batches so
that thousands of sessions take minutes. Prints how many sessions were written, how many
the gate refused, and how many planted identifiers left (must be 0).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from beraad import methods, report
from beraad.anonymise import deduce_engine, gate
from beraad.report import content, render
from beraad.workspace import Workspace
from tests.gate_fuzz import Bypassed, leaked, plant

BATCH = 50
FORMATS = ("md", "html", "docx")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sessions = int(args[0]) if args else 2000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 16
    rng = random.Random(seed)
    bypass = "--zonder-anonimiser" in sys.argv
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    deduce_engine()
    workspace = Workspace(Path(tempfile.mkdtemp(prefix="beraad-fuzz-")) / "werkmap")
    written = refused = leaks = identifiers = 0
    started = time.perf_counter()
    for first in range(0, sessions, BATCH):
        batch = []
        for _ in range(min(BATCH, sessions - first)):
            planted = plant(rng, method)
            identifiers += len(planted.identifiers)
            session = planted.session
            anonymiser = report.anonymiser_for(session, workspace)
            if bypass:
                anonymiser = Bypassed(anonymiser.known)
            built = content.build(session, anonymiser)
            session.review.replace = sorted({s.text for f in built.fragments for s in f.result.possible})
            session.review.reviewed = content.fingerprint(session)
            batch.append((planted, report.prepare(session, workspace, FORMATS, anonymiser)))
        payloads = render.render_many([([d for _, d in p.documents], p.data) for _, p in batch])
        for (planted, prepared), rendered in zip(batch, payloads, strict=True):
            files = [(name, payload) for (name, _), payload in zip(prepared.documents, rendered, strict=True)]
            try:
                gate.check(files, prepared.guard)  # what gate.write checks before it writes
            except gate.Blocked:
                refused += 1
                continue
            written += 1
            found = leaked(planted, files)
            leaks += len(found)
            for identifier in found:
                print(f"LEAK {identifier!r} planted in {planted.where}")
        print(f"  {first + len(batch)} sessions …", file=sys.stderr)
    seconds = time.perf_counter() - started
    mode = " with an anonymiser that replaces nothing" if bypass else ""
    print(f"Gate fuzz{mode}: {sessions} generated sessions, {identifiers} identifiers planted (seed {seed})")
    print(f"  written: {written}, refused whole by the gate: {refused}")
    print(f"  planted identifiers that left: {leaks}")
    print(f"  {seconds:.0f} s ({seconds / sessions * 1000:.0f} ms per session)")
    return 1 if leaks else 0


if __name__ == "__main__":
    raise SystemExit(main())

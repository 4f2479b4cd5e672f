"""Export speed and size: what the render process costs, and a whole export.

    .venv/bin/python bench/export.py

- the render process: start with jinja2 loaded, and rendering md + html + docx of the
  demo session with an empty and with a filled template cache
- export of the demo session (md + html + docx), and of a large approved session
  (8 participants, 30 knelpunten: 3 files and 30 signalen), anonymiser without deduce so
  the figures are the report pipeline's own (bench/anonymise.py measures deduce)
- how soon a workspace template with an endless loop is stopped (limit 2 s)
- the sizes of the files
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from beraad import report
from beraad.anonymise import Anonymiser
from beraad.model import Session
from beraad.report import content, render
from beraad.report.sandbox import Limits
from beraad.workspace import Workspace
from sessions import demo_session, large_session


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms ({len(times)} runs)"


def _demo() -> Session:
    return demo_session()


def _large() -> Session:
    big = large_session()
    anonymiser = Anonymiser(content.known_people(big), use_deduce=False)
    big.approvals.append(content.approval(big, content.build(big, anonymiser), "het team", date(2026, 11, 30)))
    big.review.reviewed = content.fingerprint(big)
    return big


def main() -> None:
    start_only = _timed(lambda: subprocess.run([sys.executable, "-I", "-c", "import jinja2.sandbox"], check=True), 5)
    print(f"render process start with jinja2 loaded: {_ms(start_only)}")

    session = _demo()
    anonymiser = Anonymiser(content.known_people(session), use_deduce=False)
    data = content.build(session, anonymiser).data
    documents = [render.Document(kind, report.TEMPLATES[kind], "Verslag") for kind in report.FORMATS]
    cache = Path(tempfile.mkdtemp())
    original = render._cache

    def cold() -> None:
        render._cache = lambda: str(Path(tempfile.mkdtemp(dir=cache)))
        render.render(documents, data)

    cold_times = _timed(cold, 5)
    render._cache = original
    render.render(documents, data)
    warm_times = _timed(lambda: render.render(documents, data), 7)
    print(f"render md + html + docx (demo), empty template cache: {_ms(cold_times)}")
    print(f"render md + html + docx (demo), filled template cache: {_ms(warm_times)}")
    build_times = _timed(lambda: content.build(session, anonymiser), 7)
    print(f"content.build (demo, two passes, no deduce): {_ms(build_times)}")

    workspace = Workspace(Path(tempfile.mkdtemp()))
    files: list[Path] = []

    def export_demo() -> None:
        files[:] = report.export(session, workspace, anonymiser=anonymiser)

    print(f"export demo md + html + docx: {_ms(_timed(export_demo, 7))}")
    for path in files:
        print(f"  {path.suffix:6} {path.stat().st_size / 1024:6.1f} KB  {path.name}")

    big = _large()
    big_anonymiser = Anonymiser(content.known_people(big), use_deduce=False)
    counted: list[int] = []

    def export_big() -> None:
        counted[:] = [len(report.export(big, workspace, anonymiser=big_anonymiser))]

    times = _timed(export_big, 5)
    print(f"export large approved session ({counted[0]} files: 3 verslag + 30 signalen): {_ms(times)}")

    (workspace.root / "templates").mkdir(exist_ok=True)
    (workspace.root / "templates" / "verslag.md.j2").write_text(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8"
    )
    start = time.perf_counter()
    with contextlib.suppress(report.TemplateProblem):
        report.export(session, workspace, ("md",), anonymiser=anonymiser, limits=Limits(seconds=2))
    print(f"endless loop in a workspace template, limit 2 s: stopped after {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

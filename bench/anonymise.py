"""Anonymisation and export speed.

    .venv/bin/python bench/anonymise.py [--quick]

- cold: `beraad anonymise PAGE` as a fresh process, one page of text (goal <= 3 s)
- warm: one page in a process that has deduce loaded; every page is different, so
  no cached result helps (goal <= 50 ms)
- throughput: one text of 100 KB, 1 MB and 5 MB in a warm process, every page in it
  different (goal: 1 MB <= 5 s; time and memory grow linearly)
- review of a 70,000-character session: the report's two-pass build, as the review
  screen runs it, first and again after one edit (goal <= 2 s)
- export of a large session: every round filled, 8 participants, 30 knelpunten,
  md + html + docx (goal <= 1 s warm)

--quick skips 5 MB and the export.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PAGE = """Mevrouw Jolanda Pietersen (geboren 14-05-1979) woont sinds maart op de Vinkenstraat 31-2, 3512 KL Utrecht.
Zij meldde zich op 2 oktober bij het wijkteam, samen met haar zoon Kevin (19). Kevin sliep de afgelopen maanden
bij vrienden in Nieuwegein en op een camping bij Houten. Moeder durft hem niet in huis te nemen: door de
kostendelersnorm (Participatiewet art. 22a) zou haar bijstand dalen met enkele honderden euro's per maand.
Haar klantmanager, de heer R. Boukhari, gaf aan dat er geen ruimte is; de beleidsmedewerker verwees naar
art. 18 lid 1. De schuldhulpverlener van Plangroep ziet oplopende huurachterstand bij woningcorporatie Mitros.
Haar BSN is 123456782, haar rekeningnummer NL91 ABNA 0417 1643 00, telefoon 06-41234567 en e-mail
jolanda.pietersen@ziggo.nl. Het dossier staat onder nummer WI-2024-01312 en zaak Z/24/009931.
Kevin heeft een uitkering aangevraagd, maar valt als jongere onder de zoekperiode van vier weken
(Participatiewet art. 41 lid 4). Hij kan zich digitaal niet goed redden; het UWV en de gemeente verwijzen naar
elkaar. Zijn ex-mentor, mevrouw Van Dijk van het ROC, belde op 9 oktober met de leerplichtambtenaar.
Volgens de huisarts, dokter Hendriks in Zeist, is de situatie zorgelijk; er is sprake van stress en slaapproblemen.
Het team vroeg zich af of de hardheidsclausule of Awb art. 4:84 hier ruimte biedt, en of Veilig Thuis betrokken moet
worden. De casus komt terug in het moreel beraad van volgende maand.
"""


def cold(runs: int = 5) -> list[float]:
    page = Path(tempfile.mkdtemp()) / "pagina.txt"
    page.write_text(PAGE, encoding="utf-8")
    beraad = Path(sys.executable).parent / "beraad"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(beraad), "anonymise", str(page)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def warm(runs: int = 30) -> list[float]:
    from beraad.anonymise import Anonymiser, deduce_engine

    deduce_engine()
    anonymiser = Anonymiser(municipalities=["Utrecht"])
    anonymiser.find("opwarmen")
    times = []
    for n in range(runs):
        page = PAGE.replace("oktober", f"oktober ({n})").replace("Kevin", f"Kevin{n}")
        start = time.perf_counter()
        anonymiser.find(page)
        times.append(time.perf_counter() - start)
    return times


def pages(size: int) -> str:
    """size characters of case text; every page differs in names, dates and numbers."""
    parts, total, n = [], 0, 0
    while total < size:
        page = PAGE.replace("Kevin", f"Kevin{n}").replace("oktober", f"oktober ({n})").replace("01312", f"{n:05d}")
        parts.append(page)
        total += len(page) + 1
        n += 1
    return "\n".join(parts)[:size]


def throughput(sizes: tuple[int, ...]) -> list[tuple[int, float, float, int]]:
    """(size, wall seconds, CPU seconds, peak memory in MB) per size. The CPU time is
    what this process spent: on a machine shared with others the wall time is more."""
    import resource

    from beraad.anonymise import Anonymiser, deduce_engine

    deduce_engine()
    anonymiser = Anonymiser(municipalities=["Utrecht"])
    anonymiser.find("opwarmen")
    figures = []
    for size in sizes:
        text = pages(size)
        start, cpu = time.perf_counter(), time.process_time()
        anonymiser.find(text)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        figures.append((size, wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
    return figures


def review_session(characters: int = 70_000) -> tuple[int, float, float]:
    """content.build (both passes) on a session of about `characters` characters of notes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from beraad import methods
    from beraad.anonymise import Anonymiser, deduce_engine
    from beraad.report import content
    from tests import hard_session

    deduce_engine()
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = hard_session.session(method, date(2026, 11, 23))
    base = sum(len(text) for _, text in hard_session.texts())
    facts = list(session.value("verheldering", "feiten"))
    n = 0
    while base < characters:
        line = PAGE.split("\n")[n % 14].replace("Kevin", f"Kevin{n}")
        fact = f"Feit {n} uit de review: {line}"  # new to the process: no cached result helps
        facts.append(fact)
        base += len(fact)
        n += 1
    session.set_value("verheldering", "feiten", facts)
    anonymiser = Anonymiser(content.known_people(session), ["Utrecht"])
    start = time.perf_counter()
    content.build(session, anonymiser)
    first = time.perf_counter() - start
    session.set_value("casus", "hittepunt", "Het moment dat Sanne moest tekenen; Yonas keek toe.")
    start = time.perf_counter()
    content.build(session, anonymiser)
    return base, first, time.perf_counter() - start


def large_export() -> tuple[float, list[float], int]:
    from beraad import report
    from beraad.workspace import Workspace
    from sessions import large_session

    big = large_session()
    workspace = Workspace(Path(tempfile.mkdtemp()))
    start = time.perf_counter()
    files = report.export(big, workspace)
    first = time.perf_counter() - start
    repeats = []
    for _ in range(5):
        start = time.perf_counter()
        report.export(big, workspace)
        repeats.append(time.perf_counter() - start)
    return first, repeats, len(files)


def main() -> None:
    quick = "--quick" in sys.argv
    cold_times = cold()
    print(f"cold `beraad anonymise` on one page ({len(PAGE)} characters), {len(cold_times)} runs:")
    print(f"  median {statistics.median(cold_times):.2f} s, fastest {min(cold_times):.2f} s")
    warm_times = warm()
    print(f"warm, one different page per run, {len(warm_times)} runs:")
    print(f"  median {statistics.median(warm_times) * 1000:.1f} ms, slowest {max(warm_times) * 1000:.1f} ms")
    for size, seconds, cpu, memory in throughput((100_000, 1_000_000) if quick else (100_000, 1_000_000, 5_000_000)):
        print(
            f"throughput, one text of {size / 1e6:.1f} MB: {seconds:.2f} s ({cpu:.2f} s CPU, "
            f"{size / cpu / 1e6:.2f} MB per CPU second), peak memory {memory} MB"
        )
    characters, first_review, again = review_session()
    print(f"review of a session with {characters} characters of notes (two passes, as the review screen):")
    print(f"  first {first_review:.2f} s, after one edit {again:.2f} s")
    if quick:
        return
    first, repeats, count = large_export()
    print(f"export md + html + docx + signalen ({count} files) of a session with 8 participants, 30 knelpunten:")
    print(f"  first export in a warm process {first:.2f} s (every text through deduce once)")
    print(f"  again (as after the review screen): median {statistics.median(repeats) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

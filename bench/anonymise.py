"""Anonymisation and export speed.

    .venv/bin/python bench/anonymise.py

- cold: `beraad anonymise PAGE` as a fresh process, one page of text (goal <= 3 s)
- warm: one page in a process that has deduce loaded; every page is different, so
  no cached result helps (goal <= 50 ms)
- export of a large session: every round filled, 8 participants, 30 knelpunten,
  md + html + docx (goal <= 1 s warm)
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


def large_export() -> tuple[float, list[float], int]:
    from beraad import demo, methods, report
    from beraad.model.bottleneck import Bottleneck
    from beraad.report import content
    from beraad.workspace import Workspace

    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = demo.session(method, date(2026, 11, 23))
    people = [(f"Voornaam{n} Achternaam{n}", "klantmanager") for n in range(8)]
    big = session.start(method, session.title, session.date, people, case_presenter=0, team=session.team)
    big.values, big.case_people = session.values, session.case_people
    forms = session.values["afweging"]["afwegingen"]["d1"]
    big.set_value("afweging", "afwegingen", {p.id: dict(forms) for p in big.participants})
    big.set_value("evaluatie", "score", {p.id: 4 for p in big.participants})
    template = session.bottlenecks[0]
    big.bottlenecks = [
        Bottleneck(**{**template.model_dump(), "id": f"k{n}", "title": f"{template.title} ({n})"}) for n in range(30)
    ]
    big.review.reviewed = content.fingerprint(big)
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
    cold_times = cold()
    print(f"cold `beraad anonymise` on one page ({len(PAGE)} characters), {len(cold_times)} runs:")
    print(f"  median {statistics.median(cold_times):.2f} s, fastest {min(cold_times):.2f} s")
    warm_times = warm()
    print(f"warm, one different page per run, {len(warm_times)} runs:")
    print(f"  median {statistics.median(warm_times) * 1000:.1f} ms, slowest {max(warm_times) * 1000:.1f} ms")
    first, repeats, count = large_export()
    print(f"export md + html + docx + signalen ({count} files) of a session with 8 participants, 30 knelpunten:")
    print(f"  first export in a warm process {first:.2f} s (every text through deduce once)")
    print(f"  again (as after the review screen): median {statistics.median(repeats) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Sessions the benchmarks share: the demo session, and a large one (8 participants, each
with a full afweging, and 30 knelpunten) as a long session of a big team makes."""

from __future__ import annotations

from datetime import date

from beraad import demo, methods
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.report import content

DAY = date(2026, 11, 23)


def demo_session() -> Session:
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = demo.session(method, DAY)
    session.review.reviewed = content.fingerprint(session)
    return session


def large_session() -> Session:
    session = demo_session()
    people = [(f"Voornaam{n} Achternaam{n}", "klantmanager") for n in range(8)]
    big = Session.start(session.method, session.title, session.date, people, case_presenter=0, team=session.team)
    big.values, big.case_people = session.values, session.case_people
    forms = session.values["afweging"]["afwegingen"]["d1"]
    big.set_value("afweging", "afwegingen", {p.id: dict(forms) for p in big.participants})
    big.set_value("evaluatie", "score", {p.id: 4 for p in big.participants})
    template = session.bottlenecks[0]
    big.bottlenecks = [
        Bottleneck(**{**template.model_dump(), "id": f"k{n}", "title": f"{template.title} ({n})"}) for n in range(30)
    ]
    big.review.reviewed = content.fingerprint(big)
    return big

"""Write a realistic workspace for the scale benchmarks: N sessions over three years by
twelve teams, about three knelpunten each in several lifecycle states, some of them
linked as the same knelpunt seen again.

    .venv/bin/python bench/make_workspace.py DIR --sessions 10000

Everything is invented. Most verslagen are vastgesteld (so their knelpunten may be
followed up); the index and the register are built with a scan, as the app does on its
first start, and the histories are written into the register's event log.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from beraad import methods
from beraad.core.services import Services
from beraad.model import Session
from beraad.model.bottleneck import REGULATIONS, SOURCES, Bottleneck
from beraad.model.register import LogEvent, Step
from beraad.model.session import Approval
from beraad.workspace import Workspace

TEAMS = [
    f"Team {name}"
    for name in ["Noord", "Zuid", "Oost", "West", "Centrum", "Haven", "Dorp", "Stad", "Rivier", "Park", "Markt", "Brug"]
]
THEMES = [
    "Inlichtingenplicht knelt na vlucht voor huiselijk geweld",
    "Kostendelersnorm houdt jongvolwassene op straat",
    "Geen bijstand met terugwerkende kracht na digitale aanvraag",
    "Terugvordering kinderopvangtoeslag blokkeert schuldhulp",
    "Eigen bijdrage Wmo leidt tot opzeggen huishoudelijke hulp",
    "Zoekperiode jongeren zonder begeleiding",
    "Verrekening toeslag met oude schuld maakt werken onmogelijk",
    "Brief over sanctie niet te lezen voor inwoner",
    "Achttienjarige valt tussen Jeugdwet, Wmo en Participatiewet",
    "Scootmobiel aangevraagd, eenzaamheid niet gezien",
]
ROLES = ["teamleider", "beleidsmedewerker", "manager"]
ADDRESSEES = ["teamleider", "beleid", "management", "college / wethouder", "ombudsman", "VNG / NVVK / Rijk"]


def make(root: Path, count: int, seed: int = 20261123) -> None:
    chance = random.Random(seed)
    workspace = Workspace(root)
    services = Services(workspace, today=lambda: date(2026, 11, 23))
    store = services.store
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    start = date(2023, 11, 1)
    earlier: list[tuple[str, int, date]] = []  # (key, theme, date) to link later ones to
    events: list[tuple[str, list[Step]]] = []
    began = time.perf_counter()
    for number in range(count):
        day = start + timedelta(days=chance.randrange(3 * 365))
        session = Session.start(
            method, f"Beraad {number}: {chance.choice(THEMES)[:40]}", day, [("A", "klantmanager")] * 4,
            team=chance.choice(TEAMS),
        )  # fmt: skip
        session.set_value("casus", "verhaal", "De casus in een paar zinnen. " * 10)
        for k in range(chance.choice([2, 3, 3, 4])):
            theme = chance.randrange(len(THEMES))
            same = [key for key, t, d in earlier if t == theme and d < day]
            bottleneck = Bottleneck(
                id=f"k{k}",
                title=f"{THEMES[theme]} ({number}-{k})",
                description="Wat er knelt, voor wie, en waarom de regel hier niet past. " * 3,
                sources=chance.sample(SOURCES, chance.choice([1, 1, 2])),
                regulation=chance.choice(REGULATIONS),
                effect="Inwoner raakt inkomen of hulp kwijt.",
                addressee=chance.choice(ADDRESSEES),
                step_id="conclusie",
                same_as=chance.choice(same) if same and chance.random() < 0.3 else None,
            )
            session.bottlenecks.append(bottleneck)
            key = f"{session.id}/{bottleneck.id}"
            earlier.append((key, theme, day))
            events.append((key, _history(chance, day, bottleneck.addressee)))
        if chance.random() < 0.9:
            _approve(session, day)
        store.save(session)
    written = time.perf_counter() - began
    store.scan()  # the index, and every knelpunt into the register
    register = services.register
    uuids = {row.key: row.uuid for row in register.rows()}
    for key, history in events:
        if history and key in uuids:
            made = [LogEvent.new(uuids[key], "step", step.data(), role=step.role) for step in history]
            register.log.append(uuids[key], made)
    print(f"{count} sessions, {len(events)} knelpunten in {root} ({written:.0f} s to write the sessions)")


def _approve(session: Session, day: date) -> None:
    """Vastgesteld as it stands, with its knelpunten as they went out (invented, so the
    anonymiser need not run 10,000 times)."""
    knelpunten = [
        {"id": b.id, "titel": b.title, "beschrijving": b.description, "bronnen": b.sources,
         "regelgeving": b.regulation, "effect": b.effect, "adressaat": b.addressee}
        for b in session.bottlenecks
    ]  # fmt: skip
    report = {"team": session.team, "knelpunten": knelpunten}
    session.approvals.append(
        Approval(version=1, date=day, by_role="het team", fingerprint=session.fingerprint(), report=report)
    )


def _history(chance: random.Random, day: date, addressee: str) -> list[Step]:
    steps = chance.choice([0, 0, 1, 1, 2, 3, 4])
    history: list[Step] = []
    when = day + timedelta(days=chance.randrange(7, 40))
    if steps >= 1:
        history.append(Step.make("geagendeerd", when, role="teamleider", to_whom=addressee, how="overleg"))
    if steps >= 2:
        when += timedelta(days=chance.randrange(7, 60))
        history.append(Step.make("in behandeling", when, role=chance.choice(ROLES)))
    if steps >= 3:
        when += timedelta(days=chance.randrange(14, 120))
        outcome = chance.choice(["opgelost", "niet opgelost"])
        history.append(Step.make("afgerond", when, role="beleid", outcome=outcome, note="Besluit genomen."))
    if steps >= 4:
        when += timedelta(days=chance.randrange(3, 30))
        history.append(Step.make("teruggekoppeld", when, role="teamleider", note="Besproken in het team."))
    return history


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sessions", type=int, default=1000)
    args = parser.parse_args()
    make(args.folder, args.sessions)

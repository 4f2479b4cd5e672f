"""Two teams' laptops and one municipality server, as a facilitator and beleid use them:
the server as a real process (gunicorn), each laptop's real core and command line, its
own workspace on disk; the answer travels back to the overview and the next Terugblik."""

from __future__ import annotations

import os
import re
import signal
import stat
import uuid
from datetime import date
from typing import Any

import pytest

from beraad.anonymise import Anonymiser
from beraad.core import sync
from beraad.core.lookback import look_back
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.report import content
from beraad.workspace import Workspace
from tests.conftest import run_cli, services_for, store_and_index
from tests.server.conftest import ServerProcess, login, make_addressee, make_person, make_team, shot

DAY = date(2026, 11, 2)


def approved_session(dilemma: Any, team: str, title: str, addressee: str, day: date = DAY) -> Session:
    """A session whose verslag the team approved, with one knelpunt for this addressee."""
    session = Session.start(
        dilemma, title, day, [("Anna de Groot", "klantmanager"), ("Bram Visser", "consulent")], team=team
    )
    session.bottlenecks = [
        Bottleneck(
            id="k1",
            title=title,
            description="Een inwoner verblijft na huiselijk geweld bij familie; de uitkering stopt omdat zij elders woont.",
            sources=["landelijke wet- en regelgeving"],
            regulation="Participatiewet art. 17 (inlichtingenplicht)",
            effect="Huurachterstand en dreigende uitzetting.",
            addressee=addressee,
            step_id="conclusie",
        )
    ]
    built = content.build(session, Anonymiser(use_deduce=False))
    session.approvals.append(content.approval(session, built, "het team", day))
    return session


def laptop(tmp_path: Any, name: str, *sessions: Session) -> Workspace:
    workspace = Workspace(tmp_path / name)
    store_and_index(workspace, *sessions)
    return workspace


def test_two_teams_a_policy_officer_and_the_answer_back_on_both_laptops(
    live_server: ServerProcess,
    db: str,
    tmp_path: Any,
    dilemma: Any,
    capsys: pytest.CaptureFixture[str],
    in_browser: Any,
) -> None:
    from beraad.server.models import Event, Knelpunt

    addressee = make_addressee()
    (team_a, code_a), (team_b, code_b) = make_team(), make_team()
    a = laptop(tmp_path, "noord", approved_session(dilemma, "Team Noord", "Uitkering stopt na vlucht", addressee.name))
    b = laptop(
        tmp_path, "zuid", approved_session(dilemma, "Team Zuid", "Vlucht bij zus: uitkering stopt", addressee.name)
    )

    # each facilitator pairs the laptop once; the first sync sends what the team agreed
    for workspace, code, team in ((a, code_a, team_a), (b, code_b, team_b)):
        done, out, err = run_cli(capsys, "register", "koppel", live_server.url, code, workspace=workspace)
        assert done == 0, err
        assert f"Gekoppeld als '{team.name}'" in out and "1 wijziging verstuurd" in out
        token = workspace.root / "register" / "token"
        assert stat.S_IMODE(token.stat().st_mode) == 0o600
        assert token.read_text() not in (workspace.root / "register" / "register.sqlite3").read_bytes().decode(
            "latin-1"
        )
    ka = Knelpunt.objects.get(team=team_a)
    kb = Knelpunt.objects.get(team=team_b)
    assert "Anna" not in ka.description + ka.title and ka.addressee == addressee

    # the laptop shows the server's reference, and still finds its own
    rows = services_for(a).register.rows()
    assert [r.ref for r in rows] == [ka.ref]
    assert services_for(a).register.find(rows[0].local_ref).ref == ka.ref

    # the policy officer, in Chromium: both in the inbox, merged into one theme, "nee, met uitleg"
    beleid = make_person("beleid", addressee)
    answer = "Nee: de inlichtingenplicht is landelijke wet. Wij hebben het via de VNG bij SZW geagendeerd."
    in_browser(lambda page: _merge_and_answer(page, live_server, beleid, addressee, ka, kb, answer))

    # both laptops fetch the answer: the overview (the register) and the next session's Terugblik
    for workspace, knelpunt in ((a, ka), (b, kb)):
        done, out, _ = run_cli(capsys, "register", "sync", workspace=workspace)
        assert done == 0 and "Niets te versturen; 1 knelpunt bijgewerkt van de server." in out
        assert "wacht" not in out
        done, out, _ = run_cli(capsys, "knelpunten", "show", knelpunt.ref, workspace=workspace)
        assert "afgerond" in out and "niet opgelost" in out and answer in out
        services = services_for(workspace, today=date(2026, 12, 14))
        team = "Team Noord" if workspace is a else "Team Zuid"
        following = Session.start(dilemma, "Volgend beraad", date(2026, 12, 14), [], team=team)
        said = "\n".join(look_back(services, following).lines())
        assert knelpunt.ref in said and "niet opgelost" in said and answer in said

    # the server stops during a push and starts again: nothing lost, nothing twice
    more = approved_session(
        dilemma, "Team Noord", "Geen voorschot bij digitale aanvraag", addressee.name, date(2026, 11, 30)
    )
    store_and_index(a, more)
    assert live_server.process is not None
    os.killpg(live_server.process.pid, signal.SIGKILL)
    live_server.process.wait()
    done, _, err = run_cli(capsys, "register", "sync", workspace=a)
    assert done == 1 and "niet bereikbaar" in err and "1 wijziging wacht nog op versturen." in err
    done, out, _ = run_cli(capsys, "register", "status", workspace=a)
    assert "1 wijziging wacht op versturen." in out
    live_server.start()
    done, out, _ = run_cli(capsys, "register", "sync", workspace=a)
    assert done == 0 and "1 wijziging verstuurd; 1 knelpunt bijgewerkt van de server." in out and "wacht" not in out
    done, out, _ = run_cli(capsys, "register", "sync", workspace=a)
    assert out.strip() == "Niets te versturen; niets nieuws van de server."
    mine = Event.objects.filter(team=team_a, kind="agreed")
    assert mine.count() == 2 and len({e.event_id for e in mine}) == 2


def test_a_laptop_without_a_server_keeps_its_own_register(
    tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = laptop(tmp_path, "alleen", approved_session(dilemma, "Team", "Iets", "beleid"))
    done, out, _ = run_cli(capsys, "register", "status", workspace=workspace)
    assert done == 0 and "Niet gekoppeld" in out
    done, _, err = run_cli(capsys, "register", "sync", workspace=workspace)
    assert done == 1 and "niet gekoppeld" in err
    assert not (workspace.root / "register" / "token").exists()


def test_a_step_note_with_a_phone_number_leaves_anonymised_and_raw_it_is_refused_by_the_server(
    live_server: ServerProcess, db: str, tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from beraad.model.register import Step
    from beraad.server.models import Event

    workspace = laptop(tmp_path, "west", approved_session(dilemma, "Team West", "Iets knelt", make_addressee().name))
    _, code = make_team()
    services = services_for(workspace, today=date(2026, 11, 20))
    sync.pair(services.register.log, live_server.url, code)
    assert sync.sync_workspace(services).sent == 1
    register = services.register
    key = register.rows()[0].key
    # a step typed on the laptop is no part of the anonymised verslag: a phone number can slip in
    register.advance(key, Step.make("geagendeerd", date(2026, 11, 10), to_whom="beleid", note="Bel haar: 06-12345678"))
    # were the laptop to send it as typed, the server refuses it with a reason the laptop keeps showing
    report = sync.sync(register.log, lambda batch: batch, workspace.root)
    assert report.refused and "telefoonnummer" in report.refused[0] and report.waiting == 1
    done, out, _ = run_cli(capsys, "register", "status", workspace=workspace)
    assert "Geweigerd door de server" in out and "telefoonnummer" in out
    # what the laptop sends is the anonymised copy, under the same event id: taken once
    done, out, err = run_cli(capsys, "register", "sync", workspace=workspace)
    assert done == 0, err
    mine = next(e for e in reversed(register.history(key)) if e.kind == "step")
    step = Event.objects.get(event_id=mine.id)
    assert "06-12345678" not in str(step.data) and "Bel haar" in step.data["note"]
    assert register.find(key).entry.steps[-1].note == "Bel haar: 06-12345678"  # the laptop keeps its own words
    assert uuid.UUID(register.log.origin)


def _merge_and_answer(page: Any, live_server: Any, beleid: Any, addressee: Any, ka: Any, kb: Any, answer: str) -> None:
    """The policy officer, in Chromium: both in the inbox, merged into one theme, "nee, met uitleg"."""
    login(page, live_server.url, beleid)
    page.get_by_label(f"Kies {ka.ref}").check()
    page.get_by_label(f"Kies {kb.ref}").check()
    page.get_by_label("Titel van het nieuwe thema").fill("Inlichtingenplicht na vlucht")
    page.get_by_role("button", name="Samenvoegen").click()
    page.get_by_role("link", name=ka.ref).click()
    page.get_by_label("Nieuwe stap").select_option("geagendeerd")
    page.get_by_label("Bij wie (bij geagendeerd)").fill(addressee.name)
    page.get_by_label("Voor alle knelpunten van dit thema").check()
    page.get_by_role("button", name="Stap vastleggen").click()
    page.get_by_text(re.compile("Vastgelegd: 'geagendeerd'")).wait_for()
    page.get_by_label("Nieuwe stap").select_option("afgerond")
    page.get_by_label("Nee, niet opgelost", exact=False).check()
    page.get_by_label("Toelichting voor het team").fill(answer)
    page.get_by_label("Voor alle knelpunten van dit thema").check()
    page.get_by_role("button", name="Stap vastleggen").click()
    page.get_by_role("heading", name="Antwoord aan het team").wait_for()
    shot(page, "10-antwoord-voor-twee-teams")

"""What the laptop shows of the municipality's register: steps recorded twice in different
places (a conflict) with who recorded which where, and the addressee the team chose next
to where the municipality routed it; "bij wie" stays the contact of its step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from beraad.tui.app import BeraadApp
from beraad.tui.screens.register import KnelpuntScreen, RegisterScreen
from tests.conftest import FakeClock, keys, press, run_cli, screen_text, services_for, settle, until
from tests.server.conftest import ServerProcess, in_own_loop, make_addressee, make_person, make_team
from tests.server.test_laptop_sync import approved_session, laptop

TODAY = date(2026, 11, 25)


def test_a_conflict_and_a_route_from_the_server_on_the_laptop(
    live_server: ServerProcess, db: str, tmp_path: Any, dilemma: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.contrib.auth.models import User

    from beraad.server import events
    from beraad.server.models import Knelpunt

    addressee, wmo = make_addressee(), make_addressee()
    workspace = laptop(
        tmp_path, "noord", approved_session(dilemma, "Team Noord", "Uitkering stopt na vlucht", addressee.name)
    )
    team, code = make_team()
    done, _, err = run_cli(capsys, "register", "koppel", live_server.url, code, workspace=workspace)
    assert done == 0, err
    k = Knelpunt.objects.get(team=team)
    # the team agendered it with a contact at the addressee ("bij wie")
    done, out, err = run_cli(
        capsys, "knelpunten", "status", k.ref, "geagendeerd", "--bij", "beleidsadviseur Wmo", "--rol", "teamleider",
        "--datum", "10-11-2026", workspace=workspace,
    )  # fmt: skip
    assert done == 0, err
    assert "Adressaat: " + addressee.name in out  # the contact did not become the addressee
    done, _, err = run_cli(capsys, "register", "sync", workspace=workspace)
    assert done == 0, err
    # on the server: the coordinator routes it elsewhere, beleid answers "nee"
    coordinator = make_person("coordinator")
    actor = events.Actor.of(User.objects.get(username=coordinator.email))
    k.refresh_from_db()
    events.route(actor, k, wmo)
    beleid = make_person("beleid", wmo)
    k.refresh_from_db()
    events.record_step(
        events.Actor.of(User.objects.get(username=beleid.email)),
        [k],
        {"status": "afgerond", "date": date(2026, 11, 20), "outcome": "niet opgelost", "note": "Landelijke wet."},
    )
    # meanwhile, offline, the team recorded its own 'afgerond'
    done, _, err = run_cli(
        capsys, "knelpunten", "status", k.ref, "afgerond", "--uitkomst", "opgelost", "--rol", "teamleider",
        "--datum", "21-11-2026", workspace=workspace,
    )  # fmt: skip
    assert done == 0, err
    done, _, err = run_cli(capsys, "register", "sync", workspace=workspace)
    assert done == 0, err

    done, out, _ = run_cli(capsys, "knelpunten", "show", k.ref, workspace=workspace)
    shown = " ".join(out.split())
    assert f"Adressaat: {addressee.name} (door de gemeente gerouteerd naar {wmo.name})" in shown
    assert "bij beleidsadviseur Wmo" in shown  # the step keeps its contact
    assert "Tegenstrijdige stappen:" in out and "'afgerond' is twee keer vastgelegd" in out
    assert f"door beleid ({beleid.email}) op de server van de gemeente: niet opgelost; Landelijke wet." in shown
    assert "door teamleider op deze laptop: opgelost" in shown
    done, out, _ = run_cli(capsys, "knelpunten", "list", workspace=workspace)
    assert out.split("\t")[5].strip() == addressee.name

    services = services_for(workspace, today=TODAY)
    row = services.register.find(k.ref)
    assert (row.addressee, row.routed_to, row.conflicts) == (addressee.name, wmo.name, 1)
    assert row.entry is not None and row.entry.steps[0].to_whom == "beleidsadviseur Wmo"

    async def in_the_app() -> None:
        app = BeraadApp(services_for(workspace, FakeClock(), today=TODAY))
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            await press(pilot, "k")
            await until(pilot, lambda: isinstance(app.screen, RegisterScreen) and bool(app.screen.rows), "the list")
            text = screen_text(app)
            assert "afgerond (!)" in text and "1 tegenstrijdig" in text
            assert f"→ {addressee.name[:15]}" in text
            await keys(pilot, "enter")
            await until(pilot, lambda: isinstance(app.screen, KnelpuntScreen), "the knelpunt")
            details = " ".join(str(app.screen.query_one("#k-details").render()).split())
            assert "Tegenstrijdige stappen" in details
            assert f"door beleid ({beleid.email}) op de server van de gemeente: niet opgelost" in details
            assert "door teamleider op deze laptop: opgelost" in details
            assert f"Adressaat: {addressee.name} (door de gemeente gerouteerd naar {wmo.name})" in details

    in_own_loop(in_the_app)

"""The app's wiring of the sync: a paired workspace sends what the team agreed in the
background at start-up and fetches answers, which the register screen then shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from beraad.core import sync
from beraad.tui.app import BeraadApp
from tests.conftest import FakeClock, keys, press, services_for, settle
from tests.server.conftest import ServerProcess, in_own_loop, make_addressee, make_team
from tests.server.test_laptop_sync import approved_session, laptop


def test_the_app_sends_in_the_background_and_shows_the_answer_that_came_back(
    live_server: ServerProcess, db: str, tmp_path: Any, dilemma: Any
) -> None:
    in_own_loop(lambda: _app_sends_and_shows(live_server, tmp_path, dilemma))


async def _app_sends_and_shows(live_server: ServerProcess, tmp_path: Any, dilemma: Any) -> None:
    from beraad.server import events
    from beraad.server.models import Knelpunt

    addressee = make_addressee()
    workspace = laptop(
        tmp_path, "noord", approved_session(dilemma, "Team Noord", "Uitkering stopt na vlucht", addressee.name)
    )
    team, code = make_team()
    sync.pair(services_for(workspace).register.log, live_server.url, code)
    app = BeraadApp(services_for(workspace, FakeClock(), today=date(2026, 12, 14)))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the first screen, and the sync it starts after it
        await app.workers.wait_for_complete()
        knelpunt = Knelpunt.objects.get(team=team)
        actor = events.Actor.command("beleid")
        events.record_step(
            actor, [knelpunt], {"status": "geagendeerd", "date": date(2026, 11, 10), "to_whom": addressee.name}
        )
        knelpunt.refresh_from_db()
        answer = "Nee: landelijke wet; via de VNG geagendeerd."
        events.record_step(
            actor,
            [knelpunt],
            {"status": "afgerond", "date": date(2026, 11, 20), "outcome": "niet opgelost", "note": answer},
        )
        app.sync_register()  # as the timer does every few minutes
        await app.workers.wait_for_complete()
        assert app.last_sync.received == 2  # type: ignore[attr-defined]  # the two steps of beleid
        await press(pilot, "k")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#k-details").render())
        assert knelpunt.ref in shown and "niet opgelost" in shown and answer in shown

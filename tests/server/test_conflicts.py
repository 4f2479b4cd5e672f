"""Two places record the same step (the team's laptop and beleid on the server): both stay,
the page says who recorded which where; a form that went stale names who changed it."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.server.conftest import login, make_addressee, make_person, make_team, shot
from tests.server.events_of import Laptop

pytestmark = pytest.mark.usefixtures("db")


def test_beleid_sees_who_changed_it_meanwhile_and_both_sides_of_a_conflict(live_server: Any, in_browser: Any) -> None:
    from beraad.server import access, events
    from beraad.server.models import Knelpunt

    addressee = make_addressee()
    team, code = make_team()
    laptop = Laptop()
    token, _ = access.pair(code, uuid.UUID(laptop.origin))
    knelpunt = str(uuid.uuid4())
    events.push(token, [laptop.agreed(knelpunt, addressee=addressee.name)])
    events.push(token, [laptop.step(knelpunt, "geagendeerd", to_whom="beleidsadviseur Wmo", role="teamleider")])
    k = Knelpunt.objects.get(id=knelpunt)
    colleague = make_person("beleid", addressee)
    from django.contrib.auth.models import User

    events.set_owner(events.Actor.of(User.objects.get(username=colleague.email)), k, None)  # an earlier change
    beleid = make_person("beleid", addressee)
    answer = "Nee: de inlichtingenplicht is landelijke wet; via de VNG geagendeerd."

    def work(page: Any) -> None:
        login(page, live_server.url, beleid)
        page.goto(f"{live_server.url}/knelpunt/{k.ref}/")
        page.get_by_label("Nieuwe stap").select_option("afgerond")
        page.get_by_label("Datum").fill("20-11-2026")
        page.get_by_label("Nee, niet opgelost", exact=False).check()
        page.get_by_label("Toelichting voor het team").fill(answer)
        # meanwhile the team's laptop sends a step
        events.push(token, [laptop.step(knelpunt, "in behandeling", day="2026-11-15")])
        page.get_by_role("button", name="Stap vastleggen").click()
        said = page.get_by_text("is intussen gewijzigd")
        said.wait_for()
        assert f"door de laptop van {team.name}" in said.inner_text()
        assert colleague.email not in said.inner_text()
        shot(page, "conflict-intussen")
        # the typing is still there: once more, now on the new state
        page.get_by_role("button", name="Stap vastleggen").click()
        page.get_by_text(re.compile("Vastgelegd: 'afgerond'")).wait_for()
        # the team's laptop recorded its own 'afgerond' offline, and sends it now
        events.push(token, [laptop.step(knelpunt, "afgerond", day="2026-11-21", outcome="opgelost", role="teamleider")])
        page.reload()
        box = page.locator("#tegenstrijdig")
        box.wait_for()
        text = box.inner_text()
        assert "'afgerond' is twee keer vastgelegd" in text
        assert f"door beleid ({beleid.email}) op de server: niet opgelost" in text
        assert f"door teamleider op de laptop van {team.name}: opgelost" in text
        shot(page, "conflict-beide-kanten")
        page.goto(f"{live_server.url}/?map=alle")
        assert "stappen spreken elkaar tegen" in page.get_by_role("row", name=re.compile(k.ref)).inner_text()

    in_browser(work)
    k.refresh_from_db()
    assert k.conflicts == 1
    statuses = list(k.events.filter(kind="step").order_by("server_seq").values_list("data__status", flat=True))
    assert statuses == ["geagendeerd", "in behandeling", "afgerond", "afgerond"]

"""Answering in the browser: a privacy refusal says what to do in the browser, and the
yes/no of an answer is explicit."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.server.conftest import login, make_addressee, make_person, shot
from tests.server.test_pages import pushed

pytestmark = pytest.mark.usefixtures("db")


def test_an_identifier_in_an_answer_is_refused_with_advice_for_the_browser(live_server: Any, in_browser: Any) -> None:
    from beraad.server.models import Event

    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    beleid = make_person("beleid", addressee)
    typed = "Gebeld met mevrouw op 06-12345678; de regel blijft."

    def work(page: Any) -> str:
        login(page, live_server.url, beleid)
        page.goto(f"{live_server.url}/knelpunt/{k.ref}/")
        page.get_by_label("Nieuwe stap").select_option("geagendeerd")
        page.get_by_label("Bij wie (bij geagendeerd)").fill("beleidsadviseur")
        page.get_by_label("Toelichting voor het team").fill(typed)
        page.get_by_role("button", name="Stap vastleggen").click()
        error = page.locator(".met-fout .fout")
        error.wait_for()
        shot(page, "privacy-weigering")
        assert page.get_by_label("Toelichting voor het team").input_value() == typed  # nothing typed is lost
        return error.inner_text()

    said = in_browser(work)
    assert "telefoonnummer" in said and "Toelichting voor het team" in said
    assert "Stap vastleggen" in said  # what to do here, in the browser
    assert not re.search("verslag|synchroniseer|laptop", said)  # not the laptop's advice
    assert not Event.objects.filter(knelpunt=k, kind="step").exists()


def test_the_yes_or_no_of_an_answer_is_explicit(live_server: Any, in_browser: Any) -> None:
    from beraad.server import events
    from beraad.server.models import Knelpunt

    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    events.record_step(
        events.Actor.command("beleid"), [k], {"status": "geagendeerd", "date": date(2026, 11, 10), "to_whom": "beleid"}
    )
    beleid = make_person("beleid", addressee)

    def work(page: Any) -> tuple[str, str]:
        login(page, live_server.url, beleid)
        page.goto(f"{live_server.url}/knelpunt/{k.ref}/")
        group = page.get_by_role("group", name="Opgelost? (alleen bij afgerond: ja of nee)")
        options = group.get_by_role("radio")
        assert options.count() == 2  # no third, empty choice to wonder about
        hint = page.get_by_text('Ook "nee" is een antwoord').inner_text()
        page.get_by_label("Nieuwe stap").select_option("afgerond")
        page.get_by_role("button", name="Stap vastleggen").click()  # neither ja nor nee chosen
        error = page.locator(".met-fout .fout")
        error.wait_for()
        said = error.inner_text()
        group.get_by_label("Nee, niet opgelost", exact=False).check()
        page.get_by_label("Toelichting voor het team").fill("Nee: de wet laat geen ruimte.")
        page.get_by_role("button", name="Stap vastleggen").click()
        page.get_by_role("heading", name="Antwoord aan het team").wait_for()
        return hint, said

    hint, said = in_browser(work)
    assert "Nee, niet opgelost" in hint
    assert "ja (opgelost) of nee (niet opgelost)" in said
    k = Knelpunt.objects.get(id=k.id)
    assert (k.status, k.outcome, k.answer) == ("afgerond", "niet opgelost", "Nee: de wet laat geen ruimte.")

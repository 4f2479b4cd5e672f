"""The pages in Chromium against the server as a real process (gunicorn), as beleid and
the coordinator use them: keyboard first, no JavaScript needed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.server.conftest import login, make_addressee, make_person, shot
from tests.server.test_pages import pushed

pytestmark = pytest.mark.usefixtures("db")


def test_beleid_merges_two_teams_knelpunten_by_keyboard(live_server: Any, in_browser: Any) -> None:
    from beraad.server.models import Knelpunt

    addressee = make_addressee()
    a = pushed(addressee.name, title="Bijstand stopt na vlucht uit huiselijk geweld")[0]
    b = pushed(addressee.name, title="Uitkering stopt: inwoner woont tijdelijk bij zus na geweld")[0]
    beleid = make_person("beleid", addressee)
    in_browser(lambda page: _merge_by_keyboard(page, live_server, beleid, a, b))
    assert Knelpunt.objects.get(id=a.id).status == "gesignaleerd"  # "nee" without a reason: nothing recorded


def _merge_by_keyboard(page: Any, live_server: Any, beleid: Any, a: Any, b: Any) -> None:
    page.goto(f"{live_server.url}/")
    assert "/inloggen/" in page.url
    shot(page, "01-inloggen")
    login(page, live_server.url, beleid)
    inbox = page.locator("table")
    for k in (a, b):
        assert inbox.get_by_role("link", name=k.ref).is_visible()
    shot(page, "02-postvak")
    # keyboard only: tick both, name the theme, press Enter
    page.get_by_label(f"Kies {a.ref}").focus()
    page.keyboard.press("Space")
    page.get_by_label(f"Kies {b.ref}").focus()
    page.keyboard.press("Space")
    page.get_by_label("Titel van het nieuwe thema").fill("Inlichtingenplicht na vlucht uit geweld")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile("Thema: Inlichtingenplicht")).wait_for()
    assert "2 keer in 2 teams sinds november 2026" in page.content()
    shot(page, "03-thema")
    # "nee" without a reason is refused with the reason asked for, and nothing is recorded
    # (the whole answer travelling back to two laptops: test_laptop_sync.py)
    page.get_by_role("link", name=a.ref).click()
    page.get_by_role("heading", name=re.compile(a.ref)).wait_for()
    page.get_by_label("Nieuwe stap").select_option("afgerond")
    page.get_by_label("Nee, niet opgelost", exact=False).check()
    page.get_by_role("button", name="Stap vastleggen").click()
    page.get_by_text("Zeg bij 'niet opgelost' ook waarom").wait_for()
    shot(page, "04-knelpunt-fout")
    page.get_by_role("link", name="Trends").click()
    page.get_by_role("heading", name=re.compile("Trends")).wait_for()
    assert page.locator("svg.grafiek rect").count() >= 1
    shot(page, "06-trends")


def test_the_coordinator_routes_sees_the_audit_and_the_pages_need_no_script(live_server: Any, in_browser: Any) -> None:
    from beraad.server.models import Knelpunt

    k = pushed("nergens-bekend")[0]
    target = make_addressee()
    coordinator = make_person("coordinator")
    in_browser(lambda page: _route(page, live_server, coordinator, k, target), js=False)
    assert Knelpunt.objects.get(id=k.id).addressee == target


def _route(page: Any, live_server: Any, coordinator: Any, k: Any, target: Any) -> None:
    login(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/?map=alle&q={k.ref}")
    assert "niet gerouteerd" in page.content()
    page.get_by_role("link", name=k.ref).click()
    page.get_by_label("Adressaat").select_option(label=target.name)
    page.get_by_role("button", name="Naar deze adressaat").click()
    page.get_by_text(f"{k.ref} gaat nu naar {target.name}").wait_for()
    page.get_by_role("link", name="Audit").click()
    page.get_by_role("cell", name="gerouteerd").first.wait_for()
    shot(page, "07-audit")


def test_skip_link_focus_and_security_headers(live_server: Any, in_browser: Any) -> None:
    coordinator = make_person("coordinator")
    in_browser(lambda page: _skip_link_and_headers(page, live_server, coordinator))


def _skip_link_and_headers(page: Any, live_server: Any, coordinator: Any) -> None:
    answer = page.goto(f"{live_server.url}/inloggen/")
    headers = answer.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert page.evaluate("document.activeElement.id") == "id_username"  # the login form is ready to type
    login(page, live_server.url, coordinator)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.goto(f"{live_server.url}/bestaat/niet/")
    assert "Deze pagina bestaat niet." in page.content()
    shot(page, "08-niet-gevonden")


def test_beheer_revokes_a_lost_laptops_key_in_the_admin(live_server: Any, in_browser: Any) -> None:
    from beraad.core.sync import Client, SyncError
    from beraad.server.models import Audit, Token
    from tests.server.conftest import make_team
    from tests.server.events_of import Laptop

    team, code = make_team()
    laptop = Laptop()
    client = Client(live_server.url)
    client.token, _ = client.pair(code, laptop.origin)
    assert client.pull(0)[2] is False
    beheer = make_person("beheer")
    in_browser(lambda page: _revoke(page, live_server, beheer, team))
    assert Token.objects.get(team=team).revoked_at is not None
    assert Audit.objects.filter(action="laptopsleutel ingetrokken", who=beheer.email).exists()
    try:
        client.pull(0)
    except SyncError as error:
        assert error.status == 401 and "ingetrokken" in str(error)
    else:
        raise AssertionError("a revoked key still works")


def _revoke(page: Any, live_server: Any, beheer: Any, team: Any) -> None:
    login(page, live_server.url, beheer)
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Laptopsleutels").click()
    page.get_by_role("row", name=re.compile(team.name)).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Geselecteerde laptopsleutels intrekken")
    shot(page, "09-beheer-sleutels")
    page.get_by_role("button", name="Uitvoeren").click()
    page.get_by_role("row", name=re.compile(team.name)).wait_for()

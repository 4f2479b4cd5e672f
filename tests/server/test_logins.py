"""Signing in and changing a password: Dutch throughout, the e-mail address in any case,
five failed attempts per account and address in fifteen minutes, every one in the audit log."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.server.conftest import make_person, shot

pytestmark = pytest.mark.usefixtures("db")
ENGLISH = re.compile(r"\b(password|Password|This|must|characters|Please|correct|username|case-sensitive|entered)\b")


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_sign_in_in_any_case_and_too_many_failures_lock_the_account_at_that_address(
    live_server: Any, in_browser: Any
) -> None:
    from beraad.server.models import Audit, FailedLogin

    person = make_person("coordinator")

    def work(page: Any) -> dict[str, str]:
        said = {}
        _sign_in(page, live_server.url, person.email.upper(), person.password)  # the address as people type it
        page.get_by_role("heading", name="Postvak").wait_for()
        page.get_by_role("button", name=re.compile("Uitloggen")).click()
        for attempt in range(5):
            _sign_in(page, live_server.url, person.email, f"fout-{attempt}")
            said["wrong"] = page.locator("#login-fout").inner_text()
        _sign_in(page, live_server.url, person.email, person.password)  # the right one, but too late
        said["locked"] = page.locator("#login-fout").inner_text()
        said["page"] = page.locator("main").inner_text()
        shot(page, "inloggen-te-vaak")
        return said

    said = in_browser(work)
    assert "Dit e-mailadres en dit wachtwoord horen niet bij elkaar" in said["wrong"]
    assert "Te veel mislukte pogingen" in said["locked"] and "15 minuten" in said["locked"]
    assert not ENGLISH.search(said["page"]), said["page"]
    account = person.email.casefold()
    assert FailedLogin.objects.filter(account=account).count() == 5
    assert Audit.objects.filter(who=account, action="inloggen mislukt").count() == 5
    refused = Audit.objects.get(who=account, action="inloggen geweigerd: te veel pogingen")
    assert refused.detail == "vanaf 127.0.0.1"
    assert Audit.objects.filter(who=person.email, action="ingelogd").count() == 1

    # from another address the same account still signs in; and there a success clears its count
    from django.test import Client

    other = Client(REMOTE_ADDR="10.1.2.3")
    answer = other.post("/inloggen/", {"username": person.email, "password": person.password})
    assert answer.status_code == 302


def test_a_password_change_speaks_dutch(live_server: Any, in_browser: Any) -> None:
    from django.contrib.auth.models import User

    from tests.server.conftest import login

    person = make_person("beleid")

    def work(page: Any) -> tuple[str, str, str]:
        login(page, live_server.url, person)
        page.get_by_role("link", name="Wachtwoord").click()
        form = page.locator("main").inner_text()
        page.get_by_label("Huidig wachtwoord").fill("niet mijn wachtwoord")
        page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
        page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("kort")
        page.get_by_role("button", name="Wijzigen").click()
        page.get_by_text("Je huidige wachtwoord klopt niet").wait_for()
        refused = page.locator("main").inner_text()
        page.get_by_label("Huidig wachtwoord").fill(person.password)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill("12345678901234")
        page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("12345678901234")
        page.get_by_role("button", name="Wijzigen").click()
        page.get_by_text("alleen uit cijfers").wait_for()
        digits = page.locator("main").inner_text()
        page.get_by_label("Huidig wachtwoord").fill(person.password)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill("fietsen langs de Vecht in mei")
        page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("fietsen langs de Vecht in mei")
        page.get_by_role("button", name="Wijzigen").click()
        page.get_by_text("Je wachtwoord is gewijzigd.").wait_for()
        shot(page, "wachtwoord-gewijzigd")
        return form, refused, digits

    form, refused, digits = in_browser(work)
    assert "Minstens 12 tekens" in form
    assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in refused
    for text in (form, refused, digits):
        assert not ENGLISH.search(text), text
    assert User.objects.get(username=person.email).check_password("fietsen langs de Vecht in mei")


def test_the_admin_sign_in_is_dutch_case_free_and_throttled_too() -> None:
    from django.test import Client

    from beraad.server.models import Audit

    person = make_person("beheer")
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(5):
        page = client.post("/beheer/login/", {"username": person.email, "password": "fout"}).content.decode()
        assert "horen niet bij elkaar" in page
    page = client.post("/beheer/login/", {"username": person.email.upper(), "password": person.password})
    assert "Te veel mislukte pogingen" in page.content.decode()
    assert Audit.objects.filter(who=person.email, action="inloggen mislukt", detail="vanaf 10.9.9.9").count() == 5
    fresh = Client(REMOTE_ADDR="10.9.9.10")
    answer = fresh.post("/beheer/login/?next=/beheer/", {"username": person.email.upper(), "password": person.password})
    assert answer.status_code == 302

"""Themes in the browser: a title left empty or wiped never wipes a theme."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.server.conftest import login, make_addressee, make_person, shot
from tests.server.test_pages import pushed

pytestmark = pytest.mark.usefixtures("db")


def test_an_empty_title_never_wipes_a_theme(live_server: Any, in_browser: Any) -> None:
    from beraad.server import events
    from beraad.server.models import Audit, Event, Group, Knelpunt

    addressee = make_addressee()
    a, b, c, d = (pushed(addressee.name)[0] for _ in range(4))
    beleid = make_person("beleid", addressee)
    group = events.merge(events.Actor.command("beleid"), [a, b], "Inlichtingenplicht na vlucht")
    groups_before = Group.objects.count()

    def work(page: Any) -> None:
        login(page, live_server.url, beleid)
        # the theme's own page: the title wiped and saved is refused, the title stays
        page.goto(f"{live_server.url}/thema/{group.id}/")
        page.get_by_label("Titel van het thema").fill("")
        page.get_by_role("button", name="Titel opslaan").click()
        page.get_by_text("Een thema heeft een titel nodig").wait_for()
        assert page.get_by_role("heading", name="Thema: Inlichtingenplicht na vlucht").is_visible()
        shot(page, "thema-lege-titel")
        # a new title is taken, for every member
        page.get_by_label("Titel van het thema").fill("Inlichtingenplicht na vlucht uit geweld")
        page.get_by_role("button", name="Titel opslaan").click()
        page.get_by_role("heading", name="Thema: Inlichtingenplicht na vlucht uit geweld").wait_for()
        # in the inbox: a member of the theme and one more, the title left empty: it joins the theme
        page.goto(f"{live_server.url}/?map=alle")
        page.get_by_label(f"Kies {a.ref}").check()
        page.get_by_label(f"Kies {c.ref}").check()
        page.get_by_role("button", name="Samenvoegen").click()
        page.get_by_role("heading", name="Thema: Inlichtingenplicht na vlucht uit geweld").wait_for()
        # two knelpunten in no theme, no title: refused, nothing made
        page.goto(f"{live_server.url}/?map=alle")
        page.get_by_label(f"Kies {d.ref}").check()
        page.get_by_role("button", name="Samenvoegen").click()
        page.get_by_text(re.compile("^Geef het nieuwe thema een titel")).wait_for()

    in_browser(work)
    group.refresh_from_db()
    assert group.title == "Inlichtingenplicht na vlucht uit geweld"
    members = set(Knelpunt.objects.filter(group=group).values_list("id", flat=True))
    assert members == {a.id, b.id, c.id}
    assert Group.objects.count() == groups_before  # no theme without a title was made
    assert not Group.objects.filter(title="").exists()
    # the laptops hear of the new title: a group event per member with it
    for k in (a, b):
        last = Event.objects.filter(knelpunt=k, kind="group").order_by("-server_seq").first()
        assert last is not None and last.data["title"] == "Inlichtingenplicht na vlucht uit geweld"
    assert Audit.objects.filter(action="thema hernoemd", who=beleid.email).exists()


def test_an_empty_title_for_knelpunten_in_no_theme_is_refused_in_dutch() -> None:
    from beraad.server.models import Group, Knelpunt
    from tests.server.test_pages import signed_in

    addressee = make_addressee()
    a, b = (pushed(addressee.name)[0] for _ in range(2))
    client = signed_in(make_person("beleid", addressee))
    before = Group.objects.count()
    answer = client.post("/samenvoegen/", {"kies": [a.ref, b.ref], "title": "   "}, follow=True)
    assert "Geef het nieuwe thema een titel" in answer.content.decode()
    assert Group.objects.count() == before and Knelpunt.objects.get(id=a.id).group is None


def test_knelpunten_of_two_themes_without_a_title_keep_both_themes() -> None:
    from beraad.server import events
    from beraad.server.models import Knelpunt
    from tests.server.test_pages import signed_in

    addressee = make_addressee()
    a, b, c, d = (pushed(addressee.name)[0] for _ in range(4))
    actor = events.Actor.command("beleid")
    one = events.merge(actor, [a, b], "Kostendelersnorm")
    two = events.merge(actor, [c, d], "Vier weken zoektijd")
    client = signed_in(make_person("beleid", addressee))
    answer = client.post("/samenvoegen/", {"kies": [a.ref, c.ref], "title": ""}, follow=True)
    text = answer.content.decode()
    assert "verschillende thema" in text and "Kostendelersnorm" in text
    assert Knelpunt.objects.get(id=a.id).group_id == one.id and Knelpunt.objects.get(id=c.id).group_id == two.id

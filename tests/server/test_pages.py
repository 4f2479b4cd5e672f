"""The pages' rules, in process: who sees what, CSRF, a second editor, filters, CSV, audit."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.test import Client

from tests.server.conftest import Person, make_addressee, make_person, make_team
from tests.server.events_of import Laptop

pytestmark = pytest.mark.usefixtures("db")


def pushed(addressee: str, count: int = 1, **fields: Any) -> list[Any]:
    """Knelpunten a team's laptop pushed, routed to this addressee."""
    from beraad.server import access, events
    from beraad.server.models import Knelpunt

    _, code = make_team()
    laptop = Laptop()
    token, _ = access.pair(code, uuid.UUID(laptop.origin))
    ids = [str(uuid.uuid4()) for _ in range(count)]
    events.push(token, [laptop.agreed(i, addressee=addressee, **fields) for i in ids])
    return [Knelpunt.objects.get(id=i) for i in ids]


def signed_in(person: Person, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    assert client.login(username=person.email, password=person.password)
    return client


def test_beleid_sees_only_its_addressee_and_the_coordinator_sees_all() -> None:
    mine, other = make_addressee(), make_addressee()
    a = pushed(mine.name)[0]
    b = pushed(other.name)[0]
    beleid = signed_in(make_person("beleid", mine))
    page = beleid.get("/?map=alle").content.decode()
    assert a.ref in page and b.ref not in page
    assert beleid.get(f"/knelpunt/{b.ref}/").status_code == 404
    assert a.ref in beleid.get(f"/knelpunt/{a.local_ref}/").content.decode()  # the laptop's reference finds it too
    assert beleid.get("/audit/").status_code == 403
    coordinator = signed_in(make_person("coordinator"))
    page = coordinator.get(f"/?map=alle&q={b.ref}").content.decode()
    assert b.ref in page
    assert Client().get("/").status_code == 302  # every page needs a login


def test_a_form_without_csrf_token_changes_nothing() -> None:
    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    client = signed_in(make_person("beleid", addressee), csrf=True)
    answer = client.post(
        f"/knelpunt/{k.ref}/stap/",
        {"status": "geagendeerd", "date": "10-11-2026", "to_whom": addressee.name, "revision": k.revision},
    )
    assert answer.status_code == 403
    assert "CSRF" in answer.content.decode() and "niets vastgelegd" in answer.content.decode()
    k.refresh_from_db()
    assert k.status == "gesignaleerd"


def test_the_second_editor_is_told_it_changed_meanwhile_and_nothing_is_lost() -> None:
    from beraad.server.models import Event

    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    first, second = signed_in(make_person("beleid", addressee)), signed_in(make_person("beleid", addressee))
    seen = k.revision  # both opened the page at this revision
    step = {"status": "geagendeerd", "date": "10-11-2026", "to_whom": addressee.name, "how": "overleg"}
    assert first.post(f"/knelpunt/{k.ref}/stap/", {**step, "revision": seen}).status_code == 302
    late = second.post(
        f"/knelpunt/{k.ref}/stap/",
        {"status": "in behandeling", "date": "11-11-2026", "note": "Ik pak het op", "revision": seen},
    )
    assert late.status_code == 409
    text = late.content.decode()
    assert "intussen gewijzigd" in text and "Ik pak het op" in text  # the typing is still in the form
    assert list(Event.objects.filter(knelpunt=k, kind="step").values_list("data__status", flat=True)) == ["geagendeerd"]


def test_no_with_reasoning_needs_the_reasoning_and_reaches_the_whole_theme() -> None:
    from beraad.server.models import Event, Knelpunt

    addressee = make_addressee()
    a, b = pushed(addressee.name)[0], pushed(addressee.name)[0]
    client = signed_in(make_person("beleid", addressee))
    merged = client.post("/samenvoegen/", {"kies": [a.ref, b.ref], "title": "Inlichtingenplicht na vlucht"})
    assert merged.status_code == 302
    a.refresh_from_db()
    assert a.group is not None and Knelpunt.objects.filter(group=a.group).count() == 2
    for status in ("geagendeerd",):
        client.post(
            f"/knelpunt/{a.ref}/stap/",
            {
                "status": status,
                "date": "10-11-2026",
                "to_whom": addressee.name,
                "whole_group": "on",
                "revision": a.revision,
            },
        )
    a.refresh_from_db()
    no = {
        "status": "afgerond",
        "date": "20-11-2026",
        "outcome": "niet opgelost",
        "whole_group": "on",
        "revision": a.revision,
    }
    refused = client.post(f"/knelpunt/{a.ref}/stap/", no)
    assert refused.status_code == 400 and "waarom" in refused.content.decode()
    done = client.post(
        f"/knelpunt/{a.ref}/stap/", {**no, "note": "Nee: de wet laat geen ruimte; we agenderen het bij het Rijk."}
    )
    assert done.status_code == 302
    for k in (a, b):
        k.refresh_from_db()
        assert (k.status, k.outcome) == ("afgerond", "niet opgelost") and k.answer.startswith("Nee: de wet")
    assert Event.objects.filter(knelpunt=b, kind="step").count() == 2  # b keeps its own history


@pytest.mark.parametrize(
    "query",
    [
        "q=' OR 1=1 --",
        "q=%25",
        "team=x%27%3B DROP TABLE register_knelpunt;--",
        'bron="]}',
        "kwartaal=2026-Q5' OR '1'='1",
        "status=gesignaleerd' OR '1'='1",
        "map=../../etc",
        "pagina=-1",
        "q=<script>alert(1)</script>",
    ],
)
def test_injection_attempts_in_filters_find_nothing_and_break_nothing(query: str) -> None:
    from beraad.server.models import Knelpunt

    addressee = make_addressee()
    pushed(addressee.name, 2)
    before = Knelpunt.objects.count()
    client = signed_in(make_person("beleid", addressee))
    answer = client.get(f"/?{query}")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "<script>alert(1)</script>" not in text
    if "q=" in query and "script" not in query and "%25" not in query:
        assert "0 knelpunten" in text
    assert Knelpunt.objects.count() == before
    assert client.get(f"/knelpunten.csv?{query}").status_code == 200


def test_csv_is_for_excel_nl_and_never_a_formula() -> None:
    addressee = make_addressee()
    k = pushed(addressee.name, title='=HYPERLINK("x") kostendelersnorm')[0]
    client = signed_in(make_person("beleid", addressee))
    raw = client.get("/knelpunten.csv?map=alle").content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["referentie", "titel", "team", "datum beraad"]
    row = next(r for r in rows if r[0] == k.ref)
    assert row[1].startswith("'=HYPERLINK") and row[3] == "02-11-2026" and row[4] == "09-11-2026"
    assert row[7] == addressee.name and row[9] == "1 keer"


def test_every_change_is_in_the_audit_log() -> None:
    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    beleid = make_person("beleid", addressee)
    client = signed_in(beleid)
    client.post(f"/knelpunt/{k.ref}/eigenaar/", {"owner": "", "revision": k.revision})
    coordinator = signed_in(make_person("coordinator"))
    page = coordinator.get(f"/audit/?ref={k.ref}").content.decode()
    assert "eigenaar gekozen" in page and beleid.email in page


def test_trends_count_across_teams_and_draw_a_chart() -> None:
    addressee = make_addressee()
    pushed(addressee.name, 2, regulation="Wmo 2015 art. 2.3.5")
    pushed(addressee.name, 1, regulation="Wmo 2015", session_date="2026-03-05")
    client = signed_in(make_person("beleid", addressee))
    page = client.get("/trends/").content.decode()
    assert "3 keer in 2 teams sinds maart 2026" in page
    assert "<svg" in page and "K1 2026" in page

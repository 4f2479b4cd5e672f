"""The laptop API, in process (Django's test client on the real PostgreSQL database)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from tests.server.conftest import make_addressee, make_team
from tests.server.events_of import Laptop

pytestmark = pytest.mark.usefixtures("db")


def call(client: Client, method: str, path: str, body: Any = None, token: str = "", raw: bytes | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    if method == "GET":
        return client.get(path, **headers)
    return client.post(path, data=data, content_type="application/json", **headers)


def paired(client: Client, laptop: Laptop | None = None) -> tuple[str, Laptop, Any]:
    team, code = make_team()
    laptop = laptop or Laptop()
    pairing = Client(REMOTE_ADDR=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}")
    answer = call(pairing, "POST", "/api/v1/koppel", {"code": code, "origin": laptop.origin})
    assert answer.status_code == 201, answer.content
    assert answer.json()["team"] == team.name
    return answer.json()["token"], laptop, team


def test_pairing_is_once_and_the_token_is_kept_only_as_a_hash() -> None:
    from beraad.server.models import Token

    client = Client(REMOTE_ADDR="10.250.0.1")
    team, code = make_team()
    first = call(client, "POST", "/api/v1/koppel", {"code": code.lower(), "origin": str(uuid.uuid4())})
    assert first.status_code == 201
    again = call(client, "POST", "/api/v1/koppel", {"code": code, "origin": str(uuid.uuid4())})
    assert again.status_code == 403 and "al gebruikt" in again.json()["error"]
    token = first.json()["token"]
    assert not Token.objects.filter(key_hash=token).exists()  # only the hash
    assert Token.objects.filter(team=team).count() == 1


def test_a_push_is_taken_once_gets_a_server_reference_and_comes_back_on_pull() -> None:
    from beraad.server.models import Event, Knelpunt

    make_addressee("beleid") if not _has("beleid") else None
    client = Client()
    token, laptop, team = paired(client)
    knelpunt = str(uuid.uuid4())
    batch = [laptop.agreed(knelpunt), laptop.step(knelpunt, "geagendeerd", to_whom="beleid", how="mail")]
    first = call(client, "POST", "/api/v1/events", {"events": batch}, token).json()
    assert first["accepted"] == [e["id"] for e in batch] and not first["refused"]
    ref = first["references"][knelpunt]
    assert ref.startswith("KP-2026-")
    second = call(client, "POST", "/api/v1/events", {"events": batch}, token).json()  # the same push twice
    assert second["accepted"] == [] and second["duplicates"] == [e["id"] for e in batch]
    assert second["references"][knelpunt] == ref
    assert Event.objects.filter(knelpunt_id=knelpunt, origin=laptop.origin).count() == 2
    row = Knelpunt.objects.get(id=knelpunt)
    assert (row.team, row.status, row.addressee.name, row.local_ref) == (
        team,
        "geagendeerd",
        "beleid",
        batch[0]["data"]["ref"],
    )
    pulled = call(client, "GET", "/api/v1/events?since=0", token=token).json()
    kinds = [e["kind"] for e in pulled["events"]]
    assert kinds == ["agreed", "step", "reference"] and not pulled["more"]
    assert pulled["events"][2]["data"] == {"ref": ref}
    after = call(client, "GET", f"/api/v1/events?since={pulled['next']}", token=token).json()
    assert after["events"] == [] and after["next"] == pulled["next"]


def _has(name: str) -> bool:
    from beraad.server.models import Addressee

    return Addressee.objects.filter(name=name).exists()


def test_team_a_cannot_read_or_write_team_b() -> None:
    client = Client()
    token_a, laptop_a, _ = paired(client)
    token_b, laptop_b, _ = paired(client)
    knelpunt = str(uuid.uuid4())
    call(client, "POST", "/api/v1/events", {"events": [laptop_a.agreed(knelpunt)]}, token_a)
    seen_by_b = call(client, "GET", "/api/v1/events?since=0", token=token_b).json()["events"]
    assert all(e["knelpunt"] != knelpunt for e in seen_by_b)
    # B writes a step on A's knelpunt: refused, and A's history has no trace of it
    answer = call(
        client, "POST", "/api/v1/events", {"events": [laptop_b.step(knelpunt, "geagendeerd", to_whom="x")]}, token_b
    ).json()
    assert answer["refused"][0]["reason"] == "Dit knelpunt hoort bij een ander team."
    # B replays A's event with its own token: not B's origin
    a_event = laptop_a.step(knelpunt, "geagendeerd", to_whom="beleid")
    replay = call(client, "POST", "/api/v1/events", {"events": [a_event]}, token_b).json()
    assert replay["refused"] and not replay["accepted"]
    mine = call(client, "GET", "/api/v1/events?since=0", token=token_a).json()["events"]
    assert [e["kind"] for e in mine if e["knelpunt"] == knelpunt] == ["agreed", "reference"]


def test_a_revoked_or_unknown_token_is_refused() -> None:
    from django.utils import timezone

    from beraad.server.models import Token

    client = Client()
    token, _, team = paired(client)
    assert call(client, "GET", "/api/v1/events?since=0", token=token).status_code == 200
    Token.objects.filter(team=team).update(revoked_at=timezone.now())
    answer = call(client, "GET", "/api/v1/events?since=0", token=token)
    assert answer.status_code == 401 and "ingetrokken" in answer.json()["error"]
    assert call(client, "GET", "/api/v1/events?since=0", token="nonsense").status_code == 401
    assert call(client, "GET", "/api/v1/events?since=0").status_code == 401


@pytest.mark.parametrize(
    ("raw", "status", "words"),
    [
        (b"{not json", 400, "geen geldige JSON"),
        (b'{"events": 5}', 400, "events"),
        (b"[1, 2]", 400, "events"),
        (b'{"events": [' + b"[" * 5000 + b"]" * 5000 + b"]}", 400, "JSON"),
        (b'{"events": []}' + b" " * (3 * 1024 * 1024), 413, "te groot"),
    ],
    ids=["broken", "not-a-list", "array", "deep", "oversized"],
)
def test_malformed_and_oversized_bodies_get_a_dutch_message(raw: bytes, status: int, words: str) -> None:
    client = Client()
    token, _, _ = paired(client)
    answer = call(client, "POST", "/api/v1/events", token=token, raw=raw)
    assert answer.status_code == status
    assert words in answer.json()["error"]


def test_too_many_events_in_one_push_and_bad_events_each_get_their_reason() -> None:
    client = Client()
    token, laptop, _ = paired(client)
    many = {"events": [laptop.agreed() for _ in range(501)]}
    assert call(client, "POST", "/api/v1/events", many, token).status_code == 400
    knelpunt = str(uuid.uuid4())
    for broken, words in [
        ({"id": "x"}, "'id' is geen UUID"),
        ({**laptop.agreed(), "recorded_at": "2026-11-02T10:00:00"}, "geen tijdzone"),
        ({**laptop.agreed(), "data": [1]}, "objecten"),
        ({**laptop.agreed(), "seq": True}, "'seq'"),
    ]:
        whole = call(client, "POST", "/api/v1/events", {"events": [laptop.agreed(), broken]}, token)
        assert whole.status_code == 400 and "Gebeurtenis 2" in whole.json()["error"] and words in whole.json()["error"]
    bad = [
        {**laptop.agreed(), "kind": "owner"},
        laptop.step(knelpunt, "geagendeerd", to_whom="beleid"),  # unknown knelpunt
        laptop.agreed(description="Bel haar op 06-12345678 voor een afspraak."),
        laptop.agreed(description="BSN 111222333 staat in het dossier."),
        laptop.agreed(effect="Storten op NL91ABNA0417164300."),
        laptop.agreed(description="Ze woont op Lange Nieuwstraat 12, 3512 PA."),
        laptop.agreed(title="Mail naar a.jansen@example.nl"),
    ]
    answer = call(client, "POST", "/api/v1/events", {"events": bad}, token).json()
    assert answer["accepted"] == []
    reasons = [r["reason"] for r in answer["refused"]]
    assert len(reasons) == len(bad)
    assert "owner" in reasons[0]
    assert "eerst komt wat het team vaststelde" in reasons[1]
    for reason, what in zip(
        reasons[2:], ["telefoonnummer", "burgerservicenummer", "IBAN", "postcode", "e-mailadres"], strict=True
    ):
        assert what in reason and "laat het opnieuw vaststellen" in reason


def test_clean_text_with_laws_amounts_and_dates_is_not_refused() -> None:
    client = Client()
    token, laptop, _ = paired(client)
    event = laptop.agreed(
        description="Terugvordering boven 3.000 euro sinds 1-1-2024; Awb art. 4:84 en Participatiewet art. 18 lid 1.",
    )
    answer = call(client, "POST", "/api/v1/events", {"events": [event]}, token).json()
    assert answer["accepted"] == [event["id"]], answer["refused"]


def test_two_events_with_the_same_sequence_number_are_both_kept_only_once() -> None:
    client = Client()
    token, laptop, _ = paired(client)
    first = laptop.agreed()
    other = {**laptop.agreed(), "seq": first["seq"]}
    call(client, "POST", "/api/v1/events", {"events": [first]}, token)
    answer = call(client, "POST", "/api/v1/events", {"events": [other]}, token).json()
    assert "al gebruikt" in answer["refused"][0]["reason"]


def test_pull_pages_with_a_cursor_and_refuses_bad_parameters() -> None:
    client = Client()
    token, laptop, _ = paired(client)
    call(client, "POST", "/api/v1/events", {"events": [laptop.agreed() for _ in range(5)]}, token)
    seen, since, rounds = [], 0, 0
    while True:
        page = call(client, "GET", f"/api/v1/events?since={since}&limit=3", token=token).json()
        seen += page["events"]
        since, rounds = page["next"], rounds + 1
        if not page["more"]:
            break
    assert len(seen) == 10 and len({e["id"] for e in seen}) == 10 and rounds == 4
    for query in ("since=-1", "since=abc", "limit=0", "limit=5000", "since=1e9", "since=99999999999999999999"):
        answer = call(client, "GET", f"/api/v1/events?{query}", token=token)
        assert answer.status_code == 400, query
        assert "'since'" in answer.json()["error"]


def test_the_api_limits_the_rate_per_token(settings: Any = None) -> None:
    from django.test import override_settings

    client = Client()
    token, _, _ = paired(client)
    with override_settings(API_RATE_PER_MINUTE=3):
        codes = [call(client, "GET", "/api/v1/events?since=0", token=token).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_pairing_attempts_are_limited_per_address() -> None:
    from django.test import override_settings

    client = Client(REMOTE_ADDR="10.9.8.7")
    with override_settings(PAIRING_RATE_PER_MINUTE=10):
        codes = [
            call(client, "POST", "/api/v1/koppel", {"code": "AAAA-BBBB-CCCC", "origin": str(uuid.uuid4())}).status_code
            for _ in range(12)
        ]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]


def test_the_openapi_description_is_served() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert set(spec["paths"]) == {"/api/v1/koppel", "/api/v1/events", "/api/v1/routes", "/api/v1/openapi.json"}


def test_the_laptop_gets_the_route_map_beheer_keeps() -> None:
    client = Client()
    token, _, _ = paired(client)
    addressee = make_addressee(weeks=6)
    routes = call(client, "GET", "/api/v1/routes", token=token).json()["routes"]
    assert {"adressaat": addressee.name, "omschrijving": "", "binnen_weken": 6} in routes
    assert call(client, "GET", "/api/v1/routes").status_code == 401


def test_an_agreed_snapshot_with_the_verslag_s_dutch_keys_is_understood() -> None:
    from beraad.server.models import Knelpunt

    client = Client()
    token, laptop, _ = paired(client)
    data = {
        "titel": "Kostendelersnorm houdt zoon buiten",
        "beschrijving": "Moeder durft haar dakloze zoon niet in huis te nemen.",
        "bronnen": ["landelijke wet- en regelgeving"],
        "regelgeving": "Participatiewet art. 22a (kostendelersnorm)",
        "effect": "Dakloosheid.",
        "bestaanszekerheid": "ja",
        "beleidsruimte": "onduidelijk",
        "aard": "niet beantwoord",
        "adressaat": "beleid",
        "ref": "KP-AB12-2026-0003",
        "versie": 2,
        "vastgesteld_op": "09-11-2026",
        "sessiedatum": "2026-11-02",
        "zelfde_als": None,
    }
    event = laptop.event(str(uuid.uuid4()), "agreed", data)
    answer = call(client, "POST", "/api/v1/events", {"events": [event]}, token).json()
    assert answer["accepted"] == [event["id"]], answer
    k = Knelpunt.objects.get(id=event["knelpunt"])
    assert (k.title, k.subsistence, k.discretion, k.recurrence, k.version) == (
        data["titel"],
        True,
        "onduidelijk",
        "",
        2,
    )
    assert (str(k.approved_on), str(k.session_date), k.local_ref) == ("2026-11-09", "2026-11-02", "KP-AB12-2026-0003")


def test_the_same_knelpunt_seen_again_by_a_team_joins_one_theme() -> None:
    from beraad.server.models import Knelpunt

    client = Client()
    token, laptop, _ = paired(client)
    first = laptop.agreed()
    call(client, "POST", "/api/v1/events", {"events": [first]}, token)
    again = laptop.agreed(same_as=first["knelpunt"], session_date="2026-11-30")
    third = laptop.agreed(zelfde_als=first["knelpunt"], session_date="2026-12-01")
    answer = call(client, "POST", "/api/v1/events", {"events": [again, third]}, token).json()
    assert len(answer["accepted"]) == 2
    groups = {Knelpunt.objects.get(id=e["knelpunt"]).group_id for e in (first, again, third)}
    assert len(groups) == 1 and None not in groups
    refs = [Knelpunt.objects.get(id=e["knelpunt"]).ref for e in (first, again, third)]
    assert len(set(refs)) == 3

"""The room's server, guard by guard, against a real OpenSession and real HTTP: a wrong
token is 404, a POST without CSRF or with another Origin 403, a foreign Host 421, an
oversized body 413, a flood 429; nothing logged holds a token, an address or an answer;
the server listens only while a page is needed; answers reach the disk only when revealed."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from beraad.errors import BeraadError
from beraad.room.room import Room
from beraad.room.server import MAX_BODY

ANSWER = "Ik kies voor doorbetalen, want Bram-geheim-7731"
STEM = "Ik vind het juist om"


@pytest.fixture
async def room(services, stored_session):
    stored_session.go_to("afweging")
    services.store.save(stored_session)
    core = services.sessions.open(stored_session.id)
    room = Room(core, lan=lambda: "127.0.0.2")
    yield room
    await room.close()
    services.close()


@pytest.fixture
async def http():
    # a phone's cookie is for an address (127.0.0.1), which aiohttp's jar only keeps when told
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


def _phone(room: Room) -> str:
    return room.phone_url.replace("HTTP://", "http://")


async def _csrf(http, room: Room) -> dict[str, str]:
    page = await (await http.get(_phone(room))).text()
    csrf = page.split('name="csrf" content="')[1].split('"')[0]
    return {"X-CSRF-Token": csrf, "Origin": f"http://127.0.0.1:{room.server.port}"}


async def test_a_wrong_token_is_404_and_the_right_one_opens_the_page(room, http):
    await room.show_team(True)
    port = room.server.port
    assert (await http.get(room.team_url)).status == 200
    assert (await http.get(f"http://127.0.0.1:{port}/t/{'A' * 22}/")).status == 404
    assert (await http.get(f"http://127.0.0.1:{port}/t/{room.team_token[:-1]}/events")).status == 404
    assert (await http.get(f"http://127.0.0.1:{port}/P/{'A' * 26}/")).status == 404  # no round open: no phone page
    await room.open_round()
    assert (await http.get(_phone(room))).status == 200
    assert (await http.get(_phone(room).replace(room.phone_token, room.team_token))).status == 404
    assert (await http.get(room.team_url + "../../etc/passwd")).status == 404
    page = await http.get(room.team_url)
    assert (
        page.headers["Referrer-Policy"] == "no-referrer"
        and "script-src 'self'" in page.headers["Content-Security-Policy"]
    )


async def test_a_post_without_csrf_or_from_another_origin_is_403(room, http):
    await room.open_round()
    headers = await _csrf(http, room)
    choose = _phone(room) + "kies"
    assert (await http.post(choose, json={"deelnemer": "d2"}, headers={"Origin": headers["Origin"]})).status == 403
    assert (
        await http.post(choose, json={"deelnemer": "d2"}, headers={**headers, "Origin": "http://evil.example"})
    ).status == 403
    assert (
        await http.post(choose, json={"deelnemer": "d2"}, headers={"X-CSRF-Token": headers["X-CSRF-Token"]})
    ).status == 403
    assert (
        await http.post(choose, json={"deelnemer": "d2"}, headers={**headers, "X-CSRF-Token": "x" * 22})
    ).status == 403
    assert room.writing.seats()[0].taken is False  # none of those chose anyone
    chosen = await http.post(choose, json={"deelnemer": "d2"}, headers=headers)
    assert chosen.status == 200 and (await chosen.json())["mine"]["name"] == "Bram V."
    taken = await http.post(choose, json={"deelnemer": "d2"}, headers=headers)
    assert taken.status == 409 and "al gekozen" in (await taken.json())["melding"]


async def test_a_foreign_host_is_421_also_after_dns_rebinding(room, http):
    await room.show_team(True)
    port = room.server.port
    for host in (f"evil.example:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1", f"127.0.0.2:{port}"):
        assert (await http.get(room.team_url, headers={"Host": host})).status == 421, host
    assert (await http.get(room.team_url, headers={"Host": f"localhost:{port}"})).status == 200
    await room.use_network(True)  # the chosen network address is this server's too
    assert (await http.get(f"http://127.0.0.2:{port}/t/{room.team_token}/")).status == 200


async def test_an_oversized_body_is_413_and_nothing_of_it_is_kept(room, http):
    await room.open_round()
    headers = await _csrf(http, room)
    await http.post(_phone(room) + "kies", json={"deelnemer": "d3"}, headers=headers)
    big = {"antwoorden": {STEM: "x" * MAX_BODY}}
    assert (await http.post(_phone(room) + "antwoord", json=big, headers=headers)).status == 413

    async def chunks():  # no Content-Length: the limit holds while reading
        for _ in range(MAX_BODY // 1024 + 2):
            yield b"x" * 1024

    chunked = await http.post(_phone(room) + "antwoord", data=chunks(), headers=headers)
    assert chunked.status == 413
    assert room.writing.written() == []


async def test_a_flood_from_one_address_is_429(room, http):
    await room.show_team(True)
    statuses = [(await http.get(room.team_url + "room.css")).status for _ in range(200)]
    assert statuses[0] == 200 and 429 in statuses
    refused = await http.get(room.team_url)
    assert refused.status == 429 and "Wacht een paar seconden" in await refused.text()


async def test_nothing_logged_holds_a_token_an_address_or_an_answer(room, http, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    await room.show_team(True)
    await room.open_round()
    headers = await _csrf(http, room)
    await http.post(_phone(room) + "kies", json={"deelnemer": "d2"}, headers=headers)
    await http.post(_phone(room) + "antwoord", json={"antwoorden": {STEM: ANSWER}}, headers=headers)
    await http.post(_phone(room) + "antwoord", data=b"{not json", headers=headers)
    await http.get(room.team_url + "nope.js")
    await http.get(room.team_url, headers={"Host": "evil.example"})
    await room.reveal()
    logged = caplog.text + "".join(p.read_text(errors="replace") for p in (tmp_path / "data").rglob("*.log"))
    for secret in (room.team_token, headers["X-CSRF-Token"], "127.0.0.1", ANSWER, "geheim"):
        assert secret not in logged, secret


async def test_the_server_listens_only_while_a_page_is_needed(room, http):
    assert not room.listening
    await room.show_team(True)
    port = room.server.port
    await room.show_team(False)
    assert not room.listening
    with pytest.raises(aiohttp.ClientConnectionError):
        await http.get(f"http://127.0.0.1:{port}/t/{room.team_token}/")
    await room.open_round()  # phones need a page
    assert room.listening and room.server.port == port  # the same address as before, where it is free
    await room.reveal()
    assert not room.listening  # revealed, and the team screen is off
    await room.show_team(True)
    await room.close()
    assert not room.listening


async def test_answers_reach_the_disk_only_when_revealed(room, http, workspace):
    await room.show_team(True)  # the server stays up after the reveal
    await room.open_round()
    phone = _phone(room)
    headers = await _csrf(http, room)
    await http.post(phone + "kies", json={"deelnemer": "d2"}, headers=headers)
    sent = await http.post(phone + "antwoord", json={"antwoorden": {STEM: ANSWER}}, headers=headers)
    assert (await sent.json())["mine"]["written"] is True
    room.core.save()

    def on_disk() -> bool:
        return any(ANSWER.encode() in p.read_bytes() for p in workspace.root.rglob("*") if p.is_file())

    assert not on_disk()
    assert await room.reveal() == 1
    assert on_disk()
    assert room.core.session.value("afweging", "afwegingen") == {"d2": {STEM: ANSWER}}
    gone = await http.post(phone + "antwoord", json={"antwoorden": {STEM: "later"}}, headers=headers)
    assert gone.status == 404  # the phones' address ends with the round


async def test_the_local_network_is_opt_in_and_says_when_there_is_none(room):
    await room.show_team(True)
    assert room.lan is None and room.server.hosts == ["127.0.0.1"]
    assert await room.use_network(True) == "127.0.0.2"
    assert room.server.hosts == ["127.0.0.1", "127.0.0.2"]
    await room.open_round()
    assert room.phone_url.startswith("HTTP://127.0.0.2:")
    lonely = Room(room.core, lan=lambda: None)
    with pytest.raises(BeraadError, match="geen lokaal netwerk"):
        await lonely.use_network(True)
    await lonely.close()

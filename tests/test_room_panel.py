"""The room panel's wiring (F2 in a session): a round the method does not offer is refused
in Dutch, a write-first round shows its QR code and who has written, a wrong choice of name
is freed by the facilitator, and the local network is switched on only after the warning."""

from __future__ import annotations

from beraad.model import Session
from beraad.tui.screens.session import SessionScreen

from .conftest import PEOPLE, TODAY, keys, store_and_index, until


async def _panel(app, pilot, workspace, dilemma, step: str):
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    session.go_to(step)
    store_and_index(workspace, session)
    await app.workers.wait_for_complete()
    app.open_session(session.id)
    await until(pilot, lambda: isinstance(app.screen, SessionScreen))
    await keys(pilot, "f2")
    await until(pilot, lambda: type(app.screen).__name__ == "RoomScreen")
    return app.screen


def _status(screen) -> str:
    return str(screen.query_one("#room-status").render())


async def test_no_round_where_the_method_offers_none(make_app, workspace, dilemma):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await _panel(app, pilot, workspace, dilemma, "dilemma")
        assert "geen schrijfronde" in _status(panel)
        await keys(pilot, "s")
        assert panel.room.writing is None and not panel.room.listening
        assert any("biedt in 'Moreel dilemma' geen schrijfronde aan" in str(n.message) for n in app._notifications)


async def test_the_facilitator_frees_a_wrong_choice_and_the_network_asks_first(make_app, workspace, dilemma):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await _panel(app, pilot, workspace, dilemma, "afweging")
        await keys(pilot, "s")
        await until(pilot, lambda: panel.query_one("#room-qr").display, "the QR code")
        room = panel.room
        place = room.claim("d3")  # what the server does when a phone chooses Carla
        room.write(place, {"Ik vind het juist om": "iets"})
        await until(pilot, lambda: "✓ Carla Smit" in _status(panel))
        assert "iets" not in _status(panel)
        await keys(pilot, "x")
        await until(pilot, lambda: type(app.screen).__name__ == "ReleaseDialog")
        await keys(pilot, "enter")
        await until(pilot, lambda: app.screen is panel)
        assert not room.writing.seats()[2].taken and room.writing.written() == []

        await keys(pilot, "l")  # the local network: only after the plain-HTTP warning
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        assert "onversleuteld" in str(app.screen.query_one("#question").render())
        await keys(pilot, "n")
        assert room.lan is None

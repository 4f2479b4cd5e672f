"""The room as a team uses it, in Debian's Chromium: the team screen follows what the
facilitator types in the app; three phones write in silence, the facilitator reveals,
the answers are on the team screen without names and in the session file; the verslag
is read together on the team screen and vastgesteld in the app."""

from __future__ import annotations

from beraad.model import Session
from beraad.tui.screens.session import SessionScreen

from .conftest import PEOPLE, TODAY, keys, read_session_file, store_and_index, type_text, until

STEMS = ["Ik vind het juist om", "omdat (waarde)"]
WAIT = 10_000  # ms a page may take on a busy machine; bench/room.py measures the real figure


def _session(dilemma, step: str) -> Session:
    session = Session.start(dilemma, "Uitkering gestopt na vlucht", TODAY, PEOPLE, case_presenter=0)
    session.go_to(step)
    return session


async def _open_room(app, pilot, session_id: str, typed: str = "") -> None:
    await app.workers.wait_for_complete()
    app.open_session(session_id)
    await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session screen")
    if typed:  # the facilitator types in the round first
        await type_text(pilot, typed)
    await keys(pilot, "f2")
    await until(pilot, lambda: type(app.screen).__name__ == "RoomScreen", "the room panel")


async def test_the_team_screen_follows_typing_in_the_app(make_app, workspace, dilemma, chromium):
    session = _session(dilemma, "dilemma")
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_room(app, pilot, session.id)
        await keys(pilot, "t")
        await until(pilot, lambda: app.screen.room.team_url, "the team screen")
        room = app.screen.room
        await keys(pilot, "escape")
        page = await chromium.page(room.team_url)
        await chromium.run(lambda: page.get_by_role("heading", name="Moreel dilemma").wait_for(timeout=WAIT))

        await type_text(pilot, "Moet Anna de uitkering stoppen?")
        typed = page.get_by_text("Moet [casusinbrenger] de uitkering stoppen?")  # names are not for the room
        await chromium.run(lambda: typed.wait_for(timeout=WAIT))
        await keys(pilot, "f2", "n", "escape")  # the facilitator allows names
        await chromium.run(lambda: page.get_by_text("Moet Anna de uitkering stoppen?").wait_for(timeout=WAIT))
        await keys(pilot, "ctrl+n")  # the next round: the team screen goes along
        await chromium.run(
            lambda: page.get_by_role("heading", name="Perspectieven, waarden en normen").wait_for(timeout=WAIT)
        )
        await keys(pilot, "f2", "t")  # off: the page says so, the server stops
        await chromium.run(
            lambda: page.get_by_text("De gespreksleider heeft het teamscherm uitgezet.").wait_for(timeout=WAIT)
        )
        assert not room.listening


async def test_three_phones_write_the_facilitator_reveals_and_the_round_goes_on(make_app, workspace, dilemma, chromium):
    session = _session(dilemma, "afweging")
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        # what Bram said before the round, typed on the laptop: the reveal adds to it, loses nothing
        await _open_room(app, pilot, session.id, typed="eerder gezegd")
        await keys(pilot, "t", "s")
        await until(pilot, lambda: app.screen.room.phone_url, "the write-first round")
        room = app.screen.room
        beamer = await chromium.page(room.team_url)
        phones = {}
        for name, answer in [
            ("Bram V.", "doorbetalen"),
            ("Carla S.", "eerst bellen"),
            ("Dirk B.", "stoppen"),
        ]:
            phone = await chromium.page(room.phone_url, width=390, height=844)

            def write(phone=phone, name=name, answer=answer) -> None:
                phone.get_by_role("button", name=name, exact=True).click()
                phone.get_by_label(STEMS[0]).fill(f"{answer}, zegt iemand")
                phone.get_by_label(STEMS[1]).fill("menselijke maat")
                phone.get_by_role("button", name="Versturen").click()
                phone.get_by_text("Verstuurd.").wait_for(timeout=WAIT)

            await chromium.run(write)
            phones[name] = phone
        await chromium.run(lambda: beamer.get_by_text("3 van 4 hebben geschreven.").wait_for(timeout=WAIT))
        taken = await chromium.page(room.phone_url, width=390, height=844)  # a fourth phone: Bram is taken
        assert await chromium.run(lambda: taken.get_by_role("button", name="Bram V. (al gekozen)").is_disabled())
        assert "doorbetalen" not in str(app.screen.query_one("#room-status").render())  # who, never what
        assert "✓ Bram Visser" in str(app.screen.query_one("#room-status").render())
        assert "doorbetalen" not in str(read_session_file(workspace))

        await keys(pilot, "o")  # Anna (without a phone) has not written: the app asks first
        await keys(pilot, "j")
        await chromium.run(lambda: beamer.get_by_text("De afwegingen, in willekeurige volgorde").wait_for(timeout=WAIT))
        shown = await chromium.run(lambda: beamer.locator("#writing").inner_text())
        assert all(a in shown for a in ("doorbetalen", "eerst bellen", "stoppen")), shown
        assert not any(part in shown for name, _ in PEOPLE for part in name.split() if part[0].isupper())  # no names
        await chromium.run(lambda: phones["Carla S."].get_by_text("De antwoorden zijn onthuld").wait_for(timeout=WAIT))

        await keys(pilot, "escape")  # back in the round, which goes on as always: Anna on the laptop
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        await until(pilot, lambda: read_session_file(workspace)["values"]["afweging"]["afwegingen"].get("d2"))
        stored = read_session_file(workspace)["values"]["afweging"]["afwegingen"]
        assert stored["d2"] == {STEMS[0]: "eerder gezegd\ndoorbetalen, zegt iemand", STEMS[1]: "menselijke maat"}
        assert sorted(stored) == ["d2", "d3", "d4"]
        capture = app.screen.query_one("#veld-afwegingen")
        assert capture.value["d3"][STEMS[0]] == "eerst bellen, zegt iemand"  # on the laptop too
        assert room.listening  # the team screen is still on
        await keys(pilot, "escape")  # the session closes: so does the room
        await until(pilot, lambda: not room.listening, "the room closed with the session")


async def test_the_team_reads_the_verslag_and_sees_it_vastgesteld(make_app, workspace, dilemma, chromium):
    session = _session(dilemma, "conclusie")
    session.set_value("dilemma", "vraag", "Moet Anna de Groot de uitkering stoppen?")
    session.set_value("conclusie", "conclusies", "We vragen beleid om ruimte bij een vlucht.")
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_room(app, pilot, session.id)
        await keys(pilot, "v")
        await until(pilot, lambda: app.screen.room.report_html is not None, "the verslag made")
        room = app.screen.room
        beamer = await chromium.page(room.team_url)
        report = beamer.frame_locator("#report")
        await chromium.run(
            lambda: report.get_by_text("We vragen beleid om ruimte bij een vlucht.").first.wait_for(timeout=WAIT)
        )
        text = await chromium.run(lambda: report.locator("body").inner_text())
        assert "CONCEPT" in text and "Anna" not in text and "Groot" not in text
        await chromium.run(lambda: beamer.get_by_text("Het verslag, versie 1: concept").wait_for(timeout=WAIT))
        await keys(pilot, "pagedown")  # the facilitator turns the page from the app
        scrolled = "() => document.getElementById('report').contentWindow.scrollY > 100"
        await chromium.run(lambda: beamer.wait_for_function(scrolled, timeout=WAIT))

        await keys(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        await keys(pilot, "ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await keys(pilot, "ctrl+r", "ctrl+g")
        await type_text(pilot, "het team")
        await keys(pilot, "enter")
        await chromium.run(lambda: report.get_by_text("vastgesteld op").wait_for(timeout=WAIT))
        await chromium.run(lambda: beamer.get_by_text("Het verslag, versie 1: vastgesteld.").wait_for(timeout=WAIT))

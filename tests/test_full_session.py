"""A whole dilemma-method session, driven only by key presses, then read back from disk."""

from __future__ import annotations

import os
import stat

from beraad.tui.screens.home import HomeScreen
from beraad.tui.screens.session import SessionScreen

from .conftest import PEOPLE, fill, read_session_file, type_text


async def _next(pilot, step_id: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert pilot.app.screen.session.current_step == step_id


def _focused_id(pilot) -> str:
    return pilot.app.focused.id or ""


async def test_complete_session_by_keyboard(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # Home -> new session form
        await pilot.press("n")
        await type_text(pilot, "Uitkering gestopt na vlucht")
        await pilot.press("tab", "tab")
        await fill(pilot, "Team WI Noord", "JdV")
        for name, role in PEOPLE:
            await pilot.press("tab")
            await type_text(pilot, name)
            await pilot.press("tab")
            await type_text(pilot, role)
        await pilot.press("tab", "tab")  # past "+ Deelnemer toevoegen" to the people in the case
        await type_text(pilot, "Linda Bakker, Ricardo")
        await pilot.press("tab")  # the case presenter
        await pilot.press("enter", "down", "down", "enter")  # the second participant
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

        # Opening: text, checklist, text
        assert _focused_id(pilot) == "veld-doelen-tekst"
        await type_text(pilot, "Leren van elkaar")
        await pilot.press("tab", "space", "down", "space", "tab")
        await type_text(pilot, "Alleen het team")

        await _next(pilot, "casus")
        await fill(pilot, "Mevrouw A. vlucht naar haar zus", "Het moment van de stopzetting")

        await _next(pilot, "verheldering")
        await type_text(pilot, "Anonieme tip")
        await pilot.press("enter")
        await type_text(pilot, "Politie adviseerde vertrek")

        await _next(pilot, "dilemma")
        await fill(pilot, "Moet ik de uitkering stoppen?", "stoppen", "geen inkomen", "doorbetalen", "onrechtmatig")
        await pilot.press("tab", "enter")  # "+ Optie toevoegen"
        await fill(pilot, "deels", "onduidelijk")

        await _next(pilot, "perspectieven")
        await fill(pilot, "Inwoner", "bestaanszekerheid", "inkomen loopt door")
        await pilot.press("ctrl+r")
        await fill(pilot, "Gemeente", "rechtmatigheid", "regels volgen")

        await _next(pilot, "alternatieven")
        await type_text(pilot, "Voorschot")
        await pilot.press("enter")
        await type_text(pilot, "Hardheidsclausule")

        await _next(pilot, "afweging")
        await pilot.press("tab")  # from the participant tabs into the first stem
        for number in range(4):
            for stem in range(5):
                await type_text(pilot, f"p{number}s{stem}")
                if stem < 4:
                    await pilot.press("tab")
            waiting = app.screen.query_one("#veld-afwegingen-wachtend").render()
            assert PEOPLE[number][0] not in str(waiting)
            await pilot.press("ctrl+o")
        assert "Iedereen is aan de beurt geweest" in str(app.screen.query_one("#veld-afwegingen-wachtend").render())

        await _next(pilot, "dialoog")
        await fill(pilot, "Menselijke maat", "Rol van handhaving", "Waarden")

        await _next(pilot, "conclusie")
        await fill(pilot, "Ruimte benutten", "Casus agenderen", "teamleider", "december")
        await pilot.press("tab", "tab")  # past "+ Actie toevoegen"
        await type_text(pilot, "Inlichtingenplicht na vlucht")

        await _next(pilot, "evaluatie")
        await fill(pilot, "Ja", "Rustig tempo", "Meer tijd voor ronde 4")
        for score in "4534":
            await pilot.press("tab", score)
        await pilot.press("tab")
        await type_text(pilot, "Vervolg over zes maanden")

        # Past the last step: finish the session.
        await pilot.press("ctrl+n")
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    data = read_session_file(workspace)
    values = data["values"]
    assert data["title"] == "Uitkering gestopt na vlucht"
    assert data["team"] == "Team WI Noord"
    assert data["facilitator"] == "JdV"
    assert [(p["name"], p["role"]) for p in data["participants"]] == PEOPLE
    assert data["case_presenter"] == "d2"
    assert data["case_people"] == ["Linda Bakker", "Ricardo"]
    assert data["status"] == "afgerond"
    assert data["method"]["id"] == "dilemmamethode" and data["method"]["versie"] == "1.0"
    assert values["opening"] == {
        "doelen": "Leren van elkaar",
        "afspraken": [
            "Spelregels voorgelezen en door iedereen onderschreven",
            "Vertrouwelijkheid afgesproken",
        ],
        "verslag": "Alleen het team",
    }
    assert values["casus"] == {
        "verhaal": "Mevrouw A. vlucht naar haar zus",
        "hittepunt": "Het moment van de stopzetting",
    }
    assert values["verheldering"] == {"feiten": ["Anonieme tip", "Politie adviseerde vertrek"]}
    assert values["dilemma"] == {
        "vraag": "Moet ik de uitkering stoppen?",
        "opties": [
            {"optie": "stoppen", "schade": "geen inkomen"},
            {"optie": "doorbetalen", "schade": "onrechtmatig"},
            {"optie": "deels", "schade": "onduidelijk"},
        ],
    }
    assert values["perspectieven"] == {
        "tabel": [
            {"Perspectief": "Inwoner", "Waarde": "bestaanszekerheid", "Norm": "inkomen loopt door"},
            {"Perspectief": "Gemeente", "Waarde": "rechtmatigheid", "Norm": "regels volgen"},
        ]
    }
    assert values["alternatieven"] == {"lijst": ["Voorschot", "Hardheidsclausule"]}
    stems = data["method"]["stappen"][6]["velden"][0]["stammen"]
    assert values["afweging"]["afwegingen"] == {
        f"d{n + 1}": {stem: f"p{n}s{i}" for i, stem in enumerate(stems)} for n in range(4)
    }
    assert values["dialoog"] == {"eens": ["Menselijke maat"], "verschillen": ["Rol van handhaving"], "aard": "Waarden"}
    assert values["conclusie"] == {
        "conclusies": "Ruimte benutten",
        "acties": [{"wat": "Casus agenderen", "wie": "teamleider", "wanneer": "december"}],
        "signalen": ["Inlichtingenplicht na vlucht"],
    }
    assert values["evaluatie"] == {
        "doelen_bereikt": "Ja",
        "hielp": ["Rustig tempo"],
        "anders": ["Meer tijd voor ronde 4"],
        "score": {"d1": 4, "d2": 5, "d3": 3, "d4": 4},
        "volgende_keer": "Vervolg over zes maanden",
    }
    assert stat.S_IMODE(os.stat(workspace.sessions).st_mode) == 0o700
    for path in workspace.sessions.iterdir():
        if path.is_file():
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

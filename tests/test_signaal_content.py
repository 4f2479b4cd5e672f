"""A signaal says what the team asks of this addressee: only the actions the team linked to
the knelpunt, with dates instead of "binnen twee weken", and a request worded from where the
knelpunt comes from (an ICT knelpunt is not asked about budget)."""

from __future__ import annotations

from datetime import date

from beraad import demo, report
from beraad.anonymise import Anonymiser
from beraad.core.register import signal_details
from beraad.core.session import _signals
from beraad.model.bottleneck import SOURCES, request_for
from beraad.report import content
from beraad.settings import Route
from beraad.tui.screens.bottleneck import BottleneckForm, BottleneckList

from .conftest import TODAY, keys, services_for, store_and_index, until


def test_the_request_is_worded_from_the_source():
    assert request_for([SOURCES[4]]) == "Laat uitzoeken of het systeem of de gegevensuitwisseling kan worden aangepast."
    assert request_for([SOURCES[2], SOURCES[6]]).startswith(
        "Bekijk of de werkinstructie of werkwijze moet veranderen; en"
    )
    assert request_for([]) == ""


def test_a_signaal_carries_its_own_actions_and_asks_from_its_source(workspace, dilemma):
    session = demo.session(dilemma, TODAY)
    session.bottlenecks[1].sources = [SOURCES[4], SOURCES[2]]  # ICT and werkinstructie, for management
    session.review.reviewed = content.fingerprint(session)
    anonymiser = Anonymiser(content.known_people(session), use_deduce=False, planned_from=session.date)
    session.approvals.append(
        content.approval(session, content.build(session, anonymiser), "het team", date(2026, 11, 30))
    )
    store_and_index(workspace, session)
    (workspace.root / "routes.toml").write_text(
        '[[routes]]\nadressaat = "management"\nvraag = "Is hier capaciteit, budget of samenwerking nodig?"\n',
        encoding="utf-8",
    )
    signals = _signals(session, services_for(workspace, today=date(2026, 11, 30)))
    files = report.export(session, workspace, ("md",), anonymiser=anonymiser, signals=signals)
    first, second = sorted(p.read_text(encoding="utf-8") for p in files if p.name.startswith("signaal-"))
    assert "Knelpunt agenderen bij beleid" in first and "Werkafspraak met Veilig Thuis" not in first
    assert "Werkafspraak met Veilig Thuis opstellen | teamleider | 01-03-2027" in second  # a date, not "voor 1 maart"
    assert "Casus terugleggen" not in first + second  # about the resident's own case: not beyond the team
    assert "gegevensuitwisseling kan worden aangepast" in second and "budget" not in second


def test_the_routes_question_is_asked_when_no_source_is_known():
    from beraad.core.register import Row, Terms
    from beraad.model.register import Entry

    row = Row("s/k", "KP-2026-0001", "Titel", "gesignaleerd", (), "", "Team", "beleid", TODAY, True, "s", "S", "KP-2026-0001", entry=Entry("u", "s/k", "KP-2026-0001"))  # fmt: skip
    route = Route.model_validate({"adressaat": "beleid", "vraag": "Past de beleidsregel?"})
    assert signal_details(row, route, Terms(), TODAY, "het team")["gevraagd"] == "Past de beleidsregel?"


async def test_the_knelpunt_form_links_the_sessions_actions(make_app, workspace, stored_session):
    stored_session.go_to("conclusie")
    stored_session.set_value(
        "conclusie",
        "acties",
        [
            {"wat": "Casus terugleggen", "wie": "klantmanager", "wanneer": "01-12-2026"},
            {"wat": "Knelpunt agenderen bij beleid", "wie": "teamleider", "wanneer": "07-12-2026"},
        ],
    )
    from beraad.model.bottleneck import Bottleneck

    stored_session.bottlenecks.append(Bottleneck(id="k", title="Inlichtingenplicht", step_id="conclusie"))
    store_and_index(workspace, stored_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, BottleneckList))
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, BottleneckForm))
        actions = app.screen.query_one("#k-actions")
        actions.focus()
        await until(pilot, lambda: app.focused is actions)
        actions.highlighted = 0
        await keys(pilot, "down", "space")  # the second action belongs to it
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, BottleneckForm))
        await keys(pilot, "escape", "ctrl+q")
    from .conftest import read_session_file

    assert read_session_file(workspace)["bottlenecks"][0]["actions"] == ["Knelpunt agenderen bij beleid"]


def test_no_request_reads_to_the_anonymiser_as_a_name_or_place():
    """A request starts with a verb in capitals; 'Leg dit knelpunt voor' went out as
    '[plaats 1] dit knelpunt voor'. Every request passes the real anonymiser unchanged."""
    anonymiser = Anonymiser([])
    for source in SOURCES:
        request = request_for([source])
        found = anonymiser.find(request)
        assert found.text == request and not found.possible, request

"""The register of knelpunten across sessions: references, the lifecycle with dates, what
is due and overdue, knelpunten seen again, filters, and suggestions while flagging."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from beraad.anonymise import Anonymiser
from beraad.core.register import Filter, Register, Similar, Terms, conflict_lines, due_of, routed_text, select
from beraad.errors import BeraadError
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.model.register import Entry, LifecycleError, LogEvent, Step, knelpunt_uuid, origin_code
from beraad.report import content
from beraad.store.eventlog import RegisterError, RegisterLog
from beraad.workspace import Workspace

from .conftest import register_of, services_for, store_and_index


def _session(dilemma, title, day, team, *knelpunten: Bottleneck, approved: bool = True) -> Session:
    session = Session.start(dilemma, title, day, [], team=team)
    session.bottlenecks = list(knelpunten)
    if approved:
        approve(session, day)
    return session


def approve(session: Session, day: date) -> None:
    """The team approved the verslag as it stands (vastgesteld)."""
    built = content.build(session, Anonymiser(use_deduce=False))
    session.approvals.append(content.approval(session, built, "het team", day))


def _knelpunt(id_: str, title: str, regulation: str = "", same_as: str | None = None, **more) -> Bottleneck:
    return Bottleneck(id=id_, title=title, regulation=regulation, step_id="conclusie", same_as=same_as, **more)


@pytest.fixture
def sessions(workspace, dilemma):
    march = _session(
        dilemma,
        "Vlucht",
        date(2026, 3, 10),
        "Team Noord",
        _knelpunt(
            "a",
            "Inlichtingenplicht knelt na vlucht",
            "Participatiewet art. 17",
            sources=["landelijke wet- en regelgeving"],
        ),
        _knelpunt("b", "Geen voorschot bij digitale aanvraag", "lokale beleidsregel"),
    )
    april = _session(
        dilemma,
        "Zoon thuis",
        date(2026, 4, 14),
        "Team Zuid",
        _knelpunt("c", "Kostendelersnorm houdt zoon op straat", "Participatiewet art. 22a"),
    )
    may = _session(
        dilemma,
        "Weer een vlucht",
        date(2027, 5, 2),
        "Team Noord",
        _knelpunt("d", "Inlichtingenplicht en vlucht, opnieuw", "Participatiewet art. 17", same_as=f"{march.id}/a"),
    )
    store_and_index(workspace, march, april, may)
    return march, april, may


def _register(workspace, today=date(2026, 6, 1), feedback_weeks: int | None = None) -> Register:
    """The register as a command sees it on that day; feedback_weeks: beleid's term in the route map."""
    if feedback_weeks is not None:
        (workspace.root / "routes.toml").write_text(
            f'[[routes]]\nadressaat = "beleid"\nbinnen_weken = {feedback_weeks}\n', encoding="utf-8"
        )
    return register_of(workspace, today)


def _step(status: str, day: date, **given) -> Step:
    return Step.make(status, day, **given)


def test_every_knelpunt_gets_a_stable_reference_of_this_workspace(workspace, sessions, tmp_path):
    register = _register(workspace)
    first = {row.key: row.ref for row in register.rows()}
    march, may = sessions[0], sessions[2]
    code = origin_code(register.log.origin)
    assert {first[f"{march.id}/a"], first[f"{march.id}/b"]} < {f"KP-{code}-2026-000{n}" for n in (1, 2, 3)}
    assert first[f"{may.id}/d"] == f"KP-{code}-2027-0001"
    assert {row.key: row.ref for row in _register(workspace).rows()} == first
    # another laptop issues references of its own: never the same ones
    other = Workspace(tmp_path / "ander")
    store_and_index(other, *sessions)
    theirs = {row.ref for row in register_of(other).rows()}
    assert theirs and not theirs & set(first.values())


def test_a_knelpunt_goes_through_its_lifecycle_as_events_with_ids_origin_and_order(workspace, sessions):
    march = sessions[0]
    register = _register(workspace)
    key = f"{march.id}/a"
    register.advance(key, _step("geagendeerd", date(2026, 3, 20), role="teamleider", to_whom="beleid", how="overleg"))
    register.advance(key, _step("in behandeling", date(2026, 4, 1), role="beleidsmedewerker"))
    with pytest.raises(BeraadError, match="stap terug"):
        register.advance(key, _step("geagendeerd", date(2026, 4, 2), to_whom="management"))
    with pytest.raises(LifecycleError, match="waarom"):
        _step("afgerond", date(2026, 5, 1), outcome="niet opgelost")
    register.advance(
        key, _step("afgerond", date(2026, 5, 1), role="beleid", outcome="niet opgelost", note="Landelijke wet")
    )
    register.advance(key, _step("teruggekoppeld", date(2026, 5, 8), role="teamleider", note="Gemeld bij VNG"))
    entry = _register(workspace).find(key).entry
    assert [s.status for s in entry.steps] == ["geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
    assert entry.steps[0].to_whom == "beleid" and entry.steps[2].note == "Landelijke wet"
    log = register.history(key)
    steps = [e for e in log if e.kind == "step"]
    assert [e.role for e in steps] == ["teamleider", "beleidsmedewerker", "beleid", "teamleider"]
    assert len({e.id for e in log}) == len(log) and {e.knelpunt for e in log} == {register.find(key).uuid}
    assert {e.origin for e in log} == {register.log.origin}
    seqs = [e.seq for e in log]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert all(e.recorded_at.endswith("+00:00") for e in log)


def test_steps_need_an_agenda_first_and_dates_in_order_and_within_bounds(workspace, sessions):
    key = f"{sessions[0].id}/b"  # flagged on 10-03-2026
    register = _register(workspace)
    with pytest.raises(BeraadError, match="Agendeer"):
        register.advance(key, _step("in behandeling", date(2026, 4, 1)))
    with pytest.raises(BeraadError, match="voor de sessie waarin het werd gesignaleerd"):
        register.advance(key, _step("geagendeerd", date(2020, 1, 1), to_whom="beleid"))
    with pytest.raises(BeraadError, match="meer dan een jaar vooruit"):
        register.advance(key, _step("geagendeerd", date(2031, 1, 1), to_whom="beleid"))
    with pytest.raises(BeraadError, match="kan niet kloppen"):
        register.advance(key, _step("geagendeerd", date(1, 1, 1), to_whom="beleid"))
    register.advance(key, _step("geagendeerd", date(2026, 4, 1), to_whom="beleid"))
    with pytest.raises(BeraadError, match="voor de vorige stap"):
        register.advance(key, _step("in behandeling", date(2026, 3, 1)))
    assert [s.status for s in register.find(key).entry.steps] == ["geagendeerd"]


def test_a_wrong_step_is_corrected_or_withdrawn_with_a_reason_and_nothing_is_rewritten(workspace, sessions):
    key = f"{sessions[0].id}/a"
    register = _register(workspace, today=date(2026, 6, 1))
    register.advance(key, _step("geagendeerd", date(2026, 5, 30), to_whom="beleid", role="teamleider"))
    (step,) = register.find(key).entry.steps
    wrong_year = _step("geagendeerd", date(2027, 5, 30), to_whom="beleid")
    with pytest.raises(BeraadError, match="Zeg waarom"):
        register.correct(key, step.id, wrong_year, " ")
    register.correct(key, step.id, _step("geagendeerd", date(2026, 3, 30), to_whom="beleid"), "Tikfout in de maand")
    (corrected,) = register.find(key).entry.steps
    assert corrected.date == date(2026, 3, 30) and corrected.corrections == ["Tikfout in de maand"]
    assert corrected.id == step.id and corrected.role == "teamleider"
    register.advance(key, _step("in behandeling", date(2026, 4, 2)))
    with pytest.raises(BeraadError, match="na de stap erna"):
        register.correct(key, step.id, _step("geagendeerd", date(2026, 4, 20), to_whom="beleid"), "later")
    with pytest.raises(BeraadError, match="Alleen de laatste stap"):
        register.withdraw(key, step.id, "verkeerd")
    last = register.find(key).entry.steps[-1]
    register.withdraw(key, last.id, "Stond bij het verkeerde knelpunt", role="teamleider")
    entry = register.find(key).entry
    assert entry.status == "geagendeerd" and entry.withdrawn[0].reason == "Stond bij het verkeerde knelpunt"
    kinds = [e.kind for e in register.history(key)]
    assert kinds == ["agreed", "step", "correction", "step", "withdrawal"]  # the log only grows
    register.advance(key, _step("in behandeling", date(2026, 4, 3)))  # and the lifecycle goes on


def test_the_history_of_a_correction_says_what_each_field_was(workspace, sessions):
    key = f"{sessions[0].id}/a"
    register = _register(workspace, today=date(2026, 6, 1))
    register.advance(key, _step("geagendeerd", date(2026, 5, 30), to_whom="beleid", how="mail", role="teamleider"))
    (step,) = register.find(key).entry.steps
    register.correct(key, step.id, _step("geagendeerd", date(2026, 5, 29), to_whom="beleid", how="mail"), "Dag")
    register.correct(
        key, step.id, _step("geagendeerd", date(2026, 5, 29), to_whom="management", note="in het MT"), "Bij wie"
    )
    found = register.corrections(register.find(key))
    assert [(c.reason, c.was) for c in found[step.id]] == [
        ("Dag", (("datum", "30-05-2026"),)),
        ("Bij wie", (("bij wie", "beleid"), ("hoe", "mail"), ("notitie", "(leeg)"))),
    ]


def test_deleting_a_session_keeps_the_agreed_knelpunt_and_its_history(workspace, sessions, dilemma):
    march = sessions[0]
    concept = _session(
        dilemma, "Concept", date(2026, 3, 11), "Team Oost", _knelpunt("z", "Nooit vastgesteld"), approved=False
    )
    store_and_index(workspace, concept)
    register = _register(workspace)
    key = f"{march.id}/a"
    register.advance(key, _step("geagendeerd", date(2026, 3, 20), to_whom="beleid", role="teamleider"))
    ref = register.find(key).ref
    services = services_for(workspace, today=date(2026, 6, 1))
    services.store.delete(march.id)
    services.store.delete(concept.id)
    services.store.refresh()
    rows = {r.ref: r for r in services.register.rows()}
    kept = rows[ref]
    assert not kept.present and kept.status == "geagendeerd" and kept.title == "Inlichtingenplicht knelt na vlucht"
    assert kept.session_title == "(sessie verwijderd)" and kept.team == "Team Noord"
    assert [s.to_whom for s in kept.entry.steps] == ["beleid"]
    assert "Nooit vastgesteld" not in {r.title for r in rows.values()}  # never agreed: gone with its session
    assert f"{march.id}/b" in {r.key for r in rows.values()}  # the other agreed one stays too


def test_a_register_of_an_earlier_beraad_is_taken_over_with_its_references_and_history(workspace, dilemma):
    march = _session(dilemma, "Vlucht", date(2026, 3, 10), "Team Noord", _knelpunt("a", "Inlichtingenplicht"))
    march.bottlenecks[0].uid = knelpunt_uuid(f"{march.id}/a")  # as the session file's migration gives it
    store_and_index(workspace, march)
    old = workspace.root / "register" / "knelpunten.json"
    old.parent.mkdir()
    history = [{"status": "geagendeerd", "date": "2026-03-20", "role": "teamleider", "note": "", "to_whom": "beleid",
                "how": "overleg", "outcome": None}]  # fmt: skip
    old.write_text(
        json.dumps(
            {
                "meta": {"1": {"version": 1, "counters": {"2026": 1}}},
                "knelpunten": {"1": {"key": f"{march.id}/a", "ref": "KP-2026-0001", "events": history}},
            }
        ),
        encoding="utf-8",
    )
    row = _register(workspace).find("KP-2026-0001")
    assert row.key == f"{march.id}/a" and row.status == "geagendeerd" and row.entry.steps[0].how == "overleg"
    assert not old.exists() and old.with_name("knelpunten.json.gemigreerd").exists()
    assert _register(workspace).find("kp-2026-0001").ref == "KP-2026-0001"  # once, and found in any case


def test_what_is_due_and_overdue(workspace, sessions):
    march = sessions[0]
    key = f"{march.id}/a"
    rows = {r.key: r for r in _register(workspace, today=date(2026, 4, 1)).rows()}
    assert rows[key].due.what == "agenderen" and rows[key].due.day == date(2026, 4, 7)
    assert not rows[key].overdue
    rows = {r.key: r for r in _register(workspace, today=date(2026, 4, 8)).rows()}
    assert rows[key].overdue
    register = _register(workspace, today=date(2026, 4, 8), feedback_weeks=6)
    register.advance(key, _step("geagendeerd", date(2026, 4, 8), to_whom="beleid"))
    row = register.find(key)
    # six weeks from the day the team agreed on it (10 March), whenever it was agendered:
    # the date its signaal named
    assert row.due.what == "terugkoppeling" and row.due.day == date(2026, 4, 21) and not row.overdue
    later = _register(workspace, today=date(2026, 4, 22))
    assert later.find(key).overdue
    assert later.overdue() >= 1


def test_a_date_of_any_value_in_a_session_never_breaks_the_register(workspace, dilemma):
    far = _session(dilemma, "Ver weg", date(9999, 12, 31), "Team Noord", _knelpunt("f", "Heel ver weg"))
    store_and_index(workspace, far)
    (row,) = _register(workspace).rows()
    assert row.flagged == date(9999, 12, 31) and row.due is not None and row.due.day == date.max
    assert "31-12-9999" in [f"{row.flagged:%d-%m-%Y}"]


def test_a_knelpunt_leaves_the_team_only_from_a_vastgesteld_verslag(workspace, dilemma):
    concept = _session(
        dilemma, "Nog concept", date(2026, 3, 10), "Team Noord", _knelpunt("x", "Nog niet vastgesteld"), approved=False
    )
    store_and_index(workspace, concept)
    register = _register(workspace, today=date(2026, 3, 12))
    (row,) = register.rows()
    assert not row.approved and row.due.what == "verslag vaststellen"
    assert register.log.unsent() == []  # nothing of it would go to a server
    with pytest.raises(BeraadError, match="vastgesteld verslag"):
        register.advance(row.key, _step("geagendeerd", date(2026, 3, 12), to_whom="beleid"))
    approve(concept, date(2026, 3, 12))
    store_and_index(workspace, concept)
    register = _register(workspace, today=date(2026, 3, 12))
    (row,) = register.rows()
    assert row.approved and row.due.what == "agenderen"
    assert row.agreed["titel"] == "Nog niet vastgesteld" and row.agreed["versie"] == 1
    register.advance(row.key, _step("geagendeerd", date(2026, 3, 12), to_whom="beleid"))
    assert [e.kind for e in register.log.unsent()] == ["agreed", "step"]


def test_rows_are_read_once_and_again_when_another_window_changed_the_register(workspace, sessions):
    march = sessions[0]
    register = _register(workspace)
    rows = register.rows()
    assert register.rows() is rows  # nothing changed: the rows already read
    other = _register(workspace)  # another window records a step
    other.advance(f"{march.id}/a", _step("geagendeerd", date(2026, 3, 20), to_whom="beleid"))
    again = register.rows()
    assert again is not rows
    assert next(r for r in again if r.key == f"{march.id}/a").status == "geagendeerd"


def test_check_back_six_months_after_agendering():
    entry = Entry("u", "s/k", "KP-2026-0001")
    entry.steps = [
        _step("geagendeerd", date(2026, 3, 31), to_whom="beleid"),
        _step("teruggekoppeld", date(2026, 4, 10), note="Nee, en dit is waarom"),
    ]
    due = due_of(entry, date(2026, 3, 1), "beleid", Terms())
    assert due is not None and due.what == "terugkijken" and due.day == date(2026, 9, 30)
    assert due_of(entry, date(2026, 3, 1), "beleid", Terms(check_back_months=3)).day == date(2026, 6, 30)


def test_the_signaal_and_the_register_give_the_same_date_for_feedback():
    """Agendered with a person the route map does not know ("wethouder"): both take the
    weeks of the addressee the team chose, not the default."""
    from beraad.core.register import Row, signal_details

    terms = Terms(feedback_weeks={"beleid": 4})
    entry = Entry("u", "s/k", "KP-2026-0001")
    entry.steps = [_step("geagendeerd", date(2026, 11, 23), to_whom="wethouder", how="overleg")]
    due = due_of(entry, date(2026, 11, 1), "beleid", terms)
    assert due is not None and due.what == "terugkoppeling" and due.day == date(2026, 12, 21)
    row = Row(
        "s/k", "KP-2026-0001", "Titel", entry.status, (), "", "Team", "beleid", date(2026, 11, 1), True, "s", "S",
        "KP-2026-0001", entry=entry,
    )  # fmt: skip
    details = signal_details(row, None, terms, date(2026, 11, 20), "het team")
    assert details["terugkoppeling_voor"] == "21-12-2026"


def test_the_same_knelpunt_seen_again_forms_one_group(workspace, sessions):
    march, _, may = sessions
    rows = {r.key: r for r in _register(workspace).rows()}
    first, again = rows[f"{march.id}/a"], rows[f"{may.id}/d"]
    assert first.group == again.group == first.ref
    assert (first.seen, first.teams, first.first_seen, first.last_seen) == (2, 1, date(2026, 3, 10), date(2027, 5, 2))
    assert again.seen_text() == "2 keer gezien sinds maart 2026"
    assert rows[f"{march.id}/b"].seen == 1 and rows[f"{march.id}/b"].seen_text() == ""


def test_events_from_a_server_are_taken_once_and_a_disagreement_stays_visible(workspace, sessions):
    key = f"{sessions[0].id}/a"
    register = _register(workspace)
    register.advance(key, _step("geagendeerd", date(2026, 3, 20), to_whom="beleid", role="teamleider"))
    knelpunt = register.find(key).uuid
    server = "9d1b2c3a-0000-4000-8000-00000000beef"
    answer = LogEvent(
        "5b0c8f6e-1111-4111-8111-111111111111", knelpunt, server, 7, "step",
        "2026-04-02T09:00:00.000000+00:00", "beleidsmedewerker", "beleid@gemeente.nl",
        {"status": "afgerond", "date": "2026-04-02", "outcome": "niet opgelost", "note": "Landelijke wet; gemeld bij VNG"},
    )  # fmt: skip
    reference = LogEvent(
        "5b0c8f6e-2222-4222-8222-222222222222", knelpunt, server, 8, "reference",
        "2026-04-02T09:00:01.000000+00:00", "", None, {"ref": "KP-2026-0042"},
    )  # fmt: skip
    assert register.log.receive([(answer, 11), (reference, 12)]) == 2
    assert register.log.receive([(answer, 11)]) == 0  # the same event again: taken once
    row = _register(workspace).find("KP-2026-0042")
    assert row.status == "afgerond" and row.entry.steps[-1].note.startswith("Landelijke wet")
    assert row.local_ref.startswith("KP-") and _register(workspace).find(row.local_ref).ref == "KP-2026-0042"
    # the team records its own 'afgerond' meanwhile (offline): both stay, none wins in silence
    mine = LogEvent.new(knelpunt, "step", _step("afgerond", date(2026, 4, 3), outcome="opgelost").data())
    register.log.append(knelpunt, [mine])
    entry = _register(workspace).find(key).entry
    assert [s.outcome for s in entry.steps if s.status == "afgerond"] == ["niet opgelost", "opgelost"]
    assert entry.conflicts == 1
    lines = conflict_lines(entry, register.log.origin)
    assert lines[0] == "'afgerond' is twee keer vastgelegd, op verschillende plekken:"
    assert lines[1] == "- 02-04-2026, door beleidsmedewerker (beleid@gemeente.nl) op de server van de gemeente: " \
        "niet opgelost; Landelijke wet; gemeld bij VNG"  # fmt: skip
    assert lines[2] == "- 03-04-2026, door iemand zonder rol op deze laptop: opgelost"
    # the team withdraws its own: the conflict is settled, both stay in the history
    register.withdraw(key, mine.id, "Beleid had het al afgerond", "teamleider")
    row = _register(workspace).find(key)
    assert row.conflicts == 0 and conflict_lines(row.entry, register.log.origin) == []
    assert len(row.entry.withdrawn) == 1


def test_a_route_from_the_server_leaves_the_addressee_and_bij_wie_is_the_contact(workspace, sessions):
    key = f"{sessions[0].id}/a"
    register = _register(workspace)
    addressee = register.find(key).addressee
    register.advance(key, _step("geagendeerd", date(2026, 3, 20), to_whom="beleidsadviseur Wmo", role="teamleider"))
    knelpunt = register.find(key).uuid
    server = "9d1b2c3a-0000-4000-8000-00000000beef"
    routed = LogEvent(
        "5b0c8f6e-3333-4333-8333-333333333333", knelpunt, server, 9, "route",
        "2026-04-02T09:00:00.000000+00:00", "coordinator", "coordinator@gemeente.nl", {"addressee": "Wmo-team"},
    )  # fmt: skip
    assert register.log.receive([(routed, 13)]) == 1
    row = _register(workspace).find(key)
    assert (row.addressee, row.routed_to) == (addressee, "Wmo-team")
    assert row.entry.steps[0].to_whom == "beleidsadviseur Wmo"
    assert routed_text(row) == "door de gemeente gerouteerd naar Wmo-team"


def test_filter_search_and_sort(workspace, sessions):
    rows = _register(workspace).rows()
    assert {r.title for r in select(rows, Filter(team="zuid"))} == {"Kostendelersnorm houdt zoon op straat"}
    assert len(select(rows, Filter(regulation="participatiewet"))) == 3
    assert len(select(rows, Filter(source="landelijke"))) == 1
    assert len(select(rows, Filter(since=date(2027, 1, 1)))) == 1
    assert [r.title for r in select(rows, Filter(text="voorschot"))] == ["Geen voorschot bij digitale aanvraag"]
    by_title = [r.title for r in select(rows, Filter(), sort="titel")]
    assert by_title == sorted(by_title, key=str.casefold)
    overdue_first = select(_register(workspace, today=date(2026, 12, 1)).rows(), Filter())
    assert [r.overdue for r in overdue_first] == sorted((r.overdue for r in overdue_first), reverse=True)


def test_suggestions_while_flagging_rank_the_same_regulation_first(workspace, sessions):
    register = _register(workspace)
    similar = Similar(register.rows(), register.descriptions())
    found = similar.suggest("Inlichtingenplicht bij vluchten", regulation="Participatiewet artikel 17")
    assert found and found[0].row.title.startswith("Inlichtingenplicht")
    assert "zelfde regelgeving" in found[0].why
    assert len({s.row.group for s in found}) == len(found)  # one suggestion per group
    assert similar.suggest("iets heel anders over parkeren") == []
    # another form of the same word is found, words every sentence has find nothing
    assert similar.suggest("inlichtingenplichten")[0].row.title.startswith("Inlichtingenplicht")
    assert similar.suggest("van het een voor de") == []
    march = sessions[0]
    assert all(s.row.session_id != march.id for s in similar.suggest("Geen voorschot", exclude_session=march.id))


RECORD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from beraad.core.services import Services
    from beraad.model.register import Step
    from beraad.workspace import Workspace
    services = Services(Workspace(Path(sys.argv[1])), today=lambda: date(2027, 6, 1))
    for key in sys.argv[2:]:
        services.register.advance(key, Step.make("geagendeerd", date(2027, 6, 1), to_whom="beleid"))
    """
)


def test_two_windows_changing_the_register_at_once_lose_nothing(workspace, sessions):
    keys = [r.key for r in _register(workspace).rows()]
    half = len(keys) // 2
    processes = [
        subprocess.Popen([sys.executable, "-c", RECORD, str(workspace.root), *part])
        for part in (keys[:half], keys[half:])
    ]
    assert all(p.wait(60) == 0 for p in processes)
    register = _register(workspace)
    assert all(register.find(k).status == "geagendeerd" for k in keys)
    seqs = [e.seq for k in keys for e in register.history(k) if e.kind == "step"]
    assert len(set(seqs)) == len(keys)  # one sequence, no number twice


def test_an_unreadable_register_is_a_dutch_error_and_stays_as_it_was(workspace, sessions):
    folder = workspace.root / "register"
    folder.mkdir(exist_ok=True)
    broken = folder / "register.sqlite3"
    broken.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(RegisterError, match="kan niet worden gelezen"):
        RegisterLog(workspace.root).knelpunten()
    assert broken.read_bytes() == b"dit is geen database" * 100


def test_the_register_is_private_and_never_written_through_a_link(workspace, sessions, tmp_path):
    _register(workspace).rows()
    for path in (workspace.root / "register").iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    other = Workspace(tmp_path / "werkmap2")
    other.root.mkdir()
    (other.root / "register").symlink_to(elsewhere)
    with pytest.raises(RegisterError, match="snelkoppeling"):
        RegisterLog(other.root).set_meta("probe", "1")
    assert list(elsewhere.iterdir()) == []


def test_signalen_carry_the_reference_the_dates_and_how_often_and_the_verslag_stays_as_approved(
    workspace, dilemma, clock
):
    from beraad.core.session import OpenSession

    earlier = _session(
        dilemma, "Eerder", date(2026, 10, 1), "Team Zuid", _knelpunt("e", "Inlichtingenplicht bij vlucht")
    )
    now = _session(
        dilemma,
        "Nu",
        date(2026, 11, 2),
        "Team Noord",
        _knelpunt(
            "n",
            "Inlichtingenplicht knelt na vlucht",
            "Participatiewet art. 17",
            addressee="beleid",
            same_as=f"{earlier.id}/e",
        ),
        approved=False,
    )
    store_and_index(workspace, earlier, now)
    services = services_for(workspace, clock, today=date(2026, 11, 9))
    core = OpenSession.open(services.store, now.id, services)
    core.mark_reviewed()
    core.approve(core.report_builder()(), "het team", date(2026, 11, 9))
    files = core.export(("md", "html", "docx"))
    signals = sorted(p.name for p in files if p.name.startswith("signaal-"))
    ref = signals[0].split("-inlichtingenplicht")[0].removeprefix("signaal-")
    assert ref.startswith("KP-") and "-2026-" in ref and len(signals) == 3
    md = next(p for p in files if p.name.startswith("signaal-") and p.suffix == ".md").read_text(encoding="utf-8")
    assert f"Signaal {ref}: Inlichtingenplicht knelt na vlucht" in md
    assert "graag vóór 04-01-2027" in md  # approved 9 November, beleid answers within 8 weeks
    assert "op 09-05-2027" in md  # look again six months later
    assert "2 keer gezien in 2 teams sinds oktober 2026; eerder gesignaleerd als KP-" in md
    assert "(gesignaleerd)" in md  # where the earlier one stands, without its notes
    verslag = next(p for p in files if p.name.startswith("verslag-") and p.suffix == ".md")
    before = verslag.read_bytes()

    register = _register(workspace, today=date(2026, 11, 20))
    key = f"{now.id}/n"
    register.advance(key, _step("geagendeerd", date(2026, 11, 20), to_whom="beleid", role="teamleider"))
    register.advance(key, _step("teruggekoppeld", date(2026, 12, 20), note="Beleid past de regel aan"))
    again = core.export(("md",))
    assert next(p for p in again if p.name.startswith("verslag-")).read_bytes() == before
    assert not core.needs_review and core.session.approvals[-1].version == 1
    core.close()


def test_a_register_on_a_read_only_disk_is_shown_and_a_step_says_why_not(workspace, sessions, monkeypatch):
    import os

    key = f"{sessions[0].id}/a"
    register = _register(workspace)
    register.advance(key, _step("geagendeerd", date(2026, 3, 20), to_whom="beleid"))
    folder = workspace.root / "register"
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # a disk mounted read-only: nothing there may be written
        if mode & os.W_OK and str(path).startswith(str(folder)):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    again = _register(workspace)
    assert again.find(key).status == "geagendeerd" and again.log.read_only
    with pytest.raises(BeraadError, match="alleen-lezen"):
        again.advance(key, _step("in behandeling", date(2026, 4, 1)))
    assert sorted(p.name for p in folder.iterdir()) == ["register.sqlite3"]  # nothing made beside it

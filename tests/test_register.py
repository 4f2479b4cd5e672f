"""The register of knelpunten across sessions: references, the lifecycle with dates, what
is due and overdue, knelpunten seen again, filters, and suggestions while flagging."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, timedelta

import pytest

from beraad.anonymise import Anonymiser
from beraad.core.register import Filter, Register, Similar, Terms, due_of, select
from beraad.errors import BeraadError
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.model.register import Entry, Event, LifecycleError
from beraad.report import content
from beraad.store.register import RegisterError, RegisterStore
from beraad.store.sessions import SessionStore

from .conftest import store_and_index


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


def _register(workspace, today=date(2026, 6, 1), terms: Terms | None = None) -> Register:
    return Register(SessionStore(workspace.sessions), RegisterStore(workspace.root), terms or Terms(), today)


def test_every_knelpunt_gets_a_stable_reference_per_year(workspace, sessions):
    first = {row.key: row.ref for row in _register(workspace).rows()}
    march, may = sessions[0], sessions[2]
    assert {first[f"{march.id}/a"], first[f"{march.id}/b"]} < {"KP-2026-0001", "KP-2026-0002", "KP-2026-0003"}
    assert first[f"{may.id}/d"] == "KP-2027-0001"
    assert sorted(first.values()) == ["KP-2026-0001", "KP-2026-0002", "KP-2026-0003", "KP-2027-0001"]
    assert {row.key: row.ref for row in _register(workspace).rows()} == first


def test_a_knelpunt_goes_through_its_lifecycle_with_dates_roles_and_notes(workspace, sessions):
    march = sessions[0]
    register = _register(workspace)
    key = f"{march.id}/a"
    register.rows()
    register.advance(
        key, Event.make("geagendeerd", date(2026, 3, 20), role="teamleider", to_whom="beleid", how="overleg")
    )
    register.advance(key, Event.make("in behandeling", date(2026, 4, 1), role="beleidsmedewerker"))
    with pytest.raises(RegisterError, match="stap terug"):
        register.advance(key, Event.make("geagendeerd", date(2026, 4, 2), to_whom="management"))
    with pytest.raises(LifecycleError, match="waarom"):
        Event.make("afgerond", date(2026, 5, 1), outcome="niet opgelost")
    register.advance(
        key,
        Event.make("afgerond", date(2026, 5, 1), role="beleid", outcome="niet opgelost", note="Landelijke wet"),
    )
    register.advance(key, Event.make("teruggekoppeld", date(2026, 5, 8), role="teamleider", note="Gemeld bij VNG"))
    entry = RegisterStore(workspace.root).entries()[key]
    assert [e.status for e in entry.events] == ["geagendeerd", "in behandeling", "afgerond", "teruggekoppeld"]
    assert entry.events[0].to_whom == "beleid" and entry.events[2].note == "Landelijke wet"


def test_steps_need_an_agenda_first_and_dates_in_order(workspace, sessions):
    key = f"{sessions[0].id}/b"
    register = _register(workspace)
    register.rows()
    with pytest.raises(RegisterError, match="Agendeer"):
        register.advance(key, Event.make("in behandeling", date(2026, 4, 1)))
    register.advance(key, Event.make("geagendeerd", date(2026, 4, 1), to_whom="beleid"))
    with pytest.raises(RegisterError, match="voor de vorige stap"):
        register.advance(key, Event.make("in behandeling", date(2026, 3, 1)))


def test_what_is_due_and_overdue(workspace, sessions):
    march = sessions[0]
    key = f"{march.id}/a"
    rows = {r.key: r for r in _register(workspace, today=date(2026, 4, 1)).rows()}
    assert rows[key].due.what == "agenderen" and rows[key].due.day == date(2026, 4, 7)
    assert not rows[key].overdue
    rows = {r.key: r for r in _register(workspace, today=date(2026, 4, 8)).rows()}
    assert rows[key].overdue
    register = _register(workspace, today=date(2026, 4, 8), terms=Terms(feedback_weeks={"beleid": 6}))
    register.advance(key, Event.make("geagendeerd", date(2026, 4, 8), to_whom="beleid"))
    row = {r.key: r for r in register.rows()}[key]
    assert row.due.what == "terugkoppeling" and row.due.day == date(2026, 5, 20) and not row.overdue
    later = _register(workspace, today=date(2026, 5, 21), terms=Terms(feedback_weeks={"beleid": 6}))
    assert {r.key: r for r in later.rows()}[key].overdue
    assert later.overdue() >= 1


def test_a_knelpunt_leaves_the_team_only_from_a_vastgesteld_verslag(workspace, dilemma):
    concept = _session(
        dilemma, "Nog concept", date(2026, 3, 10), "Team Noord", _knelpunt("x", "Nog niet vastgesteld"), approved=False
    )
    store_and_index(workspace, concept)
    register = _register(workspace, today=date(2026, 3, 12))
    (row,) = register.rows()
    assert not row.approved and row.due.what == "verslag vaststellen"
    with pytest.raises(BeraadError, match="vastgesteld verslag"):
        register.advance(row.key, Event.make("geagendeerd", date(2026, 3, 12), to_whom="beleid"))
    approve(concept, date(2026, 3, 12))
    store_and_index(workspace, concept)
    (row,) = register.rows()  # the index changed on disk: read again
    assert row.approved and row.due.what == "agenderen"
    register.advance(row.key, Event.make("geagendeerd", date(2026, 3, 12), to_whom="beleid"))


def test_rows_are_read_once_and_again_when_another_window_changed_the_files(workspace, sessions):
    march = sessions[0]
    register = _register(workspace)
    rows = register.rows()
    assert register.rows() is rows  # nothing changed: the rows already read
    other = _register(workspace)  # another window records a step
    other.advance(f"{march.id}/a", Event.make("geagendeerd", date(2026, 3, 20), to_whom="beleid"))
    again = register.rows()
    assert again is not rows
    assert next(r for r in again if r.key == f"{march.id}/a").status == "geagendeerd"
    later = _register(workspace)
    later.adopt(register)
    assert later.rows() is again
    elsewhere = _register(workspace, today=date(2026, 6, 2))
    elsewhere.adopt(register)  # another day: what is overdue differs, so read afresh
    assert elsewhere.rows() is not again


def test_check_back_six_months_after_agendering():
    entry = Entry(key="s/k", ref="KP-2026-0001")
    entry.advance(Event.make("geagendeerd", date(2026, 3, 31), to_whom="beleid"))
    entry.advance(Event.make("teruggekoppeld", date(2026, 4, 10), note="Nee, en dit is waarom"))
    due = due_of(entry, date(2026, 3, 1), "beleid", Terms())
    assert due is not None and due.what == "terugkijken" and due.day == date(2026, 9, 30)
    assert due_of(entry, date(2026, 3, 1), "beleid", Terms(check_back_months=3)).day == date(2026, 6, 30)


def test_the_signaal_and_the_register_give_the_same_date_for_feedback():
    """Agendered with a person the route map does not know ("wethouder"): both take the
    weeks of the addressee the team chose, not the default."""
    from beraad.core.register import Row, signal_details

    terms = Terms(feedback_weeks={"beleid": 4})
    entry = Entry(key="s/k", ref="KP-2026-0001")
    entry.advance(Event.make("geagendeerd", date(2026, 11, 23), to_whom="wethouder", how="overleg"))
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
    rows = _register(workspace).rows()
    texts = {b.key: b.description for b in SessionStore(workspace.sessions).bottlenecks()}
    similar = Similar(rows, texts)
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
    from beraad.model.register import Event
    from beraad.store.register import RegisterStore
    store = RegisterStore(Path(sys.argv[1]))
    store.record(sys.argv[2], Event.make("geagendeerd", date(2026, 4, 1), to_whom=sys.argv[3]))
    """
)


def test_two_windows_changing_the_register_at_once_lose_nothing(workspace, sessions):
    rows = _register(workspace).rows()
    keys = [r.key for r in rows][:3]
    processes = [
        subprocess.Popen([sys.executable, "-c", RECORD, str(workspace.root), key, f"adressaat {n}"])
        for n, key in enumerate(keys)
    ]
    assert all(p.wait(60) == 0 for p in processes)
    entries = RegisterStore(workspace.root).entries()
    assert [entries[k].events[0].to_whom for k in keys] == [f"adressaat {n}" for n in range(3)]


def test_an_unreadable_register_is_a_dutch_error_and_stays_as_it_was(workspace, sessions):
    (workspace.root / "register").mkdir()
    broken = workspace.root / "register" / "knelpunten.json"
    broken.write_text("{kapot", encoding="utf-8")
    with pytest.raises(RegisterError, match="kan niet worden gelezen"):
        _register(workspace).rows()
    assert broken.read_text(encoding="utf-8") == "{kapot"


def test_dates_in_the_register_are_dates(workspace, sessions):
    rows = _register(workspace).rows()
    assert all(isinstance(r.flagged, date) for r in rows)
    assert all(r.due is None or r.due.day - r.flagged <= timedelta(weeks=4) for r in rows)


def test_signalen_carry_the_reference_the_dates_and_how_often_and_the_verslag_stays_as_approved(
    workspace, dilemma, clock
):
    from beraad.core.register import for_workspace
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
    store = SessionStore(workspace.sessions)
    core = OpenSession.open(store, now.id, workspace, clock, lambda: date(2026, 11, 9))
    core.mark_reviewed()
    core.approve(core.report_builder()(), "het team", date(2026, 11, 9))
    files = core.export(("md", "html", "docx"))
    signals = sorted(p.name for p in files if p.name.startswith("signaal-"))
    ref = signals[0].split("-inlichtingenplicht")[0].removeprefix("signaal-")
    assert ref.startswith("KP-2026-") and len(signals) == 3
    md = next(p for p in files if p.name.startswith("signaal-") and p.suffix == ".md").read_text(encoding="utf-8")
    assert f"Signaal {ref}: Inlichtingenplicht knelt na vlucht" in md
    assert "graag vóór 04-01-2027" in md  # approved 9 November, beleid answers within 8 weeks
    assert "op 09-05-2027" in md  # look again six months later
    assert "2 keer gezien in 2 teams sinds oktober 2026; eerder gesignaleerd als KP-2026-" in md
    assert "(gesignaleerd)" in md  # where the earlier one stands, without its notes
    verslag = next(p for p in files if p.name.startswith("verslag-") and p.suffix == ".md")
    before = verslag.read_bytes()

    register = for_workspace(workspace, date(2026, 11, 20))
    key = f"{now.id}/n"
    register.advance(key, Event.make("geagendeerd", date(2026, 11, 20), to_whom="beleid", role="teamleider"))
    register.advance(key, Event.make("teruggekoppeld", date(2026, 12, 20), note="Beleid past de regel aan"))
    again = core.export(("md",))
    assert next(p for p in again if p.name.startswith("verslag-")).read_bytes() == before
    assert not core.needs_review and core.session.approvals[-1].version == 1
    core.close()

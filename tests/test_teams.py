"""The team roster: remembered per workspace, offered when a new session names the same
team (absent members unticked, new ones added), and editable from the overview."""

from __future__ import annotations

import json
import stat
from datetime import date

from beraad.core import teams
from beraad.model.team import Member, Roster, Team

from .conftest import PEOPLE


def test_a_session_teaches_the_roster_and_absence_forgets_nobody(workspace):
    teams.remember(workspace, "Team WI Noord", PEOPLE, date(2026, 10, 23))
    teams.remember(
        workspace, "team wi  noord", [("Anna de Groot", "teamleider"), ("Eva Jansen", "")], date(2026, 11, 23)
    )
    team = teams.roster(workspace).get("Team WI Noord")
    assert team is not None and team.name == "Team WI Noord" and team.updated == date(2026, 11, 23)
    assert [m.label for m in team.members] == [
        "Anna de Groot (teamleider)",  # her new role
        "Bram Visser (Wmo-consulent)",  # absent this time: still in the team
        "Carla Smit (schuldhulpverlener)",
        "Dirk Bakker (handhaver)",
        "Eva Jansen",  # new
    ]
    path = workspace.teams / "teams.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and json.loads(path.read_text())["version"] == 1
    assert stat.S_IMODE(workspace.teams.stat().st_mode) == 0o700


def test_no_team_no_roster_and_an_edited_roster_is_exactly_what_was_kept(workspace):
    assert teams.remember(workspace, "  ", PEOPLE, date(2026, 10, 23)) is None
    assert teams.roster(workspace) == Roster()
    teams.remember(workspace, "Buurtteam Oost", PEOPLE, date(2026, 10, 23))
    teams.save_members(
        workspace, "buurtteam oost", [("Bram Visser", "Wmo-consulent"), ("", "klantmanager")], date(2026, 11, 1)
    )
    assert teams.roster(workspace).get("Buurtteam Oost").members == [Member(name="Bram Visser", role="Wmo-consulent")]
    teams.forget(workspace, "BUURTTEAM OOST")
    assert teams.roster(workspace).teams == []


def test_a_broken_teams_file_is_a_dutch_message_and_touches_no_session(workspace):
    workspace.teams.mkdir(parents=True)
    (workspace.teams / "teams.json").write_text("{niet", encoding="utf-8")
    try:
        teams.roster(workspace)
    except teams.TeamsError as error:
        assert "geen leesbare lijst van teams" in str(error)
    else:
        raise AssertionError("no error")


def test_the_roster_keeps_the_first_spelling_of_a_name():
    team = Team(name="T", members=[Member(name="Anna de Groot", role="")], updated=date(2026, 1, 1))
    later = team.with_members([("anna de groot", "klantmanager")], date(2026, 2, 1))
    assert later.members == [Member(name="Anna de Groot", role="klantmanager")]


async def test_the_teams_second_session_offers_its_roster(make_app, workspace):
    from beraad.tui.screens.new_session import NewSessionScreen
    from beraad.tui.screens.session import SessionScreen

    from .conftest import TODAY, fill, keys, read_session_file, type_text, until

    teams.remember(workspace, "Team WI Noord", PEOPLE, date(2026, 10, 23))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionScreen)
        await type_text(pilot, "Terugvordering")
        await keys(pilot, "tab", "tab")  # past the date (today)
        await type_text(pilot, "team wi")
        await keys(pilot, "tab")  # takes "Team WI Noord" as suggested: its roster appears, everyone ticked
        await until(pilot, lambda: app.screen.has_class("-roster"))
        assert len(app.screen.query(".row")) == 1  # one empty row for someone new, not four to fall into
        await keys(pilot, "tab", "down", "down", "space")  # past the facilitator; Bram is not there today
        await fill(pilot, "", "Eva Jansen", "klantmanager")  # Tab to the first new row
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        await keys(pilot, "ctrl+q")
    data = read_session_file(workspace)
    assert data["team"] == "Team WI Noord" and data["date"] == TODAY.isoformat()
    assert [p["name"] for p in data["participants"]] == ["Anna de Groot", "Carla Smit", "Dirk Bakker", "Eva Jansen"]
    roster = teams.roster(workspace).get("Team WI Noord")
    assert [m.name for m in roster.members] == [name for name, _ in PEOPLE] + ["Eva Jansen"]


async def test_the_roster_is_edited_from_the_overview(make_app, workspace):
    from beraad.tui.screens.roster import RosterForm, RosterScreen

    from .conftest import keys, until

    teams.remember(workspace, "Team WI Noord", PEOPLE, date(2026, 10, 23))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen))
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, RosterForm) and app.focused is not None)
        await keys(pilot, "ctrl+e", *["backspace"] * 20)  # Anna left the team: her row emptied
        await keys(pilot, "tab", "ctrl+e", *["backspace"] * 20)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen))
        await keys(pilot, "escape")
    roster = teams.roster(workspace).get("Team WI Noord")
    assert [m.name for m in roster.members] == ["Bram Visser", "Carla Smit", "Dirk Bakker"]

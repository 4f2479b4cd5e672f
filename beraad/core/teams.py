"""The team as a thing: its roster is remembered per workspace, offered when a new session
names the same team, and kept up to date by every session it holds (who came is added;
who was absent stays for next time). No Textual here."""

from __future__ import annotations

from datetime import date

from beraad.model.team import MAX_MEMBERS, Member, Roster, Team
from beraad.store.teams import TeamsError, TeamStore
from beraad.workspace import Workspace

__all__ = ["TeamsError", "forget", "remember", "roster", "save_members"]


def _store(workspace: Workspace) -> TeamStore:
    return TeamStore(workspace.teams, within=workspace.root)


def roster(workspace: Workspace) -> Roster:
    """Every team of the workspace. Raises TeamsError when the file cannot be read."""
    return _store(workspace).load()


def remember(workspace: Workspace, team: str, people: list[tuple[str, str]], day: date) -> Team | None:
    """A session of this team starts with these people (name, role): the roster learns them.
    None for a session without a team. Raises TeamsError."""
    if not team.strip() or not any(name.strip() for name, _ in people):
        return None
    store = _store(workspace)
    current = store.load()
    known = current.get(team) or Team(name=" ".join(team.split()), updated=day)
    updated = known.with_members(people, day)
    store.save(current.put(updated))
    return updated


def save_members(workspace: Workspace, team: str, people: list[tuple[str, str]], day: date) -> Team:
    """The roster of a team as the facilitator edited it: exactly these people, in this
    order (an emptied row leaves the team). Raises TeamsError."""
    members = [Member(name=name.strip(), role=role.strip()) for name, role in people if name.strip()]
    if len(members) > MAX_MEMBERS:
        raise TeamsError(f"Een team heeft hoogstens {MAX_MEMBERS} leden.")
    store = _store(workspace)
    current = store.load()
    known = current.get(team)
    name = known.name if known else " ".join(team.split())
    updated = Team(name=name, members=members, updated=day)
    store.save(current.put(updated))
    return updated


def forget(workspace: Workspace, team: str) -> None:
    """The team and its roster go; its sessions stay. Raises TeamsError."""
    store = _store(workspace)
    store.save(store.load().without(team))

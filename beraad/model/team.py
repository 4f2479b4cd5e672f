"""A team's roster: who usually takes part in its sessions, by name and role. It stays on
this laptop (like the session files) and saves retyping the team every month."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from beraad.model.text import Line

MAX_MEMBERS = 40  # as many as a session may have


def team_key(name: str) -> str:
    """The same team however it is typed: 'Team WI  noord' is 'Team WI Noord'."""
    return " ".join(name.casefold().split())


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Line = Field(min_length=1, max_length=200)
    role: Line = Field("", max_length=200)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Team(BaseModel):
    """A team by the name its sessions give it, with its members as last used."""

    model_config = ConfigDict(extra="forbid")

    name: Line = Field(min_length=1, max_length=300)
    members: list[Member] = Field(default_factory=list, max_length=MAX_MEMBERS)
    updated: date

    @property
    def key(self) -> str:
        return team_key(self.name)

    def with_members(self, people: list[tuple[str, str]], day: date) -> Team:
        """The roster after a session with these people (name, role): who came is added or
        has their role updated; who was absent stays, for next time."""
        members = list(self.members)
        index = {team_key(m.name): number for number, m in enumerate(members)}
        for name, role in people:
            name, role = name.strip(), role.strip()
            if not name:
                continue
            found = index.get(team_key(name))
            if found is None:
                index[team_key(name)] = len(members)
                members.append(Member(name=name, role=role))
            elif role:
                members[found] = Member(name=members[found].name, role=role)
        return Team(name=self.name, members=members[:MAX_MEMBERS], updated=day)


class Roster(BaseModel):
    """Every team of a workspace."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    teams: list[Team] = Field(default_factory=list)

    def get(self, name: str) -> Team | None:
        key = team_key(name)
        return next((team for team in self.teams if team.key == key), None) if key else None

    def put(self, team: Team) -> Roster:
        others = [t for t in self.teams if t.key != team.key]
        return Roster(teams=sorted([*others, team], key=lambda t: t.name.casefold()))

    def without(self, name: str) -> Roster:
        return Roster(teams=[t for t in self.teams if t.key != team_key(name)])

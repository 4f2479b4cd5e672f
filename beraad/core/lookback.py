"""The next session starts where the last ended: the team's previous session, its actions,
and the team's knelpunten that are still open or got feedback since, with their status.

Shown in a method's look-back step (field kind "terugblik"), for the team, in the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from beraad.core.register import Row
from beraad.core.services import Services
from beraad.model.method import ActionsField
from beraad.model.session import Session
from beraad.store.schema import Summary
from beraad.store.sessions import StoreError
from beraad.text import day_text


@dataclass(frozen=True)
class LookBack:
    team: str
    previous: Summary | None = None
    actions: list[dict[str, str]] = field(default_factory=list)
    knelpunten: list[Row] = field(default_factory=list)
    day: date | None = None  # the day of this session: an action due before it is late

    def lines(self) -> list[str]:
        """What the screen shows, line by line (Dutch)."""
        if not self.team.strip():
            return [
                "Deze sessie heeft geen team. Met een team erbij laat beraad hier zien wat er sinds de vorige keer is gebeurd."
            ]
        if self.previous is None and not self.knelpunten:
            return [f"Dit is de eerste sessie van {self.team} in deze werkmap: nog niets om op terug te kijken."]
        lines = []
        if self.previous is not None:
            lines.append(f"Vorige keer: {self.previous.title} ({day_text(self.previous.date)})")
            if self.actions:
                lines.append("Acties van toen:")
                lines += [
                    f"  • {a['wat']} ({a['wie'] or 'wie?'}, {a['wanneer'] or 'wanneer?'}){_late(a['wanneer'], self.day)}"
                    for a in self.actions
                ]
            else:
                lines.append("Toen zijn geen acties vastgelegd.")
        if self.knelpunten:
            lines.append("Knelpunten van het team:")
            for row in self.knelpunten:
                late = " — te laat" if row.overdue else ""
                lines.append(f"  • {row.ref} {row.title}: {_where(row)}{late}")
        return lines


def _late(when: str, day: date | None) -> str:
    """ " — datum verstreken" when 'wanneer' is a date (dd-mm-jjjj) before this session."""
    try:
        due = datetime.strptime(when.strip(), "%d-%m-%Y").date()
    except ValueError:
        return ""
    return " — datum verstreken" if day is not None and due < day else ""


def _where(row: Row) -> str:
    """Where a knelpunt stands, with the feedback if there is any."""
    steps = row.entry.steps if row.entry else []
    if not steps:
        return "nog niet geagendeerd" if row.approved else "verslag nog niet vastgesteld"
    last = steps[-1]
    if last.status == "teruggekoppeld":
        return f"teruggekoppeld op {day_text(last.date)}: {last.note}"
    if last.status == "afgerond":  # the answer with its reasoning, also when it is no
        answer = f": {last.note}" if last.note else ""
        return f"afgerond ({last.outcome}) op {day_text(last.date)}{answer} (nog niet teruggekoppeld)"
    if last.status == "geagendeerd":
        return f"geagendeerd bij {last.to_whom} op {day_text(last.date)}"
    return f"{last.status} sinds {day_text(last.date)}"


def look_back(services: Services, session: Session) -> LookBack:
    """What a team brings from before (raises a Dutch error when the register is unreadable)."""
    team = session.team.strip()
    if not team:
        return LookBack(team="")
    store = services.store
    earlier = [
        s
        for s in store.quick_summaries()
        if s.id != session.id
        and s.team.strip().casefold() == team.casefold()
        and (s.date, s.created) < (session.date, session.created.isoformat())
    ]
    previous = max(earlier, key=lambda s: (s.date, s.created)) if earlier else None
    actions: list[dict[str, str]] = []
    if previous is not None:
        try:
            before = store.load(previous.id)
        except StoreError:
            before = None
        for step in before.method.steps if before else []:
            for capture in step.fields:
                if isinstance(capture, ActionsField):
                    actions += before.value(step.id, capture.id) if before else []
    since = previous.date if previous is not None else date.min
    knelpunten = [
        row
        for row in services.register.rows()
        if row.team.strip().casefold() == team.casefold()
        and row.session_id != session.id
        and (row.open or any(s.date >= since for s in (row.entry.steps if row.entry else [])))
    ]
    knelpunten.sort(key=lambda r: (not r.overdue, r.flagged))
    return LookBack(team, previous, actions, knelpunten, session.date)

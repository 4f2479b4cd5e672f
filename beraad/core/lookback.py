"""The next session starts where the last ended: the team's previous session, its actions,
and the team's knelpunten that are still open or got feedback since, with their status.

Shown in a method's look-back step (field kind "terugblik"), for the team, in the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from beraad.core.register import Row
from beraad.core.services import Services
from beraad.model.method import ActionsField, ListField, TextField
from beraad.model.register import Step
from beraad.model.session import DoneAction, Session
from beraad.model.when import parse_when
from beraad.store.schema import Summary
from beraad.store.sessions import StoreError
from beraad.text import day_text


@dataclass(frozen=True)
class Line:
    """One line of the look back: its text, and how it stands out (a heading, something late)."""

    text: str
    kind: str = ""  # "" | "kop" | "te laat" | "gedaan"


@dataclass(frozen=True)
class ActionItem:
    """One action of the previous session as the look back offers it to be marked done."""

    action: DoneAction  # what marks it done in this session
    line: Line  # what it says: what, who, by when, late or done
    done: bool


@dataclass(frozen=True)
class LookBack:
    team: str
    previous: Summary | None = None
    actions: list[dict[str, str]] = field(default_factory=list)
    knelpunten: list[Row] = field(default_factory=list)
    day: date | None = None  # the day of this session: what was due before it is late
    next_time: list[str] = field(default_factory=list)  # "Mee naar de volgende keer", as written then
    done: list[DoneAction] = field(default_factory=list)  # what this session marked done

    def lines(self) -> list[str]:
        """What the screen shows, line by line (Dutch)."""
        return [line.text for line in self.shown()]

    def action_items(self) -> list[ActionItem]:
        """Last time's actions, each with whether the group said it is done."""
        if self.previous is None:
            return []
        items = []
        for action in self.actions:
            key = DoneAction.of(self.previous.id, action)
            done = key in self.done
            items.append(ActionItem(key, self._action(action, done), done))
        return items

    def shown(self, actions: bool = True) -> list[Line]:
        """The look back for the room: last time's actions (who, by when, late or done; left
        out with actions=False, for a screen that lists them to be ticked), what the team
        wanted to take to this session, and its knelpunten: where each stands, what moved
        since, what is late."""
        if not self.team.strip():
            return [
                Line(
                    "Deze sessie heeft geen team. Met een team erbij laat beraad hier zien wat er sinds de "
                    "vorige keer is gebeurd."
                )
            ]
        if self.previous is None and not self.knelpunten:
            return [Line(f"Dit is de eerste sessie van {self.team} in deze werkmap: nog niets om op terug te kijken.")]
        lines: list[Line] = []
        if self.previous is not None:
            if actions or not self.actions:  # else a list above the look back names them, and when
                lines.append(Line(f"Vorige keer: {self.previous.title} ({day_text(self.previous.date)})", "kop"))
                lines.append(Line("Acties van toen", "kop"))
            if not self.actions:
                lines.append(Line("  Toen zijn geen acties vastgelegd."))
            elif actions:
                lines += [Line(f"  • {item.line.text}", item.line.kind) for item in self.action_items()]
            if self.next_time:
                lines.append(Line("Mee naar de volgende keer", "kop"))
                lines += [Line(f"  {text}") for text in self.next_time]
        if self.knelpunten:
            lines.append(Line("Knelpunten van het team", "kop"))
            for row in self.knelpunten:
                late = self._late(row)
                lines.append(Line(f"  • {row.ref} {row.title}: {_where(row)}{late}", "te laat" if late else ""))
                moved = self._moved(row)
                if moved:
                    lines.append(Line(f"    sinds de vorige keer: {moved}"))
        return lines

    def _action(self, action: dict[str, str], done: bool = False) -> Line:
        when = action.get("wanneer", "").strip()
        said = self.previous.date if self.previous is not None else self.day
        due = parse_when(when, said) if when and said else None
        shown_when = f"{day_text(due)}" if due is not None else (when or "wanneer?")
        text = f"{action.get('wat', '')} ({action.get('wie') or 'wie?'}, {shown_when})"
        if done:
            return Line(f"{text} — gedaan", "gedaan")
        if due is not None and self.day is not None and due < self.day:
            return Line(f"{text} — datum verstreken", "te laat")
        return Line(text)

    def _late(self, row: Row) -> str:
        """' — te laat (agenderen uiterlijk 16-11-2026)' for a knelpunt whose next step was due
        before this session (or before today), else ''."""
        if row.due is None or row.status == "teruggekoppeld":
            return ""
        if row.overdue or (self.day is not None and row.due.day < self.day):
            return f" — te laat ({row.due.what} uiterlijk {day_text(row.due.day)})"
        return ""

    def _moved(self, row: Row) -> str:
        """The steps since the team's previous session, oldest first ('' when nothing moved)."""
        if self.previous is None or row.entry is None:
            return ""
        steps = [s for s in row.entry.steps if s.date >= self.previous.date]
        if len(steps) < 2:  # one step is already in where it stands
            return ""
        return "; ".join(_step_text(s) for s in steps)


def _step_text(step: Step) -> str:
    if step.status == "geagendeerd":
        return f"geagendeerd bij {step.to_whom} ({day_text(step.date)})"
    if step.status == "afgerond":
        return f"afgerond, {step.outcome} ({day_text(step.date)})"
    return f"{step.status} ({day_text(step.date)})"


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


def _next_time(session: Session) -> list[str]:
    """What the team wrote down to take to its next session: a text or list field named so
    (the dilemmamethode's "Mee naar de volgende keer" in its evaluation)."""
    found = []
    for step in session.method.steps:
        for capture in step.fields:
            named = capture.id == "volgende_keer" or "volgende keer" in capture.label.casefold()
            if named and isinstance(capture, (TextField, ListField)):
                value = session.value(step.id, capture.id)
                texts = value if isinstance(value, list) else value.splitlines()
                found += [text.strip() for text in texts if text.strip()]
    return found


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
    next_time: list[str] = []
    if previous is not None:
        try:
            before = store.load(previous.id)
        except StoreError:
            before = None
        for step in before.method.steps if before else []:
            for capture in step.fields:
                if isinstance(capture, ActionsField):
                    actions += before.value(step.id, capture.id) if before else []
        next_time = _next_time(before) if before else []
    since = previous.date if previous is not None else date.min
    knelpunten = [
        row
        for row in services.register.rows()
        if row.team.strip().casefold() == team.casefold()
        and row.session_id != session.id
        and (row.open or any(s.date >= since for s in (row.entry.steps if row.entry else [])))
    ]
    found = LookBack(team, previous, actions, knelpunten, session.date, next_time, list(session.actions_done))
    knelpunten.sort(key=lambda r: (not found._late(r), r.flagged))  # what is late first
    return found

"""What the team screen shows: the current round and what it captures, as data for the
page (JSON). Chosen here, not in the page: afwegingen and scores never (they are per
person), the answers of a write-first round only once revealed and never with a name,
and names of people only when the facilitator allows them for the room; otherwise the
known names (participants, facilitator, people in the case) read as in the verslag:
[deelnemer 2], [persoon 1].
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from beraad.anonymise import names as known_names
from beraad.anonymise import spans
from beraad.model.method import (
    ActionsField,
    ChecklistField,
    DilemmaField,
    ListField,
    LookBackField,
    ParticipantFormField,
    ScoreField,
    TableField,
    TextField,
)
from beraad.model.session import Session
from beraad.text import clean

Mask = Callable[[str], str]


@dataclass(frozen=True)
class Writing:
    """A write-first round as the team screen may know it."""

    step_id: str
    count: int  # participants
    written: list[str]  # who has written (names; shown only when names are allowed)
    revealed: list[dict[str, str]] | None  # the answers in the order drawn, once revealed
    stems: list[str]


def masker(session: Session, names_allowed: bool) -> Mask:
    """Text as the room may see it: as typed, or with the known names replaced."""
    if names_allowed:
        return clean
    from beraad.report.content import known_people

    people = known_people(session)

    def mask(text: str) -> str:
        text = clean(text)
        words = set(re.findall(r"[^\W\d_]+", text.lower()))
        found = spans.resolve(known_names.find(text, people, words))
        return spans.apply(text, found) if found else text

    return mask


def team_view(
    session: Session, *, names_allowed: bool, writing: Writing | None = None, revision: int = 0
) -> dict[str, Any]:
    """The team screen for the round the session is in now."""
    mask = masker(session, names_allowed)
    step, method = session.step, session.method
    number = method.round_number(step.id)
    fields: list[dict[str, Any]] = []
    for field in step.fields:
        shown = _field(field, session.value(step.id, field.id), mask)
        if shown is not None:
            fields.append({"label": mask(field.label), **shown})
    view: dict[str, Any] = {
        "mode": "ronde",
        "revision": revision,
        "session": mask(session.title),
        "round": {
            "where": f"Ronde {number} van {method.round_count}" if number else "",
            "title": step.title,
            "goal": step.goal,
            "prompts": list(step.prompts),
        },
        "clock": {
            "elapsed": round(session.step_elapsed(step.id), 1),
            "planned": step.minutes * 60,
            "running": session.timer_running and session.status == "bezig",
        },
        "fields": fields,
        "writing": None,
    }
    if writing is not None and writing.step_id == step.id:
        view["writing"] = {
            "count": writing.count,
            "written": len(writing.written),
            "who": [mask(name) for name in writing.written] if names_allowed else [],
            "revealed": [
                [{"stem": stem, "text": mask(answer[stem])} for stem in writing.stems if answer.get(stem)]
                for answer in writing.revealed
            ]
            if writing.revealed is not None
            else None,
        }
    return view


def _field(field: Any, value: Any, mask: Mask) -> dict[str, Any] | None:
    if isinstance(field, ParticipantFormField | ScoreField):
        return None  # one per person: never on the team screen
    if isinstance(field, TextField | LookBackField):
        return {"kind": "tekst", "text": mask(value)}
    if isinstance(field, ListField):
        return {"kind": "lijst", "items": [mask(item) for item in value]}
    if isinstance(field, ChecklistField):
        return {"kind": "checklist", "items": [{"text": mask(i), "ticked": i in value} for i in field.items]}
    if isinstance(field, DilemmaField):
        columns = [field.option_label, field.harm_label]
        return _table(columns, [[row["optie"], row["schade"]] for row in value], mask)
    if isinstance(field, ActionsField):
        return _table(["Wat", "Wie", "Wanneer"], [[row["wat"], row["wie"], row["wanneer"]] for row in value], mask)
    if isinstance(field, TableField):
        return _table(list(field.column_names), [[row[c] for c in field.columns] for row in value], mask)
    return None


def _table(columns: list[str], rows: list[list[str]], mask: Mask) -> dict[str, Any]:
    return {"kind": "tabel", "columns": [mask(c) for c in columns], "rows": [[mask(c) for c in row] for row in rows]}


def report_view(made: int, status: str, version: int, page: int, revision: int = 0) -> dict[str, Any]:
    """The team reads the anonymised verslag (served beside the page as HTML, made for the
    made-th time); the facilitator turns its pages from the app."""
    state = "vastgesteld" if status == "vastgesteld" else "concept"
    return {
        "mode": "verslag",
        "revision": revision,
        "made": made,
        "heading": f"Het verslag, versie {version}: {state}"
        + (", geanonimiseerd. Lees mee." if state == "concept" else "."),
        "page": page,
    }


def closed_view() -> dict[str, Any]:
    return {"mode": "uit"}

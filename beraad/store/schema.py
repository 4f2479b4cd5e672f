"""The session file format: one tinydb file per session, its version and its migrations.

This module and the rest of beraad.store are the only code that knows how a session
file looks on disk. It works on plain dicts (no pydantic), so the first screen can
list sessions without loading the models.

A file holds {"sessie": {"1": document}}; the document is the session's data plus
"schema_version". Version 1 (before schema_version existed) said "format": 1 and
kept the cursor as a widget id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from beraad.store import bounded

# 2: the cursor as what it means; 3: min_rijen in the method copy; 4: knelpunt uid;
# 5: the cursor may stand in a new, still empty row or point (Cursor.new); 6: a knelpunt's actions;
# 7: the previous session's actions the group said are done (actions_done)
SCHEMA_VERSION = 7
TABLE = "sessie"
DOC_ID = "1"
MAX_FILE_BYTES = 100 * 1024 * 1024  # a session of a few hours is well under 1 MB


class FormatProblem(ValueError):
    """Not a session file of beraad; the message is a Dutch reason."""


class NewerVersion(Exception):
    """A session written by a newer beraad: left alone, never quarantined."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def parse(raw: bytes) -> dict[str, Any]:
    """The session document in a file's bytes, migrated to the current version."""
    if len(raw) > MAX_FILE_BYTES:
        raise FormatProblem(f"te groot ({len(raw) // (1024 * 1024)} MB)")
    try:
        data = bounded.loads(raw)
    except UnicodeDecodeError:
        raise FormatProblem("beschadigd: geen tekst") from None
    except json.JSONDecodeError as error:
        raise FormatProblem(f"beschadigd: geen geldige JSON op regel {error.lineno}") from None
    except bounded.Unbounded as error:
        raise FormatProblem(f"beschadigd: {error}") from None
    except (ValueError, RecursionError):
        raise FormatProblem("beschadigd: geen geldige JSON") from None
    return migrate(document_in(data))


def document_in(data: Any) -> dict[str, Any]:
    """The one document of a tinydb file, whatever shape the file has."""
    table = data.get(TABLE) if isinstance(data, dict) else None
    document = table.get(DOC_ID) if isinstance(table, dict) else None
    if not isinstance(document, dict):
        raise FormatProblem("geen sessiebestand van beraad")
    return document


def version_of(document: dict[str, Any]) -> int:
    version = document.get("schema_version")
    if version is None and document.get("format") == 1:
        return 1
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatProblem("geen sessiebestand van beraad: er staat geen geldige bestandsversie in")
    return version


def migrate(document: dict[str, Any]) -> dict[str, Any]:
    """Bring a document of any earlier version to the current one (a new dict)."""
    version = version_of(document)
    if version > SCHEMA_VERSION:
        raise NewerVersion(version)
    document = dict(document)
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    document["schema_version"] = SCHEMA_VERSION
    return document


def _cursor_as_meaning(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: "format" becomes "schema_version"; the cursor, a widget id such as
    'veld-opties-rijen-r0-c1', becomes step, field, participant, row and column."""
    document.pop("format", None)
    document["cursor"] = _cursor_from_widget_id(document)
    return document


def _cursor_from_widget_id(document: dict[str, Any]) -> dict[str, Any] | None:
    widget_id, step_id = document.get("cursor"), document.get("current_step")
    if not isinstance(widget_id, str) or not isinstance(step_id, str):
        return None
    method = document.get("method")
    steps = method.get("stappen") if isinstance(method, dict) else None
    step = next((s for s in steps or [] if isinstance(s, dict) and s.get("id") == step_id), None)
    fields = [f.get("id") for f in (step or {}).get("velden", []) if isinstance(f, dict)]
    matches = [f for f in fields if isinstance(f, str) and widget_id.startswith(f"veld-{f}-")]
    if not matches:
        return None
    field = max(matches, key=len)
    cursor: dict[str, Any] = {"step": step_id, "field": field}
    rest = widget_id.removeprefix(f"veld-{field}-").split("-")
    if rest[0] == "rijen" and len(rest) == 3 and rest[1][1:].isdigit() and rest[2][1:].isdigit():
        cursor.update(row=int(rest[1][1:]), column=int(rest[2][1:]))  # rijen-r0-c1
    elif rest[0] not in ("tekst", "lijst", "rijen", "tabs", "wachtend"):
        cursor["participant"] = rest[0]  # d3-s1 (a stem of a personal consideration) or d3 (a score)
        if len(rest) == 2 and rest[1][1:].isdigit():
            cursor["row"] = int(rest[1][1:])
    return cursor


def _rows_key_in_dutch(document: dict[str, Any]) -> dict[str, Any]:
    """The method copy's one English key (min_rows) got its Dutch name, min_rijen. A
    newer file is thereby one an older beraad leaves alone instead of calling it broken."""
    method = document.get("method")
    if not isinstance(method, dict) or not isinstance(method.get("stappen"), list):
        return document
    steps = []
    for step in method["stappen"]:
        if isinstance(step, dict) and isinstance(step.get("velden"), list):
            fields = [
                {("min_rijen" if key == "min_rows" else key): value for key, value in f.items()}
                if isinstance(f, dict)
                else f
                for f in step["velden"]
            ]
            step = {**step, "velden": fields}
        steps.append(step)
    return {**document, "method": {**method, "stappen": steps}}


def _knelpunt_uid(document: dict[str, Any]) -> dict[str, Any]:
    """Every knelpunt got a UUID of its own, made where it is flagged, by which the register
    (and a municipality's server) knows it. A knelpunt flagged before gets the one the
    register derives from where it was flagged, so both agree without reading each other."""
    from beraad.model.register import knelpunt_uuid

    bottlenecks = document.get("bottlenecks")
    if not isinstance(bottlenecks, list):
        return document
    session_id = document.get("id")
    given = [
        {**b, "uid": knelpunt_uuid(f"{session_id}/{b.get('id')}")} if isinstance(b, dict) and "uid" not in b else b
        for b in bottlenecks
    ]
    return {**document, "bottlenecks": given}


def _cursor_may_be_new(document: dict[str, Any]) -> dict[str, Any]:
    """Nothing to change: a cursor without "new" is in a stored row or point. The version
    says a file may hold "new", which an older beraad would not read."""
    return document


def _knelpunt_actions(document: dict[str, Any]) -> dict[str, Any]:
    """Nothing to change: a knelpunt without "actions" has none linked. The version says a
    file may hold them, which an older beraad would not read."""
    return document


def _actions_done(document: dict[str, Any]) -> dict[str, Any]:
    """Nothing to change: a session without "actions_done" marked none of the previous
    session's actions done. The version says a file may hold them, which an older beraad
    would not read."""
    return document


MIGRATIONS = {
    1: _cursor_as_meaning,
    2: _rows_key_in_dutch,
    3: _knelpunt_uid,
    4: _cursor_may_be_new,
    5: _knelpunt_actions,
    6: _actions_done,
}


def stamped(data: dict[str, Any]) -> dict[str, Any]:
    """A session's data as the document of the current version."""
    return {**data, "schema_version": SCHEMA_VERSION}


def steps_fingerprint(steps: Any) -> str:
    """A short fingerprint of a method's steps as a session stores them (the Dutch keys of
    the file): the same steps give the same fingerprint, any change another one. A method
    file's steps are compared by the same function (Method.to_data()["stappen"])."""
    payload = json.dumps(steps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ScoreAverage:
    """The average of one score field of a session (the evaluation), with its scale."""

    step: str
    field: str
    label: str
    low: int
    high: int
    average: float
    count: int


def score_averages(document: dict[str, Any]) -> Iterator[ScoreAverage]:
    """Per score field of the session's method that holds scores: their average."""
    values = document.get("values") or {}
    for step in document["method"]["stappen"]:
        for field in step.get("velden", []):
            if field.get("soort") != "score":
                continue
            given = (values.get(step["id"]) or {}).get(field["id"])
            scores = [s for s in given.values() if type(s) is int] if isinstance(given, dict) else []
            if scores:
                yield ScoreAverage(
                    step=step["id"],
                    field=field["id"],
                    label=field.get("label", ""),
                    low=field.get("min", 1),
                    high=field.get("max", 5),
                    average=round(sum(scores) / len(scores), 2),
                    count=len(scores),
                )


@dataclass(frozen=True)
class Summary:
    """What the overview shows of a session, read from its document without the models;
    also what trainers ask across sessions: the fingerprint of the method's steps (is a
    version what it says?) and the average evaluation scores."""

    id: str
    date: date
    title: str
    team: str
    method: str
    method_id: str
    method_version: str
    status: str
    where: str
    created: str
    method_steps: str = ""
    scores: tuple[ScoreAverage, ...] = ()
    approved: bool = False  # the verslag is vastgesteld as it stands (no change since)
    verslag: str = ""  # where the verslag stands: "concept", "review klaar", "vastgesteld v2", "concept v3"

    @classmethod
    def of(cls, document: dict[str, Any]) -> Summary:
        method = document["method"]
        number, where = 0, ""
        for step in method["stappen"]:
            number += step["soort"] == "ronde"
            if step["id"] == document["current_step"]:
                where = f"{number}. {step['titel']}" if step["soort"] == "ronde" else step["titel"]
        return cls(
            id=document["id"],
            date=date.fromisoformat(document["date"]),
            title=document["title"],
            team=document.get("team", ""),
            method=method["titel"],
            method_id=method.get("id", ""),
            method_version=method.get("versie", ""),
            status=document["status"],
            where=where,
            created=document.get("created", ""),
            method_steps=steps_fingerprint(method["stappen"]),
            scores=tuple(score_averages(document)),
        )

    def to_data(self) -> dict[str, Any]:
        return {**self.__dict__, "date": self.date.isoformat(), "scores": [asdict(s) for s in self.scores]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Summary:
        known = {f.name: data.get(f.name, "") for f in fields(cls) if f.name not in ("date", "scores", "approved")}
        scores = tuple(ScoreAverage(**score) for score in data.get("scores", []))
        return cls(**known, date=date.fromisoformat(data["date"]), scores=scores, approved=data.get("approved") is True)


def newest_first(summaries: list[Summary]) -> list[Summary]:
    return sorted(summaries, key=lambda s: (s.date, s.created), reverse=True)

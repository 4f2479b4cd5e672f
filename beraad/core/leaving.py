"""The register's knelpunten as they may leave the laptop (`knelpunten list/show --json`,
later what the sync pushes): every text anonymised with the people of its session known,
and the gate that checks the result.

A knelpunt the team approved in a vastgesteld verslag has its anonymised snapshot; its
title, team and regulation come from there, and go through the anonymiser again (a
snapshot made by an earlier release may hold what today's anonymiser finds). Of a
knelpunt not yet approved nothing typed leaves: its title reads "(nog niet vastgesteld)".
What was typed when a step was recorded ("bij wie", the role, the note) goes through the
anonymiser here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms, Result, gate, normal
from beraad.anonymise import spans as categories
from beraad.core.register import Row
from beraad.model.session import Session
from beraad.text import name_key

if TYPE_CHECKING:
    from beraad.core.services import Services

ROW_TEXTS = ("titel", "regelgeving", "team", "adressaat")
NOT_AGREED = "(nog niet vastgesteld)"  # the title of a knelpunt whose verslag the team did not approve
STEP_TEXTS = ("notitie", "bij", "hoe", "rol")
RAW_ADVICE = (
    "Pas de tekst aan in de sessie of met 'beraad knelpunten status', of gebruik --rauw alleen voor je eigen scherm."
)


class _SessionTexts:
    """The texts about one session's knelpunten as they may leave: anonymised with its
    people known, and a person found there gets the label its verslag gives them (the
    notes are built once more for that, only when a text names someone)."""

    def __init__(self, services: Services, session_id: str) -> None:
        settings = services.settings.organisation()
        exists = bool(session_id) and services.store.path(session_id).is_file()
        self.session = services.store.load(session_id) if exists else None
        self.people = _people(self.session)
        planned = self.session.date if self.session else None
        self.anonymiser = Anonymiser(self.people, settings.municipalities, planned_from=planned, teams=settings.teams)
        self._labels: Pseudonyms | None = None
        self._plain = Pseudonyms()  # for a text that names nobody from the notes: one person, one label
        self._notes: str | None = None
        self.found: list[str] = []

    def _in_notes(self, name: str) -> bool:
        """Whether the last word of a name stands in the session's notes or knelpunten: only
        then can its verslag have a label for it (building the notes again is what costs)."""
        if self.session is None:
            return False
        if self._notes is None:
            texts = [self.session.values, [b.model_dump(mode="json") for b in self.session.bottlenecks]]
            self._notes = normal.fold(json.dumps(texts, ensure_ascii=False))
        words = re.findall(r"[^\W\d_]{2,}", normal.fold(name))
        return bool(words) and re.search(rf"(?<!\w){re.escape(words[-1])}(?!\w)", self._notes) is not None

    def labels(self, numbered_from: int = 0) -> Pseudonyms:
        if self._labels is None:
            from beraad.report import content

            # the notes as the verslag has them: who is who (whatever the approved copy holds)
            built = content.build(self.session, self.anonymiser) if self.session is not None else None
            self._labels = built.pseudonyms if built is not None and built.pseudonyms else Pseudonyms()
        self._labels.number_from(categories.PERSON, numbered_from)
        return self._labels

    def mask(self, text: str, numbered_from: int = 0) -> Result:
        """The text anonymised; a participant as "[een deelnemer]" (who recorded a step or
        was asked is never one colleague). numbered_from: the highest "[persoon N]" the
        texts beside it already use."""
        self._plain.number_from(categories.PERSON, numbered_from)
        result = self.anonymiser.find(text, None, self._plain, replace_possible=True)
        if any(span.category == categories.PERSON and self._in_notes(span.text) for span in result.spans):
            result = self.anonymiser.find(text, None, self.labels(numbered_from), replace_possible=True)
        self.found += [
            span.text for span in result.spans if span.category in (categories.PERSON, categories.PARTICIPANT)
        ]
        return result.unnamed()


def anonymised_rows(
    rows: list[Row], data: list[dict[str, Any]], services: Services
) -> tuple[list[dict[str, Any]], gate.Guard]:
    """data: the rows as JSON objects (in the order of rows); returns them anonymised,
    and the gate to pass them through before they leave."""
    settings = services.settings.organisation()
    addressees = {name_key(a) for a in services.settings.addressees()}
    public = {name_key(t) for t in settings.teams}
    sessions: dict[str, _SessionTexts] = {}
    out: list[dict[str, Any]] = []
    unchanged: set[tuple[str, str]] = set()  # (session, text) the anonymiser left as it was
    for row, item in zip(rows, data, strict=True):
        if row.session_id not in sessions:
            sessions[row.session_id] = _SessionTexts(services, row.session_id)
        texts = sessions[row.session_id]
        agreed = row.agreed or {}
        # Numbered on after the labels of its verslag: "[persoon 1]" in the title and in a
        # step's "bij wie" is then never two people.
        highest = _highest(item, agreed, texts.session)

        def mask(text: str, texts: _SessionTexts = texts, highest: int = highest, where: str = row.session_id) -> str:
            # "teamleider", "beleid", "overleg": the same few texts over and over. One that
            # held nothing to replace is taken as it is the next time.
            if not text.strip() or (where, text) in unchanged:
                return text
            result = texts.mask(text, highest)
            if not result.spans and not categories.NUMBERED_PARTICIPANT.search(text):
                unchanged.add((where, text))
            return str(categories.unnamed_labels(result.text))

        item = dict(item)
        for key in ROW_TEXTS:
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if key == "team" and name_key(value) in public:
                continue
            if key == "adressaat" and name_key(value) in addressees:
                continue
            snapshot = agreed.get(key)
            if row.agreed is None:  # not agreed on by the team: its words stay with the team
                item[key] = NOT_AGREED if key == "titel" else ""
            else:  # as the team approved it, anonymised again (an older beraad may have missed a name)
                item[key] = mask(snapshot if isinstance(snapshot, str) else value)
        item["geschiedenis"] = [
            {k: _masked_value(k, v, mask) for k, v in step.items()} for step in item.get("geschiedenis", [])
        ]
        out.append(item)
    guard = gate.Guard(
        known=[p.name for texts in sessions.values() for p in texts.people],
        found=[name for texts in sessions.values() for name in texts.found],
        allowed=list(settings.teams),
        municipalities=settings.municipalities,
        sources=[gate.Source(f"knelpunt {r.ref}", f"{r.title} {r.team} {r.addressee}") for r in rows],
        advice=RAW_ADVICE,
    )
    return out, guard


def _masked_value(key: str, value: Any, mask: Callable[[str], str]) -> Any:
    """A step's typed texts anonymised: "bij wie", the role, the note, how, and the
    reasons of its corrections."""
    if key in STEP_TEXTS and isinstance(value, str):
        return mask(value)
    if key == "gecorrigeerd" and isinstance(value, list):
        return [mask(v) if isinstance(v, str) else v for v in value]
    return value


def _people(session: Session | None) -> list[KnownPerson]:
    """The session's people with the labels its verslag gives them."""
    if session is None:
        return []
    from beraad.report import content

    return content.known_people(session)


LABEL = re.compile(r"\[persoon (\d+)\]")


def _highest(item: dict[str, Any], agreed: dict[str, Any], session: Session | None) -> int:
    """The highest "[persoon N]" a knelpunt's texts already use (or its session lists)."""
    texts = json.dumps([item, agreed], ensure_ascii=False)
    numbers = [int(n) for n in LABEL.findall(texts)]
    return max([len(session.case_people) if session else 0, *numbers])


def guard_for_sessions(services: Services, session_ids: set[str] | list[str]) -> gate.Guard:
    """The gate for what leaves about the knelpunten of these sessions (a sync push): the
    people listed in each session that is still on this laptop, the public team names and
    municipalities. Pass it to gate.check_payload before the payload is sent."""
    settings = services.settings.organisation()
    known: list[str] = []
    for session_id in sorted(set(session_ids)):
        if services.store.path(session_id).is_file():
            known += [p.name for p in _people(services.store.load(session_id))]
    return gate.Guard(
        known=known,
        allowed=list(settings.teams),
        municipalities=settings.municipalities,
        advice="Het knelpunt blijft in de wachtrij; pas de tekst aan in de sessie en stel het verslag opnieuw vast.",
    )


EVENT_TEXTS = ("note", "to_whom", "how", "reason", "role")


def anonymised_events(
    services: Services, events: list[dict[str, Any]], session_of: dict[str, str]
) -> tuple[list[dict[str, Any]], gate.Guard]:
    """Events as they may be pushed to a server: the texts typed when a step was recorded
    or corrected ("bij wie", the role, the note, how, a reason) and the author's role
    anonymised with the people of the knelpunt's session known, and the gate to pass the
    payload through (gate.check_payload) before it is sent. session_of: knelpunt UUID ->
    session id (the register's knelpunten table). An `agreed` event's texts were
    anonymised when the team approved the verslag; they pass the gate as they are."""
    sessions: dict[str, _SessionTexts] = {}
    out: list[dict[str, Any]] = []
    for event in events:
        session_id = session_of.get(str(event.get("knelpunt", "")), "")
        if session_id not in sessions:
            sessions[session_id] = _SessionTexts(services, session_id)
        texts = sessions[session_id]

        def mask(text: str, texts: _SessionTexts = texts) -> str:
            return texts.mask(text).text if text.strip() else text

        copy = json.loads(json.dumps(event))
        author = copy.get("author")
        if isinstance(author, dict) and isinstance(author.get("role"), str):
            author["role"] = mask(author["role"])
        data = copy.get("data")
        if isinstance(data, dict) and copy.get("kind") != "agreed":
            for key in EVENT_TEXTS:
                if isinstance(data.get(key), str):
                    data[key] = mask(data[key])
        elif isinstance(data, dict):  # as the team approved it, but no colleague's number beyond the team
            copy["data"] = categories.unnamed_labels(data)
        out.append(copy)
    guard = guard_for_sessions(services, {s for s in session_of.values() if s})
    guard.found = [name for texts in sessions.values() for name in texts.found]
    return out, guard

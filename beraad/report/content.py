"""The verslag as data: everything a template shows, anonymised, with Dutch keys for trainers.

Every text passes through one anonymiser with one set of pseudonyms, so a person is
the same "[persoon 1]" throughout. Personal considerations are pooled per stem and
sorted, so no answer can be tied to who gave it. The fragments (each text with its
spans) are kept for the review screen.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms, Result, Review
from beraad.anonymise import spans as categories
from beraad.model.method import (
    ActionsField,
    ChecklistField,
    DilemmaField,
    ListField,
    ParticipantFormField,
    ScoreField,
    TableField,
    TextField,
)
from beraad.model.session import Approval, Session


def known_people(session: Session) -> list[KnownPerson]:
    people = []
    for number, person in enumerate(session.participants, 1):
        label = "casusinbrenger" if person.id == session.case_presenter else f"deelnemer {number}"
        people.append(KnownPerson(person.name, label, categories.PARTICIPANT))
    if session.facilitator.strip():
        people.append(KnownPerson(session.facilitator, "gespreksleider", categories.PARTICIPANT))
    for number, name in enumerate(session.case_people, 1):
        people.append(KnownPerson(name, f"persoon {number}"))
    return people


def fingerprint(session: Session) -> str:
    """Changes whenever anything that goes into the verslag changes."""
    content = {
        "title": session.title,
        "date": session.date.isoformat(),
        "team": session.team,
        "values": session.values,
        "bottlenecks": [b.model_dump(mode="json", exclude={"created"}) for b in session.bottlenecks],
        "people": [p.model_dump() for p in session.participants] + session.case_people,
        "review": [sorted(session.review.keep), sorted(session.review.replace)],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Fragment:
    where: str
    result: Result


@dataclass
class Report:
    data: dict[str, Any]
    fragments: list[Fragment] = field(default_factory=list)


class _Builder:
    def __init__(self, session: Session, anonymiser: Anonymiser, pseudonyms: Pseudonyms | None = None) -> None:
        self.session = session
        self.anonymiser = anonymiser
        self.review = Review(set(session.review.keep), set(session.review.replace))
        self.pseudonyms = pseudonyms or Pseudonyms(start={categories.PERSON: len(session.case_people)})
        self.fragments: list[Fragment] = []

    def text(self, where: str, value: str) -> str:
        if not value.strip():
            return value
        result = self.anonymiser.find(value, self.review, self.pseudonyms)
        self.fragments.append(Fragment(where, result))
        return result.text

    def texts(self, where: str, values: list[str]) -> list[str]:
        return [self.text(where, v) for v in values]

    def field(self, where: str, field: Any, value: Any) -> Any:
        if isinstance(field, TextField):
            return self.text(where, value)
        if isinstance(field, ListField):
            return self.texts(where, value)
        if isinstance(field, DilemmaField):
            return [{"optie": self.text(where, r["optie"]), "schade": self.text(where, r["schade"])} for r in value]
        if isinstance(field, TableField):
            rows = [[self.text(where, row[c]) for c in field.columns] for row in value]
            return {"kolommen": field.columns, "rijen": rows}
        if isinstance(field, ActionsField):
            return [{k: self.text(where, row[k]) for k in ("wat", "wie", "wanneer")} for row in value]
        if isinstance(field, ParticipantFormField):
            stems = [
                {"stam": stem, "antwoorden": sorted(self.text(where, a[stem]) for a in value.values() if stem in a)}
                for stem in field.stems
            ]
            return {"stammen": stems, "aantal": len(value)}
        if isinstance(field, ChecklistField):
            return {"items": [{"tekst": item, "afgevinkt": item in value} for item in field.items]}
        if isinstance(field, ScoreField):
            scores = sorted(value.values())
            average = round(sum(scores) / len(scores), 1) if scores else None
            return {"scores": scores, "gemiddelde": average, "aantal": len(scores), "min": field.low, "max": field.high}
        raise TypeError(f"unknown field kind {type(field).__name__}")


def build(session: Session, anonymiser: Anonymiser, today: date | None = None) -> Report:
    """The current notes as a verslag (concept), anonymised.

    Two passes: the first finds every person, place and institution in the whole
    document, the second masks each of them wherever it occurs, also where the
    detectors alone would have missed a later mention."""
    first = _Builder(session, anonymiser)
    _fill(first, session, today)
    builder = _Builder(session, anonymiser, first.pseudonyms)
    return Report(_fill(builder, session, today), builder.fragments)


def _fill(builder: _Builder, session: Session, today: date | None) -> dict[str, Any]:
    method = session.method
    steps = []
    for step in method.steps:
        number = method.round_number(step.id)
        where = f"Ronde {number}: {step.title}" if number else step.title
        fields = [
            {
                "id": f.id,
                "label": f.label,
                "soort": f.kind,
                "waarde": builder.field(f"{where} · {f.label}", f, session.value(step.id, f.id)),
                "ingevuld": f.is_filled(session.value(step.id, f.id)),
            }
            for f in step.fields
        ]
        steps.append(
            {
                "id": step.id,
                "titel": step.title,
                "soort": step.kind,
                "ronde": number,
                "doel": step.goal,
                "velden": fields,
            }
        )
    bottlenecks = []
    for number, b in enumerate(session.bottlenecks, 1):
        where = f"Knelpunt {number}"
        step = method.step(b.step_id) if b.step_id in {s.id for s in method.steps} else None
        bottlenecks.append(
            {
                "nummer": number,
                "titel": builder.text(where, b.title),
                "beschrijving": builder.text(where, b.description),
                "bronnen": b.sources,
                "regelgeving": builder.text(where, b.regulation),
                "effect": builder.text(where, b.effect),
                "bestaanszekerheid": "ja" if b.subsistence else "nee",
                "beleidsruimte": b.discretion,
                "aard": b.recurrence,
                "adressaat": b.addressee,
                "ronde": step.title if step else "",
            }
        )
    roles = sorted({p.role for p in session.participants if p.role.strip()}, key=str.lower)
    data = {
        "titel": builder.text("Titel", session.title),
        "datum": f"{session.date:%d-%m-%Y}",
        "team": builder.text("Team", session.team),
        "methode": {"titel": method.title, "versie": method.version, "bronnen": method.sources},
        "deelnemers": {"aantal": len(session.participants), "rollen": roles},
        "stappen": steps,
        "knelpunten": bottlenecks,
        "status": "concept",
        "versie": len(session.approvals) + 1,
        "vastgesteld_op": None,
        "vastgesteld_door": None,
        "gemaakt_op": f"{today or date.today():%d-%m-%Y}",
    }
    return data


def current(session: Session, anonymiser: Anonymiser) -> Report:
    """What an export shows now: the approved version, frozen, while nothing changed
    since; otherwise a concept of the next version."""
    if session.approvals and session.approvals[-1].fingerprint == fingerprint(session):
        approval = session.approvals[-1]
        return Report(dict(approval.report))
    return build(session, anonymiser)


def approval(session: Session, built: Report, role: str, day: date) -> Approval:
    """The team approved the verslag as built (vastgesteld): freeze that content."""
    version = len(session.approvals) + 1
    frozen = dict(built.data)
    frozen.update(status="vastgesteld", versie=version, vastgesteld_op=f"{day:%d-%m-%Y}", vastgesteld_door=role)
    return Approval(version=version, date=day, by_role=role, fingerprint=fingerprint(session), report=frozen)

"""The verslag as data: everything a template shows, anonymised, with Dutch keys for trainers.

Every text that leaves the laptop passes through one anonymiser with one set of
pseudonyms, so a person is the same "[persoon 1]" throughout: the notes, titles, the
team, the roles, every knelpunt field, the approval role, and (through the title) the
file names. The fragments (each text with its spans) are kept for the review screen.

Personal considerations are kept as each person's chain of answers, without a name,
in an order drawn by lot (stable for a session), and also pooled per question; the
workspace setting [verslag] afwegingen chooses which the verslag shows.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms, Result, Review
from beraad.anonymise import spans as categories
from beraad.model.method import (
    ActionsField,
    CaptureField,
    ChecklistField,
    DilemmaField,
    ListField,
    LookBackField,
    ParticipantFormField,
    ScoreField,
    TableField,
    TextField,
)
from beraad.model.session import Approval, Session
from beraad.settings import ReportSettings
from beraad.text import day_text

CONSIDERATIONS = ("per_afweging", "per_vraag")
UNANSWERED = "niet ingevuld"  # a question of the knelpunt form the team left open


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
    """Changes whenever anything that goes into the verslag changes (see Session.fingerprint)."""
    return session.fingerprint()


@dataclass(frozen=True)
class Fragment:
    where: str
    result: Result


@dataclass
class Report:
    data: dict[str, Any]
    fragments: list[Fragment] = field(default_factory=list)
    # The anonymiser and pseudonyms the data was made with, so text added later (the
    # approval role) is masked the same way and numbered on from the same people.
    anonymiser: Anonymiser | None = field(default=None, repr=False, compare=False)
    pseudonyms: Pseudonyms | None = field(default=None, repr=False, compare=False)


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

    def field(self, where: str, step_id: str, field: CaptureField, value: Any) -> Any:
        if isinstance(field, (TextField, LookBackField)):
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
            return self.considerations(where, f"{step_id}/{field.id}", field, value)
        if isinstance(field, ChecklistField):
            return {"items": [{"tekst": item, "afgevinkt": item in value} for item in field.items]}
        if isinstance(field, ScoreField):
            scores = sorted(value.values())
            average = round(sum(scores) / len(scores), 1) if scores else None
            return {"scores": scores, "gemiddelde": average, "aantal": len(scores), "min": field.low, "max": field.high}
        raise TypeError(f"unknown field kind {type(field).__name__}")

    def considerations(
        self, where: str, key: str, field: ParticipantFormField, value: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        """Each person's chain, unnamed, in an order drawn by lot; and the same answers
        pooled per question in alphabetical order."""
        answers = {
            participant: {stem: self.text(where, form[stem]) for stem in field.stems if stem in form}
            for participant, form in value.items()
        }
        order = sorted(answers)
        _lot(self.session, key).shuffle(order)
        chains = [
            {"nummer": number, "antwoorden": [{"stam": s, "antwoord": a} for s, a in answers[p].items()]}
            for number, p in enumerate(order, 1)
        ]
        pooled = [
            {
                "stam": stem,
                "antwoorden": sorted((form[stem] for form in answers.values() if stem in form), key=_alphabetical),
            }
            for stem in field.stems
        ]
        return {"afwegingen": chains, "stammen": pooled, "aantal": len(answers), "volgorde": "geloot"}


def _lot(session: Session, key: str) -> random.Random:
    """A draw that is the same at every export of this session and unrelated to the
    order of the participant list. The creation time, which no export shows, keeps it
    from being recomputed from what a verslag does show."""
    seed = hashlib.sha256(f"{session.id}|{session.created.isoformat()}|{key}".encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def _alphabetical(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def build(
    session: Session, anonymiser: Anonymiser, today: date | None = None, settings: ReportSettings | None = None
) -> Report:
    """The current notes as a verslag (concept), anonymised.

    Two passes: the first finds every person, place and institution in the whole
    document, the second masks each of them wherever it occurs, also where the
    detectors alone would have missed a later mention."""
    first = _Builder(session, anonymiser)
    _fill(first, session, today)
    builder = _Builder(session, anonymiser, first.pseudonyms)
    data = _fill(builder, session, today)
    data["instellingen"] = {"afwegingen": (settings or ReportSettings.model_validate({})).considerations}
    return Report(data, builder.fragments, anonymiser, builder.pseudonyms)


def _fill(builder: _Builder, session: Session, today: date | None) -> dict[str, Any]:
    method = session.method
    steps = []
    for step in method.steps:
        number = method.round_number(step.id)
        where = f"Ronde {number}: {step.title}" if number else step.title
        fields = []
        for f in step.fields:
            value = session.value(step.id, f.id)
            shown: dict[str, Any] = {
                "id": f.id,
                "label": f.label,
                "soort": f.kind,
                "waarde": builder.field(f"{where} · {f.label}", step.id, f, value),
                "ingevuld": f.is_filled(value),
            }
            if isinstance(f, DilemmaField):
                shown.update(optie_label=f.option_label, schade_label=f.harm_label)
            fields.append(shown)
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
        origin = method.step(b.step_id) if b.step_id in {s.id for s in method.steps} else None
        bottlenecks.append(
            {
                "nummer": number,
                "id": b.id,
                "titel": builder.text(where, b.title),
                "beschrijving": builder.text(where, b.description),
                "bronnen": builder.texts(where, b.sources),
                "regelgeving": builder.text(where, b.regulation),
                "effect": builder.text(where, b.effect),
                "bestaanszekerheid": UNANSWERED if b.subsistence is None else ("ja" if b.subsistence else "nee"),
                "beleidsruimte": b.discretion or UNANSWERED,
                "aard": b.recurrence or UNANSWERED,
                "adressaat": builder.text(where, b.addressee),
                "ronde": origin.title if origin else "",
            }
        )
    roles = sorted(
        {builder.text("Rol van een deelnemer", p.role) for p in session.participants if p.role.strip()}, key=str.lower
    )
    data: dict[str, Any] = {
        "titel": builder.text("Titel", session.title),
        "datum": day_text(session.date),
        "team": builder.text("Team", session.team),
        "methode": {"titel": method.title, "versie": method.version, "bronnen": method.sources},
        "deelnemers": {"aantal": len(session.participants), "rollen": roles},
        "stappen": steps,
        "knelpunten": bottlenecks,
        "status": "concept",
        "versie": len(session.approvals) + 1,
        "vastgesteld_op": None,
        "vastgesteld_door": None,
        "gemaakt_op": day_text(today or date.today()),
    }
    data["samenvatting"] = summary(data)
    return data


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """The essentials for the first page, found by field kind and step, for any method:
    the dilemma (the dilemma field and the texts beside it), what was concluded (the
    texts in the step that holds the actions; without actions, the last round with
    text or lists), all actions, and the knelpunten with their addressee."""
    steps: list[dict[str, Any]] = data["stappen"]

    def filled(step: dict[str, Any], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        return [f for f in step["velden"] if f["ingevuld"] and f["soort"] in kinds]

    dilemma = [
        f for s in steps if any(f["soort"] == "dilemma" for f in s["velden"]) for f in filled(s, ("tekst", "dilemma"))
    ]
    concluding = [s for s in steps if any(f["soort"] == "acties" for f in s["velden"])]
    if not concluding:
        concluding = [s for s in steps if s["soort"] == "ronde" and filled(s, ("tekst", "lijst"))][-1:]
    # Texts first; a list only where a step concludes in lists (the dilemmamethode's list
    # of what goes beyond the team repeats the knelpunten, which the first page shows).
    conclusions = [f for s in concluding for f in filled(s, ("tekst",)) if f not in dilemma]
    conclusions = conclusions or [f for s in concluding for f in filled(s, ("lijst",)) if f not in dilemma]
    actions = [row for s in steps for f in s["velden"] if f["soort"] == "acties" for row in f["waarde"]]
    return {
        "dilemma": dilemma,
        "conclusies": conclusions,
        "acties": actions,
        "knelpunten": [{k: b[k] for k in ("nummer", "titel", "adressaat")} for b in data["knelpunten"]],
    }


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """A frozen verslag from an earlier release, with the keys today's templates use."""
    data = json.loads(json.dumps(data))  # a copy: the approval in the session stays as it was
    for step in data.get("stappen", []):
        for f in step.get("velden", []):
            if f.get("soort") == "dilemma":
                f.setdefault("optie_label", "Optie")
                f.setdefault("schade_label", "Schade")
            elif f.get("soort") == "per_deelnemer" and isinstance(f.get("waarde"), dict):
                f["waarde"].setdefault("afwegingen", [])
                f["waarde"].setdefault("volgorde", None)
    data.setdefault("instellingen", {"afwegingen": "per_afweging"})
    data["samenvatting"] = summary(data)
    return data


def current(session: Session, anonymiser: Anonymiser, settings: ReportSettings | None = None) -> Report:
    """What an export shows now: the approved version, frozen, while nothing changed
    since; otherwise a concept of the next version."""
    if session.approvals and session.approvals[-1].fingerprint == fingerprint(session):
        data = complete(session.approvals[-1].report)
        # Releases before this one froze the role as typed ("teamleider Karin de Vries").
        if data.get("vastgesteld_door"):
            data["vastgesteld_door"] = anonymiser.find(data["vastgesteld_door"]).text
        if settings is not None:
            data["instellingen"] = {"afwegingen": settings.considerations}
        return Report(data)
    return build(session, anonymiser, settings=settings)


def approval(session: Session, built: Report, role: str, day: date, anonymiser: Anonymiser | None = None) -> Approval:
    """The team approved the verslag as built (vastgesteld): freeze that content. The
    role is masked like the rest, in case someone typed a name with it."""
    version = len(session.approvals) + 1
    frozen = json.loads(json.dumps(built.data))
    masker = anonymiser or built.anonymiser or Anonymiser(known_people(session))
    review = Review(set(session.review.keep), set(session.review.replace))
    shown_role = masker.find(role, review, built.pseudonyms).text if role.strip() else role
    frozen.update(status="vastgesteld", versie=version, vastgesteld_op=day_text(day), vastgesteld_door=shown_role)
    return Approval(version=version, date=day, by_role=role, fingerprint=fingerprint(session), report=frozen)


def slug(text: str, length: int = 48) -> str:
    """A file-name part from a (masked) title: lower case ASCII words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        if len(result) + len(word) + 1 > length:
            break
        result = f"{result}-{word}" if result else word
    return result or (words[0][:length] if words else "sessie")


def file_stem(data: dict[str, Any]) -> str:
    """verslag-2026-11-23-uitkering-gestopt-v1-concept: the session named once. Any stored
    date will do (a verslag approved by an older beraad wrote year 1 as "1")."""
    day, month, year = ([re.sub(r"\D", "", part) for part in str(data["datum"]).split("-")] + ["", "", ""])[:3]
    return f"{year.zfill(4)}-{month}-{day}-{slug(data['titel'])}-v{data['versie']}"

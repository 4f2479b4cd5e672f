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

import dataclasses
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
from beraad.model.when import as_date
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
    # Of a frozen verslag (no fragments): the names found when its notes were built again.
    found: list[str] = field(default_factory=list, repr=False, compare=False)


NEUTRAL = categories.UNNAMED_PARTICIPANT


class _Builder:
    def __init__(
        self,
        session: Session,
        anonymiser: Anonymiser,
        pseudonyms: Pseudonyms | None = None,
        settings: ReportSettings | None = None,
    ) -> None:
        self.session = session
        self.anonymiser = anonymiser
        self.review = Review(set(session.review.keep), set(session.review.replace))
        self.pseudonyms = pseudonyms or Pseudonyms(start={categories.PERSON: len(session.case_people)})
        self.fragments: list[Fragment] = []
        self.numbered = settings is not None and settings.participants == "genummerd"

    def text(
        self, where: str, value: str, *, own_words: bool = False, method: str | None = None, settle: bool = False
    ) -> str:
        """The text anonymised. A participant named in it becomes "[een deelnemer]" (not
        "[deelnemer 3]", which would tie a remark to a colleague), unless the team chose
        numbered participants; inside an afweging (own_words) always, and so does the
        casusinbrenger: an afweging must not be traceable to who wrote it. method: a text
        of the session's method copy ("text", or "citation" for a source; see
        Anonymiser.find), listed for the review only when something in it was replaced.
        settle: replace what might identify someone too (text added after the review)."""
        if not value.strip():
            return value
        result = self.anonymiser.find(value, self.review, self.pseudonyms, method=method, replace_possible=settle)
        if any(span.category == categories.PARTICIPANT for span in result.spans):
            result = Result(result.source, [self._neutral(span, own_words) for span in result.spans], result.possible)
        if method is None or result.spans:
            self.fragments.append(Fragment(where, result))
        return result.text

    def _neutral(self, span: categories.Span, own_words: bool) -> categories.Span:
        if span.category != categories.PARTICIPANT:
            return span
        numbered = span.replacement.startswith("[deelnemer ")
        if own_words or (numbered and not self.numbered):
            return dataclasses.replace(span, replacement=NEUTRAL)
        return span

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
            columns = [self.text(f"{where} (kolomkop)", c, method="text") for c in field.columns]
            return {"kolommen": columns, "rijen": rows}
        if isinstance(field, ActionsField):  # "binnen twee weken" read a month later means nothing: a date
            return [
                {
                    "wat": self.text(where, row["wat"]),
                    "wie": self.text(where, row["wie"]),
                    "wanneer": self.text(where, as_date(row["wanneer"], self.session.date)),
                }
                for row in value
            ]
        if isinstance(field, ParticipantFormField):
            return self.considerations(where, f"{step_id}/{field.id}", field, value)
        if isinstance(field, ChecklistField):
            # the method's own texts, kept in the session: anonymised as the method's
            items = [
                {"tekst": self.text(where, item, method="text"), "afgevinkt": item in value} for item in field.items
            ]
            return {"items": items}
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
            participant: {stem: self.text(where, form[stem], own_words=True) for stem in field.stems if stem in form}
            for participant, form in value.items()
        }
        order = sorted(answers)
        _lot(self.session, key).shuffle(order)
        stems = {stem: self.text(f"{where} (vraag)", stem, method="text") for stem in field.stems}
        chains = [
            {"nummer": number, "antwoorden": [{"stam": stems.get(s, s), "antwoord": a} for s, a in answers[p].items()]}
            for number, p in enumerate(order, 1)
        ]
        pooled = [
            {
                "stam": stems[stem],
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
    first = _Builder(session, anonymiser, settings=settings)
    _fill(first, session, today)
    builder = _Builder(session, anonymiser, first.pseudonyms, settings)
    data = _fill(builder, session, today)
    data["instellingen"] = {"afwegingen": (settings or ReportSettings.model_validate({})).considerations}
    return Report(data, builder.fragments, anonymiser, builder.pseudonyms)


def _fill(builder: _Builder, session: Session, today: date | None) -> dict[str, Any]:
    method = session.method
    steps = []
    # The method's texts are the session's copy of them: a trainer's words, anonymised too
    # (a name in a round's title or a question leaves no more than one in the notes).
    titles: dict[str, str] = {}
    for index, step in enumerate(method.steps, 1):
        number = method.round_number(step.id)
        place = f"Methode, ronde {number}" if number else f"Methode, stap {index}"
        title = titles[step.id] = builder.text(f"{place} (titel)", step.title, method="text")
        where = f"Ronde {number}: {title}" if number else title
        fields = []
        for f in step.fields:
            value = session.value(step.id, f.id)
            label = builder.text(f"{where} (veldnaam)", f.label, method="text")
            shown: dict[str, Any] = {
                "id": f.id,
                "label": label,
                "soort": f.kind,
                "waarde": builder.field(f"{where} · {label}", step.id, f, value),
                "ingevuld": f.is_filled(value),
            }
            if isinstance(f, DilemmaField):
                shown.update(
                    optie_label=builder.text(f"{where} · {label} (kop)", f.option_label, method="text"),
                    schade_label=builder.text(f"{where} · {label} (kop)", f.harm_label, method="text"),
                )
            fields.append(shown)
        steps.append(
            {
                "id": step.id,
                "titel": title,
                "soort": step.kind,
                "ronde": number,
                "doel": builder.text(f"{where} (doel)", step.goal, method="text") if step.goal else step.goal,
                "velden": fields,
            }
        )
    bottlenecks = []
    actions = session.actions()
    for number, b in enumerate(session.bottlenecks, 1):
        where = f"Knelpunt {number}"
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
                "ronde": titles.get(b.step_id, ""),
                # only the actions the team linked to it, each with a date where it named one
                "acties": [
                    {
                        "wat": builder.text(where, a["wat"]),
                        "wie": builder.text(where, a["wie"]),
                        "wanneer": builder.text(where, as_date(a["wanneer"], session.date)),
                    }
                    for a in actions
                    if a["wat"].strip() and a["wat"].strip() in {text.strip() for text in b.actions}
                ],
            }
        )
    roles = sorted(
        {builder.text("Rol van een deelnemer", p.role) for p in session.participants if p.role.strip()}, key=str.lower
    )
    data: dict[str, Any] = {
        "titel": builder.text("Titel", session.title),
        "datum": day_text(session.date),
        "team": builder.text("Team", session.team),
        "methode": {
            "titel": builder.text("Methode (titel)", method.title, method="text"),
            "versie": method.version,
            "bronnen": [builder.text("Methode (bronnen)", source, method="citation") for source in method.sources],
        },
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
    for knelpunt in data.get("knelpunten", []):
        if isinstance(knelpunt, dict):
            knelpunt.setdefault("acties", [])  # approved before a knelpunt could link actions
    data.setdefault("instellingen", {"afwegingen": "per_afweging"})
    data["samenvatting"] = summary(data)
    return data


def current(session: Session, anonymiser: Anonymiser, settings: ReportSettings | None = None) -> Report:
    """What an export shows now: the approved version, frozen, while nothing changed
    since; otherwise a concept of the next version.

    Of a frozen version the notes are built again (they did not change) for who is who:
    what is anonymised after the approval (the approval role, the method's texts, a
    signaal's details) gives a person the label the verslag gives them, and the gate
    knows every name found in the notes."""
    if session.approvals and session.approvals[-1].fingerprint == fingerprint(session):
        data = complete(session.approvals[-1].report)
        again = build(session, anonymiser, settings=settings)
        builder = _Builder(session, anonymiser, again.pseudonyms, settings)
        # Releases before this one froze the role as typed ("teamleider Karin de Vries"),
        # and the method's texts as the session's copy had them.
        if data.get("vastgesteld_door"):
            data["vastgesteld_door"] = builder.text("Vastgesteld door", data["vastgesteld_door"], own_words=True)
        _method_texts(data, builder)
        if settings is not None:
            data["instellingen"] = {"afwegingen": settings.considerations}
        found = [span.text for f in again.fragments for span in f.result.spans if span.category in PEOPLE]
        return Report(data, [], anonymiser, again.pseudonyms, found)
    return build(session, anonymiser, settings=settings)


def masker(session: Session, report: Report) -> _Builder:
    """For text that joins a verslag after it was built (a signaal's details): anonymised
    with the verslag's own people and labels; `.text(where, value)`, and `.fragments`
    says what was found."""
    anonymiser = report.anonymiser or Anonymiser(known_people(session))
    used = [int(n) for n in re.findall(r"\[persoon (\d+)\]", json.dumps(report.data, ensure_ascii=False))]
    pseudonyms = report.pseudonyms or Pseudonyms(start={categories.PERSON: max([len(session.case_people), *used])})
    return _Builder(session, anonymiser, pseudonyms)


def _method_texts(data: dict[str, Any], builder: _Builder) -> None:
    """The method's texts in a frozen verslag anonymised (in place), as build() does."""
    methode = data.get("methode")
    if isinstance(methode, dict):
        if isinstance(methode.get("titel"), str):
            methode["titel"] = builder.text("Methode (titel)", methode["titel"], method="text")
        if isinstance(methode.get("bronnen"), list):
            methode["bronnen"] = [
                builder.text("Methode (bronnen)", b, method="citation") if isinstance(b, str) else b
                for b in methode["bronnen"]
            ]
    titles: dict[str, str] = {}
    for step in data.get("stappen", []):
        if not isinstance(step, dict):
            continue
        for key in ("titel", "doel"):
            if isinstance(step.get(key), str):
                shown = builder.text(f"Methode, {step.get('id', '')} ({key})", step[key], method="text")
                titles.update({step[key]: shown} if key == "titel" else {})
                step[key] = shown
        for f in step.get("velden", []):
            if not isinstance(f, dict):
                continue
            for key in ("label", "optie_label", "schade_label"):
                if isinstance(f.get(key), str):
                    f[key] = builder.text(f"{step.get('titel', '')} ({key})", f[key], method="text")
            waarde = f.get("waarde")
            if isinstance(waarde, dict):
                _method_values(waarde, builder, str(step.get("titel", "")))
    for knelpunt in data.get("knelpunten", []):
        if isinstance(knelpunt, dict) and isinstance(knelpunt.get("ronde"), str):
            knelpunt["ronde"] = titles.get(knelpunt["ronde"]) or builder.text(
                "Knelpunt (ronde)", knelpunt["ronde"], method="text"
            )
    data["samenvatting"] = summary(data)


def _method_values(waarde: dict[str, Any], builder: _Builder, where: str) -> None:
    """The method's texts inside a field's value: table headings, questions, checklist items."""
    if isinstance(waarde.get("kolommen"), list):
        waarde["kolommen"] = [
            builder.text(where, c, method="text") if isinstance(c, str) else c for c in waarde["kolommen"]
        ]
    for item in waarde.get("items", []) if isinstance(waarde.get("items"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("tekst"), str):
            item["tekst"] = builder.text(where, item["tekst"], method="text")
    for group in ("stammen", "afwegingen"):
        for entry in waarde.get(group, []) if isinstance(waarde.get(group), list) else []:
            answers = entry.get("antwoorden", []) if isinstance(entry, dict) else []
            for answer in [entry, *answers] if isinstance(answers, list) else [entry]:
                if isinstance(answer, dict) and isinstance(answer.get("stam"), str):
                    answer["stam"] = builder.text(where, answer["stam"], method="text")


PEOPLE = (categories.PERSON, categories.PARTICIPANT)


def approval(session: Session, built: Report, role: str, day: date, anonymiser: Anonymiser | None = None) -> Approval:
    """The team approved the verslag as built (vastgesteld): freeze that content. The
    role is masked like the rest, in case someone typed a name with it."""
    version = len(session.approvals) + 1
    frozen = json.loads(json.dumps(built.data))
    masker = _Builder(session, anonymiser or built.anonymiser or Anonymiser(known_people(session)), built.pseudonyms)
    shown_role = masker.text("Vastgesteld door", role, own_words=True)  # who approved: never one colleague
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

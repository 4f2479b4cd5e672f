"""Sessions with identifiers planted in every kind of field, for the gate's fuzz test and
bench/gate_fuzz.py: a name of someone in the session (in any letter case, with an
invisible character inside), a BSN, a phone number, an e-mail address, put in the title,
the team, every field kind, a knelpunt's texts and addressee, a checklist item of the
method copy. Whatever the anonymiser and the templates make of it, nothing planted may
leave: an export is either written without it or refused whole by the gate.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from beraad import methods, report
from beraad.anonymise import Anonymiser, Result, gate
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.report import content
from beraad.workspace import Workspace
from tests.anonymise_labels import fold

DAY = date(2026, 11, 23)
FIRST = ["Fatima", "Tesfay", "Agnieszka", "Oleksandr", "Shanice", "Mehmet", "Hodan", "Petra", "Yonas", "Ravi"]
SURNAMES = ["Yilmaz", "Tesfamariam", "Kowalczyk", "Bondarenko", "Kartodikromo", "Okafor", "Warsame", "Jansen", "Haddad"]
INVISIBLE = ["\u00ad", "\u200b", "\u2060", "\u200d"]
WHERE = [
    "titel", "team", "doelen", "verslag", "verhaal", "hittepunt", "feiten", "vraag", "opties", "tabel", "lijst",
    "afwegingen", "eens", "aard", "conclusies", "acties", "signalen", "knelpunt-titel", "knelpunt-beschrijving",
    "knelpunt-effect", "knelpunt-adressaat", "checklist",
]  # fmt: skip
FIELDS = {
    "doelen": "opening", "verslag": "opening", "verhaal": "casus", "hittepunt": "casus", "feiten": "verheldering",
    "vraag": "dilemma", "opties": "dilemma", "tabel": "perspectieven", "lijst": "alternatieven",
    "afwegingen": "afweging", "eens": "dialoog", "aard": "dialoog", "conclusies": "conclusie", "acties": "conclusie",
    "signalen": "conclusie",
}  # fmt: skip


@dataclass
class Planted:
    session: Session
    identifiers: list[str]  # as a reader would search for them
    where: list[str]


def _dress(rng: random.Random, name: str) -> str:
    """A name as someone might type or paste it: any case, perhaps an invisible character inside."""
    written = rng.choice([name, name.lower(), name.upper(), name.title()])
    if rng.random() < 0.5 and len(written) > 3:
        at = rng.randrange(1, len(written) - 1)
        written = written[:at] + rng.choice(INVISIBLE) + written[at:]
    return written


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10 and digits[0]:
            return "".join(map(str, digits)) + str(check)


def plant(rng: random.Random, method: Any | None = None) -> Planted:
    method = method or methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    method = method.model_copy(deep=True)
    people = [f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}" for _ in range(3)]
    resident, colleague, relative_first = people[0], people[1], rng.choice(FIRST)
    surname = resident.split()[-1]
    session = Session.start(method, "Casus", DAY, [(colleague, "klantmanager"), ("Gerrit Brouwer", "handhaver")], 0)
    session.case_people = [resident]
    identifiers = [*resident.split(), *colleague.split()]
    planted_where: list[str] = []
    for _ in range(rng.randrange(2, 7)):
        kind = rng.random()
        if kind < 0.55:
            value = _dress(rng, rng.choice([resident, colleague, resident.split()[0], surname, colleague.split()[-1]]))
        elif kind < 0.7:
            value = f"{relative_first} {_dress(rng, surname)}"
            identifiers.append(relative_first)
        elif kind < 0.8:
            value = _bsn(rng)
            identifiers.append(value)
        elif kind < 0.9:
            value = f"06-{rng.randrange(10_000_000, 99_999_999)}"
            identifiers.append(value)
        else:
            value = f"{surname.lower()}{rng.randrange(10, 99)}@hotmail.com"
            identifiers.append(value.split("@")[0])
        where = rng.choice(WHERE)
        planted_where.append(where)
        _put(session, where, f"{rng.choice(['Volgens', 'Met', 'Over', 'En'])} {value} was het lastig.")
    return Planted(session, identifiers, planted_where)


def _put(session: Session, where: str, text: str) -> None:
    if where == "titel":
        session.title = text[:200]
    elif where == "team":
        session.team = text[:100]
    elif where.startswith("knelpunt"):
        if not session.bottlenecks:
            session.bottlenecks.append(Bottleneck(id="k1", title="Knelpunt", step_id="dilemma", addressee="beleid"))
        b = session.bottlenecks[0]
        part = where.split("-")[1]
        attribute = {"titel": "title", "beschrijving": "description", "effect": "effect", "adressaat": "addressee"}[
            part
        ]
        setattr(b, attribute, text[:290])
    elif where == "checklist":
        field = session.method.step("opening").field("afspraken")
        field.items.append(text)  # type: ignore[attr-defined]  # the session's own copy of the method
    else:
        step = FIELDS[where]
        field = session.method.step(step).field(where)
        kind = field.kind
        value: Any
        if kind == "tekst":
            value = f"{session.value(step, where) or ''} {text}".strip()
        elif kind == "lijst":
            value = [*session.value(step, where), text]
        elif kind == "dilemma":
            value = [{"optie": text, "schade": "geld"}, {"optie": "wachten", "schade": text}]
        elif kind == "tabel":
            value = [dict.fromkeys(field.columns, text)]  # type: ignore[attr-defined]
        elif kind == "acties":
            value = [{"wat": text, "wie": text, "wanneer": "volgende week"}]
        elif kind == "per_deelnemer":
            value = {p.id: {stem: text for stem in field.stems} for p in session.participants}  # type: ignore[attr-defined]
        else:
            return
        session.set_value(step, where, value)


def leaving(
    planted: Planted, workspace: Workspace, formats: tuple[str, ...] = ("md", "html", "docx"), bypass: bool = False
) -> list[tuple[str, bytes]]:
    """What an export of the planted session writes (the review having replaced all it was
    unsure of): the files, or nothing when the gate refused. bypass: with an anonymiser
    that replaces nothing."""
    session = planted.session
    anonymiser = report.anonymiser_for(session, workspace)
    if bypass:
        anonymiser = Bypassed(anonymiser.known)
    built = content.build(session, anonymiser)
    session.review.replace = sorted({s.text for f in built.fragments for s in f.result.possible})
    session.review.reviewed = content.fingerprint(session)
    try:
        paths = report.export(session, workspace, formats, anonymiser=anonymiser)
    except gate.Blocked:
        return []
    files = [(p.name, p.read_bytes()) for p in paths]
    for p in paths:
        p.unlink()
    return files


def leaked(planted: Planted, files: list[tuple[str, bytes]]) -> list[str]:
    """The planted identifiers that stand in a file or its name (every .docx part)."""
    import io
    import zipfile

    texts = []
    for name, payload in files:
        texts.append(name)
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                for part in archive.namelist():
                    raw = archive.read(part).decode("utf-8", "replace")
                    texts += [raw, re.sub(r"<[^>]+>", "", raw)]
        else:
            texts.append(payload.decode("utf-8", "replace"))
    haystack = fold("\n".join(texts))
    digits = re.sub(r"\D", "", haystack)
    found = []
    for identifier in planted.identifiers:
        if identifier[:1].isdigit():
            if re.sub(r"\D", "", identifier) in digits:
                found.append(identifier)
        elif re.search(rf"(?<!\w){re.escape(fold(identifier))}(?!\w)", haystack):
            found.append(identifier)
    return found


class Bypassed(Anonymiser):
    """An anonymiser that replaces nothing: what the gate must stop on its own."""

    def find(self, text: str, *args: Any, **kwargs: Any) -> Result:
        return Result(text, [], [])

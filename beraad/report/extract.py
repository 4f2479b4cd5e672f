"""An extract per addressee: all open, agreed knelpunten in one document they can act on
(md, html, docx through templates, as the verslag), plus CSV and JSON for analysis."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from beraad.anonymise import gate
from beraad.model.session import Session
from beraad.report import _write, content, render
from beraad.report.render import Document
from beraad.text import day_text, name_key
from beraad.workspace import Workspace

FORMATS = ("md", "html", "docx", "csv", "json")
CSV_COLUMNS = [
    "referentie", "thema", "status", "datum", "team", "titel", "regelgeving", "bronnen",
    "bestaanszekerheid", "beleidsruimte", "verwacht", "te_laat", "beschrijving", "effect",
]  # fmt: skip


def export(
    data: dict[str, Any], workspace: Workspace, formats: tuple[str, ...], out: Path | None, guard: gate.Guard
) -> list[Path]:
    """Write the extract in each format through the gate; all files or none (raises a
    Dutch error)."""
    folder = out if out is not None else workspace.exports
    stem = f"knelpunten-{content.slug(data['adressaat'], 30) or 'adressaat'}-{data['datum'][6:]}-{data['datum'][3:5]}-{data['datum'][:2]}"
    stem = _unused(folder, stem, formats)
    documents = [(f"{stem}.{kind}", document(kind, data)) for kind in formats if kind in ("md", "html", "docx")]
    payloads = render.render([d for _, d in documents], data, workspace.root / "templates")
    files = [(name, payload) for (name, _), payload in zip(documents, payloads, strict=True)]
    if "csv" in formats:
        files.append((f"{stem}.csv", _csv(data)))
    if "json" in formats:
        files.append((f"{stem}.json", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")))
    return _write(folder, files, guard, within=workspace.root, what="Het overzicht van de knelpunten")


# Texts of an extract someone typed outside a verslag (recording a step: who, "bij wie",
# as which role): anonymised before they leave, with the people of the sessions known.
FREE_TEXT = ("rol", "bij", "uitkomst")


def guarded(
    data: dict[str, Any], sessions: list[Session], workspace: Workspace, addressees: list[str]
) -> tuple[dict[str, Any], gate.Guard]:
    """The extract with the texts typed outside a verslag anonymised (the addressee when
    it is not on the route map, each step's role and "bij wie", a team that beraad.toml
    does not list as public), and the gate that checks it against the people of the
    sessions its knelpunten come from."""
    from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms
    from beraad.anonymise import spans as categories
    from beraad.settings import organisation

    settings = organisation(workspace.root)
    # Across sessions a listed person has no label of their own: "[persoon]", unnumbered.
    known = [KnownPerson(k.name, "persoon", categories.PERSON) for s in sessions for k in content.known_people(s)]
    anonymiser = Anonymiser(known, settings.municipalities, teams=settings.teams)
    found: list[str] = []
    public = {name_key(a) for a in addressees}
    pseudonyms = Pseudonyms(start={categories.PERSON: _highest(data)})

    def mask(text: str) -> str:
        if not text.strip():
            return text
        result = anonymiser.find(text, None, pseudonyms, replace_possible=True)
        found.extend(span.text for span in result.spans if span.category == categories.PERSON)
        return result.text

    data = json.loads(json.dumps(data))
    if name_key(data["adressaat"]) not in public:
        data["adressaat"] = mask(data["adressaat"])
    teams = {name_key(t) for t in settings.teams}
    for item in [i for theme in data["themas"] for i in theme["knelpunten"]] + data["te_laat"]:
        if name_key(item.get("team", "")) not in teams:
            item["team"] = mask(item.get("team", ""))
        for step in item.get("geschiedenis", []):
            for key in FREE_TEXT:
                if isinstance(step.get(key), str):
                    step[key] = mask(step[key])
    names = [k.name for k in known]
    guard = gate.Guard(
        known=names,
        found=found,
        allowed=list(settings.teams),
        municipalities=settings.municipalities,
        # named by its day: a session's title as typed may hold the very name the gate found
        sources=[gate.Source(f"de sessie van {day_text(s.date)}", s.title) for s in sessions],
        advice="Pas de tekst aan in de sessie of in het register (beraad knelpunten status) en maak het overzicht opnieuw.",
    )
    return data, guard


def _highest(data: dict[str, Any]) -> int:
    """The highest "[persoon N]" the extract already holds: new findings number on."""
    numbers = [int(n) for n in re.findall(r"\[persoon (\d+)\]", json.dumps(data, ensure_ascii=False))]
    return max(numbers, default=0)


def _unused(folder: Path, stem: str, formats: tuple[str, ...]) -> str:
    """An extract is a snapshot that may already have been sent: a second one on the same
    day gets a name of its own ("-2") instead of writing over the first."""
    chosen, number = stem, 2
    while any((folder / f"{chosen}.{kind}").exists() for kind in formats):
        chosen, number = f"{stem}-{number}", number + 1
    return chosen


def document(kind: str, data: dict[str, Any]) -> Document:
    """The extract in one format (md, html, docx)."""
    about = {"kop": "Knelpunten · geanonimiseerd", "voet": f"Knelpunten voor {data['adressaat']} · geanonimiseerd"}
    return Document(kind, f"extract.{kind}.j2", f"Knelpunten voor {data['adressaat']}", about)


def _csv(data: dict[str, Any]) -> bytes:
    """One row per knelpunt; ';' as Dutch spreadsheets expect, and no cell that a
    spreadsheet would run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for theme in data["themas"]:
        for item in theme["knelpunten"]:
            row = {
                **item,
                "thema": theme["titel"],
                "bronnen": "; ".join(item["bronnen"]),
                "te_laat": "ja" if item["te_laat"] else "nee",
            }
            writer.writerow([_cell(row.get(column, "")) for column in CSV_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text

"""An extract per addressee: all open, agreed knelpunten in one document they can act on
(md, html, docx through templates, as the verslag), plus CSV and JSON for analysis."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from beraad.report import _write, content, render
from beraad.report.render import Document
from beraad.workspace import Workspace

FORMATS = ("md", "html", "docx", "csv", "json")
CSV_COLUMNS = [
    "referentie", "thema", "status", "datum", "team", "titel", "regelgeving", "bronnen",
    "bestaanszekerheid", "beleidsruimte", "verwacht", "te_laat", "beschrijving", "effect",
]  # fmt: skip


def export(data: dict[str, Any], workspace: Workspace, formats: tuple[str, ...], out: Path | None) -> list[Path]:
    """Write the extract in each format; all files or none (raises a Dutch error)."""
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
    return _write(folder, files, within=workspace.root)


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

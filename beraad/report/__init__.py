"""The verslag: anonymised content (content.py) rendered through Jinja templates (render.py)."""

from __future__ import annotations

import errno
import stat
from pathlib import Path
from typing import Any

from beraad.anonymise import Anonymiser
from beraad.errors import BeraadError, os_reason, with_log
from beraad.files import all_or_nothing, private_dir
from beraad.model.session import Session
from beraad.report import content, render
from beraad.report.render import Document, TemplateProblem
from beraad.report.sandbox import Limits
from beraad.settings import organisation
from beraad.workspace import Workspace

FORMATS = ("md", "html", "docx")
TEMPLATES = {"md": "verslag.md.j2", "html": "verslag.html.j2", "docx": "verslag.docx.j2"}

__all__ = [
    "FORMATS",
    "Anonymiser",
    "ExportFailed",
    "Limits",
    "NotReviewed",
    "TemplateProblem",
    "TooMuchText",
    "anonymiser_for",
    "content",
    "export",
    "needs_review",
    "render",
]


class NotReviewed(BeraadError):
    """The facilitator has not looked at what the anonymiser replaced (since the last edit)."""


class ExportFailed(BeraadError, OSError):
    """The files could not be written (folder missing, read-only, full disk). A Dutch
    message; an OSError too, so a caller that handles OSError shows this message."""


class TooMuchText(BeraadError):
    """The notes are too long for a document (a shipped template is not to blame)."""


_FORMAT_NAMES = {"docx": "een Word-bestand", "html": "een HTML-bestand", "md": "een Markdown-bestand"}


def _too_much(session: Session, template: str, limits: Limits) -> str:
    """The verslag would be larger than a document may be: which note makes it so."""
    longest, where = 0, ""
    for step in session.method.steps:
        for field in step.fields:
            size = len(str(session.values.get(step.id, {}).get(field.id, "")))
            if size > longest:
                longest, where = size, f"'{step.title}', bij '{field.label}'"
    kind = next((k for k in _FORMAT_NAMES if f".{k}." in template or template.startswith(f"{k}/")), "")
    document = _FORMAT_NAMES.get(kind, "één document")
    limit = f"{limits.characters:,}".replace(",", ".")
    count = f"{longest:,}".replace(",", ".")
    cause = f" De langste notitie staat in {where} ({count} tekens)." if where else ""
    return (
        f"Het verslag wordt te groot voor {document} (meer dan {limit} tekens, of meer geheugen dan "
        f"mag). Dat komt door de lengte van de notities, niet door het sjabloon.{cause} Maak lange "
        "notities korter (een heel document hoort als bijlage apart) en exporteer opnieuw. Er is niets weggeschreven."
    )


def anonymiser_for(session: Session, workspace: Workspace) -> Anonymiser:
    """The session's own team name stays as the facilitator typed it ("Wijkteam Bos en
    Lommer" is an organisation, not two people), like the municipalities of the workspace."""
    kept = [*organisation(workspace.root).municipalities, *([session.team.strip()] if session.team.strip() else [])]
    return Anonymiser(content.known_people(session), kept, planned_from=session.date)


def needs_review(session: Session) -> bool:
    return session.review.reviewed != content.fingerprint(session)


def export(
    session: Session,
    workspace: Workspace,
    formats: tuple[str, ...] = FORMATS,
    out: Path | None = None,
    anonymiser: Anonymiser | None = None,
    limits: Limits | None = None,
    signals: dict[str, dict[str, str]] | None = None,
) -> list[Path]:
    """Write the verslag in each format, and once the team approved it (vastgesteld) a
    signaal per knelpunt (signals: per knelpunt id what the register adds, such as its
    reference and dates); all files or none. Raises NotReviewed, TemplateProblem, or
    ExportFailed (a BeraadError and an OSError) with a Dutch message."""
    if needs_review(session):
        raise NotReviewed(
            "Deze sessie is nog niet gereviewd (of is gewijzigd sinds de review). "
            "Bekijk eerst wat de anonimisering vervangt: open de sessie en druk op Ctrl+E."
        )
    unknown = [f for f in formats if f not in TEMPLATES]
    if unknown:
        raise BeraadError(f"Onbekend formaat '{unknown[0]}'; kies uit: {', '.join(FORMATS)}.")
    settings = organisation(workspace.root).report
    report = content.current(session, anonymiser or anonymiser_for(session, workspace), settings)
    waiting = sorted({span.text for f in report.fragments for span in f.result.possible})
    if waiting:  # a mogelijk herleidbaar word nobody decided on never leaves the laptop
        raise NotReviewed(
            f"Er {'staat' if len(waiting) == 1 else 'staan'} nog {len(waiting)} mogelijk herleidbare "
            f"woord{'en' if len(waiting) != 1 else ''} in het verslag waarover niemand besliste, zoals "
            f"'{waiting[0]}'. Open de review (Ctrl+E) en kies bij elk 'vervangen' of 'behouden'."
        )
    data = report.data
    stem = content.file_stem(data)
    documents = [(f"verslag-{stem}-{data['status']}.{kind}", report_document(kind, data)) for kind in formats]
    if data["status"] == "vastgesteld":  # what goes beyond the team is what the team agreed to
        for bottleneck in data["knelpunten"]:
            details = (signals or {}).get(str(bottleneck.get("id", "")), {})
            subject = content.slug(bottleneck["titel"], 40) or "knelpunt"
            # The file names the knelpunt: its reference in the register, or where it stands in the verslag
            where = details.get("referentie") or f"{stem}-knelpunt-{bottleneck['nummer']}"
            name = f"signaal-{where}-{subject}"
            for kind in formats:
                documents.append((f"{name}.{kind}", signal_document(kind, bottleneck, details)))
    try:
        payloads = render.render([d for _, d in documents], data, workspace.root / "templates", limits)
    except TemplateProblem as problem:
        if problem.kind in ("too_large", "memory") and not problem.own:
            raise TooMuchText(_too_much(session, problem.template, limits or render.LIMITS)) from problem
        raise
    folder = out if out is not None else workspace.exports
    files = [(name, payload) for (name, _), payload in zip(documents, payloads, strict=True)]
    return _write(folder, files, within=workspace.root)


def report_document(kind: str, data: dict[str, Any]) -> Document:
    """The verslag in one format (md, html, docx)."""
    return Document(kind, TEMPLATES[kind], f"Verslag moreel beraad: {data['titel']}")


def signal_document(kind: str, bottleneck: dict[str, Any], details: dict[str, str]) -> Document:
    """The signaal of one knelpunt of a vastgesteld verslag in one format; details:
    what the register adds (its reference, who answers whom by when)."""
    reference = details.get("referentie", "")
    heading = f"Signaal {reference} · uit een vastgesteld verslag".replace("  ", " ")
    title = f"Signaal {reference}: {bottleneck['titel']}".replace("  ", " ")
    footer = f"Signaal {reference} · geanonimiseerd".replace("  ", " ")
    extra = {"knelpunt": bottleneck, "signaal": details, "kop": heading, "voet": footer}
    return Document(kind, f"signaal.{kind}.j2", title, extra)


def _write(folder: Path, files: list[tuple[str, bytes]], within: Path | None = None) -> list[Path]:
    """Write every file into folder, or none: a full disk or a bad --out leaves no
    partial file. A folder made here is private (0700) and so is every file (0600); a
    folder that exists keeps its mode, and a read-only one is not written into, even by
    root, whom the mode alone would not stop. within: the workspace, which no symlink
    may lead the files out of."""
    try:
        existed = folder.exists()
        private_dir(folder, within)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(folder))
        if existed and not stat.S_IMODE(folder.stat().st_mode) & 0o222:
            raise OSError(errno.EROFS, "read-only folder", str(folder))  # respected by root too
        paths = [folder / name for name, _ in files]
        with all_or_nothing(paths, within) as temps:
            for path, payload in zip(paths, (p for _, p in files), strict=True):
                with open(temps[path], "wb") as handle:
                    handle.write(payload)
    except OSError as error:
        raise _failed(folder, error) from error
    return paths


def _failed(folder: Path, error: OSError) -> ExportFailed:
    if error.errno == errno.ENOTDIR and folder.exists() and not folder.is_dir():
        reason = "dat is een bestand, geen map"
    elif error.errno == errno.EROFS and folder.is_dir():
        reason = "de map is alleen-lezen"
    elif error.errno == errno.ENOENT and not folder.exists():
        reason = "daar kan geen map gemaakt worden"
    else:
        reason = os_reason(error)
    failure = ExportFailed(
        with_log(
            f"Het verslag kon niet in {folder} worden geschreven: {reason}. Er is niets weggeschreven; "
            "kies een andere map, of los dit op en exporteer opnieuw.",
            error,
            "export",
        )
    )
    failure.errno = error.errno
    return failure

"""The verslag: anonymised content (content.py) rendered through Jinja templates (render.py)."""

from __future__ import annotations

import errno
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beraad.anonymise import Anonymiser, gate
from beraad.anonymise import spans as categories
from beraad.dutch import WORD, verb
from beraad.errors import BeraadError, os_reason, with_log
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
    """The session's anonymiser. The workspace's municipalities stay, and so does a team
    name that beraad.toml lists as public (`teams = [...]`: "Wijkteam Bos en Lommer" is an
    organisation, not two people); any other team text is anonymised like the notes."""
    settings = organisation(workspace.root)
    return Anonymiser(
        content.known_people(session), settings.municipalities, planned_from=session.date, teams=settings.teams
    )


def guard_for(
    session: Session, report: content.Report | None, workspace: Workspace, extra: Iterable[str] = ()
) -> gate.Guard:
    """What the gate checks an export of this session against: every person listed for
    it, every name the anonymiser found in it, and what may stay (public team names,
    municipalities, what the facilitator kept)."""
    settings = organisation(workspace.root)
    known = [p.name for p in session.participants] + [session.facilitator] + list(session.case_people)
    fragments = report.fragments if report is not None else []
    found = [
        span.text
        for fragment in fragments
        for span in fragment.result.spans
        if span.category in (categories.PERSON, categories.PARTICIPANT)
    ]
    found += report.found if report is not None else []
    found += [name for name in extra if name.strip()]
    sources = [gate.Source(f.where, f.result.source, f.result.text) for f in fragments]
    if not fragments and report is not None:  # a frozen verslag: its data is what went out
        data = report.data
        sources += [
            gate.Source("Titel", session.title, data.get("titel", "")),
            gate.Source("Team", session.team, data.get("team", "")),
        ]
        sources += [
            gate.Source(f"Knelpunt {n}", f"{b.title} {b.description}", json.dumps(shown, ensure_ascii=False))
            for n, (b, shown) in enumerate(zip(session.bottlenecks, data.get("knelpunten", []), strict=False), 1)
        ]
        sources.append(gate.Source("het vastgestelde verslag", "", json.dumps(data, ensure_ascii=False)))
    return gate.Guard(
        known=[k for k in known if k.strip()],
        found=found,
        allowed=[*settings.teams, *session.review.keep],
        municipalities=settings.municipalities,
        sources=sources,
    )


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
    reference and dates); all files or none, through the gate. Raises NotReviewed,
    TemplateProblem, gate.Blocked, or ExportFailed (a BeraadError and an OSError) with a
    Dutch message."""
    planned = prepare(session, workspace, formats, anonymiser, signals)
    try:
        payloads = render.render([d for _, d in planned.documents], planned.data, workspace.root / "templates", limits)
    except TemplateProblem as problem:
        if problem.kind in ("too_large", "memory") and not problem.own:
            raise TooMuchText(_too_much(session, problem.template, limits or render.LIMITS)) from problem
        raise
    folder = out if out is not None else workspace.exports
    files = [(name, payload) for (name, _), payload in zip(planned.documents, payloads, strict=True)]
    return _write(folder, files, planned.guard, within=workspace.root)


@dataclass(frozen=True)
class Planned:
    """An export made ready: the documents to render (file name, document), the data they
    are rendered with, and the gate their bytes must pass."""

    documents: list[tuple[str, Document]]
    data: dict[str, Any]
    guard: gate.Guard


def prepare(
    session: Session,
    workspace: Workspace,
    formats: tuple[str, ...] = FORMATS,
    anonymiser: Anonymiser | None = None,
    signals: dict[str, dict[str, str]] | None = None,
) -> Planned:
    """Everything export() does before rendering: the review is done, nothing is left
    undecided, the content is anonymised, the files are named and the gate is set."""
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
            f"Er {verb(len(waiting), 'staat', 'staan')} nog {len(waiting)} mogelijk herleidbare "
            f"{WORD.word(len(waiting))} in het verslag waarover niemand besliste, zoals "
            f"'{waiting[0]}'. Open de review (Ctrl+E) en kies bij elk 'vervangen' of 'behouden'."
        )
    data = report.data
    signals, found_in_details = _masked(signals or {}, report, session)
    stem = content.file_stem(data)
    documents = [(f"verslag-{stem}-{data['status']}.{kind}", report_document(kind, data)) for kind in formats]
    if data["status"] == "vastgesteld":  # what goes beyond the team is what the team agreed to
        for bottleneck in data["knelpunten"]:
            details = signals.get(str(bottleneck.get("id", "")), {})
            subject = content.slug(bottleneck["titel"], 40) or "knelpunt"
            # The file names the knelpunt: its reference in the register, or where it stands in the verslag
            where = details.get("referentie") or f"{stem}-knelpunt-{bottleneck['nummer']}"
            name = f"signaal-{where}-{subject}"
            shown = categories.unnamed_labels(bottleneck)  # a signaal goes beyond the team
            for kind in formats:
                documents.append((f"{name}.{kind}", signal_document(kind, shown, details)))
    return Planned(documents, data, guard_for(session, report, workspace, found_in_details))


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


# What a signaal says beyond the verslag that someone typed (the addressee as agendered,
# "bij wie"): anonymised with the verslag's own pseudonyms before it is shown.
FREE_TEXT_DETAILS = ("terugkoppeling_door", "antwoord_aan", "gevraagd")


def _masked(
    signals: dict[str, dict[str, str]], report: content.Report, session: Session
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The signaal details with their free texts anonymised, and the names found there."""
    if not signals:
        return signals, []
    # With the verslag's own labels: someone in the verslag named here is the same "[persoon 1]"
    builder = content.masker(session, report)
    masked: dict[str, dict[str, str]] = {}
    for key, details in signals.items():
        masked[key] = dict(details)
        for name in FREE_TEXT_DETAILS:
            if details.get(name, "").strip():
                masked[key][name] = builder.text(f"Signaal ({name})", details[name], own_words=True, settle=True)
    found = [s.text for f in builder.fragments for s in f.result.spans if s.category in content.PEOPLE]
    return masked, found


def _write(
    folder: Path,
    files: list[tuple[str, bytes]],
    guard: gate.Guard,
    within: Path | None = None,
    what: str = "Het verslag",
) -> list[Path]:
    """Write every file into folder through the gate, or none: a name or number that
    identifies someone, a full disk or a bad --out leaves no file (see gate.write).
    within: the workspace, which no symlink may lead the files out of; what: what the
    files are, as a message names them ("Het verslag", "Het overzicht")."""
    try:
        return gate.write(folder, files, guard, within)
    except gate.WriteFailed as error:
        raise _failed(folder, error, what) from error


def _failed(folder: Path, error: OSError, what: str = "Het verslag") -> ExportFailed:
    if isinstance(error.__cause__, OSError):  # gate.WriteFailed: the error of the disk itself
        error = error.__cause__
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
            f"{what} kon niet in {folder} worden geschreven: {reason}. Er is niets weggeschreven; "
            "kies een andere map, of los dit op en exporteer opnieuw.",
            error,
            "export",
        )
    )
    failure.errno = error.errno
    return failure

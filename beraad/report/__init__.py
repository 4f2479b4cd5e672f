"""The verslag: anonymised content (content.py) rendered through Jinja templates (render.py)."""

from __future__ import annotations

from pathlib import Path

from beraad.anonymise import Anonymiser
from beraad.files import private_dir
from beraad.model.session import Session
from beraad.report import content, render
from beraad.settings import organisation
from beraad.workspace import Workspace

FORMATS = ("md", "html", "docx")


class NotReviewed(Exception):
    """The facilitator has not looked at what the anonymiser replaced (since the last edit)."""


def anonymiser_for(session: Session, workspace: Workspace) -> Anonymiser:
    return Anonymiser(content.known_people(session), organisation(workspace.root).municipalities)


def needs_review(session: Session) -> bool:
    return session.review.reviewed != content.fingerprint(session)


def export(
    session: Session,
    workspace: Workspace,
    formats: tuple[str, ...] = FORMATS,
    out: Path | None = None,
    anonymiser: Anonymiser | None = None,
) -> list[Path]:
    """Write the verslag (and a signaal per knelpunt); raises NotReviewed or TemplateProblem."""
    if needs_review(session):
        raise NotReviewed(
            "Deze sessie is nog niet gereviewd (of is gewijzigd sinds de review). "
            "Bekijk eerst wat de anonimisering vervangt: open de sessie en druk op Ctrl+E."
        )
    anonymiser = anonymiser or anonymiser_for(session, workspace)
    report = content.current(session, anonymiser)
    env = render.environment(workspace.root / "templates")
    folder = private_dir(out or workspace.exports)
    data = report.data
    stem = f"verslag-{session.date:%Y%m%d}-{session.id}-v{data['versie']}-{data['status']}"
    written = [render.write(env, kind, data, folder / stem) for kind in formats]
    for bottleneck in data["knelpunten"]:
        signal = folder / f"signaal-{session.id}-v{data['versie']}-knelpunt-{bottleneck['nummer']}.md"
        signal.write_text(render.render(env, "signaal.md.j2", {**data, "knelpunt": bottleneck}), encoding="utf-8")
        written.append(signal)
    return written

"""Fixtures and readers shared by the export tests (no tests of its own).

Export tests keep the log and compiled templates out of the user's folders, and use the
anonymiser without deduce unless deduce is the point: these tests are about the files.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from beraad import demo, report
from beraad.anonymise import Anonymiser
from beraad.model import Session
from beraad.report import content, render
from beraad.workspace import Workspace

from .conftest import TODAY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(autouse=True)
def _private_log_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(render, "_cache", lambda: str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)


@pytest.fixture(name="session")
def session_fixture(dilemma) -> Session:
    """The demo session (case 1), review done."""
    made = demo.session(dilemma, TODAY)
    made.review.reviewed = content.fingerprint(made)
    return made


@pytest.fixture(name="ws")
def ws_fixture(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "werkmap")


def quick(session: Session) -> Anonymiser:
    return Anonymiser(content.known_people(session), use_deduce=False)


def reviewed(session: Session) -> Session:
    session.review.reviewed = content.fingerprint(session)
    return session


def export(session: Session, workspace: Workspace, formats=report.FORMATS, **options) -> list[Path]:
    options.setdefault("anonymiser", quick(session))
    return report.export(reviewed(session), workspace, tuple(formats), **options)


def approve(session: Session, role: str = "het team", anonymiser: Anonymiser | None = None) -> None:
    built = content.build(reviewed(session), anonymiser or quick(session))
    session.approvals.append(content.approval(session, built, role, date(2026, 11, 30)))


def docx_parts(path: Path) -> dict[str, ElementTree.Element]:
    """Every part of a .docx, parsed: fails on any part that is not well-formed XML."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: ElementTree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


def docx_text(path: Path) -> str:
    """All visible text of a .docx (body, tables, header, footer), via python-docx."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def text_of(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return path.read_text(encoding="utf-8")

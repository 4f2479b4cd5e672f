"""A privacy officer's findings, driven as a user would: the `beraad` command line on a
workspace on disk, then the exported files or the printed JSON are read back and
searched for what was planted. The rules themselves are tested in the core
(test_anonymise_privacy.py)."""

from __future__ import annotations

import io
import sys

import pytest

from beraad import demo
from beraad.core.review import undecided
from beraad.model import Session
from beraad.report import anonymiser_for, content

from .conftest import TODAY, run_cli, store_and_index


def reviewed(session: Session, workspace) -> Session:
    """The session as a facilitator leaves the review: whatever was unsure replaced."""
    session.review.replace = undecided(content.build(session, anonymiser_for(session, workspace)))
    session.review.reviewed = content.fingerprint(session)
    return session


def approved(session: Session, workspace, role: str = "het team") -> Session:
    """Reviewed, then vastgesteld by the team (its signalen are written from then on)."""
    reviewed(session, workspace)
    built = content.build(session, anonymiser_for(session, workspace))
    session.approvals.append(content.approval(session, built, role, TODAY))
    return session


@pytest.fixture
def demo_approved(workspace, dilemma) -> Session:
    session = approved(demo.session(dilemma, TODAY), workspace)
    store_and_index(workspace, session)
    return session


def test_anonymise_ends_its_output_with_a_line_end(capsys, workspace, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde"))  # no line end typed
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde\n"))
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"  # not two


@pytest.mark.parametrize("written", ["beleid", "  BELEID ", "Béleid", "be\u00adleid"])
def test_the_extract_finds_its_addressee_whatever_the_case_accents_or_spaces(capsys, workspace, demo_approved, written):
    out_dir = workspace.root / "uit"
    code, out, err = run_cli(
        capsys, "knelpunten", "export", "--aan", written, "--format", "md", "--out", str(out_dir), workspace=workspace
    )
    assert code == 0, err
    (path,) = out_dir.glob("knelpunten-beleid-*.md")  # named as the route map names it
    text = path.read_text(encoding="utf-8")
    assert demo_approved.bottlenecks[0].title in text and "[persoon" not in text.split("\n", 1)[0]


def test_an_addressee_nobody_uses_is_refused_with_the_choices(capsys, workspace, demo_approved):
    code, _, err = run_cli(capsys, "knelpunten", "export", "--aan", "iemand anders", workspace=workspace)
    assert code == 1 and "Onbekende adressaat" in err and "beleid" in err

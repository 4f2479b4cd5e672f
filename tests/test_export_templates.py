"""Workspace templates are a trainer's code: they run with limits, and every problem is a
Dutch sentence with the file and line; Jinja's English detail goes to the log only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from beraad import report
from beraad.errors import BeraadError
from beraad.model import Session
from beraad.report import render
from beraad.report.sandbox import Limits
from beraad.workspace import Workspace

from .test_export_support import _private_log_and_cache, export, session_fixture, ws_fixture  # noqa: F401

ENGLISH = re.compile(r"undefined|unsafe|unexpected|expected|Traceback|Error|object|attribute|\btemplate\b", re.I)
QUICK = Limits(seconds=1.0, characters=200_000)


def _own(workspace: Workspace, name: str, text: str) -> Path:
    path = workspace.root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _problem(session: Session, workspace: Workspace, formats=("md",), limits: Limits = QUICK) -> str:
    with pytest.raises(report.TemplateProblem) as failure:
        export(session, workspace, formats, limits=limits)
    assert isinstance(failure.value, BeraadError)
    assert not workspace.exports.exists() or not list(workspace.exports.iterdir())
    return str(failure.value)


def _words(message: str) -> str:
    """The message without the log hint and folder paths, which may hold any word."""
    return re.sub(r"/\S+", "", message.split(" (Technische details staan in ")[0])


@pytest.fixture
def logged(monkeypatch) -> list[BaseException]:
    """What went to the log: the Dutch message names the log, the detail is in it."""
    from beraad import errors

    recorded: list[BaseException] = []

    def record(error: BaseException, context: str) -> Path:
        recorded.append(error)
        return Path("/logboek/beraad.log")

    monkeypatch.setattr(errors, "record", record)
    return recorded


def test_an_endless_loop_ends_in_a_dutch_error_naming_the_template(session: Session, ws):
    loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
    _own(ws, "verslag.md.j2", "# {{ titel }}\n" + loops + "{% endfor %}{% endfor %}{% endfor %}\n")
    message = _problem(session, ws)
    assert message.startswith("Sjabloon 'verslag.md.j2', regel 2: het sjabloon is na 1 seconden nog niet klaar")
    assert not ENGLISH.search(_words(message))


def test_a_loop_that_writes_without_end_stops_at_the_size_limit(session: Session, ws):
    _own(
        ws,
        "verslag.md.j2",
        "{% for a in range(100000) %}{% for b in range(100000) %}{{ titel }}{% endfor %}{% endfor %}",
    )
    message = _problem(session, ws)
    assert message.startswith("Sjabloon 'verslag.md.j2'")
    assert "te groot document (meer dan 200.000 tekens)" in message


@pytest.mark.parametrize(
    "expression",
    ['"x" * 100000000', '"x".ljust(100000000)', "2 ** 100000000", "[1] * 100000000"],
)
def test_a_huge_value_ends_in_a_dutch_error_without_a_huge_file(session: Session, ws, expression):
    _own(ws, "verslag.html.j2", f"<p>{{{{ titel }}}}</p>\n<p>{{{{ {expression} }}}}</p>\n")
    message = _problem(session, ws, ("md", "html"), Limits(seconds=20, characters=1_000_000))
    assert message.startswith("Sjabloon 'verslag.html.j2', regel 2: het sjabloon maakt een te groot document")
    assert not ENGLISH.search(_words(message))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# {{ titel }}\n\n{{ bestaat_niet }}\n",
            "Sjabloon 'verslag.md.j2', regel 3: er is geen gegeven 'bestaat_niet'",
        ),
        ("{{ methode.bestaat_niet }}", "Sjabloon 'verslag.md.j2', regel 1: er is geen gegeven 'bestaat_niet'"),
        (
            "\n{{ titel.__class__.__mro__ }}",
            "Sjabloon 'verslag.md.j2', regel 2: '__class__' is in sjablonen afgeschermd",
        ),
        ("# {{ titel }\n", "Sjabloon 'verslag.md.j2', regel 1: een haakje klopt niet"),
        (
            "# {{ titel }}\n{% for s in stappen %}\n{{ s.titel }}\n",
            "Sjabloon 'verslag.md.j2', regel 2: deze {% for %} wordt nergens afgesloten; zet {% endfor %} waar hij",
        ),
        ("{% herhaal %}", "Sjabloon 'verslag.md.j2', regel 1: de opdracht 'herhaal' bestaat niet"),
        (
            '{% include "bestaat-niet.j2" %}',
            "Sjabloon 'verslag.md.j2', regel 1: het sjabloon 'bestaat-niet.j2' bestaat niet",
        ),
        ("{{ 1 / 0 }}", "Sjabloon 'verslag.md.j2', regel 1: er wordt gedeeld door nul"),
        (
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "Sjabloon 'verslag.md.j2', regel 1: het sjabloon roept zichzelf",
        ),
    ],
)
def test_template_problems_are_dutch_with_file_and_line(session: Session, ws, logged, text, expected):
    own = _own(ws, "verslag.md.j2", text)
    message = _problem(session, ws)
    assert message.startswith(expected), message
    assert not ENGLISH.search(_words(message)), message
    assert f"Herstel het sjabloon in {own.parent} of verwijder het" in message
    assert message.endswith("(Technische details staan in /logboek/beraad.log.)")
    (cause,) = logged
    assert "Traceback" in str(cause) and "jinja2" in str(cause)


def test_a_problem_in_an_included_template_names_that_file(session: Session, ws):
    _own(ws, "_velden.md.j2", "{% macro veld(v) %}\n{{ v.bestaat_niet }}\n{% endmacro %}\n")
    message = _problem(session, ws)
    assert message.startswith("Sjabloon '_velden.md.j2', regel 2: er is geen gegeven 'bestaat_niet'")


def test_a_trainers_own_template_is_escaped_like_the_shipped_one(session: Session, ws):
    session.title = "A | B\n# Kop <b>vet</b>"
    session.team = "<script>alert(1)</script>"
    _own(ws, "verslag.md.j2", "| Titel | {{ titel }} |\n|---|---|\n")
    _own(ws, "verslag.html.j2", "<p>{{ team }}</p>")
    md, html = export(session, ws, ("md", "html"))
    assert md.read_text(encoding="utf-8") == "| Titel | A \\| B<br>\\# Kop \\<b\\>vet\\</b\\> |\n|---|---|\n"
    assert html.read_text(encoding="utf-8") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_a_docx_part_that_is_not_xml_is_refused_before_any_file_is_written(session: Session, ws):
    _own(ws, "verslag.docx.j2", "<w:p><w:r><w:t>{{ titel }}</w:t></w:r>\n")  # an unclosed w:p
    message = _problem(session, ws, ("md", "docx"))
    assert message.startswith("Sjabloon 'docx/word/document.xml.j2' maakt geen geldig Word-bestand")


def test_the_shipped_templates_render_within_the_default_limits(session: Session, ws):
    files = export(session, ws, limits=render.LIMITS)
    assert [p.suffix for p in files] == [".md", ".html", ".docx"]


def test_without_a_render_process_the_export_still_works(session: Session, ws, monkeypatch):
    def cannot_start(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(render.subprocess, "Popen", cannot_start)
    files = export(session, ws, ("md", "docx"))
    assert [p.suffix for p in files] == [".md", ".docx"]
    _own(ws, "verslag.md.j2", '{{ "x" * 100000000 }}')
    with pytest.raises(report.TemplateProblem, match="te groot document"):
        export(session, ws, ("md",))

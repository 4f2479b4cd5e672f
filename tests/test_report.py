"""The verslag: templates render notes as text, the .docx opens, approval freezes the export."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import docx
import pytest

from beraad import demo, report
from beraad.report import content
from beraad.report.render import TemplateProblem
from beraad.workspace import Workspace

from .conftest import TODAY


@pytest.fixture
def reviewed(dilemma):
    session = demo.session(dilemma, TODAY)
    session.review.reviewed = content.fingerprint(session)
    return session


def _export(session, tmp_path, formats=report.FORMATS):
    workspace = Workspace(tmp_path / "werkmap")
    return workspace, report.export(session, workspace, formats)


def test_unreviewed_session_is_not_exported(dilemma, tmp_path):
    session = demo.session(dilemma, TODAY)
    with pytest.raises(report.NotReviewed, match="Ctrl\\+E"):
        _export(session, tmp_path)


def test_markup_and_template_syntax_in_notes_render_as_text(reviewed, tmp_path):
    reviewed.set_value("casus", "hittepunt", "<script>alert('x')</script> {{ 7*7 }} {% raw %}")
    reviewed.review.reviewed = content.fingerprint(reviewed)
    _, files = _export(reviewed, tmp_path, ("html", "md", "docx"))
    html = files[0].read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }} {% raw %}" in html
    assert "49" not in html
    markdown = files[1].read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in markdown
    document = zipfile.ZipFile(files[2]).read("word/document.xml").decode()
    assert "&lt;script&gt;" in document


def test_html_page_is_self_contained(reviewed, tmp_path):
    html_file = _export(reviewed, tmp_path, ("html",))[1][0]
    html = html_file.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "@media print" in html


def test_docx_reads_back_with_the_expected_headings(reviewed, tmp_path):
    _, files = _export(reviewed, tmp_path, ("docx",))
    document = docx.Document(str(files[0]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Opening", "Ronde 1: Casus"]
    assert "Ronde 8: Conclusie en acties" in headings and headings[-1] == "Knelpunten"
    assert document.paragraphs[0].style.name == "Title"
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Inlichtingenplicht houdt geen rekening met vlucht" in text


def test_no_names_addresses_or_numbers_in_any_export(reviewed, tmp_path):
    _, files = _export(reviewed, tmp_path)
    forbidden = [name for person, _ in demo.PARTICIPANTS for name in person.split() if name not in ("de",)]
    forbidden += ["Linda", "Bakker", "Ricardo", "Petra", "Hoekstra", "Dorpsstraat", "3701", "Kerkstraat", "Zeist"]
    forbidden += ["06-12345678", "WI-2024-00815"]
    for path in files:
        if path.suffix == ".docx":
            text = zipfile.ZipFile(path).read("word/document.xml").decode()
        else:
            text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), f"{word} in {path.name}"
        assert "Participatiewet art. 17" in text or (path.name.startswith("signaal-") and "knelpunt-2" in path.name)


def test_personal_considerations_have_no_who_said_what(reviewed, dilemma):
    data = content.build(reviewed, report.Anonymiser()).data
    field = data["stappen"][6]["velden"][0]["waarde"]
    answers = field["stammen"][0]["antwoorden"]
    assert answers == sorted(answers) and len(answers) == 4
    assert "d1" not in str(field)


def test_approval_freezes_the_export_and_a_later_edit_makes_a_new_version(reviewed, tmp_path):
    workspace = Workspace(tmp_path / "werkmap")
    built = content.build(reviewed, report.anonymiser_for(reviewed, workspace))
    reviewed.approvals.append(content.approval(reviewed, built, "teamleider", date(2026, 11, 30)))
    approved, *signals = report.export(reviewed, workspace, ("md",))
    assert [s.name for s in signals] == [f"signaal-{reviewed.id}-v1-knelpunt-{n}.md" for n in (1, 2)]
    assert approved.name.endswith("-v1-vastgesteld.md")
    assert "vastgesteld op 30-11-2026 door teamleider" in approved.read_text(encoding="utf-8")

    reviewed.set_value("dialoog", "aard", "Ook over feiten, bleek later.")
    reviewed.review.reviewed = content.fingerprint(reviewed)
    later = report.export(reviewed, workspace, ("md",))[0]
    assert later.name.endswith("-v2-concept.md")
    assert "Ook over feiten" in later.read_text(encoding="utf-8")
    assert "Ook over feiten" not in approved.read_text(encoding="utf-8")


def test_template_error_names_template_and_line(reviewed, tmp_path):
    workspace = Workspace(tmp_path / "werkmap")
    (workspace.root / "templates").mkdir(parents=True)
    (workspace.root / "templates" / "verslag.md.j2").write_text(
        "# {{ titel }}\n\n{{ bestaat_niet }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateProblem, match=r"Sjabloon 'verslag.md.j2', regel 3: 'bestaat_niet' is undefined"):
        report.export(reviewed, workspace, ("md",))
    (workspace.root / "templates" / "verslag.md.j2").write_text("# {{ titel }\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"Sjabloon 'verslag.md.j2', regel 1"):
        report.export(reviewed, workspace, ("md",))


def test_workspace_template_overrides_one_file(reviewed, tmp_path):
    workspace = Workspace(tmp_path / "werkmap")
    (workspace.root / "templates").mkdir(parents=True)
    (workspace.root / "templates" / "verslag.md.j2").write_text("Eigen sjabloon: {{ titel }}\n", encoding="utf-8")
    md, html = report.export(reviewed, workspace, ("md", "html"))[:2]
    assert md.read_text(encoding="utf-8").startswith("Eigen sjabloon:")
    assert "<!DOCTYPE html>" in html.read_text(encoding="utf-8")

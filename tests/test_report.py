"""The verslag: templates render notes as text, the .docx opens, approval freezes the export,
personal considerations stay unnamed, and the first page holds the essentials for any method."""

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
from .test_export_support import _private_log_and_cache, quick  # noqa: F401


@pytest.fixture
def reviewed(dilemma):
    session = demo.session(dilemma, TODAY)
    session.review.reviewed = content.fingerprint(session)
    return session


def _export(session, tmp_path, formats=report.FORMATS):
    workspace = Workspace(tmp_path / "werkmap")
    return workspace, report.export(session, workspace, formats)


def _afwegingen(data):
    return next(s for s in data["stappen"] if s["id"] == "afweging")["velden"][0]["waarde"]


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
    assert r"\<script\>alert('x')\</script\> {{ 7\*7 }} {% raw %}" in markdown
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
    assert headings[:4] == ["In het kort", "Opening", "Terugblik", "Ronde 1: Casus"]
    assert "Ronde 8: Conclusie en acties" in headings and headings[-1] == "Knelpunten"
    assert document.paragraphs[1].style.name == "Title"  # after the concept marker
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


def test_personal_considerations_have_no_who_said_what(reviewed):
    data = content.build(reviewed, quick(reviewed)).data
    field = next(s for s in data["stappen"] if s["id"] == "afweging")["velden"][0]["waarde"]
    assert "d1" not in str(field) and "Sanne" not in str(field)
    answers = field["stammen"][0]["antwoorden"]
    assert answers == sorted(answers, key=str.casefold) and len(answers) == 4
    chains = field["afwegingen"]
    assert [c["nummer"] for c in chains] == [1, 2, 3, 4] and field["volgorde"] == "geloot"
    assert [a["stam"] for a in chains[0]["antwoorden"]] == reviewed.method.step("afweging").fields[0].stems


def _chain_order(session) -> list[str]:
    """Which participant each afweging came from, by its first answer."""
    firsts = {p: form["Ik vind het juist om"] for p, form in session.value("afweging", "afwegingen").items()}
    field = _afwegingen(content.build(session, quick(session)).data)
    shown = [chain["antwoorden"][0]["antwoord"] for chain in field["afwegingen"]]
    return [next(p for p, first in firsts.items() if first == text) for text in shown]


def test_each_chain_stays_together_in_a_drawn_order_that_is_stable(dilemma):
    from datetime import datetime

    from beraad.model import Session

    people = [(f"Deelnemer {n}", "klantmanager") for n in range(1, 9)]
    session = Session.start(dilemma, "Volgorde", TODAY, people)
    session.created = datetime(2026, 11, 23, 9, 30, 0, 123456)
    stems = dilemma.step("afweging").fields[0].stems
    session.set_value("afweging", "afwegingen", {f"d{n}": {stem: f"{stem} {n}" for stem in stems} for n in range(1, 9)})
    order = _chain_order(session)
    assert sorted(order) == [f"d{n}" for n in range(1, 9)]
    assert order != [f"d{n}" for n in range(1, 9)]  # not the participant list
    field = _afwegingen(content.build(session, quick(session)).data)
    for chain in field["afwegingen"]:  # one person's answers together
        assert len({a["antwoord"].rsplit(" ", 1)[1] for a in chain["antwoorden"]}) == 1
    again = Session.model_validate(session.to_data())
    assert _chain_order(again) == order  # the same at the next export


def test_pooling_per_question_is_a_workspace_choice_and_the_text_says_which(reviewed, tmp_path):
    workspace = Workspace(tmp_path / "werkmap")
    default = report.export(reviewed, workspace, ("md",), anonymiser=quick(reviewed))[0].read_text(encoding="utf-8")
    assert "#### Afweging 1" in default and "De volgorde is door loting bepaald" in default
    assert "per vraag bij elkaar" not in default
    workspace.root.mkdir(exist_ok=True)
    (workspace.root / "beraad.toml").write_text('[verslag]\nafwegingen = "per_vraag"\n', encoding="utf-8")
    pooled = report.export(reviewed, workspace, ("md", "html", "docx"), anonymiser=quick(reviewed))
    for path in pooled[:2]:
        text = path.read_text(encoding="utf-8")
        assert "per vraag bij elkaar, in alfabetische volgorde" in text and "Afweging 1" not in text


def test_the_first_page_holds_the_essentials(reviewed):
    summary = content.build(reviewed, quick(reviewed)).data["samenvatting"]
    assert [f["id"] for f in summary["dilemma"]] == ["vraag", "opties"]
    assert [f["id"] for f in summary["conclusies"]] == ["conclusies"]
    assert [a["wie"] for a in summary["acties"]] == ["klantmanager", "teamleider", "gespreksleider"]
    assert summary["knelpunten"] == [
        {
            "nummer": 1,
            "titel": "Inlichtingenplicht houdt geen rekening met vlucht voor huiselijk geweld",
            "adressaat": "beleid",
        },
        {
            "nummer": 2,
            "titel": "Handhaving besluit zonder gesprek en zonder informatie van Veilig Thuis",
            "adressaat": "management",
        },
    ]


def test_the_first_page_works_for_a_method_without_dilemma_or_actions(tmp_path):
    from beraad import methods
    from beraad.model import Session

    (tmp_path / "socratisch.toml").write_text(
        """id = "socratisch"
versie = "1"
titel = "Socratisch gesprek"

[[stappen]]
id = "vraag"
titel = "Startvraag"
soort = "ronde"
minuten = 10
  [[stappen.velden]]
  id = "vraag"
  soort = "tekst"
  label = "De vraag"

[[stappen]]
id = "kern"
titel = "Kernuitspraak"
soort = "ronde"
minuten = 20
  [[stappen.velden]]
  id = "uitspraken"
  soort = "lijst"
  label = "Kernuitspraken"

[[stappen]]
id = "terugblik"
titel = "Terugblik"
soort = "kader"
minuten = 5
  [[stappen.velden]]
  id = "hoe"
  soort = "tekst"
  label = "Hoe ging het"
""",
        encoding="utf-8",
    )
    method = methods.load(tmp_path / "socratisch.toml")
    session = Session.start(method, "Wat is rechtvaardig?", TODAY, [("Anna de Groot", "klantmanager")])
    session.set_value("vraag", "vraag", "Wanneer is een regel rechtvaardig?")
    session.set_value("kern", "uitspraken", ["Een regel is rechtvaardig als hij uit te leggen is."])
    session.set_value("terugblik", "hoe", "Goed.")
    summary = content.build(session, quick(session)).data["samenvatting"]
    assert summary["dilemma"] == [] and summary["acties"] == []
    assert [f["id"] for f in summary["conclusies"]] == ["uitspraken"]  # the last round, not the frame
    session.review.reviewed = content.fingerprint(session)
    (md,) = report.export(session, Workspace(tmp_path / "werkmap"), ("md",), anonymiser=quick(session))
    text = md.read_text(encoding="utf-8")
    assert "### Wat we concluderen" in text and "Er zijn geen acties afgesproken." in text
    assert "### Het dilemma" not in text


def test_approval_freezes_the_export_and_a_later_edit_makes_a_new_version(reviewed, tmp_path):
    workspace = Workspace(tmp_path / "werkmap")
    built = content.build(reviewed, report.anonymiser_for(reviewed, workspace))
    reviewed.approvals.append(content.approval(reviewed, built, "teamleider", date(2026, 11, 30)))
    approved, *signals = report.export(reviewed, workspace, ("md",))
    assert [s.name for s in signals] == [
        "signaal-2026-11-23-uitkering-gestopt-na-vlucht-voor-huiselijk-v1-knelpunt-1-inlichtingenplicht-houdt-geen-rekening.md",
        "signaal-2026-11-23-uitkering-gestopt-na-vlucht-voor-huiselijk-v1-knelpunt-2-handhaving-besluit-zonder-gesprek-en.md",
    ]
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
    with pytest.raises(TemplateProblem, match=r"Sjabloon 'verslag.md.j2', regel 3: er is geen gegeven 'bestaat_niet'"):
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


def test_a_deadline_stays_and_a_date_in_the_case_goes(reviewed, tmp_path):
    """A date from the session on is a plan (an action's 'wanneer'), not someone's history."""
    actions = reviewed.value("conclusie", "acties")
    actions[0]["wanneer"] = "15-12-2026"  # after the session (23-11-2026)
    reviewed.set_value("conclusie", "acties", actions)
    reviewed.set_value("casus", "hittepunt", "Op 12-04-2024 werd de uitkering stopgezet; gesprek op 23 november 2026.")
    reviewed.review.reviewed = content.fingerprint(reviewed)
    _, files = _export(reviewed, tmp_path, ("md",))
    text = files[0].read_text(encoding="utf-8")
    assert "15-12-2026" in text and "23 november 2026" in text
    assert "12-04-2024" not in text and "[datum]" in text


def test_a_public_team_name_stays_as_typed_while_the_same_words_in_a_note_are_replaced(reviewed, tmp_path):
    reviewed.team = "Wijkteam Bos en Lommer"  # "Bos" is a surname to deduce, "Lommer" an unknown word
    reviewed.values["casus"]["verhaal"] = "Mevrouw Bos uit de flat belde het Wijkteam Bos en Lommer."
    reviewed.review.reviewed = content.fingerprint(reviewed)
    (tmp_path / "werkmap").mkdir()
    (tmp_path / "werkmap" / "beraad.toml").write_text('teams = ["Wijkteam Bos en Lommer"]\n', encoding="utf-8")
    _, paths = _export(reviewed, tmp_path, ("md",))
    text = paths[0].read_text(encoding="utf-8")
    assert "| Team | Wijkteam Bos en Lommer |" in text
    assert "[persoon" in text and "Mevrouw Bos" not in text
    assert "het Wijkteam Bos en Lommer" in text


def test_a_team_typed_with_a_name_in_it_is_anonymised_unless_listed_as_public(reviewed, tmp_path):
    reviewed.team = "Team Noord (teamleider Karin Jansen)"
    reviewed.review.reviewed = content.fingerprint(reviewed)
    _, paths = _export(reviewed, tmp_path, ("md",))
    text = paths[0].read_text(encoding="utf-8")
    assert "Karin" not in text and "Jansen" not in text
    assert "Team Noord (teamleider [persoon" in text

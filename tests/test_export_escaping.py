"""Exports are what they say: every format escapes what it must, and the .docx is always
well-formed WordprocessingML that Word and python-docx open."""

from __future__ import annotations

import re
import zipfile

import docx
from markdown_it import MarkdownIt

from beraad import methods
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck

from .conftest import TODAY
from .test_export_support import (  # noqa: F401
    W,
    _private_log_and_cache,
    approve,
    docx_parts,
    docx_text,
    export,
    quick,
    session_fixture,
    text_of,
    ws_fixture,
)

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HOSTILE = "a\x1b[31mrood\x07 \x00nul\x0b\x0c\x85\u2028 &amp; ]]> <w:p/> \ud800 \uffff"


def _markdown(text: str) -> list:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _cells(tokens: list) -> list[list[str]]:
    """Rows of each table as markdown renders them: [[cell, cell], ...]."""
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(tokens[index + 1].content)
    return rows


def test_markdown_cells_headings_fences_and_html_stay_text(session: Session, ws):
    session.set_value(
        "conclusie",
        "acties",
        [{"wat": "Bellen | mailen\nen daarna\n# Kop", "wie": "klantmanager", "wanneer": "`maandag"}],
    )
    session.set_value(
        "casus", "hittepunt", "Eerste regel\n# Geen kop\n```\nGeen code\n    ook geen code\n> geen citaat"
    )
    session.set_value("alternatieven", "lijst", ["- geen sublijst", "1. geen genummerde lijst", "[link](http://x.nl)"])
    session.bottlenecks[0].title = "# Titel | met pipe"
    session.team = "<script>alert(1)</script> Team"
    (md,) = export(session, ws, ("md",))
    text = md.read_text(encoding="utf-8")
    tokens = _markdown(text)

    assert not [t for t in tokens if t.type in ("fence", "code_block", "html_block")]
    assert len([t for t in tokens if t.type == "blockquote_open"]) == 2  # the template's concept and anonymity notes
    inline_html = [c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "html_inline"]
    assert set(inline_html) <= {"<br>"}
    assert not [c for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if "Kop" in h and "Knelpunt" not in h]
    assert any(h.endswith(r"Knelpunt 1: \# Titel \| met pipe") for h in headings)

    rows = _cells(tokens)
    action = next(r for r in rows if r and "Bellen" in r[0])
    assert action == [r"Bellen | mailen<br>en daarna<br>\# Kop", "klantmanager", r"\`maandag"]
    for row in rows:  # every table keeps its columns: meta 2, dilemma, actions and perspectives 3
        assert len(row) in (2, 3), row
    assert r"\<script\>alert(1)\</script\> Team" in text
    assert "<script>" not in text


def test_control_bytes_never_reach_any_file(session: Session, ws):
    session.title = f"Titel {HOSTILE}"
    session.team = HOSTILE
    session.set_value("casus", "verhaal", HOSTILE)
    session.set_value("perspectieven", "tabel", [{"Perspectief": HOSTILE, "Waarde": "x", "Norm": "y"}])
    session.bottlenecks[0].description = HOSTILE
    approve(session, role="het team \x1b[1m\x07")
    files = export(session, ws)
    assert {p.suffix for p in files} == {".md", ".html", ".docx"}
    assert any(p.name.startswith("signaal-") for p in files)
    for path in files:
        text = text_of(path)
        assert not CONTROL.search(text), path.name
        assert "\ud800" not in text and "\uffff" not in text
        assert "rood" in text and "nul" in text


def test_docx_is_well_formed_and_opens_whatever_the_notes_hold(session: Session, ws):
    session.set_value("casus", "verhaal", HOSTILE)
    session.set_value("dilemma", "vraag", "Moet ik A \x1b of B\x07?")
    session.bottlenecks.append(
        Bottleneck(
            id="k3", title="Titel \x07 met BEL", description="ESC \x1b", addressee="beleid \x1b", step_id="casus"
        )
    )
    (path,) = export(session, ws, ("docx",))
    parts = docx_parts(path)  # parses every part: raises on malformed XML
    assert {
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/header1.xml",
        "word/footer1.xml",
    } <= set(parts)
    text = docx_text(path)
    assert "Moet ik A  of B?" in text
    assert "]]> <w:p/>" in text  # markup in a note is text, not structure


def test_docx_has_real_lists_table_grid_repeated_headers_and_rows_that_keep_together(session: Session, ws):
    (path,) = export(session, ws, ("docx",))
    body = docx_parts(path)["word/document.xml"]
    bullets = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr/{W}numId") is not None]
    assert len(bullets) >= 5
    assert not [p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith("• ")]
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) >= 8
    for table in tables:
        grid = table.findall(f"{W}tblGrid/{W}gridCol")
        rows = table.findall(f"{W}tr")
        assert grid and all(len(row.findall(f"{W}tc")) == len(grid) for row in rows)
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        for cell in table.iter(f"{W}tc"):
            assert cell.find(f"{W}tcPr/{W}tcW") is not None and cell.find(f"{W}p") is not None
    with_header = [t for t in tables if t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]
    assert len(with_header) >= 4  # dilemma (twice), perspectives, actions (twice), knelpunten
    for table in with_header:
        assert table.findall(f"{W}tr")[0].find(f"{W}trPr/{W}tblHeader") is not None

    document = docx.Document(str(path))
    assert document.paragraphs[1].style.name == "Title"
    dilemma = next(t for t in document.tables if t.rows[0].cells[1].text == "Moet ik")
    assert [r.cells[0].text for r in dilemma.rows] == ["", "A", "B", "C"]
    assert [c.text for c in dilemma.rows[0].cells] == ["", "Moet ik", "Schade"]


def test_docx_has_header_footer_page_numbers_and_properties_without_an_author(session: Session, ws):
    (concept,) = export(session, ws, ("docx",))
    parts = docx_parts(concept)
    header = "".join(t.text or "" for t in parts["word/header1.xml"].iter(f"{W}t"))
    assert "CONCEPT" in header
    fields = [f.get(f"{W}instr", "").strip() for f in parts["word/footer1.xml"].iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    properties = docx.Document(str(concept)).core_properties
    assert properties.title == "Verslag moreel beraad: Uitkering gestopt na vlucht voor huiselijk geweld"
    assert properties.author == "" and properties.last_modified_by == ""
    with zipfile.ZipFile(concept) as archive:
        core = archive.read("docProps/core.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert "creator" not in core and "lastModifiedBy" not in core
    assert "removePersonalInformation" in settings

    approve(session)
    final, *signals = export(session, ws, ("docx",))
    header = "".join(t.text or "" for t in docx_parts(final)["word/header1.xml"].iter(f"{W}t"))
    assert "CONCEPT" not in header and "Vastgesteld" in header
    assert "CONCEPT" not in docx_text(final)
    footer = "".join(t.text or "" for t in docx_parts(final)["word/footer1.xml"].iter(f"{W}t"))
    assert footer.startswith("Geanonimiseerd verslag moreel beraad")
    assert signals  # a signaal's footer names it, not the verslag
    for signal in signals:
        footer = "".join(t.text or "" for t in docx_parts(signal)["word/footer1.xml"].iter(f"{W}t"))
        assert footer.startswith("Signaal ") and "geanonimiseerd" in footer and "verslag" not in footer


def test_labels_come_from_the_method(tmp_path, ws):
    text = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    text = text.replace('optie_label = "Moet ik"', 'optie_label = "Keuze"').replace(
        'schade_label = "Schade"', 'schade_label = "Wat verloren gaat"'
    )
    (tmp_path / "eigen.toml").write_text(text, encoding="utf-8")
    method = methods.load(tmp_path / "eigen.toml")
    own = Session.start(method, "Eigen labels", TODAY, [("Anna de Groot", "klantmanager")])
    own.set_value(
        "dilemma", "opties", [{"optie": "Stoppen", "schade": "Geen inkomen"}, {"optie": "Doorgaan", "schade": ""}]
    )
    files = export(own, ws)
    for path in files:
        shown = docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "Keuze" in shown and "Wat verloren gaat" in shown, path.name
        assert not re.search(r"\bOptie\b|\bSchade\b", shown), path.name


def test_numbers_are_written_the_dutch_way(session: Session, ws):
    for path in export(session, ws):
        shown = docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "4,5" in shown and "4.5" not in shown, path.name


def test_a_new_word_document_is_one_body_template(session: Session, ws, tmp_path):
    """The .docx parts (styles, lists, header, footer, properties) are shared: a signaal or
    an extract per addressee needs only its body."""
    from beraad.report import content, render

    body = ws.root / "templates" / "signaal.docx.j2"
    body.parent.mkdir(parents=True)
    body.write_text(
        '{% import "_velden.xml.j2" as x %}{{ x.p("Signaal: " ~ knelpunt.titel, "Title") }}'
        '{{ x.bullet(knelpunt.adressaat) }}{{ x.table(["Bron"], [[knelpunt.bronnen | join("; ")]]) }}',
        encoding="utf-8",
    )
    data = content.build(session, quick(session)).data
    document = render.Document("docx", "signaal.docx.j2", "Signaal", {"knelpunt": data["knelpunten"][0]})
    (payload,) = render.render([document], data, ws.root / "templates")
    path = tmp_path / "signaal.docx"
    path.write_bytes(payload)
    docx_parts(path)
    opened = docx.Document(str(path))
    assert opened.paragraphs[0].text.startswith("Signaal: Inlichtingenplicht")
    assert opened.core_properties.title == "Signaal"
    assert "CONCEPT" in opened.sections[0].header.paragraphs[0].text


def test_dates_in_the_text_of_an_html_document_are_kept_whole_and_nowhere_else():
    """A printed date never breaks at its hyphens; a date in the CSS (a page footer), the
    title or a script is left as it is, where markup would be shown or break the code."""
    from beraad.report.printing import dates_unbroken

    html = (
        '<html><head><title>Stand van 01-06-2026</title><style>@page { content: "01-06-2026"; }</style>'
        "</head><body><td>11-12-2026</td><p>van 1-2-2026 tot 2026-03-01; dossier 12-34-56789, 011-12-2026</p>"
        '<script>let d = "11-12-2026";</script><a title="11-12-2026">x</a></body></html>'
    )
    kept = '<span style="white-space: nowrap">{}</span>'
    assert dates_unbroken(html) == (
        '<html><head><title>Stand van 01-06-2026</title><style>@page { content: "01-06-2026"; }</style>'
        f"</head><body><td>{kept.format('11-12-2026')}</td><p>van {kept.format('1-2-2026')} tot "
        f"{kept.format('2026-03-01')}; dossier 12-34-56789, 011-12-2026</p>"
        '<script>let d = "11-12-2026";</script><a title="11-12-2026">x</a></body></html>'
    )

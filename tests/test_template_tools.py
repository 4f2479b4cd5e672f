"""The trainers' template tools: `beraad sjablonen check` finds each kind of mistake at
its line with a Dutch sentence, `voorbeeld` renders the workspace's templates against
the example without touching sessions or the register, `gegevens` lists what templates
receive from the data itself, and `kopie` gives a trainer a shipped template to start from."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from beraad import demo, report
from beraad.cli import main
from beraad.core import templates
from beraad.report import lint
from beraad.report.sandbox import Limits
from beraad.store.sessions import SessionStore
from beraad.workspace import Workspace

from .test_export_support import _private_log_and_cache, docx_parts, docx_text, export  # noqa: F401

SHIPPED = report.render.SHIPPED
QUICK = Limits(seconds=1.0, characters=200_000)
ENGLISH = re.compile(r"undefined|unsafe|unexpected|expected|Traceback|Error|object|attribute|\btemplate\b", re.I)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """An empty workspace, seen from inside (messages name templates/... relative to it)."""
    root = tmp_path / "werkmap"
    (root / "templates").mkdir(parents=True)
    monkeypatch.chdir(root)
    return Workspace(root)


def own(ws: Workspace, name: str, text: str | None = None, change: tuple[str, str] | None = None) -> Path:
    """templates/<name>: the given text, or the shipped template with one change."""
    path = ws.root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = (SHIPPED / name).read_text(encoding="utf-8")
        if change is not None:
            assert change[0] in text, change
            text = text.replace(change[0], change[1], 1)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def check(ws: Workspace, capsys: pytest.CaptureFixture[str], *files: str) -> tuple[int, list[str], str]:
    code = main(["--workspace", str(ws.root), "sjablonen", "check", *files])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


# A clean override passes


def test_every_shipped_template_as_an_override_passes(ws, capsys):
    names = lint.shipped_names()
    assert main(["--workspace", str(ws.root), "sjablonen", "kopie", *names]) == 0
    capsys.readouterr()
    code, err, out = check(ws, capsys)
    assert (code, err) == (0, [])
    assert out == f"{len(names)} sjablonen in orde.\n"


def test_an_adapted_template_passes(ws, capsys):
    own(ws, "verslag.md.j2", change=("# Verslag moreel beraad: {{ titel }}", "# {{ team }}: {{ titel | upper }}"))
    assert check(ws, capsys) == (0, [], "1 sjabloon in orde.\n")


def test_without_own_templates_the_shipped_ones_are_used(ws, capsys):
    code, err, out = check(ws, capsys)
    assert (code, err) == (0, [])
    assert out.startswith("Geen eigen sjablonen in templates/: beraad gebruikt de meegeleverde.\n")


# Each kind of problem: its sentence, at its line


@pytest.mark.parametrize(
    ("name", "change", "needle", "expected"),
    [
        pytest.param(
            "verslag.md.j2",
            ("{{ titel }}", "{{ titell }}"),
            "titell",
            "er is geen gegeven 'titell'; bedoel je 'titel'?",
            id="unknown name",
        ),
        pytest.param(
            "verslag.md.j2",
            ("{{ methode.titel }}", "{{ methode.titl }}"),
            "methode.titl",
            "er is geen gegeven 'titl'; bedoel je 'titel'?",
            id="unknown attribute",
        ),
        pytest.param(
            "verslag.html.j2",
            ("<td>{{ k.regelgeving or", "<td>{{ k.regelgeveing or"),
            "k.regelgeveing",
            "er is geen gegeven 'regelgeveing'; bedoel je 'regelgeving'?",
            id="attribute in a loop",
        ),
        pytest.param(
            "verslag.md.j2",
            ("> **CONCEPT**: nog", "> **CONCEPT** ({{ methode.naam }}): nog"),
            "methode.naam",
            "er is geen gegeven 'naam'; controleer de naam",
            id="only in the concept",
        ),
        pytest.param(
            "signaal.md.j2",
            (
                "{{ knelpunt.titel }}\n",
                "{{ knelpunt.titel }}\n{% if knelpunt.aard == 'nooit' %}{{ onbekend }}{% endif %}\n",
            ),
            "onbekend",
            "er is geen gegeven 'onbekend'; controleer de naam",
            id="where no data goes",
        ),
        pytest.param(
            "extract.md.j2",
            ("{{ t.titel }}", "{{ themas.titel }}"),
            "themas.titel",
            "er is geen gegeven 'titel': dit is een lijst; loop erdoorheen met {% for … in … %} en vraag 'titel' "
            "aan elk onderdeel",
            id="a list as if it were one",
        ),
        pytest.param(
            "verslag.md.j2",
            ("{{ datum }}", "{{ datum.__class__ }}"),
            "__class__",
            "'__class__' is in sjablonen afgeschermd en mag niet gebruikt worden",
            id="sandbox",
        ),
        pytest.param(
            "verslag.md.j2",
            ("| Datum | {{ datum }} |", "| Datum | {{ datum }} {{ methode.items.__self__ }} |"),
            "__self__",
            "'__self__' is in sjablonen afgeschermd en mag niet gebruikt worden",
            id="sandbox through a method",
        ),
        pytest.param(
            "verslag.md.j2",
            ("# Verslag moreel beraad: {{ titel }}", "# Verslag moreel beraad: {{ titel }"),
            "# Verslag moreel beraad: {{ titel }",
            "een haakje klopt niet; controleer of elke {{ met }} en elke {% met %} sluit",
            id="syntax",
        ),
        pytest.param(
            "verslag.md.j2",
            ("{{ datum }}", "{{ datum | datumnotatie }}"),
            "datumnotatie",
            "het filter 'datumnotatie' bestaat niet in sjablonen; de handleiding noemt wat er is",
            id="unknown filter",
        ),
        pytest.param(
            "signaal.md.j2",
            ('{% import "_velden.md.j2" as velden with context %}', '{% import "_velden.md" as velden with context %}'),
            "_velden.md",
            "het sjabloon '_velden.md' bestaat niet, ook niet in de map templates/ van de werkmap; "
            "bedoel je '_velden.md.j2'?",
            id="missing import",
        ),
        pytest.param(
            "verslag.html.j2",
            ("</header>", '</header>\n{% if status == "gearchiveerd" %}{% include "_archief.html.j2" %}{% endif %}'),
            "_archief",
            "het sjabloon '_archief.html.j2' bestaat niet, ook niet in de map templates/ van de werkmap",
            id="missing include where no data goes",
        ),
        pytest.param(
            "verslag.md.j2",
            ("{% for k in knelpunten %}", "{% for k in knelpunten %}{{ velden.veld() }}"),
            "velden.veld()",
            "de macro krijgt geen waarde voor 'v'; geef die mee waar je de macro aanroept",
            id="macro without its parameter",
        ),
    ],
)
def test_each_problem_is_named_at_its_line(ws, capsys, name, change, needle, expected):
    path = own(ws, name, change=change)
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert f"templates/{name}:{line_of(path, needle)}: {expected}" in err, err
    assert err[-1].endswith(" in 1 bestand.")
    assert not any(ENGLISH.search(line.split(": ", 1)[1]) for line in err[:-1]), err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# {{ titel }}\n{% for k in knelpunten %}\n{{ k.titel }}\n",
            "templates/verslag.md.j2:2: deze {% for %} wordt nergens afgesloten; zet {% endfor %} waar hij moet "
            "ophouden",
        ),
        (
            "{% if team %}\n{% for k in knelpunten %}\n{{ k.titel }}\n{% endif %}\n",
            "templates/verslag.md.j2:2: op regel 4 staat {% endif %}, maar deze {% for %} is dan nog open; sluit hem "
            "eerst af met {% endfor %}",
        ),
        (
            "{% for k in knelpunten %}{{ k.titel }}{% endfor %}\n{% endfor %}\n",
            "templates/verslag.md.j2:2: er staat een {% endfor %} zonder {% for %} die nog open staat; haal hem weg "
            "of zet het begin erbij",
        ),
        (
            "{% if team %}{{ team }}{% else %}-\n{% else %}?{% endif %}\n",
            "templates/verslag.md.j2:1: op regel 2 staat een {% else %} die daar niet kan: deze {% if %} heeft al "
            "een {% else %}, of wacht nog op {% endif %}",
        ),
        (
            '{{ "Verslag: ~ titel }}\n',
            "templates/verslag.md.j2:1: een tekst tussen aanhalingstekens wordt niet gesloten; zet er nog een \" of ' "
            "achter",
        ),
    ],
)
def test_a_block_left_open_is_named_where_it_opens(ws, capsys, text, expected):
    own(ws, "verslag.md.j2", text)
    assert check(ws, capsys)[1][0] == expected


def test_every_undefined_name_is_reported_not_only_the_first(ws, capsys):
    own(
        ws, "verslag.md.j2", "# {{ titell }}\n{{ datum }}\n{{ tema }}\n{% for s in stappen %}{{ s.titl }}{% endfor %}\n"
    )
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert err == [
        "templates/verslag.md.j2:1: er is geen gegeven 'titell'; bedoel je 'titel'?",
        "templates/verslag.md.j2:3: er is geen gegeven 'tema'; bedoel je 'team'?",
        "templates/verslag.md.j2:4: er is geen gegeven 'titl'; bedoel je 'titel'?",
        "3 problemen in 1 bestand.",
    ]


def test_a_name_looked_up_on_one_line_and_printed_on_another_is_named_where_it_was_looked_up(ws, capsys):
    own(ws, "verslag.md.j2", "{% set kop = methode.titl %}\n\n# {{ kop }}\n")
    assert check(ws, capsys)[1][0] == "templates/verslag.md.j2:1: er is geen gegeven 'titl'; bedoel je 'titel'?"


def test_a_misnamed_file_is_said_to_be_unused_with_the_name_meant(ws, capsys):
    own(ws, "verlsag.md.j2", "# {{ titel }}\n")
    own(ws, "word/styles.xml.j2", "<w:styles/>\n")
    own(ws, "notities.txt", "mijn aantekeningen\n")
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert err == [
        "templates/notities.txt:1: beraad gebruikt dit sjabloon niet: er is geen sjabloon 'notities.txt' om te "
        "vervangen, en geen eigen sjabloon voegt het in; 'beraad sjablonen kopie' noemt de sjablonen die er zijn",
        "templates/verlsag.md.j2:1: beraad gebruikt dit sjabloon niet: er is geen sjabloon 'verlsag.md.j2' om te "
        "vervangen; bedoel je 'verslag.md.j2'?",
        "templates/word/styles.xml.j2:1: beraad gebruikt dit sjabloon niet: er is geen sjabloon "
        "'word/styles.xml.j2' om te vervangen; bedoel je 'docx/word/styles.xml.j2'?",
        "3 problemen in 3 bestanden.",
    ]


def test_an_own_template_that_an_override_includes_is_used_and_checked_with_its_data(ws, capsys):
    own(
        ws,
        "verslag.md.j2",
        change=("{% for k in knelpunten %}\n", '{% for k in knelpunten %}\n{% include "_knelpunt.md.j2" %}\n'),
    )
    own(ws, "_knelpunt.md.j2", "{{ k.titel }} ({{ k.adressaat }}, {{ titel }})\n")
    assert check(ws, capsys) == (0, [], "2 sjablonen in orde.\n")
    own(ws, "_knelpunt.md.j2", "{{ k.titel }}\n{{ k.adresaat }}\n")
    assert check(ws, capsys)[1] == [
        "templates/_knelpunt.md.j2:2: er is geen gegeven 'adresaat'; bedoel je 'adressaat'?",
        "1 probleem in 1 bestand.",
    ]


def test_an_own_macro_file_without_a_macro_the_shipped_templates_use(ws, capsys):
    own(ws, "_velden.md.j2", "{% macro veld(v) %}{{ v.label }}{% endmacro %}\n")
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert err[0] == (
        "templates/_velden.md.j2:1: de macro 'acties' ontbreekt; het meegeleverde verslag.md.j2 gebruikt hem "
        f"(regel {line_of(SHIPPED / 'verslag.md.j2', 'velden.acties')}). Een eigen versie van _velden.md.j2 moet "
        "elke macro hebben die het meegeleverde heeft"
    )


def test_a_word_template_that_makes_no_xml(ws, capsys):
    own(ws, "verslag.docx.j2", change=('{{ x.kop("In het kort") }}', '<w:p>\n{{ x.kop("In het kort") }}'))
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert err[0].startswith(
        "templates/verslag.docx.j2:1: het sjabloon maakt geen geldig Word-bestand: een element wordt gesloten dat "
        "niet open staat, of een open element niet (in word/document.xml, regel "
    )
    assert len(err) == 2  # once, not once per version of the data


def test_a_template_that_is_not_utf8(ws, capsys):
    (ws.root / "templates" / "verslag.html.j2").write_bytes("<p>{{ titel }} café</p>".encode("latin-1"))
    code, err, _ = check(ws, capsys)
    assert code == 1
    assert err[0] == "templates/verslag.html.j2:1: het bestand is geen UTF-8-tekst; bewaar het in je editor als UTF-8"


def test_the_limits_are_those_of_the_export(ws):
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    path = own(ws, "signaal.md.j2", "# {{ knelpunt.titel }}\n" + loop + "\n")
    found = templates.check(ws, limits=QUICK)
    assert [str(p) for p in found.problems] == [
        "templates/signaal.md.j2:2: het sjabloon is na 1 seconden nog niet klaar; staat er een lus in die niet stopt?"
    ]
    path.write_text("{% for a in range(100000) %}{{ titel }}{% endfor %}{% for b in range(100000) %}{% endfor %}")
    assert [str(p) for p in templates.check(ws, limits=QUICK).problems] == [
        "templates/signaal.md.j2:1: het sjabloon maakt een te groot document (meer dan 200.000 tekens)"
    ]
    path.write_text("\n{% for a in range(1000000) %}{% endfor %}")
    assert [str(p) for p in templates.check(ws, limits=QUICK).problems] == [
        "templates/signaal.md.j2:2: range() telt in sjablonen hoogstens tot 100.000"
    ]


def test_only_the_files_asked_for(ws, capsys):
    own(ws, "verslag.md.j2", "{{ titell }}\n")
    own(ws, "signaal.md.j2", "# {{ knelpunt.titel }}\n")
    assert check(ws, capsys, "templates/signaal.md.j2") == (0, [], "1 sjabloon in orde.\n")
    code, err, _ = check(ws, capsys, "templates/verslag.md.j2", "templates/bestaat-niet.md.j2", "../elders.md.j2")
    assert code == 1
    assert err == [
        "templates/bestaat-niet.md.j2:1: dit bestand bestaat niet",
        f"../elders.md.j2:1: dit bestand staat niet in de map met sjablonen van de werkmap ({ws.root / 'templates'}); "
        "beraad gebruikt alleen de sjablonen daar",
        "templates/verslag.md.j2:1: er is geen gegeven 'titell'; bedoel je 'titel'?",
        "3 problemen in 3 bestanden.",
    ]


def test_the_export_says_what_was_meant_too(ws, dilemma):
    own(ws, "verslag.md.j2", "{% set kop = titell %}\n\n# {{ kop }}\n")
    with pytest.raises(report.TemplateProblem) as failure:
        export(demo.session(dilemma, date(2026, 3, 9)), ws, ("md",))
    assert str(failure.value).startswith(
        "Sjabloon 'verslag.md.j2', regel 1: er is geen gegeven 'titell'; bedoel je 'titel'? Herstel het sjabloon in "
    )


# The preview


def _tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else b"")
        for p in sorted(folder.rglob("*"))
    }


def test_the_preview_writes_the_three_documents_and_touches_no_session_nor_the_register(ws, capsys, dilemma):
    stored = demo.session(dilemma, date(2026, 3, 9))
    store = SessionStore(ws.sessions)
    store.save(stored)
    store.scan()
    register = ws.root / "register"
    register.mkdir()
    (register / "knelpunten.json").write_text("{}")
    before = {"sessions": _tree(ws.sessions), "register": _tree(register)}
    own(ws, "verslag.md.j2", change=("# Verslag moreel beraad: {{ titel }}", "# Ons verslag: {{ titel }}"))

    assert main(["--workspace", str(ws.root), "sjablonen", "voorbeeld"]) == 0
    out = capsys.readouterr().out.splitlines()
    folder = "exports/voorbeeld"
    assert out == [
        f"{folder}/{what}-voorbeeld.{kind}" for what in ("verslag", "signaal", "knelpunten") for kind in report.FORMATS
    ]
    verslag = (ws.root / folder / "verslag-voorbeeld.md").read_text(encoding="utf-8")
    assert verslag.startswith("# Ons verslag: Uitkering gestopt na vlucht voor huiselijk geweld\n")
    assert "[persoon 1]" in verslag and "Linda" not in verslag
    assert "Signaal KP-2026-0007" in docx_text(ws.root / folder / "signaal-voorbeeld.docx")
    docx_parts(ws.root / folder / "knelpunten-voorbeeld.docx")  # well-formed
    assert "# Knelpunten voor beleid" in (ws.root / folder / "knelpunten-voorbeeld.md").read_text(encoding="utf-8")
    assert {"sessions": _tree(ws.sessions), "register": _tree(register)} == before


def test_the_preview_in_one_format_to_another_folder(ws, capsys, tmp_path):
    target = tmp_path / "kijken"
    assert main(["--workspace", str(ws.root), "sjablonen", "voorbeeld", "--format", "html", "--out", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == [
        "knelpunten-voorbeeld.html",
        "signaal-voorbeeld.html",
        "verslag-voorbeeld.html",
    ]
    assert not ws.sessions.exists() and not (ws.root / "register").exists() and not ws.exports.exists()


def test_a_broken_template_gives_the_preview_the_message_of_the_check(ws, capsys):
    own(ws, "extract.md.j2", change=("{{ t.titel }}", "{{ t.tietel }}"))
    assert main(["--workspace", str(ws.root), "sjablonen", "voorbeeld"]) == 1
    err = capsys.readouterr().err.splitlines()
    code, checked, _ = check(ws, capsys)
    assert code == 1
    assert err == [
        checked[0],
        "Er is geen voorbeeld gemaakt. Alle problemen zie je met:  beraad sjablonen check",
    ]
    assert checked[0].startswith("templates/extract.md.j2:")
    assert not ws.exports.exists()


# What templates receive


def test_the_list_of_data_comes_from_the_data_itself(ws, capsys):
    assert main(["--workspace", str(ws.root), "sjablonen", "gegevens"]) == 0
    out = capsys.readouterr().out
    found = templates.samples()
    paths = {line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    tops = {p.split(".")[0].split("[")[0] for p in paths}
    assert set(found.approved) <= tops
    assert set(found.overview) <= tops
    assert {"knelpunt", "signaal", "kop", "document"} <= tops
    for kind in ("tekst", "lijst", "dilemma", "tabel", "acties", "per_deelnemer", "checklist", "score", "terugblik"):
        assert f"soort {kind}" in out, kind
    assert "titel  " in out and 'tekst: "Uitkering gestopt na vlucht voor huiselijk geweld"' in out


def test_every_name_in_the_list_is_known_to_the_check(ws, capsys):
    """A template that uses each top-level name of the list passes: the list and the check agree."""
    assert main(["--workspace", str(ws.root), "sjablonen", "gegevens"]) == 0
    out = capsys.readouterr().out
    section = out.split("verslag.*.j2 en signaal.*.j2:\n")[1].split("\n\n")[0]
    names = sorted({line.split()[0].split(".")[0].split("[")[0] for line in section.splitlines()})
    own(ws, "verslag.md.j2", "".join(f"{{{{ {name} is defined }}}}{{{{ {name} }}}}\n" for name in names))
    assert check(ws, capsys)[0] == 0


# Copies to start from


def test_a_copy_of_a_shipped_template(ws, capsys):
    assert main(["--workspace", str(ws.root), "sjablonen", "kopie", "docx/word/styles.xml.j2"]) == 0
    assert capsys.readouterr().out.startswith("Gekopieerd: templates/docx/word/styles.xml.j2\n")
    copied = ws.root / "templates" / "docx" / "word" / "styles.xml.j2"
    assert copied.read_bytes() == (SHIPPED / "docx" / "word" / "styles.xml.j2").read_bytes()
    assert main(["--workspace", str(ws.root), "sjablonen", "kopie", "docx/word/styles.xml.j2"]) == 1
    assert capsys.readouterr().err.startswith("Er staat al een eigen sjabloon ")
    assert main(["--workspace", str(ws.root), "sjablonen", "kopie", "verslag.md"]) == 1
    assert capsys.readouterr().err == "Er is geen meegeleverd sjabloon 'verslag.md'. Bedoel je 'verslag.md.j2'?\n"


def test_the_list_of_shipped_templates(ws, capsys):
    assert main(["--workspace", str(ws.root), "sjablonen", "kopie"]) == 0
    out = capsys.readouterr().out
    for name in lint.shipped_names():
        assert re.search(rf"^{re.escape(name)}  +\S", out, re.M), name
    assert not os.listdir(ws.root / "templates")


def test_the_preview_names_the_word_template_that_makes_no_xml(ws, capsys):
    own(ws, "signaal.docx.j2", change=('{{ x.kop("Wat knelt") }}', '{{ x.kop("Wat knelt") }}<w:p>'))
    assert main(["--workspace", str(ws.root), "sjablonen", "voorbeeld", "--format", "docx"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith("templates/signaal.docx.j2:1: het sjabloon maakt geen geldig Word-bestand: ")
    assert check(ws, capsys)[1][0].startswith("templates/signaal.docx.j2:1: het sjabloon maakt geen geldig Word")

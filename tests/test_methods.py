"""Method files: every error kind names the file, the line and what is wrong, in Dutch."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from beraad import methods
from beraad.cli import main
from beraad.datafile import DataFileError
from beraad.model import Session
from beraad.store.sessions import SessionStore

from .conftest import TODAY, press, settle

SHIPPED = methods.shipped_dir() / "dilemmamethode.toml"


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing needle."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        methods.load(path)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")

# (what to replace, with what, the line it should point at (text or (text, nth, offset)), the message)
CASES = [
    (
        'schade_label = "Schade"',
        'schade = "Schade"',
        'schade = "Schade"',
        "stap 'dilemma': veld 'opties': onbekende sleutel 'schade'; bedoel je 'schade_label'?",
    ),
    (
        '  label = "Conclusies"\n',
        "",
        ('id = "conclusies"', 1, -1),  # the [[stappen.velden]] header of that field
        "stap 'conclusie': veld 'conclusies' mist 'label'",
    ),
    (
        "minuten = 12",
        'minuten = "twaalf"',
        'minuten = "twaalf"',
        "stap 'perspectieven': 'minuten' moet een heel getal zijn",
    ),
    ("minuten = 12", "minuten = 0", "minuten = 0", "stap 'perspectieven': 'minuten' moet minstens 1 zijn"),
    # a number in quotes or a yes/no is not a number, even where it could be read as one
    ("minuten = 12", 'minuten = "12"', 'minuten = "12"', "stap 'perspectieven': 'minuten' moet een heel getal zijn"),
    ("minuten = 12", "minuten = true", "minuten = true", "stap 'perspectieven': 'minuten' moet een heel getal zijn"),
    (
        "min_opties = 2",
        'min_opties = "2"',
        'min_opties = "2"',
        "stap 'dilemma': veld 'opties': 'min_opties' moet een heel",
    ),
    (
        'soort = "tabel"',
        'soort = "tafel"',
        'soort = "tafel"',
        "stap 'perspectieven': veld 'tabel': onbekende soort 'tafel'; kies uit: 'tekst', 'lijst', 'dilemma'",
    ),
    ('id = "alternatieven"', 'id = "dilemma"', ('id = "dilemma"', 2, 0), "stap-id 'dilemma' komt twee keer voor"),
    ('id = "eens"', 'id = "aard"', ('id = "aard"', 2, 0), "stap 'dialoog': veld-id 'aard' komt twee keer voor"),
    ("max = 5", "max = 1", "max = 1", "stap 'evaluatie': veld 'score': 'max' (1) moet groter zijn dan 'min' (1)"),
    ("minuten = 95", "minuten = 90", "minuten = 90", "'minuten' (90) is niet de som van de stappen (95)"),
    ('soort = "kader"', 'soort = "frame"', 'soort = "frame"', "stap 'opening': 'soort' moet een van deze zijn"),
    (
        'kolommen = ["Perspectief", "Waarde", "Norm"]',
        "kolommen = []",
        "kolommen = []",
        "stap 'perspectieven': veld 'tabel': 'kolommen' mag niet leeg zijn",
    ),
    ('id = "casus"', 'id = "Casus 1"', 'id = "Casus 1"', "stap 'Casus 1': 'id' mag alleen kleine letters"),
    (
        "min_opties = 2",
        "min_opties = 1",
        "min_opties = 1",
        "stap 'dilemma': veld 'opties': 'min_opties' moet minstens 2",
    ),
    ('titel = "Evaluatie"', "titel = 3", "titel = 3", "stap 'evaluatie': 'titel' moet tekst zijn"),
    (
        "regels = 8",
        'regels = 8\n  kleur = "rood"',
        'kleur = "rood"',
        "stap 'casus': veld 'verhaal': onbekende sleutel 'kleur'",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), CASES, ids=[c[3][:40] for c in CASES])
def test_error_kinds_name_line_and_problem(tmp_path, old, new, at, message):
    assert old in SHIPPED_TEXT
    text = SHIPPED_TEXT.replace(old, new, 1)
    problems = _problems(tmp_path, text)
    needle, occurrence, offset = at if isinstance(at, tuple) else (at, 1, 0)
    expected_line = _line(text, needle, occurrence) + offset
    assert any(p.startswith(f"{expected_line}: {message}") for p in problems), problems


def test_syntax_error_has_line_and_column(tmp_path):
    text = SHIPPED_TEXT.replace('titel = "Casus"', 'titel = "Casus', 1)
    (problem,) = _problems(tmp_path, text)
    line = _line(text, 'titel = "Casus')
    assert problem.startswith(f"{line}: geen geldige TOML bij kolom")


def test_not_utf8(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes("titel = 'caf\xe9'".encode("latin-1"))
    assert "geen UTF-8" in str(methods.check([path])[0])


def test_shipped_method_is_valid_and_complete():
    method = methods.load(SHIPPED)
    assert method.steps[0].id == "opening" and method.steps[-1].id == "evaluatie"
    assert method.round_count == 8
    assert method.planned_minutes == 95
    kinds = {f.kind for s in method.steps for f in s.fields}
    assert kinds == {"tekst", "lijst", "dilemma", "tabel", "acties", "per_deelnemer", "checklist", "score", "terugblik"}


def test_cli_check_exit_codes_and_messages(tmp_path, capsys):
    broken = tmp_path / "kapot.toml"
    broken.write_text(SHIPPED_TEXT.replace('schade_label = "Schade"', 'schade = "x"'), encoding="utf-8")
    assert main(["methods", "check", str(SHIPPED)]) == 0
    assert main(["methods", "check", str(SHIPPED), str(broken)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"kapot\.toml:{_line(broken.read_text(), 'schade = ')}: stap 'dilemma': veld 'opties'", err)


def test_cli_schema_is_json_schema_with_dutch_keys(capsys):
    assert main(["methods", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"id", "versie", "titel", "stappen", "spelregels"} <= set(schema["properties"])
    assert "stappen" in schema["required"]


def test_broken_file_is_listed_and_others_still_work(tmp_path):
    folder = tmp_path / "methods"
    folder.mkdir()
    (folder / "kapot.toml").write_text("id = ", encoding="utf-8")
    catalog = methods.catalog(folder)
    assert catalog.methods[0].method.id == "dilemmamethode"
    assert {m.path.parent for m in catalog.methods} == {methods.shipped_dir()}
    assert [b.path.name for b in catalog.broken] == ["kapot.toml"]
    assert "kapot.toml:1: geen geldige TOML" in catalog.broken[0].message


async def test_app_starts_with_a_broken_method_and_says_so(make_app, workspace):
    workspace.methods.mkdir(parents=True)
    (workspace.methods / "kapot.toml").write_text('id = "x"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()  # the background check of methods and sessions
        await settle(pilot)
        assert "kapot.toml:1: mist 'versie'" in str(app.screen.query_one("#problems").render())
        await press(pilot, "n")
        assert app.screen.id == "new-session"


def test_workspace_method_overrides_shipped_one(tmp_path):
    folder = tmp_path / "methods"
    folder.mkdir()
    (folder / "eigen.toml").write_text(
        SHIPPED_TEXT.replace('titel = "Dilemmamethode"', 'titel = "Onze dilemmamethode"')
    )
    catalog = methods.catalog(folder)
    ours = [m for m in catalog.methods if m.method.id == "dilemmamethode"]
    assert [(m.method.title, m.path.name) for m in ours] == [("Onze dilemmamethode", "eigen.toml")]
    assert catalog.methods[0] == ours[0]  # still the default, first in the list


def _reordered(text: str) -> str:
    """Swap round 2 (verhelderingsvragen) and round 3 (dilemma), as some published versions do,
    and give the dilemma 12 minutes."""
    blocks = text.split("[[stappen]]")
    head, steps = blocks[0], blocks[1:]
    ids = [re.search(r'^id = "(\w+)"', s, re.M)[1] for s in steps]
    a, b = ids.index("verheldering"), ids.index("dilemma")
    steps[a], steps[b] = steps[b], steps[a]
    steps[a] = steps[a].replace("minuten = 10", "minuten = 12", 1)
    return "[[stappen]]".join([head, *steps]).replace("minuten = 95", "minuten = 97")


async def test_reordered_method_drives_the_screen(make_app, workspace):
    workspace.methods.mkdir(parents=True)
    (workspace.methods / "dilemmamethode.toml").write_text(_reordered(SHIPPED_TEXT), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n", *"Volgorde", "ctrl+s")
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")  # opening -> terugblik -> round 1 -> round 2
        await settle(pilot)
        screen = app.screen
        assert screen.core.session.current_step == "dilemma"
        assert "Ronde 2/8: Moreel dilemma" in str(screen.query_one("#where").render())
        assert "⏱ 0:00/12:00 · totaal 0:00:00/1:37:00" in str(screen.query_one("#clock").render())
        steps = screen.query_one("#steps", OptionList)
        labels = [str(steps.get_option_at_index(i).prompt) for i in range(steps.option_count)]
        assert labels[3:5] == ["▶ 2 Moreel dilemma", "  3 Verhelderingsvragen"]


def test_session_keeps_its_method_after_the_file_changes(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Kopie", TODAY, [("A", "")])
    store.save(session)
    changed = methods.datafile.parse(_reordered(SHIPPED_TEXT), methods.Method, "x")
    assert changed.steps[3].id == "dilemma"
    loaded = store.load(session.id)
    assert [s.id for s in loaded.method.steps] == [s.id for s in dilemma.steps]
    assert loaded.method == dilemma


def test_installed_package_carries_the_shipped_methods(tmp_path):
    """A wheel built from this checkout holds methods/ inside the package."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "hatchling" in result.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert result.returncode == 0, result.stderr
    import zipfile

    (wheel,) = tmp_path.glob("beraad-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for part in [
        "beraad/_shipped/methods/dilemmamethode.toml",
        "beraad/_shipped/methods/methode.schema.json",  # the #:schema line of each method resolves
        "beraad/templates/verslag.html.j2",
        "beraad/templates/docx/word/document.xml.j2",
        "beraad/defaults/routes.toml",
        "beraad/tui/app.tcss",
    ]:
        assert part in names


def test_route_map_is_checked_like_a_method_file(tmp_path, capsys):
    from beraad.settings import DEFAULTS

    assert main(["routes", "check", str(DEFAULTS / "routes.toml")]) == 0
    broken = tmp_path / "routes.toml"
    broken.write_text('[[routes]]\nadressaat = "beleid"\nwanneer = "x"\n\n[[routes]]\nwanner = "y"\n', encoding="utf-8")
    assert main(["--workspace", str(tmp_path), "routes", "check"]) == 1
    err = capsys.readouterr().err
    assert "routes.toml:5: route 2 mist 'adressaat'" in err
    assert "routes.toml:6: route 2: onbekende sleutel 'wanner'; bedoel je 'wanneer'?" in err
    empty = tmp_path / "leeg"
    assert main(["--workspace", str(empty), "routes", "check"]) == 0  # none of its own: the example is used
    out = capsys.readouterr().out
    assert "geen routes.toml; beraad gebruikt het meegeleverde voorbeeld" in out and "adressaten in orde" in out


# Method files that are too big or odd: a byte limit, text limits, no hidden characters.


def test_file_over_the_byte_limit_is_refused_with_its_size(tmp_path):
    from beraad.datafile import MAX_BYTES

    padding = "x" * (10 * 1024 * 1024)
    text = SHIPPED_TEXT.replace('beschrijving = """', f'beschrijving = """{padding}', 1)
    problems = _problems(tmp_path, text)
    assert problems == [
        "1: het bestand is te groot (10,5 MB; hoogstens 256 kB). "
        "Staat er een heel document in? Zet lange teksten in een apart document en verwijs ernaar."
    ]
    assert MAX_BYTES == 256_000
    with pytest.raises(DataFileError, match=r"^x:1: het bestand is te groot \(300 kB"):
        methods.datafile.parse("# " + "x" * 299_998, methods.Method, "x")


def test_shipped_methods_are_far_below_the_byte_limit():
    from beraad.datafile import MAX_BYTES

    for path in methods.shipped_dir().glob("*.toml"):
        assert path.stat().st_size < MAX_BYTES / 5, path.name


# (what to replace, with what, the line to point at, the start of the message)
TEXT_CASES = [
    (
        'titel = "Casus"',
        'titel = "Ca\\tsus"',
        'titel = "Ca',
        "stap 'casus': 'titel' bevat een tab (na 'Ca'); gebruik een spatie",
    ),
    ('titel = "Casus"', 'titel = "Ca\tsus"', 'titel = "Ca', "stap 'casus': 'titel' bevat een tab (na 'Ca')"),
    (
        'label = "Het hittepunt"',
        'label = """Het\nhittepunt"""',
        'label = """Het',
        "stap 'casus': veld 'hittepunt': 'label' bevat een regeleinde (na 'Het'); zet deze tekst op één regel",
    ),
    (
        '"Wie waren er nog meer bij betrokken?"',
        '"Wie waren er nog\\u0007 meer bij betrokken?"',
        "nog\\u0007",
        "stap 'verheldering': 'vragen' (nr. 2) bevat het onzichtbare teken U+0007 (na 'Wie waren er nog'); haal het weg",
    ),
    (
        'titel = "Dialoog"',
        'titel = "\\u202eDialoog"',
        "u202e",
        "stap 'dialoog': 'titel' bevat het onzichtbare teken U+202E (aan het begin)",
    ),
    (
        'kolommen = ["Perspectief", "Waarde", "Norm"]',
        'kolommen = ["Perspectief", "Waarde\\n", "Norm"]',
        "kolommen",
        "stap 'perspectieven': veld 'tabel': 'kolommen' (nr. 2) bevat een regeleinde",
    ),
    (
        '"omdat (waarde)"',
        '"omdat\\t(waarde)"',
        "omdat\\t",
        "stap 'afweging': veld 'afwegingen': 'stammen' (nr. 2) bevat een tab",
    ),
    ('versie = "1.2"', 'versie = "1.2\\r"', 'versie = "1.2', "'versie' bevat een regelterugloop (\\r) (na '1.2')"),
    ('id = "casus"', 'id = "casus\\n"', 'id = "casus', "stap 'casus?': 'id' mag alleen kleine letters"),
    (
        'doel = "Wat nemen we mee',
        'doel = "Wat\\u0000 nemen we mee',
        "Wat\\u0000",
        "stap 'conclusie': 'doel' bevat het onzichtbare teken U+0000 (na 'Wat')",
    ),
    (
        'titel = "Dilemmamethode"',
        'titel = "' + "Dilemma" * 20 + '"',
        "DilemmaDilemma",
        "'titel' is te lang (140 tekens; hoogstens 120)",
    ),
    (
        '"Wie waren er nog meer bij betrokken?"',
        '"' + "Wie? " * 140 + '"',
        "Wie? Wie?",
        "stap 'verheldering': 'vragen' (nr. 2) is te lang (700 tekens; hoogstens 600)",
    ),
    (
        'uitleg = "Wat, wie (als rol) en wanneer."',
        'uitleg = "' + "Wat, wie en wanneer. " * 100 + '"',
        "Wat, wie en wanneer. Wat",
        "stap 'conclusie': veld 'acties': 'uitleg' is te lang (2.100 tekens; hoogstens 2.000)",
    ),
    (
        'beschrijving = """',
        'beschrijving = """' + "Een lange beschrijving. " * 1000,
        'beschrijving = """',
        "'beschrijving' is te lang (24.",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), TEXT_CASES, ids=[c[3][:50] for c in TEXT_CASES])
def test_text_limits_and_hidden_characters_name_line_and_problem(tmp_path, old, new, at, message):
    assert old in SHIPPED_TEXT
    text = SHIPPED_TEXT.replace(old, new, 1)
    problems = _problems(tmp_path, text)
    assert any(p.startswith(f"{_line(text, at)}: {message}") for p in problems), problems


def test_multi_line_texts_may_hold_newlines_and_tabs(tmp_path):
    text = SHIPPED_TEXT.replace(
        'doel = "Wat nemen we mee, wat gaan we doen, wie doet wat wanneer, en wat moet verder dan het team?"',
        'doel = """Wat nemen we mee?\n\tWie doet wat, wanneer?"""',
        1,
    ).replace('uitleg = "Wat, wie (als rol) en wanneer."', 'uitleg = "Wat,\\nwie en wanneer."', 1)
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    method = methods.load(path)
    assert method.step("conclusie").goal == "Wat nemen we mee?\n\tWie doet wat, wanneer?"
    assert method.step("conclusie").field("acties").help == "Wat,\nwie en wanneer."
    schema = json.loads(methods.schema())
    assert schema["$defs"]["Step"]["properties"]["titel"]["maxLength"] == 120


def test_byte_order_mark_is_not_an_error(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED_TEXT.encode("utf-8"))
    assert methods.load(path).id == "dilemmamethode"


# TOML syntax errors in Dutch, never tomllib's English.

ENGLISH = re.compile(
    r"Invalid|Illegal|Expected|Cannot|Unclosed|Unterminated|Found|Duplicate|Escaped|Unescaped|\bat line\b"
)

# (what to replace, with what, the line to point at, the Dutch message after "bij kolom N: ")
SYNTAX_CASES = [
    ('titel = "Casus"', "titel = Casus", "titel = Casus", "ongeldige waarde: zet tekst tussen aanhalingstekens"),
    ('titel = "Casus"', 'titel = "Casus', 'titel = "Casus', "de tekst wordt op deze regel niet afgesloten"),
    ('titel = "Casus"', 'titel = "Casus"\ntitel = "Verhaal"', 'titel = "Verhaal"', "deze sleutel heeft al een waarde"),
    (
        '"Wie waren er nog meer bij betrokken?",',
        '"Wie waren er nog meer bij betrokken?"',
        '"Wie waren er nog meer bij betrokken?"',
        "de lijst loopt hier niet goed verder: zet een komma",
    ),
    ('titel = "Casus"', 'titel "Casus"', 'titel "Casus"', "na de sleutel hoort '=' te staan"),
    ('titel = "Casus"', 'hoofd titel = "Casus"', "hoofd titel", "na de sleutel hoort '=' te staan"),
    (
        'titel = "Casus"',
        'titel = "Casus" (kort)',
        'titel = "Casus" (kort)',
        "na de waarde mag op deze regel alleen nog commentaar staan",
    ),
    ('[[stappen]]\nid = "casus"', '[[stappen]\nid = "casus"', ('id = "casus"', 1, -1), "de kop mist de afsluitende ]]"),
    (
        'titel = "Casus"',
        'titel = "C:\\map"',
        'titel = "C:',
        "een \\ in een tekst tussen dubbele aanhalingstekens schrijf je dubbel",
    ),
    (
        'titel = "Casus"',
        "titel = 'Casus",
        "titel = 'Casus",
        "de tekst tussen enkele aanhalingstekens wordt op deze regel niet afgesloten",
    ),
    (
        'titel = "Casus"',
        'titel = "Ca\x01sus"',
        'titel = "Ca',
        "het onzichtbare teken U+0001 mag niet in een tekst staan",
    ),
    ("minuten = 95", "minuten = 95\n[minuten]", "[minuten]", "deze sleutel heeft al een waarde"),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), SYNTAX_CASES, ids=[c[3][:40] for c in SYNTAX_CASES])
def test_toml_syntax_errors_are_dutch_with_line_and_column(tmp_path, old, new, at, message):
    assert old in SHIPPED_TEXT
    text = SHIPPED_TEXT.replace(old, new, 1)
    (problem,) = _problems(tmp_path, text)
    needle, occurrence, offset = at if isinstance(at, tuple) else (at, 1, 0)
    line = _line(text, needle, occurrence) + offset
    assert re.match(rf"{line}: geen geldige TOML bij kolom \d+: ", problem), problem
    assert message in problem, problem
    assert not ENGLISH.search(problem), problem


def test_toml_error_at_the_end_points_at_the_last_line(tmp_path):
    text = 'id = "x"\nversie = "1"\nbeschrijving = """nooit afgesloten\n\n'
    (problem,) = _problems(tmp_path, text)
    assert problem == (
        "4: geen geldige TOML aan het eind van het bestand: "
        "een tekst wordt niet afgesloten: het afsluitende aanhalingsteken ontbreekt"
    )


def test_every_tomllib_message_has_a_dutch_translation():
    """Each message tomllib's parser can raise (read from its source) maps to Dutch,
    not to the general fallback; placeholders get a sample value."""
    import inspect
    import tomllib._parser

    from beraad.datafile import _dutch_syntax

    source = inspect.getsource(tomllib._parser)
    found = re.findall(r'suffixed_err\(\s*src,\s*[\w ]+,\s*(f?)"((?:[^"\\]|\\.)*)"', source)
    assert len(found) >= 20, found
    fallback = _dutch_syntax("something tomllib never says")
    samples = {"expect": '"\'"', "char": "'\\x01'", "src[pos]": "'\\n'", "key": "('stappen',)", "key_stem": "'id'"}
    for is_f, message in found:
        message = message.encode().decode("unicode_escape")
        if is_f:
            message = re.sub(r"\{([^}!]+)(?:!r)?\}", lambda m: samples.get(m[1], "('a', 'b')"), message)
        dutch = _dutch_syntax(message)
        assert dutch != fallback, message
        assert not ENGLISH.search(dutch), (message, dutch)

"""docs/trainers.md says what beraad really does: each of the ten mistakes in a method and
the five in a template gives exactly the message the guide shows, every example of a field
kind is valid, and the templates chapter shows the data, templates, filters and limits
beraad really has."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from beraad import methods
from beraad.cli import main
from beraad.model.method import Method

GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "trainers.md").read_text(encoding="utf-8")

# (what a trainer changes in a fresh copy of the dilemmamethode) for each mistake in the guide
MISTAKES = [
    ('schade_label = "Schade"', 'schade = "Schade"'),
    ('  [[stappen.velden]]\n  id = "feiten"', '  [[velden]]\n  id = "feiten"'),
    ('titel = "Moreel dilemma"', "titel = Moreel dilemma"),
    ('titel = "Casus"', 'titel = "Casus'),
    ('  "Wie waren er nog meer bij betrokken?",\n', '  "Wie waren er nog meer bij betrokken?"\n'),
    ('[[stappen]]\nid = "dialoog"', '[stappen]\nid = "dialoog"'),
    ('  label = "Conclusies"\n', ""),
    ('soort = "tabel"', 'soort = "tafel"'),
    ('id = "alternatieven"', 'id = "dilemma"'),
    ("minuten = 12", "minuten = 15"),
]


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """methods/mijn-methode.toml as `beraad methods new` writes it, seen from its workspace."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = methods.new_method("dilemmamethode", "mijn-methode", Path("methods"))
    return path


@pytest.mark.parametrize(("old", "new"), MISTAKES)
def test_each_mistake_in_the_guide_gives_the_message_shown_there(copy, capsys, old, new):
    text = copy.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["--workspace", ".", "methods", "check", str(copy)]) == 1
    (message,) = capsys.readouterr().err.splitlines()
    assert message.startswith("methods/mijn-methode.toml:")
    assert f"\n{message}\n" in GUIDE, message


def test_the_guide_numbers_ten_mistakes():
    section = GUIDE.split("## De tien meest gemaakte fouten")[1].split("\n## ")[0]
    assert re.findall(r"^\*\*(\d+)\. ", section, re.M) == [str(n) for n in range(1, 11)]


def test_every_toml_example_in_the_guide_is_valid():
    blocks = re.findall(r"```toml\n(.*?)```", GUIDE, re.S)
    complete = [b for b in blocks if b.startswith("#:schema") and "[[stappen]]" in b]
    assert len(complete) == 1
    Method.model_validate(tomllib.loads(complete[0]))
    kinds = set()
    for block in blocks:
        if "[[stappen.velden]]" not in block or block in complete:
            continue
        (field,) = tomllib.loads(block)["stappen"]["velden"]
        step = {"id": "s", "titel": "S", "soort": "ronde", "minuten": 1, "velden": [field]}
        Method.model_validate({"id": "m", "versie": "1", "titel": "M", "stappen": [step]})
        kinds.add(field["soort"])
    assert kinds == {"tekst", "lijst", "dilemma", "tabel", "per_deelnemer", "acties", "checklist", "score", "terugblik"}


# The templates chapter

TEMPLATES = GUIDE.split("\n## Sjablonen (templates)\n")[1]

# (template, what a trainer changes in a fresh copy) for each of the five mistakes; None: the file's new name
TEMPLATE_MISTAKES = [
    ("verslag.md.j2", ("{{ titel }}", "{{ titell }}")),
    ("extract.md.j2", ("{{ t.titel }}", "{{ themas.titel }}")),
    ("signaal.md.j2", ("{% else %}\nNiet beschreven.\n\n{% endfor %}", "{% else %}\nNiet beschreven.\n\n")),
    ("verslag.html.j2", ("<h1>Verslag moreel beraad: {{ titel }}</h1>", "<h1>Verslag moreel beraad: {{ titel }</h1>")),
    ("verslag.md.j2", "verlsag.md.j2"),
]


@pytest.fixture
def workspace_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "methods").mkdir()
    return tmp_path


@pytest.mark.parametrize(("name", "mistake"), TEMPLATE_MISTAKES)
def test_each_template_mistake_in_the_guide_gives_the_message_shown_there(workspace_here, capsys, name, mistake):
    assert main(["sjablonen", "kopie", name]) == 0
    path = workspace_here / "templates" / name
    if isinstance(mistake, str):
        path.rename(path.with_name(mistake))
    else:
        text = path.read_text(encoding="utf-8")
        assert mistake[0] in text
        path.write_text(text.replace(*mistake, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["sjablonen", "check"]) == 1
    message, summary = capsys.readouterr().err.splitlines()
    assert summary == "1 probleem in 1 bestand."
    assert f"\n{message}\n" in TEMPLATES, message


def test_the_guide_numbers_five_template_mistakes():
    section = TEMPLATES.split("### De vijf meest gemaakte fouten")[1]
    assert re.findall(r"^\*\*(\d+)\. ", section, re.M) == [str(n) for n in range(1, 6)]


def test_the_guide_shows_the_data_templates_receive_as_beraad_lists_it(capsys):
    assert main(["sjablonen", "gegevens"]) == 0
    listed = capsys.readouterr().out
    assert f"```text\n$ beraad sjablonen gegevens\n{listed}```\n" in TEMPLATES


def test_the_guide_names_every_shipped_template_and_filter():
    from beraad.report import lint, sandbox

    for name in lint.shipped_names():
        assert f"`{name}`" in TEMPLATES, name
    for name in sandbox.FILTERS:
        assert f"| `{name}` |" in TEMPLATES, name


def test_the_guide_states_the_limits_beraad_uses():
    from jinja2.sandbox import MAX_RANGE

    from beraad.report.render import LIMITS

    assert f"samen mogen {LIMITS.seconds:g} seconden duren" in TEMPLATES
    assert f"{LIMITS.characters // 1_000_000} miljoen tekens" in TEMPLATES
    assert f"hoogstens {LIMITS.memory >> 30} GB geheugen" in TEMPLATES
    assert f"tot hoogstens {MAX_RANGE:,}".replace(",", ".") in TEMPLATES
    assert "Nog te schrijven" not in TEMPLATES

"""docs/trainers.md says what beraad really does: each of the ten mistakes gives exactly
the message the guide shows, every example of a field kind is valid, and the place for
the templates chapter is there."""

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


def test_the_guide_keeps_a_marked_place_for_the_templates():
    assert "\n## Sjablonen (templates)\n" in GUIDE
    assert "Nog te schrijven" in GUIDE.split("## Sjablonen (templates)")[1]

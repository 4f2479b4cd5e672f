"""Help while typing: every method file names the schema an editor validates it with, the
schema explains every key in Dutch with an example, and taplo (the engine of Even Better
TOML) really uses it: the shipped methods pass, a mistake is flagged at its line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from beraad import methods
from beraad.cli import main
from beraad.model.method import Method

SHIPPED = sorted(methods.shipped_dir().glob("*.toml"))
JSON_TYPES = {"string": str, "integer": int, "array": list, "object": dict, "boolean": bool}


def _taplo() -> str:
    """taplo from the test extra (beside this Python), or on the PATH."""
    beside = Path(sys.executable).parent / "taplo"
    found = str(beside) if beside.exists() else shutil.which("taplo")
    assert found, "taplo is in the test extra: pip install -e '.[test]'"
    return found


def _lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_taplo(), "lint", "--no-auto-config", "--colors", "never", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RUST_LOG": "error"},
    )


def _properties(schema: dict) -> list[tuple[str, dict]]:
    """(where, property schema) for every key of every table in the schema."""
    tables = [("methode", schema), *((name, d) for name, d in schema["$defs"].items())]
    return [(f"{table}.{key}", prop) for table, d in tables for key, prop in d["properties"].items()]


def test_every_key_has_a_dutch_description_and_a_fitting_example():
    schema = json.loads(methods.schema())
    properties = _properties(schema)
    assert len(properties) > 40
    for where, prop in properties:
        assert prop.get("description", "").strip(), where
        assert prop.get("examples"), where
        kind = prop.get("type") or next(t["type"] for t in prop["anyOf"] if t["type"] != "null")
        for example in prop["examples"]:
            assert isinstance(example, JSON_TYPES[kind]), (where, example)
            if "const" in prop:
                assert example == prop["const"], where
            if "pattern" in prop:
                import re

                assert re.fullmatch(prop["pattern"], example), (where, example)
    # every table is explained in Dutch too, not by the English docstring of its class
    for name, definition in schema["$defs"].items():
        assert definition["description"] != (getattr(Method, "__doc__", "") or ""), name
        assert not definition["description"].startswith(("A ", "An ", "One ", "Free ", "Two ", "Actions")), name
    assert schema["description"].startswith("Een methode")


def test_the_examples_in_the_schema_make_a_valid_method():
    """The example of each key of a method and a step, put together, is a method beraad accepts."""
    schema = json.loads(methods.schema())
    step = {k: p["examples"][0] for k, p in schema["$defs"]["Step"]["properties"].items()}
    top = {k: p["examples"][0] for k, p in schema["properties"].items()}
    method = Method.model_validate({**top, "minuten": step["minuten"], "stappen": [step]})
    assert method.steps[0].fields[0].kind == "tekst"


def test_the_shipped_schema_file_is_the_current_schema_and_every_method_names_it():
    """Regenerate after a change of the model: beraad methods schema --uit methods/methode.schema.json"""
    folder = methods.shipped_dir()
    assert (folder / methods.SCHEMA_FILE).read_text(encoding="utf-8") == methods.schema()
    for path in SHIPPED:
        assert path.read_text(encoding="utf-8").splitlines()[0] == "#:schema ./methode.schema.json", path.name


def test_schema_to_a_file_and_to_an_impossible_place(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    target = tmp_path / "methods" / "methode.schema.json"
    assert main(["methods", "schema", "--uit", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == methods.schema()
    assert "#:schema ./methode.schema.json" in capsys.readouterr().out
    a_file = tmp_path / "bestand"
    a_file.write_text("x", encoding="utf-8")
    assert main(["methods", "schema", "--uit", str(a_file / "schema.json")]) == 1
    err = capsys.readouterr().err
    assert "Het schema kon niet in" in err and "een deel van het pad is geen map" in err
    assert "Errno" not in err and "Traceback" not in err


def test_taplo_accepts_every_shipped_method():
    result = _lint(*SHIPPED)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new", "needle", "said"),
    [
        ('schade_label = "Schade"', 'schade = "Schade"', "schade = ", "'schade' was unexpected"),  # unknown key
        ("minuten = 12", 'minuten = "twaalf"', '"twaalf"', '"twaalf"'),  # wrong type
        ('soort = "tabel"', 'soort = "tafel"', '"tafel"', '"tafel"'),  # unknown kind
    ],
)
def test_taplo_flags_a_mistake_at_its_line(tmp_path, old, new, needle, said):
    """The editor path: a copy beside the schema file, as 'beraad methods new' writes it."""
    text = (methods.shipped_dir() / "dilemmamethode.toml").read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "kapot.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copy(methods.shipped_dir() / methods.SCHEMA_FILE, tmp_path / methods.SCHEMA_FILE)
    line = next(n for n, row in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if needle in row)
    result = _lint(broken)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"kapot.toml:{line}:" in output, output
    assert said in output and "oneOf" not in output, output  # the key itself, not "none of nine shapes"
    # ...and the same file, fixed, passes: taplo flagged the mistake, not something else
    broken.write_text(text, encoding="utf-8")
    assert _lint(broken).returncode == 0

"""Start from a good example: `beraad methods new --van dilemmamethode mijn-methode`
writes a copy with its own id, version 1.0 and a header that explains the keys."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from beraad import methods
from beraad.tui.screens.new_session import NewSessionScreen
from beraad.tui.screens.session import SessionScreen

from .conftest import keys, press, read_session_file, run_cli, type_text
from .test_method_schema import _lint


def _cli(capsys, workspace, *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, workspace=workspace)


def test_a_copy_with_its_own_id_version_header_and_schema(capsys, workspace):
    code, out, _ = _cli(capsys, workspace, "methods", "new", "--van", "dilemmamethode", "mijn-methode")
    assert code == 0
    path = workspace.methods / "mijn-methode.toml"
    assert str(path) in out and "beraad methods preview" in out
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "#:schema ./methode.schema.json"
    header = text.split("\nid = ")[0]
    for key in ("versie", "[[stappen]]", "[[stappen.velden]]", "per_deelnemer", "stammen", "kolommen", "score"):
        assert key in header, key
    assert "beraad methods preview methods/mijn-methode.toml" in header
    assert "'dilemmamethode' (versie 1.2)" in header
    copy, original = methods.load(path), methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    assert (copy.id, copy.version) == ("mijn-methode", "1.0")
    assert copy.steps == original.steps and copy.title == original.title
    assert "# Perspectieven" not in header  # the original's header is replaced, its other comments stay
    assert (workspace.methods / methods.SCHEMA_FILE).read_text(encoding="utf-8") == methods.schema()
    assert _lint(path).returncode == 0  # the schema line resolves in the workspace too
    assert "mijn-methode" in [m.method.id for m in methods.catalog(workspace.methods).methods]


def test_the_default_source_is_the_dilemmamethode_and_a_copy_of_a_copy_works(capsys, workspace):
    assert _cli(capsys, workspace, "methods", "new", "eerste")[0] == 0
    assert _cli(capsys, workspace, "methods", "new", "--van", "eerste", "tweede")[0] == 0
    second = methods.load(workspace.methods / "tweede.toml")
    assert second.id == "tweede" and second.steps == methods.load(workspace.methods / "eerste.toml").steps
    header = (workspace.methods / "tweede.toml").read_text(encoding="utf-8").split("\nid = ")[0]
    assert header.count("#:schema") == 1 and "'eerste' (versie 1.0)" in header


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Mijn Methode"], "'Mijn Methode' kan geen naam van een methode zijn: gebruik kleine letters"),
        (["../buiten"], "'../buiten' kan geen naam van een methode zijn"),
        (["_x"], "'_x' kan geen naam van een methode zijn"),
        (["a" * 61], "hoogstens 60 tekens"),
        (["--van", "bestaat-niet", "mijn"], "Er is geen methode 'bestaat-niet' om van uit te gaan. Kies uit: cura, "),
        (["cura"], "Er is al een methode 'cura' ("),
    ],
)
def test_refusals_are_dutch_and_write_nothing(capsys, workspace, argv, message):
    code, out, err = _cli(capsys, workspace, "methods", "new", *argv)
    assert code == 1 and message in err and out == ""
    assert not workspace.methods.exists() or list(workspace.methods.iterdir()) == []


def test_an_existing_file_is_never_overwritten(capsys, workspace):
    workspace.methods.mkdir(parents=True)
    (workspace.methods / "mijn.toml").write_text("# half af\n", encoding="utf-8")  # broken: not in the catalog
    code, _, err = _cli(capsys, workspace, "methods", "new", "mijn")
    assert code == 1 and "Er staat al een methodebestand" in err and "mijn.toml" in err
    assert (workspace.methods / "mijn.toml").read_text(encoding="utf-8") == "# half af\n"


async def test_a_session_started_with_the_new_method_stores_its_id_and_version(capsys, workspace, make_app):
    assert _cli(capsys, workspace, "methods", "new", "--van", "cura", "cura-wijkteam")[0] == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        assert isinstance(app.screen, NewSessionScreen)
        await type_text(pilot, "Eerste keer eigen CURA")
        choice = app.screen.query_one("#method", Select)
        values = [value for _, value in choice._options if value is not Select.NULL]
        choice.focus()
        await press(pilot, "enter", *["down"] * values.index("cura-wijkteam"), "enter")
        assert choice.value == "cura-wijkteam"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionScreen)
        await keys(pilot, "ctrl+q")
    method = read_session_file(workspace)["method"]
    assert (method["id"], method["versie"]) == ("cura-wijkteam", "1.0")

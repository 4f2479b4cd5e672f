"""Bounded input: a small file nested very deep, a number that is no number, a template
that eats memory and a note of megabytes each end in a Dutch sentence that names the
right place, never in a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beraad import demo
from beraad.report import Limits, TemplateProblem, TooMuchText
from beraad.store import bounded
from beraad.store.sessions import SessionStore
from beraad.tui.screens.new_session import NewSessionScreen

from .conftest import TODAY, keys, run_cli, store_and_index, until
from .test_export_support import _private_log_and_cache, export  # noqa: F401

DEEP = "a = " + "[" * 500 + "]" * 500 + "\n"  # 1 kB


def test_the_deep_file_is_small():
    assert len(DEEP.encode()) < 1100


@pytest.fixture
def deep_method(workspace) -> Path:
    workspace.methods.mkdir(parents=True)
    path = workspace.methods / "diep.toml"
    path.write_text('id = "diep"\n' + DEEP, encoding="utf-8")
    return path


def _names_line(err: str, name: str, line: int) -> None:
    assert f"{name}:{line}: de gegevens zijn te diep genest" in err, err
    assert "Er ging iets mis" not in err and "Recursion" not in err


def test_methods_list_and_check_name_the_line_of_a_deeply_nested_method(workspace, deep_method, capsys):
    code, out, err = run_cli(capsys, "methods", "list", workspace=workspace)
    assert code == 1 and "dilemmamethode" in out  # the other methods are listed
    _names_line(err, "diep.toml", 2)
    code, _, err = run_cli(capsys, "methods", "check", workspace=workspace)
    assert code == 1
    _names_line(err, "diep.toml", 2)


def test_demo_works_beside_a_deeply_nested_method(workspace, deep_method, capsys):
    code, out, err = run_cli(capsys, "demo", workspace=workspace)
    assert code == 0 and "Voorbeeldsessie gemaakt" in out, err


@pytest.mark.parametrize("command", [["demo"], ["export", "SESSIE"]])
def test_a_deeply_nested_beraad_toml_is_a_message_in_demo_and_export(workspace, dilemma, capsys, command):
    session = demo.session(dilemma, TODAY)
    store_and_index(workspace, session)
    (workspace.root / "beraad.toml").write_text("[verslag]\n" + DEEP, encoding="utf-8")
    code, _, err = run_cli(capsys, *[session.id if part == "SESSIE" else part for part in command], workspace=workspace)
    assert code == 1
    _names_line(err, "beraad.toml", 2)


def test_dotted_keys_nested_deep_are_refused_at_their_line(workspace, capsys):
    (workspace.root).mkdir()
    (workspace.root / "routes.toml").write_text("# routes\n" + "a" + ".b" * 300 + " = 1\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "routes", "check", workspace=workspace)
    assert code == 1
    _names_line(err, "routes.toml", 2)


def test_brackets_in_strings_and_comments_are_no_nesting():
    from beraad.datafile import MAX_NESTING, nesting_line

    deep = "[" * (MAX_NESTING + 5)
    text = f'a = "{deep}"\nb = \'{deep}\'\nc = """\n{deep} \\" """\nd = \'\'\'{deep}\'\'\'\n# {deep}\ne = [[1]]\n'
    assert nesting_line(text, MAX_NESTING) is None
    assert nesting_line(text + f"f = {deep}", MAX_NESTING) == text.count("\n") + 1


async def test_the_new_session_form_opens_beside_a_deeply_nested_method(make_app, deep_method):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen), "the form")

        def warned() -> bool:
            shown = " ".join(str(w.render()) for w in app.screen.query(".warning"))
            return "diep.toml:2: de gegevens zijn te diep genest" in shown

        await until(pilot, warned, "the broken method named in the form")


# Session files: numbers that are no numbers, nesting beyond any session


@pytest.mark.parametrize(
    ("value", "reason"),
    [("Infinity", "geen getal is (Infinity)"), ("NaN", "geen getal is (NaN)"), ("1e999", "te groot is (1e999)")],
)
def test_a_session_with_an_infinite_time_is_moved_aside_with_a_reason(workspace, stored_session, capsys, value, reason):
    path = workspace.sessions / f"{stored_session.id}.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"elapsed": {}', f'"elapsed": {{"opening": {value}}}'))
    assert value in path.read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "sessions", "list", workspace=workspace)
    assert code == 0 and "Geen sessies" in out
    assert f"{stored_session.id}.json" in err and reason in err and "quarantaine/" in err, err
    assert (workspace.sessions / "quarantaine" / f"{stored_session.id}.json").exists()


def test_a_time_of_centuries_is_refused_by_the_schema(workspace, stored_session):
    path = workspace.sessions / f"{stored_session.id}.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"elapsed": {}', '"elapsed": {"opening": 1e300}'))
    _, problems = SessionStore(workspace.sessions).scan()
    assert [p.name for p in problems] == [path.name] and "de tijden" in problems[0].message


def test_a_session_nested_beyond_any_session_is_moved_aside(workspace, stored_session):
    path = workspace.sessions / f"{stored_session.id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sessie"]["1"]["values"] = {"opening": {"doelen": json.loads("[" * 900 + "]" * 900)}}
    path.write_text(json.dumps(data), encoding="utf-8")
    _, problems = SessionStore(workspace.sessions).scan()
    assert "te diep genest" in problems[0].message


def test_depth_counts_brackets_outside_strings_only():
    assert bounded.depth(b'{"a": "[[[[{{{{", "b": [[1], {"c": "\\"]]"}]}') == 3
    with pytest.raises(bounded.Unbounded):
        bounded.loads(b"[" * 70 + b"]" * 70)


# Templates: memory, and notes too long for a document


def test_a_template_that_eats_memory_is_stopped_with_a_dutch_message(workspace, dilemma):
    templates = workspace.root / "templates"
    templates.mkdir(parents=True)
    (templates / "verslag.md.j2").write_text(
        '{% set kept = [] %}{% for i in range(1000) %}{% for j in range(1000) %}{{ kept.append("x" * 9000 ~ i ~ j) or "" }}'
        "{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateProblem) as stopped:
        export(demo.session(dilemma, TODAY), workspace, formats=("md",), limits=Limits(memory=300 << 20))
    message = str(stopped.value)
    assert "verslag.md.j2" in message and "te veel geheugen (meer dan 300 MB)" in message, message
    assert not workspace.exports.exists()


def test_a_note_too_long_for_word_names_the_note_not_the_shipped_template(workspace, dilemma):
    session = demo.session(dilemma, TODAY)
    session.set_value("opening", "doelen", "Een regel van de notitie.\n" * 4000)  # 100 kB, many paragraphs
    with pytest.raises(TooMuchText) as refused:
        export(session, workspace, limits=Limits(characters=300_000))
    message = str(refused.value)
    assert message.startswith("Het verslag wordt te groot voor een Word-bestand (meer dan 300.000 tekens")
    assert (
        "niet door het sjabloon" in message and "'Opening', bij 'Doelen en verwachtingen' (104.000 tekens)" in message
    ), message
    assert "verslag.docx.j2" not in message and "meld het" not in message
    assert not workspace.exports.exists()

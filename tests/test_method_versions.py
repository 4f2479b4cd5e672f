"""Versions that mean something: the index knows the steps each session used, `beraad
methods check` says when steps changed under the same version, `beraad methods gebruik`
lists per method and version how many sessions used it and when last."""

from __future__ import annotations

import json
from datetime import date

import pytest

from beraad import methods, usage
from beraad.model import Session
from beraad.store import index, schema
from beraad.store.sessions import SessionStore

from .conftest import PEOPLE, TODAY, keys, press, read_session_file, run_cli, store_and_index, type_text

DILEMMA_PATH = methods.shipped_dir() / "dilemmamethode.toml"
DILEMMA = DILEMMA_PATH.read_text(encoding="utf-8")
PROMPT = '"Wat voelde je op dat moment?",'


def _cli(capsys, workspace, *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, workspace=workspace)


def _session(method, day: date, title: str = "Casus", team: str = "WI Noord") -> Session:
    return Session.start(method, title, day, PEOPLE, case_presenter=0, team=team)


# The fingerprint in the index


def test_the_fingerprint_of_a_file_and_of_a_stored_session_agree(tmp_path, dilemma):
    session = _session(dilemma, TODAY)
    summary = schema.Summary.of(schema.stamped(session.to_data()))
    assert summary.method_steps == schema.steps_fingerprint(dilemma.to_data()["stappen"])
    changed = tmp_path / "m.toml"
    changed.write_text(DILEMMA.replace(PROMPT, ""), encoding="utf-8")
    assert schema.steps_fingerprint(methods.load(changed).to_data()["stappen"]) != summary.method_steps
    retitled = tmp_path / "t.toml"  # the method's own title is no step
    retitled.write_text(DILEMMA.replace('titel = "Dilemmamethode"', 'titel = "Dilemma"'), encoding="utf-8")
    assert schema.steps_fingerprint(methods.load(retitled).to_data()["stappen"]) == summary.method_steps


def test_a_session_of_an_older_beraad_is_compared_as_todays_model_reads_it(tmp_path, dilemma):
    """A key the older beraad did not write (a default added later) is no change of steps."""
    store = SessionStore(tmp_path / "sessions")
    session = _session(dilemma, TODAY)
    store.save(session)
    path = store.path(session.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    steps = data["sessie"]["1"]["method"]["stappen"]
    acties = next(f for s in steps for f in s["velden"] if f["soort"] == "acties")
    del acties["min_rijen"]
    path.write_text(json.dumps(data), encoding="utf-8")
    (summary,), _ = store.scan()
    assert summary.method_steps == schema.steps_fingerprint(dilemma.to_data()["stappen"])


def test_an_index_of_the_previous_version_is_rebuilt_with_fingerprints(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = _session(dilemma, TODAY)
    store.save(session)
    store.scan()
    entries = index.read(store.folder)
    old = {
        name: {**entry, "summary": {k: v for k, v in entry["summary"].items() if k not in ("method_steps", "scores")}}
        for name, entry in entries.items()
    }
    (store.folder / index.INDEX).write_text(json.dumps({"version": 2, "sessions": old}), encoding="utf-8")
    assert index.read(store.folder) == {}  # another version: not used
    (summary,), _ = store.scan()
    assert summary.method_steps and json.loads((store.folder / index.INDEX).read_text())["version"] == index.VERSION


def test_summaries_go_through_the_index_and_back(dilemma):
    session = _session(dilemma, TODAY)
    session.set_value("evaluatie", "score", {"d1": 4, "d2": 3})
    summary = schema.Summary.of(schema.stamped(session.to_data()))
    assert summary.scores == (schema.ScoreAverage("evaluatie", "score", summary.scores[0].label, 1, 5, 3.5, 2),)
    assert schema.Summary.from_data(json.loads(json.dumps(summary.to_data()))) == summary


# Usage and the version check, without the command line


def test_usage_counts_per_method_and_version_in_natural_order(tmp_path, dilemma):
    v2 = dilemma.model_copy(update={"version": "1.10"})
    v3 = dilemma.model_copy(update={"version": "1.3"})
    summaries = [
        schema.Summary.of(schema.stamped(_session(m, day).to_data()))
        for m, day in [
            (dilemma, date(2026, 1, 5)),
            (dilemma, date(2026, 3, 1)),
            (v2, date(2026, 6, 1)),
            (v3, date(2026, 4, 1)),
        ]
    ]
    found = usage.usage(summaries)
    assert [(u.method_id, u.version, u.sessions, u.last) for u in found] == [
        ("dilemmamethode", "1.2", 2, date(2026, 3, 1)),
        ("dilemmamethode", "1.3", 1, date(2026, 4, 1)),
        ("dilemmamethode", "1.10", 1, date(2026, 6, 1)),
    ]
    assert all(u.fingerprints == 1 for u in found)


@pytest.mark.parametrize(
    ("version", "following"),
    [("1.0", "1.1"), ("2", "3"), ("1.9", "1.10"), ("v1.0-concept", "v1.1-concept"), ("concept", "concept.1")],
)
def test_the_suggested_next_version(version, following):
    assert usage.next_version(version) == following


# The command line, and the app


def test_check_says_when_steps_changed_under_the_same_version(capsys, workspace, dilemma):
    store_and_index(workspace, _session(dilemma, date(2026, 2, 1)), _session(dilemma, date(2026, 3, 9)))
    workspace.methods.mkdir(parents=True)
    changed = workspace.methods / "dilemmamethode.toml"
    changed.write_text(DILEMMA.replace(PROMPT, ""), encoding="utf-8")
    code, _, err = _cli(capsys, workspace, "methods", "check", str(changed))
    line = next(n for n, row in enumerate(DILEMMA.splitlines(), 1) if row.startswith("versie = "))
    assert code == 1
    assert err == (
        f"{changed}:{line}: de stappen zijn veranderd, maar 'versie' is nog \"1.2\": 2 sessies in deze werkmap "
        "gebruikten dilemmamethode versie 1.2 met andere stappen (laatst op 09-03-2026). Verhoog 'versie', "
        'bijvoorbeeld naar "1.3", zodat elk verslag zegt welke stappen het volgde\n'
    )
    changed.write_text(DILEMMA.replace(PROMPT, "").replace('versie = "1.2"', 'versie = "1.3"'), encoding="utf-8")
    assert _cli(capsys, workspace, "methods", "check", str(changed))[:2] == (0, "1 methodebestand in orde.\n")
    assert _cli(capsys, workspace, "methods", "check", str(DILEMMA_PATH))[0] == 0  # unchanged steps: fine


def test_a_broken_file_is_reported_once_and_not_compared(capsys, workspace, dilemma):
    store_and_index(workspace, _session(dilemma, TODAY))
    broken = workspace.root / "kapot.toml"
    broken.write_text(DILEMMA.replace("max = 5", "max = 1"), encoding="utf-8")
    code, _, err = _cli(capsys, workspace, "methods", "check", str(broken))
    assert code == 1 and err.count("\n") == 1 and "'max' (1) moet groter zijn dan 'min' (1)" in err


def test_gebruik_lists_methods_versions_and_warns_about_a_version_with_two_sets_of_steps(
    capsys, workspace, dilemma, tmp_path
):
    assert _cli(capsys, workspace, "methods", "gebruik")[1] == f"Nog geen sessies in {workspace.sessions}.\n"
    changed = tmp_path / "m.toml"
    changed.write_text(DILEMMA.replace(PROMPT, ""), encoding="utf-8")
    cura = methods.load(methods.shipped_dir() / "cura.toml")
    store_and_index(
        workspace,
        _session(dilemma, date(2026, 2, 1)),
        _session(methods.load(changed), date(2026, 5, 4)),
        _session(cura, date(2026, 4, 1)),
    )
    code, out, _ = _cli(capsys, workspace, "methods", "gebruik")
    assert code == 0
    assert out.splitlines() == [
        "methode         versie   sessies  laatst      titel",
        "cura            1.1            1  01-04-2026  CURA",
        "dilemmamethode  1.2            2  04-05-2026  Dilemmamethode",
        "Let op: dilemmamethode versie 1.2 is met 2 verschillende sets stappen gebruikt. Verhoog voortaan de "
        "versie als je de stappen verandert ('beraad methods check' waarschuwt daarvoor).",
    ]


async def test_a_trainer_edits_a_method_that_a_session_used(capsys, workspace, make_app):
    """The whole path: a new method, a session with it by keyboard, an edit of its steps:
    check refuses the same version and accepts the next, and gebruik counts the session."""
    assert _cli(capsys, workspace, "methods", "new", "--van", "cura", "cura-wijk")[0] == 0
    path = workspace.methods / "cura-wijk.toml"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await type_text(pilot, "Twijfel bij een terugvordering")
        choice = app.screen.query_one("#method")
        values = [value for _, value in choice._options if isinstance(value, str)]
        choice.focus()
        await press(pilot, "enter", *["down"] * values.index("cura-wijk"), "enter")
        await keys(pilot, "ctrl+s")
        await type_text(pilot, "Inbrenger: Anna")
        await keys(pilot, "ctrl+q")
    stored = read_session_file(workspace)["method"]
    assert (stored["id"], stored["versie"]) == ("cura-wijk", "1.0")
    text = path.read_text(encoding="utf-8")
    assert _cli(capsys, workspace, "methods", "check", str(path))[0] == 0
    (entry,) = index.read(workspace.sessions).values()  # the check brought the index up to date
    assert entry["summary"]["method_steps"] == schema.steps_fingerprint(methods.load(path).to_data()["stappen"])
    path.write_text(
        text.replace("minuten = 2\n", "minuten = 3\n", 1).replace("minuten = 25", "minuten = 26"), encoding="utf-8"
    )
    code, _, err = _cli(capsys, workspace, "methods", "check", str(path))
    assert (
        code == 1
        and "de stappen zijn veranderd, maar 'versie' is nog \"1.0\": 1 sessie in deze werkmap gebruikte cura-wijk"
        in err
    )
    path.write_text(path.read_text(encoding="utf-8").replace('versie = "1.0"', 'versie = "1.1"'), encoding="utf-8")
    assert _cli(capsys, workspace, "methods", "check", str(path))[0] == 0
    code, out, _ = _cli(capsys, workspace, "methods", "gebruik")
    assert out.splitlines()[1] == "cura-wijk  1.0            1  23-11-2026  CURA"

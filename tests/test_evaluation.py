"""Evaluation as data: `beraad evaluatie --team NAAM` shows the average evaluation score
of each session of a team in date order, with a bar per session and a sparkline, from the
index (no session file opened)."""

from __future__ import annotations

from datetime import date

from beraad import evaluation, methods
from beraad.model import Session
from beraad.store import schema

from .conftest import PEOPLE, keys, read_session_file, run_cli, store_and_index

CURA = methods.load(methods.shipped_dir() / "cura.toml")


def _cli(capsys, workspace, *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, workspace=workspace)


def _scored(method, day: date, scores: dict[str, int] | None, team: str, title: str) -> Session:
    session = Session.start(method, title, day, PEOPLE, case_presenter=0, team=team)
    step = next(s for s in method.steps for f in s.fields if f.kind == "score")
    if scores is not None:
        session.set_value(step.id, "score", scores)
    return session


def test_averages_per_score_field_skip_empty_fields_and_values_that_are_no_score(dilemma):
    session = _scored(dilemma, date(2026, 1, 1), {"d1": 4, "d2": 5}, "A", "x")
    document = schema.stamped(session.to_data())
    document["values"]["evaluatie"]["score"]["d3"] = True  # never a score, also not from a hand-edited file
    (average,) = schema.score_averages(document)
    assert (average.average, average.count, average.low, average.high) == (4.5, 2, 1, 5)
    assert average.label == "Hoe waardevol was dit beraad? (1-5)"
    empty = schema.stamped(_scored(dilemma, date(2026, 1, 1), None, "A", "x").to_data())
    assert list(schema.score_averages(empty)) == []


def test_bars_and_sparkline():
    assert evaluation.bar(0.0) == " " * 12
    assert evaluation.bar(0.5) == "██████      "
    assert evaluation.bar(1.0) == "█" * 12
    assert evaluation.bar(1 / 24) == "▌" + " " * 11  # half a character
    assert evaluation.sparkline([0.0, 0.25, 0.75, 1.0]) == "▁▃▆█"
    assert [evaluation.number(v) for v in (3.5, 4.0, 2.25)] == ["3,5", "4", "2,2"]


def test_a_teams_scores_in_date_order_from_any_spelling_of_its_name(dilemma):
    sessions = [
        _scored(dilemma, date(2026, 5, 1), {"d1": 5, "d2": 5}, "WI Noord", "mei"),
        _scored(CURA, date(2026, 1, 9), {"d1": 1, "d2": 2}, "wi  noord", "januari"),
        _scored(dilemma, date(2026, 3, 1), {"d1": 3}, "Wmo Zuid", "maart"),
    ]
    summaries = [schema.Summary.of(schema.stamped(s.to_data())) for s in sessions]
    found = evaluation.points(summaries, "Wi noord")
    assert [(p.title, p.score.average, p.fraction) for p in found] == [("januari", 1.5, 0.125), ("mei", 5.0, 1.0)]
    assert evaluation.teams(summaries) == ["WI Noord", "Wmo Zuid"]


def test_evaluatie_for_one_team(capsys, workspace, dilemma):
    store_and_index(
        workspace,
        _scored(dilemma, date(2026, 5, 1), {"d1": 5, "d2": 4}, "WI Noord", "Uitkering gestopt"),
        _scored(CURA, date(2026, 1, 9), {"d1": 1, "d2": 2, "d3": 2, "d4": 3}, "WI Noord", "Kostendelersnorm"),
        _scored(dilemma, date(2026, 3, 1), None, "WI Noord", "Zonder evaluatie"),
        _scored(dilemma, date(2026, 3, 1), {"d1": 3}, "Wmo Zuid", "Eigen bijdrage"),
    )
    code, out, _ = _cli(capsys, workspace, "evaluatie", "--team", "wi noord")
    assert code == 0
    assert out.splitlines() == [
        "Evaluatie van team WI Noord: 2 van 3 sessies met scores",
        "",
        "datum       gemiddelde                    sessie",
        "09-01-2026  2 van 5 (4×)    ███           Kostendelersnorm · CURA 1.1 · Hielp dit gesprek? (1-5)",
        "01-05-2026  4,5 van 5 (2×)  ██████████▌   Uitkering gestopt · Dilemmamethode 1.2 · Hoe waardevol was dit beraad? (1-5)",
        "",
        "Verloop (oud → nieuw): ▃▇",
    ]
    code, out, _ = _cli(capsys, workspace, "evaluatie")  # every team
    assert code == 0 and "team WI Noord" in out and "Evaluatie van team Wmo Zuid: 1 van 1 sessies" in out


def test_an_unknown_team_or_no_teams_is_a_dutch_message(capsys, workspace, dilemma):
    code, _, err = _cli(capsys, workspace, "evaluatie", "--team", "WI Noord")
    assert code == 1 and err == "Geen sessies van team 'WI Noord'. Er zijn nog geen sessies met een team.\n"
    store_and_index(workspace, _scored(dilemma, date(2026, 3, 1), {"d1": 3}, "Wmo Zuid", "x"))
    code, _, err = _cli(capsys, workspace, "evaluatie", "--team", "WI Noord")
    assert code == 1 and err == "Geen sessies van team 'WI Noord'. Teams in deze werkmap: Wmo Zuid.\n"
    store_and_index(workspace, _scored(dilemma, date(2026, 3, 2), None, "WI Noord", "y"))
    code, out, _ = _cli(capsys, workspace, "evaluatie", "--team", "WI Noord")
    assert code == 0 and "Nog geen scores" in out


def test_evaluatie_reads_the_index_not_the_session_files(capsys, workspace, dilemma, monkeypatch):
    import beraad.store.sessions

    store_and_index(workspace, _scored(dilemma, date(2026, 3, 1), {"d1": 3, "d2": 4}, "WI Noord", "x"))

    def no_reading(path):
        raise AssertionError(f"opened {path}")

    monkeypatch.setattr(beraad.store.sessions, "read_file", no_reading)
    code, out, _ = _cli(capsys, workspace, "evaluatie", "--team", "WI Noord")
    assert code == 0 and "3,5 van 5 (2×)" in out


async def test_scores_typed_in_the_evaluation_round_show_in_the_evaluation(capsys, workspace, make_app, dilemma):
    session = _scored(dilemma, date(2026, 11, 2), None, "WI Noord", "Eerste beraad")
    session.go_to("evaluatie")
    store_and_index(workspace, session)
    async with make_app().run_test(size=(130, 40)) as pilot:
        await keys(pilot, "enter")
        await keys(pilot, "tab", "tab")  # to the last of the three texts; the scores follow
        for score in "4352":
            await keys(pilot, "tab", score)
        await keys(pilot, "ctrl+q")
    assert read_session_file(workspace)["values"]["evaluatie"]["score"] == {"d1": 4, "d2": 3, "d3": 5, "d4": 2}
    code, out, _ = _cli(capsys, workspace, "evaluatie", "--team", "WI Noord")
    assert code == 0 and "02-11-2026  3,5 van 5 (4×)" in out

"""The session store: private files, atomic saves, the format and its migration, the index,
and quarantine of anything in sessions/ that is not a session."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.model import Session
from beraad.model.session import Cursor
from beraad.store import index, schema
from beraad.store.sessions import SessionInUse, SessionStore, StoreError
from beraad.workspace import Workspace

from .conftest import TODAY

FIXTURE = Path(__file__).parent / "fixtures" / "session-format1.json"


def test_saves_privately_and_reads_back(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Privé", TODAY, [("Anna", "klantmanager")])
    session.set_value("casus", "verhaal", "é" * 20_000)
    store.save(session)
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store.path(session.id)).st_mode) == 0o600
    assert store.load(session.id) == session
    document = json.loads(store.path(session.id).read_text(encoding="utf-8"))["sessie"]["1"]
    assert document["schema_version"] == schema.SCHEMA_VERSION
    assert [p.name for p in store.folder.iterdir()] == [f"{session.id}.json"]  # no temp files left


def test_a_file_of_the_first_release_opens_value_for_value(tmp_path):
    """Written by beraad before schema_version existed (committed fixture)."""
    old = json.loads(FIXTURE.read_text(encoding="utf-8"))["sessie"]["1"]
    store = SessionStore(tmp_path / "sessions")
    store.folder.mkdir()
    shutil.copy(FIXTURE, store.path(old["id"]))
    session = store.load(old["id"])
    now = session.to_data()
    for key in set(old) - {"format", "cursor", "method", "bottlenecks"}:
        assert now[key] == old[key], key
    for before, after in zip(old["bottlenecks"], now["bottlenecks"], strict=True):
        assert {k: after[k] for k in before} == before
        assert after["same_as"] is None  # a key added since: its default
    # the one key of the method format that had an English name is written in Dutch now
    assert now["method"] == json.loads(json.dumps(old["method"]).replace('"min_rows"', '"min_rijen"'))
    assert session.cursor == Cursor(step="afweging", field="afwegingen", participant="d3", row=1)
    assert session.value("afweging", "afwegingen") == old["values"]["afweging"]["afwegingen"]
    store.save(session)
    again = json.loads(store.path(old["id"]).read_text(encoding="utf-8"))["sessie"]["1"]
    assert again["schema_version"] == schema.SCHEMA_VERSION and "format" not in again
    assert store.load(old["id"]) == session


def test_a_method_copy_that_todays_rules_would_refuse_still_opens(tmp_path):
    """Method files are checked more strictly now (no tabs in titles, length limits); a
    session started with an older, laxer method file must open all the same."""
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    method = document["sessie"]["1"]["method"]
    method["stappen"][1]["titel"] = "Casus\tmet een tab"
    method["beschrijving"] = "lang " * 10_000
    store = SessionStore(tmp_path / "sessions")
    store.folder.mkdir()
    store.path("20261102-f1a2b3").write_text(json.dumps(document), encoding="utf-8")
    assert store.load("20261102-f1a2b3").method.steps[1].title == "Casus\tmet een tab"
    assert store.scan()[1] == []


@pytest.mark.parametrize(
    ("widget_id", "step", "expected"),
    [
        ("veld-doelen-tekst", "opening", {"field": "doelen"}),
        ("veld-afspraken-lijst", "opening", {"field": "afspraken"}),
        ("veld-opties-rijen-r2-c1", "dilemma", {"field": "opties", "row": 2, "column": 1}),
        ("veld-opties-rijen-add", "dilemma", {"field": "opties"}),
        ("veld-afwegingen-d3-s4", "afweging", {"field": "afwegingen", "participant": "d3", "row": 4}),
        ("veld-score-d2", "evaluatie", {"field": "score", "participant": "d2"}),
        ("veld-doelen_bereikt-tekst", "evaluatie", {"field": "doelen_bereikt"}),
        ("veld-bestaat-niet", "opening", None),
    ],
)
def test_old_cursors_become_what_they_mean(widget_id, step, expected):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))["sessie"]["1"]
    document.update(cursor=widget_id, current_step=step)
    cursor = schema.migrate(document)["cursor"]
    assert cursor == (None if expected is None else {"step": step, **expected})


def test_a_file_of_a_newer_beraad_is_left_alone(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Uit de toekomst", TODAY, [])
    store.save(session)
    path = store.path(session.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sessie"]["1"]["schema_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    summaries, problems = store.scan()
    assert summaries == [] and path.exists()
    assert "nieuwere versie van beraad" in problems[0].message
    with pytest.raises(StoreError, match="nieuwere versie"):
        store.load(session.id)


def test_corrupt_and_foreign_files_are_moved_aside(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    good = Session.start(dilemma, "Goed", TODAY, [])
    store.save(good)
    (store.folder / "kapot.json").write_text('{"sessie": {"1": {"title": ', encoding="utf-8")
    (store.folder / "vreemd.json").write_text(json.dumps({"sessie": {"1": {"title": "x"}}}), encoding="utf-8")
    (store.folder / "20260101-aaaaaa.json").write_text("[1,2,3]", encoding="utf-8")
    (store.folder / "boodschappen.txt").write_text("melk", encoding="utf-8")
    (store.folder / "eigen map").mkdir()
    summaries, problems = store.scan()
    assert [s.id for s in summaries] == [good.id]
    moved = ["20260101-aaaaaa.json", "boodschappen.txt", "kapot.json", "vreemd.json"]
    assert sorted(p.name for p in problems) == moved
    assert all("quarantaine/" in p.message and "andere sessies" in p.message for p in problems)
    assert sorted(p.name for p in (store.folder / "quarantaine").iterdir()) == moved
    assert stat.S_IMODE(os.stat(store.folder / "quarantaine").st_mode) == 0o700
    assert (store.folder / "eigen map").is_dir()  # a folder of the user's own stays


def test_the_reason_a_session_file_is_moved_aside_says_where_in_words(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    good = Session.start(dilemma, "Goed", TODAY, [])
    store.save(good)
    document = json.loads(store.path(good.id).read_text(encoding="utf-8"))
    del document["sessie"]["1"]["title"]
    store.path(good.id).write_text(json.dumps(document), encoding="utf-8")
    _, (problem,) = store.scan()
    assert "(onverwachte inhoud bij de titel)" in problem.message
    assert "fout(en)" not in problem.message and "'title'" not in problem.message


def test_a_symlink_is_moved_aside_and_its_target_is_untouched(tmp_path, dilemma):
    elsewhere = SessionStore(tmp_path / "elders")
    outside = Session.start(dilemma, "Buiten de werkmap", TODAY, [])
    elsewhere.save(outside)
    store = SessionStore(tmp_path / "sessions")
    store.folder.mkdir()
    link = store.path(outside.id)
    link.symlink_to(elsewhere.path(outside.id))
    with pytest.raises(StoreError, match="snelkoppeling"):
        store.load(outside.id)
    summaries, problems = store.scan()
    assert summaries == [] and "snelkoppeling" in problems[0].message
    assert (store.folder / "quarantaine" / link.name).is_symlink()
    assert elsewhere.load(outside.id) == outside


def test_a_fifo_with_a_session_name_does_not_hang(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    store.folder.mkdir()
    os.mkfifo(store.folder / "20260101-abcdef.json")
    with pytest.raises(StoreError):
        store.load("20260101-abcdef")
    assert store.scan()[1][0].name == "20260101-abcdef.json"


@pytest.mark.parametrize("bad_id", ["../../elders/sessie", "/etc/passwd", "a b", "", "x" * 81, ".index"])
def test_a_session_id_is_never_a_path(tmp_path, bad_id):
    store = SessionStore(tmp_path / "sessions")
    with pytest.raises(StoreError, match="geen sessie-id"):
        store.load(bad_id)
    with pytest.raises(StoreError, match="geen sessie-id"):
        store.delete(bad_id)


def test_the_index_lists_sessions_and_their_knelpunten_without_reading_unchanged_files(tmp_path, dilemma, monkeypatch):
    import beraad.store.sessions as sessions_module
    from beraad.model.bottleneck import Bottleneck

    seen: list[dict] = []
    store = SessionStore(tmp_path / "sessions", on_scan=seen.append)
    first = Session.start(dilemma, "Eerste", TODAY, [])
    first.bottlenecks.append(Bottleneck(id="k1", title="Kostendelersnorm", step_id="conclusie"))
    second = Session.start(dilemma, "Tweede", TODAY, [])
    store.save(first)
    store.save(second)
    assert {s.title for s in store.scan()[0]} == {"Eerste", "Tweede"}
    told = [(e["summary"]["id"], b["title"]) for e in seen[-1].values() for b in e["bottlenecks"]]
    assert told == [(first.id, "Kostendelersnorm")]  # the register learns the knelpunten from the scan
    assert {s.id for s in index.summaries(store.folder)} == {first.id, second.id}

    reads = []
    original = sessions_module.read_file
    monkeypatch.setattr(sessions_module, "read_file", lambda path: reads.append(path.name) or original(path))
    second.title = "Tweede, bijgewerkt"
    store.save(second)
    assert {s.title for s in store.scan()[0]} == {"Eerste", "Tweede, bijgewerkt"}
    assert reads == [f"{second.id}.json"]
    store.delete(first.id)
    assert [s.id for s in store.scan()[0]] == [second.id]
    assert [e["summary"]["id"] for e in seen[-1].values()] == [second.id]


def test_the_newest_sessions_are_indexed_apart_for_the_first_paint(tmp_path, dilemma, monkeypatch):
    from datetime import date

    monkeypatch.setattr(index, "RECENT_COUNT", 2)
    store = SessionStore(tmp_path / "sessions")
    for month in (1, 5, 3):
        store.save(Session.start(dilemma, f"Maand {month}", date(2026, month, 1), []))
    store.scan()
    assert [s.title for s in index.recent(store.folder)] == ["Maand 5", "Maand 3"]
    (store.folder / index.RECENT).unlink()  # an index from before there was a .recent.json
    problems = store.scan()[1]
    assert problems == [] and [s.title for s in index.recent(store.folder)] == ["Maand 5", "Maand 3"]
    for odd in ('{"version": 6, "sessions": {"x": {"summary": "geen"}}}', "[1, 2", ""):
        (store.folder / index.RECENT).write_text(odd, encoding="utf-8")
        assert index.recent(store.folder) == []  # only a cache: the scan shows them all, and repairs it
        assert len(store.scan()[0]) == 3 and not (store.folder / "quarantaine").exists()
        assert len(index.recent(store.folder)) == 2


def test_delete_refuses_a_session_open_elsewhere(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Open", TODAY, [])
    store.save(session)
    lock = store.lock(session.id)
    lock.acquire()
    try:
        with pytest.raises(SessionInUse, match="ander venster"):
            store.delete(session.id)
    finally:
        lock.release()
    store.delete(session.id)
    with pytest.raises(StoreError, match="bestaat niet"):
        store.load(session.id)


def test_a_lock_of_a_killed_process_never_locks_anyone_out(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Na een crash", TODAY, [])
    store.save(session)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.folder), session.id], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "vast"
    lock = store.lock(session.id)
    with pytest.raises(Exception, match="proces"):
        lock.acquire()
    holder.kill()
    holder.wait(10)
    lock.acquire()  # the kernel let go of the killed process's lock
    lock.release()


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from beraad.store.sessions import SessionStore
    lock = SessionStore(Path(sys.argv[1])).lock(sys.argv[2])
    lock.acquire()
    print("vast", flush=True)
    time.sleep(60)
    """
)

SCAN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from beraad.store.sessions import SessionStore
    summaries, problems = SessionStore(Path(sys.argv[1])).scan()
    print(len(summaries), len(problems))
    """
)


def test_two_processes_scanning_at_once_lose_no_file(tmp_path, dilemma):
    store = SessionStore(tmp_path / "sessions")
    store.save(Session.start(dilemma, "Goed", TODAY, []))
    for number in range(30):
        (store.folder / f"kapot-{number}.json").write_text("{", encoding="utf-8")
    scans = [
        subprocess.Popen([sys.executable, "-c", SCAN, str(store.folder)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [scan.communicate(timeout=60)[0].split() for scan in scans]
    assert all(scan.returncode == 0 for scan in scans)
    assert sorted(int(out[1]) for out in outputs) == [0, 30]
    assert len(list((store.folder / "quarantaine").iterdir())) == 30
    assert [p.name for p in store.folder.glob("[0-9]*.json")] == [f"{s.id}.json" for s in store.scan()[0]]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _session_like(dilemma) -> st.SearchStrategy:
    """Real session documents with one part replaced by something of another shape."""
    document = schema.stamped(Session.start(dilemma, "Echt", TODAY, [("Anna", "x")]).to_data())
    keys = sorted(document)
    return st.builds(
        lambda key, value: {"sessie": {"1": {**document, key: value}}},
        st.sampled_from(keys),
        json_values,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_file_is_either_a_session_or_moved_aside(tmp_path_factory, dilemma, data):
    """Fuzz: whatever lands in sessions/, the scan never raises and never loses a file."""
    folder = tmp_path_factory.mktemp("fuzz") / "sessions"
    folder.mkdir()
    contents = data.draw(
        st.lists(
            st.one_of(
                json_values.map(lambda v: json.dumps(v).encode()),
                _session_like(dilemma).map(lambda v: json.dumps(v).encode()),
                st.binary(max_size=64),
            ),
            min_size=1,
            max_size=4,
        )
    )
    names = [f"20260101-{n:06x}.json" for n in range(len(contents))]
    for name, content in zip(names, contents, strict=True):
        (folder / name).write_bytes(content)
    summaries, problems = SessionStore(folder).scan()
    listed = {f"{s.id}.json" for s in summaries}
    quarantined = {p.name for p in (folder / "quarantaine").iterdir()} if (folder / "quarantaine").exists() else set()
    newer = {p.name for p in problems if "nieuwere versie" in p.message}  # left where they are, untouched
    assert listed | quarantined | newer == set(names)
    assert not listed & quarantined and not newer & (listed | quarantined)
    assert all((folder / name).exists() for name in newer)
    assert len(problems) == len(quarantined) + len(newer)
    for summary in summaries:
        SessionStore(folder).load(summary.id)


def test_workspace_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    plain = tmp_path / "leeg"
    plain.mkdir()
    assert Workspace.find(cwd=plain).root == tmp_path / "data" / "beraad"
    (plain / "sessions").mkdir()
    assert Workspace.find(cwd=plain).root == plain
    assert Workspace.find(tmp_path / "elders", cwd=plain).root == tmp_path / "elders"


def test_a_session_reviewed_and_approved_before_this_release_stays_so(tmp_path):
    """New fields (the cursor's shape, a knelpunt's link) must not make an old verslag ask for
    a new review or turn an approved verslag into a concept."""
    from beraad import report
    from beraad.anonymise import Anonymiser
    from beraad.report import content

    store = SessionStore(tmp_path / "sessions")
    store.folder.mkdir()
    shutil.copy(FIXTURE, store.path("20261102-f1a2b3"))
    session = store.load("20261102-f1a2b3")
    assert not report.needs_review(session)
    current = content.current(session, Anonymiser(use_deduce=False))
    assert current.data["status"] == "vastgesteld" and current.data["versie"] == 1


def test_a_file_of_schema_version_2_gets_the_dutch_rows_key(tmp_path, dilemma):
    """Version 2 wrote the method copy's min_rows; version 3 calls it min_rijen."""
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(dilemma, "Versie 2", TODAY, [])
    store.save(session)
    path = store.path(session.id)
    text = path.read_text(encoding="utf-8").replace('"min_rijen"', '"min_rows"')
    text = text.replace(f'"schema_version": {schema.SCHEMA_VERSION}', '"schema_version": 2')
    assert '"min_rows"' in text and '"schema_version": 2' in text
    path.write_text(text, encoding="utf-8")
    again = store.load(session.id)
    assert again.method == session.method
    (summary,), problems = store.scan()
    assert not problems and summary.id == session.id


def test_what_is_moved_aside_is_named_for_what_it_is(tmp_path):
    """A copy of a session under a name of the user's, a pipe, a name with a line break:
    each is moved aside with a reason that says what it is, on one line."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "sessie (kopie).json").write_text("{}", encoding="utf-8")
    os.mkfifo(folder / "pijp.json")
    (folder / "twee\nregels.json").write_text("{}", encoding="utf-8")
    _, problems = SessionStore(folder).scan()
    said = {p.name: p.message for p in problems}
    assert "oorspronkelijke naam" in said["sessie (kopie).json"]
    assert "pijp of een apparaat" in said["pijp.json"]
    assert all("\n" not in message for message in said.values())

"""The command line: every failure is one Dutch sentence and a non-zero exit code, never a
traceback; the detail goes to a log file that the sentence names."""

from __future__ import annotations

import errno
import re
import subprocess
import sys

import pytest

from beraad import demo
from beraad.cli import main
from beraad.report import content

from .conftest import TODAY, run_cli, store_and_index


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, *argv)


@pytest.fixture
def reviewed(workspace, dilemma):
    session = demo.session(dilemma, TODAY)
    session.review.reviewed = content.fingerprint(session)
    store_and_index(workspace, session)
    return session


@pytest.mark.parametrize("content_", ["[1,2,3]", '{"sessie": "x"}', '{"sessie": {"1": {"id": 5}}}', "\x00\xff"])
def test_a_malformed_session_file_is_moved_aside_not_fatal(capsys, workspace, stored_session, content_):
    (workspace.sessions / "20260101-aaaaaa.json").write_text(content_, encoding="utf-8", errors="surrogateescape")
    code, out, err = _cli(capsys, "--workspace", str(workspace.root), "sessions", "list")
    assert code == 0
    assert stored_session.id in out
    assert "20260101-aaaaaa.json" in err and "quarantaine" in err
    assert (workspace.sessions / "quarantaine" / "20260101-aaaaaa.json").exists()


def test_export_of_an_unknown_or_odd_session_id(capsys, workspace):
    code, _, err = _cli(capsys, "--workspace", str(workspace.root), "export", "20260101-abcdef")
    assert code == 1 and "bestaat niet" in err
    code, _, err = _cli(capsys, "--workspace", str(workspace.root), "export", "../../ergens/sessie")
    assert code == 1 and "geen sessie-id" in err


def test_export_to_a_file_or_an_unwritable_place_is_a_dutch_error(capsys, workspace, reviewed, tmp_path):
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file, "/proc/beraad-export"):
        code, _, err = _cli(capsys, "--workspace", str(workspace.root), "export", reviewed.id, "--out", str(out))
        assert code == 1, err
        assert "Het verslag kon niet in" in err and "Technische details staan in" in err
        assert "Errno" not in err and "No such" not in err and "Not a directory" not in err


def test_export_on_a_full_disk_is_a_dutch_error(capsys, workspace, reviewed, monkeypatch):
    import beraad.report

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(beraad.report, "export", full)
    code, _, err = _cli(capsys, "--workspace", str(workspace.root), "export", reviewed.id)
    assert code == 1 and "de schijf is vol" in err and "No space" not in err


def test_an_unexpected_error_names_the_log_file(capsys, workspace, tmp_path, monkeypatch):
    import beraad.cli

    def broken(args, workspace):
        raise RuntimeError("iets onverwachts")

    monkeypatch.setitem(beraad.cli.COMMANDS, "sessions", broken)
    code, _, err = _cli(capsys, "--workspace", str(workspace.root), "sessions", "list")
    log = tmp_path / "data" / "beraad" / "beraad.log"
    assert code == 1 and str(log) in err and "iets onverwachts" not in err
    assert "RuntimeError: iets onverwachts" in log.read_text(encoding="utf-8")
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_argument_errors_and_help_are_dutch(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "gebruik: beraad export" in err and "deze argumenten ontbreken: SESSIE" in err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "opties:" in out and "toon deze hulp en stop" in out and "show this help" not in out
    assert "toon de versie en stop" in out and "show program" not in out


def test_a_broken_beraad_toml_stops_an_export_with_its_line(capsys, workspace, reviewed):
    (workspace.root / "beraad.toml").write_text("gemeenten = [\n", encoding="utf-8")
    code, _, err = _cli(capsys, "--workspace", str(workspace.root), "export", reviewed.id)
    assert code == 1 and "beraad.toml" in err and ":1" in err


def test_the_console_script_ends_without_a_traceback(workspace, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from beraad.cli import run; run()",
            "--workspace",
            str(workspace.root),
            "export",
            "x y",
        ],
        capture_output=True,
        text=True,
        env={"XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert "geen sessie-id" in result.stderr and "Traceback" not in result.stderr


def test_knelpunten_list_show_and_status(capsys, workspace, reviewed):
    from datetime import date

    from beraad.anonymise import Anonymiser

    built = content.build(reviewed, Anonymiser(use_deduce=False))
    reviewed.approvals.append(content.approval(reviewed, built, "het team", date(2026, 11, 23)))
    store_and_index(workspace, reviewed)
    root = str(workspace.root)
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "list")
    assert code == 0 and re.match(r"KP-[0-9A-Z]{4}-2026-0001\t", out) and "gesignaleerd" in out and "agenderen" in out
    ref = out.split()[0]
    code, out, _ = _cli(
        capsys,
        "--workspace",
        root,
        "knelpunten",
        "status",
        ref,
        "geagendeerd",
        "--bij",
        "beleid",
        "--rol",
        "teamleider",
        "--datum",
        "24-11-2026",
    )
    assert (
        code == 0
        and f"{ref} is nu 'geagendeerd'" in out
        and "1. 24-11-2026  geagendeerd (teamleider): bij beleid" in out
    )
    code, _, err = _cli(capsys, "--workspace", root, "knelpunten", "status", ref, "afgerond")
    assert code == 1 and "opgelost of niet" in err and "(Gebruik --uitkomst.)" in err
    code, _, err = _cli(
        capsys, "--workspace", root, "knelpunten", "status", ref, "in behandeling", "--datum", "1-1-2020"
    )  # as the app writes it, with a space: the same status as in-behandeling
    assert code == 1 and "voor de vorige stap" in err
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "list", "--status", "geagendeerd", "--json")
    import json

    (listed,) = json.loads(out)
    assert listed["ref"] == ref and listed["geschiedenis"][0]["bij"] == "beleid"
    # a wrong date is corrected with a reason; the last step can be withdrawn; both stay in view
    code, out, _ = _cli(
        capsys, "--workspace", root, "knelpunten", "corrigeer", ref, "1", "--datum", "25-11-2026", "--reden", "tikfout"
    )
    assert code == 0 and "1. 25-11-2026  geagendeerd (teamleider)" in out and "gecorrigeerd: tikfout" in out
    code, out, err = _cli(capsys, "--workspace", root, "knelpunten", "corrigeer", ref, "4", "--reden", "x")
    assert code == 1 and "geen stap 4" in err
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "intrekken", ref, "--reden", "verkeerd knelpunt")
    assert code == 0 and "is nu 'gesignaleerd'" in out and "ingetrokken: 25-11-2026 geagendeerd" in out
    assert set(listed["geschiedenis"][0]) == {
        "status",
        "datum",
        "rol",
        "notitie",
        "bij",
        "hoe",
        "uitkomst",
        "gecorrigeerd",
    }
    code, _, err = _cli(capsys, "--workspace", root, "knelpunten", "show", "KP-1999-0001")
    assert code == 1 and "Er is geen knelpunt 'KP-1999-0001'" in err
    blocked = workspace.root / "een-bestand"
    blocked.write_text("geen map", encoding="utf-8")
    code, _, err = _cli(capsys, "--workspace", root, "knelpunten", "export", "--aan", "beleid", "--out", str(blocked))
    assert code == 1 and err.startswith(f"Het overzicht van de knelpunten kon niet in {blocked} worden geschreven")


def test_methods_check_without_a_file_checks_every_method_of_the_workspace(capsys, workspace):
    from beraad import methods

    code, out, _ = run_cli(capsys, "methods", "check", workspace=workspace)
    shipped = len(list(methods.shipped_dir().glob("*.toml")))
    assert (code, out) == (0, f"{shipped} methodebestanden in orde.\n")
    workspace.methods.mkdir(parents=True)
    (workspace.methods / "kapot.toml").write_text('id = "kapot"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "methods", "check", workspace=workspace)
    assert code == 1 and "kapot.toml:1:" in err


def test_anonymise_reads_known_names_from_a_file_and_keeps_relatives_apart(capsys, workspace, tmp_path, monkeypatch):
    import io

    names = tmp_path / "namen.txt"
    names.write_text("# mensen in de casus\nFatima Yilmaz\nPetra Jansen\n", encoding="utf-8")
    text = "Haar broer Tesfay Yilmaz belde. JANSEN belde. jansen belde. PETRA belde.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run_cli(capsys, "anonymise", "-", "--known-file", str(names), workspace=workspace)
    assert code == 0
    assert out == "Haar broer [persoon 3] belde. [persoon 2] belde. [persoon 2] belde. [persoon 2] belde.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Fatima Yilmaz\n"))
    source = tmp_path / "tekst.txt"
    source.write_text("mevrouw yilmaz belde\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "anonymise", str(source), "--known-file", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"


def test_anonymise_help_warns_that_names_as_arguments_show_in_the_process_list(capsys):
    with pytest.raises(SystemExit):
        main(["anonymise", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--known-file" in out and "proceslijst" in out


def test_knelpunten_json_is_anonymised_unless_asked_raw(capsys, workspace, reviewed):
    import json
    from datetime import date

    from beraad.anonymise import Anonymiser

    reviewed.bottlenecks[0].title = "Stopzetting bij mevrouw Bakker"  # Linda Bakker is in the case
    reviewed.team = "Team Noord (teamleider Karin Jansen)"
    built = content.build(reviewed, Anonymiser(content.known_people(reviewed), use_deduce=False))
    reviewed.approvals.append(content.approval(reviewed, built, "het team", date(2026, 11, 23)))
    store_and_index(workspace, reviewed)
    root = str(workspace.root)
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "list", "--json")
    assert code == 0 and "Bakker" not in out and "Karin" not in out and "Stopzetting" in out
    ref = json.loads(out)[0]["ref"]
    code, out, _ = _cli(
        capsys,
        "--workspace",
        root,
        "knelpunten",
        "status",
        ref,
        "geagendeerd",
        "--bij",
        "beleidsmedewerker Jan de Graaf",
    )
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "show", ref, "--json")
    assert code == 0 and "Graaf" not in out and json.loads(out)["ref"] == ref
    code, out, _ = _cli(capsys, "--workspace", root, "knelpunten", "show", ref, "--json", "--rauw")
    assert "Jan de Graaf" in out


def test_a_title_with_bidirectional_overrides_is_listed_as_written(capsys, workspace, dilemma):
    """U+202E in a title made `sessions list` print the rest of the line backwards; the
    override is dropped where text is stored and shown as a visible symbol where an older
    file still holds it."""
    from beraad.model import Session
    from beraad.text import clean_line

    assert clean_line("Uitkering \u202egestopt") == "Uitkering gestopt"
    session = Session.start(dilemma, "Uitkering gestopt", TODAY, [])
    session.title = "Uitkering \u202egestopt\u2066"  # as an older beraad stored it
    store_and_index(workspace, session)
    code, out, _ = run_cli(capsys, "sessions", "list", workspace=workspace)
    assert code == 0 and "gestopt" in out
    assert not any(mark in out for mark in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

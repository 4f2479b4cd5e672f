"""Export files: named once, private, all or nothing, signalen only once approved, and
folders beraad did not make are left exactly as they were."""

from __future__ import annotations

import errno
import os
import re
import stat
from datetime import date
from pathlib import Path

import pytest

from beraad import report
from beraad.anonymise import gate
from beraad.errors import BeraadError
from beraad.model import Session
from beraad.model.session import Approval
from beraad.report import content

from .test_export_support import (  # noqa: F401
    _private_log_and_cache,
    approve,
    docx_text,
    export,
    quick,
    session_fixture,
    text_of,
    ws_fixture,
)

STEM = "2026-11-23-uitkering-gestopt-na-vlucht-voor-huiselijk-v1"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_names_name_the_session_once(session: Session, ws):
    names = [p.name for p in export(session, ws)]
    assert names == [f"verslag-{STEM}-concept.{kind}" for kind in ("md", "html", "docx")]
    assert all(name.count("2026") == 1 for name in names)


def test_file_names_come_from_the_masked_title(session: Session, ws):
    session.title = "Uitkering Linda Bakker gestopt (Zeist)"
    names = [p.name for p in export(session, ws, ("md",))]
    assert names == ["verslag-2026-11-23-uitkering-persoon-1-gestopt-zeist-v1-concept.md"]
    assert content.slug("Ça va: één — twee!") == "ca-va-een-twee"
    assert content.slug("???") == "sessie"


def test_concept_has_no_signalen_and_says_concept_everywhere(session: Session, ws):
    files = export(session, ws)
    assert not [p for p in files if p.name.startswith("signaal-")]
    assert sorted(p.name for p in ws.exports.iterdir()) == sorted(p.name for p in files)
    for path in files:
        shown = docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "CONCEPT" in shown, path.name


def test_signalen_come_with_the_approved_version(session: Session, ws):
    approve(session)
    files = export(session, ws, ("md",))
    assert [p.name for p in files] == [
        f"verslag-{STEM}-vastgesteld.md",
        f"signaal-{STEM}-knelpunt-1-inlichtingenplicht-houdt-geen-rekening.md",
        f"signaal-{STEM}-knelpunt-2-handhaving-besluit-zonder-gesprek-en.md",
    ]
    verslag, signal, _ = (p.read_text(encoding="utf-8") for p in files)
    assert "CONCEPT" not in verslag
    assert "vastgesteld op 30-11-2026 door het team" in verslag
    assert "verslag versie 1, vastgesteld op 30-11-2026" in signal


def test_no_name_in_the_approval_role_or_anywhere_after_approval(session: Session, ws):
    approve(session, role="teamleider Sanne Willems")
    assert session.approvals[0].by_role == "teamleider Sanne Willems"  # stays local, in the session file
    files = export(session, ws)
    assert len(files) == 9  # the verslag and two signalen, each in md, html and docx
    for path in files:
        text = text_of(path)
        assert "Sanne" not in text and "Willems" not in text, path.name
        assert "sanne" not in path.name.lower()
    assert "door teamleider [een deelnemer]" in files[0].read_text(encoding="utf-8")


def test_a_name_deduce_finds_in_the_approval_role_is_masked(session: Session, ws):
    anonymiser = report.anonymiser_for(session, ws)  # with deduce: the name is nobody in the session
    approve(session, role="teamleider Karin de Vries", anonymiser=anonymiser)
    frozen = session.approvals[0].report
    assert "Karin" not in frozen["vastgesteld_door"] and "Vries" not in frozen["vastgesteld_door"]
    assert frozen["vastgesteld_door"].startswith("teamleider [persoon")


def test_an_approval_frozen_by_an_earlier_release_still_exports_without_the_name(session: Session, ws):
    """Earlier releases froze the role as typed and lacked today's keys."""
    built = content.build(session, quick(session)).data
    old = {k: v for k, v in built.items() if k not in ("samenvatting", "instellingen")}
    for step in old["stappen"]:
        for field in step["velden"]:
            field.pop("optie_label", None)
            field.pop("schade_label", None)
            if field["soort"] == "per_deelnemer":
                field["waarde"] = {k: field["waarde"][k] for k in ("stammen", "aantal")}
    old.update(status="vastgesteld", vastgesteld_op="30-11-2026", vastgesteld_door="teamleider Sanne Willems")
    session.approvals.append(
        Approval(version=1, date=date(2026, 11, 30), by_role="x", fingerprint=content.fingerprint(session), report=old)
    )
    files = export(session, ws)
    assert [p.name for p in files][:3] == [f"verslag-{STEM}-vastgesteld.{k}" for k in ("md", "html", "docx")]
    markdown = files[0].read_text(encoding="utf-8")
    assert "Sanne" not in markdown and "door teamleider [een deelnemer]" in markdown
    assert "| | Optie | Schade |" in markdown and "per vraag bij elkaar" in markdown


def test_a_failing_write_leaves_no_file_and_no_partial_file(session: Session, ws, monkeypatch):
    first = export(session, ws, ("md",))[0]
    before = first.read_bytes()
    session.set_value("dialoog", "aard", "Later aangevuld.")

    real_open = open

    def full_disk(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        if "w" in mode and ".docx." in str(path):
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device")
        return handle

    monkeypatch.setattr(gate, "open", full_disk, raising=False)
    with pytest.raises(report.ExportFailed) as failure:
        export(session, ws)
    message = str(failure.value)
    assert "de schijf is vol" in message and "No space" not in message and "[Errno" not in message
    assert isinstance(failure.value, OSError) and isinstance(failure.value, BeraadError)
    assert [p.name for p in ws.exports.iterdir()] == [first.name]  # no new file, no temp file
    assert first.read_bytes() == before  # the earlier export is untouched


def test_a_broken_signaal_template_leaves_no_verslag_behind(session: Session, ws):
    approve(session)
    (ws.root / "templates").mkdir(parents=True)
    (ws.root / "templates" / "signaal.md.j2").write_text("# {{ knelpunt.bestaat_niet }}\n", encoding="utf-8")
    with pytest.raises(
        report.TemplateProblem, match=r"^Sjabloon 'signaal\.md\.j2', regel 1: er is geen gegeven 'bestaat_niet'"
    ):
        export(session, ws)
    assert not ws.exports.exists() or not list(ws.exports.iterdir())


def test_a_folder_beraad_makes_is_private_and_so_are_the_files(session: Session, ws, tmp_path):
    out = tmp_path / "nieuw" / "verslagen"
    old = os.umask(0)
    try:
        files = export(session, ws, out=out)
    finally:
        os.umask(old)
    assert _mode(out) == 0o700 and _mode(out.parent) == 0o700
    assert [_mode(p) for p in files] == [0o600] * 3


def test_an_existing_shared_folder_keeps_its_mode_and_sticky_bit(session: Session, ws, tmp_path):
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    files = export(session, ws, out=shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert [_mode(p) for p in files] == [0o600] * 3


def test_a_read_only_folder_is_left_alone_with_a_dutch_message(session: Session, ws, tmp_path):
    locked = tmp_path / "alleen-lezen"
    locked.mkdir()
    os.chmod(locked, 0o555)
    try:
        with pytest.raises(report.ExportFailed) as failure:
            export(session, ws, out=locked)
        assert _mode(locked) == 0o555
        assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o755)
    message = str(failure.value)
    assert message.startswith(
        f"Het verslag kon niet in {locked} worden geschreven: de map is alleen-lezen. Er is niets"
    )
    assert not re.search(r"Errno|Permission|denied|Read-only", message)


@pytest.mark.parametrize("where", ["file", "proc"])
def test_an_out_that_cannot_be_a_folder_gives_a_dutch_message(session: Session, ws, tmp_path, where):
    if where == "file":
        out = tmp_path / "verslag.txt"
        out.write_text("van iemand anders", encoding="utf-8")
        expected = "dat is een bestand, geen map"
    else:
        if not Path("/proc/self").exists():
            pytest.skip("no /proc here")
        out = Path("/proc/beraad-bestaat-niet/verslagen")
        expected = "daar kan geen map gemaakt worden"
    with pytest.raises(BeraadError) as failure:
        export(session, ws, out=out)
    assert expected in str(failure.value)
    assert not re.search(r"Errno|No such|Not a directory|Permission", str(failure.value))
    if where == "file":
        assert out.read_text(encoding="utf-8") == "van iemand anders"

"""A privacy officer's findings, driven as a user would: the `beraad` command line on a
workspace on disk, then the exported files or the printed JSON are read back and
searched for what was planted. The rules themselves are tested in the core
(test_anonymise_privacy.py)."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from beraad import demo
from beraad.core.review import undecided
from beraad.model import Session
from beraad.model.bottleneck import Bottleneck
from beraad.report import anonymiser_for, content
from beraad.settings import organisation

from .conftest import TODAY, run_cli, store_and_index


def reviewed(session: Session, workspace) -> Session:
    """The session as a facilitator leaves the review: whatever was unsure replaced."""
    session.review.replace = undecided(content.build(session, anonymiser_for(session, workspace)))
    session.review.reviewed = content.fingerprint(session)
    return session


def approved(session: Session, workspace, role: str = "het team") -> Session:
    """Reviewed, then vastgesteld by the team (its signalen are written from then on)."""
    reviewed(session, workspace)
    built = content.build(session, anonymiser_for(session, workspace))
    session.approvals.append(content.approval(session, built, role, TODAY))
    return session


def exported(capsys, workspace, session: Session, *formats: str) -> dict[str, str]:
    """Store the session, run `beraad export` on it into a folder of its own, and read back
    every file written: file name -> what a reader sees (each part of a .docx joined)."""
    store_and_index(workspace, session)
    folder = workspace.root / f"uit-{session.id}"
    options = [item for kind in formats for item in ("--format", kind)]
    code, _, err = run_cli(capsys, "export", session.id, *options, "--out", str(folder), workspace=workspace)
    assert code == 0, err
    return {path.name: readable(path) for path in sorted(folder.iterdir())}


def readable(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(name).decode("utf-8") for name in archive.namelist()]
        return "\n".join(re.sub(r"<[^>]+>", "", part) for part in parts)
    return path.read_text(encoding="utf-8")


def folded(text: str) -> str:
    """As a privacy officer searches: case, accents and invisible characters aside."""
    text = unicodedata.normalize("NFKC", text).translate(dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d"), None))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def leaks(files: dict[str, str], *planted: str) -> list[tuple[str, str]]:
    """(file, planted text) for every planted text found in a file's name or content."""
    found = []
    for name, text in files.items():
        for word in planted:
            whole = folded(f"{name}\n{text}")
            if word.isdigit() and len(word) >= 6:  # a number: written with any separators
                hit = word in re.sub(r"[\s.()/-]", "", whole)
            elif word.isdigit():  # an age: a number of its own
                hit = re.search(rf"(?<![\d-]){word}(?![\d-])", whole) is not None
            else:
                hit = re.search(rf"(?<![^\W\d_]){re.escape(folded(word))}(?![^\W\d_])", whole) is not None
            if hit:
                found.append((name, word))
    return found


def casus(dilemma, title: str = "Casus", story: str = "", **options) -> Session:
    session = Session.start(dilemma, title, TODAY, options.pop("people", []), **options)
    if story:
        session.values.setdefault("casus", {})["verhaal"] = story
    return session


@pytest.fixture
def demo_approved(workspace, dilemma) -> Session:
    session = approved(demo.session(dilemma, TODAY), workspace)
    store_and_index(workspace, session)
    return session


def test_anonymise_ends_its_output_with_a_line_end(capsys, workspace, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde"))  # no line end typed
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde\n"))
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"  # not two


@pytest.mark.parametrize("written", ["beleid", "  BELEID ", "Béleid", "be\u00adleid"])
def test_the_extract_finds_its_addressee_whatever_the_case_accents_or_spaces(capsys, workspace, demo_approved, written):
    out_dir = workspace.root / "uit"
    code, _, err = run_cli(
        capsys, "knelpunten", "export", "--aan", written, "--format", "md", "--out", str(out_dir), workspace=workspace
    )
    assert code == 0, err
    (path,) = out_dir.glob("knelpunten-beleid-*.md")  # named as the route map names it
    text = path.read_text(encoding="utf-8")
    assert demo_approved.bottlenecks[0].title in text and "[persoon" not in text.split("\n", 1)[0]


def test_an_addressee_nobody_uses_is_refused_with_the_choices(capsys, workspace, demo_approved):
    code, _, err = run_cli(capsys, "knelpunten", "export", "--aan", "iemand anders", workspace=workspace)
    assert code == 1 and "Onbekende adressaat" in err and "beleid" in err


def test_an_exported_phone_number_keeps_its_brackets_and_a_case_number_is_named_one(capsys, workspace, dilemma):
    story = "Bel haar (06-12345678) of (020) 123 45 67. Zie zaaknummer 2026-00123 en dossier 123456782."
    files = exported(capsys, workspace, reviewed(casus(dilemma, story=story), workspace), "md", "docx")
    assert not leaks(files, "0612345678", "0201234567", "00123", "123456782")
    (markdown,) = [text for name, text in files.items() if name.endswith(".md")]
    assert "Bel haar ([telefoonnummer]) of [telefoonnummer]." in markdown
    assert "zaaknummer [dossiernummer] en dossier [dossiernummer]." in markdown and "[BSN]" not in markdown


def test_a_hyphen_joined_name_is_replaced_alone_in_the_files_and_their_names(capsys, workspace, dilemma):
    session = casus(dilemma, "Boete in de casus-Yilmaz", "Mevrouw Yilmaz belde over het Yilmaz-dossier.")
    files = exported(capsys, workspace, reviewed(session, workspace), "md", "docx")
    assert not leaks(files, "yilmaz")
    (name,) = [n for n in files if n.endswith(".md")]
    assert "casus-persoon-1" in name
    assert "# Verslag moreel beraad: Boete in de casus-[persoon 1]" in files[name]
    assert "[persoon 1] belde over het [persoon 1]-dossier." in files[name]


def test_an_age_alone_in_a_table_cell_stops_the_export_until_decided_then_leaves_generalised(
    capsys, workspace, dilemma
):
    session = casus(dilemma)
    session.values["perspectieven"] = {
        "tabel": [
            {"Perspectief": "Zoon", "Waarde": "(31)", "Norm": "31 jaar"},
            {"Perspectief": "Moeder", "Waarde": "veiligheid", "Norm": "(58)"},
        ]
    }
    session.review.reviewed = content.fingerprint(session)  # reviewed, but nobody decided on the ages
    store_and_index(workspace, session)
    code, _, err = run_cli(capsys, "export", session.id, "--format", "md", workspace=workspace)
    assert code == 1 and "mogelijk herleidbare" in err and not workspace.exports.exists()
    files = exported(capsys, workspace, reviewed(session, workspace), "md", "html")
    assert not leaks(files, "31", "58")
    (markdown,) = [text for name, text in files.items() if name.endswith(".md")]
    assert "| Zoon | (30-40) | [leeftijd] jaar |" in markdown and "| Moeder | veiligheid | (50-60) |" in markdown


def test_a_relative_sharing_the_residents_surname_leaves_no_given_name(capsys, workspace, dilemma):
    story = "Mevrouw Yilmaz belde. Haar dochter elif yilmaz woont bij haar; broer Ahmed Yilmaz ook."
    session = casus(dilemma, "Boete voor elif yilmaz", story, case_people=["Yilmaz"])
    files = exported(capsys, workspace, reviewed(session, workspace), "md", "docx")
    assert not leaks(files, "yilmaz", "elif", "ahmed")
    (markdown,) = [text for name, text in files.items() if name.endswith(".md")]
    dochter = re.search(r"Haar dochter (\[persoon \d\]) woont", markdown)
    broer = re.search(r"broer (\[persoon \d\]) ook", markdown)
    assert dochter and broer and dochter.group(1) != broer.group(1)
    assert f"# Verslag moreel beraad: Boete voor {dochter.group(1)}" in markdown


def test_lower_case_names_nobody_listed_leave_in_no_title_file_name_or_docx_title(capsys, workspace, dilemma):
    story = "Mevrouw Yilmaz belde. Haar dochter fatima was er ook. YILMAZ zei niets; Fati\u00adma en Yil\u200bmaz wel."
    session = casus(dilemma, "Uitkering gestopt voor elif yilmaz", story)
    session.values["conclusie"] = {"conclusies": "fatima en FATIMA krijgen een gesprek."}
    assert not session.participants and not session.case_people  # nobody listed
    files = exported(capsys, workspace, reviewed(session, workspace), "md", "html", "docx")
    assert not leaks(files, "yilmaz", "elif", "fatima")
    (docx,) = [name for name in files if name.endswith(".docx")]
    assert "gestopt-voor-persoon-1" in docx
    assert "Verslag moreel beraad: Uitkering gestopt voor [persoon 1]" in files[docx]  # its title too


def test_a_typo_is_replaced_and_a_short_form_waits_for_the_review_unless_listed(capsys, workspace, dilemma):
    story = "Mevrouw Verhoven belde; jo was boos."
    session = casus(dilemma, "Casus", story, case_people=["Johanna Verhoeven"])
    session.review.reviewed = content.fingerprint(session)
    store_and_index(workspace, session)
    code, _, err = run_cli(capsys, "export", session.id, "--format", "md", workspace=workspace)
    assert code == 1 and "mogelijk herleidbare" in err and "'jo'" in err  # not silently kept
    files = exported(capsys, workspace, reviewed(session, workspace), "md", "docx")
    assert not leaks(files, "verhoven", "verhoeven", "jo", "johanna")
    (markdown,) = [text for name, text in files.items() if name.endswith(".md")]
    assert "[persoon 1] belde; [persoon 1] was boos." in markdown

    listed = casus(dilemma, "Casus", story, case_people=["Johanna Verhoeven (Jo)"])
    listed.review.reviewed = content.fingerprint(listed)  # nothing to decide: the facilitator said who Jo is
    files = exported(capsys, workspace, listed, "md")
    assert not leaks(files, "verhoven", "jo") and "[persoon 1] belde; [persoon 1] was boos." in next(
        iter(files.values())
    )


def test_the_baker_and_mrs_de_bakker_are_asked_about_and_nothing_is_garbled(capsys, workspace, dilemma, monkeypatch):
    story = "De Bakker kwam langs. Toen bakte de bakker brood voor haar kinderen."
    session = casus(dilemma, "Casus", story)
    session.review.reviewed = content.fingerprint(session)
    store_and_index(workspace, session)
    code, _, err = run_cli(capsys, "export", session.id, "--format", "md", workspace=workspace)
    assert code == 1 and "'de bakker'" in err
    session.review.keep = ["de bakker"]  # the facilitator: that is the baker
    session.review.reviewed = content.fingerprint(session)
    files = exported(capsys, workspace, session, "md", "docx")
    (markdown,) = [text for name, text in files.items() if name.endswith(".md")]
    assert "[persoon 1] kwam langs. Toen bakte de bakker brood voor haar kinderen." in markdown
    monkeypatch.setattr(sys, "stdin", io.StringIO(story))
    code, out, err = run_cli(capsys, "anonymise", "-", "--behoud-mogelijk", workspace=workspace)
    assert code == 0 and out == "[persoon 1] kwam langs. Toen bakte de bakker brood voor haar kinderen.\n"
    assert "de bakker" in err  # listed for the one who runs it


def _own_method_texts(session: Session) -> Session:
    steps = list(session.method.steps)
    casus_at = next(i for i, step in enumerate(steps) if step.id == "casus")
    fields = list(steps[casus_at].fields)
    fields[0] = fields[0].model_copy(update={"label": "Wat zei Yilmaz (06-12345678)?"})
    steps[casus_at] = steps[casus_at].model_copy(
        update={"title": "Casus van Elif Yilmaz", "goal": "Tom Verhoef vertelt over Yilmaz.", "fields": fields}
    )
    sources = [*session.method.sources, "Boek van Yilmaz"]
    session.method = session.method.model_copy(
        update={"title": "Methode van Yilmaz", "steps": steps, "sources": sources}
    )
    return session


@pytest.mark.parametrize("state", ["concept", "vastgesteld"])
def test_the_methods_texts_in_the_session_leave_anonymised(capsys, workspace, dilemma, state):
    people = [("Sanne Willems", "klantmanager"), ("Tom Verhoef", "handhaver")]
    session = casus(dilemma, "Casus", "Mevrouw Yilmaz belde.", people=people, case_presenter=0)
    session.bottlenecks.append(Bottleneck(id="k1", title="Boete", step_id="casus", addressee="beleid"))
    _own_method_texts(session)
    (approved if state == "vastgesteld" else reviewed)(session, workspace)
    files = exported(capsys, workspace, session, "md", "html", "docx")
    assert not leaks(files, "yilmaz", "elif", "tom", "verhoef", "sanne", "0612345678")
    (markdown,) = [text for name, text in files.items() if name.startswith("verslag") and name.endswith(".md")]
    assert "| Methode | Methode van [persoon 1] (versie" in markdown and "## Ronde 1: Casus van [persoon 1]" in markdown
    assert "Stolper, Molewijk & Widdershoven" in markdown and "Boek van [persoon 1]." in markdown
    assert "| Kwam op in | Casus van [persoon 1] |" in markdown
    assert len([n for n in files if n.startswith("signaal")]) == (3 if state == "vastgesteld" else 0)


def test_participants_and_people_keep_one_label_in_verslag_signaal_and_json(capsys, workspace, dilemma):
    people = [("Sanne Willems", "klantmanager"), ("Tom Verhoef", "handhaver"), ("Piet Jansen", "Wmo-consulent")]
    story = "Tesfay Haile belde. Mevrouw Yilmaz ook. Piet Jansen twijfelde."
    session = casus(dilemma, "Casus", story, people=people, case_presenter=0)
    session.bottlenecks.append(
        Bottleneck(id="k1", title="Boete voor mevrouw Yilmaz", step_id="casus", addressee="mevrouw Yilmaz")
    )
    approved(session, workspace, role="teamleider Tom Verhoef")
    files = exported(capsys, workspace, session, "md", "docx")
    assert not leaks(files, "yilmaz", "tesfay", "haile", "tom", "verhoef", "piet", "jansen", "sanne")
    (verslag,) = [text for name, text in files.items() if name.startswith("verslag") and name.endswith(".md")]
    (signaal,) = [text for name, text in files.items() if name.startswith("signaal") and name.endswith(".md")]
    label = re.search(r"\[persoon 1\] belde\. (\[persoon \d\]) ook\.", verslag).group(1)
    assert f"### Knelpunt 1: Boete voor {label}" in verslag and f"Boete voor {label}" in signaal
    assert f"door {label} aan" in signaal  # who answers: the same person as in the verslag
    assert "door teamleider [een deelnemer]" in verslag  # who approved: no colleague's number
    assert "[deelnemer" not in verslag + signaal

    code, out, err = run_cli(capsys, "knelpunten", "list", "--json", workspace=workspace)
    ref = json.loads(out)[0]["ref"]
    code, _, err = run_cli(
        capsys, "knelpunten", "status", ref, "geagendeerd", "--rol", "Tom Verhoef", "--bij", "Sanne en mevrouw Yilmaz",
        workspace=workspace,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli(capsys, "knelpunten", "show", ref, "--json", workspace=workspace)
    assert code == 0, err
    shown = json.loads(out)
    assert not leaks({"json": out}, "yilmaz", "tom", "verhoef", "sanne") and "[deelnemer" not in out
    assert shown["titel"] == f"Boete voor {label}"
    step = shown["geschiedenis"][-1]
    assert (step["rol"], step["bij"]) == ("[een deelnemer]", f"[een deelnemer] en {label}")


def test_a_refused_export_says_where_and_what_kind_never_what_and_where_the_log_is(
    capsys, workspace, dilemma, tmp_path
):
    session = reviewed(casus(dilemma, "Casus", "Er is iets.", people=[("Sanne Willems", "klantmanager")]), workspace)
    (workspace.root / "templates").mkdir(parents=True)
    own = "# {{ titel }}\n\nGemaakt door Sanne Willems, bel 06-12345678.\n"
    (workspace.root / "templates" / "verslag.md.j2").write_text(own, encoding="utf-8")
    store_and_index(workspace, session)
    code, out, err = run_cli(capsys, "export", session.id, "--format", "md", workspace=workspace)
    assert code == 1 and not out
    message = " ".join(err.split())
    assert "sanne" not in message.lower() and "willems" not in message.lower() and "12345678" not in message
    assert (
        "in verslag-2026-11-23-casus-v1-concept.md: een naam van iemand in deze sessie en een telefoonnummer" in message
    )
    assert "uit een sjabloon of een tekst die niet in de review staat" in message and "templates/" in message
    log = tmp_path / "data" / "beraad" / "beraad.log"
    assert str(log) in message
    logged = log.read_text(encoding="utf-8")
    assert "Gemaakt door […] […], bel […]." in logged and "Sanne" not in logged and "12345678" not in logged
    assert not workspace.exports.exists()


def test_numbered_participants_stay_in_the_teams_verslag_and_leave_unnamed(capsys, workspace, dilemma):
    workspace.root.mkdir(parents=True, exist_ok=True)
    (workspace.root / "beraad.toml").write_text('[verslag]\ndeelnemers = "genummerd"\n', encoding="utf-8")
    people = [("Sanne Willems", "klantmanager"), ("Tom Verhoef", "handhaver"), ("Piet Jansen", "Wmo-consulent")]
    session = casus(dilemma, "Casus", "Piet Jansen twijfelde.", people=people, case_presenter=0)
    session.bottlenecks.append(Bottleneck(id="k1", title="Boete", description="Piet Jansen zag het.", step_id="casus"))
    reviewed(session, workspace)
    settings = organisation(workspace.root).report
    built = content.build(session, anonymiser_for(session, workspace), settings=settings)
    session.approvals.append(content.approval(session, built, "Piet Jansen", TODAY))
    files = exported(capsys, workspace, session, "md", "docx")
    assert not leaks(files, "piet", "jansen", "sanne", "tom")
    (verslag,) = [text for name, text in files.items() if name.startswith("verslag") and name.endswith(".md")]
    (signaal,) = [text for name, text in files.items() if name.startswith("signaal") and name.endswith(".md")]
    assert "[deelnemer 3] twijfelde." in verslag and "[deelnemer 3] zag het." in verslag  # the team's choice
    assert "door [een deelnemer]" in verslag  # who approved: no number
    assert "[een deelnemer] zag het." in signaal and "[deelnemer" not in signaal
    code, out, err = run_cli(capsys, "knelpunten", "list", "--json", workspace=workspace)
    assert code == 0 and "[deelnemer" not in out and not leaks({"json": out}, "piet", "jansen"), err


def test_the_console_script_exports_a_session_that_lists_nobody_without_a_name(workspace, dilemma, tmp_path):
    """The same as above through the installed `beraad` command, as the privacy officer ran it."""
    import shutil
    import subprocess

    story = "Mevrouw Yilmaz belde. Haar dochter fatima was er ook."
    session = reviewed(casus(dilemma, "Uitkering gestopt voor elif yilmaz", story), workspace)
    store_and_index(workspace, session)
    script = shutil.which("beraad", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "beraad"]
    out = tmp_path / "uit"
    result = subprocess.run(
        [*command, "--workspace", str(workspace.root), "export", session.id, "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")},  # deduce's cache as the user has it
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    files = {path.name: readable(path) for path in out.iterdir()}
    assert len(files) == 3 and not leaks(files, "yilmaz", "elif", "fatima")

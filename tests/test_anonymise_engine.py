"""The anonymiser's parts: pseudonyms, mogelijk herleidbaar, review decisions, spans,
the command line, and deduce's cache (lock, privacy, progress, logging)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms, Review, fast_deduce, names, spans
from beraad.anonymise.allowlist import Allowlist
from beraad.anonymise.pipeline import Result

SEMHAR = KnownPerson("Semhar Tesfamariam", "persoon 1")


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser([SEMHAR], ["Utrecht", "Amsterdam"])


# --- One person, one pseudonym; a placeholder always means one person


def test_a_found_name_never_gets_the_number_of_a_listed_person(anonymiser):
    result = anonymiser.find("Semhar belde. De buurvrouw Agnieszka Kowalczyk ook.")
    labels = {span.text: span.replacement for span in result.spans}
    assert labels["Semhar"] == "[persoon 1]"
    assert labels["Agnieszka Kowalczyk"] == "[persoon 2]"


def test_full_name_first_name_and_title_with_initial_are_one_person(anonymiser):
    pseudonyms = Pseudonyms()
    texts = [
        "De buurvrouw Agnieszka Kowalczyk belde.",
        "Agnieszka had alles gehoord.",
        "Mevrouw Kowalczyk wilde niet getuigen.",
        "Mevrouw T. was er ook, net als mw. Tesfamariam.",
    ]
    results = [anonymiser.find(text, pseudonyms=pseudonyms) for text in texts]
    found = {span.text: span.replacement for r in results for span in r.spans}
    assert found["Agnieszka Kowalczyk"] == found["Agnieszka"] == "[persoon 2]"
    assert "[persoon 2]" in results[2].text
    assert results[3].text.count("[persoon 1]") == 2


def test_first_name_before_full_name_is_the_same_person_in_the_second_pass(anonymiser):
    pseudonyms = Pseudonyms()
    texts = ["Haar zoon Yonas (8) sliep slecht.", "Yonas Tesfay zit in groep 5.", "Yonas huilde."]
    for _ in range(2):
        results = [anonymiser.find(text, pseudonyms=pseudonyms) for text in texts]
    labels = {span.replacement for r in results for span in r.spans}
    assert labels == {"[persoon 2]"}


def test_a_person_known_only_by_title_and_initial_is_one_person_in_both_passes(anonymiser):
    pseudonyms = Pseudonyms()
    texts = ["Mevrouw J. ontving een terugvordering.", "Later belde mevrouw J. opnieuw."]
    for _ in range(2):  # the report reads every text twice with one Pseudonyms
        results = [anonymiser.find(text, pseudonyms=pseudonyms) for text in texts]
    assert {span.replacement for r in results for span in r.spans} == {"[persoon 2]"}  # 1 is Semhar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mevrouw J. ontving een brief.", "[persoon 2] ontving een brief."),
        ("Ik sprak mevrouw J. Ze zei niets.", "Ik sprak [persoon 2]. Ze zei niets."),  # the full stop stays
        ("Mw. J., de buurvrouw, belde.", "[persoon 2], de buurvrouw, belde."),
        ("Meneer K.A. belde.", "[persoon 2] belde."),  # every initial, not "[persoon 2].A."
        ("Later belde mw. K.B. terug.", "Later belde [persoon 2] terug."),
        ("Later belde mw. S.T. terug.", "Later belde [persoon 1] terug."),  # Semhar Tesfamariam
    ],
)
def test_a_title_with_initials_is_replaced_with_its_dots(anonymiser, text, expected):
    assert anonymiser.anonymise(text) == expected


def test_a_word_after_born_in_or_fled_from_is_labelled_a_place(anonymiser):
    result = anonymiser.find("Zij is geboren in Asmara. Haar broer kwam uit Homs.")
    assert "[plaats" in result.text and "Asmara" not in result.text
    assert all(
        span.category == "plaats" for span in [*result.spans, *result.possible] if span.text in ("Asmara", "Homs")
    )
    # a neighbourhood that is also a word elsewhere (an island) is still asked about here
    (lombok,) = anonymiser.find("Het gezin woont in Lombok, vlak bij de school.").possible
    assert (lombok.text, lombok.category) == ("Lombok", "plaats")
    assert not anonymiser.find("Ze kreeg een laptop via Stichting Leergeld.").spans  # a national fund


def test_possessives_of_a_listed_name_are_replaced(anonymiser):
    for text in ("Semhars zoon", "Semhar's zoon", "Semhar’s zoon"):
        assert "Semhar" not in anonymiser.anonymise(text)


def test_part_of_a_hyphenated_name_never_gets_a_label_glued_on(anonymiser):
    output = anonymiser.anonymise("Mevrouw Al-Amin zei dat ze niet kon komen.")
    assert "Al-[" not in output and "Amin" not in output


def test_cli_numbers_found_names_after_the_known_ones(tmp_path):
    page = tmp_path / "pagina.txt"
    page.write_text("Semhar belde met haar buurvrouw Agnieszka Kowalczyk.", encoding="utf-8")
    result = _beraad(tmp_path, "anonymise", str(page), "--known", "Semhar Tesfamariam")
    assert result.stdout == "[persoon 1] belde met haar buurvrouw [persoon 2].\n"


# --- Mogelijk herleidbaar


def test_an_unknown_capitalised_word_is_possible_not_certain(anonymiser):
    result = anonymiser.find("Ook Tesfay ontbrak.")
    assert [(p.text, p.category, p.certain) for p in result.possible] == [("Tesfay", "persoon", False)]
    assert result.possible[0].replacement == "[persoon 2]"  # the label it would get
    assert result.possible[0].note
    assert result.text == "Ook Tesfay ontbrak."
    assert result.undecided


def test_possible_findings_follow_the_review(anonymiser):
    text = "Ook Tesfay ontbrak."
    replaced = anonymiser.find(text, Review(replace={"Tesfay"}))
    assert replaced.text == "Ook [persoon 2] ontbrak."
    assert not replaced.possible and not replaced.spans[0].certain
    kept = anonymiser.find(text, Review(keep={"Tesfay"}))
    assert kept.text == text and not kept.possible


def test_replace_possible_replaces_names_and_places_but_only_reports_quasi_identifiers(anonymiser):
    text = "Tesfay zegt dat haar Eritrese zoon van 8 alleen Tigrinya spreekt."
    result = anonymiser.find(text, replace_possible=True)
    assert "Tesfay" not in result.text
    assert "Eritrese" in result.text and "Tigrinya" in result.text
    assert {(p.text, p.category) for p in result.possible} == {
        ("Eritrese", "herkomst"),
        ("Tigrinya", "herkomst"),
        ("van 8", "herleidbaar door context"),  # a child's exact age: the review suggests "in de basisschoolleeftijd"
    }


def test_an_origin_without_a_child_s_age_is_not_flagged(anonymiser):
    assert not anonymiser.find("Veel Eritrese inwoners spreken Tigrinya.").possible


def test_a_country_of_origin_is_a_warning_wherever_it_stands(anonymiser):
    result = anonymiser.find("Mevrouw (geboren in Eritrea) vluchtte via Soedan.")
    assert [(p.text, p.category, p.note) for p in result.possible] == [
        ("Eritrea", "herkomst", "land van herkomst"),
        ("Soedan", "herkomst", "land van herkomst"),
    ]
    assert "Eritrea" in anonymiser.find("Ze komt uit Eritrea.", replace_possible=True).text  # a warning only


def test_a_rare_occupation_is_a_warning(anonymiser):
    result = anonymiser.find("Haar vader is imam in de wijk.")
    assert [(p.text, p.category) for p in result.possible] == [("imam", "beroep")]
    result = anonymiser.find("Haar vader is de enige imam in de wijk.")  # the whole phrase points to him
    assert [(p.text, p.category, p.replacement) for p in result.possible] == [
        ("enige imam in de wijk", "herleidbaar door context", "[beroep]")
    ]


def test_ordinary_words_at_the_start_of_a_sentence_stay_and_are_not_flagged(anonymiser):
    text = "Verder ging het goed. Kortom: de Participatiewet knelt. Hittepunt: stoppen of niet? Daarna belde de gemeente Utrecht."
    result = anonymiser.find(text)
    assert result.text == text
    assert not result.possible


# --- Patterns that used to fail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ze woont op de Bos en Lommerweg 201-H.", "Ze woont op de [adres 1]."),
        (
            "Adres: [postcode] komt niet voor; 1055 EC Amsterdam wel.",
            "Adres: [postcode] komt niet voor; [postcode] wel.",
        ),
        ("Op 12-04-2024 kwam ze langs.", "Op [datum] kwam ze langs."),
        ("Zie 2024/WMO/0815 en TV-2024-11873.", "Zie [dossiernummer] en [dossiernummer]."),
        ("Haar BSN is 12 34 56 782.", "Haar BSN is [BSN]."),
        ("Bel +291 7 123 456.", "Bel [telefoonnummer]."),
        (
            "Ze is ingeschreven bij Huisartsenpraktijk Lombok.",
            "Ze is ingeschreven bij Huisartsenpraktijk [instelling 1].",
        ),
        ("In 2023-2024 kostte het 3.000,50 euro.", "In 2023-2024 kostte het 3.000,50 euro."),
    ],
)
def test_shapes(text, expected):
    assert Anonymiser(use_deduce=False).anonymise(text) == expected


# --- Spans and the allowlist


def test_resolve_keeps_the_more_certain_then_the_longer_finding():
    found = [
        spans.Span(0, 10, "persoon", "x" * 10, source="deduce"),
        spans.Span(5, 8, "persoon", "x" * 3, source="known"),
        spans.Span(8, 20, "adres", "x" * 12, source="pattern"),
        spans.Span(30, 35, "adres", "x" * 5, source="pattern"),
    ]
    assert [(s.start, s.end) for s in spans.resolve(found)] == [(5, 8), (8, 20), (30, 35)]


def test_covers_takes_no_text_and_bisects():
    allowlist = Allowlist(["Utrecht"])
    text = "De gemeente Utrecht en het UWV."
    ranges = allowlist.ranges(text)
    start = text.index("Utrecht")
    assert allowlist.covers(start, start + 7, ranges)
    assert not allowlist.covers(0, 2, ranges)


def test_name_patterns_are_plain_compiled_patterns():
    assert all(hasattr(p, "finditer") for p in names.patterns(SEMHAR))


# --- deduce's cache: privacy, lock, progress, logging


def test_loading_deduce_leaves_the_root_logger_alone(tmp_path):
    code = (
        "import logging, sys\n"
        "logging.getLogger().setLevel(logging.DEBUG)\n"
        "from beraad.anonymise import fast_deduce\n"
        "fast_deduce._import_deduce()\n"
        "root = logging.getLogger()\n"
        "print(root.level, len(root.handlers))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [str(logging.DEBUG), "0"]


def test_deduce_s_records_are_dropped_and_others_kept():
    keep = fast_deduce._DeduceRecords()
    theirs = logging.LogRecord("root", logging.INFO, "/x/site-packages/deduce/lookup_structs.py", 1, "m", None, None)
    ours = logging.LogRecord("root", logging.INFO, "/x/beraad/store.py", 1, "m", None, None)
    assert not keep.filter(theirs) and keep.filter(ours)


def _fake_build(calls: list[str], delay: float = 0.3):
    def build(folder: Path, version: str, progress: fast_deduce.Progress) -> None:
        calls.append(version)
        time.sleep(delay)
        trie, rest = fast_deduce._paths(folder, version)
        fast_deduce.atomic_write(trie, b"t")
        fast_deduce.atomic_write(rest, b"r")

    return build


def test_two_first_builds_at_once_build_once(tmp_path, monkeypatch):
    calls: list[str] = []
    messages: list[str] = []
    monkeypatch.setattr(fast_deduce, "_build_cache", _fake_build(calls))
    threads = [
        threading.Thread(target=fast_deduce.ensure_cache, args=(tmp_path / "cache", lambda m, f: messages.append(m)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert fast_deduce.MESSAGES["waiting"] in messages


def test_the_cache_and_an_old_build_folder_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(fast_deduce, "_build_cache", _fake_build([], 0))
    folder = tmp_path / "cache"
    (folder / fast_deduce.BUILD).mkdir(parents=True)
    os.chmod(folder / fast_deduce.BUILD, 0o755)
    trie, rest = fast_deduce.ensure_cache(folder)
    assert stat.S_IMODE((folder / fast_deduce.BUILD).stat().st_mode) == 0o700
    assert stat.S_IMODE(trie.stat().st_mode) == stat.S_IMODE(rest.stat().st_mode) == 0o600


def test_the_build_reports_progress_per_trie_and_restores_deduce(monkeypatch):
    from deduce import lookup_structs

    fake = {name: (lambda *a, **k: None) for name in lookup_structs._LOOKUP_TRIE_LOADERS}
    monkeypatch.setattr(lookup_structs, "_LOOKUP_TRIE_LOADERS", dict(fake))
    fractions: list[float | None] = []
    with fast_deduce._reporting_tries(lambda m, f: fractions.append(f)):
        for load in list(lookup_structs._LOOKUP_TRIE_LOADERS.values()):
            load()
    assert len(fractions) == len(fake)
    assert fractions == sorted(fractions) and fractions[0] > 0 and fractions[-1] < 1
    assert fake == lookup_structs._LOOKUP_TRIE_LOADERS


def test_cli_progress_is_plain_lines_when_stderr_is_not_a_terminal():
    import io

    from beraad.anonymise.progress import StderrProgress

    stream = io.StringIO()
    with StderrProgress(stream) as progress:
        progress(fast_deduce.MESSAGES["building"], 0.1)
        progress(fast_deduce.MESSAGES["building"], 0.5)
        progress(fast_deduce.MESSAGES["loading"], None)
    assert stream.getvalue() == f"{fast_deduce.MESSAGES['building']}\ndeduce opbouwen: klaar.\n"


def test_cli_lists_what_it_flagged_on_stderr_and_keeps_it_on_request(tmp_path):
    page = tmp_path / "pagina.txt"
    page.write_text("Ook Tesfay ontbrak.", encoding="utf-8")
    replaced = _beraad(tmp_path, "anonymise", str(page))
    assert replaced.stdout == "Ook [persoon 1] ontbrak.\n"
    assert "Mogelijk herleidbaar" in replaced.stderr and "Tesfay" in replaced.stderr
    kept = _beraad(tmp_path, "anonymise", str(page), "--behoud-mogelijk")
    assert kept.stdout == "Ook Tesfay ontbrak.\n"
    assert "blijft staan: Tesfay" in kept.stderr


def test_cli_reads_a_missing_file_in_dutch(tmp_path):
    result = _beraad(tmp_path, "anonymise", str(tmp_path / "weg.txt"), check=False)
    assert result.returncode == 2
    assert "bestaat niet" in result.stderr


def _beraad(workspace: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "beraad", "--workspace", str(workspace), *args]
    return subprocess.run(command, capture_output=True, text=True, check=check, stdin=subprocess.DEVNULL)


def test_result_defaults_keep_the_old_contract():
    result = Result("abc", [])
    assert result.text == "abc" and result.possible == [] and not result.undecided


def test_a_municipality_as_organisation_stays_without_configuration():
    anonymiser = Anonymiser()
    assert anonymiser.anonymise("De gemeente Utrecht besloot.") == "De gemeente Utrecht besloot."
    assert anonymiser.anonymise("Ze woont in Zeist.") == "Ze woont in [plaats 1]."


def test_an_undecided_possible_finding_is_not_masked_elsewhere_in_the_document(anonymiser):
    pseudonyms = Pseudonyms()
    texts = ["Ook Opschortig ontbrak.", "Daarna: Opschortig en eerst in gesprek."]
    for _ in range(2):  # the report's two passes
        results = [anonymiser.find(text, pseudonyms=pseudonyms) for text in texts]
    assert [r.text for r in results] == texts
    assert all(r.possible for r in results)


def test_an_unknown_word_that_does_what_people_do_is_a_name(anonymiser):
    result = anonymiser.find("Tesfay belde. Merhawi en zijn zus kwamen. Stopzetting kwam te laat.")
    assert result.text == "[persoon 2] belde. [persoon 3] en zijn zus kwamen. Stopzetting kwam te laat."
    assert result.possible == []  # a noun made of a Dutch verb (stopzetten) is not asked about


def test_a_word_the_document_writes_in_lower_case_is_no_name(anonymiser):
    pseudonyms = Pseudonyms()
    anonymiser.find("Ze wilde de uitkering opschortig maken.", pseudonyms=pseudonyms)
    assert not anonymiser.find("Opschortig en eerst in gesprek.", pseudonyms=pseudonyms).possible


def test_cli_progress_is_one_line_updated_in_place_on_a_terminal():
    import io

    from beraad.anonymise.progress import StderrProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with StderrProgress(stream) as progress:
        progress(fast_deduce.MESSAGES["waiting"], None)
        progress(fast_deduce.MESSAGES["building"], 0.5)
    lines = stream.getvalue().split("\r\033[K")
    assert lines[1] == fast_deduce.MESSAGES["waiting"]
    assert lines[2].startswith(fast_deduce.MESSAGES["building"]) and lines[2].endswith(" 50%")
    assert lines[3] == "deduce opbouwen: klaar.\n"


def test_names_with_letters_beyond_ascii_are_found(anonymiser):
    result = anonymiser.find("Haar zoon Łukasz (7) en buurman Şahin Yıldız. Ook Świątek ontbrak.")
    assert "Łukasz" not in result.text and "Şahin" not in result.text and "Yıldız" not in result.text
    assert [p.text for p in result.possible] == ["(7)", "Świątek"]  # a child's exact age, a name


def test_first_names_that_are_also_frequent_words_are_still_names(anonymiser):
    assert (
        anonymiser.anonymise("Jan belde gisteren. Peter kwam niet.")
        == "[persoon 2] belde gisteren. [persoon 3] kwam niet."
    )


def test_a_cache_folder_that_cannot_be_written_gives_a_dutch_sentence(tmp_path):
    from beraad.errors import BeraadError

    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    with pytest.raises(BeraadError, match=r"kunnen niet worden opgebouwd in .*: een deel van het pad is geen map"):
        fast_deduce.ensure_cache(blocker / "cache")


def test_a_damaged_cache_is_built_anew(tmp_path, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(fast_deduce, "_build_cache", _fake_build(calls, 0))
    trie, _ = fast_deduce.ensure_cache(tmp_path)
    trie.write_bytes(b"kapot")  # what another Python's marshal or a damaged disk leaves
    monkeypatch.setattr(fast_deduce, "_read", _read_once_broken())
    with pytest.raises(RuntimeError, match="rebuilt"):
        fast_deduce.load(tmp_path)
    assert len(calls) == 2


def _read_once_broken():
    seen: list[int] = []

    def read(trie: Path, rest: Path):
        seen.append(1)
        if len(seen) == 1:
            raise ValueError("bad marshal data")
        raise RuntimeError("rebuilt")  # stop here: the fake cache holds no real tables

    return read


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Ze kreeg een Voedselbankverwijzing mee.", "Voedselbankverwijzing"),  # voedselbank + verwijzing
        ("Het Schuldhulpverleningstraject liep vast.", "Schuldhulpverleningstraject"),
    ],
)
def test_a_long_compound_of_compounds_is_a_word_not_a_name(anonymiser, text, word):
    result = anonymiser.find(text)
    assert word in result.text and not result.possible


def test_a_long_name_of_non_dutch_origin_is_still_asked_about(anonymiser):
    (found,) = anonymiser.find("Gisteren belde Woldemichael over de afspraak.").possible
    assert found.text == "Woldemichael"


def test_a_context_finding_replaced_by_decision_takes_its_suggested_generalisation(anonymiser):
    text = "Mevrouw (34) woont met haar zoon (7) in het dorp."
    undecided = anonymiser.find(text)
    assert {(p.text, p.replacement) for p in undecided.possible} == {
        ("(34)", "(30-40)"),
        ("(7)", "(basisschoolleeftijd)"),
    }
    decided = anonymiser.find(text, Review(replace={"(34)"}, keep={"(7)"}))
    assert decided.text == "Mevrouw (30-40) woont met haar zoon (7) in het dorp." and not decided.possible


def test_ook_vervangen_in_any_case_never_undoes_a_replacement():
    anonymiser = Anonymiser([KnownPerson("Fatima Yilmaz", "persoon 1")], use_deduce=False)
    assert (
        anonymiser.find("Casus YILMAZ Molenweg 12", Review(replace={"molenweg 12"})).text
        == "Casus [persoon 1] [adres 1]"
    )
    assert anonymiser.find("de rode loper hielp", Review(replace={"Rode Loper"})).text == "de [weggelaten] hielp"


def test_text_is_matched_normalised_and_what_is_not_replaced_stays_as_typed():
    anonymiser = Anonymiser([KnownPerson("Fatima Yilmaz", "persoon 1")], use_deduce=False)
    text = "Mevr. Yil\u00admaz belde\u00a0om 9\u00a0uur; BSN 1234\u200b56782; Ｙｉｌｍａｚ; Yilmаz (Cyrillisch)."
    result = anonymiser.find(text)
    assert result.text == "[persoon 1] belde\u00a0om 9\u00a0uur; BSN [BSN]; [persoon 1]; [persoon 1] (Cyrillisch)."


def test_relatives_sharing_a_known_surname_are_people_of_their_own():
    anonymiser = Anonymiser([KnownPerson("Fatima Yilmaz", "persoon 1")])
    text = "Haar broer Tesfay Yilmaz belde. Emma Yilmaz (4) speelt. Tesfay kwam later; Fatiam Yilmaz ook."
    assert anonymiser.find(text, replace_possible=True).text == (
        "Haar broer [persoon 2] belde. [persoon 3] (4) speelt. [persoon 2] kwam later; [persoon 1] ook."
    )


def test_a_participant_is_never_given_to_a_title_and_an_initial():
    anonymiser = Anonymiser([KnownPerson("Liesbeth Wouters", "deelnemer 1", "deelnemer")], use_deduce=False)
    assert "[deelnemer 1]" not in anonymiser.find("Mevrouw W. van de school en mw. L.W. belden.").text
    assert anonymiser.find("L.W. belde.").text == "[deelnemer 1] belde."

"""The rules behind a privacy officer's findings, in the core: what the anonymiser and
the gate do with names in any case, relatives, typos, ages, numbers and brackets.
The same findings driven through the command line are in test_privacy_cli.py."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from beraad.anonymise import Anonymiser, KnownPerson, Pseudonyms, Review, gate
from beraad.anonymise.spans import Span, balanced


def test_text_printed_through_the_gate_ends_with_one_line_end():
    for text, printed in [("klaar", "klaar\n"), ("klaar\n", "klaar\n"), ("", "")]:
        stream = io.StringIO()
        gate.print_text(text, gate.Guard(), stream)
        assert stream.getvalue() == printed


@pytest.fixture(scope="module")
def plain() -> Anonymiser:
    return Anonymiser()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bel haar (06-12345678).", "Bel haar ([telefoonnummer])."),
        ("(tel. 06-12345678)", "(tel. [telefoonnummer])"),
        ("Bel (088) 123 45 67 vandaag.", "Bel [telefoonnummer] vandaag."),  # the brackets are the number's own
        ("Bel haar [06 12345678].", "Bel haar [[telefoonnummer]]."),
        ("Haar nummer (0612345678) staat in het dossier", "Haar nummer ([telefoonnummer]) staat in het dossier"),
    ],
)
def test_a_replacement_keeps_the_brackets_around_it(plain, text, expected):
    assert plain.anonymise(text) == expected


def test_a_finding_that_takes_one_bracket_of_a_pair_gives_it_back():
    span = Span(9, 21, "telefoonnummer", "(06-12345678", "[telefoonnummer]")
    assert balanced(span) == Span(10, 21, "telefoonnummer", "06-12345678", "[telefoonnummer]")
    whole = Span(0, 15, "telefoonnummer", "(088) 123 45 67")
    assert balanced(whole) is whole
    assert balanced(Span(0, 7, "persoon", "Yilmaz)")).text == "Yilmaz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zaaknummer 2026-00123", "zaaknummer [dossiernummer]"),
        ("zaak Z-2026-00123 loopt", "zaak [dossiernummer] loopt"),
        ("dossier 123456782", "dossier [dossiernummer]"),  # nine digits that pass the 11-test, called a case
        ("kenmerk: 202600123", "kenmerk: [dossiernummer]"),
        ("BSN 123456782", "BSN [BSN]"),
        ("nummer 123456782", "nummer [BSN]"),  # nothing says what it is: the 11-test does
        ("nummer 123456789", "nummer [dossiernummer]"),  # fails the 11-test: a long number, no BSN
    ],
)
def test_a_case_number_is_labelled_a_case_number_and_only_a_checked_number_a_bsn(plain, text, expected):
    assert plain.anonymise(text) == expected


def test_the_gate_names_a_case_number_as_one():
    hits = gate.inspect([("v.md", b"zie dossier 123456782")], gate.Guard())
    assert [h.what for h in hits] == ["een dossiernummer"]


@pytest.mark.parametrize("use_deduce", [True, False])
def test_a_name_joined_to_a_word_by_a_hyphen_is_replaced_alone(use_deduce):
    anonymiser = Anonymiser([KnownPerson("Fatma Yilmaz", "persoon 1"), KnownPerson("Willem de Vries", "persoon 2")])
    anonymiser.use_deduce = use_deduce
    text = "In de casus-Yilmaz (zie het Yilmaz-dossier en casus-yilmaz) belde Willem."
    assert anonymiser.anonymise(text) == (
        "In de casus-[persoon 1] (zie het [persoon 1]-dossier en casus-[persoon 1]) belde [persoon 2]."
    )
    assert "[persoon 2]" not in anonymiser.anonymise("Jan-Willem belde.")  # another name than Willem


def test_a_name_found_in_a_compound_keeps_its_own_label_everywhere():
    pseudonyms = Pseudonyms()
    anonymiser = Anonymiser()
    first = anonymiser.find("Mevrouw Yilmaz belde.", None, pseudonyms).text
    later = anonymiser.find("Over de casus-Yilmaz en het gezin-yilmaz; Rami Al-Khatib en al-khatib.", None, pseudonyms)
    assert first == "[persoon 1] belde."
    assert later.text == "Over de casus-[persoon 1] en het gezin-[persoon 1]; [persoon 2] en [persoon 2]."


@pytest.mark.parametrize("cell", ["(24)", " (24) ", "Mevrouw (24)", "regel een\n(24) belde"])
def test_an_exact_age_in_brackets_is_flagged_also_alone_in_a_table_cell(plain, cell):
    result = plain.find(cell)
    assert [(f.category, f.replacement) for f in result.possible] == [("herleidbaar door context", "(20-30)")]


@pytest.mark.parametrize("text", ["24 jaar", "zij is 24 jaar", "(24 jaar)"])
def test_an_age_in_years_is_replaced(plain, text):
    assert "24" not in plain.anonymise(text)


@pytest.mark.parametrize("text", ["zie (2024)", "stap (3)", "artikel 4:84 (lid 1)"])
def test_a_number_in_brackets_that_is_no_adult_age_is_left(plain, text):
    assert not plain.find(text).possible and plain.anonymise(text) == text


@pytest.mark.parametrize("use_deduce", [True, False])
def test_a_first_name_right_before_a_known_surname_is_part_of_the_person(use_deduce):
    anonymiser = Anonymiser([KnownPerson("Yilmaz", "persoon 1")], use_deduce=use_deduce)
    text = "elif yilmaz belde. Elif Yilmaz ook. Haar broer ahmed yilmaz niet; toen yilmaz wel."
    assert (
        anonymiser.anonymise(text)
        == "[persoon 1] belde. [persoon 1] ook. Haar broer [persoon 2] niet; toen [persoon 1] wel."
    )


def test_a_relative_sharing_a_listed_surname_is_someone_else_with_the_given_name_gone():
    anonymiser = Anonymiser([KnownPerson("Fatma Yilmaz", "persoon 1")], use_deduce=False)
    text = "fatma yilmaz belde, haar dochter elif yilmaz ook, en Tesfay Yilmaz."
    assert anonymiser.anonymise(text) == "[persoon 1] belde, haar dochter [persoon 2] ook, en [persoon 3]."


def test_a_lower_case_first_name_before_a_name_deduce_found_joins_it():
    pseudonyms, anonymiser = Pseudonyms(), Anonymiser()
    assert anonymiser.find("Mevrouw Yilmaz belde.", None, pseudonyms).text == "[persoon 1] belde."
    later = anonymiser.find("Boete voor elif yilmaz; haar broer ahmed Yilmaz.", None, pseudonyms).text
    # which of the two is "mevrouw Yilmaz" nobody can tell; they are two people, and no given name stays
    assert later in (
        "Boete voor [persoon 1]; haar broer [persoon 2].",
        "Boete voor [persoon 2]; haar broer [persoon 1].",
    )


@pytest.mark.parametrize("text", ["Dan kent Yilmaz het dossier.", "Ook anna Yilmaz.", "En toen Yilmaz."])
def test_a_word_before_a_surname_stays_a_word(text):
    anonymiser = Anonymiser([KnownPerson("Yilmaz", "persoon 1")], use_deduce=False)
    before = text.split(" Yilmaz")[0]
    assert anonymiser.anonymise(text).startswith(f"{before} [persoon 1]")


def test_a_name_found_in_one_text_is_replaced_in_every_other_in_any_case_and_spelling():
    pseudonyms, anonymiser = Pseudonyms(), Anonymiser()
    first = anonymiser.find("Mevrouw Fatima Yilmaz belde met Anna de Vries.", None, pseudonyms).text
    assert first == "[persoon 1] belde met [persoon 2]."
    text = "fatima, FATIMA, Fati\u00adma, yil\u200bmaz, YILMAZ en anna; Visser belde, de visser ving vis."
    later = anonymiser.find(text, None, pseudonyms).text
    assert (
        later
        == "[persoon 1], [persoon 1], [persoon 1], [persoon 1], [persoon 1] en [persoon 2]; [persoon 3] belde, de visser ving vis."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Haar dochter fatima was er ook.", "Haar dochter [persoon 1] was er ook."),
        ("mevrouw yilmaz belde", "mevrouw [persoon 1] belde"),
        ("haar broer ahmed el amrani kwam", "haar broer [persoon 1] kwam"),
        ("zoon ali kwam", "zoon [persoon 1] kwam"),
        (
            "haar zoon heeft geen werk en de moeder kreeg een brief",
            "haar zoon heeft geen werk en de moeder kreeg een brief",
        ),
    ],
)
def test_a_name_in_lower_case_after_a_relation_or_title_is_a_name(text, expected):
    assert Anonymiser().anonymise(text) == expected


def test_the_gate_counts_a_found_name_that_is_also_a_rare_word_in_any_case():
    guard = gate.Guard(found=["Fatima Yilmaz"])
    assert [h.found for h in gate.inspect([("v.md", b"fatima en yilmaz")], guard)] == ["fatima", "yilmaz"]


@pytest.mark.parametrize("use_deduce", [True, False])
def test_a_typo_of_one_letter_in_a_known_name_of_five_letters_or_more_is_the_person(use_deduce):
    anonymiser = Anonymiser([KnownPerson("Johanna Verhoeven", "persoon 1")], use_deduce=use_deduce)
    assert (
        anonymiser.anonymise("Mevrouw Verhoven belde; verhoven ook.") == "Mevrouw [persoon 1] belde; [persoon 1] ook."
    )
    assert gate.inspect([("v.md", b"Verhoven belde")], gate.Guard(known=["Johanna Verhoeven"]))


def test_a_short_form_of_a_listed_first_name_is_flagged_for_the_review_with_the_persons_label():
    anonymiser = Anonymiser([KnownPerson("Johanna Verhoeven", "persoon 1")], use_deduce=False)
    result = anonymiser.find("Toen was jo boos.")
    assert result.text == "Toen was jo boos."  # never silently kept: the export waits for a decision
    (finding,) = result.possible
    assert (finding.text, finding.replacement, finding.note) == (
        "jo",
        "[persoon 1]",
        "mogelijk een roepnaam van [persoon 1]",
    )
    assert anonymiser.find("Toen was jo boos.", replace_possible=True).text == "Toen was [persoon 1] boos."


def test_a_name_the_facilitator_lists_in_brackets_is_the_person_for_certain():
    anonymiser = Anonymiser([KnownPerson("Johanna Verhoeven (Jo/Hanna)", "persoon 1")], use_deduce=False)
    result = anonymiser.find("jo was boos, Hanna ook, en JO belde Johanna.")
    assert (
        result.text == "[persoon 1] was boos, [persoon 1] ook, en [persoon 1] belde [persoon 1]."
        and not result.possible
    )
    assert gate.inspect([("v.md", b"jo belde")], gate.Guard(known=["Johanna Verhoeven (Jo/Hanna)"]))


def test_an_everyday_phrase_that_is_also_a_found_name_is_asked_about_not_replaced():
    pseudonyms, anonymiser = Pseudonyms(), Anonymiser()
    result = anonymiser.find("De Bakker kwam. Toen bakte de bakker brood; mevrouw de Bakker belde.", None, pseudonyms)
    assert result.text == "[persoon 1] kwam. Toen bakte de bakker brood; [persoon 1] belde."
    assert [(f.text, f.replacement, f.certain) for f in result.possible] == [("de bakker", "[persoon 1]", False)]
    later = anonymiser.find("de bakker bakte brood", Review(keep={"de bakker"}), pseudonyms)
    assert later.text == "de bakker bakte brood" and not later.possible  # kept by the facilitator
    chosen = anonymiser.find("de bakker bakte brood", Review(replace={"de bakker"}), pseudonyms)
    assert chosen.text == "[persoon 1] bakte brood"  # replaced by the facilitator: her label, not a new one


def _with_method_texts(session, **texts):
    """The session's copy of its method with a trainer's (or someone's) own words in it."""
    steps = list(session.method.steps)
    casus = next(i for i, step in enumerate(steps) if step.id == "casus")
    fields = list(steps[casus].fields)
    fields[0] = fields[0].model_copy(update={"label": texts["label"]})
    steps[casus] = steps[casus].model_copy(update={"title": texts["step"], "goal": texts["goal"], "fields": fields})
    sources = [*session.method.sources, texts["source"]]
    session.method = session.method.model_copy(update={"title": texts["title"], "steps": steps, "sources": sources})
    return session


def test_the_methods_own_texts_pass_the_anonymiser_and_published_authors_stay():
    from beraad import methods
    from beraad.model import Session
    from beraad.report import content

    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = Session.start(method, "Casus", date(2026, 11, 23), [("Sanne Willems", "klantmanager")])
    session.values["casus"] = {"verhaal": "Mevrouw Yilmaz belde."}
    _with_method_texts(
        session,
        title="Methode van Yilmaz",
        step="Casus van Elif Yilmaz",
        goal="Sanne Willems vertelt.",
        label="Wat zei Yilmaz (06-12345678)?",
        source="Boek van Yilmaz",
    )
    built = content.build(session, Anonymiser(content.known_people(session)))
    shown = json.dumps(built.data, ensure_ascii=False)
    for planted in ("Yilmaz", "Elif", "Sanne", "12345678"):
        assert planted not in shown, planted
    assert built.data["methode"]["titel"] == "Methode van [persoon 1]"
    assert built.data["methode"]["bronnen"][0].startswith("Stolper, Molewijk & Widdershoven")  # the literature stays
    assert built.data["methode"]["bronnen"][-1] == "Boek van [persoon 1]"
    step = next(s for s in built.data["stappen"] if s["id"] == "casus")
    assert (step["titel"], step["doel"]) == ("Casus van [persoon 1]", "[een deelnemer] vertelt.")
    assert step["velden"][0]["label"] == "Wat zei [persoon 1] ([telefoonnummer])?"
    assert not [p for f in built.fragments for p in f.result.possible]  # the method's words are not asked about


def test_the_approval_line_and_later_texts_name_no_colleague():
    from beraad.anonymise.pipeline import Result as Found

    anonymiser = Anonymiser([KnownPerson("Sanne Willems", "casusinbrenger", "deelnemer")], use_deduce=False)
    result = anonymiser.find("teamleider Sanne Willems en Sanne")
    assert result.text == "teamleider [casusinbrenger] en [casusinbrenger]"
    assert result.unnamed().text == "teamleider [een deelnemer] en [een deelnemer]"
    assert isinstance(result.unnamed(), Found)


def test_a_frozen_verslag_gives_whoever_is_named_later_the_label_it_gives_them(tmp_path):
    from beraad import methods
    from beraad.model import Session
    from beraad.report import content

    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    session = Session.start(method, "Casus", date(2026, 11, 23), [("Sanne Willems", "klantmanager")])
    session.values["casus"] = {"verhaal": "Tesfay Haile belde. Mevrouw Yilmaz ook."}
    anonymiser = Anonymiser(content.known_people(session))
    built = content.build(session, anonymiser)
    session.approvals.append(content.approval(session, built, "Sanne Willems", date(2026, 11, 30)))
    frozen = content.current(session, anonymiser)
    assert frozen.data["vastgesteld_door"] == "[een deelnemer]"
    later = content.masker(session, frozen)
    assert later.text("Signaal", "mevrouw Yilmaz en Tesfay") == "[persoon 2] en [persoon 1]"
    assert {"Tesfay Haile", "Mevrouw Yilmaz"} <= set(frozen.found)  # the gate knows them


def test_a_name_in_capitals_is_the_same_person_not_an_initial():
    pseudonyms, anonymiser = Pseudonyms(), Anonymiser()
    text = "De Bakker kwam; DE BAKKER ook. Mevrouw KOWALCZYK belde en Kowalczyk kwam."
    assert anonymiser.find(text, None, pseudonyms).text == (
        "[persoon 1] kwam; [persoon 1] ook. Mevrouw [persoon 2] belde en [persoon 2] kwam."
    )
    assert anonymiser.find("mw. K. belde", None, pseudonyms).text == "[persoon 2] belde"  # an initial still is one


def test_the_gates_message_names_file_field_and_kind_never_the_text_and_says_where_the_log_is(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    guard = gate.Guard(
        known=["Fatima Yilmaz"],
        sources=[gate.Source("Ronde 1: Casus · De casus", "Yilmaz belde met Fatima", "Yilmaz belde met Fatima")],
    )
    files = [
        ("verslag-casus-yilmaz.md", b"Fatima belde, bel 06-12345678."),
        ("verslag.html", b"<p>Yilmaz belde met Fatima</p>"),
    ]
    with pytest.raises(gate.Blocked) as blocked:
        gate.write(tmp_path / "uit", files, guard)
    message = str(blocked.value)
    assert "fatima" not in message.lower() and "12345678" not in message
    assert "yilmaz" not in message.lower()  # not even in the file name it names
    assert "in de bestandsnaam verslag-casus-[…].md: een naam van iemand in deze sessie" in message
    assert "in verslag.html: een naam van iemand in deze sessie, uit 'Ronde 1: Casus · De casus'" in message
    assert "in verslag-casus-[…].md: een telefoonnummer, uit een sjabloon of een tekst die niet in de review" in message
    log = tmp_path / "data" / "beraad" / "beraad.log"
    assert str(log) in message
    logged = log.read_text(encoding="utf-8")
    assert "Fatima" not in logged and "Yilmaz" not in logged and "12345678" not in logged
    assert "[…] belde, bel […]." in logged and "[…] belde met […]" in logged
    assert {h.found for h in blocked.value.hits} >= {"Fatima", "Yilmaz"}  # the caller still knows


def test_numbered_participants_are_unnamed_beyond_the_team():
    from beraad.anonymise.spans import unnamed_labels

    data = {"titel": "[deelnemer 3] en [persoon 1]", "bronnen": ["[deelnemer 12]"], "versie": 2}
    assert unnamed_labels(data) == {
        "titel": "[een deelnemer] en [persoon 1]",
        "bronnen": ["[een deelnemer]"],
        "versie": 2,
    }

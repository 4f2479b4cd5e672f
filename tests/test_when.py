"""An action's 'wanneer' as a date: typed as a date, or said in words in the room."""

from __future__ import annotations

from datetime import date

import pytest

from beraad.model.when import as_date, parse_when

MONDAY = date(2026, 11, 23)  # the session


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("07-12-2026", date(2026, 12, 7)),
        ("7/12", date(2026, 12, 7)),
        ("1-3", date(2027, 3, 1)),  # said in November: next March
        ("vóór 1 maart", date(2027, 3, 1)),
        ("uiterlijk 15 december 2026", date(2026, 12, 15)),
        ("volgende week", date(2026, 12, 4)),  # the Friday of next week
        ("deze week", date(2026, 11, 27)),
        ("binnen twee weken", date(2026, 12, 7)),
        ("over 3 dagen", date(2026, 11, 26)),
        ("over een maand", date(2026, 12, 23)),
        ("eind maart", date(2027, 3, 31)),
        ("begin december", date(2026, 12, 1)),
        ("eind van de maand", date(2026, 11, 30)),
        ("volgende maand", date(2026, 12, 31)),
        ("vrijdag", date(2026, 11, 27)),
        ("maandag", date(2026, 11, 30)),  # said on a Monday: the next one
        ("morgen", date(2026, 11, 24)),
        ("Volgende Week", date(2026, 12, 4)),
        ("december", date(2026, 12, 31)),
        ("in maart", date(2027, 3, 31)),
    ],
)
def test_words_become_the_date_they_mean(said, meant):
    assert parse_when(said, MONDAY) == meant


@pytest.mark.parametrize("said", ["na vaststelling verslag", "zo snel mogelijk", "", "31-02-2027", "voor de zomer"])
def test_no_date_is_no_date(said):
    assert parse_when(said, MONDAY) is None
    assert as_date(said, MONDAY) == said  # kept as typed


def test_a_cell_holds_the_date_once_left():
    assert as_date("binnen twee weken", MONDAY) == "07-12-2026"

"""Quarters are named one way everywhere: "K1 2026" on the pages, in the CSV and on the laptop."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.server.conftest import login, make_addressee, make_person, shot
from tests.server.test_pages import pushed

pytestmark = pytest.mark.usefixtures("db")


def test_a_quarter_is_typed_filtered_charted_and_exported_as_k1_2026(live_server: Any, in_browser: Any) -> None:
    addressee = make_addressee()
    march = pushed(addressee.name, session_date="2026-03-05", title="Vier weken zoektijd jongeren")[0]
    november = pushed(addressee.name, session_date="2026-11-02", title="Kostendelersnorm")[0]
    beleid = make_person("beleid", addressee)

    def work(page: Any) -> tuple[str, str, bytes]:
        login(page, live_server.url, beleid)
        page.goto(f"{live_server.url}/?map=alle")
        page.get_by_text("Zoeken en filteren").click()
        assert "bijv. K1 2027" in page.get_by_text("bijv. K").inner_text()
        page.get_by_label("Kwartaal").fill("1e kwartaal 2026")
        page.get_by_role("button", name="Toon").click()
        page.get_by_role("link", name=march.ref).wait_for()
        listed = page.locator("table").inner_text()
        page.get_by_label("Kwartaal").fill("2026-Q5")
        page.get_by_role("button", name="Toon").click()
        error = page.get_by_text("Schrijf een kwartaal als K1 2027").inner_text()
        page.get_by_label("Kwartaal").fill("K1 2026")
        page.get_by_role("button", name="Toon").click()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download als CSV (Excel)").click()
        data = download.value.path().read_bytes()
        page.get_by_role("link", name="Trends").click()
        shot(page, "trends-kwartalen")
        trends = page.get_by_role("table", name="Knelpunten per kwartaal").inner_text()
        assert error
        return listed, trends, data

    listed, trends, data = in_browser(work)
    assert march.ref in listed and november.ref not in listed
    assert "K1 2026" in trends and "K4 2026" in trends and "Q" not in trends and "-K" not in trends
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "kwartaal beraad"
    assert [r[-1] for r in rows[1:]] == ["K1 2026"] and rows[1][0] == march.ref

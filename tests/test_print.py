"""A signaal printed as a manager prints it (Chromium, as a browser's Print does): one page
for one knelpunt, with what is asked of the reader at the top (it used to end on a second
page holding only its last lines). One print: Chromium takes seconds to start."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from beraad import demo, report
from beraad.anonymise import Anonymiser
from beraad.report import content

from .conftest import TODAY

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which(CHROMIUM), reason="no Chromium")


def _pages(pdf) -> list[list[str]]:
    """The lines of text of every page, without the page's own footer line."""
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", pdf, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages.append([line for line in text.splitlines() if line.strip() and "geanonimiseerd" not in line[-60:]])
    return pages


def test_a_signaal_prints_on_one_page_with_the_request_first(workspace, dilemma, tmp_path):
    session = demo.session(dilemma, TODAY)
    session.review.reviewed = content.fingerprint(session)
    # as the team approved it (the anonymiser without deduce: the layout is tested here)
    anonymiser = Anonymiser(content.known_people(session), use_deduce=False, planned_from=session.date)
    session.approvals.append(content.approval(session, content.build(session, anonymiser), "het team", TODAY))
    files = report.export(session, workspace, ("html",), anonymiser=anonymiser)
    html = min(p for p in files if p.name.startswith("signaal-"))
    pdf = str(tmp_path / f"{html.stem}.pdf")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    (page,) = _pages(pdf)
    assert "Wat we van u vragen" in page[3] or "Wat we van u vragen" in page[2]  # under the title
    assert "Gemaakt met beraad" in " ".join(page[-3:])

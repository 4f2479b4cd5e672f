"""A signaal printed as a manager prints it (Chromium, as a browser's Print does): one page
for one knelpunt, with what is asked of the reader at the top (it used to end on a second
page holding only its last lines). One print: Chromium takes seconds to start."""

from __future__ import annotations

import re
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


SOFFICE = shutil.which("soffice")


def _approved(dilemma, actions=(), words: int = 0, dates: int = 0):
    """The demo session as the team approved it, with more actions, a longer first knelpunt,
    or conclusions that hold a date again and again (one is bound to end a line)."""
    session = demo.session(dilemma, TODAY)
    if dates:
        said = session.value("conclusie", "conclusies")
        session.set_value("conclusie", "conclusies", said + " " + " ".join(["We spraken af op 11-12-2026."] * dates))
    session.set_value("conclusie", "acties", session.value("conclusie", "acties") + list(actions))
    if words:  # one knelpunt, its signaal longer by so many sentences, with every action linked
        first = session.bottlenecks[0]
        more = " ".join(["De regel knelt hier opnieuw voor vluchtende inwoners."] * words)
        linked = [a["wat"] for a in session.actions()]
        update = {"description": f"{first.description} {more}", "actions": linked}
        session.bottlenecks = [first.model_copy(update=update)]
    session.review.reviewed = content.fingerprint(session)
    anonymiser = Anonymiser(content.known_people(session), use_deduce=False, planned_from=session.date)
    session.approvals.append(content.approval(session, content.build(session, anonymiser), "het team", TODAY))
    return session, anonymiser


def _print(html, tmp_path) -> str:
    pdf = str(tmp_path / f"{html.stem}.pdf")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    return pdf


def test_a_verslag_whose_summary_runs_over_a_page_has_no_nearly_blank_page(workspace, dilemma, tmp_path):
    """The rounds used to start on a new page: a summary three lines longer than a page
    left a second page holding only those lines. Dates in narrow cells print whole."""
    extra = [
        {"wat": f"Extra actie nummer {n} die over een werkafspraak met de buurt gaat", "wie": "teamleider",
         "wanneer": "11-12-2026"}
        for n in range(3)
    ]  # fmt: skip
    session, anonymiser = _approved(dilemma, extra)
    files = report.export(session, workspace, ("html",), anonymiser=anonymiser)
    html = next(p for p in files if p.name.startswith("verslag-"))
    pages = _pages(_print(html, tmp_path))
    assert len(pages) > 2
    for number, page in enumerate(pages[:-1], 1):
        assert len(page) > 15, (number, page)  # a page before the last is a full page


def test_a_date_in_a_printed_verslag_never_breaks_at_its_hyphens(workspace, dilemma, tmp_path):
    session, anonymiser = _approved(dilemma, dates=60)
    files = report.export(session, workspace, ("html",), anonymiser=anonymiser)
    html = next(p for p in files if p.name.startswith("verslag-"))
    pages = _pages(_print(html, tmp_path))
    assert sum(" ".join(page).count("11-12-2026") for page in pages) >= 60
    for page in pages:
        for line in page:  # "11-12-" at the end of a line, "2026" on the next: never
            assert not re.search(r"\d{1,2}-\d{1,2}-$", line.rstrip()), line
            assert not re.search(r"(?<![\d-])\d{1,2}-$", line.rstrip()), line


@pytest.mark.skipif(not SOFFICE, reason="no LibreOffice")
def test_the_closing_line_of_a_signaal_in_word_never_stands_alone_on_a_page(workspace, dilemma, tmp_path):
    session, anonymiser = _approved(dilemma, words=12)  # long enough to run onto a second page
    files = report.export(session, workspace, ("docx",), anonymiser=anonymiser)
    docx = next(p for p in files if p.name.startswith("signaal-"))
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    pages = _pages(str(tmp_path / f"{docx.stem}.pdf"))
    assert len(pages) == 2, "the knelpunt is long enough to need a second page"
    last = [line for line in pages[-1] if "Signaal" not in line]  # without the page's own header line
    closing = next(n for n, line in enumerate(last) if "Dit signaal is geanonimiseerd" in line)
    assert closing > 0 and "•" in last[closing - 1], last  # an action of the team is on its page too

"""One source of truth for every deadline: the signaal the team sends, the register that
follows it up and the extract for the addressee name the same date for feedback, also
when the knelpunt is agendered days after the signaal went out."""

from __future__ import annotations

from datetime import date

from beraad import report
from beraad.anonymise import Anonymiser
from beraad.core.register import extract
from beraad.core.session import _signals
from beraad.model.bottleneck import Bottleneck
from beraad.model.register import Step
from beraad.model.session import Session
from beraad.report import content

from .conftest import register_of, services_for, store_and_index
from .test_register import approve

SESSION, APPROVED, AGENDERED = date(2026, 11, 23), date(2026, 12, 3), date(2026, 12, 10)


def test_signaal_register_and_extract_name_one_date_for_feedback(workspace, dilemma):
    session = Session.start(dilemma, "Vlucht", SESSION, [("Anna de Groot", "klantmanager")], team="Team Noord")
    session.bottlenecks.append(
        Bottleneck(id="k", title="Inlichtingenplicht knelt", step_id="conclusie", addressee="beleid")
    )
    session.review.reviewed = content.fingerprint(session)
    approve(session, APPROVED)
    store_and_index(workspace, session)
    (workspace.root / "routes.toml").write_text(
        '[[routes]]\nadressaat = "beleid"\nbinnen_weken = 8\n', encoding="utf-8"
    )

    # the signaal, as it goes out on the day the team agreed
    services = services_for(workspace, today=APPROVED)
    signals = _signals(session, services)
    anonymiser = Anonymiser(content.known_people(session), use_deduce=False)
    (signaal,) = [
        p.read_text(encoding="utf-8")
        for p in report.export(session, workspace, ("md",), anonymiser=anonymiser, signals=signals)
        if p.name.startswith("signaal-")
    ]
    assert "vóór **28-01-2027**" in signaal  # 8 weeks from 3 December

    # a week later the teamleider puts it on beleid's agenda; the register expects the same day
    register = register_of(workspace, today=AGENDERED)
    (row,) = register.rows()
    register.advance(row.key, Step("geagendeerd", AGENDERED, "teamleider", to_whom="beleid", how="overleg"))
    (row,) = register_of(workspace, today=AGENDERED).rows()
    assert row.due is not None and (row.due.what, f"{row.due.day:%d-%m-%Y}") == ("terugkoppeling", "28-01-2027")
    (item,) = [k for theme in extract([row], "beleid", AGENDERED)["themas"] for k in theme["knelpunten"]]
    assert item["verwacht"] == "terugkoppeling uiterlijk 28-01-2027"
    again = _signals(session, services_for(workspace, today=AGENDERED))  # a signaal printed again says it too
    assert again["k"]["terugkoppeling_voor"] == "28-01-2027"

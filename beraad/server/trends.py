"""How often a knelpunt comes back, across teams and over time: per regulation, source,
team and quarter, with a bar chart drawn on the server as SVG (no JavaScript)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django.db import connection
from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncQuarter

from beraad.model.when import quarter_text
from beraad.server.models import Knelpunt

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
TOP = 15


def seen_text(times: int, teams: int, since: date | None) -> str:
    """'4 keer in 3 teams sinds maart 2026' (the words the laptop's register uses)."""
    if since is None:
        return ""
    in_teams = f" in {teams} teams" if teams > 1 else " in 1 team"
    return f"{times} keer{in_teams} sinds {MONTHS[since.month - 1]} {since.year}"


def _grouped(knelpunten: QuerySet[Knelpunt], key_sql: str, lateral: str = "") -> list[dict[str, Any]]:
    """Counts per key over the knelpunten a person may see, in one query."""
    visible, params = knelpunten.values("id").query.sql_with_params()
    sql = (
        f"SELECT {key_sql} AS name, count(*), count(DISTINCT k.team_id), min(k.session_date) "
        f"FROM register_knelpunt k {lateral} WHERE k.id IN ({visible}) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {TOP}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [{"name": name, "n": n, "text": seen_text(n, teams, since)} for name, n, teams, since in rows]


def summary(knelpunten: QuerySet[Knelpunt]) -> dict[str, Any]:
    laws = _grouped(
        knelpunten,
        "coalesce(nullif(split_part(btrim(replace(k.regulation, ',', ' ')), ' ', 1), ''), '(geen regelgeving)')",
    )
    sources = _grouped(knelpunten, "s.source", "CROSS JOIN LATERAL jsonb_array_elements_text(k.sources) AS s(source)")
    teams = (
        knelpunten.values("team__name")
        .annotate(n=Count("id"), since=Min("session_date"))
        .order_by("-n", "team__name")[: TOP * 4]
    )
    quarters = [
        (quarter_text(row["q"]), row["n"], row["teams"])
        for row in knelpunten.annotate(q=TruncQuarter("session_date"))
        .values("q")
        .annotate(n=Count("id"), teams=Count("team", distinct=True))
        .order_by("q")
    ]
    themes = (
        knelpunten.exclude(group=None)
        .values("group_id", "group__title")
        .annotate(n=Count("id"), teams=Count("team", distinct=True), since=Min("session_date"))
        .order_by("-n", "group__title")[:TOP]
    )
    return {
        "total": knelpunten.count(),
        "laws": laws,
        "sources": sources,
        "teams": [{"name": t["team__name"], "n": t["n"], "since": t["since"]} for t in teams],
        "quarters": quarters,
        "themes": [
            {"id": t["group_id"], "title": t["group__title"], "text": seen_text(t["n"], t["teams"], t["since"])}
            for t in themes
        ],
    }


def quarter_chart(quarters: list[tuple[str, int, int]]) -> str:
    """Bars per quarter as SVG; the table beside it carries the same figures for screen readers."""
    if not quarters:
        return ""
    shown = quarters[-16:]
    width, height, left, bottom = 640, 220, 36, 28
    top = max(n for _, n, _ in shown) or 1
    bar = (width - left) / len(shown)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="grafiek-titel" class="grafiek">',
        '<title id="grafiek-titel">Knelpunten per kwartaal</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" class="as"/>',
        f'<text x="{left - 6}" y="16" text-anchor="end" class="label">{top}</text>',
    ]
    thick = min(bar - 8, 48)
    for number, (label, count, teams) in enumerate(shown):
        h = (height - bottom - 20) * count / top
        middle = left + number * bar + bar / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{middle - thick / 2:.1f}" y="{y:.1f}" width="{thick:.1f}" height="{h:.1f}" class="balk">'
            f"<title>{escape(label)}: {count} knelpunten in {teams} teams</title></rect>"
        )
        parts.append(f'<text x="{middle:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="label">{count}</text>')
        parts.append(
            f'<text x="{middle:.1f}" y="{height - 10}" text-anchor="middle" class="label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

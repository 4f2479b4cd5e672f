"""How often a knelpunt comes back, across teams and over time: per regulation, source,
team and quarter, with a bar chart drawn on the server as SVG (no JavaScript)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from html import escape
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncQuarter

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


def _law(regulation: str) -> str:
    """'Participatiewet art. 18 lid 1' counts with 'Participatiewet'."""
    words = regulation.replace(",", " ").split()
    return words[0] if words else "(geen regelgeving)"


def summary(knelpunten: QuerySet[Knelpunt]) -> dict[str, Any]:
    rows = list(knelpunten.values_list("regulation", "sources", "team_id", "session_date"))
    per_law: dict[str, list[tuple[Any, date]]] = defaultdict(list)
    per_source: dict[str, list[tuple[Any, date]]] = defaultdict(list)
    for regulation, sources, team, day in rows:
        per_law[_law(regulation)].append((team, day))
        for source in sources or ["(geen bron)"]:
            per_source[str(source)].append((team, day))
    teams = (
        knelpunten.values("team__name")
        .annotate(n=Count("id"), since=Min("session_date"))
        .order_by("-n", "team__name")[: TOP * 4]
    )
    quarters = [
        (f"{row['q'].year}-K{(row['q'].month - 1) // 3 + 1}", row["n"], row["teams"])
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
        "total": len(rows),
        "laws": _ranked(per_law),
        "sources": _ranked(per_source),
        "teams": [{"name": t["team__name"], "n": t["n"], "since": t["since"]} for t in teams],
        "quarters": quarters,
        "themes": [
            {"id": t["group_id"], "title": t["group__title"], "text": seen_text(t["n"], t["teams"], t["since"])}
            for t in themes
        ],
    }


def _ranked(groups: dict[str, list[tuple[Any, date]]]) -> list[dict[str, Any]]:
    ranked: list[dict[str, Any]] = [
        {"name": name, "n": len(seen), "text": seen_text(len(seen), len({t for t, _ in seen}), min(d for _, d in seen))}
        for name, seen in groups.items()
    ]
    ranked.sort(key=lambda r: (-r["n"], r["name"]))
    return ranked[:TOP]


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

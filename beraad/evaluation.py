"""Evaluation as data: per team, the average evaluation score of each session over time,
with a bar per session and a sparkline, in plain Unicode block characters (any terminal
that shows beraad shows these; no plotting library needed for a dozen bars).

The averages come from the store's index (Summary.scores), so no session file is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from beraad.store.schema import ScoreAverage, Summary
from beraad.text import day_text, visible

SPARK = "▁▂▃▄▅▆▇█"
EIGHTHS = "▏▎▍▌▋▊▉█"
BAR_WIDTH = 12


@dataclass(frozen=True)
class Point:
    """One score field of one session: where a bar goes."""

    day: date
    created: str
    title: str
    method: str
    score: ScoreAverage

    @property
    def fraction(self) -> float:
        """Where the average sits on its own scale, from 0 (lowest) to 1 (highest)."""
        span = self.score.high - self.score.low
        return min(1.0, max(0.0, (self.score.average - self.score.low) / span)) if span > 0 else 0.0


def same_team(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def teams(summaries: list[Summary]) -> list[str]:
    """The teams named in the sessions, each once, in alphabetical order."""
    found: dict[str, str] = {}
    for summary in summaries:
        name = " ".join(summary.team.split())
        if name:
            found.setdefault(name.casefold(), name)
    return sorted(found.values(), key=str.casefold)


def points(summaries: list[Summary], team: str) -> list[Point]:
    """The team's scores, oldest session first."""
    found = [
        Point(s.date, s.created, s.title, f"{s.method} {s.method_version}".strip(), score)
        for s in summaries
        if same_team(s.team, team)
        for score in s.scores
    ]
    return sorted(found, key=lambda p: (p.day, p.created, p.score.step, p.score.field))


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of width characters, in eighths: 0.5 of 12 is six full blocks."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part - 1] if part else "")).ljust(width)


def sparkline(fractions: list[float]) -> str:
    return "".join(SPARK[round(max(0.0, min(1.0, f)) * (len(SPARK) - 1))] for f in fractions)


def number(value: float) -> str:
    """A score with a Dutch decimal comma: 3,5 and 4 (not 4,0)."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def report(team: str, summaries: list[Summary]) -> list[str]:
    """The lines `beraad evaluatie` prints for one team."""
    team_sessions = [s for s in summaries if same_team(s.team, team)]
    found = points(summaries, team)
    scored = len({(p.day, p.created, p.title) for p in found})
    shown_team = visible(" ".join(team_sessions[0].team.split()) if team_sessions else team)
    named = shown_team if shown_team.casefold().startswith("team") else f"team {shown_team}"
    heading = f"Evaluatie van {named}: {scored} van {len(team_sessions)} sessies met scores"
    if not found:
        return [heading, "Nog geen scores: vul ze in bij de evaluatie van een sessie."]
    labels = {p.score.label for p in found}
    lines = [heading, "", f"{'datum':<11} {'gemiddelde':<15} {'':<{BAR_WIDTH}}  sessie"]
    for point in found:
        score = point.score
        average = f"{number(score.average)} van {score.high} ({score.count}×)"
        what = f"{point.title} · {point.method}" + (f" · {score.label}" if len(labels) > 1 else "")
        lines.append(visible(f"{day_text(point.day)}  {average:<15} {bar(point.fraction)}  {what}"))
    lines += ["", f"Verloop (oud → nieuw): {sparkline([p.fraction for p in found])}"]
    return lines

"""The round clock in the top bar: elapsed against planned time, paused, or over time."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from beraad.model.session import format_clock


class RoundClock(Static):
    DEFAULT_CSS = """
    RoundClock { width: auto; padding: 0 1; }
    RoundClock.-overrun { background: $error; color: $text; text-style: bold; }
    RoundClock.-paused { background: $warning 40%; }
    """

    # layout=True: the text grows ("over tijd"), and the clock's width follows it
    elapsed: reactive[float] = reactive(0.0, layout=True)
    planned: reactive[float] = reactive(0.0, layout=True)
    total: reactive[float] = reactive(0.0, layout=True)
    planned_total: reactive[float] = reactive(0.0, layout=True)
    running: reactive[bool] = reactive(True, layout=True)
    finished: reactive[bool] = reactive(False, layout=True)  # the session is finished: its clock stands still
    overrun: reactive[bool] = reactive(False, layout=True)

    def watch_elapsed(self) -> None:
        self.overrun = self.elapsed > self.planned > 0

    def watch_planned(self) -> None:
        self.overrun = self.elapsed > self.planned > 0

    def watch_overrun(self, overrun: bool) -> None:
        self.set_class(overrun, "-overrun")

    def watch_running(self, running: bool) -> None:
        self.set_class(not running and not self.finished, "-paused")

    def watch_finished(self, finished: bool) -> None:
        self.set_class(not self.running and not finished, "-paused")

    def render(self) -> str:
        hours = max(self.elapsed, self.planned) >= 3600
        now = f"{format_clock(self.elapsed, hours)}/{format_clock(self.planned, hours)}"
        hours = max(self.total, self.planned_total) >= 3600
        total = f"totaal {format_clock(self.total, hours)}/{format_clock(self.planned_total, hours)}"
        if self.finished:
            return f"afgerond · {total}"
        if not self.running:
            return f"⏸ gepauzeerd {now} · {total}"
        if self.overrun:
            return f"⏱ {now} +{format_clock(self.elapsed - self.planned)} over tijd · {total}"
        return f"⏱ {now} · {total}"

"""The preview of a method file: the session screen on a dry-run session in memory, with a
marker that nothing is kept, following the file as the trainer edits it in another window.

`beraad methods preview FILE` runs PreviewApp. The screen polls the file's size and time
(no file-watching library: a stat twice a second is nothing); a broken edit shows its
file:line problems above the last good version.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, NoReturn

from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Static

from beraad.core.preview import MARKER, Preview
from beraad.core.services import Services
from beraad.errors import BeraadError
from beraad.text import visible
from beraad.tui.app import POLL_EVERY, BeraadApp
from beraad.tui.commands import FOCUS_KEYS, Command, bindings
from beraad.tui.errors import tell
from beraad.tui.screens.session import SessionScreen

WATCH_EVERY = 0.5  # seconds between looks at the method file
# What a dry run does not do: no verslag (it would write exports/), nothing to finish or take over
HIDDEN = ("report", "finish", "take_over", "home")


class PreviewScreen(SessionScreen):
    ACTIONS: ClassVar[list[Command]] = [
        *(c for c in SessionScreen.ACTIONS if c.action not in HIDDEN),
        Command("app.quit", "Proefweergave sluiten", "Stoppen; er is niets bewaard", "escape", "Sluiten"),
    ]
    BINDINGS: ClassVar = [*bindings(ACTIONS), *FOCUS_KEYS]
    DEFAULT_CSS = """
    PreviewScreen #preview-marker { height: 1; padding: 0 1; background: $warning; color: $text; text-style: bold; }
    PreviewScreen #preview-problems {
        height: auto; max-height: 12; padding: 0 1; background: $error 30%; display: none;
    }
    PreviewScreen.-broken #preview-problems { display: block; }
    """

    def __init__(self, preview: Preview) -> None:
        super().__init__(preview.core)
        self.preview = preview

    def compose(self) -> ComposeResult:
        yield Static(visible(f"{MARKER}  ·  {self.preview.path}"), id="preview-marker", markup=False)
        yield Static(id="preview-problems", markup=False)
        yield from super().compose()

    @on(events.Mount)
    def _watch_file(self) -> None:
        # SessionScreen.on_mount runs after this one (Textual calls the handlers of the bases too)
        self.set_interval(WATCH_EVERY, self.check_file)

    async def check_file(self) -> None:
        """Read the method file again if it changed on disk; show what happened."""
        if not self.preview.watch.changed():
            return
        self.collect()  # what was typed goes along to the new version
        outcome = self.preview.read()
        problems = self.query_one("#preview-problems", Static)
        if outcome is False:
            lines = "\n".join(map(str, self.preview.problems))
            problems.update(visible(f"Het bestand heeft een fout; hieronder staat de laatste goede versie.\n{lines}"))
            self.add_class("-broken")
            return
        self.remove_class("-broken")
        problems.update("")
        await self._show_current_step()
        self.watch_step_id()  # the same round may have a new title, the list new rounds
        self.app.notify("De methode is opnieuw ingelezen.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in HIDDEN:
            return False  # not in the footer, the key does nothing
        return super().check_action(action, parameters)

    def action_report(self) -> None:
        tell(self, "De proefweergave maakt geen verslag: er wordt niets bewaard of geëxporteerd.", "information")

    def action_finish(self) -> None:
        tell(self, "Dit is de laatste stap van de methode. Sluit de proefweergave met Esc.", "information")


class PreviewApp(BeraadApp):
    TITLE = "beraad — proefweergave"

    def __init__(self, preview: Preview, services: Services) -> None:
        super().__init__(services)
        self.preview = preview

    @property
    def store(self) -> NoReturn:
        """The app's store is sessions/: a preview never touches it (its session is in memory)."""
        raise BeraadError("De proefweergave bewaart niets in sessions/.")

    @on(events.Mount)
    def _show_preview(self, event: events.Mount) -> None:
        event.prevent_default()  # not BeraadApp.on_mount: no overview, no scan of sessions/
        self.push_screen(PreviewScreen(self.preview))
        self.set_interval(POLL_EVERY, self.services.sessions.poll)  # the autosave, into memory

    def leave_session(self, screen: SessionScreen) -> None:
        self.services.close()
        self.exit(0)

    def kept_where(self) -> str:
        return "Het was een proefweergave: er was niets te bewaren."


def preview_app(path: Path, services: Services) -> PreviewApp:
    """The app for `beraad methods preview`; raises datafile.DataFileError for a file that
    cannot be used at all (there is no last good version yet)."""
    return PreviewApp(Preview(path, services), services)

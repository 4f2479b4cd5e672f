"""The room panel: the team screen for the beamer and the write-first round on phones,
switched on and off by the facilitator. It shows what Room says and passes every choice
on to it; the QR code is drawn in half blocks, dark on light, so phones can read it."""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core.session import OpenSession
from beraad.errors import BeraadError
from beraad.room import qr
from beraad.room.room import Room
from beraad.text import visible
from beraad.tui.commands import Command, bindings
from beraad.tui.errors import tell
from beraad.tui.screens.dialogs import ConfirmScreen, Dialog

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

PLAIN_HTTP = (
    "Op het lokale netwerk kan iedereen op hetzelfde netwerk die het adres kent het teamscherm en de "
    "schrijfronde openen, en alles gaat onversleuteld (gewoon HTTP): op een gedeelde wifi (gasten, hotel, "
    "congres) kan een ander meelezen wat de deelnemers schrijven. Zet dit alleen aan op een netwerk dat je "
    "vertrouwt. Aanzetten?"
)


class RoomScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command(
            "team", "Teamscherm aan of uit", "Een pagina voor de beamer die de ronde live volgt", "t", "Teamscherm"
        ),
        Command("writing", "Schrijfronde openen", "Eerst schrijven, dan praten: op de telefoons", "s", "Schrijfronde"),
        Command("reveal", "Onthullen", "Alle antwoorden tegelijk op het teamscherm en in de sessie", "o", "Onthullen"),
        Command("names", "Namen tonen of verbergen", "Namen van mensen op het teamscherm", "n", "Namen"),
        Command("network", "Lokaal netwerk aan of uit", "Telefoons bereiken de laptop via wifi", "l", "Netwerk"),
        Command("report", "Verslag op het teamscherm", "Het geanonimiseerde concept om samen te lezen", "v", "Verslag"),
        Command("release", "Keuze vrijgeven", "Een telefoon koos de verkeerde naam", "x", ""),
        Command("page_down", "Verslag: volgende pagina", "Het verslag op het teamscherm verder", "pagedown", ""),
        Command("page_up", "Verslag: vorige pagina", "Het verslag op het teamscherm terug", "pageup", ""),
        Command("browser", "Teamscherm openen", "In de browser van deze laptop (voor de beamer)", "b", ""),
        Command("back", "Terug naar de ronde", "Het teamscherm blijft aan", "escape", "Terug"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS)]
    DEFAULT_CSS = """
    RoomScreen #room-body { height: 1fr; }
    RoomScreen #room-status { width: 1fr; padding: 0 1; }
    RoomScreen #room-qr { width: auto; height: auto; color: black; background: white; margin: 0 1; }
    """

    app: BeraadApp

    def __init__(self, core: OpenSession, room: Room) -> None:
        super().__init__()
        self.core, self.room = core, room
        self._unwatch = room.watch(self._show)

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-body"):
            yield VerticalScroll(Static(id="room-status"))
            yield Static(id="room-qr")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._shown = True
        self._show()

    def on_unmount(self) -> None:
        self._shown = False
        self._unwatch()

    # What the panel shows

    _shown = False  # composed: the panel can be filled in

    def _show(self) -> None:
        if not self._shown:
            return
        room, session = self.room, self.core.session
        text = Text()
        text.append("Teamscherm en telefoons\n\n", style="bold")
        url = room.team_url if room.team_on else None
        _line(text, "Teamscherm", "aan" if url else "uit", "t")
        if url:
            text.append(f"{url}\n", style="underline")
        _line(text, "Namen", "op het teamscherm" if room.names_allowed else "vervangen, zoals in het verslag", "n")
        _line(text, "Netwerk", f"lokaal netwerk ({room.lan}), onversleuteld" if room.lan else "alleen deze laptop", "l")
        shown = (
            f"op het teamscherm, pagina {room.report_page + 1} (PgUp/PgDn)"
            if room.report_html is not None
            else "niet getoond"
        )
        _line(text, "Verslag", shown, "v")
        text.append("\n")
        writing = room.writing
        if writing is not None and writing.is_open:
            title = session.method.step(writing.step_id).title
            done = writing.written()
            text.append(f"Schrijfronde {visible(title)}: ", style="bold")
            text.append(f"{len(done)} van {len(writing.participants)} geschreven. Onthullen: o\n")
            if room.phone_url:
                text.append("Telefoons: scan de code of typ ", style="dim")
                text.append(f"http://{room.phone_url.removeprefix('HTTP://')}\n", style="underline")
            written = {p.id for p in done}
            for participant in writing.participants:
                mark = "✓" if participant.id in written else "·"
                text.append(f"  {mark} {visible(participant.name)}\n", style="" if participant.id in written else "dim")
            text.append("\nWie geen telefoon heeft, vult het formulier op de laptop in, zoals altijd.\n", style="dim")
            if not room.lan:
                text.append("Telefoons bereiken deze laptop pas als het lokale netwerk aan staat (l).\n", style="bold")
        elif writing is not None:
            count = len(writing.revealed or [])
            text.append(f"Onthuld: {count} antwoord{'en' if count != 1 else ''}, op het teamscherm en in de sessie.\n")
        elif room.offers_writing:
            text.append("Deze ronde: eerst schrijven, dan praten. Open de schrijfronde met s.\n")
        else:
            text.append("De methode biedt in deze ronde geen schrijfronde aan.\n", style="dim")
        if room.problem:
            text.append(f"\n{visible(room.problem)}\n", style="bold red")
        if not room.listening:
            text.append("\nDe laptop luistert nu niet: er is geen pagina nodig.\n", style="dim")
        self.query_one("#room-status", Static).update(text)
        code = self.query_one("#room-qr", Static)
        phone = room.phone_url
        code.display = phone is not None
        if phone is not None:
            code.update("\n".join(qr.half_blocks(phone)))

    # Choices

    async def action_team(self) -> None:
        await self._try(self.room.show_team(not self.room.team_on))
        if self.room.team_on:
            tell(self, "Het teamscherm staat aan. Open het adres op de laptop aan de beamer (b).", "information")

    def action_names(self) -> None:
        self.room.allow_names(not self.room.names_allowed)

    async def action_network(self) -> None:
        if self.room.lan:
            await self._network(False)
            return
        self.app.push_screen(ConfirmScreen(PLAIN_HTTP, yes="Aanzetten", no="Niet doen"), self._network)

    async def _network(self, on: bool | None) -> None:
        if on is not None:
            await self._try(self.room.use_network(on))

    async def action_writing(self) -> None:
        self.collect_session()
        await self._try(self.room.open_round())

    async def action_reveal(self) -> None:
        writing = self.room.writing
        if writing is None or not writing.is_open:
            tell(self, "Er is geen schrijfronde open. Open er een met s.", "warning")
            return
        missing = len(writing.participants) - len(writing.written())
        if missing:
            question = (
                f"{missing} van {len(writing.participants)} deelnemers hebben nog niets verstuurd. Toch onthullen? "
                "Wat zij nog schrijven, komt er dan niet meer bij."
            )
            self.app.push_screen(ConfirmScreen(question, yes="Onthullen", no="Wachten"), self._reveal)
        else:
            await self._reveal(True)

    async def _reveal(self, go: bool | None) -> None:
        if not go:
            return
        try:
            count = await self.room.reveal()
        except BeraadError as error:
            tell(self, str(error))
            return
        tell(
            self,
            f"{count} afweging{'en' if count != 1 else ''} onthuld: op het teamscherm (zonder namen, in willekeurige "
            "volgorde) en in de sessie. De ronde gaat verder zoals altijd.",
            "information",
        )

    async def action_report(self) -> None:
        showing = self.room.report_html is not None
        if not showing:
            tell(self, "Het verslag wordt gemaakt…", "information")
        await self._try(self.room.show_report(not showing))

    def action_release(self) -> None:
        writing = self.room.writing
        taken = [seat for seat in writing.seats() if seat.taken] if writing and writing.is_open else []
        if not taken:
            tell(self, "Geen telefoon heeft nu een naam gekozen.", "warning")
            return
        names = {p.id: p.name for p in writing.participants} if writing else {}
        self.app.push_screen(ReleaseDialog([(seat.id, names[seat.id]) for seat in taken]), self._release)

    def _release(self, participant_id: str | None) -> None:
        if participant_id:
            self.room.release(participant_id)
            tell(self, "Vrijgegeven: die deelnemer kan opnieuw zijn of haar naam kiezen.", "information")

    def action_page_down(self) -> None:
        self.room.turn_page(+1)

    def action_page_up(self) -> None:
        self.room.turn_page(-1)

    def action_browser(self) -> None:
        url = self.room.team_url if self.room.team_on else None
        if url is None:
            tell(self, "Zet eerst het teamscherm aan (t).", "warning")
            return
        if not webbrowser.open(url):
            tell(self, f"Geen browser gevonden. Open dit adres zelf: {url}", "warning")

    def action_back(self) -> None:
        self.dismiss(None)

    def collect_session(self) -> None:
        """Typing in the round is in the session before a write-first round starts."""
        self.core.save()

    async def _try(self, step: object) -> None:
        try:
            await step  # type: ignore[misc]
        except BeraadError as error:
            tell(self, str(error))
        except OSError as error:
            from beraad.errors import os_reason, with_log

            tell(self, with_log(f"Het teamscherm kan niet starten: {os_reason(error)}.", error, "room"))
        self._show()


class ReleaseDialog(Dialog[str | None]):
    """Which participant's choice to free (what that phone wrote goes too)."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Terug")]

    def __init__(self, taken: list[tuple[str, str]]) -> None:
        super().__init__()
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Welke keuze geef je vrij? Wat die telefoon schreef, vervalt.", markup=False)
            yield OptionList(*[Option(visible(name), id=pid) for pid, name in self.taken], id="release-choice")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _line(text: Text, what: str, state: str, key: str) -> None:
    text.append(f"{what:<11}", style="bold")
    text.append(visible(state))
    text.append(f"  ({key})\n", style="dim")

"""The room: a team screen for the beamer and a write-first round on the participants'
phones, served by a small aiohttp server on the app's own asyncio loop.

Imported only when the facilitator switches the room on (the app's start-up never
imports this package, aiohttp or segno). Nothing here imports Textual: the TUI shows
what Room says.
"""

"""What the first screen costs: the overview paints before the heavy parts are imported,
and the web stacks (the room, the municipality server) are never imported by the app
unless switched on. Checked in a fresh interpreter, as a user starts beraad."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

FIRST_PAINT = textwrap.dedent(
    """
    import asyncio, json, os, sys
    from pathlib import Path
    from beraad.core.services import Services
    from beraad.tui import preload
    from beraad.tui.app import BeraadApp
    from beraad.workspace import Workspace

    preload.Preload.start = lambda self: None  # look at the first paint alone
    from beraad.cli import _parser
    _parser()  # as `beraad` starts: the command line is read first (it imported pydantic once)

    async def main():
        app = BeraadApp(Services(Workspace(Path(sys.argv[1]))))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            print(json.dumps(sorted(sys.modules)), flush=True)
            os._exit(0)  # the first paint is what counts: the background work never started

    asyncio.run(main())
    """
)

HEAVY = ("pydantic", "tinydb", "jinja2", "deduce", "rapidfuzz", "wordfreq", "sqlite3")
NEVER = ("django", "aiohttp", "segno", "psycopg", "playwright", "beraad.room")
# the command line names the server's commands (beraad.server.cli, argparse alone); nothing more of it


def test_the_first_screen_imports_nothing_heavy_and_no_web_stack(workspace):
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(workspace.root)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    for heavy in (*HEAVY, *NEVER):
        assert heavy not in modules, f"{heavy} is imported before the first screen"
    server = {m for m in modules if m.startswith("beraad.server")} - {"beraad.server", "beraad.server.cli"}
    assert not server, f"{server} imported before the first screen"


def test_the_command_line_starts_without_django() -> None:
    """`beraad server` is parsed by the laptop's command line; only a server command loads Django."""
    script = (
        "import sys\n"
        "import beraad.cli, beraad.core.register\n"
        "beraad.cli._parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', 'psycopg', 'gunicorn'))"
        " or m.startswith('beraad.server.') and m != 'beraad.server.cli')\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == ""

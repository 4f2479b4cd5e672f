"""The laptop app's start-up imports neither Django nor the server (nor the room)."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_and_the_cli_start_without_django() -> None:
    script = (
        "import sys\n"
        "import beraad.cli, beraad.tui.app, beraad.core.register\n"
        "beraad.cli._parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', 'psycopg', 'gunicorn'))"
        " or m.startswith('beraad.server.') and m != 'beraad.server.cli')\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == ""

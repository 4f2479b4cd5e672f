"""A privacy officer's findings, driven as a user would: the `beraad` command line on a
workspace on disk, then the exported files or the printed JSON are read back and
searched for what was planted. The rules themselves are tested in the core
(test_anonymise_privacy.py)."""

from __future__ import annotations

import io
import sys

from .conftest import run_cli


def test_anonymise_ends_its_output_with_a_line_end(capsys, workspace, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde"))  # no line end typed
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Mevrouw Yilmaz belde\n"))
    code, out, _ = run_cli(capsys, "anonymise", "-", workspace=workspace)
    assert code == 0 and out == "[persoon 1] belde\n"  # not two

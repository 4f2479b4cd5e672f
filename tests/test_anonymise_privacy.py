"""The rules behind a privacy officer's findings, in the core: what the anonymiser and
the gate do with names in any case, relatives, typos, ages, numbers and brackets.
The same findings driven through the command line are in test_privacy_cli.py."""

from __future__ import annotations

import io

from beraad.anonymise import gate


def test_text_printed_through_the_gate_ends_with_one_line_end():
    for text, printed in [("klaar", "klaar\n"), ("klaar\n", "klaar\n"), ("", "")]:
        stream = io.StringIO()
        gate.print_text(text, gate.Guard(), stream)
        assert stream.getvalue() == printed

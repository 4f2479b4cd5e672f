"""The route map beheer keeps on the server becomes the laptop's (routes.toml), unless the
workspace has one written by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beraad import settings
from beraad.core import sync
from tests.server.conftest import make_addressee, make_team
from tests.server.events_of import Laptop


def test_the_server_route_map_becomes_the_workspace_s_unless_it_has_its_own(
    live_server: Any, db: str, tmp_path: Path
) -> None:
    addressee = make_addressee(weeks=5)
    _, code = make_team()
    client = sync.Client(live_server.url)
    client.token, _ = client.pair(code, Laptop().origin)
    sync._store_routes(client, tmp_path)
    routes = {r.addressee: r for r in settings.routes(tmp_path).routes}  # as the laptop reads its route map
    assert routes[addressee.name].feedback_weeks == 5
    own = tmp_path / "elders"
    own.mkdir()
    (own / "routes.toml").write_text('[[routes]]\nadressaat = "eigen adressaat"\n', encoding="utf-8")
    sync._store_routes(client, own)
    assert [r.addressee for r in settings.routes(own).routes] == ["eigen adressaat"]

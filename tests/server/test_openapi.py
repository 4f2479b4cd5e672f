"""The laptop API against its OpenAPI description, with schemathesis against the running
server (gunicorn): every answer has the documented shape and status, nothing is a 5xx."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.server.conftest import make_team


@pytest.fixture
def api_schema(live_server: Any, db: str) -> Any:
    from beraad.server import access

    _, code = make_team()
    _, token = access.pair(code, uuid.uuid4())
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    schema.config.base_url = live_server.url
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_description(case: Any) -> None:
    case.call_and_validate()

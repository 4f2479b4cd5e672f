"""The OpenAPI description of the laptop API (served at /api/v1/openapi.json and tested
against the running server with schemathesis)."""

from __future__ import annotations

from typing import Any

UUID = {"type": "string", "format": "uuid"}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "Wat er mis is, in het Nederlands."}},
}
EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "knelpunt", "origin", "seq", "kind", "recorded_at", "data"],
    "properties": {
        "id": {**UUID, "description": "Gemaakt waar het gebeurde; sleutel voor idempotentie."},
        "knelpunt": UUID,
        "origin": {**UUID, "description": "De werkmap (of server) die het maakte."},
        "seq": {"type": "integer", "minimum": 1, "maximum": 2**62 - 1, "description": "1, 2, 3 … per herkomst."},
        "kind": {
            "type": "string",
            "enum": ["agreed", "step", "correction", "withdrawal", "reference", "owner", "group", "route"],
        },
        "recorded_at": {"type": "string", "format": "date-time"},
        "author": {
            "type": "object",
            "description": "Wie het vastlegde: {role, user}; laptops sturen een rol, nooit een naam.",
        },
        "data": {"type": "object", "description": "Per soort; zie docs/architecture.md."},
    },
}


def _error_responses(*codes: int) -> dict[str, Any]:
    texts = {
        400: "Ongeldig verzoek",
        401: "Geen of een ongeldige sleutel",
        403: "Geweigerd",
        405: "Methode niet toegestaan",
        413: "Te groot",
        429: "Te veel verzoeken",
    }
    return {
        str(code): {"description": texts[code], "content": {"application/json": {"schema": ERROR}}} for code in codes
    }


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "beraad knelpuntenregister: laptop-API",
        "version": "1",
        "description": "Laptops van teams koppelen, sturen gebeurtenissen van vastgestelde knelpunten en halen "
        "antwoorden op. Alleen geanonimiseerde tekst.",
    },
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"team": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Event": EVENT, "Error": ERROR},
    },
    "paths": {
        "/api/v1/koppel": {
            "post": {
                "operationId": "koppel",
                "summary": "Ruil een eenmalige koppelcode voor een teamsleutel.",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["code", "origin"],
                                "properties": {"code": {"type": "string", "maxLength": 100}, "origin": UUID},
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Gekoppeld",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["token", "team"],
                                    "properties": {"token": {"type": "string"}, "team": {"type": "string"}},
                                }
                            }
                        },
                    },
                    **_error_responses(400, 403, 405, 413, 429),
                },
            }
        },
        "/api/v1/events": {
            "post": {
                "operationId": "push",
                "summary": "Stuur gebeurtenissen; idempotent per id.",
                "security": [{"team": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["events"],
                                "properties": {"events": {"type": "array", "maxItems": 500, "items": EVENT}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Verwerkt",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["accepted", "duplicates", "refused", "references"],
                                    "properties": {
                                        "accepted": {"type": "array", "items": {"type": "string"}},
                                        "duplicates": {"type": "array", "items": {"type": "string"}},
                                        "refused": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["id", "reason"],
                                                "properties": {"id": {"type": "string"}, "reason": {"type": "string"}},
                                            },
                                        },
                                        "references": {"type": "object", "additionalProperties": {"type": "string"}},
                                    },
                                }
                            }
                        },
                    },
                    **_error_responses(400, 401, 405, 413, 429),
                },
            },
            "get": {
                "operationId": "pull",
                "summary": "Haal de gebeurtenissen van de eigen knelpunten op, vanaf een cursor.",
                "security": [{"team": []}],
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "schema": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1},
                    },
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
                ],
                "responses": {
                    "200": {
                        "description": "Gebeurtenissen na de cursor",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["events", "next", "more"],
                                    "properties": {
                                        "events": {
                                            "type": "array",
                                            "items": {
                                                **EVENT,
                                                "required": [*EVENT["required"], "server_seq"],
                                                "properties": {
                                                    **EVENT["properties"],
                                                    "server_seq": {"type": "integer"},
                                                },
                                            },
                                        },
                                        "next": {"type": "integer"},
                                        "more": {"type": "boolean"},
                                    },
                                }
                            }
                        },
                    },
                    **_error_responses(400, 401, 405, 429),
                },
            },
        },
        "/api/v1/routes": {
            "get": {
                "operationId": "routes",
                "summary": "De routekaart: de adressaten die de laptop aanbiedt.",
                "security": [{"team": []}],
                "responses": {
                    "200": {
                        "description": "Adressaten",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["routes"],
                                    "properties": {
                                        "routes": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["adressaat", "binnen_weken"],
                                                "properties": {
                                                    "adressaat": {"type": "string"},
                                                    "omschrijving": {"type": "string"},
                                                    "binnen_weken": {"type": "integer"},
                                                },
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    },
                    **_error_responses(401, 405, 429),
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "Deze beschrijving.",
                "security": [],
                "responses": {"200": {"description": "OpenAPI", "content": {"application/json": {}}}},
            }
        },
    },
}

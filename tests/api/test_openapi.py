"""The OpenAPI document describes what the app answers: every operation lists its problems as
`application/problem+json`, GeoJSON answers carry their schema, a method a path does not take
is 405 naming every method it does."""

from __future__ import annotations

import httpx
import pytest

from api.main import create_app
from api.settings import Settings

DOCUMENT = create_app(Settings(secret_key="x" * 40)).openapi()  # type: ignore[arg-type]
OPERATIONS = [
    (path, method, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS)
def test_every_operation_documents_its_problems(
    path: str, method: str, operation: dict[str, object]
) -> None:
    responses = operation["responses"]
    assert isinstance(responses, dict)
    for code in ("401", "403", "422"):
        assert code in responses, (method, path, code)
    for code, entry in responses.items():
        if code[0] in "45":
            assert list(entry["content"]) == ["application/problem+json"], (method, path, code)
        for media, body in entry.get("content", {}).items():
            assert (
                body.get("schema") not in (None, {"type": "string"})
                or "xml" in media
                or (media.startswith("text/"))
            ), (method, path, code, media)
    if method in ("post", "put", "patch"):
        assert "413" in responses


def test_no_validation_error_schema_of_another_shape_is_left() -> None:
    assert "HTTPValidationError" not in DOCUMENT["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/api/v1/zones", "GET, POST"),
        ("PUT", "/api/v1/services", "GET, POST"),
        ("TRACE", "/api/v1/imports", "GET, POST"),
        ("DELETE", "/api/v1/alerts/00000000-0000-0000-0000-000000000000.cap", "GET"),
    ],
)
async def test_a_method_a_path_does_not_take_is_405_naming_those_it_does(
    client: httpx.AsyncClient, method: str, path: str, allowed: str
) -> None:
    response = await client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
async def test_a_write_to_a_search_path_is_405_not_a_login_request(
    client: httpx.AsyncClient, method: str
) -> None:
    response = await client.request(method, "/api/v1/services/nearest")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_the_credentials_are_described() -> None:
    schemes = DOCUMENT["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer"
    assert schemes["session"]["name"] == "maraude_session"
    for _, _, operation in OPERATIONS:
        assert {"bearer": []} in operation["security"]
